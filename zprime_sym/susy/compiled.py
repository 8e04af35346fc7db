"""Numeric, batched versions of the symbolic mass matrices (sympy.lambdify once per declaration).

:func:`compiled_matrices` derives the matrices of a declaration with
:func:`zprime_sym.susy.matrices.build_symbolic` and compiles them to numpy functions that take
1-d arrays of parameters and return stacked matrices, shape (n, k, k). The matrices are printed in
two groups (:data:`GROUPS`: neutralino + chargino; all sleptons + sneutrinos), each one generated
function with the common subexpressions of its matrices computed once, so that a spectrum costs two
generated calls however many flavours (the per-call cost of a single point is mostly numpy call
overhead). The result is cached per declaration in memory, and the printed source is cached on disk
(:mod:`zprime_sym.diskcache`: JSON text with a sha256 checksum, never a pickle), keyed by
the declaration (its dataclass repr: every field, charge and term), the package and sympy versions
and the source of the modules that derive and print the matrices. A warm process therefore never
imports sympy for the shipped model; a miss (new declaration, edited package, corrupted entry)
rebuilds silently. The generated code takes dummy argument names (:func:`.numpy_source`).
"""
from __future__ import annotations

import ast
import functools
import json
import math
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from .. import diskcache
from ..evaluate.compile import function_from_source, generator_digest, numpy_source
from .declaration import SusyDeclaration, parse_susy_section

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


def _matrix_entries(matrix) -> dict:
    """{"shape", "entries" (non-zero (i, j)), "exprs"} of one symbolic matrix."""
    shape = matrix.shape
    entries = [(i, j) for i in range(shape[0]) for j in range(shape[1]) if matrix[i, j] != 0]
    return {"shape": list(shape), "entries": [list(ij) for ij in entries], "exprs": [matrix[i, j] for i, j in entries]}


#: Matrices printed together into one function (common subexpressions shared), evaluated with the same
#: arguments: the fermion mass matrices, and the scalar ones (whose g_X is kept away from 0, params.py).
GROUPS = {"fermions": ("neutralino", "chargino"), "scalars": ("slepton", "sneutrino")}


class _ScalarForm(ast.NodeTransformer):
    """Rewrite printed numpy source for Python-float arguments with numpy's array semantics kept: numpy
    evaluates ``a**2`` as ``a*a`` and ``a**-1`` as ``1/a`` (its fast scalar powers), while Python's float
    ``**`` calls C ``pow``, which rounds differently in ~1e-3 of cases; ``numpy.sqrt`` becomes ``math.sqrt``
    (both correctly rounded). Any other power or numpy call makes the rewrite refuse (``ValueError``)."""

    def visit_BinOp(self, node):
        self.generic_visit(node)
        if not isinstance(node.op, ast.Pow):
            return node
        e = node.right
        value = e.value if isinstance(e, ast.Constant) else (
            -e.operand.value if isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.USub)
            and isinstance(e.operand, ast.Constant) else None)
        if value == 2:
            return ast.BinOp(node.left, ast.Mult(), node.left)
        if value == -1:
            return ast.BinOp(ast.Constant(1.0), ast.Div(), node.left)
        raise ValueError(f"no scalar form for the power {ast.unparse(node)}")

    def visit_Attribute(self, node):
        if isinstance(node.value, ast.Name) and node.value.id == "numpy":
            if node.attr != "sqrt":
                raise ValueError(f"no scalar form for numpy.{node.attr}")
            return ast.Attribute(ast.Name("math", ast.Load()), "sqrt", ast.Load())
        return node


def scalar_function(source: str):
    """The generated function of ``source`` (:func:`..evaluate.compile.numpy_source`) for Python floats:
    the same expressions and common subexpressions, operation for operation the IEEE operations numpy
    performs on arrays (:class:`_ScalarForm`), so the same doubles at a 1-point array (tested); None if the
    source has an operation without such a form."""
    try:
        tree = ast.fix_missing_locations(_ScalarForm().visit(ast.parse(source)))
    except ValueError:
        return None
    namespace: dict = {"math": math, "__builtins__": {}}
    exec(compile(tree, "<zprime_sym generated scalar form>", "exec"), namespace)  # noqa: S102 - our own printed source
    return namespace["_zprime_generated"]


class MatrixGroup:
    """Several compiled matrices from one generated function: ``evaluate(args, n)`` -> {name: (n, k, k)}.

    Built once per declaration (:func:`compiled_matrices`): the function, the flat positions of every
    non-zero entry in one (n, total) block and each matrix's slice of that block are fixed here, so a
    call evaluates all entries once (shared subexpressions computed once) and writes them in one step."""

    def __init__(self, members: list, source: str, matrices: dict, names: tuple[str, ...]):
        self.members = tuple(members)
        self.names = names
        self.source = source
        self._func = function_from_source(source)
        self._scalar_func = scalar_function(source)
        self.shapes, self._slices, flat, offset = {}, {}, [], 0
        for name in self.members:
            shape = tuple(matrices[name]["shape"])
            size = shape[0] * shape[1]
            flat += [offset + i * shape[1] + j for i, j in matrices[name]["entries"]]
            self.shapes[name], self._slices[name] = shape, slice(offset, offset + size)
            offset += size
        self._flat = np.array(flat, dtype=np.intp)
        self._size = offset

    def evaluate(self, args: list, n: int) -> dict:
        """{matrix name: (n, k, k) array} at n points; ``args`` the (n,) arrays in the order of ``names``
        (at n = 1 they may be Python floats: then the scalar form of the function is used if it exists)."""
        out = self.evaluate_block(args, n)
        return {name: out[:, self._slices[name]].reshape((n,) + self.shapes[name]) for name in self.members}

    def member_slice(self, name: str) -> slice:
        """The columns of matrix ``name`` (row-major entries) in the block of :meth:`evaluate_block`."""
        return self._slices[name]

    def evaluate_block(self, args: list, n: int) -> np.ndarray:
        """All matrices at n points as one (n, total) block: each member's row-major entries in the columns
        of :meth:`member_slice` (zeros where the matrix has none); arguments as for :meth:`evaluate`."""
        out = np.zeros((n, self._size))
        if n == 1 and self._scalar_func is not None:
            scalars = [float(a[0]) if isinstance(a, np.ndarray) else a for a in args]
            out[0, self._flat] = self._scalar_func(*scalars)
            return out
        if n == 1:  # no scalar form: 1-point arrays (Python float ** is C pow, not numpy's x*x)
            args = [np.full(1, a, dtype=float) for a in args]
        vals = self._func(*args)
        try:  # (entries, n) in one step when every entry is an (n,) array
            block = np.array(vals, dtype=float)
        except ValueError:  # a constant entry among arrays: entry by entry
            block = None
        if block is not None and block.shape == (len(self._flat), n):
            out[:, self._flat] = block.T
        else:
            for idx, val in zip(self._flat, vals):
                out[:, idx] = val
        return out


class MatrixFunction:
    """One compiled matrix: ``f(values)`` with values {symbol name: (n,) array} -> (n, k, k) array
    (evaluates its :class:`MatrixGroup` and returns this matrix)."""

    def __init__(self, group: MatrixGroup, name: str):
        self.group, self.name, self.shape, self.source = group, name, group.shapes[name], group.source

    def __call__(self, values: dict) -> np.ndarray:
        n = len(next(iter(values.values())))
        return self.group.evaluate([values[k] for k in self.group.names], n)[self.name]


def _symbolic_payload(decl: SusyDeclaration) -> dict:
    """Derive (sympy) and print the matrices of ``decl``: the JSON-ready cache payload."""
    import sympy as sp

    from .matrices import build_symbolic

    sym = build_symbolic(decl)
    args = list(sym.symbols)
    matrices = {"neutralino": _matrix_entries(sym.neutralino), "chargino": _matrix_entries(sym.chargino)}
    for fl, m in sym.slepton.items():
        matrices[f"slepton_{fl}"] = _matrix_entries(m)
    for fl, e in sym.sneutrino.items():
        matrices[f"sneutrino_{fl}"] = _matrix_entries(sp.Matrix([[e]]))
    groups = {}
    for group, kinds in GROUPS.items():
        members = [name for name in matrices if name.split("_")[0] in kinds]
        exprs = [x for name in members for x in matrices[name]["exprs"]]
        groups[group] = {"members": members, "source": numpy_source(args, exprs)}
    for m in matrices.values():
        del m["exprs"]
    return {"argument_names": [a.name for a in args], "neutralino_basis": list(sym.neutralino_basis),
            "flavours": list(sym.slepton), "matrices": matrices, "groups": groups}


def cache_key(decl: SusyDeclaration) -> str:
    """Disk-cache key of the compiled matrices of ``decl`` (see the module docstring)."""
    return diskcache.make_key("susy-matrices", repr(decl), generator_digest(),
                              diskcache.source_digest("susy/matrices.py", "susy/compiled.py"))


@dataclass(frozen=True)
class CompiledMatrices:
    """Batched numeric mass matrices. Each function takes {symbol name: 1-d array}; ``groups`` evaluate
    several at once from a positional argument list (:class:`MatrixGroup`, used by compute_spectrum)."""

    argument_names: tuple[str, ...]
    neutralino_basis: tuple[str, ...]
    neutralino: MatrixFunction
    chargino: MatrixFunction
    slepton: dict
    sneutrino: dict
    groups: dict
    from_disk_cache: bool = False  #: True if the printed source was read from the on-disk cache


def _build(payload: dict) -> tuple[tuple[str, ...], dict]:
    names = tuple(payload["argument_names"])
    groups = {g: MatrixGroup(spec["members"], spec["source"], payload["matrices"], names)
              for g, spec in payload["groups"].items()}
    if set(groups) != set(GROUPS):
        raise KeyError("groups")
    return names, groups


@functools.cache
def compiled_matrices(decl: SusyDeclaration | None = None) -> CompiledMatrices:
    """Compile (once per process; printed source cached on disk) the mass matrices of ``decl``
    (default: the shipped model)."""
    decl = decl or default_declaration()
    key = cache_key(decl)
    text = diskcache.load("susy-matrices", key)
    payload = None
    if text is not None:
        try:
            payload = json.loads(text)
            names, groups = _build(payload)
        except (ValueError, KeyError, TypeError, SyntaxError):  # checksum fine but unusable: rebuild
            payload = None
    hit = payload is not None
    if payload is None:
        payload = _symbolic_payload(decl)
        diskcache.store("susy-matrices", key, json.dumps(payload))
        names, groups = _build(payload)
    built = {name: MatrixFunction(g, name) for g in groups.values() for name in g.members}
    flavours = payload["flavours"]
    return CompiledMatrices(
        names, tuple(payload["neutralino_basis"]), built["neutralino"], built["chargino"],
        {fl: built[f"slepton_{fl}"] for fl in flavours}, {fl: built[f"sneutrino_{fl}"] for fl in flavours},
        groups, from_disk_cache=hit,
    )
