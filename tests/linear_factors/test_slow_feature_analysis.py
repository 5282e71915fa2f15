"""Linear SFA: the slowest source recovered from mixed sinusoids, the constraints, the
eigenvalues as slowness, equivalence with whitening + PCA of the differences; bad input."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.data import make_sinusoid_mixture
from dlnotes.linear_factors import LinearSFA, slowness, whiten


@pytest.fixture(scope="module")
def series():
    return make_sinusoid_mixture(2000, rng=np.random.default_rng(0))  # the page's seed


def test_slowest_feature_is_the_slowest_source(series):
    X, S, _, _ = series
    Y = LinearSFA(n_components=1).fit_transform(X)
    corr = abs(np.corrcoef(Y[:, 0], S[:, 0])[0, 1])
    assert corr > 0.999
    # a raw mixture is far from it
    assert max(abs(np.corrcoef(X[:, j], S[:, 0])[0, 1]) for j in range(4)) < 0.99


def test_constraints_and_slowness(series):
    X = series[0]
    sfa = LinearSFA().fit(X)
    Y = sfa.transform(X)
    np.testing.assert_allclose(Y.mean(axis=0), 0.0, atol=1e-10)
    np.testing.assert_allclose(
        Y.T @ Y / len(Y), np.eye(4), atol=1e-8
    )  # unit variance, decorrelated
    np.testing.assert_allclose(sfa.eigenvalues, slowness(Y), rtol=1e-8)
    assert np.all(np.diff(sfa.eigenvalues) > 0)


def test_no_unit_variance_direction_is_slower(series, rng):
    X = series[0]
    sfa = LinearSFA(n_components=1).fit(X)
    Xc = X - X.mean(axis=0)
    for _ in range(50):
        w = rng.standard_normal(4)
        y = Xc @ w
        y /= y.std()
        assert slowness(y) >= sfa.eigenvalues[0] * (1 - 1e-9)


def test_equals_whitening_then_pca_of_differences(series):
    X = series[0]
    sfa = LinearSFA().fit(X)
    w = whiten(X)
    dZ = np.diff(w.Z, axis=0)
    lam, V = np.linalg.eigh(dZ.T @ dZ / len(dZ))
    np.testing.assert_allclose(lam, sfa.eigenvalues, rtol=1e-8)
    Y_white = w.Z @ V
    Y = sfa.transform(X)
    np.testing.assert_allclose(np.abs(np.sum(Y * Y_white, axis=0) / len(Y)), 1.0, atol=1e-8)


def test_slowness_helper_and_bad_input():
    assert float(slowness(np.array([0.0, 1.0, 3.0]))) == pytest.approx(2.5)
    with pytest.raises(ValueError, match="slowness: expected at least 2 time steps"):
        slowness(np.ones(1))
    with pytest.raises(ValueError, match="LinearSFA: expected X whose covariance is positive"):
        LinearSFA().fit(np.c_[np.arange(10.0), 2 * np.arange(10.0)])
    with pytest.raises(ValueError, match="LinearSFA: expected a fitted model"):
        LinearSFA().transform(np.ones((3, 2)))


def test_pca_does_not_find_the_slow_source(series):
    """The page's contrast: the direction of largest variance is not the slowest one."""
    from dlnotes.linalg import PCA

    X, S, _, _ = series
    pca = PCA(1).fit(X)
    first = (X - pca.mean) @ pca.decoder
    assert abs(np.corrcoef(first[:, 0], S[:, 0])[0, 1]) < 0.9
    sfa = LinearSFA(1).fit(X)
    assert slowness(first / first.std())[0] > 10 * sfa.eigenvalues[0]
