"""Prompt e+e- -> gamma Z', Z' -> e+e- searches: BaBar, KLOE, Belle-II projection (seed 004 Sec. III A2).

Dark-photon searches bound the kinetic mixing eps of a vector with coupling eps*e to electrons. For a
Z' with vector and axial electron couplings, production e+e- -> gamma Z' scales as C_Ve^2 + C_Ae^2
(vector and axial production agree up to O(m_e^2/s) corrections) and the signal as
(C_Ve^2 + C_Ae^2) BR(Z' -> ee). Seed 004 Eqs. (10)-(11) therefore bound

    sqrt((C_Ve^2 + C_Ae^2) BR(Z'->ee))  <=  eps_lim(m) * e * sqrt(BR(A'->ee)),

where BR(A'->ee) is the dark photon's own branching ratio (1 below 2 m_mu; above, from its leptonic
widths, hadrons neglected: see :func:`widths.dark_photon_br_ee`). The ratio returned is the left side
over the right side. BaBar's muon channel is not used for the Z' (seed 004 uses only Z' -> ee).

BaBar's published curve fluctuates strongly; seed 004 uses "a smooth envelope through the most
constraining points". We implement that envelope as the lower convex hull of the sampled curve in
(log m, log eps), interpolated log-log across the resonance windows (registry default,
``babar_2014``), and also the raw sampled curve with its resonance gaps (``curve="raw"``).
"""
from __future__ import annotations

import functools

import numpy as np

from ..constants import constants
from .base import Constraint
from .tables import LimitTable, shipped_table
from .widths import br_ee, dark_photon_br_ee

ELECTRON_COUPLINGS = ("CV_e", "CA_e")
ALL_WIDTH_COUPLINGS = ("CV_e", "CA_e", "Cnu_e", "CV_mu", "CA_mu", "Cnu_mu", "CV_tau", "CA_tau", "Cnu_tau")

#: Belle-II 50/ab projected reach on sqrt((C_Ve^2+C_Ae^2) BR(Z'->ee)), seed 004 Eq. (17) (its ref. [87],
#: T. Ferber, Acta Phys. Polon. B 46 (2015) 2285; Belle II Physics Book arXiv:1808.10567).
BELLE2_50AB_REACH = 9e-5
#: Mass range assumed for the Belle-II projection: that of the analogous BaBar search (20 MeV-10.2 GeV,
#: arXiv:1406.2980); seed 004 quotes Eq. (17) without a mass range.
BELLE2_MASS_RANGE_GEV = (0.020, 10.2)


def prompt_signal_coupling(m_zp, couplings) -> np.ndarray:
    """sqrt((C_Ve^2 + C_Ae^2) BR(Z'->ee)): the left side of seed 004 Eqs. (10), (11), (17)."""
    c2 = couplings["CV_e"] ** 2 + couplings["CA_e"] ** 2
    return np.sqrt(c2 * br_ee(m_zp, couplings))


def equivalent_epsilon_prompt(m_zp, couplings) -> np.ndarray:
    """The dark-photon eps giving the same prompt e+e- -> gamma (ee) signal as the Z' (0 below 2 m_e)."""
    br_a = dark_photon_br_ee(m_zp)
    num = prompt_signal_coupling(m_zp, couplings)
    den = constants().e * np.sqrt(br_a)
    return np.divide(num, den, out=np.zeros(np.broadcast(num, den).shape), where=den > 0)


def lower_envelope(table: LimitTable) -> LimitTable:
    """Lower convex hull of an upper-limit curve in (log m, log value): 'the most constraining points'.

    Returns a new table through the hull vertices only, without gaps (the envelope interpolates
    across resonance windows, as seed 004 does for BaBar).
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
    return LimitTable(table.source, header, table.mass_GeV[hull], table.values[hull], ())


def epsilon_limit_constraint(table: LimitTable, *, name: str, description: str, projection: bool = False) -> Constraint:
    """A prompt-search Constraint from an epsilon upper-limit table (shipped or user-supplied)."""

    def ratio(m, c):
        eps_lim = table.interpolate(m)[..., 0]
        eps_z = equivalent_epsilon_prompt(m, c)
        return np.where(np.isnan(eps_lim), 0.0, eps_z / np.where(np.isnan(eps_lim), 1.0, eps_lim))

    return Constraint(
        name=name,
        experiment=table.header["experiment"],
        arxiv=table.header["arxiv"],
        cl=table.cl,
        mass_range_GeV=table.mass_range_GeV,
        depends_on=ALL_WIDTH_COUPLINGS,
        projection=projection,
        description=description,
        ratio_fn=ratio,
    )


@functools.cache
def babar_2014(curve: str = "envelope") -> Constraint:
    """BaBar e+e- -> gamma A' (arXiv:1406.2980, Fig. 4, 90% CL), seed 004 Eq. (10).

    ``curve="envelope"`` (default, as seed 004): lower convex envelope of the sampled curve;
    ``curve="raw"``: the sampled curve itself, with no limit inside the resonance windows.
    """
    raw = shipped_table("babar_2014.csv")
    if curve == "envelope":
        return epsilon_limit_constraint(
            lower_envelope(raw), name="babar_2014",
            description="sqrt((C_Ve^2+C_Ae^2) BR(Z'->ee)) vs eps_lim e sqrt(BR_A'(ee)); smooth lower envelope "
            "of the sampled BaBar curve (seed 004 Eq. (10))")
    if curve == "raw":
        return epsilon_limit_constraint(
            raw, name="babar_2014_raw",
            description="as babar_2014 but with the raw sampled curve (fluctuating; no limit in resonance windows)")
    raise ValueError(f"curve must be 'envelope' or 'raw', not {curve!r}")


@functools.cache
def kloe_2015() -> Constraint:
    """KLOE e+e- -> U gamma, U -> ee (arXiv:1509.00740, 90% CL), seed 004 Eq. (11)."""
    return epsilon_limit_constraint(
        shipped_table("kloe_2015.csv"), name="kloe_2015",
        description="sqrt((C_Ve^2+C_Ae^2) BR(Z'->ee)) vs eps_lim e sqrt(BR_A'(ee)), sampled KLOE curve (seed 004 Eq. (11))")


@functools.cache
def belle2_50ab() -> Constraint:
    """Belle-II 50/ab projection, seed 004 Eq. (17): sqrt((C_Ve^2+C_Ae^2) BR(Z'->ee)) <~ 9e-5."""
    return Constraint(
        name="belle2_50ab",
        experiment="Belle II (projection, 50/ab)",
        arxiv="1808.10567",
        cl=None,
        mass_range_GeV=BELLE2_MASS_RANGE_GEV,
        depends_on=ALL_WIDTH_COUPLINGS,
        projection=True,
        description="projected reach sqrt((C_Ve^2+C_Ae^2) BR(Z'->ee)) <= 9e-5 (seed 004 Eq. (17)); mass range "
        "assumed equal to BaBar's",
        ratio_fn=lambda m, c: prompt_signal_coupling(m, c) / BELLE2_50AB_REACH,
    )
