"""Constraints on the L_mu - L_tau Z' in the (m_Z', g_X) plane (BDR20 Fig. 2).

Couplings (BCK21 convention, L ⊃ -Z'_mu [C_V l̄γ^mu l + C_nu ν̄γ^mu P_L ν]): the gauged
L_mu - L_tau charges give C_Vmu = C_numu = +g_X, C_Vtau = C_nutau = -g_X, C_A = 0. The electron
couples only through loop-induced kinetic mixing: C_Ve = ε e (ε at q² ≈ 0, :func:`kinetic_mixing`).

Each constraint is a :class:`PlaneConstraint` whose ``ratio(m_zp, g_x, slepton_mu=, slepton_tau=)``
is ≤ 1 where the point is allowed, > 1 where excluded, and 0 outside its mass range (no
constraint). Masses in GeV. One implementation per measurement: BaBar 4mu, CMS Z -> 4mu, the CCFR
trident and Borexino are the registered Constraint objects of :mod:`zprime_sym.constraints`
(``muon_searches``, ``neutrino_scattering``; table :data:`GENERIC`), evaluated here at the couplings
:func:`lmu_ltau_couplings`, so the plane and ``zprime constraints check`` give identical ratios at the
same couplings. Only BBN (a plane-specific threshold on g_X) and the Eq. (16) cross-check are local.

COHERENT CsI (arXiv:1708.01294) is the registered one-bin recast ``constraints/cevns.py``, evaluated at
the same lepton couplings plus the nucleon couplings of the loop-induced mixing,
:func:`lmu_ltau_nucleon_couplings` (CV_p = +e eps, CV_n = 0). The argon result (arXiv:2003.10630) and
the L_mu-L_tau likelihood analysis of arXiv:2103.10196 are not encoded.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ..data import read_toml

from ..constants import constants
from ..constraints import cevns, charm2, muon_searches, neutrino_scattering


@functools.cache
def inputs() -> dict:
    """Cited numbers of data/lmu_ltau.toml (cached)."""
    return read_toml("lmu_ltau.toml")


def _sum_log_ratio(slepton_tau, slepton_mu):
    """Σ_i ln(m²_τ̃i / m²_μ̃i) over the charged mass eigenstates (last axis); 0 if not given."""
    if slepton_tau is None or slepton_mu is None:
        return 0.0
    st = np.asarray(slepton_tau, dtype=float)
    sm = np.asarray(slepton_mu, dtype=float)
    return np.sum(np.log(st**2), axis=-1) - np.sum(np.log(sm**2), axis=-1)


def kinetic_mixing(g_x, slepton_mu=None, slepton_tau=None, *, leptons: bool = True):
    """Loop-induced photon–Z' kinetic mixing ε at q² = 0 (dimensionless, sign convention below).

    One loop of each particle with electric charge Q and U(1)_X charge q_X gives the photon–Z' vacuum
    polarisation Π_AX(0) = −(e g_X Q q_X / 16π²) b ln(m²/μ²) + (m-independent), with the coefficient b
    of the QED beta function. Feynman parameters, dimensional regularisation:

    * Dirac fermion: Π(q²) = −(e g_X Q q_X / 2π²) ∫₀¹dx x(1−x) ln[(m² − x(1−x)q²)/μ²]; ∫x(1−x) = 1/6,
      so b_f = 16 × (1/2) × (1/6) = 4/3 (Peskin-Schroeder Eq. (7.90));
    * complex scalar (scalar QED, the seagull removes the quadratic divergence):
      Π(q²) = −(e g_X Q q_X / 16π²) ∫₀¹dx (1−2x)² ln[(m² − x(1−x)q²)/μ²]; ∫(1−2x)² = 1/3, so b_s = 1/3.

    A complex scalar therefore gives ¼ of a Dirac fermion of the same charges (b_s/b_f = 1/4, the
    ratio of the Feynman-parameter integrals (1/16)(1/3) / ((1/2)(1/6)); tests/test_susy_generic_point.py
    integrates both numerically). Summing μ (Q = −1, q_X = +1) and τ (Q = −1, q_X = −1) the μ-dependent
    parts cancel:

        ε = e g_X / (12 π²) [ ln(m_τ²/m_μ²) + ¼ Σ_i ln(m²_τ̃i / m²_μ̃i) ]
          = e g_X / (6 π²) ln(m_τ/m_μ)  +  e g_X / (24 π²) Σ_i ln(m_τ̃i/m_μ̃i),

    where the sum runs over the two charged slepton mass eigenstates of each flavour (both carry
    Q = −1 and the flavour's q_X, whatever their L-R mixing; sneutrinos are neutral). Without slepton
    masses (or with equal smuon and stau masses) the scalar term vanishes; with m_τ̃/m_μ̃ = m_τ/m_μ for
    both eigenstates it adds half the lepton term (BDR20 Sec. 3: logarithmic dependence on the slepton
    ratio). The sign is chosen so that ε > 0 for g_X > 0 and m_τ > m_μ; the Z' coupling to a charged
    lepton then shifts by −e ε (:func:`lmu_ltau_couplings`; derive/loop_mixing.py writes the same
    lepton term as eps_A = −ε, with C = −eps_A e Q). Every constraint here is quadratic in C_Ve.

    Parameters: g_x array; slepton_mu, slepton_tau arrays (..., 2) of masses in GeV, or None.
    ``leptons=False`` returns the slepton term alone (what the charge-table derivation of
    ``susy_lmu_ltau``, which has the lepton loops, lacks: :func:`with_slepton_mixing`).
    """
    c = constants()
    lepton = math.log(c.m_tau**2 / c.m_mu**2) if leptons else 0.0
    scalar = 0.25 * _sum_log_ratio(slepton_tau, slepton_mu)
    return c.e * np.asarray(g_x, dtype=float) / (12.0 * math.pi**2) * (lepton + scalar)


def with_slepton_mixing(couplings: dict, g_x, slepton_mu, slepton_tau) -> dict:
    """``couplings`` (BCK21 names) plus the slepton share of the loop-induced mixing: every charged
    lepton's C_V shifted by −e ε_slepton, ε_slepton = :func:`kinetic_mixing` (…, ``leptons=False``).

    For couplings derived from the ``susy_lmu_ltau`` charge table (``kinetic_mixing = "loop"``: μ and τ
    loops only) this gives the couplings of :func:`lmu_ltau_couplings` with the same sleptons, i.e. the
    plane's (tests/test_susy_generic_point.py)."""
    shift = -constants().e * kinetic_mixing(g_x, slepton_mu, slepton_tau, leptons=False)
    out = dict(couplings)
    for fl in ("e", "mu", "tau"):
        out[f"CV_{fl}"] = np.asarray(couplings.get(f"CV_{fl}", 0.0), dtype=float) + shift
    return out


def lmu_ltau_couplings(g_x, slepton_mu=None, slepton_tau=None) -> dict:
    """BCK21 couplings of the L_mu-L_tau Z' (arrays) with the loop-induced kinetic mixing.

    The photon-Z' mixing of :func:`kinetic_mixing` gives every charged lepton (Q = -1) the same extra
    vector coupling, delta C_V = -e eps (eps > 0 for g_X > 0): C_Ve = -e eps, C_Vmu = g_X - e eps,
    C_Vtau = -g_X - e eps; neutrinos and axial couplings get none. This is what the charge-table
    derivation of ``susy_lmu_ltau`` (``kinetic_mixing = "loop"``, zprime_sym.derive.loop_mixing) gives
    for the lepton loops, sign included (tests/test_lmu_ltau_one_implementation.py); the sleptons add
    their share of eps here, which the charge table cannot know."""
    g = np.asarray(g_x, dtype=float)
    shift = -constants().e * kinetic_mixing(g, slepton_mu, slepton_tau)
    zero = np.zeros_like(g)
    return {
        "CV_e": shift, "CA_e": zero, "Cnu_e": zero,
        "CV_mu": g + shift, "CA_mu": zero, "Cnu_mu": g,
        "CV_tau": -g + shift, "CA_tau": zero, "Cnu_tau": -g,
    }


def lmu_ltau_nucleon_couplings(g_x, slepton_mu=None, slepton_tau=None) -> dict:
    """Nucleon vector couplings of the L_mu-L_tau Z' from the same loop-induced mixing: the photon-Z'
    mixing gives each particle delta C_V = e eps Q (Q = -1 for the charged leptons: the shift of
    :func:`lmu_ltau_couplings`), so CV_p = +e eps and CV_n = 0; quarks carry no L_mu-L_tau charge."""
    g = np.asarray(g_x, dtype=float)
    return {"CV_p": constants().e * kinetic_mixing(g, slepton_mu, slepton_tau), "CV_n": np.zeros_like(g)}


@dataclass(frozen=True)
class PlaneConstraint:
    """One constraint of the (m_Z', g_X) plane. ``ratio`` ≤ 1: allowed; 0 outside the mass range;
    NaN for non-finite inputs (NaN compares False with ≤ 1, so such points never pass)."""

    name: str
    experiment: str
    arxiv: str
    cl: str
    mass_range: tuple[float, float]  #: GeV
    _ratio: Callable = field(repr=False)
    description: str = ""

    def ratio(self, m_zp, g_x, slepton_mu=None, slepton_tau=None) -> np.ndarray:
        m = np.asarray(m_zp, dtype=float)
        g = np.abs(np.asarray(g_x, dtype=float))
        m, g = np.broadcast_arrays(m, g)
        valid = np.isfinite(m) & np.isfinite(g) & (m > 0)
        sleptons = []
        for sl in (slepton_mu, slepton_tau):
            if sl is not None:
                sl = np.asarray(sl, float)
                valid = valid & np.all(np.isfinite(sl) & (sl != 0), axis=-1)
                sl = np.where(np.isfinite(sl) & (sl != 0), sl, 1.0)
            sleptons.append(sl)
        # evaluate at sanitised inputs (bad points replaced by a harmless m = 1 GeV, g = 0, m_slepton = 1 GeV)
        r = self._ratio(np.where(valid, m, 1.0), np.where(valid, g, 0.0), *sleptons)
        inside = (m >= self.mass_range[0]) & (m <= self.mass_range[1])
        out = np.where(inside, np.nan_to_num(r, nan=0.0), 0.0)  # NaN from outside a table: no constraint
        return np.where(valid, out, np.nan)  # bad input (e.g. tachyonic slepton): NaN, never "allowed"


#: plane constraint -> limit table (zprime_sym/data/limits, format of zprime_sym.constraints.tables)
TABLES = {"babar_4mu": "babar_2016_4mu.csv", "cms_z4mu": "cms_2019_z4mu.csv", "ccfr_trident": "ccfr_trident_lmu_ltau.csv"}

#: plane constraint -> the one implementation of that measurement in zprime_sym.constraints (a factory
#: returning the registered Constraint). A new measurement is added to the plane by one entry here and
#: in DEFAULT.
GENERIC = {
    "babar_4mu": muon_searches.babar_2016_4mu,
    "cms_z4mu": muon_searches.cms_2019_z4mu,
    "ccfr_trident": neutrino_scattering.ccfr_trident,
    "borexino": neutrino_scattering.borexino,
    "coherent_csi": cevns.coherent_csi_2017,
    "charm2": charm2.charm2,
}


def plane_couplings(g_x, slepton_mu=None, slepton_tau=None) -> dict:
    """The nine lepton couplings (:func:`lmu_ltau_couplings`) and the nucleon ones
    (:func:`lmu_ltau_nucleon_couplings`) of the plane point: what every generic constraint is given."""
    return {**lmu_ltau_couplings(g_x, slepton_mu, slepton_tau), **lmu_ltau_nucleon_couplings(g_x, slepton_mu, slepton_tau)}


def _generic_ratio(name: str):
    """Ratio of the generic Constraint ``GENERIC[name]`` at the L_mu-L_tau couplings of (g_X, sleptons)."""
    def ratio(m, g, smu, stau):
        return GENERIC[name]().evaluate(m, plane_couplings(g, smu, stau))
    return ratio


def trident_ratio_eq16(m_zp, g_x):
    """BCK21 Eq. (16), σ_trident/σ_SM with C_Vmu = C_numu = g_X (leading-log light-Z' form, m << m_mu);
    the cross-check of :func:`zprime_sym.constraints.neutrino_scattering.trident_ratio_to_sm`."""
    g = np.asarray(g_x, dtype=float)
    return neutrino_scattering.trident_ratio_to_sm(np.asarray(m_zp, dtype=float), {"CV_mu": g, "Cnu_mu": g})


def _ccfr_formula_ratio(m, g, _smu, _stau):
    lo, hi = neutrino_scattering.CCFR_MEASURED[0], neutrino_scattering.two_sided_z(neutrino_scattering.CCFR_CL)
    ratio_max = lo + hi * neutrino_scattering.CCFR_MEASURED[1]
    return (trident_ratio_eq16(m, g) - 1.0) / (ratio_max - 1.0)


def borexino_shift(m_zp, couplings: dict):
    """BCK21 Eq. (14): σ(νe→νe)/σ_SM - 1 for Borexino (50% ν_e, 25% ν_μ, 25% ν_τ); m_zp in GeV
    (the function of :mod:`zprime_sym.constraints.neutrino_scattering`)."""
    return neutrino_scattering.borexino_ratio_to_sm(np.asarray(m_zp, dtype=float), couplings) - 1.0


def _bbn_ratio(m, g, _smu, _stau):
    p = inputs()["bbn"]
    return np.where(g >= p["coupling_min"], p["m_min"] / m, 0.0)


def _from_generic(name, experiment, cl, description) -> PlaneConstraint:
    con = GENERIC[name]()
    return PlaneConstraint(name, experiment, con.arxiv, cl, con.mass_range_GeV, _generic_ratio(name), description)


@functools.cache
def plane_constraints() -> dict[str, PlaneConstraint]:
    """All implemented constraints, by name (``ccfr_trident_eq16`` is a cross-check, not in DEFAULT)."""
    m_mu = constants().m_mu
    items = [
        _from_generic("babar_4mu", "BaBar e+e- -> 4mu", "90%", "coarse sampling of Fig. 5, log-log interpolation"),
        _from_generic("cms_z4mu", "CMS Z -> 4mu", "95%", "coarse lower envelope of the published curve"),
        _from_generic("ccfr_trident", "CCFR neutrino trident", "95%",
                      "curve of 1406.2332 at every mass: flat below 13.5 MeV, m/g = 550 GeV above 100 GeV"),
        PlaneConstraint("ccfr_trident_eq16", "CCFR neutrino trident (BCK21 Eq. (16))", "1406.2332", "95% (two-sided, 0.82 +- 0.28)",
                        (0.0, m_mu), _ccfr_formula_ratio,
                        "leading-log light-Z' formula, m_Z' << m_mu; cross-check of ccfr_trident only"),
        _from_generic("borexino", "Borexino nu-e scattering (BCK21 Eq. (14))", "|shift| <= 10%",
                      "electron coupling from loop-induced kinetic mixing; contact form from 5 MeV (7Be q <= 0.82 MeV)"),
        PlaneConstraint("bbn_neff", "BBN + Planck (N_eff)", "1910.01649", "95.4%",
                        (0.0, math.inf), _bbn_ratio, "m_Z' >= 8.3 MeV for |C_numu| >= 1e-9 (BCK21)"),
        _from_generic("coherent_csi", "COHERENT CsI CEvNS (one-bin recast)", "90% (two-sided, 0.77 +- 0.25)",
                      "proton coupling from loop-induced kinetic mixing; one momentum transfer Q = 50 MeV; every mass"),
        _from_generic("charm2", "CHARM-II nu_mu e and anti-nu_mu e scattering", "|shift| <= 6%",
                      "electron coupling from loop-induced kinetic mixing; our derivation with the Z' propagator, no recoil threshold"),
    ]
    return {c.name: c for c in items}


#: Constraints combined by :func:`plane_ratios` by default (the Eq. (16) cross-check is left out).
DEFAULT = ("babar_4mu", "cms_z4mu", "ccfr_trident", "borexino", "bbn_neff", "coherent_csi", "charm2")


def plane_ratios(m_zp, g_x, slepton_mu=None, slepton_tau=None, names=DEFAULT) -> dict:
    """{name: ratio array} for the chosen constraints (≤ 1 allowed)."""
    table = plane_constraints()
    return {n: table[n].ratio(m_zp, g_x, slepton_mu, slepton_tau) for n in names}
