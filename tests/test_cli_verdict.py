"""`zprime verdict` command line: JSON keys, text output, and one-line errors."""
import json

from pytest import approx

from zprime_sym import cli


def test_verdict_json_keys(capsys):
    assert cli.main(["verdict", "model_independent", "--mass-range", "20MeV,30MeV", "--masses", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    for key in ("viable", "witness", "failures", "relations", "mass_range_MeV"):
        assert key in out
    assert out["viable"] is True
    w = out["witness"]
    assert 20 <= w["m_zp_MeV"] <= 30 and set(w["couplings"]) >= {"CV_e", "CA_e", "Cnu_tau"}
    assert "parameters" in w and out["failures"] == []


def test_verdict_text_not_viable(capsys):
    assert cli.main(["verdict", "sm_u1", "--mass-range", "20MeV,30MeV", "--masses", "2"]) == 0
    out = capsys.readouterr().out
    assert "NOT VIABLE" in out and "CA_e" in out


def test_verdict_bad_mass_range(capsys):
    assert cli.main(["verdict", "sm_u1", "--mass-range", "30MeV"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "mass-range" in err
    assert cli.main(["verdict", "sm_u1", "--mass-range", "30MeV,20MeV"]) == 2


def test_verdict_json_not_viable(capsys):
    """Froggatt-Nielsen, 2021 Cs data, 20 and 30 MeV: not viable; failures recomputed from the best point."""
    import numpy as np
    import sympy as sp

    from zprime_sym.constraints.registry import evaluate_all
    from zprime_sym.derive.relations import COUPLING_SYMBOLS, in_span
    from zprime_sym.evaluate.g2 import delta_a_leptons
    from zprime_sym.evaluate.measurements import load_measurements

    assert cli.main(["verdict", "froggatt_nielsen", "--mass-range", "20MeV,30MeV", "--masses", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["viable"] is False and out["witness"] is None and out["mass_range_MeV"] is None
    assert isinstance(out["failures"], list) and out["failures"]
    for f in out["failures"]:
        assert set(f) >= {"name", "ratio"} and isinstance(f["name"], str) and f["ratio"] > 1
    assert isinstance(out["relations"], list) and out["relations"] and all(isinstance(r, str) for r in out["relations"])
    # independent numbers: g-2 pulls and constraint ratios at the reported best point
    b = out["best"]
    m = np.array([b["m_zp_MeV"] * 1e-3])
    c = {k: np.array([v]) for k, v in b["couplings"].items()}
    da = delta_a_leptons(m, c)
    mset = load_measurements("bck2021-cs")
    pulls = {"e": (da["e"][0] - mset.delta_a_e) / mset.sigma_e, "mu": (da["mu"][0] - mset.delta_a_mu) / mset.sigma_mu}
    misses = {f"g-2 {k}": abs(p) for k, p in pulls.items() if abs(p) > 1}
    misses.update({k: float(v[0]) for k, v in evaluate_all(m, c).items() if v[0] > 1})
    assert {f["name"] for f in out["failures"]} == set(misses)
    for f in out["failures"]:
        assert f["ratio"] == approx(misses[f["name"]], rel=1e-9)
    assert "g-2 e" in misses  # Delta a_e < 0 (Cs) is what the model cannot produce here
    # Eq. (33) is among the model's relations and is the blocking one
    parse = {str(s): s for s in COUPLING_SYMBOLS}
    eq33 = sp.sympify("(CV_e - CA_e - Cnu_e) - (CV_mu - CA_mu - Cnu_mu)", locals=parse)
    assert in_span(eq33, [sp.sympify(r, locals=parse) for r in out["relations"]])
    assert [in_span(sp.sympify(r, locals=parse), [eq33]) for r in out["blocking_relations"]] == [True]


def test_verdict_failed_recovery_no_traceback(capsys, monkeypatch):
    """Parameter recovery forced to fail: text and JSON output are complete (no KeyError 'm_zp_MeV')."""
    import zprime_sym.viability.verdict as verdict_module

    monkeypatch.setattr(verdict_module, "recover_parameters", lambda d, target, seed=0: (None, 2e-4))
    # one mass, 25 MeV, where lmu_ltau is viable with 2025 Rb data (docs/verdicts.md: 16.9-33.2 MeV)
    args = ["verdict", "lmu_ltau", "--data", "wp2025-rb", "--mass-range", "25MeV,30MeV", "--masses", "1"]
    assert cli.main(args) == 0
    captured = capsys.readouterr()
    text = captured.out
    assert "NOT VIABLE" in text and "best point found: m_Z' =" in text
    assert "parameters: not recovered" in text and "misses parameter recovery: ratio 2e+04" in text
    assert "note: parameter recovery failed" in text and "Traceback" not in captured.err
    assert cli.main(args + ["--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["viable"] is False and out["witness"] is None and out["mass_range_MeV"] is None
    assert out["failures"][0]["name"] == "parameter recovery" and out["failures"][0]["ratio"] == approx(2e4)
    assert out["best"]["parameters"] is None and out["best"]["m_zp_MeV"] == approx(25)
    assert set(out["best"]["couplings"]) >= {"CV_e", "CV_mu", "Cnu_tau"}
