"""Run the BDR20 scan and report Table 2's quantities beside the paper's; Fig. 4-style plots.

Usage: python3 benchmarks/susy_table2.py [--config benchmarks/susy_table2.toml] [--n-points N]
       [--workers K] [--scheduler ADDR] [--figures docs/figures]
Needs matplotlib for the figures. Prints the wall time and the points per second, the pass counts, the
per-constraint veto counts (total, among the points passing both g-2, the plane and physicality, and
those vetoed by that constraint alone), the B~'-LSP NLSP lifetimes, and Table 2 beside the paper's.
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from zprime_sym.scan.engine import ScanConfig, load_results, run_scan  # noqa: E402

#: BDR20 Table 2 (allowed ranges explaining both g-2)
PAPER = {"m_chi1 max [GeV]": 400, "m_e max [GeV]": 385, "m_mu min [GeV]": 605,
         "m_zp range [MeV]": "10 - 210", "g_X range [1e-4]": "3.76 - 10"}


def table2(res: dict) -> dict:
    ok = res["pass_all"]
    if not ok.any():
        return {k: "no allowed point" for k in PAPER}
    return {
        "m_chi1 max [GeV]": float(res["m_chi1"][ok].max()),
        "m_e max [GeV]": float(res["m_e1"][ok].max()),
        "m_mu min [GeV]": float(res["m_mu1"][ok].min()),
        "m_zp range [MeV]": f"{1e3 * res['m_zp'][ok].min():.1f} - {1e3 * res['m_zp'][ok].max():.1f}",
        "g_X range [1e-4]": f"{1e4 * res['gX'][ok].min():.2f} - {1e4 * res['gX'][ok].max():.2f}",
    }


def veto_table(res: dict) -> list[tuple[str, int, int, int]]:
    """(constraint, vetoed overall, vetoed among the candidates, vetoed only by it among them) for every
    excl_* column; candidates = both g-2, plane and physical (what the LHC/cosmology flags act on)."""
    cand = res["pass_g2_e"] & res["pass_g2_mu"] & res["pass_plane"] & res["physical"]
    names = sorted(k for k in res if k.startswith("excl_"))
    stack = np.column_stack([res[k] for k in names]) if names else np.zeros((len(cand), 0), bool)
    n_hit = stack.sum(axis=1)
    rows = []
    for j, name in enumerate(names):
        col = stack[:, j]
        rows.append((name[5:], int(col.sum()), int((col & cand).sum()), int((col & cand & (n_hit == 1)).sum())))
    return rows


def lifetime_summary(res: dict) -> str:
    tau = res.get("tau_nlsp_s")
    if tau is None:
        return "no tau_nlsp_s column"
    bp = res["bprime_frac_lsp"] > 0.5
    fin = bp & np.isfinite(tau)
    if not fin.any():
        return f"B~'-like LSP: {int(bp.sum())} points, none with a radiative NLSP lifetime"
    t = tau[fin]
    q = np.percentile(t, [1, 5, 25, 50, 75, 95, 99])
    bins = [0, 1e-9, 1e-7, 1e-5, 1e-3, 0.1, np.inf]
    hist = np.histogram(t, bins=bins)[0]
    return (f"B~'-like LSP: {int(bp.sum())} points; NLSP two-body open (no radiative lifetime): {int((bp & ~fin).sum())}; "
            f"radiative lifetime: {int(fin.sum())}\n  percentiles 1/5/25/50/75/95/99 [s]: "
            + " ".join(f"{v:.2g}" for v in q) + "\n  counts in [0,1e-9,1e-7,1e-5,1e-3,0.1,inf) s: "
            + " ".join(str(int(h)) for h in hist))


def figures(res: dict, outdir: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from scipy.stats import binned_statistic_2d

    ok = res["pass_all"]
    r = {k: v[ok] for k, v in res.items()}
    ratio = r["m_mu1"] / r["m_e1"]
    panels = [
        ("M1", "M2", r["M1"], r["M2"], r["tan_beta"], "min tan β", "min"),
        ("|μ|", "M2", -r["mu"], r["M2"], r["tan_beta"], "min tan β", "min"),
        ("m(χ̃⁰₁)", "m(ẽ₁)", r["m_chi1"], r["m_e1"], ratio, "min m(μ̃₁)/m(ẽ₁)", "min"),
        ("m(χ̃⁰₁)", "m(χ̃±₁)", r["m_chi1"], r["m_cha1"], ratio, "min m(μ̃₁)/m(ẽ₁)", "min"),
        ("m(ẽ₁)", "m(μ̃₁)/m(ẽ₁)", r["m_e1"], ratio, ratio, "points", "count"),
    ]
    bp = r["bprime_frac_lsp"] > 0.5
    panels.append(("m(LSP), B̃'-like", "m(χ̃⁰₂) - m(χ̃⁰₁)", r["m_chi1"][bp], (r["m_chi2"] - r["m_chi1"])[bp],
                   r["m_chi1"][bp], "points", "count"))
    fig, axes = plt.subplots(2, 3, figsize=(15, 9))
    for ax, (xl, yl, x, y, c, cl, stat) in zip(axes.ravel(), panels):
        if len(x) == 0:
            ax.set_title(f"{yl} vs {xl}: no points")
            continue
        h = binned_statistic_2d(x, y, c, statistic=stat, bins=100)
        val = np.where(h.statistic == 0, np.nan, h.statistic) if stat == "count" else h.statistic
        mesh = ax.pcolormesh(h.x_edge, h.y_edge, val.T, shading="auto")
        fig.colorbar(mesh, ax=ax, label=cl)
        ax.set_xlabel(f"{xl} [GeV]" if "/" not in xl else xl)
        ax.set_ylabel(f"{yl} [GeV]" if "/" not in yl else yl)
    fig.suptitle("Points explaining Δa_e and Δa_μ and passing all constraints (BDR20 Fig. 4 style)")
    fig.tight_layout()
    outdir.mkdir(parents=True, exist_ok=True)
    path = outdir / "susy_fig4.png"
    fig.savefig(path, dpi=110)
    return [path]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", default=str(ROOT / "benchmarks" / "susy_table2.toml"))
    ap.add_argument("--n-points", type=int, default=None)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--scheduler", default=None)
    ap.add_argument("--figures", default=str(ROOT / "docs" / "figures"))
    args = ap.parse_args(argv)
    try:
        import zprime_sym.susy.g2  # noqa: F401
        from zprime_sym.susy.params import PARAMETER_NAMES  # noqa: F401
    except ImportError as err:
        print(f"susy_table2: the SUSY spectrum/g-2 modules cannot be imported ({err})")
        return 1
    config = ScanConfig.from_toml(args.config)
    if args.n_points:
        config = dataclasses.replace(config, n_points=args.n_points, output=config.output + f"_n{args.n_points}")
    t0 = time.perf_counter()
    run_scan(config, workers=args.workers, scheduler=args.scheduler, progress=True)
    wall = time.perf_counter() - t0
    res = load_results(config.output)
    n = len(res["pass_all"])
    print(f"{n} points, {int(res['pass_all'].sum())} pass everything; wall {wall:.1f} s "
          f"({n / wall:.0f} points/s incl. resumed batches)")
    for name in ("pass_g2_e", "pass_g2_mu", "pass_plane", "pass_lhc", "physical"):
        print(f"  {name}: {int(res[name].sum())}")
    both = res["pass_g2_e"] & res["pass_g2_mu"]
    print(f"  both g-2: {int(both.sum())}; both g-2 and plane: {int((both & res['pass_plane']).sum())}; "
          f"and physical (candidates): {int((both & res['pass_plane'] & res['physical']).sum())}")
    print(f"{'constraint':28s} {'vetoed':>8s} {'of cand.':>9s} {'alone':>7s}")
    for name, total, cand, alone in veto_table(res):
        print(f"{name:28s} {total:8d} {cand:9d} {alone:7d}")
    print(lifetime_summary(res))
    ours = table2(res)
    print(f"{'quantity':22s} {'this scan':>22s} {'BDR20 Table 2':>18s}")
    for key, paper in PAPER.items():
        print(f"{key:22s} {str(ours[key]):>22s} {str(paper):>18s}")
    if res["pass_all"].any():
        for path in figures(res, Path(args.figures)):
            print(f"figure: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
