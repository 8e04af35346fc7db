"""No internal labels in user-visible strings (issue 11, point 1).

Papers are cited by authors + arXiv number or the tags BCK21 / BDR20 defined in docs/conventions.md;
internal labels ("seed 004", "seed 000", "seed004", ...) and the names of the project's working notes
(physics-notes.md, limits.md), which users do not have, must not appear in: the help of every command and
subcommand, the JSON output of every command on a shipped model, docs/ and the README, the headers of the
shipped data files, and the package's, benchmarks' and tests' source.
"""
import json
import re
from pathlib import Path

import pytest

from zprime_sym import cli

ROOT = Path(__file__).resolve().parents[1]
#: Internal labels for the source papers (any spacing/underscore, any number after "seed"), and the names
#: of the project's unshipped working notes (a user cannot open them: docs/conventions.md lists the papers'
#: misprints, each data table cites its own source).
INTERNAL = re.compile(r"seed[ _-]?0\d\d|physics[ _-]notes|limits\.md|design\.md|/shared/", re.IGNORECASE)
HELP = [[], *([c] for c in cli.COMMANDS), ["constraints", "check"], ["susy", "spectrum"], ["susy", "g2"]]


def assert_no_internal_labels(text: str, where: str) -> None:
    hits = INTERNAL.findall(text)
    assert not hits, f"{where}: internal label(s) {hits}"


def _run(capsys, argv) -> str:
    code = cli.main(argv)
    out = capsys.readouterr()
    assert code in (0, 1), (argv, out.err)
    return out.out + out.err


@pytest.mark.parametrize("argv", HELP, ids=lambda a: " ".join(a) or "zprime")
def test_help(argv, capsys):
    assert cli.main([*argv, "--help"]) == 0
    text = capsys.readouterr().out
    assert "usage:" in text
    assert_no_internal_labels(text, f"zprime {' '.join(argv)} --help")


def test_help_defines_the_tags(capsys):
    cli.main(["--help"])
    text = capsys.readouterr().out
    assert "arXiv:2102.07781" in text and "arXiv:2011.05083" in text


@pytest.mark.parametrize("model", sorted(p.stem for p in (ROOT / "models").glob("*.toml")))
def test_derive_json_text_and_latex(model, derived, capsys):
    """What `zprime derive MODEL [--json|--latex]` prints, from the session-cached derivation."""
    from zprime_sym.commands import derive as cmd

    d = derived(model)
    text = json.dumps(cmd.derivation_summary(d))
    assert_no_internal_labels(text, f"zprime derive {model} --json")
    cmd._print_text(d)
    assert_no_internal_labels(capsys.readouterr().out, f"zprime derive {model}")
    assert_no_internal_labels(cmd.latex_document_body(d), f"zprime derive {model} --latex")


def test_derive_and_check_through_the_cli(capsys):
    out = _run(capsys, ["derive", "nhdm_u1", "--json"])
    json.loads(out)
    assert_no_internal_labels(out, "zprime derive nhdm_u1 --json")
    assert_no_internal_labels(_run(capsys, ["check", "froggatt_nielsen"]), "zprime check froggatt_nielsen")


def test_json_of_every_other_command(capsys, tmp_path):
    pytest.importorskip("pyslha")
    pytest.importorskip("matplotlib")
    runs = [
        ["g2", "--m-zp", "20MeV", "--CA_e", "2e-4", "--CV_mu", "5e-4", "--json"],
        ["constraints", "--json", "--projections"],
        ["constraints", "check", "--m-zp", "20MeV", "--CA_e", "2e-4", "--json"],
        ["susy", "spectrum", "BP1", "--json"],
        ["susy", "g2", "BP1", "--json"],
        ["verdict", "model_independent", "--mass-range", "20MeV,30MeV", "--masses", "2", "--json"],
        ["plot", "model_independent", "--plane", "m_zp,CA_e", "--solve", "CV_e:a_e=-1sigma", "--grid", "12",
         "--json", "-o", str(tmp_path / "p.svg")],
    ]
    for argv in runs:
        out = _run(capsys, argv)
        json.loads(out)
        assert_no_internal_labels(out, "zprime " + " ".join(argv))
    assert_no_internal_labels(_run(capsys, ["susy", "spectrum", "BP1", "--slha"]), "zprime susy spectrum BP1 --slha")
    assert_no_internal_labels(_run(capsys, ["g2", "--m-zp", "20MeV", "--CA_e", "2e-4"]), "zprime g2 (text)")


def test_scan_json(capsys, tmp_path):
    path = tmp_path / "scan.toml"
    path.write_text('[scan]\nn_points = 20\nbatch_size = 10\nseed = 5\noutput = "o"\n[ranges]\nx = [0, 1]\ny = [0, 1]\n')
    out = _run(capsys, ["scan", str(path), "--workers", "0", "--no-progress", "--json",
                        "--plugin", "test_scan:make_toy"])
    json.loads(out)
    assert_no_internal_labels(out, "zprime scan --json")


def test_docs_and_readme():
    files = [ROOT / "README.md", *(ROOT / "docs").rglob("*.md"), *(ROOT / "docs").rglob("*.json"),
             *(ROOT / "docs").rglob("*.py"), *(ROOT / "docs").rglob("*.toml")]
    assert len(files) > 10
    for f in files:
        assert_no_internal_labels(f.read_text(), str(f.relative_to(ROOT)))


def test_data_files_and_models():
    from importlib import resources

    data = Path(str(resources.files("zprime_sym.data")))  # the installed package's data (CI: the wheel)
    files = [*data.rglob("*"), *(ROOT / "models").glob("*.toml")]
    files = [f for f in files if f.is_file() and f.suffix in (".toml", ".csv", ".dat", ".slha")]
    assert len(files) > 10
    for f in files:
        assert_no_internal_labels(f.read_text(), f.name)


def test_source_code():
    """Docstrings and comments are read by users too (help(), the sdist)."""
    files = [*(ROOT / "zprime_sym").rglob("*.py"), *(ROOT / "benchmarks").rglob("*.py"),
             *(ROOT / "benchmarks").rglob("*.toml"), *(f for f in (ROOT / "tests").rglob("*.py") if f.name != Path(__file__).name)]
    assert len(files) > 50
    for f in files:
        assert_no_internal_labels(f.read_text(), str(f.relative_to(ROOT)))


def test_plot_text_in_figures(tmp_path):
    """Titles, labels and legend entries of a drawn figure."""
    pytest.importorskip("matplotlib")
    from zprime_sym.plot.draw import draw
    from zprime_sym.plot.regions import compute_regions

    regions = compute_regions("model_independent", "m_zp,CA_e", solve=["CV_e:a_e=-1sigma"], grid="12")
    ax = draw(regions)
    from matplotlib.text import Text

    texts = [t.get_text() for t in ax.figure.findobj(Text)]
    assert any("C_{Ae}" in t for t in texts)
    assert_no_internal_labels("\n".join(texts), "figure text")


def test_constraint_citations_are_readable(capsys):
    """`zprime constraints` cites arXiv numbers as arXiv:NNNN.NNNNN and journal references as written."""
    from zprime_sym.commands.constraints import citation

    assert citation("1406.2980") == "arXiv:1406.2980"
    assert citation("hep-ex/0504049") == "arXiv:hep-ex/0504049"
    assert citation("PLB 302 (1993) 351; 1803.00060") == "PLB 302 (1993) 351; arXiv:1803.00060"
    out = _run(capsys, ["constraints", "--projections"])
    assert "arXiv/ref" not in out and "arXiv:1406.2980" in out
