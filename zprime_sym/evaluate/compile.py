"""Compile a model's derived couplings into fast numpy functions (sympy.lambdify with cse).

Generated code is safe by construction (:func:`numpy_source`): every argument is renamed to a
reserved dummy ``_zarg<i>`` before printing and functions are printed fully qualified
(``numpy.sqrt``), so no model symbol (a parameter named ``numpy``, ``math``, ``builtins``,
``sqrt`` ...) ever appears as a name in the generated source or can shadow a module or function.
The printed source is what gets cached on disk (:mod:`zprime_sym.diskcache`, text with a checksum, never a
pickle) and compiled with :func:`function_from_source` in a namespace holding only ``numpy``.

The nine leading-order couplings (and, by :func:`compile_quark_couplings`, the quark and nucleon
ones) are lambdified once per model into a single function of the
model's coupling parameters (constants e, sw, cw substituted with the CODATA values of
zprime_sym.constants). The result is cached in memory, keyed by the model file's content hash, so
the same file is never compiled twice in a process, and its printed source on disk, keyed by the
content hash, the package and sympy versions and this module's source.
"""
from __future__ import annotations

import builtins
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import diskcache
from ..exceptions import InputError

# zprime_sym.model.couplings is imported inside the functions: importing zprime_sym.model loads sympy,
# and the SUSY code uses this module's compile helpers on its sympy-free warm path.

#: Name of the generated function inside the printed source.
FUNCTION_NAME = "_zprime_generated"
#: Reserved prefix of generated argument names (no model symbol is ever printed).
ARG_PREFIX = "_zarg"


def numpy_source(args, exprs) -> str:
    """Python source of ``def _zprime_generated(_zarg0, ...): return [expr, ...]`` (cse, numpy calls).

    ``args`` are sympy symbols, ``exprs`` sympy expressions in them. Arguments are replaced by
    dummies ``_zarg<i>`` before printing, so the source contains no model symbol name."""
    import sympy as sp
    from sympy.printing.numpy import NumPyPrinter

    from ..model.charges import as_expr

    dummies = [sp.Symbol(f"{ARG_PREFIX}{i}", real=True) for i in range(len(args))]
    mapping = dict(zip(args, dummies))
    exprs = [as_expr(x).xreplace(mapping) for x in exprs]
    stray = set().union(*(x.free_symbols for x in exprs)) - set(dummies) if exprs else set()
    if stray:
        raise ValueError(f"expressions depend on symbols that are not arguments: {sorted(map(str, stray))}")
    printer = NumPyPrinter({"fully_qualified_modules": True, "inline": True, "allow_unknown_functions": False})
    func = sp.lambdify(dummies, exprs, modules="numpy", cse=True, printer=printer, docstring_limit=0)
    import inspect

    source = inspect.getsource(func)
    return source.replace("def _lambdifygenerated(", f"def {FUNCTION_NAME}(", 1)


def function_from_source(source: str):
    """Compile printed source from :func:`numpy_source` (namespace: numpy and the builtins only)."""
    import numpy

    namespace = {"numpy": numpy, "builtins": builtins}
    exec(compile(source, f"<zprime_sym generated {FUNCTION_NAME}>", "exec"), namespace)  # noqa: S102 - our own printed source
    return namespace[FUNCTION_NAME]


def generator_digest() -> str:
    """What else changes printed code: this module's source and the sympy version."""
    return diskcache.source_digest("evaluate/compile.py") + diskcache.library_version("sympy")


@dataclass(frozen=True)
class CompiledCouplings:
    """Numpy function of the model's parameters returning the nine couplings (dimensionless)."""

    model_name: str
    content_hash: str
    parameters: tuple[str, ...]  #: argument names, sorted
    _function: Callable[..., Any]
    from_disk_cache: bool = False  #: True if the printed source came from the on-disk cache
    names: tuple[str, ...] | None = None  #: output names (None: the nine lepton COUPLING_NAMES)

    def __call__(self, **values) -> dict:
        import numpy as np

        from ..model.couplings import COUPLING_NAMES

        missing = [p for p in self.parameters if p not in values]
        if missing:
            raise InputError(f"model {self.model_name}: values needed for parameter(s) {missing}")
        unknown = set(values) - set(self.parameters)
        if unknown:
            raise InputError(f"model {self.model_name}: unknown parameter(s) {sorted(unknown)}; "
                             f"expected {list(self.parameters)}")
        args = [np.asarray(values[p], dtype=float) for p in self.parameters]
        shape = np.broadcast_shapes(*(a.shape for a in args)) if args else ()
        out = self._function(*args)
        names = self.names or COUPLING_NAMES
        return {n: np.broadcast_to(np.asarray(x, dtype=float), shape) for n, x in zip(names, out)}


@functools.lru_cache(maxsize=64)
def _compile(content_hash: str, model_name: str, exprs: tuple, params: tuple,
             names: tuple[str, ...] | None = None) -> CompiledCouplings:
    import sympy as sp

    from ..constants import constants
    from ..derive.gauge import cw, e, sw
    from ..model.charges import as_expr

    c = constants()
    consts = {"e": repr(c.e), "sw": repr(c.sw), "cw": repr(c.cw)}
    key = diskcache.make_key("couplings", content_hash, [str(x) for x in exprs], list(params), consts, list(names or ()),
                             generator_digest())
    source = diskcache.load("couplings", key)
    hit = source is not None
    if not hit:
        numeric = [as_expr(x).xreplace({e: c.e, sw: c.sw, cw: c.cw}) for x in exprs]
        by_name: dict = {}
        for x in numeric:  # model symbols may carry other assumptions (positive angles): match by name
            by_name.update({s.name: s for s in x.free_symbols})
        args = [by_name.get(p, sp.Symbol(p, real=True)) for p in params]
        source = numpy_source(args, numeric)
        diskcache.store("couplings", key, source)
    assert source is not None
    return CompiledCouplings(model_name, content_hash, params, function_from_source(source), hit, names)


def compile_couplings(derivation) -> CompiledCouplings:
    """Compiled leading-order couplings of a derivation (cached by the model file's content)."""
    from ..model.couplings import COUPLING_NAMES

    params = tuple(s.name for s in derivation.coupling_parameters)
    exprs = tuple(derivation.couplings[n] for n in COUPLING_NAMES)
    model = derivation.model
    return _compile(model.content_hash, model.name, exprs, params)


def compile_quark_couplings(derivation) -> CompiledCouplings:
    """Compiled leading-order quark and nucleon couplings (CV_u, CA_u, ..., CV_p, CV_n), same cache.

    Its parameters are those of the lepton function (:func:`compile_couplings`) plus any the quark
    couplings alone depend on, so both can be called with the same keyword arguments."""
    from ..derive.relations import CONSTANTS
    from ..model.charges import as_expr
    from ..model.couplings import QUARK_COUPLING_NAMES

    exprs = tuple(derivation.quark_couplings[n] for n in QUARK_COUPLING_NAMES)
    syms = {s for x in exprs for s in as_expr(x).free_symbols} - CONSTANTS
    params = tuple(sorted({s.name for s in syms} | {s.name for s in derivation.coupling_parameters}))
    model = derivation.model
    return _compile(model.content_hash, model.name, exprs, params, QUARK_COUPLING_NAMES)


def compile_all_couplings(derivation):
    """A function ``f(**values)`` returning the nine lepton couplings and the quark/nucleon ones in one
    dict (keys ALL_COUPLING_NAMES); it takes the union of both functions' parameters."""
    leptons, quarks = compile_couplings(derivation), compile_quark_couplings(derivation)

    def evaluate(**values):
        out = leptons(**{p: values[p] for p in leptons.parameters if p in values})
        out.update(quarks(**values))
        return out

    evaluate.parameters = quarks.parameters
    return evaluate


_QUARK_MATRICES: dict = {}  #: content hash -> coefficient matrix (or None), like the lru_cache above


def _quark_matrix(derivation):
    """(len(QUARK_COUPLING_NAMES), 9) matrix taking the lepton couplings to the quark ones, or None."""
    import numpy as np

    from ..constants import constants
    from ..derive.gauge import cw, e, sw
    from ..derive.quark_map import quark_coupling_map
    from ..model.charges import as_expr
    from ..model.couplings import COUPLING_NAMES, QUARK_COUPLING_NAMES

    c = constants()
    consts = {e: c.e, sw: c.sw, cw: c.cw}
    qmap = quark_coupling_map(derivation)
    if any(v is None for v in qmap.values()):
        return None
    mat = np.zeros((len(QUARK_COUPLING_NAMES), len(COUPLING_NAMES)))
    for i, q in enumerate(QUARK_COUPLING_NAMES):
        row = qmap[q]
        assert row is not None  # checked above
        for lep, coeff in row.items():
            mat[i, COUPLING_NAMES.index(lep)] = float(as_expr(coeff).xreplace(consts))
    return mat


def quark_couplings_from_leptons(derivation):
    """``f(couplings) -> {CV_u: ..., CV_n: ...}`` computing the quark/nucleon couplings from the nine
    lepton ones (arrays), for models where they are a fixed linear combination of them
    (derive/quark_map.py); None for models where they are not (then use compile_quark_couplings with the
    parameters). Lets a search in the nine-coupling space (the verdict) see the quark couplings."""
    key = derivation.model.content_hash
    if key not in _QUARK_MATRICES:
        _QUARK_MATRICES[key] = _quark_matrix(derivation)
    mat = _QUARK_MATRICES[key]
    if mat is None:
        return None

    import numpy as np

    from ..model.couplings import COUPLING_NAMES, QUARK_COUPLING_NAMES

    def evaluate(couplings):
        lep = [np.asarray(couplings.get(n, 0.0), dtype=float) for n in COUPLING_NAMES]
        shape = np.broadcast_shapes(*(x.shape for x in lep))
        stacked = np.stack([np.broadcast_to(x, shape) for x in lep])
        out = np.tensordot(mat, stacked, axes=1)
        return {n: out[i] for i, n in enumerate(QUARK_COUPLING_NAMES)}

    return evaluate
