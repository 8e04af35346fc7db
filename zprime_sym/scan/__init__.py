"""Stage 6: batched, resumable parameter scans (local process pool or Dask); see :mod:`.engine`."""
from .engine import EVALUATORS, ScanConfig, load_plugin, load_results, make_evaluator, run_scan, sample_batch

__all__ = ["EVALUATORS", "ScanConfig", "load_plugin", "load_results", "make_evaluator", "run_scan", "sample_batch"]
