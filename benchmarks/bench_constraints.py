"""Print the time to evaluate every constraint on N random parameter points (not part of the tests).

    python3 benchmarks/bench_constraints.py [N]
"""
import sys
import time

import numpy as np

from zprime_sym.constraints import all_constraints, evaluate_all
from zprime_sym.model.couplings import COUPLING_NAMES


def main(n: int = 100_000) -> None:
    rng = np.random.default_rng(12345)
    m = 10 ** rng.uniform(-3, 1, n)  # 1 MeV - 10 GeV
    couplings = {name: rng.choice([-1, 1], n) * 10 ** rng.uniform(-10, -2, n) for name in COUPLING_NAMES}
    cons = all_constraints(include_projections=True)
    evaluate_all(m[:10], {k: v[:10] for k, v in couplings.items()}, constraints=cons)  # warm the caches
    for con in cons:
        t0 = time.perf_counter()
        con.evaluate(m, couplings)
        print(f"{con.name:26s} {1e6 * (time.perf_counter() - t0) / n:8.3f} us/point")
    t0 = time.perf_counter()
    evaluate_all(m, couplings, constraints=cons)
    dt = time.perf_counter() - t0
    print(f"{'all':26s} {1e6 * dt / n:8.3f} us/point  ({n} points in {dt:.2f} s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
