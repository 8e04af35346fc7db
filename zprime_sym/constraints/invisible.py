"""Searches for an invisibly decaying vector: NA64 missing energy, BaBar single photon, and the
recast of muon-philic (Belle II e+e- -> mu+mu- + invisible) limits.

"Invisible" means the Z' decays to neutrinos (widths of ``widths.py``: BR_inv = sum over the three
flavours of Gamma(Z' -> nu nu-bar) / Gamma_tot); the models here carry no dark states.

Dark-photon searches (NA64 arXiv:1906.00176, BaBar arXiv:1702.03327) publish an upper limit eps_lim(m)
on the kinetic mixing of an A' with BR(A' -> invisible) = 1. The signal is production through the
electron couplings times the invisible branching ratio. Production: e- N -> e- N Z' (NA64) and
e+e- -> gamma Z' (BaBar) scale as C_Ve^2 + C_Ae^2 against (eps e)^2 for the A' (vector and axial
production taken equal, up to O(m_e^2/m_Z'^2) for NA64 and O(m_e^2/s) for BaBar, as in
``beam_dump.py`` and ``colliders.py``). Hence the equivalent mixing

    eps_inv = sqrt((C_Ve^2 + C_Ae^2) BR(Z' -> invisible)) / e,      ratio = eps_inv / eps_lim(m).

Approximation (conservative): only the invisible decays are counted. A Z' with visible widths also
gives missing energy when it decays visibly beyond the detector (NA64: behind the calorimeters;
BaBar: outside the tracker); that extra signal is neglected, so the ratio never overstates the bound.
When BR_inv is small the visible searches (``beam_dump.py``, ``colliders.py``) are the relevant ones.
For a dark photon decaying only invisibly (BR_inv = 1, C_Ve = eps e) the ratio is exactly eps/eps_lim
(tested).

Muon-philic invisible searches (Belle II e+e- -> mu+mu- Z', Z' -> invisible, arXiv:1912.11276 and
arXiv:2212.03066) are published as limits g_lim(m) on the L_mu - L_tau coupling (C_Vmu = C_numu = g,
C_Vtau = C_nutau = -g, C_A = 0), whose invisible branching ratio is BR_inv^ref(m) (the widths of
``widths.py`` for that reference: 1 below 2 m_mu, 1/2 in the massless limit above). The Z' is radiated
off a muon (rate ~ C_Vmu^2 + C_Amu^2, vector and axial alike well above m_mu, as in
``muon_searches.py``), so

    g_eq = sqrt((C_Vmu^2 + C_Amu^2) BR_inv(Z') / BR_inv^ref(m)),     ratio = g_eq / g_lim(m),

which is g exactly for the reference model. No curve of either Belle II result is shipped (only the
endpoints of the published range, 3e-3 to 1 for arXiv:2212.03066, were available to us); a user table
with ``production: ee_to_mumu``, ``decay: invisible``, ``bounds: g_lmu_ltau`` uses this recast.
"""
from __future__ import annotations

import functools

import numpy as np

from ..constants import constants
from .base import Constraint, by_mass, shared
from .mass_runs import MassFunction
from .colliders import ALL_WIDTH_COUPLINGS
from .muon_searches import MUON_COUPLINGS, REFERENCE_WIDTHS, table_constraint
from .tables import LimitTable, shipped_table
from .widths import branching_ratio

#: The partial widths (keys of ``widths.partial_widths``) that are invisible.
INVISIBLE_CHANNELS = ("nu_e", "nu_mu", "nu_tau")


def br_invisible(m_zp, couplings) -> np.ndarray:
    """BR(Z' -> invisible) = sum of the three neutrino widths over the total width."""
    return branching_ratio(m_zp, couplings, INVISIBLE_CHANNELS)


def equivalent_epsilon_invisible(m_zp, couplings) -> np.ndarray:
    """eps_inv = sqrt((C_Ve^2 + C_Ae^2) BR_inv) / e: the mixing of an invisibly decaying dark photon
    with the same missing-energy signal (module docstring)."""
    def compute(m, c):
        c2 = c["CV_e"] ** 2 + c["CA_e"] ** 2
        return np.sqrt(c2 * br_invisible(m, c)) / constants().e

    return shared(m_zp, couplings, "invisible_epsilon", compute)


def invisible_epsilon_constraint(table: LimitTable, *, name: str, description: str,
                                 projection: bool = False) -> Constraint:
    """A Constraint eps_inv <= eps_lim(m) from an invisible dark-photon upper-limit table."""

    def ratio(m, c):
        lim = table.interpolate(m, c)[..., 0]
        ok = ~np.isnan(lim)
        return np.where(ok, equivalent_epsilon_invisible(m, c) / np.where(ok, lim, 1.0), 0.0)

    return Constraint.from_table(table, name=name, ratio_fn=ratio, depends_on=ALL_WIDTH_COUPLINGS,
                                 description=description, projection=projection)


def _br_invisible(m, widths):
    mumu, tautau, nu = widths
    inv = 2.0 * nu
    return inv / (inv + mumu + tautau)


#: BR(Z' -> invisible) of the L_mu - L_tau reference (C_Vmu = C_numu = 1, C_Vtau = C_nutau = -1):
#: 2 Gamma_nu / (2 Gamma_nu + Gamma_mumu + Gamma_tautau), from the reference widths of muon_searches.py.
REFERENCE_BR_INVISIBLE = MassFunction(_br_invisible, inputs=(REFERENCE_WIDTHS,), shared=True)


def _reference_br_invisible(m) -> np.ndarray:
    """BR(Z' -> invisible) of the L_mu - L_tau reference at masses ``m`` (GeV)."""
    return REFERENCE_BR_INVISIBLE.compute(np.asarray(m, dtype=float))


def equivalent_g_mumu_invisible(m, c) -> np.ndarray:
    """g of the L_mu - L_tau reference with the same e+e- -> mu+mu- + invisible signal as couplings ``c``."""
    num = (c["CV_mu"] ** 2 + c["CA_mu"] ** 2) * br_invisible(m, c)
    den = by_mass(REFERENCE_BR_INVISIBLE, m, c)
    return np.sqrt(np.divide(num, den, out=np.zeros(np.shape(num)), where=den > 0))


def muon_invisible_constraint(table: LimitTable, *, name: str, description: str,
                              projection: bool = False) -> Constraint:
    """A Constraint g_eq <= g_lim(m) from an L_mu-L_tau e+e- -> mu+mu- + invisible table."""
    return table_constraint(table, name, equivalent_g_mumu_invisible, MUON_COUPLINGS, description,
                            projection=projection)


_RECAST = "sqrt((C_Ve^2+C_Ae^2) BR(Z'->inv))/e vs eps_lim (only invisible decays counted; see invisible.py)"


@functools.cache
def na64_invisible_2019() -> Constraint:
    """NA64 missing energy, 2.84e11 electrons on target (arXiv:1906.00176, 90% CL)."""
    return invisible_epsilon_constraint(shipped_table("na64_invisible_2019.csv"), name="na64_invisible_2019",
                                        description=f"NA64 invisible A' (arXiv:1906.00176); {_RECAST}")


@functools.cache
def babar_2017_invisible() -> Constraint:
    """BaBar single photon + missing energy, 53/fb (arXiv:1702.03327, 90% CL)."""
    return invisible_epsilon_constraint(shipped_table("babar_2017_invisible.csv"), name="babar_2017_invisible",
                                        description=f"BaBar e+e- -> gamma A'(invisible) (arXiv:1702.03327); {_RECAST}")
