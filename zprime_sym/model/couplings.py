"""Names and containers for the nine effective Z'-lepton couplings.

Convention (BCK21, Eqs. (5)-(6)): L ⊃ -Z'_mu J^mu with
J^mu = sum_f psi_f-bar gamma^mu (C_L P_L + C_R P_R) psi_f, C_V = (C_R + C_L)/2,
C_A = (C_R - C_L)/2, and C_nu the coupling of the left-handed neutrino, nu-bar gamma^mu P_L nu.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..exceptions import InputError

if TYPE_CHECKING:  # numpy is imported lazily at run time (see coupling_arrays)
    import numpy as np

FLAVOURS = ("e", "mu", "tau")
KINDS = ("CV", "CA", "Cnu")
#: The nine coupling names, in the canonical order (flavour-major).
COUPLING_NAMES = tuple(f"{kind}_{fl}" for fl in FLAVOURS for kind in KINDS)


def coupling_arrays(values: Mapping[str, object], shape=None) -> dict[str, np.ndarray]:
    """Return all nine couplings as float arrays broadcast to a common shape.

    Missing couplings are zero. Unknown names, NaN or infinite values raise InputError naming them.
    """
    import numpy as np  # here, not at module level: the symbolic stage (zprime derive) needs no numpy
    unknown = set(values) - set(COUPLING_NAMES)
    if unknown:
        raise InputError(f"unknown coupling name(s) {sorted(unknown)}; expected {list(COUPLING_NAMES)}")
    arrays = {}
    for name in COUPLING_NAMES:
        arr = np.asarray(values.get(name, 0.0), dtype=float)
        if not np.all(np.isfinite(arr)):
            raise InputError(f"coupling {name} has a non-finite value: {arr[~np.isfinite(arr)][:3]}")
        arrays[name] = arr
    target = np.broadcast_shapes(*(a.shape for a in arrays.values()), () if shape is None else shape)
    return {k: np.broadcast_to(v, target) for k, v in arrays.items()}
