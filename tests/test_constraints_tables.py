"""Limit-table format: loading, validation errors naming file and line, log-log interpolation,
user tables registered as constraints."""
import math

import numpy as np
import pytest

from zprime_sym.constraints import all_constraints, register_table
from zprime_sym.constraints.tables import load_table, parse_table, shipped_table
from zprime_sym.exceptions import ConstraintDataError

SHIPPED = ["babar_2014.csv", "kloe_2015.csv", "na64_2019.csv", "na64_2018.csv", "e141_1987.csv", "orsay_1989.csv", "e137.csv",
           "babar_2016_4mu.csv", "cms_2019_z4mu.csv", "ccfr_trident_lmu_ltau.csv"]


def test_every_shipped_table_is_listed():
    from importlib import resources
    files = sorted(p.name for p in resources.files("zprime_sym.data").joinpath("limits").iterdir() if p.name.endswith(".csv"))
    assert files == sorted(SHIPPED)

HEADER = """# experiment: Test
# arxiv: 0000.00000
# figure: Fig. 1
# cl: 0.90
# quantity: epsilon
# units: dimensionless
# curve: {curve}
# note: coarse sampling of a made-up power law for the test
"""


def _upper(rows, curve="upper_limit", extra=""):
    cols = "mass_MeV,limit" if curve == "upper_limit" else "mass_MeV,lower,upper"
    return HEADER.format(curve=curve) + extra + cols + "\n" + "\n".join(rows) + "\n"


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_tables_load_with_provenance(name):
    t = shipped_table(name)
    assert t.header["arxiv"] and t.header["figure"] and 0 < t.cl < 1
    assert np.all(np.diff(t.mass_GeV) > 0)
    if t.curve == "band":
        assert np.all(t.values[:, 0] < t.values[:, 1])


def test_loglog_interpolation_is_exact_for_power_law():
    # A power law eps = 1e-3 (m/10 MeV)^-1.5 sampled at three masses: log-log interpolation reproduces it exactly.
    ms = [5.0, 20.0, 80.0]
    t = parse_table(_upper([f"{m},{1e-3 * (m / 10) ** -1.5!r}" for m in ms]), "mem")
    m = np.array([7.0, 10.0, 33.3]) * 1e-3
    np.testing.assert_allclose(t.interpolate(m)[..., 0], 1e-3 * (m / 0.01) ** -1.5, rtol=1e-12)
    # No extrapolation: NaN outside the sampled span.
    assert np.isnan(t.interpolate(np.array([4e-3, 81e-3]))).all()


def test_gaps_give_no_limit():
    t = shipped_table("babar_2014.csv")
    assert np.isnan(t.interpolate(0.780)[0])  # rho/omega window 756-816 MeV (arXiv:1406.2980)
    assert not np.isnan(t.interpolate(0.700)[0])


@pytest.mark.parametrize("text,line,fragment", [
    (_upper(["5,1e-3", "20,2e-3"]).replace("# figure: Fig. 1\n", ""), 8, "figure"),  # reported at the column row
    (_upper(["5,1e-3", "20,2e-3"]).replace("coarse sampling", "sampling"), 9, "coarse sampling"),
    (_upper(["5,1e-3", "3,2e-3"]), 11, "not above"),
    (_upper(["5,1e-3", "20,abc"]), 11, "not a number"),
    (_upper(["5,1e-3", "20,-2e-3"]), 11, "positive"),
    (_upper(["5,1e-3", "20,2e-3,3"]), 11, "expected 2 values"),
    (_upper(["5,1e-3,1e-4", "20,2e-3,3e-3"], curve="band"), 10, "lower edge"),
    (_upper(["5,1e-3", "20,2e-3"]).replace("cl: 0.90", "cl: 90"), 9, "cl"),
    (_upper(["5,1e-3", "20,2e-3"]).replace("upper_limit", "lower_limit"), 9, "curve"),
    (_upper(["5,1e-3"]), 10, "at least two"),
])
def test_malformed_tables_name_file_and_line(text, line, fragment):
    with pytest.raises(ConstraintDataError) as err:
        parse_table(text, "my_table.csv")
    msg = str(err.value)
    assert msg.startswith(f"my_table.csv:{line}:") and fragment in msg


def test_missing_file(tmp_path):
    with pytest.raises(ConstraintDataError, match="nope.csv"):
        load_table(tmp_path / "nope.csv")


def test_user_band_table_reproduces_shipped_constraint(tmp_path):
    # Re-typing the NA64 2019 band as a user table must give the same ratios as the shipped constraint.
    src = shipped_table("na64_2019.csv")
    rows = [f"{float(m) * 1e3!r},{float(lo)!r},{float(hi)!r}" for m, (lo, hi) in zip(src.mass_GeV, src.values)]
    path = tmp_path / "my_na64.csv"
    path.write_text(_upper(rows, curve="band", extra="# name: my_na64\n"))
    user = register_table(path)
    shipped = {c.name: c for c in all_constraints()}["na64_2019"]
    m = np.geomspace(1.5e-3, 24e-3, 40)
    c = {"CA_e": np.geomspace(1e-5, 1e-3, 40)}
    np.testing.assert_allclose(user.evaluate(m, c), shipped.evaluate(m, c), rtol=1e-12)
    assert user.name == "my_na64" and not user.projection
    names = [con.name for con in all_constraints(user_tables=[path])]
    assert names.count("my_na64") == 1


def test_user_upper_limit_table_prompt_mapping(tmp_path):
    # A flat user limit eps = 1e-3 on a prompt search: the C_Ae at ratio 1 is eps*e (BR = 1 below 2 m_mu).
    path = tmp_path / "flat.csv"
    path.write_text(_upper(["10,1e-3", "100,1e-3"], extra="# projection: yes\n"))
    con = register_table(path)
    e = math.sqrt(4 * math.pi * 7.2973525693e-3)  # CODATA alpha, independent of zprime_sym.constants
    assert con.projection
    assert con.evaluate(0.05, {"CA_e": 1e-3 * e}) == pytest.approx(1.0, rel=1e-9)


def test_unsupported_quantity_and_name_clash(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text(_upper(["10,1e-3", "100,1e-3"]).replace("quantity: epsilon", "quantity: g_X"))
    with pytest.raises(ConstraintDataError, match="g_X"):
        register_table(path)
    path.write_text(_upper(["10,1e-3", "100,1e-3"], extra="# name: babar_2014\n"))
    with pytest.raises(ConstraintDataError, match="babar_2014"):
        all_constraints(user_tables=[path])
