"""SLHA output (zprime_sym.susy.slha.write_slha): standard blocks, comments, DECAY, pyslha round trip.

References: SLHA2 (Allanach et al., arXiv:0801.0045) for block names and bases; the numbers written are
checked against the spectrum and width functions they come from (write_slha only formats them), and
the parameters read back with read_slha must reproduce the spectrum (masses to the 9 significant digits
written, relative 1e-7).
"""
import numpy as np
import pytest

pyslha = pytest.importorskip("pyslha")

from zprime_sym.constraints.widths import partial_widths  # noqa: E402
from zprime_sym.susy.lmu_ltau_plane import lmu_ltau_couplings  # noqa: E402
from zprime_sym.susy.params import FLAVOURS, compute_spectrum  # noqa: E402
from zprime_sym.susy.slha import (NEUTRALINO_PDG, SLEPTON_PDG, ZPRIME_PDG, read_slha,  # noqa: E402
                                  write_slha)


@pytest.fixture(scope="module", params=["BP1", "BP3"])
def point(request):
    params = read_slha(request.param)
    spec = compute_spectrum(params)
    return params, spec, write_slha(params, spec)


def test_standard_blocks_and_spinfo(point):
    _, _, text = point
    doc = pyslha.readSLHA(text)
    for name in ("SPINFO", "SMINPUTS", "MINPAR", "EXTPAR", "MASS", "NMIX", "UMIX", "VMIX", "SELMIX", "STAUMIX", "SNUMIX"):
        assert name in doc.blocks, name
    assert doc.blocks["SPINFO"][1] == "zprime_sym"
    assert not any(b.startswith("SLEPMIX") for b in doc.blocks)
    assert len(doc.blocks["NMIX"].keys()) == 49 and len(doc.blocks["SELMIX"].keys()) == 36


def test_every_entry_has_a_comment(point):
    text = point[2]
    for line in text.splitlines():
        if line and not line.startswith("#"):
            assert "#" in line, line


def test_pyslha_round_trip(point):
    params, spec, text = point
    doc = pyslha.readSLHA(text)
    mass = doc.blocks["MASS"]
    assert np.allclose(np.abs([mass[c] for c in NEUTRALINO_PDG]), spec.neutralino_masses[0], rtol=1e-8)
    for fl in FLAVOURS:
        c1, c2, cn = SLEPTON_PDG[fl]
        assert np.allclose([mass[c1], mass[c2]], spec.slepton_masses[fl][0], rtol=1e-8)
        assert np.isclose(mass[cn], spec.sneutrino_masses[fl][0], rtol=1e-8)
    # NMIX is the real signed-mass form of N: N_real diag(sign m) N_real^T reproduces the same mass matrix
    n = np.array([[doc.blocks["NMIX"][i, j] for j in range(1, 8)] for i in range(1, 8)])
    assert np.allclose(n @ n.T, np.eye(7), atol=1e-7)
    # SELMIX rows are unit vectors in the (L, R) basis of one flavour
    sel = np.array([[doc.blocks["SELMIX"][i, j] for j in range(1, 7)] for i in range(1, 7)])
    assert np.allclose(sel @ sel.T, np.eye(6), atol=1e-7)
    # read back: the same inputs give the same spectrum
    again = compute_spectrum(read_slha(text))
    assert np.allclose(again.neutralino_masses, spec.neutralino_masses, rtol=1e-7)
    assert np.allclose(again.chargino_masses, spec.chargino_masses, rtol=1e-7)
    # and the written text is a fixed point (pyslha reads what it reads)
    assert write_slha(read_slha(text), again).split("BLOCK MASS")[1][:200] == text.split("BLOCK MASS")[1][:200]


def test_zprime_decay_block_is_the_computed_widths(point):
    params, spec, text = point
    doc = pyslha.readSLHA(text)
    zp = doc.decays[ZPRIME_PDG]
    couplings = lmu_ltau_couplings(np.array([params["gX"]]), spec.slepton_masses["mu"], spec.slepton_masses["tau"])
    widths = {k: float(np.ravel(v)[0]) for k, v in partial_widths(np.array([params["m_zp"]]), couplings).items()}
    assert np.isclose(zp.totalwidth, sum(widths.values()), rtol=1e-8)
    brs = {tuple(sorted(d.ids)): d.br for d in zp.decays}
    assert np.isclose(sum(brs.values()), 1.0, rtol=1e-8)
    assert np.isclose(brs[(-14, 14)], widths["nu_mu"] / sum(widths.values()), rtol=1e-7)
    # below the muon threshold (m_Z' < 2 m_mu) there is no mu+ mu- channel
    assert ((-13, 13) in brs) == (params["m_zp"] > 2 * 0.1056583755)


def test_nlsp_radiative_decay_block():
    """A point whose NLSP has no open two-body decay gets a DECAY block with the radiative width."""
    from zprime_sym.susy import lhc

    params = read_slha("BP1")
    # heavy sleptons close every two-body channel of the NLSP; a light B~' LSP (M0 small) below it
    params = dict(params, mL_e=3000.0, mE_e=3000.0, mL_mu=3000.0, mE_mu=3000.0, M0=100.0)
    spec = compute_spectrum(params)
    width = lhc.nlsp_width(spec, {k: np.array([v]) for k, v in params.items()})[0]
    if not np.isfinite(width):
        pytest.skip("this variation of BP1 has an MSSM-like LSP or an open two-body decay")
    doc = pyslha.readSLHA(write_slha(params, spec))
    k = int(lhc.nlsp_index(spec)[0])
    dec = doc.decays[NEUTRALINO_PDG[k]]
    assert np.isclose(dec.totalwidth, width, rtol=1e-8)
    assert sorted(dec.decays[0].ids) == [22, NEUTRALINO_PDG[0]]
