"""Tests of zprime_sym.susy.lhc on hand-made spectra (synthetic arrays with the susy.spectrum shapes)."""
from types import SimpleNamespace

import numpy as np
import pytest

from zprime_sym.susy import lhc


def fake_spectrum(neut, charg, sel, smu, stau=(2000.0, 2100.0), snu=(1000.0, 1000.0, 2000.0), order=None, N=None):
    """One-point Spectrum look-alike. ``neut`` 7 masses ascending; ``order`` gives the gauge-basis index
    (0 B̃, 1 W̃, 2 H̃d, 3 H̃u, 4 B̃', 5 η̃, 6 η̄̃) of each mass eigenstate (pure states)."""
    if N is None:
        order = order or [0, 1, 2, 3, 4, 5, 6]
        N = np.zeros((1, 7, 7))
        for i, k in enumerate(order):
            N[0, i, k] = 1.0
    return SimpleNamespace(
        neutralino_masses=np.array([neut], float), N=N,
        chargino_masses=np.array([charg], float),
        U=np.eye(2)[None], V=np.eye(2)[None],
        slepton_masses={"e": np.array([sel], float), "mu": np.array([smu], float), "tau": np.array([stau], float)},
        slepton_mixing={f: np.eye(2)[None] for f in ("e", "mu", "tau")},
        sneutrino_masses={"e": np.array([snu[0]]), "mu": np.array([snu[1]]), "tau": np.array([snu[2]])},
    )


def params(M1, M2, mu):
    return {"M1": np.array([M1], float), "M2": np.array([M2], float), "mu": np.array([mu], float)}


BINO_LSP = params(100, 800, -900)  # class 2


@pytest.mark.parametrize("M1,M2,mu,expected", [
    (500, 200, -300, 1), (300, 200, -250, 1), (200, 400, -800, 2),
    (200, 800, -400, 3), (500, 600, -200, 4), (300, 900, -150, 4),
])
def test_class_logic(M1, M2, mu, expected):
    # BDR20 Sec. 4: 1: M2 < (M1,|mu|); 2: M1 < M2 < |mu|; 3: M1 < |mu| < M2; 4: |mu| < (M1, M2)
    assert lhc.ewkino_class(params(M1, M2, mu))[0] == expected


def test_selectron_contour_inside_and_outside():
    # 1908.08215 selectron contour: (300, 100) is inside (contour reaches m_chi ~ 220 GeV at m_e ~ 300),
    # (300, 250) above it, (700, 100) beyond its 602 GeV reach.
    neut = [100, 800, 900, 905, 3000, 4000, 4001]
    for sel, excluded in [((300, 310), True), ((700, 710), False)]:
        out = lhc.spectrum_constraints(fake_spectrum(neut, [800, 905], sel, (900, 910)), BINO_LSP)
        assert out["atlas_selectron"][0] == excluded
    neut_high = [250, 800, 900, 905, 3000, 4000, 4001]
    out = lhc.spectrum_constraints(fake_spectrum(neut_high, [800, 905], (300, 310), (900, 910)), BINO_LSP)
    assert not out["atlas_selectron"][0]


def test_smuon_contour_and_split_pair():
    neut = [100, 800, 900, 905, 3000, 4000, 4001]
    inside = lhc.spectrum_constraints(fake_spectrum(neut, [800, 905], (900, 910), (400, 420)), BINO_LSP)
    assert inside["atlas_smuon"][0]
    # Split pair, only the lighter eigenstate (400 GeV) inside the 1908.08215 smuon contour (reach
    # 606 GeV): BDR20's rule (lighter state vs the L+R contour) excludes; the conservative rule
    # "both inside" does not.
    split = fake_spectrum(neut, [800, 905], (900, 910), (400, 700))
    assert lhc.spectrum_constraints(split, BINO_LSP)["atlas_smuon"][0]
    assert not lhc.spectrum_constraints(split, BINO_LSP, slepton_rule="both")["atlas_smuon"][0]


def test_light_right_handed_smuon_is_excluded():
    # The case of issue 5: a light, purely right-handed smuon (mixing rows swapped: eigenstate 1 is
    # mu~_R) at 300 GeV with mu~_L at 3 TeV, bino LSP 100 GeV. (300, 100) lies inside the L+R contour
    # (at m = 292-327 GeV the contour edge is at m_chi = 213-234 GeV), so the lighter-state rule
    # excludes it; the old "both inside" rule let it escape. Heavier LSP (250 GeV, above the edge): allowed.
    spec = fake_spectrum([100, 800, 900, 905, 3000, 4000, 4001], [800, 905], (900, 910), (300, 3000))
    spec.slepton_mixing["mu"] = np.array([[[0.0, 1.0], [1.0, 0.0]]])
    assert lhc.spectrum_constraints(spec, BINO_LSP)["atlas_smuon"][0]
    assert not lhc.spectrum_constraints(spec, BINO_LSP, slepton_rule="both")["atlas_smuon"][0]
    spec_heavy_lsp = fake_spectrum([250, 800, 900, 905, 3000, 4000, 4001], [800, 905], (900, 910), (300, 3000))
    assert not lhc.spectrum_constraints(spec_heavy_lsp, BINO_LSP)["atlas_smuon"][0]


def test_lighter_rule_contains_both_rule():
    # Limit case / set inclusion: on random split pairs every point excluded by "both" is excluded by
    # "lighter", and they agree when the pair is degenerate.
    rng = np.random.default_rng(5)
    light = rng.uniform(90, 700, 4000)
    heavy = light + rng.uniform(0, 500, 4000)
    lsp = rng.uniform(0, 400, 4000)
    both = lhc.direct_slepton_excluded("atlas_smuon", light, heavy, lsp, "both")
    lighter = lhc.direct_slepton_excluded("atlas_smuon", light, heavy, lsp, "lighter")
    assert np.all(lighter[both]) and lighter.sum() > both.sum()
    same = lhc.direct_slepton_excluded("atlas_smuon", light, light, lsp, "both")
    assert np.array_equal(same, lighter)
    with pytest.raises(Exception, match="slepton rule"):
        lhc.direct_slepton_excluded("atlas_smuon", light, heavy, lsp, "average")


def test_class_picks_chargino_searches():
    # Same spectrum: light chargino at 500 GeV, LSP 100 GeV, selectron at 300 GeV between them.
    # Class 2 (wino chargino): via-slepton contour 1803.02762 covers (500, 100) -> excluded.
    # Class 4 (|mu| smallest): light-chargino searches do not apply (compressed higgsinos instead).
    neut = [100, 500, 900, 905, 3000, 4000, 4001]
    spec = fake_spectrum(neut, [500, 905], (300, 320), (900, 910))
    c2 = lhc.spectrum_constraints(spec, params(100, 500, -900))
    c4 = lhc.spectrum_constraints(spec, params(600, 700, -500))
    assert c2["class"][0] == 2 and c2["atlas_ewkino_light_chargino"][0]
    assert c4["class"][0] == 4 and not c4["atlas_ewkino_light_chargino"][0]


def test_via_slepton_versus_gauge_boson_contours():
    # chargino 800 GeV, LSP 100 GeV: outside every W/Z/h contour (max reach ~744 GeV), inside the
    # via-slepton contours (reach ~1.1 TeV). Which applies depends on a slepton lying in between.
    neut = [100, 800, 900, 905, 3000, 4000, 4001]
    heavy_sl = lhc.spectrum_constraints(fake_spectrum(neut, [800, 905], (900, 910), (950, 960), snu=(950, 960, 2000)), BINO_LSP)
    light_sl = lhc.spectrum_constraints(fake_spectrum(neut, [800, 905], (450, 460), (950, 960)), BINO_LSP)
    assert not heavy_sl["atlas_ewkino_light_chargino"][0]
    assert light_sl["atlas_ewkino_light_chargino"][0]
    # and the 1806.02293 WZ contour catches (400, 100) when sleptons are heavy
    wz = lhc.spectrum_constraints(fake_spectrum([100, 400, 900, 905, 3000, 4000, 4001], [400, 905], (900, 910), (950, 960), snu=(950, 960, 2000)), params(100, 400, -900))
    assert wz["atlas_ewkino_light_chargino"][0]


def test_via_slepton_needs_midway_slepton_and_wino():
    # Slepton just above the LSP (x = 0.06, far from the simplified model's 0.5): the via-slepton contour
    # is not applied and, decays going through the slepton, neither are the W/Z/h ones.
    neut = [100, 800, 900, 905, 3000, 4000, 4001]
    near = lhc.spectrum_constraints(fake_spectrum(neut, [800, 905], (140, 150), (950, 960)), BINO_LSP)
    assert not near["atlas_ewkino_light_chargino"][0]
    # Class 3 (higgsino-like light chargino at 400 GeV, slepton midway at 250 GeV): higgsinos decay via
    # W/Z/h, and (400, 100) lies inside the 1806.02293 WZ contour -> excluded via the gauge-boson rule.
    spec = fake_spectrum([100, 400, 405, 900, 3000, 4000, 4001], [400, 900], (250, 255), (950, 960), order=[0, 2, 3, 1, 4, 5, 6])
    out = lhc.spectrum_constraints(spec, params(100, 900, -400))
    assert out["class"][0] == 3 and out["atlas_ewkino_light_chargino"][0]
    assert lhc.inside("atlas_c1n2_wz_2018b", 400, 100) and not lhc.inside("atlas_c1n2_wz_2018b", 400, 300)


def test_right_handed_slepton_does_not_mediate_wino_decays():
    # Winos couple to l~_L and sneutrinos only. Chargino 800, LSP 100, selectron midway at 450:
    # L-like -> via-slepton contour (reach ~1.1 TeV) excludes; R-like (mixing rows swapped) -> the
    # gauge-boson rule applies and (800, 100) is beyond every W/Z/h contour.
    neut = [100, 800, 900, 905, 3000, 4000, 4001]
    spec = fake_spectrum(neut, [800, 905], (450, 950), (950, 960), snu=(950, 960, 2000))
    assert lhc.spectrum_constraints(spec, BINO_LSP)["atlas_ewkino_light_chargino"][0]
    spec.slepton_mixing["e"] = np.array([[[0.0, 1.0], [1.0, 0.0]]])
    assert not lhc.spectrum_constraints(spec, BINO_LSP)["atlas_ewkino_light_chargino"][0]


def test_wino_lifetime_matches_atlas_benchmark():
    # ATLAS 1712.02118: a pure wino (Δm ≈ 160-165 MeV) has τ ≈ 0.2 ns. Tolerance 15%: Δm of the
    # benchmark known to ~2 MeV and τ ∝ Δm^-3 near threshold is steep.
    assert lhc.chargino_lifetime_ns(0.164) == pytest.approx(0.2, rel=0.15)
    assert np.isinf(lhc.chargino_lifetime_ns(0.1))


def _bp1_like(**kw):
    from zprime_sym.susy.params import compute_spectrum
    from zprime_sym.susy.slha import read_slha

    p = read_slha("BP1")
    p.update(kw)
    return compute_spectrum(p), p


def test_long_lived_chargino_on_real_spectra():
    # BP1 of BDR20 (M2 = 180 < |mu| = 223 < M1): wino-like LSP (|N_12|^2 = 0.63) but the light higgsino
    # splits the pair by 2.5 GeV at tree level -> prompt chargino decay, disappearing-track bound not applied.
    spec, p = _bp1_like()
    assert not lhc.spectrum_constraints(spec, p)["atlas_long_lived_chargino"][0]
    # BP1 with mu = -900 GeV: pure-wino-like pair (|N_12|^2, |U_11|^2, |V_11|^2 > 0.98), tree-level splitting
    # 6.4 MeV <= 16.4 MeV, so tau ~ the benchmark's 0.2 ns (0.17 ns with +164 MeV) at m = 180 GeV < 460: excluded.
    spec, p = _bp1_like(mu=-900.0)
    lsp, _ = lhc.collider_neutralinos(spec)
    dm = spec.chargino_masses[0, 0] - lsp[0]
    assert 0.004 < dm < 0.009 and lhc.chargino_lifetime_ns(dm + 0.164) == pytest.approx(0.17, rel=0.05)
    assert lhc.spectrum_constraints(spec, p)["atlas_long_lived_chargino"][0]
    # mu = -600 GeV: tree-level splitting 36 MeV (tau 0.08 ns): outside the pure-wino regime, not applied.
    spec, p = _bp1_like(mu=-600.0)
    assert not lhc.spectrum_constraints(spec, p)["atlas_long_lived_chargino"][0]
    # A pure wino above the 460 GeV reach (M2 = 480, M1 = 2 TeV, mu = -3 TeV: splitting < 16 MeV): allowed.
    spec, p = _bp1_like(M2=480.0, M1=2000.0, mu=-3000.0)
    lsp, _ = lhc.collider_neutralinos(spec)
    assert spec.chargino_masses[0, 0] - lsp[0] < 0.0164 and spec.chargino_masses[0, 0] > 460
    assert not lhc.spectrum_constraints(spec, p)["atlas_long_lived_chargino"][0]


def test_lep_bounds():
    neut = [50, 800, 900, 905, 3000, 4000, 4001]
    out = lhc.spectrum_constraints(fake_spectrum(neut, [800, 905], (90, 95), (900, 910)), BINO_LSP)
    assert out["lep_selectron"][0]  # 90 < 99.9 GeV with Δm = 40 GeV
    neut_c = [85, 800, 900, 905, 3000, 4000, 4001]
    out = lhc.spectrum_constraints(fake_spectrum(neut_c, [800, 905], (90, 95), (900, 910)), BINO_LSP)
    assert not out["lep_selectron"][0]  # Δm = 5 GeV < 10 GeV: LEP bound does not apply
    out = lhc.spectrum_constraints(fake_spectrum(neut, [100, 905], (300, 305), (900, 910)), BINO_LSP)
    assert out["lep_chargino"][0] and out["excluded_any"][0]


def test_compressed_higgsino_class4():
    # 1911.12606 higgsino contour: (m_chi2, Δm) = (120, 5) inside; (120, 1) below its reach.
    p4 = params(600, 700, -120)
    inside = fake_spectrum([115, 120, 600, 700, 3000, 4000, 4001], [118, 700], (500, 510), (900, 910), order=[2, 3, 0, 1, 4, 5, 6])
    below = fake_spectrum([119, 120, 600, 700, 3000, 4000, 4001], [119.5, 700], (500, 510), (900, 910), order=[2, 3, 0, 1, 4, 5, 6])
    assert lhc.spectrum_constraints(inside, p4)["atlas_higgsino_compressed"][0]
    assert not lhc.spectrum_constraints(below, p4)["atlas_higgsino_compressed"][0]


def test_bprime_lsp_uses_mssm_nlsp_at_colliders():
    # A B~'-like true LSP (150 GeV) below a bino-like state (200 GeV): the MSSM-like one is the collider LSP.
    N = np.zeros((1, 7, 7))
    for i, k in enumerate([4, 0, 1, 2, 3, 5, 6]):
        N[0, i, k] = 1.0
    spec = fake_spectrum([150, 200, 800, 900, 905, 4000, 4001], [800, 905], (400, 410), (900, 910), N=N)
    lsp, second = lhc.collider_neutralinos(spec)
    assert lsp[0] == 200.0 and second[0] == 800.0
    assert lhc.nlsp_index(spec)[0] == 1
    assert not lhc.nlsp_two_body_open(spec)[0]
    # a 190 GeV selectron opens chi2 -> e e~ at tree level: the radiative lifetime no longer applies
    assert lhc.nlsp_two_body_open(fake_spectrum([150, 200, 800, 900, 905, 4000, 4001], [800, 905], (190, 410), (900, 910), N=N))[0]


def test_vectorised_over_points():
    # Stacking two hand-made points gives the same flags as evaluating them one by one.
    a = fake_spectrum([100, 800, 900, 905, 3000, 4000, 4001], [800, 905], (300, 310), (900, 910))
    b = fake_spectrum([100, 800, 900, 905, 3000, 4000, 4001], [800, 905], (700, 710), (900, 910))
    both = SimpleNamespace(**{k: (np.concatenate([getattr(a, k), getattr(b, k)]) if isinstance(getattr(a, k), np.ndarray)
                                  else {f: np.concatenate([getattr(a, k)[f], getattr(b, k)[f]]) for f in getattr(a, k)})
                              for k in vars(a)})
    p = {k: np.concatenate([v, v]) for k, v in BINO_LSP.items()}
    out = lhc.spectrum_constraints(both, p)
    assert out["atlas_selectron"].tolist() == [True, False]


def _bprime_fake(neut, sel, smu, snu=(1000.0, 1000.0, 2000.0), charg=(800, 905)):
    """B~'-like LSP (mass eigenstate 0 = B~'), then bino, wino, higgsinos, eta~s."""
    N = np.zeros((1, 7, 7))
    for i, k in enumerate([4, 0, 1, 2, 3, 5, 6]):
        N[0, i, k] = 1.0
    return fake_spectrum(neut, list(charg), sel, smu, snu=snu, N=N)


def test_sneutrino_lsp_veto():
    # a 90 GeV electron sneutrino below a 100 GeV bino: not the neutralino LSP every contour assumes
    neut = [100, 800, 900, 905, 3000, 4000, 4001]
    assert lhc.spectrum_constraints(fake_spectrum(neut, [800, 905], (300, 310), (900, 910), snu=(90, 1000, 2000)), BINO_LSP)["sneutrino_lsp"][0]
    assert not lhc.spectrum_constraints(fake_spectrum(neut, [800, 905], (300, 310), (900, 910), snu=(110, 1000, 2000)), BINO_LSP)["sneutrino_lsp"][0]


def test_bprime_stranded_selectron_and_prompt_smuon():
    # B~' LSP 100, bino 400. A selectron at 300 (below the bino) cannot decay to B~' (X_e = 0): stranded.
    neut = [100, 400, 900, 905, 3000, 4000, 4001]
    stranded = lhc.spectrum_constraints(_bprime_fake(neut, (300, 310), (900, 910)), BINO_LSP)
    assert stranded["bprime_stranded"][0] and not stranded["charged_lsp"][0]
    # A smuon at 300 decays mu~ -> mu B~' (g_X): not stranded, and tested against the B~' mass, (300, 100)
    # inside the 1908.08215 smuon contour (with the bino's 400 GeV it would be outside).
    smuon = lhc.spectrum_constraints(_bprime_fake(neut, (900, 910), (300, 310)), BINO_LSP)
    assert not smuon["bprime_stranded"][0] and smuon["atlas_smuon"][0]
    assert not lhc.inside("atlas_smuon", 300, 400)
    # an electron sneutrino below the bino is stranded too
    assert lhc.spectrum_constraints(_bprime_fake(neut, (900, 910), (950, 960), snu=(350, 1000, 2000)), BINO_LSP)["bprime_stranded"][0]


def test_compressed_smuon():
    # 1911.12606 slepton contour: (m, Delta m) = (130, 10) inside, (130, 0.3) below its reach; applied to the
    # lighter smuon like to the lighter selectron.
    for lsp, inside in ((120.0, True), (129.7, False)):
        neut = [lsp, 800, 900, 905, 3000, 4000, 4001]
        out = lhc.spectrum_constraints(fake_spectrum(neut, [800, 905], (700, 710), (130, 900)), BINO_LSP)
        assert out["atlas_smuon_compressed"][0] == inside and not out["atlas_selectron_compressed"][0]


def test_wino_with_realistic_branching_ratio_not_vetoed_at_980_gev():
    # BP3 of BDR20 (M2 = 977, |mu| = 223, M1 = 156): the wino-like chargino (984 GeV) with the left smuon
    # midway (x = 0.60) sits inside the 1803.02762 via-slepton contour at m_LSP = 147 GeV, so at 100 % BR
    # it was vetoed. Its two-body decays (zprime_sym.susy.decays) go 57 % to e/mu sleptons and the rest
    # to the 222-231 GeV higgsinos + W/Z/h: signal fraction 0.57^2 = 0.32 < 0.5 -> no longer vetoed.
    from zprime_sym.susy.params import compute_spectrum
    from zprime_sym.susy.slha import read_slha

    p = {k: np.atleast_1d(np.asarray(v, float)) for k, v in read_slha("BP3").items()}
    spec = compute_spectrum(p)
    lsp, _ = lhc.collider_neutralinos(spec)
    m_c2 = spec.chargino_masses[0, 1]
    assert 975 < m_c2 < 990 and lhc.inside("atlas_c1n2_slepton", m_c2, lsp[0])
    frac = lhc.signal_fractions(spec, p, 1, lhc.nlsp_index(spec))
    assert 0.25 < frac["c1n2_slepton"][0] < 0.4
    # BDR20 Eq. (4.4): sigma^X = sigma^G(984) F_M Pi BR with F_M ~ 1 (wino-like pair) -> m_eff ~ 1.18 TeV, outside
    from zprime_sym.susy import xsec
    assert frac["mixing_c1n2"][0] > 0.95
    m_eff = xsec.recast_mass("c1n2", m_c2, frac["mixing_c1n2"] * frac["c1n2_slepton"])[0]
    assert m_eff > 1150 and not lhc.inside("atlas_c1n2_slepton", m_eff, lsp[0])
    out = lhc.spectrum_constraints(spec, p)
    assert not out["atlas_ewkino_heavy_chargino"][0]
    # the same masses at 100 % BR (the synthetic-spectrum rule) are vetoed, as before
    assert lhc._chargino_searches(np.array([m_c2]), lsp, np.array([[647.0]]), np.array([True]))[0]
    # and with the higgsinos decoupled (|mu| = 2 TeV) the wino decays only via sleptons: vetoed
    p_heavy = dict(p, mu=np.array([-2000.0]))
    spec_heavy = compute_spectrum(p_heavy)
    frac = lhc.signal_fractions(spec_heavy, p_heavy, 0, lhc.nlsp_index(spec_heavy))
    assert frac["c1n2_slepton"][0] > 0.9
    assert lhc.spectrum_constraints(spec_heavy, p_heavy)["atlas_ewkino_light_chargino"][0]


def test_compressed_slepton_contour_counts_states_per_flavour():
    # 1911.12606 assumes four degenerate states (e~_L,R + mu~_L,R). BP2 (our completion m_L = m_E):
    # e~_1 = 201.0, e~_2 = 202.1 GeV both compressed against chi1 = 191.7 GeV: 2 of 4 states, fraction 0.5,
    # vetoed; with a heavy left doublet (m_L = 1 TeV, m_E retuned so e~_1 stays at 201 GeV) only 1 of 4: not.
    from zprime_sym.susy.params import compute_spectrum
    from zprime_sym.susy.slha import read_slha

    p = {k: np.atleast_1d(np.asarray(v, float)) for k, v in read_slha("BP2").items()}
    assert lhc.spectrum_constraints(compute_spectrum(p), p)["atlas_selectron_compressed"][0]
    alt = dict(p, mL_e=np.array([1000.0]), mE_e=np.array([196.3]))
    spec = compute_spectrum(alt)
    assert abs(spec.slepton_masses["e"].min() - 201.0) < 0.2
    assert lhc.inside("atlas_slepton_compressed", 201.0, 201.0 - spec.neutralino_masses[0, 0])
    assert not lhc.spectrum_constraints(spec, alt)["atlas_selectron_compressed"][0]
