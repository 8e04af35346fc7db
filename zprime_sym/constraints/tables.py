"""Limit tables: one file per published result, with a provenance header, interpolated in log-log.

File format (``zprime_sym/data/limits/*.csv``; users may write their own in the same format)::

    # experiment: BaBar
    # arxiv: 1406.2980
    # figure: Fig. 4
    # cl: 0.90
    # quantity: epsilon
    # units: dimensionless (kinetic mixing of a dark photon)
    # curve: upper_limit
    # note: coarse sampling of the published curve ...
    # gaps_MeV: 756-816; 998-1059            (optional: mass windows without a limit)
    mass_MeV,limit
    20.3,1.76e-3
    ...

Required header keys: experiment, arxiv, figure, cl, quantity, units, curve; the header must
contain the words "coarse sampling". ``curve`` is ``upper_limit`` (columns mass_MeV,limit) or
``band`` (columns mass_MeV,lower,upper: excluded between the two). Optional keys: ``name``
(constraint id; default: the file stem), ``gaps_MeV``, ``description``. Masses must be positive and
strictly increasing, values positive, and lower < upper in a band. Any violation raises
:class:`ConstraintDataError` naming the file and the line.

Interpolation is linear in (log m, log value) between samples; outside the sampled mass span (and
inside gaps) the table gives no limit.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from ..exceptions import ConstraintDataError
from ..units import UNITS_IN_GEV
from .base import EDGE_RTOL

REQUIRED_KEYS = ("experiment", "arxiv", "figure", "cl", "quantity", "units", "curve")
CURVE_COLUMNS = {"upper_limit": ("mass_MeV", "limit"), "band": ("mass_MeV", "lower", "upper")}
_MEV = UNITS_IN_GEV["MeV"]


@dataclass(frozen=True)
class LimitTable:
    """A parsed limit table. Masses in GeV; ``values`` has one column (limit) or two (lower, upper)."""

    source: str
    header: dict
    mass_GeV: np.ndarray
    values: np.ndarray  # shape (n, 1) for upper_limit, (n, 2) for band
    gaps_GeV: tuple[tuple[float, float], ...]

    @property
    def name(self) -> str:
        return self.header.get("name") or Path(self.source).stem

    @property
    def curve(self) -> str:
        return self.header["curve"]

    @property
    def cl(self) -> float:
        return float(self.header["cl"])

    @property
    def mass_range_GeV(self) -> tuple[float, float]:
        return float(self.mass_GeV[0]), float(self.mass_GeV[-1])

    def interpolate(self, m_zp) -> np.ndarray:
        """Log-log interpolated value(s) at m_Z' (GeV): shape m.shape + (ncol,); NaN where no limit."""
        m = np.asarray(m_zp, dtype=float)
        logm = np.log(m)
        cols = [np.exp(np.interp(logm, np.log(self.mass_GeV), np.log(self.values[:, j]))) for j in range(self.values.shape[1])]
        out = np.stack(cols, axis=-1)
        lo, hi = self.mass_range_GeV
        bad = (m < lo * (1 - EDGE_RTOL)) | (m > hi * (1 + EDGE_RTOL))
        for a, b in self.gaps_GeV:
            bad |= (m > a) & (m < b)
        out[bad] = np.nan
        return out


def _fail(source, line, problem):
    raise ConstraintDataError(f"{source}:{line}: {problem}")


def _parse_gaps(text, source, line):
    gaps = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        try:
            a, b = (float(x) for x in part.split("-"))
        except ValueError:
            _fail(source, line, f"gaps_MeV entry {part!r} is not 'low-high'")
        if not 0 < a < b:
            _fail(source, line, f"gaps_MeV entry {part!r} must have 0 < low < high")
        gaps.append((a * _MEV, b * _MEV))
    return tuple(gaps)


def parse_table(text: str, source: str) -> LimitTable:
    """Parse and validate the text of a limit table; ``source`` names it in error messages."""
    header, rows, columns = {}, [], None
    gaps, gaps_line = (), 0
    header_text = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            body = line[1:].strip()
            header_text.append(body)
            if ":" in body:
                key, value = (s.strip() for s in body.split(":", 1))
                if key in header:
                    _fail(source, lineno, f"header key {key!r} given twice")
                header[key] = value
                if key == "gaps_MeV":
                    gaps, gaps_line = _parse_gaps(value, source, lineno), lineno
            continue
        if columns is None:
            for key in REQUIRED_KEYS:
                if key not in header:
                    _fail(source, lineno, f"header is missing the key {key!r} (required: {', '.join(REQUIRED_KEYS)})")
            if header["curve"] not in CURVE_COLUMNS:
                _fail(source, lineno, f"curve {header['curve']!r} must be one of {sorted(CURVE_COLUMNS)}")
            try:
                cl = float(header["cl"])
            except ValueError:
                cl = float("nan")
            if not 0 < cl < 1:
                _fail(source, lineno, f"cl {header['cl']!r} must be a fraction between 0 and 1, e.g. 0.90")
            if "coarse sampling" not in " ".join(header_text).lower():
                _fail(source, lineno, "header must state that the table is a 'coarse sampling' of the published curve")
            columns = tuple(c.strip() for c in line.split(","))
            if columns != CURVE_COLUMNS[header["curve"]]:
                _fail(source, lineno, f"column row {columns} must be {CURVE_COLUMNS[header['curve']]} for curve {header['curve']!r}")
            continue
        cells = [c.strip() for c in line.split(",")]
        if len(cells) != len(columns):
            _fail(source, lineno, f"expected {len(columns)} values {columns}, got {len(cells)}: {line!r}")
        try:
            values = [float(c) for c in cells]
        except ValueError:
            _fail(source, lineno, f"not a number in {line!r}")
        if not all(np.isfinite(values)) or min(values) <= 0:
            _fail(source, lineno, f"values must be finite and positive: {line!r}")
        if rows and values[0] <= rows[-1][1][0]:
            _fail(source, lineno, f"mass {values[0]} MeV is not above the previous row's {rows[-1][1][0]} MeV")
        if len(values) == 3 and not values[1] < values[2]:
            _fail(source, lineno, f"band lower edge {values[1]} must be below the upper edge {values[2]}")
        rows.append((lineno, values))
    if columns is None:
        _fail(source, 0, "no column row and no data (is the header complete?)")
    if len(rows) < 2:
        _fail(source, rows[0][0] if rows else 0, "a table needs at least two data rows")
    data = np.array([v for _, v in rows])
    if gaps and not all(data[0, 0] * _MEV <= a for a, _ in gaps):
        _fail(source, gaps_line, "gaps_MeV lies outside the sampled mass span")
    return LimitTable(source=source, header=header, mass_GeV=data[:, 0] * _MEV, values=data[:, 1:], gaps_GeV=gaps)


def load_table(path) -> LimitTable:
    """Load a user limit table from a file path (validated as in :func:`parse_table`)."""
    from ..textio import read_text

    path = Path(path)
    # bounded size, UTF-8 only; errors name the file (textio module docstring)
    text = read_text(path, what="the limit table", error=lambda problem: ConstraintDataError(f"{path}: {problem}"))
    return parse_table(text, str(path))


@functools.cache
def shipped_table(filename: str) -> LimitTable:
    """A table shipped in ``zprime_sym/data/limits/`` (read lazily, cached)."""
    ref = resources.files("zprime_sym.data").joinpath("limits", filename)
    return parse_table(ref.read_text(), f"zprime_sym/data/limits/{filename}")
