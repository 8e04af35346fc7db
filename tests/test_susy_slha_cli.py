"""SLHA input/output of SUSY points and the ``zprime susy`` subcommand."""
import json

import numpy as np
import pytest

pytest.importorskip("pyslha")

from susy_mw_reference import mw_mssm
from zprime_sym import cli
from zprime_sym.exceptions import SpectrumError
from zprime_sym.susy.compiled import compiled_matrices
from zprime_sym.susy.g2 import delta_a_susy, delta_a_zprime
from zprime_sym.susy.params import compute_spectrum, normalise_params, sm_inputs
from zprime_sym.susy.slha import benchmark_path, read_slha, write_slha

MSSM_SLHA = """\
BLOCK SMINPUTS
   1   127.951   # alpha_em^-1(m_Z)
   4   91.1880   # m_Z
BLOCK MASS
  24   80.3692   # m_W
BLOCK MINPAR
   3   25.0
BLOCK EXTPAR
   1   320.0
   2   -450.0
   3   3000.0
  23   600.0
  26   1500.0
  31   300.0
  32   420.0
  33   900.0
  34   250.0
  35   380.0
  36   950.0
BLOCK AE
  1 1   -300.0
  2 2    150.0
  3 3      0.0
"""


def test_benchmark_bp1_inputs():
    """BP1 carries BDR20 Table 3 inputs: M0 606, M1 781, M2 180, mu = -223 (SLHA sign), tan b 27,
    M_Z' = 27 MeV, g_X = 8.26e-4."""
    p = read_slha("BP1")
    assert (p["M0"], p["M1"], p["M2"], p["mu"], p["tan_beta"]) == (606, 781, 180, -223, 27)
    assert p["m_zp"] == pytest.approx(0.027, rel=1e-12, abs=0) and p["gX"] == pytest.approx(8.26e-4, rel=1e-12, abs=0)


def test_slha_output_signed_nmix_diagonalises_matrix():
    """The real NMIX with signed MASS entries (SLHA convention) must satisfy NMIX M NMIX^T = diag(signed
    masses) with the mass matrix rebuilt from the inputs read back from the written file."""
    import pyslha

    params = read_slha("BP3")
    text = write_slha(params, compute_spectrum(params))
    doc = pyslha.readSLHA(text, ignorenomass=True)
    codes = (1000022, 1000023, 1000025, 1000035, 1000045, 1000055, 1000065)
    signed = np.array([doc.blocks["MASS"][c] for c in codes])
    nmix = np.array([[doc.blocks["NMIX"][i, j] for j in range(1, 8)] for i in range(1, 8)])
    back = normalise_params(read_slha(text))
    vals = {**back, **{k: np.broadcast_to(v, (1,)) for k, v in sm_inputs(back).items()}}
    M = compiled_matrices().neutralino({k: vals[k] for k in compiled_matrices().argument_names})[0]
    assert np.allclose(nmix @ M @ nmix.T, np.diag(signed), atol=1e-6 * np.abs(signed).max())
    assert np.any(signed < 0)  # BP3 has a negative-eigenvalue higgsino: the conversion is exercised


def test_mssm_limit_slha_equals_martin_wells():
    """No LMUTAU block = MSSM limit: the SUSY parts equal the independent Martin-Wells implementation
    to 1e-6 (same electroweak inputs: SMINPUTS 1, 4 and MASS 24 are the PDG values) and Z' gives 0."""
    p = read_slha(MSSM_SLHA)
    assert p["gX"] == 0.0
    spec = compute_spectrum(p)
    for lep in ("e", "mu"):
        ours = delta_a_susy(spec, p, lep)
        neut, char = mw_mssm(p, lep)
        assert ours["neutralino"][0] == pytest.approx(neut, rel=1e-6, abs=0)
        assert ours["chargino"][0] == pytest.approx(char, rel=1e-6, abs=0)
        assert delta_a_zprime(p["m_zp"], p["gX"], lep) == 0.0


def test_slha_sminputs_override_electroweak_inputs():
    """A different m_W (MASS 24) changes the chargino off-diagonal entries sqrt2 m_W s_b, c_b."""
    p = read_slha(MSSM_SLHA.replace("80.3692", "79.0"))
    spec = compute_spectrum(p)
    assert spec.sm["m_W"][0] == 79.0
    s2b = 2 * 25 / (1 + 25**2)
    a = 450**2 + 600**2 + 2 * 79.0**2
    light = np.sqrt((a - np.sqrt(a**2 - 4 * (-450 * 600 - 79.0**2 * s2b) ** 2)) / 2)
    assert spec.chargino_masses[0, 0] == pytest.approx(light, rel=1e-10, abs=0)


@pytest.mark.parametrize("text, fragment", [
    (MSSM_SLHA.replace("  31   300.0\n", ""), "EXTPAR 31"),
    (MSSM_SLHA.replace("BLOCK MINPAR\n   3   25.0\n", ""), "tan(beta)"),
    (MSSM_SLHA + "BLOCK LMUTAU\n  1  500.0\n", "LMUTAU"),
    ("no_such_file.slha", "no such SLHA file"),
])
def test_bad_slha_input(text, fragment):
    with pytest.raises(SpectrumError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        read_slha(text)


@pytest.fixture
def run_cli(monkeypatch, capsys):
    monkeypatch.setattr(cli, "COMMANDS", {"susy": "zprime_sym.commands.susy"})

    def run(*argv):
        code = cli.main(list(argv))
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def test_cli_spectrum_json(run_cli):
    code, out, _ = run_cli("susy", "spectrum", "BP2", "--json")
    doc = json.loads(out)
    spec = compute_spectrum(read_slha("BP2"))
    assert code == 0
    assert np.allclose(doc["neutralino_masses_GeV"], spec.neutralino_masses[0], rtol=1e-12)
    assert np.allclose(doc["chargino_masses_GeV"], spec.chargino_masses[0], rtol=1e-12)
    assert set(doc["slepton_masses_GeV"]) == {"e", "mu", "tau"}


def test_cli_g2_json_parts_add_up(run_cli, tmp_path):
    path = tmp_path / "point.slha"
    path.write_text(benchmark_path("BP4").read_text())  # a file path, not the benchmark name
    _, out_std, _ = run_cli("susy", "g2", str(path), "--json")
    _, out_pr, _ = run_cli("susy", "g2", "BP4", "--json", "--zprime-formula", "printed-eq3.6")
    std, pr = json.loads(out_std), json.loads(out_pr)
    for doc in (std, pr):
        for lep in ("e", "mu"):
            part = doc["parts"][lep]
            assert doc[f"delta_a_{lep}"] == part["susy"] + part["zprime"]
            assert part["susy"] == pytest.approx(part["neutralino"] + part["chargino"], rel=1e-12, abs=0)
    assert std["parts"]["mu"]["susy"] == pr["parts"]["mu"]["susy"]
    p = read_slha("BP4")
    assert std["parts"]["mu"]["zprime"] == pytest.approx(float(delta_a_zprime(p["m_zp"], p["gX"])), rel=1e-12, abs=0)
    assert pr["parts"]["mu"]["zprime"] < std["parts"]["mu"]["zprime"]


def test_cli_errors_are_one_line(run_cli):
    code, _, err = run_cli("susy", "g2", "missing.slha")
    assert code == 2 and err.startswith("zprime: error:") and "missing.slha" in err


def test_ignored_entries_are_ignored():
    """SMINPUTS 2 (G_F), 3 (alpha_s) and EXTPAR 3 (M3), 26 (m_A) are documented as ignored: changing them
    changes nothing that is read, and write_slha does not write them."""
    import pyslha

    base = read_slha(MSSM_SLHA)
    changed = MSSM_SLHA.replace("   4   91.1880", "   2   1.0e-3\n   3   0.5\n   4   91.1880")
    changed = changed.replace("  26   1500.0", "  26   90.0").replace("   3   3000.0", "   3   10.0")
    assert changed != MSSM_SLHA and read_slha(changed) == base
    doc = pyslha.readSLHA(write_slha(base, compute_spectrum(base)), ignorenomass=True)
    assert {2, 3}.isdisjoint(doc.blocks["SMINPUTS"].keys()) and {3, 26}.isdisjoint(doc.blocks["EXTPAR"].keys())


def test_slha_of_a_scan_row(tmp_path):
    """A tiny real scan (BDR20 priors, 60 points, serial); the SLHA file of a row reads back to that
    row's parameters and its MASS block equals the row's stored mass columns."""
    import dataclasses
    from pathlib import Path

    import pyslha

    from zprime_sym.scan.engine import ScanConfig, load_results, run_scan
    from zprime_sym.susy.slha import scan_point_params, scan_point_slha

    cfg = ScanConfig.from_toml(Path(__file__).resolve().parents[1] / "benchmarks" / "susy_table2.toml")
    cfg = dataclasses.replace(cfg, n_points=60, batch_size=30, output=str(tmp_path / "scan"))
    res = load_results(run_scan(cfg, workers=0))
    k = 37
    out = tmp_path / "row37.slha"
    text = scan_point_slha(res, k, out)
    assert out.read_text() == text
    assert scan_point_slha(cfg.output, k) == text  # also from the output directory
    back = read_slha(str(out))
    for name, value in scan_point_params(res, k).items():
        assert back[name] == pytest.approx(value, rel=1e-9, abs=1e-12), name
    mass = pyslha.readSLHA(text, ignorenomass=True).blocks["MASS"]
    for i, pdg in enumerate((1000022, 1000023, 1000025, 1000035, 1000045, 1000055, 1000065)):
        assert abs(mass[pdg]) == pytest.approx(res[f"m_chi{i + 1}"][k], rel=1e-9)
    assert mass[1000024] == pytest.approx(res["m_cha1"][k], rel=1e-9)
    assert mass[1000011] == pytest.approx(res["m_e1"][k], rel=1e-9)
    assert mass[2000013] == pytest.approx(res["m_mu2"][k], rel=1e-9)
    with pytest.raises(SpectrumError, match="out of range"):
        scan_point_slha(res, 60)
