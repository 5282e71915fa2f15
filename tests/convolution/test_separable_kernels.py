"""Separable kernels (§9.8): the SVD factorisation and the two 1-D passes."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import correlate2d

from dlnotes.convolution import (
    gaussian_kernel,
    rank_one_factors,
    separable_correlate2d,
    separable_costs,
)
from dlnotes.data import load_sample_photographs

SOBEL = np.array([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]])


@pytest.mark.parametrize("kernel", [SOBEL, gaussian_kernel(9, 2.0)])
def test_rank_one_kernels_factor_and_convolve_in_two_passes(kernel) -> None:
    f = rank_one_factors(kernel)
    assert f.separable and f.relative_error < 1e-12
    np.testing.assert_allclose(np.outer(f.column, f.row), kernel, atol=1e-14)
    x = load_sample_photographs(48)[0]
    np.testing.assert_allclose(
        separable_correlate2d(x, f.column, f.row), correlate2d(x, kernel, "valid"), atol=1e-12
    )


def test_a_random_kernel_is_not_separable_and_its_truncation_is_optimal() -> None:
    rng = np.random.default_rng(0)
    k = rng.standard_normal((5, 5))
    f = rank_one_factors(k)
    s = np.linalg.svd(k, compute_uv=False)
    assert not f.separable
    assert f.relative_error == pytest.approx(np.sqrt(np.sum(s[1:] ** 2)) / np.linalg.norm(k))
    best = np.linalg.norm(k - np.outer(f.column, f.row))
    for _ in range(50):  # no other rank-one kernel is closer (Eckart-Young)
        other = np.outer(
            f.column + 0.1 * rng.standard_normal(5), f.row + 0.1 * rng.standard_normal(5)
        )
        assert np.linalg.norm(k - other) >= best


def test_costs() -> None:
    assert separable_costs(7) == (49, 14)
    assert all(separable_costs(k).separable < separable_costs(k).full for k in range(3, 20))
    assert separable_costs(2).separable == separable_costs(2).full  # equal at k = 2
