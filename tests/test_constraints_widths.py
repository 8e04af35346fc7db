"""Z' partial widths and BR(ee): checked against an independent numerical Dirac-trace computation,
closed-form limits (massless, threshold), and the textbook dark-photon width."""
import math

import numpy as np
import pytest

from zprime_sym.constants import constants
from zprime_sym.model.couplings import coupling_arrays
from zprime_sym.constraints.widths import (
    br_ee, charged_lepton_width, dark_photon_br_ee, dark_photon_width, neutrino_width, partial_widths)

K = constants()
MEV = 1e-3

# Dirac matrices (Dirac representation), metric (+,-,-,-).
_I2, _Z2 = np.eye(2), np.zeros((2, 2))
_SIG = [np.array([[0, 1], [1, 0]]), np.array([[0, -1j], [1j, 0]]), np.array([[1, 0], [0, -1]])]
GAMMA = [np.block([[_I2, _Z2], [_Z2, -_I2]]).astype(complex)] + [np.block([[_Z2, s], [-s, _Z2]]).astype(complex) for s in _SIG]
G5 = 1j * GAMMA[0] @ GAMMA[1] @ GAMMA[2] @ GAMMA[3]
METRIC = np.diag([1.0, -1.0, -1.0, -1.0])


def _slash(p):
    return sum(METRIC[mu, mu] * p[mu] * GAMMA[mu] for mu in range(4))


def width_by_trace(M, m_f, c_left, c_right):
    """Gamma(V -> f fbar) for the vertex -i gamma^mu (c_L P_L + c_R P_R), by explicit spin and polarisation sums."""
    pl, pr = (np.eye(4) - G5) / 2, (np.eye(4) + G5) / 2
    vertex = [GAMMA[mu] @ (c_left * pl + c_right * pr) for mu in range(4)]
    bar = [GAMMA[0] @ v.conj().T @ GAMMA[0] for v in vertex]
    p = math.sqrt(M**2 / 4 - m_f**2)
    E = M / 2
    p1, p2 = np.array([E, 0, 0, p]), np.array([E, 0, 0, -p])
    k = np.array([M, 0, 0, 0])
    pol = -METRIC + np.outer(k, k) / M**2  # sum over polarisations, upper indices
    total = 0.0
    for mu in range(4):
        for nu in range(4):
            if pol[mu, nu] == 0:
                continue
            tr = np.trace((_slash(p1) + m_f * np.eye(4)) @ vertex[mu] @ (_slash(p2) - m_f * np.eye(4)) @ bar[nu])
            # lower the polarisation-sum indices: eps_mu eps*_nu = g_mu a g_nu b pol^{ab}
            total += METRIC[mu, mu] * METRIC[nu, nu] * pol[mu, nu] * tr.real
    amp2 = total / 3.0  # average over the three Z' polarisations
    return amp2 * p / (8 * math.pi * M**2)


@pytest.mark.parametrize("M,cv,ca", [(0.02, 3e-4, 0.0), (0.02, 0.0, 2e-4), (0.0015, 1e-4, -2e-4), (0.3, 1e-3, 5e-4)])
def test_charged_width_matches_dirac_trace(M, cv, ca):
    # C_V + C_A g5 = C_L P_L + C_R P_R with C_R = C_V + C_A, C_L = C_V - C_A. Tolerance: double rounding only.
    expected = width_by_trace(M, K.m_e, cv - ca, cv + ca)
    assert charged_lepton_width(M, cv, ca, K.m_e) == pytest.approx(expected, rel=1e-10)


def test_neutrino_width_left_handed_convention():
    # Gamma(Z' -> nu nubar) = C_nu^2 m / (24 pi): independent check with the trace (massless, C_R = 0).
    M, cnu = 0.025, 3e-5
    assert neutrino_width(M, cnu) == pytest.approx(cnu**2 * M / (24 * math.pi), rel=1e-14)
    assert neutrino_width(M, cnu) == pytest.approx(width_by_trace(M, 0.0, cnu, 0.0), rel=1e-10)


def test_massless_limit_and_threshold():
    cv, ca = 2e-4, 3e-4
    # m >> m_e: m (C_V^2 + C_A^2)/(12 pi) up to O(r) = O(m_e^2/m^2) ~ 3e-9 at 10 GeV.
    m = 10.0
    assert charged_lepton_width(m, cv, ca, K.m_e) == pytest.approx(m * (cv**2 + ca**2) / (12 * math.pi), rel=1e-7)
    # Just above threshold: vector part ~ beta * m/(12 pi) * C_V^2 * 3/2 (r -> 1/4), axial ~ beta^3.
    m = 2 * K.m_e * (1 + 1e-6)
    beta = math.sqrt(1 - 4 * (K.m_e / m) ** 2)
    assert charged_lepton_width(m, cv, 0.0, K.m_e) / beta == pytest.approx(m / (12 * math.pi) * cv**2 * 1.5, rel=1e-5)
    assert charged_lepton_width(m, 0.0, ca, K.m_e) / beta**3 == pytest.approx(m / (12 * math.pi) * ca**2, rel=1e-5)
    # Below threshold: closed.
    assert charged_lepton_width(1.9 * K.m_e, cv, ca, K.m_e) == 0.0
    assert partial_widths(0.1, coupling_arrays({"CV_mu": 1.0}))["mumu"] == 0.0


def test_dark_photon_width_textbook():
    # Gamma(A' -> ee) = eps^2 alpha m/3 (1 + 2r) sqrt(1 - 4r); only ee open below 2 m_mu.
    m, eps = 0.05, 1e-3
    r = (K.m_e / m) ** 2
    expected = eps**2 * K.alpha * m / 3 * (1 + 2 * r) * math.sqrt(1 - 4 * r)
    assert dark_photon_width(m, eps) == pytest.approx(expected, rel=1e-12)
    assert dark_photon_br_ee(m) == 1.0
    # Between 2 m_mu and 2 m_pi (no hadrons yet), BR(ee) = Gamma_ee/(Gamma_ee + Gamma_mumu); at 1 GeV
    # hadrons (rho tail, phi) take a share: BR(ee) = 1/(2 + R) with R(1 GeV) ≈ 1.6 (see test_hadrons.py).
    r_mu = (K.m_mu / 0.25) ** 2
    ratio_mu = (1 + 2 * r_mu) * math.sqrt(1 - 4 * r_mu) / ((1 + 2 * (K.m_e / 0.25) ** 2) * math.sqrt(1 - 4 * (K.m_e / 0.25) ** 2))
    assert dark_photon_br_ee(0.25) == pytest.approx(1 / (1 + ratio_mu), rel=1e-10)
    assert 0.2 < dark_photon_br_ee(1.0) < 0.35
    assert dark_photon_br_ee(0.5 * K.m_e) == 0.0


def test_br_ee():
    m = np.array([0.01, 0.03, 0.1])
    c = coupling_arrays({"CA_e": 2e-4})
    np.testing.assert_array_equal(br_ee(m, c), 1.0)  # only e+e- open below 2 m_mu, no nu coupling
    # With a neutrino coupling: BR = G_ee / (G_ee + C_nu^2 m/(24 pi)), m >> m_e so G_ee ~ m C_A^2/(12 pi).
    c = coupling_arrays({"CA_e": 2e-4, "Cnu_e": 2e-4, "Cnu_mu": 2e-4})
    assert br_ee(10.0 * K.m_tau, c) < 1
    assert br_ee(0.03, c) == pytest.approx(1 / (1 + 2 * 0.5), rel=3e-3)  # same 1.7e-3 mass correction
    # BR -> 1 continuously as C_nu -> 0: 1 - BR ~ G_nu/G_ee = (C_nu/C_A)^2/2 (massless electron; the
    # axial (1-4r)^(3/2) factor at 30 MeV is 1 - 1.7e-3, hence rel=3e-3).
    for cnu in (1e-5, 1e-7, 1e-9):
        assert 1 - br_ee(0.03, coupling_arrays({"CA_e": 2e-4, "Cnu_e": cnu})) == pytest.approx(0.5 * (cnu / 2e-4) ** 2, rel=3e-3)
    assert br_ee(0.03, coupling_arrays({})) == 0.0  # no coupling at all: no decay, BR defined as 0
