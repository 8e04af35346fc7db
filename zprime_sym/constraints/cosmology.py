"""BBN + Planck lower bounds on the Z' mass (BCK21 Sec. III A1 and III B1).

Sabti, Alvey, Escudero, Fairbairn, Blas, arXiv:1910.01649 (BCK21 ref. [70]), combining BBN and
Planck data at 95.4% CL:

* electrophilic Z' (sqrt(C_Ve^2 + C_Ae^2) >> |C_nu_e|): m_Z' >= 9.8 MeV;
* neutrinophilic (nu_mu) Z' with |C_nu_mu| >~ 1e-9: m_Z' >~ 8.3 MeV.

BCK21 Sec. III B1 adds a generic argument for a muon-philic Z' (|C_nu_mu| below 1e-9): a muon
coupling keeps the Z' in equilibrium down to T ~ m_mu/10; a Z' that is still light then is an extra
relativistic species during neutrino decoupling and BBN (10 keV <~ T <~ 2 MeV), so the paper takes
m_Z' >~ 2 MeV (``NEFF_MUONPHILIC_MIN_MASS_GEV``), a criterion without a confidence level. It is applied
when sqrt(C_Vmu^2 + C_Amu^2) >= ``THERMALISATION_COUPLING``. That threshold is our estimate, the same
scale as for electrons: Gamma(mu mu -> gamma Z') ~ alpha C^2 T exceeds the Hubble rate
1.66 sqrt(g*) T^2/M_Pl at T ~ m_mu once C >~ 1e-9.

A coupling of ~1e-9 already keeps an MeV-scale Z' in thermal contact with the plasma (BCK21
Sec. III A1), so each bound is applied when the relevant coupling is at least
``THERMALISATION_COUPLING``; below it the constraint does not apply (ratio 0). Ratio convention for a
mass lower bound: m_min / m_Z' (> 1 excluded). The electrophilic bound is applied whenever the electron
couplings pass the threshold, also when C_nu_e is comparable (BCK21 calls the 9.8 MeV value
conservative because the bound weakens slightly for larger |C_nu_e|).
"""
from __future__ import annotations

import functools

import numpy as np

from ..units import UNITS_IN_GEV
from .base import Constraint

_MEV = UNITS_IN_GEV["MeV"]
#: Electrophilic BBN+Planck bound, arXiv:1910.01649 as quoted by BCK21 Sec. III A1.
BBN_ELECTROPHILIC_MIN_MASS_GEV = 9.8 * _MEV
#: nu_mu-philic bound, arXiv:1910.01649 as quoted by BCK21 Sec. III B1.
BBN_NUMU_MIN_MASS_GEV = 8.3 * _MEV
#: Generic N_eff / BBN bound on a muon-philic Z' (BCK21 Sec. III B1, "m_Z' >~ 2 MeV").
NEFF_MUONPHILIC_MIN_MASS_GEV = 2.0 * _MEV
#: Coupling above which the Z' thermalises (BCK21 Sec. III A1 and III B1: "|C| ~ 1e-9").
THERMALISATION_COUPLING = 1e-9
#: Confidence level of arXiv:1910.01649 (2 sigma, quoted as 95.4% CL in BCK21).
BBN_CL = 0.954


def _lower_bound_ratio(m, coupling, m_min):
    return np.where(np.abs(coupling) >= THERMALISATION_COUPLING, m_min / m, 0.0)


def _mass_bound(name, experiment, arxiv, cl, couplings, m_min_gev, source) -> Constraint:
    """m_Z' >= m_min where the Z' thermalises through ``couplings`` (their quadrature sum >= 1e-9)."""
    size = " + ".join(f"{c}^2" for c in couplings)
    return Constraint(
        name=name, experiment=experiment, arxiv=arxiv, cl=cl, mass_range_GeV=(0.0, np.inf),
        depends_on=tuple(couplings), projection=False,
        description=f"m_Z' >= {m_min_gev / _MEV:g} MeV when sqrt({size}) >= {THERMALISATION_COUPLING:g} ({source}; "
                    f"ratio = {m_min_gev / _MEV:g} MeV / m_Z')",
        ratio_fn=lambda m, c: _lower_bound_ratio(m, np.sqrt(sum(c[k] ** 2 for k in couplings)), m_min_gev),
    )


@functools.cache
def bbn_electrophilic() -> Constraint:
    return _mass_bound("bbn_planck_electrophilic", "BBN + Planck", "1910.01649", BBN_CL, ("CV_e", "CA_e"),
                       BBN_ELECTROPHILIC_MIN_MASS_GEV, "BCK21 Sec. III A1")


@functools.cache
def bbn_numu() -> Constraint:
    return _mass_bound("bbn_planck_numu", "BBN + Planck", "1910.01649", BBN_CL, ("Cnu_mu",),
                       BBN_NUMU_MIN_MASS_GEV, "BCK21 Sec. III B1")


@functools.cache
def neff_muonphilic() -> Constraint:
    return _mass_bound("neff_muonphilic", "N_eff + BBN (thermalised muon-philic Z')", "2102.07781", None,
                       ("CV_mu", "CA_mu"), NEFF_MUONPHILIC_MIN_MASS_GEV, "BCK21 Sec. III B1, a criterion")
