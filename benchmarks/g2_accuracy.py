"""Accuracy of the Eq. (7) loop integrals against 30-digit mpmath quadrature at random r.

    python benchmarks/g2_accuracy.py [N]      (default 400 points, r log-uniform in 1e-17 - 1e14)
Prints the largest relative error of I_V and I_A in each regime of zprime_sym.g2 (series, closed
form). Not part of the tests (tests/test_g2.py checks fixed points to 1e-11).
"""
import sys

import mpmath as mp
import numpy as np

from zprime_sym import g2


def reference(r: float) -> tuple[float, float]:
    """(I_V, I_A) by tanh-sinh quadrature with breakpoints towards the boundary layer."""
    with mp.workdps(30):
        r = mp.mpf(r)
        den = lambda x: 1 - x + r * x * x
        decades = int(abs(mp.log10(r))) + 3
        if r < 1:
            pts = [mp.mpf(0)] + [1 - mp.mpf(10) ** (-k) for k in range(1, decades)] + [mp.mpf(1)]
        else:
            pts = [mp.mpf(0)] + [mp.mpf(10) ** (-k) for k in range(decades // 2 + 2, 0, -1)] + [mp.mpf(1)]
        i_v = mp.quad(lambda x: x**2 * (1 - x) / den(x), pts)
        i_a = mp.quad(lambda x: (x * (1 - x) * (4 - x) + 2 * r * x**3) / den(x), pts)
        return float(i_v), float(i_a)


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
