"""g-2 and every constraint on large batches of points: in cache-sized chunks, optionally on threads.

The physics is that of :func:`zprime_sym.evaluate.g2.delta_a_leptons` (BCK21 Eq. (7)) and of each
:class:`~zprime_sym.constraints.Constraint`; this module only organises the work. The points are
validated once, then processed in chunks of ``chunk`` points, so that the temporaries of every
numpy expression stay in the CPU cache (about 1.8 times faster than one pass over 10^6 points), and
the chunks can be spread over ``workers`` threads: numpy releases the GIL inside its array loops, so
threads use several cores in one process. Chunking does not change any arithmetic: the result is
identical, element by element, to the unchunked evaluation (tests/test_batch.py).

Memory: each chunk's results are written straight into output arrays allocated once (no list of
chunk results concatenated at the end), so the peak is the validated inputs (10 doubles per point)
plus the outputs (one double per g-2 value and per constraint) plus one chunk of temporaries.
``max_memory`` (bytes) refuses, before any work, a call whose inputs and outputs would exceed it;
for more points than fit in memory (10^8 and up), :func:`iter_batch` yields the results chunk by
chunk to a consumer that reduces or stores them.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from ..constraints.base import Constraint, Points
from ..constraints.registry import all_constraints
from ..model.couplings import COUPLING_NAMES, FLAVOURS
from ..exceptions import InputError
from .g2 import delta_a_leptons

#: Points per chunk: 65536 doubles = 512 kB per temporary array (measured optimum on the 2-core
#: development machine, 27 constraints, 2026-12-02: 0.61-0.64e6 points/s on one thread and up to 1.1e6
#: on two; 32768: 0.64-0.68e6 and 0.92-0.94e6; 16384: 0.55-0.60e6 and 0.69-0.71e6; 131072: 0.61e6 and
#: 1.04e6; figures before the last optimisations of that day, chunk sizes compared in one run).
CHUNK = 65536


def _chunk_batch(points: Points, part: slice) -> Points:
    """The points of ``part`` as a batch of their own (the given couplings only, views of the inputs)."""
    m = points.m[part]
    return Points(m, {name: points[name][part] for name in points.given_names}, m.shape)


def _chunk_runner(points: Points, cons: tuple, chunk: int):
    def run(start: int):
        batch = _chunk_batch(points, slice(start, start + chunk))
        return delta_a_leptons(batch.m, batch), {con.name: con.evaluate(batch.m, batch) for con in cons}

    return run


def _chunk_writer(points: Points, cons: tuple, chunk: int, out_g2: dict, out_ratio: dict):
    """run(start): one chunk's g-2 values and ratios written straight into the output arrays' slices."""
    def run(start: int) -> None:
        part = slice(start, start + chunk)
        batch = _chunk_batch(points, part)
        for fl, value in delta_a_leptons(batch.m, batch).items():
            out_g2[fl][part] = value
        for con in cons:
            con.evaluate(batch.m, batch, out=out_ratio[con.name][part])

    return run


def _check(chunk: int, workers: int) -> None:
    if chunk < 1 or workers < 1:
        raise ValueError(f"chunk ({chunk}) and workers ({workers}) must be positive")


def bytes_per_point(n_constraints: int) -> int:
    """Memory evaluate_batch keeps per point: 10 validated input doubles, 3 g-2 values, one ratio per constraint."""
    return 8 * (len(COUPLING_NAMES) + 1 + len(FLAVOURS) + n_constraints)


def evaluate_batch(m_zp, couplings: Mapping[str, object], *, constraints: Iterable[Constraint] | None = None,
                   include_projections: bool = False, chunk: int = CHUNK, workers: int = 1,
                   max_memory: int | None = None) -> dict:
    """Delta a_e, Delta a_mu, Delta a_tau and every constraint's ratio at many points.

    ``m_zp`` in GeV and the couplings (names CV_e, ..., and the quark/nucleon ones CV_u, CA_u, ...,
    CV_p, CV_n of :data:`~zprime_sym.model.couplings.QUARK_COUPLING_NAMES`; missing ones zero)
    broadcast against each other. Returns ``{"delta_a": {"e", "mu", "tau": array}, "ratios": {name: array}}`` with arrays of
    the broadcast shape (ratio <= 1 allowed, see constraints/base.py). ``constraints`` defaults to
    every current constraint (plus projections if asked). ``max_memory`` (bytes, optional): refuse
    with InputError, before computing, if inputs plus outputs (:func:`bytes_per_point` per point)
    would exceed it; use :func:`iter_batch` then.
    """
    _check(chunk, workers)
    points = Points.prepare(m_zp, couplings)
    cons = tuple(all_constraints(include_projections) if constraints is None else constraints)
    n = points.m.size
    if max_memory is not None and n * bytes_per_point(len(cons)) > max_memory:
        raise InputError(f"evaluate_batch: {n} points need about {n * bytes_per_point(len(cons)) / 1e9:.2f} GB "
                         f"(inputs and outputs), above max_memory = {max_memory / 1e9:.2f} GB; "
                         "use zprime_sym.evaluate.batch.iter_batch to process them chunk by chunk")
    starts = range(0, n, chunk)
    if not starts:
        empty = lambda: np.zeros(0).reshape(points.shape)  # noqa: E731
        return {"delta_a": {fl: empty() for fl in FLAVOURS}, "ratios": {con.name: empty() for con in cons}}
    if n <= chunk:  # one chunk: the batch itself, its results returned as they are (no copy)
        g2 = delta_a_leptons(points.m, points)
        ratios = {con.name: con.evaluate(points.m, points) for con in cons}
        return {"delta_a": {fl: np.asarray(g2[fl]).reshape(points.shape) for fl in FLAVOURS},
                "ratios": {name: np.asarray(a).reshape(points.shape) for name, a in ratios.items()}}
    # outputs allocated once (float64, as every chunk's results); chunks write disjoint slices in place
    out_g2 = {fl: np.empty(n) for fl in FLAVOURS}
    out_ratio = {con.name: np.empty(n) for con in cons}
    run = _chunk_writer(points, cons, chunk, out_g2, out_ratio)
    if workers > 1 and len(starts) > 2:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for _ in pool.map(run, starts):
                pass
    else:
        for start in starts:
            run(start)
    return {
        "delta_a": {fl: a.reshape(points.shape) for fl, a in out_g2.items()},
        "ratios": {name: a.reshape(points.shape) for name, a in out_ratio.items()},
    }


def iter_batch(m_zp, couplings: Mapping[str, object], *, constraints: Iterable[Constraint] | None = None,
               include_projections: bool = False, chunk: int = CHUNK) -> Iterator[tuple[slice, dict]]:
    """Yield ``(part, result)`` chunk by chunk: ``part`` a slice of the flattened points, ``result`` the
    dict of :func:`evaluate_batch` for those points (1-d arrays). For more points than fit in memory:
    only the validated inputs and one chunk of results are held at a time."""
    _check(chunk, 1)
    points = Points.prepare(m_zp, couplings)
    cons = tuple(all_constraints(include_projections) if constraints is None else constraints)
    run = _chunk_runner(points, cons, chunk)
    for start in range(0, points.m.size, chunk):
        g2, ratios = run(start)
        yield slice(start, min(start + chunk, points.m.size)), {"delta_a": g2, "ratios": ratios}
