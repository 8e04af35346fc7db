"""The derived rho parameter against the measured rho_0 of the global electroweak fit (verdict stage).

rho = m_W^2 / (c_W^2 m_Z^2) depends on the model's parameters (g', g~ or eps, charges, VEVs, VEV
angles), not on the couplings a constraint object receives, so it is checked here, at every point the
verdict search evaluates, from the point's own parameters.

Measurement: rho_0 = 1.00038 +- 0.00020 (data/pdg.toml, PDG 2020 electroweak review by J. Erler and
A. Freitas, Sec. 10.7, global fit with rho_0 free). Ratio (<= 1 allowed, as for the constraints):

    ratio = |rho - rho_0| / (z_95 sigma),   z_95 = 1.960 (two-sided 95% CL, Gaussian).

The SM point rho = 1 has ratio 0.38/(1.96 * 0.20) = 0.97 (the fit is 1.9 sigma above 1), so the check
allows -1.2e-5 <= rho - 1 <= 7.7e-4.

Prediction (tree level, Z-Z' mass mixing only). In the basis (A, Z0, X) of derive/gauge.py the Z0-X
block of the neutral mass matrix is [[a, b], [b, d]] with a = M2_Z0Z0 = m_W^2/c_W^2 (doublets only),
b = M2_Z0X, d = M2_XX (exact in g', g~: eps models with g~ = -g1 eps/sqrt(1-eps^2), g'/sqrt(1-eps^2)).
The Z is the eigenstate with the larger Z0 component; with D = (a - d)/2, R = sqrt(D^2 + b^2),

    a - m_Z^2 = -sign(D) b^2 / (|D| + R),     rho - 1 = (a - m_Z^2) / m_Z^2        (exact, 2x2)

-- no cancellation, valid for any m_Z' (a Z' lighter than the Z pushes m_Z up: rho < 1; a heavier one
pushes it down: rho > 1). For b^2 << (a - d)^2 this is -b^2/(a (a - d)); for m_Z' << m_Z it is the
leading-order rho_LO - 1 = -phi_LO^2 of derive/gauge.py, which has the wrong sign for a heavy Z', hence
the closed form. Not included: oblique loop corrections (new scalars, the Z' in loops), the Z-pole
widths and couplings where the Z mixes.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import sympy as sp

from ..constants import constants, pdg_inputs
from ..constraints.neutrino_scattering import two_sided_z
from ..derive.gauge import cw, e, gZ, sw, v
from ..evaluate.compile import function_from_source, numpy_source
from ..model.charges import as_expr

NAME = "rho0_ew_fit"
CL = 0.95


@functools.cache
def measured_rho0() -> tuple[float, float, str]:
    """(rho_0, sigma, source) from data/pdg.toml."""
    entry = pdg_inputs()["rho_0"]
    return float(entry["value"]), float(entry["sigma"]), str(entry["source"])


def rho0_ratio(rho_minus_1) -> np.ndarray:
    """|rho - rho_0| / (z_95 sigma) for rho - 1 given (arrays; NaN stays NaN)."""
    rho0, sigma = measured_rho0()[:2]
    return np.abs(np.asarray(rho_minus_1, dtype=float) - (rho0 - 1.0)) / (two_sided_z(CL) * sigma)


def rho_minus_1_from_block(a, b, d) -> np.ndarray:
    """rho - 1 from the Z0-X block [[a, b], [b, d]] (GeV^2, arrays), closed form of the module docstring."""
    a, b, d = (np.asarray(x, dtype=float) for x in (a, b, d))
    half = 0.5 * (a - d)
    root = np.hypot(half, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        shift = np.where(half >= 0.0, -1.0, 1.0) * b**2 / (np.abs(half) + root)  # a - m_Z^2
        return shift / (a - shift)


@dataclass(frozen=True)
class RhoFunction:
    """rho - 1 as a numpy function of the model's parameters (by name)."""

    args: tuple[str, ...]
    _block: Callable  #: compiled (a, b, d) of the parameters in ``args``
    source: str = ""  #: printed numpy source of ``_block`` (evaluate/compile.py: numpy_source)

    def block(self, params: dict, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(a, b, d) of the Z0-X block (GeV^2) at n points; ``params`` maps each name of :attr:`args` to
        an array of length n."""
        with np.errstate(divide="ignore", invalid="ignore"):
            a, b, d = (np.broadcast_to(np.asarray(x, dtype=float), (n,)) for x in self._block(*(params[k] for k in self.args)))
        return a, b, d

    def __call__(self, params: dict, n: int) -> np.ndarray:
        """rho - 1 at n points (see :meth:`block`)."""
        return rho_minus_1_from_block(*self.block(params, n))


def compile_rho(derivation) -> RhoFunction | None:
    """Compile rho - 1 for a charge-table model (None for an effective model: no gauge sector).

    The block entries are taken from the exact Weinberg-basis mass matrix of derive/gauge.py with the
    doublet VEV fractions written in the declared angles; a = m_W^2/c_W^2 = gZ^2 v^2/4 is checked
    symbolically (doublets of hypercharge +-1/2 only)."""
    sector = derivation.gauge
    if sector is None or derivation.model.kind == "effective":
        return None
    m2 = sector.mass_matrix_weinberg
    if sp.expand(as_expr(m2[1, 1]) - gZ**2 * v**2 / 4) != 0:  # polynomial in the VEV fractions, sum = 1
        raise AssertionError("rho: M2_Z0Z0 differs from m_W^2/c_W^2 (a scalar that is not a doublet of |Y| = 1/2?)")
    a, b, d = (as_expr(m2[i, j]).xreplace(sector.to_angles) for i, j in ((1, 1), (1, 2), (2, 2)))
    c = constants()
    consts = {e: sp.Float(c.e, 30), sw: sp.Float(c.sw, 30), cw: sp.Float(c.cw, 30), v: sp.Float(c.v, 30)}
    exprs = [x.xreplace(consts) for x in (a, b, d)]
    syms = sorted(set().union(*(x.free_symbols for x in exprs)), key=lambda s: s.name)
    source = numpy_source(syms, exprs)
    return RhoFunction(tuple(s.name for s in syms), function_from_source(source), source)
