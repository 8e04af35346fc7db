"""The :class:`Constraint` object and the ratio convention shared by every constraint.

Ratio convention (one number per parameter point, returned by :meth:`Constraint.evaluate`):

* **upper limit** on a quantity X: ratio = X_predicted / X_limit; the point is allowed when ratio <= 1.
* **excluded band** lower < x < upper (beam dumps, supernova): ratio = min(x / lower, upper / x),
  which is > 1 exactly inside the band and <= 1 outside it (and 0 for x = 0).
* **lower bound on the mass** m >= m_min (BBN/Planck): ratio = m_min / m where the bound applies,
  > 1 when the point is excluded.
* **measured ratio** R = sigma/sigma_SM = mu +- s at a two-sided Gaussian confidence level:
  ratio = |R - mu| / (z_CL s); > 1 outside the interval.
* **0** where the constraint does not apply: outside ``mass_range_GeV`` (a closed interval), inside
  a gap of a limit curve (e.g. BaBar's resonance windows), or when the couplings it needs vanish.

So a point passes a constraint if and only if ratio <= 1; "0" means "no information", not "safe
by a large margin".
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from ..couplings import COUPLING_NAMES, coupling_arrays
from ..exceptions import InputError
from ..units import to_mev

#: Signature of the physics function behind a constraint: (m_Z' [GeV] array, couplings) -> ratio array.
RatioFunction = Callable[[np.ndarray, Mapping[str, np.ndarray]], np.ndarray]


def prepare_point(m_zp, couplings: Mapping[str, object]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Validate and broadcast Z' masses (GeV) and the nine couplings to one common shape.

    Raises InputError naming the offending value for a mass that is NaN, infinite, zero or negative,
    and (through :func:`zprime_sym.couplings.coupling_arrays`) for unknown or non-finite couplings.
    """
    try:
        m = np.asarray(m_zp, dtype=float)
    except (TypeError, ValueError) as err:
        raise InputError(f"m_Z' = {m_zp!r} is not a number or array of numbers") from err
    bad = ~np.isfinite(m)
    if np.any(bad):
        raise InputError(f"m_Z' = {m[bad].ravel()[0]!r} GeV is not a finite number")
    if np.any(m <= 0):
        raise InputError(f"m_Z' = {m[m <= 0].ravel()[0]!r} GeV must be positive")
    c = coupling_arrays(couplings)
    shape = np.broadcast_shapes(m.shape, *(a.shape for a in c.values()))
    return np.broadcast_to(m, shape), {k: np.broadcast_to(v, shape) for k, v in c.items()}


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
        unknown = set(self.depends_on) - set(COUPLING_NAMES)
        if unknown:
            raise ValueError(f"constraint {self.name}: unknown couplings {sorted(unknown)}")
        if self.cl is not None and not (0 < self.cl < 1):
            raise ValueError(f"constraint {self.name}: CL {self.cl} not in (0, 1)")

    def evaluate(self, m_zp, couplings: Mapping[str, object]) -> np.ndarray:
        """Ratio (predicted / limit, see the module docstring) per point; <= 1 means allowed.

        ``m_zp`` is the Z' mass in GeV (scalar or array); ``couplings`` maps coupling names to
        scalars or arrays (missing names are zero). All inputs broadcast against each other.
        """
        m, c = prepare_point(m_zp, couplings)
        lo, hi = self.mass_range_GeV
        inside = (m >= lo) & (m <= hi)
        ratio = np.asarray(self.ratio_fn(m, c), dtype=float)
        ratio = np.broadcast_to(ratio, m.shape)
        return np.where(inside, np.nan_to_num(ratio, nan=0.0, posinf=np.finfo(float).max), 0.0)

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
