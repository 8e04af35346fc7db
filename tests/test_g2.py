"""Tests of zprime_sym.evaluate.g2 (BCK21 Eqs. (7), (8), (15)).

References: direct mpmath quadrature of Eq. (7) at 30 digits (independent of the substitution,
series and closed form used in the code), hand-derived asymptotic expansions, and numbers quoted
in BCK21 (arXiv:2102.07781).
"""
import math

import mpmath as mp
import numpy as np
import pytest

from zprime_sym.evaluate import g2
from zprime_sym.constraints.mass_runs import mass_runs
from zprime_sym.constants import constants
from zprime_sym.exceptions import InputError
from zprime_sym.evaluate.measurements import load_measurements

C = constants()
MASS = {"e": C.m_e, "mu": C.m_mu, "tau": C.m_tau}


def mp_integrals(r):
    """(I_V, I_A) of Eq. (7) by mpmath tanh-sinh quadrature in x, 30 digits.

    Breakpoints are placed geometrically towards x = 1 (boundary layer of width r for small r)
    or x = 0 (poles at |x| ~ 1/sqrt(r) for large r), so mpmath resolves each scale.
    """
    with mp.workdps(30):
        r = mp.mpf(r)
        den = lambda x: 1 - x + r * x * x
        decades = int(abs(mp.log10(r))) + 3
        if r < 1:
            pts = [mp.mpf(0)] + [1 - mp.mpf(10) ** (-k) for k in range(1, decades)] + [mp.mpf(1)]
        else:
            pts = [mp.mpf(0)] + [mp.mpf(10) ** (-k) for k in range(decades // 2 + 2, 0, -1)] + [mp.mpf(1)]
        i_v = mp.quad(lambda x: x**2 * (1 - x) / den(x), pts)
        i_a = mp.quad(lambda x: (x * (1 - x) * (4 - x) + 2 * r * x**3) / den(x), pts)
        return float(i_v), float(i_a)


# m_Z' from 1 keV to 1 TeV, 13 log-spaced masses (GeV), for all three leptons
MASSES = np.logspace(-6, 3, 13)
CASES = [(fl, m) for fl in ("e", "mu", "tau") for m in MASSES]


@pytest.fixture(scope="module")
def reference():
    return {(fl, m): mp_integrals((MASS[fl] / m) ** 2) for fl, m in CASES}


@pytest.mark.parametrize("CV,CA", [(1e-4, 0.0), (0.0, 2e-4), (3e-4, 1e-4), (1e-3, 3e-3)])
def test_delta_a_against_mpmath(reference, CV, CA):
    # Spec: relative error < 1e-8 on Delta a; the reference is 30-digit quadrature. The combos
    # avoid exact V/A cancellation, where the relative error of a difference is not meaningful.
    for fl, m in CASES:
        r = (MASS[fl] / m) ** 2
        i_v, i_a = reference[(fl, m)]
        expected = r / (4 * math.pi**2) * (CV**2 * i_v - CA**2 * i_a)
        got = g2.delta_a(m, CV, CA, fl)
        assert got == pytest.approx(expected, rel=1e-8, abs=0.0), (fl, m)


def test_integrals_at_machine_precision(reference):
    # The method is accurate to ~4e-12 at worst (closed form just above r = 0.05, see g2.py); 1e-11
    # leaves room for libm differences while catching any loss of digits far below the 1e-8 spec.
    rs = np.array([(MASS[fl] / m) ** 2 for fl, m in CASES])
    i_v, i_a = g2.loop_integrals(rs)
    ref = np.array([reference[c] for c in CASES])
    np.testing.assert_allclose(i_v, ref[:, 0], rtol=1e-11, atol=0)
    np.testing.assert_allclose(i_a, ref[:, 1], rtol=1e-11, atol=0)


@pytest.mark.parametrize("edge", [g2.R_SERIES, 0.25] + [upper for upper, _ in g2.SERIES_TERMS[:-1]])
def test_regime_boundaries(edge):
    # Continuity across the switches between series (and its number of terms) and closed form, and
    # at r = 1/4, where the roots of 1 - x + r x^2 become complex, against mpmath on both sides.
    for r in (edge * (1 - 1e-9), edge, edge * (1 + 1e-9), edge * 0.7, edge * 1.4):
        i_v, i_a = g2.loop_integrals(r)
        ref_v, ref_a = mp_integrals(r)
        # 1e-11: the closed form's worst case, just above R_SERIES (see test_integrals_at_machine_precision)
        assert float(i_v) == pytest.approx(ref_v, rel=1e-11)
        assert float(i_a) == pytest.approx(ref_a, rel=1e-11)


def test_heavy_zprime_limit_rate():
    # Eq. (8), m_l << m_Z'.  Hand derivation: I_V = 1/3 - r int x^4/D and int x^4/D = ln(1/r) + O(1),
    # so I_V/(1/3) - 1 = 3 r ln r (1 + O(1/ln r)); likewise I_A = 5/3 + r int (x^4 - 2x^3)/D gives
    # I_A/(5/3) - 1 = (3/5) r ln r (1 + O(1/ln r)).  The ratio must approach 3 (3/5) like 1/ln r.
    rs = np.array([1e-4, 1e-6, 1e-8, 1e-10, 1e-12])
    i_v, i_a = g2.loop_integrals(rs)
    rate_v = (i_v * 3 - 1) / (rs * np.log(rs)) / 3
    rate_a = (i_a * 3 / 5 - 1) / (rs * np.log(rs)) / (3 / 5)
    for rate in (rate_v, rate_a):
        gaps = np.abs(rate - 1)
        assert np.all(np.diff(gaps) < 0)  # converging
        assert np.all(gaps * np.abs(np.log(rs)) < 3)  # gap is O(1/ln r), coefficient ~ 25/12, 19/12
    # the public limit function is Eq. (8) itself
    m = 50.0  # GeV, muon: r ~ 4.5e-6
    r = (C.m_mu / m) ** 2
    for CV, CA in ((2e-3, 0.0), (0.0, 1e-3)):  # separately: a V-A mix can cancel in the ratio
        exact = g2.delta_a(m, CV, CA, "mu")
        limit = g2.delta_a_heavy_limit(m, CV, CA, "mu")
        assert abs(limit / exact - 1) < 3 * r * abs(math.log(r))


def test_light_zprime_limit_rate():
    # Eq. (8), m_l >> m_Z'.  Hand derivation: int_0^oo [x^2/(1 + r x^2) - 1/r] dx = -pi/(2 r^1.5), so
    # r I_V = 1/2 - pi/(2 sqrt r) + O(ln r / r): the vector part converges only like m_Z'/m_l.
    # Writing 2 r x^3 = 2x D - 2x(1-x): I_A = 1 + int x(1-x)(2-x)/D = 1 + ln(r)/r (1 + O(1/ln r)).
    rs = np.array([1e4, 1e6, 1e8, 1e10, 1e12])
    i_v, i_a = g2.loop_integrals(rs)
    slope = (2 * rs * i_v - 1) * np.sqrt(rs)
    assert np.all(np.abs(slope / -np.pi - 1) < np.log(rs) / np.sqrt(rs))  # next term: 2 ln(r)/sqrt(r)/pi
    rate_a = (i_a - 1) * rs / np.log(rs)
    gaps = np.abs(rate_a - 1)
    assert np.all(np.diff(gaps) < 0)
    assert np.all(gaps * np.log(rs) < 3)  # next term -5/2 / ln r
    m = 1e-6  # 1 keV, tau: r ~ 3e12
    exact = g2.delta_a(m, 1e-4, 1e-9, "tau")
    limit = g2.delta_a_light_limit(m, 1e-4, 1e-9, "tau")
    assert abs(limit / exact - 1) < 2 / math.sqrt((C.m_tau / m) ** 2)


def test_schwinger_limit():
    # m_Z' -> 0 with C_A = 0: Delta a -> C_V^2/(8 pi^2) (the QED Schwinger term alpha/(2 pi) with
    # e^2 -> C_V^2); the leading correction is -pi m_Z'/m_l relative (2 r I_V = 1 - pi/sqrt(r), above).
    CV = 3e-4
    for fl in ("e", "mu", "tau"):
        for m in (1e-9, 1e-12):  # 1 eV and 1 meV
            ratio = g2.delta_a(m, CV, 0.0, fl) / (CV**2 / (8 * math.pi**2))
            assert ratio == pytest.approx(1 - math.pi * m / MASS[fl], rel=1e-9)


def test_bck21_minimal_axial_coupling():
    # BCK21 Sec. III A: |C_Ae| ~ 9e-6 (m_Z'/MeV) explains Delta a_e = -8.7e-13 (Cs) with C_Ve = 0.
    # The paper rounds to one digit, hence 10 %.  Exact C_Ae from Eq. (7): Delta a is prop. to C_A^2.
    target = load_measurements("bck2021-cs").delta_a_e
    masses = np.array([5e-3, 10e-3, 20e-3, 40e-3, 100e-3])  # GeV
    per_unit = g2.delta_a(masses, 0.0, 1.0, "e")
    c_ae = np.sqrt(target / per_unit)
    np.testing.assert_allclose(c_ae / (masses * 1e3), 9e-6, rtol=0.10)


def test_bck21_eq15_approaches_exact():
    # Eq. (15), Delta a_e = -5 m_e^2 C_Ae^2 / (12 pi^2 m_Z'^2), is the heavy limit with C_Ve = 0:
    # its error must fall as m_Z' grows above m_e, bounded by (3/5) r |ln r| (1 + O(1/ln r)).
    masses = np.array([2e-3, 5e-3, 20e-3, 100e-3, 1.0])
    CA = 2e-4
    exact = g2.delta_a(masses, 0.0, CA, "e")
    eq15 = -5 * C.m_e**2 * CA**2 / (12 * np.pi**2 * masses**2)
    np.testing.assert_allclose(eq15, g2.delta_a_heavy_limit(masses, 0.0, CA, "e"), rtol=1e-14)
    err = np.abs(eq15 / exact - 1)
    r = (C.m_e / masses) ** 2
    assert np.all(np.diff(err) < 0)
    assert np.all(err < r * np.abs(np.log(r)))
    assert err[2] < 3e-3  # ~0.2 % at 20 MeV, the mass range the paper uses it in


def test_bck21_minimal_muon_vector_coupling():
    # BCK21 Sec. III B: for m_Z' << m_mu, |C_Vmu| >~ 4e-4 brings a_mu within 1 sigma (C_Amu = 0).
    # With bck2021-cs, Delta a_mu - 1 sigma = 1.92e-9 and C_V^2/(8 pi^2) = 1.92e-9 gives 3.9e-4;
    # the paper's one-digit rounding allows 10 %.
    mset = load_measurements("bck2021-cs")
    need = mset.delta_a_mu - mset.sigma_mu
    m = 1e-5  # 10 keV << m_mu
    c_v = math.sqrt(need / g2.delta_a(m, 1.0, 0.0, "mu"))
    assert c_v == pytest.approx(math.sqrt(need * 8 * math.pi**2), rel=1e-3)  # Schwinger regime
    assert c_v == pytest.approx(4e-4, rel=0.10)


def test_broadcasting_matches_scalar_calls():
    m = np.array([[1e-3], [2e-2], [5.0]])
    CV = np.array([0.0, 1e-4, 2e-4, 5e-4])
    out = g2.delta_a(m, CV, 3e-4, "e")
    assert out.shape == (3, 4)
    for i in range(3):
        for j in range(4):
            assert out[i, j] == pytest.approx(float(g2.delta_a(float(m[i, 0]), CV[j], 3e-4, "e")), rel=1e-15)


def test_delta_a_leptons_uses_each_flavour():
    couplings = {"CA_e": 2e-4, "CV_mu": 5e-4, "CA_mu": 1e-5, "CV_tau": 1e-3, "Cnu_e": 1.0}
    out = g2.delta_a_leptons(0.02, couplings)
    assert set(out) == {"e", "mu", "tau"}
    assert out["e"] == pytest.approx(g2.delta_a(0.02, 0.0, 2e-4, "e"), rel=1e-15)
    assert out["mu"] == pytest.approx(g2.delta_a(0.02, 5e-4, 1e-5, "mu"), rel=1e-15)
    assert out["tau"] == pytest.approx(g2.delta_a(0.02, 1e-3, 0.0, "tau"), rel=1e-15)
    assert out["e"] < 0 < out["mu"]  # axial coupling lowers a_l, vector raises it


@pytest.mark.parametrize("bad", [0.0, -0.02, float("nan"), float("inf")])
def test_bad_mass(bad):
    with pytest.raises(InputError, match=str(bad).replace("+", "")):
        g2.delta_a(bad, 1e-4, 0.0)
    with pytest.raises(InputError):
        g2.delta_a(np.array([0.02, bad]), 1e-4, 0.0)


def test_bad_couplings_and_lepton():
    with pytest.raises(InputError, match="C_V"):
        g2.delta_a(0.02, float("nan"), 0.0)
    with pytest.raises(InputError, match="C_A"):
        g2.delta_a(0.02, 0.0, np.array([1.0, np.nan]))
    with pytest.raises(InputError, match="CA_mu"):
        g2.delta_a_leptons(0.02, {"CA_mu": float("nan")})
    with pytest.raises(InputError, match="'nu'"):
        g2.delta_a(0.02, 1e-4, 0.0, "nu")
    with pytest.raises(InputError):
        g2.loop_integrals(np.array([0.1, -1.0]))


def test_series_coefficients_are_the_expansion_of_the_closed_form():
    """The stored rational coefficients are the small-r expansion of the exact Eq. (7) integrals.

    Independent of the module: the closed form is written here from the partial fractions of
    1/(1 - x + r x^2) (int_0^1 dx/D = ln((1+tau)/(1-tau))/tau, tau = sqrt(1-4r)) and expanded with
    sympy through r^7 (higher orders cost minutes; they are covered by the mpmath checks)."""
    import sympy as sp

    r = sp.symbols("r", positive=True)
    u, tau = 1 / r, sp.sqrt(1 - 4 * r)
    m0 = sp.log((1 + tau) / (1 - tau)) / tau
    log_r = sp.log(r)
    c = u * (2 - 4 * u + u**2) / 2
    i_v = u * (1 - 2 * u) / 2 + u**2 * (2 - u) / 2 * log_r - c * m0
    i_a = (1 - 2 * u) * (2 - u) / 2 + c * log_r + u * (2 - u) * (4 - u) / 2 * m0
    order = 8
    for exact, stored, leading in ((i_v, g2.SERIES_COEFFICIENTS_V, sp.Rational(1, 3)),
                                   (i_a, g2.SERIES_COEFFICIENTS_A, sp.Rational(5, 3))):
        series = sp.expand(sp.series(exact, r, 0, order).removeO())
        assert series.coeff(r, 0) == leading
        for n in range(1, order):
            cn = sp.expand(series.coeff(r, n))
            a_n = cn.coeff(log_r, 1)
            b_n = sp.expand(cn - a_n * log_r)
            assert (a_n, b_n) == tuple(sp.Rational(x.numerator, x.denominator) for x in stored[n - 1]), n


def test_dense_check_across_the_regimes():
    # 40 log-spaced r from 1e-4 to 10 cover the series (all term counts) and the closed form densely;
    # tolerance as in test_integrals_at_machine_precision.
    rs = np.logspace(-4, 1, 40)
    i_v, i_a = g2.loop_integrals(rs)
    ref = np.array([mp_integrals(r) for r in rs])
    np.testing.assert_allclose(i_v, ref[:, 0], rtol=1e-11, atol=0)
    np.testing.assert_allclose(i_a, ref[:, 1], rtol=1e-11, atol=0)


def test_quadrature_small_batches_bit_identical_to_node_loop(monkeypatch):
    """The (r, node)-array form used for <= _QUADRATURE_SMALL values of r (a single point's fast path) does the
    node loop's operations on the same doubles: equal bit for bit, for every batch size up to the switch, and
    each value equal to its own one-point evaluation (batch-independent rounding, as evaluate_batch needs)."""
    rng = np.random.default_rng(11)
    for size in (1, 2, 5, 17, g2._QUADRATURE_SMALL):
        r = rng.uniform(g2.R_SERIES, g2.R_CLOSED, size)
        small = g2._integrals_quadrature(r)
        with monkeypatch.context() as m:
            m.setattr(g2, "_QUADRATURE_SMALL", -1)  # force the node-by-node loop
            loop = g2._integrals_quadrature(r)
        for got, ref in zip(small, loop):
            np.testing.assert_array_equal(got, ref)
        singles = [g2._integrals_quadrature(r[i:i + 1]) for i in range(size)]
        np.testing.assert_array_equal(small[0], [s[0][0] for s in singles])
        np.testing.assert_array_equal(small[1], [s[1][0] for s in singles])


def test_delta_a_leptons_on_runs_of_equal_masses_is_bit_identical_to_point_by_point():
    # a search batch: many couplings at each of a few masses, spanning the series, quadrature and
    # closed-form regimes of every lepton; the loop integrals are then computed once per run
    masses = np.geomspace(1e-4, 20.0, 40)
    per_mass = 64
    m = np.repeat(masses, per_mass)
    rng = np.random.default_rng(7)
    names = ("CV_e", "CA_e", "CV_mu", "CA_mu", "CV_tau", "CA_tau")
    couplings = {n: rng.normal(size=m.size) * 10.0 ** rng.uniform(-6, -2, m.size) for n in names}
    assert mass_runs(m) is not None  # the run path is the one exercised
    out = g2.delta_a_leptons(m, couplings)
    for fl in ("e", "mu", "tau"):
        ref = np.array([float(g2.delta_a(float(mi), couplings[f"CV_{fl}"][i], couplings[f"CA_{fl}"][i], fl))
                        for i, mi in enumerate(m)])
        assert np.array_equal(out[fl], ref), fl
    # unsorted masses (no runs) take the point-by-point path and agree as well
    shuffled = rng.permutation(m.size)
    assert mass_runs(m[shuffled]) is None
    out2 = g2.delta_a_leptons(m[shuffled], {n: c[shuffled] for n, c in couplings.items()})
    assert all(np.array_equal(out2[fl], out[fl][shuffled]) for fl in ("e", "mu", "tau"))
