"""Physical constants, in GeV units.

CODATA values come from :mod:`scipy.constants` (lepton masses, alpha, G_F, the on-shell weak
mixing angle sin^2(theta_W) = 1 - m_W^2/m_Z^2 as CODATA quotes it). Other inputs (m_Z, m_W,
alpha(m_Z), alpha_s) are read from ``data/pdg.toml``, where each entry cites its edition.
Nothing is read at import time: use the cached accessor functions.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from .data import read_toml

#: the CODATA entries of :mod:`scipy.constants` that zprime_sym uses
CODATA_NAMES = ("fine-structure constant", "Fermi coupling constant", "weak mixing angle",
                "electron mass energy equivalent in MeV", "muon mass energy equivalent in MeV",
                "tau mass energy equivalent in MeV")


@functools.cache
def codata_values() -> dict[str, float]:
    """The :data:`CODATA_NAMES` values of the installed :mod:`scipy.constants`.

    Importing scipy.constants costs ~0.2 s per process (it loads scipy's array-API layer), so the six
    floats are kept in the on-disk cache (zprime_sym/diskcache.py) keyed by the installed scipy
    version; JSON floats round-trip exactly, and a missing or corrupted entry is read from scipy again."""
    from . import diskcache

    key = diskcache.make_key("codata", list(CODATA_NAMES), diskcache.library_version("scipy"))
    cached = diskcache.load_json("codata", key, lambda x: isinstance(x, dict) and set(x) == set(CODATA_NAMES) and all(
        isinstance(v, float) and math.isfinite(v) for v in x.values()))
    if cached is not None:
        return cached
    import scipy.constants as sc

    values = {name: float(sc.physical_constants[name][0]) for name in CODATA_NAMES}
    diskcache.store_json("codata", key, values)
    return values


def _codata(name: str) -> float:
    return codata_values()[name]


@dataclass(frozen=True)
class Constants:
    """Numerical constants. Masses in GeV, G_F in GeV^-2."""

    alpha: float  #: fine-structure constant at q^2 = 0 (CODATA)
    G_F: float  #: Fermi constant, GeV^-2 (CODATA)
    sw2: float  #: on-shell sin^2(theta_W) (CODATA "weak mixing angle")
    m_e: float
    m_mu: float
    m_tau: float
    m_Z: float  #: PDG
    m_W: float  #: PDG
    alpha_inv_mZ: float  #: PDG, MS-bar 1/alpha(m_Z)
    alpha_s_mZ: float  #: PDG

    @property
    def e(self) -> float:
        """Electric charge sqrt(4 pi alpha) (Thomson limit)."""
        return math.sqrt(4.0 * math.pi * self.alpha)

    @property
    def sw(self) -> float:
        return math.sqrt(self.sw2)

    @property
    def cw(self) -> float:
        return math.sqrt(1.0 - self.sw2)

    @property
    def v(self) -> float:
        """Electroweak VEV v = (sqrt(2) G_F)^(-1/2) ~ 246 GeV."""
        return 1.0 / math.sqrt(math.sqrt(2.0) * self.G_F)

    def lepton_mass(self, flavour: str) -> float:
        """Charged-lepton mass in GeV for flavour 'e', 'mu' or 'tau'."""
        return {"e": self.m_e, "mu": self.m_mu, "tau": self.m_tau}[flavour]


@functools.cache
def pdg_inputs() -> dict:
    """The PDG table (value, unit, source per entry)."""
    return read_toml("pdg.toml")


@functools.cache
def constants() -> Constants:
    """The constants used everywhere in zprime_sym (cached)."""
    pdg = pdg_inputs()
    mev = 1e-3
    return Constants(
        alpha=_codata("fine-structure constant"),
        G_F=_codata("Fermi coupling constant"),
        sw2=_codata("weak mixing angle"),
        m_e=_codata("electron mass energy equivalent in MeV") * mev,
        m_mu=_codata("muon mass energy equivalent in MeV") * mev,
        m_tau=_codata("tau mass energy equivalent in MeV") * mev,
        m_Z=pdg["m_Z"]["value"],
        m_W=pdg["m_W"]["value"],
        alpha_inv_mZ=pdg["alpha_inv_mZ"]["value"],
        alpha_s_mZ=pdg["alpha_s_mZ"]["value"],
    )
