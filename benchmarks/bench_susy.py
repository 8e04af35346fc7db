"""Throughput of the SUSY spectrum + g-2 (e and mu, SUSY and Z' parts): batched vs point by point.

Run: python3 benchmarks/bench_susy.py [n_batch]. Prints points per second; no assertions.
"""
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from zprime_sym.susy.g2 import delta_a_susy, delta_a_zprime
from zprime_sym.susy.params import compute_spectrum


def random_points(n, seed=1):
    """Seed 000 Sec. 4 scan ranges: soft masses and |mu| 100 GeV - 1 TeV (mu < 0), tan b 10-50, A 0.5-1 TeV."""
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


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    evaluate(random_points(10))  # compile (sympy -> numpy) and cache the loop-function series once
    pts = random_points(n)
    t0 = time.perf_counter()
    for start in range(0, n, 20_000):
        evaluate({k: v[start:start + 20_000] for k, v in pts.items()})
    batched = n / (time.perf_counter() - t0)
    chunks = [{k: v[s:s + 20_000] for k, v in pts.items()} for s in range(0, n, 20_000)]
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:  # numpy releases the GIL in linalg and ufuncs
        list(pool.map(evaluate, chunks))
    threaded = n / (time.perf_counter() - t0)
    m = 300
    t0 = time.perf_counter()
    for i in range(m):
        evaluate({k: v[i] for k, v in pts.items()})
    single = m / (time.perf_counter() - t0)
    print(f"batched (chunks of 20000): {batched:,.0f} points/s over {n} points")
    print(f"batched, 2 threads       : {threaded:,.0f} points/s over {n} points")
    print(f"point by point           : {single:,.0f} points/s over {m} points")
    print(f"speed-up                 : {batched / single:,.0f}x")


if __name__ == "__main__":
    main()
