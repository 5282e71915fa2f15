"""The §6.1 XOR claims: the hand-set ReLU network is exact, the linear model is constant 1/2."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.data import xor_points
from dlnotes.feedforward.separability import linearly_separable
from dlnotes.feedforward.xor import (
    least_squares_linear_fit,
    train_xor_mlp,
    xor_forward,
    xor_relu_network,
    xor_success_rate,
)


def test_hand_set_network_is_exact():
    X, y = xor_points()
    y_hat, h = xor_forward(X, xor_relu_network())
    assert np.array_equal(y_hat, [0.0, 1.0, 1.0, 0.0])
    assert np.array_equal(y_hat, y)
    # the two class-1 inputs are merged onto one hidden point
    assert np.array_equal(h, [[0, 0], [1, 0], [1, 0], [2, 1]])


def test_hidden_representation_is_linearly_separable_input_is_not():
    X, y = xor_points()
    _, h = xor_forward(X, xor_relu_network())
    assert not linearly_separable(X, y)
    assert linearly_separable(h, y)


def test_separability_detects_simple_cases():
    X, _ = xor_points()
    assert linearly_separable(X, np.array([0, 0, 0, 1]))  # AND
    assert linearly_separable(X, np.array([0, 1, 1, 1]))  # OR
    with pytest.raises(ValueError, match="linearly_separable: expected labels 0 or 1"):
        linearly_separable(X, np.array([0, 2, 1, 1]))


def test_least_squares_linear_model_is_one_half_everywhere():
    X, y = xor_points()
    fit = least_squares_linear_fit(X, y)
    np.testing.assert_allclose(fit.w, 0.0, atol=1e-12)
    assert fit.b == pytest.approx(0.5, abs=1e-12)
    np.testing.assert_allclose(fit.predict(X), 0.5, atol=1e-12)
    # and it is optimal: its mean squared error 1/4 is below any perturbation's
    mse = np.mean((fit.predict(X) - y) ** 2)
    assert mse == pytest.approx(0.25)
    for dw in np.random.default_rng(0).normal(scale=0.1, size=(10, 3)):
        assert np.mean((X @ (fit.w + dw[:2]) + fit.b + dw[2] - y) ** 2) > mse


def test_xor_forward_checks_shape():
    with pytest.raises(ValueError, match="xor_forward: expected input with last dimension 2"):
        xor_forward(np.zeros((4, 3)), xor_relu_network())


def test_trained_mlp_page_seed_solves_xor():
    result = train_xor_mlp(2, rng=np.random.default_rng(0))
    assert result.max_error < 0.05
    y = xor_points()[1]
    assert linearly_separable(result.hidden, y)
    # what the page's figure shows for this seed: (0,1) and (1,0) merge, (1,1) maps to 0
    np.testing.assert_allclose(result.hidden[1], result.hidden[2], atol=1e-6)
    np.testing.assert_allclose(result.hidden[3], 0.0, atol=1e-12)
    assert result.history.train_loss[-1] < result.history.train_loss[0]


@pytest.mark.slow
def test_wider_hidden_layers_succeed_more_often():
    narrow = xor_success_rate(2, range(10))
    wide = xor_success_rate(8, range(10))
    assert narrow < 1.0  # two units: some seeds get stuck
    assert wide > narrow
    assert wide >= 0.9


@pytest.mark.slow
def test_failed_two_unit_runs_have_dead_or_linear_hidden_layers():
    # What the page says about the failures among its ten seeds: a unit switched off on at
    # least three of the four inputs, or both units on everywhere (the net is then linear).
    X, _ = xor_points()
    failures = 0
    for seed in range(10):
        result = train_xor_mlp(2, rng=np.random.default_rng(seed))
        if result.max_error < 0.05:
            continue
        failures += 1
        active = (result.model[0](X) > 0).sum(axis=0)
        assert active.min() <= 1 or np.all(active == 4)
    assert failures > 0
