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

#: ASCII digits only (``\\d`` would accept Arabic-Indic or full-width digits); at most 40 characters.
_QUANTITY = re.compile(r"\s*([-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]{1,4})?)\s*([a-zA-Z]+)\s*", re.ASCII)
_MAX_TEXT = 64


def parse_energy(text: str, *, what: str = "energy") -> float:
    """Parse a string like ``"20MeV"`` into GeV. Raises InputError naming the value."""
    text = str(text)
    match = _QUANTITY.fullmatch(text) if len(text) <= _MAX_TEXT else None
    if not match:
        raise InputError(
            f"{what}: cannot read {text!r}; give a number with a unit, e.g. 20MeV or 1.5GeV "
            f"(units: {', '.join(UNITS_IN_GEV)})"
        )
    value, unit = float(match.group(1)), match.group(2)
    if unit not in UNITS_IN_GEV:
        raise InputError(f"{what}: unknown unit {unit!r} in {text!r}; use one of {', '.join(UNITS_IN_GEV)}")
    gev = value * UNITS_IN_GEV[unit]
    if not math.isfinite(gev):
        raise InputError(f"{what}: {text!r} is not a finite energy")
    return gev


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
