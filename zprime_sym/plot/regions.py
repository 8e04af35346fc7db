"""Excluded regions and g-2 bands on an (m_Z', |Y|) plane (pure numpy; drawing is in plot.py).

For a model and a plane ``m_zp,Y`` this evaluates, on a log grid of m_Z' x |Y|, every current
(non-projection) constraint of :mod:`zprime_sym.constraints` (a point is excluded by a constraint
where its ratio > 1, see constraints/base.py), the one-loop Delta a_e and Delta a_mu (BCK21
Eq. (7)), and the g-2 bands |Delta a_L - Delta a_L(measured)| <= n sigma_L of a measurement set.

Variables. If Y is one of the nine coupling names the couplings themselves are the variables
(the model-independent view of BCK21 Sec. III: unset couplings are 0); this coupling mode is refused
for a charge-table model, whose relations tie the couplings (plot its parameters instead).
Otherwise Y must be a free parameter of the model; the variables are then the model's parameters
(every one not on the axis, fixed, tied, solved or profiled must be fixed) and the couplings come
from :func:`zprime_sym.evaluate.compile.compile_couplings`. Values of the variables at each point come from,
in this order: the axes, ``fix``, ``profile``, then ``solve`` (each solve sees the ties), then the
ties (see plot_spec.py for the syntax).

Solving a g-2 condition. With the couplings linear in the solved variable p, Delta a_L is a
quadratic A p^2 + B p + C (BCK21 Eq. (7) is quadratic in C_V, C_A); A, B, C are obtained
exactly from Delta a_L at p = 0, +1, -1 and the quadratic is solved in closed form at every
point. The result is verified afterwards (a tie that makes Delta a_L non-quadratic in p is an
error). Points without a real root form the "unreachable" region.

The model's mass. On a parameter plane the m_Z' axis must be the model's own m_Z'. At leading order
m_Z'^2 = A + B s^2 (GeV^2; :class:`zprime_sym.viability.parameter_space.MassTerms`, the analysis the
verdict uses), s the parameter only the mass depends on (a singlet VEV):
* s free ("coordinate"): m_Z' replaces s, and a point is in the model where s^2 = (m^2 - A) / B >= 0.
  Where the doublets' share A of the mass exceeds m^2 (a U(1)' that also charges the Higgs doublets) the
  point is ``off_model``: drawn hatched, never allowed.
* no free s ("derived": a fixed VEV, or a U(1)' broken by doublets alone): m_Z' = sqrt(A) follows from
  the plotted parameters, so the model is a line on the plane. A grid point is on it where the line
  passes between it and a neighbour (the nearer of the two, in log m_Z'); every other point is
  ``off_model``. The regions and bands still cover the whole plane (what the data say about those
  couplings at that m_Z'); ``allowed`` is on the line only.
An unbroken U(1)' (m_Z' = 0 identically) has no plane: InputError. Coupling planes and effective
models take m_Z' as an input ("free").

Regions returned (boolean arrays of shape (n_y, n_mass)):
* ``constraint_regions[i].excluded``: excluded by that constraint (ratio > 1);
* ``bands[L]``: Delta a_L within n sigma; ``unreachable``: a --solve target has no solution;
* ``undefined``: a tie gave a non-finite value (e.g. division by zero);
* ``off_model``: not reached by the model (above);
* ``allowed``: in the model, passes every constraint, and is within n sigma for every lepton in
  ``required_leptons`` (default: the leptons whose C_V or C_A is non-zero somewhere on the plane).
With ``profile``, a point is allowed if some profiled value is allowed; a constraint's region is
where every profiled value that satisfies g-2 is excluded by it; ``combined_only`` marks points
excluded only by the combination of constraints (different values killed by different ones).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..evaluate.compile import compile_couplings, compile_quark_couplings
from ..constraints.registry import all_constraints
from ..constraints.gaps import GAPS, GAPS_BY_NAME
from ..model.couplings import COUPLING_NAMES, coupling_arrays
from ..exceptions import InputError, ModelError
from ..progress import Progress
from ..evaluate.g2 import delta_a_leptons
from ..evaluate.measurements import load_measurements
from ..model.charges import as_expr
from ..model.loader import load_model
from ..viability.parameter_space import UNBROKEN, MassTerms, mass_terms
from .spec import (MASS_NAME, Profile, Solve, Tie, parse_bands, parse_fix, parse_grid, parse_mass_range,
                        parse_plane, parse_profile, parse_solve, parse_tie, parse_y_range)

LEPTONS = ("e", "mu")
#: Relative tolerance (in units of sigma) of the solve verification and of band membership of a
#: point that was solved exactly onto the band edge (floating-point rounding only).
SOLVE_TOLERANCE_SIGMA = 1e-6
#: A constraint excludes a point where its ratio exceeds 1 by more than this (relative) amount, so
#: that a point placed exactly on a limit by a tie (BCK21 Fig. 4 saturates the Moller bound,
#: C_Ae = -1e-8/C_Ve) is not excluded by floating-point rounding.
RATIO_TOLERANCE = 1e-9
DEFAULT_MASS_RANGE = "1MeV,1GeV"
DEFAULT_Y_RANGE = "1e-7,1e-1"


@dataclass(frozen=True)
class ConstraintRegion:
    """Where one constraint excludes the plane."""

    name: str
    experiment: str
    arxiv: str
    cl: float | None
    excluded: np.ndarray = field(repr=False)


@dataclass(frozen=True)
class Regions:
    """Everything a plot shows, as data. Axes: ``m_GeV`` (n_mass,), ``y`` (n_y,) signed values."""

    model: str
    mode: str  #: "coupling" or "parameter"
    y_name: str
    m_GeV: np.ndarray = field(repr=False)
    y: np.ndarray = field(repr=False)
    data: str
    data_description: str
    n_sigma: float
    settings: tuple[str, ...]  #: human-readable fix/tie/solve/profile settings
    constraint_regions: tuple[ConstraintRegion, ...] = field(repr=False)
    bands: dict = field(repr=False)  #: lepton -> bool array
    required_leptons: tuple[str, ...]
    solved_leptons: tuple[str, ...]
    unreachable: np.ndarray = field(repr=False)
    undefined: np.ndarray = field(repr=False)
    combined_only: np.ndarray = field(repr=False)
    allowed: np.ndarray = field(repr=False)
    couplings: dict | None = field(repr=False)  #: coupling -> (n_y, n_mass) values (None if profiled)
    delta_a: dict | None = field(repr=False)  #: lepton -> (n_y, n_mass) Delta a (None if profiled)
    profiled: str | None = None
    #: how the plane's m_Z' relates to the model (parameter mode; module docstring "The model's mass"):
    #: "coordinate" (m_Z' replaces the VEV ``mass_param``), "derived" (m_Z' follows from the parameters:
    #: the model is a line on the plane) or "free" (coupling mode: m_Z' is an input)
    mass_kind: str = "free"
    mass_param: str | None = None
    #: points of the plane the model does not reach (coordinate: m_Z'^2 < A; derived: off its line)
    off_model: np.ndarray | None = field(repr=False, default=None)
    #: derived mass: the model's leading-order m_Z' (GeV) at each point of the plane (None if profiled)
    model_mass_GeV: np.ndarray | None = field(repr=False, default=None)
    #: gap name -> allowed cells where that search applies but is not encoded (constraints/gaps.py); only
    #: gaps that touch the allowed region
    not_evaluated: dict = field(repr=False, default_factory=dict)

    @property
    def m_MeV(self) -> np.ndarray:
        return self.m_GeV * 1e3

    def region(self, name: str) -> np.ndarray:
        """Excluded mask of the constraint called ``name``."""
        for reg in self.constraint_regions:
            if reg.name == name:
                return reg.excluded
        raise InputError(f"no constraint {name!r} on this plane; have {[r.name for r in self.constraint_regions]}")

    def any_excluded(self) -> np.ndarray:
        """Union of the constraints' excluded regions (plus combined_only when profiled)."""
        out = self.combined_only.copy()
        for reg in self.constraint_regions:
            out |= reg.excluded
        return out

    def allowed_mass_range_MeV(self) -> tuple[float, float] | None:
        """(min, max) m_Z' in MeV of the grid columns holding an allowed point, or None."""
        return self.mass_range_MeV(self.allowed)

    def mass_range_MeV(self, mask: np.ndarray) -> tuple[float, float] | None:
        """(min, max) m_Z' in MeV of the grid columns holding a cell of ``mask`` (shaped like ``allowed``),
        or None for an empty mask."""
        cols = np.flatnonzero(mask.any(axis=0))
        if cols.size == 0:
            return None
        return float(self.m_MeV[cols[0]]), float(self.m_MeV[cols[-1]])

    def summary(self) -> dict:
        """JSON-friendly summary (fractions of the plane, allowed mass range)."""
        n = self.allowed.size
        rng = self.allowed_mass_range_MeV()
        return {
            "model": self.model, "mode": self.mode, "plane": f"{MASS_NAME},{self.y_name}",
            "mass_range_MeV": [float(self.m_MeV[0]), float(self.m_MeV[-1])],
            "y_range": [float(abs(self.y[0])), float(abs(self.y[-1]))], "y_sign": int(np.sign(self.y[0])),
            "grid": [len(self.m_GeV), len(self.y)], "data": self.data, "n_sigma": self.n_sigma,
            "settings": list(self.settings), "profiled": self.profiled,
            "constraints": [{"name": r.name, "experiment": r.experiment, "arxiv": r.arxiv,
                             "excluded_fraction": float(r.excluded.sum() / n)} for r in self.constraint_regions],
            "band_fractions": {k: float(v.sum() / n) for k, v in self.bands.items()},
            "required_leptons": list(self.required_leptons),
            "unreachable_fraction": float(self.unreachable.sum() / n),
            "allowed_fraction": float(self.allowed.sum() / n),
            "allowed_mass_range_MeV": None if rng is None else list(rng),
            "model_mass": {"kind": self.mass_kind, "replaces": self.mass_param,
                           "off_model_fraction": 0.0 if self.off_model is None else float(self.off_model.sum() / n)},
            "not_evaluated": [{**GAPS_BY_NAME[name].summary(), "allowed_fraction": float(mask.sum() / n),
                               "allowed_mass_range_MeV": list(self.mass_range_MeV(mask) or ())}
                              for name, mask in self.not_evaluated.items()],
        }



@dataclass(frozen=True)
class _Setup:
    mode: str
    variables: tuple[str, ...]
    compiled: Any  # CompiledCouplings or None
    fixes: dict
    ties: tuple[Tie, ...]
    solves: tuple[Solve, ...]
    quarks: Any = None  # compiled quark/nucleon couplings (parameter mode; issue 10), or None
    held_quarks: dict = field(default_factory=dict)  # coupling mode: an effective model's numeric quark couplings
    mass: MassTerms | None = None  # parameter mode: the model's m_Z'^2 = A + B s^2 (viability/parameter_space.py)

    def quark_couplings(self, values: Mapping[str, np.ndarray], shape) -> dict[str, np.ndarray]:
        """The model's quark/nucleon couplings at the plotted points (coupling mode: the numbers an effective
        model's file gives, with CV_p, CV_n derived; none for model_independent)."""
        if self.quarks is None:
            return {n: np.broadcast_to(np.asarray(v, dtype=float), shape) for n, v in self.held_quarks.items()}
        out = self.quarks(**{p: values[p] for p in self.quarks.parameters})
        return {n: np.broadcast_to(v, shape) for n, v in out.items()}

    def couplings(self, values: Mapping[str, np.ndarray], shape) -> dict[str, np.ndarray]:
        if self.mode == "coupling":
            return {n: np.broadcast_to(np.asarray(values.get(n, 0.0), dtype=float), shape) for n in COUPLING_NAMES}
        out = self.compiled(**{p: values[p] for p in self.compiled.parameters})
        return {n: np.broadcast_to(v, shape) for n, v in out.items()}

    def assemble(self, base: Mapping[str, np.ndarray], shape) -> tuple[dict, np.ndarray]:
        """Apply the ties; returns (values, mask of points where a tie is not finite)."""
        values = dict(base)
        bad = np.zeros(shape, dtype=bool)
        for tie in self.ties:
            val = np.broadcast_to(tie.expression.evaluate(values), shape)
            finite = np.isfinite(val)
            bad |= ~finite
            values[tie.name] = np.where(finite, val, 0.0)
        return values, bad


def _as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, (str, Tie, Solve, Profile)):
        return [value]
    return list(value)


def _fixes(fix) -> dict[str, float]:
    if isinstance(fix, Mapping):
        return {str(k): float(v) for k, v in fix.items()}
    out: dict[str, float] = {}
    for item in _as_list(fix):
        out.update(parse_fix(item))
    return out


def _setup(model_name: str, y_name: str, fix, tie, solve, profile: Profile | None) -> _Setup:
    model = load_model(model_name)
    if y_name in COUPLING_NAMES:
        if model.kind != "effective":
            # the couplings of a charge-table model are tied by its relations: varying one alone would draw
            # regions the model cannot reach, under its name
            params = ", ".join(s.name for s in model.derive().coupling_parameters)
            if not params:
                raise InputError(f"--plane m_zp,{y_name}: model {model.name} has no free coupling parameter (its "
                                 "couplings are numbers of the model file), so it has no plane to draw; its couplings "
                                 f"are printed by `zprime derive {model_name}` and tested by `zprime verdict "
                                 f"{model_name}` or `zprime constraints check`")
            raise InputError(f"--plane m_zp,{y_name}: model {model.name} fixes its couplings through its parameters "
                             f"({params}); plot one of those (parameter mode, e.g. --plane m_zp,"
                             f"{params.split(',')[0]}) or use model_independent for free couplings")
        # an effective model's own free couplings vary; the numbers its file gives are held (none: model_independent)
        held, held_quarks = _declared_couplings(model, y_name)
        mode, variables, compiled = "coupling", tuple(n for n in COUPLING_NAMES if n not in held), None
        quarks: Any = None
        mass = None
    else:
        held, held_quarks = {}, {}
        compiled = compile_couplings(model.derive())
        quarks = compile_quark_couplings(model.derive())
        # the parameters of the lepton couplings, then those only quark couplings depend on (a free quark
        # charge, an effective model's CV_u = "q"): every one must be set, none silently dropped
        mode, variables = "parameter", tuple(dict.fromkeys([*compiled.parameters, *quarks.parameters]))
        if y_name not in variables:
            raise InputError(f"--plane: {y_name!r} is neither a coupling ({', '.join(COUPLING_NAMES)}) nor a "
                             f"parameter of model {model.name} ({', '.join(variables) or 'none'})")
        mass = None if model.kind == "effective" else _model_mass(model)  # an effective model's m_Z' is an input
    allowed = set(variables)
    fixes = _fixes(fix)
    ties = tuple(t if isinstance(t, Tie) else parse_tie(t, allowed) for t in _as_list(tie))
    solves = tuple(s if isinstance(s, Solve) else parse_solve(s) for s in _as_list(solve))
    set_by: dict[str, str] = {y_name: "--plane"}

    def claim(name: str, option: str):
        if name not in allowed:
            raise InputError(f"{option}: {name!r} is not a {'coupling' if mode == 'coupling' else 'parameter'} "
                             f"of this plane; expected one of {', '.join(variables)}")
        if name in set_by:
            raise InputError(f"{option}: {name} is already set by {set_by[name]}")
        set_by[name] = option

    for name in fixes:
        claim(name, "--fix")
    if profile is not None:
        claim(profile.name, "--profile")
    for s in solves:
        claim(s.name, "--solve")
    if len({s.lepton for s in solves}) != len(solves):
        raise InputError("--solve: at most one condition per lepton")
    for t in ties:
        claim(t.name, "--tie")
    tied_later = {t.name for t in ties}
    for t in ties:
        tied_later.discard(t.name)
        early = sorted(n for n in t.expression.names if n in tied_later or n == t.name)
        unset = sorted(n for n in t.expression.names if n not in set_by and n != MASS_NAME)
        if early or (mode == "parameter" and unset):
            raise InputError(f"--tie {t.name}={t.expression.text}: uses {early or unset}, which "
                             f"{'are tied only later' if early else 'are not set'}")
    if mode == "parameter":
        missing = [p for p in variables if p not in set_by]
        if missing:
            raise InputError(f"model {model.name}: give values for parameter(s) {', '.join(missing)} "
                             f"(--fix NAME=VALUE, --tie, --solve or --profile)")
    fixes.update({n: v for n, v in held.items() if v != 0.0})  # the model file's numbers (0: unset)
    return _Setup(mode, variables, compiled, fixes, ties, solves, quarks, held_quarks, mass)


def _model_mass(model) -> MassTerms:
    """The charge-table model's leading-order mass terms; InputError for an unbroken U(1)' (no plane)."""
    try:
        return mass_terms(model.derive())
    except ModelError as err:
        if UNBROKEN in str(err):
            raise InputError(f"model {model.name}: {UNBROKEN} -- no plot") from None
        raise


def _declared_couplings(model, y_name: str) -> tuple[dict[str, float], dict[str, float]]:
    """For an effective model on a coupling plane: ({lepton coupling: value}, {quark/nucleon coupling: value})
    of the couplings its derivation gives as numbers (held at them; the other lepton couplings are its own
    free ones, CV_e = "CV_e", ...; CV_p, CV_n as the derivation forms them from CV_u, CV_d). InputError if
    the file ties a coupling to a parameter (CV_mu = "g", Cnu_mu = "g", CV_u = "q"): varying the couplings
    one by one would draw points the model cannot reach, so its parameters are plotted instead. Empty for
    model_independent (all nine free, no quarks); charge-table models never reach here (refused above)."""
    d = model.derive()
    declared = {**d.couplings, **d.quark_couplings}
    held, tied = {}, []
    for name, value in declared.items():
        expr = as_expr(value)
        if expr.is_Number:
            held[name] = float(expr)
        elif (name not in COUPLING_NAMES or str(expr) != name) and name not in ("CV_p", "CV_n"):
            tied.append(f"{name} = {expr}")  # (a lepton coupling named as itself is free; nucleons follow CV_u, CV_d)
    if tied:
        params = sorted(s.name for s in d.free_parameters)
        axes = [p for p in params if p not in COUPLING_NAMES]  # a coupling name on the axis means coupling mode
        hint = (f"plot a parameter instead (--plane m_zp,{axes[0]}; parameters: {', '.join(params)})" if axes else
                "name the shared parameter differently from the couplings (e.g. CV_u = \"q\") to plot it")
        raise InputError(f"--plane m_zp,{y_name}: model {model.name} ties its couplings to parameters "
                         f"({'; '.join(tied)}); {hint}")
    if y_name in held:
        raise InputError(f"--plane m_zp,{y_name}: model {model.name} fixes {y_name} = {held[y_name]:g}; plot one "
                         f"of its free couplings ({', '.join(n for n in COUPLING_NAMES if n not in held) or 'none'})")
    return ({n: v for n, v in held.items() if n in COUPLING_NAMES},
            {n: v for n, v in held.items() if n not in COUPLING_NAMES and v != 0.0})


def _solve_one(setup: _Setup, s: Solve, target: float, values: dict, shape, m) -> tuple[np.ndarray, np.ndarray]:
    """Root of Delta a_L(p) = target at each point; returns (p, unreachable mask)."""
    def delta(p):
        trial = dict(values)
        trial[s.name] = np.broadcast_to(np.asarray(p, dtype=float), shape)
        full, _ = setup.assemble(trial, shape)
        return delta_a_leptons(m, setup.couplings(full, shape))[s.lepton]

    f0, fp, fm = delta(0.0), delta(1.0), delta(-1.0)
    a = 0.5 * (fp + fm) - f0
    b = 0.5 * (fp - fm)
    c = f0 - target
    if not np.any(a != 0) and not np.any(b != 0):
        raise InputError(f"--solve {s.text}: Delta a_{s.lepton} does not depend on {s.name}")
    with np.errstate(divide="ignore", invalid="ignore"):
        disc = b * b - 4.0 * a * c
        sq = np.sqrt(np.where(disc >= 0, disc, 0.0))
        sign = 1.0 if s.root == "pos" else -1.0
        # larger (pos) / smaller (neg) root; a > 0 for Eq. (7) with a vector coupling, the formula
        # below orders the roots for either sign of a; the stable form avoids cancellation.
        quad_roots = np.stack([(-b + sq) / (2 * a), (-b - sq) / (2 * a)])
        quad = quad_roots.max(axis=0) if sign > 0 else quad_roots.min(axis=0)
        linear = -c / b
    is_quad = a != 0
    root = np.where(is_quad, quad, linear)
    unreachable = np.where(is_quad, disc < 0, b == 0) | ~np.isfinite(root)
    return np.where(unreachable, 0.0, root), unreachable


def _evaluate(setup: _Setup, base: dict, shape, m, mset, n_sigma: float, constraints):
    """Values, couplings, masks on one stack of points of ``shape``."""
    values = {k: np.broadcast_to(np.asarray(v, dtype=float), shape) for k, v in base.items()}
    unreachable = np.zeros(shape, dtype=bool)
    targets = {}
    for s in setup.solves:
        targets[s.lepton] = s.target(*mset.value(s.lepton))
        root, bad = _solve_one(setup, s, targets[s.lepton], values, shape, m)
        values[s.name] = root
        unreachable |= bad
    full, undefined = setup.assemble(values, shape)
    couplings = setup.couplings(full, shape)
    finite = np.all([np.isfinite(v) for v in couplings.values()], axis=0)
    undefined = undefined | ~finite
    couplings = coupling_arrays({k: np.where(finite, v, 0.0) for k, v in couplings.items()})
    deltas = delta_a_leptons(m, couplings)
    ok = ~unreachable & ~undefined
    for s in setup.solves:
        _, sigma = mset.value(s.lepton)
        miss = np.abs(deltas[s.lepton] - targets[s.lepton]) > SOLVE_TOLERANCE_SIGMA * sigma
        if np.any(miss & ok):
            raise InputError(f"--solve {s.text}: Delta a_{s.lepton} is not quadratic in {s.name} "
                             f"(a --tie makes the couplings non-linear in it); cannot solve in closed form")
    bands = {}
    for lep in LEPTONS:
        measured, sigma = mset.value(lep)
        bands[lep] = ok & (np.abs(deltas[lep] - measured) <= n_sigma * sigma * (1 + SOLVE_TOLERANCE_SIGMA))
    with_quarks = {**couplings, **{k: np.where(finite, v, 0.0) for k, v in setup.quark_couplings(full, shape).items()}}
    excluded = {c.name: ok & (c.evaluate(m, with_quarks) > 1.0 + RATIO_TOLERANCE) for c in constraints}
    off_model, model_mass = (np.zeros(shape, dtype=bool), None) if setup.mass is None else \
        _off_model(setup.mass, full, shape, m)
    gaps = {g.name: ok & g.mask(m, with_quarks) for g in GAPS}  # searches that apply here but are not encoded
    return couplings, deltas, bands, excluded, unreachable, undefined, off_model, model_mass, gaps


def _off_model(mass: MassTerms, values: Mapping[str, np.ndarray], shape, m) -> tuple[np.ndarray, np.ndarray | None]:
    """(points the model does not reach, its own m_Z' in GeV or None) on points of ``shape`` (..., n_y, n_mass)
    with plotted masses ``m`` (GeV); module docstring, "The model's mass"."""
    a, b = (np.broadcast_to(x, shape) for x in mass.evaluate(values))
    if mass.param is not None:  # s^2 = (m^2 - A) / B >= 0
        return ~(np.isfinite(a) & np.isfinite(b) & (b > 0) & (m * m >= a)), None
    with np.errstate(invalid="ignore", divide="ignore"):
        model_m = np.sqrt(np.where(np.isfinite(a) & (a > 0), a, np.nan))
        dist = np.log(m / model_m)  # NaN where the model has no mass
    on = dist == 0
    for axis in (-1, -2):  # the line passes between two neighbours in m_Z' (then |Y|): mark the nearer one
        n = shape[axis]
        lo, hi = np.take(dist, range(n - 1), axis=axis), np.take(dist, range(1, n), axis=axis)
        cross = lo * hi < 0
        nearer_lo = cross & (np.abs(lo) <= np.abs(hi))
        pad = [(0, 0)] * len(shape)
        pad[axis] = (0, 1)
        on |= np.pad(nearer_lo, pad)
        pad[axis] = (1, 0)
        on |= np.pad(cross & ~nearer_lo, pad)
    return ~on, model_m


def compute_regions(model: str, plane: str, *, fix=(), tie=(), solve=(), profile=None,
                    data: str = "bck2021-cs", sigma: float = 1.0, mass_range=DEFAULT_MASS_RANGE,
                    y_range=DEFAULT_Y_RANGE, grid=200, negative: bool = False, bands=None,
                    user_tables: Iterable = (), progress: bool | None = None) -> Regions:
    """Compute the regions of one plot (see module docstring). Options take the CLI strings:
    (``progress``: a progress line on stderr, None = only when stderr is a terminal, False = never)

    ``compute_regions("model_independent", "m_zp,CA_e", solve="CV_e:a_e=-1sigma", grid=60)``.
    ``mass_range``/``y_range`` may also be (lo, hi) tuples (GeV / dimensionless); ``negative``
    puts Y < 0 (the axis still shows |Y|); ``bands`` overrides the leptons required in g-2.
    """
    if not np.isfinite(sigma) or sigma <= 0:
        raise InputError(f"--sigma {sigma!r}: must be a positive number")
    y_name = parse_plane(plane)
    prof = profile if (profile is None or isinstance(profile, Profile)) else parse_profile(profile)
    setup = _setup(model, y_name, fix, tie, solve, prof)
    m_lo, m_hi = mass_range if isinstance(mass_range, tuple) else parse_mass_range(mass_range)
    y_lo, y_hi = y_range if isinstance(y_range, tuple) else parse_y_range(y_range)
    if not (0 < m_lo < m_hi and 0 < y_lo < y_hi):
        raise InputError(f"bad ranges: mass {mass_range!r}, y {y_range!r}; need 0 < LO < HI")
    nx, ny = parse_grid(grid)
    required = parse_bands(bands) if (bands is None or isinstance(bands, str)) else tuple(bands)
    mset = load_measurements(data)
    constraints = [c for c in all_constraints(False, user_tables) if not c.projection]

    m_axis = np.geomspace(m_lo, m_hi, nx)
    y_axis = np.geomspace(y_lo, y_hi, ny) * (-1.0 if negative else 1.0)
    n_prof = len(prof.values) if prof is not None else 1
    shape = (n_prof, ny, nx)
    m = np.broadcast_to(m_axis, shape)
    base = {y_name: np.broadcast_to(y_axis[:, None], shape), MASS_NAME: m}
    if setup.mode == "coupling":  # the model-independent view: unset couplings are zero
        base.update({k: np.zeros(shape) for k in COUPLING_NAMES if k != y_name})
    base.update({k: np.full(shape, v) for k, v in setup.fixes.items()})
    if prof is not None:
        base[prof.name] = np.broadcast_to(np.asarray(prof.values)[:, None, None], shape)
    bar = Progress(2, "plot", enabled=progress, unit="stages")  # the grid evaluation, then the regions
    couplings, deltas, band_p, excl_p, unreach_p, undef_p, off_p, model_m, gap_p = _evaluate(
        setup, base, shape, m, mset, sigma, constraints)
    bar.step()

    if required is None:
        required = tuple(lep for lep in LEPTONS
                         if np.any(couplings[f"CV_{lep}"][~undef_p] != 0) or np.any(couplings[f"CA_{lep}"][~undef_p] != 0))
    required = tuple(dict.fromkeys(required + tuple(s.lepton for s in setup.solves)))
    ok_p = ~unreach_p & ~undef_p
    g2ok_p = ok_p.copy()
    for lep in required:
        g2ok_p &= band_p[lep]
    any_excl_p = np.zeros(shape, dtype=bool)
    for mask in excl_p.values():
        any_excl_p |= mask
    allowed_p = g2ok_p & ~any_excl_p & ~off_p
    allowed = np.any(allowed_p, axis=0)
    # allowed cells where a search applies that is not encoded (constraints/gaps.py): shown, not excluded
    not_evaluated = {name: np.any(allowed_p & mask, axis=0) for name, mask in gap_p.items()}
    not_evaluated = {name: mask for name, mask in not_evaluated.items() if mask.any()}

    if prof is None:
        regions = {k: v[0] for k, v in excl_p.items()}
        combined = np.zeros((ny, nx), dtype=bool)
    else:
        some_g2 = np.any(g2ok_p, axis=0)
        regions = {k: some_g2 & np.all(~g2ok_p | v, axis=0) for k, v in excl_p.items()}
        union = np.zeros((ny, nx), dtype=bool)
        for mask in regions.values():
            union |= mask
        combined = some_g2 & ~allowed & ~union
    by_name = {c.name: c for c in constraints}
    constraint_regions = tuple(ConstraintRegion(n, by_name[n].experiment, by_name[n].arxiv, by_name[n].cl, mask)
                               for n, mask in regions.items())
    settings = tuple([f"{k}={v:g}" for k, v in setup.fixes.items()]
                     + [f"{k}={v:g}" for k, v in setup.held_quarks.items() if k not in ("CV_p", "CV_n")]
                     + [f"{t.name}={t.expression.text}" for t in setup.ties]
                     + [s.text for s in setup.solves] + ([f"profile {prof.text}"] if prof else []))
    single = prof is None
    bar.step()
    bar.close()
    return Regions(
        model=model, mode=setup.mode, y_name=y_name, m_GeV=m_axis, y=y_axis, data=mset.name,
        data_description=mset.description, n_sigma=float(sigma), settings=settings,
        constraint_regions=constraint_regions,
        bands={lep: np.any(band_p[lep], axis=0) for lep in LEPTONS},
        required_leptons=required, solved_leptons=tuple(s.lepton for s in setup.solves),
        unreachable=np.all(unreach_p, axis=0), undefined=np.all(undef_p, axis=0), combined_only=combined,
        allowed=allowed,
        couplings={k: v[0] for k, v in couplings.items()} if single else None,
        delta_a={k: deltas[k][0] for k in LEPTONS} if single else None,
        profiled=None if prof is None else prof.name,
        mass_kind="free" if setup.mass is None else ("coordinate" if setup.mass.param is not None else "derived"),
        mass_param=None if setup.mass is None or setup.mass.param is None else setup.mass.param.name,
        off_model=np.all(off_p, axis=0),
        model_mass_GeV=model_m[0] if (single and model_m is not None) else None,
        not_evaluated=not_evaluated,
    )
