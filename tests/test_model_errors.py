"""Bad model files give a ModelError naming the file, the entry and the problem; the CLI prints one line."""
from pathlib import Path
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from zprime_sym import cli
from zprime_sym.exceptions import ModelError
from zprime_sym.model.loader import load_model, load_model_text

MODELS = Path(__file__).resolve().parents[1] / "models"  # the shipped model files, found from this file

SM = open(MODELS / "sm_u1.toml").read()


def err_of(text, source="bad.toml"):
    with pytest.raises(ModelError) as err:
        load_model_text(text, source=source).derive()
    return err.value


def test_malformed_toml():
    e = err_of("name = 'x'\n[gauge\n")
    assert e.file == "bad.toml" and e.entry == "file" and "TOML" in e.problem


def test_unknown_key():
    e = err_of(SM.replace("[gauge]", "[gauge]\nhiggs_mass = 125"))
    assert e.entry == "gauge" and "higgs_mass" in e.problem


def test_unknown_top_level_key():
    e = err_of("colour = 'red'\n" + SM)
    assert e.entry == "top level" and "colour" in e.problem


@pytest.mark.parametrize("charge", ["__import__('os')", "zH + 1", "0.5", "1/0", "exp(1)", "", "1e3", "zH; import os"])
def test_charge_outside_whitelist(charge):
    e = err_of(SM.replace('charge = "zH"', f'charge = "{charge}"' if "'" not in charge else f"charge = \"{charge}\""))
    assert e.entry == "scalars[0].charge"
    assert "not an integer" in e.problem or "zero denominator" in e.problem


def test_float_and_bool_charges():
    assert "float" in err_of(SM.replace('charge = "zH"', "charge = 0.5")).problem
    assert "boolean" in err_of(SM.replace('charge = "zH"', "charge = true")).problem


def test_reserved_symbol():
    e = err_of(SM.replace('charge = "zH"', 'charge = "sw"'))
    assert "reserved" in e.problem


def test_non_invariant_yukawa():
    text = SM.replace('charge = "zH"', "charge = 1").replace(
        'L  = { e = "zL_e", mu = "zL_mu", tau = "zL_tau" }', "L  = { e = 1, mu = \"zL_mu\", tau = \"zL_tau\" }").replace(
        'eR = { e = "zR_e", mu = "zR_mu", tau = "zR_tau" }', "eR = { e = 1, mu = \"zR_mu\", tau = \"zR_tau\" }")
    e = err_of(text)
    assert e.entry == "operators" and "yukawa_e" in e.problem and "invariant" in e.problem


def test_missing_higgs():
    text = SM.split("[[scalars]]")[0] + '[[scalars]]\nname = "S"\nrep = "singlet"\ncharge = 1\nvev = "vS"\n'
    e = err_of(text)
    assert e.entry == "scalars" and "doublet" in e.problem


def test_unknown_field_in_operator():
    e = err_of(SM.replace('fields = ["L_e~", "H", "eR_e"]', 'fields = ["L_e~", "Hx", "eR_e"]'))
    assert e.entry == "operators[0].fields" and "Hx" in e.problem


def test_wrong_number_of_angles():
    e = err_of(open(MODELS / "nhdm_u1.toml").read().replace('doublet_angles = ["tan_beta"]', "doublet_angles = []"))
    assert e.entry == "vevs.doublet_angles" and "2 doublets" in e.problem



@pytest.mark.parametrize("angle", ["0", "-1", '"-1/2"', "true", "0.5"])
def test_numeric_angle_must_be_a_positive_exact_number(angle):
    e = err_of(open(MODELS / "nhdm_u1.toml").read().replace('doublet_angles = ["tan_beta"]', f"doublet_angles = [{angle}]"))
    assert e.entry == "vevs.doublet_angles[0]"
    assert ("> 0" in e.problem) if angle in ("0", "-1", '"-1/2"') else ("VEV angle" in e.problem)

def test_missing_file_and_unknown_model():
    with pytest.raises(ModelError, match="shipped"):
        load_model("no_such_model")


def test_cli_prints_one_line_and_exits_nonzero(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text(SM.replace('charge = "zH"', "charge = \"__import__('os')\""))
    assert cli.main(["derive", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(bad) in err and "scalars[0].charge" in err


def test_cli_subprocess_has_no_traceback(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("name = 'x'\n[gauge\n")
    proc = subprocess.run([sys.executable, "-m", "zprime_sym.cli", "derive", str(bad)], capture_output=True, text=True)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1


def test_check_exits_1_for_non_invariant(tmp_path, capsys):
    bad = tmp_path / "lmu.toml"
    bad.write_text(open(MODELS / "lmu_ltau.toml").read().replace('fields = ["L_mu~", "H", "eR_mu"]', 'fields = ["L_mu~", "H", "eR_tau"]'))
    assert cli.main(["check", str(bad)]) == 1
    assert "yukawa_mu" in capsys.readouterr().err
    assert cli.main(["check", "b_minus_l"]) == 0


# ---- property-based: random and mutated model files give nothing but clean errors

_values = st.one_of(st.integers(-5, 5), st.floats(allow_nan=True), st.booleans(), st.text(max_size=12),
                    st.sampled_from(["zH", "1/3", "-2", "__class__", "a b", "x/y", "1/0", "eval('1')"]))


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_random_text_gives_clean_errors(text):
    try:
        load_model_text(text, source="fuzz.toml")
    except ModelError as err:
        assert err.file == "fuzz.toml"


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["sm_u1", "nhdm_u1", "froggatt_nielsen", "b_minus_l", "lmu_ltau"]),
       st.integers(0, 10_000), _values)
def test_mutated_models_give_clean_errors(name, pos, value):
    """Replace one value (after an '=' sign) in a shipped file by a random one: either the model still
    loads and derives, or a ModelError names the file."""

    lines = open(MODELS / f"{name}.toml").read().splitlines()
    assignable = [i for i, l in enumerate(lines) if "=" in l and not l.lstrip().startswith("#")]
    i = assignable[pos % len(assignable)]
    key = lines[i].split("=", 1)[0]
    if isinstance(value, bool):
        rendered = str(value).lower()
    elif isinstance(value, float):
        rendered = "nan" if value != value else ("inf" if value == float("inf") else ("-inf" if value == float("-inf") else repr(value)))
    elif isinstance(value, int):
        rendered = str(value)
    else:
        rendered = '"' + value.replace("\\", "").replace('"', "") + '"'
    lines[i] = f"{key}= {rendered}"
    try:
        load_model_text("\n".join(lines), source="mut.toml").derive()
    except ModelError as err:
        assert err.file == "mut.toml" and err.problem
