"""The [susy] table of models/susy_lmu_ltau.toml: parsed content and strict validation."""
import copy
import tomllib
from fractions import Fraction
from pathlib import Path

import pytest

from zprime_sym.exceptions import ModelError
from zprime_sym.susy.declaration import parse_susy_section

MODEL = Path(__file__).resolve().parents[1] / "models" / "susy_lmu_ltau.toml"


@pytest.fixture(scope="module")
def raw():
    with open(MODEL, "rb") as fh:
        return tomllib.load(fh)


def test_table1_charges(raw):
    """BDR20 Table 1: L_mu = 1, E^c_mu = -1, L_tau = -1, E^c_tau = 1, eta = -1, etabar = 1."""
    decl = parse_susy_section(raw["susy"], str(MODEL))
    expected = {"L_mu": 1, "Ec_mu": -1, "L_tau": -1, "Ec_tau": 1, "eta": -1, "etabar": 1, "L_e": 0, "Ec_e": 0, "Hd": 0, "Hu": 0}
    assert {f.name: f.charge("X") for f in decl.superfields} == {k: Fraction(v) for k, v in expected.items()}
    assert decl.field("Hd").charge("Y") == Fraction(-1, 2)


def test_superpotential_terms(raw):
    decl = parse_susy_section(raw["susy"], str(MODEL))
    terms = {t.fields: (t.coefficient, t.factor) for t in decl.superpotential}
    assert terms[("eta", "etabar")] == ("mu_eta", Fraction(-1))  # W ⊃ -mu_eta eta etabar, Eq. (2.1)
    assert terms[("Hu", "Hd")] == ("mu", Fraction(1))


def _broken(raw, mutate):
    bad = copy.deepcopy(raw["susy"])
    mutate(bad)
    return bad


@pytest.mark.parametrize(
    "mutate, fragment",
    [
        (lambda s: s["superfields"][3].update(X=1.0), "superfields[3].X"),  # float charge refused
        (lambda s: s["superfields"][3].update(X="__import__('os')"), "superfields[3].X"),
        (lambda s: s["superpotential"][4].update(fields=["eta", "eta"]), "superpotential[4]"),  # not invariant
        (lambda s: s["superpotential"][0].update(coefficient="mu*2"), "superpotential[0].coefficient"),
        (lambda s: s["gauginos"][0].update(colour=3), "gauginos[0]"),  # unknown key
        (lambda s: s["superfields"][2].update(vev="v_x"), "superfields[2].vev"),  # R-odd VEV
        (lambda s: s["soft"]["trilinears"][0].update(term=["Hd", "L_e", "Ec_mu"]), "trilinears[0]"),
        (lambda s: s["soft"]["bilinears"][0].update(term=["Hu", "L_e"]), "bilinears[0]"),  # R-parity
        (lambda s: s.pop("vevs"), "susy"),
        (lambda s: s["superfields"].append(dict(s["superfields"][0])), "superfields"),  # duplicate
    ],
)
def test_bad_entries_raise_model_error(raw, mutate, fragment):
    with pytest.raises(ModelError) as err:
        parse_susy_section(_broken(raw, mutate), "model.toml")
    assert err.value.file == "model.toml"
    assert fragment in err.value.entry
