"""Numeric, batched versions of the symbolic mass matrices (sympy.lambdify once per declaration).

:func:`compiled_matrices` derives the matrices of a declaration with
:func:`zprime_sym.susy.matrices.build_symbolic` and compiles them to numpy functions that take
1-d arrays of parameters and return stacked matrices, shape (n, k, k). The result is cached per
declaration (declarations are immutable and hashable), so the symbolic work runs once.
"""
from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Callable

import numpy as np
import sympy as sp

from .declaration import SusyDeclaration, parse_susy_section
from .matrices import build_symbolic

#: Shipped SUSY model file (BDR20), relative to the project root / installed package.
MODEL_FILE = "susy_lmu_ltau.toml"


def _model_path() -> Path:
    source_tree = Path(__file__).resolve().parents[2] / "models" / MODEL_FILE
    try:
        installed = Path(str(resources.files("zprime_sym.models").joinpath(MODEL_FILE)))
    except ModuleNotFoundError:  # running from a source checkout: models/ sits next to the package
        return source_tree
    return installed if installed.is_file() else source_tree


@functools.cache
def default_declaration() -> SusyDeclaration:
    """The ``[susy]`` declaration of the shipped SUSY L_mu - L_tau model file (read lazily)."""
    path = _model_path()
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    return parse_susy_section(raw["susy"], str(path))


def _compile_matrix(args: list[sp.Symbol], matrix: sp.Matrix) -> Callable[[dict], np.ndarray]:
    shape = matrix.shape
    entries = [(i, j, matrix[i, j]) for i in range(shape[0]) for j in range(shape[1]) if matrix[i, j] != 0]
    func = sp.lambdify(args, [e for _, _, e in entries], modules="numpy", cse=True)
    names = [a.name for a in args]

    def evaluate(values: dict) -> np.ndarray:
        n = len(next(iter(values.values())))
        out = np.zeros((n,) + shape)
        for (i, j, _), val in zip(entries, func(*[values[k] for k in names])):
            out[:, i, j] = val
        return out

    return evaluate


@dataclass(frozen=True)
class CompiledMatrices:
    """Batched numeric mass matrices. Each function takes {symbol name: 1-d array}."""

    argument_names: tuple[str, ...]
    neutralino_basis: tuple[str, ...]
    neutralino: Callable[[dict], np.ndarray]
    chargino: Callable[[dict], np.ndarray]
    slepton: dict
    sneutrino: dict


@functools.cache
def compiled_matrices(decl: SusyDeclaration | None = None) -> CompiledMatrices:
    """Compile (once, cached) the mass matrices of ``decl`` (default: the shipped model)."""
    decl = decl or default_declaration()
    sym = build_symbolic(decl)
    args = list(sym.symbols)
    return CompiledMatrices(
        tuple(a.name for a in args),
        sym.neutralino_basis,
        _compile_matrix(args, sym.neutralino),
        _compile_matrix(args, sym.chargino),
        {fl: _compile_matrix(args, m) for fl, m in sym.slepton.items()},
        {fl: _compile_matrix(args, sp.Matrix([[e]])) for fl, e in sym.sneutrino.items()},
    )
