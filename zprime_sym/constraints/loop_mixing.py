"""Loop-induced photon-Z' mixing eps_A(q^2) at any momentum transfer (numeric; vectorised).

Same convention and formula as :mod:`zprime_sym.derive.loop_mixing` (which gives the q^2 = 0 closed
form used in the couplings):

    eps_A(q^2) = -(e g' / (2 pi^2)) Σ_f c_f ∫_0^1 dx x(1-x) ln|m_f^2 - x(1-x) q^2| ,   c_f = N_c Q_f z_f,

with Σ_f c_f = 0 (finite; the renormalisation scale drops out). Timelike q^2 > 4 m_f^2: the real part
(ln of the modulus); the imaginary part, which only matters on top of the thresholds, is dropped.
Spacelike q^2 < 0 (scattering, t-channel). The x integral uses 200-point Gauss-Legendre nodes: the
integrand is smooth except for an integrable log singularity above threshold (accuracy ~1e-4 there,
1e-12 elsewhere, tests/test_loop_mixing.py). For L_mu - L_tau, |eps_A| falls from g'/70 at q^2 = 0 as
(m_tau^2 - m_mu^2)/(6|q^2|) ln-free for |q^2| >> m_tau^2.
"""
from __future__ import annotations

import functools
import math

import numpy as np

from ..constants import constants


@functools.cache
def _nodes(n: int = 200):
    x, w = np.polynomial.legendre.leggauss(n)
    x = 0.5 * (x + 1.0)
    return x, 0.5 * w * x * (1.0 - x)


def epsilon_loop(q2, gp, terms) -> np.ndarray:
    """eps_A(q^2) (dimensionless) for the fermions ``terms`` = [(c_f, m_f [GeV]), ...], Σ c_f = 0.

    ``q2`` in GeV^2 (array; negative = spacelike), ``gp`` the U(1)' coupling (array)."""
    if abs(sum(c for c, _ in terms)) > 1e-12:
        raise ValueError("loop mixing is UV divergent unless sum of N_c Q z vanishes")
    x, w = _nodes()
    q2 = np.asarray(q2, dtype=float)[..., None]
    total = 0.0
    for c, m in terms:
        arg = np.abs(m * m - x * (1.0 - x) * q2)
        total = total + c * np.sum(w * np.log(np.maximum(arg, 1e-300)), axis=-1)
    return -constants().e * np.asarray(gp, dtype=float) / (2.0 * math.pi**2) * total


def lmu_ltau_terms():
    """(c_f, m_f) for the mu and tau loops of L_mu - L_tau: Q = -1, z = +1 and -1."""
    c = constants()
    return [(-1.0, c.m_mu), (1.0, c.m_tau)]


def epsilon_lmu_ltau(q2, gp) -> np.ndarray:
    """eps_A(q^2) of gauged L_mu - L_tau from the mu and tau loops (no SUSY partners)."""
    return epsilon_loop(q2, gp, lmu_ltau_terms())
