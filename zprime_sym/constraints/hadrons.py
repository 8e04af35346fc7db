"""Hadronic and quark widths of the Z' from 1 MeV to 10 TeV.

Convention: L ⊃ -Z'_mu q-bar gamma^mu (C_V + C_A gamma5) q, as for the leptons (BCK21 Eq. (6)).

* m_Z' > m_high (2 GeV, data/hadrons.toml): perturbative quarks, N_c = 3,
      Gamma(Z' -> q q-bar) = 3 m/(12 pi) beta [C_V^2 (1 + 2r) + C_A^2 beta^2] (1 + alpha_s(m)/pi),
  r = m_q^2/m^2, beta = sqrt(1 - 4r) (the lepton formula of widths.py times colour and the first QCD
  correction); alpha_s at one loop from the PDG alpha_s(m_Z) with n_f = 5 (a 1-2 % approximation
  next to the neglected higher orders); c, b, t open at their thresholds (quark masses of the data file).
* m_Z' < m_low (1.1 GeV): vector-meson dominance (Ilten, Soreq, Williams, Xue arXiv:1801.04847, Sec. 2):
      Gamma_had = m/(12 pi) [ (C_Vu - C_Vd)^2 R_rho + 9 (C_Vu + C_Vd)^2 R_omega + 9 C_Vs^2 R_phi ],
  where R_V(m) = 9 m^2 Gamma_ee^V Gamma_had^V / (alpha^2 ((m^2 - M_V^2)^2 + M_V^2 Gamma_V^2)) is the
  Breit-Wigner contribution of meson V to the e+e- R-ratio (PDG masses and widths in
  data/hadrons.toml). For the photon couplings (C_Vq = -e Q_q) each weight is e^2, so a dark photon's
  hadronic width is Gamma(A' -> mu mu) * R, the data-driven form.
* in between: linear blend in m of the two.
Limitations: axial quark couplings below m_high (they would excite a1, f1, ... and are not included);
rho-omega interference and excited vectors (rho', omega', phi') neglected; charmonium/bottomonium
resonances neglected; no hadronic width below 2 m_pi.
"""
from __future__ import annotations

import functools
import math

import numpy as np

from ..data import read_toml
from ..constants import constants
from .mass_runs import MassFunction, at_points, mass_runs, two_body_width, width_on_runs

QUARK_ORDER = ("u", "d", "s", "c", "b", "t")


@functools.cache
def inputs() -> dict:
    """The cited numbers of data/hadrons.toml."""
    return read_toml("hadrons.toml")


def alpha_s(m) -> np.ndarray:
    """One-loop alpha_s(m) from alpha_s(m_Z), n_f = 5 (b0 = 11 - 2 n_f/3 = 23/3)."""
    c = constants()
    m = np.maximum(np.asarray(m, dtype=float), 1.0)  # frozen below 1 GeV (used only above m_low)
    return c.alpha_s_mZ / (1.0 + c.alpha_s_mZ * (23.0 / 3.0) / (4.0 * math.pi) * np.log(m**2 / c.m_Z**2))


def resonance_r(m, meson: str) -> np.ndarray:
    """Breit-Wigner contribution of vector meson ``meson`` to R(m) (see the module docstring)."""
    p = inputs()[meson]
    alpha = constants().alpha
    m2 = np.asarray(m, dtype=float) ** 2
    mv2 = p["mass"] ** 2
    r = 9.0 * m2 * p["gamma_ee"] * p["width"] * p["b_had"] / (alpha**2 * ((m2 - mv2) ** 2 + mv2 * p["width"] ** 2))
    return np.where(np.asarray(m) > inputs()["matching"]["threshold"], r, 0.0)


def vmd_width(m, cv_u, cv_d, cv_s) -> np.ndarray:
    """Hadronic width (GeV) in vector-meson dominance."""
    m = np.asarray(m, dtype=float)
    return m / (12.0 * math.pi) * ((cv_u - cv_d) ** 2 * resonance_r(m, "rho")
                                   + 9.0 * (cv_u + cv_d) ** 2 * resonance_r(m, "omega")
                                   + 9.0 * cv_s**2 * resonance_r(m, "phi"))


@functools.cache
def _quark_factors(m_q: float) -> MassFunction:
    """(open, 3 m beta/(12 pi), 1 + alpha_s/pi, 1 + 2r, beta^2) of :func:`quark_width` per distinct mass."""
    def factors(distinct):
        r = (m_q / distinct) ** 2
        open_ = 1.0 - 4.0 * r > 0
        beta = np.sqrt(np.where(open_, 1.0 - 4.0 * r, 0.0))
        pre, post = 3.0 * distinct / (12.0 * math.pi) * beta, 1.0 + alpha_s(distinct) / math.pi
        return open_, pre, post, 1.0 + 2.0 * r, beta**2

    return MassFunction(factors)


def quark_width(m, c_v, c_a, m_q: float, groups=None, needed=None) -> np.ndarray:
    """Perturbative Gamma(Z' -> q q-bar) (GeV) with colour and (1 + alpha_s/pi); 0 below threshold.
    ``groups``: the :func:`~zprime_sym.constraints.mass_runs.mass_groups` of ``m``, if known; with them,
    ``needed`` (optional, per distinct mass): where the width is used at all (0 is returned elsewhere)."""
    m = np.asarray(m, dtype=float)
    runs = mass_runs(m) if groups is None else groups
    if runs is not None:  # the mass-only factors once per distinct mass (same doubles, same order)
        distinct, run = runs
        open_, pre, post, vector, axial = _quark_factors(m_q).on_distinct(distinct)

        def width(part, cv, ca):
            at = run[part]
            return np.where(open_[at], pre[at] * (cv ** 2 * vector[at] + ca ** 2 * axial[at]) * post[at], 0.0)

        used = open_ if needed is None else open_ & needed
        return width_on_runs(used, run, width, np.asarray(c_v, float), np.asarray(c_a, float))
    r = (m_q / m) ** 2
    c_v, c_a = np.asarray(c_v, float), np.asarray(c_a, float)
    return two_body_width(_quark_width, m, r, c_v, c_a)


def _quark_width(m, r, c_v, c_a):
    """3 m/(12 pi) beta [C_V^2 (1 + 2r) + C_A^2 beta^2] (1 + alpha_s/pi) where 1 - 4r > 0, else 0."""
    open_ = 1.0 - 4.0 * r > 0
    beta = np.sqrt(np.where(open_, 1.0 - 4.0 * r, 0.0))
    amp2 = c_v ** 2 * (1.0 + 2.0 * r) + c_a ** 2 * beta**2
    return np.where(open_, 3.0 * m / (12.0 * math.pi) * beta * amp2 * (1.0 + alpha_s(m) / math.pi), 0.0)


def blend_weight(m) -> np.ndarray:
    """0 below m_low, 1 above m_high, linear in m in between (weight of the perturbative width)."""
    k = inputs()["matching"]
    return np.clip((np.asarray(m, dtype=float) - k["m_low"]) / (k["m_high"] - k["m_low"]), 0.0, 1.0)


def _light_factors(m):
    """(w, 1 - w, m/(12 pi), R_rho, R_omega, R_phi): the mass-only factors of :func:`hadronic_widths`."""
    w = blend_weight(m)
    return (w, 1.0 - w, m / (12.0 * math.pi), resonance_r(m, "rho"), resonance_r(m, "omega"),
            resonance_r(m, "phi"))


_LIGHT_FACTORS = MassFunction(_light_factors)


def hadronic_widths(m, couplings, groups=None) -> dict[str, np.ndarray]:
    """{'hadrons': light-hadron width (VMD/perturbative u, d, s blend), 'cc', 'bb', 'tt'} in GeV.

    ``couplings`` maps CV_q, CA_q names to arrays (missing names count as zero); ``groups``: the
    :func:`~zprime_sym.constraints.mass_runs.mass_groups` of ``m``, if known (mass-only factors are then
    computed once per distinct mass: the same doubles, combined in the same order)."""
    m = np.asarray(m, dtype=float)
    get = lambda n: np.asarray(couplings.get(n, 0.0), dtype=float)  # noqa: E731
    masses = inputs()["quark_masses"]
    # a 1-d batch without mass groups whose couplings are scalars or arrays of its shape: each part of the
    # width is evaluated only at the points where it counts (elsewhere it is 0 or multiplied by a 0 weight)
    names = [f"C{va}_{q}" for q in QUARK_ORDER for va in "VA"]
    pointwise = groups is None and m.ndim == 1 and all(get(n).shape in ((), m.shape) for n in names)
    if groups is None:
        w = blend_weight(m)
        one_minus_w = 1.0 - w
        vmd = lambda at: vmd_width(at.m, at("CV_u"), at("CV_d"), at("CV_s"))  # noqa: E731
        # VMD: 0 up to the 2 m_pi threshold (resonance_r), weight 1 - w = 0 from m_high on
        low = _where(pointwise, (m > inputs()["matching"]["threshold"]) & (w < 1.0), m, get, vmd)
    else:  # per distinct mass; each part only where its weight is not 0 (x 0 = 0 there: the same doubles)
        distinct, run = groups
        w_d, one_minus_w_d, pre, r_rho, r_omega, r_phi = _LIGHT_FACTORS.on_distinct(distinct)
        w, one_minus_w = w_d[run], one_minus_w_d[run]

        def vmd_part(part, cv_u, cv_d, cv_s):
            at = run[part]
            return pre[at] * ((cv_u - cv_d) ** 2 * r_rho[at] + 9.0 * (cv_u + cv_d) ** 2 * r_omega[at]
                              + 9.0 * cv_s**2 * r_phi[at])

        low = width_on_runs(one_minus_w_d > 0, run, vmd_part, get("CV_u"), get("CV_d"), get("CV_s"))
    weighted = w > 0  # the perturbative widths count only where their weight w is positive

    def quark(q):
        if groups is not None:
            return quark_width(m, get(f"CV_{q}"), get(f"CA_{q}"), masses[q], groups, needed=w_d > 0)
        return _where(pointwise, weighted, m, get,
                      lambda at: quark_width(at.m, at(f"CV_{q}"), at(f"CA_{q}"), masses[q]))

    pert = sum(quark(q) for q in ("u", "d", "s"))
    out = {"hadrons": one_minus_w * low + w * pert}
    for q in ("c", "b", "t"):
        out[q + q] = w * quark(q)
    return out


class _Points:
    """The masses ``m`` at some points and, called with a coupling name, that coupling there."""

    def __init__(self, m, get, index=None):
        self.m, self._get, self._index = (m if index is None else m[index]), get, index

    def __call__(self, name):
        value = self._get(name)
        return value if self._index is None or not value.ndim else value[self._index]


def _where(pointwise: bool, mask: np.ndarray, m: np.ndarray, get, width):
    """``width(points)`` evaluated only where ``mask`` (0 elsewhere) when ``pointwise`` and the mask leaves out
    points, else everywhere; ``width`` must be 0 (or multiplied by 0) outside the mask: the same doubles."""
    if not pointwise or np.all(mask):
        return width(_Points(m, get))
    return at_points(np.flatnonzero(mask), m.shape, lambda index: width(_Points(m, get, index)))
