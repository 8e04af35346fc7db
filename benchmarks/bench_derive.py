"""Wall time of `zprime derive` per shipped model (cold: a fresh process, imports included), and of
N-Higgs-doublet models for N = 2..5. Not part of the tests.

    python benchmarks/bench_derive.py
Targets (issue 2): < 2 s per shipped model cold, < 10 s for N = 5.
"""
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


def cold(model: str, repeat: int = 5) -> str:
    """'best / median' wall time of `zprime derive MODEL --json` in fresh processes (VM timings vary)."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "zprime_sym.cli", "derive", model, "--json"], check=True,
                       stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    times.sort()
    return f"{times[0]:6.2f} s (median {times[len(times) // 2]:.2f} s)"


def main() -> None:
    print(f"zprime derive, cold (fresh process, imports included), best of 5; load {os.getloadavg()[0]:.2f}:")
    for name in shipped_models():
        print(f"  {name:20s} {cold(name)}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(2, 6):
            path = Path(tmp) / f"nhdm{n}.toml"
            path.write_text(nhdm_text(n))
            print(f"  N = {n} Higgs doublets   {cold(str(path))}")


if __name__ == "__main__":
    main()
