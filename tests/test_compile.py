"""Compiled (lambdified) couplings against sympy substitution at seeded random points."""
import numpy as np
import pytest
import sympy as sp

from zprime_sym.compile import compile_couplings
from zprime_sym.constants import constants
from zprime_sym.couplings import COUPLING_NAMES
from zprime_sym.derive.gauge import cw, e, sw
from zprime_sym.exceptions import InputError

MODELS = ["sm_u1", "nhdm_u1", "froggatt_nielsen", "lmu_ltau", "dark_photon", "model_independent", "b_minus_l"]


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
