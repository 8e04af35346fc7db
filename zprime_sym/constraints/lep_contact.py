"""LEP-II Bhabha scattering (e+e- -> e+e-) as a four-electron contact interaction, model LL.

A Z' much heavier than the LEP-II energies (sqrt(s) = 192-208 GeV) acts in e+e- -> e+e- as a contact
interaction. In the project's convention (L ⊃ -Z'_mu J^mu, J^mu ⊃ e-bar gamma^mu (C_L P_L + C_R P_R) e,
C_L = C_Ve - C_Ae, C_R = C_Ve + C_Ae; model/couplings.py) integrating out the Z' at |q^2| << m_Z'^2 gives

    L_eff = -(1 / (2 m_Z'^2)) J_mu J^mu  ⊃  -(C_L^2 / (2 m_Z'^2)) (e_L-bar gamma^mu e_L)(e_L-bar gamma_mu e_L)

(vector exchange between like currents: the same sign as the Fermi interaction from W exchange).
The PDG/LEP convention for identical fermions (data/lep2_contact.toml) writes this operator as
(4 pi eta_LL / (2 Lambda^2)) (e_L-bar gamma e_L)^2, so the Z' is the model LL with eta_LL = -1 and

    C_L^2 / m_Z'^2 = 4 pi / Lambda^2,   i.e.   |C_Le| <= sqrt(4 pi) m_Z' / Lambda_LL^-,

ratio = |C_Ve - C_Ae| Lambda_LL^- / (sqrt(4 pi) m_Z') with Lambda_LL^- = 10.3 TeV (95% CL, the LEP
combination listed by the PDG). Since C_L^2 >= 0 the sign eta = -1 holds for any sign of C_L: only
Lambda_LL^- applies (Lambda_LL^+ = 8.3 TeV would need eta_LL = +1, which a single real Z' cannot give).
At m_Z' = 1 TeV the bound is |C_Le| <= 0.344.

Limitations:
* Only the LL operator is bounded. A Z' with C_R != 0 also generates the RR and LR operators; the
  published number is a one-parameter fit with them set to zero, so for such a Z' the ratio uses only
  its C_L part (a pure right-handed Z', C_Ve = C_Ae, gets ratio 0 here: no information). The LEP
  Lambda for other models (RR, LR, VV, AA) and for e+e- -> mu+mu-, tau+tau- (which would bound
  C_e C_mu, C_e C_tau) were not obtained, see docs/constraints.md.
* Contact limit: applied only for m_Z' >= 1 TeV (s/m_Z'^2 <= 0.043); the Z' width is neglected.
* The Z' contribution to Z-pole observables (Z-Z' mixing) is not part of this bound (viability/zpole.py).
"""
from __future__ import annotations

import functools
import math

import numpy as np

from ..data import read_toml
from .base import Constraint

_TEV = 1.0e3  # GeV


@functools.cache
def bhabha_ll_data() -> dict:
    """The cited numbers of data/lep2_contact.toml, table [bhabha_ll]."""
    return read_toml("lep2_contact.toml")["bhabha_ll"]


def left_coupling(c, fermion: str) -> np.ndarray:
    """C_L = C_V - C_A of ``fermion`` ("e", "u", ...) from the couplings ``c`` (missing ones read as 0)."""
    return np.asarray(c.get(f"CV_{fermion}", 0.0), dtype=float) - np.asarray(c.get(f"CA_{fermion}", 0.0), dtype=float)


def _ratio(m, c) -> np.ndarray:
    lam = bhabha_ll_data()["lambda_minus_TeV"] * _TEV
    return np.abs(left_coupling(c, "e")) * lam / (math.sqrt(4 * math.pi) * np.asarray(m, dtype=float))


@functools.cache
def lep2_bhabha_ll() -> Constraint:
    """LEP-II combined Bhabha scattering, contact model LL (Lambda_LL^- > 10.3 TeV, 95% CL), m_Z' >= 1 TeV."""
    d = bhabha_ll_data()
    return Constraint(
        name="lep2_bhabha_ll", experiment="LEP-II Bhabha scattering (ALEPH+DELPHI+L3+OPAL), contact model LL",
        arxiv="PDG 2024 PRD 110 030001 (listing S054CTE)", cl=d["cl"],
        mass_range_GeV=(d["m_min_GeV"], math.inf), depends_on=("CV_e", "CA_e"), projection=False,
        description="|C_Ve - C_Ae| <= sqrt(4 pi) m_Z' / Lambda_LL^-, Lambda_LL^- = 10.3 TeV (e+e- -> e+e-, "
                    "eta_LL = -1 for Z' exchange); LL operator only, contact limit m_Z' >= 1 TeV",
        ratio_fn=_ratio)
