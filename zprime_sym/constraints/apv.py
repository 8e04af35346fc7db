"""Atomic parity violation in caesium-133: the nuclear weak charge Q_W.

Z' exchange between the electron's axial current and the nucleons' vector currents (BCK21 Eq. (6)
convention, L ⊃ -Z' J) gives, in the contact limit (m_Z'^2 much above the atomic momentum scale),
L_eff ⊃ -(C_Ae C_Vq / m_Z'^2) (e-bar gamma^mu gamma5 e)(q-bar gamma_mu q), i.e. with
L_SM = (G_F/sqrt2) e-bar gamma gamma5 e Σ_q C_1q q-bar gamma q and Q_W = -2 Σ_q C_1q N_q,

    delta Q_W = (2 sqrt2 / G_F) (C_Ae / m_Z'^2) (Z CV_p + N CV_n),      Z = 55, N = 78.

(Putting the SM Z couplings in this formula gives Q_W^SM = Z (1 - 4 s_W^2) - N: the normalisation
check of tests/test_apv.py.) Bouchiat and Fayet (hep-ph/0410260) give the finite-range correction for
light bosons; it is not implemented, so the constraint applies from m_Z' = 100 MeV up (below, the
momentum scale of the electron wavefunction at the nucleus, a few MeV to ~30 MeV, makes the contact
formula overestimate delta Q_W). The Z's own coupling shift from Z-Z' mixing is not included.

Measurement: Q_W(133Cs) = -73.16(29)_exp(20)_th against Q_W^SM = -73.16(3) (Porsev, Beloy,
Derevianko, arXiv:1006.4193, PRL 102 (2009) 181601): delta Q_W = 0.00 ± 0.35 (errors in quadrature,
SM error added too). Ratio (measured-ratio convention of base.py) |delta Q_W - 0| / (z_90 sigma),
z_90 = 1.645 (two-sided 90 % CL).
"""
from __future__ import annotations

import functools
import math

import numpy as np

from ..constants import constants
from .base import Constraint

Z_CS, N_CS = 55, 78
QW_EXP, QW_EXP_ERR = -73.16, math.hypot(0.29, 0.20)
QW_SM, QW_SM_ERR = -73.16, 0.03
SIGMA = math.hypot(QW_EXP_ERR, QW_SM_ERR)
Z90 = 1.6448536269514722  # scipy.stats.norm.ppf(0.95)
MASS_RANGE_GEV = (0.1, 1.0e4)


def delta_qw(m, couplings) -> np.ndarray:
    """delta Q_W(Cs) of the Z' (contact limit), see the module docstring."""
    m = np.asarray(m, dtype=float)
    k = constants()
    cv_p, cv_n = couplings.get("CV_p", 0.0), couplings.get("CV_n", 0.0)
    return 2 * math.sqrt(2) / k.G_F * couplings["CA_e"] / m**2 * (Z_CS * np.asarray(cv_p) + N_CS * np.asarray(cv_n))


def _ratio(m, c):
    return np.abs(delta_qw(m, c) - (QW_EXP - QW_SM)) / (Z90 * SIGMA)


@functools.cache
def apv_cesium() -> Constraint:
    return Constraint(
        name="apv_cs", experiment="Cs atomic parity violation (weak charge)", arxiv="1006.4193", cl=0.90,
        mass_range_GeV=MASS_RANGE_GEV, depends_on=("CA_e", "CV_p", "CV_n"), projection=False,
        description="|delta Q_W(133Cs)| from Z' exchange, (2 sqrt2/G_F) C_Ae (55 CV_p + 78 CV_n)/m^2, against "
                    "Q_W = -73.16(35) (exp+theory) vs SM -73.16(3); contact limit, m_Z' >= 100 MeV",
        ratio_fn=_ratio)
