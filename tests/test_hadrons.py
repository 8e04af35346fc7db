"""Z' widths with hadrons: BRs sum to 1, continuity at the matching points, dark-photon resonance dips,
R-ratio values against PDG numbers."""
import math

import numpy as np
import pytest

from zprime_sym.constants import constants
from zprime_sym.constraints import hadrons
from zprime_sym.constraints.base import Points
from zprime_sym.constraints.widths import dark_photon_br, dark_photon_partial_widths, partial_widths

K = constants()
PHOTON = {"CV_e": K.e, "CV_mu": K.e, "CV_tau": K.e, "CV_u": -2 * K.e / 3, "CV_d": K.e / 3, "CV_s": K.e / 3,
          "CV_c": -2 * K.e / 3, "CV_b": K.e / 3, "CV_t": -2 * K.e / 3}


def test_brs_sum_to_one_1mev_to_10tev():
    m = np.geomspace(1e-3, 1e4, 2000)
    cpl = dict(PHOTON, CA_u=0.1, CA_t=0.2, Cnu_e=0.05, Cnu_mu=0.3, CA_e=0.01)
    p = Points.prepare(m, cpl)
    w = partial_widths(p.m, p)
    total = sum(w.values())
    assert np.all(total > 0)
    brs = {k: v / total for k, v in w.items()}
    assert np.allclose(sum(brs.values()), 1.0, rtol=1e-12)
    assert set(w) >= {"hadrons", "cc", "bb", "tt"}
    assert brs["tt"][m < 2 * 172.57].max() == 0 and brs["tt"][-1] > 0.05  # top opens at threshold


def test_continuity_at_matching_points():
    """The blend makes the hadronic width continuous at m_low = 1.1 GeV and m_high = 2 GeV."""
    for m0 in (1.1, 2.0):
        lo, hi = m0 * (1 - 1e-9), m0 * (1 + 1e-9)
        g = [hadrons.hadronic_widths(np.array([x]), PHOTON)["hadrons"][0] for x in (lo, hi)]
        assert g[0] == pytest.approx(g[1], rel=1e-6)


def test_perturbative_r_above_matching():
    """Dark photon at 3 GeV: Gamma_had / Gamma(mumu, massless) = R = 3 Σ Q^2 (1 + alpha_s/pi) = 2 (1.07..)
    for u, d, s (c closed: 2 m_c = 3.34 GeV); PDG R(3 GeV) ≈ 2.2 measured (BES), within 10 %."""
    m = np.array([3.0])
    r = hadrons.hadronic_widths(m, PHOTON)["hadrons"][0] / (K.e**2 * 3.0 / (12 * math.pi))
    assert r == pytest.approx(2.0 * (1 + hadrons.alpha_s(3.0) / math.pi), rel=1e-12)
    assert r == pytest.approx(2.2, rel=0.1)


def test_rho_and_phi_peaks_and_dips():
    """R at the peaks: 9 B_ee B_had / alpha^2 (PDG 2024: rho 4.72e-5, phi 2.98e-4 -> R ≈ 8.0 and 50);
    the dark photon's BR(ee) dips at the rho/omega and the phi."""
    alpha = K.alpha
    assert hadrons.resonance_r(0.77526, "rho") == pytest.approx(9 * 4.72e-5 * 0.9999 / alpha**2, rel=0.01)
    assert hadrons.resonance_r(1.019461, "phi") == pytest.approx(9 * 2.99e-4 * 0.9997 / alpha**2, rel=0.01)
    br = lambda m: float(np.ravel(dark_photon_br(np.array([m]), ("ee",)))[0])  # noqa: E731
    assert br(0.78) < 0.5 * br(0.5) and br(0.78) < br(0.9)
    assert br(1.0195) < 0.3 * br(0.98) and br(1.0195) < 0.3 * br(1.06)
    assert br(0.25) > 0.45  # below 2 m_pi: only leptons


def test_no_quark_couplings_no_hadrons():
    p = Points.prepare(np.array([1.0]), {"CV_mu": 1e-3})
    w = partial_widths(p.m, p)
    assert "hadrons" not in w
    w = dark_photon_partial_widths(np.array([0.1]))
    assert w["hadrons"][0] == 0.0  # below 2 m_pi
