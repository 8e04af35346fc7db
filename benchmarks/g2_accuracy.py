"""Accuracy of the Eq. (7) loop integrals against 30-digit mpmath quadrature at random r.

    python benchmarks/g2_accuracy.py [N]      (default 400 points, r log-uniform in 1e-17 - 1e14)
Prints the largest relative error of I_V and I_A in each regime of zprime_sym.evaluate.g2 (series, closed
form). Not part of the tests (tests/test_g2.py checks fixed points to 1e-11).
"""
import sys
from pathlib import Path

import numpy as np

from zprime_sym.evaluate import g2

# the tests' independent reference: 30-digit tanh-sinh quadrature of Eq. (7) with breakpoints
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_g2 import mp_integrals as reference  # noqa: E402


def main(n: int = 400) -> None:
    r = 10 ** np.random.default_rng(11).uniform(-17, 14, n)
    i_v, i_a = g2.loop_integrals(r)
    ref = np.array([reference(x) for x in r])
    err = np.maximum(np.abs(i_v / ref[:, 0] - 1), np.abs(i_a / ref[:, 1] - 1))
    for name, mask in (("series (r < %g)" % g2.R_SERIES, r < g2.R_SERIES), ("closed form", r >= g2.R_SERIES)):
        print(f"{name:22s} {mask.sum():4d} points, largest relative error {err[mask].max():.1e}")
    window = (r >= g2.R_SERIES) & (r < 0.2)
    if window.any():
        print(f"  of which 0.05 <= r < 0.2: {window.sum()} points, largest {err[window].max():.1e}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 400)
