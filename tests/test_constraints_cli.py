"""The ``zprime constraints`` subcommand: list, check, JSON output, exit code 2 on bad input."""
import json

import pytest

from zprime_sym import cli


@pytest.fixture
def main(monkeypatch):
    # Only this subcommand: other subcommands live on other branches until they are merged.
    monkeypatch.setattr(cli, "COMMANDS", {"constraints": "zprime_sym.commands.constraints"})
    return cli.main


def test_list_text_and_json(main, capsys):
    assert main(["constraints"]) == 0
    out = capsys.readouterr().out
    assert "babar_2014" in out and "1406.2980" in out and "MeV" in out and "belle2" not in out
    assert main(["constraints", "--json", "--projections"]) == 0
    data = json.loads(capsys.readouterr().out)
    names = {d["name"] for d in data}
    assert {"babar_2014", "charm2", "belle2_50ab", "na64_ls2"} <= names
    babar = next(d for d in data if d["name"] == "babar_2014")
    assert babar["cl"] == 0.9 and babar["mass_range_MeV"][0] == pytest.approx(20.3)


def test_check_json(main, capsys):
    # C_Ae = 1e-3 at 50 MeV is far above BaBar's ~2e-4 (BCK21 Eq. (10)): BaBar must fail.
    assert main(["constraints", "check", "--m-zp", "50MeV", "--CA_e", "1e-3", "--json"]) == 1  # excluded: exit 1
    rows = json.loads(capsys.readouterr().out)
    assert all(set(r) >= {"name", "arxiv", "ratio", "passed"} for r in rows)
    babar = next(r for r in rows if r["name"] == "babar_2014")
    assert babar["ratio"] > 1 and babar["passed"] is False
    # the SM point passes everything
    assert main(["constraints", "check", "--m-zp", "50MeV", "--json"]) == 0
    assert all(r["passed"] for r in json.loads(capsys.readouterr().out))


USER_HEADER = ("# format: zprime-limit-table/1\n# experiment: Mine\n# arxiv: 1\n# source: Fig. 1\n"
               "# production: ee_annihilation\n# decay: e+e-\n# cl: 0.9\n# bounds: epsilon\n# curve: upper_limit\n"
               "# units: MeV\n# sampling: exact\n")


def test_check_text_with_projection_and_table(main, capsys, tmp_path):
    table = tmp_path / "mine.csv"
    table.write_text(USER_HEADER + "mass_MeV,limit\n"
                     "10,1e-6\n100,1e-6\n")
    assert main(["constraints", "check", "--m-zp", "20MeV", "--CA_e", "1.8e-4", "--projections", "--table", str(table)]) == 1  # excluded by the user table
    out = capsys.readouterr().out
    assert "belle2_50ab" in out and "mine" in out and "FAIL" in out


@pytest.mark.parametrize("argv,fragment", [
    (["--m-zp=-20MeV"], "must be positive"),
    (["--m-zp", "0MeV"], "must be positive"),
    (["--m-zp", "20"], "unit"),
    (["--m-zp", "20MeV", "--CA_e", "nan"], "CA_e"),
    (["--m-zp", "20MeV", "--table", "/nonexistent/t.csv"], "t.csv"),
])
def test_bad_input_exit_2_one_line(main, capsys, argv, fragment):
    assert main(["constraints", "check", *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and fragment in err


def test_options_before_and_after_check_are_combined(main, capsys, tmp_path):
    table = tmp_path / "t1.csv"
    table.write_text(USER_HEADER + "mass_MeV,limit\n"
                     "10,1e-6\n100,1e-6\n")
    t2 = tmp_path / "t2.csv"
    t2.write_text(table.read_text())
    assert main(["constraints", "--table", str(table), "check", "--m-zp", "20MeV", "--table", str(t2), "--json"]) == 0
    names = [r["name"] for r in json.loads(capsys.readouterr().out)]
    assert "t1" in names and "t2" in names


def test_malformed_user_table_names_file_and_line(main, capsys, tmp_path):
    table = tmp_path / "broken.csv"
    table.write_text(USER_HEADER + "mass_MeV,limit\n"
                     "10,1e-6\n5,1e-6\n")
    assert main(["constraints", "check", "--m-zp", "20MeV", "--CA_e", "1e-4", "--table", str(table)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "broken.csv:14" in err and "not above the previous row" in err
