"""Parity-violating Moller scattering, SLAC E158 (hep-ex/0504049), BCK21 Eq. (12).

For m_Z' below about 100 MeV the bound is mass independent (Kahn, Krnjaic, Mishra-Sharma, Tait,
arXiv:1609.09072, BCK21 ref. [77]):  |C_Ve C_Ae| <~ 1e-8;  ratio = |C_Ve C_Ae| / limit(m).

Above 100 MeV (not covered by BCK21) we scale the limit with the Z' propagator at E158's momentum
transfer Q^2 = 0.026 GeV^2 (hep-ex/0504049): the parity-violating amplitude ~ C_Ve C_Ae / (Q^2 + m^2),
so limit(m) = 1e-8 (Q^2 + m^2) / (Q^2 + (100 MeV)^2) for m > 100 MeV, continuous at 100 MeV. This
tree-level propagator scaling is our extrapolation; it is documented as such in docs/constraints.md.
BCK21 does not state a confidence level for Eq. (12) (cl = None).
"""
from __future__ import annotations

import functools

import numpy as np

from ..units import UNITS_IN_GEV
from .base import Constraint

#: |C_Ve C_Ae| bound for m_Z' <~ 100 MeV, BCK21 Eq. (12) (from arXiv:1609.09072).
MOLLER_PRODUCT_LIMIT = 1e-8
#: Mass below which Eq. (12) is mass independent (BCK21 Sec. III A2).
MOLLER_FLAT_BELOW_GEV = 100.0 * UNITS_IN_GEV["MeV"]
#: E158 average momentum transfer Q^2 in GeV^2 (hep-ex/0504049).
E158_Q2_GEV2 = 0.026


def moller_limit(m) -> np.ndarray:
    """Upper limit on |C_Ve C_Ae| at Z' mass m (GeV), see the module docstring."""
    m = np.asarray(m, dtype=float)
    scale = (E158_Q2_GEV2 + m**2) / (E158_Q2_GEV2 + MOLLER_FLAT_BELOW_GEV**2)
    return MOLLER_PRODUCT_LIMIT * np.maximum(1.0, scale)


@functools.cache
def moller_e158() -> Constraint:
    return Constraint(
        name="moller_e158",
        experiment="SLAC E158 (parity-violating Moller scattering)",
        arxiv="hep-ex/0504049",
        cl=None,
        mass_range_GeV=(0.0, np.inf),
        depends_on=("CV_e", "CA_e"),
        projection=False,
        description="|C_Ve C_Ae| <= 1e-8 for m_Z' <= 100 MeV (BCK21 Eq. (12), arXiv:1609.09072); "
        "propagator scaling at Q^2 = 0.026 GeV^2 above",
        ratio_fn=lambda m, c: np.abs(c["CV_e"] * c["CA_e"]) / moller_limit(m),
    )
