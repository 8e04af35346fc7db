"""The evidence of a verdict drawn against m_Z': best combined chi2 of the two anomalies and the largest
constraint ratio of the best point at every searched mass (``zprime verdict MODEL --plot FILE.png``).

matplotlib is an optional extra; without it :func:`require_matplotlib` raises DependencyError (exit 3).
"""
from __future__ import annotations

import textwrap

from ..exceptions import DependencyError
from .draw import mass_axis_unit


def require_matplotlib():
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise DependencyError("zprime verdict --plot needs matplotlib: pip install 'zprime_sym[plot]' "
                              "(or pip install matplotlib)") from None
    return Figure


def plot_verdict(v, path: str):
    """Two panels sharing the m_Z' axis: chi2(e, mu) of the best point, and its largest constraint ratio.
    The title names the anomalies the verdict had to explain (chi2 always counts both). Returns the Figure."""
    Figure = require_matplotlib()
    rows = [r for r in v.profile if r["reachable"]]
    asked = "" if set(v.targets) == {"e", "mu"} else " for (g-2)_" + " and (g-2)_".join(v.targets) + " alone"
    title = f"{v.model}, {v.data}: {'VIABLE' if v.viable else 'NOT VIABLE'}{asked}"
    if not rows:  # nothing was evaluated (e.g. a Z' without couplings to a targeted lepton): say why
        fig = Figure(figsize=(6.4, 2.4), constrained_layout=True)
        ax = fig.subplots()
        ax.axis("off")
        why = "; ".join(f["detail"] for f in v.failures) or "no point of the model was evaluated"
        ax.text(0.5, 0.5, "no point evaluated:\n" + "\n".join(textwrap.wrap(why, 80)), ha="center", va="center",
                fontsize=9, transform=ax.transAxes)
        fig.suptitle(title, fontsize=10)
        fig.savefig(path, dpi=120)
        return fig
    unit, scale = mass_axis_unit(min(r["m_zp_MeV"] for r in rows))
    m = [r["m_zp_MeV"] / scale for r in rows]
    fig = Figure(figsize=(6.4, 5.6), constrained_layout=True)
    ax1, ax2 = fig.subplots(2, 1, sharex=True)
    ok = [r["viable"] for r in rows]
    ax1.plot(m, [r["chi2"] for r in rows], "-", color="0.4", lw=1)
    ax1.scatter([x for x, g in zip(m, ok) if g], [r["chi2"] for r, g in zip(rows, ok) if g], color="tab:green",
                s=12, label="viable", zorder=3)
    ax1.scatter([x for x, g in zip(m, ok) if not g], [r["chi2"] for r, g in zip(rows, ok) if not g],
                color="tab:red", s=12, label="not viable", zorder=3)
    ax1.set_yscale("log")
    ax1.set_ylabel(r"best point: $\chi^2 = $ pull$_e^2$ + pull$_\mu^2$")
    ax1.legend(fontsize=8)
    ratios = [max(r["max_constraint_ratio"], 1e-6) for r in rows]
    ax2.plot(m, ratios, "-o", ms=3, color="tab:blue")
    ax2.axhline(1.0, color="k", lw=0.8, ls="--")
    ax2.set_yscale("log")
    ax2.set_ylim(min(1e-2, min(ratios) / 3), max(10.0, max(ratios) * 3))  # the limit (1) shown in context
    ax2.set_xscale("log")
    ax2.set_ylabel("largest constraint ratio")
    ax2.set_xlabel(rf"$m_{{Z'}}$ [{unit}] (leading order)")
    for a, b in v.windows_MeV:
        for ax in (ax1, ax2):
            ax.axvspan(a / scale, b / scale, color="tab:green", alpha=0.12, lw=0)
    fig.suptitle(title, fontsize=10)
    fig.savefig(path, dpi=120)
    return fig
