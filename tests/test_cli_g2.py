"""Tests of ``zprime g2`` through zprime_sym.cli.main (JSON output, text output, error handling)."""
import json

import pytest

from zprime_sym import cli
from zprime_sym.evaluate import g2
from zprime_sym.evaluate.measurements import load_measurements


@pytest.fixture(autouse=True)
def only_g2(monkeypatch):
    # Build the parser with the g2 subcommand only, so these tests do not depend on other
    # subcommands (developed on other branches) being importable.
    monkeypatch.setattr(cli, "COMMANDS", {"g2": cli.COMMANDS["g2"]})


def run_json(capsys, *argv):
    code = cli.main(["g2", *argv, "--json"])
    out = capsys.readouterr().out
    assert code == 0
    return json.loads(out)


def test_json_matches_library(capsys):
    doc = run_json(capsys, "--m-zp", "20MeV", "--CA_e", "2e-4", "--CV_mu", "5e-4", "--CV_tau", "1e-3")
    assert {"delta_a_e", "delta_a_mu", "delta_a_tau", "pull_e", "pull_mu", "data"} <= set(doc)
    # The CLI must agree with the library call at the same point (units: 20MeV = 0.02 GeV)
    assert doc["delta_a_e"] == pytest.approx(float(g2.delta_a(0.02, 0.0, 2e-4, "e")), rel=1e-15)
    assert doc["delta_a_mu"] == pytest.approx(float(g2.delta_a(0.02, 5e-4, 0.0, "mu")), rel=1e-15)
    assert doc["delta_a_tau"] == pytest.approx(float(g2.delta_a(0.02, 1e-3, 0.0, "tau")), rel=1e-15)
    mset = load_measurements("bck2021-cs")  # the default set
    assert doc["data"]["name"] == "bck2021-cs"
    assert doc["pull_e"] == pytest.approx((doc["delta_a_e"] - mset.delta_a_e) / mset.sigma_e, rel=1e-12)
    assert doc["pull_mu"] == pytest.approx((doc["delta_a_mu"] - mset.delta_a_mu) / mset.sigma_mu, rel=1e-12)
    assert "arXiv" in doc["data"]["delta_a_e"]["source"]


def test_units_are_honoured(capsys):
    # 0.02GeV, 20MeV and 20000keV are the same point
    values = {run_json(capsys, "--m-zp", m, "--CV_mu", "5e-4")["delta_a_mu"] for m in ("0.02GeV", "20MeV", "20000keV")}
    assert max(values) / min(values) - 1 < 1e-14  # only rounding of the unit conversion


def test_data_selection_and_user_file(capsys, tmp_path):
    doc = run_json(capsys, "--m-zp", "20MeV", "--CV_e", "1e-4", "--data", "wp2025-rb")
    assert doc["data"]["name"] == "wp2025-rb"
    assert doc["pull_e"] == pytest.approx((doc["delta_a_e"] - 3.4e-13) / 1.6e-13, rel=1e-12)
    path = tmp_path / "set.toml"
    path.write_text(
        'name = "mine"\ndescription = "d"\n'
        '[delta_a_e]\nvalue = 0.0\nsigma = 1e-13\nsource = "arXiv:0000.00000"\n'
        '[delta_a_mu]\nvalue = 0.0\nsigma = 1e-9\nsource = "arXiv:0000.00000"\n'
    )
    doc = run_json(capsys, "--m-zp", "20MeV", "--CV_e", "1e-4", "--data", str(path))
    assert doc["data"]["name"] == "mine"
    assert doc["pull_e"] == pytest.approx(doc["delta_a_e"] / 1e-13, rel=1e-12)


def test_text_output(capsys):
    code = cli.main(["g2", "--m-zp", "20MeV", "--CA_e", "2e-4", "--data", "bck2021-rb"])
    out = capsys.readouterr().out
    assert code == 0
    assert "m_Z' = 20 MeV" in out and "bck2021-rb" in out and "Morel" in out
    for lepton in ("e ", "mu ", "tau "):
        assert f"  {lepton}" in out
    # the printed Delta a_e equals the library value to the 5 printed digits
    printed = float(next(line for line in out.splitlines() if line.startswith("  e ")).split()[1])
    assert printed == pytest.approx(float(g2.delta_a(0.02, 0.0, 2e-4, "e")), rel=1e-4)


@pytest.mark.parametrize("mass", ["--m-zp=-5MeV", "20", "nanMeV", "0MeV", "20parsec"])
def test_bad_mass_one_line_error(capsys, mass):
    argv = ["g2", mass] if mass.startswith("--") else ["g2", "--m-zp", mass]
    code = cli.main(argv)
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "m-zp" in err


def test_negative_mass_as_separate_token(capsys):
    # cli.main joins "--m-zp -5MeV" into "--m-zp=-5MeV", so our validator names the value.
    assert cli.main(["g2", "--m-zp", "-5MeV"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "-0.005" in err and "positive" in err


def test_bad_data_and_coupling(capsys):
    assert cli.main(["g2", "--m-zp", "20MeV", "--data", "nonesuch"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bck2021-cs" in err
    assert cli.main(["g2", "--m-zp", "20MeV", "--CA_e", "nan"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "CA_e" in err
