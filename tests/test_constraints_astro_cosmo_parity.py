"""White dwarfs (Eq. 9), supernova band, BBN/Planck mass bounds, Moller/E158 (Eq. 12)."""
import math

import numpy as np
import pytest

from zprime_sym.constraints import astro, cosmology, parity

G_F_CODATA = 1.1663787e-5  # GeV^-2
MEV = 1e-3


def test_white_dwarf_eq9_boundary():
    con = astro.white_dwarf()
    m, ce = 0.02, 2e-4
    # Eq. (9) at equality: C_e * sqrt(sum C_nu^2) = G_F m^2; split C_nu equally over the flavours.
    cnu_tot = G_F_CODATA * m**2 / ce
    c = {"CA_e": ce, "Cnu_e": cnu_tot / math.sqrt(3), "Cnu_mu": cnu_tot / math.sqrt(3), "Cnu_tau": -cnu_tot / math.sqrt(3)}
    assert con.evaluate(m, c) == pytest.approx(1.0, rel=1e-6)  # rel: CODATA G_F digits typed here
    # vector and axial enter as C_Ve^2 + C_Ae^2; ratio scales as 1/m^2
    c2 = {"CV_e": ce * 0.6, "CA_e": ce * 0.8, "Cnu_e": cnu_tot}
    assert con.evaluate(m, c2) == pytest.approx(1.0, rel=1e-6)
    assert con.evaluate(2 * m, c2) == pytest.approx(0.25, rel=1e-6)
    assert con.evaluate(m, {"CA_e": 1.0}) == 0.0  # no neutrino coupling: no extra cooling


def test_supernova_band():
    con = astro.supernova()
    m = 0.02
    assert con.evaluate(m, {"Cnu_mu": 1e-10}) == pytest.approx(min(1e-10 / 1e-12, 1e-7 / 1e-10))
    assert con.evaluate(m, {"Cnu_tau": -1e-9}) > 1
    assert con.evaluate(m, {"Cnu_e": 0.9e-12}) < 1 and con.evaluate(m, {"Cnu_e": 1.1e-7}) < 1
    assert con.evaluate(0.5, {"Cnu_e": 1e-9}) == 0.0  # not MeV-scale: not applied
    # Trapping: a tiny mixing-induced C_nu beside an electron or nucleon coupling far above the upper
    # edge (a dark-photon-like point) is not excluded; below the edge the other coupling changes nothing.
    assert con.evaluate(m, {"Cnu_e": 5e-12, "CV_e": 1e-4}) == pytest.approx(1e-7 / 1e-4)
    assert con.evaluate(m, {"Cnu_e": 5e-12, "CV_p": 1e-4}) < 1
    assert con.evaluate(m, {"Cnu_e": 1e-10, "CA_e": 1e-9}) == pytest.approx(min(1e-10 / 1e-12, 1e-7 / 1e-9))
    assert con.evaluate(m, {"Cnu_e": 1e-10, "CA_e": 1e-11}) == pytest.approx(min(1e-10 / 1e-12, 1e-7 / 1e-10))


def test_bbn_lower_mass_bounds():
    e, mu = cosmology.bbn_electrophilic(), cosmology.bbn_numu()
    assert e.evaluate(9.7 * MEV, {"CA_e": 1e-4}) > 1 and e.evaluate(9.9 * MEV, {"CA_e": 1e-4}) < 1
    assert e.evaluate(5 * MEV, {"CV_e": 1e-4}) == pytest.approx(9.8 / 5)
    assert mu.evaluate(8.2 * MEV, {"Cnu_mu": 1e-8}) > 1 and mu.evaluate(8.4 * MEV, {"Cnu_mu": 1e-8}) < 1
    # |C_nu_mu| below ~1e-9: the nu_mu bound does not apply (BCK21 Sec. III B1)
    assert mu.evaluate(5 * MEV, {"Cnu_mu": 1e-10}) == 0.0
    assert e.evaluate(5 * MEV, {"Cnu_mu": 1e-3}) == 0.0


def test_moller_eq12_and_seed_number():
    con = parity.moller_e158()
    # BCK21 Sec. III A4: |C_Ae| ~ 1.3e-4 => |C_Ve| <~ 7.7e-5 (=1e-8/1.3e-4, rounded to 2 digits).
    ca = 1.3e-4
    cv = np.geomspace(1e-6, 1e-3, 30001)
    m = np.array([1, 16, 38, 99]) * MEV
    for mm in m:
        allowed = cv[con.evaluate(mm, {"CA_e": ca, "CV_e": cv}) <= 1]
        assert allowed.max() == pytest.approx(7.7e-5, rel=0.01)
    # sign of either coupling is irrelevant
    assert con.evaluate(0.02, {"CA_e": -ca, "CV_e": 7.7e-5}) == pytest.approx(con.evaluate(0.02, {"CA_e": ca, "CV_e": 7.7e-5}))


def test_moller_above_100_mev_propagator_scaling():
    # Continuous at 100 MeV; above, the limit grows as (Q^2 + m^2) with Q^2 = 0.026 GeV^2 (E158).
    q2 = 0.026
    assert parity.moller_limit(0.1) == pytest.approx(1e-8)
    assert parity.moller_limit(1.0) == pytest.approx(1e-8 * (q2 + 1.0) / (q2 + 0.01), rel=1e-12)
    assert parity.moller_limit(0.05) == pytest.approx(1e-8)


def test_muonphilic_bounds_of_sec_3b1():
    """BCK21 Sec. III B1: a thermalised muon-philic Z' needs m_Z' >~ 2 MeV (N_eff), and supernova
    muons exclude |C_Vmu| >~ 4e-4 below ~100 eV: the light-Z' explanation of a_mu is ruled out."""
    neff, sn = cosmology.neff_muonphilic(), astro.supernova_muon()
    # the minimal coupling that explains a_mu for a light Z' (|C_Vmu| ~ 4e-4, Sec. III B1)
    assert neff.evaluate(1 * MEV, {"CV_mu": 4e-4}) == pytest.approx(2.0)
    assert neff.evaluate(1.9 * MEV, {"CA_mu": 1e-8}) > 1 and neff.evaluate(2.1 * MEV, {"CV_mu": 1e-3}) < 1
    assert neff.evaluate(1 * MEV, {"CV_mu": 1e-10, "Cnu_mu": 1e-3}) == 0.0  # not thermalised via muons
    assert sn.evaluate(50e-9, {"CV_mu": 5e-4}) == pytest.approx(5e-4 / 4e-4)
    assert sn.evaluate(50e-9, {"CV_mu": 3e-4}) < 1
    assert sn.evaluate(1e-6, {"CV_mu": 1e-2}) == 0.0  # above ~100 eV the bound is not applied
