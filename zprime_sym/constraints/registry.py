"""The explicit list of constraints, user tables, and evaluation of all of them at once.

No registration by import side effect: :func:`all_constraints` lists every shipped constraint by
hand; user limit tables are passed in explicitly (``user_tables``).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from ..exceptions import ConstraintDataError
from . import astro, beam_dump, charm2, colliders, cosmology, muon_searches, neutrino_scattering, parity
from .base import Constraint, Points
from .tables import load_table

#: Quantities a user table may bound (see docs/constraints.md): the dark-photon kinetic mixing.
USER_QUANTITIES = ("epsilon",)


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
    ]


def projections() -> list[Constraint]:
    """Future reaches (flagged ``projection=True``)."""
    return [colliders.belle2_50ab(), beam_dump.na64_ls2()]


def register_table(path) -> Constraint:
    """Build a Constraint from a user limit table (format of ``tables.py``).

    ``quantity: epsilon`` with ``curve: upper_limit`` is treated as a prompt e+e- search (BCK21
    Eqs. (10)-(11) mapping); with ``curve: band`` as an electron beam dump (mapping of ``beam_dump``).
    A header key ``projection: yes`` flags a future reach.
    """
    table = load_table(path)
    if table.header["quantity"] not in USER_QUANTITIES:
        raise ConstraintDataError(
            f"{path}: quantity {table.header['quantity']!r} is not supported; use one of {USER_QUANTITIES}")
    projection = table.header.get("projection", "no").lower() in ("yes", "true", "1")
    desc = table.header.get("description", f"user table {path}")
    if table.curve == "upper_limit":
        return colliders.epsilon_limit_constraint(table, name=table.name, description=desc, projection=projection)
    return beam_dump.band_constraint(table, name=table.name, description=desc, projection=projection)


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
