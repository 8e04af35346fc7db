"""Neutrino scattering in the contact (heavy-Z') form: TEXONO, Borexino (BCK21 Eqs. (13), (14)) and
the CCFR neutrino trident (Eq. (16)). CHARM-II, which needs the full propagator, is in ``charm2.py``.

TEXONO (arXiv:0911.1597): sigma(nu_e-bar e)/sigma_SM = R_13 from BCK21 Eq. (13) (following
arXiv:1803.00060), measured 1.08 +- 0.26. CL treatment (our choice): Gaussian, two-sided at 90% CL,
ratio = |R_13 - 1.08| / (z_0.90 * 0.26), z_0.90 = 1.645. The SM point gives ratio 0.19 (< 1).
Eq. (13) assumes m_Z' >> sqrt(m_e T) with T <= 8 MeV; BCK21 uses it for m_Z' >~ 10 MeV, the
lower edge of its mass range here.

Borexino (7Be, arXiv:1104.1816): R_14 from BCK21 Eq. (14) (50% nu_e, 25% nu_mu, 25% nu_tau);
the rate must not move by more than 10% (BCK21, refs. [79, 81]): ratio = |R_14 - 1| / 0.10.
Same mass range as TEXONO (contact approximation, m_Z' >= 10 MeV). cl = None (a criterion).

CCFR trident (CCFR PRL 66 (1991) 3117; formula from arXiv:1406.2332): R_16 from BCK21 Eq. (16)
(C_A_mu neglected), measured 0.82 +- 0.28. Gaussian two-sided at 95% CL (the CL of the cited
interpretation arXiv:1406.2332): ratio = |R_16 - 0.82| / (1.96 * 0.28). The log(m_mu^2/m_Z'^2) form
holds for m_Z' below m_mu, the mass range used here.
"""
from __future__ import annotations

import functools

import numpy as np
from scipy.special import ndtri

from ..constants import constants
from ..units import UNITS_IN_GEV
from .base import Constraint

_MEV = UNITS_IN_GEV["MeV"]
#: Lowest m_Z' for the contact forms Eqs. (13), (14): BCK21 Sec. III A3 ("m_Z' >~ 10 MeV").
CONTACT_MIN_MASS_GEV = 10.0 * _MEV

#: BCK21 Eq. (13) coefficients: linear (C_Ve, C_Ae) and quadratic (C_Ve^2, C_Ve C_Ae, C_Ae^2).
TEXONO_LINEAR = (2.07, 1.39)
TEXONO_QUADRATIC = (1.37, 2.62, 1.64)
TEXONO_SCALE = 1e11
#: TEXONO measurement sigma/sigma_SM = 1.08 +- 0.26 (arXiv:0911.1597, as quoted by BCK21).
TEXONO_MEASURED = (1.08, 0.26)
TEXONO_CL = 0.90

#: BCK21 Eq. (14): linear C_Ve (nu_e, nu_mu, nu_tau), C_Ae (nu_e, nu_mu, nu_tau); quadratic part.
BOREXINO_LINEAR_V = (6.86, -1.16, -1.16)
BOREXINO_LINEAR_A = (-8.27, 2.22, 2.22)
BOREXINO_QUADRATIC = (1.38, 0.81, -1.38)  # C_Ae^2, C_Ve^2, C_Ve C_Ae
BOREXINO_NU_WEIGHTS = (2.0, 1.0, 1.0)
BOREXINO_SCALES = (1e10, 1e21)
#: Largest allowed fractional shift of the Borexino rate (BCK21 Sec. III A3).
BOREXINO_MAX_SHIFT = 0.10

#: BCK21 Eq. (16) coefficients (arXiv:1406.2332).
TRIDENT_LINEAR = 5.6e5
TRIDENT_QUADRATIC = 1.3e11
#: CCFR sigma/sigma_SM = 0.82 +- 0.28 (PRL 66 (1991) 3117, as quoted by BCK21).
CCFR_MEASURED = (0.82, 0.28)
CCFR_CL = 0.95


def two_sided_z(cl: float) -> float:
    """Gaussian z for a two-sided interval of probability ``cl`` (1.645 for 0.90)."""
    return float(ndtri(0.5 + cl / 2.0))  # inverse standard-normal CDF


def texono_ratio_to_sm(m, c) -> np.ndarray:
    """sigma(nu_e-bar e)/sigma_SM, BCK21 Eq. (13); m in GeV."""
    x = (_MEV / m) ** 2
    cv, ca, cnu = c["CV_e"], c["CA_e"], c["Cnu_e"]
    lin = (TEXONO_LINEAR[0] * cv + TEXONO_LINEAR[1] * ca) * TEXONO_SCALE * cnu * x
    q = TEXONO_QUADRATIC
    quad = (q[0] * cv**2 + q[1] * cv * ca + q[2] * ca**2) * (TEXONO_SCALE * cnu) ** 2 * x**2
    return 1.0 + lin + quad


def borexino_ratio_to_sm(m, c) -> np.ndarray:
    """sigma(nu e)/sigma_SM for the Borexino flavour mix, BCK21 Eq. (14); m in GeV."""
    x = (_MEV / m) ** 2
    cnu = (c["Cnu_e"], c["Cnu_mu"], c["Cnu_tau"])
    lin_v = sum(k * n for k, n in zip(BOREXINO_LINEAR_V, cnu))
    lin_a = sum(k * n for k, n in zip(BOREXINO_LINEAR_A, cnu))
    cv, ca = c["CV_e"], c["CA_e"]
    q = BOREXINO_QUADRATIC
    quad = (q[0] * ca**2 + q[1] * cv**2 + q[2] * cv * ca) * sum(w * n**2 for w, n in zip(BOREXINO_NU_WEIGHTS, cnu))
    return 1.0 + BOREXINO_SCALES[0] * x * (cv * lin_v + ca * lin_a) + BOREXINO_SCALES[1] * x**2 * quad


def trident_ratio_to_sm(m, c) -> np.ndarray:
    """sigma_trident/sigma_trident^SM, BCK21 Eq. (16) (C_A_mu neglected); m in GeV, m < m_mu."""
    prod = c["CV_mu"] * c["Cnu_mu"]
    log = np.log(constants().m_mu**2 / m**2)
    return 1.0 + TRIDENT_LINEAR * prod + TRIDENT_QUADRATIC * prod**2 * log


def _measured_ratio(pred, measured, cl):
    mu, sigma = measured
    return np.abs(pred - mu) / (two_sided_z(cl) * sigma)


@functools.cache
def texono() -> Constraint:
    return Constraint(
        name="texono",
        experiment="TEXONO (reactor nu_e-bar e)",
        arxiv="0911.1597",
        cl=TEXONO_CL,
        mass_range_GeV=(CONTACT_MIN_MASS_GEV, np.inf),
        depends_on=("CV_e", "CA_e", "Cnu_e"),
        projection=False,
        description="BCK21 Eq. (13) vs 1.08 +- 0.26, Gaussian two-sided 90% CL",
        ratio_fn=lambda m, c: _measured_ratio(texono_ratio_to_sm(m, c), TEXONO_MEASURED, TEXONO_CL),
    )


@functools.cache
def borexino() -> Constraint:
    return Constraint(
        name="borexino",
        experiment="Borexino (solar 7Be nu e)",
        arxiv="1104.1816",
        cl=None,
        mass_range_GeV=(CONTACT_MIN_MASS_GEV, np.inf),
        depends_on=("CV_e", "CA_e", "Cnu_e", "Cnu_mu", "Cnu_tau"),
        projection=False,
        description="BCK21 Eq. (14): |sigma/sigma_SM - 1| <= 10%",
        ratio_fn=lambda m, c: np.abs(borexino_ratio_to_sm(m, c) - 1.0) / BOREXINO_MAX_SHIFT,
    )


@functools.cache
def ccfr_trident() -> Constraint:
    return Constraint(
        name="ccfr_trident",
        experiment="CCFR (neutrino trident)",
        arxiv="PRL 66 (1991) 3117; 1406.2332",
        cl=CCFR_CL,
        mass_range_GeV=(0.0, constants().m_mu),
        depends_on=("CV_mu", "Cnu_mu"),
        projection=False,
        description="BCK21 Eq. (16) vs 0.82 +- 0.28, Gaussian two-sided 95% CL, m_Z' < m_mu",
        ratio_fn=lambda m, c: _measured_ratio(trident_ratio_to_sm(m, c), CCFR_MEASURED, CCFR_CL),
    )
