"""``zprime plot`` through zprime_sym.cli.main: files written, JSON summary, one-line errors (exit 2)."""
import json
import sys

import numpy as np
import pytest

from zprime_sym import cli
from zprime_sym.plot.regions import compute_regions

pytest.importorskip("matplotlib")

FIG2C = ["model_independent", "--plane", "m_zp,Cnu_e", "--fix", "CV_e=0", "--solve", "CA_e:a_e=-1sigma",
         "--mass-range", "5MeV,100MeV", "--y-range", "1e-8,1e-4", "--grid", "30x20"]


@pytest.fixture(autouse=True)
def only_plot(monkeypatch):
    # Parser with the plot subcommand only (other subcommands live on other branches).
    monkeypatch.setattr(cli, "COMMANDS", {"plot": "zprime_sym.commands.plot"})


def test_png_is_written_and_shows_the_regions(tmp_path, capsys):
    out = tmp_path / "fig2c.png"
    assert cli.main(["plot", *FIG2C, "-o", str(out)]) == 0
    assert "allowed region" in capsys.readouterr().out
    from matplotlib.image import imread
    img = imread(out)
    assert img.shape[0] > 1000 and img.shape[1] > 1500  # 6.4 x 4.6 in at the default 300 dpi (bbox tight)
    # non-trivial: many distinct colours (shaded regions, labels), not a blank canvas
    colours = np.unique((img[..., :3] * 255).astype(np.uint8).reshape(-1, 3), axis=0)
    assert len(colours) > 50
    assert 5_000 < out.stat().st_size < 1_000_000


def test_json_summary_matches_the_library(tmp_path, capsys):
    out = tmp_path / "fig2c.pdf"
    assert cli.main(["plot", *FIG2C, "-o", str(out), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert out.read_bytes()[:5] == b"%PDF-"
    ref = compute_regions("model_independent", "m_zp,Cnu_e", fix="CV_e=0", solve="CA_e:a_e=-1sigma",
                          mass_range="5MeV,100MeV", y_range="1e-8,1e-4", grid=(30, 20)).summary()
    assert doc["allowed_mass_range_MeV"] == pytest.approx(ref["allowed_mass_range_MeV"])
    assert doc["grid"] == [30, 20] and doc["data"] == "bck2021-cs"
    assert [c["name"] for c in doc["constraints"]] == [c["name"] for c in ref["constraints"]]
    # mass axis honours the units: 5 MeV .. 100 MeV
    assert doc["mass_range_MeV"] == pytest.approx([5.0, 100.0])


def test_json_only_needs_no_output(capsys):
    assert cli.main(["plot", *FIG2C, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["output"] is None


@pytest.mark.parametrize("argv, fragment", [
    (["--plane", "m_zp,CQ_e"], "neither a coupling"),
    (["--plane", "mass,CA_e"], "--plane"),
    (["--plane", "m_zp,CA_e", "--fix", "CV_e:0"], "--fix"),
    (["--plane", "m_zp,CA_e", "--fix", "CV_e=zero"], "--fix"),
    (["--plane", "m_zp,CA_e", "--tie", "CV_e=__import__('os')"], "unexpected character"),
    (["--plane", "m_zp,CA_e", "--tie", "CV_e=CV_mu.real"], "unexpected character"),
    (["--plane", "m_zp,CA_e", "--solve", "CV_e:a_tau=1sigma"], "--solve"),
    (["--plane", "m_zp,CA_e", "--profile", "Cnu_e=0:1e-3"], "log spacing"),
    (["--plane", "m_zp,CA_e", "--mass-range", "1,1000"], "--mass-range"),
    (["--plane", "m_zp,CA_e", "--grid", "2"], "--grid"),
    (["--plane", "m_zp,CA_e", "--data", "no-such-set"], "unknown measurement set"),
])
def test_bad_options_give_one_line_and_exit_2(tmp_path, capsys, argv, fragment):
    code = cli.main(["plot", "model_independent", *argv, "--grid" if "--grid" not in argv else "--dpi",
                     "6" if "--grid" not in argv else "100", "-o", str(tmp_path / "x.png")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("zprime: error:") and err.count("\n") == 1
    assert fragment in err
    assert not (tmp_path / "x.png").exists()


def test_bad_output_format(tmp_path, capsys):
    assert cli.main(["plot", *FIG2C, "-o", str(tmp_path / "x.jpg")]) == 2
    assert "unsupported format" in capsys.readouterr().err


def test_missing_matplotlib_is_a_clear_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)  # makes the import fail
    assert cli.main(["plot", *FIG2C, "-o", str(tmp_path / "x.png")]) == 3  # missing optional dependency
    err = capsys.readouterr().err
    assert "pip install" in err and "matplotlib" in err and err.count("\n") == 1


def test_every_constraint_has_a_legend_label_that_fits():
    # The legend sits beside the axes (8 x 5.4 in figure): a label longer than ~32 characters is cut
    # off at the figure edge (the CCFR heavy-Z' trident label was). Mathtext markup does not print.
    import re

    from zprime_sym.constraints.registry import all_constraints
    from zprime_sym.plot.draw import SHORT_LABELS, _short

    for c in all_constraints(False, ()):
        label = SHORT_LABELS.get(c.name) or _short(c.experiment)
        printed = re.sub(r"\$|\\[A-Za-z]+|[{}_^]", "", label)
        assert max(len(line) for line in printed.split("\n")) <= 32, (c.name, label)
    long = _short("A very long experiment name (with a parenthesis that goes on and on and on)")
    assert long.count("\n") <= 1 and all(len(line) <= 28 for line in long.split("\n"))
