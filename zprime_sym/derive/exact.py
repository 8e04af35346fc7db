"""Exact numerical path: diagonalise the neutral gauge-boson mass matrix at given parameter values.

This is the independent cross-check of the leading-order couplings. It does not use any perturbative
formula: the kinetic mixing is removed exactly (Eq. (19): g~ = -g1 eps/sqrt(1-eps^2),
g' -> g'/sqrt(1-eps^2)), the 3x3 matrix (B, W3, X) is built numerically from all VEVs and
diagonalised with numpy.linalg.eigh; the Z' is the eigenvector that is neither the photon (zero
eigenvalue) nor the state with the largest overlap with Z0 = -sw B + cw W3. Its sign is fixed by
c_phi = <X|Z'> > 0, matching Eq. (21). Couplings are the projections of (g1 Y, g2 T3, g~ Y + g' z)
onto that eigenvector, then C_V, C_A, C_nu as in Eq. (6); the quarks the same way with their (T3, Y).
"""
from __future__ import annotations

import math

import numpy as np
import sympy as sp

from ..model.charges import as_expr

from ..constants import constants
from ..model.couplings import FLAVOURS, QUARK_FIELDS, QUARKS, nucleon_couplings
from ..exceptions import InputError
from .gauge import doublet_vev_fractions


def exact_couplings(derivation, values: dict) -> dict:
    """Exact tree-level couplings and masses at the parameter point ``values`` (name -> float).

    Every free parameter of the model the result depends on must be given (VEVs of singlets in GeV).
    Returns the nine couplings, the quark and nucleon ones (CV_u, CA_u, ..., CV_p, CV_n) plus ``m_zp``, ``m_z`` (GeV), ``rho`` and ``sin_phi``.
    """
    model = derivation.model
    if model.kind == "effective":
        raise InputError("an effective model has no gauge sector to diagonalise")
    c = constants()
    e_, sw_, cw_ = c.e, c.sw, c.cw
    g1_, g2_ = e_ / cw_, e_ / sw_
    symbols = dict(model.symbols)

    from .gauge import cw as cw_sym, e as e_sym, sw as sw_sym

    def num(expr) -> float:
        # constants can appear in a derived kinetic mixing (kinetic_mixing = "loop", derive/loop_mixing.py)
        expr = derivation.invariance.substitute(as_expr(expr)).xreplace(
            {e_sym: sp.Float(e_, 30), sw_sym: sp.Float(sw_, 30), cw_sym: sp.Float(cw_, 30)})
        missing = sorted(s.name for s in expr.free_symbols if s.name not in values)
        if missing:
            raise InputError(f"exact_couplings needs values for {missing}")
        return float(expr.xreplace({symbols[n]: sp.Float(x, 30) for n, x in values.items() if n in symbols}))

    gp = num(model.gp)
    kind, mix = model.kinetic_mixing
    if kind == "eps":
        eps = num(mix)
        if not abs(eps) < 1:
            raise InputError(f"kinetic mixing eps = {eps} must satisfy |eps| < 1")
        root = math.sqrt(1 - eps**2)
        gt, gp = -g1_ * eps / root, gp / root
    else:
        gt = num(mix)
    charges = model.field_charges()
    v_ew = c.v
    fractions = {k: num(f) for k, f in doublet_vev_fractions(model).items()}
    m2 = np.zeros((3, 3))
    for s in model.scalars:
        if not s.has_vev:
            continue
        z = num(charges[s.name])
        y = float(s.hypercharge)
        if s.rep == "doublet":
            vec = np.array([g1_ * y, -g2_ * y, gt * y + gp * z])
            v2 = v_ew**2 * fractions[s.name]
        else:
            vec = np.array([0.0, 0.0, gp * z])
            v2 = num(s.vev) ** 2
        m2 += v2 * np.outer(vec, vec)
    # Rotate to (A, Z0, X). The photon row/column vanish exactly (U(1)_em unbroken); their numerical
    # size is reported as photon_mass2. Diagonalising the remaining 2x2 block avoids the
    # photon-Z' near-degeneracy (gap m_Z'^2 << m_Z^2) spoiling the eigenvectors of a 3x3 eigh.
    weinberg = np.array([[cw_, -sw_, 0.0], [sw_, cw_, 0.0], [0.0, 0.0, 1.0]])
    m2w = weinberg.T @ m2 @ weinberg
    photon_mass2 = float(np.max(np.abs(m2w[0, :])))
    eigval, eigvec = np.linalg.eigh(m2w[1:, 1:])
    iz = int(np.argmax(np.abs(eigvec[0, :])))
    izp = 1 - iz
    zp2 = eigvec[:, izp] * np.sign(eigvec[1, izp] or 1.0)
    zp = weinberg @ np.array([0.0, zp2[0], zp2[1]])
    z0 = np.array([-sw_, cw_, 0.0])

    def coupling(t3, y, z):
        return float(np.array([g1_ * y, g2_ * t3, gt * y + gp * z]) @ zp)

    out = {}
    for fl in FLAVOURS:
        zl, zr = num(charges[f"L_{fl}"]), num(charges[f"eR_{fl}"])
        cl, cr = coupling(-0.5, -0.5, zl), coupling(0.0, -1.0, zr)
        out[f"CV_{fl}"] = (cr + cl) / 2
        out[f"CA_{fl}"] = (cr - cl) / 2
        out[f"Cnu_{fl}"] = coupling(0.5, -0.5, zl)
    quark_y = {"up": ((0.5, 1 / 6), (0.0, 2 / 3), "uR"), "down": ((-0.5, 1 / 6), (0.0, -1 / 3), "dR")}
    for q in QUARKS:
        kind, gen = QUARK_FIELDS[q]
        left, right, r_name = quark_y[kind]
        cl = coupling(*left, num(charges[f"Q_{gen}"]))
        cr = coupling(*right, num(charges[f"{r_name}_{gen}"]))
        out[f"CV_{q}"] = (cr + cl) / 2
        out[f"CA_{q}"] = (cr - cl) / 2
    out["CV_p"], out["CV_n"] = nucleon_couplings(out["CV_u"], out["CV_d"])
    m_z2 = max(eigval[iz], 0.0)
    out.update(
        m_zp=math.sqrt(max(eigval[izp], 0.0)),
        m_z=math.sqrt(m_z2),
        rho=(g2_**2 * v_ew**2 / 4) / (cw_**2 * m_z2),
        sin_phi=float(-zp @ z0),
        photon_mass2=photon_mass2,
    )
    return out


def leading_order_values(derivation, values: dict, variant: str = "lo", *, quarks: bool = False) -> dict:
    """Evaluate the symbolic couplings at ``values`` with the same constants as exact_couplings
    (the nine lepton couplings; with ``quarks=True`` also the quark and nucleon ones)."""
    c = constants()
    from .gauge import cw, e, sw, v

    symbols = dict(derivation.model.symbols)
    subs = {symbols[n]: sp.Float(x, 30) for n, x in values.items() if n in symbols}
    subs.update({e: sp.Float(c.e, 30), sw: sp.Float(c.sw, 30), cw: sp.Float(c.cw, 30), v: sp.Float(c.v, 30)})
    couplings = derivation.couplings_variant(variant)
    if quarks:
        couplings = {**couplings, **derivation.quark_couplings_variant(variant)}
    return {k: float(as_expr(x).xreplace(subs)) for k, x in couplings.items()}
