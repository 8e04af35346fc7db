"""LEP-II Bhabha contact interaction, model LL (constraints/lep_contact.py)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from zprime_sym.constraints import all_constraints, evaluate_all
from zprime_sym.constraints.lep_contact import bhabha_ll_data, lep2_bhabha_ll


def test_data_are_the_printed_pdg_numbers():
    # PDG listing Lambda(eeee), LEP combination (E_cm = 192-208 GeV): LL+ > 8.3 TeV, LL- > 10.3 TeV, 95% CL
    d = bhabha_ll_data()
    assert (d["lambda_plus_TeV"], d["lambda_minus_TeV"], d["cl"]) == (8.3, 10.3, 0.95)
    assert d["sqrt_s_GeV"] == [192.0, 208.0]
    assert d["m_min_GeV"] ** 2 >= 20 * d["sqrt_s_GeV"][1] ** 2  # contact limit: s/m^2 < 5%


def test_registered_once_with_its_cl_and_range():
    cons = [c for c in all_constraints() if c.name == "lep2_bhabha_ll"]
    assert len(cons) == 1
    con = cons[0]
    assert con.cl == 0.95 and con.mass_range_GeV == (1000.0, math.inf) and not con.projection
    assert set(con.depends_on) == {"CV_e", "CA_e"}


def test_left_handed_boundary_closed_form():
    # C_L^2/m^2 = 4 pi / Lambda^2: a purely left-handed coupling C_L = sqrt(4 pi) m / 10.3 TeV is on the boundary
    m = np.array([1000.0, 3000.0, 2.0e4])
    c_l = math.sqrt(4 * math.pi) * m / 10.3e3
    r = lep2_bhabha_ll().evaluate(m, {"CV_e": c_l / 2, "CA_e": -c_l / 2})
    np.testing.assert_allclose(r, 1.0, rtol=1e-12)
    assert abs(c_l[0] - 0.344) < 5e-4  # the bound at 1 TeV quoted in the module docstring


def test_vector_coupling_scales_as_c_over_m_and_sign_free():
    # a pure vector coupling g has C_L = g: ratio = g * 10.3 TeV / (sqrt(4 pi) m), either sign of g
    m = np.geomspace(1000.0, 1.0e4, 7)
    g = np.array([-0.5, 0.1, 0.3, -0.05, 1.0, 0.2, -2.0])
    expected = np.abs(g) * 10.3e3 / (math.sqrt(4 * math.pi) * m)
    np.testing.assert_allclose(lep2_bhabha_ll().evaluate(m, {"CV_e": g}), expected, rtol=1e-12)


def test_right_handed_and_light_zprime_give_no_information():
    con = lep2_bhabha_ll()
    assert con.evaluate(2000.0, {"CV_e": 0.4, "CA_e": 0.4}) == 0.0   # C_L = 0: only RR, not bounded here
    assert con.evaluate(999.0, {"CV_e": 5.0}) == 0.0                   # below the contact-limit range
    assert con.evaluate(1000.0, {"CV_e": 0.4}) == pytest.approx(0.4 * 10.3 / math.sqrt(4 * math.pi))


def test_batch_through_evaluate_all():
    m = np.array([0.01, 1500.0, 1500.0])
    r = evaluate_all(m, {"CV_e": np.array([1e-3, 0.1, 0.9]), "CA_e": 0.0})["lep2_bhabha_ll"]
    assert r[0] == 0.0
    np.testing.assert_allclose(r[1:], np.array([0.1, 0.9]) * 10.3 / (math.sqrt(4 * math.pi) * 1.5), rtol=1e-12)
