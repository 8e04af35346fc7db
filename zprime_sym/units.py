"""Explicit energy units.

One internal unit: GeV. Masses typed by a user must carry a unit (``20MeV``, ``1.5 GeV``,
``300keV``); a bare number is refused rather than guessed.
"""
from __future__ import annotations

import math
import re

from .exceptions import InputError

#: Size of each accepted unit in GeV.
UNITS_IN_GEV = {"eV": 1e-9, "keV": 1e-6, "MeV": 1e-3, "GeV": 1.0, "TeV": 1e3}

_QUANTITY = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([a-zA-Z]+)\s*$")


def parse_energy(text: str, *, what: str = "energy") -> float:
    """Parse a string like ``"20MeV"`` into GeV. Raises InputError naming the value."""
    match = _QUANTITY.match(str(text))
    if not match:
        raise InputError(
            f"{what}: cannot read {text!r}; give a number with a unit, e.g. 20MeV or 1.5GeV "
            f"(units: {', '.join(UNITS_IN_GEV)})"
        )
    value, unit = float(match.group(1)), match.group(2)
    if unit not in UNITS_IN_GEV:
        raise InputError(f"{what}: unknown unit {unit!r} in {text!r}; use one of {', '.join(UNITS_IN_GEV)}")
    return value * UNITS_IN_GEV[unit]


def check_mass(value_gev: float, *, what: str = "m_Z'") -> float:
    """Return the mass (GeV) if it is finite and positive, else raise InputError naming it."""
    if not isinstance(value_gev, (int, float)) or math.isnan(value_gev) or math.isinf(value_gev):
        raise InputError(f"{what} = {value_gev!r} is not a finite number")
    if value_gev <= 0:
        raise InputError(f"{what} = {value_gev!r} GeV must be positive")
    return float(value_gev)


def to_mev(value_gev: float) -> float:
    """GeV -> MeV."""
    return value_gev * 1e3
