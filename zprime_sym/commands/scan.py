"""``zprime scan CONFIG.toml``: run or resume a batched parameter scan (see zprime_sym.scan.engine)."""
from __future__ import annotations

import argparse

import numpy as np

from ..exceptions import InputError
from ..scan.engine import MAX_BATCHES, MAX_POINTS, ScanConfig, load_plugin, load_results, run_scan
from ._common import print_json


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "scan", help="run or resume a parameter scan from a TOML config",
        description="Run (or resume) a batched scan; results go to the config's output directory as "
                    "one .npz per batch plus manifest.json.",
    )
    parser.add_argument("config", help="scan configuration (TOML)")
    parser.add_argument("--workers", type=int, default=None,
                        help="local worker processes (0 or 1: serial; default: all cores)")
    parser.add_argument("--scheduler", default=None, help="dask.distributed scheduler address (optional extra 'dask')")
    parser.add_argument("--no-progress", action="store_true",
                        help="do not print the progress line on stderr (it is shown only on a terminal anyway)")
    parser.add_argument("--max-points", type=int, default=MAX_POINTS, metavar="N",
                        help=f"refuse configs with more than N points (default {MAX_POINTS:.0e})")
    parser.add_argument("--max-batches", type=int, default=MAX_BATCHES, metavar="N",
                        help=f"refuse configs with more than N batches (default {MAX_BATCHES})")
    parser.add_argument("--json", action="store_true", help="print a JSON summary")
    parser.add_argument("--plugin", metavar="MODULE:FACTORY", default=None,
                        help="run your own evaluator: import MODULE and call FACTORY(config) (the config's "
                             "'evaluator' key can only name the project's evaluators)")
    parser.set_defaults(handler=run)


def _summary(config: ScanConfig) -> dict:
    res = load_results(config.output)
    summary = {"output": config.output, "n_points": int(len(next(iter(res.values())))) if res else 0,
               "n_batches": config.n_batches, "seed": config.seed}
    for name, col in res.items():
        if name.startswith("pass") and col.dtype == bool:
            summary[name] = int(np.count_nonzero(col))
    return summary


def run(args: argparse.Namespace) -> int:
    if args.workers is not None and not 0 <= args.workers <= 1024:
        raise InputError(f"--workers {args.workers}: must be between 0 and 1024")
    for option, value in (("--max-points", args.max_points), ("--max-batches", args.max_batches)):
        if value < 1:
            raise InputError(f"{option} {value}: must be positive")
    config = ScanConfig.from_toml(args.config)
    evaluate = None
    if args.plugin is not None:
        config, evaluate = load_plugin(args.plugin, config)
    run_scan(config, evaluate, workers=args.workers, scheduler=args.scheduler, progress=not args.no_progress,
             max_points=args.max_points, max_batches=args.max_batches)
    summary = _summary(config)
    if args.json:
        print_json(summary)
    else:
        for key, value in summary.items():
            print(f"{key}: {value}")
    return 0
