"""Tree-level two-body decay widths of charginos and neutralinos (GeV), for the branching ratios of the
LHC recasts (:mod:`zprime_sym.susy.lhc`, BDR20 Eq. (4.4): σ^G × F_M × Π BR).

Channels (every one open in the spectrum; final-state lepton masses kept in the kinematics):

* χ̃±_k → ν̃_ℓ ℓ±, ℓ̃_m ν_ℓ (ℓ = e, μ, τ);  χ̃⁰_j → ℓ̃_m ℓ, ν̃_ℓ ν (both charge-conjugate final states);
* χ̃±_k → W± χ̃⁰_i, Z χ̃±_1 (k = 2), h χ̃±_1 (k = 2);  χ̃⁰_j → W∓ χ̃±_k, Z χ̃⁰_i, h χ̃⁰_i.

Widths for a fermion F_j → F_i + boson with the vertex ū_i Γ u_j (spin-summed |M|² derived in
docs/susy-constraints.md; λ = Källén function, p = λ^½/(2 m_j), Γ = Σ|M|² p / (16π m_j²)):

* scalar S, Γ = a P_L + b P_R: Σ|M|² = (|a|²+|b|²)(m_j² + m_i² − m_S²) + 4 Re(a b*) m_i m_j;
* vector V, Γ = γ^μ(a P_L + b P_R): Σ|M|² = (|a|²+|b|²)(m_j² + m_i² − 2m_V² + (m_j² − m_i²)²/m_V²)
  − 12 Re(a b*) m_i m_j.

Couplings, SLHA conventions of this project (N* M N† = diag(m ≥ 0), U* X V† = diag(m ≥ 0), neutralino
basis (B̃, W̃³, H̃d, H̃u, B̃′, η̃, η̄̃), chargino bases ψ⁻ = (W̃⁻, H̃d⁻), ψ⁺ = (W̃⁺, H̃u⁺)):

* W (Gunion–Haber, adapted to the 7-state N): L = g W⁻_μ χ̄⁰_i γ^μ (O^L_ij P_L + O^R_ij P_R) χ̃⁺_j + h.c.,
  O^L_ij = −N_i,Hu V*_j2 /√2 + N_i,W V*_j1,  O^R_ij = N*_i,Hd U_j2 /√2 + N*_i,W U_j1;
* Z: L = (g/c_W) Z_μ [χ̄⁺_i γ^μ (O′^L P_L + O′^R P_R) χ̃⁺_j + ½ χ̄⁰_i γ^μ (O″^L P_L + O″^R P_R) χ̃⁰_j],
  O′^L_ij = −V_i1 V*_j1 − ½ V_i2 V*_j2 + δ_ij s_W², O′^R_ij = −U*_i1 U_j1 − ½ U*_i2 U_j2 + δ_ij s_W²,
  O″^L_ij = −½ N_i,Hd N*_j,Hd + ½ N_i,Hu N*_j,Hu, O″^R = −(O″^L)*;
* h (decoupling limit, α = β − π/2, so h is the fluctuation of the VEV, v → v + h): its couplings are
  ∂(mass matrix)/∂v. The gaugino–higgsino entries of the neutralino matrix M and the off-diagonal
  entries of X are exactly linear in v (g Q v_{d,u}), everything else is v-independent, so
  ∂M/∂v = M_GH / v with M = Nᵀ diag(m) N, and ∂X/∂v = offdiag(X)/v with X = Uᵀ diag(m) V.
  −L = h χ⁻_i Y_ij χ⁺_j + h.c. gives ū_i (Y_ij P_L + Y*_ji P_R) u_j for χ̃±_j → χ̃±_i h (Y = U* ∂X V†);
  −L = ½ h χ⁰_i Y_ij χ⁰_j + h.c. gives ū_i (Y_ij P_L + Y*_ij P_R) u_j for χ̃⁰_j → χ̃⁰_i h (Y = N* ∂M N†);
* sleptons: the Martin–Wells couplings of :mod:`zprime_sym.susy.g2` (n^L, n^R for ℓ̃ ℓ χ̃⁰;
  c^L = −g V_k1, c^R = y_ℓ U_k2 for ν̃ ℓ χ̃±), and for ℓ̃_m ν χ̃±_k (ν left-handed only)
  a = −g U_k1 X_m1 + y_ℓ U_k2 X_m2; for ν̃ ν χ̃⁰_j a = −√2 Σ_a G_a(ν) N_ja, G_a = Σ g Q over gaugino a's
  couplings (T³ = +½, so B̃′ enters through g_X X + g_YX Y, the same gauge structure as the D-terms).

Limits checked in tests/test_susy_decays.py: a pure wino decaying to a sneutrino, g²m(1 − m_ν̃²/m²)²/(32π);
and a heavy wino (M2 ≫ |μ| ≫ m_Z) decaying to higgsinos, which by the Goldstone-boson equivalence
theorem goes to W : Z : h = 2 : 1 : 1 (neutral wino: W : Z : h = 2 : 1 : 1 as well).
"""
from __future__ import annotations

import math

import numpy as np

from ..data import read_toml
from .g2 import _gauge_vectors, _lepton_yukawa, neutralino_couplings
from .params import FLAVOURS

#: basis indices of the neutralino basis used here (checked against spectrum.neutralino_basis)
_BASIS = ("Bino", "Wino", "Hd", "Hu")


def higgs_mass() -> float:
    """m_h in GeV (PDG, data/lhc.toml)."""
    return float(read_toml("lhc.toml")["higgs"]["m_h"])


def _kallen(a, b, c):
    return a * a + b * b + c * c - 2 * (a * b + a * c + b * c)


def _width(m_parent, m_daughter, m_boson, a, b, vector: bool):
    """Two-body width (GeV) for couplings a P_L + b P_R (module docstring); 0 where closed."""
    mj, mi, mb = np.broadcast_arrays(*(np.asarray(x, float) for x in (m_parent, m_daughter, m_boson)))
    lam = _kallen(mj**2, mi**2, mb**2)
    open_ = (mj > mi + mb) & (lam > 0)
    aa = np.abs(a) ** 2 + np.abs(b) ** 2
    ab = np.real(a * np.conj(b))
    if vector:
        msq = aa * (mj**2 + mi**2 - 2 * mb**2 + (mj**2 - mi**2) ** 2 / mb**2) - 12 * ab * mi * mj
    else:
        msq = aa * (mj**2 + mi**2 - mb**2) + 4 * ab * mi * mj
    with np.errstate(invalid="ignore", divide="ignore"):
        w = msq * np.sqrt(np.where(open_, lam, 0.0)) / (32 * math.pi * mj**3)
    return np.where(open_, np.maximum(w, 0.0), 0.0)


def _matrices(spectrum):
    """(N, mN, U, V, mC, M, X) with the mass matrices rebuilt from the decompositions."""
    basis = tuple(spectrum.neutralino_basis[:4])
    if basis != _BASIS:
        raise ValueError(f"neutralino basis {spectrum.neutralino_basis} does not start with {_BASIS}")
    N = np.asarray(spectrum.N)
    mN = np.abs(np.asarray(spectrum.neutralino_masses, float))
    U, V = np.asarray(spectrum.U), np.asarray(spectrum.V)
    mC = np.abs(np.asarray(spectrum.chargino_masses, float))
    M = np.einsum("nki,nk,nkj->nij", N, mN, N)  # M = N^T diag N
    X = np.einsum("nki,nk,nkj->nij", U, mC, V)  # X = U^T diag V
    return N, mN, U, V, mC, M, X


def _higgs_couplings(spectrum):
    """(Y_chargino (n,2,2) = U* dX V^dagger, Y_neutralino (n,7,7) = N* dM N^dagger), d = d/dv."""
    N, _, U, V, _, M, X = _matrices(spectrum)
    v = 2.0 * np.asarray(spectrum.sm["m_W"], float) / np.asarray(spectrum.sm["g2"], float)
    dX = X.copy()
    dX[:, 0, 0] = 0.0
    dX[:, 1, 1] = 0.0
    dX = dX / v[:, None, None]
    gaugino = [i for i, name in enumerate(spectrum.neutralino_basis) if name not in ("Hd", "Hu", "eta", "etabar")]
    higgsino = [2, 3]
    dM = np.zeros_like(M)
    for a in gaugino:
        for h in higgsino:
            dM[:, a, h] = M[:, a, h]
            dM[:, h, a] = M[:, h, a]
    dM = dM / v[:, None, None]
    yc = np.conj(U) @ dX @ np.conj(np.swapaxes(V, 1, 2))
    yn = np.conj(N) @ dM @ np.conj(np.swapaxes(N, 1, 2))
    return yc, yn


def _w_couplings(spectrum):
    """(O^L, O^R), each (n, 7, 2): neutralino i, chargino j (module docstring)."""
    N, _, U, V, _, _, _ = _matrices(spectrum)
    s2 = math.sqrt(2.0)
    ol = -N[:, :, 3, None] * np.conj(V[:, None, :, 1]) / s2 + N[:, :, 1, None] * np.conj(V[:, None, :, 0])
    orr = np.conj(N[:, :, 2, None]) * U[:, None, :, 1] / s2 + np.conj(N[:, :, 1, None]) * U[:, None, :, 0]
    return ol, orr


def _electroweak(spectrum):
    """(g2, m_W, m_Z, c_W = m_W/m_Z) of a spectrum's SM inputs, as arrays."""
    g = np.asarray(spectrum.sm["g2"], float)
    mW, mZ = np.asarray(spectrum.sm["m_W"], float), np.asarray(spectrum.sm["m_Z"], float)
    return g, mW, mZ, mW / mZ


def chargino_widths(spectrum, params, k: int) -> dict:
    """{channel: width (n,) GeV} of χ̃±_k (k = 0 lighter, 1 heavier). Channels: ``snu_l`` / ``sl_nu``
    (summed over the slepton eigenstates) per flavour as ``"snu_l:mu"``, ``"sl_nu:mu"``; ``"W:i"`` (to
    χ̃⁰_i), ``"Z"``, ``"h"`` (to χ̃±_1, for k = 1)."""
    N, mN, U, V, mC, _, _ = _matrices(spectrum)
    g, mW, mZ, cw = _electroweak(spectrum)
    out = {}
    for fl in FLAVOURS:
        _, y = _lepton_yukawa(spectrum, params, fl)
        m_l = np.asarray(spectrum.sm[f"m_{fl}"], float)
        msn = np.abs(np.asarray(spectrum.sneutrino_masses[fl], float)).reshape(mC.shape[0], -1)[:, 0]
        cl, cr = -g * V[:, k, 0], y * U[:, k, 1]
        out[f"snu_l:{fl}"] = _width(mC[:, k], m_l, msn, cl, cr, vector=False)
        Xs = np.asarray(spectrum.slepton_mixing[fl])
        msl = np.abs(np.asarray(spectrum.slepton_masses[fl], float))
        tot = 0.0
        for m in range(2):
            a = -g * U[:, k, 0] * Xs[:, m, 0] + y * U[:, k, 1] * Xs[:, m, 1]
            tot = tot + _width(mC[:, k], 0.0, msl[:, m], a, 0.0, vector=False)
        out[f"sl_nu:{fl}"] = tot
    ol, orr = _w_couplings(spectrum)
    for i in range(mN.shape[1]):
        # chi+_k -> chi0_i W+: vertex conj of the W- coupling: (O^L)* P_L + (O^R)* P_R (same |.|, Re)
        out[f"W:{i}"] = _width(mC[:, k], mN[:, i], mW, g * np.conj(ol[:, i, k]), g * np.conj(orr[:, i, k]), vector=True)
    if k == 1:
        opl = -V[:, 0, 0] * np.conj(V[:, 1, 0]) - 0.5 * V[:, 0, 1] * np.conj(V[:, 1, 1])
        opr = -np.conj(U[:, 0, 0]) * U[:, 1, 0] - 0.5 * np.conj(U[:, 0, 1]) * U[:, 1, 1]
        out["Z"] = _width(mC[:, 1], mC[:, 0], mZ, g / cw * opl, g / cw * opr, vector=True)
        yc, _ = _higgs_couplings(spectrum)
        out["h"] = _width(mC[:, 1], mC[:, 0], higgs_mass(), yc[:, 0, 1], np.conj(yc[:, 1, 0]), vector=False)
    return out


def neutralino_widths(spectrum, params, j: int) -> dict:
    """{channel: width (n,) GeV} of χ̃⁰_j: ``"sl_l:mu"`` (ℓ̃⁻ℓ⁺ + ℓ̃⁺ℓ⁻, both eigenstates), ``"snu_nu:mu"``
    (ν̃ν̄ + ν̃*ν), ``"W:k"`` (W⁺χ̃⁻_k + W⁻χ̃⁺_k), ``"Z:i"``, ``"h:i"`` (to lighter χ̃⁰_i)."""
    N, mN, U, V, mC, _, _ = _matrices(spectrum)
    g, mW, mZ, cw = _electroweak(spectrum)
    out = {}
    for fl in FLAVOURS:
        n_l, n_r = neutralino_couplings(spectrum, params, fl)
        m_l = np.asarray(spectrum.sm[f"m_{fl}"], float)
        msl = np.abs(np.asarray(spectrum.slepton_masses[fl], float))
        tot = 0.0
        for m in range(2):
            tot = tot + 2 * _width(mN[:, j], m_l, msl[:, m], np.conj(n_l[:, j, m]), -n_r[:, j, m], vector=False)
        out[f"sl_l:{fl}"] = tot
        p, _ = _lepton_yukawa(spectrum, params, fl)
        g_l, _, _ = _gauge_vectors(spectrum, p, fl)
        g_nu = g_l.copy()
        wino = list(spectrum.neutralino_basis).index("Wino")
        g_nu[:, wino] = -g_l[:, wino]  # T3 = +1/2 for the sneutrino (g_l has T3 = -1/2); U(1) parts equal
        a = -math.sqrt(2.0) * np.einsum("na,na->n", N[:, j, :], g_nu)
        msn = np.abs(np.asarray(spectrum.sneutrino_masses[fl], float)).reshape(mN.shape[0], -1)[:, 0]
        out[f"snu_nu:{fl}"] = 2 * _width(mN[:, j], 0.0, msn, a, 0.0, vector=False)
    ol, orr = _w_couplings(spectrum)
    for k in range(2):
        out[f"W:{k}"] = 2 * _width(mN[:, j], mC[:, k], mW, g * ol[:, j, k], g * orr[:, j, k], vector=True)
    _, yn = _higgs_couplings(spectrum)
    for i in range(j):
        o2l = -0.5 * N[:, i, 2] * np.conj(N[:, j, 2]) + 0.5 * N[:, i, 3] * np.conj(N[:, j, 3])
        out[f"Z:{i}"] = _width(mN[:, j], mN[:, i], mZ, g / cw * o2l, -g / cw * np.conj(o2l), vector=True)
        out[f"h:{i}"] = _width(mN[:, j], mN[:, i], higgs_mass(), yn[:, i, j], np.conj(yn[:, i, j]), vector=False)
    return out


def branching_ratios(widths: dict) -> dict:
    """{channel: BR} from {channel: width}; all zero where the total width vanishes."""
    total = sum(widths.values())
    safe = np.where(total > 0, total, 1.0)
    return {k: np.where(total > 0, w / safe, 0.0) for k, w in widths.items()}
