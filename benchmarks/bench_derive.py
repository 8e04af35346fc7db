"""Wall time of `zprime derive` per shipped model (cold: a fresh process, imports included, on-disk cache
off), and of N-Higgs-doublet models for N = 2..10 above the import floor (a process that only imports
sympy and the derive command), with the growth exponent of a log-log fit. Not part of the tests.

    python benchmarks/bench_derive.py [--quick]      (--quick: N = 2..7, best of 2)
Targets: < 2 s per shipped model cold (issue 2); N = 7 doublets < 2 s above the import floor (issue 13).
"""
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from zprime_sym.model.loader import shipped_models


def nhdm_text(n: int) -> str:
    lines = ['name = "nhdm%d"' % n, "[gauge]", 'gp = "gp"', 'gt = "gt"', "[leptons]",
             'L = { e = "zL_e", mu = "zL_mu", tau = "zL_tau" }', 'eR = { e = "zR_e", mu = "zR_mu", tau = "zR_tau" }']
    for j in range(1, n + 1):
        lines += ["[[scalars]]", f'name = "H{j}"', 'rep = "doublet"', 'hypercharge = "1/2"', f'charge = "z{j}"']
    lines += ["[[scalars]]", 'name = "S"', 'rep = "singlet"', 'charge = "zS"', 'vev = "vS"', "[vevs]",
              "doublet_angles = [" + ", ".join(f'"tan_b{k}"' for k in range(1, n)) + "]"]
    for fl in ("e", "mu", "tau"):
        lines += ["[[operators]]", f'name = "yukawa_{fl}"', f'fields = ["L_{fl}~", "H{n}", "eR_{fl}"]']
    return "\n".join(lines) + "\n"


def growth_exponent(rows, n_min: int = 4):
    """Least-squares slope of ln t against ln N over the rows (N, t) with N >= n_min and t > 0 (None if < 2)."""
    fit = [(math.log(n), math.log(t)) for n, t in rows if n >= n_min and t > 0]
    if len(fit) < 2:
        return None
    mx, my = (sum(v) / len(fit) for v in zip(*fit))
    return sum((x - mx) * (y - my) for x, y in fit) / sum((x - mx) ** 2 for x, _ in fit)


NO_CACHE = {**os.environ, "ZPRIME_SYM_NO_CACHE": "1"}  # a first run: nothing read from or written to disk


def wall(cmd, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=NO_CACHE)
        times.append(time.perf_counter() - t0)
    return sorted(times)


def cold(model: str, repeat: int = 5) -> str:
    """'best / median' wall time of `zprime derive MODEL --json` in fresh processes (VM timings vary).
    The N-doublet rows also time the default text output (`zprime derive FILE`), whose display forms
    are arranged for N <= 2 only (zprime_sym.derive.display.arrange_for)."""
    times = wall([sys.executable, "-m", "zprime_sym.cli", "derive", model, "--json"], repeat)
    return f"{times[0]:6.2f} s (median {times[len(times) // 2]:.2f} s)"


def main() -> None:
    quick = "--quick" in sys.argv
    repeat = 2 if quick else 5
    print(f"zprime derive, cold (fresh process, imports included), best of {repeat}; load {os.getloadavg()[0]:.2f}:")
    for name in shipped_models():
        print(f"  {name:20s} {cold(name, repeat)}")
    floor = wall([sys.executable, "-c", "import sympy, zprime_sym.commands.derive, zprime_sym.model.loader"], 3)[0]
    print(f"N Higgs doublets, best of {repeat}, above the import floor {floor:.2f} s:")
    rows, text_rows = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(2, 8 if quick else 11):
            path = Path(tmp) / f"nhdm{n}.toml"
            path.write_text(nhdm_text(n))
            best = wall([sys.executable, "-m", "zprime_sym.cli", "derive", str(path), "--json"], repeat)[0] - floor
            shown = wall([sys.executable, "-m", "zprime_sym.cli", "derive", str(path)], repeat)[0] - floor
            rows.append((n, best))
            text_rows.append((n, shown))
            print(f"  N = {n:2d}: --json {best:6.2f} s, text {shown:6.2f} s above the floor "
                  f"(load {os.getloadavg()[0]:.2f})")
    for label, data in (("--json", rows), ("text", text_rows)):
        slope = growth_exponent(data)
        if slope is not None:
            print(f"  growth ({label}): t ~ N^{slope:.2f} (log-log fit, N = 4..{data[-1][0]})")


if __name__ == "__main__":
    main()
