"""Numbers printed beside the limit they are compared with: never rounded onto the limit.

A ratio predicted/limit of 1.0004 fails a "ratio <= 1" test, but printed with three significant digits
it reads "1", and a g-2 pull of -1.0004 sigma against an allowed 1 sigma reads "-1.00": the output
would say "misses ... ratio 1". These functions print the usual number of digits and add digits (up to
the 17 that identify a double) only while the printed value would equal the limit it is tested against.
"""
from __future__ import annotations

import math


def _apart(x: float, limit: float, show, digits: int) -> str:
    """show(x, digits), with digits added (up to 17) while its magnitude would read as ``limit`` and
    |x| != limit."""
    text = show(x, digits)
    if not math.isfinite(x) or abs(x) == limit:
        return text
    while abs(float(text)) == limit and digits < 17:
        digits += 1
        text = show(x, digits)
    return text


def ratio_text(x: float, limit: float = 1.0, digits: int = 3) -> str:
    """``x`` with ``digits`` significant digits (format "g"), more if that text would read as ``limit``
    while ``x != limit`` (e.g. 1.0004 -> "1.0004", 0.99996 -> "0.99996"; 1.0 -> "1")."""
    return _apart(x, limit, lambda v, n: f"{v:.{n}g}", digits)


def pull_text(pull: float, allowed: float, decimals: int = 2) -> str:
    """A signed pull (in sigma) with ``decimals`` decimals, more if |pull| would read as ``allowed``
    while it differs from it (e.g. -1.0004 against 1 -> "-1.0004", not "-1.00")."""
    return _apart(pull, allowed, lambda v, n: f"{v:+.{n}f}", decimals)
