"""Invisible-decay searches (NA64 missing energy, BaBar single photon, Belle II mu mu + invisible recast)
and NA48/2 pi0 -> gamma Z': closed-form limit cases, an independent anomaly-trace computation, numbers
printed in the papers, and a viable-before, excluded-now verdict of a quark-coupled model."""
import math
from importlib import resources

import numpy as np
import pytest

from zprime_sym.constraints import all_constraints, evaluate_all, register_table
from zprime_sym.constraints import meson_decays
from zprime_sym.constraints.base import Points
from zprime_sym.constraints.tables import shipped_table
from zprime_sym.evaluate.g2 import delta_a

ALPHA = 7.2973525693e-3                      # CODATA 2018, independent of zprime_sym.constants
E = math.sqrt(4 * math.pi * ALPHA)
M_E, M_MU, M_TAU = 0.51099895e-3, 0.1056583755, 1.77686   # GeV (PDG)
NEW = ("na64_invisible_2019", "babar_2017_invisible", "na48_2_2015")


def _lepton_width(m, cv, ca, ml):
    """Gamma(Z' -> l l) / (m / 12 pi), closed form (widths.py docstring)."""
    r = (ml / m) ** 2
    return 0.0 if 4 * r >= 1 else math.sqrt(1 - 4 * r) * (cv**2 * (1 + 2 * r) + ca**2 * (1 - 4 * r))


def _eps_pi0(m, c):
    p = Points.prepare(m, c)
    return float(meson_decays.equivalent_epsilon_pi0(p.m, p)[0])


def _dark_photon(eps):
    """A dark photon: C_V = -eps e Q for every fermion (leptons Q = -1), no axial couplings."""
    c = {f"CV_{l}": eps * E for l in ("e", "mu", "tau")}
    c.update(CV_u=-2 * eps * E / 3, CV_d=eps * E / 3, CV_s=eps * E / 3, CV_c=-2 * eps * E / 3, CV_b=eps * E / 3,
             CV_t=-2 * eps * E / 3)
    return c


# --- NA48/2 pi0 -> gamma Z' ---------------------------------------------------------------------------

def test_na48_dark_photon_reproduces_eps_exactly():
    # Closed-form limit case: for a dark photon the recast returns eps / eps_lim(m) (BR(A'->ee) = 1 below 2 m_mu).
    con = meson_decays.na48_2_2015()
    table = shipped_table("na48_2_2015.csv")
    m = np.geomspace(0.0091, 0.118, 60)
    for eps in (3e-4, 1e-3, 4e-3):
        # rtol 1e-8: e here is CODATA's, the package's alpha differs in the tenth digit
        np.testing.assert_allclose(con.evaluate(m, _dark_photon(eps)), eps / table.interpolate(m)[:, 0], rtol=1e-8)
    assert con.cl == 0.90 and con.arxiv == "1504.00607"
    lo, hi = con.mass_range_GeV
    assert lo == pytest.approx(8.991e-3) and hi == pytest.approx(0.1186)


def test_pi0_coupling_is_the_anomaly_trace():
    # Independent computation: the pi0 -> V1 V2 anomaly amplitude is N_c Tr[tau3 {V1, V2}] with V the (u, d)
    # coupling matrices; eps_pi0 is the gamma Z' amplitude over the gamma gamma one (one photon
    # replaced by the Z'), i.e. Tr[tau3 {Q_gamma, V_Z'}] / Tr[tau3 {Q_gamma, Q_gamma}] * e (the photon has C = -e Q).
    tau3 = np.diag([1.0, -1.0])
    q_gamma = -E * np.diag([2 / 3, -1 / 3])
    rng = np.random.default_rng(7)
    m = 0.05
    for cu, cd in rng.normal(0, 1e-3, size=(5, 2)):
        vz = np.diag([cu, cd])
        amp = np.trace(tau3 @ (q_gamma @ vz + vz @ q_gamma)) / np.trace(tau3 @ (2 * q_gamma @ q_gamma))
        c = {"CV_e": 1e-3, "CV_u": cu, "CV_d": cd}
        # only e+e- open (no neutrino couplings): BR(Z'->ee) = 1 = BR(A'->ee)
        assert _eps_pi0(m, c) == pytest.approx(abs(amp), rel=1e-8)
        assert abs(amp) == pytest.approx(abs(2 * cu + cd) / E, rel=1e-12)


def test_b_minus_l_pi0_rate_is_not_zero_and_counts_its_neutrino_width():
    # B-L: C_Vu = C_Vd = g/3 -> 2 C_Vu + C_Vd = g; leptons C_V = -g, neutrinos C_nu = -g, so below 2 m_mu
    # BR(Z'->ee) = Gamma_ee / (Gamma_ee + 3 g^2 m/(24 pi)) (closed form), and eps_pi0 = g/e sqrt(BR_ee).
    g, m = 2e-4, 0.05
    c = {"CV_e": -g, "CV_mu": -g, "CV_tau": -g, "Cnu_e": -g, "Cnu_mu": -g, "Cnu_tau": -g,
         "CV_u": g / 3, "CV_d": g / 3, "CV_s": g / 3}
    ee = _lepton_width(m, g, 0.0, M_E)
    br_ee = ee / (ee + 3 * g**2 / 2)
    assert br_ee == pytest.approx(0.4, rel=1e-3)
    eps = g / E * math.sqrt(br_ee)
    assert _eps_pi0(m, c) == pytest.approx(eps, rel=1e-6)
    lim = float(shipped_table("na48_2_2015.csv").interpolate(m)[0])
    assert float(meson_decays.na48_2_2015().evaluate(m, c)) == pytest.approx(eps / lim, rel=1e-6)


def test_na48_axial_quark_couplings_do_not_count_and_nucleons_alone_do_not_either():
    m = 0.03
    assert float(meson_decays.na48_2_2015().evaluate(m, {"CV_e": 1e-3, "CA_u": 1e-2, "CA_d": 1e-2})) == 0.0
    assert float(meson_decays.na48_2_2015().evaluate(m, {"CV_e": 1e-3})) == 0.0


def test_na48_long_lived_z_prime_is_not_excluded():
    # A baryonic Z' (tiny electron coupling): eps_pi0 = g/e far above the limit, but the Z' lives much longer
    # than the dark photon at the limit, so the prompt search says nothing (ratio 0), not "excluded".
    g, m = 1e-3, 0.03
    c = {"CV_e": 1e-7, "CV_u": g / 3, "CV_d": g / 3}
    assert _eps_pi0(m, c) == pytest.approx(g / E, rel=1e-8)
    assert float(meson_decays.na48_2_2015().evaluate(m, c)) == 0.0
    # the same Z' with a dark-photon-sized electron coupling is prompt, and excluded
    c["CV_e"] = 1e-3 * E
    assert float(meson_decays.na48_2_2015().evaluate(m, c)) > 1.0


def test_na48_improves_on_wasa_over_its_stated_range():
    # NA48/2 (abstract): its limits are more stringent than the previous ones for 9 < m < 70 MeV; the previous
    # pi0 result, WASA-at-COSY (arXiv:1304.0671, abstract), is eps^2 < 5e-6 at 90% CL for 20 < m < 100 MeV.
    t = shipped_table("na48_2_2015.csv")
    inside = (t.mass_GeV > 0.020) & (t.mass_GeV < 0.070)
    assert inside.sum() >= 10  # a coarse sampling (30 log bins over 9-119 MeV)
    assert np.all(t.values[inside, 0] ** 2 < 5e-6)


def test_user_copy_of_na48_reproduces_the_shipped_constraint(tmp_path):
    text = resources.files("zprime_sym.data").joinpath("limits", "na48_2_2015.csv").read_text()
    path = tmp_path / "pi0.csv"
    path.write_text(text)
    user = register_table(path)
    m = np.geomspace(0.0095, 0.115, 30)
    c = dict(_dark_photon(8e-4), Cnu_mu=np.geomspace(1e-6, 1e-3, 30))
    np.testing.assert_allclose(user.evaluate(m, c), meson_decays.na48_2_2015().evaluate(m, c), rtol=1e-12)


# --- invisible searches ------------------------------------------------------------------------------

@pytest.mark.parametrize("name,filename", [("na64_invisible_2019", "na64_invisible_2019.csv"),
                                           ("babar_2017_invisible", "babar_2017_invisible.csv")])
def test_invisible_recast_closed_form(name, filename):
    # eps_inv = sqrt((C_Ve^2 + C_Ae^2) BR_inv)/e with BR_inv from the closed-form widths; a Z' decaying almost
    # only to neutrinos (C_nu >> C_e) reproduces the invisible dark photon: ratio -> sqrt(C_Ve^2+C_Ae^2)/e / eps_lim.
    con = {c.name: c for c in all_constraints()}[name]
    table = shipped_table(filename)
    lo, hi = con.mass_range_GeV
    for m in np.geomspace(lo * 1.01, min(hi, 0.2) * 0.99, 7):
        cv, ca, cnu = 3e-5, 2e-5, 4e-4
        c = {"CV_e": cv, "CA_e": ca, "Cnu_e": cnu, "Cnu_mu": -cnu}
        inv = 2 * cnu**2 / 2                                  # two flavours, C_nu^2 m/(24 pi) each, in m/(12 pi)
        vis = _lepton_width(m, cv, ca, M_E)
        eps = math.sqrt((cv**2 + ca**2) * inv / (inv + vis)) / E
        lim = float(table.interpolate(m)[0])
        assert float(con.evaluate(m, c)) == pytest.approx(eps / lim, rel=1e-6)
        c_pure = {"CV_e": 1e-6, "Cnu_e": 1.0}
        assert float(con.evaluate(m, c_pure)) == pytest.approx(1e-6 / E / lim, rel=1e-8)
    assert float(con.evaluate(0.02, {"CV_e": 1e-3})) == 0.0     # no invisible width: no signal


def _eps_g2_mu_low(m):
    """Dark-photon eps giving Delta a_mu = 251e-11 - 2 x 59e-11 (BNL + FNAL 2021, PRL 126 (2021) 141801):
    the lower edge of the 2 sigma (g-2)_mu band."""
    return math.sqrt(133e-11 / float(delta_a(m, E, 0.0, "mu")))


def test_na64_invisible_excludes_the_dark_photon_g2_band_below_100_mev():
    # NA64 (arXiv:1610.02988, abstract): the invisible A' with m <~ 100 MeV is excluded as an explanation of
    # the (g-2)_mu anomaly; the 2.84e11 EOT limit used here is stronger still.
    t = shipped_table("na64_invisible_2019.csv")
    for m in np.geomspace(1.0e-3, 0.1, 25):
        assert _eps_g2_mu_low(m) > float(t.interpolate(m)[0])


def test_babar_invisible_excludes_the_dark_photon_g2_band():
    # BaBar (arXiv:1702.03327, abstract): upper limits for m_A' <= 8 GeV that exclude the couplings suggested by
    # the dark-photon interpretation of (g-2)_mu.
    t = shipped_table("babar_2017_invisible.csv")
    lo, hi = t.mass_range_GeV
    assert hi == pytest.approx(8.0)
    for m in np.geomspace(lo, hi, 40):
        assert _eps_g2_mu_low(m) > float(t.interpolate(m)[0])
    # and the limit is the "~1e-3 for m <= 8 GeV" of the paper everywhere
    assert np.all((t.values[:, 0] > 3e-4) & (t.values[:, 0] < 2e-3))


def test_belle2_style_user_table_recast_is_exact_for_lmu_ltau(tmp_path):
    # e+e- -> mu mu + invisible, published for L_mu-L_tau: the reference model gives g exactly, below 2 m_mu
    # (BR_inv = 1), between 2 m_mu and 2 m_tau (BR_inv ~ 1/2) and above 2 m_tau (~ 2/5).
    path = tmp_path / "b2.csv"
    path.write_text("""# format: zprime-limit-table/1
# experiment: Test (e+e- -> mu mu + invisible)
# arxiv: 0000.00000
# source: test
# production: ee_to_mumu
# decay: invisible
# cl: 0.90
# bounds: g_lmu_ltau
# curve: upper_limit
# units: GeV
# sampling: exact
mass_GeV,limit
0.01,1e-2
8,1e-2
""")
    con = register_table(path)
    for g in (1e-4, 3e-3):
        c = {"CV_mu": g, "Cnu_mu": g, "CV_tau": -g, "Cnu_tau": -g}
        m = np.array([0.05, 0.5, 5.0])
        np.testing.assert_allclose(con.evaluate(m, c), g / 1e-2, rtol=1e-12)
    # a Z' without invisible width gives no signal; an axial muon coupling radiates like a vector one
    assert float(con.evaluate(0.5, {"CV_mu": 1e-3})) == 0.0
    m = 0.5
    ref = {"CV_mu": 1e-3, "Cnu_mu": 1e-3, "CV_tau": -1e-3, "Cnu_tau": -1e-3}
    ax = dict(ref, CV_mu=0.0, CA_mu=1e-3)
    inv = 2 * 1e-6 / 2
    br = lambda cv, ca: inv / (inv + _lepton_width(m, cv, ca, M_MU) + _lepton_width(m, 1e-3, 0, M_TAU))  # noqa: E731
    assert float(con.evaluate(m, ax)) / float(con.evaluate(m, ref)) == pytest.approx(
        math.sqrt(br(0, 1e-3) / br(1e-3, 0)), rel=1e-9)


def test_new_constraints_are_registered_and_in_plots():
    from zprime_sym.plot import draw

    names = [c.name for c in all_constraints()]
    assert all(n in names for n in NEW)
    assert all(n in draw.GROUPS and n in draw.SHORT_LABELS for n in NEW)
    r = evaluate_all(0.02, dict(_dark_photon(1e-3), Cnu_e=1e-3))
    assert all(n in r for n in NEW)


# --- viable before, excluded now: a quark-coupled model ------------------------------------------------

@pytest.fixture
def without_new_constraints(monkeypatch):
    """The registry as it was before the invisible and pi0 constraints (for the 'before' verdict)."""
    from zprime_sym.constraints import registry
    from zprime_sym.viability import evaluator

    original = registry.current_constraints

    def patch(active: bool):
        evaluator._constraints.cache_clear()
        if active:
            monkeypatch.setattr(registry, "current_constraints",
                                lambda: [c for c in original() if c.name not in NEW])
        else:
            monkeypatch.setattr(registry, "current_constraints", original)

    yield patch
    monkeypatch.setattr(registry, "current_constraints", original)
    evaluator._constraints.cache_clear()


def test_b_minus_l_wp2025_rb_window_shrinks_because_of_na48(without_new_constraints):
    """b_minus_l with wp2025-rb was viable over ~15-34 MeV (its witness at 21.5 MeV is kinetic-mixing
    dominated, CV_p = -CV_e); NA48/2 excludes that witness (the only constraint it fails) and the window shrinks
    by more than half (to 15.4-22 MeV on the default grid)."""
    from zprime_sym.viability.verdict import verdict

    kw = dict(data="wp2025-rb", mass_range_GeV=(1e-2, 0.06), find_blocking=False)
    without_new_constraints(True)
    before = verdict("b_minus_l", **kw)
    without_new_constraints(False)
    now = verdict("b_minus_l", **kw)
    assert before.viable
    (blo, bhi), = before.windows_MeV
    assert blo < 16 and bhi > 33
    assert sum(hi - lo for lo, hi in now.windows_MeV) < 0.5 * (bhi - blo)
    assert all(blo <= lo and hi <= bhi for lo, hi in now.windows_MeV)
    # the old witness: every constraint passes except NA48/2
    w = before.witness
    ratios = {k: float(v) for k, v in evaluate_all(w["m_zp_MeV"] * 1e-3, w["couplings"]).items()}
    failing = sorted(k for k, v in ratios.items() if v > 1.0)
    assert failing == ["na48_2_2015"]
    cvp = w["couplings"]["CV_p"]
    assert cvp == pytest.approx(-w["couplings"]["CV_e"], rel=1e-6)


def test_plot_shades_na48_in_parameter_mode():
    """zprime plot (parameter mode) hands the dark photon's quark couplings to NA48/2: its region in the
    (m_Z', eps) plane is non-empty, lies above eps = 4e-4 (the lowest tabulated limit) and inside 9-119 MeV."""
    from zprime_sym.plot.regions import compute_regions

    r = compute_regions("dark_photon", "m_zp,eps", mass_range=(5e-3, 0.2), y_range=(1e-5, 1e-2), grid=24)
    na48 = {c.name: c for c in r.constraint_regions}["na48_2_2015"]
    mask = np.asarray(na48.excluded)
    assert mask.any() and not mask.all()
    x, y = np.meshgrid(np.asarray(r.m_GeV), np.abs(np.asarray(r.y)))  # arrays are (n_y, n_mass)
    assert np.all(y[mask] > 4e-4)
    assert np.all((x[mask] >= 8.9e-3) & (x[mask] <= 0.119))
