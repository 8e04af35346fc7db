"""Verdict benchmark (not a test): cold wall time of `zprime verdict` per shipped model, points per second
inside the search, and the 10-seed agreement of verdict and window edges over every shipped model x
every shipped measurement set. Writes docs/verdicts.md from the seed-0 verdicts.

    python benchmarks/bench_verdict.py [--seeds N] [--cold-repeats N] [--no-table] [--no-cold] [--reference DIR]

Targets (issue 9, 2-core machine): >= 3e5 points/s inside the search, < 3 s cold per shipped model,
every model x measurement-set combination seed-independent.

The last lines are one per shipped model: cold seconds (best of --cold-repeats fresh processes), points/s in
the search (cold run and best in-process run) and the number of measurement sets whose verdict and windows
agree for all seeds; the load average is printed at the start and the end (the machine may be shared).
``--reference DIR`` (a checkout of issue 10's reference commit da69373, e.g. ``git archive da69373 | tar -x
-C DIR``) also measures that code's evaluate_batch on 2 threads at the start and the end, a yardstick of
the machine's speed during the run: it gave 1.16e6 points/s on the day the targets were set.

The cold time runs `python -m zprime_sym.cli verdict MODEL --json` in a fresh process (imports, derivation,
compilation and search included: what a user waits for); points/s = points fully evaluated (g-2 and every
constraint through evaluate_batch) / wall time of the whole search (those evaluations and the search's own
arithmetic: candidates, refinement, window edges), the JSON's ``search_seconds``.
"""
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from zprime_sym.evaluate.measurements import available_sets
from zprime_sym.model.loader import shipped_models
from zprime_sym.viability.verdict import verdict



def row(v) -> str:
    if v.viable:
        w = v.witness
        windows = ", ".join(f"{a:.3g}-{b:.3g}" for a, b in v.windows_MeV)
        params = ", ".join(f"{k} = {x:.3g}" for k, x in w["parameters"].items())
        return (f"| {v.model} | {v.data} | **viable** | {windows} MeV | witness m_Z' = {w['m_zp_MeV']:.4g} MeV "
                f"({params}); pulls e {w['pulls']['e']:+.2f}, mu {w['pulls']['mu']:+.2f}; largest ratio "
                f"{w['max_constraint_ratio'][0]:.2f} ({w['max_constraint_ratio'][1]}) |")
    fails = ", ".join(f"{f['name']} {f['ratio']:.3g}" for f in v.failures[:3])
    block = "; ".join(f"`{r}`" for r in v.blocking_relations) or "-"
    lo = " (LO candidates failed the exact re-evaluation)" if any("none survived" in n for n in v.notes) else ""
    where = "no point in the g-2 window" if v.best is None else f"best at {v.best['m_zp_MeV']:.3g} MeV"
    return f"| {v.model} | {v.data} | not viable{lo} | {where} misses: {fails} | blocking: {block} |"


def cold(name: str) -> tuple[float, dict]:
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "zprime_sym.cli", "verdict", name, "--json"],
                         capture_output=True, text=True).stdout
    return time.perf_counter() - t0, json.loads(out)


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def yardstick(reference: str | None) -> str:
    """The reference checkout's evaluate_batch rate on 2 threads (bench_g2_constraints.rate_in), as text."""
    if reference is None:
        return ""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_g2_constraints import rate_in

    return f"; yardstick {reference}: evaluate_batch {rate_in(reference, 1_000_000, 2)[1]:.3g} points/s on 2 threads"


def main(argv) -> None:
    seeds = int(argv[argv.index("--seeds") + 1]) if "--seeds" in argv else 10
    repeats = int(argv[argv.index("--cold-repeats") + 1]) if "--cold-repeats" in argv else 3
    reference = argv[argv.index("--reference") + 1] if "--reference" in argv else None
    models = shipped_models()
    lines = [f"bench_verdict: {seeds} seeds, cold best of {repeats}; start {load()} (2 cores){yardstick(reference)}"]
    print(lines[0], flush=True)
    rows, agree, total = [], 0, 0
    per_model: dict = {name: {"agree": 0, "sets": 0, "pps": 0.0} for name in models}
    for data in available_sets():
        for name in models:
            ref = verdict(name, data=data, seed=0)
            same = True
            best_pps = ref.points_per_second
            for seed in range(1, seeds):
                v = verdict(name, data=data, seed=seed)
                same &= (v.viable, v.windows_MeV) == (ref.viable, ref.windows_MeV)
                best_pps = max(best_pps, v.points_per_second)
            agree += same
            total += 1
            per_model[name]["agree"] += same
            per_model[name]["sets"] += 1
            if data == "bck2021-cs":
                per_model[name]["pps"] = best_pps
            rows.append(row(ref))
            print(f"{name:20s} {data:11s} {'viable' if ref.viable else 'not viable':11s} "
                  f"windows {[[round(a, 3), round(b, 3)] for a, b in ref.windows_MeV]} "
                  f"seeds agree: {same} ({ref.seconds:.2f} s, {best_pps:.3g} points/s in-process)", flush=True)
    summary = f"{agree}/{total} model x data combinations give the same verdict and windows for {seeds} seeds"
    print(summary, flush=True)
    if "--no-cold" not in argv:
        print(f"cold runs ({load()})", flush=True)
        for name in models:
            runs = [cold(name) for _ in range(repeats)]
            dt, v = min(runs, key=lambda r: r[0])
            per_model[name].update(cold=dt, cold_pps=v["points_per_second"], verdict=v["viable"], points=v["evaluations"])
    lines.append("zprime verdict MODEL --json, default data bck2021-cs; cold = fresh process (warm on-disk cache), "
                 f"best of {repeats}; points/s = points / wall time of the whole search (cold run, and "
                 f"best of {seeds} in-process runs); seeds agree = data sets with {seeds}-seed agreement")
    lines.append(f"{'model':20s} {'cold s':>7s} {'verdict':11s} {'points':>7s} {'pts/s cold':>10s} {'pts/s in-proc':>13s}"
                 "  seeds agree")
    for name in models:
        r = per_model[name]
        cold_part = (f"{r['cold']:7.2f} {'viable' if r['verdict'] else 'not viable':11s} {r['points']:7d} "
                     f"{r['cold_pps']:10.3g}") if "cold" in r else f"{'-':>7s} {'-':11s} {'-':>7s} {'-':>10s}"
        lines.append(f"{name:20s} {cold_part} {r['pps']:13.3g}  {r['agree']}/{r['sets']}")
    lines.append(summary)
    lines.append(f"end {load()}{yardstick(reference)}")
    print("\n".join(lines[1:]), flush=True)
    if "--no-table" in argv:
        return
    out = Path(__file__).resolve().parent.parent / "docs" / "verdicts.md"
    text = out.read_text()
    head = text.split("<!-- table -->")[0]
    tail = text.split("<!-- /timing -->")[1] if "<!-- /timing -->" in text else ""
    out.write_text(head + "<!-- table -->\n| model | data | verdict | mass window / best point | witness / blocking "
                   "relations |\n|---|---|---|---|---|\n" + "\n".join(rows) + "\n<!-- /table -->\n\n<!-- timing -->\n"
                   "```\n" + "\n".join(lines) + "\n```\n<!-- /timing -->" + tail)
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
