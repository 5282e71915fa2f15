"""One-step against iterated prediction with a least-squares AR(p) model."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.data import make_ar_process, make_noisy_sinusoid
from dlnotes.sequence import (
    ARModel,
    fit_autoregressive,
    iterated_forecast_rmse,
    iterated_predictions,
    one_step_predictions,
)


def test_fit_recovers_the_coefficients_of_an_ar_process():
    x = make_ar_process(5000, (0.6, -0.3), noise_std=1.0, rng=np.random.default_rng(0))
    model = fit_autoregressive(x, 2)
    np.testing.assert_allclose(model.coefficients, [0.6, -0.3], atol=0.03)
    assert abs(model.intercept) < 0.05


def test_fit_equals_numpy_least_squares_with_intercept():
    x = np.random.default_rng(1).normal(size=60)
    model = fit_autoregressive(x, 3)
    design = np.column_stack([x[2:-1], x[1:-2], x[:-3], np.ones(57)])
    expected = np.linalg.lstsq(design, x[3:], rcond=None)[0]
    np.testing.assert_allclose(model.coefficients, expected[:3], atol=1e-10)
    np.testing.assert_allclose(model.intercept, expected[3], atol=1e-10)


def test_noise_free_sinusoid_is_exactly_an_ar2_process():
    period = 17.0
    x = make_noisy_sinusoid(300, period=period, noise_std=0.0)
    model = fit_autoregressive(x, 2)
    np.testing.assert_allclose(model.coefficients, [2 * np.cos(2 * np.pi / period), -1], atol=1e-9)
    # Iterated 200 steps ahead from two true values, the forecast still follows the sine.
    forecast = iterated_predictions(model, x[:2], 200)
    np.testing.assert_allclose(forecast, x[2:202], atol=1e-6)


def test_one_step_error_is_the_noise_and_iterated_error_grows_to_the_process_std():
    rng = np.random.default_rng(2)
    train = make_ar_process(4000, (0.9, -0.2), noise_std=1.0, rng=rng)
    test = make_ar_process(4000, (0.9, -0.2), noise_std=1.0, rng=rng)
    model = fit_autoregressive(train, 2)
    one_step = one_step_predictions(model, test)
    np.testing.assert_allclose(np.sqrt(np.mean((one_step - test[2:]) ** 2)), 1.0, atol=0.05)
    rmse = iterated_forecast_rmse(model, test, 30)
    np.testing.assert_allclose(rmse[0], np.sqrt(np.mean((one_step[:-29] - test[2:-29]) ** 2)))
    assert np.all(np.diff(rmse[:5]) > 0)
    np.testing.assert_allclose(rmse[-1], test.std(), rtol=0.08)


def test_iterated_forecasts_run_over_leading_axes():
    model = ARModel(np.array([0.5, 0.25]), 1.0)
    histories = np.array([[0.0, 1.0, 2.0], [4.0, 0.0, 0.0]])
    out = iterated_predictions(model, histories, 2)
    first = 0.5 * histories[:, -1] + 0.25 * histories[:, -2] + 1.0
    np.testing.assert_allclose(out[:, 0], first)
    np.testing.assert_allclose(out[:, 1], 0.5 * first + 0.25 * histories[:, -1] + 1.0)


def test_bad_inputs():
    with pytest.raises(ValueError, match="fit_autoregressive: expected a series of shape"):
        fit_autoregressive(np.zeros((4, 2)), 1)
    with pytest.raises(ValueError, match="iterated_predictions: expected a history of at least 2"):
        iterated_predictions(ARModel(np.ones(2), 0.0), np.zeros(1), 3)
