"""Model files (TOML charge tables) -> validated, immutable :class:`Model` objects.

The format is documented in ``docs/model-files.md``. Every problem is reported as a
:class:`~zprime_sym.exceptions.ModelError` naming the file, the entry and what is wrong.

Field content is the Standard Model's, per flavour: lepton doublets ``L_e, L_mu, L_tau``
(Y = -1/2), right-handed charged leptons ``eR_e, ...`` (Y = -1), optional right-handed neutrinos
``nuR_e, ...`` (Y = 0), and per generation ``Q_1..3`` (Y = 1/6), ``uR_1..3`` (2/3), ``dR_1..3``
(-1/3). U(1)' charges are those of left-handed doublets and right-handed singlets.
"""
from __future__ import annotations

from typing import Any, NoReturn
import hashlib
import re
from decimal import Decimal
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

import sympy as sp

from .charges import ChargeSyntaxError, SymbolTable, parse_value
from .couplings import COUPLING_NAMES, FLAVOURS, QUARKS
from .limits import DEFAULT_MAX_DOUBLETS
from ..exceptions import ModelError
from ..textio import MAX_FILE_BYTES, decode_utf8, parse_toml, read_bytes

#: Quark couplings an effective model may list (optional, 0 if absent; CV_p, CV_n are derived from them).
EFFECTIVE_QUARK_NAMES = tuple(f"{kind}_{q}" for q in QUARKS for kind in ("CV", "CA"))

GENERATIONS = ("1", "2", "3")

#: kind -> (SU(3) dim, SU(2) dim, hypercharge, chirality, index set)
FERMION_KINDS = {
    "L": (1, 2, sp.Rational(-1, 2), "L", FLAVOURS),
    "eR": (1, 1, sp.Integer(-1), "R", FLAVOURS),
    "nuR": (1, 1, sp.Integer(0), "R", FLAVOURS),
    "Q": (3, 2, sp.Rational(1, 6), "L", GENERATIONS),
    "uR": (3, 1, sp.Rational(2, 3), "R", GENERATIONS),
    "dR": (3, 1, sp.Rational(-1, 3), "R", GENERATIONS),
}

_TOP_KEYS = {
    "schema_version", "name", "description", "references", "kind", "gauge", "leptons", "quarks",
    "scalars", "vevs", "operators", "solve_for", "couplings", "susy",
}
#: The model-file format version this loader reads (``schema_version`` key; the JSON Schema is
#: ``zprime_sym/model/schema/model-v1.json``).
SCHEMA_VERSION = 1
#: Bounds on a model file's size (a derivation's cost grows with the number of doublets, ~N^3).
MAX_SCALARS = 64
MAX_OPERATORS = 256
MAX_TEXT = 4096
#: Higgs doublets with VEVs accepted (DEFAULT_MAX_DOUBLETS of limits.py by default, re-exported here);
#: more are refused up front with the estimated cost.
_LIMITS = {"doublets": DEFAULT_MAX_DOUBLETS}
#: Derivation time measured on main da69373 for 12 doublets (s); the estimate scales it as N^3.
_SECONDS_AT_12_DOUBLETS = 24.5


def set_max_doublets(n: int) -> None:
    """Raise (or lower) the doublet limit for this process (the CLI's ``--max-doublets``)."""
    _LIMITS["doublets"] = int(n)


def schema_path():
    """The JSON Schema of the model-file format (``schema_version = 1``)."""
    return resources.files("zprime_sym.model").joinpath("schema", f"model-v{SCHEMA_VERSION}.json")
_OPERATOR_TOKEN = re.compile(r"([A-Za-z][A-Za-z0-9_]{0,63})(~?)(?:\^([A-Za-z0-9_]{1,64}))?", re.ASCII)


@dataclass(frozen=True)
class Fermion:
    """A chiral Standard-Model fermion multiplet of one flavour/generation."""

    name: str  #: e.g. "L_mu", "eR_tau", "Q_1"
    kind: str  #: "L", "eR", "nuR", "Q", "uR", "dR"
    index: str  #: flavour ("e", "mu", "tau") or generation ("1", "2", "3")
    su3: int
    su2: int
    hypercharge: sp.Rational
    chirality: str  #: "L" or "R"
    charge: sp.Expr  #: U(1)' charge z as declared (Rational or Symbol)


@dataclass(frozen=True)
class Scalar:
    """A scalar SU(2) doublet or singlet."""

    name: str
    rep: str  #: "doublet" or "singlet"
    hypercharge: sp.Rational
    charge: sp.Expr
    vev: sp.Expr | None  #: singlets: VEV symbol/number (GeV), None if no VEV; doublets: see has_vev
    has_vev: bool


@dataclass(frozen=True)
class Factor:
    """One factor of an operator: a field, possibly conjugated, raised to a power."""

    field: str
    conjugate: bool
    power: sp.Expr


@dataclass(frozen=True)
class Operator:
    name: str
    factors: tuple[Factor, ...]

    def describe(self) -> str:
        parts = []
        for f in self.factors:
            token = f.field + ("^dagger" if f.conjugate else "")
            if f.power != 1:
                token += f"^{f.power}"
            parts.append(token)
        return " ".join(parts)


@dataclass(frozen=True)
class Model:
    """A validated U(1)' model. Build it with :func:`load_model`."""

    name: str
    description: str
    references: tuple[str, ...]
    kind: str  #: "charges" (a charge table) or "effective" (couplings are the parameters)
    source: str  #: the file it came from
    content_hash: str  #: sha256 of the file's bytes (cache key for compiled functions)
    gp: sp.Expr | None = None  #: U(1)' gauge coupling g'
    kinetic_mixing: tuple[str, sp.Expr] | None = None  #: ("gt", g~), ("eps", epsilon) or ("loop", 0)
    fermions: tuple[Fermion, ...] = ()
    scalars: tuple[Scalar, ...] = ()
    doublet_angles: tuple[sp.Expr, ...] = ()  #: tan of each VEV angle: a symbol or a positive number
    operators: tuple[Operator, ...] = ()
    solve_for: tuple[sp.Symbol, ...] = ()
    effective_couplings: tuple[tuple[str, sp.Expr], ...] = ()
    #: an effective model's quark couplings CV_u, CA_u, ... as its file gives them (the others are 0)
    effective_quark_couplings: tuple[tuple[str, sp.Expr], ...] = ()
    susy: object = None  #: SusyDeclaration of a [susy] table (superfields, W, soft terms), if any
    symbols: tuple[tuple[str, sp.Symbol], ...] = field(default=(), repr=False)

    def fermion(self, name: str) -> Fermion:
        return {f.name: f for f in self.fermions}[name]

    def field_charges(self) -> dict[str, sp.Expr]:
        """U(1)' charge of every fermion and scalar, by field name."""
        out = {f.name: f.charge for f in self.fermions}
        out.update({s.name: s.charge for s in self.scalars})
        return out

    def field_hypercharges(self) -> dict[str, sp.Rational]:
        out = {f.name: f.hypercharge for f in self.fermions}
        out.update({s.name: s.hypercharge for s in self.scalars})
        return out

    def field_su2(self) -> dict[str, int]:
        out = {f.name: f.su2 for f in self.fermions}
        out.update({s.name: (2 if s.rep == "doublet" else 1) for s in self.scalars})
        return out

    @property
    def has_right_handed_neutrinos(self) -> bool:
        return any(f.kind == "nuR" for f in self.fermions)

    @cached_property
    def _derivation_and_cache_state(self):
        from ..derive import derive
        from ..derive.store import cached_derive

        return cached_derive(self, derive)

    @property
    def derivation(self):
        """The symbolic derivation (computed once per Model object, and read from the on-disk cache of
        zprime_sym/derive/store.py when another process derived the same model before)."""
        return self._derivation_and_cache_state[0]

    @property
    def derivation_cache_state(self) -> str:
        """Where :attr:`derivation` came from: "hit" (on-disk cache), "miss" (derived and stored) or
        "off" (cache disabled, or a model the cache format does not cover)."""
        return self._derivation_and_cache_state[1]

    def derive(self):
        """Return the :class:`~zprime_sym.derive.Derivation` of this model (cached)."""
        return self.derivation


# ----------------------------------------------------------------------------- loading


def _models_root():
    """The shipped ``models/`` folder: installed as package data zprime_sym.models, or the source tree."""
    try:
        return resources.files("zprime_sym.models")
    except ModuleNotFoundError:  # running from a source checkout without installing
        return Path(__file__).resolve().parents[2] / "models"


def shipped_models() -> list[str]:
    """Names of the models shipped in ``models/``."""
    return sorted(p.name[:-5] for p in _models_root().iterdir() if p.name.endswith(".toml"))


def resolve_model_path(name_or_path: str | Path):
    """A path to an existing file, or the name of a shipped model (``froggatt_nielsen``)."""
    path = Path(name_or_path)
    if path.is_file():
        return path
    text = str(name_or_path)
    if "/" not in text and "\\" not in text:
        stem = text[:-5] if text.endswith(".toml") else text
        candidate = _models_root().joinpath(f"{stem}.toml")
        if candidate.is_file():
            return candidate
    raise ModelError(
        text, "file", f"no such model file, and not a shipped model; shipped: {', '.join(shipped_models())}"
    )


def load_model(name_or_path: str | Path) -> Model:
    """Load and validate a model file (a path, or the name of a shipped model)."""
    path = resolve_model_path(name_or_path)
    if isinstance(path, Path):
        data = read_bytes(path, what="model file", error=lambda problem: ModelError(path, "file", problem))
    else:
        data = path.read_bytes()
    return load_model_text(data, source=str(path))


def _decimals_to_float(obj):
    """The [susy] section's reader takes floats: convert the exact Decimals back (its own rules apply)."""
    if isinstance(obj, Decimal):
        return float(obj)
    if isinstance(obj, dict):
        return {k: _decimals_to_float(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_decimals_to_float(v) for v in obj]
    return obj


def load_model_text(data: bytes | str, *, source: str = "<string>") -> Model:
    """Load a model from TOML text; ``source`` names it in errors."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    def error(problem):
        return ModelError(source, "file", problem)

    if len(data) > MAX_FILE_BYTES:
        raise error(f"{len(data)} bytes, more than the limit of {MAX_FILE_BYTES} bytes")
    text = decode_utf8(data, error=error)
    # TOML floats are read as Decimal from their text, so that 5e-4 becomes exactly 1/2000
    raw = parse_toml(text, error=error, parse_float=Decimal)
    return _Builder(raw, source, hashlib.sha256(data).hexdigest()).build()


class _Builder:
    """Validates the raw TOML dictionary and builds the Model."""

    def __init__(self, raw: dict, source: str, digest: str):
        self.raw = raw
        self.source = source
        self.digest = digest
        self.table = SymbolTable()

    # -- helpers
    def fail(self, entry: str, problem: str) -> NoReturn:
        raise ModelError(self.source, entry, problem)

    def value(self, raw, entry: str, **kw) -> sp.Expr:
        if isinstance(raw, str) and len(raw) > 200:
            self.fail(entry, f"{kw.get('kind', 'value')} of {len(raw)} characters; at most 200 are accepted")
        try:
            return parse_value(raw, self.table, **kw)
        except ChargeSyntaxError as err:
            self.fail(entry, str(err))

    def check_keys(self, mapping, allowed: set, entry: str, required: set | frozenset = frozenset()):
        if not isinstance(mapping, dict):
            self.fail(entry, f"expected a table, got {type(mapping).__name__}")
        unknown = set(mapping) - allowed
        if unknown:
            self.fail(entry, f"unknown key(s) {sorted(unknown)}; allowed: {sorted(allowed)}")
        missing = set(required) - set(mapping)
        if missing:
            self.fail(entry, f"missing required key(s) {sorted(missing)}")

    def text(self, key: str, required: bool = True) -> str:
        val = self.raw.get(key)
        if val is None:
            if required:
                self.fail(key, "missing (a string is required)")
            return ""
        if not isinstance(val, str):
            self.fail(key, f"expected a string, got {type(val).__name__}")
        if len(val) > MAX_TEXT:
            self.fail(key, f"{len(val)} characters; at most {MAX_TEXT} are accepted")
        return val

    # -- sections
    def build(self) -> Model:
        raw = self.raw
        self.check_keys(raw, _TOP_KEYS, "top level", required={"name"})
        version = raw.get("schema_version", SCHEMA_VERSION)
        if isinstance(version, bool) or version != SCHEMA_VERSION:
            self.fail("schema_version", f"{version!r}: this version of zprime_sym reads schema_version = {SCHEMA_VERSION}")
        name = self.text("name")
        if not re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", name, re.ASCII):
            self.fail("name", f"{name!r} must be 1-64 letters, digits, '_', '-' or '.'")
        description = self.text("description", required=False)
        refs = raw.get("references", [])
        if not isinstance(refs, list) or len(refs) > 100 or not all(isinstance(r, str) and len(r) <= MAX_TEXT for r in refs):
            self.fail("references", "expected a list of strings such as \"arXiv:2102.07781\"")
        kind = raw.get("kind", "charges")
        if kind not in ("charges", "effective"):
            self.fail("kind", f"{kind!r} is not one of 'charges', 'effective'")
        common = dict(
            name=name, description=description, references=tuple(refs), kind=kind,
            source=self.source, content_hash=self.digest,
        )
        if kind == "effective":
            return self.build_effective(common)
        return self.build_charges(common)

    def build_effective(self, common) -> Model:
        extra = set(self.raw) - {"schema_version", "name", "description", "references", "kind", "couplings"}
        if extra:
            self.fail("top level", f"an effective model only takes name, description, references, kind, couplings; got {sorted(extra)}")
        couplings: Any = self.raw.get("couplings")  # checked to be a table just below
        if isinstance(couplings, dict) and {"CV_p", "CV_n"} & set(couplings):
            self.fail("couplings", "CV_p and CV_n are not given: they are derived from the quark couplings "
                      "(CV_p = 2 CV_u + CV_d, CV_n = CV_u + 2 CV_d)")
        self.check_keys(couplings, set(COUPLING_NAMES) | set(EFFECTIVE_QUARK_NAMES), "couplings",
                        required=set(COUPLING_NAMES))
        values = tuple((n, self.value(couplings[n], f"couplings.{n}", kind="coupling", decimal=True))
                       for n in COUPLING_NAMES)
        quarks = tuple((n, self.value(couplings[n], f"couplings.{n}", kind="coupling", decimal=True))
                       for n in EFFECTIVE_QUARK_NAMES if n in couplings)
        return Model(**common, effective_couplings=values, effective_quark_couplings=quarks,
                     symbols=tuple(self.table.symbols.items()))

    def build_charges(self, common) -> Model:
        raw = self.raw
        if "couplings" in raw:
            self.fail("couplings", "only models with kind = \"effective\" list couplings directly")
        gauge = raw.get("gauge")
        if gauge is None:
            self.fail("gauge", "missing: give at least the U(1)' coupling, e.g. [gauge] gp = \"gp\"")
        self.check_keys(gauge, {"gp", "gt", "eps", "kinetic_mixing"}, "gauge", required={"gp"})
        gp = self.value(gauge["gp"], "gauge.gp", kind="coupling", decimal=True)
        if sum(k in gauge for k in ("gt", "eps", "kinetic_mixing")) > 1:
            self.fail("gauge", "give the kinetic mixing either as gt (g~ of Eq. (20)), as eps (Eq. (18)) or as "
                               "kinetic_mixing = \"loop\", not more than one")
        if "kinetic_mixing" in gauge:
            if gauge["kinetic_mixing"] != "loop":
                self.fail("gauge.kinetic_mixing", f"{gauge['kinetic_mixing']!r}: the only option is \"loop\" "
                                                  "(mixing induced by the charged-lepton loops, derive/loop_mixing.py)")
            mixing = ("loop", sp.Integer(0))
        elif "eps" in gauge:
            mixing = ("eps", self.value(gauge["eps"], "gauge.eps", kind="coupling", decimal=True))
        else:
            mixing = ("gt", self.value(gauge.get("gt", 0), "gauge.gt", kind="coupling", decimal=True))

        fermions = self.build_fermions()
        scalars = self.build_scalars()
        angles = self.build_vevs(scalars)
        names = {f.name for f in fermions} | {s.name for s in scalars}
        operators = self.build_operators(names)
        solve_for = self.build_solve_for()
        susy = None
        if "susy" in raw:
            from ..susy.declaration import parse_susy_section

            susy = parse_susy_section(_decimals_to_float(raw["susy"]), self.source)
        return Model(
            **common, gp=gp, kinetic_mixing=mixing, fermions=fermions, scalars=scalars,
            doublet_angles=angles, operators=operators, solve_for=solve_for, susy=susy,
            symbols=tuple(self.table.symbols.items()),
        )

    def per_index(self, raw, entry: str, indices: tuple[str, ...]) -> dict[str, sp.Expr]:
        if isinstance(raw, dict):
            self.check_keys(raw, set(indices), entry)
            missing = [i for i in indices if i not in raw]
            if missing:
                self.fail(entry, f"charge missing for {', '.join(missing)}: give every one of {', '.join(indices)} "
                                 "(0 is allowed), or one charge for all")
            return {i: self.value(raw[i], f"{entry}.{i}", kind="charge") for i in indices}
        val = self.value(raw, entry, kind="charge")
        return {i: val for i in indices}

    def build_fermions(self) -> tuple[Fermion, ...]:
        leptons = self.raw.get("leptons")
        if leptons is None:
            self.fail("leptons", "missing: give the U(1)' charges of L and eR per flavour (0 is allowed)")
        self.check_keys(leptons, {"L", "eR", "nuR"}, "leptons", required={"L", "eR"})
        quarks = self.raw.get("quarks", {})
        self.check_keys(quarks, {"Q", "uR", "dR"}, "quarks")
        out = []
        for kind, section in (("L", leptons), ("eR", leptons), ("nuR", leptons), ("Q", quarks), ("uR", quarks), ("dR", quarks)):
            if kind == "nuR" and kind not in section:
                continue
            su3, su2, hyp, chir, indices = FERMION_KINDS[kind]
            where = "leptons" if kind in ("L", "eR", "nuR") else "quarks"
            charges = self.per_index(section.get(kind, 0), f"{where}.{kind}", indices)
            for i in indices:
                out.append(Fermion(f"{kind}_{i}", kind, i, su3, su2, hyp, chir, charges[i]))
        return tuple(out)

    def build_scalars(self) -> tuple[Scalar, ...]:
        raw = self.raw.get("scalars")
        if not raw:
            self.fail("scalars", "missing: declare at least the Higgs doublet as a [[scalars]] entry")
        if not isinstance(raw, list):
            self.fail("scalars", "expected an array of tables ([[scalars]])")
        if len(raw) > MAX_SCALARS:
            self.fail("scalars", f"{len(raw)} scalars; at most {MAX_SCALARS} are accepted")
        n_doublets = sum(1 for e in raw if isinstance(e, dict) and e.get("rep") == "doublet" and e.get("vev", True) is True)
        if n_doublets > _LIMITS["doublets"]:
            est = _SECONDS_AT_12_DOUBLETS * (n_doublets / 12) ** 3
            self.fail("scalars", f"{n_doublets} Higgs doublets with VEVs: the derivation grows as N^3, about "
                                 f"{est:.0f} s (12 doublets took 24.5 s); the limit is {_LIMITS['doublets']}: pass "
                                 f"--max-doublets {n_doublets} (or loader.set_max_doublets) to run anyway")
        out, seen = [], set()
        for k, entry in enumerate(raw):
            where = f"scalars[{k}]"
            self.check_keys(entry, {"name", "rep", "hypercharge", "charge", "vev"}, where, required={"name", "rep", "charge"})
            name = entry["name"]
            if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9]{0,63}", name, re.ASCII):
                self.fail(f"{where}.name", f"{name!r} must be letters and digits, starting with a letter")
            if name in seen or name.split("_")[0] in FERMION_KINDS:
                self.fail(f"{where}.name", f"{name!r} is already used by another field")
            seen.add(name)
            rep = entry["rep"]
            if rep not in ("doublet", "singlet"):
                self.fail(f"{where}.rep", f"{rep!r} is not 'doublet' or 'singlet'")
            hyp = self.value(entry.get("hypercharge", 0), f"{where}.hypercharge", allow_symbol=False, kind="hypercharge")
            charge = self.value(entry["charge"], f"{where}.charge", kind="charge")
            if rep == "doublet":
                if hyp not in (sp.Rational(1, 2), sp.Rational(-1, 2)):
                    self.fail(f"{where}.hypercharge", f"a doublet needs hypercharge 1/2 or -1/2 to have a neutral component; got {hyp}")
                vev = entry.get("vev", True)
                if not isinstance(vev, bool):
                    self.fail(f"{where}.vev", "for a doublet give vev = true or false; the VEV sizes come from [vevs] doublet_angles")
                out.append(Scalar(name, rep, hyp, charge, None, vev))
            else:
                if hyp != 0:
                    self.fail(f"{where}.hypercharge", "only neutral singlets (hypercharge 0) are supported")
                if "vev" not in entry:
                    self.fail(f"{where}.vev", "missing: give the singlet's VEV as a symbol, a number in GeV, or 0")
                vev = self.value(entry["vev"], f"{where}.vev", kind="VEV", decimal=True)
                if vev.is_number and vev < 0:
                    self.fail(f"{where}.vev", "a VEV must not be negative")
                out.append(Scalar(name, rep, hyp, charge, None if vev == 0 else vev, vev != 0))
        if not any(s.rep == "doublet" and s.has_vev for s in out):
            self.fail("scalars", "no Higgs doublet with a VEV: electroweak symmetry is not broken (declare a doublet with hypercharge 1/2)")
        return tuple(out)

    def build_vevs(self, scalars) -> tuple[sp.Symbol, ...]:
        vevs = self.raw.get("vevs", {})
        self.check_keys(vevs, {"doublet_angles"}, "vevs")
        n = sum(1 for s in scalars if s.rep == "doublet" and s.has_vev)
        names = vevs.get("doublet_angles", [])
        if not isinstance(names, list):
            self.fail("vevs.doublet_angles", "expected a list of symbol names")
        if len(names) > MAX_SCALARS:
            self.fail("vevs.doublet_angles", f"{len(names)} angles; at most {MAX_SCALARS} are accepted")
        if len(names) != n - 1:
            self.fail("vevs.doublet_angles", f"{n} doublets have VEVs, so give {n - 1} angle(s) (tan of each hyperspherical angle); got {len(names)}")
        out = []
        for k, nm in enumerate(names):
            out.append(self.value(nm, f"vevs.doublet_angles[{k}]", positive=True, kind="VEV angle"))
        return tuple(out)

    def build_operators(self, field_names: set[str]) -> tuple[Operator, ...]:
        raw = self.raw.get("operators", [])
        if not isinstance(raw, list):
            self.fail("operators", "expected an array of tables ([[operators]])")
        if len(raw) > MAX_OPERATORS:
            self.fail("operators", f"{len(raw)} operators; at most {MAX_OPERATORS} are accepted")
        out, seen = [], set()
        for k, entry in enumerate(raw):
            where = f"operators[{k}]"
            self.check_keys(entry, {"name", "fields"}, where, required={"name", "fields"})
            name = entry["name"]
            if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,63}", name, re.ASCII):
                self.fail(f"{where}.name", f"{name!r} must be an identifier")
            if name in seen:
                self.fail(f"{where}.name", f"operator name {name!r} is used twice")
            seen.add(name)
            tokens = entry["fields"]
            if not isinstance(tokens, list) or not tokens or len(tokens) > 64 or not all(isinstance(t, str) for t in tokens):
                self.fail(f"{where}.fields", "expected a non-empty list of field names like \"L_e~\", \"H\", \"eR_e\", \"phi^n_e\"")
            factors = []
            for t in tokens:
                m = _OPERATOR_TOKEN.fullmatch(t.strip())
                if not m:
                    self.fail(f"{where}.fields", f"{t!r} is not FIELD, FIELD~ (conjugate) or FIELD^POWER")
                fname, conj, power = m.group(1), bool(m.group(2)), m.group(3)
                if fname not in field_names:
                    self.fail(f"{where}.fields", f"unknown field {fname!r}; known fields: {', '.join(sorted(field_names))}")
                pw = sp.Integer(1) if power is None else self.value(power, f"{where}.fields ({t})", kind="power")
                factors.append(Factor(fname, conj, pw))
            out.append(Operator(name, tuple(factors)))
        return tuple(out)

    def build_solve_for(self) -> tuple[sp.Symbol, ...]:
        raw = self.raw.get("solve_for", [])
        if not isinstance(raw, list):
            self.fail("solve_for", "expected a list of charge symbol names")
        known = self.table.symbols
        out = []
        for k, nm in enumerate(raw):
            if not isinstance(nm, str) or nm not in known:
                self.fail(f"solve_for[{k}]", f"{nm!r} is not a symbol of this model")
            out.append(known[nm])
        return tuple(out)
