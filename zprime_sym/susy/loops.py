"""One-loop functions of the SUSY contributions to a_l (Martin-Wells hep-ph/0103067 Eqs. (2.4)-(2.5)
= BDR20 Eqs. (3.3), (3.5)), normalised to F(1) = 1, argument x = m_chi^2 / m_slepton^2.

F1N(x) = 2 (1 - 6x + 3x^2 + 2x^3 - 6x^2 ln x) / (1-x)^4
F2N(x) = 3 (1 - x^2 + 2x ln x) / (1-x)^3
F1C(x) = 2 (2 + 3x - 6x^2 + x^3 + 6x ln x) / (1-x)^4
F2C(x) = -3 (3 - 4x + x^2 + 2 ln x) / (2 (1-x)^3)

The closed forms lose about eps/|1-x|^4 to cancellations near x = 1; for |x - 1| < SERIES_RADIUS
a Taylor series in (x - 1) of order SERIES_ORDER is used instead (coefficients derived once with
sympy and cached, not typed in). With radius 0.2 and order 24 both pieces are accurate to ~1e-12
relative (measured against 60-digit mpmath: worst 1.2e-12, just outside the series region).
x ln x is continued by its limit 0 at x = 0; x -> infinity is fine up to
x ~ 1e75.
"""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING


import numpy as np

if TYPE_CHECKING:  # sympy is imported only when the series coefficients are derived
    import sympy as sp

SERIES_RADIUS = 0.2
SERIES_ORDER = 24


def _xlogx(x):
    """x ln x with the limit 0 at x = 0 (cheaper than scipy.special.xlogy for x > 0)."""
    positive = x > 0
    if positive.all():  # the usual case: no masking needed (same values)
        return x * np.log(x)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(positive, x * np.log(np.where(positive, x, 1.0)), 0.0)


def _neutralino_closed(x, log, xl) -> tuple:
    """(F1N, F2N) by the closed forms of the module docstring at x (an array or a Python float; ``log`` = ln x,
    ``xl`` = x ln x): the same IEEE operations for both types, shared subexpressions computed once."""
    x2 = x * x
    d = 1.0 - x
    d2 = d * d
    x6 = 6 * x
    return 2.0 * (1 - x6 + 3 * x2 + 2 * x2 * x - x6 * xl) / (d2 * d2), 3.0 * (1 - x2 + 2 * xl) / (d2 * d)


def _chargino_closed(x, log, xl) -> tuple:
    """(F1C, F2C) by the closed forms of the module docstring, as :func:`_neutralino_closed`."""
    x2 = x * x
    d = 1.0 - x
    d2 = d * d
    return 2.0 * (2 + 3 * x - 6 * x2 + x2 * x + 6 * xl) / (d2 * d2), -1.5 * (3 - 4 * x + x2 + 2 * log) / (d2 * d)


#: name -> (closed form of its pair, position in the pair)
_CLOSED = {"F1N": (_neutralino_closed, 0), "F2N": (_neutralino_closed, 1),
           "F1C": (_chargino_closed, 0), "F2C": (_chargino_closed, 1)}


def symbolic_loop_functions() -> tuple[dict, sp.Symbol]:
    """The four loop functions as sympy expressions of x (for the series and for tests)."""
    import sympy as sp

    x = sp.Symbol("x", positive=True)
    return {
        "F1N": 2 * (1 - 6 * x + 3 * x**2 + 2 * x**3 - 6 * x**2 * sp.log(x)) / (1 - x) ** 4,
        "F2N": 3 * (1 - x**2 + 2 * x * sp.log(x)) / (1 - x) ** 3,
        "F1C": 2 * (2 + 3 * x - 6 * x**2 + x**3 + 6 * x * sp.log(x)) / (1 - x) ** 4,
        "F2C": -sp.Rational(3, 2) * (3 - 4 * x + x**2 + 2 * sp.log(x)) / (1 - x) ** 3,
    }, x


@functools.cache
def series_coefficients(name: str) -> np.ndarray:
    """Taylor coefficients c_k of F(1 + d) = sum_k c_k d^k, k = 0..SERIES_ORDER (exact, via sympy).

    The floats (repr, exact round trip) are cached on disk (zprime_sym.diskcache), keyed by
    the name, the order, this module's source and the sympy version: a warm process needs no sympy."""
    from .. import diskcache

    key = diskcache.make_key("loop-series", name, SERIES_ORDER, diskcache.source_digest("susy/loops.py"),
                             diskcache.library_version("sympy"))
    stored = diskcache.load_json("loop-series", key, lambda x: isinstance(x, list) and len(x) == SERIES_ORDER + 1
                                 and all(isinstance(c, str) for c in x))
    try:
        coeffs = [float(c) for c in stored] if stored is not None else None
    except ValueError:  # a string that is not a float: recomputed
        coeffs = None
    if coeffs is None:
        import sympy as sp

        funcs, x = symbolic_loop_functions()
        d = sp.Symbol("d")
        ser = sp.series(funcs[name].subs(x, 1 + d), d, 0, SERIES_ORDER + 1).removeO()
        coeffs = [float(ser.coeff(d, k)) for k in range(SERIES_ORDER + 1)]
        diskcache.store_json("loop-series", key, [repr(c) for c in coeffs])
    return np.array(coeffs)


def loop_functions(names, x) -> list[np.ndarray]:
    """[F(x) for F in names] (names from F1N, F2N, F1C, F2C), sharing the masks and x ln x:
    the closed form away from x = 1, the Taylor series for |x - 1| < SERIES_RADIUS."""
    x = np.asarray(x, dtype=float)
    d = x - 1.0
    near = np.abs(d) < SERIES_RADIUS
    any_near = near.any()
    xc = np.where(near, 0.5, x) if any_near else x
    with np.errstate(divide="ignore", invalid="ignore"):
        log = np.log(xc)
        xl = xc * log if (xc > 0).all() else _xlogx(xc)
        pairs = {closed: closed(xc, log, xl) for closed in {_CLOSED[n][0] for n in names}}
        outs = [np.asarray(pairs[_CLOSED[n][0]][_CLOSED[n][1]], dtype=float) for n in names]  # fresh arrays
    if any_near:
        dn = d[near]
        for name, out in zip(names, outs):
            out[near] = _horner(series_coefficients(name), dn)
    return outs


#: Up to this many values :func:`_horner` runs on Python floats: polyval costs SERIES_ORDER numpy calls
#: (about 40 us on a small array), the float recurrence about 1 us per value (measured).
_HORNER_FLOATS = 32


def _horner(coefficients: np.ndarray, d: np.ndarray) -> np.ndarray:
    """sum_k c_k d^k by numpy.polynomial.polynomial.polyval's recurrence (c0 = c[-1] + 0 d, then
    c0 = c[k] + c0 d for k descending), on Python floats for a few values: the same IEEE operations
    in the same order, so the same doubles as polyval (tested), without SERIES_ORDER numpy calls."""
    if d.size > _HORNER_FLOATS:
        return np.polynomial.polynomial.polyval(d, coefficients)
    coeffs = coefficients.tolist()
    return np.array([_horner_float(coeffs, x) for x in d.tolist()], dtype=float)


def _horner_float(coeffs: list, x: float) -> float:
    """polyval's recurrence (:func:`_horner`) at one Python float x, coefficients as a list."""
    c0 = coeffs[-1] + x * 0.0
    for c in coeffs[-2::-1]:
        c0 = c + c0 * x
    return c0


def loop_values(x_neutralino: list, x_chargino: list) -> tuple[list, list, list, list]:
    """(F1N, F2N at each x_neutralino; F1C, F2C at each x_chargino) as lists of the arguments' type.

    The arguments are lists of (n,) arrays (a batch: one :func:`loop_functions` call on them stacked) or
    of Python floats (one point: the same closed forms on floats, with the logarithms from one numpy call,
    and the same series for |x - 1| < SERIES_RADIUS), so that a point gets the doubles it gets in a batch.
    Floats raise ZeroDivisionError where arrays give inf or NaN (x = 1 never divides: it is in the series)."""
    n_neut = len(x_neutralino)
    xs = x_neutralino + x_chargino
    if not xs or not isinstance(xs[0], float):
        f = loop_functions(tuple(_CLOSED), np.stack(xs))
        return list(f[0][:n_neut]), list(f[1][:n_neut]), list(f[2][n_neut:]), list(f[3][n_neut:])
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.log(np.array(xs)).tolist()
    series = _series_lists()
    return (*_float_pair(x_neutralino, logs[:n_neut], _neutralino_closed, series[0], series[1]),
            *_float_pair(x_chargino, logs[n_neut:], _chargino_closed, series[2], series[3]))


def _float_pair(xs: list, logs: list, closed, series_a: list, series_b: list) -> tuple[list, list]:
    """The two loop functions of ``closed`` at Python floats xs (their logarithms ``logs``): the series
    for |x - 1| < SERIES_RADIUS, else the closed forms, as :func:`loop_functions` does on arrays."""
    out_a, out_b = [], []
    for x, log in zip(xs, logs):
        d = x - 1.0
        if abs(d) < SERIES_RADIUS:
            out_a.append(_horner_float(series_a, d))
            out_b.append(_horner_float(series_b, d))
        else:
            a, b = closed(x, log, x * log if x > 0 else 0.0)
            out_a.append(a)
            out_b.append(b)
    return out_a, out_b


@functools.cache
def _series_lists() -> tuple[list, ...]:
    """The series coefficients of F1N, F2N, F1C, F2C as lists of floats (for :func:`_horner_float`)."""
    return tuple(series_coefficients(name).tolist() for name in _CLOSED)


def F1N(x):
    """Neutralino loop function F_1^N(x), F(1) = 1, F(0) = 2."""
    return loop_functions(("F1N",), x)[0]


def F2N(x):
    """Neutralino loop function F_2^N(x), F(1) = 1, F(0) = 3."""
    return loop_functions(("F2N",), x)[0]


def F1C(x):
    """Chargino loop function F_1^C(x), F(1) = 1, F(0) = 4."""
    return loop_functions(("F1C",), x)[0]


def F2C(x):
    """Chargino loop function F_2^C(x), F(1) = 1 (diverges like -3 ln x as x -> 0)."""
    return loop_functions(("F2C",), x)[0]
