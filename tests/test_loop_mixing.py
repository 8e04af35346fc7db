"""Loop-induced kinetic mixing: closed form at q^2 = 0, q^2 dependence, the lmu_ltau_loop model."""
import math

import numpy as np
import pytest

from zprime_sym.constants import constants
from zprime_sym.constraints.loop_mixing import epsilon_lmu_ltau, epsilon_loop
from zprime_sym.derive.exact import exact_couplings
from zprime_sym.exceptions import ModelError
from zprime_sym.model.loader import load_model_text


def closed_form(gp):
    """eps_A(0) = -e g'/(6 pi^2) ln(m_tau/m_mu) (e.g. Araki, Kaneko, Ota, Sato, Shimomura,
    arXiv:1702.01497 eq. of the mu-tau loop; |eps| ≈ g'/70)."""
    c = constants()
    return -c.e * gp / (6 * math.pi**2) * math.log(c.m_tau / c.m_mu)


def test_numeric_epsilon_at_zero_is_closed_form():
    assert epsilon_lmu_ltau(0.0, 1.0) == pytest.approx(closed_form(1.0), rel=1e-12)
    assert 1 / abs(closed_form(1.0)) == pytest.approx(70, rel=0.02)  # the familiar g'/70


def test_q2_dependence_limits():
    """Spacelike Q^2 = -q^2 >> m_tau^2: ln(m^2 + x(1-x)Q^2) = ln(x(1-x)Q^2) + m^2/(x(1-x)Q^2) + ..., so
    the logs cancel and eps -> -(e g'/(2 pi^2)) (m_tau^2 - m_mu^2)/Q^2 (the x(1-x) weights cancel,
    ∫_0^1 dx = 1). The next term is O(m_tau^2/Q^2 ln(Q^2/m_tau^2)) relative: 2.5e-3 at Q^2 = 1e4 GeV^2,
    4e-5 at 1e6 GeV^2, hence the tolerances."""
    c = constants()
    big = np.array([1e4, 1e6])
    eps = epsilon_lmu_ltau(-big, 1.0)
    asym = -c.e / (2 * math.pi**2) * (c.m_tau**2 - c.m_mu**2) / big
    assert eps[0] == pytest.approx(asym[0], rel=5e-3)
    assert eps[1] == pytest.approx(asym[1], rel=1e-4)
    # small |q^2| << m_mu^2: unchanged from q^2 = 0 to O(q^2/m_mu^2)
    assert epsilon_lmu_ltau(-1e-6, 1.0) == pytest.approx(closed_form(1.0), rel=1e-4)
    with pytest.raises(ValueError):
        epsilon_loop(0.0, 1.0, [(1.0, 0.1)])


def test_loop_model_couplings(derived):
    """lmu_ltau_loop: C_Ve = -eps_A e Q_e = eps_A e at low mass (leading order and exact), quarks
    C_V = -eps_A e Q_q; the muon keeps g' + the same loop piece."""
    d = derived("lmu_ltau_loop")
    c = constants()
    gp = 1e-3
    ex = exact_couplings(d, dict(gp=gp, vS=0.02 / gp))
    eps = closed_form(gp)
    assert ex["m_zp"] == pytest.approx(0.02, rel=1e-4)
    assert ex["CV_e"] == pytest.approx(eps * c.e, rel=1e-5)
    assert ex["CV_u"] == pytest.approx(-eps * c.e * 2 / 3, rel=1e-5)
    assert ex["CV_mu"] == pytest.approx(gp + eps * c.e, rel=1e-6)
    assert abs(ex["Cnu_e"]) < 1e-6 * abs(ex["CV_e"])


def test_free_form_still_ships(derived):
    d = derived("lmu_ltau")
    assert d.model.kinetic_mixing[0] == "gt"


def test_loop_option_refused_when_divergent_or_quarks():
    base = open("models/lmu_ltau_loop.toml").read()
    with pytest.raises(ModelError, match="UV divergent"):
        load_model_text(base.replace("L  = { e = 0, mu = 1, tau = -1 }", "L  = { e = 0, mu = 1, tau = 0 }")
                        .replace("eR = { e = 0, mu = 1, tau = -1 }", "eR = { e = 0, mu = 1, tau = 0 }"),
                        source="div").derive()
    with pytest.raises(ModelError, match="quark"):
        load_model_text(base + '\n[quarks]\nQ = "1/3"\nuR = "1/3"\ndR = "1/3"\n', source="q").derive()
    with pytest.raises(ModelError, match="only option"):
        load_model_text(base.replace('kinetic_mixing = "loop"', 'kinetic_mixing = "tree"'), source="x")
