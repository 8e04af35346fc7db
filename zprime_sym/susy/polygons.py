"""ATLAS exclusion contours as closed polygons (``zprime_sym/data/lhc/*.csv``) and a vectorised
point-in-polygon test. SUSY-specific: the (m_Z', g_X) limit curves use the general limit-table
format and loader of :mod:`zprime_sym.constraints.tables` instead.

File format: the one limit-table grammar of :mod:`zprime_sym.constraints.tables` with
``curve: polygon``, ``bounds: mass_plane`` and an ``axes`` key (what x and y are); columns ``x,y`` in
the table's ``units`` (returned in GeV). The polygon is closed implicitly (the last vertex joins the
first); inside is excluded.
"""
from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

import numpy as np

from ..constraints.tables import parse, polygon_vertices, read_text


def parse_polygon(text: str, source: str) -> np.ndarray:
    """(k, 2) vertices in GeV from the text of a polygon file; ConstraintDataError names ``source``, line, problem."""
    return polygon_vertices(parse(text, source))


def read_polygon(path: str | Path) -> np.ndarray:
    """Vertices of a user polygon file (same format)."""
    return parse_polygon(read_text(path), str(path))


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
