"""Radiative neutralino decay chi_i -> chi_j gamma at one loop (lepton-slepton loops), BDR20 Eq. (4.3).

Derivation (docs/susy.md, "NLSP lifetime"; standard fermion-sfermion loop as in Haber & Wyler,
Nucl. Phys. B323 (1989) 267, BDR20's ref. [70]; here kept with full external masses)
--------------------------------------------------------------------------------------------------
Interaction (4-component, chi Majorana, l Dirac of charge Q = -1, l~_m the charged-slepton mass
eigenstates of charge Q = -1):

    L = sum_{i,m} l~_m^* chi_bar_i (lambda_im P_L + rho_im P_R) l + h.c.,
    lambda_im = (n^L_im)^*,  rho_im = -n^R_im     (n^L, n^R of :func:`.g2.neutralino_couplings`).

They contain every gaugino and higgsino component of chi_i, so the B~'-lepton-slepton vertex
(-sqrt2 g_X X_l N_i5 for both chiralities; X_mu = +1, X_tau = -1, X_e = 0) and the MSSM vertices
(bino, wino, Yukawa) enter on the same footing. Amplitude for chi_2(p) -> chi_1(p - k) gamma(k, eps):

    M = u_bar_1 i sigma^{mu nu} k_nu (A_L P_L + A_R P_R) u_2 eps*_mu.

Two triangle diagrams per slepton (photon off the lepton, "A"; off the slepton, "B"), Feynman
parameters x (propagator of momentum p), y (p - k), z (the third line), z = 1 - x - y, and, because
chi_1,2 are Majorana, the charge-conjugate loop (l^c, l~^*: couplings (rho^*, lambda^*), charge -Q).
Reading the dipole off the (p + p')^mu terms (Gordon identity) gives

    A_R = e Q / (16 pi^2) sum_{l, m} sum_{D = A, B} int dF [ c1 m_1 y z - c1^* m_2 x z + c3 m_l w_D ] / Delta_D,
    A_L = -A_R^*,
    c1 = (n^L_1m)^* n^L_2m - (n^R_1m)^* n^R_2m,   c3 = n^L_1m n^R_2m - n^R_1m n^L_2m,
    Delta_A = (x + y) m_l^2 + z m_m^2 - z (x m_2^2 + y m_1^2),   w_A = 1 - z,
    Delta_B = (x + y) m_m^2 + z m_l^2 - z (x m_2^2 + y m_1^2),   w_B = z,

with int dF = int_0^1 dx int_0^{1-x} dy, m_1, m_2 the (positive) neutralino masses and m_m the slepton
mass. Check: for a Dirac fermion with m_1 = m_2 = m -> 0 the same expressions (one charge flow, Q_F,
Q_S separate) reproduce the Martin-Wells F1N, F2N, F1C, F2C terms of a_l exactly (tested). A_L = -A_R^*
is the Majorana property: a pair of equal CP parity (c1 real) has A_R -> 0 when m_1 = m_2.

Width (spin sum done with explicit Dirac matrices in tests/test_susy_radiative.py):

    Gamma = (|A_L|^2 + |A_R|^2) (m_2^2 - m_1^2)^3 / (16 pi m_2^3) = g^2 (m_2^2 - m_1^2)^3 / (8 pi m_2^5),
    g_{chi2 chi1 gamma} = m_2 sqrt((|A_L|^2 + |A_R|^2) / 2) = m_2 |A_R|   (dimensionless),

i.e. BDR20 Eq. (4.3) holds with this definition of its g. (Haber & Wyler's own normalisation of g
could not be checked against their paper; the width formula, not the name of the coupling, is what
we use.) e = sqrt(4 pi alpha(0)) for the real photon; the vertex couplings use the spectrum's g1, g2
at alpha(m_Z) as in the g-2 code.

mu/tau cancellation: for a B~'-like chi_1 the B~' vertex of the tau loop is minus that of the muon
loop; with equal smuon and stau masses and mixings (and negligible lepton masses) the two loops cancel.

Numerics: the inner t-integral (x = (1-z) t, y = (1-z)(1-t)) is done in closed form (Delta is linear in
t), the z-integral by Gauss-Legendre on panels graded geometrically towards both ends (the m_l w_D
pieces have log(m_m/m_l) end-point behaviour); accuracy ~1e-10 relative against mpmath (tested).
Valid below the two-body thresholds m_2 < m_m + m_l (then Delta > 0); above, chi_2 -> l l~ is open
at tree level and the loop is not evaluated (NaN).

Only the radiative channel (as in BDR20). The tree-level three-body decays chi_2 -> chi_1 mu+ mu-,
nu nu-bar (virtual smuon, sneutrino) need the same g_X vertex without the loop factor and dominate
by ~1e4 for an equal-CP-parity pair (estimate in docs/susy-constraints.md): the radiative lifetime
is an upper bound on the NLSP lifetime, not the lifetime.
"""
from __future__ import annotations

import functools
import math

import numpy as np

from ..constants import constants
from .g2 import neutralino_couplings
from .params import FLAVOURS, normalise_params

_SERIES_R = 1e-3


@functools.cache
def _half_panels(n_per_panel: int = 12, decades: int = 16) -> tuple[np.ndarray, np.ndarray]:
    """Gauss-Legendre nodes s and weights on [0, 1/2], panels graded geometrically towards 0
    (edges 10^-k / 2 in half decades down to 10^-decades / 2) and uniform (width 0.05) above 0.05."""
    low = 0.5 * 10.0 ** -np.arange(decades, 1, -0.5)
    edges = np.concatenate([[0.0], low[low < 0.05], np.linspace(0.05, 0.5, 10)])
    t, w = np.polynomial.legendre.leggauss(n_per_panel)
    a, b = edges[:-1, None], edges[1:, None]
    return (0.5 * (b - a) * t + 0.5 * (b + a)).ravel(), (0.5 * (b - a) * w).ravel()


def _z_nodes() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(z, 1 - z, weights) on [0, 1], both z and 1 - z accurate near either end."""
    s, w = _half_panels()
    return np.concatenate([s, 1.0 - s]), np.concatenate([1.0 - s, s]), np.concatenate([w, w])


def _l0_l1(r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """L0 = -ln(1-r)/r and L1 = (L0 - 1)/r (series for small r): a * int_0^1 t^k dt / (a - b t), r = b/a."""
    small = r < _SERIES_R
    rs = np.where(small, 0.5, r)
    l0 = -np.log1p(-rs) / rs
    l1 = (l0 - 1.0) / rs
    if small.any():
        rr = r[small]
        s0, s1, term = np.zeros_like(rr), np.zeros_like(rr), np.ones_like(rr)
        for k in range(8):  # |r| < 1e-3: truncation error < 1e-24
            s0 += term / (k + 1)
            s1 += term / (k + 2)
            term = term * rr
        l0[small], l1[small] = s0, s1
    return l0, l1


def loop_integrals(m1, m2, m_f, m_s) -> dict:
    """Feynman-parameter integrals of the module docstring, broadcast over the inputs (GeV):

    {"yz_A", "xz_A", "w_A", "yz_B", "xz_B", "w_B"}: int dF {y z, x z, w_D} / Delta_D, in GeV^-2.
    Requires m2 < m_s + m_f (below threshold; NaN otherwise) and m1 <= m2.
    """
    m1, m2, m_f, m_s = np.broadcast_arrays(*(np.asarray(a, float) for a in (m1, m2, m_f, m_s)))
    z, zc, w = _z_nodes()
    shape = m1.shape
    a1, a2, af, as_ = (np.square(v).reshape(shape + (1,)) for v in (m1, m2, m_f, m_s))
    b = z * zc * (a2 - a1)  # Delta = a - b t
    out = {}
    for diagram, (c_s, c_f, weight) in {"A": (z, zc, zc), "B": (zc, z, z)}.items():
        a = c_f * af + c_s * as_ - z * zc * a1
        with np.errstate(divide="ignore", invalid="ignore"):
            l0, l1 = _l0_l1(b / a)
            j0, j1 = l0 / a, l1 / a  # int t^k dt / Delta
        jac = zc  # dF = (1 - z) dz dt
        out[f"yz_{diagram}"] = np.sum(w * jac * z * zc * (j0 - j1), axis=-1)
        out[f"xz_{diagram}"] = np.sum(w * jac * z * zc * j1, axis=-1)
        out[f"w_{diagram}"] = np.sum(w * jac * weight * j0, axis=-1)
    above = m2 >= m_s + m_f
    return {k: np.where(above, np.nan, v) for k, v in out.items()}


def _pair(spectrum, i, j):
    """(rows, i, j, m_i, m_j): neutralino indices broadcast over the points and their positive masses."""
    n = spectrum.neutralino_masses.shape[0]
    rows = np.arange(n)
    i = np.broadcast_to(np.asarray(i, int), (n,))
    j = np.broadcast_to(np.asarray(j, int), (n,))
    return rows, i, j, np.abs(spectrum.neutralino_masses[rows, i]), np.abs(spectrum.neutralino_masses[rows, j])


def transition_dipole(spectrum, params, i, j, flavours=FLAVOURS) -> np.ndarray:
    """A_R (GeV^-1, complex, shape (n,)) of chi_i -> chi_j gamma; i, j neutralino indices (n,) or ints.

    Sum over the charged lepton-slepton loops of ``flavours`` (module docstring). NaN where chi_i lies
    above a lepton + slepton threshold of those flavours.
    """
    p = normalise_params(params)
    rows, i, j, m2, m1 = _pair(spectrum, i, j)
    total = np.zeros(rows.size, complex)
    for lepton in flavours:
        n_l, n_r = neutralino_couplings(spectrum, p, lepton)
        nl1, nr1, nl2, nr2 = n_l[rows, j], n_r[rows, j], n_l[rows, i], n_r[rows, i]  # (n, 2 sleptons)
        c1 = nl1.conj() * nl2 - nr1.conj() * nr2
        c3 = nl1 * nr2 - nr1 * nl2
        m_l = spectrum.sm[f"m_{lepton}"][:, None]
        msl = spectrum.slepton_masses[lepton]
        ints = loop_integrals(m1[:, None], m2[:, None], m_l, msl)
        for d in ("A", "B"):
            total += np.sum(c1 * m1[:, None] * ints[f"yz_{d}"] - c1.conj() * m2[:, None] * ints[f"xz_{d}"]
                            + c3 * m_l * ints[f"w_{d}"], axis=-1)
    c = constants()
    return -c.e / (16.0 * math.pi**2) * total  # e Q with Q = -1


def radiative_width(spectrum, params, i, j, flavours=FLAVOURS) -> np.ndarray:
    """Gamma(chi_i -> chi_j gamma) in GeV, BDR20 Eq. (4.3) with g = m_i |A_R| (module docstring)."""
    _, i, j, m2, m1 = _pair(spectrum, i, j)
    g = m2 * np.abs(transition_dipole(spectrum, params, i, j, flavours))
    return g**2 * (m2**2 - m1**2) ** 3 / (8.0 * math.pi * m2**5)
