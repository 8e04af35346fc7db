"""Numbers printed beside their limit never read as the limit (zprime_sym/viability/limit_text.py), and the
messages for a model that forgets to break U(1)' or has nothing to plot.

Found by trying the tool as a user: a point just outside a bound printed "misses charm2: ratio 1" and
"pull -1.00 sigma, allowed 1".
"""
import pytest

from zprime_sym import cli
from zprime_sym.viability.limit_text import pull_text, ratio_text


@pytest.mark.parametrize("x, text", [(1.0, "1"), (3.45, "3.45"), (0.0, "0"), (1.0004, "1.0004"),
                                     (0.99996, "0.99996"), (1.00049, "1.0005"), (1 + 2**-52, "1.0000000000000002"),
                                     (float("inf"), "inf"), (0.5, "0.5"), (12.0, "12")])
def test_ratio_text(x, text):
    assert ratio_text(x) == text
    if x != 1.0 and x == x and x != float("inf"):
        assert float(ratio_text(x)) != 1.0  # never printed as the limit it failed or passed


@pytest.mark.parametrize("pull, allowed, text", [(-1.0004, 1.0, "-1.0004"), (1.0, 1.0, "+1.00"), (-0.5, 1.0, "-0.50"),
                                                  (2.4199, 1.0, "+2.42"), (1.99999, 2.0, "+1.99999")])
def test_pull_text(pull, allowed, text):
    assert pull_text(pull, allowed) == text


ONE_POINT = """name = "b3lmu_numeric"
[gauge]
gp = 2e-4
gt = 0
[leptons]
L   = { e = 0, mu = -3, tau = 0 }
eR  = { e = 0, mu = -3, tau = 0 }
nuR = { e = 0, mu = -3, tau = 0 }
[quarks]
Q  = "1/3"
uR = "1/3"
dR = "1/3"
[[scalars]]
name = "H"
rep = "doublet"
hypercharge = "1/2"
charge = 0
[[scalars]]
name = "S"
rep = "singlet"
charge = 1
vev = VEV
[[operators]]
name = "yukawa_mu"
fields = ["L_mu~", "H", "eR_mu"]
"""


def _write(tmp_path, vev: str):
    path = tmp_path / f"b3lmu_{vev}.toml"
    path.write_text(ONE_POINT.replace("VEV", vev))
    return str(path)


def test_verdict_never_prints_a_failing_ratio_as_1(tmp_path, capsys):
    """Every "misses" line of a not-viable verdict shows a ratio that reads above 1 (m_Z' = g' v_S = 10 MeV)."""
    assert cli.main(["verdict", _write(tmp_path, "50")]) == 1
    out = capsys.readouterr().out
    misses = [line for line in out.splitlines() if line.strip().startswith("misses ")]
    assert misses
    for line in misses:
        ratio = float(line.split("ratio ")[1].split()[0])
        assert ratio > 1.0, line


def test_derive_notes_an_unbroken_u1(tmp_path, capsys):
    assert cli.main(["derive", _write(tmp_path, "0")]) == 0
    out = capsys.readouterr().out
    assert "m_Z'^2 (LO)  = 0  GeV^2" in out and "the U(1)' is unbroken" in out
    assert cli.main(["derive", _write(tmp_path, "50")]) == 0  # broken: m_Z'^2 = (g' v_S)^2 = 1e-4 GeV^2, no note
    out = capsys.readouterr().out
    assert "m_Z'^2 (LO)  = 1/10000  GeV^2" in out and "is unbroken" not in out


def test_plot_of_a_model_without_parameters_says_why(tmp_path, capsys):
    path = _write(tmp_path, "50")
    assert cli.main(["plot", path, "--plane", "m_zp,CV_mu", "-o", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err
    assert "no free coupling parameter" in err and "m_zp,none" not in err and err.count("\n") == 1
