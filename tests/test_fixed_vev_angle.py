"""A VEV angle fixed to a number in the model file ([vevs] doublet_angles = [2]) gives the derivation of
the same model with a symbolic tan(beta), evaluated at tan(beta) = 2; checked on a 2HDM whose U(1)' is
broken by one doublet alone (no singlet), against the closed form of its Z' mass.

Closed form: H1 (hypercharge 1/2, U(1)' charge 1) with (v_1/v)^2 = w = 1/(1 + tan^2 beta) and an uncharged
H2. At g~ = 0 the neutral mass matrix in (Z_SM, B') has m_ZZ = g_Z^2 v^2/4, m_ZB' = -g_Z g' w v^2/2,
m_B'B' = g'^2 w v^2; to second order in g' its light eigenvalue is g'^2 v^2 w - (g_Z g' w v^2/2)^2 / (g_Z^2
v^2/4) = g'^2 v^2 w (1 - w). (For w = 1 one combination of B and B' stays massless.)
"""
import pytest
import sympy as sp

from zprime_sym.model.loader import load_model_text

MODEL = """
name = "thdm_one_doublet_breaking"
description = "2HDM; U(1)' broken by H1 alone; L_mu and mu_R charged"
references = ["arXiv:2102.07781"]

[gauge]
gp = "gp"
gt = "0"

[leptons]
L  = {{ e = 0, mu = 1, tau = 0 }}
eR = {{ e = 0, mu = 1, tau = 0 }}

[[scalars]]
name = "H1"
rep = "doublet"
hypercharge = "1/2"
charge = 1

[[scalars]]
name = "H2"
rep = "doublet"
hypercharge = "1/2"
charge = 0

[vevs]
doublet_angles = [{angle}]

[[operators]]
name = "yukawa_e"
fields = ["L_e~", "H2", "eR_e"]

[[operators]]
name = "yukawa_mu"
fields = ["L_mu~", "H2", "eR_mu"]

[[operators]]
name = "yukawa_tau"
fields = ["L_tau~", "H2", "eR_tau"]
"""


@pytest.fixture(scope="module")
def derivations():
    symbolic = load_model_text(MODEL.format(angle='"tb"'), source="symbolic.toml").derive()
    fixed = load_model_text(MODEL.format(angle="2"), source="fixed.toml").derive()
    return symbolic, fixed


def _mass2(derivation):
    """Leading-order m_Z'^2 with the VEV-fraction symbols w_j replaced by their values."""
    g = derivation.gauge
    return g.mZp2_lo.subs({g.fraction_symbols[name]: value for name, value in g.vev_fractions.items()
                           if name in g.fraction_symbols})


def test_fixed_angle_equals_the_symbolic_one_at_that_value(derivations):
    symbolic, fixed = derivations
    tb = next(s for s in symbolic.free_parameters if s.name == "tb")
    assert sp.simplify(_mass2(symbolic).subs(tb, 2) - _mass2(fixed)) == 0
    fixed_all = {**fixed.couplings, **fixed.quark_couplings}
    symbolic_all = {**symbolic.couplings, **symbolic.quark_couplings}
    assert set(fixed_all) == set(symbolic_all) and len(fixed_all) == 23  # 9 lepton, 12 quark, CV_p, CV_n
    for name, value in fixed_all.items():
        assert sp.simplify(symbolic_all[name].subs(tb, 2) - value) == 0, name
    assert [s.name for s in fixed.free_parameters] == ["gp"]


def test_mass_from_one_doublet_is_the_closed_form(derivations):
    _, fixed = derivations
    w = sp.Rational(1, 5)  # 1/(1 + 2^2)
    m2 = _mass2(fixed)
    gp, v = (next(s for s in m2.free_symbols if s.name == n) for n in ("gp", "v"))
    assert sp.simplify(m2 - gp**2 * v**2 * w * (1 - w)) == 0


def test_verdict_holds_the_fixed_angle_and_the_derived_mass(tmp_path):
    """The verdict searches g' alone (tan beta fixed at 2 is reported as fixed) and its best point sits at
    the leading-order mass of the closed form, m_Z' = |g'| v sqrt(w (1 - w)) (v of zprime_sym.constants)."""
    from zprime_sym import verdict
    from zprime_sym.constants import constants

    path = tmp_path / "fixed_angle.toml"
    path.write_text(MODEL.format(angle="2"))
    v = verdict(str(path), find_blocking=False)
    rows = {r["name"]: r for r in v.parameters}
    assert rows["tan_beta"]["fixed"] and float(rows["tan_beta"]["value"]) == 2.0
    assert not rows["gp"]["fixed"]
    point = v.witness or v.best
    vev = constants().v
    w = 0.2
    assert point["m_zp_LO_MeV"] == pytest.approx(1e3 * abs(point["parameters"]["gp"]) * vev * (w * (1 - w)) ** 0.5,
                                                 rel=1e-9)
