"""The explicit list of constraints, user tables, and evaluation of all of them at once.

No registration by import side effect: :func:`all_constraints` lists every shipped constraint by
hand; user limit tables are passed in explicitly (``user_tables``).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from ..exceptions import ConstraintDataError
from . import (apv, astro, beam_dump, cevns, charm2, colliders, cosmology, eeqq_contact, invisible, lep_contact,
               lhc_dimuon, meson_decays, muon_searches, neutrino_scattering, parity)
from .base import Constraint, Points
from .tables import load_table

#: The recasts a user table can select, keyed by its (production, bounds, curve) header keys, with the
#: decay channels each accepts (see docs/constraints.md, "Adding a published limit in five minutes").
USER_RECASTS = {
    ("ee_annihilation", "epsilon", "upper_limit"): ("e+e-", "mu+mu-", "invisible"),  # prompt, BCK21 Eqs. (10)-(11); or invisible
    ("electron_beam_dump", "epsilon", "band"): ("e+e-",),                 # beam-dump mapping of beam_dump.py
    ("ee_to_mumu", "g_lmu_ltau", "upper_limit"): ("mu+mu-", "invisible"), # muon-philic recast (muon_searches, invisible)
    ("z_decay", "g_lmu_ltau", "upper_limit"): ("mu+mu-",),
    # invisible-decay and pi0 recasts (invisible.py, meson_decays.py)
    ("electron_beam_dump", "epsilon", "upper_limit"): ("invisible",),     # NA64 missing energy
    ("pi0_decay", "epsilon", "upper_limit"): ("e+e-",),                   # NA48/2 pi0 -> gamma Z'
}
_CHANNEL = {"e+e-": "ee", "mu+mu-": "mumu"}


def current_constraints() -> list[Constraint]:
    """Every implemented current (non-projection) constraint, in a fixed order."""
    return [
        cosmology.bbn_electrophilic(),
        cosmology.bbn_numu(),
        cosmology.neff_muonphilic(),
        astro.white_dwarf(),
        astro.supernova(),
        astro.supernova_muon(),
        colliders.babar_2014(),
        colliders.kloe_2015(),
        beam_dump.na64_2019(),
        beam_dump.na64_2018(),
        beam_dump.e141(),
        beam_dump.orsay(),
        beam_dump.e137(),
        parity.moller_e158(),
        neutrino_scattering.texono(),
        neutrino_scattering.borexino(),
        charm2.charm2(),
        neutrino_scattering.ccfr_trident(),
        muon_searches.babar_2016_4mu(),
        muon_searches.cms_2019_z4mu(),
        apv.apv_cesium(),
        # invisible decays and pi0 -> gamma Z' (invisible.py, meson_decays.py)
        invisible.na64_invisible_2019(),
        invisible.babar_2017_invisible(),
        meson_decays.na48_2_2015(),
        cevns.coherent_csi_2017(),
        lhc_dimuon.lhcb_2019_prompt(),
        lhc_dimuon.cms_2019_scouting(),
        lep_contact.lep2_bhabha_ll(),
        eeqq_contact.eeqq_contact_ll(),
    ]


def projections() -> list[Constraint]:
    """Future reaches (flagged ``projection=True``)."""
    return [colliders.belle2_50ab(), beam_dump.na64_ls2()]


def register_table(path) -> Constraint:
    """Build a Constraint from a user limit table (grammar of ``tables.py``), read by the shipped parser.

    The recast follows the explicit header keys, never a guess: ``production``, ``bounds`` and
    ``curve`` select one of :data:`USER_RECASTS` and ``decay`` the channels counted (a prompt
    ``ee_annihilation`` search may select e+e- and/or mu+mu-, as BaBar's does). ``projection: yes``
    flags a future reach. Anything else is refused with the supported combinations.
    """
    table = load_table(path)
    key = (table.production, table.bounds, table.curve)
    if key not in USER_RECASTS:
        supported = "; ".join(f"production {p}, bounds {b}, curve {c}" for p, b, c in USER_RECASTS)
        raise ConstraintDataError(f"{path}: no recast for production {key[0]!r}, bounds {key[1]!r}, curve {key[2]!r}; "
                                  f"user tables support: {supported}")
    bad = [ch for ch in table.decay if ch not in USER_RECASTS[key]]
    if bad:
        raise ConstraintDataError(f"{path}: decay {bad[0]!r} is not supported for production {key[0]!r} "
                                  f"(use {', '.join(USER_RECASTS[key])})")
    if "invisible" in table.decay and table.decay != ("invisible",):
        raise ConstraintDataError(f"{path}: decay 'invisible' cannot be combined with visible channels in one table")
    desc = table.header.get("description", f"user table {path}")
    if table.decay == ("invisible",):
        if key[0] == "ee_to_mumu":
            return invisible.muon_invisible_constraint(table, name=table.name, description=desc,
                                                       projection=table.projection)
        return invisible.invisible_epsilon_constraint(table, name=table.name, description=desc,
                                                      projection=table.projection)
    if key[0] == "pi0_decay":
        return meson_decays.pi0_constraint(table, name=table.name, description=desc, projection=table.projection)
    if key[0] == "ee_annihilation":
        return colliders.epsilon_limit_constraint(table, name=table.name, description=desc, projection=table.projection,
                                                  channels=tuple(_CHANNEL[ch] for ch in table.decay))
    if key[0] == "electron_beam_dump":
        return beam_dump.band_constraint(table, name=table.name, description=desc, projection=table.projection)
    return muon_searches.table_constraint(table, table.name, muon_searches.equivalent_g_4mu, muon_searches.MUON_COUPLINGS,
                                          desc, projection=table.projection)


load_user_constraint = register_table


def all_constraints(include_projections: bool = False, user_tables: Iterable = ()) -> list[Constraint]:
    """Shipped constraints (+ projections if asked) + one constraint per user table path.

    Raises ConstraintDataError if a user table's name clashes with another constraint.
    """
    out = current_constraints() + (projections() if include_projections else [])
    for path in user_tables:
        out.append(register_table(path))
    names = [c.name for c in out]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise ConstraintDataError(f"constraint name(s) {dup} used twice; set a unique 'name:' in the user table header")
    return out


def evaluate_all(m_zp, couplings: Mapping[str, object], include_projections: bool = False,
                 user_tables: Iterable = (), constraints: Iterable[Constraint] | None = None) -> dict[str, np.ndarray]:
    """{constraint name: ratio array} for every constraint (ratio <= 1 allowed; see base.py)."""
    points = Points.prepare(m_zp, couplings)  # validate once, with a clear error; shared widths etc.
    if constraints is None:
        constraints = all_constraints(include_projections, user_tables)
    return {con.name: con.evaluate(points.m, points) for con in constraints}
