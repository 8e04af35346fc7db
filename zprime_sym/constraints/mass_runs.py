"""Runs of equal Z' masses in a batch, so that factors depending on m_Z' alone are computed once per mass.

A search evaluates many couplings at each of a few masses, and its batches hold the points of one mass
next to each other. A factor f(m) computed elementwise on the distinct masses and then indexed back
(``f(distinct)[run]``) is, bit for bit, f on every point: the same operations on the same doubles. Users
of :func:`mass_runs` keep the order of their arithmetic, so their results do not depend on whether the
runs were used (tests/test_mass_runs.py).
"""
from __future__ import annotations

import numpy as np

#: Runs are used from this many points on, and when there are at most 1/RUNS_FRACTION as many runs as points.
MIN_POINTS = 256
RUNS_FRACTION = 8


def mass_runs(m) -> tuple[np.ndarray, np.ndarray] | None:
    """(distinct mass of each run of equal consecutive values, run index of every point) of a 1-d array
    of masses, or None when runs do not pay (not 1-d, few points, most neighbours differ)."""
    if not isinstance(m, np.ndarray) or m.ndim != 1 or m.size < MIN_POINTS:
        return None
    change = m[1:] != m[:-1]
    n_runs = int(np.count_nonzero(change)) + 1
    if n_runs * RUNS_FRACTION > m.size:
        return None
    run = np.concatenate(([0], np.cumsum(change)))
    return m[np.concatenate(([True], change))], run
