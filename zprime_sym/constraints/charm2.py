"""CHARM-II nu_mu e and nu_mu-bar e scattering with the full Z' propagator (BCK21 Sec. III B2).

Derivation (our own; convention of BCK21 Eq. (6), SM with D = d + i g A):
the SM neutral current for nu_mu e is L = -(G_F/sqrt2) [nu-bar g^mu (1-g5) nu][e-bar g_mu (g_V - g_A g5) e],
g_V = -1/2 + 2 s_W^2, g_A = -1/2 (no W exchange for nu_mu). Exchanging the Z' in the t channel, with
q^2 = -2 m_e T (T = electron recoil energy), adds
-(C_nu/(2 (m_Z'^2 + 2 m_e T))) [nu-bar g^mu (1-g5) nu][e-bar g_mu (C_V + C_A g5) e], i.e. the
T-dependent effective couplings

    g_V(T) = g_V + kappa(T) C_Ve,   g_A(T) = g_A - kappa(T) C_Ae,
    kappa(T) = C_nu_mu / (sqrt2 G_F (m_Z'^2 + 2 m_e T)).

With g_L = (g_V + g_A)/2 and g_R = (g_V - g_A)/2 the differential cross section is

    dsigma/dT (nu e)     = (2 G_F^2 m_e / pi) [g_L^2 + g_R^2 (1 - T/E)^2 - g_L g_R m_e T / E^2],

and g_L <-> g_R for antineutrinos, 0 <= T <= T_max = 2E^2/(m_e + 2E). For m_Z'^2 >> 2 m_e T_max,
kappa is constant and the result reduces to the contact form (checked in the tests against the
closed-form T integral). The integral over T uses composite Gauss-Legendre quadrature in
u = ln(m_Z'^2 + 2 m_e T), which resolves the propagator scale for any m_Z'.

Constraint: at the mean energies <E_nu> = 23.7 GeV and <E_nu-bar> = 19.1 GeV (CHARM-II, Vilain et al.,
PLB 302 (1993) 351; BCK21 ref. [80]) the cross-section shift must not exceed 6% (BCK21 following
arXiv:1803.00060): ratio = max(|sigma/sigma_SM - 1|_nu, |...|_nu-bar) / 0.06. Approximations:
monochromatic beams at the mean energies, the full recoil range (no detector threshold or
efficiency), tree-level SM couplings with the on-shell s_W^2 of ``constants``.
"""
from __future__ import annotations

import functools

import numpy as np

from ..constants import constants
from .base import Constraint, Points
from .mass_runs import MassFunction, take

#: CHARM-II mean beam energies in GeV (BCK21 Sec. III B2, ref. [80]).
CHARM2_E_NU_GEV = 23.7
CHARM2_E_NUBAR_GEV = 19.1
#: Largest allowed fractional cross-section shift (BCK21 Sec. III B2, from arXiv:1803.00060).
CHARM2_MAX_SHIFT = 0.06
#: Quadrature: panels x Gauss-Legendre nodes per panel in u = ln(m^2 + 2 m_e T).
_PANELS, _NODES = 8, 12


def sm_couplings_numu_e() -> tuple[float, float]:
    """(g_V, g_A) of the SM nu_mu e neutral current, tree level: (-1/2 + 2 s_W^2, -1/2)."""
    return -0.5 + 2.0 * constants().sw2, -0.5


def effective_couplings(T, m_zp, gv0, ga0, cv_e, ca_e, cnu):
    """(g_V(T), g_A(T)) = (g_V + kappa C_Ve, g_A - kappa C_Ae), kappa = C_nu/(sqrt2 G_F (m^2 + 2 m_e T))."""
    k = constants()
    kappa = cnu / (np.sqrt(2.0) * k.G_F * (m_zp**2 + 2.0 * k.m_e * T))
    return gv0 + kappa * cv_e, ga0 - kappa * ca_e


def dsigma_dT_couplings(T, E, gv, ga, *, antineutrino=False) -> np.ndarray:
    """d sigma/dT (GeV^-3) of nu e -> nu e for effective couplings g_V, g_A (module docstring)."""
    k = constants()
    gl, gr = 0.5 * (gv + ga), 0.5 * (gv - ga)
    if antineutrino:
        gl, gr = gr, gl
    y = T / E
    return 2.0 * k.G_F**2 * k.m_e / np.pi * (gl**2 + gr**2 * (1.0 - y) ** 2 - gl * gr * k.m_e * T / E**2)


def dsigma_dT(T, E, m_zp, cv_e, ca_e, cnu, *, antineutrino=False) -> np.ndarray:
    """d sigma/dT in GeV^-3 for nu_mu e (or nu_mu-bar e) with SM Z + Z' exchange (module docstring)."""
    gv, ga = effective_couplings(T, m_zp, *sm_couplings_numu_e(), cv_e, ca_e, cnu)
    return dsigma_dT_couplings(T, E, gv, ga, antineutrino=antineutrino)


def t_max(E) -> np.ndarray:
    """Largest electron recoil energy 2E^2/(m_e + 2E), GeV."""
    return 2.0 * E**2 / (constants().m_e + 2.0 * E)


@functools.cache
def _gauss_nodes():
    x, w = np.polynomial.legendre.leggauss(_NODES)
    edges = np.linspace(0.0, 1.0, _PANELS + 1)
    half = 0.5 * np.diff(edges)
    nodes = (edges[:-1, None] + half[:, None] * (x[None, :] + 1.0)).ravel()
    weights = (half[:, None] * w[None, :]).ravel()
    return nodes, weights


def _integrate(E, m_zp, integrand, t_min):
    """Integral over t_min <= T <= T_max of integrand(T, m[..., None]) with quadrature in u = ln(m^2 + 2 m_e T)."""
    k = constants()
    m2 = np.asarray(m_zp, dtype=float)[..., None] ** 2
    u0, u1 = np.log(m2 + 2.0 * k.m_e * t_min), np.log(m2 + 2.0 * k.m_e * t_max(E))
    s, w = _gauss_nodes()
    D = np.exp(u0 + (u1 - u0) * s)
    T = np.maximum((D - m2) / (2.0 * k.m_e), 0.0)
    jac = D / (2.0 * k.m_e) * (u1 - u0)
    return np.sum(integrand(T, np.sqrt(m2)) * jac * w, axis=-1)


def cross_section(E, m_zp, cv_e, ca_e, cnu, *, antineutrino=False, t_min=0.0) -> np.ndarray:
    """sigma (GeV^-2) integrated over t_min <= T <= T_max; vectorised over the couplings and m_zp.

    ``t_min`` (GeV) allows a recoil threshold; the registered constraint uses the full range (0).
    """
    cv, ca, cn = (np.asarray(x, dtype=float)[..., None] for x in (cv_e, ca_e, cnu))
    return _integrate(E, m_zp, lambda T, m: dsigma_dT(T, E, m, cv, ca, cn, antineutrino=antineutrino), t_min)


def sm_cross_section(E, *, antineutrino=False, t_min=0.0) -> float:
    """SM sigma(nu_mu e) (GeV^-2), closed-form T integral of dsigma/dT with constant couplings."""
    k = constants()
    gv, ga = sm_couplings_numu_e()
    gl, gr = 0.5 * (gv + ga), 0.5 * (gv - ga)
    if antineutrino:
        gl, gr = gr, gl
    t0, t1 = t_min, float(t_max(E))
    poly = (gl**2 * (t1 - t0) + gr**2 * E / 3.0 * ((1 - t0 / E) ** 3 - (1 - t1 / E) ** 3)
            - gl * gr * k.m_e * (t1**2 - t0**2) / (2.0 * E**2))
    return 2.0 * k.G_F**2 * k.m_e / np.pi * poly


#: Below this x = 2 m_e T_max / m_Z'^2 the moments use their Taylor series (12 terms: error < x^12 ~ 2e-16).
_SERIES_X = 0.05
#: Number of series terms below each x (first omitted term x^N < 3e-16): fewer where x is tiny.
_SERIES_TERMS = ((1e-3, 6), (_SERIES_X, 12))
#: The six moments (j, k) and their Taylor coefficients c_n / (j + n + 1), c_n = (-1)^n (k = 1) or
#: (-1)^n (n + 1) (k = 2); see :func:`propagator_moments`.
_MOMENT_ORDER = ((0, 1), (1, 1), (2, 1), (0, 2), (1, 2), (2, 2))
_SERIES_COEFFICIENTS = np.array([[(-1) ** n * (1 if k == 1 else n + 1) / (j + n + 1) for n in range(12)]
                                 for j, k in _MOMENT_ORDER])


def propagator_moments(j: int, k: int, x) -> np.ndarray:
    """F(j, k; x) = int_0^1 u^j (1 + x u)^(-k) du for j = 0, 1, 2 and k = 1, 2 (x >= 0), stably.

    Closed forms (w = 1 + x u): F(0,1) = ln(1+x)/x, F(1,1) = (x - ln(1+x))/x^2,
    F(2,1) = (x^2/2 - x + ln(1+x))/x^3, F(0,2) = 1/(1+x), F(1,2) = (ln(1+x) - x/(1+x))/x^2,
    F(2,2) = (x - 2 ln(1+x) + x/(1+x))/x^3; for small x the series sum_n c_n x^n/(j+n+1) with
    c_n = (-1)^n (k = 1) or (-1)^n (n+1) (k = 2), which avoids the cancellations of the closed forms.
    """
    return all_propagator_moments(x)[j, k]


def all_propagator_moments(x) -> dict:
    """The six moments F(j, k; x) of :func:`propagator_moments` at once (shared logarithms; the series
    and the closed forms are each evaluated only where they are used)."""
    x = np.asarray(x, dtype=float)
    flat = x.ravel()
    out = np.empty((6, flat.size))  # rows: (j, k) in _MOMENT_ORDER
    lower = 0.0
    for upper, n_terms in _SERIES_TERMS:
        index = np.flatnonzero((flat >= lower) & (flat < upper))
        lower = upper
        if index.size:
            xs = flat[index]
            acc = np.zeros((6, index.size))
            for n in reversed(range(n_terms)):  # Horner in x, all six series at once
                acc *= xs
                acc += _SERIES_COEFFICIENTS[:, n, None]
            out[:, index] = acc
    index = np.flatnonzero(flat >= _SERIES_X)
    if index.size:
        xl = flat[index]
        lg, inv = np.log1p(xl), 1.0 / xl
        frac = xl / (1.0 + xl)
        inv2 = inv * inv
        out[0, index] = lg * inv                                # F(0, 1)
        out[1, index] = (xl - lg) * inv2                        # F(1, 1)
        out[2, index] = (0.5 * xl * xl - xl + lg) * inv2 * inv  # F(2, 1)
        out[3, index] = 1.0 / (1.0 + xl)                        # F(0, 2)
        out[4, index] = (lg - frac) * inv2                      # F(1, 2)
        out[5, index] = (xl - 2.0 * lg + frac) * inv2 * inv     # F(2, 2)
    return {jk: out[row].reshape(x.shape) for row, jk in enumerate(_MOMENT_ORDER)}


@functools.cache
def _closed_form_mass_factors(E: float, antineutrino: bool) -> MassFunction:
    """The parts of :func:`shift_closed_form` that depend on m_Z' alone, per distinct mass: the k0
    denominator sqrt2 G_F m^2, F(0,2), F(1,2), sq2 and the two mass-only leading differences of delta."""
    def factors(m):
        k = constants()
        tmax = float(t_max(E))
        tau, eps = tmax / E, k.m_e * tmax / E**2
        gv, ga = sm_couplings_numu_e()
        gl, gr = 0.5 * (gv + ga), 0.5 * (gv - ga)
        if antineutrino:
            gl, gr = gr, gl
        F = all_propagator_moments(2.0 * k.m_e * tmax / m**2)
        sq1 = F[0, 1] - 2 * tau * F[1, 1] + tau**2 * F[2, 1]
        sq2 = F[0, 2] - 2 * tau * F[1, 2] + tau**2 * F[2, 2]
        return (np.sqrt(2.0) * k.G_F * m**2, F[0, 2], F[1, 2], sq2,
                2 * gl * F[0, 1] - eps * gr * F[1, 1], 2 * gr * sq1 - eps * gl * F[1, 1])

    return MassFunction(factors)


def shift_closed_form(E, m_zp, cv_e, ca_e, cnu, *, antineutrino=False, groups=None) -> np.ndarray:
    """sigma - sigma_SM (GeV^-2) over the full recoil range, in closed form.

    With u = T/T_max, kappa = k0/(1 + x u), k0 = C_nu/(sqrt2 G_F m_Z'^2), x = 2 m_e T_max/m_Z'^2,
    g_L(T) = g_L + kappa a, g_R(T) = g_R + kappa b (a = (C_Ve - C_Ae)/2, b = (C_Ve + C_Ae)/2, swapped
    for antineutrinos), the change of dsigma/dT (module docstring) integrates to moments F(j, k; x)
    of :func:`propagator_moments`. Agrees with the quadrature of :func:`cross_section` (tests).
    ``groups``: the :func:`~zprime_sym.constraints.mass_runs.mass_groups` of ``m_zp`` (1-d, couplings of
    the same shape), if known: the mass-only factors are then computed once per distinct mass (same doubles).
    """
    k = constants()
    m = np.asarray(m_zp, dtype=float)
    if groups is not None:
        distinct, run = groups
        den, f02, f12, sq2, lead_a, lead_b = take(_closed_form_mass_factors(E, antineutrino).on_distinct(distinct), run)
        tmax = float(t_max(E))
        eps = k.m_e * tmax / E**2
        k0 = np.asarray(cnu, dtype=float) / den
        a, b = 0.5 * (cv_e - ca_e), 0.5 * (cv_e + ca_e)
        if antineutrino:
            a, b = b, a
        ka, kb = a * k0, b * k0
        delta = ka * (lead_a + ka * f02 - eps * kb * f12) + kb * (lead_b + kb * sq2)
        return 2.0 * k.G_F**2 * k.m_e / np.pi * tmax * delta
    tmax = float(t_max(E))
    tau, eps = tmax / E, k.m_e * tmax / E**2
    x = 2.0 * k.m_e * tmax / m**2
    k0 = np.asarray(cnu, dtype=float) / (np.sqrt(2.0) * k.G_F * m**2)
    gv, ga = sm_couplings_numu_e()
    gl, gr = 0.5 * (gv + ga), 0.5 * (gv - ga)
    a, b = 0.5 * (cv_e - ca_e), 0.5 * (cv_e + ca_e)
    if antineutrino:
        gl, gr, a, b = gr, gl, b, a
    F = all_propagator_moments(np.broadcast_to(x, np.broadcast(x, k0).shape))
    sq1 = F[0, 1] - 2 * tau * F[1, 1] + tau**2 * F[2, 1]
    sq2 = F[0, 2] - 2 * tau * F[1, 2] + tau**2 * F[2, 2]
    # 2 g_L A F01 + A^2 F02 + 2 g_R B sq1 + B^2 sq2 - eps ((g_L B + g_R A) F11 + A B F12), A = a k0, B = b k0
    ka, kb = a * k0, b * k0
    delta = (ka * (2 * gl * F[0, 1] - eps * gr * F[1, 1] + ka * F[0, 2] - eps * kb * F[1, 2])
             + kb * (2 * gr * sq1 - eps * gl * F[1, 1] + kb * sq2))
    return 2.0 * k.G_F**2 * k.m_e / np.pi * tmax * delta


def relative_shifts(m, c, *, t_min=0.0) -> tuple[np.ndarray, np.ndarray]:
    """sigma/sigma_SM - 1 for (nu_mu e at 23.7 GeV, nu_mu-bar e at 19.1 GeV).

    The Z'-induced change is computed directly (so it vanishes exactly at zero couplings) and divided
    by the closed-form SM cross section: in closed form for the full recoil range (t_min = 0), by
    quadrature of the difference of the integrands with a recoil threshold.
    """
    if t_min == 0.0:
        out = []
        groups = c.mass_groups() if isinstance(c, Points) and m is c.m else None
        for E, anti in ((CHARM2_E_NU_GEV, False), (CHARM2_E_NUBAR_GEV, True)):
            d = shift_closed_form(E, m, np.asarray(c["CV_e"], float), np.asarray(c["CA_e"], float),
                                  np.asarray(c["Cnu_mu"], float), antineutrino=anti, groups=groups)
            out.append(d / sm_cross_section(E, antineutrino=anti))
        return out[0], out[1]
    cv, ca, cn = (np.asarray(c[name], dtype=float)[..., None] for name in ("CV_e", "CA_e", "Cnu_mu"))
    out = []
    for E, anti in ((CHARM2_E_NU_GEV, False), (CHARM2_E_NUBAR_GEV, True)):
        def delta(T, mm, E=E, anti=anti):
            return (dsigma_dT(T, E, mm, cv, ca, cn, antineutrino=anti)
                    - dsigma_dT(T, E, mm, 0.0, 0.0, 0.0, antineutrino=anti))
        out.append(_integrate(E, m, delta, t_min) / sm_cross_section(E, antineutrino=anti, t_min=t_min))
    return out[0], out[1]


def _ratio(m, c):
    nu, nubar = relative_shifts(m, c)
    return np.maximum(np.abs(nu), np.abs(nubar)) / CHARM2_MAX_SHIFT


@functools.cache
def charm2() -> Constraint:
    return Constraint(
        name="charm2",
        experiment="CHARM-II (nu_mu e, nu_mu-bar e)",
        arxiv="PLB 302 (1993) 351; 1803.00060",
        cl=None,
        mass_range_GeV=(0.0, np.inf),
        depends_on=("CV_e", "CA_e", "Cnu_mu"),
        projection=False,
        description="full-propagator nu_mu e and nu_mu-bar e cross sections at 23.7 / 19.1 GeV; "
        "|sigma/sigma_SM - 1| <= 6%",
        ratio_fn=_ratio,
    )
