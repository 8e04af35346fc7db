"""Searches that apply to a point but are not encoded: what a verdict or a check cannot see there.

The registry (:mod:`.registry`) evaluates every search for which the project has a published limit in a
form it can use (docs/constraints.md). Some searches that a referee would check are missing, and each is
listed here with where it applies: a range of m_Z' and the couplings it needs. At a point inside that
range, with those couplings non-zero, :func:`uncovered` returns the gap. ``zprime constraints check``
prints it under the table, and ``zprime verdict`` adds it to the notes of a viable witness. Nothing
here changes a ratio or a verdict: a gap means the search was not evaluated, not that it was passed.

Why each one is missing (docs/constraints.md, "Not implemented"):

* Light-Z' searches through quarks (phi -> eta Z', e+e- -> gamma Z' with Z' -> pi pi, boosted LHC dijets):
  their limits are on a dark photon's mixing, through its meson couplings or hadronic final states, and
  no recast to arbitrary quark couplings is encoded. A leptophobic Z' (gauged baryon number, say) is
  otherwise constrained only by what the registry's lepton and neutrino searches see.
* LHC dilepton resonances (pp -> Z' -> e+e-, mu+mu-). The ATLAS and CMS limits are on sigma x BR. Turning
  them into a limit on couplings needs the 13 TeV quark-antiquark parton luminosities at each mass, and
  the project has no parton distributions.
* LHC dijet resonances (pp -> Z' -> q qbar). These need the same luminosities, plus the dijet
  acceptances.
* LEP-II fermion pairs (e+e- -> e+e-, mu+mu-, tau+tau- at sqrt(s) = 130-209 GeV). Only the LL contact
  limit on Bhabha scattering is encoded (``lep2_bhabha_ll``, m_Z' >= 1 TeV). The e+e- -> mu+mu-, tau+tau-
  tables, the other helicity models, and the regime where m_Z' is not far above sqrt(s) are not. The gap
  starts at 10 GeV, the energy of the B factories: below it BaBar and the lower-energy e+e- searches are
  encoded.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from ..units import to_mev

#: quarks that make a Z' in proton collisions (the top's parton density is negligible)
_PROTON_QUARKS = ("u", "d", "s", "c", "b")


def _largest(couplings: Mapping, names) -> np.ndarray:
    """max |C| over the named couplings, point by point (missing names are zero; NaN propagates): a float
    for floats, an array for arrays of points."""
    out = np.zeros(np.shape(next(iter(couplings.values()), 0.0)))
    for name in names:
        if name in couplings:
            out = np.maximum(out, np.abs(np.asarray(couplings[name], dtype=float)))
    return out


def _nonzero(couplings: Mapping, *names: str) -> np.ndarray:
    """True where any of the named couplings is non-zero (NaN counts as non-zero)."""
    return _largest(couplings, names) != 0.0


def _quarks(c: Mapping) -> np.ndarray:
    """A Drell-Yan production coupling: a light-quark C_V or C_A, or a nucleon C_V (effective models)."""
    return _nonzero(c, *(f"{k}_{q}" for q in _PROTON_QUARKS for k in ("CV", "CA")), "CV_p", "CV_n")


def _quarks_dominant(c: Mapping) -> np.ndarray:
    """A light-quark coupling at least as large as every e and mu one (a nucleon C_V counted per quark, /3):
    a Z' that the encoded lepton searches see no better than the searches through quarks would. A dark photon
    (|C_u| = 2/3 |C_e|), B-L (1/3) and the shipped lepton-flavoured models do not qualify; gauged baryon
    number does."""
    quarks = np.maximum(_largest(c, [f"{k}_{q}" for q in ("u", "d", "s") for k in ("CV", "CA")]),
                        _largest(c, ["CV_p", "CV_n"]) / 3.0)
    leptons = _largest(c, [f"{k}_{fl}" for fl in ("e", "mu") for k in ("CV", "CA")])
    return _quarks(c) & (quarks >= leptons)


def _electron(c: Mapping) -> np.ndarray:
    return _nonzero(c, "CV_e", "CA_e")


def _electron_or_muon(c: Mapping) -> np.ndarray:
    return _nonzero(c, "CV_e", "CA_e", "CV_mu", "CA_mu")


@dataclass(frozen=True)
class Gap:
    """A search not encoded. It applies for ``m_min_GeV <= m_Z' <= m_max_GeV`` where ``applies(couplings)``
    (couplings by name, floats or arrays of points; the result is a bool or a bool array)."""

    name: str
    searches: str  #: what is not evaluated, as a reader would name it
    references: tuple[tuple[str, str], ...]  #: (experiment and data set, arXiv number) of each search
    m_min_GeV: float
    m_max_GeV: float
    needs: str  #: the couplings that must be non-zero, in words
    reason: str  #: why it is not encoded
    applies: Callable[[Mapping], np.ndarray]
    label: str = ""  #: a few words for a plot legend

    def mask(self, m_zp_GeV, couplings: Mapping) -> np.ndarray:
        """Where the gap applies, point by point: m_Z' (GeV) and the couplings as arrays that broadcast."""
        m = np.asarray(m_zp_GeV, dtype=float)
        return (self.m_min_GeV <= m) & (m <= self.m_max_GeV) & self.applies(couplings)

    def text(self) -> str:
        """One line for the console: the search, its references, what makes it apply and why it is missing."""
        refs = "; ".join(f"{who} arXiv:{number}" for who, number in self.references)
        span = (f">= {self.m_min_GeV:g} GeV" if self.m_max_GeV == float("inf")
                else f"{self.m_min_GeV:g}-{self.m_max_GeV:g} GeV")
        return f"{self.searches} ({refs}), m_Z' {span}, applies with {self.needs}; not encoded: {self.reason}"

    def summary(self) -> dict:
        """JSON-ready description."""
        return {"name": self.name, "searches": self.searches, "arxiv": [n for _, n in self.references],
                "mass_range_GeV": [self.m_min_GeV, None if self.m_max_GeV == float("inf") else self.m_max_GeV],
                "needs": self.needs, "reason": self.reason}


GAPS: tuple[Gap, ...] = (
    Gap("light_quark_searches", "searches for a light Z' made or decaying through quarks: phi -> eta Z' (Z' -> ee), "
        "e+e- -> gamma Z' (Z' -> pi pi), boosted LHC dijets",
        (("KLOE phi -> eta U, 30-400 MeV", "1210.3927"), ("KLOE U -> pi pi, 527-987 MeV", "1603.06086"),
         ("ATLAS boosted dijets", "1801.08769")), 0.03, 225.0,
        "a u, d or s coupling at least as large as the e and mu ones",
        "their limits assume a dark photon's meson couplings or hadronic final states, and no recast to quark "
        "couplings is encoded (docs/constraints.md)",
        _quarks_dominant, "light-Z' searches through quarks"),
    Gap("lhc_dilepton_resonances", "LHC dilepton resonances pp -> Z' -> ee, mumu",
        (("ATLAS 139/fb", "1903.06248"), ("CMS 140/fb", "2103.02708")), 250.0, 6000.0,
        "a quark coupling and an e or mu coupling",
        "their sigma x BR limits need the 13 TeV parton luminosities, which the project does not have",
        lambda c: _quarks(c) & _electron_or_muon(c), "LHC dilepton resonances"),
    Gap("lhc_dijet_resonances", "LHC dijet resonances pp -> Z' -> q qbar",
        (("ATLAS dijet + photon, 225-1100 GeV", "1901.10917"), ("ATLAS trigger-level, 375-1800 GeV", "2509.01219"),
         ("CMS 137/fb, above 1.8 TeV", "1911.03947")), 225.0, 13000.0,
        "a quark coupling",
        "they need the 13 TeV parton luminosities and the dijet acceptances",
        _quarks, "LHC dijet resonances"),
    Gap("lep2_fermion_pairs", "LEP-II e+e- -> e+e-, mu mu, tau tau beyond the LL Bhabha contact limit",
        (("ALEPH, DELPHI, L3, OPAL, LEP EW working group", "1302.3415"),), 10.0, float("inf"),
        "an electron coupling",
        "only the LL Bhabha contact limit is (lep2_bhabha_ll, m_Z' >= 1 TeV); the e+e- -> mu mu, tau tau tables "
        "and the other helicity models were not available to the project",
        _electron, "LEP-II $e^+e^-\\to\\ell\\ell$"),
)


def uncovered(m_zp_GeV: float, couplings: Mapping[str, float]) -> list[Gap]:
    """The gaps of :data:`GAPS` that apply at one point: m_Z' in GeV (a float) and its couplings by name
    (missing names are zero)."""
    return [g for g in GAPS if bool(g.mask(float(m_zp_GeV), couplings))]


def gap_lines(m_zp_GeV: float, couplings: Mapping[str, float]) -> list[str]:
    """Console lines for :func:`uncovered` at a point (empty if nothing applies)."""
    gaps = uncovered(m_zp_GeV, couplings)
    if not gaps:
        return []
    head = (f"not evaluated at m_Z' = {to_mev(m_zp_GeV):g} MeV: {len(gaps)} search(es) that apply here are not "
            "encoded (docs/constraints.md, 'Not implemented'):")
    return [head, *(f"  {g.name}: {g.text()}" for g in gaps)]


#: name -> gap
GAPS_BY_NAME = {g.name: g for g in GAPS}
