"""Whitelist parser for charges and parameters in model files.

Model files are data. A charge (or a gauge coupling, a VEV, a Froggatt-Nielsen power) may be
- a TOML integer (``1``, ``-2``),
- a string holding an integer or a rational ``"p/q"`` (``"-1/3"``),
- a string holding an identifier (``"zL_e"``), which becomes a real sympy Symbol.
Nothing else is accepted: no floats, no expressions, and text never reaches eval/exec/sympify.
"""
from __future__ import annotations

import re

import sympy as sp

_INTEGER = re.compile(r"^[-+]?\d{1,12}$")
_RATIONAL = re.compile(r"^([-+]?\d{1,12})\s*/\s*(\d{1,12})$")
_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")

#: Names the derivation uses for constants; a model may not reuse them as its own symbols.
RESERVED_NAMES = frozenset(
    {"e", "sw", "cw", "v", "g1", "g2", "gZ", "pi", "I", "E", "oo", "nan", "zoo", "S", "N", "O", "Q"}
)


class ChargeSyntaxError(ValueError):
    """Raised with a human-readable reason; the loader wraps it into a ModelError."""


class SymbolTable:
    """One sympy Symbol per name within a model, so equal names are equal symbols."""

    def __init__(self):
        self._symbols: dict[str, sp.Symbol] = {}
        self._positive: set[str] = set()

    def get(self, name: str, *, positive: bool = False) -> sp.Symbol:
        if name in RESERVED_NAMES:
            raise ChargeSyntaxError(f"the name {name!r} is reserved for a constant; choose another symbol name")
        if name in self._symbols:
            if positive and name not in self._positive:
                raise ChargeSyntaxError(f"symbol {name!r} is used both as a VEV angle and as a real parameter")
            return self._symbols[name]
        sym = sp.Symbol(name, positive=True) if positive else sp.Symbol(name, real=True)
        self._symbols[name] = sym
        if positive:
            self._positive.add(name)
        return sym

    def mark_positive_conflict(self, name: str) -> None:
        if name in self._symbols and name not in self._positive:
            raise ChargeSyntaxError(f"symbol {name!r} is used both as a VEV angle and as a real parameter")

    @property
    def symbols(self) -> dict[str, sp.Symbol]:
        return dict(self._symbols)


def parse_value(raw, table: SymbolTable, *, allow_symbol: bool = True, positive: bool = False) -> sp.Expr:
    """Turn a whitelisted model-file value into an exact sympy Rational or a Symbol."""
    if isinstance(raw, bool):
        raise ChargeSyntaxError(f"{raw!r} is a boolean; expected an integer, a 'p/q' rational or a symbol name")
    if isinstance(raw, int):
        return sp.Integer(raw)
    if isinstance(raw, float):
        raise ChargeSyntaxError(
            f"{raw!r} is a float; write charges exactly as an integer or a 'p/q' string (e.g. \"1/3\")"
        )
    if not isinstance(raw, str):
        raise ChargeSyntaxError(f"{raw!r} ({type(raw).__name__}) is not an integer, a 'p/q' rational or a symbol name")
    text = raw.strip()
    if _INTEGER.match(text):
        return sp.Integer(int(text))
    match = _RATIONAL.match(text)
    if match:
        num, den = int(match.group(1)), int(match.group(2))
        if den == 0:
            raise ChargeSyntaxError(f"{raw!r} has a zero denominator")
        return sp.Rational(num, den)
    if _IDENTIFIER.match(text):
        if not allow_symbol:
            raise ChargeSyntaxError(f"{raw!r} must be a number here, not a symbol")
        return table.get(text, positive=positive)
    raise ChargeSyntaxError(
        f"{raw!r} is not an integer, a 'p/q' rational or a symbol name "
        "(letters, digits and underscores, starting with a letter)"
    )


def as_expr(value) -> sp.Basic:
    """A sympy object from a sympy object or a Python int, without ever parsing text.

    Derived quantities are always sympy objects; this guard replaces ``sympify`` inside the library so
    that no string (in particular no model-file text) can be turned into an expression by a parser.
    """
    if isinstance(value, sp.Basic):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return sp.Integer(value)
    raise TypeError(f"expected a sympy expression or an integer, got {type(value).__name__}")
