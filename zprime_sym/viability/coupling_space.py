"""The linear subspace of coupling space that a set of relations leaves (used for blocking relations).

With the relations R C = 0 (derive/relations.py), choose pivot couplings greedily in the order
tau, mu, e (as the canonical relations do) so that R[:, pivots] is invertible; the remaining "free"
couplings y parametrise the subspace: C = B y with C_pivots = -R_piv^-1 R_free y.
The verdict itself searches the model's own parameters (parameter_space.py); this subspace is only
used to ask which relations block viability.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from ..model.charges import as_expr
from ..constants import constants
from ..model.couplings import COUPLING_NAMES
from ..derive.gauge import cw, e, sw
from ..derive.relations import COUPLING_SYMBOLS

def relation_matrix(relations) -> np.ndarray:
    """Numeric matrix (n_relations x 9) of the relations, constants e, sw, cw substituted."""
    c = constants()
    consts = {e: c.e, sw: c.sw, cw: c.cw}
    rows = []
    for rel in relations:
        expr = sp.expand(as_expr(rel))
        rows.append([float(as_expr(expr.coeff(s)).xreplace(consts)) for s in COUPLING_SYMBOLS])
    return np.array(rows, dtype=float).reshape(len(rows), 9)


@dataclass(frozen=True)
class CouplingSubspace:
    """C = basis @ y for the free couplings y (names in ``free``)."""

    free: tuple[str, ...]
    basis: np.ndarray  #: 9 x k

    @classmethod
    def from_relations(cls, relations) -> "CouplingSubspace":
        r = relation_matrix(relations)
        order = list(reversed(range(9)))  # tau first, then mu, then e
        pivots: list[int] = []
        for col in order:
            if len(pivots) == r.shape[0]:
                break
            trial = pivots + [col]
            if np.linalg.matrix_rank(r[:, trial]) == len(trial):
                pivots = trial
        free = [j for j in range(9) if j not in pivots]
        basis = np.zeros((9, len(free)))
        basis[free, range(len(free))] = 1.0
        if pivots:
            basis[pivots, :] = -np.linalg.solve(r[:, pivots], r[:, free])
        return cls(tuple(COUPLING_NAMES[j] for j in free), basis)

    def couplings(self, y: np.ndarray) -> dict[str, np.ndarray]:
        """y: (k, N) -> {name: (N,) array}."""
        full = self.basis @ np.atleast_2d(y)
        return {n: full[i] for i, n in enumerate(COUPLING_NAMES)}
