"""Cs atomic parity violation: normalisation against the SM weak charge, and the 90 % CL bound."""
import math

import pytest

from zprime_sym.constants import constants
from zprime_sym.constraints import apv


def test_sm_z_reproduces_standard_weak_charge():
    """The Z couplings in the same convention (C_Ae = gZ/4, CV_p = gZ (1/4 - s^2), CV_n = -gZ/4) put
    into delta_qw give the tree-level Q_W^SM = Z (1 - 4 s^2) - N (closed form)."""
    k = constants()
    gz = k.e / (k.sw * k.cw)
    m_z0 = gz * k.v / 2  # tree-level m_Z with the same G_F (gZ^2/(8 m_Z^2) = G_F/sqrt2)
    c = {"CA_e": gz / 4, "CV_p": gz * (0.25 - k.sw2), "CV_n": -gz / 4}
    assert apv.delta_qw(m_z0, c) == pytest.approx(55 * (1 - 4 * k.sw2) - 78, rel=1e-10)


def test_limit_at_1_gev():
    """At the 90 % CL boundary |delta Q_W| = 1.645 * 0.352 = 0.579: for a B-L-like nucleon coupling
    (CV_p = CV_n = g) and C_Ae = g at 1 GeV this means g^2 = 0.579 G_F/(2 sqrt2 * 133)."""
    k = constants()
    con = apv.apv_cesium()
    g = math.sqrt(1.6448536 * math.hypot(math.hypot(0.29, 0.20), 0.03) * k.G_F / (2 * math.sqrt(2) * 133))
    assert con.evaluate(1.0, {"CA_e": g, "CV_p": g, "CV_n": g}) == pytest.approx(1.0, rel=1e-6)
    assert con.evaluate(0.05, {"CA_e": g, "CV_p": g, "CV_n": g}) == 0.0  # below 100 MeV: not applied
    assert con.evaluate(1.0, {"CA_e": g}) == 0.0  # no nucleon coupling: no effect
