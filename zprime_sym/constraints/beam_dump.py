"""Electron beam dumps: NA64 (2018, 2019), E141, Orsay, E137, and an NA64-after-LS2 projection.

Each result is a dark-photon band lower(m) < eps < upper(m) (BCK21 Sec. III A2; tables in
``data/limits``). A Z' with vector *and axial* electron couplings, and with extra (neutrino, muon)
widths, differs from a dark photon in its production rate and in its lifetime, so we map it onto
two "equivalent epsilons" (same mass, same boost; production kinematics of vector and axial
couplings taken equal, which holds up to O(m_e^2/m_Z'^2)):

* production: eps_prod = sqrt(C_Ve^2 + C_Ae^2) / e  (bremsstrahlung rate ~ C_Ve^2 + C_Ae^2);
* lifetime:   eps_life = sqrt(Gamma_tot(Z') / Gamma_A'(eps=1)), the dark photon with the same decay
  length (Gamma_A' from its leptonic widths, see ``widths.py``).

Lower edge (long-lived regime): the yield ~ production x (decay probability ~ 1/decay length) x BR(ee)
~ eps_prod^2 Gamma(Z'->ee). Matching a dark photon, whose yield ~ eps^4 Gamma_A'(1) BR_A'(ee), gives
eps_low_eff = sqrt(eps_prod eps_life) (BR_Z'(ee)/BR_A'(ee))^(1/4).
Upper edge (short-lived regime): the yield is killed by exp(-L_dump/decay length), which depends on the
lifetime only (up to logarithmic corrections from the production prefactor, neglected): the Z' is
excluded when its decay length exceeds the dark photon's at the upper edge, eps_life < upper.

ratio = min(eps_low_eff / lower, upper / eps_life): > 1 inside the excluded region (band convention);
for a pure dark photon it reduces exactly to min(eps/lower, upper/eps). 0 outside the sampled mass
span or when the Z' cannot decay to e+e-.

NA64 after LS2 (projection; BCK21 Sec. III C, ref. arXiv:2003.07257): no projected curve is
available to us. BCK21 states that the lower Z' mass bound set by NA64, 16 MeV today, should move to
about 20 MeV. We model this schematically as the NA64 2019 band shifted in mass by the factor
20/16 (``NA64_LS2_MASS_SCALE``); it is a labelled projection, not a published curve.
"""
from __future__ import annotations

import functools

import numpy as np

from ..constants import constants
from .base import Constraint, shared
from .colliders import ALL_WIDTH_COUPLINGS
from .tables import LimitTable, shipped_table
from .widths import br_ee, dark_photon_br_ee, dark_photon_width, total_width

#: BCK21 Sec. III C: NA64's bound on the (g-2)_e Z' mass, 16 MeV now, ~20 MeV after LS2.
NA64_LS2_MASS_SCALE = 20.0 / 16.0


def _safe_div(a, b):
    a, b = np.broadcast_arrays(np.asarray(a, float), np.asarray(b, float))
    return np.divide(a, b, out=np.zeros(a.shape), where=b > 0)


def equivalent_epsilons(m_zp, couplings) -> tuple[np.ndarray, np.ndarray]:
    """(eps_low_eff, eps_life) of the module docstring, for Z' masses in GeV (shared by every beam dump
    of a :class:`~zprime_sym.constraints.base.Points` batch)."""
    return shared(m_zp, couplings, "beam_dump_epsilons", _equivalent_epsilons)


def _equivalent_epsilons(m, c):
    eps_prod = np.hypot(c["CV_e"], c["CA_e"]) / constants().e
    eps_life = np.sqrt(_safe_div(total_width(m, c), dark_photon_width(m, 1.0, batch=c)))
    br_ratio = _safe_div(br_ee(m, c), dark_photon_br_ee(m, batch=c))
    return np.sqrt(eps_prod * eps_life) * br_ratio**0.25, eps_life


def band_constraint(table: LimitTable, *, name: str, description: str, projection: bool = False) -> Constraint:
    """A beam-dump Constraint from an epsilon band table (shipped or user-supplied)."""

    def ratio(m, c):
        edges = table.interpolate(m, c)
        lower, upper = edges[..., 0], edges[..., 1]
        eps_low, eps_life = equivalent_epsilons(m, c)
        valid = ~np.isnan(lower) & (eps_low > 0) & (eps_life > 0)
        lower, upper = np.where(valid, lower, 1.0), np.where(valid, upper, 1.0)
        r = np.minimum(eps_low / lower, upper / np.where(valid, eps_life, 1.0))
        return np.where(valid, r, 0.0)

    return Constraint.from_table(table, name=name, ratio_fn=ratio, depends_on=ALL_WIDTH_COUPLINGS,
                                 description=description, projection=projection)


_MAPPING = "Z' mapped to eps_prod (C_Ve^2+C_Ae^2) and eps_life (total width); see beam_dump.py"


@functools.cache
def na64_2019() -> Constraint:
    return band_constraint(shipped_table("na64_2019.csv"), name="na64_2019",
                           description=f"NA64 visible A'/X17 band (arXiv:1912.11389); {_MAPPING}")


@functools.cache
def na64_2018() -> Constraint:
    return band_constraint(shipped_table("na64_2018.csv"), name="na64_2018",
                           description=f"NA64 visible A' band (arXiv:1803.07748); {_MAPPING}")


@functools.cache
def e141() -> Constraint:
    return band_constraint(shipped_table("e141_1987.csv"), name="e141",
                           description=f"SLAC E141 beam-dump band; {_MAPPING}")


@functools.cache
def orsay() -> Constraint:
    return band_constraint(shipped_table("orsay_1989.csv"), name="orsay",
                           description=f"Orsay beam-dump band; {_MAPPING}")


@functools.cache
def e137() -> Constraint:
    return band_constraint(shipped_table("e137.csv"), name="e137",
                           description=f"SLAC E137 beam-dump band (recast arXiv:1209.6083); {_MAPPING}")


@functools.cache
def na64_ls2() -> Constraint:
    base = shipped_table("na64_2019.csv")
    header = dict(base.header, experiment="NA64 after LS2 (projection)", arxiv="2003.07257",
                  note="schematic projection: NA64 2019 band (coarse sampling) shifted in mass by 20/16")
    shifted = LimitTable(base.source, header, base.mass_GeV * NA64_LS2_MASS_SCALE, base.values, ())
    return band_constraint(shifted, name="na64_ls2", projection=True,
                           description="schematic NA64-after-LS2 reach: 2019 band x 20/16 in mass so that the "
                           f"(g-2)_e mass bound moves 16 -> 20 MeV (BCK21 Sec. III C); {_MAPPING}")
