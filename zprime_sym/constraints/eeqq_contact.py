"""Electron-quark contact interactions of a heavy Z', model LL (global fit, K. Cheung arXiv:hep-ph/0106251).

A Z' much heavier than the momentum transfers of HERA, LEP-II and Tevatron Drell-Yan acts between
electrons and quarks as a contact interaction. In the project's convention (L ⊃ -Z'_mu J^mu with
J^mu ⊃ f-bar gamma^mu (C_L P_L + C_R P_R) f, C_L = C_V - C_A; model/couplings.py), integrating out
the Z' at |q^2| << m_Z'^2 gives L_eff = -(1/(2 m_Z'^2)) J_mu J^mu, whose electron-quark LL part is

    -(C_Le C_Lq / m_Z'^2) (e_L-bar gamma^mu e_L)(q_L-bar gamma_mu q_L)      (the cross term of J_e + J_q).

The PDG convention for e != q (data/eeqq_contact.toml) writes it (4 pi eta_LL / Lambda^2) (...)(...), so

    eta_LL = -sign(C_Le C_Lq),   abs(C_Le C_Lq) / m_Z'^2 = 4 pi / Lambda_eta^2,

and the ratio (on the scale of a coupling, like every other constraint) is, for q = u and q = d,

    ratio_q = sqrt(abs(C_Le C_Lq)) Lambda_eta / (sqrt(4 pi) m_Z'),   eta = -1 if C_Le C_Lq > 0, else +1,

with the 95% CL limits of the global fit: eeuu Lambda_LL^+ = 23.3 TeV, Lambda_LL^- = 12.5 TeV; eedd
Lambda_LL^+ = 11.1 TeV, Lambda_LL^- = 26.4 TeV. The constraint's ratio is the larger of the two. A
B-L Z' (C_Le = -g, C_Lq = g/3) has eta = +1: m_Z'/g >= 23.3 TeV / sqrt(12 pi) = 3.79 TeV from eeuu.

Limitations:
* One operator at a time, as the published fit: only the LL parts of the e and q couplings enter (a
  Z' with C_R != 0 also makes RR, LR, RL operators, set to zero in the fit), and the eeuu and eedd
  bounds are applied separately (the larger ratio), not combined. A right-handed electron coupling
  alone gives ratio 0 here (no information).
* Second- and third-generation quarks are not bounded (the fit is for u and d).
* Contact limit: applied for m_Z' >= 2 TeV; the Z' width is neglected. Below that the propagator makes
  the true effect larger, so the contact bound would be conservative, but resonant production (not
  encoded: docs/constraints.md) would dominate anyway.
* The fit contains the Cs weak charge, which `apv_cs` also uses (through C_Ae C_Vq): the two are not
  independent.
"""
from __future__ import annotations

import functools
import math

import numpy as np

from ..data import read_toml
from .base import Constraint
from .lep_contact import left_coupling

_TEV = 1.0e3  # GeV
QUARKS = ("u", "d")


@functools.cache
def eeqq_ll_data() -> dict:
    """The cited numbers of data/eeqq_contact.toml: {"u": table eeuu_ll, "d": table eedd_ll}."""
    tables = read_toml("eeqq_contact.toml")
    return {q: tables[f"ee{q}{q}_ll"] for q in QUARKS}


def ratio_per_quark(m, c) -> dict[str, np.ndarray]:
    """{q: ratio_q} of the module docstring for q = u, d (missing couplings read as 0)."""
    m = np.asarray(m, dtype=float)
    c_le = left_coupling(c, "e")
    out = {}
    for q, d in eeqq_ll_data().items():
        product = c_le * left_coupling(c, q)
        lam = np.where(product > 0, d["lambda_minus_TeV"], d["lambda_plus_TeV"]) * _TEV  # eta = -sign(product)
        out[q] = np.sqrt(np.abs(product)) * lam / (math.sqrt(4 * math.pi) * m)
    return out


def _ratio(m, c) -> np.ndarray:
    r = ratio_per_quark(m, c)
    return np.maximum(r["u"], r["d"])


@functools.cache
def eeqq_contact_ll() -> Constraint:
    """Global fit of electron-quark contact interactions, model LL (95% CL), m_Z' >= 2 TeV."""
    d = eeqq_ll_data()
    assert d["u"]["cl"] == d["d"]["cl"] and d["u"]["m_min_GeV"] == d["d"]["m_min_GeV"]
    return Constraint(
        name="eeqq_contact_ll", experiment="e-q contact interactions, model LL (global fit: HERA, LEP-II, "
        "Tevatron Drell-Yan, Cs APV)", arxiv="hep-ph/0106251", cl=d["u"]["cl"],
        mass_range_GeV=(d["u"]["m_min_GeV"], math.inf), depends_on=("CV_e", "CA_e", "CV_u", "CA_u", "CV_d", "CA_d"),
        projection=False,
        description="sqrt(abs(C_Le C_Lq)) <= sqrt(4 pi) m_Z' / Lambda_eta for q = u, d (C_L = C_V - C_A, "
                    "eta = -sign(C_Le C_Lq)); eeuu Lambda_LL^+- = 23.3, 12.5 TeV, eedd 11.1, 26.4 TeV; "
                    "LL operators one at a time, contact limit m_Z' >= 2 TeV",
        ratio_fn=_ratio)
