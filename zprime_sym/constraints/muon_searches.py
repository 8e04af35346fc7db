"""Muon-philic Z' searches published as limits on an L_mu - L_tau coupling g_X, recast to any couplings.

BCK21 Sec. II B: "in the region 2 m_mu < m_Z' <= 10 GeV, the new vector boson is excluded by
BaBar from its decay into two muons [1606.03501], while for 5 GeV <= m_Z' <= 70 GeV it is similarly
excluded by CMS [1808.03684]". Both searches are published for the reference model L_mu - L_tau:
C_Vmu = C_numu = g, C_Vtau = C_nutau = -g, C_A = 0, other couplings zero.

Recasts (documented approximations):
- 4 mu searches (e+e- -> mu mu Z', Z -> mu mu Z', then Z' -> mu mu): the Z' is radiated off a muon
  line, with rate proportional to C_Vmu^2 + C_Amu^2 (vector and axial radiate alike for energies much
  above m_mu), and seen through BR(Z' -> mu mu). The equivalent reference coupling is
  g_eq = sqrt((C_Vmu^2 + C_Amu^2) BR_mumu(Z') / BR_mumu^ref(m_Z')); ratio = g_eq / g_lim.
  The branching ratios come from ``widths.py`` (every open lepton channel, with its threshold factor),
  so the ratio is continuous across 2 m_mu and 2 m_tau. Validity: both searches reconstruct the Z' as a
  mu+mu- resonance, so they apply over the tabulated mass spans only (BaBar 215 MeV - 7.5 GeV, CMS
  5-70 GeV); outside them the ratio is 0 (no information).
The CCFR trident (also published for L_mu - L_tau) is in ``neutrino_scattering.py``.
These Constraint objects are the only implementation: the SUSY L_mu-L_tau plane evaluates them too.
"""
from __future__ import annotations

import functools

import numpy as np

from ..constants import constants
from .base import Constraint, by_mass
from .mass_runs import MassFunction
from .tables import LimitTable, shipped_table
from .widths import branching_ratio, charged_lepton_width, neutrino_width

MUON_COUPLINGS = ("CV_mu", "CA_mu", "Cnu_mu", "CV_e", "CA_e", "Cnu_e", "CV_tau", "CA_tau", "Cnu_tau")


def _reference_widths(m) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(Gamma(mu mu), Gamma(tau tau), Gamma(nu nu-bar) of one flavour) in GeV of the L_mu - L_tau reference
    model at g = 1: the widths of ``widths.py`` with C_Vmu = C_numu = 1, C_Vtau = C_nutau = -1, every
    other coupling zero (its branching ratios do not depend on g)."""
    k = constants()
    m = np.asarray(m, dtype=float)
    return charged_lepton_width(m, 1.0, 0.0, k.m_mu), charged_lepton_width(m, 1.0, 0.0, k.m_tau), neutrino_width(m, 1.0)


#: The reference widths (a function of the mass alone), shared by the 4-muon and mu mu + invisible recasts.
REFERENCE_WIDTHS = MassFunction(_reference_widths, shared=True)


def _br_mumu(m, widths):
    mumu, tautau, nu = widths
    return mumu / (mumu + tautau + 2.0 * nu)


#: BR(Z' -> mu mu) of the L_mu - L_tau reference: Gamma_mumu / (Gamma_mumu + Gamma_tautau + 2 Gamma_nu).
REFERENCE_BR_MUMU = MassFunction(_br_mumu, inputs=(REFERENCE_WIDTHS,), shared=True)


def _reference_br_mumu(m) -> np.ndarray:
    """BR(Z' -> mu mu) of the L_mu - L_tau reference model (independent of g), at masses ``m`` (GeV)."""
    return REFERENCE_BR_MUMU.compute(np.asarray(m, dtype=float))


def equivalent_g_4mu(m, c) -> np.ndarray:
    """g of the L_mu - L_tau reference giving the same 4-muon signal as couplings ``c``."""
    num = (c["CV_mu"] ** 2 + c["CA_mu"] ** 2) * branching_ratio(m, c, ("mumu",))
    den = by_mass(REFERENCE_BR_MUMU, m, c)
    return np.sqrt(np.divide(num, den, out=np.zeros(np.shape(num)), where=den > 0))


def table_constraint(table: LimitTable, name, g_eq, depends_on, description, min_mass=0.0,
                     projection: bool = False) -> Constraint:
    """A Constraint g_eq(m, c) <= g_lim(m) from an L_mu-L_tau limit table (shipped or user-supplied)."""

    def ratio(m, c):
        lim = table.interpolate(m, c)[..., 0]
        ok = ~np.isnan(lim) & (m >= min_mass)
        return np.where(ok, g_eq(m, c) / np.where(ok, lim, 1.0), 0.0)

    lo, hi = table.mass_range_GeV
    return Constraint.from_table(table, name=name, ratio_fn=ratio, depends_on=depends_on, description=description,
                                 mass_range_GeV=(max(lo, min_mass), hi), projection=projection)


@functools.cache
def babar_2016_4mu() -> Constraint:
    """BaBar e+e- -> mu mu Z', Z' -> mu mu (arXiv:1606.03501, 90% CL), recast from L_mu - L_tau."""
    return table_constraint(
        shipped_table("babar_2016_4mu.csv"), "babar_2016_4mu", equivalent_g_4mu, MUON_COUPLINGS,
        "sqrt((C_Vmu^2+C_Amu^2) BR(Z'->mumu)/BR_ref) vs the L_mu-L_tau limit on g_X (BCK21 Sec. II B)")


@functools.cache
def cms_2019_z4mu() -> Constraint:
    """CMS Z -> mu mu Z', Z' -> mu mu (arXiv:1808.03684, 95% CL), recast from L_mu - L_tau."""
    return table_constraint(
        shipped_table("cms_2019_z4mu.csv"), "cms_2019_z4mu", equivalent_g_4mu, MUON_COUPLINGS,
        "sqrt((C_Vmu^2+C_Amu^2) BR(Z'->mumu)/BR_ref) vs the L_mu-L_tau limit on g_X (BCK21 Sec. II B)")
