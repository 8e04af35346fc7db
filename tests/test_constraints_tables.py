"""Limit-table grammar (format zprime-limit-table/1): one parser for every shipped and user table,
validation errors naming file, line and the missing key, log-log interpolation, user tables registered
as constraints through the explicit production/decay/bounds keys, the legacy-header converter."""
import math
from importlib import resources

import numpy as np
import pytest

from zprime_sym.constraints import all_constraints, register_table
from zprime_sym.constraints import tables
from zprime_sym.constraints.registry import USER_RECASTS
from zprime_sym.constraints.tables import REQUIRED_KEYS, load_table, parse, parse_table, shipped_table
from zprime_sym.exceptions import ConstraintDataError

SHIPPED = ["babar_2014.csv", "kloe_2015.csv", "na64_2019.csv", "na64_2018.csv", "e141_1987.csv", "orsay_1989.csv", "e137.csv",
           "babar_2016_4mu.csv", "cms_2019_z4mu.csv", "ccfr_trident_lmu_ltau.csv",
           # invisible decays and pi0 -> gamma Z'
           "na64_invisible_2019.csv", "babar_2017_invisible.csv", "na48_2_2015.csv"]
SHIPPED += ["lhcb_2019_prompt.csv", "cms_2019_scouting.csv"]  # LHC dark-photon searches (constraints/lhc_dimuon.py)


def _shipped_files(folder):
    root = resources.files("zprime_sym.data").joinpath(folder)
    return sorted(p.name for p in root.iterdir() if p.name.endswith(".csv"))


def test_every_shipped_table_is_listed():
    assert _shipped_files("limits") == sorted(SHIPPED)


HEADER = """# format: zprime-limit-table/1
# experiment: Test
# arxiv: 0000.00000
# source: Fig. 1
# production: {production}
# decay: e+e-
# cl: 0.90
# bounds: epsilon
# curve: {curve}
# units: MeV
# sampling: exact
"""


def _table(rows, curve="upper_limit", extra="", production=None):
    production = production or ("ee_annihilation" if curve == "upper_limit" else "electron_beam_dump")
    cols = "mass_MeV,limit" if curve == "upper_limit" else "mass_MeV,lower,upper"
    return HEADER.format(curve=curve, production=production) + extra + cols + "\n" + "\n".join(rows) + "\n"


@pytest.mark.parametrize("folder,name", [("limits", n) for n in _shipped_files("limits")]
                         + [("lhc", n) for n in _shipped_files("lhc")])
def test_every_shipped_table_is_in_the_one_grammar(folder, name):
    # Same parser for curves, bands and the SUSY polygons; provenance keys present and non-empty.
    text = resources.files("zprime_sym.data").joinpath(folder, name).read_text()
    parsed = parse(text, name)
    assert parsed.header["format"] == tables.FORMAT
    assert all(parsed.header[k] for k in REQUIRED_KEYS)
    assert parsed.header["sampling"] == "coarse"  # every shipped table is a hand sampling of a published figure
    if folder == "lhc":
        assert parsed.header["curve"] == "polygon" and parsed.header["result"] == "observed"
    else:
        t = tables.limit_table(parsed)
        assert 0 < t.cl < 1 and np.all(np.diff(t.mass_GeV) > 0)
        if t.curve == "band":
            assert np.all(t.values[:, 0] < t.values[:, 1])


def test_loglog_interpolation_is_exact_for_power_law():
    # A power law eps = 1e-3 (m/10 MeV)^-1.5 sampled at three masses: log-log interpolation reproduces it exactly.
    ms = [5.0, 20.0, 80.0]
    t = parse_table(_table([f"{m},{1e-3 * (m / 10) ** -1.5!r}" for m in ms]), "mem")
    m = np.array([7.0, 10.0, 33.3]) * 1e-3
    np.testing.assert_allclose(t.interpolate(m)[..., 0], 1e-3 * (m / 0.01) ** -1.5, rtol=1e-12)
    # No extrapolation: NaN outside the sampled span.
    assert np.isnan(t.interpolate(np.array([4e-3, 81e-3]))).all()


def test_units_gev_equals_mev():
    # The same curve written in GeV gives the same table (masses converted exactly by the units key).
    mev = parse_table(_table(["5,1e-3", "20,2e-3"]), "mev")
    gev_text = _table(["0.005,1e-3", "0.020,2e-3"]).replace("units: MeV", "units: GeV").replace("mass_MeV", "mass_GeV")
    gev = parse_table(gev_text, "gev")
    np.testing.assert_allclose(gev.mass_GeV, mev.mass_GeV, rtol=1e-15)  # 5*1e-3 vs 0.005: one rounding
    with pytest.raises(ConstraintDataError, match="mass_GeV"):
        parse_table(gev_text.replace("mass_GeV", "mass_MeV"), "mixed")


def test_gaps_give_no_limit():
    t = shipped_table("babar_2014.csv")
    assert np.isnan(t.interpolate(0.780)[0])  # rho/omega window 756-816 MeV (arXiv:1406.2980)
    assert not np.isnan(t.interpolate(0.700)[0])


@pytest.mark.parametrize("key", REQUIRED_KEYS)
def test_a_table_without_a_required_key_is_refused_naming_the_key(key, tmp_path):
    text = "".join(ln + "\n" for ln in _table(["5,1e-3", "20,2e-3"]).splitlines() if not ln.startswith(f"# {key}:"))
    path = tmp_path / "user.csv"
    path.write_text(text)
    with pytest.raises(ConstraintDataError) as err:
        register_table(path)
    msg = str(err.value)
    assert msg.startswith(f"{path}:11:") and f"missing the required key {key!r}" in msg


@pytest.mark.parametrize("text,line,fragment", [
    (_table(["5,1e-3", "3,2e-3"]), 14, "not above"),
    (_table(["5,1e-3", "20,abc"]), 14, "not a number"),
    (_table(["5,1e-3", "20,-2e-3"]), 14, "positive"),
    (_table(["5,1e-3", "20,2e-3,3"]), 14, "expected 2 values"),
    (_table(["5,1e-3,1e-4", "20,2e-3,3e-3"], curve="band"), 13, "lower edge"),
    (_table(["5,1e-3", "20,2e-3"]).replace("cl: 0.90", "cl: 90"), 7, "cl"),
    (_table(["5,1e-3", "20,2e-3"]).replace("upper_limit", "lower_limit"), 9, "curve"),
    (_table(["5,1e-3", "20,2e-3"]).replace("sampling: exact", "sampling: rough"), 11, "sampling"),
    (_table(["5,1e-3", "20,2e-3"]).replace("production: ee_annihilation", "production: magic"), 5, "production"),
    (_table(["5,1e-3", "20,2e-3"]).replace("decay: e+e-", "decay: e+e-, gamma gamma"), 6, "decay channel 'gamma gamma'"),
    (_table(["5,1e-3", "20,2e-3"]).replace("bounds: epsilon", "bounds: g_B"), 8, "bounds"),
    (_table(["5,1e-3", "20,2e-3"]).replace("units: MeV", "units: keV"), 10, "units"),
    (_table(["5,1e-3", "20,2e-3"], extra="# colour: red\n"), 12, "unknown header key 'colour'"),
    (_table(["5,1e-3", "20,2e-3"], extra="# cl: 0.95\n"), 12, "given twice"),
    (_table(["5,1e-3", "20,2e-3"], extra="# gaps: 30-40\n"), 12, "outside"),
    (_table(["5,1e-3"]), 13, "at least two"),
])
def test_malformed_tables_name_file_and_line(text, line, fragment):
    with pytest.raises(ConstraintDataError) as err:
        parse_table(text, "my_table.csv")
    msg = str(err.value)
    assert msg.startswith(f"my_table.csv:{line}:") and fragment in msg, msg


def test_exact_sampling_needs_no_false_statement():
    # The old grammar refused a table unless it said "coarse sampling"; an exact (HEPData) table now just says so.
    t = parse_table(_table(["5,1e-3", "20,2e-3"]), "exact.csv")
    assert t.sampling == "exact" and "coarse" not in "".join(t.header.values())


def test_missing_file(tmp_path):
    with pytest.raises(ConstraintDataError, match="nope.csv"):
        load_table(tmp_path / "nope.csv")


def _retyped(name, tmp_path, stem):
    """A shipped table re-typed as a user file (header as shipped, name changed, no gaps)."""
    text = resources.files("zprime_sym.data").joinpath("limits", name).read_text()
    lines = [ln for ln in text.splitlines() if not ln.startswith(("# name:", "# gaps:"))]
    path = tmp_path / f"{stem}.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize("filename,shipped_name", [
    ("na64_2019.csv", "na64_2019"), ("e137.csv", "e137"), ("kloe_2015.csv", "kloe_2015"),
    ("babar_2016_4mu.csv", "babar_2016_4mu"), ("cms_2019_z4mu.csv", "cms_2019_z4mu"),
])
def test_user_copy_of_a_shipped_table_reproduces_the_shipped_constraint(filename, shipped_name, tmp_path):
    # The header keys alone (production, decay, bounds, curve) select the recast the shipped module uses.
    user = register_table(_retyped(filename, tmp_path, "mine"))
    shipped = {c.name: c for c in all_constraints()}[shipped_name]
    lo, hi = shipped.mass_range_GeV
    m = np.geomspace(lo * 1.001, hi * 0.999, 40)
    c = {"CA_e": np.geomspace(1e-5, 1e-3, 40), "CV_mu": np.geomspace(1e-4, 1e-2, 40), "Cnu_mu": 1e-4}
    np.testing.assert_allclose(user.evaluate(m, c), shipped.evaluate(m, c), rtol=1e-12)
    assert user.name == "mine" and not user.projection


def test_user_babar_raw_selects_both_channels(tmp_path):
    # BaBar's header says decay e+e-, mu+mu-: a user copy must equal the shipped raw curve (which counts both).
    from zprime_sym.constraints import colliders
    text = resources.files("zprime_sym.data").joinpath("limits", "babar_2014.csv").read_text()
    path = tmp_path / "b.csv"
    path.write_text(text)
    user, raw = register_table(path), colliders.babar_2014("raw")
    m = np.geomspace(0.3, 9.0, 30)  # above 2 m_mu, where the mu+mu- channel matters
    c = {"CA_e": 1e-4, "CV_mu": 3e-3}
    np.testing.assert_allclose(user.evaluate(m, c), raw.evaluate(m, c), rtol=1e-12)
    path.write_text(text.replace("# decay: e+e-, mu+mu-", "# decay: e+e-"))
    assert not np.allclose(register_table(path).evaluate(m, c), raw.evaluate(m, c))


def test_user_upper_limit_table_prompt_mapping(tmp_path):
    # A flat user limit eps = 1e-3 on a prompt search: the C_Ae at ratio 1 is eps*e (BR = 1 below 2 m_mu).
    path = tmp_path / "flat.csv"
    path.write_text(_table(["10,1e-3", "100,1e-3"], extra="# projection: yes\n"))
    con = register_table(path)
    e = math.sqrt(4 * math.pi * 7.2973525693e-3)  # CODATA alpha, independent of zprime_sym.constants
    assert con.projection
    assert con.evaluate(0.05, {"CA_e": 1e-3 * e}) == pytest.approx(1.0, rel=1e-9)


def test_unsupported_recast_and_name_clash(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text(_table(["10,1e-3", "100,1e-3"], production="neutrino_trident"))
    with pytest.raises(ConstraintDataError, match="no recast for production 'neutrino_trident'"):
        register_table(path)
    path.write_text(_table(["10,1e-3", "100,1e-3"], production="electron_beam_dump"))
    with pytest.raises(ConstraintDataError, match="electron_beam_dump"):  # a beam dump publishes a band
        register_table(path)
    path.write_text(_table(["10,1e-3", "100,1e-3"]).replace("decay: e+e-", "decay: e+e-, invisible"))
    with pytest.raises(ConstraintDataError, match="decay 'invisible' cannot be combined"):
        register_table(path)
    path.write_text(_table(["10,1e-3", "100,1e-3"], production="pi0_decay").replace("decay: e+e-", "decay: mu+mu-"))
    with pytest.raises(ConstraintDataError, match="decay 'mu[+]mu-' is not supported for production 'pi0_decay'"):
        register_table(path)
    path.write_text(_table(["10,1e-3", "100,1e-3"], extra="# name: babar_2014\n"))
    with pytest.raises(ConstraintDataError, match="babar_2014"):
        all_constraints(user_tables=[path])
    assert ("ee_annihilation", "epsilon", "upper_limit") in USER_RECASTS


LEGACY = """# experiment: BaBar
# arxiv: 1406.2980
# figure: Fig. 4
# cl: 0.90
# quantity: epsilon
# units: dimensionless (kinetic mixing of a dark photon)
# curve: upper_limit
# process: e+e- -> gamma A', A' -> e+e- and mu+mu-
# note: coarse sampling of the published curve
# gaps_MeV: 30-40
mass_MeV,limit
20.3,0.00176
50,0.000481
"""


def test_legacy_header_is_refused_with_the_recipe_and_converted_byte_identically():
    with pytest.raises(ConstraintDataError, match="upgrade_limit_table") as err:
        parse_table(LEGACY, "old.csv")
    assert str(err.value).startswith("old.csv:3:")  # the first legacy key, 'figure'
    new, notes = tables.upgrade_legacy_text(LEGACY, "old.csv")
    assert new.endswith("mass_MeV,limit\n20.3,0.00176\n50,0.000481\n")  # data rows untouched
    t = parse_table(new, "old.csv")
    assert (t.production, t.decay, t.bounds, t.sampling) == ("ee_annihilation", ("e+e-", "mu+mu-"), "epsilon", "coarse")
    assert t.header["source"] == "Fig. 4" and t.gaps_GeV == ((0.030, 0.040),)
    assert any("(guessed: check them)" in n for n in notes)
    assert tables.upgrade_legacy_text(new)[0] == new  # idempotent


def test_legacy_converter_guesses_and_overrides():
    # An NA64-style missing-energy search: beam dump production and an invisible decay, from the text;
    # explicit overrides win and silence the "guessed" note.
    old = LEGACY.replace("# process: e+e- -> gamma A', A' -> e+e- and mu+mu-", "# process: e- Z -> e- Z A', A' -> invisible")
    new, notes = tables.upgrade_legacy_text(old, "inv.csv")
    t = parse_table(new, "inv.csv")
    assert (t.production, t.decay) == ("electron_beam_dump", ("invisible",)) and "guessed" in notes[-1]
    new, notes = tables.upgrade_legacy_text(LEGACY, "x.csv", {"production": "ee_annihilation", "decay": "e+e-"})
    assert parse_table(new, "x.csv").decay == ("e+e-",) and "guessed" not in notes[-1]


def test_legacy_polygon_cl_percent_converted():
    old = ("# experiment: X\n# arxiv: 1\n# figure: 1\n# cl: 95% (observed)\n# quantity: excluded region in (a, b)\n"
           "# units: x = a GeV, y = b GeV\n# curve type: closed exclusion polygon, inside excluded\n"
           "# note: coarse sampling\nx,y\n1,2\n3,4\n5,1\n")
    new, _ = tables.upgrade_legacy_text(old, "p.csv")
    parsed = parse(new, "p.csv")
    assert parsed.header["cl"] == "0.95" and parsed.header["result"] == "observed"
    assert parsed.header["axes"] == "excluded region in (a, b); x = a GeV, y = b GeV"
    np.testing.assert_array_equal(tables.polygon_vertices(parsed), [[1, 2], [3, 4], [5, 1]])


def test_docs_five_minute_example_runs(tmp_path, monkeypatch, capsys):
    # The Python snippets of docs/constraints.md "Adding a published limit in five minutes", run as written.
    import re
    from pathlib import Path
    doc = (Path(__file__).resolve().parent.parent / "docs" / "constraints.md").read_text()
    section = doc.split("### Adding a published limit in five minutes", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) == 2
    monkeypatch.chdir(tmp_path)
    for block in blocks:
        exec(compile(block, "docs/constraints.md", "exec"), {})
    name, cl, ratio = capsys.readouterr().out.split()
    assert (name, cl) == ("my_search", "0.9") and float(ratio) == pytest.approx(0.8256, abs=1e-4)
    # ratio: C_Ae/e over the 2e-4 limit at 30 MeV, BR(ee) = 1 on both sides
    assert float(ratio) == pytest.approx(5e-5 / math.sqrt(4 * math.pi * 7.2973525693e-3) / 2e-4, rel=1e-6)
