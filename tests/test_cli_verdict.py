"""`zprime verdict` command line: JSON keys, text output, and one-line errors."""
import json

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
