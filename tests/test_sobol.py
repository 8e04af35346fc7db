"""The search's own Sobol' generator against scipy's independent implementation (and a closed form)."""
import numpy as np
import pytest
from scipy.stats import qmc

from zprime_sym.viability.sobol import MAX_DIM, sobol


@pytest.mark.parametrize("log2n", [1, 11, 14])
def test_bit_identical_to_scipy_unscrambled(log2n):
    for dim in range(1, MAX_DIM + 1):
        ours = sobol(dim, log2n)
        ref = qmc.Sobol(dim, scramble=False).random_base2(log2n)
        assert np.array_equal(ours, ref), dim


def test_first_dimension_is_van_der_corput_in_gray_code_order():
    # point n of dimension 0 is the base-2 radical inverse of gray(n) = n ^ (n >> 1)
    n = np.arange(64)
    gray = n ^ (n >> 1)
    radical = np.array([int(format(g, "06b")[::-1], 2) / 64 for g in gray])
    assert np.array_equal(sobol(1, 6)[:, 0], radical)


def test_beyond_the_table_falls_back_to_scipy():
    dim = MAX_DIM + 2
    assert np.array_equal(sobol(dim, 5), qmc.Sobol(dim, scramble=False).random_base2(5))


def test_returns_a_fresh_array():
    a = sobol(3, 4)
    a[0, 0] = 7.0
    assert sobol(3, 4)[0, 0] == 0.0
