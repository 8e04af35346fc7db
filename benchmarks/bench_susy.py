"""Throughput of the SUSY spectrum + g-2 (e and mu, SUSY and Z' parts): batched vs point by point.

Run: python3 benchmarks/bench_susy.py [n_batch]. Prints points per second; no assertions.
"""
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from zprime_sym.susy.g2 import delta_a_susy, delta_a_zprime
from zprime_sym.susy.params import compute_spectrum


def random_points(n, seed=1):
    """BDR20 Sec. 4 scan ranges: soft masses and |mu| 100 GeV - 1 TeV (mu < 0), tan b 10-50, A 0.5-1 TeV."""
    rng = np.random.default_rng(seed)
    u = lambda lo, hi: rng.uniform(lo, hi, n)
    mmu = u(100, 1000)
    return dict(M1=u(100, 1000), M2=u(100, 1000), M0=u(100, 1000), mu=-u(100, 1000), tan_beta=u(10, 50),
                gX=u(3e-4, 1e-3), m_zp=u(0.01, 0.21), mL_e=u(100, 1000), mE_e=u(100, 1000), mL_mu=mmu, mE_mu=mmu,
                mL_tau=17.8 * mmu, mE_tau=17.8 * mmu, A_e=u(500, 1000), A_mu=u(500, 1000), A_tau=u(500, 1000))


def evaluate(p):
    spec = compute_spectrum(p)
    out = {lep: delta_a_susy(spec, p, lep)["total"] for lep in ("e", "mu")}
    out["mu"] = out["mu"] + delta_a_zprime(p["m_zp"], p["gX"], "mu")
    return out


def best_rate(fn, n, repeat=3):
    """Points per second of the fastest of ``repeat`` runs of fn() over n points (VM timings vary)."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return n / best


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    evaluate(random_points(10))  # compile (sympy -> numpy) and cache the loop-function series once
    pts = random_points(n)
    print(f"{n} points, spectrum + SUSY g-2 (e, mu) + Z' g-2 (mu); load average {os.getloadavg()[0]:.2f}; best of 3")
    for chunk in (10_000, 20_000):
        chunks = [{k: v[s:s + chunk] for k, v in pts.items()} for s in range(0, n, chunk)]
        one = best_rate(lambda: [evaluate(c) for c in chunks], n)

        def threaded():
            with ThreadPoolExecutor(max_workers=2) as pool:  # numpy releases the GIL in linalg and ufuncs
                list(pool.map(evaluate, chunks))

        two = best_rate(threaded, n)
        print(f"  chunks of {chunk:6d}: 1 thread {one:9,.0f} points/s, 2 threads {two:9,.0f} points/s")
    m = 300
    t0 = time.perf_counter()
    for i in range(m):
        evaluate({k: v[i] for k, v in pts.items()})
    single = m / (time.perf_counter() - t0)
    print(f"  point by point: {single:,.0f} points/s ({1e3 / single:.1f} ms per point)")


if __name__ == "__main__":
    main()
