"""Compile a model's derived couplings into fast numpy functions (sympy.lambdify with cse).

The nine leading-order couplings (and, by :func:`compile_quark_couplings`, the quark and nucleon
ones) are lambdified once per model into a single function of the
model's coupling parameters (constants e, sw, cw substituted with the CODATA values of
zprime_sym.constants). The result is cached in memory, keyed by the model file's content hash, so
the same file is never compiled twice in a process, and nothing is compiled inside a loop.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from ..model.charges import as_expr

from ..constants import constants
from ..model.couplings import COUPLING_NAMES, QUARK_COUPLING_NAMES
from ..derive.gauge import cw, e, sw
from ..exceptions import InputError


@dataclass(frozen=True)
class CompiledCouplings:
    """Numpy function of the model's parameters returning the nine couplings (dimensionless)."""

    model_name: str
    content_hash: str
    parameters: tuple[str, ...]  #: argument names, sorted
    _function: Callable[..., Any]
    names: tuple[str, ...] = COUPLING_NAMES  #: output names (QUARK_COUPLING_NAMES for the quark function)

    def __call__(self, **values) -> dict[str, np.ndarray]:
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
        return {n: np.broadcast_to(np.asarray(x, dtype=float), shape) for n, x in zip(self.names, out)}


@functools.lru_cache(maxsize=64)
def _compile(content_hash: str, model_name: str, exprs: tuple, params: tuple,
             names: tuple = COUPLING_NAMES) -> CompiledCouplings:
    c = constants()
    consts = {e: c.e, sw: c.sw, cw: c.cw}
    numeric = [as_expr(x).xreplace(consts) for x in exprs]
    symbols = [sp.Symbol(p, real=True) for p in params]
    # model symbols may carry other assumptions (positive angles): map by name
    numeric = [x.xreplace({s: sp.Symbol(s.name, real=True) for s in x.free_symbols}) for x in numeric]
    func = sp.lambdify(symbols, numeric, modules="numpy", cse=True)
    return CompiledCouplings(model_name, content_hash, params, func, names)


def compile_couplings(derivation) -> CompiledCouplings:
    """Compiled leading-order couplings of a derivation (cached by the model file's content)."""
    params = tuple(s.name for s in derivation.coupling_parameters)
    exprs = tuple(derivation.couplings[n] for n in COUPLING_NAMES)
    model = derivation.model
    return _compile(model.content_hash, model.name, exprs, params)


def compile_quark_couplings(derivation) -> CompiledCouplings:
    """Compiled leading-order quark and nucleon couplings (CV_u, CA_u, ..., CV_p, CV_n), same cache.

    Its parameters are those of the lepton function (:func:`compile_couplings`) plus any the quark
    couplings alone depend on, so both can be called with the same keyword arguments."""
    from ..derive.relations import CONSTANTS

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


def _quark_matrix(derivation) -> np.ndarray | None:
    from ..derive.quark_map import quark_coupling_map

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

    def evaluate(couplings):
        lep = [np.asarray(couplings.get(n, 0.0), dtype=float) for n in COUPLING_NAMES]
        shape = np.broadcast_shapes(*(x.shape for x in lep))
        stacked = np.stack([np.broadcast_to(x, shape) for x in lep])
        out = np.tensordot(mat, stacked, axes=1)
        return {n: out[i] for i, n in enumerate(QUARK_COUPLING_NAMES)}

    return evaluate
