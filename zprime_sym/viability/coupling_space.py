"""The linear subspace of coupling space that a model's relations leave, and the way back to parameters.

With the relations R C = 0 (derive/relations.py), choose pivot couplings greedily in the order
tau, mu, e (as the canonical relations do) so that R[:, pivots] is invertible; the remaining "free"
couplings y parametrise the subspace: C = B y with C_pivots = -R_piv^-1 R_free y.
Going back from a coupling point to the model's own parameters is a small nonlinear least-squares
problem solved with scipy.optimize.least_squares from several seeded starts.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from ..model.charges import as_expr
from scipy.optimize import least_squares

from ..evaluate.compile import compile_couplings
from ..constants import constants
from ..model.couplings import COUPLING_NAMES
from ..derive.gauge import cw, e, sw
from ..derive.relations import COUPLING_SYMBOLS

#: largest max |C(params) - C_target| / max |C_target| accepted by recover_parameters
RECOVERY_TOLERANCE = 1e-8


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


def recover_parameters(derivation, target: dict, seed: int = 0, starts: int = 12):
    """Find model parameters whose leading-order couplings equal ``target`` (relative RECOVERY_TOLERANCE).

    The overall scale is fixed by setting the U(1)' coupling g' (if it is a free parameter) to the
    largest target coupling, so charges come out O(1). Returns (parameters dict or None, residual).
    """
    f = compile_couplings(derivation)
    names = list(f.parameters)
    scale = max(abs(target[n]) for n in COUPLING_NAMES) or 1.0
    gp = derivation.model.gp if derivation.model.kind == "charges" else None
    attempts: list[dict[str, float]] = [{}]
    if gp is not None and isinstance(gp, sp.Symbol) and gp.name in names:
        attempts.insert(0, {gp.name: scale})  # free charges absorb the scale: fix g' so charges are O(1)
    best = (None, np.inf)
    for fixed in attempts:
        params, res = _least_squares(f, names, fixed, derivation, target, scale, seed, starts)
        if res < best[1]:
            best = (params, res)
        if res < 1e-10:
            break
    params, res = best
    return (params if res < RECOVERY_TOLERANCE else None), res


def _least_squares(f, names, fixed, derivation, target, scale, seed, starts):
    unknown = [n for n in names if n not in fixed]
    positive = {s.name for s in derivation.coupling_parameters if s.is_positive}
    goal = np.array([target[n] for n in COUPLING_NAMES])

    def unpack(x):
        vals = dict(fixed)
        for n, xi in zip(unknown, x):
            vals[n] = np.exp(xi) if n in positive else xi
        return vals

    def residual(x):
        out = f(**unpack(x))
        return (np.array([float(out[n]) for n in COUPLING_NAMES]) - goal) / scale

    rng = np.random.default_rng(seed)
    best = (None, np.inf)
    for _ in range(starts):
        x0 = rng.uniform(-2, 2, size=len(unknown))
        if not unknown:
            return unpack(x0), float(np.max(np.abs(residual(x0))))
        sol = least_squares(residual, x0, xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=2000)
        res = float(np.max(np.abs(sol.fun)))
        if res < best[1]:
            best = (unpack(sol.x), res)
        if res < 1e-10:
            break
    return best
