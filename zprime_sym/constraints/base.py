"""The :class:`Constraint` object and the ratio convention shared by every constraint.

Ratio convention (one number per parameter point, returned by :meth:`Constraint.evaluate`):

* **upper limit** on a quantity X: ratio = X_predicted / X_limit; the point is allowed when ratio <= 1.
* **excluded band** lower < x < upper (beam dumps, supernova): ratio = min(x / lower, upper / x),
  which is > 1 exactly inside the band and <= 1 outside it (and 0 for x = 0).
* **lower bound on the mass** m >= m_min (BBN/Planck): ratio = m_min / m where the bound applies,
  > 1 when the point is excluded.
* **measured ratio** R = sigma/sigma_SM = mu +- s at a two-sided Gaussian confidence level:
  ratio = |R - mu| / (z_CL s); > 1 outside the interval.
* **0** where the constraint does not apply: outside ``mass_range_GeV`` (a closed interval, edges
  with a relative tolerance of 1e-12), inside
  a gap of a limit curve (e.g. BaBar's resonance windows), or when the couplings it needs vanish.

So a point passes a constraint if and only if ratio <= 1; "0" means "no information", not "safe
by a large margin".
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from ..model.couplings import ALL_COUPLING_NAMES, COUPLING_NAMES, QUARK_COUPLING_NAMES, coupling_arrays, shaped
from ..exceptions import InputError
from ..units import to_mev
from .mass_runs import MassFunction, freeze, mass_groups, take

#: Relative tolerance on mass-range edges, so that 0.0203 GeV and "20.3MeV" (= 20.3 * 1e-3) agree.
EDGE_RTOL = 1e-12

#: Signature of the physics function behind a constraint: (m_Z' [GeV] array, couplings) -> ratio array.
RatioFunction = Callable[[np.ndarray, Mapping[str, np.ndarray]], np.ndarray]


def prepare_point(m_zp, couplings: Mapping[str, object]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Validate and broadcast Z' masses (GeV) and the nine couplings to one common shape (plus the
    quark/nucleon couplings CV_u, ..., CV_n among ``couplings``; those not given stay absent and read as 0).

    Raises InputError naming the offending value for a mass that is NaN, infinite, zero or negative,
    and (through :func:`zprime_sym.model.couplings.coupling_arrays`) for unknown or non-finite couplings.
    """
    try:
        m = np.asarray(m_zp, dtype=float)
    except (TypeError, ValueError) as err:
        raise InputError(f"m_Z' = {m_zp!r} is not a number or array of numbers") from err
    bad = ~np.isfinite(m)
    if np.any(bad):
        raise InputError(f"m_Z' = {float(m[bad].ravel()[0])!r} GeV is not a finite number")
    if np.any(m <= 0):
        raise InputError(f"m_Z' = {float(m[m <= 0].ravel()[0])!r} GeV must be positive")
    unknown = set(couplings) - set(ALL_COUPLING_NAMES)
    if unknown:  # the lepton names are always present; quark/nucleon names only if given (else zero)
        coupling_arrays({n: 0.0 for n in unknown}, names=ALL_COUPLING_NAMES)  # raises InputError
    c = coupling_arrays({k: v for k, v in couplings.items() if k in COUPLING_NAMES})
    quarks = [n for n in QUARK_COUPLING_NAMES if n in couplings]
    if quarks:
        c.update(coupling_arrays({n: couplings[n] for n in quarks}, names=tuple(quarks)))
    shape = np.broadcast_shapes(m.shape, *(a.shape for a in c.values()))
    return shaped(m, shape), {k: shaped(v, shape) for k, v in c.items()}


class Points(Mapping):
    """One batch of validated parameter points, flattened to 1-d arrays: ``m`` (Z' masses, GeV) and
    the nine couplings (``points["CV_e"]``), plus a memo for intermediate quantities that several
    constraints share (partial widths, the beam dumps' equivalent epsilons, ...; see :func:`shared`).

    ``subset(mask)`` gives the points inside a constraint's mass range; its couplings and memo entries
    are taken from the parent on first use, so work done once for the whole batch is not repeated.
    ``shape`` is the broadcast shape of the inputs (results are reshaped to it).
    """

    def __init__(self, m: np.ndarray, couplings: dict, shape: tuple, parent: "Points | None" = None,
                 index: np.ndarray | None = None):
        self.m, self.shape = m, shape
        self._couplings = couplings
        self._memo: dict[str, object] = {}
        self._given = frozenset(n for n in couplings if n in QUARK_COUPLING_NAMES)
        self._parent, self._index = parent, index
        self._groups: tuple | None | bool = False  # mass_groups(m), computed on first use
        self._span: tuple[float, float] | None = None  # (min, max) of m, computed on first use
        self._order: tuple | None = None  # sorted_positions(), computed on first use

    @classmethod
    def prepare(cls, m_zp, couplings: Mapping[str, object]) -> "Points":
        """Validate (see :func:`prepare_point`) and flatten."""
        m, c = prepare_point(m_zp, couplings)
        return cls(np.ascontiguousarray(m).ravel(), {k: np.ascontiguousarray(v).ravel() for k, v in c.items()}, m.shape)

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self._couplings:
            if name in QUARK_COUPLING_NAMES and not self.has(name):
                self._couplings[name] = np.zeros(self.m.shape)  # not given: zero (allocated once per batch)
            elif self._parent is None or name not in COUPLING_NAMES + QUARK_COUPLING_NAMES:
                raise KeyError(name)
            else:
                self._couplings[name] = self._parent[name][self._index]
        return self._couplings[name]

    def has(self, name: str) -> bool:
        """True if coupling ``name`` was given (the nine lepton couplings always are)."""
        if name in COUPLING_NAMES:
            return True
        root = self
        while root._parent is not None:
            root = root._parent
        return name in root._given

    @property
    def given_names(self) -> tuple[str, ...]:
        """The nine lepton names followed by the quark/nucleon names that were given."""
        return COUPLING_NAMES + tuple(n for n in QUARK_COUPLING_NAMES if self.has(n))

    def __iter__(self):
        return iter(COUPLING_NAMES)

    def __len__(self) -> int:
        return len(COUPLING_NAMES)

    def subset(self, mask: np.ndarray) -> "Points":
        """The points where ``mask`` (1-d boolean) is True, or at the indices ``mask`` (1-d integers, increasing)."""
        mask = np.asarray(mask)
        index = np.flatnonzero(mask) if mask.dtype == bool else mask
        return Points(self.m[index], {}, (index.size,), parent=self, index=index)

    def mass_groups(self):
        """:func:`~zprime_sym.constraints.mass_runs.mass_groups` of this batch's masses (computed once). A
        subset keeps its parent's distinct masses (some of them then unused) and takes its points' indices."""
        if self._groups is False:
            parent = self._parent.mass_groups() if self._parent is not None else None
            self._groups = mass_groups(self.m) if parent is None else (parent[0], parent[1][self._index])
        return self._groups

    def sorted_positions(self) -> tuple[np.ndarray, np.ndarray]:
        """(masses of the whole batch in ascending order, each of this batch's points' position among
        them): computed once for the whole batch (a subset is a selection of its points)."""
        if self._order is None:
            if self._parent is None:
                order = np.argsort(self.m)
                position = np.empty(order.size, dtype=np.intp)
                position[order] = np.arange(order.size)
                self._order = (self.m[order], position)
            else:
                ascending, position = self._parent.sorted_positions()
                self._order = (ascending, position[self._index])
        return self._order

    def span(self) -> tuple[float, float]:
        """(smallest, largest) mass of the batch (computed once; the batch is not empty)."""
        if self._span is None:
            self._span = (float(self.m.min()), float(self.m.max()))
        return self._span

    def memo(self, key, compute: Callable[[np.ndarray, "Points"], object]):
        """``compute(m, points)`` stored under ``key``, computed once per batch: a subset takes the value
        from the whole batch (computing it there first), so every constraint shares one evaluation."""
        if key not in self._memo:
            if self._parent is not None:
                self._memo[key] = _take(self._parent.memo(key, compute), self._index)
            else:
                self._memo[key] = compute(self.m, self)
        return self._memo[key]


def _take(value, index):
    if isinstance(value, dict):
        return {k: _take(v, index) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(_take(v, index) for v in value)
    return value[index]


def shared(m, couplings, key, compute: Callable[[np.ndarray, Mapping], object]):
    """``compute(m, couplings)``, memoised when ``couplings`` is a :class:`Points` batch whose masses are
    ``m``, so a quantity several constraints need (e.g. the partial widths) is computed once per batch.
    ``compute`` must be a function of its arguments only, returning an array (or a dict or tuple of
    arrays) with one entry per point."""
    if isinstance(couplings, Points) and m is couplings.m:
        return couplings.memo(key, compute)
    return compute(m, couplings)


def by_mass(fn: MassFunction, m, couplings=None):
    """``fn(m)`` for a quantity of m_Z' alone (:class:`~zprime_sym.constraints.mass_runs.MassFunction`),
    using the distinct masses of ``couplings`` when it is the :class:`Points` batch of ``m``. On a batch
    whose masses all differ, a table lookup (``fn.sort_masses``) runs on the batch's masses in ascending
    order (:meth:`Points.sorted_positions`, one sort per batch), several times faster in ``np.interp``,
    and each point takes its value from there: elementwise, so the same doubles."""
    if isinstance(couplings, Points) and m is couplings.m:
        groups = couplings.mass_groups()
        if groups is None and fn.shared:  # masses all different: once per batch, for every constraint
            return couplings.memo(("by_mass", fn), _batch_value(fn))
        if groups is None and fn.sort_masses and m.ndim == 1 and m.size:  # a table lookup: ascending masses
            ascending, position = couplings.sorted_positions()
            first, last = int(position.min()), int(position.max())  # the batch's masses in one window
            return take(fn.compute(ascending[first:last + 1]), position - first)
        return fn(m, groups)
    return fn(m)


def _batch_value(fn: MassFunction) -> Callable[[np.ndarray, "Points"], object]:
    """``fn`` on a batch's masses, its inputs taken from the batch (computed there once), read-only."""
    def compute(m, batch):
        return freeze(fn.compute(m, *(by_mass(inp, m, batch) for inp in fn.inputs)))

    return compute


def band_ratio(x: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """min(x/lower, upper/x): > 1 iff lower < x < upper; 0 for x = 0 (see module docstring)."""
    x = np.abs(np.asarray(x, dtype=float))
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.minimum(x / lower, np.where(x > 0, upper / np.where(x > 0, x, 1.0), np.inf))
    return np.where(x > 0, r, 0.0)


@dataclass(frozen=True)
class Constraint:
    """One published experimental or observational constraint on the Z' couplings.

    Attributes:
        name: short identifier, e.g. ``"babar_2014"``.
        experiment: experiment or analysis (``"BaBar"``, ``"BBN + Planck"``).
        arxiv: arXiv number (or journal reference) of the result, e.g. ``"1406.2980"``.
        cl: confidence level as a fraction (0.90), or None where the source states a criterion
            rather than a confidence level (e.g. "no more cooling than in the SM").
        mass_range_GeV: closed interval (min, max) of m_Z' where the constraint applies (GeV).
        depends_on: the coupling names the constraint reads.
        projection: True for a future reach (not a current exclusion).
        description: what is bounded, and by which formula or curve (one or two sentences).
        ratio_fn: the physics; called with validated, broadcast arrays, returns the ratio.
    """

    name: str
    experiment: str
    arxiv: str
    cl: float | None
    mass_range_GeV: tuple[float, float]
    depends_on: tuple[str, ...]
    projection: bool
    description: str
    ratio_fn: RatioFunction = field(repr=False, compare=False)

    def __post_init__(self):
        lo, hi = self.mass_range_GeV
        if not (0 <= lo < hi):
            raise ValueError(f"constraint {self.name}: bad mass range {self.mass_range_GeV}")
        unknown = set(self.depends_on) - set(ALL_COUPLING_NAMES)
        if unknown:
            raise ValueError(f"constraint {self.name}: unknown couplings {sorted(unknown)}")
        if self.cl is not None and not (0 < self.cl < 1):
            raise ValueError(f"constraint {self.name}: CL {self.cl} not in (0, 1)")

    @classmethod
    def from_table(cls, table, *, name: str, ratio_fn: RatioFunction, depends_on, description: str,
                   projection: bool = False, mass_range_GeV=None) -> "Constraint":
        """A constraint whose experiment, arXiv number, CL and mass range come from a limit table header."""
        return cls(name=name, experiment=table.header["experiment"], arxiv=table.header["arxiv"], cl=table.cl,
                   mass_range_GeV=mass_range_GeV or table.mass_range_GeV, depends_on=tuple(depends_on),
                   projection=projection, description=description, ratio_fn=ratio_fn)

    def evaluate(self, m_zp, couplings: Mapping[str, object], out: np.ndarray | None = None) -> np.ndarray:
        """Ratio (predicted / limit, see the module docstring) per point; <= 1 means allowed.

        ``m_zp`` is the Z' mass in GeV (scalar or array); ``couplings`` maps coupling names to
        scalars or arrays (missing names are zero), or is a :class:`Points` batch (then ``m_zp`` must
        be its ``m``). All inputs broadcast against each other. The physics is evaluated only at the
        points inside ``mass_range_GeV``. ``out`` (optional): a 1-d float64 array with one entry per
        point of the batch, written in place and returned reshaped (evaluate_batch's output slices).
        """
        points = couplings if isinstance(couplings, Points) and m_zp is couplings.m else Points.prepare(m_zp, couplings)
        m = points.m
        lo, hi = self.mass_range_GeV
        lo, hi = lo * (1 - EDGE_RTOL), hi * (1 + EDGE_RTOL)
        if out is not None and (out.shape != m.shape or out.dtype != np.float64):
            raise ValueError(f"constraint {self.name}: out has shape {out.shape} and dtype {out.dtype}, "
                             f"not {m.shape} float64")
        ratio = np.empty(m.shape) if out is None else out
        if not m.size:
            return ratio.reshape(points.shape)
        smallest, largest = points.span()
        if smallest >= lo and largest <= hi:  # every point inside
            ratio[:] = self.ratio_fn(m, points)
        else:
            ratio[:] = 0.0
            if not (largest < lo or smallest > hi):  # some points inside the mass range
                inside = np.flatnonzero((m >= lo) & (m <= hi))  # indices: faster to scatter to than a mask
                if inside.size:
                    sub = points.subset(inside)
                    ratio[inside] = self.ratio_fn(sub.m, sub)
        if np.isnan(ratio.max()):  # max propagates NaN
            raise FloatingPointError(f"constraint {self.name} produced NaN")
        return ratio.reshape(points.shape)

    def passes(self, m_zp, couplings: Mapping[str, object]) -> np.ndarray:
        """Boolean array: True where the point is allowed (ratio <= 1)."""
        return self.evaluate(m_zp, couplings) <= 1.0

    def summary(self) -> dict:
        """JSON-friendly description (mass range in MeV)."""
        lo, hi = self.mass_range_GeV
        return {
            "name": self.name,
            "experiment": self.experiment,
            "arxiv": self.arxiv,
            "cl": self.cl,
            "mass_range_MeV": [to_mev(lo), to_mev(hi) if math.isfinite(hi) else None],
            "depends_on": list(self.depends_on),
            "projection": self.projection,
            "description": self.description,
        }
