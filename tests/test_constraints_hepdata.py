"""HEPData exports (YAML data file, CSV) read into the one limit-table grammar; round trip through the
YAML writer; the physics keys HEPData lacks must be given, and a missing one is named."""
import math

import numpy as np
import pytest

from zprime_sym.constraints import register_table
from zprime_sym.constraints.hepdata import hepdata_to_text, load_hepdata, to_hepdata_yaml
from zprime_sym.constraints.tables import parse_table, shipped_table
from zprime_sym.exceptions import ConstraintDataError

pytest.importorskip("yaml")

# What a HEPData record's data file looks like (schema of hepdata-submission: independent/dependent
# variables with header, qualifiers and values); an invented dark-photon limit, masses in GeV.
HEPDATA_YAML = """\
independent_variables:
- header: {name: "$m_{A'}$", units: GEV}
  values:
  - {value: 0.01}
  - {value: 0.03}
  - {value: 0.1}
dependent_variables:
- header: {name: "$\\\\epsilon$ (observed upper limit)", units: ''}
  qualifiers:
  - {name: CL, value: 90%}
  - {name: SQRT(S), units: GEV, value: 10.58}
  values:
  - {value: 3.0e-4}
  - {value: 2.0e-4}
  - {value: 3.0e-4}
"""

# The same table as HEPData's CSV export: '#:' metadata, qualifier rows, a binned mass (centre, LOW,
# HIGH) and an uncertainty column, all of which the reader must skip.
HEPDATA_CSV = """\
#: table_doi: 10.17182/hepdata.00000.v1/t1
#: name: Figure 1
#: description: invented limit for the test
#: data_file: Figure1.yaml
#: keyword observables: EPSILON
#: CL,,90%
#: SQRT(S) [GEV],,10.58
"$m_{A'}$ [GEV]","$m_{A'}$ [GEV] LOW","$m_{A'}$ [GEV] HIGH","$\\epsilon$ (observed upper limit)","stat +","stat -"
0.01,0.005,0.015,3.0e-4,1e-5,-1e-5
0.03,0.025,0.035,2.0e-4,1e-5,-1e-5
0.1,0.095,0.105,3.0e-4,1e-5,-1e-5
"""

KEYS = {"experiment": "Invented", "arxiv": "0000.00000", "production": "ee_annihilation", "decay": "e+e-",
        "bounds": "epsilon", "name": "invented"}


@pytest.mark.parametrize("suffix,text", [(".yaml", HEPDATA_YAML), (".csv", HEPDATA_CSV)])
def test_hepdata_export_read_into_the_one_grammar(tmp_path, suffix, text):
    path = tmp_path / f"Figure1{suffix}"
    path.write_text(text)
    t = load_hepdata(path, KEYS)
    np.testing.assert_array_equal(t.mass_GeV, [0.01, 0.03, 0.1])   # GeV table: factor exactly 1
    np.testing.assert_array_equal(t.values[:, 0], [3e-4, 2e-4, 3e-4])
    assert (t.cl, t.sampling, t.curve, t.header["units"]) == (0.9, "exact", "upper_limit", "GeV")
    # The generated text is an ordinary table of the grammar: it re-parses to the same numbers.
    again = parse_table(hepdata_to_text(path, KEYS), "again")
    np.testing.assert_array_equal(again.values, t.values)


def test_hepdata_table_as_a_user_constraint(tmp_path):
    # At the sampled 30 MeV point the limit is eps = 2e-4: a Z' with C_Ae = eps*e sits at ratio 1
    # (BR(Z'->ee) = BR(A'->ee) = 1 below 2 m_mu, BCK21 Eq. (11)).
    src = tmp_path / "Figure1.yaml"
    src.write_text(HEPDATA_YAML)
    table = tmp_path / "invented.csv"
    table.write_text(hepdata_to_text(src, KEYS))
    con = register_table(table)
    e = math.sqrt(4 * math.pi * 7.2973525693e-3)  # CODATA alpha
    assert con.evaluate(0.03, {"CA_e": 2e-4 * e}) == pytest.approx(1.0, rel=1e-9)
    assert con.cl == 0.9 and con.arxiv == "0000.00000"


@pytest.mark.parametrize("name", ["na64_2019.csv", "kloe_2015.csv", "babar_2014.csv"])
def test_round_trip_through_hepdata_yaml(tmp_path, name):
    # shipped table -> HEPData YAML -> reader: the same masses, values and CL. Tolerance: masses pass
    # through GeV and back (x 1e-3, / 1e-3), at most a couple of ulp.
    src = shipped_table(name)
    path = tmp_path / "t.yaml"
    path.write_text(to_hepdata_yaml(src))
    keys = {k: src.header[k] for k in ("experiment", "arxiv", "production", "decay", "bounds")}
    back = load_hepdata(path, keys, dependent=range(src.values.shape[1]))
    np.testing.assert_allclose(back.mass_GeV, src.mass_GeV, rtol=4e-16)
    np.testing.assert_array_equal(back.values, src.values)
    assert back.cl == src.cl and back.curve == src.curve and back.sampling == "exact"


def test_missing_physics_key_is_named(tmp_path):
    path = tmp_path / "Figure1.yaml"
    path.write_text(HEPDATA_YAML)
    keys = {k: v for k, v in KEYS.items() if k != "production"}
    with pytest.raises(ConstraintDataError, match="missing the required key 'production'"):
        load_hepdata(path, keys)


def test_cl_conflict_and_bad_files(tmp_path):
    path = tmp_path / "Figure1.yaml"
    path.write_text(HEPDATA_YAML)
    with pytest.raises(ConstraintDataError, match="CL qualifier"):
        load_hepdata(path, {**KEYS, "cl": "0.95"})
    assert load_hepdata(path, {**KEYS, "cl": "0.90"}).cl == 0.9  # the same CL written differently is fine
    path.write_text(HEPDATA_YAML.replace("units: GEV", "units: TEV"))
    with pytest.raises(ConstraintDataError, match="MeV or GeV"):
        load_hepdata(path, KEYS)
    path.write_text("a: [1, 2\n")
    with pytest.raises(ConstraintDataError, match="YAML"):
        load_hepdata(path, KEYS)
    with pytest.raises(ConstraintDataError, match="no dependent variable 3"):
        path.write_text(HEPDATA_YAML)
        load_hepdata(path, KEYS, dependent=(3,))
