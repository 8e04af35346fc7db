"""Anomaly coefficients and operator invariance."""
from pathlib import Path
import pytest

from zprime_sym.derive.anomalies import ANOMALY_NAMES
from zprime_sym.exceptions import ModelError
from zprime_sym.model.loader import load_model_text

MODELS = Path(__file__).resolve().parents[1] / "models"  # the shipped model files, found from this file


@pytest.mark.parametrize("name", ["lmu_ltau", "le_lmu", "b_minus_l", "susy_lmu_ltau"])
def test_anomaly_free_models(derived, name):
    assert all(v == 0 for v in derived(name).anomalies.values())


def test_b_minus_l_without_nu_r_is_anomalous():
    text = open(MODELS / "b_minus_l.toml").read()
    text = text.replace("nuR = -1\n", "").split("[[operators]]\nname = \"dirac_nu_e\"")[0]
    d = load_model_text(text, source="b-l-no-nuR").derive()
    # each missing nu_R (z = -1 as a RH field) would have contributed +1 to grav^2 and +1 to U1'^3
    assert d.anomalies["grav^2 U1'"] == -3
    assert d.anomalies["U1'^3"] == -3
    assert d.anomalies["SU3^2 U1'"] == 0 and d.anomalies["SU2^2 U1'"] == 0
    assert d.anomalies["U1Y^2 U1'"] == 0 and d.anomalies["U1Y U1'^2"] == 0


def test_sm_anomaly_coefficients_are_symbolic(derived):
    an = derived("sm_u1").anomalies
    assert set(an) == set(ANOMALY_NAMES)
    assert an["SU2^2 U1'"] != 0 and an["SU2^2 U1'"].free_symbols


def test_hypercharge_like_charges_cancel():
    """U(1)' = hypercharge: all anomaly coefficients are those of U(1)_Y, which cancel in the SM."""
    text = """
name = "hyper"
[gauge]
gp = "gp"
[leptons]
L = "-1/2"
eR = -1
[quarks]
Q = "1/6"
uR = "2/3"
dR = "-1/3"
[[scalars]]
name = "H"
rep = "doublet"
hypercharge = "1/2"
charge = "1/2"
[[scalars]]
name = "S"
rep = "singlet"
charge = 1
vev = "vS"
"""
    d = load_model_text(text, source="hyper").derive()
    assert all(v == 0 for v in d.anomalies.values())


def test_inconsistent_operators_are_named():
    text = open(MODELS / "lmu_ltau.toml").read().replace('fields = ["L_mu~", "H", "eR_mu"]', 'fields = ["L_mu~", "H", "eR_tau"]')
    with pytest.raises(ModelError) as err:
        load_model_text(text, source="bad-lmu.toml").derive()
    msg = str(err.value)
    assert "bad-lmu.toml" in msg and "yukawa_mu" in msg and "invariant" in msg


def test_minimal_conflicting_set():
    """With z_S = 1, yukawa_e and extra_e cannot both hold; the others are not blamed."""
    text = open(MODELS / "sm_u1.toml").read().replace('charge = "zS"', "charge = 1") + """
[[operators]]
name = "extra_e"
fields = ["L_e~", "H", "eR_e", "S"]

[[operators]]
name = "unrelated"
fields = ["S", "S~"]
"""
    with pytest.raises(ModelError) as err:
        load_model_text(text, source="sm_bad").derive()
    msg = err.value.problem
    assert "yukawa_e" in msg and "extra_e" in msg and "unrelated" not in msg and "yukawa_mu" not in msg


def test_free_charges_and_components(derived):
    inv = derived("nhdm_u1").invariance
    names = {s.name for s in inv.free_charges}
    assert {"zL_e", "zL_mu", "zL_tau", "z2"} <= names and not names & {"zR_e", "zR_mu", "zR_tau"}
    comps = {ops: syms for ops, syms in inv.components}
    assert any("yukawa_e" in ops and "z2" in syms and "zR_e" in syms for ops, syms in comps.items())


def test_non_hypercharge_invariant_operator():
    text = open(MODELS / "sm_u1.toml").read().replace('fields = ["L_e~", "H", "eR_e"]', 'fields = ["L_e", "H", "eR_e"]')
    with pytest.raises(ModelError, match="hypercharge"):
        load_model_text(text, source="x").derive()


def test_solve_for_is_respected():
    text = 'solve_for = ["zL_e", "zL_mu", "zL_tau"]\n' + open(MODELS / "sm_u1.toml").read()
    d = load_model_text(text, source="x").derive()
    assert {s.name for s in d.invariance.solution} == {"zL_e", "zL_mu", "zL_tau"}
    assert d.n_independent == 4  # physics does not depend on which charges are eliminated
