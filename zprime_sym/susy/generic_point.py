"""A SUSY L_mu - L_tau point in the generic (model-independent) path, slepton loops included.

The generic commands (``zprime constraints check``, ``zprime g2``, :func:`zprime_sym.evaluate_batch`)
take the nine BCK21 couplings. For ``susy_lmu_ltau`` the charge table gives them with the loop-induced
kinetic mixing of the μ and τ loops (``[gauge] kinetic_mixing = "loop"``, derive/loop_mixing.py); the
slepton loops need the slepton masses, which are not charge-table inputs but follow from the SUSY
parameters. :func:`susy_point_couplings` takes a SUSY point (benchmark BP1..BP4, an SLHA2 input file or
a dict of parameters), computes its spectrum, derives the couplings from the shipped model file at the
point's g_X and adds the slepton share of ε with :func:`.lmu_ltau_plane.with_slepton_mixing` (the one ε
function, :func:`.lmu_ltau_plane.kinetic_mixing`). The (m_Z', g_X) plane of the SUSY evaluation and
the generic path then give identical ratios at the point (tests/test_susy_generic_point.py).
"""
from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import numpy as np


@functools.cache
def _compiled_model_couplings():
    """Compiled couplings of the shipped susy_lmu_ltau model file (derived once per process)."""
    from ..evaluate.compile import compile_couplings
    from ..model.loader import load_model
    from .compiled import _model_path

    return compile_couplings(load_model(str(_model_path())).derive())


def susy_point_couplings(point: str | Mapping[str, Any]) -> tuple[float, dict[str, float], dict[str, Any]]:
    """(m_Z' in GeV, the nine couplings, info) of one SUSY point, slepton loops included.

    ``point``: a benchmark name (BP1..BP4), the path of an SLHA2 input file (docs/susy.md), or a mapping
    of SUSY parameters (GeV). ``info`` = {"g_X", "eps_leptons", "eps_sleptons", "slepton_mu_GeV",
    "slepton_tau_GeV"} (ε in the sign convention of :func:`.lmu_ltau_plane.kinetic_mixing`)."""
    from .lmu_ltau_plane import kinetic_mixing, with_slepton_mixing
    from .params import compute_spectrum
    from .slha import read_slha

    raw = read_slha(point) if isinstance(point, str) else point
    params = {k: np.atleast_1d(np.asarray(v, float)) for k, v in raw.items()}
    spec = compute_spectrum(params)
    g_x = float(params["gX"][0])
    m_zp = float(params["m_zp"][0])
    smu = np.asarray(spec.slepton_masses["mu"], float)[0]
    stau = np.asarray(spec.slepton_masses["tau"], float)[0]
    derived = _compiled_model_couplings()(gX=g_x)
    couplings = {k: float(v) for k, v in with_slepton_mixing(derived, g_x, smu, stau).items()}
    info = {"g_X": g_x,
            "eps_leptons": float(kinetic_mixing(g_x)),
            "eps_sleptons": float(kinetic_mixing(g_x, smu, stau, leptons=False)),
            "slepton_mu_GeV": [float(x) for x in smu], "slepton_tau_GeV": [float(x) for x in stau]}
    return m_zp, couplings, info
