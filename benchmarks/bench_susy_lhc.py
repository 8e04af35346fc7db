"""Cost of the LHC/cosmology flags per batch, and of their branching ratios (zprime_sym.susy.decays).

Run: python3 benchmarks/bench_susy_lhc.py [n_batch]. Prints seconds per batch; no assertions.
"""
import sys
import time

import numpy as np

from zprime_sym.susy import lhc
from zprime_sym.susy.params import compute_spectrum

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from bench_susy import random_points  # noqa: E402


def best_of(f, repeat=3):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    p = {k: np.asarray(v) for k, v in random_points(n).items()}
    spec = compute_spectrum(p)
    idx = lhc.nlsp_index(spec)
    t_all = best_of(lambda: lhc.spectrum_constraints(spec, p))
    t_br = best_of(lambda: [lhc.signal_fractions(spec, p, k, idx) for k in (0, 1)])
    print(f"batch of {n}: spectrum_constraints {t_all:.3f} s, of which branching ratios {t_br:.3f} s")


if __name__ == "__main__":
    main()
