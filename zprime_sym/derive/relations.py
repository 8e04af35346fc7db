"""Linear relations among the nine couplings that hold for every value of the free parameters.

Write each coupling (times a common denominator D(p) of all nine) as a polynomial in the free
parameters p with coefficients in Q(e, sw, cw): C_i = sum_m M[i, m] p^m. A relation sum_i r_i C_i = 0
for all p is a vector r in the left null space of M (BCK21: Eq. (30) for the NHDM, Eq. (33) for
Froggatt-Nielsen). The basis is put in reduced row-echelon form with the couplings ordered
tau, mu, e (so each relation expresses a heavier flavour through the electron where possible), and
scaled to integer-like coefficients.
"""
from __future__ import annotations

import sympy as sp
from sympy.polys.matrices import DomainMatrix

from ..model.charges import as_expr

from ..model.couplings import COUPLING_NAMES
from .gauge import cw, e, reduce_cw, sw

CONSTANTS = {e, sw, cw}
COUPLING_SYMBOLS = tuple(sp.Symbol(n, real=True) for n in COUPLING_NAMES)

#: Pivot preference: tau first, then mu, then e (within a flavour: Cnu, CA, CV).
_PIVOT_ORDER = [COUPLING_NAMES.index(n) for n in reversed(COUPLING_NAMES)]


def coefficient_matrix(couplings: dict[str, sp.Expr]):
    """(M, parameters, monomials): couplings' dependence on the free parameters."""
    exprs = [sp.together(as_expr(couplings[n])) for n in COUPLING_NAMES]
    params = sorted(set().union(*(x.free_symbols for x in exprs)) - CONSTANTS, key=lambda s: s.name)
    if not params:  # constant couplings: the single "monomial" is 1
        return sp.Matrix([[sp.factor(x)] for x in exprs]), params, [()]
    dens = [sp.denom(x) for x in exprs]
    common = sp.Integer(1)
    for den in dens:
        # only the parameter-dependent part of a denominator needs clearing
        common = sp.lcm(common, sp.Poly(den, *params).as_expr()) if den.free_symbols & set(params) else common
    rows = []
    for x in exprs:
        poly = sp.Poly(sp.cancel(sp.expand(x * common)), *params)
        rows.append(dict(poly.terms()))
    monomials = sorted(set().union(*rows))
    matrix = sp.Matrix([[row.get(m, 0) for m in monomials] for row in rows])
    return matrix, params, monomials


def relations(couplings: dict[str, sp.Expr]) -> list[sp.Expr]:
    """A canonical basis of the linear relations (expressions in CV_e, ... that vanish)."""
    matrix, _, _ = coefficient_matrix(couplings)
    # exact linear algebra over the field of the constants (sympy DomainMatrix: no simplification heuristics)
    rows = DomainMatrix.from_Matrix(matrix.T.applyfunc(reduce_cw)).to_field().nullspace()
    if rows.shape[0] == 0:
        return []
    rref = rows.to_Matrix()[:, _PIVOT_ORDER]
    rref = DomainMatrix.from_Matrix(rref).to_field().rref()[0].to_Matrix()
    out = []
    for k in range(rref.rows):
        row = [sp.factor(rref[k, j]) for j in range(9)]
        if all(x == 0 for x in row):
            continue
        dens = [sp.denom(x) for x in row if x != 0]
        scale = sp.lcm(dens) if dens else 1
        coeffs = {COUPLING_NAMES[_PIVOT_ORDER[j]]: sp.factor(row[j] * scale) for j in range(9)}
        expr = sum(coeffs[n] * COUPLING_SYMBOLS[i] for i, n in enumerate(COUPLING_NAMES))
        out.append(sp.expand(expr))
    return out


def in_span(relation: sp.Expr, basis: list[sp.Expr]) -> bool:
    """True if ``relation`` (an expression in the coupling symbols) is a combination of ``basis``."""
    def vec(expr):
        expr = sp.expand(expr)
        return [expr.coeff(s) for s in COUPLING_SYMBOLS]

    if not basis:
        return all(c == 0 for c in vec(relation))
    m = sp.Matrix([vec(b) for b in basis])
    return m.rank(simplify=True) == m.col_join(sp.Matrix([vec(relation)])).rank(simplify=True)
