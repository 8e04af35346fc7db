"""Time of the display forms printed by ``zprime derive`` (zprime_sym.derive.display), per shipped model.

Usage: python benchmarks/bench_display.py. Prints, per model, the derivation time and the time to
arrange every printed expression (couplings, mixing, m_Z'^2, rho, anomalies) for display.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from zprime_sym.derive.display import display_form  # noqa: E402
from zprime_sym.model.loader import load_model  # noqa: E402


def main() -> int:
    for path in sorted((ROOT / "models").glob("*.toml")):
        t0 = time.perf_counter()
        d = load_model(path.stem).derive()
        t1 = time.perf_counter()
        exprs = list(d.couplings.values()) + list(d.anomalies.values())
        if d.gauge is not None:
            exprs += [d.gauge.tan_2phi, d.gauge.phi_lo, d.gauge.mZp2_lo, d.gauge.delta_mZ2_lo, d.gauge.rho_lo]
        for e in exprs:
            display_form(e)
        t2 = time.perf_counter()
        print(f"{path.stem:18s} derive {t1 - t0:6.2f} s   display ({len(exprs)} expressions) {t2 - t1:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
