"""On-disk cache of generated code and printed derivations (zprime_sym/diskcache.py) and the
safety of generated code (dummy argument names, evaluate/compile.py).

Each test points ZPRIME_SYM_CACHE_DIR at its own temporary directory (the session default from
conftest.py is a temporary directory too), so hits and misses are those of the test alone."""
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from zprime_sym import diskcache
from zprime_sym.evaluate.compile import function_from_source, numpy_source


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ZPRIME_SYM_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ZPRIME_SYM_NO_CACHE", raising=False)
    return tmp_path / "cache"


def test_location_and_switch(tmp_path, monkeypatch):
    monkeypatch.delenv("ZPRIME_SYM_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert diskcache.cache_dir() == tmp_path / "xdg" / "zprime_sym"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert diskcache.cache_dir() == Path.home() / ".cache" / "zprime_sym"
    monkeypatch.setenv("ZPRIME_SYM_CACHE_DIR", str(tmp_path / "own"))
    monkeypatch.setenv("ZPRIME_SYM_NO_CACHE", "1")
    assert not diskcache.store("t", "k", "x") and diskcache.load("t", "k") is None
    assert not (tmp_path / "own").exists()


def test_store_load_and_corruption(cache):
    key = diskcache.make_key("test", b"declaration")
    assert diskcache.load("test", key) is None  # miss
    assert diskcache.store("test", key, "payload é")
    assert diskcache.load("test", key) == "payload é"  # hit
    assert diskcache.load("other", key) is None and diskcache.load("test", "0" * 64) is None
    path = next(cache.glob("test-*.json"))
    doc = json.loads(path.read_text())
    doc["payload"] = "payload e"  # changed text, stale checksum: not trusted
    path.write_text(json.dumps(doc))
    assert diskcache.load("test", key) is None
    path.write_text(path.read_text()[:20])  # truncated file
    assert diskcache.load("test", key) is None
    assert not list(cache.glob(".*.tmp"))  # no temporary left behind


def test_key_changes_with_declaration_and_version(monkeypatch):
    base = diskcache.make_key("k", b"model A")
    assert diskcache.make_key("k", b"model A") == base
    assert diskcache.make_key("k", b"model B") != base
    monkeypatch.setattr(diskcache, "package_version", lambda: "999.0")
    assert diskcache.make_key("k", b"model A") != base


def test_susy_matrices_miss_hit_version_and_corruption(cache, monkeypatch):
    from zprime_sym.susy import compiled

    decl = compiled.default_declaration()
    compiled.compiled_matrices.cache_clear()  # the in-memory cache; the disk one is empty (fresh dir)
    first = compiled.compiled_matrices(decl)
    assert not first.from_disk_cache
    args = {n: np.array([1.3 + 0.1 * i, 0.7 + 0.05 * i]) for i, n in enumerate(first.argument_names)}
    compiled.compiled_matrices.cache_clear()
    second = compiled.compiled_matrices(decl)
    assert second.from_disk_cache  # a new process would see exactly this
    np.testing.assert_array_equal(first.neutralino(args), second.neutralino(args))
    for fl in first.slepton:
        np.testing.assert_array_equal(first.slepton[fl](args), second.slepton[fl](args))
    # a new package version is a different key: rebuilt, not reused
    key = compiled.cache_key(decl)
    monkeypatch.setattr(diskcache, "package_version", lambda: "999.0")
    assert compiled.cache_key(decl) != key and diskcache.load("susy-matrices", compiled.cache_key(decl)) is None
    monkeypatch.undo()
    monkeypatch.setenv("ZPRIME_SYM_CACHE_DIR", str(cache))
    # corrupt one byte of the stored source: detected, rebuilt silently, entry rewritten
    path = cache / f"susy-matrices-{key}.json"
    text = path.read_text()
    i = text.index("numpy.sqrt")
    path.write_text(text[:i] + "numpy.exp" + text[i + len("numpy.sqrt"):])
    compiled.compiled_matrices.cache_clear()
    third = compiled.compiled_matrices(decl)
    assert not third.from_disk_cache
    np.testing.assert_array_equal(first.neutralino(args), third.neutralino(args))
    assert diskcache.load("susy-matrices", key) is not None
    compiled.compiled_matrices.cache_clear()


def _cli(args, env):
    return subprocess.Popen([sys.executable, "-m", "zprime_sym.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def test_two_processes_fill_the_cache_at_once(cache):
    env = {**os.environ, "ZPRIME_SYM_CACHE_DIR": str(cache)}
    procs = [_cli(["derive", "sm_u1", "--json", "--verbose"], env) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    assert outs[0][0] == outs[1][0] and json.loads(outs[0][0])["model"] == "sm_u1"
    entries = list(cache.glob("derive-*.json"))
    assert len(entries) == 1 and not list(cache.glob(".*.tmp"))
    again = _cli(["derive", "sm_u1", "--json", "--verbose"], env)
    out, err = again.communicate(timeout=120)
    assert "cache: derivation: hit" in err and out == outs[0][0]
    code = ("import sys, io, contextlib; from zprime_sym.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()): rc = main(['derive', 'sm_u1', '--json'])\n"
            "print(rc, 'sympy' in sys.modules)")
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert warm.stdout.split() == ["0", "False"], warm.stderr  # a cache hit never imports sympy
    nocache = _cli(["derive", "sm_u1", "--json"], {**env, "ZPRIME_SYM_NO_CACHE": "1"})
    assert nocache.communicate(timeout=120)[0] == out  # same text as a derivation without any cache


def test_edited_model_file_rebuilds(cache, tmp_path):
    from zprime_sym.model.loader import resolve_model_path

    model = tmp_path / "m.toml"
    model.write_text(resolve_model_path("lmu_ltau").read_text())
    env = {**os.environ, "ZPRIME_SYM_CACHE_DIR": str(cache)}
    first = _cli(["derive", str(model), "--json", "--verbose"], env).communicate(timeout=120)
    assert "miss" in first[1]
    model.write_text(model.read_text().replace("mu = 1, tau = -1", "mu = 2, tau = -1"))
    second = _cli(["derive", str(model), "--json", "--verbose"], env).communicate(timeout=120)
    assert "miss" in second[1] and second[0] != first[0]


def test_concurrent_store_of_one_entry(cache):
    """Many writers racing on one key: every write succeeds, the entry always loads whole."""
    code = ("import sys; from zprime_sym import diskcache as d\n"
            "ok = all(d.store('race', 'k', 'x' * 100000) for _ in range(40))\n"
            "sys.exit(0 if ok else 1)\n")
    env = {**os.environ, "ZPRIME_SYM_CACHE_DIR": str(cache)}
    procs = [subprocess.Popen([sys.executable, "-c", code], env=env) for _ in range(3)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    assert diskcache.load("race", "k") == "x" * 100000


def test_generated_code_cannot_be_shadowed_by_module_named_symbols():
    """Symbols named numpy, math, builtins, sqrt, exp, abs, x0 (a cse name) are arguments like any other:
    the printed source names none of them, and the numbers equal sympy's own evaluation."""
    names = ["numpy", "math", "builtins", "sqrt", "exp", "abs", "x0", "pi"]
    syms = [sp.Symbol(n, positive=True) for n in names]
    s = dict(zip(names, syms))
    exprs = [sp.sqrt(s["numpy"]) + s["math"] * sp.exp(s["builtins"]),
             sp.Abs(s["sqrt"] - 3) * s["exp"] + sp.sqrt(s["abs"] * s["x0"]) + sp.pi * s["pi"],
             sp.sqrt(s["numpy"]) * sp.exp(s["builtins"])]
    source = numpy_source(syms, exprs)
    header = source.splitlines()[0]
    assert all(n not in header.replace("_zprime_generated", "") .replace("_zarg", "") for n in names)
    f = function_from_source(source)
    values = [4.0, 2.0, 0.5, 1.5, 3.0, 2.5, 0.4, 1.1]
    got = f(*[np.array([v]) for v in values])
    for expr, value in zip(exprs, got):
        ref = float(expr.xreplace(dict(zip(syms, values))))
        assert float(np.ravel(value)[0]) == pytest.approx(ref, rel=1e-14)  # double rounding only
    with pytest.raises(ValueError, match="not arguments"):
        numpy_source(syms[:1], exprs)


def test_codata_values_cached_exactly(cache):
    """zprime_sym.constants reads its CODATA inputs from scipy.constants once per scipy version; the
    cached floats are scipy's exactly, and a corrupted entry is read from scipy again."""
    import scipy.constants as sc

    from zprime_sym import constants as constants_module

    constants_module.codata_values.cache_clear()
    try:
        first = constants_module.codata_values()
        assert first == {n: sc.physical_constants[n][0] for n in constants_module.CODATA_NAMES}
        path = next(cache.glob("codata-*.json"))
        constants_module.codata_values.cache_clear()
        assert constants_module.codata_values() == first  # from the cache
        path.write_text(path.read_text().replace("0.0072973", "0.0072974"))  # stale checksum: not trusted
        constants_module.codata_values.cache_clear()
        assert constants_module.codata_values() == first
    finally:
        constants_module.codata_values.cache_clear()


def test_two_sided_z_is_the_normal_quantile():
    from scipy.special import ndtri

    from zprime_sym.constraints.neutrino_scattering import two_sided_z

    for cl in (0.68, 0.90, 0.95, 0.99):
        assert two_sided_z(cl) == pytest.approx(float(ndtri(0.5 + cl / 2.0)), rel=1e-15)
    assert two_sided_z(0.95) == pytest.approx(1.959963984540054, rel=1e-15)
