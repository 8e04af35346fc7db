"""``sympy.collect(expr, symbols, func=func)`` for plain symbols, without sympy's pattern matching.

The derived couplings are linear in the effective parameters and are displayed collected by them
(:func:`zprime_sym.derive.couplings.tidy`). sympy's ``collect`` finds each symbol in each term with
``match`` and, with ``evaluate=True``, first collects every argument of every term recursively, so
``func`` runs on every atom of every term (for N Higgs doublets, thousands of factorisations of single
symbols and numbers). For patterns that are plain symbols, ``term.match(symbol)`` is equality, and
this module does the same steps with equality tests and runs ``func`` once per distinct argument:

1. ``evaluate=True`` recursion: an Add is rebuilt from its collected arguments, a Mul returns the
   product of its collected factors, a Pow collects its base;
2. each term of the (rebuilt) Add is assigned
   to the first symbol s of ``symbols`` that is a factor ``s`` or ``s**k`` (k a number): key
   ``s**k``, coefficient the remaining factors; terms with none of the symbols go to key 1;
3. the coefficients of one key are added, ``func`` is applied to each sum, and the result is
   ``Add(*[key * func(sum)])``.

Anything else (a symbolic exponent, exp(), derivatives, non-commutative factors, Order terms, a
power of a product, a non-symbol pattern) goes to ``sympy.collect`` itself. tests/test_derive_identical.py
checks the result against ``sympy.collect`` on every expression handed over while deriving each
shipped model and N-doublet models.
"""
from __future__ import annotations

from typing import Callable

import sympy as sp

from ..model.charges import as_expr


class _Fallback(Exception):
    """The expression has a shape handled only by sympy.collect."""


def collect_symbols(expr: sp.Expr, symbols: list, func: Callable) -> sp.Expr:
    """Same result as ``sympy.collect(expr, symbols, func=func)`` (``func`` must be pure: its results
    are reused for equal arguments); ``symbols`` plain sympy Symbols."""
    if not all(isinstance(s, sp.Symbol) for s in symbols):
        return sp.collect(expr, symbols, func=func)
    memo: dict = {}

    def f(x):
        out = memo.get(x)
        if out is None:
            out = memo[x] = func(x)
        return out

    try:
        return _collect(as_expr(expr), list(symbols), frozenset(symbols), f)
    except _Fallback:
        return sp.collect(expr, symbols, func=func)


def _collect(expr, symbols, symbol_set, func):
    if expr.is_Add:
        if expr.getO() is not None:
            raise _Fallback
        expr = sp.Add(*[_collect(a, symbols, symbol_set, func) for a in expr.args])
    elif expr.is_Mul:
        return sp.Mul(*[_collect(a, symbols, symbol_set, func) for a in expr.args])
    elif expr.is_Pow:
        return sp.Pow(_collect(expr.base, symbols, symbol_set, func), expr.exp)
    elif not (expr.is_Atom or expr.is_Function) or isinstance(expr, (sp.exp, sp.Derivative)):
        raise _Fallback
    collected: dict = {}
    disliked = []
    for product in sp.Add.make_args(expr):
        c, nc = product.args_cnc(split_1=False)
        if nc:
            raise _Fallback
        parsed = []  # (base, exponent): sympy's parse_term for the shapes allowed here
        for x in c:
            if x.is_Pow:
                if not x.exp.is_Number or x.base.is_Mul or isinstance(x.base, sp.Derivative) or x.base is sp.S.Exp1:
                    raise _Fallback
                parsed.append((x.base, x.exp))
            elif isinstance(x, (sp.exp, sp.Derivative)):
                raise _Fallback
            else:
                parsed.append((x, sp.S.One))
        for symbol in symbols:
            j = next((j for j, (base, _) in enumerate(parsed) if base == symbol), None)
            if j is None:
                continue
            index = sp.Pow(symbol, parsed[j][1])
            rest = sp.Mul(*[base if e is sp.S.One else sp.Pow(base, e) for k, (base, e) in enumerate(parsed) if k != j])
            collected.setdefault(index, []).append(rest)
            break
        else:
            disliked.append(product)
    sums = {k: sp.Add(*v) for k, v in collected.items()}
    if disliked:
        rest = sp.Add(*disliked)
        if rest is not sp.S.Zero:
            sums[sp.S.One] = rest
    return sp.Add(*[key * func(val) for key, val in sums.items()])
