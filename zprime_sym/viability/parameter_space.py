"""The model's own parameter space as the verdict searches it: linear coordinates, inverse map, m_Z'.

At leading order in g', g~ every Z' coupling is a sum of monomials of the free parameters that are not
VEV angles (derive/couplings.py: C = -s_phi gZ (T3 - sw^2 Q) + g~ Y + g' z, with s_phi itself linear in
g~ and g' z): g~ (or eps), g', and g' times one free charge. With the VEV angles theta held fixed the
couplings are therefore *linear* in the vector y of these monomials,

    C(y, theta) = M(theta) y + c0(theta),

where c0 collects what the user fixed to numbers (c0 = 0 whenever the overall scale is free). The map
back y -> parameters is exact: g' = y_g' (or, if g' never appears alone, g' = max |y_g'z| so that the
charges come out O(1)), g~ = y_g~, z = y_g'z / g'.

The derived mass (gauge.py, leading order) is m_Z'^2 = A(y, theta) + B(y, theta) s^2, where s is the
parameter that only the mass depends on (a singlet VEV, else a charge that enters only m_Z'): when such
an s is free, m_Z' replaces it as a search coordinate (s^2 = (m^2 - A) / B must be >= 0); otherwise
B = 0 and m_Z' follows from the parameters. Other mass-only VEVs are set equal to s, other mass-only
parameters to 1 (only their product with s enters m_Z'). Parameters that neither the couplings nor
m_Z' depend on at leading order (e.g. tan(beta) of the SUSY model) are set to 1 for the exact
re-evaluation and listed as irrelevant.
"""
from __future__ import annotations

import math
from typing import Any
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from ..constants import constants
from ..derive.gauge import cw, e, sw, v
from ..exceptions import ModelError
from ..model.charges import as_expr
from .. import diskcache
from ..derive.store import LOAD_ERRORS, dump_values, load_values, model_key
from ..evaluate.compile import function_from_source, generator_digest, numpy_source
from .rho import RhoFunction, compile_rho

#: VEV angles tan(beta) are scanned on this many log-spaced values in [ANGLE_RANGE] (each declared angle).
ANGLE_VALUES = 5
ANGLE_RANGE = (0.1, 100.0)


def _constants_map() -> dict:
    c = constants()
    return {e: c.e, sw: c.sw, cw: c.cw, v: c.v}


def _number(x) -> float:
    return float(as_expr(x).xreplace(_constants_map()))


@dataclass
class ParameterSpace:
    """What the verdict searches for one derived model (see the module docstring)."""

    derivation: Any
    coupling_names: tuple[str, ...]
    monomials: tuple  #: tuples of sympy symbols, one per linear coordinate y_j
    angles: tuple  #: free VEV-angle symbols (scanned on a grid)
    mass_param: Any  #: the symbol replaced by m_Z' as a search coordinate, or None
    mass_fixed_to_one: tuple  #: mass-only parameters set to 1
    mass_equal: tuple  #: mass-only VEVs set equal to mass_param
    irrelevant: tuple  #: free parameters that neither couplings nor m_Z' depend on (set to 1)
    roles: dict  #: symbol name -> role ("gauge coupling", "kinetic mixing", "charge", "VEV", "VEV angle")
    effective: bool
    _columns: Any = field(repr=False, default=None)  #: theta -> (n_couplings, k) matrix
    _offset: Any = field(repr=False, default=None)  #: theta -> (n_couplings,) vector
    _mass_a: Any = field(repr=False, default=None)
    _mass_b: Any = field(repr=False, default=None)
    _scale_free: Any = field(repr=False, default=None)  #: free gauge coupling absent as a monomial
    _mass_args: tuple[str, ...] = field(repr=False, default=())  #: argument names of the mass functions
    _homogeneous: bool = field(repr=False, default=False)  #: see :attr:`homogeneous`
    rho: Any = field(repr=False, default=None)  #: rho.RhoFunction (None for an effective model: no rho)

    @property
    def k(self) -> int:
        return len(self.monomials)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple("*".join(s.name for s in mono) for mono in self.monomials)

    @property
    def homogeneous(self) -> bool:
        """True when C(t y) = t C(y) (no fixed non-zero coupling part) and, for a derived mass,
        m_Z'(t y) = t m_Z'(y): the search can then tune the overall scale t analytically."""
        return self._homogeneous

    @property
    def mass_is_coordinate(self) -> bool:
        return self.effective or self.mass_param is not None

    def angle_grid(self) -> np.ndarray:
        """(n, n_angles) deterministic grid of the free VEV angles."""
        if not self.angles:
            return np.zeros((1, 0))
        axis = np.geomspace(*ANGLE_RANGE, ANGLE_VALUES)
        mesh = np.meshgrid(*([axis] * len(self.angles)), indexing="ij")
        return np.stack([m.ravel() for m in mesh], axis=1)

    def coupling_matrix(self, y: np.ndarray, theta: np.ndarray) -> np.ndarray:
        """Leading-order couplings at linear coordinates y (N, k) and angles theta (n_angles,): an (N, C)
        array, column i the coupling ``coupling_names[i]`` (C = M(theta) y + c0)."""
        cols = np.asarray(self._columns(*theta), dtype=float).reshape(len(self.coupling_names), self.k)
        off = np.asarray(self._offset(*theta), dtype=float).reshape(len(self.coupling_names))
        return np.atleast_2d(y) @ cols.T + off

    def couplings(self, y: np.ndarray, theta: np.ndarray) -> dict[str, np.ndarray]:
        """:meth:`coupling_matrix` as a dict of its columns, keyed by coupling name."""
        full = self.coupling_matrix(y, theta)
        return {n: full[:, i] for i, n in enumerate(self.coupling_names)}

    def parameters(self, y: np.ndarray, theta: np.ndarray) -> dict[str, np.ndarray]:
        """The model's parameters (except the mass coordinate) at y (N, k): exact inverse of the monomials."""
        y = np.atleast_2d(y)
        n = y.shape[0]
        out: dict[str, np.ndarray] = {}
        gp = self._scale_free
        if gp is not None:
            idx = [j for j, mono in enumerate(self.monomials) if gp in mono]
            scale = np.max(np.abs(y[:, idx]), axis=1) if idx else np.zeros(n)
            out[gp.name] = np.where(scale > 0, scale, 1.0)
        for j, mono in enumerate(self.monomials):
            if len(mono) == 1:
                out[mono[0].name] = y[:, j]
        for j, mono in enumerate(self.monomials):
            if len(mono) == 2:
                a, b = mono
                known, unknown = (a, b) if a.name in out else (b, a)
                with np.errstate(divide="ignore", invalid="ignore"):
                    out[unknown.name] = y[:, j] / out[known.name]
        for s, val in zip(self.angles, theta):
            out[s.name] = np.full(n, float(val))
        for s in self.mass_fixed_to_one + self.irrelevant:
            out[s.name] = np.ones(n)
        return out

    def mass_terms(self, y: np.ndarray, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(A, B) of m_Z'^2 = A + B s^2 at y (GeV^2; B = 0 without a mass coordinate)."""
        p = self.parameters(y, theta)
        n = np.atleast_2d(y).shape[0]
        args = [p[name] for name in self._mass_args]
        with np.errstate(divide="ignore", invalid="ignore"):
            a = np.broadcast_to(np.asarray(self._mass_a(*args), dtype=float), (n,))
            b = np.broadcast_to(np.asarray(self._mass_b(*args), dtype=float), (n,))
        return a, b

    def point_parameters(self, y: np.ndarray, theta: np.ndarray, s2: np.ndarray | None = None) -> dict:
        """Every parameter at y (N, k): :meth:`parameters` plus the mass coordinate s = sqrt(s^2) (GeV) and
        the VEVs set equal to it, when m_Z' replaces s (s^2 = (m_Z'^2 - A) / B, see :meth:`mass_terms`)."""
        p = self.parameters(y, theta)
        if self.mass_param is not None and s2 is not None:
            s = np.sqrt(np.maximum(np.asarray(s2, dtype=float), 0.0))
            for sym in (self.mass_param, *self.mass_equal):
                p[sym.name] = s
        return p

    def rho_minus_1(self, params: dict, n: int) -> np.ndarray | None:
        """rho - 1 (tree level, exact Z-Z' mass mixing: viability/rho.py) at n points of
        :meth:`point_parameters`; None for an effective model."""
        return None if self.rho is None else self.rho(params, n)

    def describe(self) -> list[dict]:
        """Every parameter of the model (free or fixed by the user) with its role, as JSON rows."""
        model = self.derivation.model
        rows = []
        if self.effective:
            for mono in self.monomials:
                rows.append({"name": mono[0].name, "role": "effective coupling", "fixed": False})
            return rows

        def fixed_or_free(name, role, value):
            expr = as_expr(value)
            if isinstance(expr, sp.Symbol):
                return {"name": expr.name, "role": role, "fixed": False}
            if expr.xreplace(_constants_map()).free_symbols:  # tied to other parameters, e.g. "2*gp"
                return {"name": name, "role": role, "fixed": True, "value": str(expr)}
            return {"name": name, "role": role, "fixed": True, "value": _number(expr)}

        rows.append(fixed_or_free("g'", "gauge coupling", model.gp))
        kind, mix = model.kinetic_mixing
        if kind == "loop":  # derived from the charged-lepton loops (derive/loop_mixing.py), not a parameter
            rows.append({"name": "g~", "role": "kinetic mixing", "fixed": True, "value": "loop-induced"})
        else:
            rows.append(fixed_or_free("eps" if kind == "eps" else "g~", "kinetic mixing", mix))
        for s in model.scalars:
            if s.has_vev and s.rep == "singlet":
                rows.append(fixed_or_free(f"v_{s.name}", "VEV", s.vev))
        for t in model.doublet_angles:
            rows.append(fixed_or_free("tan_beta", "VEV angle", t))
        listed = {r["name"] for r in rows if not r["fixed"]}
        for s in self.derivation.free_parameters:
            if s.name not in listed:
                rows.append({"name": s.name, "role": self.roles.get(s.name, "charge"), "fixed": False})
        for r in rows:
            if r["fixed"]:
                continue
            name = r["name"]
            if self.mass_param is not None and name == self.mass_param.name:
                r["note"] = "replaced by m_Z' as a search coordinate"
            elif name in {s.name for s in self.mass_equal}:
                r["note"] = f"set equal to {self.mass_param.name} (only the sum of squares enters m_Z')"
            elif name in {s.name for s in self.mass_fixed_to_one}:
                r["note"] = f"set to 1 (enters only m_Z', through its product with {self.mass_param.name})"
            elif name in {s.name for s in self.irrelevant}:
                r["note"] = "set to 1 (neither the couplings nor m_Z' depend on it at leading order)"
        return rows


def _roles(model) -> dict:
    roles: dict[str, str] = {}
    if model.kind == "effective":
        return roles
    if isinstance(as_expr(model.gp), sp.Symbol):
        roles[as_expr(model.gp).name] = "gauge coupling"
    mix = as_expr(model.kinetic_mixing[1])
    if isinstance(mix, sp.Symbol):
        roles[mix.name] = "kinetic mixing"
    for s in model.scalars:
        if s.has_vev and s.rep == "singlet" and isinstance(as_expr(s.vev), sp.Symbol):
            roles[as_expr(s.vev).name] = "VEV"
    for t in model.doublet_angles:
        if isinstance(as_expr(t), sp.Symbol):
            roles[as_expr(t).name] = "VEV angle"
    return roles


def _monomials(couplings: dict, linear: list, source: str = "model") -> tuple[list, dict]:
    """Monomials (tuples of symbols) of the couplings in the non-angle parameters, with coefficients."""
    coeffs: dict[tuple, dict] = {}
    for name, c in couplings.items():
        expr = sp.expand(as_expr(c))
        if expr == 0:
            continue
        poly = sp.Poly(expr, *linear) if linear else None
        terms = poly.terms() if poly is not None else [((), expr)]
        for exps, coeff in terms:
            if any(x > 1 for x in exps):
                raise ModelError(source, "couplings", f"the coupling {name} is not linear in each parameter "
                                 f"({expr}); the verdict search needs the leading-order form")
            mono = tuple(s for s, x in zip(linear, exps) if x)
            coeffs.setdefault(mono, {})[name] = coeff
    return sorted(coeffs, key=lambda m: (len(m), [s.name for s in m])), coeffs


def build_space(derivation) -> ParameterSpace:
    """Analyse a derivation into a :class:`ParameterSpace` (raises ModelError for an unbroken U(1)').

    The analysis of a charge-table model (monomials, inverse map, mass terms and the printed numpy
    source of its functions) is cached on disk (:func:`_space_key`), so that a later process skips the
    sympy expansions and the printing; a missing, corrupted or foreign entry is recomputed."""
    key = _space_key(derivation)
    if key is not None:
        text = diskcache.load("space", key)
        if text is not None:
            try:
                return _space_from_record(derivation, load_values(text))
            except LOAD_ERRORS:
                pass  # recomputed and overwritten below
    space, record = _analyse(derivation)
    if key is not None and record is not None:
        diskcache.store("space", key, dump_values(record))
    return space


def _space_key(derivation) -> str | None:
    """Cache key of the analysis: the model's content (derive/store.py: model_key), the constants and
    the source of the modules that produce it; None when caching is off or the model not encodable."""
    if not diskcache.enabled() or derivation.model.kind == "effective":
        return None
    content = model_key(derivation.model)
    if content is None:
        return None
    c = constants()
    return diskcache.make_key("space", content, [repr(x) for x in (c.e, c.sw, c.cw, c.v)], generator_digest(),
                              diskcache.source_digest("viability/parameter_space.py", "viability/rho.py"))


class _FirstOutput:
    """The single output of a compiled one-expression function (numpy_source returns a list)."""

    def __init__(self, function) -> None:
        self.function = function

    def __call__(self, *args):
        return self.function(*args)[0]


def _space_from_record(derivation, r: dict) -> ParameterSpace:
    space = ParameterSpace(derivation, tuple(r["names"]), tuple(tuple(m) for m in r["monomials"]), tuple(r["angles"]),
                           r["mass_param"], tuple(r["ones"]), tuple(r["equal"]), tuple(r["irrelevant"]), dict(r["roles"]),
                           False, function_from_source(r["columns"]), function_from_source(r["offset"]),
                           _FirstOutput(function_from_source(r["mass_a"])),
                           _FirstOutput(function_from_source(r["mass_b"])), r["scale_free"], tuple(r["mass_args"]),
                           bool(r["homogeneous"]))
    if r["rho"] is not None:
        space.rho = RhoFunction(tuple(r["rho_args"]), function_from_source(r["rho"]), r["rho"])
    return space


def _compiled(args, exprs) -> tuple:
    """(function, printed source) of ``exprs`` (a list) in ``args`` (evaluate/compile.py: numpy_source)."""
    source = numpy_source(list(args), list(exprs))
    return function_from_source(source), source


def _analyse(derivation) -> tuple[ParameterSpace, dict | None]:
    """The analysis itself: the space and, for a charge-table model, the record that rebuilds it."""
    model = derivation.model
    # the nine lepton couplings and the quark/nucleon ones (zero for a leptophilic model): the search
    # evaluates every constraint, including the quark-coupled ones (atomic parity violation, ...)
    quarks = {k: x for k, x in getattr(derivation, "quark_couplings", {}).items() if as_expr(x) != 0}
    all_couplings = {**derivation.couplings, **quarks}  # quark couplings that vanish identically are left out
    names = tuple(all_couplings)
    effective = model.kind == "effective"
    roles = _roles(model)
    angle_syms = tuple(as_expr(t) for t in model.doublet_angles if isinstance(as_expr(t), sp.Symbol))
    coupling_params = coupling_parameters(derivation)
    angles = tuple(s for s in angle_syms if s in set(coupling_params))
    linear = [s for s in coupling_params if s not in set(angle_syms)]
    monos, coeffs = _monomials(all_couplings, linear, model.source)
    constant = coeffs.pop((), None)
    monos = [m for m in monos if m != ()]
    if any(len(m) > 2 for m in monos):
        raise ModelError(model.source, "verdict", "couplings with products of three parameters are not supported by "
                         "the verdict search")
    # inverse map: degree-1 monomials give their parameter ("base"); each degree-2 monomial is a base
    # parameter (or a free g' that never appears alone: the scale) times a parameter it alone determines
    base = {m[0] for m in monos if len(m) == 1}
    gp = as_expr(model.gp) if not effective else None
    scale_free = None
    if gp is not None and gp not in base and any(len(m) == 2 and gp in m for m in monos):
        scale_free = gp
        base.add(gp)
    solved: set = set()
    for m in monos:
        if len(m) != 2:
            continue
        unknown = [s for s in m if s not in base]
        if len(unknown) != 1 or unknown[0] in solved:
            raise ModelError(model.source, "verdict", f"the coupling monomials {[str(x) for x in monos]} cannot be "
                             "mapped back to parameters one to one; the linear verdict search cannot represent it")
        solved.add(unknown[0])
    consts = _constants_map()
    theta_syms = [sp.Symbol(s.name, real=True) for s in angles]
    rename = {s: sp.Symbol(s.name, real=True) for s in angles}

    def numeric(x):
        return as_expr(x).xreplace(consts).xreplace(rename)

    columns = sp.Matrix([[numeric(coeffs[m].get(n, 0)) for m in monos] for n in names]) if monos \
        else sp.zeros(len(names), 0)
    offset = sp.Matrix([numeric((constant or {}).get(n, 0)) for n in names])
    col_f, col_src = _compiled(theta_syms, list(columns))  # row-major: reshaped in ParameterSpace.couplings
    off_f, off_src = _compiled(theta_syms, list(offset))
    space = ParameterSpace(derivation, names, tuple(monos), angles, None, (), (), (), roles, effective,
                           col_f, off_f, None, None, scale_free)
    coupling_set = set(coupling_params)
    if effective:
        space._mass_args, space._mass_a, space._mass_b = (), (lambda: 0.0), (lambda: 0.0)
        space._homogeneous = constant is None
        return space, None
    mass = mass_terms(derivation, coupling_set, roles)
    mass_param, equal, ones = mass.param, mass.equal, mass.ones
    free = set(derivation.free_parameters)
    used = {s for s in free if s.name in mass.args}
    irrelevant = tuple(sorted((s for s in free if s not in coupling_set and s not in used and s != mass_param
                               and s not in equal and s not in ones), key=lambda s: s.name))
    space.mass_param, space.mass_equal, space.mass_fixed_to_one, space.irrelevant = mass_param, equal, ones, irrelevant
    space.rho = compile_rho(derivation)
    provided = {s.name for mono in monos for s in mono} | {s.name for s in (*angles, *ones, *irrelevant, *equal)}
    provided |= {x.name for x in (scale_free, mass_param) if x is not None}
    if space.rho is not None and set(space.rho.args) - provided:
        raise ModelError(model.source, "verdict", f"rho depends on {sorted(set(space.rho.args) - provided)}, which the "
                         "verdict search does not set")
    space._mass_args = mass.args
    a_src, b_src = mass.a_source, mass.b_source
    space._mass_a, space._mass_b = mass.a, mass.b
    if constant is not None:
        space._homogeneous = False
    elif mass_param is not None:
        space._homogeneous = True
    else:
        space._homogeneous = _mass_homogeneous(space)
    record = {"names": list(names), "monomials": [list(m) for m in monos], "angles": list(angles),
              "mass_param": mass_param, "ones": list(ones), "equal": list(equal), "irrelevant": list(irrelevant),
              "roles": roles, "scale_free": scale_free, "mass_args": list(space._mass_args),
              "homogeneous": space._homogeneous, "columns": col_src, "offset": off_src, "mass_a": a_src,
              "mass_b": b_src, "rho": None if space.rho is None else space.rho.source,
              "rho_args": None if space.rho is None else list(space.rho.args)}
    return space, record


UNBROKEN = ("m_Z'^2 = 0 at leading order for every parameter value: the U(1)' is unbroken (give a scalar with "
            "non-zero U(1)' charge a VEV)")


@dataclass(frozen=True)
class MassTerms:
    """The leading-order mass m_Z'^2 = A + B s^2 (GeV^2) of a charge-table model (gauge.py: mZp2_lo).

    ``param`` is s, the parameter only the mass depends on (a singlet VEV, else a charge entering only
    m_Z'), or None when every parameter of m_Z' also enters a coupling: then B = 0 and m_Z' = sqrt(A)
    follows from the couplings' parameters. Other mass-only VEVs (``equal``) are set equal to s, other
    mass-only parameters (``ones``) to 1. ``a`` and ``b`` take the parameters named in ``args`` (numpy
    arrays or floats) in that order; their printed sources are ``a_source``, ``b_source``."""

    param: Any
    equal: tuple
    ones: tuple
    args: tuple[str, ...]
    a: Any = field(repr=False)
    b: Any = field(repr=False)
    a_source: str = field(repr=False)
    b_source: str = field(repr=False)

    def evaluate(self, values) -> tuple[np.ndarray, np.ndarray]:
        """(A, B) at parameter values (a mapping name -> array holding every name of ``args``: parameters
        the couplings depend on; the mass-only ones are already replaced)."""
        args = [values[n] for n in self.args]
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.asarray(self.a(*args), dtype=float), np.asarray(self.b(*args), dtype=float)


def coupling_parameters(derivation) -> list:
    """The parameters the couplings depend on: those of the lepton couplings (derivation.coupling_parameters),
    then those only the quark/nucleon couplings depend on (e.g. a free quark charge), sorted by name."""
    from ..derive.relations import CONSTANTS

    params = list(derivation.coupling_parameters)
    quarks = getattr(derivation, "quark_couplings", {})
    all_couplings = [*derivation.couplings.values(), *quarks.values()]
    quark_only = sorted({s for x in all_couplings for s in as_expr(x).free_symbols} - CONSTANTS - set(params),
                        key=lambda s: s.name)
    return params + quark_only


def mass_terms(derivation, coupling_set=None, roles=None) -> MassTerms:
    """:class:`MassTerms` of a charge-table model's derivation (``coupling_set``: the parameters the
    couplings depend on, default :func:`coupling_parameters`). ModelError for an unbroken U(1)' (m_Z' = 0
    identically) or a mass not of the form A + B s^2."""
    model = derivation.model
    coupling_set = set(coupling_parameters(derivation) if coupling_set is None else coupling_set)
    roles = _roles(model) if roles is None else roles
    sector = derivation.gauge
    m2 = sp.expand(as_expr(sector.mZp2_lo).xreplace(sector.to_angles))
    mass_only = [s for s in derivation.free_parameters if s in m2.free_symbols and s not in coupling_set]
    vevs = [s for s in mass_only if roles.get(s.name) == "VEV"]
    others = [s for s in mass_only if s not in vevs]
    mass_param: Any = None
    equal: tuple = ()
    ones: tuple = ()
    if vevs or others:
        mass_param = sorted(vevs, key=lambda s: s.name)[0] if vevs else sorted(others, key=lambda s: s.name)[0]
        equal = tuple(sorted((x for x in vevs if x != mass_param), key=lambda x: x.name))
        ones = tuple(sorted((x for x in others if x != mass_param), key=lambda x: x.name))
        m2 = sp.expand(m2.xreplace({x: mass_param for x in equal}).xreplace({x: 1 for x in ones}))
    if m2 == 0:
        raise ModelError(model.source, "verdict", UNBROKEN + " -- no verdict")
    if mass_param is not None:
        poly = sp.Poly(m2, mass_param)
        if poly.degree() != 2 or any(k not in (0, 2) for (k,) in poly.monoms()):
            raise ModelError(model.source, "verdict", f"m_Z'^2 is not of the form A + B {mass_param}^2")
        a_expr, b_expr = poly.coeff_monomial(1), poly.coeff_monomial(mass_param**2)
    else:
        a_expr, b_expr = m2, sp.Integer(0)
    consts = _constants_map()
    used = (as_expr(a_expr).free_symbols | as_expr(b_expr).free_symbols) - set(consts)
    arg_syms = sorted(used, key=lambda s: s.name)
    real = {s: sp.Symbol(s.name, real=True) for s in arg_syms}
    mass_a, a_src = _compiled([real[s] for s in arg_syms], [as_expr(a_expr).xreplace(consts).xreplace(real)])
    mass_b, b_src = _compiled([real[s] for s in arg_syms], [as_expr(b_expr).xreplace(consts).xreplace(real)])
    return MassTerms(mass_param, equal, ones, tuple(s.name for s in arg_syms), _FirstOutput(mass_a),
                     _FirstOutput(mass_b), a_src, b_src)


def _mass_homogeneous(space: ParameterSpace) -> bool:
    """Numerically: A(t y) = t^2 A(y) at a few fixed points (the derived mass scales with the couplings)."""
    if space.k == 0:
        return False
    rng_free = np.array([[0.3 + 0.17 * j - 0.05 * i for j in range(space.k)] for i in range(3)])
    theta = space.angle_grid()[0]
    a1, _ = space.mass_terms(rng_free, theta)
    a2, _ = space.mass_terms(3.0 * rng_free, theta)
    return bool(np.all(np.isfinite(a1)) and np.allclose(a2, 9.0 * a1, rtol=1e-9, atol=0.0))


def mass_of_point(space: ParameterSpace, params: dict) -> float:
    """Leading-order m_Z' (GeV) at one complete parameter point (used by tests and the witness)."""
    sector = space.derivation.gauge
    m2 = as_expr(sector.mZp2_lo).xreplace(sector.to_angles)
    syms = {s.name: s for s in m2.free_symbols}
    val = _number(m2.xreplace({syms[n]: sp.Float(x, 30) for n, x in params.items() if n in syms}))
    return math.sqrt(max(val, 0.0))
