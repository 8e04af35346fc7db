"""Effective Z'-lepton couplings C_V, C_A, C_nu from the rotation of Eq. (21).

A chiral field with (T3, Y, z) has, in D = d + i(...), the Z' coefficient
    C = g1 Y R[B, Z'] + g2 T3 R[W3, Z'] + (g~ Y + g' z) R[X, Z']
with R[., Z'] = (sw s_phi, -cw s_phi, c_phi) the third column of Eq. (21); with L ⊃ -Z' J (Eq. (5))
this is C_L (left-handed component) or C_R (right-handed). C_V = (C_R + C_L)/2, C_A = (C_R - C_L)/2
(Eq. (6)) for the charged lepton, and C_nu = C_L of the neutrino. Quarks (:func:`quark_couplings`)
follow the same formula with their own (T3, Y): u_L (1/2, 1/6), u_R (0, 2/3), d_L (-1/2, 1/6),
d_R (0, -1/3), charges z of Q_g, uR_g, dR_g of generation g; the nucleon vector couplings are
CV_p = 2 CV_u + CV_d and CV_n = CV_u + 2 CV_d (vector current, valence content).
Leading order: s_phi -> phi_LO (first order in g', g~), c_phi -> 1. The "mixing" variant instead uses
s_phi = M2_{Z0X}/(M2_{Z0Z0} - M2_{XX}), valid for any m_Z' (lighter or heavier than the Z) as long as
the mixing is small.
"""
from __future__ import annotations

import sympy as sp

from ..model.charges import as_expr
from ..model.couplings import FLAVOURS, QUARK_FIELDS, QUARKS, nucleon_couplings
from .collect import collect_symbols
from .gauge import cw, factor_linear, gZ, is_polynomial, reduce_cw, sw

s_phi, c_phi = sp.symbols("s_phi c_phi", real=True)

#: (T3, Y) of the charged-lepton and neutrino chiral components
_E_LEFT = (sp.Rational(-1, 2), sp.Rational(-1, 2))
_E_RIGHT = (sp.Integer(0), sp.Integer(-1))
_NU_LEFT = (sp.Rational(1, 2), sp.Rational(-1, 2))
#: (T3, Y) of the quark chiral components: up/down type -> (left, right)
_QUARK = {
    "up": ((sp.Rational(1, 2), sp.Rational(1, 6)), (sp.Integer(0), sp.Rational(2, 3))),
    "down": ((sp.Rational(-1, 2), sp.Rational(1, 6)), (sp.Integer(0), sp.Rational(-1, 3))),
}


def chiral_coupling(t3, y, z, gt, gp) -> sp.Expr:
    """Z' coupling of a chiral component, in terms of s_phi, c_phi (Eq. (21) third column).

    g1 Y sw s_phi - g2 T3 cw s_phi + (g~ Y + g' z) c_phi, written as -s_phi gZ (T3 - sw^2 Q) +
    c_phi (g~ Y + g' z) with Q = T3 + Y (the two agree by cw^2 + sw^2 = 1; this form needs no reduction)."""
    return -s_phi * gZ * (t3 - sw**2 * (t3 + y)) + c_phi * (gt * y + gp * z)


def tidy(expr):
    """Reduce with cw^2 = 1 - sw^2 and collect by the parameters (readable, still exact).

    The leading-order couplings of N-doublet models are polynomials once expanded (gZ cancels against
    phi_LO) and free of cw: then ``expand(reduce_cw(expr))`` is ``expand(expr)`` and the
    reduction (a rational cancellation of the whole expression) is skipped. The collection by the
    parameters is sympy.collect's, done by symbol equality (:func:`.collect.collect_symbols`)."""
    expanded = sp.expand(as_expr(expr))
    if expanded.has(cw) or not is_polynomial(expanded):
        expanded = sp.expand(reduce_cw(expr, tidy=False))
    params = sorted(expanded.free_symbols - {sw, cw}, key=lambda s: s.name)
    return collect_symbols(expanded, params, factor_linear)  # factor_linear = sp.factor, see gauge.py


def _setup(sector, variant, readable):
    finish = tidy if readable else (lambda x: reduce_cw(x, tidy=False))
    if variant == "lo":
        rot = {s_phi: sector.phi_lo, c_phi: 1}
    elif variant == "mixing":
        rot = {s_phi: sector.sin_phi_mixing, c_phi: 1}
    else:
        raise ValueError(f"unknown variant {variant!r}")
    return finish, sector.gt_lo, sector.gp_lo, rot


def lepton_couplings(sector, charge, *, variant: str = "lo", readable: bool = True) -> dict[str, sp.Expr]:
    """The nine couplings CV_e, CA_e, Cnu_e, ... as sympy expressions.

    ``charge(name)`` gives the solved U(1)' charge of a field ("L_e", "eR_e", ...).
    ``variant``: "lo" (leading order in g', g~, the paper's formulas) or "mixing" (any m_Z').
    ``readable=False`` returns exact but uncollected forms (reduced with cw^2 = 1 - sw^2 only), for
    intermediate results that are tidied later anyway (models with one VEV angle, see derive/__init__.py).
    """
    finish, gt, gp, rot = _setup(sector, variant, readable)
    out = {}
    for fl in FLAVOURS:
        zl, zr = charge(f"L_{fl}"), charge(f"eR_{fl}")
        c_left = chiral_coupling(*_E_LEFT, zl, gt, gp).xreplace(rot)
        c_right = chiral_coupling(*_E_RIGHT, zr, gt, gp).xreplace(rot)
        c_nu = chiral_coupling(*_NU_LEFT, zl, gt, gp).xreplace(rot)
        out[f"CV_{fl}"] = finish((c_right + c_left) / 2)
        out[f"CA_{fl}"] = finish((c_right - c_left) / 2)
        out[f"Cnu_{fl}"] = finish(c_nu)
    return out


def quark_couplings(sector, charge, *, variant: str = "lo", readable: bool = True) -> dict[str, sp.Expr]:
    """CV_q, CA_q for q = u, d, s, c, b, t and the nucleon vector couplings CV_p, CV_n (sympy).

    Same rotation and variants as :func:`lepton_couplings`; ``charge(name)`` gives the solved charge of
    "Q_1", "uR_1", "dR_1", ... (zero when the model file has no [quarks] table)."""
    finish, gt, gp, rot = _setup(sector, variant, readable)
    out = {}
    for q in QUARKS:
        kind, gen = QUARK_FIELDS[q]
        (t3l, yl), (t3r, yr) = _QUARK[kind]
        zl, zr = charge(f"Q_{gen}"), charge(f"{'uR' if kind == 'up' else 'dR'}_{gen}")
        c_left = chiral_coupling(t3l, yl, zl, gt, gp).xreplace(rot)
        c_right = chiral_coupling(t3r, yr, zr, gt, gp).xreplace(rot)
        out[f"CV_{q}"] = finish((c_right + c_left) / 2)
        out[f"CA_{q}"] = finish((c_right - c_left) / 2)
    cv_p, cv_n = nucleon_couplings(out["CV_u"], out["CV_d"])
    out["CV_p"], out["CV_n"] = finish(cv_p), finish(cv_n)
    return out
