"""LHCb (arXiv:1910.06926) and CMS scouting (arXiv:1912.04776) prompt dark-photon limits recast through
the Drell-Yan fractions: the dark-photon limit case, closed forms for B-L and a single-quark Z', and the
published limit values at the sampled masses."""
import numpy as np
import pytest

from zprime_sym.constants import constants
from zprime_sym.constraints import lhc_dimuon as lhc
from zprime_sym.constraints.base import Points
from zprime_sym.constraints.registry import current_constraints
from zprime_sym.constraints.widths import branching_ratio, dark_photon_br

E = constants().e
# Published 90% CL eps limits at grid masses (LHCb prompt-excluded.txt; CMS PAS Fig. 3, DarkCast digitization)
LHCB_POINTS = {12.02: 8.751e-04, 30.00: 1.383e-03, 45.03: 1.456e-03}
CMS_POINTS = {20.050: 1.5827e-03, 50.126: 1.3550e-03, 151.26: 3.4847e-03}


def _dark_photon(eps):
    q = {"u": 2 / 3, "d": -1 / 3, "s": -1 / 3, "c": 2 / 3, "b": -1 / 3, "t": 2 / 3}
    c = {f"CV_{f}": -eps * E * qf for f, qf in q.items()}
    c.update({f"CV_{lep}": eps * E for lep in ("e", "mu", "tau")})
    return c


@pytest.mark.parametrize("con, points", [(lhc.lhcb_2019_prompt(), LHCB_POINTS), (lhc.cms_2019_scouting(), CMS_POINTS)])
def test_dark_photon_reproduces_the_published_limit(con, points):
    # a dark photon exactly at the published eps_lim(m) has ratio 1; twice as strongly coupled, 2
    for m, eps_lim in points.items():
        assert float(con.evaluate(m, _dark_photon(eps_lim))) == pytest.approx(1.0, rel=1e-9)
        assert float(con.evaluate(m, _dark_photon(2 * eps_lim))) == pytest.approx(2.0, rel=1e-9)


def test_b_minus_l_closed_form():
    """B-L: C_Vq = g/3, leptons -g. sum_q f_q (g/3)^2/(e Q_q)^2 = (g/e)^2 (f_d + f_s + f_b + (f_u + f_c)/4),
    times BR(Z'->mumu)/BR(A'->mumu); at 30 GeV with the LHCb fractions of the data file."""
    g, m = 4e-4, 30.0
    c = {f"CV_{q}": g / 3 for q in "udscbt"}
    c.update({f"CV_{lep}": -g for lep in ("e", "mu", "tau")})
    c.update({f"Cnu_{lep}": -g for lep in ("e", "mu", "tau")})
    rows = np.array([[25.15, 0.1357, 0.7003, 0.03789, 0.1135, 0.01249], [30.05, 0.1340, 0.7100, 0.03567, 0.1074, 0.01276]])
    f = [np.interp(m, rows[:, 0], rows[:, i]) for i in range(1, 6)]
    f = np.array(f) / sum(f)
    s = (g / E) ** 2 * (f[0] + f[2] + f[4] + (f[1] + f[3]) / 4)
    p = Points.prepare(np.array([m]), c)
    br = branching_ratio(p.m, p, ("mumu",)) / dark_photon_br(p.m, ("mumu",))
    eps_lim = np.exp(np.interp(np.log(m), np.log([28.01, 30.00]), np.log([1.436e-3, 1.383e-3])))
    assert float(lhc.lhcb_2019_prompt().evaluate(m, c)) == pytest.approx(float(np.sqrt(s * br[0])) / eps_lim, rel=1e-8)


def test_axial_equals_vector_and_quarks_are_needed():
    con = lhc.cms_2019_scouting()
    base = {"CV_mu": 1e-3}
    vec = con.evaluate(40.0, {**base, "CV_u": 2e-3})
    ax = con.evaluate(40.0, {**base, "CA_u": 2e-3})
    assert float(vec) == pytest.approx(float(ax), rel=1e-12) and float(vec) > 0
    assert con.evaluate(40.0, base) == 0.0  # no quark couplings: no production, no constraint
    assert con.evaluate(90.0, {**base, "CV_u": 2e-3}) == 0.0  # Z window: no limit
    assert lhc.lhcb_2019_prompt().evaluate(5.0, {**base, "CV_u": 2e-3}) == 0.0  # meson region not encoded


def test_fractions_and_registry():
    for exp in ("lhcb", "cms"):
        rows = lhc.production_fractions(exp)
        np.testing.assert_allclose(rows[:, 1:].sum(axis=1), 1.0, rtol=1e-12)
        assert np.all(rows[:, 2] > 0.5)  # u-quark annihilation dominates at the LHC
    names = [c.name for c in current_constraints()]
    assert {"lhcb_2019_prompt", "cms_2019_scouting"} <= set(names)
