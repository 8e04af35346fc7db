"""Tests of zprime_sym.evaluate.measurements: shipped sets, user files, validation errors, pulls.

Reference numbers are those quoted in the papers (BCK21 arXiv:2102.07781 Eqs. (1)-(3); BDR20
arXiv:2011.05083 Eqs. (1.1)-(1.2)) and in docs/g2.md for the 2025 values.
"""
import dataclasses
import re

import numpy as np
import pytest

from zprime_sym.exceptions import ConstraintDataError, InputError
from zprime_sym.evaluate.measurements import DEFAULT_SET, MeasurementSet, available_sets, load_measurements, pulls

# (Delta a_e, sigma_e, Delta a_mu, sigma_mu) as printed in the cited papers / notes
PUBLISHED = {
    "bck2021-cs": (-8.7e-13, 3.6e-13, 2.51e-9, 0.59e-9),
    "bck2021-rb": (4.8e-13, 3.0e-13, 2.51e-9, 0.59e-9),
    "bdr2021": (-8.8e-13, 3.6e-13, 2.79e-9, 0.76e-9),
    "wp2025-cs": (-10.2e-13, 2.6e-13, 38e-11, 63e-11),
    "wp2025-rb": (3.4e-13, 1.6e-13, 38e-11, 63e-11),
}

GOOD = """
name = "my-set"
description = "test set"
[delta_a_e]
value = -1.0e-12
sigma = 0.5e-12
source = "arXiv:0000.00000"
[delta_a_mu]
value = 2.0e-9
sigma = 1.0e-9
source = "arXiv:1111.11111"
"""


def test_shipped_sets_listed():
    assert set(available_sets()) == set(PUBLISHED)
    assert DEFAULT_SET in available_sets()


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_shipped_set_values_and_sources(name):
    mset = load_measurements(name)
    assert mset.name == name  # file name and declared name agree
    got = (mset.delta_a_e, mset.sigma_e, mset.delta_a_mu, mset.sigma_mu)
    np.testing.assert_allclose(got, PUBLISHED[name], rtol=1e-12)
    for quantity in ("delta_a_e", "delta_a_mu"):
        assert re.search(r"arXiv:\d{4}\.\d{4,5}|hep-ex/\d{7}|Nature \d+", mset.source(quantity))
    assert mset.description


def test_wp2025_muon_difference_matches_its_inputs():
    # docs/g2.md: Delta a_mu(2025) = exp 116592071.5(14.5) - SM 116592033(62), in 1e-11;
    # the errors add in quadrature: sqrt(14.5^2 + 62^2) = 63.7 -> quoted as 63.
    mset = load_measurements("wp2025-cs")
    assert mset.delta_a_mu == pytest.approx((116592071.5 - 116592033) * 1e-11, abs=1e-11)
    assert mset.sigma_mu == pytest.approx(np.hypot(14.5, 62) * 1e-11, rel=0.02)


def test_measurement_set_is_frozen():
    mset = load_measurements("bck2021-cs")
    with pytest.raises(dataclasses.FrozenInstanceError):
        mset.delta_a_e = 0.0
    assert isinstance(mset, MeasurementSet)


def test_user_file_by_path(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(GOOD)
    mset = load_measurements(str(path))
    assert (mset.name, mset.delta_a_e, mset.sigma_mu) == ("my-set", -1.0e-12, 1.0e-9)
    assert mset.source("delta_a_mu") == "arXiv:1111.11111"
    assert load_measurements(path) == mset  # a pathlib.Path works too


def test_unknown_name_lists_available():
    with pytest.raises(InputError) as err:
        load_measurements("bck2022")
    for name in PUBLISHED:
        assert name in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        load_measurements(str(tmp_path / "nope.toml"))


@pytest.mark.parametrize(
    "edit,entry,problem",
    [
        (lambda t: t.replace("sigma = 0.5e-12", "sigma = -0.5e-12"), "delta_a_e.sigma", "positive"),
        (lambda t: t.replace("sigma = 1.0e-9", "sigma = 0"), "delta_a_mu.sigma", "positive"),
        (lambda t: t.replace("value = 2.0e-9", 'value = "2e-9"'), "delta_a_mu.value", "number"),
        (lambda t: t.replace("value = -1.0e-12", "value = nan"), "delta_a_e.value", "finite"),
        (lambda t: t.replace('source = "arXiv:0000.00000"', 'source = ""'), "delta_a_e.source", "non-empty"),
        (lambda t: t.replace('source = "arXiv:1111.11111"\n', ""), "delta_a_mu.source", "missing"),
        (lambda t: t.replace('description = "test set"\n', ""), "description", "missing"),
        (lambda t: t + "\n[delta_a_tau]\nvalue = 1\n", "delta_a_tau", "unknown"),
        (lambda t: t.replace("[delta_a_e]\n", "[delta_a_e]\nerror = 1\n"), "delta_a_e", "unknown"),
        (lambda t: t.replace("[delta_a_e]", "delta_a_e = 3\n[dummy]"), "dummy", "unknown"),
        (lambda t: t.replace('[delta_a_e]\nvalue = -1.0e-12\nsigma = 0.5e-12\nsource = "arXiv:0000.00000"',
                             "delta_a_e = 3"), "delta_a_e", "table"),
        (lambda t: t.replace("name = ", "name = = "), "", "not valid TOML"),
    ],
)
def test_malformed_file_names_file_entry_problem(tmp_path, edit, entry, problem):
    path = tmp_path / "bad.toml"
    path.write_text(edit(GOOD))
    with pytest.raises(ConstraintDataError) as err:
        load_measurements(str(path))
    message = str(err.value)
    assert str(path) in message
    assert entry in message
    assert problem in message


def test_pulls_signs_and_values():
    mset = load_measurements("bck2021-cs")  # Delta a_e < 0 < Delta a_mu
    # predicting exactly the measurement gives zero pull; one sigma above gives +1
    zero = pulls({"e": mset.delta_a_e, "mu": mset.delta_a_mu}, mset)
    assert zero == {"e": 0.0, "mu": 0.0}
    up = pulls({"e": mset.delta_a_e + mset.sigma_e, "mu": mset.delta_a_mu - 2 * mset.sigma_mu}, mset)
    assert up["e"] == pytest.approx(1.0, rel=1e-12) and up["mu"] == pytest.approx(-2.0, rel=1e-12)
    # no new physics: pull = -measured/sigma (e: +8.7/3.6 = +2.42 sigma, mu: -2.51/0.59 = -4.25)
    sm = pulls({"e": 0.0, "mu": np.zeros(3)}, mset)
    assert sm["e"] == pytest.approx(8.7 / 3.6, rel=1e-12)
    np.testing.assert_allclose(sm["mu"], -2.51 / 0.59, rtol=1e-12)
    with pytest.raises(InputError, match="mu"):
        pulls({"e": 0.0}, mset)
