"""Distributions of chapter 3: densities normalise, samples have the right moments, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from dlnotes.prob import (
    Bernoulli,
    Categorical,
    Empirical,
    Exponential,
    Gaussian,
    GaussianMixture,
    Laplace,
    MultivariateGaussian,
)

GRID = np.linspace(-40, 40, 160_001)
DX = GRID[1] - GRID[0]


def _moments_match(samples, mean, var, n_sigma=5.0):
    """Sample mean within n_sigma standard errors; sample variance within 5 %."""
    n = samples.shape[0]
    se = np.sqrt(var / n)
    assert abs(samples.mean() - mean) < n_sigma * se
    assert abs(samples.var() - var) < 0.05 * var


@pytest.mark.parametrize(
    "dist",
    [
        Gaussian(1.0, 2.0),
        Gaussian(-1.0, precision=4.0),
        Exponential(1.5),
        Laplace(0.5, 0.7),
        GaussianMixture([0.3, 0.7], [-3.0, 2.0], [0.5, 1.5]),
    ],
)
def test_univariate_densities_integrate_to_one(dist):
    assert np.sum(dist.pdf(GRID)) * DX == pytest.approx(1.0, abs=1e-3)


@pytest.mark.parametrize(
    "dist", [Gaussian(1.0, 2.0), Gaussian(-1.0, precision=4.0), Exponential(1.5), Laplace(0.5, 0.7)]
)
def test_sampling_moments_match(dist, rng):
    _moments_match(dist.sample(200_000, rng), dist.mean, dist.var)


@pytest.mark.parametrize(
    "dist,oracle",
    [
        (Gaussian(1.0, 2.0), stats.norm(1.0, 2.0)),
        (Exponential(1.5), stats.expon(scale=1 / 1.5)),
        (Laplace(0.5, 0.7), stats.laplace(0.5, 0.7)),
    ],
)
def test_logpdf_matches_scipy(dist, oracle):
    x = np.linspace(0.1, 6, 50)
    np.testing.assert_allclose(dist.logpdf(x), oracle.logpdf(x), rtol=1e-12)


def test_precision_form_equals_std_form():
    x = np.linspace(-5, 5, 11)
    np.testing.assert_allclose(Gaussian(0.5, precision=0.25).pdf(x), Gaussian(0.5, 2.0).pdf(x))


def test_bernoulli_and_categorical(rng):
    b = Bernoulli(0.3)
    _moments_match(b.sample(100_000, rng), 0.3, 0.21)
    c = Categorical([0.1, 0.6, 0.3])
    counts = np.bincount(c.sample(100_000, rng), minlength=3) / 100_000
    np.testing.assert_allclose(counts, c.probs, atol=5 * np.sqrt(0.25 / 100_000))
    assert c.pdf(np.arange(3)).sum() == pytest.approx(1.0)


def test_multivariate_gaussian(rng):
    cov = np.array([[2.0, 0.8], [0.8, 1.0]])
    g = MultivariateGaussian([1.0, -1.0], cov)
    x = rng.standard_normal((7, 2))
    np.testing.assert_allclose(g.logpdf(x), stats.multivariate_normal([1, -1], cov).logpdf(x))
    gp = MultivariateGaussian([1.0, -1.0], precision=np.linalg.inv(cov))
    np.testing.assert_allclose(gp.logpdf(x), g.logpdf(x))
    s = g.sample(100_000, rng)
    np.testing.assert_allclose(np.cov(s.T), cov, atol=0.05)


def test_empirical_is_the_data(rng):
    data = rng.standard_normal(50)
    e = Empirical(data)
    assert e.pdf(data).sum() == pytest.approx(1.0)  # mass 1/m at each of m distinct points
    assert e.pdf(np.array([100.0]))[0] == 0.0
    assert e.expectation(np.square) == pytest.approx(np.mean(data**2))
    assert np.all(np.isin(e.sample(20, rng), data))


def test_mixture_ancestral_sampling(rng):
    gm = GaussianMixture([0.25, 0.75], [-4.0, 3.0], [1.0, 0.25])
    x, c = gm.sample(100_000, rng, return_components=True)
    assert np.mean(c == 0) == pytest.approx(0.25, abs=5 * np.sqrt(0.25 * 0.75 / 100_000))
    _moments_match(x[c == 0], -4.0, 1.0)
    _moments_match(x[c == 1], 3.0, 0.25)
    resp = gm.posterior(np.array([-4.0, 3.0]))
    assert resp[0, 0] > 0.99 and resp[1, 1] > 0.99


def test_multivariate_mixture(rng):
    means = np.array([[0.0, 0.0], [5.0, 5.0]])
    covs = np.stack([np.eye(2), 0.5 * np.eye(2)])
    gm = GaussianMixture([0.5, 0.5], means, covs)
    x, c = gm.sample(20_000, rng, return_components=True)
    assert x.shape == (20_000, 2)
    np.testing.assert_allclose(x[c == 1].mean(axis=0), [5.0, 5.0], atol=0.05)
    assert gm.pdf(x[:5]).shape == (5,)


def test_mixture_logpdf_stable_in_tails():
    gm = GaussianMixture([0.5, 0.5], [-1.0, 1.0], [0.01, 0.01])
    assert np.isfinite(gm.logpdf(np.array([50.0])))[0]


def test_float32_preserved(rng):
    assert Gaussian(0.0, 1.0, dtype=np.float32).pdf(np.zeros(3)).dtype == np.float32
    assert Gaussian(0.0, 1.0, dtype=np.float32).sample(3, rng).dtype == np.float32
    assert Laplace(dtype=np.float32).sample(3, rng).dtype == np.float32
    g = MultivariateGaussian(np.zeros(2), np.eye(2), dtype=np.float32)
    assert g.sample(3, rng).dtype == np.float32 and g.logpdf(np.zeros((3, 2))).dtype == np.float32


@settings(max_examples=25, deadline=None)
@given(mu=st.floats(-5, 5), sigma=st.floats(0.1, 5))
def test_gaussian_logpdf_property(mu, sigma):
    x = np.linspace(-3, 3, 7)
    np.testing.assert_allclose(
        Gaussian(mu, sigma).logpdf(x), stats.norm(mu, sigma).logpdf(x), rtol=1e-10, atol=1e-12
    )


def test_bad_input():
    with pytest.raises(ValueError, match="Bernoulli: expected p in"):
        Bernoulli(1.5)
    with pytest.raises(ValueError, match="Bernoulli: expected outcomes in"):
        Bernoulli(0.5).pdf(np.array([2]))
    with pytest.raises(ValueError, match="Categorical: expected non-negative probs"):
        Categorical([0.5, 0.6])
    with pytest.raises(ValueError, match=r"Categorical: expected states in \[0, 1\], got range"):
        Categorical([0.5, 0.5]).pdf(np.array([0, 2]))
    with pytest.raises(TypeError, match="Categorical: expected integer states"):
        Categorical([0.5, 0.5]).pdf(np.array([0.5]))
    with pytest.raises(ValueError, match="Gaussian: expected either std or precision"):
        Gaussian(0.0, 1.0, precision=1.0)
    with pytest.raises(ValueError, match="Gaussian: expected std in"):
        Gaussian(0.0, -1.0)
    with pytest.raises(ValueError, match="MultivariateGaussian: expected a positive definite"):
        MultivariateGaussian([0.0, 0.0], np.zeros((2, 2)))
    with pytest.raises(ValueError, match="MultivariateGaussian: expected points with last"):
        MultivariateGaussian([0.0, 0.0], np.eye(2)).pdf(np.zeros(3))
    with pytest.raises(ValueError, match="Exponential: expected rate in"):
        Exponential(0.0)
    with pytest.raises(ValueError, match="Laplace: expected scale in"):
        Laplace(0.0, 0.0)
    with pytest.raises(ValueError, match="Empirical: expected non-empty data"):
        Empirical(np.zeros(0))
    with pytest.raises(ValueError, match="GaussianMixture: expected positive variances"):
        GaussianMixture([0.5, 0.5], [0.0, 1.0], [1.0, -1.0])
    with pytest.raises(ValueError, match="Gaussian: expected n to be a positive integer"):
        Gaussian().sample(0)
    with pytest.raises(TypeError, match="Gaussian: expected rng to be"):
        Gaussian().sample(3, rng=0)


def test_mixture_responsibility_between_modes():
    # The chapter-3 page: at x = 0 the wider, heavier component N(1.5, 1) explains the point.
    gm = GaussianMixture([0.3, 0.7], [-2.0, 1.5], [0.5, 1.0])
    resp = gm.posterior(np.array([0.0]))[0]
    prior_times_lik = np.array(
        [0.3 * stats.norm(-2, np.sqrt(0.5)).pdf(0), 0.7 * stats.norm(1.5, 1).pdf(0)]
    )
    np.testing.assert_allclose(resp, prior_times_lik / prior_times_lik.sum())
    assert resp[1] > 0.9


def test_mixture_takes_stds_like_gaussian_or_variances():
    by_std = GaussianMixture([0.4, 0.6], [-1.0, 2.0], stds=[0.5, 2.0])
    by_var = GaussianMixture([0.4, 0.6], [-1.0, 2.0], [0.25, 4.0])
    x = np.linspace(-4.0, 6.0, 11)
    np.testing.assert_allclose(by_std.pdf(x), by_var.pdf(x), rtol=1e-12)
    expected = 0.4 * Gaussian(-1.0, 0.5).pdf(x) + 0.6 * Gaussian(2.0, 2.0).pdf(x)
    np.testing.assert_allclose(by_std.pdf(x), expected, rtol=1e-12)
    with pytest.raises(ValueError, match="GaussianMixture: expected exactly one of covs and stds"):
        GaussianMixture([0.5, 0.5], [0.0, 1.0], [1.0, 1.0], stds=[1.0, 1.0])
    with pytest.raises(ValueError, match="GaussianMixture: expected exactly one of covs and stds"):
        GaussianMixture([0.5, 0.5], [0.0, 1.0])
    with pytest.raises(ValueError, match="GaussianMixture: expected univariate means"):
        GaussianMixture([0.5, 0.5], [[0.0, 0.0], [1.0, 1.0]], stds=[1.0, 1.0])
