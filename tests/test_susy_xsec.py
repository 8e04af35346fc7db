"""BDR20 Eq. (4.4) recast: the pure-wino cross sections sigma^G (LHC SUSY Cross Section Working Group, 13 TeV
NLO+NLL), their inverse m_eff, the W-vertex mixing factor F_M, and the electroweakino flags built on them."""
from types import SimpleNamespace

import numpy as np
import pytest

from zprime_sym.susy import lhc, xsec


def test_sigma_gauge_interpolation_matches_the_printed_number():
    # The TWiki node sigma(C1+ N2, wino, 500 GeV) = 32.914 fb, and between nodes the value printed by the
    # independent susy_cross_section package (PyPI page: "susy-xs get 13TeV.n2x1+.wino 513.3" -> 29.4 fb).
    assert xsec.sigma_gauge("c1pn2", 500.0) * 1e3 == pytest.approx(32.914, rel=1e-12)
    assert xsec.sigma_gauge("c1pn2", 513.3) * 1e3 == pytest.approx(29.4, abs=0.05)
    # C1+- N2 (the C1N2 simplified models) is the sum of the two charges: at 500 GeV 46.353 fb
    assert xsec.sigma_gauge("c1n2", 500.0) * 1e3 == pytest.approx(46.353, rel=1e-12)
    assert np.isnan(xsec.sigma_gauge("c1n2", 90.0)) and np.isnan(xsec.sigma_gauge("c1n2", 2100.0))


@pytest.mark.parametrize("process", sorted(xsec.PROCESSES))
def test_effective_mass_inverts_sigma_gauge(process):
    m = np.linspace(100.0, 2000.0, 997)
    np.testing.assert_allclose(xsec.effective_mass(process, xsec.sigma_gauge(process, m)), m, rtol=1e-12)
    np.testing.assert_allclose(xsec.recast_mass(process, m, 1.0), m, rtol=1e-12)
    # a smaller signal is a heavier equivalent wino; no signal is out of reach
    assert np.all(xsec.recast_mass(process, m[:-1], 0.5) > m[:-1])
    assert np.isinf(xsec.recast_mass(process, 500.0, 0.0))


def _pure(n_row, u_row, v_row):
    """One-point spectrum look-alike: neutralino j = 1 with composition n_row, chargino 0 with U, V rows."""
    N = np.zeros((1, 7, 7))
    N[0, 0, 0] = 1.0
    N[0, 1, :4] = n_row
    U = np.array([[u_row, [-u_row[1], u_row[0]]]], float)
    V = np.array([[v_row, [-v_row[1], v_row[0]]]], float)
    return SimpleNamespace(neutralino_basis=("Bino", "Wino", "Hd", "Hu", "Bprime", "eta", "etabar"),
                           N=N, U=U, V=V, neutralino_masses=np.array([[100.0, 500, 600, 700, 800, 900, 1000]]),
                           chargino_masses=np.array([[500.0, 700.0]]))


def test_mixing_factor_pure_wino_and_pure_higgsino():
    # pure wino pair: O^L = O^R = 1, F_M = 1
    assert xsec.mixing_factor_c1n2(_pure([0, 1, 0, 0], [1, 0], [1, 0]), 0, 1)[0] == pytest.approx(1.0)
    # pure higgsinos: N_2 = (0, 0, 1, -1)/sqrt 2, U_12 = V_12 = 1 -> |O^L| = |O^R| = 1/2, F_M = 1/4
    s = 1 / np.sqrt(2)
    f_h = xsec.mixing_factor_c1n2(_pure([0, 0, s, -s], [0, 1], [0, 1]), 0, 1)[0]
    assert f_h == pytest.approx(0.25)
    # ... which reproduces the published pure-higgsino cross section (LHC SUSY XS WG, SUSYCrossSections13TeVhinosplit,
    # Resummino NLO+NLL): sigma(C1+ N2) = 0.282748 pb at m(N2) = 202, m(N1) = 200 GeV (C1 midway), and 0.063496 pb at
    # 302 / 300 GeV, against F_M x sigma(C1+ N2, wino) at the chargino mass: within 4 %.
    for m_c, published in ((201.0, 0.282748), (301.0, 0.063496)):
        assert f_h * xsec.sigma_gauge("c1pn2", m_c) == pytest.approx(published, rel=0.04)


def test_recast_reproduces_the_contour_at_unit_factor():
    # F_M = Pi BR = 1: the recast flag equals "inside the simplified-model contour", point by point
    rng = np.random.default_rng(3)
    m = rng.uniform(100, 1400, 400)
    lsp = rng.uniform(0, 800, 400) * (m > 0)
    lsp = np.minimum(lsp, m - 1)
    one = np.ones_like(m)
    frac = {"c1n2_slepton": one, "c1c1_slepton": one, "wz": one * 0, "wh": one * 0, "mixing_c1n2": one}
    sleptons = (lsp + 0.5 * (m - lsp))[:, None]  # midway
    got = lhc._chargino_searches(m, lsp, sleptons, np.ones_like(m, bool), frac)
    want = lhc.inside("atlas_c1n2_slepton", m, lsp) | lhc.inside("atlas_c1c1_slepton", m, lsp)
    assert want.sum() > 50 and np.array_equal(got, want)
    frac = dict(frac, c1n2_slepton=one * 0, c1c1_slepton=one * 0, wz=one)
    got = lhc._chargino_searches(m, lsp, sleptons, np.zeros_like(m, bool), frac)
    want = lhc.inside("atlas_c1n2_wz_2018a", m, lsp) | lhc.inside("atlas_c1n2_wz_2018b", m, lsp)
    assert want.sum() > 20 and np.array_equal(got, want)


def test_reduced_signal_moves_the_point_to_the_equivalent_mass():
    # a wino C1N2 pair at 600 GeV, LSP 100 GeV, via sleptons: excluded at Pi BR = 1; with Pi BR = 0.01
    # sigma^X = sigma^G(m_eff) with m_eff ~ 1.3 TeV, beyond the contour (1.13 TeV at m_LSP = 100 GeV) -> allowed;
    # Pi BR = 0.05 gives m_eff = 1.05 TeV, still inside: excluded
    m, lsp = np.array([600.0]), np.array([100.0])
    assert lhc.inside("atlas_c1n2_slepton", m, lsp)[0]
    m_eff = xsec.recast_mass("c1n2", m, 0.01)[0]
    assert m_eff > 1200 and not lhc.inside("atlas_c1n2_slepton", m_eff, lsp[0])
    one = np.ones(1)
    frac = {"c1n2_slepton": 0.01 * one, "c1c1_slepton": 0 * one, "wz": 0 * one, "wh": 0 * one, "mixing_c1n2": one}
    assert not lhc._chargino_searches(m, lsp, np.array([[350.0]]), np.array([True]), frac)[0]
    frac["c1n2_slepton"] = 0.05 * one
    assert lhc._chargino_searches(m, lsp, np.array([[350.0]]), np.array([True]), frac)[0]


def test_compressed_point_is_not_pushed_into_the_contour():
    # m(C1) = 643, m_LSP = 433 GeV (splitting 210 GeV), Pi BR F_M = 0.05: m_eff = 1105 GeV. At fixed m_LSP
    # (1105, 433) is inside the via-slepton contour, but at fixed splitting (1105, 895) it is far outside: the
    # acceptance of a 210 GeV splitting is not that of a 690 GeV one, so the point is not excluded.
    m, lsp = np.array([643.0]), np.array([433.0])
    m_eff = xsec.recast_mass("c1n2", m, 0.05)[0]
    assert 1100 < m_eff < 1122
    assert lhc.inside("atlas_c1n2_slepton", m, lsp)[0] and lhc.inside("atlas_c1n2_slepton", m_eff, 433.0)
    assert not lhc.inside("atlas_c1n2_slepton", m_eff, m_eff - 210.0)
    one = np.ones(1)
    frac = {"c1n2_slepton": 0.05 * one, "c1c1_slepton": 0 * one, "wz": 0 * one, "wh": 0 * one, "mixing_c1n2": one}
    assert not lhc._chargino_searches(m, lsp, np.array([[540.0]]), np.array([True]), frac)[0]
