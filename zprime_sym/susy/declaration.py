"""The ``[susy]`` table of a model file -> a validated, immutable :class:`SusyDeclaration`.

The SUSY model is declared as data (BDR20, Sec. 2): gauge groups, gauginos, left-chiral
superfields with their SU(2) x U(1)_Y x U(1)_X quantum numbers (right-handed leptons as conjugate
superfields E^c), the superpotential as a list of superfield products with a coefficient symbol,
the VEV parametrisation and the soft terms of BDR20 Eq. (2.2). Values are numbers, ``"p/q"``
strings or identifiers; nothing is ever evaluated as code. Every problem raises
:class:`~zprime_sym.exceptions.ModelError` naming the file, the entry and what is wrong.

The mass matrices are built from this declaration in :mod:`zprime_sym.susy.matrices`.
"""
from __future__ import annotations

from typing import NoReturn
import re
from dataclasses import dataclass
from fractions import Fraction

from ..exceptions import ModelError

_IDENT = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_RATIONAL = re.compile(r"^\s*([-+]?\d+)\s*(?:/\s*(\d+))?\s*$")
_TRIG = ("sin", "cos")
_GROUP_KINDS = ("U1", "SU2")


@dataclass(frozen=True)
class GaugeGroup:
    """A gauge factor: ``kind`` U1 or SU2, ``charge`` the quantum-number name, ``coupling`` symbol."""

    name: str
    kind: str
    charge: str
    coupling: str


@dataclass(frozen=True)
class Gaugino:
    """A gaugino with soft mass symbol ``mass`` coupling via (coupling symbol, charge name) pairs."""

    name: str
    group: str
    mass: str
    couplings: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Superfield:
    """A left-chiral superfield. ``charges`` maps U(1) charge names (e.g. Y, X) to Fractions."""

    name: str
    su2: int
    charges: tuple[tuple[str, Fraction], ...]
    r_parity: str
    vev: str | None
    lepton: str | None

    def charge(self, name: str) -> Fraction:
        return dict(self.charges)[name]


@dataclass(frozen=True)
class VevSpec:
    """v_i = scale * trig(angle)."""

    name: str
    scale: str
    angle: str
    trig: str


@dataclass(frozen=True)
class Scale:
    """A VEV scale fixed by a gauge-boson mass (``W`` from m_W, ``Zp`` from the parameter ``mass``)."""

    name: str
    gauge_boson: str
    group: str
    mass: str | None


@dataclass(frozen=True)
class SuperpotentialTerm:
    """coefficient * factor * (product of fields, SU(2) doublets epsilon-contracted in order)."""

    fields: tuple[str, ...]
    coefficient: str
    factor: Fraction


@dataclass(frozen=True)
class SoftTerms:
    """Soft terms besides the gaugino masses: mixed gaugino masses, scalar masses, A and B terms."""

    mixed_gaugino_masses: tuple[tuple[tuple[str, str], str], ...]
    scalar_masses: tuple[tuple[str, str], ...]
    trilinears: tuple[tuple[tuple[str, ...], str], ...]
    bilinears: tuple[tuple[tuple[str, ...], str], ...]


@dataclass(frozen=True)
class SusyDeclaration:
    """The validated SUSY part of a model file."""

    gauge_groups: tuple[GaugeGroup, ...]
    gauginos: tuple[Gaugino, ...]
    superfields: tuple[Superfield, ...]
    vevs: tuple[VevSpec, ...]
    scales: tuple[Scale, ...]
    superpotential: tuple[SuperpotentialTerm, ...]
    soft: SoftTerms
    references: tuple[str, ...]

    def field(self, name: str) -> Superfield:
        return {f.name: f for f in self.superfields}[name]

    def group(self, name: str) -> GaugeGroup:
        return {g.name: g for g in self.gauge_groups}[name]


class _Parser:
    def __init__(self, file: str):
        self.file = file

    def fail(self, entry: str, problem: str) -> NoReturn:
        raise ModelError(self.file, entry, problem)

    def table(self, value, entry: str, required: set[str], optional: set[str] | frozenset[str] = frozenset()) -> dict:
        if not isinstance(value, dict):
            self.fail(entry, f"must be a table, got {type(value).__name__}")
        missing = sorted(required - set(value))
        if missing:
            self.fail(entry, f"missing key(s): {', '.join(missing)}")
        unknown = sorted(set(value) - required - set(optional))
        if unknown:
            self.fail(entry, f"unknown key(s): {', '.join(unknown)}; allowed: {', '.join(sorted(required | set(optional)))}")
        return value

    def array(self, value, entry: str, *, nonempty: bool = True) -> list:
        if not isinstance(value, list):
            self.fail(entry, f"must be an array, got {type(value).__name__}")
        if nonempty and not value:
            self.fail(entry, "must not be empty")
        return value

    def ident(self, value, entry: str) -> str:
        if not isinstance(value, str) or not _IDENT.match(value):
            self.fail(entry, f"{value!r} is not an identifier (letters, digits, _; starting with a letter)")
        return value

    def rational(self, value, entry: str) -> Fraction:
        if isinstance(value, bool):
            self.fail(entry, f"{value!r} is not a rational number")
        if isinstance(value, int):
            return Fraction(value)
        if isinstance(value, str):
            match = _RATIONAL.match(value)
            if match and (match.group(2) is None or int(match.group(2)) != 0):
                return Fraction(int(match.group(1)), int(match.group(2) or 1))
        self.fail(entry, f"{value!r} is not an integer or a 'p/q' string (floats are refused: charges are exact)")

    def choice(self, value, entry: str, options) -> str:
        if value not in options:
            self.fail(entry, f"{value!r} is not one of {', '.join(map(str, options))}")
        return value


def _unique(p: _Parser, names: list[str], entry: str) -> None:
    seen = set()
    for name in names:
        if name in seen:
            p.fail(entry, f"duplicate name {name!r}")
        seen.add(name)


def parse_susy_section(raw: dict, file: str) -> SusyDeclaration:
    """Validate the ``[susy]`` table ``raw`` (already TOML-decoded) of model file ``file``."""
    p = _Parser(str(file))
    top = p.table(raw, "susy", {"gauge_groups", "gauginos", "superfields", "superpotential", "vevs", "scales", "soft"}, {"references"})
    refs = tuple(str(r) for r in p.array(top.get("references", []), "susy.references", nonempty=False))

    groups = []
    for i, item in enumerate(p.array(top["gauge_groups"], "susy.gauge_groups")):
        e = f"susy.gauge_groups[{i}]"
        t = p.table(item, e, {"name", "kind", "charge", "coupling"})
        kind = p.choice(t["kind"], f"{e}.kind", _GROUP_KINDS)
        charge = p.ident(t["charge"], f"{e}.charge")
        if kind == "SU2" and charge != "T3":
            p.fail(f"{e}.charge", "an SU2 group's charge must be T3")
        groups.append(GaugeGroup(p.ident(t["name"], f"{e}.name"), kind, charge, p.ident(t["coupling"], f"{e}.coupling")))
    _unique(p, [g.name for g in groups], "susy.gauge_groups")
    if [g.kind for g in groups].count("SU2") != 1:
        p.fail("susy.gauge_groups", "exactly one SU2 group (SU(2)_L) is required")
    u1_charges = [g.charge for g in groups if g.kind == "U1"]
    _unique(p, u1_charges, "susy.gauge_groups (charge names)")
    group_names = {g.name for g in groups}
    charge_names = set(u1_charges) | {"T3"}

    gauginos = []
    for i, item in enumerate(p.array(top["gauginos"], "susy.gauginos")):
        e = f"susy.gauginos[{i}]"
        t = p.table(item, e, {"name", "group", "mass", "couplings"})
        group = p.choice(t["group"], f"{e}.group", sorted(group_names))
        couplings = []
        for j, c in enumerate(p.array(t["couplings"], f"{e}.couplings")):
            ce = f"{e}.couplings[{j}]"
            ct = p.table(c, ce, {"coupling", "charge"})
            couplings.append((p.ident(ct["coupling"], f"{ce}.coupling"), p.choice(ct["charge"], f"{ce}.charge", sorted(charge_names))))
        gauginos.append(Gaugino(p.ident(t["name"], f"{e}.name"), group, p.ident(t["mass"], f"{e}.mass"), tuple(couplings)))
    _unique(p, [g.name for g in gauginos], "susy.gauginos")
    _unique(p, [g.group for g in gauginos], "susy.gauginos (one gaugino per group)")

    fields = []
    for i, item in enumerate(p.array(top["superfields"], "susy.superfields")):
        e = f"susy.superfields[{i}]"
        t = p.table(item, e, {"name", "su2", "r_parity"} | set(u1_charges), {"vev", "lepton"})
        su2 = t["su2"]
        if su2 not in (1, 2) or isinstance(su2, bool):
            p.fail(f"{e}.su2", f"{su2!r}: only singlets (1) and doublets (2) are supported")
        charges = tuple((c, p.rational(t[c], f"{e}.{c}")) for c in u1_charges)
        r_par = p.choice(t["r_parity"], f"{e}.r_parity", ("even", "odd"))
        vev = p.ident(t["vev"], f"{e}.vev") if "vev" in t else None
        lepton = p.choice(t["lepton"], f"{e}.lepton", ("e", "mu", "tau")) if "lepton" in t else None
        sf = Superfield(p.ident(t["name"], f"{e}.name"), su2, charges, r_par, vev, lepton)
        if vev is not None:
            if r_par != "even":
                p.fail(f"{e}.vev", "only R-parity-even scalars may take a VEV")
            if su2 == 2 and abs(dict(charges).get("Y", Fraction(1, 2))) != Fraction(1, 2):
                p.fail(f"{e}.vev", "a doublet with a VEV needs |Y| = 1/2 (a neutral component)")
            if su2 == 1 and dict(charges).get("Y", 0) != 0:
                p.fail(f"{e}.vev", "a singlet with a VEV needs Y = 0")
        fields.append(sf)
    _unique(p, [f.name for f in fields], "susy.superfields")
    by_name = {f.name: f for f in fields}
    vev_names = [f.vev for f in fields if f.vev]
    _unique(p, vev_names, "susy.superfields (vev names)")

    vevs = []
    vt = p.table(top["vevs"], "susy.vevs", set(vev_names))
    for name in vev_names:
        e = f"susy.vevs.{name}"
        t = p.table(vt[name], e, {"scale", "angle", "trig"})
        vevs.append(VevSpec(name, p.ident(t["scale"], f"{e}.scale"), p.ident(t["angle"], f"{e}.angle"), p.choice(t["trig"], f"{e}.trig", _TRIG)))
    scale_names = sorted({v.scale for v in vevs})
    st = p.table(top["scales"], "susy.scales", set(scale_names))
    scales = []
    for name in scale_names:
        e = f"susy.scales.{name}"
        t = p.table(st[name], e, {"gauge_boson", "group"}, {"mass"})
        boson = p.choice(t["gauge_boson"], f"{e}.gauge_boson", ("W", "Zp"))
        group = p.choice(t["group"], f"{e}.group", sorted(group_names))
        if boson == "W" and {g.name: g for g in groups}[group].kind != "SU2":
            p.fail(f"{e}.group", "the W mass fixes the scale of the SU2 group")
        mass = p.ident(t["mass"], f"{e}.mass") if "mass" in t else None
        if boson == "Zp" and mass is None:
            p.fail(e, "a Zp scale needs the parameter name of the Z' mass (mass = ...)")
        scales.append(Scale(name, boson, group, mass))

    terms = []
    for i, item in enumerate(p.array(top["superpotential"], "susy.superpotential")):
        e = f"susy.superpotential[{i}]"
        t = p.table(item, e, {"fields", "coefficient"}, {"factor"})
        names = tuple(p.choice(f, f"{e}.fields", sorted(by_name)) for f in p.array(t["fields"], f"{e}.fields"))
        _check_invariant(p, e, [by_name[n] for n in names], u1_charges)
        terms.append(SuperpotentialTerm(names, p.ident(t["coefficient"], f"{e}.coefficient"), p.rational(t.get("factor", 1), f"{e}.factor")))

    soft = _parse_soft(p, top["soft"], by_name, {g.name for g in gauginos}, u1_charges)
    return SusyDeclaration(tuple(groups), tuple(gauginos), tuple(fields), tuple(vevs), tuple(scales), tuple(terms), soft, refs)


def _check_invariant(p: _Parser, entry: str, fields: list[Superfield], u1_charges: list[str]) -> None:
    """A superpotential (or soft A/B) term must be gauge invariant and R-parity even."""
    if len(fields) not in (2, 3):
        p.fail(entry, "only bilinear and trilinear terms are supported")
    for c in u1_charges:
        total = sum((f.charge(c) for f in fields), Fraction(0))
        if total != 0:
            p.fail(entry, f"not invariant: total {c} charge is {total}")
    if sum(f.su2 == 2 for f in fields) not in (0, 2):
        p.fail(entry, "SU(2) doublets must come in pairs (epsilon contraction)")
    if sum(f.r_parity == "odd" for f in fields) % 2:
        p.fail(entry, "violates R-parity")


def _parse_soft(p: _Parser, raw, by_name: dict, gaugino_names: set, u1_charges: list[str]) -> SoftTerms:
    t = p.table(raw, "susy.soft", set(), {"mixed_gaugino_masses", "scalar_masses", "trilinears", "bilinears"})
    mixed = []
    for i, item in enumerate(p.array(t.get("mixed_gaugino_masses", []), "susy.soft.mixed_gaugino_masses", nonempty=False)):
        e = f"susy.soft.mixed_gaugino_masses[{i}]"
        it = p.table(item, e, {"gauginos", "parameter"})
        pair = p.array(it["gauginos"], f"{e}.gauginos")
        if len(pair) != 2 or pair[0] == pair[1]:
            p.fail(f"{e}.gauginos", "must name two different gauginos")
        gauginos = (p.choice(pair[0], f"{e}.gauginos", sorted(gaugino_names)),
                    p.choice(pair[1], f"{e}.gauginos", sorted(gaugino_names)))
        mixed.append((gauginos, p.ident(it["parameter"], f"{e}.parameter")))
    scalars = []
    for i, item in enumerate(p.array(t.get("scalar_masses", []), "susy.soft.scalar_masses", nonempty=False)):
        e = f"susy.soft.scalar_masses[{i}]"
        it = p.table(item, e, {"field", "parameter"})
        scalars.append((p.choice(it["field"], f"{e}.field", sorted(by_name)), p.ident(it["parameter"], f"{e}.parameter")))
    _unique(p, [s[0] for s in scalars], "susy.soft.scalar_masses (fields)")
    multi = {}
    for key in ("trilinears", "bilinears"):
        out = []
        for i, item in enumerate(p.array(t.get(key, []), f"susy.soft.{key}", nonempty=False)):
            e = f"susy.soft.{key}[{i}]"
            it = p.table(item, e, {"term", "parameter"})
            names = tuple(p.choice(f, f"{e}.term", sorted(by_name)) for f in p.array(it["term"], f"{e}.term"))
            if len(names) != (3 if key == "trilinears" else 2):
                p.fail(f"{e}.term", f"a {key[:-1]} term has {3 if key == 'trilinears' else 2} fields")
            _check_invariant(p, e, [by_name[n] for n in names], u1_charges)
            out.append((names, p.ident(it["parameter"], f"{e}.parameter")))
        multi[key] = tuple(out)
    return SoftTerms(tuple(mixed), tuple(scalars), multi["trilinears"], multi["bilinears"])
