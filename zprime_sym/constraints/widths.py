"""Partial widths of the Z' into leptons, neutrinos, hadrons and quarks; branching ratios.

Convention: BCK21 Eq. (6), L ⊃ -Z'_mu [ l-bar gamma^mu (C_V + C_A gamma5) l + C_nu nu-bar gamma^mu P_L nu ].

Charged leptons (derivation, unpolarised, summed over final spins, averaged over the three Z'
polarisations): with r = m_l^2/m^2 and beta = sqrt(1 - 4r), the spin sum of
|eps.ubar gamma (C_V + C_A g5) v|^2 gives (4/3) m^2 [C_V^2 (1 + 2r) + C_A^2 (1 - 4r)]; the two-body
phase space is beta/(8 pi) / (2m). Hence

    Gamma(Z' -> l+ l-) = m/(12 pi) * beta * [C_V^2 (1 + 2r) + C_A^2 (1 - 4r)],

vector part ~ beta, axial part ~ beta^3 at threshold; massless limit m (C_V^2 + C_A^2)/(12 pi). For a
dark photon (C_V = eps e, C_A = 0) it is the familiar eps^2 alpha m/3 (1 + 2r) beta.

Neutrinos (left-handed coupling only, C_L = C_nu, C_R = 0, i.e. C_V = C_A = C_nu/2 in the massless
limit): Gamma(Z' -> nu_a nu_a-bar) = C_nu_a^2 m/(24 pi) per flavour. This counts one left-handed
neutrino and its antineutrino (Dirac or Majorana give the same total for a purely left-handed
current).

Hadrons and quarks (keys 'hadrons', 'cc', 'bb', 'tt'): :mod:`zprime_sym.constraints.hadrons`
(vector-meson dominance below 1.1 GeV, perturbative quarks with the QCD correction above 2 GeV, a
linear blend in between), from the quark couplings CV_q, CA_q when they are given (zero otherwise).
The dark photon (C_V = -eps e Q for every fermion) uses the same functions.

All masses in GeV, widths in GeV; functions are vectorised over numpy arrays. Called with a
:class:`~zprime_sym.constraints.base.Points` batch, the widths and branching ratios are computed once
per batch and shared by every constraint that needs them.
"""
from __future__ import annotations

import functools
from collections.abc import Mapping

import numpy as np

from ..constants import constants
from ..model.couplings import FLAVOURS
from . import hadrons
from .base import Points, by_mass, shared
from .mass_runs import MassFunction, mass_runs, two_body_width, width_on_runs

#: photon couplings (eps = 1) of the quarks, C_V = -e Q_q
def _photon_quarks():
    e = constants().e
    return {"CV_u": -2 * e / 3, "CV_d": e / 3, "CV_s": e / 3, "CV_c": -2 * e / 3, "CV_b": e / 3, "CV_t": -2 * e / 3}


@functools.cache
def _lepton_factors(m_lepton: float) -> MassFunction:
    """(open, m beta/(12 pi), 1 + 2r, 1 - 4r) of :func:`charged_lepton_width` per distinct mass."""
    def factors(distinct):
        r = (m_lepton / distinct) ** 2
        open_ = 1.0 - 4.0 * r > 0
        pre = distinct / (12.0 * np.pi) * np.sqrt(np.where(open_, 1.0 - 4.0 * r, 0.0))
        return open_, pre, 1.0 + 2.0 * r, 1.0 - 4.0 * r

    return MassFunction(factors)


def charged_lepton_width(m_zp, c_v, c_a, m_lepton: float, groups=None) -> np.ndarray:
    """Gamma(Z' -> l+ l-) in GeV; zero below threshold m_Z' <= 2 m_l (see module docstring).
    ``groups``: the :func:`~zprime_sym.constraints.mass_runs.mass_groups` of ``m_zp``, if known."""
    m = np.asarray(m_zp, dtype=float)
    runs = mass_runs(m) if groups is None else groups
    if runs is not None:  # the mass-only factors once per distinct mass (same doubles, same order)
        distinct, run = runs
        open_, pre, vector, axial = _lepton_factors(m_lepton).on_distinct(distinct)

        def width(part, cv, ca):
            at = run[part]
            return np.where(open_[at], pre[at] * (cv ** 2 * vector[at] + ca ** 2 * axial[at]), 0.0)

        return width_on_runs(open_, run, width, np.asarray(c_v, dtype=float), np.asarray(c_a, dtype=float))
    r = (m_lepton / m) ** 2
    c_v, c_a = np.asarray(c_v, dtype=float), np.asarray(c_a, dtype=float)
    return two_body_width(_lepton_width, m, r, c_v, c_a)


def _lepton_width(m, r, c_v, c_a):
    """m/(12 pi) beta [C_V^2 (1 + 2r) + C_A^2 (1 - 4r)] where 1 - 4r > 0, else 0 (module docstring)."""
    open_ = 1.0 - 4.0 * r > 0
    beta = np.sqrt(np.where(open_, 1.0 - 4.0 * r, 0.0))
    amp2 = c_v ** 2 * (1.0 + 2.0 * r) + c_a ** 2 * (1.0 - 4.0 * r)
    return np.where(open_, m / (12.0 * np.pi) * beta * amp2, 0.0)


def neutrino_width(m_zp, c_nu) -> np.ndarray:
    """Gamma(Z' -> nu nu-bar) for one flavour, C_nu^2 m / (24 pi), in GeV (left-handed coupling)."""
    return np.asarray(c_nu, dtype=float) ** 2 * np.asarray(m_zp, dtype=float) / (24.0 * np.pi)


def partial_widths(m_zp, couplings: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """All partial widths (GeV): keys 'ee', 'mumu', 'tautau', 'nu_e', 'nu_mu', 'nu_tau' and, when quark
    couplings are given, 'hadrons', 'cc', 'bb', 'tt'."""
    return shared(m_zp, couplings, "partial_widths", _partial_widths)


def _partial_widths(m_zp, couplings):
    k = constants()
    groups = couplings.mass_groups() if isinstance(couplings, Points) and m_zp is couplings.m else None
    out = {}
    for fl, key in zip(FLAVOURS, ("ee", "mumu", "tautau")):
        out[key] = charged_lepton_width(m_zp, couplings[f"CV_{fl}"], couplings[f"CA_{fl}"], k.lepton_mass(fl), groups)
    for fl in FLAVOURS:
        out[f"nu_{fl}"] = neutrino_width(m_zp, couplings[f"Cnu_{fl}"])
    if _has_quarks(couplings):
        out.update(hadrons.hadronic_widths(m_zp, couplings, groups))
    return out


def _has_quarks(couplings) -> bool:
    from ..model.couplings import QUARK_COUPLING_NAMES

    if isinstance(couplings, Points):
        return any(couplings.has(n) for n in QUARK_COUPLING_NAMES)
    return any(n in couplings for n in QUARK_COUPLING_NAMES)


def total_width(m_zp, couplings: Mapping[str, np.ndarray]) -> np.ndarray:
    """Sum of the partial widths (GeV)."""
    return shared(m_zp, couplings, "total_width", lambda m, c: sum(partial_widths(m, c).values()))


def _ratio(num, den):
    num, den = np.broadcast_arrays(np.asarray(num, float), np.asarray(den, float))
    return np.divide(num, den, out=np.zeros(num.shape), where=den > 0)


def br_ee(m_zp, couplings: Mapping[str, np.ndarray]) -> np.ndarray:
    """BR(Z' -> e+ e-) from the widths above; 0 where the total width vanishes (no couplings)."""
    return branching_ratio(m_zp, couplings, ("ee",))


def branching_ratio(m_zp, couplings: Mapping[str, np.ndarray], channels=("ee",)) -> np.ndarray:
    """Sum of BR(Z' -> channel) over ``channels`` (keys of :func:`partial_widths`)."""
    def compute(m, c):
        widths = partial_widths(m, c)
        return _ratio(sum(widths[ch] for ch in channels), total_width(m, c))

    return shared(m_zp, couplings, ("branching_ratio", tuple(channels)), compute)


def _dark_photon_partial_widths(m) -> dict[str, np.ndarray]:
    k = constants()
    out = {key: charged_lepton_width(m, k.e, 0.0, k.lepton_mass(fl)) for fl, key in zip(FLAVOURS, ("ee", "mumu", "tautau"))}
    out.update(hadrons.hadronic_widths(m, _photon_quarks()))
    return out


#: The dark photon's widths, branching ratios and total width depend on the mass alone: computed once per
#: distinct mass of a batch and remembered (mass_runs.MassFunction; the same doubles as point by point),
#: or, for a batch whose masses all differ, once per batch for every constraint (``shared``).
_DARK_PHOTON_WIDTHS = MassFunction(_dark_photon_partial_widths, shared=True)
_DARK_PHOTON_TOTAL = MassFunction(lambda m, widths: sum(widths.values()), inputs=(_DARK_PHOTON_WIDTHS,), shared=True)


@functools.cache
def dark_photon_br_by_mass(channels: tuple[str, ...]) -> MassFunction:
    """The MassFunction of :func:`dark_photon_br` for ``channels`` (built from the partial widths)."""
    def compute(m, widths):
        return _ratio(sum(widths[ch] for ch in channels), sum(widths.values()))

    return MassFunction(compute, inputs=(_DARK_PHOTON_WIDTHS,), shared=True)


def dark_photon_partial_widths(m_zp, batch=None) -> dict[str, np.ndarray]:
    """Partial widths (GeV) of a dark photon with eps = 1 (C_V = -e Q, C_A = 0): keys 'ee', 'mumu',
    'tautau', 'hadrons', 'cc', 'bb', 'tt'. They scale as eps^2. ``batch``: a Points batch with masses
    ``m_zp`` (optional; its distinct masses are used)."""
    return by_mass(_DARK_PHOTON_WIDTHS, m_zp, batch)


def dark_photon_br(m_zp, channels=("ee",), batch=None) -> np.ndarray:
    """Sum of the dark photon's branching ratios over ``channels`` (keys of dark_photon_partial_widths)."""
    return by_mass(dark_photon_br_by_mass(tuple(channels)), m_zp, batch)


def dark_photon_width(m_zp, epsilon=1.0, batch=None) -> np.ndarray:
    """Total width (GeV) of a dark photon with kinetic mixing epsilon (C_V = -eps e Q, C_A = 0),
    hadrons included (:mod:`zprime_sym.constraints.hadrons`)."""
    return np.asarray(epsilon, dtype=float) ** 2 * by_mass(_DARK_PHOTON_TOTAL, m_zp, batch)


def dark_photon_br_ee(m_zp, batch=None) -> np.ndarray:
    """BR(A' -> e+ e-) of a dark photon: exactly 1 between 2 m_e and 2 m_mu; above, mu+mu-, tau+tau-
    and hadrons (dips at the rho/omega and phi) share the width. Zero below 2 m_e."""
    return dark_photon_br(m_zp, ("ee",), batch)
