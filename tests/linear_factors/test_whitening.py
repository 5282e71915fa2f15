"""PCA whitening: identity covariance, the de-whitening matrix undoes it, rotations stay white
(so only a rotation is left for ICA); truncation, dtype, no mutation, bad input."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.linear_factors import whiten


@pytest.fixture(scope="module")
def X():
    rng = np.random.default_rng(0)
    return rng.standard_normal((2000, 4)) @ rng.standard_normal((4, 4)) + [1.0, -2.0, 0.5, 3.0]


def test_identity_covariance_and_inverse(X):
    w = whiten(X)
    np.testing.assert_allclose(w.Z.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(w.Z.T @ w.Z / len(X), np.eye(4), atol=1e-10)
    np.testing.assert_allclose(w.matrix @ w.dewhitening, np.eye(4), atol=1e-10)
    np.testing.assert_allclose(w.Z @ w.dewhitening.T + w.mean, X, atol=1e-10)


def test_any_rotation_of_white_data_is_white(X):
    Z = whiten(X).Z
    Q, _ = np.linalg.qr(np.random.default_rng(1).standard_normal((4, 4)))
    np.testing.assert_allclose((Z @ Q.T).T @ (Z @ Q.T) / len(Z), np.eye(4), atol=1e-10)


def test_truncation_keeps_the_leading_directions(X):
    w = whiten(X, 2)
    assert w.Z.shape == (2000, 2) and w.matrix.shape == (2, 4) and w.dewhitening.shape == (4, 2)
    np.testing.assert_allclose(w.Z.T @ w.Z / len(X), np.eye(2), atol=1e-10)
    full = whiten(X)
    np.testing.assert_allclose(np.abs(w.Z), np.abs(full.Z[:, :2]), atol=1e-10)


def test_dtype_no_mutation_and_bad_input(X):
    X32 = X.astype(np.float32)
    before = X32.copy()
    assert whiten(X32).Z.dtype == np.float32
    np.testing.assert_array_equal(X32, before)
    with pytest.raises(ValueError, match="whiten: expected a covariance with positive kept"):
        whiten(np.c_[X[:, 0], 2.0 * X[:, 0]])
    with pytest.raises(ValueError, match=r"whiten: expected X of shape \(N, n\)"):
        whiten(X[:, 0])
