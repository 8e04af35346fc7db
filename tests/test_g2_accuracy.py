"""g-2 loop integrals against 40-digit mpmath quadrature around both switches (issue 14, point 7).

Reference: mpmath tanh-sinh quadrature of BCK21 Eq. (7) at 40 digits, independent of the series,
Gauss-Legendre rule and closed form used in zprime_sym.evaluate.g2. Tolerance 1e-13 relative: the
accuracy the module states (its measured worst case is ~4e-15, benchmarks/g2_accuracy.py); the
closed form alone would miss it by a factor 40 at r = 0.05.
"""
import mpmath as mp
import numpy as np
import pytest

from zprime_sym.evaluate import g2


def mp40(r):
    with mp.workdps(40):
        r = mp.mpf(r)
        den = lambda x: 1 - x + r * x * x  # noqa: E731
        pts = [mp.mpf(0), mp.mpf("0.5"), mp.mpf("0.9"), mp.mpf("0.99"), mp.mpf("0.999"), mp.mpf(1)]
        i_v = mp.quad(lambda x: x**2 * (1 - x) / den(x), pts)
        i_a = mp.quad(lambda x: (x * (1 - x) * (4 - x) + 2 * r * x**3) / den(x), pts)
        return float(i_v), float(i_a)


R = np.concatenate([np.linspace(0.03, 0.7, 68), g2.R_SERIES * (1 + np.array([-1e-12, 0, 1e-12])),
                    g2.R_CLOSED * (1 + np.array([-1e-12, 0, 1e-12])), [0.25]])


@pytest.mark.parametrize("r", R)
def test_accuracy_across_the_switches(r):
    i_v, i_a = g2.loop_integrals(np.array([r]))
    ref_v, ref_a = mp40(r)
    assert abs(i_v[0] / ref_v - 1) <= 1e-13
    assert abs(i_a[0] / ref_a - 1) <= 1e-13


def test_closed_form_alone_would_fail_at_the_old_switch():
    # the reason for the quadrature window: at r = 0.05 the closed form's cancellation costs ~4e-12
    i_v, _ = g2._integrals_closed(np.array([0.05]))
    assert abs(i_v[0] / mp40(0.05)[0] - 1) > 1e-12


def test_quadrature_is_independent_of_the_batch():
    # batched evaluation must reproduce single points bit for bit (evaluate_batch chunks its input)
    r = np.linspace(g2.R_SERIES, g2.R_CLOSED, 70000, endpoint=False)
    i_v, i_a = g2._integrals_quadrature(r)
    j_v, j_a = g2._integrals_quadrature(r[[0, 40000, -1]])
    np.testing.assert_array_equal(i_v[[0, 40000, -1]], j_v)
    np.testing.assert_array_equal(i_a[[0, 40000, -1]], j_a)
