"""Astrophysical bounds: white-dwarf cooling (BCK21 Eq. (9)) and the supernova band.

White dwarfs (Dreiner, Fortin, Isern, Ubaldi, arXiv:1303.7232, BCK21 ref. [71]): the extra cooling
e+e- -> Z'* -> nu nu-bar, with the Z' integrated out at T_WD ~ 5 keV, must not exceed the SM cooling:

    sqrt((C_Ve^2 + C_Ae^2)(C_nu_e^2 + C_nu_mu^2 + C_nu_tau^2)) / m_Z'^2 <= G_F      (BCK21 Eq. (9))

ratio = left side / G_F. The contact approximation needs m_Z' >> T_WD; we apply it from
``WD_MIN_MASS_GEV`` (100 T_WD = 0.5 MeV) up; no upper mass cut (the bound just weakens as 1/m^2).
This is a criterion, not a confidence level (cl = None).

Supernova (BCK21 Sec. III A1, following App. B of Escudero, Hooper, Krnjaic, Pierre,
arXiv:1901.02010): for an MeV-scale Z', energy loss excludes only the band
1e-12 <~ |C_nu_a| <~ 1e-7 (any flavour a). ratio = max_a min(|C_nu_a|/1e-12, 1e-7/|C_nu_a|) (band
convention, > 1 inside). "MeV scale" is taken as 1-100 MeV (``SUPERNOVA_MASS_RANGE_GEV``); outside it
the band is not applied. This is a coarse, mass-independent summary of the paper's statement.
The upper edge of the band is the trapping regime: a Z' that interacts more strongly than ~1e-7 is
reabsorbed in the core and carries no energy out. The band of arXiv:1901.02010 is for a Z' that talks
only to neutrinos; a Z' that also couples to the core's electrons or nucleons with a coupling above the
upper edge is trapped all the more (electrons and nucleons are far more abundant there than the
neutrinos that set the band). So the upper edge applies to the largest coupling to the core's
constituents, C_trap = max(|C_nu_a|, |C_Ve|, |C_Ae|, |C_Vp|, |C_Vn|):
ratio = max_a min(|C_nu_a|/1e-12, 1e-7/max(|C_nu_a|, C_trap)). For a neutrino-only Z' this is the band
above; a Z' with |C_Ve| ~ 1e-4 and a tiny mixing-induced C_nu (a dark photon) is not excluded by it.
This is our reading of the trapping argument, not a number from either paper.

Supernova muons (Croon, Elor, Leane, McDermott, arXiv:2006.13942, BCK21 ref. [82], as quoted in
BCK21 Sec. III B1): energy loss through Z'-muon interactions rules out |C_Vmu| >~ 4e-4 for
m_Z' <~ O(100) eV. ratio = |C_Vmu| / 4e-4 for m_Z' <= 100 eV (``SN_MUON_MAX_MASS_GEV``); no curve of
the original is available to us, so the mass dependence below 100 eV is not modelled.
"""
from __future__ import annotations

import functools

import numpy as np

from ..constants import constants
from ..model.couplings import FLAVOURS
from ..units import UNITS_IN_GEV
from .base import Constraint

_MEV = UNITS_IN_GEV["MeV"]
#: White-dwarf temperature scale quoted by BCK21 Sec. III A1 (T_WD ~ 5 keV).
T_WHITE_DWARF_GEV = 5.0 * UNITS_IN_GEV["keV"]
#: Lowest Z' mass where the contact treatment of Eq. (9) is used: 100 T_WD (our choice, documented).
WD_MIN_MASS_GEV = 100 * T_WHITE_DWARF_GEV
#: Supernova exclusion band on |C_nu_a| (BCK21 Sec. III A1).
SUPERNOVA_BAND = (1e-12, 1e-7)
#: Supernova-muon bound as quoted by BCK21 Sec. III B1: |C_Vmu| <~ 4e-4 for m_Z' <~ 100 eV.
SN_MUON_MAX_COUPLING = 4e-4
SN_MUON_MAX_MASS_GEV = 100.0 * UNITS_IN_GEV["eV"]
#: Mass range read as "roughly MeV-scale" for the supernova band (our reading of BCK21).
SUPERNOVA_MASS_RANGE_GEV = (1.0 * _MEV, 100.0 * _MEV)


def white_dwarf_lhs(m, c) -> np.ndarray:
    """Left side of BCK21 Eq. (9), in GeV^-2."""
    ce2 = c["CV_e"] ** 2 + c["CA_e"] ** 2
    cnu2 = sum(c[f"Cnu_{fl}"] ** 2 for fl in FLAVOURS)
    return np.sqrt(ce2 * cnu2) / m**2


@functools.cache
def white_dwarf() -> Constraint:
    return Constraint(
        name="white_dwarf",
        experiment="white-dwarf cooling",
        arxiv="1303.7232",
        cl=None,
        mass_range_GeV=(WD_MIN_MASS_GEV, np.inf),
        depends_on=("CV_e", "CA_e", "Cnu_e", "Cnu_mu", "Cnu_tau"),
        projection=False,
        description="sqrt((C_Ve^2+C_Ae^2) sum_a C_nu_a^2) / m_Z'^2 <= G_F (BCK21 Eq. (9))",
        ratio_fn=lambda m, c: white_dwarf_lhs(m, c) / constants().G_F,
    )


#: Couplings to the supernova core's electrons and nucleons that trap a Z' above the band's upper edge.
TRAPPING_COUPLINGS = ("CV_e", "CA_e", "CV_p", "CV_n")


def _supernova_ratio(m, c):
    lo, hi = SUPERNOVA_BAND
    trap = np.max(np.stack([np.abs(np.asarray(c[n], dtype=float)) for n in TRAPPING_COUPLINGS]), axis=0)
    ratios = []
    for fl in FLAVOURS:
        cnu = np.abs(np.asarray(c[f"Cnu_{fl}"], dtype=float))
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.minimum(cnu / lo, hi / np.maximum(cnu, trap))
        ratios.append(np.where(cnu > 0, r, 0.0))
    return np.max(np.stack(ratios), axis=0)


@functools.cache
def supernova() -> Constraint:
    return Constraint(
        name="supernova",
        experiment="SN1987A energy loss",
        arxiv="1901.02010",
        cl=None,
        mass_range_GeV=SUPERNOVA_MASS_RANGE_GEV,
        depends_on=("Cnu_e", "Cnu_mu", "Cnu_tau", *TRAPPING_COUPLINGS),
        projection=False,
        description="excluded band 1e-12 < |C_nu_a| < 1e-7 for MeV-scale Z' (BCK21 Sec. III A1), unless a "
        "coupling to the core's electrons or nucleons above 1e-7 traps the Z'; "
        "ratio = max_a min(|C_nu_a|/1e-12, 1e-7/max(|C_nu_a|, C_trap))",
        ratio_fn=_supernova_ratio,
    )


@functools.cache
def supernova_muon() -> Constraint:
    return Constraint(
        name="supernova_muon",
        experiment="SN1987A energy loss (supernova muons)",
        arxiv="2006.13942",
        cl=None,
        mass_range_GeV=(0.0, SN_MUON_MAX_MASS_GEV),
        depends_on=("CV_mu",),
        projection=False,
        description="|C_Vmu| <~ 4e-4 for m_Z' <~ 100 eV (BCK21 Sec. III B1); ratio = |C_Vmu| / 4e-4",
        ratio_fn=lambda m, c: np.abs(c["CV_mu"]) / SN_MUON_MAX_COUPLING,
    )
