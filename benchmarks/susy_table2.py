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
    """BDR20 Fig. 4-style panels of the points passing everything: one marker per point (sized for the
    tens of points a scan keeps), coloured by a third quantity (Okabe-Ito-friendly 'cividis' map);
    a panel without points is left out rather than drawn empty. PNG at 300 dpi and a vector PDF."""
    from matplotlib.figure import Figure

    ok = res["pass_all"]
    r = {k: v[ok] for k, v in res.items()}
    ratio = r["m_mu1"] / r["m_e1"]
    panels = [
        ("$M_1$", "$M_2$", r["M1"], r["M2"], r["tan_beta"], r"$\tan\beta$"),
        (r"$|\mu|$", "$M_2$", -r["mu"], r["M2"], r["tan_beta"], r"$\tan\beta$"),
        (r"$m_{\tilde\chi^0_1}$", r"$m_{\tilde e_1}$", r["m_chi1"], r["m_e1"], ratio,
         r"$m_{\tilde\mu_1}/m_{\tilde e_1}$"),
        (r"$m_{\tilde\chi^0_1}$", r"$m_{\tilde\chi^\pm_1}$", r["m_chi1"], r["m_cha1"], ratio,
         r"$m_{\tilde\mu_1}/m_{\tilde e_1}$"),
        (r"$m_{\tilde e_1}$", r"$m_{\tilde\mu_1}/m_{\tilde e_1}$", r["m_e1"], ratio, r["m_zp"] * 1e3,
         r"$m_{Z'}$ [MeV]"),
    ]
    bp = r["bprime_frac_lsp"] > 0.5
    panels.append((r"$m_{\tilde\chi^0_1}$ ($\tilde B'$-like LSP)", r"$m_{\tilde\chi^0_2}-m_{\tilde\chi^0_1}$",
                   r["m_chi1"][bp], (r["m_chi2"] - r["m_chi1"])[bp], r["gX"][bp] * 1e4, r"$g_X\ [10^{-4}]$"))
    #: a panel needs a few points to show a distribution; fewer are reported in the title instead
    min_points = 3
    left_out = [f"{len(p[2])} point(s) in {p[0]} vs {p[1]}" for p in panels if 0 < len(p[2]) < min_points]
    panels = [p for p in panels if len(p[2]) >= min_points]
    ncol = min(3, len(panels))
    nrow = -(-len(panels) // ncol)
    fig = Figure(figsize=(4.2 * ncol, 3.5 * nrow))
    axes = fig.subplots(nrow, ncol, squeeze=False).ravel()
    for ax, (xl, yl, x, y, c, cl) in zip(axes, panels):
        sc = ax.scatter(x, y, c=c, s=28, cmap="cividis", edgecolors="black", linewidths=0.4)
        fig.colorbar(sc, ax=ax, label=cl)
        ax.set_xlabel(xl + ("" if "/" in xl else " [GeV]"))
        ax.set_ylabel(yl + ("" if "/" in yl else " [GeV]"))
        ax.tick_params(direction="in", top=True, right=True)
    for ax in axes[len(panels):]:
        ax.set_visible(False)
    title = (f"{int(ok.sum())} points explaining $\\Delta a_e$ and $\\Delta a_\\mu$ and passing every "
             "constraint (BDR20 Fig. 4 style; BDR20 = Banerjee, Dutta, Roy, arXiv:2011.05083)")
    if left_out:
        title += "\nnot drawn (too few points for a panel): " + "; ".join(left_out)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    outdir.mkdir(parents=True, exist_ok=True)
    paths = [outdir / "susy_fig4.png", outdir / "susy_fig4.pdf"]
    for path in paths:
        fig.savefig(path, dpi=300)
    return paths


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
