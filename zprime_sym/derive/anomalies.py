"""Gauge and gravitational anomaly coefficients involving U(1)'.

All fermions are written as left-handed Weyl fields: a right-handed field with (Y, z) enters as its
conjugate with (-Y, -z). With multiplicity d = dim SU(3) x dim SU(2) and Dynkin index T(fund) = 1/2,
    A[SU(3)^2 U(1)'] = sum_{colour triplets} T(3) dim_SU2 z,
    A[SU(2)^2 U(1)'] = sum_{doublets}      T(2) dim_SU3 z,
    A[U(1)_Y^2 U(1)'] = sum d Y^2 z,   A[U(1)_Y U(1)'^2] = sum d Y z^2,
    A[U(1)'^3] = sum d z^3,            A[grav^2 U(1)'] = sum d z.
Coefficients are reported, not enforced (BCK21, start of Sec. IV: extra SM-sterile fermions can
always fix U(1)'^3 and grav^2 U(1)').
"""
from __future__ import annotations

import sympy as sp

ANOMALY_NAMES = ("SU3^2 U1'", "SU2^2 U1'", "U1Y^2 U1'", "U1Y U1'^2", "U1'^3", "grav^2 U1'")


def anomaly_coefficients(model, substitute=None) -> dict[str, sp.Expr]:
    """Anomaly coefficients of the model's fermions (charges after ``substitute``, if given)."""
    half = sp.Rational(1, 2)
    totals = dict.fromkeys(ANOMALY_NAMES, sp.Integer(0))
    for f in model.fermions:
        sign = 1 if f.chirality == "L" else -1
        z = sign * (substitute(f.charge) if substitute else f.charge)
        y = sign * f.hypercharge
        d = f.su3 * f.su2
        if f.su3 == 3:
            totals["SU3^2 U1'"] += half * f.su2 * z
        if f.su2 == 2:
            totals["SU2^2 U1'"] += half * f.su3 * z
        totals["U1Y^2 U1'"] += d * y**2 * z
        totals["U1Y U1'^2"] += d * y * z**2
        totals["U1'^3"] += d * z**3
        totals["grav^2 U1'"] += d * z
    return {k: sp.factor(sp.expand(v)) for k, v in totals.items()}
