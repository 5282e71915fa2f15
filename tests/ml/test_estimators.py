"""Bias of the maximum-likelihood variance estimator and the bias–variance decomposition (§5.4)."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes import data, ml

SIGMA2 = 4.0


def _gauss(shape, rng):
    return rng.normal(1.0, np.sqrt(SIGMA2), shape)


@pytest.mark.parametrize("m", [2, 5, 20])
def test_ml_variance_bias_matches_theory(m):
    stats = ml.estimator_statistics(
        ml.variance_mle, _gauss, SIGMA2, m, 40_000, np.random.default_rng(m)
    )
    # E[sigma_hat^2] = (m - 1) / m * sigma^2; tolerance from the Monte-Carlo standard error.
    assert abs(stats.mean - (m - 1) / m * SIGMA2) < 4 * stats.standard_error
    assert abs(stats.bias + SIGMA2 / m) < 4 * stats.standard_error
    # The standard error itself: Var[sigma_hat^2] = 2 (m-1) sigma^4 / m^2 for Gaussian data.
    assert stats.variance == pytest.approx(2 * (m - 1) * SIGMA2**2 / m**2, rel=0.05)


def test_unbiased_variance_is_unbiased():
    stats = ml.estimator_statistics(
        ml.variance_unbiased, _gauss, SIGMA2, 3, 40_000, np.random.default_rng(7)
    )
    assert abs(stats.bias) < 4 * stats.standard_error
    biased = ml.estimator_statistics(
        ml.variance_mle, _gauss, SIGMA2, 3, 40_000, np.random.default_rng(7)
    )
    assert biased.bias < -10 * biased.standard_error  # clearly detected


def test_sample_mean_is_unbiased_and_consistent():
    variances = []
    for m in [10, 100]:
        s = ml.estimator_statistics(
            lambda d: d.mean(axis=-1), _gauss, 1.0, m, 20_000, np.random.default_rng(m)
        )
        assert abs(s.bias) < 4 * s.standard_error
        assert s.variance == pytest.approx(SIGMA2 / m, rel=0.05)
        variances.append(s.variance)
    assert variances[1] < variances[0] / 5


def _poly_fit_predict(degree):
    return lambda x, y, xt: ml.predict_polynomial(ml.fit_polynomial(x, y, degree), xt)


def test_bias_variance_tradeoff_with_degree():
    # The chapter-5 setting: the same 400 training sets of 30 examples for every degree.
    x_test = np.linspace(-0.8, 0.8, 60)
    f_test = data.sine_target(x_test)
    results = [
        ml.bias_variance_decomposition(
            data.make_sine_regression,
            _poly_fit_predict(d),
            x_test,
            f_test,
            0.09,
            m=30,
            num_datasets=400,
            rng=np.random.default_rng(1),
        )
        for d in range(1, 9)
    ]
    bias = np.array([r.bias_squared for r in results])
    var = np.array([r.variance for r in results])
    mse = np.array([r.expected_mse for r in results])
    assert bias[0] > 1000 * bias[4]  # degree 1 vs degree 5
    assert np.all(np.diff(var[4:]) > 0) and var[-1] > 10 * var[4]
    assert 2 <= int(np.argmin(mse)) <= 4 and mse[0] > 2 * mse.min() and mse[-1] > 2 * mse.min()
    for r in results:
        # expected test MSE = bias^2 + variance + noise (measured independently).
        total = r.bias_squared + r.variance + r.noise
        assert r.expected_mse == pytest.approx(total, rel=0.1)


def test_bad_input():
    with pytest.raises(ValueError, match="variance_unbiased: expected at least two samples"):
        ml.variance_unbiased(np.ones(1))
    with pytest.raises(ValueError, match="estimator_statistics: expected one estimate per"):
        ml.estimator_statistics(lambda d: d, _gauss, 1.0, 3, 10)
    with pytest.raises(TypeError, match="bias_variance_decomposition: expected make_data"):
        ml.bias_variance_decomposition(None, None, np.ones(2), np.ones(2), 1.0, m=3)
