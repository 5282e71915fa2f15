"""The manifold view of PCA: the mean squared distance from the k-dimensional PCA manifold is
the sum of the discarded covariance eigenvalues, the same numbers as chapter 2's scatter-matrix
identity divided by N, and (n - k) times PPCA's noise variance."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.data import load_digits
from dlnotes.linalg import pca_reconstruction_errors
from dlnotes.linear_factors import PPCA, linear_manifold_errors


@pytest.fixture(scope="module")
def digits():
    return load_digits(flat=True).X_train


@pytest.fixture(scope="module")
def errors(digits):
    return linear_manifold_errors(digits)


def test_error_is_the_sum_of_discarded_eigenvalues(digits, errors):
    out = errors
    assert out.ks.tolist() == list(range(65))
    np.testing.assert_allclose(out.mean_squared_error, out.discarded_variance, atol=1e-9)
    assert np.all(np.diff(out.mean_squared_error) <= 1e-12)
    assert out.mean_squared_error[-1] == pytest.approx(0.0, abs=1e-9)
    # k = 0: the distance from the mean, the total variance
    assert out.mean_squared_error[0] == pytest.approx(np.sum(digits.var(axis=0)), rel=1e-10)


def test_shared_with_chapter_2(digits, errors):
    _, scatter_errors = pca_reconstruction_errors(digits)
    np.testing.assert_allclose(errors.mean_squared_error, scatter_errors / len(digits), rtol=1e-12)


@pytest.mark.parametrize("k", [1, 10, 40])
def test_ppca_noise_spreads_the_discarded_variance(digits, errors, k):
    ppca = PPCA(k).fit(digits)
    assert (64 - k) * ppca.noise_variance == pytest.approx(errors.discarded_variance[k], rel=1e-9)


def test_bad_input():
    with pytest.raises(ValueError, match=r"linear_manifold_errors: expected X of shape \(N, n\)"):
        linear_manifold_errors(np.ones(5))
