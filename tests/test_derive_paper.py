"""Derived leading-order couplings against BCK21's printed equations (with the notation mapped).

Mapping (docs/conventions.md): the paper's z_H in Eqs. (23), (24), (32) is the Higgs charge; in
Eqs. (25), (26), (29) it is the primed, VEV-weighted z'_H = sum_j (v_j/v)^2 (g~/g' + 2 z_j)
(docs/conventions.md). cos^2(theta_W) = 1 - sin^2(theta_W).
"""
from pathlib import Path
import sympy as sp
import pytest

from zprime_sym.derive.gauge import cw, reduce_cw, sw

MODELS = Path(__file__).resolve().parents[1] / "models"  # the shipped model files, found from this file

R = sp.Symbol


def sym(d, name):
    return dict(d.model.symbols)[name]


def same(a, b):
    return reduce_cw(sp.expand(a - b)) == 0


@pytest.mark.parametrize("fl", ["e", "mu", "tau"])
def test_sm_u1_eqs_23_24(derived, fl):
    d = derived("sm_u1")
    gp, gt, zH = sym(d, "gp"), sym(d, "gt"), sym(d, "zH")
    zL = sym(d, f"zL_{fl}")
    zR = d.invariance.substitute(sym(d, f"zR_{fl}"))
    assert same(zR, zL - zH)  # Yukawa invariance: z_L = z_R + z_H
    eq23 = -gt * cw**2 + gp / 2 * (zH * (4 * sw**2 - 1) + zL + zR)
    eq24 = gp / 2 * (zH + zR - zL)
    assert same(d.couplings[f"CV_{fl}"], eq23)
    assert same(d.couplings[f"CA_{fl}"], eq24)
    assert d.couplings[f"CA_{fl}"] == 0  # C_A = 0 at leading order for SM+U(1)'
    assert same(d.couplings[f"Cnu_{fl}"], gp * (zH + zL))  # Eq. (32) with n = 0


@pytest.mark.parametrize("fl", ["e", "mu", "tau"])
def test_froggatt_nielsen_eqs_23_24_32(derived, fl):
    d = derived("froggatt_nielsen")
    gp, gt, zH, n = sym(d, "gp"), sym(d, "gt"), sym(d, "zH"), sym(d, f"n_{fl}")
    zL = sym(d, f"zL_{fl}")
    zR = d.invariance.substitute(sym(d, f"zR_{fl}"))
    assert same(zH + zR - zL, -n)  # text below Eq. (31)
    assert same(d.couplings[f"CV_{fl}"], -gt * cw**2 + gp / 2 * (zH * (4 * sw**2 - 1) + zL + zR))
    assert same(d.couplings[f"CA_{fl}"], gp / 2 * (zH + zR - zL))
    assert same(d.couplings[f"Cnu_{fl}"], gp * (zH + zL))


@pytest.mark.parametrize("fl", ["e", "mu", "tau"])
def test_nhdm_eqs_27_29(derived, fl):
    d = derived("nhdm_u1")
    gp, gt, z1, z2, t = (sym(d, n) for n in ("gp", "gt", "z1", "z2", "tan_beta"))
    zL = sym(d, f"zL_{fl}")
    cb2, sb2 = 1 / (1 + t**2), t**2 / (1 + t**2)
    assert same(d.invariance.substitute(sym(d, f"zR_{fl}")), zL - z2)  # z_R = z_L - z_2
    eq27 = zL * gp - cw**2 * gt - gp / 2 * ((1 - 4 * sw**2) * cb2 * z1 + (1 + sb2 - 4 * sw**2 * sb2) * z2)
    eq28 = (z1 - z2) / 2 * cb2 * gp
    zH_primed = cb2 * (gt / gp + 2 * z1) + sb2 * (gt / gp + 2 * z2)  # Eq. (26), primed reading
    eq29 = -gt / 2 + gp * (zL + zH_primed / 2)
    assert same(d.couplings[f"CV_{fl}"], eq27)
    assert same(d.couplings[f"CA_{fl}"], eq28)
    assert same(d.couplings[f"Cnu_{fl}"], eq29)
    # docs/conventions.md: g~ cancels in C_nu at leading order
    assert not d.couplings[f"Cnu_{fl}"].has(gt)


def test_nhdm_axial_is_flavour_universal(derived):
    c = derived("nhdm_u1").couplings
    assert c["CA_e"] == c["CA_mu"] == c["CA_tau"] != 0


def test_nhdm_mixing_angle_matches_eqs_25_26(derived):
    """tan 2phi of Eq. (25) with the corrected denominator z_{H^2} g'^2 (docs/conventions.md)."""
    d = derived("nhdm_u1")
    gp, gt, z1, z2, t, zS, vS = (sym(d, n) for n in ("gp", "gt", "z1", "z2", "tan_beta", "zS", "vS"))
    e, v = sp.Symbol("e", positive=True), sp.Symbol("v", positive=True)
    cb2, sb2 = 1 / (1 + t**2), t**2 / (1 + t**2)
    z1p, z2p = gt / gp + 2 * z1, gt / gp + 2 * z2
    zH, zH2 = z1p * cb2 + z2p * sb2, z1p**2 * cb2 + z2p**2 * sb2
    eq25 = 2 * zH * gp * e / (sw * cw) / (zH2 * gp**2 + (2 * zS * gp * vS / v) ** 2 - e**2 / (sw**2 * cw**2))
    in_angles = d.gauge.to_angles  # the gauge sector is written with w_H1 = (v1/v)^2 = cos^2(beta)
    assert same(sp.together(d.gauge.tan_2phi.xreplace(in_angles) - eq25), 0)
    # leading order: phi = -g' z'_H / g_Z (the small-angle limit of Eq. (25))
    assert same(d.gauge.phi_lo.xreplace(in_angles), -gp * zH * sw * cw / e)


def test_sm_u1_mixing_matches_eq_22(derived):
    d = derived("sm_u1")
    gp, gt, zH, zS, vS = (sym(d, n) for n in ("gp", "gt", "zH", "zS", "vS"))
    e, v = sp.Symbol("e", positive=True), sp.Symbol("v", positive=True)
    zHp = gt / gp + 2 * zH
    eq22 = 2 * zHp * gp * e / (sw * cw) / (zHp**2 * gp**2 + (2 * zS * gp * vS / v) ** 2 - e**2 / (sw**2 * cw**2))
    assert same(sp.together(d.gauge.tan_2phi - eq22), 0)
    # m_Z'^2 at leading order: g'^2 (z_S^2 v_S^2 + z'_H^2 v^2/4) - (g' z'_H v/2)^2 = g'^2 z_S^2 v_S^2
    assert same(d.gauge.mZp2_lo, gp**2 * zS**2 * vS**2)
    # rho = m_W^2/(cw^2 m_Z^2) = 1 - phi^2 at leading order: not assumed to be 1
    assert same(d.gauge.rho_lo, 1 - d.gauge.phi_lo**2)


def test_numeric_gauge_coupling_is_still_expanded_to_leading_order(derived, tmp_path):
    """A model that gives g' as a number (gp = 3) must give the symbolic model's leading-order
    couplings with g' = 3 put in: the expansion is in the couplings, whatever form they take."""
    from zprime_sym.model.loader import load_model

    text = open(MODELS / "nhdm_u1.toml").read().replace('gp = "gp"', "gp = 3")
    path = tmp_path / "nhdm_gp3.toml"
    path.write_text(text)
    numeric = load_model(str(path)).derive()
    symbolic = derived("nhdm_u1")
    gp = next(s for s in symbolic.free_parameters if s.name == "gp")
    for name, expr in symbolic.couplings.items():
        assert sp.simplify(expr.xreplace({gp: 3}) - numeric.couplings[name]) == 0, name
    assert len(numeric.relations) == len(symbolic.relations)
