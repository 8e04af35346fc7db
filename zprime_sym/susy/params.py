"""SUSY L_mu - L_tau parameter points -> tree-level spectrum (batched over points).

Parameters (all masses in GeV; :data:`PARAMETER_NAMES`):

=============  ==============================================================================
M1, M2, M0     bino, wino, B~' soft masses; M10 the mixed B~-B~' mass (BDR20 Eq. (2.2))
mu             higgsino mass in the SLHA sign convention: W ⊃ mu H_u.H_d, neutralino entry -mu,
               chargino entry +mu. BDR20's benchmarks have mu < 0 in this convention.
tan_beta       v_u / v_d
mu_eta         eta-etabar superpotential mass, W ⊃ -mu_eta eta etabar (BDR20 Eq. (2.1))
gX, m_zp       U(1)_X gauge coupling and Z' mass (GeV); tan_gamma = <eta>/<etabar>
mL_l, mE_l     slepton soft masses (GeV, not squared) for l = e, mu, tau
A_l            trilinears, T_l = A_l y_l; left-right slepton entry m_l (A_l - mu tan_beta)
=============  ==============================================================================

Optional with defaults (:data:`DEFAULTS`): M10 = 0, gYX = 0 (no tree-level kinetic mixing,
BDR20 Sec. 2), tan_gamma = 1, mu_eta = 4 TeV (BDR20 Sec. 4: eta-inos "decouplingly
heavy at 4 TeV"). Standard-Model inputs (:data:`SM_OVERRIDES`) default to
:func:`zprime_sym.constants.constants`: g2 = e/s_W, g1 = e/c_W with alpha(m_Z) (PDG
MS-bar value) and the on-shell s_W^2 = 1 - m_W^2/m_Z^2; v = 2 m_W/g2.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np
from numpy.typing import ArrayLike

from ..constants import constants
from ..exceptions import SpectrumError
from .compiled import compiled_matrices
from .diagonalize import chargino_from_svd, eigh_and_svd, eigh_sfermion, sfermion_2x2, takagi_from_eigh

FLAVOURS = ("e", "mu", "tau")

PARAMETER_NAMES = (
    "M1", "M2", "M0", "M10", "mu", "tan_beta", "mu_eta", "gX", "m_zp", "tan_gamma",
    "mL_e", "mE_e", "mL_mu", "mE_mu", "mL_tau", "mE_tau", "A_e", "A_mu", "A_tau",
)

#: BDR20 Sec. 4: squarks, gluinos and eta-inos "kept decouplingly heavy at 4 TeV".
MU_ETA_DECOUPLED_GEV = 4000.0

#: Parameters that may be omitted (documented physics choices of BDR20).
DEFAULTS = {"M10": 0.0, "gYX": 0.0, "tan_gamma": 1.0, "mu_eta": MU_ETA_DECOUPLED_GEV}

#: Extra parameters accepted besides PARAMETER_NAMES.
EXTRA_PARAMETERS = ("gYX",)

#: Standard-Model inputs that a point may override (SLHA SMINPUTS / MASS 24).
SM_OVERRIDES = ("alpha_inv_mZ", "m_Z", "m_W", "m_e", "m_mu", "m_tau")


@dataclass(frozen=True)
class Spectrum:
    """Tree-level spectrum of n points (all masses GeV, ascending).

    neutralino_masses (n,7) >= 0 with complex N (n,7,7): N^* M N^dagger = diag; basis
    (B~, W~3, H~d0, H~u0, B~', eta~, etabar~). chargino_masses (n,2), U, V (n,2,2):
    U^* X V^dagger = diag. slepton_masses[fl] (n,2) (NaN if tachyonic), slepton_mixing[fl]
    (n,2,2) with rows the mass eigenstates in the (l~_L, l~_R) basis; sneutrino_masses[fl] (n,).
    ``sm`` holds the electroweak inputs used (g1, g2, m_W, m_Z, lepton masses), each (n,).
    """

    neutralino_masses: np.ndarray
    N: np.ndarray
    chargino_masses: np.ndarray
    U: np.ndarray
    V: np.ndarray
    slepton_masses: dict
    slepton_mixing: dict
    sneutrino_masses: dict
    sm: dict = field(default_factory=dict)
    neutralino_basis: tuple = ()

    @property
    def valid(self) -> np.ndarray:
        """(n,) True where no slepton or sneutrino is tachyonic."""
        ok = np.ones(len(self.neutralino_masses), dtype=bool)
        for fl in FLAVOURS:
            ok &= np.all(np.isfinite(self.slepton_masses[fl]), axis=-1) & np.isfinite(self.sneutrino_masses[fl])
        return ok


def sm_inputs(overrides: Mapping[str, ArrayLike] | None = None) -> dict:
    """Electroweak inputs {g1, g2, m_W, m_Z, alpha, m_e, m_mu, m_tau} (GeV), with overrides."""
    c = constants()
    base: dict[str, Any] = {"alpha_inv_mZ": c.alpha_inv_mZ, "m_Z": c.m_Z, "m_W": c.m_W, "m_e": c.m_e, "m_mu": c.m_mu, "m_tau": c.m_tau}
    base.update({k: v for k, v in (overrides or {}).items() if k in SM_OVERRIDES})
    vals = {k: np.asarray(v, dtype=float) for k, v in base.items()}
    alpha = 1.0 / vals["alpha_inv_mZ"]
    sw2 = 1.0 - (vals["m_W"] / vals["m_Z"]) ** 2
    e = np.sqrt(4.0 * math.pi * alpha)
    return {
        "alpha": alpha, "sw2": sw2, "g1": e / np.sqrt(1.0 - sw2), "g2": e / np.sqrt(sw2),
        "m_W": vals["m_W"], "m_Z": vals["m_Z"], "m_e": vals["m_e"], "m_mu": vals["m_mu"], "m_tau": vals["m_tau"],
    }


@functools.cache
def _default_sm_column() -> tuple[tuple[str, ...], np.ndarray]:
    """(names, (k, 1) column) of :func:`sm_inputs` without overrides, computed once per process."""
    sm = sm_inputs()
    return tuple(sm), np.array([float(v) for v in sm.values()])[:, None]


def _sm_arrays(p: Mapping[str, np.ndarray], n: int) -> dict:
    """:func:`sm_inputs` for the normalised points ``p`` (overrides taken from ``p``), each (n,) float."""
    if any(k in p for k in SM_OVERRIDES):
        return {k: np.broadcast_to(v, (n,)).astype(float) for k, v in sm_inputs(p).items()}
    names, column = _default_sm_column()
    block = np.empty((len(names), n))
    block[...] = column  # the same doubles in every point: one copy for all inputs
    return dict(zip(names, block))


_KNOWN = frozenset(PARAMETER_NAMES) | frozenset(EXTRA_PARAMETERS) | frozenset(SM_OVERRIDES)
_POSITIVE = ("tan_beta", "tan_gamma", "m_zp")
_REQUIRED = frozenset(PARAMETER_NAMES)


def _stack(full: dict) -> np.ndarray:
    """The values of ``full`` as one (k, n) float array (row i = the i-th value, raveled, broadcast).

    One ``numpy.array`` call when all values have one shape (the common cases: all scalars, all
    arrays of n points); otherwise numpy.broadcast_arrays. Raises TypeError / ValueError as numpy."""
    k = len(full)
    try:
        stacked = np.array(list(full.values()), dtype=float)
    except (TypeError, ValueError):
        stacked = None
    if stacked is None or stacked.ndim == 0 or stacked.shape[0] != k:
        arrays = [np.asarray(v, dtype=float) for v in full.values()]
        stacked = np.array(np.broadcast_arrays(*arrays), dtype=float)
    return stacked.reshape(k, math.prod(stacked.shape[1:]))


def _normalise_floats(params: Mapping) -> dict[str, np.ndarray] | None:
    """:func:`normalise_params` of one point of Python floats that passes its checks; None otherwise."""
    if not _KNOWN.issuperset(params):
        return None
    full = {**DEFAULTS, **params}
    values = list(full.values())
    if (not _REQUIRED.issubset(full) or not all(type(v) is float and -math.inf < v < math.inf for v in values)
            or not all(full[k] > 0.0 for k in _POSITIVE) or not full["gX"] > 0.0):
        return None
    return dict(zip(full, np.array(values).reshape(len(values), 1)))


def normalise_params(params: Mapping[str, ArrayLike]) -> dict[str, np.ndarray]:
    """Fill defaults, check names and values, broadcast everything to 1-d float arrays.

    The arrays are rows of one freshly made (k, n) array (never views of the caller's arrays). A point
    given as Python floats that passes every check is stacked directly (the same (k, 1) array); any
    other input, or a float point that fails a check, takes the general path (the same errors)."""
    fast = _normalise_floats(params)
    if fast is not None:
        return fast
    if not _KNOWN.issuperset(params):
        unknown = sorted(set(params) - _KNOWN)
        raise SpectrumError(f"unknown SUSY parameter(s) {', '.join(unknown)}; known: {', '.join(sorted(_KNOWN))}")
    full = {**DEFAULTS, **params}
    if not _REQUIRED.issubset(full):
        missing = [p for p in PARAMETER_NAMES if p not in full]
        raise SpectrumError(f"missing SUSY parameter(s): {', '.join(missing)}")
    try:
        stacked = _stack(full)
    except (TypeError, ValueError) as err:
        raise SpectrumError(f"SUSY parameters are not numbers of compatible shapes: {err}") from None
    out = dict(zip(full, stacked))
    if not np.isfinite(stacked).all():
        bad = next(k for k, a in out.items() if not np.all(np.isfinite(a)))
        raise SpectrumError(f"parameter {bad} has non-finite values")
    if not (np.array([out[k] for k in _POSITIVE]) > 0).all():  # one test for the usual case
        for k in _POSITIVE:
            if np.any(out[k] <= 0):
                raise SpectrumError(f"parameter {k} must be positive (got min {out[k].min()!r})")
    gx = out["gX"]
    if not (gx > 0).all():  # gX > 0 everywhere passes both checks below
        if np.any(gx < 0):
            raise SpectrumError("parameter gX must be >= 0")
        if np.any((gx == 0) & (out["gYX"] != 0)):
            raise SpectrumError("parameter gYX must be 0 where gX = 0 (the B' D-term has a g_YX M_Z'^2 / g_X term: "
                                "at fixed M_Z' the U(1)_X VEV diverges as g_X -> 0)")
    return out


#: Standard-Model inputs of the compiled matrices (zprime_sym.susy.matrices.SM_INPUTS, not imported: sympy).
_SM_MATRIX_INPUTS = ("g1", "g2", "m_W", "m_e", "m_mu", "m_tau")


def compute_spectrum(params: Mapping[str, ArrayLike]) -> Spectrum:
    """Tree-level spectrum of the shipped SUSY L_mu - L_tau model at a batch of points."""
    p = normalise_params(params)
    return spectrum_of(p, p["M1"].shape[0])


@functools.cache
def _scalar_layout(group) -> tuple[slice, slice] | None:
    """(columns of the slepton matrices of all FLAVOURS, columns of their sneutrinos) in the scalars block
    (:meth:`.compiled.MatrixGroup.evaluate_block`) when each kind is consecutive in flavour order; else None."""
    out = []
    for kind, size in (("slepton", 4), ("sneutrino", 1)):
        cols = [group.member_slice(f"{kind}_{fl}") for fl in FLAVOURS]
        if any(c.stop - c.start != size or c.start != cols[0].start + i * size for i, c in enumerate(cols)):
            return None
        out.append(slice(cols[0].start, cols[-1].stop))
    return out[0], out[1]


def spectrum_of(p: dict[str, np.ndarray], n: int) -> Spectrum:
    """:func:`compute_spectrum` of normalised parameters ``p`` (:func:`normalise_params`) at n points.

    At n = 1 the generated matrix functions get Python floats (their scalar form, the same IEEE
    operations: :func:`.compiled.scalar_function`); everything after them is the batched code."""
    sm = _sm_arrays(p, n)
    comp = compiled_matrices()
    values = {**p, **{k: sm[k] for k in _SM_MATRIX_INPUTS}}
    args: list = [values[k] for k in comp.argument_names]
    if n == 1:
        args = [a.item() for a in args]
    fermions = comp.groups["fermions"].evaluate(args, n)
    eig, sv = eigh_and_svd(fermions["neutralino"], fermions["chargino"])
    mn, nmix = takagi_from_eigh(*eig)
    mc, u, v = chargino_from_svd(*sv)
    # slepton D-terms contain g_YX/g_X (B' D-term, susy/matrices.py); at g_X = 0 (then g_YX = 0, checked
    # above) that term is 0: evaluate with a g_X of 1e-300 so that 0/g_X is 0, not NaN
    sargs = args
    if "gX" in comp.argument_names:
        i_gx = comp.argument_names.index("gX")
        gx = args[i_gx]
        if not (gx > 0 if n == 1 else (gx > 0).all()):
            sargs = list(args)
            sargs[i_gx] = np.where(gx > 0, gx, 1e-300) if n > 1 else 1e-300
    layout = _scalar_layout(comp.groups["scalars"])
    if layout is not None:  # all flavours as views of one block: (flavour, point, 2, 2) and (flavour, point)
        block = comp.groups["scalars"].evaluate_block(sargs, n)
        m2_sl = block[:, layout[0]].reshape(n, len(FLAVOURS), 2, 2).swapaxes(0, 1)
        m2_snu = block[:, layout[1]].T
    else:
        scalars = comp.groups["scalars"].evaluate(sargs, n)
        m2_sl = np.array([scalars[f"slepton_{fl}"] for fl in FLAVOURS])
        m2_snu = np.array([scalars[f"sneutrino_{fl}"][:, 0, 0] for fl in FLAVOURS])
    # all flavours in one call (elementwise closed form: the same doubles whatever the memory layout); NaN
    # masses for tachyons
    with np.errstate(divide="ignore", invalid="ignore"):
        masses, mixing, _ = sfermion_2x2(m2_sl) if m2_sl.shape[-2:] == (2, 2) else eigh_sfermion(m2_sl)
        m_snu = np.sqrt(m2_snu, order="C")
    sl_m, sl_x, snu = dict(zip(FLAVOURS, masses)), dict(zip(FLAVOURS, mixing)), dict(zip(FLAVOURS, m_snu))
    return Spectrum(mn, nmix, mc, u, v, sl_m, sl_x, snu, sm, comp.neutralino_basis)
