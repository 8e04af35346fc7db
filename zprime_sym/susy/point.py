"""One SUSY point through the Python API: spectrum, SUSY Delta a_l and the Z' loop in one call.

``evaluate_point(params) -> dict`` runs the batched engine at n = 1 without its per-call setup: the
parameters are normalised once (:func:`.params.normalise_params`, the same checks and errors), the
spectrum comes from :func:`.params.spectrum_of` (whose generated matrix functions take Python floats at
n = 1, the same IEEE operations), the neutralino and chargino loops of all requested leptons are
summed on Python floats by the lines that sum a batch on arrays (:func:`.g2.susy_loops` and
:func:`.loop_sums.loop_sums`, the engine of :func:`.g2.delta_a_susy`) and
the Z' loop of every charged lepton is :func:`zprime_sym.evaluate.g2.delta_a_point` (BCK21 Eq. (7), the
formula of :func:`zprime_sym.evaluate.g2.delta_a` on floats, one integral call for all leptons) with the
lepton's couplings C_V = g_X (Q_L + Q_R)/2, C_A = g_X (Q_R - Q_L)/2 as :func:`.g2.delta_a_zprime` forms
them. The n = 1 shortcuts (float fast path of normalise_params, the LAPACK gufuncs behind numpy.linalg,
regimes and arithmetic of a few r on floats) leave the operations unchanged. Every value
equals the same point inside a batch (compute_spectrum, delta_a_susy, delta_a_zprime) bit for bit
(tests/test_susy_one_point.py). No second implementation: a batch is faster per point
(benchmarks/bench_susy.py); this call is for point-by-point use (optimisers, interactive work).

Result (Python floats; GeV): ``spectrum`` (the :class:`.params.Spectrum` of the point, arrays with a
leading axis of length 1), and for each lepton l of ``leptons``: ``da_<l>_neutralino``,
``da_<l>_chargino``, ``da_<l>_susy`` (their sum), ``da_<l>_zp`` (Z' loop; 0 for a lepton without U(1)_X
charge, as the batched formula gives) and ``da_<l>`` = susy + zp.
"""
from __future__ import annotations

from collections.abc import Mapping

from ..exceptions import InputError
from .g2 import _check_lepton, _delta_a_point, _x_charges, delta_a_zprime, susy_loops
from .params import normalise_params, spectrum_of


def evaluate_point(params: Mapping, leptons: tuple[str, ...] = ("e", "mu"), zprime_formula: str = "standard") -> dict:
    """Spectrum and Delta a_l (SUSY loops + Z' loop, ``zprime_formula`` of :func:`.g2.delta_a_zprime`) of
    ONE SUSY point ``params`` (scalars or 1-element arrays keyed by :data:`.params.PARAMETER_NAMES`)."""
    leptons = tuple(leptons)
    for lep in leptons:
        _check_lepton(lep)
    p = normalise_params(params)
    if p["M1"].shape[0] != 1:
        raise InputError(f"evaluate_point takes one point, got {p['M1'].shape[0]} (use compute_spectrum and "
                         "delta_a_susy for a batch)")
    spec = spectrum_of(p, 1)
    neut, char = susy_loops(spec, p, leptons)
    m_zp, g_x = p["m_zp"][0].item(), p["gX"][0].item()
    out: dict = {"spectrum": spec}
    zps = dict.fromkeys(leptons, 0.0)  # C_V = C_A = 0: the batched formula gives r/(4 pi^2) (0 I_V - 0 I_A) = 0.0
    if zprime_formula != "standard":
        zps = {lep: float(delta_a_zprime(m_zp, g_x, lep, formula=zprime_formula)) for lep in leptons}
    else:
        charged = [(lep, _x_charges(lep)) for lep in leptons if _x_charges(lep) != (0.0, 0.0)]
        # C_V = g_X (Q_L + Q_R)/2, C_A = g_X (Q_R - Q_L)/2 as delta_a_zprime forms them; one integral call
        zps.update(zip([lep for lep, _ in charged], _delta_a_point()(
            m_zp, [(g_x * 0.5 * (x_l + x_r), g_x * 0.5 * (x_r - x_l), lep) for lep, (x_l, x_r) in charged])))
    for k, lep in enumerate(leptons):
        n_k, c_k = neut[k, 0].item(), char[k, 0].item()
        total = n_k + c_k
        out[f"da_{lep}_neutralino"], out[f"da_{lep}_chargino"], out[f"da_{lep}_susy"] = n_k, c_k, total
        out[f"da_{lep}_zp"], out[f"da_{lep}"] = zps[lep], total + zps[lep]
    return out
