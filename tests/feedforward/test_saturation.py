"""Sigmoid + squared error saturates on confidently wrong outputs; cross-entropy does not."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlnotes.feedforward.saturation import (
    logit_descent,
    sigmoid_cross_entropy,
    sigmoid_cross_entropy_grad,
    sigmoid_squared_error,
    sigmoid_squared_error_grad,
    softmax_cross_entropy_grad,
    softmax_squared_error_grad,
)
from dlnotes.gradcheck import numerical_gradient


@pytest.mark.parametrize(
    ("loss", "grad"),
    [
        (sigmoid_squared_error, sigmoid_squared_error_grad),
        (sigmoid_cross_entropy, sigmoid_cross_entropy_grad),
    ],
)
def test_gradients_match_central_differences(loss, grad, rng):
    z = rng.normal(scale=3.0, size=7)
    y = rng.uniform(size=7)
    upstream = rng.normal(size=7)
    numeric = numerical_gradient(lambda x: float(np.sum(upstream * loss(x, y))), z)
    np.testing.assert_allclose(upstream * grad(z, y), numeric, rtol=1e-6, atol=1e-9)


def test_closed_forms(rng):
    z = rng.normal(scale=4.0, size=20)
    y = rng.integers(0, 2, 20).astype(float)
    s = 1 / (1 + np.exp(-z))
    np.testing.assert_allclose(sigmoid_squared_error_grad(z, y), s * (1 - s) * (s - y), atol=1e-15)
    np.testing.assert_allclose(sigmoid_cross_entropy_grad(z, y), s - y, atol=1e-15)


@pytest.mark.parametrize("z", [-8.0, -12.0, -30.0])
def test_squared_error_gradient_vanishes_when_confidently_wrong(z):
    y = np.array([1.0])
    se = abs(sigmoid_squared_error_grad(np.array([z]), y)[0])
    ce = abs(sigmoid_cross_entropy_grad(np.array([z]), y)[0])
    assert se < 1e-3
    assert ce > 0.999
    # the wrong answer costs a lot under cross-entropy (about |z|), little under squared error
    assert sigmoid_cross_entropy(np.array([z]), y)[0] == pytest.approx(-z, rel=1e-3)
    assert sigmoid_squared_error(np.array([z]), y)[0] < 0.5


@given(st.floats(-40, 40))
def test_cross_entropy_gradient_magnitude_tracks_the_error(z):
    y = np.array([1.0])
    g = sigmoid_cross_entropy_grad(np.array([z]), y)[0]
    assert -1.0 <= g <= 0.0
    assert abs(sigmoid_squared_error_grad(np.array([z]), y)[0]) <= 0.25 * abs(g) * (
        1 + 1e-12
    )  # s(1 - s) <= 1/4


def test_oracle_against_torch(torch, rng):
    z = rng.normal(scale=5.0, size=9)
    y = rng.integers(0, 2, 9).astype(float)
    zt = torch.tensor(z, requires_grad=True)
    (0.5 * (torch.sigmoid(zt) - torch.tensor(y)) ** 2).sum().backward()
    np.testing.assert_allclose(sigmoid_squared_error_grad(z, y), zt.grad.numpy(), atol=1e-14)
    zt = torch.tensor(z, requires_grad=True)
    torch.nn.functional.binary_cross_entropy_with_logits(
        zt, torch.tensor(y), reduction="sum"
    ).backward()
    np.testing.assert_allclose(sigmoid_cross_entropy_grad(z, y), zt.grad.numpy(), atol=1e-14)


def test_logit_descent_cross_entropy_escapes_squared_error_stalls():
    ce = logit_descent(-8.0, 1.0, "cross_entropy", lr=1.0, num_steps=50)
    se = logit_descent(-8.0, 1.0, "squared_error", lr=1.0, num_steps=50)
    assert ce[-1] > 2.0  # now confidently right
    assert se[-1] < -7.9  # still confidently wrong
    assert np.all(np.diff(ce) > 0) and np.all(np.diff(se) > 0)


def test_bad_input():
    with pytest.raises(ValueError, match="logit_descent: expected loss in"):
        logit_descent(0.0, 1.0, "hinge")
    with pytest.raises(ValueError, match="sigmoid_cross_entropy: expected targets in"):
        sigmoid_cross_entropy(np.zeros(2), np.array([0.0, 2.0]))
    with pytest.raises(ValueError, match="expected logits and target of the same shape"):
        sigmoid_squared_error(np.zeros(2), np.zeros(3))


def test_softmax_gradients_match_central_differences_and_torch(torch, rng):
    z = rng.normal(scale=3.0, size=(5, 4))
    y = rng.integers(0, 4, 5)

    def squared_error(x):
        p = np.exp(x - x.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        return 0.5 * float(np.sum((p - np.eye(4)[y]) ** 2))

    np.testing.assert_allclose(
        softmax_squared_error_grad(z, y), numerical_gradient(squared_error, z), atol=1e-8
    )
    zt = torch.tensor(z, requires_grad=True)
    probs = torch.softmax(zt, dim=1)
    (0.5 * ((probs - torch.eye(4, dtype=torch.float64)[torch.tensor(y)]) ** 2).sum()).backward()
    np.testing.assert_allclose(softmax_squared_error_grad(z, y), zt.grad.numpy(), atol=1e-14)
    zt = torch.tensor(z, requires_grad=True)
    torch.nn.functional.cross_entropy(zt, torch.tensor(y), reduction="sum").backward()
    np.testing.assert_allclose(softmax_cross_entropy_grad(z, y), zt.grad.numpy(), atol=1e-14)


@pytest.mark.parametrize("margin", [12.0, 30.0])
def test_softmax_squared_error_saturates_when_confidently_wrong(margin):
    z = np.array([[margin, 0.0, 0.0]])
    y = np.array([1])
    assert np.abs(softmax_squared_error_grad(z, y)).max() < 1e-4
    ce = softmax_cross_entropy_grad(z, y)
    assert ce[0, 1] < -0.9999 and ce[0, 0] > 0.9999
    with pytest.raises(ValueError, match="softmax_cross_entropy_grad: expected labels in"):
        softmax_cross_entropy_grad(z, np.array([3]))
