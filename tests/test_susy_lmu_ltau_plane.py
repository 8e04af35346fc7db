"""Tests of zprime_sym.susy.lmu_ltau_plane against independent numbers (see each docstring)."""
import math

import numpy as np
import pytest
from scipy.integrate import quad

from zprime_sym.constants import constants
from zprime_sym.exceptions import ConstraintDataError
from zprime_sym.susy import lmu_ltau_plane as plane
from zprime_sym.susy.polygons import parse_polygon, points_in_polygon

DELTA_A_MU, SIGMA_MU = 2.79e-9, 0.76e-9  # BDR20 (BNL E821 vs WP2020), docs/g2.md


def delta_a_mu_unit(m_zp):
    """Δa_μ / g_X² of a vector Z' by quadrature of the standard one-loop integral (BCK21 Eq. (7),
    C_V = g_X, C_A = 0): (1/4π²) ∫ m² z²(1-z) / (m² z² + M² (1-z)) dz. Independent of the package."""
    m = constants().m_mu
    val, _ = quad(lambda z: m**2 * z**2 * (1 - z) / (m**2 * z**2 + m_zp**2 * (1 - z)), 0.0, 1.0, epsabs=0, epsrel=1e-12)
    return val / (4 * math.pi**2)


def g_for(delta_a, m_zp):
    return math.sqrt(delta_a / delta_a_mu_unit(m_zp))


def test_kinetic_mixing_lepton_only_is_g_over_70():
    # Literature: ε ≈ -g_X/70 from μ and τ loops (Bauer, Foldenauer, Jaeckel arXiv:1803.05466).
    # "70" has two significant figures, hence 1.5% tolerance.
    eps = plane.kinetic_mixing(1.0)
    assert abs(eps) == pytest.approx(1 / 70, rel=0.015)


def test_kinetic_mixing_scalar_term_beta_function_ratio():
    # Complex scalar vs Dirac fermion QED beta coefficients 1/3 : 4/3. Two charged sleptons per flavour
    # with m_τ̃/m_μ̃ = m_τ/m_μ add 2 × 1/4 of the lepton log: ε = 1.5 × lepton-only (exact).
    c = constants()
    r = c.m_tau / c.m_mu
    smu = np.array([[200.0, 300.0]])
    eps = plane.kinetic_mixing(1e-3, smu, r * smu)
    assert eps[0] == pytest.approx(1.5 * plane.kinetic_mixing(1e-3), rel=1e-12)
    # degenerate smuons and staus: scalar loops cancel (limit case)
    assert plane.kinetic_mixing(1e-3, smu, smu)[0] == pytest.approx(plane.kinetic_mixing(1e-3), rel=1e-14)


def test_kinetic_mixing_logarithmic_in_slepton_ratio():
    # dε/d ln(ratio) = e g/(12π²) × 2 eigenstates × 2 (ln m²) × 1/4 = e g/(12π²): linear in ln(ratio).
    g = 7e-4
    smu = np.array([[150.0, 150.0], [150.0, 150.0], [150.0, 150.0]])
    ratios = np.array([2.0, 20.0, 200.0])
    eps = plane.kinetic_mixing(g, smu, smu * ratios[:, None])
    slope = np.diff(eps) / np.diff(np.log(ratios))
    assert slope == pytest.approx(np.full(2, constants().e * g / (12 * math.pi**2)), rel=1e-12)


@pytest.mark.parametrize("m_mev", [20, 30, 50, 100, 150, 200])
def test_g2_band_allowed_in_table2_window(m_mev):
    # BDR20 Table 2: m_Z' 10-210 MeV can explain Δa_μ. The lower 1σ edge of the band must pass all
    # default constraints; tolerance: the CCFR curve is a coarse sampling, so we allow ratio up to 1.02.
    m = m_mev * 1e-3
    g = g_for(DELTA_A_MU - SIGMA_MU, m)
    ratios = plane.plane_ratios(np.array([m]), np.array([g]))
    assert max(float(v[0]) for v in ratios.values()) <= 1.02, ratios


def test_g2_band_excluded_above_window():
    # Above ~210 MeV (Table 2's upper end) the whole 1σ band is excluded (CCFR + BaBar).
    m = 0.25
    g = g_for(DELTA_A_MU - SIGMA_MU, m)
    ratios = plane.plane_ratios(np.array([m]), np.array([g]))
    assert max(float(v[0]) for v in ratios.values()) > 1.0


def test_borexino_excludes_part_of_band_below_20mev():
    # Borexino re-analysis (arXiv:2006.11225) excludes part of the (g-2)_μ band below ≈20 MeV.
    c = plane.plane_constraints()["borexino"]
    assert c.ratio(0.010, g_for(DELTA_A_MU, 0.010))[()] > 1.0
    assert c.ratio(0.020, g_for(DELTA_A_MU, 0.020))[()] < 1.0


def test_borexino_shift_is_quartic_for_lmu_ltau():
    # ν_μ and ν_τ carry opposite charges and equal Borexino weights: the linear (interference) terms
    # of Eq. (14) cancel, the shift is ∝ g_X⁴ (exact scaling).
    c = plane.plane_constraints()["borexino"]
    r1 = c.ratio(0.015, 3e-4)
    r2 = c.ratio(0.015, 6e-4)
    assert r2 / r1 == pytest.approx(16.0, rel=1e-12)


def test_ccfr_excludes_above_crosscheck_values():
    # cross-check values of arXiv:1406.2332 (as compiled by the project): excluded 10% above, allowed 10% below; also
    # between nodes (geometric midpoints) with the coarser neighbour values as brackets.
    m = np.array([13.5, 30, 50, 100, 200, 500, 1000, 2000, 5000]) * 1e-3
    g = np.array([8.6e-4, 9.1e-4, 9.5e-4, 1.1e-3, 1.3e-3, 2.0e-3, 2.8e-3, 4.6e-3, 9.2e-3])
    c = plane.plane_constraints()["ccfr_trident"]
    assert np.all(c.ratio(m, 1.1 * g) > 1) and np.all(c.ratio(m, 0.9 * g) < 1)
    mid = np.sqrt(m[1:] * m[:-1])
    assert np.all(c.ratio(mid, 1.01 * np.maximum(g[1:], g[:-1])) > 1)
    assert np.all(c.ratio(mid, 0.99 * np.minimum(g[1:], g[:-1])) < 1)
    # heavy Z': m/g >= 550 GeV (arXiv:1406.2332)
    assert c.ratio(20.0, 20.0 / 550 * 1.05)[()] > 1 and c.ratio(20.0, 20.0 / 550 * 0.95)[()] < 1


@pytest.mark.parametrize("m_mev", [13.5, 30, 50, 100])
def test_ccfr_formula_eq16_close_to_published_curve(m_mev):
    # BCK21 Eq. (16) (leading-log light-Z' formula, 0.82 ± 0.28 at 1.96σ) against the published
    # 1406.2332 curve: agreement within 30% expected (different statistical treatment and the
    # approximate formula); the formula is the stronger of the two.
    m = m_mev * 1e-3
    curve = plane.plane_constraints()["ccfr_trident"]
    formula = plane.plane_constraints()["ccfr_trident_eq16"]
    from scipy.optimize import brentq
    g_curve = brentq(lambda g: curve.ratio(m, g)[()] - 1, 1e-5, 1e-2)
    g_form = brentq(lambda g: formula.ratio(m, g)[()] - 1, 1e-5, 1e-2)
    assert 0.7 < g_form / g_curve <= 1.0


def test_babar_cms_tables_and_ranges():
    # BaBar 1606.03501 Fig. 5 node (500 MeV, 1.22e-3) and CMS 1808.03684 node (16 GeV, 5.1e-3);
    # outside their published mass ranges they do not constrain (ratio 0). At a node the ratio is 1 up to
    # the loop-induced kinetic mixing, which shifts every charged lepton's C_V by -e eps (x = e eps/g_X
    # ~ 0.44 %): below 2 m_tau (BaBar) sqrt(C_Vmu^2 BR_mumu/BR_ref) = (1 - x) sqrt(1 - x) ~ 1 - 1.5 x
    # (massless widths, BR_ref = 1/2), above (CMS, tau open, BR_ref = 1/3) (1 - x) sqrt(1 - 2x) ~ 1 - 2x.
    # Tolerance 1e-4: muon-mass effects in the BR (~1 % of x) and Z' -> ee (~1e-5).
    cons = plane.plane_constraints()
    x = lambda g: constants().e * float(plane.kinetic_mixing(g)) / g  # noqa: E731
    assert cons["babar_4mu"].ratio(0.5, 1.22e-3)[()] == pytest.approx(1 - 1.5 * x(1.22e-3), rel=1e-4)
    assert cons["cms_z4mu"].ratio(16.0, 5.1e-3)[()] == pytest.approx(1 - 2 * x(5.1e-3), rel=1e-4)
    assert cons["babar_4mu"].ratio(0.1, 1.0)[()] == 0.0
    assert cons["cms_z4mu"].ratio(100.0, 1.0)[()] == 0.0


def test_bbn_threshold():
    # BCK21: m_Z' >= 8.3 MeV when |C_νμ| >~ 1e-9 (arXiv:1910.01649)
    c = plane.plane_constraints()["bbn_neff"]
    assert c.ratio(0.008, 1e-4)[()] > 1 and c.ratio(0.009, 1e-4)[()] < 1
    assert c.ratio(0.001, 1e-12)[()] == 0.0


def test_polygon_header_validation():
    # Polygons use the one table grammar (curve: polygon, bounds: mass_plane, axes required).
    good = ("# format: zprime-limit-table/1\n# experiment: X\n# arxiv: 1\n# source: Fig. 1\n# production: pp_sparticle_pairs\n"
            "# decay: simplified_model\n# cl: 0.95\n# bounds: mass_plane\n# curve: polygon\n# units: GeV\n# sampling: coarse\n"
            "# axes: x = m(a) GeV, y = m(b) GeV\nx,y\n1,2\n3,4\n5,1\n")
    assert parse_polygon(good, "t")[1, 1] == 4.0
    with pytest.raises(ConstraintDataError, match="sampling"):
        parse_polygon(good.replace("sampling: coarse", "sampling: digitised"), "t")
    with pytest.raises(ConstraintDataError, match="'cl'"):
        parse_polygon(good.replace("# cl: 0.95\n", ""), "t")
    with pytest.raises(ConstraintDataError, match="'axes'"):
        parse_polygon(good.replace("# axes: x = m(a) GeV, y = m(b) GeV\n", ""), "t")
    with pytest.raises(ConstraintDataError, match="three vertices"):
        parse_polygon(good.replace("5,1\n", ""), "t")
    # MeV axes are converted to GeV
    assert parse_polygon(good.replace("units: GeV", "units: MeV"), "t")[1, 1] == pytest.approx(4e-3, rel=1e-15)


def test_plane_tables_are_the_constraint_module_tables():
    # One data source: the plane's BaBar/CMS/CCFR limits equal the general constraint module's tables
    # (node values of the shipped tables, e.g. BaBar 1.22e-3 at 500 MeV, CCFR 1.1e-3 at 100 MeV).
    from zprime_sym.constraints.tables import shipped_table
    cons = plane.plane_constraints()
    for name, g_node, m_node in (("babar_4mu", 1.22e-3, 0.5), ("ccfr_trident", 1.1e-3, 0.1), ("cms_z4mu", 5.1e-3, 16.0)):
        assert shipped_table(plane.TABLES[name]).interpolate(m_node)[0] == pytest.approx(g_node, rel=1e-12)
        # 1 up to the kinetic-mixing shift of C_Vmu (test_babar_cms_tables_and_ranges): within 1 %
        assert cons[name].ratio(m_node, g_node)[()] == pytest.approx(1.0, rel=1e-2)
    # CCFR bounds sqrt(C_Vmu C_numu) = g sqrt(1 - x) exactly (x = e eps/g): ratio at the node
    x = constants().e * float(plane.kinetic_mixing(1.1e-3)) / 1.1e-3
    assert cons["ccfr_trident"].ratio(0.1, 1.1e-3)[()] == pytest.approx(np.sqrt(1 - x), rel=1e-9)


def test_point_in_polygon_matches_matplotlib():
    # Independent implementation: matplotlib.path.Path.contains_points on a non-convex polygon.
    mpath = pytest.importorskip("matplotlib.path", reason="matplotlib not installed (plot extra)")
    poly = np.array([[0, 0], [4, 0], [4, 3], [2, 1], [0, 3]], dtype=float)
    pts = np.random.default_rng(7).uniform(-1, 5, size=(2000, 2))
    ours = points_in_polygon(pts, poly)
    ref = mpath.Path(poly).contains_points(pts)
    assert np.array_equal(ours, ref)


def test_tachyonic_slepton_never_passes():
    # A NaN (tachyonic) stau mass makes ε undefined: the Borexino ratio is NaN, which fails "≤ 1".
    r = plane.plane_ratios(np.array([0.03]), np.array([5e-4]), np.array([[300.0, 310.0]]), np.array([[np.nan, 5000.0]]))
    assert np.isnan(r["borexino"][0]) and not (r["borexino"][0] <= 1.0)
