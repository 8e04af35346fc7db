"""A model that cannot bring the targeted g-2 within reach is NOT VIABLE (exit 1), not bad input (exit 2):
a leptophobic U(1)_B (no lepton coupling at all) and L_mu - L_tau asked for a_e alone (a vector coupling
gives Delta a_e > 0, the Cs data want it negative: only an axial electron coupling could)."""
import subprocess
import sys

import pytest

from zprime_sym.evaluate.measurements import load_measurements
from zprime_sym.viability.verdict import verdict

from user_models import U1_BARYON


def _sm_pull_ratio(data, lep, sigma=1.0):
    """|pull| at Delta a = 0: |0 - measured| / (sigma_exp * N)."""
    measured, err = load_measurements(data).value(lep)
    return abs(measured) / err / sigma


@pytest.fixture(scope="module")
def baryon_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("models") / "u1_baryon.toml"
    path.write_text(U1_BARYON)
    return path


def test_a_leptophobic_model_is_not_viable_with_the_standard_model_pulls(baryon_file):
    v = verdict(str(baryon_file), progress=False)
    assert not v.viable and v.best is None and v.witness is None
    assert [f["name"] for f in v.failures] == ["g-2 e", "g-2 mu"]
    for f, lep in zip(v.failures, ("e", "mu")):
        assert f["ratio"] == pytest.approx(_sm_pull_ratio("bck2021-cs", lep), rel=1e-12)
        assert "C_V = C_A = 0" in f["detail"]
    assert any("does not couple to the vector or axial current of e or mu" in n for n in v.notes)
    v.to_json()  # JSON-ready


def test_the_cli_says_not_viable_and_draws_the_reason(baryon_file, tmp_path):
    out = subprocess.run([sys.executable, "-m", "zprime_sym.cli", "verdict", str(baryon_file)],
                         capture_output=True, text=True)
    assert out.returncode == 1, out.stderr
    assert "NOT VIABLE" in out.stdout and "zprime: error" not in out.stderr
    assert "nothing evaluated" in out.stdout
    pytest.importorskip("matplotlib")
    png = tmp_path / "v.png"
    out = subprocess.run([sys.executable, "-m", "zprime_sym.cli", "verdict", str(baryon_file), "--plot", str(png)],
                         capture_output=True, text=True)
    assert out.returncode == 1 and png.stat().st_size > 0, out.stderr


def test_lmu_ltau_for_a_e_alone_is_blocked_by_its_zero_axial_electron_coupling():
    v = verdict("lmu_ltau", targets=("e",), progress=False)
    assert not v.viable and v.best is None
    assert v.failures[0]["ratio"] == pytest.approx(_sm_pull_ratio("bck2021-cs", "e"), rel=1e-12)
    assert v.blocking_relations == ["CA_e"]
    assert any("wrong sign" in n for n in v.notes)
