"""Draw the regions of :mod:`zprime_sym.plot.regions` in the style of BCK21 Figs. 2-4 (matplotlib).

matplotlib is an optional extra (``pip install 'zprime_sym[plot]'``); it is imported only when a
figure is drawn, and its absence raises :class:`~zprime_sym.exceptions.DependencyError` with that
instruction. The object-oriented API is used (``matplotlib.figure.Figure``, no pyplot state), so
drawing never touches a global backend.

Look: m_Z' in MeV on a log x axis, |Y| on a log y axis; each constraint's excluded region filled
with its own colour (semi-transparent, with a solid edge) and named after its experiment (a short
label, :data:`SHORT_LABELS`) in the legend outside the axes and, where it alone excludes a visible
patch, inside the plot; the largest regions are drawn first so that small ones stay visible on
top; the g-2 bands hatched in blue (a_e) and purple (a_mu); the "g-2 target unreachable" region of
a --solve in light blue (the blue triangle of BCK21 Fig. 2(a,b)); the allowed region outlined in
red, its grid points marked and a red arrow pointing at it when it is too thin to see (the "thin
white strip" of BCK21 Fig. 2(a,b)). Drawing never changes the regions: it only shows them.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np

from ..exceptions import DependencyError, InputError
from .regions import Regions

#: Fill colours per constraint (chosen to resemble BCK21's figures where it has the constraint).
COLOURS = {
    "bbn_planck_electrophilic": "#9b59b6", "bbn_planck_numu": "#c39bd3", "white_dwarf": "#8d6e63",
    "supernova": "#b0bec5", "babar_2014": "#ff8c1a", "kloe_2015": "#2ca02c", "na64_2019": "#e377c2",
    "na64_2018": "#f7b6d2", "e141": "#bcbd22", "orsay": "#17becf", "e137": "#7f7f7f",
    "moller_e158": "#ffd700", "texono": "#00897b", "borexino": "#3f51b5", "charm2": "#6d8b3c",
    "ccfr_trident": "#ff6f91", "ccfr_trident_heavy": "#c2185b", "neff_muonphilic": "#a1887f",
    "supernova_muon": "#90a4ae", "babar_2016_4mu": "#f4a582", "cms_2019_z4mu": "#4dac26",
}
_FALLBACK = ("#8c564b", "#393b79", "#637939", "#843c39", "#7b4173", "#3182bd")
#: Legend labels (short, so that the legend fits beside the axes); constraints not listed here
#: (e.g. from a user --table) are labelled by their experiment, wrapped (see :func:`_short`).
SHORT_LABELS = {
    "bbn_planck_electrophilic": "BBN + Planck (e-philic)", "bbn_planck_numu": "BBN + Planck ($\\nu_\\mu$)",
    "neff_muonphilic": "$N_{eff}$ + BBN ($\\mu$-philic)", "white_dwarf": "white-dwarf cooling",
    "supernova": "SN1987A", "supernova_muon": "SN1987A ($\\mu$)", "babar_2014": "BaBar",
    "kloe_2015": "KLOE(-2)", "na64_2019": "NA64 (2019)", "na64_2018": "NA64 (2018)", "e141": "SLAC E141",
    "orsay": "Orsay", "e137": "SLAC E137", "moller_e158": "E158 (Møller)", "texono": "TEXONO",
    "borexino": "Borexino", "charm2": "CHARM-II", "ccfr_trident": "CCFR trident",
    "ccfr_trident_heavy": "CCFR trident ($L_\\mu-L_\\tau$, heavy)", "babar_2016_4mu": "BaBar ($4\\mu$)",
    "cms_2019_z4mu": "CMS ($Z\\to4\\mu$)",
}
#: Longest legend line for a constraint without a short label (longer ones are wrapped, 2 lines max).
LABEL_WIDTH = 28
#: The allowed region gets its grid points marked and an arrow when it covers less than this
#: fraction of the plane.
THIN_ALLOWED_FRACTION = 0.004
BAND_COLOURS = {"e": "#1f4fd1", "mu": "#7b2cbf"}
UNREACHABLE_COLOUR = "#9ecae1"
#: Opacity of the constraint fills (several overlap: the paper's plots stack them the same way).
FILL_ALPHA = 0.45
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


def _symbol(name: str) -> str:
    """``CA_e`` -> ``C_{Ae}`` (mathtext, no $); a model parameter -> its name (underscores escaped)."""
    kind, _, lepton = name.partition("_")
    if kind in _PRETTY and lepton in _LEPTON_TEX:
        return f"{_PRETTY[kind]}{_LEPTON_TEX[lepton]}}}"
    return name.replace("_", "\\_")


def axis_label(name: str) -> str:
    """``CA_e`` -> ``$|C_{Ae}|$``; a model parameter is shown as ``|name|``."""
    return f"$|{_symbol(name)}|$"


def _short(experiment: str) -> str:
    """A legend label for an experiment name without a short label: wrapped, at most two lines."""
    text = textwrap.shorten(experiment, width=2 * LABEL_WIDTH, placeholder="...")
    return "\n".join(textwrap.wrap(text, width=LABEL_WIDTH)) or experiment


def _labels(regions: Regions, drawn) -> dict[str, str]:
    """Legend label per constraint: its short label, disambiguated by the name when shared."""
    base = {r.name: SHORT_LABELS.get(r.name) or _short(r.experiment) for r in drawn}
    values = list(base.values())
    return {name: (f"{label} ({name.rsplit('_', 1)[-1]})" if values.count(label) > 1 else label)
            for name, label in base.items()}


def _fill(ax, x, y, mask, colour, alpha=FILL_ALPHA, hatch=None, edge=True):
    z = mask.astype(float)
    ax.contourf(x, y, z, levels=[0.5, 1.5], colors=[colour], alpha=alpha, hatches=[hatch])
    if edge:
        ax.contour(x, y, z, levels=[0.5], colors=[colour], linewidths=0.9)


def _fraction(v, axis_values):
    """Position of ``v`` on a log axis spanning ``axis_values``, as a fraction of the axis (0..1)."""
    lo, hi = np.log(np.min(axis_values)), np.log(np.max(axis_values))
    return (np.log(v) - lo) / (hi - lo)


def _label_inside(ax, x, y, mask, text, colour):
    """Write ``text`` at the log-space centre of mass of ``mask`` if it covers >= 1.5% of the plane;
    returns the label's position in axes fractions (or None)."""
    if mask.sum() < 0.015 * mask.size:
        return None
    iy, ix = np.nonzero(mask)
    lx, ly = np.exp(np.log(x[ix]).mean()), np.exp(np.log(y[iy]).mean())
    ax.text(lx, ly, text, fontsize=7.5, ha="center", va="center", color="black",
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": colour, "alpha": 0.75, "lw": 0.8})
    return float(_fraction(lx, x)), float(_fraction(ly, y))


def _point_at_thin_allowed(ax, x, y, allowed, avoid=()):
    """Mark the grid points of a thin allowed region and point a red arrow at it (BCK21 Fig. 2(a,b))."""
    if not allowed.any() or allowed.sum() >= THIN_ALLOWED_FRACTION * allowed.size:
        return
    iy, ix = np.nonzero(allowed)
    ax.plot(x[ix], y[iy], ls="none", marker="s", ms=2.2, mec=ALLOWED_COLOUR, mfc=ALLOWED_COLOUR)
    # positions in axes fractions (log axes); the arrow starts from the candidate label position
    # farthest from every allowed point and from the labels in ``avoid`` (axes fractions), so that
    # the label neither hides the region it points at nor sits on another label
    fx, fy = _fraction(x[ix], x), _fraction(y[iy], y)
    ox = np.concatenate([fx, [a[0] for a in avoid]])
    oy = np.concatenate([fy, [a[1] for a in avoid]])
    k = int(np.argmin((fx - fx.mean()) ** 2 + (fy - fy.mean()) ** 2))  # the allowed point nearest the middle
    candidates = [(fx[k] + dx, fy[k] + dy) for dx in (0.14, 0.0, -0.14) for dy in (-0.14, 0.0, 0.14) if dx or dy]
    candidates = [c for c in candidates if 0.08 <= c[0] <= 0.92 and 0.06 <= c[1] <= 0.94] or [(0.5, 0.5)]
    offset = max(candidates, key=lambda c: np.min((ox - c[0]) ** 2 + (oy - c[1]) ** 2))
    ax.annotate("allowed", xy=(x[ix[k]], y[iy[k]]), xytext=offset, textcoords="axes fraction", fontsize=8,
                color=ALLOWED_COLOUR, fontweight="bold", ha="center", va="center",
                arrowprops={"arrowstyle": "-|>", "color": ALLOWED_COLOUR, "lw": 1.6, "shrinkA": 2, "shrinkB": 3},
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": ALLOWED_COLOUR, "alpha": 0.85, "lw": 0.8})


def _plain_mass_ticks(axis, lo: float, hi: float) -> None:
    """On a mass axis of less than two decades, label ticks 1, 2, 3, 5 x 10^n as plain numbers
    (matplotlib's default 3x10^1-style minor labels overlap there)."""
    if hi / lo >= 100:
        return
    from matplotlib.ticker import FuncFormatter

    def label(value, _pos):
        if value <= 0:
            return ""
        mantissa = value / 10 ** np.floor(np.log10(value) + 1e-9)
        near = round(mantissa)
        return f"{value:g}" if near in (1, 2, 3, 5) and abs(mantissa - near) < 1e-6 else ""

    axis.set_major_formatter(FuncFormatter(label))
    axis.set_minor_formatter(FuncFormatter(label))


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
    colours = {reg.name: COLOURS.get(reg.name) or next(others, "#555555") for reg in drawn}
    # largest regions first, so that smaller ones are drawn on top of them (legend in registry order)
    for reg in sorted(drawn, key=lambda r: -int(r.excluded.sum())):
        _fill(ax, x, y, reg.excluded, colours[reg.name], alpha=FILL_ALPHA)
    for reg in drawn:
        handles.append(Patch(fc=colours[reg.name], alpha=FILL_ALPHA, ec=colours[reg.name], label=labels[reg.name]))
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
        handles.append(Patch(fc=ALLOWED_COLOUR, alpha=0.3, ec=ALLOWED_COLOUR, lw=1.6, label="allowed (constraints + g-2)"))
    placed = []
    if inside_labels:
        for reg in drawn:
            others_mask = np.zeros_like(regions.allowed)
            for other in drawn:
                if other is not reg:
                    others_mask |= other.excluded
            pos = _label_inside(ax, x, y, reg.excluded & ~others_mask, labels[reg.name], colours[reg.name])
            if pos is not None:
                placed.append(pos)
    _point_at_thin_allowed(ax, x, y, regions.allowed, avoid=placed)

    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(x[0], x[-1])
    _plain_mass_ticks(ax.xaxis, x[0], x[-1])
    ax.set_ylim(y.min(), y.max())
    ax.set_xlabel(r"$m_{Z'}$ [MeV]")
    sign = "" if regions.y[0] > 0 else f"  (${_symbol(regions.y_name)} < 0$)"
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
    fig.subplots_adjust(left=0.12, right=0.70, bottom=0.11, top=0.88)
    if output is not None:
        fig.savefig(output, dpi=dpi)
    return fig
