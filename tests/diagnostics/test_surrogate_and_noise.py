"""Surrogate losses (§8.1.2) and minibatch gradient noise (§8.1.3)."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes import nn
from dlnotes.data import load_digits, make_linearly_separable
from dlnotes.diagnostics import (
    SurrogateCurves,
    first_zero_error_epoch,
    loglog_slope,
    minibatch_gradient_noise,
    per_example_gradients,
    surrogate_loss_curves,
    zero_one_loss,
)
from dlnotes.gradcheck import numerical_gradient


def test_log_loss_keeps_falling_after_training_error_reaches_zero():
    # The page's demo: 200 separable points, softmax regression, lr 0.5, 300 full-batch steps.
    rng = np.random.default_rng(0)
    X, y, _ = make_linearly_separable(200, margin=0.1, rng=rng)
    curves = surrogate_loss_curves(nn.Linear(2, 2, rng=rng), X, y, lr=0.5, num_epochs=300)
    t0 = first_zero_error_epoch(curves)
    assert t0 is not None and t0 < 50
    assert np.all(curves.zero_one[t0:] == 0)
    assert curves.log_loss[-1] < 0.25 * curves.log_loss[t0]
    assert np.all(np.diff(curves.log_loss[t0:]) < 0)  # strictly decreasing throughout


def test_on_separable_data_the_weights_keep_growing():
    # The page's remark (§8.2.7): no minimum exists, the loss falls only as the weights grow.
    norms = []
    for epochs in (100, 200, 300):
        rng = np.random.default_rng(0)
        X, y, _ = make_linearly_separable(200, margin=0.1, rng=rng)
        model = nn.Linear(2, 2, rng=rng)
        surrogate_loss_curves(model, X, y, lr=0.5, num_epochs=epochs)
        norms.append(float(np.linalg.norm(model.weight.data)))
    assert norms[0] < norms[1] < norms[2]


def test_surrogate_curves_record_test_data_and_validate():
    rng = np.random.default_rng(1)
    X, y, _ = make_linearly_separable(50, rng=rng)
    curves = surrogate_loss_curves(nn.Linear(2, 2, rng=rng), X, y, num_epochs=5, test_data=(X, y))
    assert curves.test_log_loss is not None and curves.test_log_loss.shape == (6,)
    np.testing.assert_allclose(curves.test_log_loss, curves.log_loss)
    with pytest.raises(ValueError, match="surrogate_loss_curves: expected X"):
        surrogate_loss_curves(nn.Linear(2, 2), X, y[:-1])


def test_zero_one_loss_and_first_zero_epoch():
    assert zero_one_loss(np.array([[2.0, 1.0], [0.0, 3.0]]), np.array([0, 0])) == 0.5
    never = SurrogateCurves(np.ones(3), np.full(3, 0.1), None, None)
    assert first_zero_error_epoch(never) is None


def test_per_example_gradients_match_finite_differences(rng):
    model = nn.Sequential(nn.Linear(3, 4, rng=rng), nn.Tanh(), nn.Linear(4, 2, rng=rng))
    X, y = rng.standard_normal((5, 3)), rng.integers(0, 2, 5)
    G = per_example_gradients(model, nn.CrossEntropyLoss(), X, y)
    w = model[0].weight.data

    def loss_of_example_2(values):
        w[...] = values
        return float(nn.CrossEntropyLoss()(model(X[2:3]), y[2:3]))

    original = w.copy()
    num = numerical_gradient(loss_of_example_2, original.copy())
    w[...] = original
    np.testing.assert_allclose(G[2, : w.size], num.ravel(), rtol=1e-5, atol=1e-8)
    # the mean of the per-example gradients is the full-batch gradient
    model.zero_grad()
    loss_fn = nn.CrossEntropyLoss()
    loss_fn(model(X), y)
    model.backward(loss_fn.backward())
    full = np.concatenate([p.grad.ravel() for p in model.parameters()])
    np.testing.assert_allclose(G.mean(axis=0), full, rtol=1e-10, atol=1e-12)


def test_minibatch_gradient_noise_falls_as_one_over_sqrt_m():
    # The page's demo: per-example gradients of a small MLP on the digits.
    rng = np.random.default_rng(0)
    X, y, _, _ = load_digits(flat=True)
    model = nn.Sequential(nn.Linear(64, 32, rng=rng), nn.ReLU(), nn.Linear(32, 10, rng=rng))
    G = per_example_gradients(model, nn.CrossEntropyLoss(), X[:600], y[:600])
    noise = minibatch_gradient_noise(G, [1, 4, 16, 64, 256], rng=rng)
    assert loglog_slope(noise.batch_sizes, noise.rms_error) == pytest.approx(-0.5, abs=0.05)
    np.testing.assert_allclose(noise.rms_error, noise.predicted, rtol=0.1)


def test_loglog_slope_and_validation():
    assert loglog_slope([1, 10, 100], [3.0, 30.0, 300.0]) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="loglog_slope: expected"):
        loglog_slope([1.0], [1.0])
    with pytest.raises(ValueError, match="minibatch_gradient_noise: expected"):
        minibatch_gradient_noise(np.ones(3), [1])
