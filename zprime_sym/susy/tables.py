"""Reader for the limit tables and exclusion polygons shipped in ``zprime_sym/data``.

File format (CSV with a provenance header)::

    # experiment: BaBar
    # arxiv: 1606.03501
    # figure: Fig. 5
    # cl: 90%
    # quantity: upper limit on g_X
    # units: x=GeV, y=1
    # curve type: one-sided upper limit
    # note: coarse sampling of the published curve
    x,y
    0.215,1.14e-3
    ...

Every header key listed in :data:`REQUIRED_KEYS` must be present and the header must contain the
words "coarse sampling" (these tables are hand-sampled from published figures, never the
experiments' own data release). Masses are in GeV. Users can add their own tables in the same
format and read them with :func:`read_table`.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from ..exceptions import ConstraintDataError

#: Header keys that every shipped table must carry.
REQUIRED_KEYS = ("experiment", "arxiv", "figure", "cl", "quantity", "units", "curve type")


@dataclass(frozen=True)
class Table:
    """A sampled curve or closed polygon: columns x, y (GeV unless ``units`` says otherwise)."""

    name: str
    header: dict
    x: np.ndarray
    y: np.ndarray

    @property
    def vertices(self) -> np.ndarray:
        """(k, 2) array of (x, y) points, for polygons."""
        return np.column_stack([self.x, self.y])


def parse_table(text: str, name: str) -> Table:
    """Parse the text of a table file; raises ConstraintDataError naming the file and problem."""
    header: dict[str, str] = {}
    rows: list[tuple[float, float]] = []
    header_text = []
    seen_columns = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            body = line[1:].strip()
            header_text.append(body)
            if ":" in body:
                key, value = body.split(":", 1)
                header[key.strip().lower()] = value.strip()
            continue
        if not seen_columns:
            if line.replace(" ", "").lower() != "x,y":
                raise ConstraintDataError(f"{name}: line {lineno}: expected column line 'x,y', got {line!r}")
            seen_columns = True
            continue
        parts = line.split(",")
        if len(parts) != 2:
            raise ConstraintDataError(f"{name}: line {lineno}: expected two numbers, got {line!r}")
        try:
            rows.append((float(parts[0]), float(parts[1])))
        except ValueError as err:
            raise ConstraintDataError(f"{name}: line {lineno}: not a number: {line!r}") from err
    missing = [k for k in REQUIRED_KEYS if k not in header]
    if missing:
        raise ConstraintDataError(f"{name}: header lacks {', '.join(missing)}")
    if "coarse sampling" not in " ".join(header_text).lower():
        raise ConstraintDataError(f"{name}: header must state that the table is a coarse sampling")
    if len(rows) < 2:
        raise ConstraintDataError(f"{name}: needs at least two data rows")
    arr = np.asarray(rows, dtype=float)
    if not np.all(np.isfinite(arr)):
        raise ConstraintDataError(f"{name}: non-finite entry")
    return Table(name=name, header=header, x=arr[:, 0], y=arr[:, 1])


def read_table(path: str | Path) -> Table:
    """Read a user table from a file path."""
    path = Path(path)
    return parse_table(path.read_text(), str(path))


@functools.cache
def shipped_table(relative: str) -> Table:
    """A table shipped in ``zprime_sym/data`` (e.g. ``"limits/lmu_ltau_babar_1606.03501.csv"``), cached."""
    node = resources.files("zprime_sym.data")
    for part in relative.split("/"):
        node = node.joinpath(part)
    return parse_table(node.read_text(), relative)


def loglog_interp(table: Table, x) -> np.ndarray:
    """Interpolate y(x) linearly in (ln x, ln y); NaN outside the tabulated x range.

    The x column must be strictly increasing (checked: ConstraintDataError otherwise).
    """
    if np.any(np.diff(table.x) <= 0) or np.any(table.x <= 0) or np.any(table.y <= 0):
        raise ConstraintDataError(f"{table.name}: log-log interpolation needs increasing positive x and positive y")
    x = np.asarray(x, dtype=float)
    lx = np.log(np.where(x > 0, x, np.nan))
    out = np.exp(np.interp(lx, np.log(table.x), np.log(table.y)))
    inside = (x >= table.x[0]) & (x <= table.x[-1])
    return np.where(inside, out, np.nan)


def points_in_polygon(points, vertices) -> np.ndarray:
    """Vectorised even-odd ray casting: which of ``points`` (n, 2) lie inside the closed polygon.

    ``vertices`` is (k, 2); the polygon is closed implicitly (last vertex joins the first).
    Horizontal ray towards +x; a point exactly on an edge may fall either way.
    """
    pts = np.asarray(points, dtype=float).reshape(-1, 2)
    v = np.asarray(vertices, dtype=float)
    x1, y1 = v[:, 0], v[:, 1]
    x2, y2 = np.roll(x1, -1), np.roll(y1, -1)
    px = pts[:, 0:1]
    py = pts[:, 1:2]
    straddle = (y1 > py) != (y2 > py)  # (n, k)
    dy = np.where(y2 == y1, 1.0, y2 - y1)
    x_cross = x1 + (py - y1) * (x2 - x1) / dy
    crossings = straddle & (px < x_cross)
    inside = (np.count_nonzero(crossings, axis=1) % 2) == 1
    return inside & np.all(np.isfinite(pts), axis=1)
