"""Viable before, excluded now: a quark-coupled point that only the quark-aware constraints exclude.

nhdm_u1 with z1 = 0, z2 = 1, tan(beta) = 1, lepton charges 0, g' = 1.2e-4, m_Z' = 150 MeV: the Z'
couples through Z-Z' mass mixing ("dark Z"): C_Ae = -g'/4, CV_n = -g'/4. With the nine lepton couplings
only (all the tool could see before issue 10) every constraint passes; with the quark/nucleon
couplings the Cs weak charge shifts by delta Q_W = (2 sqrt2/G_F) C_Ae (55 CV_p + 78 CV_n)/m^2, above
the 90 % CL interval (constraints/apv.py)."""
import math

import numpy as np
import pytest

from zprime_sym.constants import constants
from zprime_sym.evaluate.batch import evaluate_batch
from zprime_sym.evaluate.compile import compile_all_couplings
from zprime_sym.model.couplings import COUPLING_NAMES

POINT = dict(gp=1.2e-4, gt=0.0, z1=0.0, z2=1.0, tan_beta=1.0, zL_e=0.0, zL_mu=0.0, zL_tau=0.0)
M = 0.150


def test_dark_z_point_viable_before_excluded_now(derived):
    f = compile_all_couplings(derived("nhdm_u1"))
    c = {k: float(v) for k, v in f(**POINT).items()}
    before = evaluate_batch(np.array([M]), {k: c[k] for k in COUPLING_NAMES})["ratios"]
    now = evaluate_batch(np.array([M]), c)["ratios"]
    assert max(float(r[0]) for r in before.values()) <= 1.0
    assert float(now["apv_cs"][0]) > 1.0
    # the APV ratio is the closed form of constraints/apv.py with these couplings
    k = constants()
    dq = 2 * math.sqrt(2) / k.G_F * c["CA_e"] * (55 * c["CV_p"] + 78 * c["CV_n"]) / M**2
    assert float(now["apv_cs"][0]) == pytest.approx(abs(dq) / (1.6448536 * math.hypot(math.hypot(0.29, 0.20), 0.03)), rel=1e-6)


def test_plot_shades_apv_in_parameter_mode():
    """zprime plot (parameter mode) hands the model's quark couplings to the constraints: the APV
    region is non-empty in the (m_Z', g') plane of the dark-Z setup above, and contains the point."""
    from zprime_sym.plot.regions import compute_regions

    fix = [f"{k}={v}" for k, v in POINT.items() if k != "gp"]
    r = compute_regions("nhdm_u1", "m_zp,gp", fix=fix, mass_range=(0.1, 1.0), y_range=(1e-5, 1e-3), grid=12)
    apv = {c.name: c for c in r.constraint_regions}["apv_cs"]
    mask = np.asarray(apv.excluded)
    assert mask.any() and not mask.all()
