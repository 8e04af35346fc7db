"""Neutrino scattering: TEXONO and Borexino in the contact (heavy-Z') form (BCK21 Eqs. (13), (14)) and
the CCFR neutrino trident (arXiv:1406.2332 curve). CHARM-II, which needs the full propagator, is in
``charm2.py``. Each measurement is implemented once, here; the SUSY L_mu-L_tau plane
(``zprime_sym.susy.lmu_ltau_plane``) evaluates these same Constraint objects on its couplings.

TEXONO (arXiv:0911.1597): sigma(nu_e-bar e)/sigma_SM = R_13 from BCK21 Eq. (13) (following
arXiv:1803.00060), measured 1.08 +- 0.26. CL treatment (our choice): Gaussian, two-sided at 90% CL,
ratio = |R_13 - 1.08| / (z_0.90 * 0.26), z_0.90 = 1.645. The SM point gives ratio 0.19 (< 1).
Eq. (13) assumes m_Z' >> sqrt(2 m_e T) with reactor recoils T <= 8 MeV (q up to 2.9 MeV); BCK21 uses
it for m_Z' >~ 10 MeV, the lower edge of its mass range here.

Borexino (7Be, arXiv:1104.1816): R_14 from BCK21 Eq. (14) (50% nu_e, 25% nu_mu, 25% nu_tau);
the rate must not move by more than 10% (BCK21, refs. [79, 81]): ratio = |R_14 - 1| / 0.10.
cl = None (a criterion). Validity: the 7Be line E = 0.862 MeV gives T_max = 2E^2/(m_e + 2E) = 0.665 MeV,
so the momentum transfer is q^2 = 2 m_e T <= (0.824 MeV)^2. The contact form replaces
1/(q^2 + m_Z'^2) by 1/m_Z'^2, an error <= q_max^2/m_Z'^2 in the Z' amplitude: 2.7% at 5 MeV (and less
for the rate, which is dominated by T < T_max), small against the 10% criterion. We apply Eq. (14)
from BOREXINO_MIN_MASS_GEV = 5 MeV; below, it would overestimate the Z' effect (by 27% at 1.6 MeV).

CCFR trident (CCFR, Mishra et al., PRL 66 (1991) 3117, sigma/sigma_SM = 0.82 +- 0.28): the 95% CL
L_mu-L_tau curve of Altmannshofer, Gori, Pospelov, Yavin, arXiv:1406.2332 (data/limits/
ccfr_trident_lmu_ltau.csv), at every mass. That curve is the full calculation with the Z' propagator
over the CCFR kinematics (trident momentum transfers q ~ 2 m_mu to a few hundred MeV), so it holds
for light and heavy Z' alike; its heavy end is the contact (four-fermion) limit m_Z'/g_X >= 550 GeV,
valid only for m_Z' well above those momentum transfers. BCK21 Eq. (16),
1 + 5.6e5 x + 1.3e11 x^2 ln(m_mu^2/m_Z'^2) (x = C_Vmu C_numu), is a leading-log light-Z' (m_Z' << m_mu)
approximation: its log changes sign at m_mu, and for L_mu-L_tau it is 20-30% stronger in g_X than the
published curve at 13.5-100 MeV. Using Eq. (16) below m_mu and the curve above cut a spurious gap at
m_mu; we therefore use the curve everywhere and keep Eq. (16) only as the cross-check
:func:`trident_ratio_to_sm`. Recast to general couplings: the Z' enters through the product
C_Vmu C_numu (as in Eq. (16), C_Amu neglected): g_eq = sqrt(|C_Vmu C_numu|), ratio = g_eq / g_lim(m).
Exact for L_mu-L_tau; for C_Vmu C_numu < 0 (destructive interference, not the published case) it
over-constrains (the heavy-Z' closed form of arXiv:1406.2332 reaches the 95% bound only at a ~12 times
larger |C_Vmu C_numu|). Mass dependence of g_lim: flat below the first node, 13.5 MeV (the true limit
decreases slowly towards m_Z' -> 0, so this is on the weak side); log-log between the nodes (up to
100 GeV, the last four on the asymptote); m_Z'/g_X fixed at the 100 GeV node's value (550 GeV) above.
Continuous at every junction.
"""
from __future__ import annotations

import functools
from statistics import NormalDist

import numpy as np

from ..constants import constants
from ..units import UNITS_IN_GEV
from .base import Constraint, by_mass
from .mass_runs import MassFunction
from .tables import shipped_table

_MEV = UNITS_IN_GEV["MeV"]
#: Lowest m_Z' for TEXONO's contact form Eq. (13): BCK21 Sec. III A3 ("m_Z' >~ 10 MeV").
CONTACT_MIN_MASS_GEV = 10.0 * _MEV
#: Lowest m_Z' for Borexino's Eq. (14): 7Be recoils have q <= 0.824 MeV, so q^2/m^2 <= 2.7% from 5 MeV.
BOREXINO_MIN_MASS_GEV = 5.0 * _MEV
#: 7Be line energy (GeV), for the momentum-transfer argument above (Borexino arXiv:1104.1816).
BE7_ENERGY_GEV = 0.862 * _MEV

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

#: BCK21 Eq. (16) coefficients (arXiv:1406.2332); cross-check only (see the module docstring).
TRIDENT_LINEAR = 5.6e5
TRIDENT_QUADRATIC = 1.3e11
#: CCFR sigma/sigma_SM = 0.82 +- 0.28 (PRL 66 (1991) 3117, as quoted by BCK21).
CCFR_MEASURED = (0.82, 0.28)
CCFR_CL = 0.95


def two_sided_z(cl: float) -> float:
    """Gaussian z for a two-sided interval of probability ``cl`` (1.645 for 0.90)."""
    # inverse standard-normal CDF (the standard library's, Wichura's AS241: ~1e-16 relative; it spares
    # every process the import of scipy.special)
    return NormalDist().inv_cdf(0.5 + cl / 2.0)


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
    """sigma_trident/sigma_trident^SM, BCK21 Eq. (16) (C_A_mu neglected); m in GeV, m << m_mu.
    Cross-check of the curve used by :func:`ccfr_trident`, not a constraint."""
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
        mass_range_GeV=(BOREXINO_MIN_MASS_GEV, np.inf),
        depends_on=("CV_e", "CA_e", "Cnu_e", "Cnu_mu", "Cnu_tau"),
        projection=False,
        description="BCK21 Eq. (14): |sigma/sigma_SM - 1| <= 10%",
        ratio_fn=lambda m, c: np.abs(borexino_ratio_to_sm(m, c) - 1.0) / BOREXINO_MAX_SHIFT,
    )


def ccfr_g_limit(m) -> np.ndarray:
    """95% CL upper limit on g_X of an L_mu-L_tau Z' from the CCFR trident (arXiv:1406.2332), m in GeV:
    flat below the first node, log-log between nodes, g proportional to m above the last (100 GeV,
    on the contact asymptote m/g = 550 GeV), so the limit is continuous everywhere (module docstring)."""
    table = shipped_table("ccfr_trident_lmu_ltau.csv")
    lo, hi = table.mass_range_GeV
    m = np.asarray(m, dtype=float)
    inside = table.interpolate(np.clip(m, lo, hi))[..., 0]
    g_hi = table.interpolate(hi)[0]  # 0.182 at 100 GeV, i.e. m/g = 550 GeV: the contact asymptote
    return np.where(m > hi, g_hi * m / hi, inside)


#: ccfr_g_limit once per distinct mass of a batch (a function of the mass alone).
_CCFR_G_LIMIT = MassFunction(ccfr_g_limit)


def ccfr_equivalent_g(m, c) -> np.ndarray:
    """g_X of the L_mu-L_tau reference with the same trident interference: sqrt(|C_Vmu C_numu|)."""
    return np.sqrt(np.abs(c["CV_mu"] * c["Cnu_mu"]))


@functools.cache
def ccfr_trident() -> Constraint:
    table = shipped_table("ccfr_trident_lmu_ltau.csv")
    return Constraint(
        name="ccfr_trident",
        experiment="CCFR (neutrino trident)",
        arxiv="PRL 66 (1991) 3117; 1406.2332",
        cl=table.cl,
        mass_range_GeV=(0.0, np.inf),
        depends_on=("CV_mu", "Cnu_mu"),
        projection=False,
        description="sqrt(|C_Vmu C_numu|) vs the L_mu-L_tau trident curve of 1406.2332 (95% CL), every mass; "
                    "flat below 13.5 MeV, m/g >= 550 GeV above 100 GeV",
        ratio_fn=lambda m, c: ccfr_equivalent_g(m, c) / by_mass(_CCFR_G_LIMIT, m, c),
    )
