"""Leading-order couplings against the exact numerical diagonalisation; photon; dark photon."""
from pathlib import Path
import numpy as np
import pytest
import sympy as sp

from zprime_sym.constants import constants
from zprime_sym.model.couplings import COUPLING_NAMES
from zprime_sym.derive.exact import exact_couplings, leading_order_values
from zprime_sym.derive.gauge import cw, e, reduce_cw, sw
from zprime_sym.model.loader import FERMION_KINDS

MODELS = Path(__file__).resolve().parents[1] / "models"  # the shipped model files, found from this file

FN_POINT = dict(zH=0.7, zL_e=1.0, zL_mu=-2.0, zL_tau=0.5, n_e=1.0, n_mu=-1.0, n_tau=2.0, v_phi=10.0)
NHDM_POINT = dict(z1=1.0, z2=-0.3, zL_e=0.3, zL_mu=2.0, zL_tau=-1.0, tan_beta=2.0, zS=1.0, vS=20.0)


def max_rel_error(d, point):
    ex, lo = exact_couplings(d, point), leading_order_values(d, point)
    scale = max(abs(ex[k]) for k in COUPLING_NAMES)
    return max(abs(ex[k] - lo[k]) for k in COUPLING_NAMES) / scale


@pytest.mark.parametrize("name, point", [("froggatt_nielsen", FN_POINT), ("nhdm_u1", NHDM_POINT)])
def test_lo_error_shrinks_with_couplings(derived, name, point):
    """Scale g', g~ by lam at fixed VEVs: the relative error of the LO couplings falls like lam^2
    (the first neglected terms are O(g'^3): phi^3 and the m_Z'^2/m_Z^2 correction to phi)."""
    d = derived(name)
    lams = np.array([3e-2, 1e-2, 3e-3, 1e-3])
    errs = np.array([max_rel_error(d, dict(point, gp=lam, gt=0.4 * lam)) for lam in lams])
    slope = np.polyfit(np.log(lams), np.log(errs), 1)[0]
    assert 1.8 < slope < 2.2, (errs, slope)
    assert errs[-1] < 1e-5


def test_mixing_variant_on_both_sides_of_mZ(derived):
    """The first-order-in-mixing couplings (s_phi = M2_ZX/(M2_ZZ - M2_XX)) track the exact ones for a Z'
    lighter and heavier than the Z; the light-Z' LO formula fails for the heavy one."""
    d = derived("sm_u1")
    for vS, heavy in ((50.0, False), (3000.0, True)):
        lam = 1e-3 if not heavy else 0.05
        point = dict(gp=lam, gt=0.5 * lam, zH=1.0, zS=1.0, vS=vS, zL_e=1.0, zL_mu=-1.0, zL_tau=2.0)
        ex = exact_couplings(d, point)
        assert (ex["m_zp"] > constants().m_Z) is heavy
        mix = leading_order_values(d, point, variant="mixing")
        lo = leading_order_values(d, point, variant="lo")
        scale = max(abs(ex[k]) for k in COUPLING_NAMES)
        err_mix = max(abs(ex[k] - mix[k]) for k in COUPLING_NAMES) / scale
        err_lo = max(abs(ex[k] - lo[k]) for k in COUPLING_NAMES) / scale
        assert err_mix < 1e-2
        if heavy:
            assert err_lo > 10 * err_mix


def test_exact_rho_and_photon(derived):
    d = derived("froggatt_nielsen")
    ex = exact_couplings(d, dict(FN_POINT, gp=1e-2, gt=4e-3))
    c = constants()
    assert ex["photon_mass2"] < 1e-12 * c.m_Z**2
    # rho < 1 (Z pushed up by a lighter Z') and close to the LO value 1 - phi^2
    phi = float(d.gauge.phi_lo.xreplace({sp.Symbol("gp", real=True): 1e-2, sp.Symbol("gt", real=True): 4e-3,
                                         sp.Symbol("zH", real=True): 0.7, e: c.e, sw: c.sw, cw: c.cw}))
    assert ex["rho"] < 1
    assert ex["rho"] == pytest.approx(1 - phi**2, rel=1e-6)


@pytest.mark.parametrize("name", ["sm_u1", "nhdm_u1", "froggatt_nielsen", "b_minus_l", "dark_photon"])
def test_photon_massless_and_couples_to_Q(derived, name):
    d = derived(name)
    m2 = d.gauge.mass_matrix
    photon = sp.Matrix([cw, sw, 0])
    assert (m2 * photon).applyfunc(reduce_cw) == sp.zeros(3, 1)
    assert all(reduce_cw(x) == 0 for x in d.gauge.mass_matrix_weinberg[0, :])
    # photon column of Eq. (21) is (cw, sw, 0): coupling g1 Y cw + g2 T3 sw = e Q for every SM field
    g1, g2 = e / cw, e / sw
    for su3, su2, y, chir, _ in FERMION_KINDS.values():
        for t3 in ((sp.Rational(1, 2), sp.Rational(-1, 2)) if su2 == 2 else (0,)):
            assert reduce_cw(g1 * y * cw + g2 * t3 * sw - e * (t3 + y)) == 0


def test_dark_photon_pattern(derived):
    d = derived("dark_photon")
    eps = dict(d.model.symbols)["eps"]
    for fl in ("e", "mu", "tau"):
        # C = -eps e cw Q_f with Q = -1 for charged leptons: C_V = eps e cw, C_A = 0; neutrinos decouple
        assert reduce_cw(d.couplings[f"CV_{fl}"] - eps * e * cw) == 0
        assert d.couplings[f"CA_{fl}"] == 0
        assert d.couplings[f"Cnu_{fl}"] == 0
    c = constants()
    for m_light in (0.01, 0.1):  # GeV; exact couplings approach the pattern as (m_A'/m_Z)^2 -> 0
        point = dict(eps=1e-4, gp=1e-3, vS=m_light / 1e-3)
        ex = exact_couplings(d, point)
        assert ex["m_zp"] == pytest.approx(m_light, rel=1e-3)
        assert ex["CV_e"] == pytest.approx(1e-4 * c.e * c.cw, rel=5 * (m_light / c.m_Z) ** 2 + 1e-6)
        assert abs(ex["CA_e"]) < 1e-6 * ex["CV_e"] + 1e-4 * (m_light / c.m_Z) ** 2 * ex["CV_e"]
        assert abs(ex["Cnu_e"]) <= 1e-3 * ex["CV_e"]


def test_three_higgs_doublets_vev_fractions_sum_to_one():
    from zprime_sym.model.loader import load_model_text

    text = open(MODELS / "nhdm_u1.toml").read().replace(
        'doublet_angles = ["tan_beta"]', 'doublet_angles = ["tan_beta", "tan_gamma"]').replace(
        "[[scalars]]\nname = \"S\"", "[[scalars]]\nname = \"H3\"\nrep = \"doublet\"\nhypercharge = \"1/2\"\ncharge = \"z3\"\n\n[[scalars]]\nname = \"S\"")
    d = load_model_text(text, source="3hdm").derive()
    fr = d.gauge.vev_fractions
    assert set(fr) == {"H1", "H2", "H3"}
    assert sp.simplify(sum(fr.values()) - 1) == 0
    assert d.relations  # the Eq.-(30) structure survives with three doublets


@pytest.mark.parametrize("name", ["sm_u1", "nhdm_u1", "froggatt_nielsen", "b_minus_l", "dark_photon"])
def test_weinberg_basis_matrix_is_the_rotated_one(derived, name):
    """The (A, Z0, X) matrix built from the projected couplings equals W^T M2 W of the (B, W3, X)
    matrix with the Weinberg rotation W (the identity cw^2 + sw^2 = 1 is used only here)."""
    g = derived(name).gauge
    weinberg = sp.Matrix([[cw, -sw, 0], [sw, cw, 0], [0, 0, 1]])
    rotated = weinberg.T * g.mass_matrix * weinberg
    for i in range(3):
        for j in range(3):
            assert reduce_cw(rotated[i, j] - g.mass_matrix_weinberg[i, j]) == 0, (name, i, j)
