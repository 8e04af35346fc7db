"""Searches that apply to a point but are not encoded (zprime_sym.constraints.gaps): where each applies, and
that `zprime constraints check`, `zprime constraints` and `zprime verdict` say so without changing a ratio."""
import json
import subprocess
import sys

import numpy as np
import pytest

from zprime_sym.constraints import evaluate_all
from zprime_sym.constraints.gaps import GAPS, uncovered
from zprime_sym.viability.verdict import verdict

# gauged B-L at g' = 0.5 (C_V = g' Q / 1 for the vector-like charges: leptons -1/2, quarks +1/6): a 5 TeV Z'
# that the LHC dilepton searches probe and the encoded constraints do not exclude
B_MINUS_L_5TEV = {"CV_e": -0.5, "CV_mu": -0.5, "CV_tau": -0.5, "Cnu_e": -0.5, "Cnu_mu": -0.5, "Cnu_tau": -0.5,
                  **{f"CV_{q}": 1 / 6 for q in "udscb"}, "CV_p": 0.5, "CV_n": 0.5}


def _names(m_GeV, couplings):
    return [g.name for g in uncovered(m_GeV, couplings)]


def test_each_gap_applies_in_its_mass_range_with_its_couplings():
    # all three at 5 TeV for B-L
    assert _names(5000.0, B_MINUS_L_5TEV) == ["lhc_dilepton_resonances", "lhc_dijet_resonances", "lep2_fermion_pairs"]
    # the dilepton searches stop at 6 TeV (ATLAS 250 GeV - 6 TeV); the dijet ones and LEP-II go on
    assert _names(7000.0, B_MINUS_L_5TEV) == ["lhc_dijet_resonances", "lep2_fermion_pairs"]
    # below 225 GeV no LHC resonance gap, LEP-II from 10 GeV; B-L's quark couplings are a third of its lepton
    # ones, so the light-Z' searches through quarks do not count as a gap for it
    assert _names(200.0, B_MINUS_L_5TEV) == ["lep2_fermion_pairs"]
    assert _names(9.9, B_MINUS_L_5TEV) == []
    # with quark couplings as large as the lepton ones they do, from 30 MeV (KLOE) to 225 GeV
    equal = {**B_MINUS_L_5TEV, "CV_u": 0.5}
    assert _names(200.0, equal) == ["light_quark_searches", "lep2_fermion_pairs"]
    assert _names(0.5, equal) == ["light_quark_searches"] and _names(0.029, equal) == []
    dark_photon = {"CV_e": -0.3, "CV_mu": -0.3, "CV_u": 0.2, "CV_d": -0.1, "CV_p": 0.3, "CV_n": 0.0}
    assert _names(0.5, dark_photon) == []  # |C_u| = 2/3 |C_e|: the lepton searches see it better
    # a leptophobic Z' (quarks only): dijets, no dileptons, no LEP-II; light: the searches through quarks
    assert _names(1000.0, {"CV_u": 0.1, "CV_d": 0.1}) == ["lhc_dijet_resonances"]
    assert _names(0.5, {"CV_u": 0.1, "CV_d": 0.1}) == ["light_quark_searches"]
    assert _names(0.5, {"CV_e": 0.1, "CV_mu": 0.1}) == []  # a light leptophilic Z': every search is encoded
    # no quark coupling: no LHC resonance gap (no Drell-Yan production in the model)
    assert _names(1000.0, {"CV_e": 0.1, "CV_mu": 0.1}) == ["lep2_fermion_pairs"]
    # muons and quarks, no electron: the LHC gaps only
    assert _names(1000.0, {"CV_mu": 0.1, "CV_u": 0.1}) == ["lhc_dilepton_resonances", "lhc_dijet_resonances"]
    # a nucleon coupling alone (an effective model) is a quark coupling; a top coupling alone is not
    assert _names(1000.0, {"CV_p": 0.1}) == ["lhc_dijet_resonances"]
    assert _names(1000.0, {"CV_t": 0.1}) == []
    # neutrinos alone: nothing (the LHC and LEP-II gaps need charged leptons or quarks)
    assert _names(1000.0, {"Cnu_mu": 0.3}) == []


def test_gaps_cite_their_searches_and_give_their_ranges():
    for gap in GAPS:
        summary = gap.summary()
        assert summary["arxiv"] and all(len(n.split(".")) == 2 for n in summary["arxiv"])
        assert gap.m_min_GeV > 0 and gap.m_max_GeV > gap.m_min_GeV
        text = gap.text()
        assert all(f"arXiv:{n}" in text for n in summary["arxiv"]) and "not encoded" in text
    json.dumps([g.summary() for g in GAPS])  # JSON-ready (an open upper end is None)


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "zprime_sym.cli", *args], capture_output=True, text=True)


def test_constraints_check_names_the_gaps_without_changing_the_ratios():
    flags = [x for k, v in B_MINUS_L_5TEV.items() for x in (f"--{k}", repr(v))]
    out = _cli("constraints", "check", "--m-zp", "5TeV", *flags)
    assert out.returncode == 0, out.stderr  # allowed by every encoded constraint
    lines = out.stdout.splitlines()
    i = lines.index("allowed by every current constraint")
    assert lines[i + 1].startswith("not evaluated at m_Z' = 5e+06 MeV: 3 search(es)")
    assert [ln.split(":")[0].strip() for ln in lines[i + 2:]] == [
        "lhc_dilepton_resonances", "lhc_dijet_resonances", "lep2_fermion_pairs"]
    # the ratios printed are those of evaluate_all at the point
    ratios = evaluate_all(5000.0, B_MINUS_L_5TEV)
    shown = {ln.split()[0]: float(ln.split()[1]) for ln in lines[1:i]}
    assert shown.keys() == ratios.keys()
    for name, r in ratios.items():
        assert shown[name] == pytest.approx(float(r), rel=5e-3, abs=1e-300)
    # a light Z' gets no gap line
    light = _cli("constraints", "check", "--m-zp", "20MeV", "--CV_e", "1e-4")
    assert light.returncode == 1 and "not evaluated" not in light.stdout
    # the list names every gap after the constraints
    listed = _cli("constraints").stdout.splitlines()
    k = next(i for i, ln in enumerate(listed) if ln.startswith("not encoded"))
    assert [ln.split()[0] for ln in listed[k + 1:]] == [g.name for g in GAPS]


def test_a_viable_witness_in_a_gap_says_so(tmp_path):
    """An effective muon-philic Z' with a small fixed electron coupling: its g-2 witness at ~100 GeV is viable
    against the encoded constraints, and LEP-II e+e- -> mu mu is not among them: the note and the witness's
    not_evaluated list say it."""
    path = tmp_path / "heavy_mu_e.toml"
    couplings = {k: 0 for k in ("CV_e", "CA_e", "Cnu_e", "CV_mu", "CA_mu", "Cnu_mu", "CV_tau", "CA_tau", "Cnu_tau")}
    couplings.update(CV_e=1e-4, CV_mu='"cmu"')
    path.write_text('name = "heavy_mu_e"\nkind = "effective"\n[couplings]\n'
                    + "".join(f"{k} = {v}\n" for k, v in couplings.items()))
    v = verdict(str(path), targets=("mu",), mass_range_GeV=(20.0, 200.0))
    assert v.viable
    w = v.witness
    assert w["m_zp_MeV"] >= 1e4 and w["couplings"]["CV_e"] == pytest.approx(1e-4)
    assert [g["name"] for g in w["not_evaluated"]] == ["lep2_fermion_pairs"]
    assert any(n.startswith("not evaluated at the witness") and "arXiv:1302.3415" in n for n in v.notes)
    assert "not_evaluated" in json.dumps(v.to_json())


def test_plot_marks_the_allowed_cells_in_a_gap(tmp_path):
    """A model-independent (m_Z', C_Vmu) plane with C_Ve = 1e-4 fixed: the allowed a_mu strip above
    ~70 GeV lies in the LEP-II gap (m_Z' >= 10 GeV, an electron coupling), every such cell and no other."""
    from zprime_sym.commands.plot import gap_note
    from zprime_sym.plot.regions import compute_regions

    r = compute_regions("model_independent", "m_zp,CV_mu", fix=["CV_e=1e-4"], mass_range=(1.0, 1000.0),
                        y_range=(1e-3, 1.0), grid=60, bands="mu", progress=False)
    assert r.allowed.any()
    assert list(r.not_evaluated) == ["lep2_fermion_pairs"]
    mask = r.not_evaluated["lep2_fermion_pairs"]
    in_range = np.broadcast_to(r.m_GeV >= 10.0, r.allowed.shape)
    assert np.array_equal(mask, r.allowed & in_range)  # C_Ve != 0 everywhere on this plane
    summary = r.summary()["not_evaluated"]
    assert [g["name"] for g in summary] == ["lep2_fermion_pairs"]
    assert summary[0]["allowed_fraction"] == pytest.approx(mask.mean())
    assert summary[0]["allowed_mass_range_MeV"][0] >= 1e4
    assert gap_note(r).startswith("not evaluated on part of the allowed region") and "lep2_fermion_pairs" in gap_note(r)
    # without the electron coupling nothing is flagged (no quark coupling either)
    bare = compute_regions("model_independent", "m_zp,CV_mu", mass_range=(1.0, 1000.0), y_range=(1e-3, 1.0),
                           grid=60, bands="mu", progress=False)
    assert bare.not_evaluated == {} and gap_note(bare) == "" and bare.summary()["not_evaluated"] == []
    pytest.importorskip("matplotlib")
    from zprime_sym.plot.draw import draw

    ax = draw(r, tmp_path / "gap.png", dpi=60)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(t.startswith("allowed, not checked against LEP-II") for t in labels)
