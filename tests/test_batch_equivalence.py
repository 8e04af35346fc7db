"""evaluate_batch on large random batches (every mass different: the quantities of m_Z' alone computed once
per chunk and shared by the constraints, ratios written into the output slices) against slower paths that
do not share anything between constraints: small blocks (distinct masses through np.unique, the
MassFunction memo) and single points, each constraint evaluated on its own. Quark and nucleon couplings
are given, so the hadronic widths, APV, COHERENT, NA48/2 and the LHC recasts see them."""
import numpy as np
import pytest

from zprime_sym.constraints import all_constraints
from zprime_sym.evaluate.batch import evaluate_batch
from zprime_sym.evaluate.g2 import delta_a
from zprime_sym.model.couplings import COUPLING_NAMES, QUARK_COUPLING_NAMES

N = 4000


@pytest.fixture(scope="module")
def points():
    rng = np.random.default_rng(20261202)
    m = 10 ** rng.uniform(-3, 1, N)  # 1 MeV - 10 GeV, log-uniform (the benchmark's distribution)
    m[::10] = 10 ** rng.uniform(-8, 2.3, N // 10)  # and 10 eV - 200 GeV (supernova_muon, LHCb, CMS scouting)
    m[7::100] = 10 ** rng.uniform(3.0, 4.0, N // 100)  # and 1 - 10 TeV (the LEP-II contact interaction)
    m[:5] = (0.0011, 0.27914, 1.1, 2.0, 9.99)  # 2 m_pi, the hadronic blend's edges (data/hadrons.toml), the ends
    names = COUPLING_NAMES + QUARK_COUPLING_NAMES
    c = {k: rng.choice([-1, 1], N) * 10 ** rng.uniform(-8, -2, N) for k in names}
    return m, c


@pytest.fixture(scope="module")
def batch(points):
    m, c = points
    # chunks of 1024 points on two threads: several chunks, each larger than mass_runs.MIN_POINTS
    return evaluate_batch(m, c, include_projections=True, chunk=1024, workers=2)


def test_every_ratio_equals_each_constraint_on_small_blocks(points, batch):
    """Blocks of 200 points (< MIN_POINTS: distinct masses via np.unique), one constraint at a time on
    a fresh dict of couplings (no batch memo shared with other constraints): the same doubles."""
    m, c = points
    cons = all_constraints(include_projections=True)
    assert set(batch["ratios"]) == {con.name for con in cons} and len(cons) >= 27
    for con in cons:
        alone = np.concatenate([con.evaluate(m[s:s + 200], {k: v[s:s + 200] for k, v in c.items()})
                                for s in range(0, N, 200)])
        np.testing.assert_array_equal(batch["ratios"][con.name], alone, err_msg=con.name)
        assert np.count_nonzero(alone) > 0, con.name  # every constraint applies somewhere in the sample


def test_every_ratio_equals_single_points(points, batch):
    """Point by point (one mass, scalar couplings) for every 40th point, to rtol 1e-12."""
    m, c = points
    for con in all_constraints(include_projections=True):
        for i in range(0, N, 40):
            alone = float(con.evaluate(m[i], {k: float(v[i]) for k, v in c.items()}))
            got = batch["ratios"][con.name][i]
            assert got == pytest.approx(alone, rel=1e-12, abs=0), (con.name, i, m[i])


def test_g2_equals_delta_a_per_flavour(points, batch):
    m, c = points
    for fl in ("e", "mu", "tau"):
        np.testing.assert_array_equal(batch["delta_a"][fl], delta_a(m, c[f"CV_{fl}"], c[f"CA_{fl}"], fl))


def test_quark_couplings_matter_in_the_sample(points, batch):
    """The test would not see the hadronic widths if the quark couplings did not change any ratio."""
    m, c = points
    leptons_only = evaluate_batch(m, {k: c[k] for k in COUPLING_NAMES}, chunk=1024)
    changed = [name for name, r in leptons_only["ratios"].items() if not np.array_equal(r, batch["ratios"][name])]
    assert {"babar_2014", "kloe_2015", "na48_2_2015", "apv_cs", "coherent_csi_2017", "lhcb_2019_prompt"} <= set(changed)
