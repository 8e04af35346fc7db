"""The SUSY L_mu-L_tau batch evaluator used by ``zprime scan``: spectrum + g-2 + all constraints.

``SusyEvaluator(data="bdr2021", nsigma=2.0, zprime_formula="standard", slepton_rule="lighter")(params)
-> {column: array}`` with ``params`` a dict of arrays keyed by
:data:`zprime_sym.susy.params.PARAMETER_NAMES` (GeV; mu in the SLHA sign convention).
``zprime_formula`` selects the Z' loop of Δa_μ (:func:`zprime_sym.susy.g2.delta_a_zprime`:
"standard" one-loop, or "printed-eq3.6", BDR20's Eq. (3.6) as printed, see docs/conventions.md);
``slepton_rule`` the direct-slepton contour rule (:func:`zprime_sym.susy.lhc.direct_slepton_excluded`).
In a scan config both go in the ``[options]`` table. Columns:

* spectrum: ``m_chi1..m_chi7``, ``m_cha1, m_cha2``, ``m_e1, m_e2, m_mu1, m_mu2, m_tau1, m_tau2``
  (charged sleptons), ``m_snu_e, m_snu_mu, m_snu_tau``, ``bprime_frac_lsp`` (|N_15|²);
* g-2: ``da_e`` (SUSY), ``da_mu_susy``, ``da_mu_zp`` (Z' loop, formula ``zprime_formula``), ``da_mu``,
  ``pass_g2_e``, ``pass_g2_mu``: |Δa - Δa_exp| ≤ nsigma σ for the chosen measurement set;
* ``eps`` (loop-induced kinetic mixing), ``ratio_<name>`` for each (m_Z', g_X) constraint of
  :mod:`.lmu_ltau_plane` and ``pass_plane`` (all ratios ≤ 1);
* ``excl_<name>`` for each flag of :func:`.lhc.spectrum_constraints`, ``ewkino_class``,
  ``pass_lhc`` (no exclusion); ``tau_nlsp_s``: lifetime (s) of χ̃⁰_NLSP → χ̃⁰₁ γ where the LSP is
  B̃'-like and the NLSP has no tree-level two-body decay (NaN otherwise), :func:`.lhc.nlsp_lifetime_s`;
* ``physical`` (all masses finite, i.e. no tachyonic slepton/sneutrino) and ``pass_all`` = g-2
  (both) and plane and LHC and physical.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..exceptions import InputError
from . import lhc, lmu_ltau_plane


def measurement_values(name: str) -> dict:
    """{delta_a_e, sigma_e, delta_a_mu, sigma_mu} of a measurement set, via zprime_sym.evaluate.measurements."""
    try:
        from ..evaluate.measurements import load_measurements
    except ImportError as err:
        raise InputError(
            f"measurement set {name!r} needs zprime_sym.evaluate.measurements.load_measurements, which is not "
            "available in this installation") from err
    meas = load_measurements(name)
    out = {}
    for key in ("delta_a_e", "sigma_e", "delta_a_mu", "sigma_mu"):
        value = meas[key] if isinstance(meas, dict) else getattr(meas, key)
        out[key] = float(value)
    return out


@dataclass(frozen=True)
class SusyEvaluator:
    """Picklable batch evaluator (works in process pools and on Dask workers)."""

    data: str = "bdr2021"
    nsigma: float = 2.0
    zprime_formula: str = "standard"
    slepton_rule: str = "lighter"

    def __post_init__(self):
        from .g2 import ZPRIME_FORMULAS

        if self.zprime_formula not in ZPRIME_FORMULAS:
            raise InputError(f"zprime_formula = {self.zprime_formula!r} must be one of {ZPRIME_FORMULAS}")
        if self.slepton_rule not in lhc.SLEPTON_RULES:
            raise InputError(f"slepton_rule = {self.slepton_rule!r} must be one of {lhc.SLEPTON_RULES}")

    def __call__(self, params: dict) -> dict:
        from .g2 import delta_a_susy, delta_a_zprime
        from .params import PARAMETER_NAMES
        from .spectrum import compute_spectrum

        missing = [n for n in PARAMETER_NAMES if n not in params]
        if missing:
            raise InputError(f"scan config lacks SUSY parameters (give a range or a fixed value): {missing}")
        meas = measurement_values(self.data)
        spec = compute_spectrum(params)
        cols: dict[str, np.ndarray] = {}
        neut = np.abs(np.asarray(spec.neutralino_masses, float))
        for i in range(neut.shape[1]):
            cols[f"m_chi{i + 1}"] = neut[:, i]
        char = np.abs(np.asarray(spec.chargino_masses, float))
        cols["m_cha1"], cols["m_cha2"] = char[:, 0], char[:, 1]
        n = neut.shape[0]
        for fl in ("e", "mu", "tau"):
            sl = np.sort(np.abs(np.asarray(spec.slepton_masses[fl], float)), axis=-1)
            cols[f"m_{fl}1"], cols[f"m_{fl}2"] = sl[:, 0], sl[:, 1]
            cols[f"m_snu_{fl}"] = np.abs(np.asarray(spec.sneutrino_masses[fl], float)).reshape(n, -1)[:, 0]
        cols["bprime_frac_lsp"] = np.abs(np.asarray(spec.N))[:, 0, 4] ** 2

        da_e = np.asarray(delta_a_susy(spec, params, "e")["total"], float)
        da_mu_susy = np.asarray(delta_a_susy(spec, params, "mu")["total"], float)
        da_mu_zp = np.asarray(delta_a_zprime(params["m_zp"], params["gX"], lepton="mu", formula=self.zprime_formula), float)
        cols.update(da_e=da_e, da_mu_susy=da_mu_susy, da_mu_zp=da_mu_zp, da_mu=da_mu_susy + da_mu_zp)
        cols["pass_g2_e"] = np.abs(da_e - meas["delta_a_e"]) <= self.nsigma * meas["sigma_e"]
        cols["pass_g2_mu"] = np.abs(cols["da_mu"] - meas["delta_a_mu"]) <= self.nsigma * meas["sigma_mu"]

        smu, stau = spec.slepton_masses["mu"], spec.slepton_masses["tau"]
        cols["eps"] = lmu_ltau_plane.kinetic_mixing(params["gX"], smu, stau)
        ratios = lmu_ltau_plane.plane_ratios(params["m_zp"], params["gX"], smu, stau)
        for name, r in ratios.items():
            cols[f"ratio_{name}"] = r
        cols["pass_plane"] = np.logical_and.reduce([r <= 1.0 for r in ratios.values()])

        flags = lhc.spectrum_constraints(spec, params, self.slepton_rule)
        cols["ewkino_class"] = flags.pop("class").astype(np.int8)
        any_excluded = flags.pop("excluded_any")
        cols["tau_nlsp_s"] = flags.pop("tau_nlsp_s")
        for name, flag in flags.items():
            cols[f"excl_{name}"] = flag
        cols["pass_lhc"] = ~any_excluded

        physical = np.all(np.isfinite(neut), axis=1) & np.all(np.isfinite(char), axis=1)
        for fl in ("e", "mu", "tau"):
            physical &= np.isfinite(cols[f"m_{fl}1"]) & np.isfinite(cols[f"m_{fl}2"]) & np.isfinite(cols[f"m_snu_{fl}"])
        cols["physical"] = physical
        cols["pass_all"] = (cols["pass_g2_e"] & cols["pass_g2_mu"] & cols["pass_plane"] & cols["pass_lhc"]
                            & physical)
        return cols


def susy_evaluator(config) -> SusyEvaluator:
    """Factory registered as ``"susy"`` in :data:`zprime_sym.scan.engine.EVALUATORS`."""
    options = dict(getattr(config, "options", {}) or {})
    known = {"zprime_formula", "slepton_rule"}
    unknown = sorted(set(options) - known)
    if unknown:
        raise InputError(f"[options] unknown for the SUSY evaluator: {unknown} (known: {sorted(known)})")
    return SusyEvaluator(data=config.data, nsigma=config.nsigma, **options)
