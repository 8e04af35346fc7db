"""Whitelist parser for charges and parameters in model files.

Model files are data. A value (a charge, a gauge coupling, a VEV, a Froggatt-Nielsen power) may be
- a TOML integer (``1``, ``-2``),
- a string holding an integer or a rational ``"p/q"`` (``"-1/3"``),
- a string holding an identifier (``"zL_e"``), which becomes a real sympy Symbol, possibly negated
  or multiplied by a small integer or rational (``"-a"``, ``"3*a"``, ``"-1/3*a"``);
- for numeric parameters only (couplings, VEVs; ``decimal=True``): a decimal number, as a TOML
  float or a string (``5e-4``, ``"40.5"``), converted exactly from its decimal text (``5e-4`` ->
  1/2000; the loader parses TOML floats as :class:`decimal.Decimal`, never through a binary float).
Nothing else is accepted: no expressions, and text never reaches eval/exec/sympify. Numbers are
ASCII digits only. Messages name the kind of entry (charge, coupling, VEV, ...).
"""
from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

import sympy as sp

_INTEGER = re.compile(r"[-+]?[0-9]{1,12}", re.ASCII)
_RATIONAL = re.compile(r"([-+]?[0-9]{1,12})\s*/\s*([0-9]{1,12})", re.ASCII)
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}", re.ASCII)
#: "-a", "+a", "3*a", "-1/3 * a": a symbol times a small integer or rational coefficient
_MULTIPLE = re.compile(r"(?:(?P<sign>[-+])|(?P<num>[-+]?[0-9]{1,6})(?:\s*/\s*(?P<den>[0-9]{1,6}))?\s*\*)\s*"
                       r"(?P<name>[A-Za-z][A-Za-z0-9_]{0,63})", re.ASCII)
#: a decimal number: digits, optional fraction, optional exponent of at most 3 digits
_DECIMAL = re.compile(r"[-+]?(?:[0-9]{1,30}(?:\.[0-9]{0,30})?|\.[0-9]{1,30})(?:[eE][-+]?[0-9]{1,3})?", re.ASCII)
#: decimal exponents accepted (|exponent| of the number); beyond this a value is surely a typo
_MAX_EXPONENT = 100

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


def _decimal_to_rational(value: Decimal, raw, kind: str) -> sp.Rational:
    if not value.is_finite():
        raise ChargeSyntaxError(f"{kind} {str(raw)} is not a finite number")
    if value != 0 and abs(value.adjusted()) > _MAX_EXPONENT:
        raise ChargeSyntaxError(f"{kind} {str(raw)}: exponent beyond +-{_MAX_EXPONENT}")
    frac = Fraction(value)  # exact: a Decimal is a finite decimal fraction
    return sp.Rational(frac.numerator, frac.denominator)


def parse_value(raw, table: SymbolTable, *, allow_symbol: bool = True, positive: bool = False,
                kind: str = "charge", decimal: bool = False) -> sp.Expr:
    """Turn a whitelisted model-file value into an exact sympy Rational, a Symbol or a multiple of one.

    ``kind`` names the entry in messages ("charge", "coupling", "VEV", ...); ``decimal`` admits
    decimal numbers (numeric parameters; charges must be written exactly as integers or p/q);
    ``positive`` marks a positive quantity: a symbol is declared positive, a number must be > 0.
    """

    def number(value: sp.Expr) -> sp.Expr:
        if positive and not value > 0:
            raise ChargeSyntaxError(f"{kind} {raw!r} must be > 0 (it is a positive quantity)")
        return value

    what = "an integer, a 'p/q' rational" + (", a decimal number" if decimal else "") + \
        (" or a symbol name" if allow_symbol else "")
    if isinstance(raw, bool):
        raise ChargeSyntaxError(f"{kind} {raw!r} is a boolean; expected {what}")
    if isinstance(raw, int):
        return number(sp.Integer(raw))
    if isinstance(raw, (float, Decimal)):
        if not decimal:
            raise ChargeSyntaxError(
                f"{kind} {str(raw)} is a decimal (float) number; write a {kind} exactly as an integer or a 'p/q' string "
                "(e.g. \"1/3\")")
        if isinstance(raw, float):  # only reached through the Python API: its shortest decimal text
            raw = Decimal(repr(raw))
        return number(_decimal_to_rational(raw, raw, kind))
    if not isinstance(raw, str):
        raise ChargeSyntaxError(f"{kind} {raw!r} ({type(raw).__name__}) is not {what}")
    text = raw.strip()
    if _INTEGER.fullmatch(text):
        return number(sp.Integer(int(text)))
    match = _RATIONAL.fullmatch(text)
    if match:
        num, den = int(match.group(1)), int(match.group(2))
        if den == 0:
            raise ChargeSyntaxError(f"{kind} {raw!r} has a zero denominator")
        return number(sp.Rational(num, den))
    if decimal and _DECIMAL.fullmatch(text):
        return number(_decimal_to_rational(Decimal(text), raw, kind))
    if _IDENTIFIER.fullmatch(text):
        if not allow_symbol:
            raise ChargeSyntaxError(f"{kind} {raw!r} must be a number here, not a symbol")
        return table.get(text, positive=positive)
    match = _MULTIPLE.fullmatch(text)
    if match and allow_symbol:
        if positive:
            raise ChargeSyntaxError(f"{kind} {raw!r} must be a plain symbol name (it is a positive quantity)")
        if match.group("sign"):
            coeff = sp.Integer(-1 if match.group("sign") == "-" else 1)
        else:
            den = int(match.group("den") or 1)
            if den == 0:
                raise ChargeSyntaxError(f"{kind} {raw!r} has a zero denominator")
            coeff = sp.Rational(int(match.group("num")), den)
        return coeff * table.get(match.group("name"))
    raise ChargeSyntaxError(
        f"{kind} {raw!r} is not {what}"
        + (" (symbols: letters, digits and underscores, starting with a letter; also -a, 3*a)" if allow_symbol else "")
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
