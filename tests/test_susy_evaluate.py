"""Glue test of the SUSY scan evaluator with stand-ins for the spectrum, g-2 and measurement modules:
hand-made, documented fakes, so that the pass/fail logic is checked on inputs whose answers are known by
construction. The real modules end to end: tests/test_scan.py::test_susy_scan_end_to_end."""
import sys
import types

import numpy as np
import pytest

from zprime_sym.exceptions import InputError
from zprime_sym.susy.evaluate import SusyEvaluator

NAMES = ["M1", "M2", "M0", "M10", "mu", "tan_beta", "mu_eta", "gX", "m_zp", "tan_gamma", "mL_e", "mE_e",
         "mL_mu", "mE_mu", "mL_tau", "mE_tau", "A_e", "A_mu", "A_tau"]
# BDR20 data set: Δa_e = -8.8(3.6)e-13, Δa_μ = 2.79(0.76)e-9 (docs/conventions.md)
BDR = {"delta_a_e": -8.8e-13, "sigma_e": 3.6e-13, "delta_a_mu": 2.79e-9, "sigma_mu": 0.76e-9}


def _fake_spectrum(params):
    n = len(params["M1"])
    neut = np.stack([params["M1"], params["M2"], np.abs(params["mu"]), np.abs(params["mu"]) + 5,
                     params["M0"], params["mu_eta"], params["mu_eta"] + 1], axis=1)
    order = np.argsort(neut, axis=1)
    N = np.zeros((n, 7, 7))
    for i in range(n):
        for j, k in enumerate(order[i]):
            N[i, j, k] = 1.0
    return types.SimpleNamespace(
        neutralino_masses=np.take_along_axis(neut, order, 1), N=N,
        chargino_masses=np.stack([np.minimum(params["M2"], -params["mu"]), np.maximum(params["M2"], -params["mu"])], 1),
        U=np.tile(np.eye(2), (n, 1, 1)), V=np.tile(np.eye(2), (n, 1, 1)),
        slepton_masses={f: np.stack([params[f"mE_{f}"], params[f"mL_{f}"]], 1) for f in ("e", "mu", "tau")},
        slepton_mixing={f: np.tile(np.eye(2), (n, 1, 1)) for f in ("e", "mu", "tau")},
        sneutrino_masses={f: params[f"mL_{f}"] for f in ("e", "mu", "tau")},
    )


@pytest.fixture
def fakes(monkeypatch):
    params_mod = types.ModuleType("zprime_sym.susy.params")
    params_mod.PARAMETER_NAMES = tuple(NAMES)
    spec_mod = types.ModuleType("zprime_sym.susy.spectrum")
    spec_mod.compute_spectrum = _fake_spectrum
    g2_mod = types.ModuleType("zprime_sym.susy.g2")
    # fake SUSY g-2: read back from two extra arrays stashed in params (documented stand-in)
    g2_mod.delta_a_susy = lambda spec, p, lepton: {"total": p[f"_da_{lepton}"]}
    g2_mod.ZPRIME_FORMULAS = ("standard", "printed-eq3.6")
    g2_mod.delta_a_zprime = lambda m, g, lepton="mu", formula="standard": np.full(np.shape(m), 3.0e-9)
    meas_mod = types.ModuleType("zprime_sym.evaluate.measurements")
    meas_mod.load_measurements = lambda name: types.SimpleNamespace(**BDR)
    for mod in (params_mod, spec_mod, g2_mod, meas_mod):
        monkeypatch.setitem(sys.modules, mod.__name__, mod)


def _params(**over):
    base = dict(M1=150.0, M2=1000.0, M0=900.0, M10=0.0, mu=-1100.0, tan_beta=30.0, mu_eta=4000.0, gX=6e-4,
                m_zp=0.05, tan_gamma=1.0, mL_e=190.0, mE_e=180.0, mL_mu=800.0, mE_mu=820.0, mL_tau=13000.0,
                mE_tau=13500.0, A_e=600.0, A_mu=600.0, A_tau=600.0, _da_e=-9e-13, _da_mu=-3e-10)
    base.update(over)
    return {k: np.atleast_1d(np.asarray(v, float)) for k, v in base.items()}


def test_pass_flags(fakes):
    ev = SusyEvaluator(data="bdr2021", nsigma=1.0)
    good = ev(_params())
    # Δa_μ = -3e-10 + 3e-9 = 2.7e-9, within 1σ of 2.79e-9; Δa_e = -9e-13 within 1σ of -8.8e-13
    assert good["da_mu"][0] == pytest.approx(2.7e-9)
    assert good["pass_g2_e"][0] and good["pass_g2_mu"][0] and good["pass_plane"][0] and good["pass_lhc"][0]
    assert good["pass_all"][0] and good["ewkino_class"][0] == 2
    # Δa_e = -1.3e-12 is 1.4σ away: fails at 1σ, passes at 2σ
    off = _params(_da_e=-1.3e-12)
    assert not ev(off)["pass_all"][0]
    assert SusyEvaluator(nsigma=2.0)(off)["pass_all"][0]
    # g_X = 2e-3 at 50 MeV is far above the CCFR limit (~9.5e-4): plane fails
    assert not ev(_params(gX=2e-3))["pass_plane"][0]
    # selectrons at 300 GeV with a 150 GeV bino LSP sit inside the ATLAS 1908.08215 contour
    lhc_bad = ev(_params(mL_e=300.0, mE_e=310.0))
    assert lhc_bad["excl_atlas_selectron"][0] and not lhc_bad["pass_all"][0]


def test_tachyonic_point_fails(fakes):
    out = SusyEvaluator(nsigma=1.0)(_params(mL_tau=np.nan))
    assert not out["physical"][0] and not out["pass_all"][0]


def test_missing_parameter_named(fakes):
    p = _params()
    del p["tan_gamma"]
    with pytest.raises(Exception, match="tan_gamma"):
        SusyEvaluator()(p)


def _printed_eq36_quad(m_zp, g):
    """BDR20 Eq. (3.6) as printed, by scipy quadrature (independent of the package):
    g²/(4π²) ∫ m² z²(1-z) / (m² z + M²(1-z)) dz (docs/conventions.md: denominator m² z, not m² z²)."""
    from scipy.integrate import quad

    from zprime_sym.constants import constants
    m = constants().m_mu
    val, _ = quad(lambda z: m**2 * z**2 * (1 - z) / (m**2 * z + m_zp**2 * (1 - z)), 0, 1, epsabs=0, epsrel=1e-12)
    return g**2 * val / (4 * np.pi**2)


def test_zprime_formula_option_reaches_the_g2_column():
    # Real modules. The printed Eq. (3.6) at m_Z' = 50 MeV, g_X = 6e-4 against our own quadrature
    # (tolerance 1e-8: the package interpolates a spline table accurate to ~1e-10); the standard
    # column is larger (printed denominator m² z ≥ m² z²), and da_mu = SUSY + Z' in both.
    p = {k: v for k, v in _params().items() if not k.startswith("_")}
    printed = SusyEvaluator(zprime_formula="printed-eq3.6")(p)
    standard = SusyEvaluator()(p)
    assert printed["da_mu_zp"][0] == pytest.approx(_printed_eq36_quad(0.05, 6e-4), rel=1e-8)
    assert standard["da_mu_zp"][0] > printed["da_mu_zp"][0]
    assert printed["da_mu"][0] == pytest.approx(printed["da_mu_susy"][0] + printed["da_mu_zp"][0], rel=1e-14)
    with pytest.raises(InputError, match="zprime_formula"):
        SusyEvaluator(zprime_formula="eq3.6")


def test_scan_options_table_configures_the_evaluator():
    from zprime_sym.scan.engine import ScanConfig, make_evaluator

    doc = {"scan": {"n_points": 10, "batch_size": 5, "seed": 1, "output": "x"}, "ranges": {"gX": [1e-4, 1e-3]},
           "options": {"zprime_formula": "printed-eq3.6", "slepton_rule": "both"}}
    ev = make_evaluator(ScanConfig.from_dict(doc))
    assert (ev.zprime_formula, ev.slepton_rule) == ("printed-eq3.6", "both")
    plain = ScanConfig.from_dict({**doc, "options": {}})
    assert plain.fingerprint() != ScanConfig.from_dict(doc).fingerprint()  # options change the results
    with pytest.raises(InputError, match="unknown for the SUSY evaluator"):
        make_evaluator(ScanConfig.from_dict({**doc, "options": {"formula": "standard"}}))
