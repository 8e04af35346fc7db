"""Z-pole partial widths where the Z mixes with the Z' (zprime_sym/viability/zpole.py).

References: (1) an independent numerical diagonalisation, in this file, of the 3x3 neutral mass matrix
in the basis (B, W3, X) (M^2 = sum_s v_s^2 c_s c_s^T, c_s = (g1 Y, g2 T3, g~ Y + g' z) of the neutral
component), with the Z couplings of each chiral fermion projected on the Z eigenvector; (2) the
published LEP-SLC values and Gfitter SM predictions (hep-ex/0509008; arXiv:1503.07872, Table 1) for
the no-mixing limit."""
import math

import numpy as np
import pytest

from zprime_sym.constants import constants
from zprime_sym.derive.exact import exact_couplings
from zprime_sym.model.loader import load_model_text
from zprime_sym.viability import zpole
from zprime_sym.viability.verdict import verdict

from test_rho_check import HIGGS_MIXING  # the same model file (pytest puts tests/ on the path)

#: SM + U(1)' with the Higgs charged (tree-level Z-Z' mass mixing, tests/test_rho_check.py), with the
#: kinetic mixing g~ free: numeric g' = 1/20, free singlet VEV
MODEL = HIGGS_MIXING.replace('gt = 0', 'gt = "gt"')

#: (T3, Y, z) of the chiral components in MODEL (quarks uncharged)
FIELDS = {"e": ((-0.5, -0.5, 1.0), (0.0, -1.0, 0.0)), "mu": ((-0.5, -0.5, 1.0), (0.0, -1.0, 0.0)),
          "u": ((0.5, 1 / 6, 0.0), (0.0, 2 / 3, 0.0)), "d": ((-0.5, 1 / 6, 0.0), (0.0, -1 / 3, 0.0)),
          "nu_e": ((0.5, -0.5, 1.0),)}


def _independent_shifts(gp, gt, vs):
    c = constants()
    g1, g2 = c.e / c.cw, c.e / c.sw
    m2 = np.zeros((3, 3))
    for v, t3, y, z in ((c.v, -0.5, 0.5, 1.0), (vs, 0.0, 0.0, 1.0)):  # neutral components of H and S
        vec = np.array([g1 * y, g2 * t3, gt * y + gp * z])
        m2 += v**2 * np.outer(vec, vec)
    vals, vecs = np.linalg.eigh(m2)
    z0 = np.array([-c.sw, c.cw, 0.0])
    massive = [i for i in range(3) if vals[i] > 1e-6 * vals.max()]
    iz = max(massive, key=lambda i: abs(vecs[:, i] @ z0))
    zvec = vecs[:, iz] * np.sign(vecs[:, iz] @ z0)
    out = {}
    for f, comps in FIELDS.items():
        num = den = 0.0
        for t3, y, z in comps:
            gz = np.array([g1 * y, g2 * t3, gt * y + gp * z]) @ zvec
            g0 = np.array([g1 * y, g2 * t3, 0.0]) @ z0
            num, den = num + gz**2, den + g0**2
        out[f] = num / den - 1.0
    return out, math.sqrt(vals[iz])


@pytest.fixture(scope="module")
def derivation():
    return load_model_text(MODEL, source="higgs_mixing").derive()


@pytest.mark.parametrize("gt, vs", [(0.0, 40.0), (3e-3, 900.0), (0.0, 5000.0), (-2e-3, 20000.0)])
def test_width_shifts_match_an_independent_diagonalisation(derivation, gt, vs):
    """Light and heavy Z' (m_Z' = g' v_S = 2, 45, 250, 1000 GeV), with and without kinetic mixing."""
    ex = exact_couplings(derivation, {"gt": gt, "vS": vs})
    s = float(ex["sin_phi"])
    ours = zpole.width_shifts(s, math.sqrt(1 - s * s), ex)
    ref, m_z = _independent_shifts(0.05, gt, vs)
    assert m_z == pytest.approx(float(ex["m_z"]), rel=1e-12)
    for f, delta in ref.items():
        assert abs(delta) > 1e-9  # the mixing really shifts every width here
        assert float(ours[f]) == pytest.approx(delta, rel=1e-8, abs=1e-15), f


def test_angle_from_block_matches_the_exact_angle(derivation):
    """tan(2 phi) = 2b/(a - d) on the Z0-X block, for a Z' lighter and heavier than the Z."""
    from zprime_sym.viability.parameter_space import build_space

    space = build_space(derivation)
    for vs in (40.0, 20000.0):
        params = {"gt": np.array([1e-3]), "vS": np.array([vs])}
        params.update({name: np.ones(1) for name in space.rho.args if name not in params})
        a, b, d = space.rho.block(params, 1)
        s, _ = zpole.angle_from_block(a, b, d)
        assert float(s[0]) == pytest.approx(exact_couplings(derivation, {"gt": 1e-3, "vS": vs})["sin_phi"], rel=1e-9)


def test_no_mixing_gives_the_sm_deviation():
    """s_phi = 0: every shift vanishes and the ratio is the Standard Model's own, from the published values:
    R_mu = 20.785 +- 0.033 against 20.743 is the largest, (20.785/20.743 - 1)/(1.95996 * 0.033/20.743)."""
    couplings = {"CV_mu": 1e-2, "CA_mu": 3e-3, "Cnu_e": 1e-2, "CV_u": 5e-3}
    delta = zpole.width_shifts(0.0, 1.0, couplings)
    assert all(float(x) == 0.0 for x in delta.values())
    expected = (20.785 / 20.743 - 1) / (1.959964 * 0.033 / 20.743)
    assert float(zpole.zpole_ratio(0.0, 1.0, couplings)) == pytest.approx(expected, rel=1e-5)
    assert expected == pytest.approx(0.649, abs=1e-3)


def test_large_mixing_excluded_by_the_widths(derivation):
    """At m_Z' = 2 GeV with g' = 0.05 and charged leptons of charge 1, the Z coupling shift is far outside
    the LEP band: delta(Gamma_ll) = O(1e-1) >> 2.4e-3."""
    ex = exact_couplings(derivation, {"gt": 0.0, "vS": 40.0})
    s = float(ex["sin_phi"])
    assert float(zpole.zpole_ratio(s, math.sqrt(1 - s * s), ex)) > 10.0


def test_witness_reports_the_zpole_check():
    v = verdict("sm_u1", data="wp2025-rb", find_blocking=False)
    assert v.viable
    z = v.witness["z_pole"]
    assert z["from"] == "exact diagonalisation" and set(z["ratios"]) == set(zpole.OBSERVABLES)
    assert z["ratio"] == pytest.approx(max(z["ratios"].values())) and z["ratio"] <= 1.0
    assert zpole.NAME not in v.witness["max_constraint_ratio"][1]
