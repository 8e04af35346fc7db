"""Draw the regions of :mod:`zprime_sym.plot.regions` in the style of BCK21 Figs. 2-4 (matplotlib).

matplotlib is an optional extra (``pip install 'zprime_sym[plot]'``); it is imported only when a
figure is drawn, and its absence raises :class:`~zprime_sym.exceptions.DependencyError` with that
instruction. The object-oriented API is used (``matplotlib.figure.Figure``, no pyplot state), so
drawing never touches a global backend.

Look: m_Z' on a log x axis (MeV, or GeV/TeV for a heavy range: :func:`mass_axis_unit`), |Y| on a log y
axis; each constraint's excluded region filled with its own colour (semi-transparent, with a solid
edge) and named after its experiment (a short label, :data:`SHORT_LABELS`) in the legend outside
the axes and, where it alone excludes a visible
patch, inside the plot; the largest regions are drawn first so that small ones stay visible on
top; the g-2 bands hatched in blue (a_e) and purple (a_mu); the "g-2 target unreachable" region of
a --solve in light blue (the blue triangle of BCK21 Fig. 2(a,b)); the allowed region outlined in
red, its grid points marked and a red arrow pointing at it when it is too thin to see (the "thin
white strip" of BCK21 Fig. 2(a,b)). Where the model cannot reach a point of the plane (its m_Z'
would need a negative VEV squared) the plane is cross-hatched in grey; a model whose m_Z' follows from
the plotted parameters is drawn as its line m_Z'(Y) (black), its allowed stretch marked in red.
Drawing never changes the regions: it only shows them.
"""
from __future__ import annotations

import re
import textwrap
from pathlib import Path

import numpy as np

from ..exceptions import DependencyError, InputError
from ..constraints.gaps import GAPS_BY_NAME
from ..units import UNITS_IN_GEV, to_mev
from ..derive.display import tex_name
from .regions import Regions

#: Okabe & Ito's colour-blind-safe palette (Okabe, Ito 2008, "Color Universal Design").
PALETTE = {"orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "yellow": "#F0E442", "blue": "#0072B2",
           "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000", "grey": "#7F7F7F"}
#: Related bounds share one style (colour, line style): (group label, colour, linestyle).
GROUP_STYLE = {
    "cosmology": (PALETTE["black"], "-"), "astrophysics": (PALETTE["grey"], ":"),
    "beam dumps": (PALETTE["blue"], "--"), "e+e- and LHC searches": (PALETTE["orange"], "-"),
    "neutrino scattering": (PALETTE["green"], "-."), "parity violation": (PALETTE["purple"], "-"),
    "user tables": (PALETTE["yellow"], "-"),
}
GROUPS = {
    "bbn_planck_electrophilic": "cosmology", "bbn_planck_numu": "cosmology", "neff_muonphilic": "cosmology",
    "white_dwarf": "astrophysics", "supernova": "astrophysics", "supernova_muon": "astrophysics",
    "na64_2019": "beam dumps", "na64_2018": "beam dumps", "e141": "beam dumps", "orsay": "beam dumps",
    "e137": "beam dumps", "babar_2014": "e+e- and LHC searches", "kloe_2015": "e+e- and LHC searches",
    "babar_2016_4mu": "e+e- and LHC searches", "cms_2019_z4mu": "e+e- and LHC searches",
    "moller_e158": "parity violation", "apv_cs": "parity violation", "texono": "neutrino scattering", "borexino": "neutrino scattering",
    "charm2": "neutrino scattering", "ccfr_trident": "neutrino scattering",
    # invisible decays and pi0 -> gamma Z'
    "na64_invisible_2019": "beam dumps", "babar_2017_invisible": "e+e- and LHC searches",
    "na48_2_2015": "e+e- and LHC searches",  # prompt A' -> e+e- resonance search (pi0 decays)
    # quark-coupling constraints (constraints/cevns.py, constraints/lhc_dimuon.py)
    "coherent_csi_2017": "neutrino scattering",
    "lhcb_2019_prompt": "e+e- and LHC searches", "cms_2019_scouting": "e+e- and LHC searches",
    "lep2_bhabha_ll": "e+e- and LHC searches",  # constraints/lep_contact.py
    "eeqq_contact_ll": "e+e- and LHC searches",  # constraints/eeqq_contact.py (LEP-II, HERA, Tevatron, APV)
}
#: Legend/region labels (short, so that they fit on the plot); constraints not listed here
#: (e.g. from a user --table) are labelled by their experiment, wrapped (see :func:`_short`).
SHORT_LABELS = {
    "bbn_planck_electrophilic": "BBN + Planck (e-philic)", "bbn_planck_numu": "BBN + Planck ($\\nu_\\mu$)",
    "neff_muonphilic": "$N_{eff}$ + BBN ($\\mu$-philic)", "white_dwarf": "white-dwarf cooling",
    "supernova": "SN1987A", "supernova_muon": "SN1987A ($\\mu$)", "babar_2014": "BaBar",
    "kloe_2015": "KLOE(-2)", "na64_2019": "NA64 (2019)", "na64_2018": "NA64 (2018)", "e141": "SLAC E141",
    "orsay": "Orsay", "e137": "SLAC E137", "moller_e158": "E158 (Møller)", "apv_cs": "APV (Cs)",
    "texono": "TEXONO",
    "borexino": "Borexino", "charm2": "CHARM-II", "ccfr_trident": "CCFR trident",
    "babar_2016_4mu": "BaBar ($4\\mu$)",
    "cms_2019_z4mu": "CMS ($Z\\to4\\mu$)",
    "na64_invisible_2019": "NA64 (invisible)", "babar_2017_invisible": "BaBar (invisible)",
    "na48_2_2015": "NA48/2 ($\\pi^0\\to\\gamma Z'$)",
    "coherent_csi_2017": "COHERENT (CsI)", "lhcb_2019_prompt": "LHCb ($\\mu\\mu$)",
    "cms_2019_scouting": "CMS scouting", "lep2_bhabha_ll": "LEP-II (Bhabha, LL)",
    "eeqq_contact_ll": "$eeqq$ contact (LL)",
}
#: Longest legend line for a constraint without a short label (longer ones are wrapped, 2 lines max).
LABEL_WIDTH = 28
#: The allowed region gets a thick outline and an arrow when it covers less than this fraction of the plane.
THIN_ALLOWED_FRACTION = 0.004
BAND_COLOURS = {"e": PALETTE["sky"], "mu": PALETTE["purple"]}
UNREACHABLE_COLOUR = "#d4ecf9"
#: The union of every excluded region is one light fill (no stacked semi-transparent fills);
#: each experiment is its outline in its group's style.
EXCLUDED_COLOUR = "#e6e6e6"
COMBINED_COLOUR = "#bdbdbd"
ALLOWED_COLOUR = PALETTE["vermillion"]
#: the part of the plane a model does not reach (its m_Z'^2 = A + B s^2 would need s^2 < 0), hatched over all
OFF_MODEL_COLOUR = "#555555"
#: dotted outline of the allowed cells where a search applies that is not encoded (constraints/gaps.py)
NOT_EVALUATED_COLOUR = "#7a3b00"
#: the line of a model whose m_Z' follows from the plotted parameters (no free VEV sets it)
MODEL_LINE_COLOUR = "black"
MODEL_LINE_STYLE = "-."
FORMATS = ("png", "pdf", "svg")
#: PNG resolution by default (publication figures; PDF/SVG are vector).
DEFAULT_DPI = 300
#: Default style (matplotlib rcParams) applied while drawing; ``draw(style=...)`` adds to or replaces it.
STYLE = {"font.size": 9, "axes.linewidth": 0.8, "xtick.direction": "in", "ytick.direction": "in",
         "xtick.top": True, "ytick.right": True, "legend.frameon": False, "savefig.bbox": "tight"}
#: Label size (points) of region labels.
LABEL_SIZE = 7


def _matplotlib():
    try:
        import matplotlib
        from matplotlib.figure import Figure
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch
    except ImportError:
        raise DependencyError("zprime plot needs matplotlib: pip install 'zprime_sym[plot]' "
                              "(or pip install matplotlib)") from None
    return matplotlib, Figure, Patch, Line2D


def _symbol(name: str) -> str:
    """``CA_e`` -> ``C_{Ae}``, ``gp`` -> ``g'`` (mathtext, no $): the notation of ``zprime derive --latex``."""
    return tex_name(name)


def axis_label(name: str) -> str:
    """``CA_e`` -> ``$|C_{Ae}|$``, ``gp`` -> ``$|g'|$``."""
    return f"$|{_symbol(name)}|$"


_NUMBER = re.compile(r"(?<![A-Za-z_])(\d+(?:\.\d*)?)(?:e([+-]?\d+))")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def _tex_number(match) -> str:
    mantissa, exponent = match.group(1), int(match.group(2))
    power = f"10^{{{exponent}}}"
    return power if float(mantissa) == 1 else f"{mantissa}\\times{power}"


def _tex_expression(text: str) -> str:
    """``-1e-8/CV_e`` -> ``-10^{-8}/C_{Ve}`` (mathtext, no $)."""
    out = _NUMBER.sub(_tex_number, text)
    return _NAME.sub(lambda m: _symbol(m.group(0)) if not m.group(0).startswith("times") else m.group(0), out) \
        .replace("*", r"\,")


def pretty_setting(text: str) -> str:
    r"""A --fix/--tie/--solve/--profile setting as mathtext: ``CV_e:a_e=-1sigma`` -> ``$|C_{Ve}|$ solved for
    $\Delta a_e$ = measured $-1\sigma$``; ``gt=0`` -> ``$\tilde{g} = 0$``."""
    solve = re.fullmatch(r"(\w+):a_(e|mu)=([^:]+)(:neg)?", text)
    if solve:
        name, lep, target, neg = solve.groups()
        lep = "e" if lep == "e" else r"\mu"
        sig = re.fullmatch(r"([+-]?\d*\.?\d*)sigma", target)
        goal = (f"measured ${sig.group(1) or '+1'}\\sigma$" if sig else
                "measured" if target == "exact" else f"${_tex_expression(target)}$")
        return f"${_symbol(name)}{'<0' if neg else ''}$ solved for $\\Delta a_{lep}$ = {goal}"
    if text.startswith("profile "):
        name = text.split()[1].split("=")[0]
        return f"${_symbol(name)}$ profiled"
    name, sep, rhs = text.partition("=")
    if not sep:
        return text
    return f"${_symbol(name)} = {_tex_expression(rhs)}$"


def _short(experiment: str) -> str:
    """A legend label for an experiment name without a short label: wrapped, at most two lines."""
    text = textwrap.shorten(experiment, width=2 * LABEL_WIDTH, placeholder="...")
    return "\n".join(textwrap.wrap(text, width=LABEL_WIDTH)) or experiment


def _labels(regions: Regions, drawn) -> dict[str, str]:
    """Label per constraint: its short label, disambiguated by the name when shared."""
    base = {r.name: SHORT_LABELS.get(r.name) or _short(r.experiment) for r in drawn}
    values = list(base.values())
    return {name: (f"{label} ({name.rsplit('_', 1)[-1]})" if values.count(label) > 1 else label)
            for name, label in base.items()}


def _style(name: str) -> tuple[str, str, str]:
    """(group, colour, linestyle) of a constraint."""
    group = GROUPS.get(name, "user tables")
    colour, ls = GROUP_STYLE[group]
    return group, colour, ls


def _fill(ax, x, y, mask, colour, alpha=1.0, hatch=None, zorder=1):
    ax.contourf(x, y, mask.astype(float), levels=[0.5, 1.5], colors=[colour], alpha=alpha, hatches=[hatch],
                zorder=zorder, antialiased=True)


def _outline(ax, x, y, mask, colour, ls="-", lw=1.1, zorder=3):
    ax.contour(x, y, mask.astype(float), levels=[0.5], colors=[colour], linewidths=lw, linestyles=[ls], zorder=zorder)


def _fraction(v, axis_values):
    """Position of ``v`` on a log axis spanning ``axis_values``, as a fraction of the axis (0..1)."""
    lo, hi = np.log(np.min(axis_values)), np.log(np.max(axis_values))
    return (np.log(v) - lo) / (hi - lo)


def _half_width(label: str) -> float:
    """Approximate half width of a region label in axes fractions (mathtext markup does not print)."""
    printed = re.sub(r"\$|\\[A-Za-z]+|[{}_^]", "", label)
    return 0.0062 * max(len(line) for line in printed.split("\n")) + 0.012


def _label_position(x, y, mask, placed, half_width, min_fraction=0.01, half_height=0.035):
    """Axes-fraction position for a label on ``mask``: the point of ``mask`` nearest its log-space centre
    of mass whose label box (``half_width`` x ``half_height``) stays inside the axes and clear of every
    box in ``placed`` ((x, y, half_width) triples); None if the region is too small or no point fits."""
    if mask.sum() < min_fraction * mask.size:
        return None
    iy, ix = np.nonzero(mask)
    fx, fy = _fraction(x[ix], x), _fraction(y[iy], y)
    inner = (fx > half_width + 0.01) & (fx < 0.99 - half_width) & (fy > half_height + 0.01) & (fy < 0.99 - half_height)
    if not inner.any():
        return None
    cx, cy = fx.mean(), fy.mean()
    fx, fy = fx[inner], fy[inner]
    order = np.argsort((fx - cx) ** 2 + (fy - cy) ** 2)
    for k in order[:: max(1, len(order) // 600)]:
        if all(abs(fx[k] - px) >= half_width + pw + 0.01 or abs(fy[k] - py) >= 2 * half_height + 0.01
               for px, py, pw in placed):
            return float(fx[k]), float(fy[k])
    return None


def _reached(regions: Regions) -> np.ndarray:
    """Mask of the plane the model reaches (all of it unless its m_Z' would need a negative VEV squared)."""
    if regions.mass_kind == "coordinate" and regions.off_model is not None:
        return ~regions.off_model
    return np.ones_like(regions.allowed)


def _point_at_thin_allowed(ax, x, y, allowed, avoid=()):
    """Point a labelled arrow at a thin allowed region (the "thin white strip" of BCK21 Fig. 2(a,b))."""
    if not allowed.any() or allowed.sum() >= THIN_ALLOWED_FRACTION * allowed.size:
        return
    iy, ix = np.nonzero(allowed)
    fx, fy = _fraction(x[ix], x), _fraction(y[iy], y)
    ox = np.concatenate([fx, [a[0] for a in avoid]])
    oy = np.concatenate([fy, [a[1] for a in avoid]])
    k = int(np.argmin((fx - fx.mean()) ** 2 + (fy - fy.mean()) ** 2))  # the allowed point nearest the middle
    candidates = [(fx[k] + dx, fy[k] + dy) for dx in (0.14, 0.0, -0.14) for dy in (-0.14, 0.0, 0.14) if dx or dy]
    candidates = [c for c in candidates if 0.08 <= c[0] <= 0.92 and 0.06 <= c[1] <= 0.94] or [(0.5, 0.5)]
    offset = max(candidates, key=lambda c: np.min((ox - c[0]) ** 2 + (oy - c[1]) ** 2))
    ax.annotate("allowed", xy=(x[ix[k]], y[iy[k]]), xytext=offset, textcoords="axes fraction", fontsize=8,
                color=ALLOWED_COLOUR, fontweight="bold", ha="center", va="center", zorder=6,
                arrowprops={"arrowstyle": "-|>", "color": ALLOWED_COLOUR, "lw": 1.4, "shrinkA": 2, "shrinkB": 3},
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": ALLOWED_COLOUR, "alpha": 0.9, "lw": 0.8})


#: Units of the m_Z' axis, largest first (sizes from zprime_sym.units); MeV is the smallest used.
MASS_AXIS_UNITS = ("TeV", "GeV", "MeV")


def mass_axis_unit(lo_MeV: float) -> tuple[str, float]:
    """(unit, MeV per unit) of an m_Z' axis starting at ``lo_MeV``: the largest unit of
    :data:`MASS_AXIS_UNITS` not above it (MeV below 1 GeV), so that a heavy Z' reads "2 TeV", not
    "2e+06 MeV". The data stay in MeV; only labels scale."""
    scales = [(unit, to_mev(UNITS_IN_GEV[unit])) for unit in MASS_AXIS_UNITS]
    return next(((unit, scale) for unit, scale in scales if lo_MeV >= scale), scales[-1])


def _mass_ticks(axis, lo: float, hi: float, scale: float) -> None:
    """Tick labels of a log m_Z' axis in MeV shown in units of ``scale`` MeV. Below two decades, ticks
    1, 2, 3, 5 x 10^n are labelled as plain numbers (matplotlib's default 3x10^1-style minor labels
    overlap there); over more, decades only, as plain numbers from 0.01 to 10^4, else as 10^n."""
    from matplotlib.ticker import FuncFormatter, NullFormatter

    few_decades = hi / lo < 100
    if not few_decades and scale == 1.0:
        return  # matplotlib's own decade labels

    def label(value, _pos):
        if value <= 0:
            return ""
        shown = value / scale
        exponent = np.floor(np.log10(shown) + 1e-9)
        mantissa = shown / 10 ** exponent
        near = round(mantissa)
        if abs(mantissa - near) >= 1e-6 or near not in ((1, 2, 3, 5) if few_decades else (1,)):
            return ""
        return f"{shown:g}" if few_decades or 1e-2 <= shown <= 1e4 else f"$10^{{{int(exponent)}}}$"

    axis.set_major_formatter(FuncFormatter(label))
    axis.set_minor_formatter(FuncFormatter(label) if few_decades else NullFormatter())


def _allowed_condition(regions: Regions) -> str:
    """What "allowed" means on this plot: the constraints, and g-2 unless no lepton's band is required."""
    return "constraints + g-2" if regions.required_leptons else "constraints, no g-2 condition"


def draw(regions: Regions, output: str | Path | None = None, *, ax=None, title: str | None = None,
         dpi: int = DEFAULT_DPI, figsize=(6.4, 4.6), inside_labels: bool = True, style: dict | str | None = None):
    """Draw ``regions`` on ``ax`` (a new Figure's Axes if None) and, if ``output`` is given
    (``.png``, ``.pdf`` or ``.svg``), save the figure there (PNG at ``dpi``, default 300).

    Look: one light fill for everything excluded; each experiment outlined in its group's style
    (:data:`GROUP_STYLE`, Okabe-Ito colours; e.g. all beam dumps dashed blue) and labelled on its
    region; experiments whose label does not fit on the plot, the g-2 bands (hatched) and the allowed
    region (filled vermillion contour) go to a legend below the axes. ``style`` is a dict of
    matplotlib rcParams or a style name applied on top of :data:`STYLE` while drawing (the hook for
    journal styles). Returns the Axes drawn on.

    Raises DependencyError without matplotlib, InputError for an unsupported file extension.
    """
    if output is not None:
        suffix = Path(output).suffix.lower().lstrip(".")
        if suffix not in FORMATS:
            raise InputError(f"-o {output}: unsupported format {suffix!r}; use .png, .pdf or .svg")
    matplotlib, Figure, Patch, Line2D = _matplotlib()
    rc = dict(STYLE)
    with matplotlib.rc_context(rc):
        if isinstance(style, str):
            matplotlib.style.use(style)
        elif style:
            matplotlib.rcParams.update(style)
        if ax is None:
            fig = Figure(figsize=figsize, dpi=dpi)
            ax = fig.add_subplot(1, 1, 1)
            own = True
        else:
            fig, own = ax.figure, False
        _draw_on(ax, regions, title, inside_labels, Patch, Line2D)
        if own:
            fig.subplots_adjust(left=0.13, right=0.97, bottom=0.30, top=0.90)
        if output is not None:
            fig.savefig(output, dpi=dpi)
    return ax


def _draw_on(ax, regions, title, inside_labels, Patch, Line2D) -> None:
    x, y = regions.m_MeV, np.abs(regions.y)
    handles = []
    if regions.unreachable.any():
        _fill(ax, x, y, regions.unreachable, UNREACHABLE_COLOUR, zorder=0.5)
        leptons = ", ".join(f"a_{lep}" for lep in regions.solved_leptons)
        handles.append(Patch(fc=UNREACHABLE_COLOUR, label=f"${leptons}$ target unreachable".replace("a_mu", "a_\\mu")))
    drawn = [r for r in regions.constraint_regions if r.excluded.any()]
    labels = _labels(regions, drawn)
    union = regions.any_excluded() & ~regions.combined_only
    if union.any():
        _fill(ax, x, y, union, EXCLUDED_COLOUR, zorder=0.8)
    for reg in drawn:
        _, colour, ls = _style(reg.name)
        _outline(ax, x, y, reg.excluded, colour, ls)
    if regions.combined_only.any():
        _fill(ax, x, y, regions.combined_only, COMBINED_COLOUR, zorder=0.9)
        handles.append(Patch(fc=COMBINED_COLOUR, label=f"combination (profiling ${_symbol(regions.profiled)}$)"))
    for lep in ("e", "mu"):
        if lep in regions.solved_leptons or lep not in regions.required_leptons or not regions.bands[lep].any():
            continue
        colour = BAND_COLOURS[lep]
        hatch = "////" if lep == "e" else "\\\\\\\\"
        _fill(ax, x, y, regions.bands[lep], colour, alpha=0.22, hatch=hatch, zorder=2)
        ax.collections[-1].set_edgecolor(colour)  # the hatch colour
        ax.collections[-1].set_linewidth(0)
        _outline(ax, x, y, regions.bands[lep], colour, "-", lw=0.8)
        tex = "e" if lep == "e" else "\\mu"
        handles.append(Patch(fc=colour, alpha=0.35, ec=colour, hatch=hatch,
                             label=f"$\\Delta a_{{{tex}}}$ within {regions.n_sigma:g}$\\sigma$"))
    if regions.mass_kind == "coordinate" and regions.off_model is not None and regions.off_model.any():
        _fill(ax, x, y, regions.off_model, "white", alpha=0.55, hatch="xx", zorder=3.5)
        ax.collections[-1].set_edgecolor(OFF_MODEL_COLOUR)
        ax.collections[-1].set_linewidth(0)
        _outline(ax, x, y, regions.off_model, OFF_MODEL_COLOUR, "-", lw=1.0, zorder=3.6)
        s = _symbol(regions.mass_param)
        handles.append(Patch(fc="white", ec=OFF_MODEL_COLOUR, hatch="xx", label=f"not in the model (${s}^2 < 0$)"))
    if regions.mass_kind == "derived":
        if regions.model_mass_GeV is not None:
            with np.errstate(invalid="ignore", divide="ignore"):
                dist = np.log(regions.m_GeV[None, :] / regions.model_mass_GeV)
            if np.nanmin(dist) < 0 < np.nanmax(dist):  # (profiled: one line per value, none drawn)
                ax.contour(x, y, dist, levels=[0.0], colors=[MODEL_LINE_COLOUR], linewidths=2.0,
                           linestyles=[MODEL_LINE_STYLE], zorder=4.5)
                handles.append(Line2D([], [], color=MODEL_LINE_COLOUR, lw=2.0, ls=MODEL_LINE_STYLE,
                                      label="the model ($m_{Z'}$ from its parameters)"))
        if regions.allowed.any():
            iy, ix = np.nonzero(regions.allowed)
            ax.plot(x[ix], y[iy], "o", ms=3.2, color=ALLOWED_COLOUR, zorder=5)
            handles.append(Line2D([], [], color=ALLOWED_COLOUR, marker="o", ls="none", ms=4,
                                  label=f"allowed on the line ({_allowed_condition(regions)})"))
    elif regions.allowed.any():
        _fill(ax, x, y, regions.allowed, ALLOWED_COLOUR, alpha=0.45, zorder=4)
        thin = regions.allowed.sum() < THIN_ALLOWED_FRACTION * regions.allowed.size
        _outline(ax, x, y, regions.allowed, ALLOWED_COLOUR, "-", lw=2.2 if thin else 1.4, zorder=5)
        handles.append(Patch(fc=ALLOWED_COLOUR, alpha=0.6, ec=ALLOWED_COLOUR, lw=1.4,
                             label=f"allowed ({_allowed_condition(regions)})"))
    if regions.not_evaluated:  # allowed cells where a search applies that is not encoded (constraints/gaps.py)
        in_gap = np.zeros_like(regions.allowed)
        for mask in regions.not_evaluated.values():
            in_gap |= mask
        _outline(ax, x, y, in_gap, NOT_EVALUATED_COLOUR, ":", lw=1.3, zorder=5.5)
        names = ", ".join(GAPS_BY_NAME[name].label for name in regions.not_evaluated)
        handles.append(Line2D([], [], color=NOT_EVALUATED_COLOUR, ls=":", lw=1.3,
                              label=f"allowed, not checked against {names} (not encoded)"))
    placed: list = []
    unlabelled = []
    reached = _reached(regions)
    for reg in drawn:
        _, colour, ls = _style(reg.name)
        others = np.zeros_like(regions.allowed)
        for other in drawn:
            if other is not reg:
                others |= other.excluded
        pos = None
        hw = _half_width(labels[reg.name])
        if inside_labels:  # on the part of the plane the model reaches, if the region has room there
            pos = (_label_position(x, y, reg.excluded & ~others & reached, placed, hw)
                   or _label_position(x, y, reg.excluded & reached, placed, hw, min_fraction=0.03)
                   or _label_position(x, y, reg.excluded & ~others, placed, hw)
                   or _label_position(x, y, reg.excluded, placed, hw, min_fraction=0.03))
        if pos is None:
            unlabelled.append(reg)
            continue
        placed.append((*pos, hw))
        ax.text(*pos, labels[reg.name], transform=ax.transAxes, fontsize=LABEL_SIZE, ha="center", va="center",
                color="black", zorder=7,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": colour, "alpha": 0.85, "lw": 0.8, "ls": ls})
    for reg in unlabelled:
        _, colour, ls = _style(reg.name)
        handles.append(Line2D([], [], color=colour, ls=ls, lw=1.1, label=labels[reg.name]))
    _point_at_thin_allowed(ax, x, y, regions.allowed, avoid=[p[:2] for p in placed])

    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(x[0], x[-1])
    unit, scale = mass_axis_unit(x[0])
    _mass_ticks(ax.xaxis, x[0], x[-1], scale)
    ax.set_ylim(y.min(), y.max())
    ax.set_xlabel(rf"$m_{{Z'}}$ [{unit}]")
    sign = "" if regions.y[0] > 0 else f"  (${_symbol(regions.y_name)} < 0$)"
    ax.set_ylabel(axis_label(regions.y_name) + sign)
    if title is None:
        view = "couplings set directly" if regions.mode == "coupling" else "model parameters"
        model = Path(regions.model).stem if str(regions.model).endswith(".toml") else regions.model
        title = f"{model} ({view}); data: {regions.data}"
    ax.set_title(title, fontsize=9, pad=13)
    if regions.settings:
        ax.text(0.0, 1.008, "; ".join(pretty_setting(t) for t in regions.settings), transform=ax.transAxes,
                fontsize=7, va="bottom", ha="left", color="#333333")
    ax.grid(True, which="major", lw=0.3, alpha=0.4, zorder=0)
    if handles:
        ax.legend(handles=handles, fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=3,
                  frameon=False, handlelength=2.2, columnspacing=1.2)
