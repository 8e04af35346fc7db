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
import math
from dataclasses import dataclass

import numpy as np

from ..constraints.registry import all_constraints
from ..evaluate.batch import evaluate_batch
from ..evaluate.measurements import load_measurements, pulls
from ..model.couplings import shaped

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
        ratios = {name: shaped(r, shape) for name, r in batch["ratios"].items()}
        for name, r in (extra_ratios or {}).items():
            ratios[name] = shaped(r, shape)
        penalty = np.zeros(shape)
        for lep in self.targets:
            penalty = penalty + np.maximum(0.0, np.abs(pull[lep]) - self.sigma) ** 2
        # constraint terms added in registry order; a ratio <= 1 adds exactly 0 (max(0, ln r) = 0), so only
        # the entries above 1 take a logarithm; NaN counts as an exclusion (inf). Row by row (one
        # constraint's points at a time, cache-sized arrays): the doubles of the stacked form
        # (constraint, point) -> sum over constraints in order, first argmax (tests/test_verdict.py)
        max_index, max_ratio, excess = _aggregate(ratios.values(), shape)
        penalty = penalty + excess
        penalty = np.where(np.isfinite(penalty), penalty, np.inf)
        chi2 = pull["e"] ** 2 + pull["mu"] ** 2
        return {"delta_a": da, "pulls": pull, "ratios": ratios, "penalty": penalty, "viable": penalty <= 0.0,
                "chi2": chi2, "max_ratio": max_ratio, "max_ratio_index": max_index}


#: From this many points a batch is aggregated constraint by constraint (cache-sized rows); smaller ones
#: on one stacked (constraint, point) array, in fewer numpy calls. Measured on the 199 batches of five
#: shipped models' verdicts (2026-12-03): the stacked form is faster below ~3000 points (7.9 vs 20.9 ms for
#: the 61 batches under 300 points), the row form above (50 vs 65 ms for the 25 of 3000-8192 points).
ROW_BY_ROW = 3000


def _aggregate(rows, shape) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(index of the first largest ratio, that ratio, sum over ratios r > 1 of (ln r)^2 in the given order)
    per point, for ratio arrays ``rows`` of ``shape``; a NaN or infinite ratio counts as inf. The two forms
    give the same doubles (tests/test_verdict.py)."""
    rows = list(rows)
    if not rows or math.prod(shape) < ROW_BY_ROW:
        return _aggregate_stacked(rows, shape)
    return _aggregate_rows(rows, shape)


def _aggregate_stacked(rows, shape):
    """:func:`_aggregate` on one (constraint, point) array."""
    max_index, max_ratio, excess = np.zeros(shape, dtype=int), np.zeros(shape), np.zeros(shape)
    if not rows:
        return max_index, max_ratio, excess
    r = np.stack([np.asarray(a, dtype=float) for a in rows])
    r = np.where(np.isfinite(r), r, np.inf)
    above = r > 1.0
    if np.any(above):
        term = np.zeros(r.shape)
        term[above] = np.log(r[above]) ** 2
        for j in np.flatnonzero(above.reshape(len(r), -1).any(axis=1)):
            excess = excess + term[j]
    max_index = np.asarray(np.argmax(r, axis=0))  # the first constraint with the largest ratio
    max_ratio = np.take_along_axis(r, max_index[None], axis=0).reshape(shape)
    return max_index, max_ratio, excess


def _aggregate_rows(rows, shape):
    """:func:`_aggregate` one constraint's row at a time."""
    max_index, excess = np.zeros(shape, dtype=int), np.zeros(shape)
    term, better = np.empty(shape), np.empty(shape, dtype=bool)
    for j, row in enumerate(rows):
        row = np.asarray(row, dtype=float)
        if not math.isfinite(row.sum()):  # (a finite sum proves every entry finite; an overflow only costs time)
            row = np.where(np.isfinite(row), row, np.inf)
        if j == 0:
            max_ratio = row.copy()
        else:  # strictly larger: the first constraint with the largest ratio keeps the index (as argmax)
            np.greater(row, max_ratio, out=better)
            max_ratio = np.where(better, row, max_ratio)
            max_index = np.where(better, j, max_index)
        np.greater(row, 1.0, out=better)
        above = np.count_nonzero(better)
        if not above:
            continue
        if 16 * above < better.size:  # few entries above 1: the logarithm of those alone
            index = np.flatnonzero(better)
            log = np.log(row[index])
            excess[index] += log * log  # (ln r)^2, as numpy's ** 2; + 0 elsewhere changes nothing
        else:  # the logarithm of the whole row (contiguous: numpy's vector loop, value by value the same)
            with np.errstate(divide="ignore", invalid="ignore"):
                np.log(row, out=term)
            np.multiply(term, term, out=term)
            excess += np.where(better, term, 0.0)
    return max_index, max_ratio, excess


@functools.cache
def _constraints(include_projections: bool):
    return tuple(all_constraints(include_projections=include_projections))
