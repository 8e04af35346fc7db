"""The gauge sector's targeted factorisation (derive/gauge.py: factor_linear) gives exactly sympy's
``factor()`` on every expression it is handed while deriving each shipped model (and a 3-doublet
model, where the linear and the x^2 shortcuts are both used), so the derived expressions are unchanged:
compared as strings and as a sympy difference. Reference: sympy.factor itself (an independent, general
multivariate factorisation)."""
import sympy as sp
import pytest

import zprime_sym.derive.couplings as couplings_module
import zprime_sym.derive.gauge as gauge_module
from zprime_sym.model.loader import load_model, load_model_text, shipped_models

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
