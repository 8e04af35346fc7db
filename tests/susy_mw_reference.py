"""Independent reference implementations of the SUSY one-loop a_l, written separately from
zprime_sym.susy (own matrices, own diagonalisation conventions, mpmath loop functions).

* :func:`mw_mssm` - Martin & Wells, hep-ph/0103067 Eqs. (2.2)-(2.12): MSSM 4x4 neutralinos,
  v ~ 174 GeV normalisation, REAL N with SIGNED masses (MW's complex N with positive masses is
  equivalent: a row with negative mass is multiplied by i).
* :func:`paper_form` - BDR20 Eqs. (3.2)-(3.5) as printed (as docs/conventions.md reads them: sqrt2 g1,
  x = m_chi^2/m^2), with the corrected 7x7 neutralino matrix of Eq. (2.3) typed in by hand, real N
  and signed masses, so Re(n^L n^R) applies as printed.
Per point, plain Python loops: slow but obviously written.
"""
import math

import mpmath as mp
import numpy as np

from zprime_sym.constants import constants


def _loops(x):
    x = mp.mpf(x)
    if abs(x - 1) < mp.mpf("1e-6"):
        x = x + mp.mpf("1e-6")  # mpmath at 50 digits: the closed forms are fine this close to 1
    f1n = 2 * (1 - 6 * x + 3 * x**2 + 2 * x**3 - 6 * x**2 * mp.log(x)) / (1 - x) ** 4
    f2n = 3 * (1 - x**2 + 2 * x * mp.log(x)) / (1 - x) ** 3
    f1c = 2 * (2 + 3 * x - 6 * x**2 + x**3 + 6 * x * mp.log(x)) / (1 - x) ** 4
    f2c = -mp.mpf(3) / 2 * (3 - 4 * x + x**2 + 2 * mp.log(x)) / (1 - x) ** 3
    return float(f1n), float(f2n), float(f1c), float(f2c)


def electroweak():
    c = constants()
    e = math.sqrt(4 * math.pi / c.alpha_inv_mZ)
    sw2 = 1 - c.m_W**2 / c.m_Z**2
    return dict(g=e / math.sqrt(sw2), gp=e / math.sqrt(1 - sw2), mW=c.m_W, mZ=c.m_Z, sw2=sw2)


def _smuon(p, ml, ew, q_x=0.0):
    cb2 = (1 - p["tan_beta"] ** 2) / (1 + p["tan_beta"] ** 2)
    c2g = (1 - p.get("tan_gamma", 1.0) ** 2) / (1 + p.get("tan_gamma", 1.0) ** 2)
    dx = 0.5 * q_x * p.get("m_zp", 0.0) ** 2 * c2g
    # g_YX part of the B' D-term (B~' couples through g_X X + g_YX Y), hand-derived in
    # tests/test_susy_spectrum.py::test_gyx_dterm_shift_matches_hand_derivation; (Y, X) of L and E^c
    gyx, gx = p.get("gYX", 0.0), p.get("gX", 0.0)
    r = ew["mW"] ** 2 * cb2 / ew["g"] ** 2

    def dyx(y, x):
        if gyx == 0.0:
            return 0.0
        return gyx * y * p.get("m_zp", 0.0) ** 2 * c2g / (2 * gx) - gyx * gx * x * r - gyx**2 * y * r

    fl = p["flavour"]
    m2 = np.array([
        [p[f"mL_{fl}"] ** 2 + ml**2 + (-0.5 + ew["sw2"]) * ew["mZ"] ** 2 * cb2 + dx + dyx(-0.5, q_x), ml * (p[f"A_{fl}"] - p["mu"] * p["tan_beta"])],
        [ml * (p[f"A_{fl}"] - p["mu"] * p["tan_beta"]), p[f"mE_{fl}"] ** 2 + ml**2 - ew["sw2"] * ew["mZ"] ** 2 * cb2 - dx + dyx(1.0, -q_x)],
    ])
    lam, vec = np.linalg.eigh(m2)
    msnu2 = p[f"mL_{fl}"] ** 2 + 0.5 * ew["mZ"] ** 2 * cb2 + dx + dyx(-0.5, q_x)
    return lam, vec.T, msnu2  # X: rows eigenvectors, X M X^T = diag


def _charginos(p, ew):
    b = math.atan(p["tan_beta"])
    v = math.sqrt(2) * ew["mW"] / ew["g"]  # ~174 GeV
    X = np.array([[p["M2"], ew["g"] * v * math.sin(b)], [ew["g"] * v * math.cos(b), p["mu"]]])
    w, s, vh = np.linalg.svd(X)  # X = w diag(s) vh  =>  U = w^T, V = vh: U* X V^dag = diag(s)
    return s, w.T, vh


def mw_mssm(p, lepton):
    """Martin-Wells MSSM (neutralino, chargino) contributions for one point p (dict of floats)."""
    ew = electroweak()
    c = constants()
    ml = c.lepton_mass(lepton)
    p = dict(p, flavour=lepton)
    b = math.atan(p["tan_beta"])
    v = math.sqrt(2) * ew["mW"] / ew["g"]
    vd, vu = v * math.cos(b), v * math.sin(b)
    g, gp, mu = ew["g"], ew["gp"], p["mu"]
    MN = np.array([
        [p["M1"], 0, -gp * vd / math.sqrt(2), gp * vu / math.sqrt(2)],
        [0, p["M2"], g * vd / math.sqrt(2), -g * vu / math.sqrt(2)],
        [-gp * vd / math.sqrt(2), g * vd / math.sqrt(2), 0, -mu],
        [gp * vu / math.sqrt(2), -g * vu / math.sqrt(2), -mu, 0],
    ])
    lam, O = np.linalg.eigh(MN)
    N = O.T  # real, signed masses lam: N M N^T = diag(lam)
    y = g * ml / (math.sqrt(2) * ew["mW"] * math.cos(b))
    msl2, X, msnu2 = _smuon(p, ml, ew)
    neut = 0.0
    for i in range(4):
        for m in range(2):
            nR = math.sqrt(2) * gp * N[i, 0] * X[m, 1] + y * N[i, 2] * X[m, 0]
            nL = (g * N[i, 1] + gp * N[i, 0]) / math.sqrt(2) * X[m, 0] - y * N[i, 2] * X[m, 1]
            f1, f2, _, _ = _loops(lam[i] ** 2 / msl2[m])
            neut += -ml / (12 * msl2[m]) * (nL**2 + nR**2) * f1 + lam[i] / (3 * msl2[m]) * nL * nR * f2
    mc, U, V = _charginos(p, ew)
    char = 0.0
    for k in range(2):
        cL, cR = -g * V[k, 0], y * U[k, 1]
        _, _, f1, f2 = _loops(mc[k] ** 2 / msnu2)
        char += ml / (12 * msnu2) * (cL**2 + cR**2) * f1 + 2 * mc[k] / (3 * msnu2) * cL * cR * f2
    pref = ml / (16 * math.pi**2)
    return pref * neut, pref * char


def paper_form(p, lepton):
    """BDR20 Eq. (3.2) (neutralino part, printed conventions, corrected), 7x7, g_X included."""
    ew = electroweak()
    c = constants()
    ml = c.lepton_mass(lepton)
    qx = {"e": 0.0, "mu": 1.0, "tau": -1.0}[lepton]
    p = dict(p, flavour=lepton)
    b = math.atan(p["tan_beta"])
    v = 2 * ew["mW"] / ew["g"]  # ~246 GeV: entries (1/2) g v_d as in Eq. (2.3)
    vd, vu = v * math.cos(b), v * math.sin(b)
    gam = math.atan(p["tan_gamma"])
    gxv_eta, gxv_etabar = p["m_zp"] * math.sin(gam), p["m_zp"] * math.cos(gam)
    g1, g2, gyx, mu = ew["gp"], ew["g"], p["gYX"], p["mu"]
    M = np.zeros((7, 7))
    M[0, 0], M[1, 1], M[4, 4], M[0, 4] = p["M1"], p["M2"], p["M0"], p["M10"]
    M[0, 2], M[0, 3] = -g1 * vd / 2, g1 * vu / 2
    M[1, 2], M[1, 3] = g2 * vd / 2, -g2 * vu / 2
    M[2, 3], M[2, 4], M[3, 4] = -mu, -gyx * vd / 2, gyx * vu / 2
    M[4, 5], M[4, 6], M[5, 6] = -gxv_eta, gxv_etabar, -p["mu_eta"]
    M = np.triu(M) + np.triu(M, 1).T
    lam, O = np.linalg.eigh(M)
    N = O.T
    y = math.sqrt(2) * ml / vd
    msl2, X, _ = _smuon(p, ml, ew, q_x=qx)
    gx = p["gX"]
    total = 0.0
    for i in range(7):
        for j in range(2):
            # printed n^L, n^R with sqrt(2 g N) read as sqrt2 g N; B~' terms carry Q_X of l (and g_YX Y)
            nL = -y * N[i, 2] * X[j, 0] - math.sqrt(2) * g1 * N[i, 0] * X[j, 1] + math.sqrt(2) * (gx * qx - gyx) * N[i, 4] * X[j, 1]
            nR = -y * N[i, 2] * X[j, 1] + (g1 / math.sqrt(2) * N[i, 0] + g2 / math.sqrt(2) * N[i, 1]
                                           - math.sqrt(2) * (gx * qx - gyx / 2) * N[i, 4]) * X[j, 0]
            f1, f2, _, _ = _loops(lam[i] ** 2 / msl2[j])
            total += (nL**2 + nR**2) * ml / (12 * msl2[j]) * f1 + lam[i] / (3 * msl2[j]) * nL * nR * f2
    return -ml / (16 * math.pi**2) * total
