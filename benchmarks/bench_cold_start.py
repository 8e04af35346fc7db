"""Issue 13 figures side by side: what users wait for around the batched engines. Not part of the tests.

    python benchmarks/bench_cold_start.py [--quick] [--one-point] [--reference DIR]

Prints, with the load average beside each block (2 shared cores: figures are noisy):
1. CLI one-point SUSY: `zprime susy spectrum BP1` and `zprime susy g2 FILE.slha`, cold (empty on-disk
   cache: sympy derives and prints the mass matrices) and warm (best and median of 5 fresh processes).
2. `zprime derive MODEL` of two shipped models, cold (ZPRIME_SYM_NO_CACHE=1) and warm.
3. One SUSY point at a time through the Python API (spectrum + SUSY g-2 of e and mu + Z' loop).
4. `zprime derive` of N = 2..10 Higgs-doublet models, cold, minus the import floor (a process that only
   imports sympy and the command), with --json and as text (the default output), and the growth
   exponent of a log-log fit over N = 4..10 (of the --json times).
5. evaluate_batch and iter_batch at 1e6 and 1e7 points (each once, in a fresh process): peak resident memory
   above the process's footprint before the inputs are made, per point, and points per second, for three
   ways of taking the results: evaluate_batch (all outputs in memory), iter_batch to a consumer that keeps
   the largest ratio of each point (what a viability scan needs), iter_batch to a consumer that writes
   every output of each chunk to a file (10^8 points and up).
`--quick` skips N > 7 and the 1e7-point runs; `--one-point` runs only block 3, `--batch` only block 5;
`--reference DIR` runs block 3 also with the ``zprime_sym`` package found in DIR (another checkout, e.g. the
commit before a change), the two alternately in fresh processes, and prints both rates and the ratio.
Targets (issue 13): (1) warm < 0.5 s, (2) warm < 0.3 s, (3) >= 1e4 points/s, (4) N = 7 < 2 s above the
floor, (5) <= 300 B/point at 1e7 for evaluate_batch "writing into preallocated outputs (or yielding chunks
to a consumer)", rate(1e7) >= 0.85 rate(1e6). The 300 B/point was set when 21 constraints needed 272
B/point for the inputs (10 doubles) and the outputs (3 g-2 values and one ratio per constraint): with the
29 of today the inputs and outputs alone are 336 B/point (evaluate.batch.bytes_per_point), so block 5
prints the in-memory peak beside that floor and the excess; the two iter_batch consumers hold no outputs.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_derive import growth_exponent, nhdm_text  # noqa: E402

from zprime_sym.evaluate.batch import bytes_per_point  # noqa: E402


def load() -> str:
    return "load %.2f" % os.getloadavg()[0]


def wall(cmd, env, repeat=1):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def zprime(*args):
    return [sys.executable, "-m", "zprime_sym.cli", *args]


def cli_susy(env_cold, env_warm, tmp):
    slha = Path(tmp) / "bp1.slha"
    slha.write_text(subprocess.run(zprime("susy", "spectrum", "BP1", "--slha"), check=True, capture_output=True,
                                   text=True, env=env_warm).stdout)
    print(f"1. CLI one-point SUSY ({load()}):")
    for args in (("susy", "spectrum", "BP1"), ("susy", "g2", str(slha))):
        cold = wall(zprime(*args), env_cold)[0]
        best, med = wall(zprime(*args), env_warm, repeat=5)
        name = " ".join(args).replace(str(slha), "FILE.slha")
        print(f"   zprime {name:22s} cold {cold:5.2f} s   warm {best:5.2f} s (median {med:.2f})")


def cli_derive(env_warm):
    print(f"2. zprime derive ({load()}):")
    nocache = {**env_warm, "ZPRIME_SYM_NO_CACHE": "1"}
    for model in ("nhdm_u1", "froggatt_nielsen"):
        cold = wall(zprime("derive", model), nocache)[0]
        wall(zprime("derive", model), env_warm)  # fill
        best, med = wall(zprime("derive", model), env_warm, repeat=5)
        print(f"   {model:18s} cold {cold:5.2f} s   warm {best:5.2f} s (median {med:.2f})")
    floor = wall([sys.executable, "-c", "pass"], env_warm, repeat=5)[0]
    print(f"   (python start-up alone {floor:.2f} s)")


ONE_POINT_CODE = r"""
import sys, time
if len(sys.argv) > 3:  # a reference checkout first on the path, ahead of an editable install's finder
    sys.path.insert(0, sys.argv[3])
    sys.meta_path[:] = [f for f in sys.meta_path if "__editable__" not in getattr(f, "__module__", "")]
sys.path.insert(0, sys.argv[1])
import zprime_sym
sys.stderr.write(zprime_sym.__file__ + "\n")
from bench_susy import evaluate, random_points
try:
    from zprime_sym.susy.point import evaluate_point
except ImportError:  # a reference checkout from before the one-call API
    evaluate_point = None
pts = random_points(300)
evaluate(random_points(3))  # compile / read the caches once
singles = [{k: float(v[i]) for k, v in pts.items()} for i in range(300)]
calls = {"composed": evaluate}
if evaluate_point is not None:
    evaluate_point(singles[0])
    calls["evaluate_point"] = evaluate_point
best = dict.fromkeys(calls, float("inf"))
for _ in range(int(sys.argv[2])):
    for name, fn in calls.items():  # alternately, so that both see the same machine
        t0 = time.perf_counter()
        for p in singles:
            fn(p)
        best[name] = min(best[name], time.perf_counter() - t0)
print(" ".join(f"{name}={len(singles) / t}" for name, t in best.items()))
"""


def one_point_rate(package_dir: str | None, repeat=5) -> dict:
    """{"composed": points/s of compute_spectrum + delta_a_susy (e, mu) + delta_a_zprime (mu) per point,
    "evaluate_point": points/s of the one-call API (if the package has it)}: best of ``repeat`` passes over
    300 points in a fresh process, importing zprime_sym from ``package_dir`` if given (else as installed)."""
    args = [sys.executable, "-c", ONE_POINT_CODE, str(Path(__file__).resolve().parent), str(repeat)]
    out = subprocess.run(args + ([package_dir] if package_dir else []), check=True, capture_output=True, text=True)
    imported = out.stderr.strip().splitlines()[-1]
    if package_dir and not imported.startswith(str(Path(package_dir).resolve())):
        raise RuntimeError(f"reference run imported {imported}, not the package in {package_dir}")
    return {k: float(v) for k, v in (item.split("=") for item in out.stdout.split())}


def one_point_api(reference: str | None = None, rounds: int = 3):
    """Section 3. With ``reference`` (a directory holding another checkout's ``zprime_sym`` package, e.g.
    ``git archive <commit> zprime_sym | tar -x -C DIR``), the two are run alternately, ``rounds`` times
    each, and the best rate of each is printed: before/after on the same machine in one run."""
    runs = {"this checkout": None}
    if reference:
        runs[f"reference {reference}"] = reference
    best: dict = {}
    loads = []
    for _ in range(rounds if reference else 1):
        for name, package_dir in runs.items():
            for call, rate in one_point_rate(package_dir).items():
                best[(name, call)] = max(best.get((name, call), 0.0), rate)
            loads.append(os.getloadavg()[0])
    print(f"3. one SUSY point per call, spectrum + g-2 (composed: compute_spectrum, delta_a_susy e and mu, "
          f"delta_a_zprime mu; evaluate_point: the same in one call; load {min(loads):.2f}-{max(loads):.2f}):")
    for (name, call), rate in best.items():
        print(f"   {name:28s} {call:15s} {rate:9,.0f} points/s ({1e6 / rate:6.0f} us per point)")
    if reference:
        ref = best[(f"reference {reference}", "composed")]
        for (name, call), rate in best.items():
            if name == "this checkout":
                print(f"   speed-up of {call} over the reference's composed path: {rate / ref:.2f}x")


def derive_growth(env, n_max):
    nocache = {**env, "ZPRIME_SYM_NO_CACHE": "1"}
    floor = wall([sys.executable, "-c", "import sympy, zprime_sym.commands.derive, zprime_sym.model.loader"],
                 nocache, repeat=3)[0]
    print(f"4. zprime derive, N Higgs doublets, cold, above the import floor {floor:.2f} s ({load()}):")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(2, n_max + 1):
            path = Path(tmp) / f"nhdm{n}.toml"
            path.write_text(nhdm_text(n))
            t = wall(zprime("derive", str(path), "--json"), nocache)[0] - floor
            shown = wall(zprime("derive", str(path)), nocache)[0] - floor  # the default text output
            rows.append((n, t))
            print(f"   N = {n:2d}: --json {t:6.2f} s, text {shown:6.2f} s   ({load()})")
    slope = growth_exponent(rows)
    if slope is not None:
        print(f"   growth: t ~ N^{slope:.2f} (log-log fit, N = 4..{n_max})")


BATCH_CODE = r"""
import os, resource, sys, tempfile, time
import numpy as np
from zprime_sym.evaluate.batch import evaluate_batch, iter_batch
from zprime_sym.model.couplings import COUPLING_NAMES
n, mode = int(sys.argv[1]), sys.argv[2]
evaluate_batch(np.array([0.01, 0.1]), {"CV_mu": 1e-4})  # imports, tables
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
rng = np.random.default_rng(7)
m = 10 ** rng.uniform(-3, 1, n)
c = {k: rng.choice([-1.0, 1.0], n) * 10 ** rng.uniform(-8, -2, n) for k in COUPLING_NAMES}
t0 = time.perf_counter()
if mode == "memory":  # every output held in memory
    out = evaluate_batch(m, c)
    ncons = len(out["ratios"])
elif mode == "reduce":  # a consumer that keeps the largest ratio of each point (excluded if > 1)
    worst = np.empty(n)
    for part, res in iter_batch(m, c):
        np.max(np.array(list(res["ratios"].values())), axis=0, out=worst[part])
        ncons = len(res["ratios"])
else:  # "disk": a consumer that writes every output of each chunk to a raw float64 file (rows of points)
    with tempfile.TemporaryDirectory() as tmp, open(os.path.join(tmp, "out.f64"), "wb") as fh:
        for part, res in iter_batch(m, c):
            cols = [*res["delta_a"].values(), *res["ratios"].values()]
            np.ascontiguousarray(np.array(cols).T).tofile(fh)
            ncons = len(res["ratios"])
        fh.flush()
        written = fh.tell()
        assert written == 8 * n * (len(res["delta_a"]) + ncons), written
dt = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(f"{(peak - base) / n:.0f} {n / dt:.0f} {ncons}")
"""

#: block 5's ways of taking the results: evaluate_batch holding all of them, iter_batch to two consumers
BATCH_MODES = {"memory": "evaluate_batch, all outputs in memory",
               "reduce": "iter_batch, consumer keeps the largest ratio per point",
               "disk": "iter_batch, consumer writes every output to a file"}


def batch_memory(sizes):
    print(f"5. evaluate_batch / iter_batch, one run each in a fresh process ({load()}); memory includes the "
          "10 input arrays:")
    for mode, what in BATCH_MODES.items():
        print(f"   {what}:")
        rates = {}
        for n in sizes:
            out = subprocess.run([sys.executable, "-c", BATCH_CODE, str(n), mode], check=True, capture_output=True,
                                 text=True)
            per_point, rate, ncons = out.stdout.split()
            rates[n] = float(rate)
            need = bytes_per_point(int(ncons))
            extra = (f" ({need} B the inputs and outputs alone, {float(per_point) - need:+.0f} B above them)"
                     if mode == "memory" else "")
            print(f"   {n:>12,d} points: peak {float(per_point):5.0f} B/point{extra}, {float(rate):12,.0f} points/s "
                  f"({ncons} constraints; {load()})")
        if len(rates) == 2:
            a, b = sorted(rates)
            print(f"   {'':12s} rate({b:.0e}) / rate({a:.0e}) = {rates[b] / rates[a]:.2f}")


def main():
    quick = "--quick" in sys.argv
    reference = sys.argv[sys.argv.index("--reference") + 1] if "--reference" in sys.argv else None
    if "--one-point" in sys.argv:
        one_point_api(reference)
        return
    if "--batch" in sys.argv:
        batch_memory([10**6] if quick else [10**6, 10**7])
        return
    with tempfile.TemporaryDirectory() as tmp:
        warm = {**os.environ, "ZPRIME_SYM_CACHE_DIR": str(Path(tmp) / "warm")}
        cold = {**os.environ, "ZPRIME_SYM_NO_CACHE": "1"}  # nothing read or written: a first run
        os.environ["ZPRIME_SYM_CACHE_DIR"] = warm["ZPRIME_SYM_CACHE_DIR"]  # in-process runs too: no user cache
        cli_susy(cold, warm, tmp)
        cli_derive(warm)
        one_point_api(reference)
        derive_growth(warm, 7 if quick else 10)
        batch_memory([10**6] if quick else [10**6, 10**7])


if __name__ == "__main__":
    main()
