"""Runs of equal Z' masses in a batch, so that factors depending on m_Z' alone are computed once per mass.

A search evaluates many couplings at each of a few masses, and its batches hold the points of one mass
next to each other. A factor f(m) computed elementwise on the distinct masses and then indexed back
(``f(distinct)[run]``) is, bit for bit, f on every point: the same operations on the same doubles. Users
of :func:`mass_runs` keep the order of their arithmetic, so their results do not depend on whether the
runs were used (tests/test_mass_runs.py).
"""
from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

#: Runs are used from this many points on, and when there are at most 1/RUNS_FRACTION as many runs as points.
MIN_POINTS = 256
RUNS_FRACTION = 8


def runs_of(a: np.ndarray, change: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(value of each run of equal consecutive entries, run index of every entry) of a non-empty 1-d
    array; ``change`` (``a[1:] != a[:-1]``) if already known."""
    if change is None:
        change = a[1:] != a[:-1]
    return a[np.concatenate(([True], change))], np.concatenate(([0], np.cumsum(change)))


def mass_runs(m) -> tuple[np.ndarray, np.ndarray] | None:
    """(distinct mass of each run of equal consecutive values, run index of every point) of a 1-d array
    of masses, or None when runs do not pay (not 1-d, few points, most neighbours differ)."""
    if not isinstance(m, np.ndarray) or m.ndim != 1 or m.size < MIN_POINTS:
        return None
    change = m[1:] != m[:-1]
    n_runs = int(np.count_nonzero(change)) + 1
    if n_runs * RUNS_FRACTION > m.size:
        return None
    return runs_of(m, change)


def mass_groups(m) -> tuple[np.ndarray, np.ndarray] | None:
    """(distinct masses, index of every point's mass among them) of a 1-d array: the runs of
    :func:`mass_runs` when they pay, the sorted distinct values (``np.unique``) for a batch of fewer than
    MIN_POINTS points, None otherwise (large batches whose neighbours mostly differ)."""
    runs = mass_runs(m)
    if runs is not None or not isinstance(m, np.ndarray) or m.ndim != 1 or not 0 < m.size < MIN_POINTS:
        return runs
    distinct, index = np.unique(m, return_inverse=True)
    return distinct, index.reshape(m.shape)


#: A MassFunction remembers its value on sets of at most CACHE_MASSES distinct masses, CACHE_ENTRIES sets
#: (least recently used dropped): a search evaluates the same few masses again and again.
CACHE_MASSES = 1024
CACHE_ENTRIES = 256


def take(value, index):
    """``value[index]`` for an array, or for every array of a dict or tuple of arrays."""
    if isinstance(value, dict):
        return {k: take(v, index) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(take(v, index) for v in value)
    return value[index]


def freeze(value):
    if isinstance(value, dict):
        return {k: freeze(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(freeze(v) for v in value)
    value = np.asarray(value)
    value.flags.writeable = False  # shared by later calls: nobody may change it in place
    return value


class MassFunction:
    """A quantity that depends on m_Z' alone (a limit curve, a dark photon's widths, ...): ``fn(m)``,
    elementwise in m, returning an array (or a dict or tuple of arrays) with one entry per mass.

    Called on a batch, it evaluates ``fn`` on the batch's distinct masses only (:func:`mass_groups`) and
    indexes the values back to the points; the values on a set of distinct masses are remembered, so a
    search that returns to the same masses does not recompute them. ``fn`` applied elementwise to the
    same doubles gives the same doubles whichever other masses share its array, so the result is, bit
    for bit, ``fn(m)`` (tests/test_mass_runs.py).

    ``inputs``: other MassFunctions whose values ``fn`` is built from; ``fn`` is then called as
    ``fn(m, *values)`` (e.g. a dark photon's branching ratio from its partial widths), so that a batch
    that holds the inputs already (see :func:`~zprime_sym.constraints.base.by_mass`) does not compute
    them again. ``shared``: several constraints need the quantity; a batch whose masses all differ
    (no runs) computes it once on all its masses and every constraint takes its points from there.
    ``sort_masses``: ``fn`` looks its masses up in a table (``np.interp``), which is several times faster
    on ascending masses; a batch whose masses all differ then evaluates it on its masses in ascending order
    and takes each point's value from there (:func:`~zprime_sym.constraints.base.by_mass`; same doubles)."""

    def __init__(self, fn, inputs: tuple = (), shared: bool = False, sort_masses: bool = False):
        self.fn, self.inputs, self.shared, self.sort_masses = fn, tuple(inputs), shared, sort_masses
        self._memo: OrderedDict = OrderedDict()
        self._lock = threading.Lock()  # evaluate_batch may run chunks on threads

    def compute(self, m, *values):
        """``fn`` at the masses ``m``, given the values of the inputs there (computed if not given)."""
        if self.inputs and not values:
            values = tuple(inp.on_distinct(m) for inp in self.inputs)
        return self.fn(m, *values)

    def on_distinct(self, distinct: np.ndarray):
        """``fn(distinct)`` for a 1-d array of distinct masses, remembered (read-only arrays); any other
        array (another shape or dtype, or more than CACHE_MASSES masses) is passed to ``fn`` as it is."""
        if distinct.ndim != 1 or distinct.dtype != np.float64 or distinct.size > CACHE_MASSES:
            return self.compute(distinct)
        key = distinct.tobytes()
        with self._lock:
            value = self._memo.get(key)
            if value is not None:
                self._memo.move_to_end(key)
                return value
        value = freeze(self.compute(distinct))
        with self._lock:
            self._memo[key] = value
            while len(self._memo) > CACHE_ENTRIES:
                self._memo.popitem(last=False)
        return value

    def __call__(self, m, groups=None):
        """``fn(m)``; ``groups``: the :func:`mass_groups` of ``m`` if already known."""
        m = np.asarray(m, dtype=float)
        if groups is None:
            groups = mass_groups(m)
        if groups is None:
            return self.compute(m)
        distinct, index = groups
        return take(self.on_distinct(distinct), index)


#: A width is evaluated at its open points only when fewer than this fraction of a batch's points are open.
OPEN_FRACTION = 0.75


def open_points(open_: np.ndarray, *couplings: np.ndarray) -> np.ndarray | None:
    """Indices of the open points (above threshold) of a 1-d batch whose couplings are scalars or arrays of
    its shape, when they are few enough (OPEN_FRACTION) for a width to be evaluated there only; else None."""
    if open_.ndim != 1 or any(c.shape not in ((), open_.shape) for c in couplings):
        return None
    index = np.flatnonzero(open_)
    return index if index.size < OPEN_FRACTION * open_.size else None


def two_body_width(formula, m: np.ndarray, r: np.ndarray, c_v: np.ndarray, c_a: np.ndarray) -> np.ndarray:
    """``formula(m, r, c_v, c_a)`` of a two-body width (r = m_f^2/m^2, open where 1 - 4r > 0, zero
    elsewhere): on the open points only when most of the batch is closed (:func:`open_points`), else on
    the whole batch; the formula is the same elementwise, so the doubles are the same either way."""
    index = open_points(1.0 - 4.0 * r > 0, c_v, c_a)
    if index is None:
        return formula(m, r, c_v, c_a)
    return at_points(index, m.shape, lambda i: formula(m[i], r[i], *(c[i] if c.ndim else c for c in (c_v, c_a))))


def width_on_runs(open_: np.ndarray, run: np.ndarray, compute, *couplings: np.ndarray) -> np.ndarray:
    """A quantity of a batch of mass runs that vanishes where ``open_`` (per distinct mass) is False, e.g. a
    two-body width below threshold (``run``: each point's distinct mass). ``compute(part, *couplings_there)``
    gives it at the points ``part`` (a slice). Closed everywhere: zeros, nothing computed; open on one
    contiguous block of points (a batch ordered by mass, as the search's are): computed there only;
    otherwise on the whole batch. The formula is elementwise, so the doubles are the same either way."""
    shape = run.shape
    if run.size == 0 or not open_.any():
        return np.zeros(shape)
    everywhere = slice(None)
    if open_.all() or any(c.shape not in ((), shape) for c in couplings):
        return compute(everywhere, *couplings)
    open_here = open_[run]
    first = int(np.argmax(open_here))
    last = shape[0] - int(np.argmax(open_here[::-1]))
    if not open_here[first:last].all():
        return compute(everywhere, *couplings)
    part = slice(first, last)
    out = np.zeros(shape)
    out[part] = compute(part, *(c if c.ndim == 0 else c[part] for c in couplings))
    return out


def at_points(index: np.ndarray, shape: tuple, compute) -> np.ndarray:
    """An array of ``shape`` holding ``compute(index)`` at the (1-d) ``index`` points and 0 elsewhere."""
    out = np.zeros(shape)
    if index.size:
        out[index] = compute(index)
    return out
