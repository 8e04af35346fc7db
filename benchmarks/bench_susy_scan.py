"""Points per second for the full SUSY point evaluation used by scans (spectrum + SUSY and Z' g-2 +
the (m_Z', g_X) plane + collider/cosmology constraints), batched, against a point-by-point loop.
Not part of the tests.

    python benchmarks/bench_susy_scan.py [N]
"""
import sys
import time
from pathlib import Path

from zprime_sym.scan.engine import ScanConfig, sample_batch
from zprime_sym.susy.evaluate import SusyEvaluator


def main(n: int = 100_000) -> None:
    cfg = ScanConfig.from_toml(Path(__file__).with_name("susy_table2.toml"))
    evaluator = SusyEvaluator(data="bdr2021", nsigma=2.0)
    batch = sample_batch(cfg, 0)
    params = {k: v[: min(n, len(v))] for k, v in batch.items()}
    m = len(next(iter(params.values())))
    evaluator({k: v[:10] for k, v in params.items()})  # compile and warm caches
    t0 = time.perf_counter()
    out = evaluator(params)
    dt = time.perf_counter() - t0
    print(f"batched full evaluation: {m / dt:,.0f} points/s over {m} points ({int(out['pass_all'].sum())} pass)")
    k = 200
    t0 = time.perf_counter()
    for i in range(k):
        evaluator({key: v[i:i + 1] for key, v in params.items()})
    dt1 = (time.perf_counter() - t0) / k
    print(f"point by point          : {1 / dt1:,.0f} points/s over {k} points")
    print(f"speed-up                : {dt1 * m / dt:,.0f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
