"""Batched diagonalisation of stacked mass matrices (numpy.linalg, no loops over points).

Conventions (BDR20 Eqs. (2.4), (2.6), (2.10); SLHA2 arXiv:0801.0045):

* Neutralinos, :func:`takagi_real_symmetric`: POSITIVE masses and a complex unitary N with
  N^* M N^dagger = diag(m), m >= 0 ascending. For a real symmetric M = O diag(lambda) O^T
  (eigh), N = P O^T with P = diag(1 or i): a row of N is multiplied by i when its eigenvalue
  lambda is negative, since (-i)(-i) lambda = |lambda|. Only real mass matrices (CP-conserving
  inputs) are supported.
* Charginos, :func:`svd_chargino`: U^* X V^dagger = diag(m), m >= 0 ascending, U and V real
  orthogonal for real X.
* Sfermions, :func:`eigh_sfermion`: X M^2 X^dagger = diag(m^2), ascending (closed form for 2x2); masses are NaN where
  an eigenvalue of M^2 is negative (tachyonic point).
"""
from __future__ import annotations

import functools

import numpy as np
from numpy.linalg import LinAlgError, _umath_linalg

# the gufuncs behind numpy.linalg.eigh / svd (numpy >= 2): the same LAPACK calls without the wrappers
# (None for another numpy layout: then the public functions)
_EIGH_LO = getattr(_umath_linalg, "eigh_lo", None)
_SVD_F = getattr(_umath_linalg, "svd_f", None)


class _NonConvergence:
    """numpy error-state ``call`` handler: LinAlgError("<what> did not converge") as numpy.linalg raises it."""

    def __init__(self, what: str):
        self.what = what

    def __call__(self, err, flag):
        raise LinAlgError(f"{self.what} did not converge")


def eigh(m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """numpy.linalg.eigh of a real (..., k, k) array (lower triangle), the same LAPACK call and doubles;
    LinAlgError on non-convergence as numpy raises it."""
    if _EIGH_LO is None:
        return tuple(np.linalg.eigh(m))  # type: ignore[return-value]
    with np.errstate(call=_NonConvergence("Eigenvalues"), invalid="call", over="ignore", divide="ignore", under="ignore"):
        return _EIGH_LO(m, signature="d->dd")


def svd(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """numpy.linalg.svd (full matrices) of a real (..., k, l) array, the same LAPACK call and doubles."""
    if _SVD_F is None:
        return tuple(np.linalg.svd(x))  # type: ignore[return-value]
    with np.errstate(call=_NonConvergence("SVD"), invalid="call", over="ignore", divide="ignore", under="ignore"):
        return _SVD_F(x, signature="d->ddd")


def eigh_and_svd(m: np.ndarray, x: np.ndarray) -> tuple[tuple, tuple]:
    """(:func:`eigh` of m, :func:`svd` of x) under one floating-point error state (the same calls)."""
    if _EIGH_LO is None or _SVD_F is None:
        return eigh(m), svd(x)
    failed = _NonConvergence("Eigenvalues")
    with np.errstate(call=failed, invalid="call", over="ignore", divide="ignore", under="ignore"):
        eig = _EIGH_LO(m, signature="d->dd")
        failed.what = "SVD"
        return eig, _SVD_F(x, signature="d->ddd")


@functools.lru_cache(maxsize=16)
def _gather_index(n: int, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows (n, 1), rows (n, 1, 1), columns (1, k, 1)) index arrays of takagi_real_symmetric, made once."""
    rows, cols = np.arange(n)[:, None], np.arange(k)[None, :, None]
    rows.flags.writeable = cols.flags.writeable = False  # cached, shared by every call
    return rows, rows[:, :, None], cols


def takagi_real_symmetric(m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(masses (n,k) ascending >= 0, N (n,k,k) complex) with N^* M N^dagger = diag(masses)."""
    return takagi_from_eigh(*eigh(m))


def takagi_from_eigh(lam: np.ndarray, vecs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`takagi_real_symmetric` from the eigenvalues and eigenvectors of M (numpy.linalg.eigh)."""
    order = np.argsort(np.abs(lam), axis=-1)
    rows, rows3, cols = _gather_index(*lam.shape)
    lam = lam[rows, order]
    vecs = vecs[rows3, cols, order[:, None, :]]  # columns in mass order
    phase = np.where(lam < 0, 1j, 1.0 + 0j)
    # N = P O^T. The layout (each N stored transposed) is part of the result: the batched matmul with N in
    # g2.py rounds according to the memory layout.
    n_mix = phase[:, :, None] * np.swapaxes(vecs, -1, -2)
    return np.abs(lam), n_mix


def svd_chargino(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(masses (n,k) ascending, U, V) with U^* X V^dagger = diag(masses)."""
    return chargino_from_svd(*svd(x))


def chargino_from_svd(w: np.ndarray, s: np.ndarray, vh: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`svd_chargino` from numpy.linalg.svd of X."""
    u = np.swapaxes(w, -1, -2)[:, ::-1, :]
    return s[:, ::-1], u.copy(), vh[:, ::-1, :].copy()


def eigh_sfermion(m2: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(masses (..., k) ascending, NaN if tachyonic; mixing X (..., k, k); eigenvalues m^2), any leading axes.

    2x2 matrices [[a, b], [b, c]] use the closed-form rotation (tan 2theta = 2b/(a-c)); larger
    ones numpy.linalg.eigh."""
    if m2.shape[-2:] == (2, 2):
        with np.errstate(divide="ignore", invalid="ignore"):
            return sfermion_2x2(m2)
    lam, vecs = eigh(m2)
    with np.errstate(invalid="ignore"):
        masses = np.sqrt(lam)
    return masses, np.swapaxes(vecs, -1, -2).copy(), lam


def sfermion_2x2(m2: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`eigh_sfermion` of (..., 2, 2) matrices [[a, b], [b, c]] by the closed-form rotation
    (tan 2theta = 2b/(a-c)); the caller ignores divide and invalid floating-point errors (tachyons: NaN)."""
    a, b, c = m2[..., 0, 0], m2[..., 0, 1], m2[..., 1, 1]
    half_diff = 0.5 * (a - c)
    root = np.hypot(half_diff, b)
    mean = 0.5 * (a + c)
    upper = mean + root
    lam = np.empty(a.shape + (2,))
    vecs_t = np.empty(a.shape + (2, 2))  # rows (-sin, cos) and (cos, sin)
    lam[..., 0] = np.where(upper > 0, (a * c - b * b) / upper, mean - root)  # lower = det/upper: no cancellation
    lam[..., 1] = upper
    theta = 0.5 * np.arctan2(b, half_diff)
    vecs_t[..., 0, 1] = vecs_t[..., 1, 0] = np.cos(theta)
    sin = np.sin(theta)
    vecs_t[..., 1, 1] = sin
    vecs_t[..., 0, 0] = -sin
    masses = np.sqrt(lam)
    return masses, vecs_t, lam
