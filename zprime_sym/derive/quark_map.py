"""Quark/nucleon couplings as fixed linear combinations of the nine lepton couplings, when they are.

For many models the quark couplings are, for every value of the free parameters, a linear
combination with constant coefficients (in e, sw, cw) of the nine lepton couplings: the dark photon
(CV_u = -(2/3) CV_e), B-L with kinetic mixing, L_mu-L_tau with g~. Then a point in the nine-coupling
space (where the verdict searches) fixes the quark couplings too. Method: as in relations.py, write
all 9 + 14 couplings (times a common denominator) as polynomials in the free parameters, and solve
M_L^T a = q for each quark row q by exact row reduction over the field of the constants. Where no
solution exists (e.g. nhdm_u1, whose quark couplings depend on z_H' independently of the leptons),
the map is None for that coupling.
"""
from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.polys.matrices import DomainMatrix

from ..model.charges import as_expr
from ..model.couplings import COUPLING_NAMES, QUARK_COUPLING_NAMES
from .gauge import reduce_cw
from .relations import CONSTANTS


def quark_coupling_map(derivation) -> dict[str, dict[str, sp.Expr] | None]:
    """{quark name: {lepton name: coefficient} or None (not a combination of the lepton couplings)}."""
    names = COUPLING_NAMES + QUARK_COUPLING_NAMES
    allc = {**derivation.couplings, **derivation.quark_couplings}
    exprs = [sp.together(as_expr(allc[n])) for n in names]
    params = sorted(set().union(*(x.free_symbols for x in exprs)) - CONSTANTS, key=lambda s: s.name)
    if params:
        common = sp.Integer(1)
        for x in exprs:
            den = sp.denom(x)
            if den.free_symbols & set(params):
                common = sp.lcm(common, sp.Poly(den, *params).as_expr())
        rows = [dict(sp.Poly(sp.cancel(sp.expand(x * common)), *params).terms()) for x in exprs]
    else:
        rows = [{(): x} for x in exprs]
    monomials = sorted(set().union(*rows))
    mat = sp.Matrix([[reduce_cw(row.get(m, 0), tidy=False) for m in monomials] for row in rows])
    a_part, b_part = mat[:9, :].T, mat[9:, :].T  # K x 9 and K x 14
    aug = DomainMatrix.from_Matrix(a_part.row_join(b_part)).to_field()
    rref, pivots = aug.rref()
    rref = rref.to_Matrix()
    out: dict[str, dict[str, Any] | None] = {}
    for j, qname in enumerate(QUARK_COUPLING_NAMES):
        col = 9 + j
        consistent = all(not (all(rref[r, c] == 0 for c in range(9)) and rref[r, col] != 0) for r in range(rref.rows))
        if not consistent:
            out[qname] = None
            continue
        coeffs: dict[str, Any] = {}
        for r, p in enumerate(pivots):
            if p < 9 and rref[r, col] != 0:
                coeffs[COUPLING_NAMES[p]] = sp.factor(rref[r, col])
        out[qname] = coeffs
    return out
