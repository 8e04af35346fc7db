"""Two-body chargino/neutralino widths (zprime_sym.susy.decays) against closed-form limits."""
import math

import numpy as np
import pytest

from zprime_sym.susy import decays
from zprime_sym.susy.params import compute_spectrum
from zprime_sym.susy.slha import read_slha


def _spectrum(**change):
    p = dict(read_slha("BP3"))
    p.update(change)
    p = {k: np.atleast_1d(np.asarray(v, float)) for k, v in p.items()}
    return p, compute_spectrum(p)


def _sum(br, prefix):
    return float(sum(v for k, v in br.items() if k.split(":")[0] == prefix)[0])


@pytest.fixture(scope="module")
def heavy_wino():
    # M2 = 3 TeV >> |mu| = 400 GeV >> m_Z; bino, B~' and sleptons heavier than the wino (closed channels)
    return _spectrum(M2=3000.0, mu=-400.0, M1=5000.0, M0=6000.0, mL_e=8000.0, mE_e=8000.0, mL_mu=8000.0,
                     mE_mu=8000.0, tan_beta=10.0)


def test_goldstone_equivalence_heavy_wino(heavy_wino):
    # Goldstone-boson equivalence: a heavy wino decays to higgsinos through the Higgs-doublet Yukawa
    # g H^dagger sigma W~ H~, i.e. to the four real components of H: W : Z : h = 2 : 1 : 1 for the charged
    # and for the neutral wino. Corrections O(m_Z^2/M2^2, |mu|^2/M2^2) ~ 2%: tolerance 0.01 on each BR.
    p, s = heavy_wino
    br_c = decays.branching_ratios(decays.chargino_widths(s, p, 1))
    assert abs(s.V[0, 1, 0]) ** 2 > 0.99  # the heavier chargino is the wino
    assert _sum(br_c, "W") == pytest.approx(0.5, abs=0.01)
    assert float(br_c["Z"][0]) == pytest.approx(0.25, abs=0.01)
    assert float(br_c["h"][0]) == pytest.approx(0.25, abs=0.01)
    j = int(np.argmax(np.abs(s.N[0, :, 1]) ** 2))
    br_n = decays.branching_ratios(decays.neutralino_widths(s, p, j))
    for prefix, expected in (("W", 0.5), ("Z", 0.25), ("h", 0.25)):
        assert _sum(br_n, prefix) == pytest.approx(expected, abs=0.01), prefix
    # SU(2): charged and neutral members of the wino triplet have the same total width (1% at M2 = 3 TeV)
    total_c = float(sum(decays.chargino_widths(s, p, 1).values())[0])
    total_n = float(sum(decays.neutralino_widths(s, p, j).values())[0])
    assert total_c == pytest.approx(total_n, rel=0.01)


def test_chargino_to_sneutrino_closed_form():
    # chi+_k -> nu~_e e+: Gamma = g^2 |V_k1|^2 m (1 - m_snu^2/m^2)^2 / (32 pi) for massless e and y_e -> 0
    # (the electron Yukawa term and m_e enter at m_e/m ~ 5e-7; tolerance 1e-5).
    p, s = _spectrum()
    g = s.sm["g2"][0]
    for k in (0, 1):
        m, msn = s.chargino_masses[0, k], s.sneutrino_masses["e"][0]
        expected = g**2 * abs(s.V[0, k, 0]) ** 2 * m * (1 - msn**2 / m**2) ** 2 / (32 * math.pi)
        got = float(decays.chargino_widths(s, p, k)["snu_l:e"][0])
        assert got == pytest.approx(expected, rel=1e-5)
        assert got > 0


def test_closed_channels_vanish_and_brs_sum_to_one():
    p, s = _spectrum()
    w = decays.chargino_widths(s, p, 0)  # higgsino-like 222 GeV: W + 147 GeV LSP = 227 GeV, closed
    assert float(w["W:0"][0]) == 0.0
    br = decays.branching_ratios(decays.chargino_widths(s, p, 1))
    assert float(sum(br.values())[0]) == pytest.approx(1.0, rel=1e-12)
