"""Prompt LHC dimuon-resonance searches for dark photons, recast to a Z' produced through its quark
couplings: LHCb (arXiv:1910.06926) and CMS dimuon scouting (arXiv:1912.04776).

Both publish a 90% CL upper limit eps_lim(m) on the kinetic mixing of a dark photon A' (couplings
eps e Q_f to every charged fermion) from p p -> A' X, A' -> mu+mu-, prompt. Above ~10 GeV the A' is
made by q q-bar annihilation (Drell-Yan). Recast (Ilten, Soreq, Williams, Xue, arXiv:1801.04847,
Sec. 3): for massless quarks the q q-bar -> V rate is proportional to C_Vq^2 + C_Aq^2 of the vector
boson V (vector and axial currents do not interfere in the spin-summed rate), so with f_q(m) the
fraction of the dark photon's Drell-Yan production inside the search's acceptance that comes from
flavour q (these fractions carry the photon couplings e^2 Q_q^2),

    sigma(Z')/sigma(A', eps = 1) = sum_q f_q(m) (C_Vq^2 + C_Aq^2) / (e Q_q)^2 ,
    eps_eff^2 = [sum_q f_q (C_Vq^2 + C_Aq^2)/(e Q_q)^2] * BR(Z' -> mu mu) / BR(A' -> mu mu),

and the ratio is eps_eff / eps_lim(m) (> 1 excluded). BCK21 convention for the couplings; the
branching ratios are those of :mod:`zprime_sym.constraints.widths` (leptons, neutrinos, hadrons and
quarks), so a dark photon gives eps_eff = eps exactly (tested). The fractions f_q (d, u, s, c, b) are
the Pythia 8 results of arXiv:1801.04847 for each search's acceptance (data/drell_yan_fractions.toml),
interpolated linearly in m and held constant beyond the tabulated masses. The recast needs no parton
densities of its own: they enter only through f_q, which depend on the acceptance, not on the model.

Assumptions and limitations: equal acceptance for a vector and an axial Z' (true for the rate; the
muon angular distribution differs, which the acceptance of a forward detector such as LHCb may feel);
the Z' must be narrow and prompt, as the dark photon of the search (for couplings near the bounds,
Gamma ~ 1e-7 m, c tau < 1 nm at 10 GeV; a Z' too weakly coupled to decay promptly is far below
the limit anyway); no interference with the Z (the searches fit a narrow peak; near the Z the CMS
curve has no limit, 75-110 GeV); the curves are coarse samplings (data/limits/lhcb_2019_prompt.csv,
cms_2019_scouting.csv). The meson-decay production region of LHCb (m < 10 GeV) and the LHCb 2017
result (arXiv:1710.02867, superseded by the 2019 one) are not encoded. Zero (no constraint) when no
quark couplings are given.
"""
from __future__ import annotations

import functools

import numpy as np

from ..data import read_toml
from ..constants import constants
from ..model.couplings import COUPLING_NAMES
from .base import Constraint, shared
from .tables import LimitTable, shipped_table
from .widths import branching_ratio, dark_photon_br

#: Quark flavours of the fraction tables, in column order, with their electric charges.
DY_FLAVOURS = (("d", -1.0 / 3.0), ("u", 2.0 / 3.0), ("s", -1.0 / 3.0), ("c", 2.0 / 3.0), ("b", -1.0 / 3.0))
QUARK_COUPLINGS = tuple(f"{kind}_{q}" for q, _ in DY_FLAVOURS for kind in ("CV", "CA"))


@functools.cache
def production_fractions(experiment: str) -> np.ndarray:
    """Rows (m [GeV], f_d, f_u, f_s, f_c, f_b) of data/drell_yan_fractions.toml for 'lhcb' or 'cms'."""
    data = read_toml("drell_yan_fractions.toml")
    rows = np.asarray(data[experiment]["rows"], dtype=float)
    rows[:, 1:] /= rows[:, 1:].sum(axis=1, keepdims=True)  # the printed fractions sum to 1 up to rounding (1e-4)
    return rows


def production_ratio(m, couplings, experiment: str) -> np.ndarray:
    """sigma(p p -> Z')/sigma(p p -> A', eps = 1) = sum_q f_q (C_Vq^2 + C_Aq^2)/(e Q_q)^2 (module docstring)."""
    m = np.asarray(m, dtype=float)
    rows = production_fractions(experiment)
    e2 = constants().e ** 2
    out = np.zeros(m.shape)
    for i, (q, charge) in enumerate(DY_FLAVOURS):
        f = np.interp(m, rows[:, 0], rows[:, i + 1])
        c2 = np.asarray(couplings.get(f"CV_{q}", 0.0)) ** 2 + np.asarray(couplings.get(f"CA_{q}", 0.0)) ** 2
        out = out + f * c2 / (e2 * charge**2)
    return out


def equivalent_epsilon(m_zp, couplings, experiment: str) -> np.ndarray:
    """eps of the dark photon with the same prompt p p -> V -> mu+mu- yield as the Z' (module docstring)."""
    def compute(m, c):
        br_a = dark_photon_br(m, ("mumu",), batch=c)
        num = production_ratio(m, c, experiment) * branching_ratio(m, c, ("mumu",))
        return np.sqrt(np.divide(num, br_a, out=np.zeros(np.broadcast(num, br_a).shape), where=br_a > 0))

    return shared(m_zp, couplings, ("drell_yan_epsilon", experiment), compute)


def _constraint(table: LimitTable, experiment: str, description: str) -> Constraint:
    def ratio(m, c):
        eps_lim = table.interpolate(m, c)[..., 0]
        inside = ~np.isnan(eps_lim)
        return np.where(inside, equivalent_epsilon(m, c, experiment) / np.where(inside, eps_lim, 1.0), 0.0)

    return Constraint.from_table(table, name=table.name, ratio_fn=ratio, depends_on=COUPLING_NAMES + QUARK_COUPLINGS,
                                 description=description)


@functools.cache
def lhcb_2019_prompt() -> Constraint:
    """LHCb prompt-like A' -> mu+mu- (arXiv:1910.06926), 90% CL, Drell-Yan region 11-70 GeV."""
    return _constraint(shipped_table("lhcb_2019_prompt.csv"), "lhcb",
                       "eps_eff = sqrt(sum_q f_q (C_Vq^2+C_Aq^2)/(e Q_q)^2 * BR(Z'->mumu)/BR_A'(mumu)) vs the "
                       "LHCb prompt dark-photon limit; Drell-Yan fractions f_q of arXiv:1801.04847; 11-70 GeV")


@functools.cache
def cms_2019_scouting() -> Constraint:
    """CMS dimuon scouting (arXiv:1912.04776), 90% CL, 11.5-200 GeV without the Z window."""
    return _constraint(shipped_table("cms_2019_scouting.csv"), "cms",
                       "eps_eff (as lhcb_2019_prompt, CMS fractions f_q) vs the CMS scouting dark-photon limit; "
                       "11.5-75 and 110-200 GeV")
