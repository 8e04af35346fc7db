"""Throughput of g-2 plus all constraints on 1e6 points (m_Z', nine couplings) in one process, and the
naive baseline: Eq. (7) by per-point scipy.integrate.quad. Not part of the tests.

    python benchmarks/bench_g2_constraints.py [N] [--reference DIR ...]
Targets (issues 3 and 10): >= 1e6 points/s for the full set on two threads, >= 1000x the naive baseline.

Points: m_Z' log-uniform in 1 MeV - 10 GeV, each coupling log-uniform in 1e-8 - 1e-2 with a random
sign (seed 7). Times are wall-clock; the machine load is printed beside them, since other processes
on a 2-core machine change the figures. ``--reference DIR`` (a checkout of an earlier commit, e.g. a
git worktree; repeatable) measures evaluate_batch there too, in fresh processes alternating with this
checkout, so that both see the same machine load.
"""
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from scipy.integrate import quad

from zprime_sym.evaluate.batch import evaluate_batch
from zprime_sym.constants import constants
from zprime_sym.constraints import all_constraints, evaluate_all
from zprime_sym.model.couplings import COUPLING_NAMES, QUARK_COUPLING_NAMES
from zprime_sym.evaluate.g2 import delta_a_leptons


def naive_delta_a(m, cv, ca, ml):
    r = ml**2 / m**2
    iv = quad(lambda x: x**2 * (1 - x) / (1 - x + x**2 * r), 0, 1)[0]
    ia = quad(lambda x: (x * (1 - x) * (4 - x) + 2 * x**3 * r) / (1 - x + x**2 * r), 0, 1)[0]
    return r / (4 * np.pi**2) * (cv**2 * iv - ca**2 * ia)


def timed(fn, repeat=3):
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


#: Earlier figures of evaluate_batch on 2 threads (this benchmark, 10^6 points), printed for comparison.
EARLIER = (
    ("21 constraints, leptons only, before issue 10 (da69373; 0.87e6 on the 2026-12-02 machine)", 1.16e6),
    ("27 constraints, before the per-chunk sharing of the mass-only quantities (main 19a249d, 2026-12-02)", 3.8e5),
)

#: evaluate_batch's rate in a fresh process whose import path starts with a given checkout.
RATE_CODE = r"""
import sys, time
sys.path.insert(0, sys.argv[1])  # the checkout first, ahead of an editable install's finder
sys.meta_path[:] = [f for f in sys.meta_path if "__editable__" not in getattr(f, "__module__", "")]
import numpy as np
import zprime_sym
try:
    from zprime_sym.evaluate.batch import evaluate_batch
    from zprime_sym.model.couplings import COUPLING_NAMES
except ImportError:  # checkouts before the package was split into subpackages
    from zprime_sym.batch import evaluate_batch
    from zprime_sym.couplings import COUPLING_NAMES
from zprime_sym.constraints import all_constraints
n, workers = int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(7)
m = 10 ** rng.uniform(-3, 1, n)
c = {k: rng.choice([-1, 1], n) * 10 ** rng.uniform(-8, -2, n) for k in COUPLING_NAMES}
cons = all_constraints()
evaluate_batch(m[:100], {k: v[:100] for k, v in c.items()}, constraints=cons)
best = float("inf")
for _ in range(3):
    t0 = time.perf_counter()
    evaluate_batch(m, c, constraints=cons, workers=workers)
    best = min(best, time.perf_counter() - t0)
print(len(cons), n / best, zprime_sym.__file__)
"""


def rate_in(checkout: str, n: int, workers: int) -> tuple[int, float]:
    """(number of constraints, points/s of evaluate_batch, best of 3) with ``checkout`` first on the path."""
    out = subprocess.run([sys.executable, "-c", RATE_CODE, checkout, str(n), str(workers)], check=True,
                         capture_output=True, text=True).stdout.split()
    return int(out[0]), float(out[1])


def compare(references: list[str], n: int, rounds: int = 3) -> None:
    """evaluate_batch on 2 threads here and in each reference checkout, alternately, ``rounds`` times."""
    here = str(Path(__file__).resolve().parent.parent)
    best: dict[str, tuple[int, float]] = {}
    for _ in range(rounds):
        for checkout in [here, *references]:
            count, rate = rate_in(checkout, n, 2)
            best[checkout] = (count, max(rate, best.get(checkout, (0, 0.0))[1]))
    print(f"alternating fresh processes, evaluate_batch on 2 threads, best of {rounds} x 3 "
          f"(load average {os.getloadavg()[0]:.2f}):")
    for checkout, (count, rate) in best.items():
        print(f"  {checkout:40s} {count} constraints: {rate:,.0f} points/s")


def main(n: int = 1_000_000, references: list[str] | None = None) -> None:
    rng = np.random.default_rng(7)
    m = 10 ** rng.uniform(-3, 1, n)
    c = {k: rng.choice([-1, 1], n) * 10 ** rng.uniform(-8, -2, n) for k in COUPLING_NAMES}
    cons = all_constraints()
    evaluate_batch(m[:100], {k: v[:100] for k, v in c.items()}, constraints=cons)
    print(f"{n} points, {len(cons)} constraints + g-2 (e, mu, tau); load average {os.getloadavg()[0]:.2f}, "
          f"{os.cpu_count()} cores; best of 3")
    t_g2 = timed(lambda: delta_a_leptons(m, c))
    t_one = timed(lambda: (delta_a_leptons(m, c), evaluate_all(m, c, constraints=cons)))
    print(f"  one pass over all points:      g-2 {t_g2:.2f} s, g-2 + constraints {t_one:.2f} s "
          f"-> {n / t_one:,.0f} points/s")
    results = {}
    for workers in (1, 2):
        t = timed(lambda: evaluate_batch(m, c, constraints=cons, workers=workers))
        results[workers] = t
        print(f"  evaluate_batch, {workers} thread(s):  {t:.2f} s -> {n / t:,.0f} points/s")
    for label, rate in EARLIER:
        print(f"    earlier, 2 threads: {rate:.3g} points/s with {label}")
    # with the quark/nucleon couplings too (hadronic widths, APV): the enlarged set of issue 10
    cq = dict(c, **{q: rng.choice([-1, 1], n) * 10 ** rng.uniform(-8, -2, n) for q in QUARK_COUPLING_NAMES})
    tq = timed(lambda: evaluate_batch(m, cq, constraints=cons, workers=2))
    print(f"  evaluate_batch, 2 threads, with quark couplings: {tq:.2f} s -> {n / tq:,.0f} points/s "
          f"(3.6e5 on main 19a249d, 2026-12-02)")
    k = constants()
    n_naive = 300
    t0 = time.perf_counter()
    for i in range(n_naive):
        for fl, ml in (("e", k.m_e), ("mu", k.m_mu), ("tau", k.m_tau)):
            naive_delta_a(m[i], c[f"CV_{fl}"][i], c[f"CA_{fl}"][i], ml)
    t_naive_g2 = (time.perf_counter() - t0) / n_naive
    t0 = time.perf_counter()
    for i in range(n_naive):
        for fl, ml in (("e", k.m_e), ("mu", k.m_mu), ("tau", k.m_tau)):
            naive_delta_a(m[i], c[f"CV_{fl}"][i], c[f"CA_{fl}"][i], ml)
        evaluate_all(m[i], {key: v[i] for key, v in c.items()}, constraints=cons)
    t_naive = (time.perf_counter() - t0) / n_naive
    best = min(results.values())
    print(f"naive per-point quad of Eq. (7) (e, mu, tau): {1 / t_naive_g2:,.0f} points/s "
          f"-> vectorised g-2 is {t_naive_g2 * n / t_g2:,.0f}x faster")
    print(f"naive point by point (quad g-2 + every constraint on one point): {1 / t_naive:,.0f} points/s "
          f"-> evaluate_batch is {t_naive * n / best:,.0f}x faster")
    if references:
        compare(references, n)


if __name__ == "__main__":
    args = sys.argv[1:]
    refs = [args[i + 1] for i, a in enumerate(args) if a == "--reference"]
    rest = [a for i, a in enumerate(args) if a != "--reference" and (i == 0 or args[i - 1] != "--reference")]
    main(int(rest[0]) if rest else 1_000_000, refs)
