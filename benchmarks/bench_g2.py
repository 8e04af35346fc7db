"""Speed of zprime_sym.evaluate.g2.delta_a against a naive per-point scipy.integrate.quad of Eq. (7).

Run from the repository root:  python3 benchmarks/bench_g2.py
Prints evaluations per second of the vectorised delta_a on 1e6 points (m_Z' log-uniform in
1 keV..1 TeV, random couplings, all three leptons) and of the per-point quad baseline on 2000
points, extrapolated, plus the largest relative difference between the two on the baseline points,
and which of the two is right at the three worst points (mpmath, 30 digits).
"""
from __future__ import annotations

import math
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import mpmath as mp
from scipy.integrate import IntegrationWarning, quad

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from zprime_sym.constants import constants  # noqa: E402
from zprime_sym.evaluate.g2 import delta_a  # noqa: E402

N_FAST = 1_000_000
N_SLOW = 2_000
LEPTONS = ("e", "mu", "tau")


def naive_delta_a(m_zp: float, cv: float, ca: float, lepton: str) -> float:
    """Eq. (7) of BCK21 by adaptive quadrature, one point at a time (the naive baseline)."""
    r = (constants().lepton_mass(lepton) / m_zp) ** 2
    den = lambda x: 1.0 - x + r * x * x
    i_v = quad(lambda x: x * x * (1.0 - x) / den(x), 0.0, 1.0, limit=200, epsabs=0.0, epsrel=1e-10)[0]
    i_a = quad(lambda x: (x * (1.0 - x) * (4.0 - x) + 2.0 * r * x**3) / den(x), 0.0, 1.0,
               limit=200, epsabs=0.0, epsrel=1e-10)[0]
    return r / (4.0 * math.pi**2) * (cv * cv * i_v - ca * ca * i_a)


def main() -> None:
    rng = np.random.default_rng(20260401)
    m = 10.0 ** rng.uniform(-6.0, 3.0, N_FAST)
    cv = rng.uniform(-1e-3, 1e-3, N_FAST)
    ca = rng.uniform(-1e-3, 1e-3, N_FAST)

    delta_a(m[:1000], cv[:1000], ca[:1000], "mu")  # warm-up (constants, caches)
    t0 = time.perf_counter()
    for lepton in LEPTONS:
        delta_a(m, cv, ca, lepton)
    fast = time.perf_counter() - t0
    fast_rate = len(LEPTONS) * N_FAST / fast
    print(f"g2.delta_a (vectorised): {len(LEPTONS)} x {N_FAST:.0e} points in {fast:.2f} s "
          f"-> {fast_rate:.3g} evaluations/s")

    idx = np.arange(N_SLOW)
    warnings.simplefilter("ignore", IntegrationWarning)  # quad struggles at small r: that is the point
    t0 = time.perf_counter()
    naive = np.array([naive_delta_a(m[i], cv[i], ca[i], LEPTONS[i % 3]) for i in idx])
    slow = time.perf_counter() - t0
    slow_rate = N_SLOW / slow
    print(f"scipy.integrate.quad per point: {N_SLOW} points in {slow:.2f} s -> {slow_rate:.3g} evaluations/s "
          f"(1e6 points would take ~{N_FAST / slow_rate:.0f} s)")
    print(f"speed-up: {fast_rate / slow_rate:.3g} x")

    ours = np.array([float(delta_a(m[i], cv[i], ca[i], LEPTONS[i % 3])) for i in idx])
    diff = np.abs(ours / naive - 1)
    print(f"max |ours/quad - 1| on the {N_SLOW} baseline points: {diff.max():.2e}")
    for i in np.argsort(diff)[-3:][::-1]:
        ref = mpmath_delta_a(m[i], cv[i], ca[i], LEPTONS[i % 3])
        print(f"  m_Z' = {m[i]:.4g} GeV, {LEPTONS[i % 3]}: |ours/mpmath - 1| = {abs(ours[i] / ref - 1):.1e}, "
              f"|quad/mpmath - 1| = {abs(naive[i] / ref - 1):.1e}")


def mpmath_delta_a(m_zp: float, cv: float, ca: float, lepton: str) -> float:
    """Eq. (7) with mpmath at 30 digits, breakpoints towards the boundary layer at x = 1 or x = 0."""
    with mp.workdps(30):
        r = (mp.mpf(constants().lepton_mass(lepton)) / mp.mpf(m_zp)) ** 2
        decades = int(abs(mp.log10(r))) + 3
        if r < 1:
            pts = [0] + [1 - mp.mpf(10) ** (-k) for k in range(1, decades)] + [1]
        else:
            pts = [0] + [mp.mpf(10) ** (-k) for k in range(decades // 2 + 2, 0, -1)] + [1]
        den = lambda x: 1 - x + r * x * x
        i_v = mp.quad(lambda x: x**2 * (1 - x) / den(x), pts)
        i_a = mp.quad(lambda x: (x * (1 - x) * (4 - x) + 2 * r * x**3) / den(x), pts)
        return float(r / (4 * mp.pi**2) * (mp.mpf(cv) ** 2 * i_v - mp.mpf(ca) ** 2 * i_a))


if __name__ == "__main__":
    main()
