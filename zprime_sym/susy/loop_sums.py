"""The neutralino and chargino sums of the SUSY Delta a_l, written once for a batch and for one point.

The sums of :mod:`.g2` (BDR20 Eqs. (3.2)-(3.5) in the conventions of Martin & Wells, hep-ph/0103067
Eqs. (2.2)-(2.12)) run here over the mass eigenstates one pair at a time:

  a^chi0 = m_l/(16 pi^2) sum_{i,m} [ -m_l/(12 m_m^2) (r^L_im^2 + r^R_im^2) F1N(x_im)
                                     + lambda_i/(3 m_m^2) r^L_im r^R_im F2N(x_im) ],  x_im = m_chi_i^2 / m_m^2
  a^chi+ = m_l/(16 pi^2) sum_k   [  m_l/(12 m_snu^2) (c^L_k^2 + c^R_k^2) F1C(x_k)
                                     + 2 m_chi_k/(3 m_snu^2) c^L_k c^R_k F2C(x_k) ]

  r^R_im = -sqrt2 sum_a G_a(l_R) O_ai X_m2 + y_l O_Hd,i X_m1,  r^L_im = -sqrt2 sum_a G_a(l_L) O_ai X_m1 - y_l O_Hd,i X_m2
  c^L_k = -g2 V_k1,  c^R_k = y_l U_k2,  y_l = sqrt2 m_l / v_d,  v_d = 2 m_W / (g2 sqrt(1 + tan^2 beta)).

This is MW's formula with complex N: the Takagi factor of the real symmetric neutralino matrix is
N = diag(eta) O^T with eta_i = 1 or i (:func:`.diagonalize.takagi_from_eigh`: i where the eigenvalue
lambda_i < 0, m_chi_i = |lambda_i|), so n^{L,R}_im = eta_i r^{L,R}_im with real r,
|n^L|^2 + |n^R|^2 = (r^L)^2 + (r^R)^2 and m_chi_i Re(n^L n^R) = m_chi_i Re(eta_i^2) r^L r^R = lambda_i r^L r^R.
O and the sign of lambda_i are read off N exactly (O = Re N + Im N, one of which is a signed zero in each
row); an N without that form is refused. The slepton mixing X and U, V are real (real symmetric and
real matrices).

Every quantity is an element of one "value type": a 1-d array over the points of a batch, or a Python
float for one point. The same lines of :func:`loop_sums` run on both, so one point gives the doubles
of the same point inside a batch: only +, -, *, / (identical IEEE operations on floats and arrays), no
``**``, no complex arithmetic (numpy's complex product uses fused multiply-adds, Python's does not) and
the logarithms of the loop functions from numpy in both cases (:func:`.loops.loop_values`). At one
point this avoids some 300 numpy calls on arrays of 2-32 values (their per-call cost, not the
arithmetic, was the time of a single point).
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..exceptions import InputError
from .loops import loop_values

_SQRT2 = math.sqrt(2.0)


@dataclass(frozen=True)
class LeptonPlan:
    """What the sums need of a lepton besides the spectrum: for each chirality (l_L, l_R) the terms
    (neutralino basis index a, coupling name, charge Q) of its gaugino couplings G_a = sum g Q (zero
    charges left out), and the basis index of its Yukawa doublet H_d."""

    gauge: tuple[tuple[tuple[int, str, float], ...], tuple[tuple[int, str, float], ...]]
    hd: int


def _columns(values: np.ndarray, scalar: bool):
    """An (n, ...) array as nested sequences indexed like values[0] with the point axis last: Python
    floats at one point (``scalar``), contiguous (n,) rows in a batch."""
    if scalar:
        return values[0].tolist()
    return np.ascontiguousarray(np.moveaxis(values, 0, -1))


_NOT_TAKAGI = ("the neutralino mixing N must be a Takagi factor diag(eta) O^T with eta_i = 1 or i (real O; "
               "what zprime_sym.susy.params.compute_spectrum returns)")


def real_neutralino_mixing(N: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(O^T (n, i, a) real, sign of lambda_i (n, i) as +-1.0) of a Takagi factor N = diag(eta) O^T with
    eta_i in {1, i}; InputError for an N without that form. Exact: each row of N has a real or an
    imaginary part that is a signed zero, and x + (+-0) = x."""
    if not np.iscomplexobj(N):
        return N, np.ones(N.shape[:2])
    imaginary_rows = np.any(N.imag != 0, axis=-1)
    if np.any(imaginary_rows & np.any(N.real != 0, axis=-1)):
        raise InputError(_NOT_TAKAGI)
    return N.real + N.imag, np.where(imaginary_rows, -1.0, 1.0)


def _real_rows(n_point: np.ndarray) -> tuple[list, list]:
    """:func:`real_neutralino_mixing` of one point's N (7, 7), read as rows of Python floats (real and
    imaginary parts; a float is true where it is != 0, NaN included): (rows of O^T, signs) as lists of
    floats (the same additions, so the same doubles)."""
    rot, signs = [], []
    for re, im in zip(n_point.real.tolist(), n_point.imag.tolist()):
        imaginary = any(im)
        if imaginary and any(re):
            raise InputError(_NOT_TAKAGI)
        rot.append([a + b for a, b in zip(re, im)])
        signs.append(-1.0 if imaginary else 1.0)
    return rot, signs


def gauge_sums(terms: Sequence[tuple[int, str, float]], couplings: dict) -> dict:
    """{basis index a: G_a = sum of g Q over the terms of gaugino a} (in the order of the terms)."""
    out: dict = {}
    for a, name, charge in terms:
        value = couplings[name] * charge
        out[a] = out[a] + value if a in out else value
    return out


def loop_sums(spectrum, flavours: Sequence[str], plans: Sequence[LeptonPlan], lepton_masses: Sequence,
              tan_beta, g_x, g_yx, scalar: bool) -> tuple[list, list]:
    """([neutralino part], [chargino part]) of Delta a_l for each lepton of ``plans`` (module docstring),
    the lepton of plan k having the sleptons of ``flavours[k]`` in ``spectrum`` (a :class:`.params.Spectrum`).

    ``lepton_masses``, ``tan_beta``, ``g_x`` and ``g_yx`` are of the value type: Python floats if ``scalar``
    (a spectrum of one point), else (n,) arrays; the parts are of the same type."""
    mchi = _columns(spectrum.neutralino_masses, scalar)
    if scalar:  # the rows of N as Python floats: the same exact reading, without array reductions
        rot, signs = _real_rows(spectrum.N[0])
        lam = [s * m for s, m in zip(signs, mchi)]
    else:
        o_t, sign = real_neutralino_mixing(spectrum.N)
        lam, rot = _columns(sign * spectrum.neutralino_masses, scalar), _columns(o_t, scalar)
    mch, U, V = (_columns(a, scalar) for a in (spectrum.chargino_masses, spectrum.U, spectrum.V))
    sm = spectrum.sm
    g1, g2, m_w = (sm[k][0].item() if scalar else sm[k] for k in ("g1", "g2", "m_W"))
    couplings = {"g1": g1, "g2": g2, "gX": g_x, "gYX": g_yx}
    v_d = 2.0 * m_w / g2 / (math.sqrt if scalar else np.sqrt)(1.0 + tan_beta * tan_beta)
    n_i = len(lam)
    setups, x_neut, x_char = [], [], []
    for fl, plan, m_l in zip(flavours, plans, lepton_masses):
        X = _columns(spectrum.slepton_mixing[fl], scalar)
        msl = _columns(spectrum.slepton_masses[fl], scalar)
        msnu = _columns(spectrum.sneutrino_masses[fl], scalar)
        m2 = [msl[m] * msl[m] for m in range(2)]
        msn2 = msnu * msnu
        x_neut += [mchi[i] * mchi[i] / m2[m] for i in range(n_i) for m in range(2)]
        x_char += [mch[j] * mch[j] / msn2 for j in range(2)]
        gauge = [sorted(gauge_sums(terms, couplings).items()) for terms in plan.gauge]
        setups.append((plan.hd, gauge, X, m2, msn2, m_l, _SQRT2 * m_l / v_d))
    f1n, f2n, f1c, f2c = (iter(f) for f in loop_values(x_neut, x_char))
    neutralino, chargino = [], []
    for hd, gauge, X, m2, msn2, m_l, y in setups:
        total = None
        scale_1 = [-m_l / (12.0 * m2_m) for m2_m in m2]  # the factors of each slepton m, computed once
        scale_2 = [3.0 * m2_m for m2_m in m2]
        for i in range(n_i):
            row = rot[i]
            gn = []
            for g in gauge:  # -sqrt2 sum_a G_a O_ai, l_L then l_R
                acc = None
                for a, g_a in g:
                    acc = row[a] * g_a if acc is None else acc + row[a] * g_a
                gn.append(-_SQRT2 * acc if acc is not None else 0.0 * row[0])
            yn = y * row[hd]
            for m in range(2):  # x_im in the order of x_neut: neutralino i, then slepton m
                x_m1, x_m2 = X[m][0], X[m][1]
                r_l = gn[0] * x_m1 - yn * x_m2
                r_r = gn[1] * x_m2 + yn * x_m1
                term = scale_1[m] * (r_l * r_l + r_r * r_r) * next(f1n) + lam[i] / scale_2[m] * (r_l * r_r) * next(f2n)
                total = term if total is None else total + term
        pref = m_l / (16.0 * math.pi**2)
        neutralino.append(pref * total)
        char = None
        for j in range(2):
            c_l = -g2 * V[j][0]
            c_r = y * U[j][1]
            term = (m_l / (12.0 * msn2) * (c_l * c_l + c_r * c_r) * next(f1c)
                    + 2.0 * mch[j] / (3.0 * msn2) * (c_l * c_r) * next(f2c))
            char = term if char is None else char + term
        chargino.append(pref * char)
    return neutralino, chargino
