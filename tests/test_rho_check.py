"""The rho_0 check of the verdict (viability/rho.py): derived rho against the electroweak fit.

Independent references: the exact diagonalisation (derive/exact.py, numpy eigh of the 3x3 matrix), the
closed forms rho - 1 = -phi^2 (m_Z' << m_Z) and rho - 1 = b^2 / (a (d - a)) (m_Z' >> m_Z) and the numbers
of the measurement (PDG 2020: rho_0 = 1.00038 +- 0.00020, 95% CL two-sided: z = 1.959964).
"""
import math

import numpy as np
import pytest

import zprime_sym.viability.parameter_space as parameter_space
from zprime_sym import verdict
from zprime_sym.constants import constants
from zprime_sym.derive.exact import exact_couplings
from zprime_sym.model.loader import load_model
from zprime_sym.viability import rho, zpole
from zprime_sym.viability.parameter_space import build_space
from zprime_sym.viability.search import Searcher
from zprime_sym.viability.evaluator import Evaluator
from zprime_sym.viability.verdict import RESOLUTION

Z95 = 1.959963984540054  # inverse normal CDF at 0.975

HIGGS_MIXING = """
name = "higgs_mixing"
description = "SM + U(1)' with a charged Higgs doublet: tree-level Z-Z' mass mixing"
references = ["arXiv:2102.07781"]

[gauge]
gp = "1/20"
gt = 0

[leptons]
L  = { e = 1, mu = 1, tau = 1 }
eR = { e = 0, mu = 0, tau = 0 }

[[scalars]]
name = "H"
rep = "doublet"
hypercharge = "1/2"
charge = 1

[[scalars]]
name = "S"
rep = "singlet"
charge = 1
vev = "vS"

[[operators]]
name = "yukawa_e"
fields = ["L_e~", "H", "eR_e"]

[[operators]]
name = "yukawa_mu"
fields = ["L_mu~", "H", "eR_mu"]

[[operators]]
name = "yukawa_tau"
fields = ["L_tau~", "H", "eR_tau"]
"""

#: (model, parameter point): light and heavy Z', Higgs-charge and kinetic-mixing (eps, g~) mixing, 2HDM angle
POINTS = [
    ("sm_u1", dict(gp=1e-3, gt=2e-3, zH=0.7, zS=1.0, vS=30.0, zL_e=0.1, zL_mu=0.3, zL_tau=-0.2)),
    ("sm_u1", dict(gp=0.3, gt=0.02, zH=0.5, zS=1.0, vS=100.0, zL_e=0.1, zL_mu=0.3, zL_tau=-0.2)),  # near m_Z
    ("sm_u1", dict(gp=0.3, gt=0.02, zH=0.5, zS=1.0, vS=1000.0, zL_e=0.1, zL_mu=0.3, zL_tau=-0.2)),  # 300 GeV
    ("dark_photon", dict(eps=3e-3, gp=0.1, vS=50.0)),
    ("dark_photon", dict(eps=0.2, gp=1.0, vS=2000.0)),
    ("nhdm_u1", dict(gp=2e-2, gt=-1e-2, tan_beta=3.0, vS=500.0, z1=0.4, z2=-0.7, zL_e=0.1, zL_mu=1.0,
                     zL_tau=0.0, zS=1.0)),
    ("froggatt_nielsen", dict(gp=0.05, gt=0.01, n_e=1.0, n_mu=2.0, n_tau=0.0, v_phi=20.0, zH=0.3,
                              zL_e=0.0, zL_mu=1.0, zL_tau=-1.0)),
]


def _compiled(name, values):
    f = rho.compile_rho(load_model(name).derive())
    return float(f({k: np.array([values[k]]) for k in f.args}, 1)[0])


@pytest.mark.parametrize("name, values", POINTS)
def test_compiled_rho_is_the_exact_diagonalisation(name, values):
    """The search's rho - 1 (closed form of the exact Z0-X block) against exact.py's rho (numpy eigh).

    Both are exact at tree level, so they agree to rounding: exact.py forms rho - 1 as a difference of
    numbers near 1 (absolute error ~1e-15), hence rel 1e-9 or abs 1e-13."""
    exact = exact_couplings(load_model(name).derive(), values)
    assert _compiled(name, values) == pytest.approx(exact["rho"] - 1.0, rel=1e-9, abs=1e-13)


def test_closed_form_limits_light_and_heavy():
    """Light Z': rho - 1 = -phi_LO^2 (derive/gauge.py rho_LO) up to O(m_Z'^2/m_Z^2); heavy Z':
    rho - 1 = (g' z_H v)^2 / (m_Z'^2 - m_Z^2) > 0 (b = -gZ g' z_H v^2/2, a = gZ^2 v^2/4, d = m_Z'^2 for
    g~ = 0): mass mixing with a lighter Z' lowers rho, with a heavier one raises it."""
    d = load_model("sm_u1").derive()
    light = dict(gp=1e-3, gt=2e-3, zH=0.7, zS=1.0, vS=10.0, zL_e=0.1, zL_mu=0.3, zL_tau=-0.2)  # m_Z' = 10 MeV
    lo = d.gauge.rho_lo
    syms = {s.name: s for s in lo.free_symbols}
    c = constants()
    from zprime_sym.derive.gauge import cw, e, sw

    rho_lo = float(lo.xreplace({syms[k]: x for k, x in light.items() if k in syms}).xreplace(
        {e: c.e, sw: c.sw, cw: c.cw}))
    ex = exact_couplings(d, light)
    assert ex["rho"] - 1 < 0
    # next orders: relative (m_Z'/m_Z)^2 ~ 1e-8 and phi^2 = |rho - 1| ~ 2e-5 (the 2x2 root beyond first order)
    tol = 3 * (abs(rho_lo - 1.0) + (ex["m_zp"] / ex["m_z"]) ** 2)
    assert _compiled("sm_u1", light) == pytest.approx(rho_lo - 1.0, rel=tol)
    assert _compiled("sm_u1", light) != pytest.approx(rho_lo - 1.0, rel=1e-9)  # the LO is not exact
    heavy = dict(gp=0.05, gt=0.0, zH=1.0, zS=1.0, vS=20000.0, zL_e=1.0, zL_mu=1.0, zL_tau=1.0)  # 1 TeV
    ex = exact_couplings(d, heavy)
    b2 = (0.05 * c.v) ** 2
    closed = b2 / (ex["m_zp"] ** 2 - ex["m_z"] ** 2)
    assert _compiled("sm_u1", heavy) > 0
    # next order: relative |rho - 1| (the root beyond first order in b^2 and m_Z^2 against a) ~ 1e-4
    assert _compiled("sm_u1", heavy) == pytest.approx(closed, rel=3 * closed)
    assert rho.rho0_ratio(_compiled("sm_u1", heavy)) < 1 < rho.rho0_ratio(_compiled("sm_u1", {**heavy, "vS": 5000.0}))


def test_ratio_closed_form():
    """ratio = |rho - rho_0| / (z_95 sigma): 0.38/(1.96 * 0.20) = 0.969 at the SM point, 0 at rho_0; the
    allowed band is rho - 1 in [0.00038 - 0.000392, 0.00038 + 0.000392]."""
    rho0, sigma, source = rho.measured_rho0()
    assert (rho0, sigma) == (1.00038, 0.00020) and "PDG 2020" in source and "Erler" in source
    assert float(rho.rho0_ratio(0.0)) == pytest.approx(0.00038 / (Z95 * 0.00020), rel=1e-12)
    assert float(rho.rho0_ratio(0.0)) == pytest.approx(0.9694, abs=1e-4)
    assert float(rho.rho0_ratio(0.00038)) == pytest.approx(0.0, abs=1e-9)
    for edge in (0.00038 - Z95 * 0.0002, 0.00038 + Z95 * 0.0002):
        assert float(rho.rho0_ratio(edge)) == pytest.approx(1.0, rel=1e-9)
    assert 0.00038 - Z95 * 0.0002 == pytest.approx(-1.2e-5, abs=1e-6)
    assert 0.00038 + Z95 * 0.0002 == pytest.approx(7.72e-4, abs=1e-6)


def test_search_evaluates_rho_from_the_points_parameters(derived):
    """The search's ratio at a point (mass coordinate vS recovered from m_Z'^2 = A + B vS^2) is the
    ratio of exact.py's rho at the same parameters."""
    space = build_space(derived("sm_u1"))
    searcher = Searcher(space, Evaluator("wp2025-rb"))
    assert searcher.cons_names[-2:] == [rho.NAME, zpole.NAME]  # the Z-pole widths use the same block
    theta = space.angle_grid()[0]
    y = np.array([[2e-3, 0.3 * 0.5, 0.3 * 0.1, 0.3 * 0.3, -0.3 * 0.2]])  # gt, gp*zH, gp*zL_e, ...
    assert space.names == ("gt", "gp*zH", "gp*zL_e", "gp*zL_mu", "gp*zL_tau")
    m = np.array([200.0])
    ok, s2, c = searcher._feasible(y, theta, m)
    assert ok[0]
    params = space.point_parameters(y, theta, s2)
    both = searcher._extra(params, 1, c)
    extra = both[rho.NAME]
    assert float(both[zpole.NAME][0]) > 1  # g' z_L ~ 0.1 with this much mixing moves the Z widths too
    values = {k: float(x[0]) for k, x in params.items()}
    ex = exact_couplings(space.derivation, values)
    assert float(extra[0]) == pytest.approx(float(rho.rho0_ratio(ex["rho"] - 1)), rel=1e-9)
    assert float(extra[0]) > 1  # g' z_H = 0.15 at ~200 GeV: rho - 1 ~ 4e-2


def _exact_edge(path):
    """m_Z' (GeV, exact) where the exact rho - 1 of the higgs_mixing model reaches the upper end of the
    allowed band, by bisection in vS."""
    d = load_model(path).derive()
    top = 0.00038 + Z95 * 0.0002
    lo, hi = 1e3, 1e5  # vS: rho - 1 above / below the band
    for _ in range(80):
        mid = math.sqrt(lo * hi)
        lo, hi = (mid, hi) if exact_couplings(d, {"vS": mid})["rho"] - 1 > top else (lo, mid)
    return exact_couplings(d, {"vS": hi})["m_zp"]


def test_large_mass_mixing_fails_rho_only(tmp_path, monkeypatch):
    """SM + U(1)' with the Higgs charged (g' z_H = 0.05 fixed), heavy Z', (g-2)_mu only (wp2025-rb allows
    Delta a_mu = 0): between 150 and 400 GeV the best point passes g-2 and every constraint but fails
    rho0 (rho - 1 = (g' z_H v)^2/(m_Z'^2 - m_Z^2) > 7.7e-4). Over 150 GeV - 3 TeV the window starts where
    the exact rho leaves the band (m_Z' = 452 GeV, to the edge resolution); without the check (compile_rho
    disabled) it starts lower."""
    path = tmp_path / "higgs_mixing.toml"
    path.write_text(HIGGS_MIXING)
    v = verdict(str(path), data="wp2025-rb", targets=("mu",), mass_range_GeV=(150.0, 400.0), find_blocking=False)
    assert not v.viable
    assert [f["name"] for f in v.failures] == [rho.NAME]
    assert v.best["rho"]["from"] == "exact diagonalisation" and v.best["rho"]["rho_minus_1"] > 7.72e-4
    assert v.rho_check["applied"] and v.rho_check["cl"] == 0.95
    wide = verdict(str(path), data="wp2025-rb", targets=("mu",), mass_range_GeV=(150.0, 3000.0), find_blocking=False)
    assert wide.viable and len(wide.windows_MeV) == 1
    edge = _exact_edge(str(path))
    assert edge == pytest.approx(452.0, rel=5e-3)
    assert edge / RESOLUTION ** 1.01 <= wide.windows_MeV[0][0] / 1e3 <= edge * RESOLUTION ** 1.01
    assert wide.witness["rho"]["ratio"] <= 1.0
    monkeypatch.setattr(parameter_space, "compile_rho", lambda d: None)
    monkeypatch.setenv("ZPRIME_SYM_NO_CACHE", "1")  # the patched analysis, not the one cached on disk
    without = verdict(str(path), data="wp2025-rb", targets=("mu",), mass_range_GeV=(150.0, 3000.0),
                      find_blocking=False)
    assert without.viable and without.windows_MeV[0][0] < 0.9 * wide.windows_MeV[0][0]


def test_tiny_mixing_leaves_sm_u1_unchanged(monkeypatch):
    """sm_u1 with wp2025-rb: Z-Z' mixing of the light witness is ~1e-7 in rho, so the verdict and its
    windows are the same with and without the check (ratio ~0.97 at the witness)."""
    v = verdict("sm_u1", data="wp2025-rb", find_blocking=False)
    assert v.viable
    assert abs(v.witness["rho"]["rho_minus_1"]) < 1e-5
    assert v.witness["rho"]["ratio"] == pytest.approx(0.97, abs=0.01)
    monkeypatch.setattr(parameter_space, "compile_rho", lambda d: None)
    monkeypatch.setenv("ZPRIME_SYM_NO_CACHE", "1")  # the patched analysis, not the one cached on disk
    without = verdict("sm_u1", data="wp2025-rb", find_blocking=False)
    assert (without.viable, without.windows_MeV) == (v.viable, v.windows_MeV)


def test_effective_model_has_no_rho_check():
    v = verdict("model_independent", data="wp2025-rb", find_blocking=False)
    assert v.rho_check["applied"] is False
    assert any("rho_0 check" in n and "does not apply" in n for n in v.notes)
    assert v.witness["rho"] is None
    assert rho.NAME not in {f["name"] for f in v.failures}
