"""The linear-Gaussian factor model: covariance, likelihood, posterior, sampling; bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.linear_factors import LinearFactorModel
from dlnotes.prob import MultivariateGaussian


@pytest.fixture
def model(rng):
    return LinearFactorModel(
        rng.standard_normal((5, 2)), rng.standard_normal(5), [0.1, 0.2, 0.3, 0.4, 0.5]
    )


def test_covariance_is_wwt_plus_psi(model):
    W = model.weight
    np.testing.assert_allclose(model.covariance(), W @ W.T + np.diag(model.noise_variance))


def test_log_likelihood_matches_multivariate_gaussian(model, rng):
    X = rng.standard_normal((50, 5))
    expected = MultivariateGaussian(model.bias, model.covariance()).logpdf(X).mean()
    assert model.log_likelihood(X) == pytest.approx(expected, rel=1e-12)


def test_posterior_matches_gaussian_conditioning(model, rng):
    """p(h | x) from the joint Gaussian of (h, x): mean W^T C^{-1}(x - b), cov I - W^T C^{-1} W."""
    X = rng.standard_normal((7, 5))
    W, b, C = model.weight, model.bias, model.covariance()
    mean, cov = model.posterior(X)
    np.testing.assert_allclose(mean, (X - b) @ np.linalg.solve(C, W), atol=1e-12)
    np.testing.assert_allclose(cov, np.eye(2) - W.T @ np.linalg.solve(C, W), atol=1e-12)
    np.testing.assert_allclose(model.reconstruct(X), mean @ W.T + b)


def test_ancestral_samples_have_the_model_moments(model):
    X, H = model.sample(200_000, np.random.default_rng(1), return_latents=True)
    assert X.shape == (200_000, 5) and H.shape == (200_000, 2)
    np.testing.assert_allclose(X.mean(axis=0), model.bias, atol=0.02)
    np.testing.assert_allclose(np.cov(X.T), model.covariance(), atol=0.03)
    # the same seed gives the same samples
    np.testing.assert_array_equal(
        model.sample(5, np.random.default_rng(3)), model.sample(5, np.random.default_rng(3))
    )


def test_float32_preserved():
    m = LinearFactorModel(np.ones((3, 1), np.float32), np.zeros(3, np.float32), 0.5)
    assert m.sample(4, np.random.default_rng(0)).dtype == np.float32
    assert m.covariance().dtype == np.float32


def test_bad_input(model):
    with pytest.raises(ValueError, match="LinearFactorModel: expected bias of shape \\(2,\\)"):
        LinearFactorModel(np.ones((2, 1)), np.zeros(3), 1.0)
    with pytest.raises(ValueError, match="non-negative noise variances"):
        LinearFactorModel(np.ones((2, 1)), np.zeros(2), -1.0)
    with pytest.raises(ValueError, match="X of shape \\(N, 5\\)"):
        model.log_likelihood(np.ones((3, 4)))
    with pytest.raises(ValueError, match="positive noise variances"):
        LinearFactorModel(np.ones((2, 1)), np.zeros(2), 0.0).posterior(np.ones((1, 2)))
    with pytest.raises(TypeError, match="rng"):
        model.sample(3, rng=0)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 6), k=st.integers(1, 4), seed=st.integers(0, 2**16), num=st.integers(1, 5))
def test_shapes_and_covariance_bound(n, k, seed, num):
    """Any W and psi: shapes follow (n, k), and C = W W^T + diag(psi) is symmetric with every
    eigenvalue at least min(psi)."""
    rng = np.random.default_rng(seed)
    psi = rng.uniform(0.1, 2.0, n)
    model = LinearFactorModel(rng.standard_normal((n, k)), rng.standard_normal(n), psi)
    C = model.covariance()
    assert C.shape == (n, n)
    np.testing.assert_allclose(C, C.T)
    assert np.linalg.eigvalsh(C).min() >= psi.min() - 1e-10
    X, H = model.sample(num, rng, return_latents=True)
    assert X.shape == (num, n) and H.shape == (num, k)
    means, cov = model.posterior(X)
    assert means.shape == (num, k) and cov.shape == (k, k)
