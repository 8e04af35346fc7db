"""Z-pole partial widths where the Z mixes with the Z' (verdict stage, beside the rho_0 check).

Mass mixing rotates the Z0 = cw W3 - sw B of the Standard Model into the X boson. In the convention of
derive/couplings.py (BCK21 Eq. (21)) the mass eigenstates are Z = c_phi Z0 + s_phi X and
Z' = -s_phi Z0 + c_phi X, so a chiral fermion component with Z0 coupling g0 = gZ (T3 - sw^2 Q) and X
coupling x = g~ Y + g' z has the Z' coupling C = -s_phi g0 + c_phi x and the Z coupling

    g_Z = c_phi g0 + s_phi x = g0 / c_phi + t_phi C          (exact; t_phi = s_phi / c_phi).

With the chiral Z' couplings C_L = C_V - C_A, C_R = C_V + C_A (Eq. (6)) and C_L = C_nu for a neutrino,
the tree-level width of Z -> f fbar (massless f; QCD and QED corrections cancel in the ratio) changes by

    delta_f = [(g_Z,L)^2 + (g_Z,R)^2] / [(g0_L)^2 + (g0_R)^2] - 1,

for f = e, mu, tau, the three neutrinos and u, d, s, c, b (the top is above m_Z/2). The angle comes
from the Z0-X block [[a, b], [b, d]] of the tree-level mass matrix that the rho_0 check already
evaluates (viability/rho.py): tan(2 phi) = 2 b / (a - d), |phi| < pi/4 (Z = the state with the larger
Z0 component, for a Z' lighter or heavier than the Z). At the witness the exact couplings and sin(phi)
of derive/exact.py are used.

Observables (data/pdg.toml, table ``zpole``; LEP-SLC, hep-ex/0509008, with Gfitter SM predictions):
Gamma_Z and R_l = Gamma_had / Gamma_ll for l = e, mu, tau. Predicted relative shifts
Gamma_Z: sum_f w_f delta_f with the SM tree-level fractions w_f (N_c = 3 (1 + alpha_s/pi) for quarks);
R_l: (1 + delta_had) / (1 + delta_l) - 1. Each is compared on its own with the measured deviation from
the SM prediction, relative, at 95% CL two-sided:

    ratio = |delta_pred - (X_meas / X_SM - 1)| / (z_95 sigma_X / X_SM),

and the check's ratio is the largest of the four (named z_pole_widths). Not included: the correlations
among the Z-pole observables, a global fit, the asymmetries, the oblique shift of m_Z and sw^2 (that
part is the rho_0 check), loops. Effective models have no Z-Z' mixing angle and are not checked.
"""
from __future__ import annotations

import functools
import math

import numpy as np

from ..constants import constants, pdg_inputs
from ..constraints.neutrino_scattering import two_sided_z

NAME = "z_pole_widths"
CL = 0.95

#: (T3, Q) of the chiral components of the fermions the Z decays to, and the Z' couplings that give
#: their chiral couplings: name -> (colour factor key, ((T3_L, Q), (T3_R, Q)), (C_V name, C_A name))
_LEPTONS = {fl: ((-0.5, -1.0), (0.0, -1.0)) for fl in ("e", "mu", "tau")}
_UP = ((0.5, 2.0 / 3.0), (0.0, 2.0 / 3.0))
_DOWN = ((-0.5, -1.0 / 3.0), (0.0, -1.0 / 3.0))
_QUARKS = {"u": _UP, "c": _UP, "d": _DOWN, "s": _DOWN, "b": _DOWN}
OBSERVABLES = ("Gamma_Z", "R_e", "R_mu", "R_tau")


@functools.cache
def measurements() -> dict:
    """name -> (relative deviation X_meas/X_SM - 1, relative sigma sigma_X/X_SM, source)."""
    table = pdg_inputs()["zpole"]
    out = {}
    for name in OBSERVABLES:
        entry = table[name]
        sm = float(entry["sm"])
        out[name] = (float(entry["value"]) / sm - 1.0, float(entry["sigma"]) / sm, str(entry["source"]))
    return out


def angle_from_block(a, b, d) -> tuple[np.ndarray, np.ndarray]:
    """(s_phi, c_phi) of the Z-Z' mixing from the Z0-X block [[a, b], [b, d]] (GeV^2, arrays)."""
    a, b, d = (np.asarray(x, dtype=float) for x in (a, b, d))
    with np.errstate(divide="ignore", invalid="ignore"):
        phi = 0.5 * np.arctan2(2.0 * b, a - d)  # a > d (light Z'): |phi| < pi/4 directly
        # a < d (heavy Z'): arctan2 lands near +-pi/2; the Z-like eigenvector is at phi -+ pi/2
        phi = np.where(phi > 0.25 * np.pi, phi - 0.5 * np.pi, np.where(phi < -0.25 * np.pi, phi + 0.5 * np.pi, phi))
    return np.sin(phi), np.cos(phi)


def _z0(t3: float, q: float) -> float:
    c = constants()
    return c.e / (c.sw * c.cw) * (t3 - c.sw2 * q)


@functools.cache
def _channels() -> tuple:
    """(names, g0_L, g0_R, C_V names, C_A names) of the charged fermions, then (names, g0, C_nu names) of
    the neutrinos, as arrays for one vectorised pass."""
    charged = {**_LEPTONS, **_QUARKS}
    names = tuple(charged)
    g0l = np.array([_z0(*comps[0]) for comps in charged.values()])
    g0r = np.array([_z0(*comps[1]) for comps in charged.values()])
    nus = tuple(f"nu_{fl}" for fl in ("e", "mu", "tau"))
    return (names, g0l, g0r, tuple(f"CV_{f}" for f in names), tuple(f"CA_{f}" for f in names),
            nus, _z0(0.5, 0.0), tuple(f"Cnu_{fl}" for fl in ("e", "mu", "tau")))


def width_shifts(sin_phi, cos_phi, couplings: dict) -> dict[str, np.ndarray]:
    """Relative change delta_f of Gamma(Z -> f fbar) for each light fermion (see the module docstring).

    ``couplings``: the Z' couplings (CV_e, CA_e, ..., Cnu_e, ..., CV_u, CA_u, ...; missing ones are 0).
    All channels in one pass on (channel, point) arrays (elementwise: the same doubles channel by channel)."""
    s = np.asarray(sin_phi, dtype=float)
    c = np.asarray(cos_phi, dtype=float)
    t = s / c
    shape = np.shape(t)
    names, g0l, g0r, cv_names, ca_names, nus, g0n, cnu_names = _channels()

    def stacked(keys):
        out = np.zeros((len(keys), *shape))
        for j, k in enumerate(keys):
            if k in couplings:
                out[j] = couplings[k]
        return out

    cv, ca = stacked(cv_names), stacked(ca_names)
    col = (slice(None),) + (None,) * len(shape)  # channel constants against (channel, point) arrays
    gl = g0l[col] / c + t * (cv - ca)
    gr = g0r[col] / c + t * (cv + ca)
    charged = (gl**2 + gr**2) / (g0l**2 + g0r**2)[col] - 1.0
    gn = g0n / c + t * stacked(cnu_names)
    neutral = gn**2 / g0n**2 - 1.0
    out = dict(zip(names, charged))
    out.update(zip(nus, neutral))
    return out


@functools.cache
def _sm_fractions() -> dict[str, float]:
    """Tree-level SM fractions of Gamma_Z per channel (quarks with N_c (1 + alpha_s/pi))."""
    qcd = 3.0 * (1.0 + constants().alpha_s_mZ / math.pi)
    names, g0l, g0r, _, _, nus, g0n, _ = _channels()
    w = {f: (qcd if f in _QUARKS else 1.0) * float(gl**2 + gr**2) for f, gl, gr in zip(names, g0l, g0r)}
    w.update({nu: g0n**2 for nu in nus})
    total = sum(w.values())
    return {k: x / total for k, x in w.items()}


def predicted_shifts(delta: dict) -> dict[str, np.ndarray]:
    """Relative shifts of Gamma_Z and R_e, R_mu, R_tau from the per-channel delta_f."""
    w = _sm_fractions()
    had_w = sum(w[q] for q in _QUARKS)
    d_had = sum(w[q] * delta[q] for q in _QUARKS) / had_w
    out = {"Gamma_Z": sum(w[k] * delta[k] for k in w)}
    for fl in ("e", "mu", "tau"):
        out[f"R_{fl}"] = (1.0 + d_had) / (1.0 + delta[fl]) - 1.0
    return out


def ratios(sin_phi, cos_phi, couplings: dict) -> dict[str, np.ndarray]:
    """Per observable: |shift - measured deviation| / (z_95 sigma) (<= 1 allowed)."""
    z = two_sided_z(CL)
    pred = predicted_shifts(width_shifts(sin_phi, cos_phi, couplings))
    return {name: np.abs(pred[name] - dev) / (z * sig) for name, (dev, sig, _) in measurements().items()}


def zpole_ratio(sin_phi, cos_phi, couplings: dict) -> np.ndarray:
    """The check's ratio: the largest of :func:`ratios` (NaN stays NaN)."""
    r = ratios(sin_phi, cos_phi, couplings)
    return np.max(np.stack([np.asarray(x, dtype=float) for x in r.values()]), axis=0)
