"""Model-file numbers and charges (issue 15 point 4), the JSON Schema, and missing physics input
(issue 14 point 4: refused, or a one-line warning naming the default)."""
import copy
import json
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
import sympy as sp

from zprime_sym.exceptions import ModelError, SpectrumError
from zprime_sym.model import loader
from zprime_sym.model.loader import load_model_text, shipped_models

SM_U1 = (Path(__file__).resolve().parents[1] / "models" / "sm_u1.toml").read_text()


def model(text):
    return load_model_text(text, source="test.toml")


def err(text):
    with pytest.raises(ModelError) as info:
        model(text)
    return info.value


def test_decimal_coupling_is_exact_from_its_text():
    # a TOML float 5e-4 and the string "5e-4" are both exactly 1/2000 (through a binary float it
    # would be 5.0000000000000001e-4 = 2361183241434823/4722366482869645213696)
    assert model(SM_U1.replace('gp = "gp"', "gp = 5e-4")).gp == sp.Rational(1, 2000)
    assert model(SM_U1.replace('gp = "gp"', 'gp = "5e-4"')).gp == sp.Rational(1, 2000)
    assert model(SM_U1.replace('gp = "gp"', "gp = 0.1")).gp == sp.Rational(1, 10)
    assert sp.Rational(0.1) != sp.Rational(1, 10)  # the float route the loader avoids


def test_decimal_vev_is_exact():
    m = model(SM_U1.replace('vev = "vS"', "vev = 40.5"))
    assert {s.name: s.vev for s in m.scalars}["S"] == sp.Rational(81, 2)


def test_negated_and_multiple_charges():
    text = SM_U1.replace('eR = { e = "zR_e", mu = "zR_mu", tau = "zR_tau" }',
                         'eR = { e = "-zL_e", mu = "3*zL_mu", tau = "-1/3 * zL_tau" }')
    m = model(text)
    sym = dict(m.symbols)
    assert m.fermion("eR_e").charge == -sym["zL_e"]
    assert m.fermion("eR_mu").charge == 3 * sym["zL_mu"]
    assert m.fermion("eR_tau").charge == -sp.Rational(1, 3) * sym["zL_tau"]


@pytest.mark.parametrize("bad", ['"a*3"', '"3**a"', '"2*a+b"', '"a-b"', '"3*-a"', '"--a"', '"3*(a)"'])
def test_only_the_whitelisted_multiples(bad):
    assert "charge" in err(SM_U1.replace('charge = "zH"', f"charge = {bad}")).problem


def test_messages_name_the_kind_of_entry():
    charge = err(SM_U1.replace('charge = "zH"', "charge = 0.5"))
    assert charge.entry == "scalars[0].charge" and charge.problem.startswith("charge 0.5")
    coupling = err(SM_U1.replace('gp = "gp"', "gp = true"))
    assert coupling.entry == "gauge.gp" and coupling.problem.startswith("coupling")
    vev = err(SM_U1.replace('vev = "vS"', 'vev = "4e5x"'))
    assert vev.problem.startswith("VEV")
    assert err(SM_U1.replace('gp = "gp"', "gp = inf")).problem.startswith("coupling Infinity is not a finite")


def test_missing_lepton_flavour_is_refused():
    e = err(SM_U1.replace('L  = { e = "zL_e", mu = "zL_mu", tau = "zL_tau" }', 'L  = { e = "zL_e", mu = "zL_mu" }'))
    assert e.entry == "leptons.L" and "tau" in e.problem


def test_ascii_only_names_and_digits():
    assert "name" == err(SM_U1.replace('name = "sm_u1"', 'name = "sm_u1\\n"')).entry
    assert "hypercharge" in err(SM_U1.replace('hypercharge = "1/2"', 'hypercharge = "\u0661/\u0662"')).problem


def test_schema_version():
    assert model('schema_version = 1\n' + SM_U1).name == "sm_u1"
    assert err('schema_version = 2\n' + SM_U1).entry == "schema_version"


def test_doublet_limit_with_estimate_and_override(monkeypatch):
    monkeypatch.setitem(loader._LIMITS, "doublets", 1)
    text = (Path(__file__).resolve().parents[1] / "models" / "nhdm_u1.toml").read_text()
    e = err(text)
    assert "2 Higgs doublets" in e.problem and "N^3" in e.problem and "--max-doublets 2" in e.problem
    loader.set_max_doublets(2)
    assert model(text).name == "nhdm_u1"


# ----------------------------------------------------------------------------- JSON Schema

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema (extra 'test') checks the published schema")


def _as_json(text):
    """TOML -> the JSON document the schema describes (decimals as JSON numbers)."""
    doc = tomllib.loads(text, parse_float=Decimal)
    return json.loads(json.dumps(doc, default=float))


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(loader.schema_path().read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("name", shipped_models())
def test_schema_accepts_every_shipped_model(validator, name):
    text = loader.resolve_model_path(name).read_text()
    errors = list(validator.iter_errors(_as_json(text)))
    assert not errors, [e.message for e in errors]


def _mutations():
    base = _as_json(SM_U1)

    def mutate(f):
        doc = copy.deepcopy(base)
        f(doc)
        return doc

    return {
        "unknown top-level key": mutate(lambda d: d.update(colour="red")),
        "missing name": mutate(lambda d: d.pop("name")),
        "float charge": mutate(lambda d: d["scalars"][0].update(charge=0.5)),
        "expression charge": mutate(lambda d: d["scalars"][0].update(charge="a+b")),
        "missing flavour": mutate(lambda d: d["leptons"]["L"].pop("tau")),
        "bad rep": mutate(lambda d: d["scalars"][0].update(rep="triplet")),
        "schema_version 2": mutate(lambda d: d.update(schema_version=2)),
        "operators not a list": mutate(lambda d: d.update(operators={"a": 1})),
        "bad field token": mutate(lambda d: d["operators"][0]["fields"].append("H H")),
        "name with newline": mutate(lambda d: d.update(name="sm_u1\n")),
    }


@pytest.mark.parametrize("what", list(_mutations()))
def test_schema_rejects_mutated_models(validator, what):
    doc = _mutations()[what]
    assert list(validator.iter_errors(doc)), f"schema accepted: {what}"


# ----------------------------------------------------------------------------- SLHA input


def test_slha_without_lmutau_warns_naming_the_default():
    pytest.importorskip("pyslha")
    from zprime_sym.susy.slha import SLHADefaultWarning, benchmark_path, read_slha

    text = "\n".join(line for line in benchmark_path("BP1").read_text().splitlines()
                     if "LMUTAU" not in line and "g_X" not in line and "mu_eta" not in line
                     and "tan(gamma)" not in line and "g_YX" not in line and "M_Z'" not in line
                     and "M0" not in line and "M10" not in line) + "\n"
    with pytest.warns(SLHADefaultWarning, match="no BLOCK LMUTAU: MSSM limit used .*g_X = g_YX = M10 = 0"):
        params = read_slha(text)
    assert params["gX"] == 0.0


def test_slha_duplicates_refused():
    pytest.importorskip("pyslha")
    from zprime_sym.susy.slha import benchmark_path, read_slha

    text = benchmark_path("BP1").read_text()
    with pytest.raises(SpectrumError, match="BLOCK EXTPAR entry 1 is given twice"):
        read_slha(text.replace("BLOCK EXTPAR", "BLOCK EXTPAR\n 1 100.0", 1))
    with pytest.raises(SpectrumError, match="BLOCK MINPAR is given twice"):
        read_slha(text + "\nBLOCK MINPAR\n 3 10\n")
