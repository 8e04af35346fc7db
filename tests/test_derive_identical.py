"""The gauge sector's targeted factorisation (derive/gauge.py: factor_linear) gives exactly sympy's
``factor()`` on every expression it is handed while deriving each shipped model (and a 3-doublet
model, where the linear and the x^2 shortcuts are both used), so the derived expressions are unchanged:
compared as strings and as a sympy difference. Reference: sympy.factor itself (an independent, general
multivariate factorisation)."""
import sys
from pathlib import Path

import sympy as sp
import pytest

import zprime_sym.derive.couplings as couplings_module
import zprime_sym.derive.gauge as gauge_module
from zprime_sym.model.loader import load_model, load_model_text, shipped_models

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_derive import nhdm_text  # noqa: E402  (the N-doublet models of the benchmark)


@pytest.fixture(autouse=True)
def _no_derivation_cache(monkeypatch):
    """These tests watch the symbolic derivation itself: Model.derive() must not read the on-disk cache
    of derivations (zprime_sym/derive/store.py), which would skip the code they spy on."""
    monkeypatch.setenv("ZPRIME_SYM_NO_CACHE", "1")

THREE_DOUBLETS = """
name = "three_doublets"
[gauge]
gp = "gp"
gt = "gt"
[leptons]
L = { e = "zL_e", mu = "zL_mu", tau = "zL_tau" }
eR = { e = "zR_e", mu = "zR_mu", tau = "zR_tau" }
[[scalars]]
name = "H1"
rep = "doublet"
hypercharge = "1/2"
charge = "z1"
[[scalars]]
name = "H2"
rep = "doublet"
hypercharge = "1/2"
charge = "z2"
[[scalars]]
name = "H3"
rep = "doublet"
hypercharge = "1/2"
charge = "z3"
[[scalars]]
name = "S"
rep = "singlet"
charge = "zS"
vev = "vS"
[vevs]
doublet_angles = ["tan_b1", "tan_b2"]
[[operators]]
name = "yukawa_mu"
fields = ["L_mu~", "H3", "eR_mu"]
"""


def _recorded_inputs(model, monkeypatch):
    seen = []
    real = gauge_module.factor_linear

    def spy(expr):
        seen.append(expr)
        return real(expr)

    monkeypatch.setattr(gauge_module, "factor_linear", spy)
    monkeypatch.setattr(couplings_module, "factor_linear", spy)
    model.derive()
    monkeypatch.undo()
    return seen


@pytest.mark.parametrize("name", [*shipped_models(), "three_doublets"])
def test_factor_linear_is_sympy_factor(name, monkeypatch):
    model = load_model_text(THREE_DOUBLETS, source="three_doublets") if name == "three_doublets" else load_model(name)
    inputs = _recorded_inputs(model, monkeypatch)
    assert inputs or name == "model_independent", "the derivation should go through factor_linear"
    for expr in inputs:
        ours, ref = gauge_module.factor_linear(expr), sp.factor(expr)
        assert str(ours) == str(ref), expr
        assert sp.expand(ours - ref) == 0


def test_shortcuts_are_taken_and_fall_back():
    """Linear generator, x^2 generator, and a case where -A'B' is a square (x^2 - y^2 = (x-y)(x+y))."""
    x, y, z = sp.symbols("x y z")
    cases = [(2 * x * y + 4 * y * z) / (6 * z), x**2 * y**2 + z, x**2 - y**2, (x**2 - 4 * y**2) * z / 3,
             sp.Rational(1, 2) * x * y - sp.Rational(3, 4) * y, -x - y]
    for expr in cases:
        assert str(gauge_module.factor_linear(expr)) == str(sp.factor(expr))
    poly = sp.Poly(x**2 * y**2 + z, x, y, z)
    assert gauge_module._factor_list_linear(poly) is not None  # z enters linearly: no sympy factoring
    assert gauge_module._factor_list_linear(sp.Poly(x**2 - y**2, x, y)) is None  # may factor: sympy does it


def _old_rem(expr):
    """The reduction of a polynomial by cw^2 + sw^2 - 1 as sympy.rem computes it (the general route)."""
    expr = sp.expand(expr)
    return sp.rem(expr, gauge_module.cw**2 + gauge_module.sw**2 - 1, gauge_module.cw) if expr.has(gauge_module.cw) else expr


def _general_route(monkeypatch):
    """Replace every targeted operation by sympy's general one: collect, factor, rem, and the
    rational cancellation of the polynomial couplings."""
    monkeypatch.setattr(couplings_module, "collect_symbols", lambda expr, syms, func: sp.collect(expr, syms, func=func))
    monkeypatch.setattr(couplings_module, "factor_linear", sp.factor)
    monkeypatch.setattr(gauge_module, "factor_linear", sp.factor)
    monkeypatch.setattr(couplings_module, "is_polynomial", lambda expr: False)
    monkeypatch.setattr(gauge_module, "reduce_cw_polynomial", _old_rem)


def _summary(model, mixing: bool):
    from zprime_sym.commands.derive import derivation_summary

    d = model.derive()
    out = derivation_summary(d)
    if d.gauge is not None:
        out["exact"] = {k: str(getattr(d.gauge, k)) for k in ("sin_phi_mixing", "mZ2_exact", "mZp2_exact", "zH_prime",
                                                               "mass_matrix", "mass_matrix_weinberg")}
        if mixing:
            out["mixing"] = {k: str(v) for k, v in d.couplings_variant("mixing").items()}
    return out


#: models whose "mixing" couplings are also compared (the general route takes minutes for the others)
_MIXING_CHECKED = ("b_minus_l", "dark_photon", "le_lmu", "lmu_ltau")


@pytest.mark.parametrize("name", [*shipped_models(), "three_doublets"])
def test_derivation_equals_general_sympy_route(name, monkeypatch):
    """Every printed expression of the derivation (couplings, quark couplings, relations, gauge sector;
    for a few models also the "mixing" couplings) is the same string as with sympy.collect /
    sympy.factor / sympy.rem / sympy.cancel in place of the targeted operations (the route of the code
    before them)."""
    def load():
        if name == "three_doublets":
            return load_model_text(THREE_DOUBLETS, source="three_doublets")
        return load_model(name)

    mixing = name in _MIXING_CHECKED
    fast = _summary(load(), mixing)
    _general_route(monkeypatch)
    general = _summary(load(), mixing)
    monkeypatch.undo()
    assert fast == general


@pytest.mark.parametrize("name", [*shipped_models(), "three_doublets"])
def test_rho_is_one_minus_phi_squared(name):
    """rho_LO (built as (den^2 - num^2)/den^2 from phi_LO = num/den) is sympy.factor(1 - phi_LO^2) with
    cw^2 = 1 - sw^2, the formula b^2/a^2 = phi^2 of gauge.py."""
    model = load_model_text(THREE_DOUBLETS, source="three_doublets") if name == "three_doublets" else load_model(name)
    g = model.derive().gauge
    if g is None:
        pytest.skip("effective model: no gauge sector")
    num, den = sp.fraction(sp.together(1 - g.phi_lo**2))
    ref = sp.factor(_old_rem(num) / _old_rem(den))
    assert str(g.rho_lo) == str(ref)


def test_collect_symbols_shapes():
    """collect_symbols = sympy.collect on the shapes it handles itself and on those it hands over."""
    from zprime_sym.derive.collect import collect_symbols

    x, y, z, t = sp.symbols("x y z t")
    cases = [
        3 * x * y + 2 * x * z + y**2 * z / 5 + 7,
        x**2 * y + x**2 * z - y / (t**2 + 1) + z * y / (t**2 + 1),
        (x * y + x * z) / (t * x + t * y) + x,
        x**t * y + x * y,  # symbolic exponent: handed over
        sp.exp(x) * y + y * z,
        x * (y + z) * (y * x + y),
        sp.Integer(4), x, sp.Rational(1, 3) * y,
    ]
    for func in (sp.factor, gauge_module.factor_linear, lambda e: e):
        for expr in cases:
            for syms in ([x, y], [z, x], [t, y, z]):
                ours, ref = collect_symbols(expr, syms, func), sp.collect(expr, syms, func=func)
                assert str(ours) == str(ref), (expr, syms)
                assert ours == ref


def test_collect_symbols_is_sympy_collect_on_derivations(monkeypatch):
    """Every collection done while deriving the shipped models and a four-doublet model, against sympy.collect."""
    import zprime_sym.derive.collect as collect_module

    seen = []
    real = collect_module.collect_symbols

    def spy(expr, syms, func):
        seen.append((expr, tuple(syms)))
        return real(expr, syms, func)

    monkeypatch.setattr(couplings_module, "collect_symbols", spy)
    for name in shipped_models():
        load_model(name).derive()
    load_model_text(nhdm_text(4), source="four_doublets").derive()
    monkeypatch.undo()
    assert len(seen) > 50
    for expr, syms in seen:
        f = gauge_module.factor_linear
        assert str(real(expr, list(syms), f)) == str(sp.collect(expr, list(syms), func=f))


def test_split_gcd_and_exact_division():
    """gcd from the split pieces equals sympy's gcd up to a constant; gcd(a, 0) = a; sparse exact division."""
    x, y, z, w = sp.symbols("x y z w")
    pairs = [((2 * x - 1) * (y + z) * w, (2 * x - 1) * (3 * y + 3 * z) + (2 * x - 1) * w * z),
             ((x + y) * z, (x + y) * (w + 1) + (x + y) * z * w), (x * y + 1, z), ((x - y) * w, (x - y)),
             ((x**2 - y**2) * z, (x + y) * (w**2 + z)), (x * y, sp.Integer(0))]
    for a, b in pairs:
        pa, pb = sp.Poly(a, x, y, z, w), sp.Poly(b, x, y, z, w)
        ours, ref = gauge_module._split_gcd(pa, pb), pa.gcd(pb)
        assert (ours.as_expr() / ref.as_expr()).is_Number, (a, b)
        assert gauge_module._exquo(pa, ours) * ours == pa


def test_reduce_cw_polynomial_is_rem():
    cw, sw = gauge_module.cw, gauge_module.sw
    x = sp.Symbol("x")
    for expr in [cw**5 * x + 3 * cw**2 * sw - cw, (cw * x + sw) ** 4, x * sw**3 + 2, cw**2]:
        assert gauge_module.reduce_cw_polynomial(expr) == sp.expand(_old_rem(expr))
