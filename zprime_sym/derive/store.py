"""A derivation as data: JSON text that rebuilds the same sympy objects, and its on-disk cache.

Why: a derivation is exact sympy work (seconds for several Higgs doublets, e.g. ``nhdm_u1``), while
its result is a few hundred small expressions. :func:`cached_derive` stores the result the first time
(:mod:`zprime_sym.diskcache`: text with a sha256 checksum, atomic writes) and later
processes rebuild it in milliseconds, so that ``zprime verdict``, ``g2`` and ``plot`` of a known model
do no symbolic work.

Format (no code, no text parsing): the expressions are a DAG, a list of nodes in which each node
refers to earlier nodes by index; a node is one of the whitelisted sympy classes of
:data:`_ATOMS` and :data:`_OPS` (what a derivation contains: symbols, integers, rationals, pi, sums,
products, powers). Containers are tagged JSON (dict as pairs, tuple, list), and the three dataclasses
of a derivation (:class:`~.Derivation`, :class:`~.gauge.GaugeSector`, :class:`~.invariance.Invariance`)
are stored field by field. Anything else (an unknown sympy class, an unknown object) raises
:class:`Unserialisable` when writing, and :func:`cached_derive` then simply derives without a cache.
Reading accepts only these tags and classes; a document that does not parse into them is a miss.
Nodes are rebuilt with ``evaluate=False`` from their stored arguments, so a loaded expression has the
very structure (hence ``==``, ``hash`` and ``srepr``) of the derived one (tests/test_derivation_cache.py
checks it for every shipped model).

The key is the sha256 of the model's own content (every field of the Model, encoded the same way:
a model changed in memory with ``dataclasses.replace`` gets another key), the package version, the
sympy version and the source of ``zprime_sym/model`` and ``zprime_sym/derive``. The model object
itself and its operators are not stored: a loaded derivation refers to the model it was asked for
(with its kinetic mixing replaced by the stored loop-induced epsilon for ``kinetic_mixing = "loop"``,
as :func:`~.derive` does).
"""
from __future__ import annotations

import dataclasses
import json
from fractions import Fraction
from typing import Any

import sympy as sp

from .. import diskcache

KIND = "derivation"
FORMAT = 1


#: what reading a document that is not in the format can raise (the caller then recomputes)
LOAD_ERRORS = (ValueError, KeyError, TypeError, IndexError, ArithmeticError, RecursionError)


class Unserialisable(TypeError):
    """An object the derivation format does not cover (the derivation is then not cached)."""


_ATOMS = {"Integer", "Rational", "Symbol", "Pi", "Zero", "One", "NegativeOne", "Half"}
_OPS = {"Add": sp.Add, "Mul": sp.Mul, "Pow": sp.Pow}
_SINGLETONS = {"Pi": sp.pi, "Zero": sp.S.Zero, "One": sp.S.One, "NegativeOne": sp.S.NegativeOne, "Half": sp.S.Half}


class _Encoder:
    """Collects the distinct sympy nodes of everything encoded into one node table."""

    def __init__(self) -> None:
        self.nodes: list = []
        self.index: dict = {}

    def expr(self, x: sp.Basic) -> int:
        key = (type(x), x)
        found = self.index.get(key)
        if found is not None:
            return found
        name = type(x).__name__
        if name in _SINGLETONS:
            node: list = [name]
        elif isinstance(x, sp.Symbol) and type(x) is sp.Symbol:
            node = ["Symbol", x.name, dict(sorted(x._assumptions_orig.items()))]
        elif type(x) is sp.Integer:
            node = ["Integer", str(x.p)]
        elif type(x) is sp.Rational:
            node = ["Rational", str(x.p), str(x.q)]
        elif name in _OPS and type(x) is _OPS[name]:
            node = [name, [self.expr(a) for a in x.args]]
        else:
            raise Unserialisable(f"sympy class {name} is not in the derivation format")
        self.index[key] = len(self.nodes)
        self.nodes.append(node)
        return self.index[key]

    def value(self, x: Any) -> Any:
        if isinstance(x, sp.MatrixBase):
            return {"matrix": [x.rows, x.cols, [self.expr(a) for a in x]], "mutable": not isinstance(x, sp.ImmutableDenseMatrix)}
        if isinstance(x, sp.Basic):
            return {"e": self.expr(x)}
        if x is None or isinstance(x, (bool, str)):
            return x
        if isinstance(x, int):
            return {"int": str(x)}
        if isinstance(x, float):
            return {"float": x.hex()}
        if isinstance(x, Fraction):
            return {"fraction": [str(x.numerator), str(x.denominator)]}
        if isinstance(x, tuple):
            return {"tuple": [self.value(a) for a in x]}
        if isinstance(x, list):
            return {"list": [self.value(a) for a in x]}
        if isinstance(x, dict):
            return {"dict": [[self.value(k), self.value(v)] for k, v in x.items()]}
        if dataclasses.is_dataclass(x) and not isinstance(x, type):
            return {"dataclass": type(x).__name__,
                    "fields": {f.name: self.value(getattr(x, f.name)) for f in dataclasses.fields(x)}}
        raise Unserialisable(f"{type(x).__name__} is not in the derivation format")


def _dataclasses() -> dict:
    from . import Derivation
    from .gauge import GaugeSector
    from .invariance import Invariance

    return {"Derivation": Derivation, "GaugeSector": GaugeSector, "Invariance": Invariance}


class _Decoder:
    def __init__(self, nodes: list) -> None:
        self.exprs: list = []
        for node in nodes:
            self.exprs.append(self._node(node))

    def _node(self, node) -> sp.Basic:
        if not isinstance(node, list) or not node or not isinstance(node[0], str):
            raise ValueError("malformed node")
        name = node[0]
        if name in _SINGLETONS:
            return _SINGLETONS[name]
        if name == "Symbol":
            assumptions = node[2]
            if not isinstance(node[1], str) or not isinstance(assumptions, dict) or not all(
                    isinstance(k, str) and isinstance(v, bool) for k, v in assumptions.items()):
                raise ValueError("malformed symbol")
            return sp.Symbol(node[1], **assumptions)
        if name == "Integer":
            return sp.Integer(int(node[1]))
        if name == "Rational":
            return sp.Rational(int(node[1]), int(node[2]))
        if name in _OPS:
            args = [self._ref(i) for i in node[1]]
            return _OPS[name](*args, evaluate=False)
        raise ValueError(f"node class {name!r} is not in the derivation format")

    def _ref(self, i) -> sp.Basic:
        if not isinstance(i, int) or not 0 <= i < len(self.exprs):
            raise ValueError("node reference out of range")
        return self.exprs[i]

    def value(self, x: Any, classes: dict) -> Any:
        if x is None or isinstance(x, (bool, str)):
            return x
        if not isinstance(x, dict) or len(x) not in (1, 2):
            raise ValueError("malformed value")
        if "e" in x:
            return self._ref(x["e"])
        if "matrix" in x:
            rows, cols, items = x["matrix"]
            m = sp.Matrix(rows, cols, [self._ref(i) for i in items])
            return m if x.get("mutable", True) else sp.ImmutableMatrix(m)
        if "int" in x:
            return int(x["int"])
        if "float" in x:
            return float.fromhex(x["float"])
        if "fraction" in x:
            return Fraction(int(x["fraction"][0]), int(x["fraction"][1]))
        if "tuple" in x:
            return tuple(self.value(a, classes) for a in x["tuple"])
        if "list" in x:
            return [self.value(a, classes) for a in x["list"]]
        if "dict" in x:
            return {self.value(k, classes): self.value(v, classes) for k, v in x["dict"]}
        if "dataclass" in x:
            cls = classes.get(x["dataclass"])
            if cls is None:
                raise ValueError(f"dataclass {x['dataclass']!r} is not in the derivation format")
            fields = {k: self.value(v, classes) for k, v in x["fields"].items()}
            return cls(**fields)
        raise ValueError("unknown tag")


def dump_values(values: dict) -> str:
    """JSON text of a dict of plain values, sympy expressions and the dataclasses of a derivation, in
    the node format of this module; read back with :func:`load_values`."""
    enc = _Encoder()
    body = enc.value(values)
    return json.dumps({"format": FORMAT, "nodes": enc.nodes, "body": body}, separators=(",", ":"))


def load_values(text: str, classes: dict | None = None) -> dict:
    """The dict stored by :func:`dump_values`; ``classes``: the dataclasses it may hold by name (none if
    not given). Raises one of :data:`LOAD_ERRORS` on a document that is not in the format."""
    doc = json.loads(text)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError("not a document of this format")
    out = _Decoder(doc["nodes"]).value(doc["body"], classes or {})
    if not isinstance(out, dict):
        raise ValueError("not a dict")
    return out


def dump_derivation(d) -> str:
    """JSON text of a :class:`~.Derivation` without its model and operators (see the module docstring)."""
    fields = {f.name: getattr(d, f.name) for f in dataclasses.fields(d) if f.name != "model"}
    if d.invariance is not None:
        fields["invariance"] = dataclasses.replace(d.invariance, operators=())
    return dump_values({"fields": fields, "kinetic_mixing": d.model.kinetic_mixing})


def load_derivation(text: str, model):
    """The :class:`~.Derivation` stored by :func:`dump_derivation`, attached to ``model``.
    Raises one of :data:`LOAD_ERRORS` on a document that is not in the format."""
    classes = _dataclasses()
    doc = load_values(text, classes)
    fields, kinetic = doc["fields"], doc["kinetic_mixing"]
    if kinetic != model.kinetic_mixing:  # kinetic_mixing = "loop": the derivation's model carries the eps
        model = dataclasses.replace(model, kinetic_mixing=kinetic)
    if fields["invariance"] is not None:
        fields["invariance"] = dataclasses.replace(fields["invariance"], operators=tuple(model.operators))
    return classes["Derivation"](model=model, **fields)


def model_key(model) -> str | None:
    """Cache key of a model's derivation (None if the model holds something the format cannot encode)."""
    try:
        content = _Encoder().value({f.name: getattr(model, f.name) for f in dataclasses.fields(model)})
    except Unserialisable:
        return None
    return diskcache.make_key(KIND, content, diskcache.library_version("sympy"),
                              diskcache.source_digest("model", "derive"))


def cached_derive(model, derive):
    """``derive(model)``, read from the on-disk cache when a valid entry exists, else computed and stored.
    Returns (derivation, state) with state "hit", "miss" or "off" (cache disabled or model not encodable)."""
    key = model_key(model) if diskcache.enabled() else None
    if key is None:
        return derive(model), "off"
    text = diskcache.load(KIND, key)
    if text is not None:
        try:
            return load_derivation(text, model), "hit"
        except LOAD_ERRORS:
            pass  # a corrupted or foreign entry: rebuilt below
    d = derive(model)
    try:
        diskcache.store(KIND, key, dump_derivation(d))
    except Unserialisable:
        pass
    return d, "miss"
