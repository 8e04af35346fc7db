"""Automated viability verdicts: can a model explain (g-2)_e and (g-2)_mu and pass every constraint?

Method
------
1. The model's relations (derive/relations.py) leave a k-dimensional linear subspace of the nine
   couplings, parametrised by k "free" couplings (coupling_space.py). The search runs there, so it
   is the same for every model class and never leaves what the gauge structure allows.
2. On a log grid of m_Z' (default 1 MeV-10 GeV) a seeded differential evolution (scipy, vectorised
   population) minimises the penalty of viability.py over the free couplings, each mapped as
   C = 1e-7 sinh(u), u in [-16, 16] (signed, log-like from 1e-7 to ~0.4). A penalty of exactly zero
   is a viable point. The edges of the viable mass window are refined by bisection.
3. A viable verdict gives a witness: the couplings are mapped back to the model's own parameters
   (least squares), and the point is re-evaluated from scratch (compiled couplings -> g-2 -> all
   constraints).
4. A non-viable verdict gives the best point (smallest penalty), what it misses and by how much, and
   the blocking relations: those whose removal alone lets the same search succeed at masses where
   the unconstrained (model-independent) search succeeds: relations are added back one by one in
   canonical order and those that make every such mass unreachable are reported.
"""
from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import differential_evolution

from .compile import compile_couplings
from .coupling_space import CouplingSubspace, recover_parameters
from .couplings import COUPLING_NAMES
from .exceptions import InputError
from .model import Model, load_model
from .viability import Evaluator

COUPLING_UNIT = 1e-7  #: C = COUPLING_UNIT * sinh(u)
U_BOUND = 16.0


@dataclass
class Verdict:
    model: str
    data: str
    sigma: float
    targets: tuple
    viable: bool
    mass_range_MeV: list | None
    windows_MeV: list  #: disjoint [min, max] intervals of m_Z' where viable points were found
    witness: dict | None
    best: dict
    failures: list
    relations: list
    blocking_relations: list
    n_independent: int
    evaluations: int
    seconds: float
    seed: int
    notes: list = field(default_factory=list)

    def to_json(self) -> dict:
        return {k: getattr(self, k) for k in (
            "model", "data", "sigma", "targets", "viable", "mass_range_MeV", "windows_MeV", "witness", "failures",
            "relations", "blocking_relations", "n_independent", "best", "evaluations", "seconds", "seed", "notes")}


class _Search:
    """Differential-evolution search at fixed m_Z' in a coupling subspace (counts evaluations)."""

    def __init__(self, evaluator: Evaluator, subspace: CouplingSubspace, seed: int):
        self.ev, self.sub, self.seed, self.evaluations = evaluator, subspace, seed, 0

    def couplings(self, u):
        return self.sub.couplings(COUPLING_UNIT * np.sinh(u))

    def penalty(self, m, u):
        u = np.atleast_2d(u)
        self.evaluations += u.shape[1]
        return self.ev.evaluate(np.full(u.shape[1], m), self.couplings(u))["penalty"]

    def at_mass(self, m: float, key: int):
        k = self.sub.basis.shape[1]
        if k == 0:
            return self.penalty(m, np.zeros((0, 1)))[0], np.zeros(0)
        rng = np.random.default_rng([self.seed, key])
        stop = {"hit": False}

        def callback(intermediate_result):
            stop["hit"] = intermediate_result.fun <= 0.0
            return stop["hit"]

        res = differential_evolution(
            lambda u: self.penalty(m, u), [(-U_BOUND, U_BOUND)] * k, vectorized=True, updating="deferred",
            popsize=max(8, 40 // k), maxiter=100, tol=0.01, atol=0.0, polish=False, seed=rng, callback=callback,
            init="sobol" if k > 1 else "latinhypercube")
        return float(res.fun), res.x


def _describe(evaluator: Evaluator, m: float, couplings: dict) -> dict:
    """Evaluate one point from scratch and report it (JSON-ready)."""
    out = evaluator.evaluate(np.array([m]), {k: np.array([v]) for k, v in couplings.items()})
    failures = []
    for lep in evaluator.targets:
        pull = float(out["pulls"][lep][0])
        if abs(pull) > evaluator.sigma:
            failures.append({"name": f"g-2 {lep}", "ratio": abs(pull) / evaluator.sigma,
                             "detail": f"pull {pull:+.2f} sigma, allowed {evaluator.sigma:g}"})
    for name, r in out["ratios"].items():
        if r[0] > 1.0:
            failures.append({"name": name, "ratio": float(r[0])})
    point = {
        "m_zp_MeV": m * 1e3,
        "couplings": {k: float(couplings[k]) for k in COUPLING_NAMES},
        "delta_a": {k: float(v[0]) for k, v in out["delta_a"].items()},
        "pulls": {k: float(v[0]) for k, v in out["pulls"].items()},
        "max_constraint_ratio": max((float(r[0]), n) for n, r in out["ratios"].items()),
        "penalty": float(out["penalty"][0]),
    }
    return {"point": point, "failures": sorted(failures, key=lambda f: -f["ratio"]), "viable": bool(out["viable"][0])}


@functools.lru_cache(maxsize=16)
def _unconstrained_window(data, sigma, targets, projections, masses: tuple, seed: int) -> tuple:
    """Masses where nine free couplings (no relation) can be viable: where to test dropped relations."""
    ev = Evaluator(data, sigma, targets, projections)
    search = _Search(ev, CouplingSubspace.from_relations([]), seed)
    return tuple(m for i, m in enumerate(masses) if search.at_mass(m, 10_000 + i)[0] <= 0.0)


def verdict(model, data: str = "bck2021-cs", sigma: float = 1.0, *, mass_range_GeV=(1e-3, 10.0),
            n_masses: int = 25, seed: int = 0, targets=("e", "mu"), include_projections: bool = False,
            find_blocking: bool = True) -> Verdict:
    """Search the model's free parameters and m_Z' for a viable point; see the module docstring."""
    t0 = time.perf_counter()
    if not isinstance(model, Model):
        model = load_model(model)
    lo, hi = mass_range_GeV
    if not (0 < lo < hi):
        raise InputError(f"mass range [{lo}, {hi}] GeV must satisfy 0 < min < max")
    if sigma <= 0:
        raise InputError(f"sigma = {sigma} must be positive")
    targets = tuple(targets)
    if not targets or set(targets) - {"e", "mu"}:
        raise InputError(f"targets {targets} must be a non-empty subset of ('e', 'mu')")
    d = model.derive()
    ev = Evaluator(data, sigma, targets, include_projections)
    ev.measurements  # fail early on an unknown data set
    sub = CouplingSubspace.from_relations(d.relations)
    search = _Search(ev, sub, seed)
    masses = np.geomspace(lo, hi, n_masses)
    results = [search.at_mass(m, i) for i, m in enumerate(masses)]
    ok = [r[0] <= 0.0 for r in results]
    viable_points = {float(m): r[1] for m, r, good in zip(masses, results, ok) if good}
    status = {float(m): good for m, good in zip(masses, ok)}
    # refine the window edges by bisection in log m
    for i in range(n_masses - 1):
        if ok[i] != ok[i + 1]:
            a, b = np.log(masses[i]), np.log(masses[i + 1])
            good_side = a if ok[i] else b
            bad_side = b if ok[i] else a
            for step in range(4):
                mid = 0.5 * (good_side + bad_side)
                pen, x = search.at_mass(float(np.exp(mid)), 1000 * (i + 1) + step)
                status[float(np.exp(mid))] = pen <= 0.0
                if pen <= 0.0:
                    viable_points[float(np.exp(mid))] = x
                    good_side = mid
                else:
                    bad_side = mid
    relations = [str(r) for r in d.relations]
    notes = []
    windows = _windows(status)
    if viable_points:
        ms = sorted(viable_points)
        mid = ms[len(ms) // 2]
        coup = {k: float(v[0]) for k, v in search.couplings(viable_points[mid][:, None]).items()}
        witness = _witness(d, ev, mid, coup, seed, notes)
        return Verdict(model.name, data, sigma, targets, witness is not None and witness["viable"],
                       [ms[0] * 1e3, ms[-1] * 1e3], windows, witness, witness or {}, [], relations, [], d.n_independent,
                       search.evaluations, time.perf_counter() - t0, seed, notes)
    blocking = []
    window = ()
    if find_blocking and d.relations:
        window = _unconstrained_window(data, sigma, targets, include_projections, tuple(masses), seed)
        if not window:
            notes.append("even nine independent couplings cannot be viable on this mass grid: "
                         "the data and constraints exclude every Z' here, whatever the model")
    # best point: lowest penalty, preferably where nine free couplings would be viable (informative)
    candidates = [i for i, m in enumerate(masses) if float(m) in set(window)] or list(range(n_masses))
    i_best = min(candidates, key=lambda i: results[i][0])
    m_best = float(masses[i_best])
    coup = {k: float(v[0]) for k, v in search.couplings(results[i_best][1][:, None]).items()}
    best = _describe(ev, m_best, coup)
    if window:
        kept: list = []
        for k, rel in enumerate(d.relations):
            # greedy: keep each relation (canonical order) unless adding it makes the window unreachable
            reduced = _Search(ev, CouplingSubspace.from_relations(kept + [rel]), seed)
            if any(reduced.at_mass(m, 20_000 + 100 * k + i)[0] <= 0.0 for i, m in enumerate(window)):
                kept.append(rel)
            else:
                blocking.append(str(rel))
            search.evaluations += reduced.evaluations
        if len(blocking) > 1:
            notes.append("the blocking relations act together: relations were added back one by one in canonical order and "
                         "these could not be added; dropping all of them together (keeping the others) allows a viable point")
    return Verdict(model.name, data, sigma, targets, False, None, [], None, best["point"], best["failures"],
                   relations, blocking, d.n_independent, search.evaluations, time.perf_counter() - t0, seed, notes)


def _windows(status: dict) -> list:
    """Group the tested masses (GeV -> viable?) into disjoint viable intervals, in MeV."""
    out, current = [], None
    for m in sorted(status):
        if status[m]:
            current = [m * 1e3, m * 1e3] if current is None else [current[0], m * 1e3]
        elif current is not None:
            out.append(current)
            current = None
    if current is not None:
        out.append(current)
    return out


def _witness(d, ev, m, couplings, seed, notes):
    """Map the coupling point back to the model's parameters and re-evaluate everything from scratch."""
    if d.model.kind == "effective":
        params = dict(couplings)
    else:
        params, res = recover_parameters(d, couplings, seed=seed)
        if params is None:
            notes.append(f"viable couplings found, but no model parameters reproduce them (residual {res:.1e})")
            return None
    fresh = compile_couplings(d)(**{k: params[k] for k in compile_couplings(d).parameters})
    fresh = {k: float(v) for k, v in fresh.items()}
    described = _describe(ev, m, fresh)
    return {
        "viable": described["viable"],
        "m_zp_MeV": m * 1e3,
        "parameters": {k: float(v) for k, v in params.items()},
        "couplings": fresh,
        **{k: described["point"][k] for k in ("delta_a", "pulls", "max_constraint_ratio")},
        "failures": described["failures"],
    }
