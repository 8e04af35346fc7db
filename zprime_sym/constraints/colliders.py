"""Prompt e+e- -> gamma Z', Z' -> e+e- searches: BaBar, KLOE, Belle-II projection (BCK21 Sec. III A2).

Dark-photon searches bound the kinetic mixing eps of a vector with coupling eps*e to electrons. For a
Z' with vector and axial electron couplings, production e+e- -> gamma Z' scales as C_Ve^2 + C_Ae^2
(vector and axial production agree up to O(m_e^2/s) corrections) and the signal as
(C_Ve^2 + C_Ae^2) BR(Z' -> ee). BCK21 Eqs. (10)-(11) therefore bound

    sqrt((C_Ve^2 + C_Ae^2) BR(Z'->ee))  <=  eps_lim(m) * e * sqrt(BR(A'->ee)),

where BR(A'->ee) is the dark photon's own branching ratio (1 below 2 m_mu; above, from its leptonic
widths, hadrons neglected: see :func:`widths.dark_photon_br_ee`). The ratio returned is the left side
over the right side. BaBar's search selects A' -> e+e- and mu+mu-; its constraint counts both channels for the Z'
(``channels``), KLOE's only e+e-.

BaBar's published curve fluctuates strongly; BCK21 uses "a smooth envelope through the most
constraining points". We implement that envelope as the lower convex hull of the sampled curve in
(log m, log eps), interpolated log-log across the resonance windows (registry default,
``babar_2014``), and also the raw sampled curve with its resonance gaps (``curve="raw"``).
"""
from __future__ import annotations

import functools

import numpy as np

from ..constants import constants
from ..model.couplings import COUPLING_NAMES
from .base import Constraint, by_mass, shared
from .mass_runs import MassFunction
from .tables import LimitTable, shipped_table
from .widths import branching_ratio, dark_photon_br_by_mass

#: BR(Z'->ee) depends on every width, hence on all nine couplings.
ALL_WIDTH_COUPLINGS = COUPLING_NAMES

#: Belle-II 50/ab projected reach on sqrt((C_Ve^2+C_Ae^2) BR(Z'->ee)), BCK21 Eq. (17) (its ref. [87],
#: T. Ferber, Acta Phys. Polon. B 46 (2015) 2285; Belle II Physics Book arXiv:1808.10567).
BELLE2_50AB_REACH = 9e-5
#: Mass range assumed for the Belle-II projection: that of the analogous BaBar search (20 MeV-10.2 GeV,
#: arXiv:1406.2980); BCK21 quotes Eq. (17) without a mass range.
BELLE2_MASS_RANGE_GEV = (0.020, 10.2)


def prompt_signal_coupling(m_zp, couplings, channels=("ee",)) -> np.ndarray:
    """sqrt((C_Ve^2 + C_Ae^2) BR(Z'->channels)): the left side of BCK21 Eqs. (10), (11), (17)
    (BR(Z'->ee) there; searches that also select mu+mu- count that channel too)."""
    c2 = couplings["CV_e"] ** 2 + couplings["CA_e"] ** 2
    return np.sqrt(c2 * branching_ratio(m_zp, couplings, channels))


@functools.cache
def _prompt_denominator(channels: tuple[str, ...]) -> MassFunction:
    """e sqrt(BR(A' -> channels)), a function of the mass alone (once per distinct mass of a batch)."""
    return MassFunction(lambda m, br: constants().e * np.sqrt(br), inputs=(dark_photon_br_by_mass(channels),), shared=True)


def equivalent_epsilon_prompt(m_zp, couplings, channels=("ee",)) -> np.ndarray:
    """The dark-photon eps giving the same prompt e+e- -> gamma A' (A' -> channels) signal as the Z'.

    Production is e+e- -> gamma Z' through the electron couplings (C_Ve^2 + C_Ae^2 against (eps e)^2),
    decay into the searched channels (BR_Z' against BR_A'); equal selection efficiencies are assumed
    for the two channels of a combined search. Zero below 2 m_e."""
    def compute(m, c):
        num = prompt_signal_coupling(m, c, channels)
        den = by_mass(_prompt_denominator(tuple(channels)), m, c)
        return np.divide(num, den, out=np.zeros(np.broadcast(num, den).shape), where=den > 0)

    return shared(m_zp, couplings, ("prompt_epsilon", tuple(channels)), compute)


#: BCK21 Sec. III A 2: BaBar "probe[s] masses from 20 MeV up to 10.2 GeV" and its envelope rules out
#: solutions "up to the largest mass probed by the experiment, 10.2 GeV" (GeV).
BABAR_ENVELOPE_END_GEV = 10.2


def lower_envelope(table: LimitTable, extend_to_GeV: float | None = None) -> LimitTable:
    """Lower convex hull of an upper-limit curve in (log m, log value): 'the most constraining points'.

    Returns a new table through the hull vertices only, without gaps (the envelope interpolates
    across resonance windows, as BCK21 does for BaBar). ``extend_to_GeV`` continues the last value
    flat up to that mass (BCK21 carries the BaBar envelope to 10.2 GeV, across the final veto window).
    """
    x, y = np.log(table.mass_GeV), np.log(table.values[:, 0])
    hull: list[int] = []
    for i in range(len(x)):
        while len(hull) >= 2:
            a, b = hull[-2], hull[-1]
            cross = (x[b] - x[a]) * (y[i] - y[a]) - (y[b] - y[a]) * (x[i] - x[a])
            if cross <= 0:  # b lies on or above the chord a-i: not a lower-hull vertex
                hull.pop()
            else:
                break
        hull.append(i)
    header = dict(table.header, note=table.header.get("note", "") + " [lower convex envelope]")
    masses, values = table.mass_GeV[hull], table.values[hull]
    if extend_to_GeV is not None and extend_to_GeV > masses[-1]:
        masses = np.append(masses, extend_to_GeV)
        values = np.vstack([values, values[-1:]])
        header["note"] += f" [continued flat to {extend_to_GeV} GeV as BCK21 does]"
    return LimitTable(table.source, header, masses, values, ())


def epsilon_limit_constraint(table: LimitTable, *, name: str, description: str, projection: bool = False,
                             channels=("ee",)) -> Constraint:
    """A prompt-search Constraint from an epsilon upper-limit table (shipped or user-supplied).

    ``channels``: the A' decay channels the search selects (BaBar 1406.2980: e+e- and mu+mu-)."""

    def ratio(m, c):
        eps_lim = table.interpolate(m, c)[..., 0]
        eps_z = equivalent_epsilon_prompt(m, c, channels)
        return np.where(np.isnan(eps_lim), 0.0, eps_z / np.where(np.isnan(eps_lim), 1.0, eps_lim))

    return Constraint.from_table(table, name=name, ratio_fn=ratio, depends_on=ALL_WIDTH_COUPLINGS,
                                 description=description, projection=projection)


@functools.cache
def babar_2014(curve: str = "envelope") -> Constraint:
    """BaBar e+e- -> gamma A' (arXiv:1406.2980, Fig. 4, 90% CL), BCK21 Eq. (10).

    ``curve="envelope"`` (default, as BCK21): lower convex envelope of the sampled curve;
    ``curve="raw"``: the sampled curve itself, with no limit inside the resonance windows.
    """
    raw = shipped_table("babar_2014.csv")
    if curve == "envelope":
        return epsilon_limit_constraint(
            lower_envelope(raw, extend_to_GeV=BABAR_ENVELOPE_END_GEV), name="babar_2014", channels=("ee", "mumu"),
            description="sqrt((C_Ve^2+C_Ae^2) BR(Z'->ee,mumu)) vs eps_lim e sqrt(BR_A'(ee,mumu)); smooth lower "
            "envelope of the sampled BaBar curve (BCK21 Eq. (10); the search selects A'->ee and mumu)")
    if curve == "raw":
        return epsilon_limit_constraint(
            raw, name="babar_2014_raw", channels=("ee", "mumu"),
            description="as babar_2014 but with the raw sampled curve (fluctuating; no limit in resonance windows)")
    raise ValueError(f"curve must be 'envelope' or 'raw', not {curve!r}")


@functools.cache
def kloe_2015() -> Constraint:
    """KLOE e+e- -> U gamma, U -> ee (arXiv:1509.00740, 90% CL), BCK21 Eq. (11)."""
    return epsilon_limit_constraint(
        shipped_table("kloe_2015.csv"), name="kloe_2015",
        description="sqrt((C_Ve^2+C_Ae^2) BR(Z'->ee)) vs eps_lim e sqrt(BR_A'(ee)), sampled KLOE curve (BCK21 Eq. (11))")


@functools.cache
def belle2_50ab() -> Constraint:
    """Belle-II 50/ab projection, BCK21 Eq. (17): sqrt((C_Ve^2+C_Ae^2) BR(Z'->ee)) <~ 9e-5."""
    return Constraint(
        name="belle2_50ab",
        experiment="Belle II (projection, 50/ab)",
        arxiv="1808.10567",
        cl=None,
        mass_range_GeV=BELLE2_MASS_RANGE_GEV,
        depends_on=ALL_WIDTH_COUPLINGS,
        projection=True,
        description="projected reach sqrt((C_Ve^2+C_Ae^2) BR(Z'->ee)) <= 9e-5 (BCK21 Eq. (17)); mass range "
        "assumed equal to BaBar's",
        ratio_fn=lambda m, c: prompt_signal_coupling(m, c) / BELLE2_50AB_REACH,
    )
