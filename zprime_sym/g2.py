"""One-loop Z' contribution to the anomalous magnetic moment of a charged lepton.

Convention (seed 004, Eqs. (5)-(6)): L ⊃ -Z'_mu l-bar gamma^mu (C_V + C_A gamma5) l. The one-loop
shift of a_l = (g-2)_l / 2 is seed 004 Eq. (7) (Leveille, Nucl. Phys. B 137 (1978) 63)::

    Delta a_l = r / (4 pi^2) * ( C_V^2 I_V(r) - C_A^2 I_A(r) ),      r = m_l^2 / m_Z'^2,

    I_V(r) = int_0^1 x^2 (1-x) / D(x) dx,
    I_A(r) = int_0^1 [x (1-x) (4-x) + 2 r x^3] / D(x) dx,           D(x) = 1 - x + r x^2.

Numerical method
----------------
Both integrands are positive on [0, 1], so the integrals themselves are well conditioned; what
is ill conditioned is their closed form (logs and arctangents of r whose coefficients grow like
r^-3 and cancel for small r, see physics-notes.md). We therefore use

* ``r < 1e-6``: the small-r expansion of the exact result through O(r^3 ln r) (coefficients below,
  obtained by expanding the closed form with sympy); the first omitted term is O(r^4 ln r), i.e. a
  relative error < 1e-21.  (The quadrature below would lose accuracy for r <~ 1e-20, where the
  s-interval becomes too long for 32 nodes.)
* ``1e-6 <= r < 1``: fixed 32-point Gauss-Legendre quadrature after the substitution
  t = 1 - x = r (e^s - 1), s in [0, ln(1 + 1/r)].  The only structure of the integrand for small r
  is the pole of 1/D at t ~ -r (a boundary layer of width r at x = 1); the logarithmic map spreads
  that layer over O(1) in s and leaves an integrand whose nearest singularities lie at
  Re s ~ ln r and Re s ~ 2 ln(1/r), far outside the interval, so Gauss-Legendre converges
  geometrically.  No subtraction is made: every term is positive.
* ``r >= 1``: the exact closed form (polynomial division by D plus
  int_0^1 dx/D = 2 arctan(sigma)/sigma, sigma = sqrt(4r - 1)), written in u = 1/r.  For r >= 1 its
  terms are at most a few times larger than the result, so at most one digit is lost.

Measured against mpmath (30 digits) at 400 random r from 1e-17 to 1e14 the largest relative error
of both integrals is 1.1e-15 (tests/test_g2.py, docs/g2.md); the specification asks for 1e-8.

Limits (seed 004 Eq. (8)), derived from the closed form::

    r -> 0:  I_V = 1/3 + r (ln r + 25/12) + r^2 (6 ln r + 97/10) + r^3 (28 ln r + 208/5) + ...
             I_A = 5/3 + r (ln r + 19/12) + r^2 (4 ln r + 77/15) + r^3 (14 ln r + 173/10) + ...
    r -> oo: I_V = 1/(2r) - pi / (2 r^(3/2)) + O(ln r / r^2),
             I_A = 1 + (ln r - 5/2) / r + O(r^(-3/2))

so the heavy-Z' limit is approached as O(r ln r) and, for the light-Z' limit, the axial part as
O(ln r / r) but the vector part only as O(1/sqrt(r)) = O(m_Z'/m_l).

Units: masses in GeV.
"""
from __future__ import annotations

import functools
from collections.abc import Mapping

import numpy as np

from .constants import constants
from .couplings import FLAVOURS, coupling_arrays
from .exceptions import InputError

#: Gauss-Legendre order for r < 1 (converged to ~1e-15 already; see module docstring).
GL_ORDER = 32
#: r = m_l^2/m_Z'^2 at and above which the closed form is used.
R_CLOSED_FORM = 1.0
#: r below which the small-r series is used.
R_SERIES = 1e-6
#: Small-r expansion coefficients (a_n, b_n) of r^n (a_n ln r + b_n), n = 1, 2, 3, for I_V and I_A.
_SERIES_V = ((1.0, 25.0 / 12.0), (6.0, 97.0 / 10.0), (28.0, 208.0 / 5.0))
_SERIES_A = ((1.0, 19.0 / 12.0), (4.0, 77.0 / 15.0), (14.0, 173.0 / 10.0))
#: Points per block in the quadrature (bounds the temporary arrays to ~ 2 MB each).
_BLOCK = 1 << 13


@functools.cache
def _gauss_legendre():
    """Gauss-Legendre nodes and weights mapped to [0, 1] (computed once; read-only)."""
    nodes, weights = np.polynomial.legendre.leggauss(GL_ORDER)
    nodes, weights = 0.5 * (nodes + 1.0), 0.5 * weights
    nodes.flags.writeable = weights.flags.writeable = False
    return nodes, weights


def _check_r(r) -> np.ndarray:
    arr = np.asarray(r, dtype=float)
    bad = ~np.isfinite(arr) | (arr <= 0)
    if np.any(bad):
        raise InputError(f"r = m_l^2/m_Z'^2 must be finite and positive; got {arr[bad][:3].tolist()}")
    return arr


def _integrals_quadrature(r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """I_V, I_A for a 1-d array of r (meant for r < 1) by Gauss-Legendre in s = ln(1 + t/r)."""
    y, w = _gauss_legendre()
    i_v = np.empty_like(r)
    i_a = np.empty_like(r)
    for start in range(0, r.size, _BLOCK):  # blocks of points, not a loop over points
        rb = r[start:start + _BLOCK, None]
        length = np.log1p(1.0 / rb)
        t = rb * np.expm1(length * y)  # t = 1 - x
        one_minus_t = 1.0 - t
        # dt = (t + r) ds; D = t + r (1-t)^2 in terms of t
        jac = length * w * (t + rb) / (t + rb * one_minus_t**2)
        i_v[start:start + _BLOCK] = np.sum(jac * one_minus_t**2 * t, axis=1)
        i_a[start:start + _BLOCK] = np.sum(
            jac * one_minus_t * (t * (3.0 + t) + 2.0 * rb * one_minus_t**2), axis=1
        )
    return i_v, i_a


def _integrals_series(r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """I_V, I_A from the small-r expansion (module docstring), for r < R_SERIES."""
    log_r = np.log(r)

    def series(leading, coefficients):
        total = np.zeros_like(r)
        for a_n, b_n in reversed(coefficients):  # Horner in r
            total = r * (total + a_n * log_r + b_n)
        return leading + total

    return series(1.0 / 3.0, _SERIES_V), series(5.0 / 3.0, _SERIES_A)


def _integrals_closed(r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """I_V, I_A from the exact closed form, written in u = 1/r (accurate for r >= 1)."""
    u = 1.0 / r
    sigma = np.sqrt(r) * np.sqrt(4.0 - u)  # sqrt(4r - 1) without overflow
    m0 = 2.0 * np.arctan(sigma) / sigma  # int_0^1 dx / D(x)
    log_r = np.log(r)
    c = u * (2.0 - 4.0 * u + u * u) / 2.0
    i_v = u * (1.0 - 2.0 * u) / 2.0 + u * u * (2.0 - u) / 2.0 * log_r - c * m0
    i_a = (1.0 - 2.0 * u) * (2.0 - u) / 2.0 + c * log_r + u * (2.0 - u) * (4.0 - u) / 2.0 * m0
    return i_v, i_a


def loop_integrals(r) -> tuple[np.ndarray, np.ndarray]:
    """The two dimensionless integrals (I_V, I_A) of seed 004 Eq. (7) at r = m_l^2/m_Z'^2.

    Vectorised over any array shape; r must be finite and positive. Relative accuracy better
    than 1e-13 for all r (see module docstring for the method).
    """
    arr = _check_r(r)
    flat = arr.ravel()
    i_v = np.empty_like(flat)
    i_a = np.empty_like(flat)
    regimes = (
        (flat < R_SERIES, _integrals_series),
        ((flat >= R_SERIES) & (flat < R_CLOSED_FORM), _integrals_quadrature),
        (flat >= R_CLOSED_FORM, _integrals_closed),
    )
    for mask, method in regimes:
        if np.any(mask):
            i_v[mask], i_a[mask] = method(flat[mask])
    return i_v.reshape(arr.shape), i_a.reshape(arr.shape)


def loop_integral_vector(r) -> np.ndarray:
    """I_V(r) = int_0^1 x^2 (1-x) / (1 - x + r x^2) dx (seed 004 Eq. (7), C_V^2 term)."""
    return loop_integrals(r)[0]


def loop_integral_axial(r) -> np.ndarray:
    """I_A(r) = int_0^1 [x(1-x)(4-x) + 2 r x^3] / (1 - x + r x^2) dx (seed 004 Eq. (7), C_A^2 term)."""
    return loop_integrals(r)[1]


def _lepton_mass(lepton: str) -> float:
    if lepton not in FLAVOURS:
        raise InputError(f"lepton = {lepton!r}; expected one of {list(FLAVOURS)}")
    return constants().lepton_mass(lepton)


def _check_mass(m_zp) -> np.ndarray:
    arr = np.asarray(m_zp, dtype=float)
    bad = ~np.isfinite(arr) | (arr <= 0)
    if np.any(bad):
        raise InputError(f"m_Z' must be finite and positive (GeV); got {arr[bad][:3].tolist()}")
    return arr


def _check_coupling(value, name: str) -> np.ndarray:
    arr = np.asarray(value, dtype=float)
    bad = ~np.isfinite(arr)
    if np.any(bad):
        raise InputError(f"coupling {name} must be finite; got {arr[bad][:3].tolist()}")
    return arr


def _ratio(m_zp, lepton: str) -> np.ndarray:
    m_l = _lepton_mass(lepton)
    return (m_l / _check_mass(m_zp)) ** 2


def delta_a(m_zp, CV, CA, lepton: str = "mu") -> np.ndarray:
    """One-loop Delta a_l from a Z' (seed 004 Eq. (7)); m_zp in GeV, arrays broadcast.

    CV, CA are the vector and axial couplings of the lepton, L ⊃ -Z' l-bar gamma (C_V + C_A gamma5) l.
    Raises InputError for a non-positive or non-finite mass or a non-finite coupling.
    """
    cv = _check_coupling(CV, "C_V")
    ca = _check_coupling(CA, "C_A")
    r = _ratio(m_zp, lepton)
    i_v, i_a = loop_integrals(r)
    return r / (4.0 * np.pi**2) * (cv**2 * i_v - ca**2 * i_a)


def delta_a_leptons(m_zp, couplings: Mapping) -> dict[str, np.ndarray]:
    """Delta a_e, Delta a_mu, Delta a_tau from couplings named CV_e, CA_e, ... (missing ones = 0)."""
    arrays = coupling_arrays(couplings)
    return {fl: delta_a(m_zp, arrays[f"CV_{fl}"], arrays[f"CA_{fl}"], fl) for fl in FLAVOURS}


def delta_a_heavy_limit(m_zp, CV, CA, lepton: str = "mu") -> np.ndarray:
    """Seed 004 Eq. (8), m_l << m_Z': m_l^2 (C_V^2 - 5 C_A^2) / (12 pi^2 m_Z'^2).

    With C_V = 0 this is seed 004 Eq. (15). Relative corrections are O(r ln r), r = m_l^2/m_Z'^2.
    """
    r = _ratio(m_zp, lepton)
    cv, ca = _check_coupling(CV, "C_V"), _check_coupling(CA, "C_A")
    return r * (cv**2 - 5.0 * ca**2) / (12.0 * np.pi**2)


def delta_a_light_limit(m_zp, CV, CA, lepton: str = "mu") -> np.ndarray:
    """Seed 004 Eq. (8), m_l >> m_Z': (m_Z'^2 C_V^2 - 2 m_l^2 C_A^2) / (8 pi^2 m_Z'^2).

    The C_A = 0 case is the Schwinger-like value C_V^2/(8 pi^2). Corrections: O(m_Z'/m_l) for the
    vector part, O(ln r / r) for the axial part (see module docstring).
    """
    r = _ratio(m_zp, lepton)
    cv, ca = _check_coupling(CV, "C_V"), _check_coupling(CA, "C_A")
    return (cv**2 - 2.0 * r * ca**2) / (8.0 * np.pi**2)
