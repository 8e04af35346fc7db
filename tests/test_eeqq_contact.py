"""Electron-quark contact interactions, model LL (constraints/eeqq_contact.py), against closed forms.

Reference numbers: the PDG listing Lambda(eeqq) rows of K. Cheung, arXiv:hep-ph/0106251 (eeuu LL+ > 23.3,
LL- > 12.5 TeV; eedd LL+ > 11.1, LL- > 26.4 TeV; 95% CL)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from zprime_sym.constraints import all_constraints, evaluate_all
from zprime_sym.constraints.eeqq_contact import eeqq_contact_ll, eeqq_ll_data, ratio_per_quark

SQRT_4PI = math.sqrt(4 * math.pi)


def test_data_are_the_printed_pdg_numbers():
    d = eeqq_ll_data()
    assert (d["u"]["lambda_plus_TeV"], d["u"]["lambda_minus_TeV"]) == (23.3, 12.5)
    assert (d["d"]["lambda_plus_TeV"], d["d"]["lambda_minus_TeV"]) == (11.1, 26.4)
    assert d["u"]["cl"] == d["d"]["cl"] == 0.95


def test_registered_once():
    cons = [c for c in all_constraints() if c.name == "eeqq_contact_ll"]
    assert len(cons) == 1
    con = cons[0]
    assert con.mass_range_GeV == (2000.0, math.inf) and con.cl == 0.95 and not con.projection
    assert con.arxiv == "hep-ph/0106251"


@pytest.mark.parametrize("quark, sign, lam_tev", [("u", +1, 12.5), ("u", -1, 23.3), ("d", +1, 26.4), ("d", -1, 11.1)])
def test_boundary_closed_form_and_sign_of_eta(quark, sign, lam_tev):
    # purely left-handed C_Le = g, C_Lq = sign g: 4 pi / Lambda^2 = g^2 / m^2 with Lambda = Lambda^- for a
    # positive product (eta_LL = -1, like-sign vector exchange) and Lambda^+ for a negative one
    m = np.array([2000.0, 5000.0, 3.0e4])
    g = SQRT_4PI * m / (lam_tev * 1e3)
    c = {"CV_e": g / 2, "CA_e": -g / 2, f"CV_{quark}": sign * g / 2, f"CA_{quark}": -sign * g / 2}
    np.testing.assert_allclose(eeqq_contact_ll().evaluate(m, c), 1.0, rtol=1e-12)


def test_b_minus_l_bound():
    # B-L: C_Ve = -g, C_Vu = C_Vd = g/3 (vector): eta = +1, eeuu gives m/g >= 23.3 TeV / sqrt(12 pi)
    m, g = 3000.0, 0.3
    r = ratio_per_quark(m, {"CV_e": -g, "CV_u": g / 3, "CV_d": g / 3})
    assert float(r["u"]) == pytest.approx(math.sqrt(g * g / 3) * 23.3e3 / (SQRT_4PI * m), rel=1e-12)
    assert float(r["d"]) == pytest.approx(math.sqrt(g * g / 3) * 11.1e3 / (SQRT_4PI * m), rel=1e-12)
    assert float(eeqq_contact_ll().evaluate(m, {"CV_e": -g, "CV_u": g / 3, "CV_d": g / 3})) == pytest.approx(float(r["u"]))
    assert 23.3 / math.sqrt(12 * math.pi) == pytest.approx(3.79, abs=5e-3)  # the module docstring's number


def test_no_information_cases():
    con = eeqq_contact_ll()
    assert con.evaluate(3000.0, {"CV_e": 0.5, "CA_e": 0.5, "CV_u": 0.5}) == 0.0  # C_Le = 0 (right-handed e)
    assert con.evaluate(3000.0, {"CV_e": 0.5}) == 0.0                           # no quark coupling
    assert con.evaluate(3000.0, {"CV_e": 0.5, "CV_s": 0.5, "CV_c": 0.5}) == 0.0  # only u and d are bounded
    assert con.evaluate(1999.0, {"CV_e": 5.0, "CV_u": 5.0}) == 0.0               # below the contact range


def test_batch_through_evaluate_all():
    m = np.array([0.02, 2500.0, 2500.0])
    c = {"CV_e": np.array([1e-3, 0.2, -0.2]), "CV_u": 0.2}
    r = evaluate_all(m, c)["eeqq_contact_ll"]
    assert r[0] == 0.0
    expected = 0.2 * np.array([12.5e3, 23.3e3]) / (SQRT_4PI * 2500.0)  # like sign: Lambda^-; opposite: Lambda^+
    np.testing.assert_allclose(r[1:], expected, rtol=1e-12)
