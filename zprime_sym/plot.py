"""Draw the regions of :mod:`zprime_sym.plot_regions` in the style of seed 004 Figs. 2-4 (matplotlib).

matplotlib is an optional extra (``pip install 'zprime_sym[plot]'``); it is imported only when a
figure is drawn, and its absence raises :class:`~zprime_sym.exceptions.DependencyError` with that
instruction. The object-oriented API is used (``matplotlib.figure.Figure``, no pyplot state), so
drawing never touches a global backend.

Look: m_Z' in MeV on a log x axis, |Y| on a log y axis; each constraint's excluded region filled
with its own colour (semi-transparent, with a solid edge) and named after its experiment in the
legend and, where it alone excludes a visible patch, inside the plot; the g-2 bands hatched in blue
(a_e) and purple (a_mu); the "g-2 target unreachable" region of a --solve in light blue (the blue
triangle of seed 004 Fig. 2(a,b)); the allowed region outlined in red.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from .exceptions import DependencyError, InputError
from .plot_regions import Regions

#: Fill colours per constraint (chosen to resemble seed 004's figures where it has the constraint).
COLOURS = {
    "bbn_planck_electrophilic": "#9b59b6", "bbn_planck_numu": "#c39bd3", "white_dwarf": "#8d6e63",
    "supernova": "#b0bec5", "babar_2014": "#ff8c1a", "kloe_2015": "#2ca02c", "na64_2019": "#e377c2",
    "na64_2018": "#f7b6d2", "e141": "#bcbd22", "orsay": "#17becf", "e137": "#7f7f7f",
    "moller_e158": "#ffd700", "texono": "#d62728", "borexino": "#1a237e", "charm2": "#6d8b3c",
    "ccfr_trident": "#ff6f91",
}
_FALLBACK = ("#8c564b", "#393b79", "#637939", "#843c39", "#7b4173", "#3182bd")
BAND_COLOURS = {"e": "#1f4fd1", "mu": "#7b2cbf"}
UNREACHABLE_COLOUR = "#9ecae1"
COMBINED_COLOUR = "#cccccc"
ALLOWED_COLOUR = "#d00000"
FORMATS = ("png", "pdf")
_PRETTY = {"CV": "C_{V", "CA": "C_{A", "Cnu": "C_{\\nu "}
_LEPTON_TEX = {"e": "e", "mu": "\\mu", "tau": "\\tau"}


def _matplotlib():
    try:
        from matplotlib.figure import Figure
        from matplotlib.patches import Patch
    except ImportError:
        raise DependencyError("zprime plot needs matplotlib: pip install 'zprime_sym[plot]' "
                              "(or pip install matplotlib)") from None
    return Figure, Patch


def axis_label(name: str) -> str:
    """``CA_e`` -> ``$|C_{Ae}|$``; a model parameter is shown as ``|name|``."""
    kind, _, lepton = name.partition("_")
    if kind in _PRETTY and lepton in _LEPTON_TEX:
        return f"$|{_PRETTY[kind]}{_LEPTON_TEX[lepton]}}}|$"
    return f"$|{name}|$".replace("_", "\\_")


def _labels(regions: Regions, drawn) -> dict[str, str]:
    """Legend label per constraint: its experiment, disambiguated by the name when shared."""
    experiments = [r.experiment for r in drawn]
    out = {}
    for r in drawn:
        label = r.experiment
        if experiments.count(label) > 1:
            label = f"{label} ({r.name.rsplit('_', 1)[-1]})"
        out[r.name] = label
    return out


def _fill(ax, x, y, mask, colour, alpha=0.55, hatch=None, edge=True):
    z = mask.astype(float)
    ax.contourf(x, y, z, levels=[0.5, 1.5], colors=[colour], alpha=alpha, hatches=[hatch])
    if edge:
        ax.contour(x, y, z, levels=[0.5], colors=[colour], linewidths=0.9)


def _label_inside(ax, x, y, mask, text, colour):
    """Write ``text`` at the log-space centre of mass of ``mask`` if it covers >= 1.5% of the plane."""
    if mask.sum() < 0.015 * mask.size:
        return
    iy, ix = np.nonzero(mask)
    lx, ly = np.exp(np.log(x[ix]).mean()), np.exp(np.log(y[iy]).mean())
    ax.text(lx, ly, text, fontsize=7.5, ha="center", va="center", color="black",
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": colour, "alpha": 0.75, "lw": 0.8})


def draw(regions: Regions, output: str | Path | None = None, *, title: str | None = None, dpi: int = 100,
         figsize=(8.0, 5.4), inside_labels: bool = True):
    """Draw ``regions`` and, if ``output`` is given (``.png`` or ``.pdf``), save it there.

    Returns the matplotlib Figure. Raises DependencyError without matplotlib, InputError for an
    unsupported file extension.
    """
    if output is not None:
        suffix = Path(output).suffix.lower().lstrip(".")
        if suffix not in FORMATS:
            raise InputError(f"-o {output}: unsupported format {suffix!r}; use .png or .pdf")
    Figure, Patch = _matplotlib()
    fig = Figure(figsize=figsize, dpi=dpi)
    ax = fig.add_subplot(1, 1, 1)
    x, y = regions.m_MeV, np.abs(regions.y)
    handles = []

    if regions.unreachable.any():
        _fill(ax, x, y, regions.unreachable, UNREACHABLE_COLOUR, alpha=0.9)
        leptons = ", ".join(f"a_{lep}" for lep in regions.solved_leptons)
        handles.append(Patch(fc=UNREACHABLE_COLOUR, label=f"${leptons}$ target unreachable".replace("a_mu", "a_\\mu")))
    drawn = [r for r in regions.constraint_regions if r.excluded.any()]
    labels = _labels(regions, drawn)
    others = iter(_FALLBACK)
    for reg in drawn:
        colour = COLOURS.get(reg.name) or next(others, "#555555")
        _fill(ax, x, y, reg.excluded, colour)
        handles.append(Patch(fc=colour, alpha=0.55, ec=colour, label=labels[reg.name]))
    if regions.combined_only.any():
        _fill(ax, x, y, regions.combined_only, COMBINED_COLOUR, alpha=0.8)
        handles.append(Patch(fc=COMBINED_COLOUR, label=f"combination (profiling {regions.profiled})"))
    for lep in ("e", "mu"):
        if lep in regions.solved_leptons or lep not in regions.required_leptons or not regions.bands[lep].any():
            continue
        colour = BAND_COLOURS[lep]
        _fill(ax, x, y, regions.bands[lep], colour, alpha=0.25, hatch="////" if lep == "e" else "\\\\\\\\")
        tex = "e" if lep == "e" else "\\mu"
        handles.append(Patch(fc=colour, alpha=0.3, hatch="////" if lep == "e" else "\\\\\\\\",
                             label=f"$\\Delta a_{{{tex}}}$ within {regions.n_sigma:g}$\\sigma$"))
    if regions.allowed.any():
        _fill(ax, x, y, regions.allowed, ALLOWED_COLOUR, alpha=0.12)
        ax.contour(x, y, regions.allowed.astype(float), levels=[0.5], colors=[ALLOWED_COLOUR], linewidths=1.6)
        handles.append(Patch(fc=ALLOWED_COLOUR, alpha=0.3, ec=ALLOWED_COLOUR, lw=1.6, label="allowed (all constraints + g-2)"))
    if inside_labels:
        for reg in drawn:
            others_mask = np.zeros_like(regions.allowed)
            for other in drawn:
                if other is not reg:
                    others_mask |= other.excluded
            _label_inside(ax, x, y, reg.excluded & ~others_mask, labels[reg.name], COLOURS.get(reg.name, "#555555"))

    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(x[0], x[-1])
    ax.set_ylim(y.min(), y.max())
    ax.set_xlabel(r"$m_{Z'}$ [MeV]")
    sign = "" if regions.y[0] > 0 else f"  (${regions.y_name.replace('_', '')} < 0$)"
    ax.set_ylabel(axis_label(regions.y_name) + sign)
    if title is None:
        view = "couplings set directly" if regions.mode == "coupling" else "model parameters"
        title = f"{regions.model} ({view}); data: {regions.data}"
    ax.set_title(title, fontsize=10, pad=14)
    if regions.settings:
        ax.text(0.0, 1.005, "; ".join(regions.settings), transform=ax.transAxes, fontsize=7, va="bottom",
                ha="left", color="#333333")
    ax.grid(True, which="major", lw=0.3, alpha=0.5)
    ax.legend(handles=handles, fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    fig.subplots_adjust(left=0.10, right=0.64, bottom=0.11, top=0.88)
    if output is not None:
        fig.savefig(output, dpi=dpi)
    return fig
