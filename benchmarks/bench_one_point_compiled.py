"""What a compiled kernel would change for one SUSY point (issue 13, item 2). Not part of the tests.

    python benchmarks/bench_one_point_compiled.py        (needs numba: pip install numba; exit 3 without it)

zprime_sym runs one SUSY point through its batched engine at n = 1 (zprime_sym.susy.point.evaluate_point):
Python floats through the same lines that sum a batch on arrays, so each point costs Python's
interpretation of ~1500 float operations plus the numpy calls of the spectrum. This script measures the
alternative, a JIT-compiled kernel, on the largest part: the neutralino and chargino sums of Delta a_e and
Delta a_mu (zprime_sym.susy.loop_sums, MW hep-ph/0103067 Eqs. (2.2)-(2.12) = BDR20 Eqs. (3.2)-(3.5)).
The kernel below is a yardstick written for this measurement only: it takes the package's spectrum and
gauge vectors, uses the closed loop functions away from x = 1 and the package's Taylor coefficients near
it (zprime_sym.susy.loops), and is checked against the package's sums on every timed point before any
time is printed. It prints:

1. the loop sums of one point (e and mu): the package's float path against the compiled kernel, per call;
2. what the compiled route costs every process: ``import numba`` and the first call of the kernel read
   from numba's on-disk cache (fresh processes, best of 3), beside the warm `zprime susy g2 FILE.slha`
   that issue 13 item 1 wants under 0.5 s.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

KERNEL = r'''
import numpy as np
import numba


@numba.njit(cache=True)
def _series(c, d):
    acc = c[c.size - 1]
    for k in range(c.size - 2, -1, -1):
        acc = c[k] + acc * d
    return acc


@numba.njit(cache=True)
def loop_sums_kernel(mchi, rot, lam, mch, U, V, X, msl, msnu, G, hd, m_l, y, g2, series, radius):
    """(neutralino, chargino) parts of Delta a_l for the L leptons of one point (module docstring)."""
    n_lep = X.shape[0]
    neut = np.empty(n_lep)
    char = np.empty(n_lep)
    for l in range(n_lep):
        total = 0.0
        for i in range(rot.shape[0]):
            g_left = 0.0
            g_right = 0.0
            for a in range(rot.shape[1]):
                g_left += rot[i, a] * G[l, 0, a]
                g_right += rot[i, a] * G[l, 1, a]
            g_left *= -np.sqrt(2.0)
            g_right *= -np.sqrt(2.0)
            yn = y[l] * rot[i, hd]
            for m in range(2):
                m2 = msl[l, m] * msl[l, m]
                x = mchi[i] * mchi[i] / m2
                d = x - 1.0
                if abs(d) < radius:
                    f1, f2 = _series(series[0], d), _series(series[1], d)
                else:
                    e = 1.0 - x
                    e2 = e * e
                    xl = x * np.log(x)
                    f1 = 2.0 * (1.0 - 6.0 * x + 3.0 * x * x + 2.0 * x * x * x - 6.0 * x * xl) / (e2 * e2)
                    f2 = 3.0 * (1.0 - x * x + 2.0 * xl) / (e2 * e)
                r_l = g_left * X[l, m, 0] - yn * X[l, m, 1]
                r_r = g_right * X[l, m, 1] + yn * X[l, m, 0]
                total += (-m_l[l] / (12.0 * m2) * (r_l * r_l + r_r * r_r) * f1
                          + lam[i] / (3.0 * m2) * r_l * r_r * f2)
        neut[l] = m_l[l] / (16.0 * np.pi ** 2) * total
        msn2 = msnu[l] * msnu[l]
        c = 0.0
        for j in range(2):
            x = mch[j] * mch[j] / msn2
            d = x - 1.0
            if abs(d) < radius:
                f1, f2 = _series(series[2], d), _series(series[3], d)
            else:
                e = 1.0 - x
                e2 = e * e
                lg = np.log(x)
                f1 = 2.0 * (2.0 + 3.0 * x - 6.0 * x * x + x * x * x + 6.0 * x * lg) / (e2 * e2)
                f2 = -1.5 * (3.0 - 4.0 * x + x * x + 2.0 * lg) / (e2 * e)
            c_l = -g2 * V[j, 0]
            c_r = y[l] * U[j, 1]
            c += m_l[l] / (12.0 * msn2) * (c_l * c_l + c_r * c_r) * f1 + 2.0 * mch[j] / (3.0 * msn2) * c_l * c_r * f2
        char[l] = m_l[l] / (16.0 * np.pi ** 2) * c
    return neut, char
'''

#: a fresh process: import numba, load the kernel from numba's on-disk cache, call it once
FIRST_CALL = r'''
import sys, time
t0 = time.perf_counter()
import numpy as np
import numba
t1 = time.perf_counter()
sys.path.insert(0, sys.argv[1])
from kernel import loop_sums_kernel
z = np.zeros
loop_sums_kernel(z(7) + 100.0, np.eye(7), z(7) + 100.0, z(2) + 100.0, np.eye(2), np.eye(2), z((2, 2, 2)) + 0.5,
                 z((2, 2)) + 300.0, z(2) + 300.0, z((2, 2, 7)) + 0.1, 2, z(2) + 1e-3, z(2) + 1e-3, 0.65, z((4, 3)) + 1.0, 0.2)
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
'''


def kernel_inputs(spec, p, leptons):
    """The kernel's arguments at point 0 of a 1-point spectrum (the package's arrays, nothing recomputed
    but the Yukawa y_l = sqrt2 m_l / v_d of zprime_sym.susy.g2)."""
    import numpy as np

    from zprime_sym.susy.g2 import _gauge_vectors, _yukawa
    from zprime_sym.susy.loop_sums import real_neutralino_mixing
    from zprime_sym.susy.loops import SERIES_RADIUS, series_coefficients

    o_t, sign = real_neutralino_mixing(spec.N)
    G = np.array([np.stack(_gauge_vectors(spec, p, lep)[:2])[:, 0, :] for lep in leptons])
    hd = _gauge_vectors(spec, p, leptons[0])[2]
    return (spec.neutralino_masses[0], np.ascontiguousarray(o_t[0]), (sign * spec.neutralino_masses)[0],
            spec.chargino_masses[0], spec.U[0], spec.V[0], np.array([spec.slepton_mixing[lep][0] for lep in leptons]),
            np.array([spec.slepton_masses[lep][0] for lep in leptons]),
            np.array([spec.sneutrino_masses[lep][0] for lep in leptons]), G, hd,
            np.array([spec.sm[f"m_{lep}"][0] for lep in leptons]),
            np.array([_yukawa(spec, p, lep)[0] for lep in leptons]), float(spec.sm["g2"][0]),
            np.array([series_coefficients(name) for name in ("F1N", "F2N", "F1C", "F2C")]), SERIES_RADIUS)


def best_per_call(fn, args_list, repeat=5) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for args in args_list:
            fn(*args)
        best = min(best, (time.perf_counter() - t0) / len(args_list))
    return best


def main() -> int:
    try:
        import numba  # noqa: F401
    except ImportError:
        print("bench_one_point_compiled needs numba (pip install numba): not installed", file=sys.stderr)
        return 3
    import numpy as np
    from bench_susy import random_points

    from zprime_sym.susy.g2 import susy_loops
    from zprime_sym.susy.params import normalise_params, spectrum_of

    leptons = ("e", "mu")
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "kernel.py").write_text(KERNEL)
        env = {**os.environ, "NUMBA_CACHE_DIR": str(Path(tmp) / "numba-cache")}
        os.environ["NUMBA_CACHE_DIR"] = env["NUMBA_CACHE_DIR"]
        sys.path.insert(0, tmp)
        from kernel import loop_sums_kernel

        pts = random_points(300)
        singles = [{k: float(v[i]) for k, v in pts.items()} for i in range(300)]
        setups, package_args, kernel_args = [], [], []
        for pt in singles:
            p = normalise_params(pt)
            spec = spectrum_of(p, 1)
            package_args.append((spec, p, leptons))
            kernel_args.append(kernel_inputs(spec, p, leptons))
            setups.append(susy_loops(spec, p, leptons))
        worst = 0.0
        for (neut, char), args in zip(setups, kernel_args):
            kn, kc = loop_sums_kernel(*args)
            worst = max(worst, float(np.max(np.abs(kn - neut[:, 0]) / np.abs(neut[:, 0]))),
                        float(np.max(np.abs(kc - char[:, 0]) / np.abs(char[:, 0]))))
        if not worst < 1e-10:
            print(f"the kernel disagrees with zprime_sym.susy.loop_sums (worst relative difference {worst:.1e})")
            return 1
        t_package = best_per_call(susy_loops, package_args)
        t_kernel = best_per_call(loop_sums_kernel, kernel_args)
        print(f"1. SUSY loop sums of one point, e and mu (300 random points of BDR20 Sec. 4, load "
              f"{os.getloadavg()[0]:.2f}; kernel = package to {worst:.0e} relative):")
        print(f"   zprime_sym float path (susy_loops)   {1e6 * t_package:7.1f} us per point")
        print(f"   compiled kernel (numba)              {1e6 * t_kernel:7.1f} us per point  "
              f"({t_package / t_kernel:.0f}x)")
        firsts = []
        for _ in range(3):
            out = subprocess.run([sys.executable, "-c", FIRST_CALL, tmp], check=True, capture_output=True, text=True,
                                 env=env)
            firsts.append(tuple(float(v) for v in out.stdout.split()))
        imp, first = min(f[0] for f in firsts), min(f[1] for f in firsts)
        slha = Path(tmp) / "bp1.slha"
        zprime = [sys.executable, "-m", "zprime_sym.cli"]
        slha.write_text(subprocess.run(zprime + ["susy", "spectrum", "BP1", "--slha"], check=True,
                                       capture_output=True, text=True).stdout)
        cli = float("inf")
        for _ in range(5):
            t0 = time.perf_counter()
            subprocess.run(zprime + ["susy", "g2", str(slha)], check=True, stdout=subprocess.DEVNULL)
            cli = min(cli, time.perf_counter() - t0)
        print(f"2. per process (fresh processes, best of 3; load {os.getloadavg()[0]:.2f}):")
        print(f"   import numba                         {imp:6.2f} s")
        print(f"   first kernel call, from numba's cache {first:6.2f} s")
        print(f"   zprime susy g2 FILE.slha, warm today  {cli:6.2f} s (issue 13 item 1: < 0.5 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
