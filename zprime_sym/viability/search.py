"""Deterministic search of a linear parameter space at one m_Z' (no random numbers anywhere).

The space gives couplings C = M(theta) y + c0 (parameter_space.py). Two facts are used:
Delta a_l is exactly quadratic in the couplings at fixed m_Z' (BCK21 Eq. (7)), and, with c0 = 0,
C(t d) = t C(d) along every ray d of y-space.

* Ray mode (c0 = 0). Directions d are a fixed set: the coordinate axes (both signs), and for k >= 2 a
  uniform circle (k = 2) or the points of an unscrambled Sobol sequence mapped onto the sphere (k >= 3).
  - m_Z' a search coordinate: Delta a_l(t d) = t^2 q_l(d), q_l = C_V,l^2 Delta a(C_V = 1) + C_A,l^2
    Delta a(C_A = 1), so the interval of t^2 where every targeted pull is within n sigma is solved in
    closed form; a few t in that interval (its ends, the chi2 optimum, the geometric middle) are then
    checked against every constraint through evaluate_batch. The mass coordinate's own parameter must be
    real: s^2 = (m_Z'^2 - A(t d)) / B(t d) >= 0.
  - m_Z' derived: m_Z'^2 = t^2 A(d) fixes t at each mass; one point per direction.
* Grid mode (c0 != 0: the user fixed part of the couplings): a signed-log grid (k <= 2) or Sobol points
  (k >= 3) in y, |y_j| in [1e-8, 1] or 0; with a derived mass each point sits at its own m_Z'.

A mass with no viable point is refined locally: the best REFINE_KEEP directions are improved by a
pattern search (coordinate steps of shrinking size, REFINE_ROUNDS rounds), still deterministic.
Points with any |C| > MAX_COUPLING are not physical here (perturbativity) and are skipped.
"""
from __future__ import annotations

import functools
import math
import time
from dataclasses import dataclass

import numpy as np

from ..constraints.mass_runs import runs_of
from ..evaluate.g2 import delta_a
from ..evaluate.measurements import load_measurements
from ..model.couplings import FLAVOURS
from . import rho, zpole
from .sobol import sobol

MAX_COUPLING = 1.0
N_DIRECTIONS = {1: 0, 2: 721}  #: ratios per sign pattern for k = 2 (k = 1: the two signs only)
LOG_SPAN = 5.0  #: decades spanned by the components of a direction
SOBOL_LOG2 = 11  #: 2^11 Sobol directions for k >= 3
STAGE1_DIRECTIONS = 256  #: directions of the first pass spread over their g-2 interval in the second
N_T = 4  #: scale values per direction spread over the g-2 interval (second pass)
REFINE_KEEP = 6
REFINE_ROUNDS = 8
GRID_MIN_LOG10 = -8.0


def distinct_inverse(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(a, return_inverse=True)`` of a 1-d array without NaN; a non-decreasing array (the
    search's rows, grouped by mass in ascending order) is read off its runs instead of sorted."""
    if a.size and not np.any(a[1:] < a[:-1]):
        return runs_of(a)
    return np.unique(a, return_inverse=True)


def best_of_groups(group: np.ndarray, penalty: np.ndarray, chi2: np.ndarray) -> np.ndarray:
    """Index of each group's best point, groups in ascending order: least penalty, then least chi2, then
    the first such point; ``np.lexsort((chi2, penalty, group))`` reduced to the first of every group. A
    non-decreasing ``group`` without NaN penalties or chi2 is reduced run by run (no sort)."""
    n = group.size
    if n and not np.any(group[1:] < group[:-1]) and not (np.isnan(penalty).any() or np.isnan(chi2).any()):
        starts = np.flatnonzero(np.concatenate(([True], group[1:] != group[:-1])))
        run = np.repeat(np.arange(starts.size), np.diff(np.append(starts, n)))
        least = penalty == np.minimum.reduceat(penalty, starts)[run]
        c = np.where(least, chi2, np.inf)
        best = np.flatnonzero(least & (c == np.minimum.reduceat(c, starts)[run]))
        return best[np.concatenate(([True], run[best][1:] != run[best][:-1]))]
    order = np.lexsort((chi2, penalty, group))
    return order[np.concatenate(([True], group[order][1:] != group[order][:-1]))]


def directions(k: int) -> np.ndarray:
    """The fixed set of unit directions in R^k (see the module docstring).

    k = 2: ratios y_2/y_1 = +-10^x, x uniform in [-LOG_SPAN, LOG_SPAN] (N_DIRECTIONS[2] per quadrant pair),
    k >= 3: Sobol points u in [0, 1)^k, component j = sign(2u_j - 1) 10^(-LOG_SPAN |1 - |2u_j - 1||)... i.e.
    signed components spread log-uniformly over LOG_SPAN decades, so that hierarchies between couplings
    (a small neutrino coupling beside a large axial one) are sampled as densely as equal sizes."""
    if k == 0:
        return np.zeros((1, 0))
    axes = np.vstack([np.eye(k), -np.eye(k)])
    if k == 1:
        return axes
    if k == 2:
        r = 10.0 ** np.linspace(-LOG_SPAN, LOG_SPAN, N_DIRECTIONS[2])
        base = np.stack([np.ones_like(r), r], axis=1)
        out = np.vstack([base, base * [1, -1], base * [-1, 1], -base])
    else:
        u = sobol(k, SOBOL_LOG2)[1:]  # the first point is the origin
        x = 2.0 * u - 1.0
        out = np.sign(x) * 10.0 ** (-LOG_SPAN * (1.0 - np.abs(x)))
        out = out[np.all(x != 0.0, axis=1)]
    out = out / np.linalg.norm(out, axis=1, keepdims=True)
    return np.vstack([axes, out])


def grid_points(k: int) -> np.ndarray:
    """Signed-log points in y for grid mode."""
    if k == 0:
        return np.zeros((1, 0))
    if k <= 2:
        g = 400 if k == 1 else 60
        mag = 10.0 ** np.linspace(GRID_MIN_LOG10, 0.0, g)
        axis = np.concatenate([-mag[::-1], [0.0], mag])
        mesh = np.meshgrid(*([axis] * k), indexing="ij")
        return np.stack([m.ravel() for m in mesh], axis=1)
    u = sobol(k, 14)
    x = 2 * u - 1
    return np.sign(x) * 10.0 ** (GRID_MIN_LOG10 * (1 - np.abs(x)))


@dataclass
class Best:
    """The best point found at one mass (penalty first, then chi2)."""

    m: float
    viable: bool
    penalty: float
    chi2: float
    max_ratio: float
    max_ratio_name: str
    y: np.ndarray
    theta: np.ndarray
    s2: float  #: square of the mass-coordinate parameter (nan without one)


class Searcher:
    """Runs the search for one space and evaluator; counts points and time."""

    def __init__(self, space, evaluator):
        self.space, self.ev = space, evaluator
        self.points = 0
        self.seconds = 0.0
        self.ranges: dict[str, list] = {}
        self.mset = load_measurements(evaluator.data)
        self.cons_names = [c.name for c in evaluator.constraints]
        # the rho_0 check (viability/rho.py) from each point's own parameters: charge-table models only
        self._rho = getattr(space, "rho", None) is not None
        if self._rho:  # and the Z-pole widths where the Z mixes (viability/zpole.py), from the same block
            self.cons_names += [rho.NAME, zpole.NAME]
        self._dirs = directions(space.k) if space.homogeneous else None
        self._grid = None if space.homogeneous else grid_points(space.k)

    # ---- evaluation of candidate points -------------------------------------------------------------
    def _feasible(self, y, theta, m):
        """(mask, s^2, coupling matrix (N, C), columns in the order of the space's coupling_names) for points
        y at masses m: couplings perturbative, mass reachable."""
        c = self.space.coupling_matrix(y, theta)
        ok = np.all(np.abs(c) <= MAX_COUPLING, axis=1)  # (False for NaN and inf too: no separate finiteness test)
        if self.space.effective:
            return ok, np.full(len(y), np.nan), c
        a, b = self.space.mass_terms(y, theta)
        if self.space.mass_param is None:
            return ok & np.isfinite(a), np.full(len(y), np.nan), c
        with np.errstate(divide="ignore", invalid="ignore"):
            s2 = (m**2 - a) / b
        ok &= np.isfinite(s2) & (s2 >= 0) & (b > 0)
        return ok, s2, c

    def _evaluate_groups(self, m, y, theta, group, bests: list) -> np.ndarray:
        """Evaluate points y (masses m, group index per point), update bests[group] in place and return
        every point's penalty (inf where not feasible)."""
        return self._evaluate_segments([(m, y, theta, group)], bests)[0]

    def _evaluate_segments(self, segments: list, bests: list) -> list:
        """:meth:`_evaluate_groups` of several (m, y, theta, group) segments in ONE evaluation (the per-call
        cost of the constraints paid once); a group (mass index) must lie in one segment only. Each point's
        values are those of its own segment's call (every quantity is computed point by point)."""
        penalties = [np.full(len(seg[1]), np.inf) for seg in segments]
        parts = []  # (segment number, feasible indices, s^2, couplings, parameters)
        for k, (m, y, theta, group) in enumerate(segments):
            if len(y) == 0:
                continue
            ok, s2, c = self._feasible(y, theta, m)
            idx = np.flatnonzero(ok)
            if idx.size:  # the parameters (also for the searched ranges) outside the timing
                parts.append((k, idx, s2, c, self._parameters(y[idx], theta, s2[idx])))
        if not parts:
            return penalties
        t0 = time.perf_counter()
        sizes = [part[1].size for part in parts]
        total = sum(sizes)
        m_all = np.concatenate([segments[k][0][idx] for k, idx, *_ in parts])
        cp = self._columns(np.concatenate([c[idx] for _, idx, _, c, _ in parts]))
        params = {n: np.concatenate([p[n] for *_, p in parts]) for n in parts[0][4]} if len(parts) > 1 else parts[0][4]
        out = self.ev.evaluate(m_all, cp, self._extra(params, total, cp))
        self.seconds += time.perf_counter() - t0
        self.points += total
        self._track(params)
        start = 0
        for (k, idx, s2, _, _), size in zip(parts, sizes):
            m, y, theta, group = segments[k]
            sel = slice(start, start + size)
            start += size
            pen = out["penalty"][sel]
            penalties[k][idx] = pen
            g = group[idx]
            chi2, viable, max_ratio, max_index = (out[key][sel] for key in ("chi2", "viable", "max_ratio", "max_ratio_index"))
            first = best_of_groups(g, pen, chi2)
            for i in first:
                j = idx[i]
                old = bests[g[i]]
                if old is not None and (old.penalty, old.chi2) <= (pen[i], chi2[i]):
                    continue
                bests[g[i]] = Best(float(m[j]), bool(viable[i]), float(pen[i]), float(chi2[i]), float(max_ratio[i]),
                                   self.cons_names[int(max_index[i])] if self.cons_names else "",
                                   y[j].copy(), np.array(theta, dtype=float), float(s2[j]))
        return penalties

    def _columns(self, matrix: np.ndarray) -> dict[str, np.ndarray]:
        """The couplings of an (N, C) coupling matrix as contiguous arrays keyed by name (one transposing copy)."""
        return dict(zip(self.space.coupling_names, np.ascontiguousarray(matrix.T)))

    def _parameters(self, y, theta, s2) -> dict:
        """The model's parameters at the points y (with the mass coordinate from s^2, if any)."""
        if self._rho:
            return self.space.point_parameters(y, theta, s2)
        params = self.space.parameters(y, theta)
        if self.space.mass_param is not None:
            params[self.space.mass_param.name] = np.sqrt(np.maximum(s2, 0.0))
        return params

    def _extra(self, params, n, couplings) -> dict | None:
        """Ratios of the checks on the parameters themselves: the rho_0 check (viability/rho.py) and the
        Z-pole widths (viability/zpole.py), both from the point's tree-level Z0-X block."""
        if not self._rho:
            return None
        a, b, d = self.space.rho.block(params, n)
        s_phi, c_phi = zpole.angle_from_block(a, b, d)
        return {rho.NAME: rho.rho0_ratio(rho.rho_minus_1_from_block(a, b, d)),
                zpole.NAME: zpole.zpole_ratio(s_phi, c_phi, couplings)}

    def _track(self, params):
        equal = {s.name for s in self.space.mass_equal}
        for name, arr in params.items():
            if name in equal:  # set equal to the mass coordinate: not a searched range of its own
                continue
            arr = np.abs(arr[np.isfinite(arr)])
            if arr.size:
                lo, hi = float(arr.min()), float(arr.max())
                r = self.ranges.setdefault(name, [lo, hi])
                r[0], r[1] = min(r[0], lo), max(r[1], hi)

    # ---- ray mode -----------------------------------------------------------------------------------
    def _ray_points(self, m, d, theta, stage: int = 0):
        """Candidate points t*d for unit directions d at one mass m (ray mode); see :meth:`_ray_rows`."""
        if self.space.k == 0:
            return np.zeros((1, 0))
        pts, _ = self._ray_rows(np.full(len(d), float(m)), d, theta, stage, np.zeros(len(d), dtype=np.intp))
        return pts

    def _ray_rows(self, m, d, theta, stage: int, group, unit=None):
        """Candidate points for rows (m[r], d[r]) (ray mode, k >= 1), vectorised over masses; ``group[r]``
        labels the rows of one mass (contiguous). Returns (points, source row of each point), points in row
        order. Stage 0: the chi2-optimal t of each direction (clipped to its g-2 interval); stage 1: N_T
        values spread over the interval. A mass none of whose directions reaches the g-2 targets keeps the
        chi2 optimum of every direction in stage 0 (for the evidence) and nothing in stage 1.
        ``unit``: the couplings at d, if already known."""
        n = len(d)
        if n == 0:
            return np.zeros((0, d.shape[1])), np.zeros(0, dtype=np.intp)
        if not self.space.mass_is_coordinate:
            a, _ = self.space.mass_terms(d, theta)
            with np.errstate(divide="ignore", invalid="ignore"):
                t = np.where(a > 0, m / np.sqrt(np.where(a > 0, a, 1.0)), np.nan)
            keep = np.flatnonzero(np.isfinite(t))
            return d[keep] * t[keep, None], keep
        if unit is None:
            unit = self.space.couplings(d, theta)
        masses, where = distinct_inverse(m)

        def q_of(fl):  # Delta a_l(t d) = t^2 q_l(d)
            g2 = _unit_delta_a_rows(masses, fl)
            return unit[f"CV_{fl}"] ** 2 * g2[where, 0] + unit[f"CA_{fl}"] ** 2 * g2[where, 1]

        lo, hi, tbest = self._g2_intervals(q_of, n)
        inside = lo <= hi
        labels, gidx = distinct_inverse(group)
        any_inside = np.bincount(gidx, weights=inside, minlength=len(labels)) > 0
        return self._candidates(lo, hi, tbest, inside, any_inside[gidx], stage, lambda src: d[src])

    def _ray_grid(self, masses, dirs, theta):
        """:meth:`_ray_rows` at stage 0 for every direction at each of ``masses`` (m_Z' a search coordinate),
        the rows mass-major (row i nd + j: masses[i], dirs[j]), computed on (mass, direction) arrays instead
        of tiled rows: the same operations on the same doubles."""
        nm, nd = len(masses), len(dirs)
        unit = self.space.couplings(dirs, theta)

        def q_of(fl):
            g2 = _unit_delta_a_rows(masses, fl)
            return (unit[f"CV_{fl}"] ** 2 * g2[:, 0:1] + unit[f"CA_{fl}"] ** 2 * g2[:, 1:2]).ravel()

        lo, hi, tbest = self._g2_intervals(q_of, nm * nd)
        inside = lo <= hi
        reaching = np.repeat(inside.reshape(nm, nd).any(axis=1), nd)
        return self._candidates(lo, hi, tbest, inside, reaching, 0, lambda src: dirs[src % nd])

    def _g2_intervals(self, q_of, n: int):
        """(lo, hi, t_best) of t^2 per row from q_l = ``q_of(l)`` of every targeted lepton: the interval
        where every pull is within n sigma (lo > hi: none) and the chi2-optimal t^2 >= 0."""
        lo, hi = np.zeros(n), np.full(n, np.inf)
        num, den = np.zeros(n), np.zeros(n)
        for fl in FLAVOURS:
            if fl not in self.ev.targets:
                continue
            q = q_of(fl)
            meas, sig = self.mset.value(fl)
            a1, a2 = meas - self.ev.sigma * sig, meas + self.ev.sigma * sig
            zero_ok = a1 <= 0.0 <= a2
            with np.errstate(divide="ignore", invalid="ignore"):
                l1, l2 = a1 / q, a2 / q
            lo_l = np.where(q > 0, l1, np.where(q < 0, l2, 0.0 if zero_ok else np.inf))
            hi_l = np.where(q > 0, l2, np.where(q < 0, l1, np.inf if zero_ok else -np.inf))
            lo, hi = np.maximum(lo, lo_l), np.minimum(hi, hi_l)
            num, den = num + q * meas / sig**2, den + q**2 / sig**2
        with np.errstate(divide="ignore", invalid="ignore"):
            tbest = np.where(den > 0, np.maximum(num / np.where(den > 0, den, 1.0), 0.0), 0.0)
        return lo, hi, tbest

    @staticmethod
    def _candidates(lo, hi, tbest, inside, reaching, stage: int, direction_of):
        """(points, source row) from the rows' g-2 intervals (see :meth:`_ray_rows`); ``direction_of(rows)``
        gives the unit directions of rows."""
        rows = np.flatnonzero(inside) if stage else np.flatnonzero(inside | ~reaching)
        lo, hi, tbest, reach = lo[rows], hi[rows], tbest[rows], reaching[rows]
        top = np.where(np.isfinite(hi), hi, np.maximum(np.maximum(tbest, lo), 1e-30) * 4.0)
        bottom = np.where(lo > 0, lo, top * 1e-4)
        if stage == 0:  # first pass: the chi2 optimum inside the interval (or, reaching nothing, the optimum)
            T = np.where(reach, np.clip(tbest, bottom, top), tbest)[:, None]
        else:  # second pass (masses still without a viable point): spread over the interval
            frac = np.linspace(0.0, 1.0, N_T)
            with np.errstate(invalid="ignore", over="ignore"):
                T = bottom[:, None] * (top / bottom)[:, None] ** frac[None, :]
        good = np.isfinite(T) & (T > 0)
        r, cols = np.nonzero(good)
        src = rows[r]
        return direction_of(src) * np.sqrt(T[r, cols])[:, None], src

    def scan(self, masses) -> list:
        """Best point at each mass (list aligned with masses): rays or grid, then local refinement."""
        masses = [float(m) for m in masses]
        bests: list = [None] * len(masses)
        space = self.space
        stages = (0, 1) if space.homogeneous and space.mass_is_coordinate and space.k else (0,)
        for theta in space.angle_grid():
            first: dict = {}
            for stage in stages:
                todo = [i for i, b in enumerate(bests) if b is None or not b.viable]
                if not todo:
                    break
                if not space.homogeneous or space.k == 0:
                    pts = self._grid if not space.homogeneous else np.zeros((1, 0))
                    ys = [pts] * len(todo)
                elif stage == 0:  # every direction at every mass still to do, one vectorised pass
                    dirs = self._dirs
                    nd = len(dirs)
                    todo_masses = np.array([masses[i] for i in todo])
                    g_rows = np.repeat(np.array(todo, dtype=np.intp), nd)
                    if space.mass_is_coordinate:
                        pts, src = self._ray_grid(todo_masses, dirs, theta)
                    else:
                        pts, src = self._ray_rows(np.repeat(todo_masses, nd), np.tile(dirs, (len(todo), 1)), theta,
                                                  0, g_rows)
                    ys = _split(pts, g_rows[src], todo)
                else:  # the STAGE1_DIRECTIONS best directions of the first pass, spread over their intervals
                    tops: list = []
                    m_list: list = []
                    g_list: list = []
                    for i in todo:
                        p0, pen0 = first.get(i, (np.zeros((0, space.k)), np.zeros(0)))
                        top = p0[np.argsort(pen0, kind="stable")[:STAGE1_DIRECTIONS]]
                        top = top / np.linalg.norm(top, axis=1, keepdims=True) if len(top) else top
                        tops.append(top)
                        m_list.append(np.full(len(top), masses[i]))
                        g_list.append(np.full(len(top), i, dtype=np.intp))
                    g_all = np.concatenate(g_list)
                    pts, src = self._ray_rows(np.concatenate(m_list), np.concatenate(tops), theta, 1, g_all)
                    ys = _split(pts, g_all[src], todo)
                ms = [np.full(len(p), masses[i]) for i, p in zip(todo, ys)]
                gs = [np.full(len(p), i) for i, p in zip(todo, ys)]
                y_all = np.concatenate(ys)
                pen = self._evaluate_groups(np.concatenate(ms), y_all, theta, np.concatenate(gs), bests)
                if stage == 0:
                    start = 0
                    for i, p in zip(todo, ys):
                        first[i] = (p, pen[start:start + len(p)])
                        start += len(p)
        if space.homogeneous and space.k >= 2:
            self._refine(masses, bests)
        return bests

    def _refine(self, masses, bests) -> None:
        """Pattern search around the best direction of every non-viable mass (deterministic, batched):
        each round moves each coordinate of the (log-magnitude, sign) direction by +-step."""
        k = self.space.k
        active = {i: 0.5 for i, b in enumerate(bests) if b is not None and not b.viable}
        rows = np.arange(5 * k)
        col = rows // 5
        for _ in range(REFINE_ROUNDS):
            if not active:
                return
            by_theta: dict = {}
            active_masses = list(active)
            # every active mass at once: its best direction d0 and the 5 k moved copies (row 5 j + s moves
            # coordinate j by the s-th move), the same doubles as one mass at a time
            d0 = np.stack([bests[i].y / (np.linalg.norm(bests[i].y) or 1.0) for i in active_masses])
            step = np.array([active[i] for i in active_masses])[:, None]
            up = np.array([10.0**active[i] for i in active_masses])[:, None]  # Python's pow, as one mass at a time
            down = np.array([10.0**-active[i] for i in active_masses])[:, None]  # (numpy's vector pow may round otherwise)
            shift = 0.3 * step * np.max(np.abs(d0), axis=1, keepdims=True)
            moved = np.stack([d0 * up, d0 * down, -d0, d0 + shift, d0 - shift], axis=2)
            trials = np.repeat(d0[:, None, :], 5 * k, axis=1)
            trials[:, rows, col] = moved.reshape(len(active_masses), 5 * k)
            for i, trial in zip(active_masses, trials):
                by_theta.setdefault(tuple(bests[i].theta), (bests[i].theta, []))[1].append((i, trial))
            before = {i: bests[i] for i in active}
            segments = []  # one segment per angle, all evaluated together
            for theta, entries in by_theta.values():
                trial = np.concatenate([t for _, t in entries])
                trial = trial / np.linalg.norm(trial, axis=1, keepdims=True)
                idx = np.array([i for i, _ in entries], dtype=np.intp)
                g_rows = np.repeat(idx, 5 * k)
                m_rows = np.array([masses[i] for i in idx])[np.repeat(np.arange(len(idx)), 5 * k)]
                unit = self.space.couplings(trial, theta) if self.space.mass_is_coordinate else None
                p0, s0 = self._ray_rows(m_rows, trial, theta, 0, g_rows, unit)
                p1, s1 = self._ray_rows(m_rows, trial, theta, 1, g_rows, unit)
                pts = np.concatenate([p0, p1])
                g = np.concatenate([g_rows[s0], g_rows[s1]])
                # per mass, its stage-0 points then its stage-1 points (the order of the unbatched search)
                rank = np.empty(int(idx.max()) + 1, dtype=np.intp)
                rank[idx] = np.arange(len(idx))
                order = np.argsort(2 * rank[g] + np.r_[np.zeros(len(s0), np.intp), np.ones(len(s1), np.intp)],
                                   kind="stable")
                pts, g = pts[order], g[order]
                segments.append((np.array(masses)[g], pts, theta, g))
            self._evaluate_segments(segments, bests)
            for i in list(active):
                if bests[i].viable:
                    del active[i]
                elif bests[i] is before[i]:
                    active[i] *= 0.5

    # ---- derived mass, grid mode --------------------------------------------------------------------
    def derived_points(self):
        """Grid mode with a derived mass: every grid point at its own leading-order m_Z'."""
        out = []
        for theta in self.space.angle_grid():
            y = self._grid
            a, _ = self.space.mass_terms(y, theta)
            keep = np.isfinite(a) & (a > 0)
            out.append((theta, y[keep], np.sqrt(a[keep])))
        return out

    def evaluate_points(self, y, theta, m):
        """Full evaluation of given points at their masses: list of per-point dicts (for grid mode)."""
        ok, _, c = self._feasible(y, theta, m)
        idx = np.flatnonzero(ok)
        if idx.size == 0:
            return idx, None
        params = self._parameters(y[idx], theta, np.full(idx.size, np.nan))  # (also for the searched ranges: outside the timing)
        t0 = time.perf_counter()
        cp = self._columns(c[idx])
        out = self.ev.evaluate(m[idx], cp, self._extra(params, idx.size, cp))
        self.seconds += time.perf_counter() - t0
        self.points += idx.size
        self._track(params)
        return idx, out


def _split(pts, g, todo) -> list:
    """Points grouped by mass label g (rows of one label contiguous), one array per label of todo."""
    bounds = np.searchsorted(np.asarray(g), np.asarray(todo), side="left"), np.searchsorted(np.asarray(g), np.asarray(todo), side="right")
    return [pts[a:b] for a, b in zip(*bounds)]


@functools.lru_cache(maxsize=4096)
def _unit_delta_a(m: float, fl: str) -> tuple[float, float]:
    """(Delta a_l(C_V = 1), Delta a_l(C_A = 1)) at m_Z' = m GeV (BCK21 Eq. (7)), cached across searches."""
    return float(delta_a(m, 1.0, 0.0, fl)), float(delta_a(m, 0.0, 1.0, fl))


def _unit_delta_a_rows(masses, fl: str) -> np.ndarray:
    """(len(masses), 2) array of :func:`_unit_delta_a` at each mass."""
    return np.array([_unit_delta_a(float(x), fl) for x in masses])


def log_bisect(scan, pairs: list, steps: int) -> dict:
    """Bisection in log m of every (viable, non-viable) mass pair at once (one batched scan per step).

    ``scan(masses) -> list of Best | None``; returns {mass: Best | None} of every mass tried."""
    tried: dict = {}
    for _ in range(steps):
        if not pairs:
            break
        mids = [math.exp(0.5 * (math.log(g) + math.log(b))) for g, b in pairs]
        results = scan(mids)
        new = []
        for (g, b), mid, res in zip(pairs, mids, results):
            tried[mid] = res
            new.append((mid, b) if res is not None and res.viable else (g, mid))
        pairs = new
    return tried
