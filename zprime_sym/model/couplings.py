"""Names and containers for the nine effective Z'-lepton couplings (and the quark/nucleon ones).

Convention (BCK21, Eqs. (5)-(6)): L ⊃ -Z'_mu J^mu with
J^mu = sum_f psi_f-bar gamma^mu (C_L P_L + C_R P_R) psi_f, C_V = (C_R + C_L)/2,
C_A = (C_R - C_L)/2, and C_nu the coupling of the left-handed neutrino, nu-bar gamma^mu P_L nu.
"""
from __future__ import annotations

import math

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..exceptions import InputError

if TYPE_CHECKING:  # numpy is imported lazily at run time (see coupling_arrays)
    import numpy as np

FLAVOURS = ("e", "mu", "tau")
KINDS = ("CV", "CA", "Cnu")
#: The nine coupling names, in the canonical order (flavour-major).
COUPLING_NAMES = tuple(f"{kind}_{fl}" for fl in FLAVOURS for kind in KINDS)

#: Quark flavours and their (up/down type, generation) in the charge table (Q_g, uR_g, dR_g).
QUARKS = ("u", "d", "s", "c", "b", "t")
QUARK_FIELDS = {"u": ("up", "1"), "d": ("down", "1"), "s": ("down", "2"),
                "c": ("up", "2"), "b": ("down", "3"), "t": ("up", "3")}
#: Vector couplings of the proton (2u + d) and neutron (u + 2d) at zero momentum transfer.
NUCLEONS = ("p", "n")
#: Quark couplings CV_q, CA_q (same Eq. (6) convention as the leptons) and nucleon vector couplings.
QUARK_COUPLING_NAMES = tuple(f"{kind}_{q}" for q in QUARKS for kind in ("CV", "CA")) + ("CV_p", "CV_n")
#: The nine lepton couplings followed by the quark and nucleon ones.
ALL_COUPLING_NAMES = COUPLING_NAMES + QUARK_COUPLING_NAMES


def nucleon_couplings(cv_u, cv_d):
    """(CV_p, CV_n) = (2 CV_u + CV_d, CV_u + 2 CV_d): valence quark content, vector current conserved."""
    return 2 * cv_u + cv_d, cv_u + 2 * cv_d


def coupling_arrays(values: Mapping[str, object], shape=None, *, names=COUPLING_NAMES) -> dict[str, np.ndarray]:
    """Return all nine couplings (or all of ``names``) as float arrays broadcast to a common shape.

    Missing couplings are zero. Unknown names, NaN or infinite values raise InputError naming them.
    """
    import numpy as np  # here, not at module level: the symbolic stage (zprime derive) needs no numpy
    unknown = set(values) - set(names)
    if unknown:
        raise InputError(f"unknown coupling name(s) {sorted(unknown)}; expected {list(names)}")
    arrays = {name: np.asarray(values.get(name, 0.0), dtype=float) for name in names}
    # one finiteness test for all (a finite sum of the sums proves every value finite; an overflow only
    # sends the check to the name-by-name form that finds the offending coupling)
    if not math.isfinite(sum(float(np.add.reduce(a, axis=None)) for a in arrays.values())):
        for name, arr in arrays.items():
            if not np.all(np.isfinite(arr)):
                raise InputError(f"coupling {name} has a non-finite value: {arr[~np.isfinite(arr)][:3]}")
    target = np.broadcast_shapes(*(a.shape for a in arrays.values()), () if shape is None else shape)
    return {k: shaped(v, target) for k, v in arrays.items()}


def shaped(a, shape: tuple):
    """``a`` broadcast to ``shape`` (a read-only view), or ``a`` itself when it is an array of that shape."""
    import numpy as np

    return a if isinstance(a, np.ndarray) and a.shape == shape else np.broadcast_to(a, shape)
