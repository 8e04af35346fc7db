"""ATLAS exclusion contours as closed polygons (``zprime_sym/data/lhc/*.csv``) and a vectorised
point-in-polygon test. SUSY-specific: the (m_Z', g_X) limit curves use the general limit-table
format and loader of :mod:`zprime_sym.constraints.tables` instead.

File format (CSV with a provenance header)::

    # experiment: ATLAS 13 TeV 139/fb, ...
    # arxiv: 1908.08215
    # figure: ...
    # cl: 95% (observed)
    # quantity: excluded region in (m(l~), m(chi~0_1))
    # units: x = m(l~) GeV, y = m(chi~0_1) GeV
    # curve type: closed exclusion polygon, inside excluded
    # note: coarse sampling of the published contour ...
    x,y
    102,1
    ...

Every key of :data:`REQUIRED_KEYS` must be present and the header must contain the words
"coarse sampling" (the contours are hand-sampled from published figures, never HEPData). The
polygon is closed implicitly (the last vertex joins the first); masses in GeV.
"""
from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

import numpy as np

from ..exceptions import ConstraintDataError

#: Header keys that every polygon file must carry.
REQUIRED_KEYS = ("experiment", "arxiv", "figure", "cl", "quantity", "units", "curve type")


def parse_polygon(text: str, source: str) -> np.ndarray:
    """(k, 2) vertices from the text of a polygon file; ConstraintDataError names ``source`` and the problem."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    notes = [ln[1:].strip() for ln in lines if ln.startswith("#")]
    keys = {note.split(":", 1)[0].strip().lower() for note in notes if ":" in note}
    missing = [k for k in REQUIRED_KEYS if k not in keys]
    if missing:
        raise ConstraintDataError(f"{source}: header lacks {', '.join(missing)}")
    if "coarse sampling" not in " ".join(notes).lower():
        raise ConstraintDataError(f"{source}: header must state that the contour is a coarse sampling")
    body = [ln for ln in lines if not ln.startswith("#")]
    if not body or body[0].replace(" ", "").lower() != "x,y":
        raise ConstraintDataError(f"{source}: expected the column line 'x,y' after the header")
    try:
        rows = [tuple(float(v) for v in ln.split(",")) for ln in body[1:]]
    except ValueError as err:
        raise ConstraintDataError(f"{source}: not a number ({err})") from err
    if any(len(r) != 2 for r in rows):
        raise ConstraintDataError(f"{source}: every vertex needs two numbers x,y")
    vertices = np.asarray(rows, dtype=float).reshape(-1, 2)
    if len(vertices) < 3:
        raise ConstraintDataError(f"{source}: a polygon needs at least three vertices")
    if not np.all(np.isfinite(vertices)):
        raise ConstraintDataError(f"{source}: non-finite vertex")
    return vertices


def read_polygon(path: str | Path) -> np.ndarray:
    """Vertices of a user polygon file (same format)."""
    path = Path(path)
    return parse_polygon(path.read_text(), str(path))


@functools.cache
def shipped_polygon(filename: str) -> np.ndarray:
    """Vertices of a contour shipped in ``zprime_sym/data/lhc/`` (read lazily, cached; do not mutate)."""
    ref = resources.files("zprime_sym.data").joinpath("lhc", filename)
    return parse_polygon(ref.read_text(), f"zprime_sym/data/lhc/{filename}")


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
