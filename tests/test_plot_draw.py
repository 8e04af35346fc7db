"""zprime_sym.plot.draw: drawing into a given Axes, output formats and resolution, style hook, labels.

The regions are computed once on a coarse grid (BCK21 Fig. 2(c) plane); drawing must only show
them, so the checks are on what matplotlib holds (axes, texts, saved files), not on the physics.
"""
import re

import numpy as np
import pytest

pytest.importorskip("matplotlib")

from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from zprime_sym.plot import draw as D  # noqa: E402
from zprime_sym.plot.regions import compute_regions  # noqa: E402


@pytest.fixture(scope="module")
def regions():
    return compute_regions("model_independent", "m_zp,Cnu_e", fix=["CV_e=0"], solve=["CA_e:a_e=-1sigma"],
                           mass_range="1MeV,1GeV", y_range="1e-8,1e-2", grid="60x40")


def test_draws_into_a_given_axes(regions):
    fig = Figure(figsize=(9, 4))
    left, right = fig.subplots(1, 2)
    out = D.draw(regions, ax=right)
    assert out is right
    assert right.get_xscale() == "log" and right.get_yscale() == "log"
    assert len(right.collections) > 5 and len(left.collections) == 0  # nothing drawn on the other panel
    assert right.get_ylabel().startswith(r"$|C_{\nu e}|$")
    assert out.figure is fig


def test_new_axes_returned_and_formats(regions, tmp_path):
    ax = D.draw(regions, tmp_path / "a.svg")
    assert ax.figure.get_axes() == [ax]
    assert b"<svg" in (tmp_path / "a.svg").read_bytes()[:500]
    D.draw(regions, tmp_path / "a.pdf")
    assert (tmp_path / "a.pdf").read_bytes()[:5] == b"%PDF-"
    D.draw(regions, tmp_path / "a.png")
    from matplotlib.image import imread

    h, w = imread(tmp_path / "a.png").shape[:2]
    assert w >= 300 * 6.0 and h >= 300 * 3.5  # 6.4 x 4.6 in at 300 dpi, less the tight-bbox trim


def test_style_hook(regions):
    ax = D.draw(regions, style={"font.size": 13, "axes.linewidth": 2.5})
    assert ax.spines["left"].get_linewidth() == pytest.approx(2.5)
    assert ax.xaxis.label.get_fontsize() == pytest.approx(13)
    ax = D.draw(regions)
    assert ax.spines["left"].get_linewidth() == pytest.approx(D.STYLE["axes.linewidth"])


def test_tex_labels_and_settings(regions):
    ax = D.draw(regions)
    texts = [t.get_text() for t in ax.figure.findobj(Text)]
    assert any(r"$C_{Ve} = 0$" in t and r"$C_{Ae}$ solved for $\Delta a_e$" in t for t in texts)
    assert not any(re.search(r"\bCV_e\b|\bCA_e:a_e\b|=-1sigma", t) for t in texts)
    assert D.axis_label("gp") == "$|g'|$" and D.axis_label("CA_e") == "$|C_{Ae}|$"
    assert D.pretty_setting("gt=9.904e-07") == r"$\tilde{g} = 9.904\times10^{-7}$"


def test_groups_share_a_style_and_colours_are_few_and_distinct():
    beam = {D._style(n)[1:] for n in ("na64_2019", "na64_2018", "e141", "orsay", "e137")}
    assert len(beam) == 1
    colours = [c for c, _ in D.GROUP_STYLE.values()]
    assert len(set(colours)) == len(colours) <= 8
    assert set(colours) <= set(D.PALETTE.values())
    from zprime_sym.constraints.registry import all_constraints

    assert all(c.name in D.GROUPS for c in all_constraints(False, ()))


def test_labels_on_regions_and_small_legend(regions):
    ax = D.draw(regions)
    on_plot = [t.get_text() for t in ax.texts if t.get_bbox_patch() is not None]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    drawn = [r for r in regions.constraint_regions if r.excluded.any()]
    assert len(on_plot) >= len(drawn) // 2
    assert len(legend) < len(drawn)  # a legend only for what does not fit, plus bands/allowed
    # labels do not overlap: their display-space boxes are disjoint
    ax.figure.canvas.draw() if hasattr(ax.figure.canvas, "draw") else None
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(ax.figure)
    canvas.draw()
    boxes = [t.get_window_extent(canvas.get_renderer()) for t in ax.texts if t.get_bbox_patch() is not None]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), (a, b)


def test_allowed_region_is_a_filled_contour(regions):
    ax = D.draw(regions)
    from matplotlib.colors import to_rgba

    target = np.array(to_rgba(D.ALLOWED_COLOUR))[:3]
    fills = [c for c in ax.collections if len(c.get_facecolor()) and np.allclose(c.get_facecolor()[0][:3], target)]
    assert fills, "no filled allowed contour"
    assert not [line for line in ax.lines if line.get_marker() == "s"]  # no pixel-square markers


def test_mass_axis_unit_follows_the_range():
    """MeV below 1 GeV, GeV from 1 GeV, TeV from 1 TeV (the data stay in MeV)."""
    assert D.mass_axis_unit(0.5) == ("MeV", 1.0)
    assert D.mass_axis_unit(999.0) == ("MeV", 1.0)
    assert D.mass_axis_unit(1e3) == ("GeV", 1e3)
    assert D.mass_axis_unit(2e6) == ("TeV", 1e6)


def test_heavy_range_is_labelled_in_gev(regions):
    """A 100 GeV - 5 TeV plane reads "1000" on a GeV axis, not "1e+06" MeV; an MeV plane is unchanged."""
    heavy = compute_regions("b_minus_l", "m_zp,gp", fix=["gt=0"], mass_range="100GeV,5TeV", y_range="1e-3,1",
                            grid="12x6")
    ax = D.draw(heavy)
    assert ax.get_xlabel() == r"$m_{Z'}$ [GeV]"
    assert ax.get_xlim() == pytest.approx((1e5, 5e6))  # MeV data
    formatter = ax.xaxis.get_major_formatter()
    assert formatter(1e6, 0) == "1000" and formatter(3e5, 0) == "300" and formatter(4e5, 0) == ""
    wide = compute_regions("b_minus_l", "m_zp,gp", fix=["gt=0"], mass_range="1GeV,5TeV", y_range="1e-3,1",
                           grid="12x6")
    formatter = D.draw(wide).xaxis.get_major_formatter()
    assert formatter(1e6, 0) == "1000" and formatter(1e3, 0) == "1" and formatter(3e4, 0) == ""
    assert D.draw(regions).get_xlabel() == r"$m_{Z'}$ [MeV]"
