"""Chunked and threaded evaluation gives exactly the unchunked g-2 and constraint ratios."""
import numpy as np
import pytest

from zprime_sym.evaluate.batch import evaluate_batch
from zprime_sym.constraints import evaluate_all
from zprime_sym.model.couplings import COUPLING_NAMES
from zprime_sym.evaluate.g2 import delta_a_leptons


@pytest.fixture(scope="module")
def points():
    rng = np.random.default_rng(3)
    n = 6000
    m = 10 ** rng.uniform(-3.5, 1.5, n)  # 0.3 MeV - 30 GeV: every constraint's mass range is visited
    c = {k: rng.choice([-1, 1], n) * 10 ** rng.uniform(-9, -2, n) for k in COUPLING_NAMES}
    return m, c


@pytest.mark.parametrize("chunk, workers", [(1000, 1), (777, 2), (10**6, 1)])
def test_chunks_and_threads_reproduce_the_direct_evaluation(points, chunk, workers):
    m, c = points
    got = evaluate_batch(m, c, chunk=chunk, workers=workers, include_projections=True)
    direct_g2 = delta_a_leptons(m, c)
    direct = evaluate_all(m, c, include_projections=True)
    for fl in ("e", "mu", "tau"):
        np.testing.assert_array_equal(got["delta_a"][fl], direct_g2[fl])
    assert set(got["ratios"]) == set(direct)
    for name, ratio in direct.items():
        np.testing.assert_array_equal(got["ratios"][name], ratio, err_msg=name)
    # and every point is the same as evaluating it alone (no state leaks between points of a batch)
    for i in (0, 1234, 5999):
        alone = evaluate_all(m[i], {k: v[i] for k, v in c.items()}, include_projections=True)
        for name, ratio in alone.items():
            assert got["ratios"][name][i] == pytest.approx(float(ratio), rel=1e-13, abs=0), name


def test_shapes_broadcast_and_bad_arguments(points):
    m, c = points
    grid = evaluate_batch(m[:12].reshape(3, 4), {"CA_e": 2e-4, "CV_mu": c["CV_mu"][:12].reshape(3, 4)}, chunk=5)
    assert grid["delta_a"]["e"].shape == (3, 4) and grid["ratios"]["babar_2014"].shape == (3, 4)
    with pytest.raises(ValueError):
        evaluate_batch(m, c, chunk=0)


@pytest.mark.parametrize("chunk, workers", [(1000, 1), (777, 2)])
def test_preallocated_outputs_equal_concatenated_chunks(points, chunk, workers):
    """evaluate_batch writes chunks into preallocated arrays; concatenating iter_batch's chunks (what the
    earlier implementation returned) gives the same numbers element by element."""
    from zprime_sym.evaluate.batch import iter_batch

    m, c = points
    got = evaluate_batch(m, c, chunk=chunk, workers=workers)
    parts = list(iter_batch(m, c, chunk=chunk))
    assert [p.start for p, _ in parts] == list(range(0, m.size, chunk)) and parts[-1][0].stop == m.size
    for fl in ("e", "mu", "tau"):
        np.testing.assert_array_equal(got["delta_a"][fl], np.concatenate([r["delta_a"][fl] for _, r in parts]))
    assert set(got["ratios"]) == set(parts[0][1]["ratios"])
    for name in got["ratios"]:
        np.testing.assert_array_equal(got["ratios"][name], np.concatenate([r["ratios"][name] for _, r in parts]),
                                      err_msg=name)


def test_max_memory_refuses_before_work(points):
    from zprime_sym.evaluate.batch import bytes_per_point
    from zprime_sym.exceptions import InputError

    m, c = points
    with pytest.raises(InputError, match="max_memory"):
        evaluate_batch(m, c, max_memory=m.size * bytes_per_point(1) - 1)
    small = evaluate_batch(m[:10], {k: v[:10] for k, v in c.items()}, max_memory=10**9)
    assert small["delta_a"]["mu"].shape == (10,)
    empty = evaluate_batch(np.zeros(0), {})
    assert empty["delta_a"]["e"].shape == (0,)
