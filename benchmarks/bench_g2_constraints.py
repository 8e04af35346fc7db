"""Throughput of g-2 plus all constraints on 1e6 points (m_Z', nine couplings) in one process, and the
naive baseline: Eq. (7) by per-point scipy.integrate.quad. Not part of the tests.

    python benchmarks/bench_g2_constraints.py [N]
Targets (issue 3): >= 1e6 points/s for the full set, >= 1000x the naive baseline.

Points: m_Z' log-uniform in 1 MeV - 10 GeV, each coupling log-uniform in 1e-8 - 1e-2 with a random
sign (seed 7). Times are wall-clock; the machine load is printed beside them, since other processes
on a 2-core machine change the figures.
"""
import os
import sys
import time

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


def main(n: int = 1_000_000) -> None:
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
    # with the quark/nucleon couplings too (hadronic widths, APV): the enlarged set of issue 10
    cq = dict(c, **{q: rng.choice([-1, 1], n) * 10 ** rng.uniform(-8, -2, n) for q in QUARK_COUPLING_NAMES})
    tq = timed(lambda: evaluate_batch(m, cq, constraints=cons, workers=2))
    print(f"  evaluate_batch, 2 threads, with quark couplings: {tq:.2f} s -> {n / tq:,.0f} points/s "
          f"(before issue 10: 1.16e6 points/s with 21 constraints and leptons only)")
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


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
