"""Evaluate parameter points against g-2 data and every (non-projection) constraint, vectorised.

A point (m_Z', couplings) is *viable* at n sigma when |Delta a_l - Delta a_l^exp| <= n sigma_l for
every targeted lepton (Delta a from BCK21 Eq. (7)) and every constraint ratio is <= 1 (including the
ratios of checks on the model's parameters that the search passes in, the rho_0 check of rho.py).
The *penalty* used by the verdict search is zero exactly for viable points:
    P = sum_l max(0, |pull_l| - n)^2 + sum_c max(0, ln ratio_c)^2.
The evidence reported per point is chi2 = pull_e^2 + pull_mu^2 (the two anomalies) and the largest
constraint ratio. Whatever couplings the caller passes and whatever constraints the registry holds are
used (nothing here lists them).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from ..constraints.registry import all_constraints
from ..evaluate.batch import evaluate_batch
from ..evaluate.measurements import load_measurements, pulls

@dataclass(frozen=True)
class Evaluator:
    """Holds the measurement set and constraint list once; call it on arrays of points."""

    data: str = "bck2021-cs"
    sigma: float = 1.0
    targets: tuple = ("e", "mu")
    include_projections: bool = False

    @functools.cached_property
    def measurements(self):  # read once per evaluator (the search calls evaluate thousands of times)
        return load_measurements(self.data)

    @property
    def constraints(self):
        return _constraints(self.include_projections)

    def evaluate(self, m_zp, couplings, extra_ratios: dict | None = None) -> dict:
        """{'delta_a', 'pulls', 'ratios', 'penalty', 'viable', 'chi2', 'max_ratio', 'max_ratio_index'}.

        ``extra_ratios``: name -> ratio array of checks that depend on the model's parameters rather than
        on (m_Z', couplings) (the rho_0 check, viability/rho.py); they count exactly like the registry's
        constraints and follow them in ``max_ratio_index``."""
        batch = evaluate_batch(m_zp, couplings, constraints=self.constraints)  # g-2 + constraints, shared widths
        da = batch["delta_a"]
        pull = pulls(da, self.measurements)
        shape = np.shape(m_zp)
        ratios = {name: np.broadcast_to(r, shape) for name, r in batch["ratios"].items()}
        for name, r in (extra_ratios or {}).items():
            ratios[name] = np.broadcast_to(r, shape)
        penalty = np.zeros(shape)
        for lep in self.targets:
            penalty = penalty + np.maximum(0.0, np.abs(pull[lep]) - self.sigma) ** 2
        # constraint terms added in registry order; a ratio <= 1 adds exactly 0 (max(0, ln r) = 0), so only
        # the entries above 1 take a logarithm; NaN counts as an exclusion (inf)
        # (all constraints at once on a (constraint, point) array: the same doubles, summed in the same order)
        max_index, max_ratio = np.zeros(shape, dtype=int), np.zeros(shape)
        excess = np.zeros(shape)
        if ratios:
            r = np.stack([np.asarray(a, dtype=float) for a in ratios.values()])
            r = np.where(np.isfinite(r), r, np.inf)
            above = r > 1.0
            if np.any(above):
                term = np.zeros(r.shape)
                term[above] = np.log(r[above]) ** 2
                for j in np.flatnonzero(above.reshape(len(r), -1).any(axis=1)):
                    excess = excess + term[j]
            max_index = np.asarray(np.argmax(r, axis=0))  # the first constraint with the largest ratio
            max_ratio = np.take_along_axis(r, max_index[None], axis=0).reshape(shape)
        penalty = penalty + excess
        penalty = np.where(np.isfinite(penalty), penalty, np.inf)
        chi2 = pull["e"] ** 2 + pull["mu"] ** 2
        return {"delta_a": da, "pulls": pull, "ratios": ratios, "penalty": penalty, "viable": penalty <= 0.0,
                "chi2": chi2, "max_ratio": max_ratio, "max_ratio_index": max_index}


@functools.cache
def _constraints(include_projections: bool):
    return tuple(all_constraints(include_projections=include_projections))
