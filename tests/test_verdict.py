"""Verdicts are a function of the declared model: its own parameters, its derived m_Z', deterministic.

References used below are independent of the search: the leading-order mass formula of the model
(m_Z' = g' z_S v_S for one singlet), the exact diagonalisation (derive/exact.py), and the public
functions behind `zprime g2` (delta_a_leptons, pulls) and `zprime constraints check` (evaluate_all).
"""
import math

import numpy as np
import pytest

from zprime_sym import verdict
from zprime_sym.constraints.registry import all_constraints, evaluate_all
from zprime_sym.derive.exact import exact_couplings
from zprime_sym.evaluate.g2 import delta_a_leptons
from zprime_sym.evaluate.measurements import load_measurements, pulls
from zprime_sym.exceptions import InputError, ModelError
from zprime_sym.model.loader import load_model
from zprime_sym.viability.parameter_space import build_space
from zprime_sym.viability.search import best_of_groups, directions, distinct_inverse
from zprime_sym.viability.verdict import readable

LMU_LTAU = """
name = "{name}"
description = "L_mu - L_tau variant for the verdict regression tests"
references = ["arXiv:2102.07781"]

[gauge]
gp = {gp}
gt = {gt}

[leptons]
L  = {{ e = 0, mu = 1, tau = -1 }}
eR = {{ e = 0, mu = 1, tau = -1 }}

[[scalars]]
name = "H"
rep = "doublet"
hypercharge = "1/2"
charge = 0

[[scalars]]
name = "S"
rep = "singlet"
charge = 1
{vev}

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


def write_model(tmp_path, name, gp='"gp"', gt='"gt"', vev='vev = "vS"'):
    path = tmp_path / f"{name}.toml"
    path.write_text(LMU_LTAU.format(name=name, gp=gp, gt=gt, vev=vev))
    return str(path)


def test_unbroken_u1_is_an_error_not_a_verdict(tmp_path):
    """(a) A singlet without VEV (vev = 0): m_Z'^2 = 0 for every parameter value (zprime derive prints 0)."""
    path = write_model(tmp_path, "no_vev", vev="vev = 0")
    assert load_model(path).derive().gauge.mZp2_lo == 0
    with pytest.raises(ModelError, match="unbroken"):
        verdict(path)


def test_unbroken_u1_exit_code_2(tmp_path, capsys):
    from zprime_sym import cli

    path = write_model(tmp_path, "no_vev", vev="vev = 0")
    assert cli.main(["verdict", path]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unbroken" in err


def test_fixed_vev_free_gp_witness_mass_is_the_models(tmp_path):
    """(b) v_S fixed at 40 GeV, gp free: every point has m_Z' = 40 GeV |gp| (leading order); the witness (or
    best point) carries the exact-diagonalisation mass, which differs from 40 GeV |gp| only by the Z-Z'
    mixing correction, O(gt^2) relative (here < 1e-5)."""
    path = write_model(tmp_path, "lmu_ltau_vs40", vev="vev = 40")
    v = verdict(path, data="wp2025-rb", mass_range_GeV=(5e-3, 0.1), find_blocking=False)
    assert "derived" in v.mass_mode
    point = v.witness or v.best
    gp = point["parameters"]["gp"]
    assert point["m_zp_LO_MeV"] == pytest.approx(40e3 * abs(gp), rel=1e-12)
    assert point["m_zp_MeV"] == pytest.approx(40e3 * abs(gp), rel=1e-5)
    # the exact mass really is the exact diagonalisation at the printed parameters
    ex = exact_couplings(load_model(path).derive(), point["parameters"])
    assert point["m_zp_MeV"] == pytest.approx(ex["m_zp"] * 1e3, rel=1e-12)
    rows = {r["name"]: r for r in v.parameters}
    assert rows["v_S"]["fixed"] and rows["v_S"]["value"] == 40.0
    assert not rows["gp"]["fixed"] and not rows["gt"]["fixed"]


def _public_check(m_zp, couplings, data, targets):
    """What `zprime g2` and `zprime constraints check` say at one point: (pulls ok, every constraint passes)."""
    shifts = delta_a_leptons(m_zp, couplings)
    pull = pulls(shifts, load_measurements(data))
    ratios = evaluate_all(m_zp, couplings, constraints=all_constraints(False))
    return all(abs(float(pull[t])) <= 1.0 for t in targets), all(float(r) <= 1.0 for r in ratios.values()), pull


@pytest.mark.parametrize("targets", [("mu",), ("e", "mu")])
def test_fully_numeric_model_gets_the_verdict_of_its_point(tmp_path, targets):
    """(c) gp = 1/2000, gt = 0, vS = 40 GeV: m_Z' = 20 MeV. The issue measured Delta a_mu = 2.03e-9
    (pull -0.81, bck2021-cs) and every constraint passing: --only mu must be viable."""
    path = write_model(tmp_path, "lmu_ltau_numeric", gp='"1/2000"', gt="0", vev="vev = 40")
    v = verdict(path, targets=targets)
    d = load_model(path).derive()
    ex = exact_couplings(d, {})
    assert ex["m_zp"] == pytest.approx(0.02, rel=1e-9)
    couplings = {k: ex[k] for k in d.couplings}
    g2_ok, constraints_ok, pull = _public_check(ex["m_zp"], couplings, "bck2021-cs", targets)
    assert float(delta_a_leptons(0.02, couplings)["mu"]) == pytest.approx(2.03e-9, rel=5e-3)
    assert float(pull["mu"]) == pytest.approx(-0.81, abs=0.01)
    assert constraints_ok
    assert v.viable == (g2_ok and constraints_ok)
    assert v.viable == (targets == ("mu",))  # Delta a_e = 0 is 2.4 sigma from the Cs value
    point = v.witness or v.best
    assert point["m_zp_MeV"] == pytest.approx(20.0, rel=1e-9)
    assert all(p["fixed"] for p in v.parameters if p["role"] != "charge")



def test_fully_numeric_heavy_model_is_judged_at_its_own_mass(tmp_path):
    """gp = 0.3, gt = 0, vS = 4 TeV: m_Z' = 1.2 TeV, above the default search range (1 MeV - 10 GeV). Without
    a range the verdict is that of the point; Delta a_mu is the heavy-Z' limit of BCK21 Eq. (7),
    C_V^2 m_mu^2 / (12 pi^2 m_Z'^2) (C_A = 0), up to O(m_mu^2/m_Z'^2); a range asked for that excludes the
    point is an error that says how to judge it."""
    path = write_model(tmp_path, "lmu_ltau_heavy", gp='"3/10"', gt="0", vev="vev = 4000")
    v = verdict(path, find_blocking=False)
    point = v.best
    assert point["m_zp_MeV"] == pytest.approx(1.2e6, rel=1e-9)
    m_mu = 0.1056583755
    closed = 0.3**2 * m_mu**2 / (12 * math.pi**2 * 1200.0**2)
    assert point["delta_a"]["mu"] == pytest.approx(closed, rel=1e-6)
    assert not v.viable  # Delta a_mu ~ 1e-12 cannot explain the anomaly
    assert v.searched_MeV == [pytest.approx(1.2e6, rel=1e-9)] * 2
    with pytest.raises(InputError, match="leave the range out"):
        verdict(path, mass_range_GeV=(1e-3, 10.0))

def test_parameter_space_of_shipped_models(derived):
    """The searched coordinates are the model's own: g~, g' z (free charges), the mass coordinate."""
    sm = build_space(derived("sm_u1"))
    assert sm.names == ("gt", "gp*zH", "gp*zL_e", "gp*zL_mu", "gp*zL_tau") and sm.mass_param.name == "vS"
    lm = build_space(derived("lmu_ltau"))
    assert lm.names == ("gp", "gt") and lm.homogeneous
    # the inverse map is exact: couplings recomputed from the recovered parameters equal M y
    from zprime_sym.evaluate.compile import compile_couplings

    y = np.array([[2e-4, -3e-5, 1e-4, 5e-5, -7e-5]])
    params = {k: v[0] for k, v in sm.parameters(y, np.zeros(0)).items()}
    f = compile_couplings(derived("sm_u1"))
    direct = f(**{p: params[p] for p in f.parameters})
    lin = sm.couplings(y, np.zeros(0))
    for k in direct:
        assert float(direct[k]) == pytest.approx(float(lin[k][0]), rel=1e-12, abs=1e-18)


def test_directions_are_fixed_unit_vectors():
    for k in (1, 2, 3, 6):
        d = directions(k)
        np.testing.assert_allclose(np.linalg.norm(d, axis=1), 1.0, rtol=1e-12)
        np.testing.assert_array_equal(d, directions(k))


@pytest.mark.parametrize("model,data", [("froggatt_nielsen", "wp2025-cs"), ("model_independent", "bck2021-cs"),
                                        ("b_minus_l", "wp2025-rb")])
def test_ten_seeds_give_the_same_verdict_and_windows(model, data):
    """Determinism: verdict and window edges identical for 10 seeds (the search uses no random numbers)."""
    kw = dict(data=data, mass_range_GeV=(1e-2, 0.06), find_blocking=False)
    ref = verdict(model, seed=0, **kw)
    for seed in range(1, 10):
        v = verdict(model, seed=seed, **kw)
        assert (v.viable, v.windows_MeV) == (ref.viable, ref.windows_MeV)


def test_model_independent_window_matches_bck21():
    """BCK21 Sec. III: with Cs a_e and BNL+FNAL a_mu nine free couplings are viable for ~16-38 MeV."""
    v = verdict("model_independent", mass_range_GeV=(5e-3, 0.1), find_blocking=False)
    assert v.viable
    (lo, hi), = v.windows_MeV
    assert 14 < lo < 19 and 35 < hi < 42


def test_witness_is_reevaluated_with_public_functions():
    v = verdict("froggatt_nielsen", data="wp2025-cs", mass_range_GeV=(5e-3, 0.1), find_blocking=False)
    assert v.viable
    w = v.witness
    d = load_model("froggatt_nielsen").derive()
    ex = exact_couplings(d, w["parameters"])
    couplings = {k: ex[k] for k in d.couplings}
    g2_ok, constraints_ok, _ = _public_check(ex["m_zp"], couplings, "wp2025-cs", ("e", "mu"))
    assert g2_ok and constraints_ok
    assert w["m_zp_MeV"] == pytest.approx(ex["m_zp"] * 1e3, rel=1e-12)
    # evidence: one row per searched mass, viable rows have every ratio <= 1 and pulls within 1 sigma
    assert all(r["max_constraint_ratio"] <= 1.0 for r in v.profile if r["viable"])
    assert any(r["viable"] for r in v.profile) and any(not r["viable"] for r in v.profile)


def test_readable_relations_have_no_constants():
    d = load_model("dark_photon").derive()
    text = [readable(r) for r in d.relations]
    assert not any(sym in t for t in text for sym in ("sw", "cw", "e*", "sqrt"))
    assert "CV_e - CV_mu" in " ".join(text) or "-CV_e + CV_mu" in " ".join(text)


def test_blocking_relation_for_sm_u1_is_bck21_eq30():
    """BCK21 Eq. (30): C_Ve - C_Vmu - C_nu_e + C_nu_mu = 0 blocks SM + U(1)' with the 2021 Cs data."""
    v = verdict("sm_u1", mass_range_GeV=(1e-2, 0.05))
    assert not v.viable
    assert "CV_e - CV_mu - Cnu_e + Cnu_mu" in v.blocking_relations
    assert math.isfinite(v.best["chi2"])


def test_coupling_mode_plot_of_a_charge_table_model_is_refused():
    """A charge-table model's relations tie its couplings: an (m_Z', C_Ae) plane under its name is refused
    with a one-line message pointing to parameter mode; model_independent is unchanged."""
    from zprime_sym.exceptions import InputError
    from zprime_sym.plot.regions import compute_regions

    with pytest.raises(InputError, match="parameter mode") as err:
        compute_regions("sm_u1", "m_zp,CA_e", grid=4)
    assert "\n" not in str(err.value)
    assert compute_regions("model_independent", "m_zp,CA_e", grid=4).mode == "coupling"


def test_readable_relations_of_a_loop_mixing_model_are_normalised_floats():
    # lmu_ltau_loop: the loop mixing gives CV_e = -e^2 g' ln(m_tau/m_mu)/(6 pi^2) against Cnu_mu = g',
    # i.e. CV_e + k Cnu_mu = 0 with k = e^2 ln(m_tau/m_mu)/(6 pi^2) = 0.004371 (closed form): printed with
    # the largest coefficient set to 1 and 4 digits, not as a 12-digit rational.
    from zprime_sym.constants import constants

    c = constants()
    k = c.e**2 * math.log(c.m_tau / c.m_mu) / (6 * math.pi**2)
    text = [readable(r) for r in load_model("lmu_ltau_loop").derive().relations]
    assert f"CV_e + {k:.4g}*Cnu_mu" in text, text
    assert not any("/" in t for t in text)


def test_free_coupling_window_from_the_disk_cache_equals_the_search(tmp_path, monkeypatch):
    """The nine-free-coupling window (blocking-relation search) is cached on disk; a hit gives exactly what a
    fresh search gives, and a corrupted entry is ignored and recomputed."""
    from zprime_sym import diskcache
    from zprime_sym.model.couplings import COUPLING_NAMES
    from zprime_sym.viability import verdict as verdict_module
    from zprime_sym.viability.evaluator import Evaluator

    monkeypatch.setenv("ZPRIME_SYM_CACHE_DIR", str(tmp_path))
    ev = Evaluator("bck2021-cs")
    masses = tuple(float(m) for m in np.geomspace(0.01, 0.05, 5))
    verdict_module._free_window.cache_clear()
    fresh = verdict_module._free_window(ev, COUPLING_NAMES, masses)
    assert fresh and set(fresh) <= set(masses)  # BCK21: nine free couplings explain both anomalies at 16-38 MeV
    entries = list(tmp_path.glob("free-window-*.json"))
    assert len(entries) == 1
    verdict_module._free_window.cache_clear()
    assert verdict_module._free_window(ev, COUPLING_NAMES, masses) == fresh  # from disk
    entries[0].write_text(entries[0].read_text().replace('"payload": "[', '"payload": "[0.0123, '))
    assert diskcache.load("free-window", entries[0].stem[len("free-window-"):]) is None  # checksum fails
    verdict_module._free_window.cache_clear()
    assert verdict_module._free_window(ev, COUPLING_NAMES, masses) == fresh  # recomputed
    verdict_module._free_window.cache_clear()


def test_row_by_row_aggregation_equals_the_stacked_form():
    """Largest ratio, its (first) constraint and the penalty excess: the two forms of the evaluator agree
    bit for bit (with ties, inf, NaN, rows never above 1, rows with few and many entries above 1), and
    agree with a point-by-point Python reference."""
    from zprime_sym.viability import evaluator

    rng = np.random.default_rng(3)
    n = 3 * evaluator.ROW_BY_ROW
    rows = [10.0 ** rng.uniform(-3, 2, n) for _ in range(12)]
    rows[3] = np.minimum(rows[3], 0.9)  # never above 1
    rows[4] = np.where(rng.uniform(size=n) < 0.01, 5.0, 0.5)  # few above 1 (the sparse branch)
    rows[5] = rows[2].copy()  # exact ties: the first keeps the index
    rows[7][::97] = np.inf
    rows[8][::131] = np.nan
    rows[9][:] = 0.0
    got, want = evaluator._aggregate(rows, (n,)), evaluator._aggregate_stacked(rows, (n,))
    for g, w in zip(got, want):
        assert g.dtype == w.dtype and np.array_equal(g, w)
    assert not np.any(got[0] == 5) and np.any(got[0] == 2)  # ties resolved to the first
    assert np.isinf(got[2][::97]).all() and np.isinf(got[2][::131]).all()
    for i in rng.choice(n, 200, replace=False):  # the definition, point by point
        r = [float(row[i]) if math.isfinite(row[i]) else math.inf for row in rows]
        assert got[0][i] == r.index(max(r)) and got[1][i] == max(r)
        assert got[2][i] == pytest.approx(sum(math.log(x) ** 2 for x in r if x > 1.0), rel=1e-14)
    assert [a.tolist() for a in evaluator._aggregate([], (4,))] == [[0] * 4, [0.0] * 4, [0.0] * 4]


def test_run_reductions_equal_the_sorting_forms():
    """The search's run-by-run reductions (sorted rows, no sort needed) give exactly what np.unique and
    np.lexsort give: distinct values and inverse; each group's best point (least penalty, then chi2, then
    the first), with ties, inf and unsorted input (which takes the sorting path)."""
    rng = np.random.default_rng(5)
    for n in (1, 7, 3000):
        m = np.sort(rng.choice([1e-3, 2e-3, 0.05, 3.0], n))
        got, want = distinct_inverse(m), np.unique(m, return_inverse=True)
        assert all(np.array_equal(g, w) for g, w in zip(got, want))
        group = np.sort(rng.integers(0, 9, n))
        pen = rng.choice([0.0, 0.0, 1.5, np.inf], n)
        chi2 = rng.choice([0.3, 0.3, 2.0, 7.0], n)  # many exact ties: the first point must win
        order = np.lexsort((chi2, pen, group))
        want = order[np.concatenate(([True], group[order][1:] != group[order][:-1]))]
        assert np.array_equal(best_of_groups(group, pen, chi2), want)
        shuffled = rng.permutation(n)
        g2, p2, c2 = group[shuffled], pen[shuffled], chi2[shuffled]
        order = np.lexsort((c2, p2, g2))
        assert np.array_equal(best_of_groups(g2, p2, c2), order[np.concatenate(([True], g2[order][1:] != g2[order][:-1]))])
    assert [a.tolist() for a in distinct_inverse(np.array([3.0, 1.0, 3.0]))] == [[1.0, 3.0], [1, 0, 1]]
