"""COHERENT CsI one-bin CEvNS recast: normalisation against the SM Z, the published event numbers,
closed-form heavy-Z' limits, and the L_mu-L_tau plane using the same implementation."""
import math

import numpy as np
import pytest

from zprime_sym.constants import constants
from zprime_sym.constraints import cevns
from zprime_sym.constraints.registry import current_constraints
from zprime_sym.susy import lmu_ltau_plane as plane

R_OBS = 134 / 173  # COHERENT arXiv:1708.01294: 134 +- 22 fitted events, SM 173 +- 48
SIGMA_R = R_OBS * math.hypot(22 / 134, 48 / 173)
Z90 = 1.6448536269514722
E_PROMPT_MEV, E_MAX_MEV = 29.79, 52.83  # pi -> mu nu_mu at rest; m_mu/2


def test_published_numbers_and_sm_point():
    r, s = cevns.measured_ratio()
    assert r == pytest.approx(0.7746, abs=1e-4)
    assert s == pytest.approx(0.2497, abs=1e-4)
    # SM point: |1 - 0.775| / (1.645 * 0.250) = 0.549, allowed (COHERENT: consistent with the SM)
    assert cevns.coherent_csi_2017().evaluate(1.0, {}) == pytest.approx((1 - R_OBS) / (Z90 * SIGMA_R), rel=1e-9)
    assert float(cevns.coherent_csi_2017().evaluate(1.0, {})) == pytest.approx(0.549, abs=1e-3)


def test_flavour_fractions_from_the_dar_spectra():
    # sigma ∝ E^2: <E^2> = E_p^2 (prompt nu_mu), 2/5 E_max^2 (nu_e), 8/15 E_max^2 (nu_mu-bar)
    nu_e = 0.4 * E_MAX_MEV**2
    total = E_PROMPT_MEV**2 + nu_e + 8 / 15 * E_MAX_MEV**2
    f = cevns.flavour_fractions()
    assert f["e"] == pytest.approx(nu_e / total, rel=1e-3)
    assert f["e"] + f["mu"] == pytest.approx(1.0, rel=1e-12)


def test_sm_z_in_the_zprime_slot_doubles_the_amplitude():
    """The Z's own couplings in the BCK21 convention (C_nu = gZ/2, CV_p = gZ (1/4 - s^2), CV_n = -gZ/4)
    at the tree-level m_Z (gZ^2/(8 m_Z^2) = G_F/sqrt2), with Q = 0, give K_Z' = K_SM: R = 4 exactly.
    This fixes the sign and normalisation of the interference term."""
    k = constants()
    gz = k.e / (k.sw * k.cw)
    m_z0 = gz * k.v / 2
    c = {"Cnu_e": gz / 2, "Cnu_mu": gz / 2, "CV_p": gz * (0.25 - k.sw2), "CV_n": -gz / 4}
    assert cevns.ratio_to_sm(m_z0, c, momentum_transfer=0.0) == pytest.approx(4.0, rel=1e-10)
    flipped = {**c, "Cnu_e": -gz / 2, "Cnu_mu": -gz / 2}  # opposite sign: amplitude cancels exactly
    assert cevns.ratio_to_sm(m_z0, flipped, momentum_transfer=0.0) == pytest.approx(0.0, abs=1e-12)


def _bl(g):
    return {"Cnu_e": -g, "Cnu_mu": -g, "Cnu_tau": -g, "CV_e": -g, "CV_mu": -g, "CV_tau": -g, "CV_p": g, "CV_n": g}


def test_heavy_b_minus_l_closed_form():
    """B-L (C_nu = -g, CV_p = CV_n = g) interferes constructively: R = sum_i w_i (1 + c_i x)^2 with
    x = g^2/m^2, c_i = sqrt2 A_i/(G_F Q_W,i), w_i ∝ Q_W,i^2 (contact limit). The 90% CL edge
    R = 0.775 + 1.645 * 0.250 solved as a quadratic in x gives m/g; the constraint is 1 there."""
    k = constants()
    qw = [n - z * (1 - 4 * k.sw2) for z, n in ((55, 78), (53, 74))]
    a = [133, 127]
    w = [q**2 / sum(q2**2 for q2 in qw) for q in qw]
    ci = [math.sqrt(2) * ai / (k.G_F * q) for ai, q in zip(a, qw)]
    r_max = R_OBS + Z90 * SIGMA_R
    qa, qb, qc = sum(wi * c**2 for wi, c in zip(w, ci)), 2 * sum(wi * c for wi, c in zip(w, ci)), 1 - r_max
    x = (-qb + math.sqrt(qb**2 - 4 * qa * qc)) / (2 * qa)
    m_over_g = 1 / math.sqrt(x)
    assert 1.4e3 < m_over_g < 1.8e3  # GeV: COHERENT 2017 alone, one bin, heavy B-L
    m = 5000.0  # contact limit: (50 MeV/5 TeV)^2 = 1e-10
    con = cevns.coherent_csi_2017()
    assert float(con.evaluate(m, _bl(m / m_over_g))) == pytest.approx(1.0, rel=1e-8)
    # only g/m matters in the contact limit
    assert float(con.evaluate(2 * m, _bl(2 * m / m_over_g))) == pytest.approx(1.0, rel=1e-8)


def test_propagator_uses_the_stated_momentum_transfer():
    # light Z': the Z' term is suppressed by Q^2 + m^2, so at m << Q it saturates at 1/Q^2
    c = _bl(1e-6)  # small enough that R - 1 is linear in the Z' term at both masses (to 1e-4)
    lo, q = cevns.ratio_to_sm(1e-4, c) - 1, cevns.MOMENTUM_TRANSFER_GEV
    heavy = cevns.ratio_to_sm(1.0, c) - 1
    assert lo / heavy == pytest.approx((1 + q**2) / (q**2 + 1e-8), rel=2e-3)


def test_applies_at_every_mass_continuously_and_needs_nucleons():
    # no mass cut below 10 TeV: for m << Q = 50 MeV the ratio saturates smoothly at its m -> 0 value
    con = cevns.coherent_csi_2017()
    c = _bl(1e-5)
    m = np.array([1e-4, 1e-3, 0.009, 0.011])
    r = con.evaluate(m, c)
    assert np.all(r > 0.0)
    assert r[0] == pytest.approx(r[1], rel=1e-3)  # (m/Q)^2 = 4e-4 at 1 MeV
    assert r[2] == pytest.approx(r[3], rel=0.05)  # continuous around the former 10 MeV cut
    lepton_only = {k: v for k, v in c.items() if k not in ("CV_p", "CV_n")}
    assert con.evaluate(0.5, lepton_only) == pytest.approx(con.evaluate(0.5, {}))  # the SM point
    assert "coherent_csi_2017" in [x.name for x in current_constraints()]


def test_lmu_ltau_plane_uses_the_same_implementation():
    # the plane's COHERENT entry = the registered constraint at the plane couplings (leptons + CV_p = e eps)
    m = np.geomspace(0.012, 50.0, 25)
    g = np.full_like(m, 2e-3)
    r_plane = plane.plane_constraints()["coherent_csi"].ratio(m, g)
    couplings = plane.plane_couplings(g)
    r_generic = cevns.coherent_csi_2017().evaluate(m, couplings)
    np.testing.assert_allclose(r_plane, r_generic, rtol=1e-12, atol=0)
    k = constants()
    eps = plane.kinetic_mixing(g)
    assert couplings["CV_p"] == pytest.approx(k.e * eps) and np.all(couplings["CV_n"] == 0)
    assert np.all(couplings["CV_e"] == pytest.approx(-k.e * eps))  # same mixing, opposite charge
