"""Compiled (lambdified) couplings against sympy substitution at seeded random points."""
import numpy as np
import pytest
import sympy as sp

from zprime_sym.evaluate.compile import _compile, compile_couplings
from zprime_sym.constants import constants
from zprime_sym.model.couplings import COUPLING_NAMES
from zprime_sym.derive.gauge import cw, e, sw
from zprime_sym.exceptions import InputError
from zprime_sym.model.loader import load_model, resolve_model_path

MODELS = ["sm_u1", "nhdm_u1", "froggatt_nielsen", "lmu_ltau", "dark_photon", "model_independent", "b_minus_l",
          "le_lmu", "susy_lmu_ltau"]


@pytest.mark.parametrize("name", MODELS)
def test_compiled_matches_sympy(derived, name):
    d = derived(name)
    f = compile_couplings(d)
    rng = np.random.default_rng(20261122)
    c = constants()
    consts = {e: c.e, sw: c.sw, cw: c.cw}
    symbols = {s.name: s for s in d.coupling_parameters}
    points = {p: rng.uniform(0.1, 3.0, size=5) * rng.choice([-1, 1], size=5) for p in f.parameters}
    if "tan_beta" in points:
        points["tan_beta"] = np.abs(points["tan_beta"])
    out = f(**points)
    for k in range(5):
        subs = {symbols[p]: points[p][k] for p in f.parameters}
        subs.update(consts)
        for n in COUPLING_NAMES:
            ref = float(sp.sympify(d.couplings[n]).xreplace(subs))
            assert out[n][k] == pytest.approx(ref, rel=1e-12, abs=1e-15)


def test_compiled_is_cached_and_validates(derived):
    d = derived("froggatt_nielsen")
    assert compile_couplings(d) is compile_couplings(d)
    f = compile_couplings(d)
    with pytest.raises(InputError, match="values needed"):
        f(gp=1.0)


def _copy(tmp_path, name, text):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_cache_is_keyed_by_content(tmp_path):
    """Identical content at two paths: one compilation (a cache hit); one charge changed: a miss, new numbers."""
    # a marker comment makes the content unique to this test, so the first compilation is a miss even if the
    # shipped lmu_ltau was compiled earlier in the session
    text = resolve_model_path("lmu_ltau").read_text() + f"\n# compile-cache test {tmp_path.name}\n"
    first, second = load_model(_copy(tmp_path, "a.toml", text)), load_model(_copy(tmp_path, "sub/b.toml", text))
    assert first.source != second.source and first.content_hash == second.content_hash
    d1, d2 = first.derive(), second.derive()
    assert d1 is not d2
    before = _compile.cache_info()
    f1 = compile_couplings(d1)
    mid = _compile.cache_info()
    f2 = compile_couplings(d2)
    after = _compile.cache_info()
    assert (mid.misses - before.misses, mid.hits - before.hits) == (1, 0)
    assert (after.misses - mid.misses, after.hits - mid.hits) == (0, 1)
    assert f2 is f1

    # the muon's U(1)' charge 1 -> 2 (doublet and singlet, so the Yukawa stays invariant)
    edited_text = text.replace("mu = 1, tau = -1", "mu = 2, tau = -1")
    assert edited_text.count("mu = 2, tau = -1") == 2
    edited = load_model(_copy(tmp_path, "c.toml", edited_text))
    assert edited.content_hash != first.content_hash
    f3 = compile_couplings(edited.derive())
    last = _compile.cache_info()
    assert (last.misses - after.misses, last.hits - after.hits) == (1, 0)
    assert f3 is not f1 and f3.content_hash == edited.content_hash
    # with no kinetic mixing the muon couplings double, the tau ones do not change
    old, new = f1(gp=1e-3, gt=0.0), f3(gp=1e-3, gt=0.0)
    assert new["CV_mu"] == pytest.approx(2e-3, rel=1e-14) and old["CV_mu"] == pytest.approx(1e-3, rel=1e-14)
    assert new["Cnu_mu"] == pytest.approx(2 * old["Cnu_mu"], rel=1e-14)
    assert new["CV_tau"] == pytest.approx(old["CV_tau"], rel=1e-14) and new["CV_tau"] == pytest.approx(-1e-3, rel=1e-14)
