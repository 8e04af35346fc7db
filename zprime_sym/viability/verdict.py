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
   constraints). The middle viable mass is tried first, then up to MAX_WITNESS_TRIES - 1 others
   (nearest in log m). If no candidate survives (no parameters reproduce the couplings, or the
   re-evaluated point misses), the verdict is *not* viable: it reports the best candidate, what it
   misses (a failed recovery is listed as "parameter recovery" with ratio residual / tolerance) and
   a note; no witness, no mass range.
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

from ..evaluate.compile import compile_couplings
from .coupling_space import RECOVERY_TOLERANCE, CouplingSubspace, recover_parameters
from ..model.couplings import COUPLING_NAMES
from ..exceptions import InputError
from ..model.loader import Model, load_model
from .evaluator import Evaluator

COUPLING_UNIT = 1e-7  #: C = COUPLING_UNIT * sinh(u)
U_BOUND = 16.0
MAX_WITNESS_TRIES = 5  #: viable masses at which a witness is attempted before giving up


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
    notes: list[str] = []
    common = dict(model=model.name, data=data, sigma=sigma, targets=targets, relations=relations,
                  n_independent=d.n_independent, seed=seed, notes=notes)

    def finish(**kw) -> Verdict:
        return Verdict(**common, **kw, evaluations=search.evaluations, seconds=time.perf_counter() - t0)

    if viable_points:
        points = {m: {k: float(v[0]) for k, v in search.couplings(x[:, None]).items()} for m, x in viable_points.items()}
        return finish(**_from_viable_points(d, ev, points, _windows(status), seed, notes))
    blocking: list = []
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
        hit = None  #: (m, couplings) of the last successful reduced search
        for k, rel in enumerate(d.relations):
            # greedy: keep each relation (canonical order) unless adding it makes the window unreachable
            reduced = _Search(ev, CouplingSubspace.from_relations(kept + [rel]), seed)
            found = None
            for i, m in enumerate(window):
                pen, x = reduced.at_mass(m, 20_000 + 100 * k + i)
                if pen <= 0.0:
                    found = (m, {n: float(v[0]) for n, v in reduced.couplings(x[:, None]).items()})
                    break
            if found is not None:
                kept.append(rel)
                hit = found
            else:
                blocking.append(str(rel))
            search.evaluations += reduced.evaluations
        if not blocking and hit is not None:
            # every relation was kept: the last reduced search ran in the model's own coupling subspace and
            # found a viable point there (another random start than the grid search), so the model is viable
            m, coup = hit
            status[float(m)] = True
            notes.append(
                f"the grid search found no viable point, but the search for blocking relations found one with all "
                f"of the model's relations at m_Z' = {m * 1e3:.4g} MeV (a different random start): the mass range "
                "covers only the masses where a viable point was found")
            return finish(**_from_viable_points(d, ev, {float(m): coup}, _windows(status), seed, notes))
        if len(blocking) > 1:
            notes.append("the blocking relations act together: relations were added back one by one in canonical order and "
                         "these could not be added; dropping all of them together (keeping the others) allows a viable point")
    return finish(viable=False, mass_range_MeV=None, windows_MeV=[], witness=None, best=best["point"],
                  failures=best["failures"], blocking_relations=blocking)


def _from_viable_points(d, ev, points: dict, windows: list, seed: int, notes: list) -> dict:
    """Verdict fields from viable coupling points {m_Z' (GeV): couplings}: a witness re-evaluated from
    scratch (middle mass first, then the nearest others), or, if none survives, not viable with the best
    candidate and its failures."""
    ms = sorted(points)
    mid = ms[len(ms) // 2]
    order = sorted(ms, key=lambda m: (abs(np.log(m / mid)), m))[:MAX_WITNESS_TRIES]
    attempts = []
    for m in order:
        attempts.append(_witness(d, ev, m, points[m], seed))
        if attempts[-1]["viable"]:
            break
    for a in attempts[:-1] if attempts[-1]["viable"] else attempts:
        notes.append(a["note"])
    if attempts[-1]["viable"]:
        witness = _public(attempts[-1])
        return dict(viable=True, mass_range_MeV=[ms[0] * 1e3, ms[-1] * 1e3], windows_MeV=windows, witness=witness,
                    best=witness, failures=[], blocking_relations=[])
    # no witness: not viable. Best candidate: a re-evaluated model point if any (smallest penalty),
    # else the first coupling point whose parameters could not be recovered.
    best = min(attempts, key=lambda a: (a["parameters"] is None, a["penalty"]))
    notes.append(
        "the search found couplings allowed by the model's relations that pass everything for m_Z' in "
        + ", ".join(f"[{a:.3g}, {b:.3g}]" for a, b in windows) + " MeV, but no witness survived parameter "
        f"recovery and re-evaluation from scratch ({len(attempts)} candidate mass(es) tried): reported as not "
        "viable; the best candidate is shown (no relation blocks, so no blocking relations are searched)")
    return dict(viable=False, mass_range_MeV=None, windows_MeV=[], witness=None, best=_public(best),
                failures=best["failures"], blocking_relations=[])


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


def _parameters(d, couplings, seed):
    """Model parameters reproducing ``couplings`` (None if none do) and the relative residual."""
    f = compile_couplings(d)
    if d.model.kind == "effective" and set(f.parameters) <= set(couplings):
        # usually the couplings are their own parameters (model_independent): check that directly
        params = {n: couplings[n] for n in COUPLING_NAMES if n in f.parameters}  # canonical order
        out = f(**params)
        scale = max(abs(couplings[n]) for n in COUPLING_NAMES) or 1.0
        res = max(abs(float(out[n]) - couplings[n]) for n in COUPLING_NAMES) / scale
        if res < RECOVERY_TOLERANCE:
            return params, res
    return recover_parameters(d, couplings, seed=seed)


def _witness(d, ev, m, couplings, seed) -> dict:
    """Map the coupling point back to the model's parameters and re-evaluate everything from scratch.

    Always returns a complete point (keys of _public plus 'viable', 'note'): on a failed recovery it is
    the search's coupling point with parameters None and a "parameter recovery" failure first.
    """
    params, res = _parameters(d, couplings, seed)
    if params is None:
        described = _describe(ev, m, couplings)
        ratio = float(res) / RECOVERY_TOLERANCE if np.isfinite(res) else 1e300
        recovery = {"name": "parameter recovery", "ratio": ratio,
                    "detail": f"no model parameters reproduce the couplings: relative residual {res:.1e}, "
                              f"tolerance {RECOVERY_TOLERANCE:g}"}
        return {**described["point"], "parameters": None, "viable": False,
                "failures": [recovery] + described["failures"],
                "note": f"parameter recovery failed at m_Z' = {m * 1e3:.4g} MeV: no model parameters reproduce the "
                        f"viable couplings found there (relative residual {res:.1e} > {RECOVERY_TOLERANCE:g})"}
    f = compile_couplings(d)
    fresh_arrays = f(**{k: params[k] for k in f.parameters})
    fresh = {k: float(v) for k, v in fresh_arrays.items()}
    described = _describe(ev, m, fresh)
    note = "" if described["viable"] else (
        f"the witness candidate at m_Z' = {m * 1e3:.4g} MeV failed re-evaluation from its recovered parameters: "
        + ", ".join(f"{x['name']} {x['ratio']:.3g}" for x in described["failures"]))
    return {**described["point"], "couplings": fresh, "parameters": {k: float(v) for k, v in params.items()},
            "viable": described["viable"], "failures": described["failures"], "note": note}


def _public(point: dict) -> dict:
    """The JSON form of a witness or best candidate (drops the internal note)."""
    keys = ("viable", "m_zp_MeV", "parameters", "couplings", "delta_a", "pulls", "max_constraint_ratio", "penalty",
            "failures")
    return {k: point[k] for k in keys}
