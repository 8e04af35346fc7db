"""Batched parameter scans with atomic checkpoints, resumable, local or on a Dask cluster.

A scan draws ``n_points`` parameter points from uniform priors (``[ranges]`` of a TOML config),
split into batches of ``batch_size``. Batch k uses ``np.random.default_rng([seed, k])``, so every
batch is reproducible on its own and the result does not depend on how batches are distributed
(serial, processes, Dask workers) or on interruptions. Each batch is evaluated by a pluggable
``evaluate_batch(params) -> {column: array}`` callable and stored as ``batch_<k>.npz`` (written to a
temporary file, then ``os.replace``), next to a ``manifest.json`` holding the config fingerprint
and the completed batches. Re-running the same config resumes: finished batches are skipped.

A config is a data file: its ``evaluator`` key is looked up by exact name in :data:`EVALUATORS`, the
project's own evaluators, and never imported. Users with an evaluator of their own pass it from Python
(``run_scan(config, evaluate=my_callable)``) or name it on the command line with the explicit
``zprime scan CONFIG --plugin MODULE:FACTORY`` option, so that code is only ever selected by the person
running the command, not by a file.

Config (TOML)::

    [scan]
    n_points = 100000
    batch_size = 5000
    seed = 1
    output = "scans/run1"        # relative to the config file
    data = "bdr2021"             # measurement set for the g-2 test (SUSY evaluator)
    nsigma = 2.0
    evaluator = "susy"            # a name from EVALUATORS (never an import path: configs are data)

    [options]                     # evaluator options (strings, numbers, booleans), validated by the evaluator
    zprime_formula = "standard"   # SUSY evaluator: or "printed-eq3.6" (BDR20's printed Z' loop)
    slepton_rule = "lighter"      # SUSY evaluator: or "both" (direct-slepton contour rule)

    [ranges]                      # uniform priors; numbers are GeV (or dimensionless), or "10MeV"-style strings
    M1 = [100, 1000]
    [fixed]                       # constants
    mu_eta = 4000
    [scaled]                      # name = [other, factor]: name = factor * other (e.g. stau = 16.8 x smuon)
    mL_tau = ["mL_mu", 16.817]
"""
from __future__ import annotations

import concurrent.futures as cf
import hashlib
import importlib
import json
import os
import sys
import time
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from ..exceptions import DependencyError, InputError
from ..units import parse_energy

MANIFEST = "manifest.json"

#: The project's scan evaluators, by the name a config gives in ``[scan] evaluator``: the value is the
#: module and factory inside this package that builds it. The module path is fixed here, in code;
#: a config can only choose among these names. The long form is the pre-registry spelling of "susy",
#: kept so that existing configs (and their fingerprints) stay valid.
EVALUATORS: dict[str, tuple[str, str]] = {
    "susy": ("zprime_sym.susy.evaluate", "susy_evaluator"),
    "zprime_sym.susy.evaluate:susy_evaluator": ("zprime_sym.susy.evaluate", "susy_evaluator"),
}
PLUGIN_PREFIX = "plugin:"


def _number(value, what: str) -> float:
    if isinstance(value, str):
        return parse_energy(value, what=what)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not np.isfinite(value):
        raise InputError(f"{what} = {value!r} is not a finite number")
    return float(value)


@dataclass(frozen=True)
class ScanConfig:
    """A scan: priors, sizes, seed, output directory, g-2 data set and evaluator (see module doc)."""

    ranges: dict
    n_points: int
    batch_size: int
    seed: int
    output: str
    fixed: dict = field(default_factory=dict)
    scaled: dict = field(default_factory=dict)
    data: str = "bdr2021"
    nsigma: float = 2.0
    evaluator: str = "susy"
    options: dict = field(default_factory=dict)

    def __post_init__(self):
        for key in ("n_points", "batch_size"):
            value = getattr(self, key)
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise InputError(f"[scan] {key} = {value!r} must be a positive integer")
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise InputError(f"[scan] seed = {self.seed!r} must be a non-negative integer")
        for name, (lo, hi) in self.ranges.items():
            if not lo < hi:
                raise InputError(f"[ranges] {name} = [{lo}, {hi}]: lower end must be below upper end")
        clash = set(self.ranges) & set(self.fixed) | (set(self.ranges) | set(self.fixed)) & set(self.scaled)
        if clash:
            raise InputError(f"parameters given twice: {sorted(clash)}")
        for name, (other, _factor) in self.scaled.items():
            if other not in self.ranges and other not in self.fixed:
                raise InputError(f"[scaled] {name} refers to unknown parameter {other!r}")

    @classmethod
    def from_dict(cls, doc: dict, base_dir: str | Path = ".") -> "ScanConfig":
        """Build from a parsed TOML document; ``output`` is resolved relative to ``base_dir``."""
        scan = dict(doc.get("scan", {}))
        missing = [k for k in ("n_points", "batch_size", "seed", "output") if k not in scan]
        if missing:
            raise InputError(f"[scan] lacks {', '.join(missing)}")
        ranges = {}
        for name, pair in doc.get("ranges", {}).items():
            if not isinstance(pair, list) or len(pair) != 2:
                raise InputError(f"[ranges] {name} must be [low, high]")
            ranges[name] = (_number(pair[0], f"[ranges] {name}"), _number(pair[1], f"[ranges] {name}"))
        fixed = {n: _number(v, f"[fixed] {n}") for n, v in doc.get("fixed", {}).items()}
        scaled = {}
        for name, pair in doc.get("scaled", {}).items():
            if not isinstance(pair, list) or len(pair) != 2 or not isinstance(pair[0], str):
                raise InputError(f"[scaled] {name} must be [\"other_parameter\", factor]")
            scaled[name] = (pair[0], _number(pair[1], f"[scaled] {name}"))
        unknown = set(scan) - {"n_points", "batch_size", "seed", "output", "data", "nsigma", "evaluator"}
        if unknown:
            raise InputError(f"[scan] unknown keys: {sorted(unknown)}")
        evaluator = scan.get("evaluator", "susy")
        if not isinstance(evaluator, str) or evaluator not in EVALUATORS:
            raise InputError(f"[scan] evaluator = {evaluator!r} is not one of the project's evaluators "
                             f"({', '.join(sorted(k for k in EVALUATORS if ':' not in k))}); a config cannot "
                             "name code to import: pass your own evaluator with "
                             "`zprime scan CONFIG --plugin MODULE:FACTORY` or run_scan(config, evaluate=...)")
        options = dict(doc.get("options", {}))
        for name, value in options.items():
            if not isinstance(value, (str, int, float, bool)):
                raise InputError(f"[options] {name} = {value!r} must be a string, number or boolean")
        output = Path(scan.pop("output"))
        if not output.is_absolute():
            output = Path(base_dir) / output
        return cls(ranges=ranges, fixed=fixed, scaled=scaled, output=str(output), options=options, **scan)

    @classmethod
    def from_toml(cls, path: str | Path) -> "ScanConfig":
        path = Path(path)
        try:
            doc = tomllib.loads(path.read_text())
        except (OSError, tomllib.TOMLDecodeError) as err:
            raise InputError(f"{path}: cannot read scan config: {err}") from err
        return cls.from_dict(doc, base_dir=path.parent)

    @property
    def n_batches(self) -> int:
        return -(-self.n_points // self.batch_size)

    def batch_len(self, k: int) -> int:
        return min(self.batch_size, self.n_points - k * self.batch_size)

    def fingerprint(self) -> str:
        """Hash of everything that determines the results (not the output path)."""
        doc = asdict(self)
        doc.pop("output")
        return hashlib.sha256(json.dumps(doc, sort_keys=True, default=list).encode()).hexdigest()[:16]


def sample_batch(config: ScanConfig, k: int) -> dict:
    """Parameters of batch ``k``: uniform draws from ``np.random.default_rng([seed, k])``.

    Names are drawn in sorted order, so reordering the config file does not change the points.
    """
    n = config.batch_len(k)
    rng = np.random.default_rng([config.seed, k])
    params = {name: rng.uniform(lo, hi, n) for name, (lo, hi) in sorted(config.ranges.items())}
    params.update({name: np.full(n, value) for name, value in config.fixed.items()})
    for name, (other, factor) in config.scaled.items():
        params[name] = factor * params[other]
    return params


def make_evaluator(config: ScanConfig) -> Callable:
    """The evaluator a config names: ``factory(config)`` for a name registered in :data:`EVALUATORS`.

    Only registered names are resolved; an unknown name raises InputError and imports nothing.
    """
    entry = EVALUATORS.get(config.evaluator)
    if entry is None:
        raise InputError(f"evaluator {config.evaluator!r} is not one of the project's evaluators "
                         f"({', '.join(sorted(k for k in EVALUATORS if ':' not in k))})")
    module_name, attr = entry
    return getattr(importlib.import_module(module_name), attr)(config)


def load_plugin(spec: str, config: ScanConfig) -> tuple[ScanConfig, Callable]:
    """A user's own evaluator, chosen explicitly on the command line (``--plugin MODULE:FACTORY``).

    Imports MODULE, calls ``FACTORY(config)`` and returns the config with ``evaluator`` set to
    ``"plugin:MODULE:FACTORY"`` (so the scan's fingerprint records which code produced it) and the
    evaluator. This is the only place a scan imports code by name, and it is never reached from a file.
    """
    module_name, sep, attr = spec.partition(":")
    if not sep or not module_name or not attr:
        raise InputError(f"--plugin {spec!r}: expected MODULE:FACTORY")
    try:
        factory = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as err:
        raise InputError(f"--plugin {spec!r} cannot be loaded: {err}") from err
    import dataclasses

    config = dataclasses.replace(config, evaluator=PLUGIN_PREFIX + spec)
    return config, factory(config)


def run_batch(config: ScanConfig, evaluate: Callable, k: int) -> tuple[int, dict]:
    """Sample and evaluate batch ``k``; returns (k, columns) with parameters and outputs."""
    params = sample_batch(config, k)
    outputs = evaluate(params)
    n = config.batch_len(k)
    columns = dict(params)
    for name, values in outputs.items():
        if name in params:
            raise InputError(f"evaluator output {name!r} clashes with a parameter name")
        arr = np.asarray(values)
        if arr.shape[:1] != (n,):
            raise InputError(f"evaluator output {name!r} has shape {arr.shape}, expected ({n}, ...)")
        columns[name] = arr
    return k, columns


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def batch_path(output: str | Path, k: int) -> Path:
    return Path(output) / f"batch_{k:06d}.npz"


def _write_batch(config: ScanConfig, k: int, columns: dict) -> None:
    import io

    buf = io.BytesIO()
    np.savez(buf, **columns)
    _atomic_write_bytes(batch_path(config.output, k), buf.getvalue())


def _write_manifest(config: ScanConfig, done: set[int]) -> None:
    doc = {"fingerprint": config.fingerprint(), "config": asdict(config), "n_batches": config.n_batches,
           "completed": sorted(done)}
    _atomic_write_bytes(Path(config.output) / MANIFEST, json.dumps(doc, indent=1, default=list).encode())


def _prepare_output(config: ScanConfig) -> set[int]:
    """Create the output directory or check that it holds this very scan; return finished batches."""
    out = Path(config.output)
    out.mkdir(parents=True, exist_ok=True)
    manifest = out / MANIFEST
    if manifest.exists():
        doc = json.loads(manifest.read_text())
        if doc.get("fingerprint") != config.fingerprint():
            raise InputError(f"{out} holds a different scan (config changed); use another output directory")
    done = {k for k in range(config.n_batches) if batch_path(out, k).exists()}
    _write_manifest(config, done)
    return done


class _Progress:
    """Plain-text progress line on stderr (no dependency)."""

    def __init__(self, total: int, already: int, enabled: bool):
        self.total, self.done, self.enabled, self.start = total, already, enabled, time.monotonic()
        self.first = already
        self.show()

    def step(self):
        self.done += 1
        self.show()

    def show(self):
        if not self.enabled:
            return
        elapsed = time.monotonic() - self.start
        rate = (self.done - self.first) / elapsed if elapsed > 0 else 0.0
        eta = f"{(self.total - self.done) / rate:.0f}s" if rate > 0 else "?"
        end = "\n" if self.done == self.total else ""
        print(f"\rscan: {self.done}/{self.total} batches ({100 * self.done / max(self.total, 1):.0f}%), "
              f"{elapsed:.0f}s elapsed, ETA {eta}   ", end=end, file=sys.stderr, flush=True)


def run_scan(config: ScanConfig, evaluate: Callable | None = None, *, workers: int | None = None,
             scheduler: str | None = None, progress: bool = False) -> Path:
    """Run (or resume) a scan; returns the output directory.

    ``workers``: 0 or 1 runs the batches serially in this process; None or >1 uses a process pool
    (``os.cpu_count()`` workers if None). ``scheduler``: address of a ``dask.distributed`` scheduler
    (then ``workers`` is ignored). ``evaluate`` defaults to :func:`make_evaluator` (config).
    Batches are written by this process as they complete, each atomically.
    """
    evaluate = evaluate if evaluate is not None else make_evaluator(config)
    done = _prepare_output(config)
    pending = [k for k in range(config.n_batches) if k not in done]
    bar = _Progress(config.n_batches, len(done), progress)

    def store(k, columns):
        _write_batch(config, k, columns)
        done.add(k)
        _write_manifest(config, done)
        bar.step()

    if not pending:
        return Path(config.output)
    if scheduler is not None:
        _run_dask(config, evaluate, pending, scheduler, store)
    elif workers is not None and workers <= 1:
        for k in pending:
            store(*run_batch(config, evaluate, k))
    else:
        with cf.ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(run_batch, config, evaluate, k) for k in pending]
            try:
                for fut in cf.as_completed(futures):
                    store(*fut.result())
            except BaseException:
                for fut in futures:
                    fut.cancel()
                raise
    return Path(config.output)


def _run_dask(config, evaluate, pending, scheduler, store) -> None:
    try:
        from dask.distributed import Client, as_completed
    except ImportError as err:
        raise DependencyError('a scheduler address needs dask.distributed: pip install "zprime_sym[dask]"') from err
    with Client(scheduler) as client:
        futures = [client.submit(run_batch, config, evaluate, k, pure=False) for k in pending]
        try:
            for fut in as_completed(futures):
                store(*fut.result())
        finally:
            client.cancel(futures)


def load_results(output: str | Path, *, allow_partial: bool = False) -> dict:
    """Concatenate the stored batches in batch order into {column: array}.

    Raises InputError if batches are missing, unless ``allow_partial`` (then the finished ones).
    """
    out = Path(output)
    manifest = out / MANIFEST
    if not manifest.exists():
        raise InputError(f"{out}: no scan manifest found")
    doc = json.loads(manifest.read_text())
    present = [k for k in range(doc["n_batches"]) if batch_path(out, k).exists()]
    if len(present) != doc["n_batches"] and not allow_partial:
        raise InputError(f"{out}: {doc['n_batches'] - len(present)} of {doc['n_batches']} batches missing; "
                         "re-run the scan to resume it")
    parts = []
    for k in present:
        with np.load(batch_path(out, k)) as npz:
            parts.append({name: npz[name] for name in npz.files})
    if not parts:
        return {}
    return {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}
