"""Electroweakino pair-production cross sections and the σ × BR recast of BDR20 Eq. (4.4).

BDR20 Eq. (4.4): the signal of a simplified model is σ^X = σ^G × F_M × Π BR, with σ^G the production
cross section of pure gauge eigenstates of the same mass (here: wino-like χ̃±₁χ̃⁰₂ and χ̃⁺₁χ̃⁻₁ at
13 TeV, NLO+NLL, LHC SUSY Cross Section Working Group, ``zprime_sym/data/susy_xsec.toml``), F_M the
mixing factor of the produced states and Π BR the branching-ratio product of the simplified model.

Interpolation: ln σ^G is linear in m between the tabulated masses (100-2000 GeV, 25 GeV steps);
outside the table σ^G is NaN (no recast there). :func:`effective_mass` inverts the same piecewise-linear
map exactly, so ``effective_mass(p, sigma_gauge(p, m)) == m`` to rounding.

Mixing factor of χ̃±_k χ̃⁰_j production (squarks decoupled, so only the s-channel W contributes):
the W vertex is g (O^L_jk P_L + O^R_jk P_R) (:func:`zprime_sym.susy.decays._w_couplings`, Gunion-Haber
couplings; O^L = O^R = 1 for a pure wino pair), and

    F_M = (|O^L_jk|² + |O^R_jk|²) / 2 ,

which is exact for the terms of σ proportional to |O^L|² + |O^R|² and rescales the L-R interference
term (∝ m_χ± m_χ⁰ Re O^L O^R*) in the same proportion (exact when |O^L| = |O^R|, e.g. pure winos or
pure higgsinos). Check against the published pure-higgsino σ(χ̃⁺₁χ̃⁰₂) (F_M = 1/4, within 4 %):
tests/test_susy_xsec.py. For χ̃⁺₁χ̃⁻₁ (γ and Z exchange) no mixing factor is computed: the wino table
is applied only to wino-like charginos (F_M = 1), as the via-slepton C1C1 contour is.
"""
from __future__ import annotations

import functools

import numpy as np

from ..data import read_toml

#: processes of data/susy_xsec.toml [wino]: name -> column
PROCESSES = {"c1n2": "c1n2_pb", "c1pn2": "c1pn2_pb", "c1c1": "c1c1_pb"}


@functools.cache
def _table(process: str) -> tuple[np.ndarray, np.ndarray]:
    """(masses GeV, ln σ/pb) of a process (cached)."""
    if process not in PROCESSES:
        raise ValueError(f"unknown process {process!r}; known: {sorted(PROCESSES)}")
    data = read_toml("susy_xsec.toml")["wino"]
    m = np.asarray(data["mass_GeV"], float)
    s = np.asarray(data[PROCESSES[process]], float)
    if m.shape != s.shape or np.any(np.diff(m) <= 0) or np.any(np.diff(s) >= 0):
        raise ValueError(f"data/susy_xsec.toml: {process} must be strictly decreasing on increasing masses")
    return m, np.log(s)


def sigma_gauge(process: str, mass) -> np.ndarray:
    """σ^G in pb of a pure-wino pair of mass ``mass`` (GeV, array); NaN outside 100-2000 GeV."""
    m_tab, ls = _table(process)
    m = np.asarray(mass, float)
    inside = (m >= m_tab[0]) & (m <= m_tab[-1])
    return np.where(inside, np.exp(np.interp(m, m_tab, ls)), np.nan)


def effective_mass(process: str, sigma) -> np.ndarray:
    """The mass m_eff (GeV) with σ^G(m_eff) = ``sigma`` (pb, array): the inverse of :func:`sigma_gauge`.

    Above the largest tabulated σ (lightest mass): NaN; below the smallest: +inf (the signal is smaller
    than that of a 2 TeV wino, out of reach of every contour shipped); σ ≤ 0 or NaN: +inf / NaN."""
    m_tab, ls = _table(process)
    s = np.asarray(sigma, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ln_s = np.log(np.where(s > 0, s, np.nan))
    m = np.interp(-ln_s, -ls, m_tab)  # -ln σ increases with m
    m = np.where(ln_s > ls[0], np.nan, m)
    m = np.where((ln_s < ls[-1]) | (s <= 0), np.inf, m)
    return np.where(np.isnan(s), np.nan, m)


def mixing_factor_c1n2(spectrum, k, j) -> np.ndarray:
    """F_M (n,) of χ̃±_k χ̃⁰_j production: (|O^L_jk|² + |O^R_jk|²)/2 (module docstring); 1 for pure winos.

    ``k`` chargino index (int), ``j`` neutralino index per point (int array (n,) or int)."""
    from .decays import _w_couplings

    ol, orr = _w_couplings(spectrum)
    n = ol.shape[0]
    jj = np.broadcast_to(np.asarray(j, int), (n,))
    rows = np.arange(n)
    return 0.5 * (np.abs(ol[rows, jj, k]) ** 2 + np.abs(orr[rows, jj, k]) ** 2)


def recast_mass(process: str, m_parent, factor) -> np.ndarray:
    """m_eff of BDR20 Eq. (4.4): σ^G(m_eff) = σ^G(m_parent) × ``factor`` (factor = F_M × Π BR).

    factor = 1 gives m_parent itself (to rounding); factor < 1 a heavier m_eff. Outside the table: NaN."""
    return effective_mass(process, sigma_gauge(process, m_parent) * np.asarray(factor, float))
