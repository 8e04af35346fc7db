"""Accuracy of the Eq. (7) loop integrals against 30-digit mpmath quadrature at random r.

    python benchmarks/g2_accuracy.py [N]      (default 400 points, r log-uniform in 1e-17 - 1e14)
Prints the largest relative error of I_V and I_A in each regime of zprime_sym.evaluate.g2 (series,
Gauss-Legendre, closed
form), plus a dense 40-digit check across both switches. Not part of the tests
(tests/test_g2_accuracy.py checks the switches to 1e-13).
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
    regimes = (("series (r < %g)" % g2.R_SERIES, r < g2.R_SERIES),
               ("Gauss-Legendre", (r >= g2.R_SERIES) & (r < g2.R_CLOSED)),
               ("closed form (r >= %g)" % g2.R_CLOSED, r >= g2.R_CLOSED))
    for name, mask in regimes:
        print(f"{name:22s} {mask.sum():4d} points, largest relative error {err[mask].max():.1e}")
    # dense check of the window around both switches against 40-digit quadrature
    from test_g2_accuracy import mp40  # noqa: E402

    dense = np.linspace(0.03, 0.7, 271)
    d_v, d_a = g2.loop_integrals(dense)
    ref = np.array([mp40(x) for x in dense])
    d_err = np.maximum(np.abs(d_v / ref[:, 0] - 1), np.abs(d_a / ref[:, 1] - 1))
    print(f"dense 0.03 <= r <= 0.7 (271 points, 40 digits): largest relative error {d_err.max():.1e} "
          f"at r = {dense[d_err.argmax()]:.4f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 400)
