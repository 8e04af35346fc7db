"""zprime plot on a parameter plane uses the model's own m_Z' (plot/regions.py, "The model's mass").

Checked against closed forms of the leading-order mass and against the verdict's independent search:
* a fixed singlet VEV (L_mu - L_tau, v_S = 40 GeV): m_Z' = g' v_S, so the model is the line
  g' = m_Z'/v_S; the plot's allowed stretch on it matches the verdict's window (g-2 of the muon only);
* a U(1)' that charges a doublet (the 2HDM of BCK21 Sec. IV B, z1 = 1, z2 = 0, tan(beta) = 1): m_Z'^2 =
  g'^2 (v^2/4 + v_S^2), so points with m_Z' < |g'| v/2 would need v_S^2 < 0 and are not in the model;
* a singlet-only breaking (shipped L_mu - L_tau): the whole plane is in the model (as before);
* an unbroken U(1)' has no plane.
"""
import json

import numpy as np
import pytest

from zprime_sym.cli import main
from zprime_sym.constants import constants
from zprime_sym.exceptions import InputError
from zprime_sym.plot.regions import compute_regions
from zprime_sym.viability.verdict import verdict

LMU_LTAU = """
name = "lmu_ltau_fixed_vev"
[gauge]
gp = "gp"
gt = "0"
[leptons]
L  = { e = 0, mu = 1, tau = -1 }
eR = { e = 0, mu = 1, tau = -1 }
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
[[operators]]
name = "yukawa_tau"
fields = ["L_tau~", "H", "eR_tau"]
"""
V_S = 40.0  # GeV
GRID = "120x90"
NHDM_FIX = ["gt=0", "tan_beta=1", "z1=1", "z2=0", "zL_e=0", "zL_mu=1", "zL_tau=-1"]


@pytest.fixture(scope="module")
def fixed_vev(tmp_path_factory):
    path = tmp_path_factory.mktemp("models") / "fixed_vev.toml"
    path.write_text(LMU_LTAU.replace("VEV", f'"{V_S:g}"'))
    return path


@pytest.fixture(scope="module")
def line(fixed_vev):
    return compute_regions(str(fixed_vev), "m_zp,gp", mass_range="1MeV,1GeV", y_range="1e-5,1e-2", grid=GRID)


def test_fixed_vev_model_is_the_line_g_equals_m_over_vs(line):
    assert line.mass_kind == "derived" and line.mass_param is None
    np.testing.assert_allclose(line.model_mass_GeV, np.abs(line.y)[:, None] * V_S * np.ones_like(line.m_GeV), rtol=1e-12)
    on = ~line.off_model
    step = np.log(line.y[1] / line.y[0])
    target = np.log(line.m_GeV / V_S)  # log g' on the line, per mass column
    iy, ix = np.nonzero(on)
    assert np.all(np.abs(np.log(line.y[iy]) - target[ix]) <= step)  # every marked point is within a grid step
    inside = (target > np.log(line.y[0]) + step) & (target < np.log(line.y[-1]) - step)
    assert inside.sum() > 50 and np.all(on[:, inside].any(axis=0))  # and every column the line crosses has one
    assert on.sum() < 3 * line.m_GeV.size  # a line, not a band


def test_allowed_stretch_on_the_line_matches_the_verdict(line, fixed_vev):
    assert not (line.allowed & line.off_model).any()
    lo, hi = line.allowed_mass_range_MeV()
    v = verdict(str(fixed_vev), targets=("mu",), progress=False)
    assert v.viable and len(v.windows_MeV) == 1
    w_lo, w_hi = v.windows_MeV[0]
    step = (1e3 / 1.0) ** (1 / 119)  # the plot's m_Z' grid step (1 MeV to 1 GeV, 120 points)
    assert w_lo / step**2 <= lo <= w_lo * step**2 and w_hi / step**2 <= hi <= w_hi * step**2
    # the old, model-blind plane: allowed wherever the band passes the constraints, far beyond the line
    band_and_pass = line.bands["mu"] & ~line.any_excluded()
    assert band_and_pass.sum() > 10 * line.allowed.sum()


def test_doublet_share_of_the_mass_is_not_in_the_model():
    r = compute_regions("nhdm_u1", "m_zp,gp", fix=NHDM_FIX, grid="80x60")
    assert r.mass_kind == "coordinate" and r.mass_param == "vS"
    m_min = np.abs(r.y)[:, None] * constants().v / 2.0  # m_Z'^2 = g'^2 (v^2 w (1 - w) + v_S^2), w = 1/2
    below = r.m_GeV[None, :] < m_min
    clear = np.abs(np.log(r.m_GeV[None, :] / m_min)) > 1e-9
    assert 0.2 < below.mean() < 0.8
    np.testing.assert_array_equal(r.off_model[clear], below[clear])
    assert not (r.allowed & r.off_model).any()


def test_singlet_breaking_reaches_the_whole_plane():
    r = compute_regions("lmu_ltau", "m_zp,gp", fix=["gt=0"], grid=40)
    assert r.mass_kind == "coordinate" and r.mass_param == "vS" and not r.off_model.any()
    assert r.allowed.any()
    assert r.summary()["model_mass"] == {"kind": "coordinate", "replaces": "vS", "off_model_fraction": 0.0}


def test_effective_model_mass_is_an_input():
    r = compute_regions("model_independent", "m_zp,CV_mu", grid=20)
    assert r.mass_kind == "free" and r.summary()["model_mass"]["kind"] == "free"


def test_unbroken_u1_has_no_plane(tmp_path):
    path = tmp_path / "unbroken.toml"
    path.write_text(LMU_LTAU.replace("VEV", "0"))
    with pytest.raises(InputError, match="unbroken.*no plot"):
        compute_regions(str(path), "m_zp,gp", grid=20)


def test_cli_says_how_the_mass_is_set(fixed_vev, tmp_path, capsys):
    assert main(["plot", str(fixed_vev), "--plane", "m_zp,gp", "--grid", "40", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["model_mass"]["kind"] == "derived" and out["model_mass"]["off_model_fraction"] > 0.9
    pytest.importorskip("matplotlib")
    png = tmp_path / "line.png"
    assert main(["plot", str(fixed_vev), "--plane", "m_zp,gp", "--grid", "40", "-o", str(png)]) == 0
    assert "the model is the line drawn on the plane" in capsys.readouterr().out and png.stat().st_size > 0
    assert main(["plot", "nhdm_u1", "--plane", "m_zp,gp", "--grid", "40", "-o", str(png)]
                + [a for f in NHDM_FIX for a in ("--fix", f)]) == 0
    assert "not in the model: there m_Z'^2 = A + B vS^2 would need vS^2 < 0" in capsys.readouterr().out
    # a line that misses the plane is named with its mass span, g' v_S for g' = 1e-7 ... 1e-3
    assert main(["plot", str(fixed_vev), "--plane", "m_zp,gp", "--mass-range", "1GeV,10GeV", "--y-range", "1e-7,1e-3",
                 "--grid", "20", "-o", str(png)]) == 0
    assert "a line that does not cross this plane (its m_Z' is 0.004-40 MeV over this plane)" in capsys.readouterr().out


def test_drawing_shows_the_line_and_the_hatched_part(line):
    pytest.importorskip("matplotlib")
    from zprime_sym.plot import draw as D

    ax = D.draw(line)
    labels = [h.get_label() for h in ax.get_legend().legend_handles]
    assert any(lab.startswith("the model") for lab in labels)
    assert any(lab.startswith("allowed on the line") for lab in labels)
    ax = D.draw(compute_regions("nhdm_u1", "m_zp,gp", fix=NHDM_FIX, grid="40x30"))
    assert any("not in the model" in h.get_label() for h in ax.get_legend().legend_handles)
