"""Automated viability verdicts: can a model explain (g-2)_e and (g-2)_mu and pass every constraint?

Method (deterministic: no random numbers; ``seed`` is accepted for compatibility and ignored)
------
1. The search space is the model's own: the parameters the derivation leaves free (gauge coupling,
   kinetic mixing, free charges, VEVs, VEV angles), written as linear coordinates of the couplings
   (parameter_space.py). Numbers the user fixed stay fixed. m_Z' is the model's leading-order mass;
   when a free parameter sets it alone (a singlet VEV, say), m_Z' replaces that parameter as a search
   coordinate (the output says so). An unbroken U(1)' (m_Z' = 0 everywhere) is a ModelError.
2. On a log grid of m_Z' (MASSES_PER_DECADE per decade inside the requested range) search.py finds the
   best point at every mass (rays with the g-2 scale solved in closed form, or a fixed grid, then a
   deterministic pattern search). Window edges are refined by EDGE_STEPS log-bisections: edges are
   exact to a factor RESOLUTION in m_Z'. A model without free parameters is evaluated at its one point.
3. A viable leading-order point is a *candidate*. The witness is the candidate re-evaluated from scratch
   from the model's parameters: exact diagonalisation of the gauge-boson mass matrix (derive/exact.py)
   for m_Z' and the couplings, then the public functions behind ``zprime g2`` (delta_a_leptons, pulls)
   and ``zprime constraints check`` (all_constraints, evaluate_all). The candidate nearest the middle of
   the widest window is tried first, then others (MAX_WITNESS_TRIES); if none survives, the verdict is
   not viable and the notes say why.
   The rho_0 check (rho.py: derived rho against the electroweak fit, 95% CL) counts like a constraint,
   named rho0_ew_fit: in the search from each point's parameters (exact tree-level Z0-X block), at the
   witness from the exact diagonalisation. Effective models have no rho and are not checked (a note).
4. "Not viable" means: at no grid mass (and no bisection mass) did the search find a leading-order point
   that passes, or no such point survived re-evaluation. Viable windows narrower than the grid spacing
   can be missed. The blocking relations are then searched in coupling space: relations are added back
   one by one (canonical order) to nine free couplings; those that make every mass where nine free
   couplings are viable unreachable are reported.
"""
from __future__ import annotations

import functools
import hashlib
import math
from typing import Any
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import sympy as sp

from ..constants import constants
from ..constraints.registry import all_constraints, evaluate_all
from ..derive.exact import exact_couplings
from ..derive.gauge import cw, e, sw, v
from .. import diskcache
from ..evaluate.compile import compile_all_couplings
from ..evaluate.g2 import delta_a_leptons
from ..evaluate.measurements import load_measurements, pulls
from ..exceptions import InputError
from .limit_text import pull_text, ratio_text
from ..progress import Progress
from ..model.charges import as_expr
from ..model.loader import Model, load_model
from .coupling_space import CouplingSubspace
from .evaluator import Evaluator
from . import rho, zpole
from .parameter_space import ParameterSpace, build_space
from .search import Best, Searcher, log_bisect
from .verdict_notes import gap_notes, hadronic_decay_note, running_notes

MASSES_PER_DECADE = 12
EDGE_STEPS = 4
#: edges of a viable window are located to within this factor in m_Z'
RESOLUTION = 10 ** (1.0 / MASSES_PER_DECADE / 2**EDGE_STEPS)
MAX_WITNESS_TRIES = 6
BLOCKING_MASSES = 6  #: masses (where nine free couplings are viable) used to test each relation


@dataclass
class Verdict:
    model: str
    data: str
    sigma: float
    targets: tuple
    viable: bool
    mass_range_MeV: list | None
    windows_MeV: list  #: disjoint [min, max] intervals of m_Z' (leading order) where viable points were found
    witness: dict | None
    best: dict | None  #: None when no point was evaluated (no point of the model in the targeted g-2 window)
    failures: list
    relations: list  #: readable, constants evaluated
    blocking_relations: list
    n_independent: int
    evaluations: int
    seconds: float
    seed: int
    parameters: list = field(default_factory=list)  #: every parameter: role, fixed/free, searched range
    mass_mode: str = ""
    searched_MeV: list = field(default_factory=list)
    resolution: float = RESOLUTION
    profile: list = field(default_factory=list)  #: per mass: best chi2, largest constraint ratio, viable
    search_seconds: float = 0.0
    notes: list = field(default_factory=list)
    rho_check: dict = field(default_factory=dict)  #: the rho_0 check: applied or not, measurement, method

    @property
    def points_per_second(self) -> float:
        return self.evaluations / self.search_seconds if self.search_seconds > 0 else 0.0

    def to_json(self) -> dict:
        out = {k: getattr(self, k) for k in (
            "model", "data", "sigma", "targets", "viable", "mass_range_MeV", "windows_MeV", "witness", "failures",
            "relations", "blocking_relations", "n_independent", "parameters", "mass_mode", "searched_MeV",
            "resolution", "best", "profile", "evaluations", "seconds", "search_seconds", "seed", "notes",
            "rho_check")}
        out["points_per_second"] = self.points_per_second
        return out


def readable(relation) -> str:
    """A relation with e, sw, cw, v evaluated. If every coefficient is a small rational (|c| <= 1e4,
    denominator <= 24) it is printed exactly; otherwise the relation, which holds up to a common factor,
    is divided by its largest coefficient and printed with 4 significant digits."""
    c = constants()
    expr = sp.expand(as_expr(relation).xreplace({e: c.e, sw: c.sw, cw: c.cw, v: c.v}))
    coeffs = {}
    for sym in sorted(expr.free_symbols, key=lambda s: s.name):
        coeff = float(expr.coeff(sym))
        if coeff != 0.0:
            coeffs[sym.name] = coeff
    if not coeffs:
        return "0"
    exact = {}
    for name, coeff in coeffs.items():
        rat = sp.Rational(coeff).limit_denominator(24)
        if abs(coeff) <= 1e4 and abs(float(rat) - coeff) < 1e-12 * max(1.0, abs(coeff)):
            exact[name] = rat
    if len(exact) == len(coeffs):
        return str(sp.Add(*(exact[n] * sp.Symbol(n) for n in coeffs)))
    scale = max(coeffs.values(), key=abs)
    return str(sp.Add(*((sp.Integer(1) if x == scale else sp.Float(x / scale, 4)) * sp.Symbol(n)
                        for n, x in coeffs.items())))


def _mass_mode(space: ParameterSpace) -> str:
    if space.effective:
        return "m_Z' is a free search coordinate (an effective model has no derived mass)"
    if space.mass_param is not None:
        extra = ""
        if space.mass_equal:
            extra += f"; {', '.join(s.name for s in space.mass_equal)} set equal to it"
        if space.mass_fixed_to_one:
            extra += f"; {', '.join(s.name for s in space.mass_fixed_to_one)} set to 1"
        return (f"m_Z' is a search coordinate in place of {space.mass_param.name} (m_Z'^2 = A + B "
                f"{space.mass_param.name}^2 at leading order{extra})")
    return "m_Z' is derived from the parameters (leading order in the search, exact diagonalisation for the witness)"


#: The m_Z' range searched when none is asked for (GeV): 1 MeV - 10 GeV.
DEFAULT_MASS_RANGE_GEV = (1e-3, 10.0)


def verdict(model, data: str = "bck2021-cs", sigma: float = 1.0, *, mass_range_GeV=None,
            n_masses: int | None = None, seed: int = 0, targets=("e", "mu"), include_projections: bool = False,
            find_blocking: bool = True, progress: bool | None = None) -> Verdict:
    """Search the model's own parameter space for a viable point; see the module docstring.

    ``mass_range_GeV``: (min, max) of the m_Z' search in GeV; None = :data:`DEFAULT_MASS_RANGE_GEV`, except
    that a model with no free parameter is judged at its own m_Z' wherever that lies (a range given
    explicitly that excludes it is an error).
    ``progress``: a progress line on stderr (derivation, search, window edges, evidence); None = only
    when stderr is a terminal (zprime_sym.progress), False = never."""
    t0 = time.perf_counter()
    bar = Progress(4, "verdict", enabled=progress, unit="stages")
    if not isinstance(model, Model):
        model = load_model(model)
    explicit_range = mass_range_GeV is not None
    lo, hi = mass_range_GeV if explicit_range else DEFAULT_MASS_RANGE_GEV
    if not (0 < lo < hi):
        raise InputError(f"mass range [{lo}, {hi}] GeV must satisfy 0 < min < max")
    if sigma <= 0:
        raise InputError(f"sigma = {sigma} must be positive")
    targets = tuple(targets)
    if not targets or set(targets) - {"e", "mu"}:
        raise InputError(f"targets {targets} must be a non-empty subset of ('e', 'mu')")
    if n_masses is not None and n_masses < 2:
        raise InputError(f"--masses {n_masses}: need at least 2")
    d = model.derive()
    bar.step()
    ev = Evaluator(data, sigma, targets, include_projections)
    ev.measurements  # fail early on an unknown data set
    space = build_space(d)
    searcher = Searcher(space, ev)
    n = n_masses or max(2, int(math.ceil(MASSES_PER_DECADE * math.log10(hi / lo))) + 1)
    masses = np.geomspace(lo, hi, n)
    notes: list = []
    bests: dict[float, Best | None] = {}
    edge_refined = space.mass_is_coordinate or space.homogeneous
    t_search = time.perf_counter()
    if not space.mass_is_coordinate and space.k == 0:
        a, _ = space.mass_terms(np.zeros((1, 0)), space.angle_grid()[0])
        m0 = math.sqrt(float(a[0])) if np.isfinite(a[0]) and a[0] > 0 else 0.0
        if m0 <= 0:
            raise InputError(f"model {model.name}: m_Z' = 0 at its (only) parameter point: the U(1)' is unbroken")
        if explicit_range and not (lo <= m0 <= hi):
            raise InputError(f"model {model.name}: its only point has m_Z' = {m0 * 1e3:.4g} MeV, outside the mass range "
                             f"{lo * 1e3:g}-{hi * 1e3:g} MeV asked for (leave the range out to judge that point)")
        bests[m0] = searcher.scan([m0])[0]
        notes.append("the model has no free parameter: its verdict is that of its single point")
        edge_refined = False
    elif not space.mass_is_coordinate and not space.homogeneous:
        _grid_derived(searcher, masses, bests)
        notes.append("part of the couplings is fixed to numbers and the mass is derived: the search evaluates a fixed "
                     "grid of the free parameters, each point at its own m_Z' (binned on the mass grid)")
    else:
        bests.update(zip((float(m) for m in masses), searcher.scan(masses)))
    bar.step()
    if edge_refined:
        _refine_edges(searcher, bests)
    bar.step()
    search_seconds = time.perf_counter() - t_search
    status = {m: (b is not None and b.viable) for m, b in bests.items()}
    windows = _windows(status)
    relations = [readable(r) for r in d.relations]
    profile = [{"m_zp_MeV": m * 1e3, "reachable": b is not None, "viable": bool(b and b.viable),
                "chi2": None if b is None else b.chi2, "max_constraint_ratio": None if b is None else b.max_ratio,
                "max_constraint": None if b is None else b.max_ratio_name} for m, b in sorted(bests.items())]
    reachable = [m for m, b in bests.items() if b is not None]
    blind = _uncoupled_targets(d, targets)
    if not reachable and (blind or space.mass_is_coordinate):
        # every mass of the range is in the model, and no point of it brings the targeted g-2 within N sigma:
        # the answer is "not viable", not a bad input
        blocking = _blocking(d, ev, masses, notes) if find_blocking and d.relations else []
        bar.step(bar.total - bar.done)
        bar.close()
        return _unreachable_verdict(model.name, data, sigma, targets, blind, d, space, searcher, relations, notes,
                                    profile, (lo, hi), seed, search_seconds, time.perf_counter() - t0, blocking)
    if not reachable:
        asked = "" if explicit_range else " (the default range: give another with --mass-range, e.g. 10GeV,5TeV)"
        raise InputError(f"model {model.name}: no parameter point reaches m_Z' in {lo * 1e3:g}-{hi * 1e3:g} MeV with "
                         f"perturbative couplings (|C| <= 1){asked}")
    if space.rho is None:
        notes.append("the rho_0 check (electroweak fit) does not apply: an effective model has no gauge sector, "
                     "hence no derived rho")
    common = dict(model=model.name, data=data, sigma=sigma, targets=targets, relations=relations,
                  n_independent=d.n_independent, seed=seed, notes=notes, mass_mode=_mass_mode(space),
                  rho_check=rho_check_info(space),
                  searched_MeV=[min(reachable) * 1e3, max(reachable) * 1e3], resolution=RESOLUTION, profile=profile)

    def finish(**kw) -> Verdict:
        bar.step(bar.total - bar.done)
        bar.close()
        return Verdict(**common, **kw, parameters=_parameter_rows(space, searcher), evaluations=searcher.points,
                       search_seconds=search_seconds, seconds=time.perf_counter() - t0)

    viable_masses = sorted(m for m, ok in status.items() if ok)
    attempts: list[dict] = []
    if viable_masses:
        widest = max(windows, key=lambda w: (w[1] / w[0], -w[0]))
        mid = math.sqrt(widest[0] * widest[1]) / 1e3
        order = sorted(viable_masses, key=lambda m: (abs(math.log(m / mid)), m))[:MAX_WITNESS_TRIES]
        for m in order:
            best_m = bests[m]
            assert best_m is not None  # viable masses have a best point
            attempts.append(reevaluate(space, ev, best_m))
            if attempts[-1]["viable"]:
                break
        if attempts[-1]["viable"]:
            for att in attempts[:-1]:
                notes.append(f"candidate at m_Z' = {att['m_zp_LO_MeV']:.4g} MeV (leading order) failed re-evaluation "
                             "with the exact diagonalisation: " + ", ".join(f"{x['name']} {ratio_text(x['ratio'])}"
                                                                             for x in att["failures"]))
            w = attempts[-1]
            notes.extend(hadronic_decay_note(w))
            notes.extend(gap_notes(w))  # and w["not_evaluated"], the same gaps for --json
            notes.extend(running_notes(d, w))
            return finish(viable=True, mass_range_MeV=[viable_masses[0] * 1e3, viable_masses[-1] * 1e3],
                          windows_MeV=windows, witness=w, best=w, failures=[], blocking_relations=[])
        best_point = min(attempts, key=lambda a: a["penalty"])
        failing = sorted({f["name"] for a in attempts for f in a["failures"]})
        lo_zero = [k for k, x in best_point["couplings"].items() if x != 0.0 and k in d.couplings
                   and as_expr(d.couplings[k]) == 0]
        notes.append("the search found leading-order points that pass everything for m_Z' in "
                     + ", ".join(f"[{a:.3g}, {b:.3g}]" for a, b in windows) + " MeV, but none survived re-evaluation "
                     f"from its parameters with the exact diagonalisation ({len(attempts)} tried; failing: "
                     f"{', '.join(failing)}): reported as not viable; the best is shown"
                     + (f". Couplings zero at leading order but not exactly (Z-Z' mixing): {', '.join(lo_zero)}"
                        if lo_zero else ""))
        notes.extend(running_notes(d, best_point))
        return finish(viable=False, mass_range_MeV=None, windows_MeV=[], witness=None, best=best_point,
                      failures=best_point["failures"], blocking_relations=[])
    b = min((x for x in bests.values() if x is not None), key=lambda x: (x.penalty, x.chi2))
    best_point = reevaluate(space, ev, b)
    blocking = []
    if find_blocking and d.relations:
        blocking = _blocking(d, ev, masses, notes)
    notes.extend(running_notes(d, best_point))
    return finish(viable=False, mass_range_MeV=None, windows_MeV=[], witness=None, best=best_point,
                  failures=best_point["failures"], blocking_relations=blocking)


def _grid_derived(searcher: Searcher, masses, bests: dict) -> None:
    """Grid mode with derived masses: assign each point to the nearest grid mass (in log m)."""
    logm = np.log(masses)
    half = 0.5 * (logm[1] - logm[0]) if len(masses) > 1 else 0.0
    for m in masses:
        bests[float(m)] = None
    for theta, y, m_pts in searcher.derived_points():
        inside = (np.log(m_pts) >= logm[0] - half) & (np.log(m_pts) <= logm[-1] + half)
        y, m_pts = y[inside], m_pts[inside]
        if len(y) == 0:
            continue
        idx, out = searcher.evaluate_points(y, theta, m_pts)
        if out is None:
            continue
        nearest = np.argmin(np.abs(np.log(m_pts[idx])[:, None] - logm[None, :]), axis=1)
        for j in np.unique(nearest):
            sel = np.flatnonzero(nearest == j)
            key = np.lexsort((out["chi2"][sel], out["penalty"][sel]))
            i = sel[key[0]]
            cand = Best(float(m_pts[idx][i]), bool(out["viable"][i]), float(out["penalty"][i]), float(out["chi2"][i]),
                        float(out["max_ratio"][i]), searcher.cons_names[int(out["max_ratio_index"][i])],
                        y[idx][i].copy(), np.array(theta, dtype=float), float("nan"))
            old = bests[float(masses[j])]
            if old is None or (cand.penalty, cand.chi2) < (old.penalty, old.chi2):
                bests[float(masses[j])] = cand


def _refine_edges(searcher: Searcher, bests: dict) -> None:
    """Bisect every viable / non-viable boundary of the grid in log m (EDGE_STEPS steps, batched)."""
    grid = sorted(bests)
    pairs = []
    for a, b in zip(grid[:-1], grid[1:]):
        va = bests[a] is not None and bests[a].viable
        vb = bests[b] is not None and bests[b].viable
        if va != vb:
            pairs.append((a, b) if va else (b, a))
    bests.update(log_bisect(searcher.scan, pairs, EDGE_STEPS))


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


def rho_check_info(space: ParameterSpace) -> dict:
    """What the rho_0 check is (JSON): whether it applies, the measurement and its source, the method."""
    if space.rho is None:
        return {"applied": False, "name": rho.NAME,
                "reason": "effective model: no gauge sector, hence no derived rho"}
    rho0, sigma, source = rho.measured_rho0()
    return {"applied": True, "name": rho.NAME, "rho_0": rho0, "sigma": sigma, "cl": rho.CL, "source": source,
            "ratio": "|rho - rho_0| / (z sigma), z two-sided Gaussian at cl",
            "method": "tree-level Z-Z' mass mixing: exact Z0-X block in the search, exact diagonalisation for the "
                      "witness; no oblique loop corrections"}


def point_parameters(space: ParameterSpace, best: Best) -> dict:
    """The model's parameter values (floats) at a search point, including the mass coordinate."""
    params = {k: float(val[0]) for k, val in space.parameters(best.y[None, :], best.theta).items()}
    if space.mass_param is not None:
        s = math.sqrt(max(best.s2, 0.0))
        params[space.mass_param.name] = s
        for other in space.mass_equal:
            params[other.name] = s
    return params


def reevaluate(space: ParameterSpace, ev: Evaluator, best: Best) -> dict:
    """Re-evaluate a search point from scratch from the model's parameters (JSON-ready).

    Couplings and m_Z' from the exact diagonalisation (derive/exact.py) for a charge-table model, from the
    compiled couplings for an effective one; then g-2 through delta_a_leptons + pulls (as ``zprime g2``)
    and the constraints through all_constraints + evaluate_all (as ``zprime constraints check``)."""
    d = space.derivation
    params = point_parameters(space, best)
    if space.effective:  # the lepton couplings and the quark/nucleon ones the file gives (zero otherwise)
        f = compile_all_couplings(d)
        couplings = {k: float(x) for k, x in f(**{p: params[p] for p in f.parameters}).items()}
        m = best.m
        exact = None
    else:
        exact = exact_couplings(d, params)
        m = float(exact["m_zp"])
        names = [*d.couplings, *getattr(d, "quark_couplings", {})]  # leptons, quarks and nucleons
        couplings = {k: float(exact[k]) for k in names if k in exact}
        missing = [k for k in names if k not in exact]
        if missing:  # couplings the exact path does not provide: their leading-order values
            f = compile_all_couplings(d)
            lo = f(**{p: params[p] for p in f.parameters if p in params})
            couplings.update({k: float(lo[k]) for k in missing if k in lo})
    mset = load_measurements(ev.data)
    shifts = {fl: float(x) for fl, x in delta_a_leptons(m, couplings).items()}
    pull = {fl: float(x) for fl, x in pulls(shifts, mset).items()}
    cons = all_constraints(ev.include_projections)
    ratios = {name: float(r) for name, r in evaluate_all(m, couplings, constraints=cons).items()}
    rho_point = zpole_point = None
    if exact is not None:  # the rho_0 check from the exact diagonalisation (viability/rho.py)
        rho_m1 = float(exact["rho"]) - 1.0
        ratios[rho.NAME] = float(rho.rho0_ratio(rho_m1))
        rho_point = {"rho_minus_1": rho_m1, "ratio": ratios[rho.NAME], "from": "exact diagonalisation"}
        s_phi = float(exact["sin_phi"])  # the Z-pole widths where the Z mixes (viability/zpole.py)
        c_phi = math.sqrt(max(0.0, 1.0 - s_phi**2))
        per_observable = {k: float(x) for k, x in zpole.ratios(s_phi, c_phi, couplings).items()}
        ratios[zpole.NAME] = max(per_observable.values())
        zpole_point = {"sin_phi": s_phi, "ratios": per_observable, "ratio": ratios[zpole.NAME],
                       "from": "exact diagonalisation"}
    failures: list[dict[str, Any]] = []
    for lep in ev.targets:
        if not abs(pull[lep]) <= ev.sigma:
            failures.append({"name": f"g-2 {lep}", "ratio": abs(pull[lep]) / ev.sigma,
                             "detail": f"pull {pull_text(pull[lep], ev.sigma)} sigma, allowed {ev.sigma:g}"})
    for name, r in ratios.items():
        if not r <= 1.0:
            failures.append({"name": name, "ratio": r if math.isfinite(r) else 1e300})
    failures.sort(key=lambda f: -f["ratio"])
    penalty = sum(max(0.0, abs(pull[lep]) - ev.sigma) ** 2 for lep in ev.targets) + sum(
        max(0.0, math.log(max(r, 1e-300))) ** 2 if math.isfinite(r) else 1e300 for r in ratios.values())
    # the largest ratio of the registry's constraints (what `zprime constraints check` reproduces); the rho_0
    # and Z-pole ratios are reported on their own ("rho", "z_pole") and count in the failures and the penalty
    worst = max(((r, n) for n, r in ratios.items() if n not in (rho.NAME, zpole.NAME)), default=(0.0, ""))
    return {
        "viable": not failures,
        "m_zp_MeV": m * 1e3,
        "m_zp_LO_MeV": best.m * 1e3,
        "mass_from": "exact diagonalisation" if exact is not None else "search coordinate",
        "parameters": params,
        "couplings": couplings,
        "delta_a": shifts,
        "pulls": pull,
        "chi2": pull["e"] ** 2 + pull["mu"] ** 2,
        "max_constraint_ratio": [worst[0], worst[1]],
        "penalty": penalty,
        "failures": failures,
        "rho": rho_point,
        "z_pole": zpole_point,
    }


def _uncoupled_targets(d, targets) -> list[str]:
    """The targeted leptons whose vector and axial couplings are identically zero in the derivation
    (leading order, kinetic mixing included): the Z' cannot change their g-2 (BCK21 Eq. (7))."""
    return [t for t in targets if all(as_expr(d.couplings[f"{k}_{t}"]) == 0 for k in ("CV", "CA"))]


def _unreachable_verdict(name, data, sigma, targets, blind, d, space, searcher, relations, notes, profile,
                         range_GeV, seed, search_seconds, seconds, blocking) -> Verdict:
    """NOT VIABLE when no point of the model brings the targeted g-2 within N sigma at any mass of the range:
    a targeted lepton without couplings (``blind``: Delta a_l = 0 at every point), or, with m_Z' a free
    coordinate, no ray of the couplings whose g-2 interval is not empty with |C| <= 1 (wrong sign of
    Delta a_l, or too large a coupling needed). No point is reported; the failures give the pulls at C = 0."""
    sm_pulls = pulls(dict.fromkeys(("e", "mu", "tau"), 0.0), load_measurements(data))
    failures = []
    for t in targets:
        pull = pull_text(float(sm_pulls[t]), sigma)
        why = (f"C_V = C_A = 0 for {t} in this model: Delta a_{t} = 0, pull {pull} sigma" if t in blind else
               f"no point with |C| <= 1 brings Delta a_{t} within {sigma:g} sigma (pull {pull} sigma at C = 0)")
        failures.append({"name": f"g-2 {t}", "ratio": abs(float(sm_pulls[t])) / sigma,
                         "detail": f"{why}, allowed {sigma:g}"})
    if blind:
        notes = [*notes, "the Z' does not couple to the vector or axial current of " + " or ".join(blind)
                 + " (C_V = C_A = 0 identically, kinetic mixing included): it cannot shift a_" + ", a_".join(blind)
                 + " (BCK21 Eq. (7)), so no parameter point can explain it"]
    else:
        notes = [*notes, f"at no mass of {range_GeV[0] * 1e3:g}-{range_GeV[1] * 1e3:g} MeV does a point with perturbative "
                 f"couplings (|C| <= 1) bring the targeted g-2 within {sigma:g} sigma (BCK21 Eq. (7) gives Delta a of "
                 "the wrong sign for these couplings, or needs |C| > 1): no candidate to check against the constraints"]
    notes = [*notes, *running_notes(d, None)]
    return Verdict(model=name, data=data, sigma=sigma, targets=targets, viable=False, mass_range_MeV=None,
                   windows_MeV=[], witness=None, best=None, failures=failures, relations=relations,
                   blocking_relations=blocking, n_independent=d.n_independent, evaluations=searcher.points, seconds=seconds,
                   seed=seed, parameters=_parameter_rows(space, searcher), mass_mode=_mass_mode(space),
                   searched_MeV=[range_GeV[0] * 1e3, range_GeV[1] * 1e3], resolution=RESOLUTION, profile=profile,
                   search_seconds=search_seconds, notes=notes, rho_check=rho_check_info(space))


def _parameter_rows(space: ParameterSpace, searcher: Searcher) -> list:
    rows = space.describe()
    for r in rows:
        if not r["fixed"] and r["name"] in searcher.ranges:
            lo, hi = searcher.ranges[r["name"]]
            r["searched_abs_range"] = [lo, hi]
    return rows


class _CouplingSpace:
    """A coupling subspace (C = basis y) in the interface search.Searcher expects (effective, homogeneous)."""

    effective = True
    homogeneous = True
    mass_is_coordinate = True
    mass_param = None
    angles = ()
    mass_equal = mass_fixed_to_one = irrelevant = ()

    def __init__(self, sub: CouplingSubspace, names):
        self.sub, self.coupling_names = sub, tuple(names)
        self.k = sub.basis.shape[1]

    def angle_grid(self):
        return np.zeros((1, 0))

    def couplings(self, y, theta):
        c = self.sub.couplings(np.atleast_2d(y).T)
        return {n: c.get(n, np.zeros(np.atleast_2d(y).shape[0])) for n in self.coupling_names}

    def coupling_matrix(self, y, theta):
        """:meth:`couplings` as an (N, C) array, columns in the order of coupling_names."""
        return np.stack(list(self.couplings(y, theta).values()), axis=1)

    def parameters(self, y, theta):
        return {}

    def mass_terms(self, y, theta):
        n = np.atleast_2d(y).shape[0]
        return np.zeros(n), np.zeros(n)


@functools.lru_cache(maxsize=32)
def _free_window(ev: Evaluator, names: tuple, masses: tuple) -> tuple:
    """Masses where free couplings (no relation) can be viable: the same for every model, so cached in the
    process and on disk (zprime_sym/diskcache.py; a JSON list of the masses as exact decimal
    floats), keyed by everything the search reads: the g-2 values of the measurement set, sigma, targets,
    projections, coupling names, masses, every file of the package (code and data tables) and the numpy
    and scipy versions."""
    mset = ev.measurements
    key = diskcache.make_key("free-window", [repr(x) for fl in ("e", "mu") for x in mset.value(fl)], repr(ev.sigma),
                             list(ev.targets), ev.include_projections, list(names), [repr(m) for m in masses],
                             _package_digest(), diskcache.library_version("numpy"), diskcache.library_version("scipy"))
    cached = diskcache.load_json("free-window", key, lambda x: isinstance(x, list) and all(
        isinstance(m, float) and m in masses for m in x))
    if cached is not None:
        return tuple(cached)
    free = Searcher(_CouplingSpace(CouplingSubspace.from_relations([]), names), ev)
    window = tuple(m for m, b in zip(masses, free.scan(masses)) if b is not None and b.viable)
    diskcache.store_json("free-window", key, list(window))
    return window


@functools.cache
def _package_digest() -> str:
    """sha256 over every file of the installed package (sources and shipped data), in path order."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for f in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(str(f.relative_to(root)).encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def _blocking(d, ev: Evaluator, masses, notes: list) -> list:
    """Relations whose addition (in canonical order, to nine free couplings) makes viability unreachable."""
    names = tuple(d.couplings)
    window = list(_free_window(ev, names, tuple(float(m) for m in masses)))
    if not window:
        notes.append("even nine independent couplings cannot be viable on this mass grid: the data and constraints "
                     "exclude every Z' here, whatever the model")
        return []
    if len(window) > BLOCKING_MASSES:
        idx = np.unique(np.round(np.linspace(0, len(window) - 1, BLOCKING_MASSES)).astype(int))
        window = [window[i] for i in idx]
    kept: list = []
    blocking: list = []
    for rel in d.relations:
        s = Searcher(_CouplingSpace(CouplingSubspace.from_relations(kept + [rel]), names), ev)
        if any(b is not None and b.viable for b in s.scan(window)):
            kept.append(rel)
        else:
            blocking.append(readable(rel))
    if not blocking:
        notes.append("no relation blocks: the model's relations allow viable couplings at some mass; what excludes "
                     "the model is the rest of its structure (fixed numbers, the derived mass or the parameter ranges)")
    elif len(blocking) > 1:
        notes.append("the blocking relations act together: relations were added back one by one in canonical order and "
                     "these could not be added; dropping all of them together (keeping the others) allows a viable point")
    return blocking
