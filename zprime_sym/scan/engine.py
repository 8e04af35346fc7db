"""Batched parameter scans with atomic checkpoints, resumable, local or on a Dask cluster.

A scan draws ``n_points`` parameter points from uniform priors (``[ranges]`` of a TOML config),
split into batches of ``batch_size``. Batch k uses ``np.random.default_rng([seed, k])``, so every
batch is reproducible on its own and the result does not depend on how batches are distributed
(serial, processes, Dask workers) or on interruptions. Each batch is evaluated by a pluggable
``evaluate_batch(params) -> {column: array}`` callable and stored as ``batch_<k>.npz`` (written to a
temporary file, then ``os.replace``), next to a ``manifest.json`` holding the config fingerprint
and the completed batches with the sha256 of each batch file. Re-running the same config resumes:
a finished batch is skipped only if its file matches the recorded checksum (a truncated or altered
file is recomputed). The manifest records the package version; a resume by another version stops.
One writer at a time: the output directory is locked (``fcntl.flock`` on ``.lock``) while a scan
runs; the directory is fsynced after every rename; pool workers exit when their driver dies.
``load_results(output, columns=[...], where=...)`` reads only the columns asked for (npz members
are read one by one) and keeps the rows that pass the filter.
Bounded: at most :data:`MAX_POINTS` points and :data:`MAX_BATCHES` batches unless raised explicitly
(``run_scan(..., max_points=..., max_batches=...)``, ``zprime scan --max-points/--max-batches``).

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
import math
import os
import threading
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from ..exceptions import DependencyError, InputError
from ..progress import Progress
from ..textio import load_json, load_toml
from ..units import parse_energy

MANIFEST = "manifest.json"
LOCK = ".lock"
#: Default bounds on a scan (each raised by an explicit option): points and batches.
MAX_POINTS = 10**9
MAX_BATCHES = 100_000
#: Seconds to wait for a Dask scheduler before giving up.
DASK_TIMEOUT_S = 5


def package_version() -> str:
    """The installed zprime_sym version (recorded in manifests and fingerprints)."""
    import zprime_sym

    return str(zprime_sym.__version__)

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
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or not 0 <= self.seed < 2**63:
            raise InputError(f"[scan] seed = {self.seed!r} must be a non-negative integer below 2^63")
        if isinstance(self.nsigma, bool) or not isinstance(self.nsigma, (int, float)) or not math.isfinite(self.nsigma) \
                or self.nsigma <= 0:
            raise InputError(f"[scan] nsigma = {self.nsigma!r} must be a finite positive number")
        if not isinstance(self.data, str) or not self.data:
            raise InputError(f"[scan] data = {self.data!r} must be a measurement-set name or path")
        if not isinstance(self.output, str) or not self.output:
            raise InputError(f"[scan] output = {self.output!r} must be a directory path")
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
        for section in ("scan", "ranges", "fixed", "scaled", "options"):
            if not isinstance(doc.get(section, {}), dict):
                raise InputError(f"[{section}] must be a table")
        unknown_sections = set(doc) - {"scan", "ranges", "fixed", "scaled", "options"}
        if unknown_sections:
            raise InputError(f"unknown section(s) {sorted(unknown_sections)}; allowed: scan, ranges, fixed, scaled, options")
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
        if not isinstance(scan["output"], str):
            raise InputError(f"[scan] output = {scan['output']!r} must be a string (a directory path)")
        output = Path(scan.pop("output"))
        if not output.is_absolute():
            output = Path(base_dir) / output
        return cls(ranges=ranges, fixed=fixed, scaled=scaled, output=str(output), options=options, **scan)

    @classmethod
    def from_toml(cls, path: str | Path) -> "ScanConfig":
        path = Path(path)
        doc = load_toml(path, what="scan config", error=lambda problem: InputError(f"{path}: {problem}"))
        try:
            return cls.from_dict(doc, base_dir=path.parent)
        except InputError as err:
            raise InputError(f"{path}: {err}") from None

    @property
    def n_batches(self) -> int:
        return -(-self.n_points // self.batch_size)

    def batch_len(self, k: int) -> int:
        return min(self.batch_size, self.n_points - k * self.batch_size)

    def fingerprint(self) -> str:
        """Hash of everything that determines the results (not the output path)."""
        doc = asdict(self)
        doc.pop("output")
        doc["package_version"] = package_version()
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


def _fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable (POSIX; a no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def batch_path(output: str | Path, k: int) -> Path:
    return Path(output) / f"batch_{k:06d}.npz"


def _sha256_file(path: Path) -> str | None:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


def _write_batch(config: ScanConfig, k: int, columns: dict) -> str:
    """Store batch ``k`` atomically; returns the sha256 of the file written."""
    import io

    buf = io.BytesIO()
    np.savez(buf, **columns)
    data = buf.getvalue()
    _atomic_write_bytes(batch_path(config.output, k), data)
    return hashlib.sha256(data).hexdigest()


def _write_manifest(config: ScanConfig, checksums: dict[int, str]) -> None:
    doc = {"fingerprint": config.fingerprint(), "package_version": package_version(), "config": asdict(config),
           "n_batches": config.n_batches, "completed": sorted(checksums),
           "sha256": {str(k): checksums[k] for k in sorted(checksums)}}
    _atomic_write_bytes(Path(config.output) / MANIFEST, json.dumps(doc, indent=1, default=list).encode())


def read_manifest(output: str | Path) -> dict:
    """The manifest of a scan directory, validated; InputError naming the file if corrupt."""
    path = Path(output) / MANIFEST
    if not path.is_file():
        raise InputError(f"{Path(output)}: no scan manifest found")
    doc = load_json(path, what="scan manifest", error=lambda problem: InputError(f"{path}: {problem}"))
    n = doc.get("n_batches")
    if isinstance(n, bool) or not isinstance(n, int) or not 0 < n <= 10**9:
        raise InputError(f"{path}: [n_batches] = {n!r} is not a positive integer")
    sums = doc.get("sha256", {})
    if not isinstance(sums, dict) or not all(isinstance(v, str) for v in sums.values()):
        raise InputError(f"{path}: [sha256] must map batch numbers to checksums")
    try:
        doc["sha256"] = {int(k): v for k, v in sums.items() if 0 <= int(k) < n}
    except ValueError:
        raise InputError(f"{path}: [sha256] keys must be batch numbers") from None
    return doc


class _DirectoryLock:
    """Exclusive lock on a scan's output directory (``fcntl.flock`` on ``.lock``, released on exit)."""

    def __init__(self, directory: Path):
        self.path = directory / LOCK
        self.fh = None

    def __enter__(self):
        self.fh = open(self.path, "a+")
        try:
            import fcntl

            fcntl.flock(self.fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # pragma: no cover - not POSIX: no lock
            return self
        except OSError:
            self.fh.seek(0)
            holder = self.fh.read().strip() or "?"
            self.fh.close()
            raise InputError(f"{self.path.parent}: another scan (pid {holder}) is writing to this output directory; "
                             "wait for it to finish or use another output") from None
        self.fh.seek(0)
        self.fh.truncate()
        self.fh.write(str(os.getpid()))
        self.fh.flush()
        return self

    def __exit__(self, *exc):
        if self.fh is not None:
            self.fh.close()  # closing releases the flock


def _prepare_output(config: ScanConfig) -> dict[int, str]:
    """Check that the output directory holds this very scan; return {finished batch: sha256}.

    A batch counts as finished only if its file's checksum equals the manifest's; others are removed
    and recomputed. Caller holds the directory lock.
    """
    out = Path(config.output)
    manifest = out / MANIFEST
    checksums: dict[int, str] = {}
    if manifest.exists():
        doc = read_manifest(out)
        version = doc.get("package_version")
        if version != package_version():
            raise InputError(f"{out} was written by zprime_sym {version or '(unknown version)'}, this is "
                             f"{package_version()}: resuming would mix results of two code versions; use another "
                             "output directory (or re-run the whole scan)")
        if doc.get("fingerprint") != config.fingerprint():
            raise InputError(f"{out} holds a different scan (config changed); use another output directory")
        for k, digest in doc["sha256"].items():
            path = batch_path(out, k)
            if _sha256_file(path) == digest:
                checksums[k] = digest
            elif path.exists():
                path.unlink()  # truncated or altered: recompute
    _write_manifest(config, checksums)
    return checksums


def _make_output_dir(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise InputError(f"scan output {out} exists and is not a directory")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(f"scan output {out}: cannot create the directory: {err.strerror or err}") from None


def _watch_driver(driver_pid: int, parent_pid: int) -> None:
    """Pool-worker initializer: exit as soon as the driver process is gone (e.g. SIGKILLed)."""
    try:  # Linux: have the kernel kill us when our parent dies
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001 - best effort, the thread below covers the rest
        pass

    def watch():
        import time

        while True:
            time.sleep(0.5)
            try:
                os.kill(driver_pid, 0)
                alive = os.getppid() == parent_pid
            except OSError:
                alive = False
            if not alive:
                os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _check_size(config: ScanConfig, max_points: int, max_batches: int) -> None:
    if config.n_points > max_points:
        raise InputError(f"[scan] n_points = {config.n_points} is above the limit of {max_points}; pass "
                         f"--max-points {config.n_points} (run_scan(max_points=...)) to run anyway")
    if config.n_batches > max_batches:
        raise InputError(f"[scan] {config.n_batches} batches (n_points / batch_size) is above the limit of "
                         f"{max_batches}: raise batch_size, or pass --max-batches {config.n_batches} to run anyway")


def run_scan(config: ScanConfig, evaluate: Callable | None = None, *, workers: int | None = None,
             scheduler: str | None = None, progress: bool = False, max_points: int = MAX_POINTS,
             max_batches: int = MAX_BATCHES) -> Path:
    """Run (or resume) a scan; returns the output directory.

    ``workers``: 0 or 1 runs the batches serially in this process; None or >1 uses a process pool
    (``os.cpu_count()`` workers if None). ``scheduler``: address of a ``dask.distributed`` scheduler
    (then ``workers`` is ignored). ``evaluate`` defaults to :func:`make_evaluator` (config).
    Batches are written by this process as they complete, each atomically. ``progress``: show the
    progress line, and only if stderr is a terminal. ``max_points``/``max_batches``: size limits.
    """
    _check_size(config, max_points, max_batches)
    if config.evaluator not in EVALUATORS and evaluate is None:
        make_evaluator(config)  # raises the "not one of the project's evaluators" error
    out = Path(config.output)
    _make_output_dir(out)
    with _DirectoryLock(out):
        done = _prepare_output(config)  # checks the directory before the (possibly slow) evaluator is built
        evaluate = evaluate if evaluate is not None else make_evaluator(config)
        _run_locked(config, evaluate, workers, scheduler, progress, done)
    return out


def _run_locked(config, evaluate, workers, scheduler, progress, done) -> None:
    pending = [k for k in range(config.n_batches) if k not in done]
    bar = Progress(config.n_batches, "scan", already=len(done), enabled=progress, unit="batches")

    def store(k, columns):
        done[k] = _write_batch(config, k, columns)
        _write_manifest(config, done)
        bar.step()

    if not pending:
        bar.close()
        return
    if scheduler is not None:
        _run_dask(config, evaluate, pending, scheduler, store)
    elif workers is not None and workers <= 1:
        for k in pending:
            store(*run_batch(config, evaluate, k))
    else:
        with cf.ProcessPoolExecutor(max_workers=workers, initializer=_watch_driver,
                                    initargs=(os.getpid(), os.getpid())) as pool:
            futures = [pool.submit(run_batch, config, evaluate, k) for k in pending]
            try:
                for fut in cf.as_completed(futures):
                    store(*fut.result())
            except BaseException:
                for fut in futures:
                    fut.cancel()
                raise
    bar.close()


def _run_dask(config, evaluate, pending, scheduler, store) -> None:
    try:
        from dask.distributed import Client, as_completed
    except ImportError as err:
        raise DependencyError('a scheduler address needs dask.distributed: pip install "zprime_sym[dask]"') from err
    try:
        client = Client(scheduler, timeout=DASK_TIMEOUT_S)
    except (OSError, TimeoutError) as err:
        raise InputError(f"--scheduler {scheduler!r}: no Dask scheduler reachable within {DASK_TIMEOUT_S} s "
                         f"({type(err).__name__}: {str(err).splitlines()[0] if str(err) else 'timed out'})") from None
    with client:
        futures = [client.submit(run_batch, config, evaluate, k, pure=False) for k in pending]
        try:
            for fut in as_completed(futures):
                store(*fut.result())
        finally:
            client.cancel(futures)


def _row_mask(cols: dict, where, n: int) -> np.ndarray:
    if callable(where):
        mask = np.asarray(where(cols), dtype=bool)
        if mask.shape != (n,):
            raise InputError(f"where(...) returned shape {mask.shape}, expected ({n},)")
        return mask
    mask = np.ones(n, dtype=bool)
    for name, cond in where.items():
        col = cols[name]
        if isinstance(cond, tuple) and len(cond) == 2:
            lo, hi = cond
            if lo is not None:
                mask &= col >= lo
            if hi is not None:
                mask &= col <= hi
        else:
            mask &= col == cond
    return mask


def load_results(output: str | Path, *, allow_partial: bool = False, columns=None, where=None) -> dict:
    """Concatenate the stored batches in batch order into {column: array}.

    ``columns``: names to return (default all); only those (and the ones ``where`` needs) are read
    from each batch file. ``where``: a row filter, either a mapping ``{name: (lo, hi)}`` (inclusive,
    None for an open end) or ``{name: value}`` (equality, e.g. ``{"pass_g2_mu": True}``), or a callable
    taking {name: array} of one batch (all its columns) and returning a boolean mask.
    Raises InputError if batches are missing, unless ``allow_partial`` (then the finished ones), and
    naming the file if a batch is unreadable.
    """
    out = Path(output)
    doc = read_manifest(out)
    n_batches = doc["n_batches"]
    present = sorted(doc["sha256"]) if doc["sha256"] else \
        [k for k in range(min(n_batches, MAX_BATCHES)) if batch_path(out, k).exists()]
    if len(present) != n_batches and not allow_partial:
        raise InputError(f"{out}: {n_batches - len(present)} of {n_batches} batches missing; "
                         "re-run the scan to resume it")
    wanted = None if columns is None else list(columns)
    if isinstance(columns, str):
        raise InputError("load_results(columns=...): give a list of column names")
    need_where = [] if where is None or callable(where) else list(where)
    parts = []
    for k in present:
        path = batch_path(out, k)
        try:
            with np.load(path) as npz:
                names = npz.files
                if wanted is None or callable(where):
                    read = names
                else:
                    read = list(dict.fromkeys(wanted + need_where))
                unknown = [c for c in read if c not in names]
                if unknown:
                    raise InputError(f"{out}: unknown column(s) {unknown}; columns: {', '.join(names)}")
                cols = {name: npz[name] for name in read}
        except (OSError, ValueError, zipfile.BadZipFile, EOFError) as err:
            raise InputError(f"{path}: unreadable batch file ({type(err).__name__}: {err}); re-run the scan to "
                             "recompute it") from None
        if where is not None:
            mask = _row_mask(cols, where, len(next(iter(cols.values()))) if cols else 0)
            cols = {name: col[mask] for name, col in cols.items()}
        if wanted is not None:
            cols = {name: cols[name] for name in wanted}
        parts.append(cols)
    if not parts:
        return {}
    return {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}
