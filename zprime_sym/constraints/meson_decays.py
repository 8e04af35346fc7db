"""Z' production in neutral-pion decays: NA48/2 pi0 -> gamma Z', Z' -> e+e- (arXiv:1504.00607).

Derivation of the recast (quark couplings in the convention of ``hadrons.py``,
L ⊃ -Z'_mu q-bar gamma^mu (C_Vq + C_Aq gamma5) q; the photon has C_Vq = -e Q_q in the same convention).

pi0 -> V1 V2 for two vector fields coupled to the u, d vector currents proceeds through the axial
anomaly (the Wess-Zumino-Witten term): with the coupling matrices V_i = diag(c_i,u, c_i,d) in
(u, d) space and pi0 ~ (u u-bar - d d-bar)/sqrt2, the amplitude is N_c Tr[tau3 {V1, V2}] times one and the
same Lorentz structure eps^{mu nu rho sigma} k1_mu e1_nu k2_rho e2_sigma / f_pi for every pair. Hence

    pi0 -> gamma gamma:  N_c Tr[tau3 {eQ, eQ}]   = 2 e^2 N_c (Q_u^2 - Q_d^2)          =  2 e^2 N_c / 3,
    pi0 -> gamma Z':     N_c Tr[tau3 {-eQ, C_V}] = -2 e N_c (Q_u C_Vu - Q_d C_Vd)     = -2 e N_c C_Vp / 3,

where C_Vp = 2 C_Vu + C_Vd is the proton's vector coupling (the combination is the same one, since
Q_u = 2/3 and Q_d = -1/3). Squaring, summing over the Z' polarisations with its mass m (phase-space
factor (1 - m^2/m_pi^2)^3 from the two-body decay of the eps-tensor vertex) and removing the 1/2 for
identical photons in the gamma gamma rate,

    BR(pi0 -> gamma Z') = 2 (C_Vp / e)^2 (1 - m^2/m_pi0^2)^3 BR(pi0 -> gamma gamma).

For a dark photon, C_Vq = -eps e Q_q gives C_Vp = -eps e and the familiar 2 eps^2 (1 - m^2/m_pi^2)^3 with which
NA48/2 converts its branching-ratio limit into eps^2. For B-L (C_Vu = C_Vd = g/3) the rate is not zero: C_Vp = g.
The axial quark couplings do not enter (the anomaly vertex couples pi0 to two vector currents; a
pi0 -> gamma + axial-vector transition has no anomaly term and is neglected).

NA48/2 bounds BR(pi0 -> gamma A') BR(A' -> e+e-), with BR(A' -> e+e-) = 1 below 2 m_mu (its whole mass
range, 9-120 MeV). The Z' giving the same signal has the equivalent mixing

    eps_pi0 = abs(C_Vp) / e * sqrt(BR(Z' -> ee) / BR(A' -> ee)),        ratio = eps_pi0 / eps_lim(m).

The search selects prompt A' decays. An exclusion (ratio > 1) stands only where the Z' is at least as
short-lived as the dark photon at the limit, Gamma_tot(Z') >= eps_lim^2 Gamma_A'(eps = 1): then its
decay-vertex efficiency is at least that of the excluded dark photon, whose signal it exceeds. A longer-lived
Z' with ratio > 1 (e.g. a baryonic Z' with tiny lepton couplings) gets ratio 0 (no information), never
a spurious exclusion; ratios <= 1 are reported as computed.
Limitations: the pi0 transition form factor (slope ~ 0.03 per m^2/m_pi^2) is the same for A' and Z' and
cancels; eta -> gamma Z' is not included; the couplings are at q^2 = m^2 (no running).
"""
from __future__ import annotations

import functools

import numpy as np

from ..constants import constants
from ..model.couplings import COUPLING_NAMES
from .base import Constraint, shared
from .tables import LimitTable, shipped_table
from .widths import branching_ratio, dark_photon_br, dark_photon_width, total_width

#: Couplings the pi0 recast reads: the u, d vector couplings (production) and every width (BR, lifetime).
PI0_COUPLINGS = COUPLING_NAMES + ("CV_u", "CA_u", "CV_d", "CA_d", "CV_s", "CA_s")


def proton_vector_coupling(couplings) -> np.ndarray:
    """2 C_Vu + C_Vd, the combination pi0 -> gamma Z' is proportional to (module docstring)."""
    return 2.0 * np.asarray(couplings["CV_u"], dtype=float) + np.asarray(couplings["CV_d"], dtype=float)


def equivalent_epsilon_pi0(m_zp, couplings) -> np.ndarray:
    """eps_pi0 = abs(2 C_Vu + C_Vd)/e * sqrt(BR_Z'(ee)/BR_A'(ee)); 0 below 2 m_e."""
    def compute(m, c):
        br_a = dark_photon_br(m, ("ee",), batch=c)
        br_z = branching_ratio(m, c, ("ee",))
        ratio = np.divide(br_z, br_a, out=np.zeros(np.broadcast(br_z, br_a).shape), where=br_a > 0)
        return np.abs(proton_vector_coupling(c)) / constants().e * np.sqrt(ratio)

    return shared(m_zp, couplings, "pi0_epsilon", compute)


def pi0_constraint(table: LimitTable, *, name: str, description: str, projection: bool = False) -> Constraint:
    """A Constraint eps_pi0 <= eps_lim(m) from a pi0 -> gamma A', A' -> e+e- upper-limit table."""

    def ratio(m, c):
        lim = table.interpolate(m, c)[..., 0]
        ok = ~np.isnan(lim)
        lim = np.where(ok, lim, 1.0)
        r = np.where(ok, equivalent_epsilon_pi0(m, c) / lim, 0.0)
        # an exclusion (r > 1) needs a Z' at least as prompt as the dark photon at the limit
        prompt = total_width(m, c) >= lim**2 * dark_photon_width(m, 1.0, batch=c)
        return np.where((r > 1.0) & ~prompt, 0.0, r)

    return Constraint.from_table(table, name=name, ratio_fn=ratio, depends_on=PI0_COUPLINGS,
                                 description=description, projection=projection)


@functools.cache
def na48_2_2015() -> Constraint:
    """NA48/2 pi0 -> gamma A', A' -> e+e- (arXiv:1504.00607, Fig. 4, 90% CL)."""
    return pi0_constraint(
        shipped_table("na48_2_2015.csv"), name="na48_2_2015",
        description="abs(2 C_Vu + C_Vd)/e sqrt(BR_Z'(ee)/BR_A'(ee)) vs eps_lim (pi0 -> gamma Z' through the "
        "axial anomaly; prompt Z' only; see meson_decays.py)")
