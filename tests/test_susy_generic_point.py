"""Loop-induced kinetic mixing with the slepton term in the generic path: the couplings of a SUSY point
(charge table + slepton loops) give the plane's ratios, the slepton term has its closed form, and the scalar
loop is 1/4 of a Dirac fermion's."""
import json
import math

import numpy as np
import pytest
from scipy.integrate import quad

from zprime_sym.cli import main
from zprime_sym.constants import constants
from zprime_sym.constraints.registry import current_constraints
from zprime_sym.evaluate.batch import evaluate_batch
from zprime_sym.susy import lmu_ltau_plane as plane
from zprime_sym.susy.generic_point import susy_point_couplings
from zprime_sym.susy.params import compute_spectrum
from zprime_sym.susy.slha import read_slha

#: plane constraint -> registered generic constraint (the same implementation)
PAIRS = {"ccfr_trident": "ccfr_trident", "borexino": "borexino", "babar_4mu": "babar_2016_4mu", "cms_z4mu": "cms_2019_z4mu"}


def _plane_at(bp):
    p = {k: np.atleast_1d(np.asarray(v, float)) for k, v in read_slha(bp).items()}
    spec = compute_spectrum(p)
    smu, stau = spec.slepton_masses["mu"], spec.slepton_masses["tau"]
    return p, smu, stau, plane.plane_ratios(p["m_zp"], p["gX"], smu, stau, names=tuple(PAIRS))


@pytest.mark.parametrize("bp", ["BP1", "BP2"])
def test_generic_path_with_sleptons_gives_the_plane_ratios(bp):
    p, smu, stau, ratios = _plane_at(bp)
    m_zp, couplings, info = susy_point_couplings(bp)
    assert m_zp == pytest.approx(float(p["m_zp"][0])) and info["g_X"] == pytest.approx(float(p["gX"][0]))
    # the slepton term is a sizeable share at these points (staus ~ 17 x smuons): ~ half the lepton term
    assert 0.3 < info["eps_sleptons"] / info["eps_leptons"] < 0.7
    cons = [c for c in current_constraints() if c.name in PAIRS.values()]
    generic = evaluate_batch(m_zp, {k: np.asarray(v) for k, v in couplings.items()}, constraints=cons)["ratios"]
    for name, gname in PAIRS.items():
        # 1e-9: the derivation keeps the lepton-loop logarithm as a 10-digit rational (derive/loop_mixing.py)
        assert float(generic[gname]) == pytest.approx(float(ratios[name][0]), rel=1e-9, abs=1e-15), name
    # without the slepton term the electron coupling (and Borexino) would differ: the test can fail
    lepton_only = plane.plane_ratios(p["m_zp"], p["gX"], names=("borexino",))["borexino"][0]
    assert abs(lepton_only / ratios["borexino"][0] - 1) > 0.3


def test_cli_constraints_check_with_susy_point(capsys):
    _, _, _, ratios = _plane_at("BP1")
    assert main(["constraints", "check", "--susy-point", "BP1", "--json"]) == 1  # BP1 fails charm2 (docs/susy.md)
    rows = {r["name"]: r["ratio"] for r in json.loads(capsys.readouterr().out)}
    for name, gname in PAIRS.items():
        assert rows[gname] == pytest.approx(float(ratios[name][0]), rel=1e-9, abs=1e-15)
    assert main(["constraints", "check", "--susy-point", "BP1", "--m-zp", "27MeV"]) == 2  # one or the other
    assert main(["constraints", "check", "--susy-point", "BP1", "--CV_e", "1e-5"]) == 2  # the point fixes C
    assert main(["constraints", "check", "--susy-point", "no-such-file.slha"]) == 2


def test_slepton_term_closed_form_and_degenerate_limit():
    # eps_sleptons = e g_X / (24 pi^2) sum_i ln(m_stau_i / m_smu_i): the scalar quarter of the fermion coefficient
    e, g = constants().e, 8.26e-4
    smu, stau = np.array([300.0, 420.0]), np.array([5000.0, 5300.0])
    closed = e * g / (24 * math.pi**2) * (math.log(5000 / 300) + math.log(5300 / 420))
    assert float(plane.kinetic_mixing(g, smu, stau, leptons=False)) == pytest.approx(closed, rel=1e-13)
    # degenerate smuons and staus (eigenstate by eigenstate): no slepton term, only the lepton loops
    assert float(plane.kinetic_mixing(g, smu, smu.copy(), leptons=False)) == 0.0
    lepton = e * g / (6 * math.pi**2) * math.log(constants().m_tau / constants().m_mu)
    assert float(plane.kinetic_mixing(g, smu, smu.copy())) == pytest.approx(lepton, rel=1e-13)
    # with_slepton_mixing shifts every charged-lepton C_V by -e eps_sleptons, nothing else
    base = plane.lmu_ltau_couplings(g)
    shifted = plane.with_slepton_mixing(base, g, smu, stau)
    full = plane.lmu_ltau_couplings(g, smu, stau)
    for k in full:
        assert float(shifted[k]) == pytest.approx(float(full[k]), rel=1e-13, abs=1e-18), k
    assert float(shifted["CV_e"] - base["CV_e"]) == pytest.approx(-e * closed, rel=1e-12)


def test_scalar_loop_is_a_quarter_of_a_dirac_fermion():
    # Coefficients of ln m^2 in the q^2 = 0 vacuum polarisation (units e g_X Q q_X / pi^2), from the
    # Feynman-parameter integrands of the kinetic_mixing docstring: fermion (1/2) x(1-x), scalar (1/16)(1-2x)^2.
    fermion = 0.5 * quad(lambda x: x * (1 - x), 0, 1)[0]
    scalar = quad(lambda x: (1 - 2 * x) ** 2, 0, 1)[0] / 16
    assert scalar / fermion == pytest.approx(0.25, rel=1e-12)
    # QED beta-function coefficients b = 16 x coefficient: 4/3 (Dirac fermion) and 1/3 (complex scalar)
    assert 16 * fermion == pytest.approx(4 / 3) and 16 * scalar == pytest.approx(1 / 3)
    # the code uses that ratio: sleptons with m_stau/m_smu = m_tau/m_mu for both eigenstates add
    # 2 x 1/4 = 1/2 of the lepton term
    k = constants()
    r = k.m_tau / k.m_mu
    smu = np.array([200.0, 250.0])
    g = 1e-3
    assert float(plane.kinetic_mixing(g, smu, r * smu, leptons=False)) == pytest.approx(
        2 * (scalar / fermion) * float(plane.kinetic_mixing(g)), rel=1e-12)
