"""SUSY and Z' one-loop contributions to a_l = (g-2)_l / 2 in the SUSY L_mu - L_tau model.

Neutralino-slepton and chargino-sneutrino loops: BDR20 Eqs. (3.2)-(3.5), written in the
conventions of Martin & Wells, hep-ph/0103067 Eqs. (2.2)-(2.12) (the paper's n^L, n^R are MW's
with L and R relabelled; see docs/susy.md), with the loop argument x = m_chi^2 / m_slepton^2:

  a^chi0 = m_l/(16 pi^2) sum_{i,m} [ -m_l/(12 m_m^2) (|n^L_im|^2 + |n^R_im|^2) F1N(x_im)
                                     + m_chi_i/(3 m_m^2) Re(n^L_im n^R_im) F2N(x_im) ]
  a^chi+ = m_l/(16 pi^2) sum_k   [  m_l/(12 m_snu^2) (|c^L_k|^2 + |c^R_k|^2) F1C(x_k)
                                     + 2 m_chi_k/(3 m_snu^2) Re(c^L_k c^R_k) F2C(x_k) ]

  n^R_im = -sqrt2 sum_a G_a(l_R) N_ia X_m2 + y_l N_i,Hd X_m1
  n^L_im = -sqrt2 sum_a G_a(l_L) N_ia X*_m1 - y_l N_i,Hd X*_m2
  c^L_k = -g2 V_k1,  c^R_k = y_l U_k2,   y_l = sqrt2 m_l / v_d

G_a(f) = sum over gaugino a's (coupling, charge) pairs of g Q(f) for the lepton's left-handed
component (T3 = -1/2) or right-handed singlet (charges minus those of E^c); for the bino this
gives MW's g1/sqrt2 and sqrt2 g1, for B~' the BDR20 g_X terms with the lepton's U(1)_X charge
(zero for the electron, opposite for mu and tau). N is complex with positive masses
(N^* M N^dagger = diag), so Re(n^L n^R) of MW applies unchanged. Gauge couplings are g2 = e/s_W,
g1 = e/c_W at alpha(m_Z) (PDG MS-bar) with the on-shell s_W^2 = 1 - m_W^2/m_Z^2.

Z' loop: the standard vector-boson formula (BCK21 Eq. (7) with C_V = g_X Q, C_A = 0)
  Delta a = C_V^2/(4 pi^2) int_0^1 dz m^2 z^2 (1-z) / (m^2 z^2 + M^2 (1-z)),
evaluated by composite Gauss-Legendre quadrature with panels graded towards both end points
(stable for any m/M), tabulated once and interpolated (see zprime_vector_loop); kept for the printed
variant and as a cross-check. formula="standard" uses zprime_sym.evaluate.g2.delta_a (BCK21 Eq. (7)).
formula="printed-eq3.6" gives BDR20 Eq. (3.6) as printed (denominator m^2 z + M^2 (1-z)),
which violates the Schwinger limit g^2/(8 pi^2) as M -> 0; kept only to reproduce the paper.
"""
from __future__ import annotations

import functools
import math

import numpy as np

from ..exceptions import InputError
from .compiled import default_declaration
from .loop_sums import LeptonPlan, gauge_sums, loop_sums
from .params import FLAVOURS, Spectrum, normalise_params

#: Z' loop formulas of :func:`delta_a_zprime`: the standard one-loop result, or BDR20 Eq. (3.6) as printed.
ZPRIME_FORMULAS = ("standard", "printed-eq3.6")
_FORMULAS = ZPRIME_FORMULAS


@functools.cache
def _charges(lepton: str) -> tuple[tuple, tuple, str]:
    """Cached, immutable form of :func:`_lepton_charges` (the shipped declaration does not change)."""
    decl = default_declaration()
    lf = next(f for f in decl.superfields if f.lepton == lepton and f.su2 == 2)
    ef = next(f for f in decl.superfields if f.lepton == lepton and f.su2 == 1)
    q_l = {name: float(val) for name, val in lf.charges}
    q_l["T3"] = -0.5
    q_r = {name: -float(val) for name, val in ef.charges}
    q_r["T3"] = 0.0
    term = next(t for t in decl.superpotential if lf.name in t.fields and ef.name in t.fields)
    higgs = next(f for f in term.fields if f not in (lf.name, ef.name))
    return tuple(q_l.items()), tuple(q_r.items()), higgs


def _lepton_charges(lepton: str) -> tuple[dict, dict, str]:
    """({charge name: value} for l_L (T3=-1/2), same for l_R, name of the Yukawa doublet)."""
    q_l, q_r, higgs = _charges(lepton)
    return dict(q_l), dict(q_r), higgs


@functools.cache
def _gauge_plan(lepton: str, basis: tuple[str, ...]) -> tuple[tuple, int]:
    """((basis index a, coupling name, [[Q(l_L)], [Q(l_R)]]) for each gaugino coupling, H_d basis index)."""
    q_l, q_r, higgs = _lepton_charges(lepton)
    plan = tuple((basis.index(gaugino.name), coupling, np.array([[q_l[charge]], [q_r[charge]]]))
                 for gaugino in default_declaration().gauginos for coupling, charge in gaugino.couplings)
    return plan, basis.index(higgs)


def _gauge_vectors(spectrum: Spectrum, p: dict, lepton: str) -> tuple[np.ndarray, np.ndarray, int]:
    """(G(l_L), G(l_R)) as (n, 7) arrays over the neutralino basis, and the H_d basis index.

    G_a = sum over gaugino a's (coupling, charge) pairs of g Q (:func:`.loop_sums.gauge_sums` of the
    lepton's :func:`_lepton_plan`, the sums the g-2 loops use); 0 where gaugino a does not couple."""
    basis = tuple(spectrum.neutralino_basis)
    plan = _lepton_plan(lepton, basis)
    couplings = {"g1": spectrum.sm["g1"], "g2": spectrum.sm["g2"], "gX": p["gX"], "gYX": p["gYX"]}
    g = np.zeros((2, spectrum.N.shape[0], len(basis)))
    for c, terms in enumerate(plan.gauge):
        for a, value in gauge_sums(terms, couplings).items():
            g[c, :, a] = value
    return g[0], g[1], plan.hd


def _check_lepton(lepton: str) -> None:
    if lepton not in FLAVOURS:
        raise InputError(f"lepton must be one of {FLAVOURS}, got {lepton!r}")


def _yukawa(spectrum: Spectrum, p: dict, lepton: str) -> np.ndarray:
    """y_l = sqrt2 m_l / v_d with v_d = 2 m_W / (g2 sqrt(1 + tan^2 beta)); ``p`` normalised."""
    v_d = 2.0 * spectrum.sm["m_W"] / spectrum.sm["g2"] / np.sqrt(1.0 + p["tan_beta"] ** 2)
    return math.sqrt(2.0) * spectrum.sm[f"m_{lepton}"] / v_d


def _lepton_yukawa(spectrum: Spectrum, params, lepton: str):
    """(normalised params, y_l = sqrt2 m_l / v_d) with v_d = 2 m_W / (g2 sqrt(1 + tan^2 beta))."""
    _check_lepton(lepton)
    p = normalise_params(params)
    return p, _yukawa(spectrum, p, lepton)


def neutralino_couplings(spectrum: Spectrum, params, lepton: str) -> tuple[np.ndarray, np.ndarray]:
    """Martin-Wells couplings (n^L_im, n^R_im), each (n, 7, 2): neutralino i, charged slepton m of ``lepton``.

    n^R_im = -sqrt2 G(l_R).N_i X_m2 + y_l N_i,Hd X_m1,  n^L_im = -sqrt2 G(l_L).N_i X*_m1 - y_l N_i,Hd X*_m2
    (module docstring). In the Lagrangian (4-component, chi_i Majorana, l Dirac, l~_m the mass
    eigenstates) they appear as  L = l~_m^* chi_bar_i [(n^L_im)^* P_L - n^R_im P_R] l + h.c.
    (derived in docs/susy.md, "NLSP lifetime"), so MW's chirality-flip combination Re(n^L n^R)
    is -Re(lambda rho^*) of the couplings lambda = (n^L)^*, rho = -n^R of P_L, P_R.
    """
    p, y = _lepton_yukawa(spectrum, params, lepton)
    return _neutralino_couplings(spectrum, p, y, lepton)


def _neutralino_couplings(spectrum: Spectrum, p: dict, y: np.ndarray, lepton: str):
    """:func:`neutralino_couplings` for normalised ``p`` and the Yukawa ``y`` (no checks repeated)."""
    g_l, g_r, hd = _gauge_vectors(spectrum, p, lepton)
    N = spectrum.N  # (n, i, a)
    X = spectrum.slepton_mixing[lepton]  # (n, m, L/R)
    gl_n = (N @ g_l[:, :, None])[:, :, 0]  # sum_a N_ia G_a (batched matmul; einsum is 5x slower here)
    gr_n = (N @ g_r[:, :, None])[:, :, 0]
    yn = (y[:, None] * N[:, :, hd])[:, :, None]
    n_r = -math.sqrt(2.0) * gr_n[:, :, None] * X[:, None, :, 1] + yn * X[:, None, :, 0]
    n_l = -math.sqrt(2.0) * gl_n[:, :, None] * X[:, None, :, 0].conj() - yn * X[:, None, :, 1].conj()
    return n_l, n_r


def delta_a_susy(spectrum: Spectrum, params, lepton: str) -> dict:
    """SUSY one-loop Delta a_l for l in {e, mu, tau}: {neutralino, chargino, total}, each (n,)."""
    _check_lepton(lepton)
    neut, char = susy_loops(spectrum, normalise_params(params), (lepton,))
    return {"neutralino": neut[0], "chargino": char[0], "total": neut[0] + char[0]}


@functools.cache
def _lepton_plan(lepton: str, basis: tuple[str, ...]) -> LeptonPlan:
    """The :class:`.loop_sums.LeptonPlan` of ``lepton``: :func:`_gauge_plan` without its zero charges."""
    plan, hd = _gauge_plan(lepton, basis)

    def chirality(c: int) -> tuple[tuple[int, str, float], ...]:
        return tuple((a, coupling, float(charges[c, 0])) for a, coupling, charges in plan if charges[c, 0] != 0)

    return LeptonPlan((chirality(0), chirality(1)), hd)


def susy_loops(spectrum: Spectrum, p: dict, leptons: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """(neutralino, chargino) parts of the SUSY Delta a_l (module docstring), each (L, n), for the leptons
    ``leptons`` at once; ``p`` normalised (:func:`.params.normalise_params`), leptons valid. The engine of
    :func:`delta_a_susy` (one lepton) and of the one-point call (:mod:`.point`).

    The sums are :func:`.loop_sums.loop_sums`: at one point on Python floats, in a batch on (n,) arrays, the
    same lines (so the same doubles). A float division by zero (where arrays give inf or NaN) re-runs the
    point as 1-point arrays."""
    basis = tuple(spectrum.neutralino_basis)
    plans = tuple(_lepton_plan(lep, basis) for lep in leptons)
    scalar = spectrum.N.shape[0] == 1

    def run(scalar: bool):
        value = (lambda a: a[0].item()) if scalar else (lambda a: a)
        masses = [value(spectrum.sm[f"m_{lep}"]) for lep in leptons]
        return loop_sums(spectrum, leptons, plans, masses, value(p["tan_beta"]), value(p["gX"]), value(p["gYX"]),
                         scalar)

    try:
        neut, char = run(scalar)
    except ZeroDivisionError:
        neut, char = run(False)
        scalar = False
    if scalar:
        return np.array(neut)[:, None], np.array(char)[:, None]
    return np.array(neut), np.array(char)


@functools.cache
def _panels(n_per_panel: int = 16, decades: int = 14) -> tuple[np.ndarray, np.ndarray]:
    """Gauss-Legendre nodes/weights on [0, 1], panels graded geometrically towards 0 and 1
    (edges 10^-k / 20 and 1 - 10^-k / 20 in half decades) and uniform (width 0.05) in between."""
    low = 0.05 * 10.0 ** -np.arange(decades, 0, -0.5)
    edges = np.concatenate([[0.0], low, np.linspace(0.05, 0.5, 10)])
    edges = np.concatenate([edges, 1.0 - edges[-2::-1]])
    t, w = np.polynomial.legendre.leggauss(n_per_panel)
    a, b = edges[:-1, None], edges[1:, None]
    return (0.5 * (b - a) * t + 0.5 * (b + a)).ravel(), (0.5 * (b - a) * w).ravel()


def _loop_integral_quadrature(r: np.ndarray, printed: bool) -> np.ndarray:
    """int_0^1 r z^2 (1-z) / (r z^k + 1 - z) dz (k = 2, or 1 if printed), 1216-node quadrature."""
    z, w = _panels()
    r = np.asarray(r, dtype=float)[..., None]
    return np.sum(w * r * z * z * (1.0 - z) / (r * (z if printed else z * z) + (1.0 - z)), axis=-1)


#: Range of r = m_l^2 / M_Z'^2 covered by the interpolation table (outside: leading asymptotics,
#: whose neglected corrections are below 1e-9 relative there).
_TABLE_LOG10_R = (-16.0, 24.0)
_TABLE_POINTS = 4001


@functools.cache
def _loop_integral_table(printed: bool):
    """Cubic spline of ln I against ln r on a 4001-point grid of the quadrature (built once, lazily)."""
    from scipy.interpolate import CubicSpline  # 0.6 s to import: only when a Z' loop is evaluated

    log_r = np.linspace(*_TABLE_LOG10_R, _TABLE_POINTS) * math.log(10.0)
    return CubicSpline(log_r, np.log(_loop_integral_quadrature(np.exp(log_r), printed)))


def _loop_integral(r: np.ndarray, printed: bool) -> np.ndarray:
    r = np.asarray(r, dtype=float)
    lo, hi = (10.0**x for x in _TABLE_LOG10_R)
    inside = np.exp(_loop_integral_table(printed)(np.log(np.clip(r, lo, hi))))
    heavy = r / 3.0  # M >> m: I -> r/3 (both forms)
    light = np.full_like(r, 1.0 / 6.0 if printed else 0.5)  # M -> 0: 1/2 (Schwinger) or 1/6 (printed)
    return np.where(r < lo, heavy, np.where(r > hi, light, inside))


def zprime_vector_loop(m_zp, c_v, m_l, *, printed: bool = False, method: str = "table") -> np.ndarray:
    """C_V^2/(4 pi^2) int_0^1 r z^2 (1-z) / (r z^2 + 1 - z) dz with r = m_l^2/M^2 (z^2 -> z if printed).

    method="quadrature": composite Gauss-Legendre, 1216 nodes on panels graded geometrically
    towards both end points (accurate to ~1e-14 for any m_l/M, tested against mpmath).
    method="table" (default, ~50x faster): a cubic spline in ln r of that quadrature on 4001 points
    for 1e-16 < r < 1e24, built once per formula; accurate to ~1e-10 relative.
    """
    m_zp, c_v, m_l = np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in (m_zp, c_v, m_l)))
    r = (m_l / m_zp) ** 2
    if method == "quadrature":
        integral = _loop_integral_quadrature(r, printed)
    elif method == "table":
        integral = _loop_integral(r, printed)
    else:
        raise InputError(f"method must be 'table' or 'quadrature', got {method!r}")
    return c_v**2 / (4.0 * math.pi**2) * integral


def delta_a_zprime(m_zp, gX, lepton: str = "mu", formula: str = "standard") -> np.ndarray:
    """Z' one-loop Delta a_l (m_zp in GeV). The lepton's vector coupling C_V = g_X (Q_L + Q_R)/2
    and axial C_A = g_X (Q_R - Q_L)/2 (= 0 here) follow from the declared U(1)_X charges."""
    if formula not in _FORMULAS:
        raise InputError(f"formula must be one of {_FORMULAS}, got {formula!r}")
    if lepton not in FLAVOURS:
        raise InputError(f"lepton must be one of {FLAVOURS}, got {lepton!r}")
    m_zp = np.asarray(m_zp, dtype=float)
    if not ((m_zp > 0) & (m_zp < math.inf)).all():  # NaN fails both
        raise InputError(f"m_zp must be positive and finite (GeV), got {m_zp!r}")
    x_l, x_r = _x_charges(lepton)
    c_v = np.asarray(gX, dtype=float) * 0.5 * (x_l + x_r)
    if formula == "standard":
        c_a = np.asarray(gX, dtype=float) * 0.5 * (x_r - x_l)
        return _standard_delta_a()(m_zp, c_v, c_a, lepton=lepton)
    if x_l != x_r:
        raise InputError("the printed Eq. (3.6) has no axial part")
    from ..constants import constants

    return zprime_vector_loop(m_zp, c_v, constants().lepton_mass(lepton), printed=(formula == "printed-eq3.6"))


@functools.cache
def _x_charges(lepton: str) -> tuple[float, float]:
    """U(1)_X charges (Q_L, Q_R) of the lepton's left- and right-handed components."""
    q_l, q_r, _ = _lepton_charges(lepton)
    return q_l["X"], q_r["X"]


@functools.cache
def _standard_delta_a():
    """zprime_sym.evaluate.g2.delta_a (BCK21 Eq. (7)), imported on first use."""
    from ..evaluate.g2 import delta_a

    return delta_a


@functools.cache
def _delta_a_point():
    """zprime_sym.evaluate.g2.delta_a_point (the Z' loop at one mass, Python floats), imported on first use."""
    from ..evaluate.g2 import delta_a_point

    return delta_a_point
