"""Information theory, sigmoid/softplus identities, KL fits, change of variables, Monte Carlo."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from dlnotes.book.naive import naive_sigmoid, naive_softplus, naive_transformed_density
from dlnotes.prob import (
    Gaussian,
    GaussianMixture,
    binary_entropy,
    cross_entropy,
    entropy,
    fit_gaussian_by_kl,
    gaussian_entropy,
    gaussian_kl,
    kl_divergence,
    kl_divergence_on_grid,
    logit,
    running_mean_and_variance,
    self_information,
    sigmoid,
    softplus,
    softplus_inverse,
    transformed_density,
)

probs = st.lists(st.floats(0.01, 1.0), min_size=2, max_size=6).map(
    lambda v: np.array(v) / np.sum(v)
)


@pytest.mark.parametrize("n", [1, 2, 5, 100])
def test_entropy_of_uniform_is_log_n(n):
    assert entropy(np.full(n, 1.0 / n)) == pytest.approx(np.log(n))


def test_entropy_and_information_units():
    assert self_information(np.array(0.25), base=2) == pytest.approx(2.0)
    assert binary_entropy(np.array(0.5)) == pytest.approx(np.log(2))
    assert binary_entropy(np.array([0.0, 1.0])).tolist() == [0.0, 0.0]
    assert gaussian_entropy(2.0) == pytest.approx(stats.norm(0, np.sqrt(2)).entropy())


@settings(max_examples=25, deadline=None)
@given(p=probs)
def test_entropy_bounds(p):
    assert -1e-12 <= entropy(p) <= np.log(p.size) + 1e-12
    assert entropy(p) == pytest.approx(stats.entropy(p))


@settings(max_examples=25, deadline=None)
@given(p=probs, q=probs)
def test_kl_properties(p, q):
    if p.size != q.size:
        return
    assert kl_divergence(p, q) >= -1e-12
    assert kl_divergence(p, p) == pytest.approx(0.0, abs=1e-12)
    assert kl_divergence(p, q) == pytest.approx(stats.entropy(p, q))
    assert cross_entropy(p, q) == pytest.approx(entropy(p) + kl_divergence(p, q))


def test_kl_is_asymmetric_and_infinite_off_support():
    p, q = np.array([0.5, 0.5]), np.array([0.9, 0.1])
    assert kl_divergence(p, q) != pytest.approx(kl_divergence(q, p))
    assert np.isinf(kl_divergence(p, np.array([1.0, 0.0])))
    assert np.isfinite(kl_divergence(np.array([1.0, 0.0]), p))


def test_gaussian_kl_closed_form_matches_grid():
    x = np.linspace(-30, 30, 60_001)
    lp, lq = Gaussian(0.5, 1.2).logpdf(x), Gaussian(-1.0, 2.0).logpdf(x)
    assert kl_divergence_on_grid(lp, lq, x[1] - x[0]) == pytest.approx(
        gaussian_kl(0.5, 1.44, -1.0, 4.0), rel=1e-6
    )


# --- sigmoid and softplus (section 3.10) -------------------------------------------------

X = np.linspace(-30, 30, 601)


def test_sigmoid_softplus_identities():
    s, z = sigmoid(X), softplus(X)
    np.testing.assert_allclose(1 - s, sigmoid(-X), atol=1e-15)
    h = 1e-6
    np.testing.assert_allclose((sigmoid(X + h) - sigmoid(X - h)) / (2 * h), s * (1 - s), atol=1e-8)
    np.testing.assert_allclose((softplus(X + h) - softplus(X - h)) / (2 * h), s, atol=1e-8)
    np.testing.assert_allclose(np.log(s), -softplus(-X), rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(z - softplus(-X), X, atol=1e-12)
    inner = X[np.abs(X) < 15]
    np.testing.assert_allclose(logit(sigmoid(inner)), inner, atol=1e-8)
    np.testing.assert_allclose(softplus_inverse(softplus(X)), X, rtol=1e-6, atol=1e-6)
    # softplus(x) = softplus(x0) + integral of the sigmoid from x0 to x (trapezoid rule)
    integral = np.concatenate([[0.0], np.cumsum(0.5 * (s[1:] + s[:-1]) * np.diff(X))])
    np.testing.assert_allclose(z, softplus(X[:1]) + integral, atol=1e-3)


def test_stable_versions_finite_where_naive_overflow():
    big = np.array([-1000.0, 1000.0])
    with np.errstate(over="ignore"):
        assert np.isinf(naive_softplus(big)[1])
        assert not np.all(np.isfinite(np.exp(-big)))  # the naive sigmoid's exp overflows
        naive = naive_sigmoid(big)
    assert naive.tolist() == [0.0, 1.0]  # ... yet 1/(1 + inf) = 0 is exactly right
    assert np.all(np.isfinite(softplus(big))) and softplus(big)[1] == 1000.0
    # log1p keeps what log(1 + .) loses: softplus(-40) = e^-40 to full relative precision.
    assert softplus(np.array([-40.0]))[0] == pytest.approx(np.exp(-40.0), rel=1e-15)
    assert np.log(1.0 + np.exp(-40.0)) == 0.0
    assert sigmoid(big).tolist() == [0.0, 1.0]
    x32 = np.array([-200.0, 200.0], dtype=np.float32)
    assert sigmoid(x32).dtype == np.float32 and softplus(x32).dtype == np.float32
    assert np.all(np.isfinite(softplus(x32)))


def test_functions_bad_input():
    with pytest.raises(ValueError, match="logit: expected probabilities strictly between"):
        logit(np.array([0.0, 0.5]))
    with pytest.raises(ValueError, match="softplus_inverse: expected positive values"):
        softplus_inverse(np.array([0.0]))
    with pytest.raises(TypeError, match="sigmoid: expected input to be a numeric array"):
        sigmoid(np.array(["a"]))


def test_information_bad_input():
    with pytest.raises(ValueError, match="entropy: expected p to be probabilities"):
        entropy(np.array([0.5, 0.6]))
    with pytest.raises(ValueError, match="kl_divergence: expected p and q of the same shape"):
        kl_divergence(np.array([0.5, 0.5]), np.array([0.2, 0.3, 0.5]))
    with pytest.raises(ValueError, match="self_information: expected probabilities in"):
        self_information(np.array(0.0))
    with pytest.raises(ValueError, match="gaussian_kl: expected var_p in"):
        gaussian_kl(0.0, 0.0, 0.0, 1.0)


# --- KL asymmetry: fitting one Gaussian to a bimodal density ------------------------------

BIMODAL = GaussianMixture([0.5, 0.5], [-3.0, 3.0], [0.8, 0.8])
GRIDX = np.linspace(-15, 15, 3001)


def test_forward_kl_fit_covers_both_modes():
    fit = fit_gaussian_by_kl(BIMODAL.logpdf(GRIDX), GRIDX, "forward", init_mean=-3.0, init_std=1.0)
    assert -3.0 < fit.mean < 3.0 and abs(fit.mean) < 0.05
    assert fit.std**2 > 0.8  # wider than each component
    # Forward KL with a Gaussian q matches the moments of p: variance 0.8 + 9.
    assert fit.std**2 == pytest.approx(0.8 + 9.0, rel=1e-3)


@pytest.mark.parametrize("start,mode", [(-2.0, -3.0), (1.0, 3.0)])
def test_reverse_kl_fit_picks_one_mode(start, mode):
    fit = fit_gaussian_by_kl(BIMODAL.logpdf(GRIDX), GRIDX, "reverse", init_mean=start, init_std=1.0)
    assert abs(fit.mean - mode) < 0.1
    assert fit.std == pytest.approx(np.sqrt(0.8), rel=0.05)
    forward = fit_gaussian_by_kl(BIMODAL.logpdf(GRIDX), GRIDX, "forward")
    assert fit.std < forward.std


def test_kl_fit_bad_input():
    with pytest.raises(ValueError, match="fit_gaussian_by_kl: expected direction"):
        fit_gaussian_by_kl(np.zeros(5), np.arange(5.0), "sideways")
    with pytest.raises(ValueError, match="fit_gaussian_by_kl: expected log_p and grid"):
        fit_gaussian_by_kl(np.zeros(5), np.arange(4.0))


# --- change of variables and Monte Carlo ---------------------------------------------------


def _uniform(x):
    return ((x >= 0) & (x <= 1)).astype(float)


def test_change_of_variables_halving(rng):
    y_grid = np.linspace(-1, 2, 30_001)
    dy = y_grid[1] - y_grid[0]
    right = transformed_density(_uniform, lambda y: 2 * y, lambda y: np.full_like(y, 2.0))
    wrong = naive_transformed_density(_uniform, lambda y: 2 * y)
    assert np.sum(right(y_grid)) * dy == pytest.approx(1.0, abs=1e-3)
    assert np.sum(wrong(y_grid)) * dy == pytest.approx(0.5, abs=1e-3)
    y = rng.random(100_000) / 2
    hist, edges = np.histogram(y, bins=10, range=(0, 0.5), density=True)
    np.testing.assert_allclose(hist, right(0.5 * (edges[1:] + edges[:-1])), rtol=0.05)


def test_change_of_variables_nonlinear():
    # y = exp(x), x standard normal: the Jacobian-corrected density is the log-normal.
    p_y = transformed_density(Gaussian().pdf, np.log, lambda y: 1 / y)
    y = np.linspace(0.1, 5, 20)
    np.testing.assert_allclose(p_y(y), stats.lognorm(1.0).pdf(y), rtol=1e-10)
    with pytest.raises(TypeError, match="transformed_density: expected inverse to be callable"):
        transformed_density(Gaussian().pdf, 3.0, np.log)


def test_running_estimates_converge(rng):
    x = rng.exponential(2.0, 50_000)
    mean, var = running_mean_and_variance(x)
    assert np.isnan(var[0])
    assert mean[-1] == pytest.approx(x.mean()) and var[-1] == pytest.approx(x.var(ddof=1))
    assert abs(mean[-1] - 2.0) < 5 * 2.0 / np.sqrt(x.size)
    np.testing.assert_allclose(mean[9], x[:10].mean())
    np.testing.assert_allclose(var[9], x[:10].var(ddof=1))
    with pytest.raises(ValueError, match="running_mean_and_variance: expected non-empty"):
        running_mean_and_variance(np.zeros((2, 2)))
