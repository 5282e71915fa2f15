"""The hand-derived batch-norm backward kernel against the same computation composed of
``dlnotes.autograd`` operations (mean, subtraction, power, division), which the engine
differentiates by the chain rule alone — two independent routes to the same gradients
(chapter S6, Goodfellow et al. §8.7.1)."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.autograd import Tensor
from dlnotes.nn.functional import batch_norm_backward, batch_norm_forward


def batch_norm_by_autograd(x, weight, bias, eps, axes):
    """Training-mode batch norm written with autograd operations only."""
    mean = x.mean(axis=axes, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(axis=axes, keepdims=True)
    return centred / (var + eps) ** 0.5 * weight + bias


@pytest.mark.parametrize(
    ("shape", "axes", "param_shape"),
    [((16, 5), (0,), (1, 5)), ((4, 3, 5, 6), (0, 2, 3), (1, 3, 1, 1))],
    ids=["BatchNorm1d", "BatchNorm2d"],
)
@pytest.mark.parametrize("eps", [1e-5, 0.5])
def test_kernel_gradients_equal_autograd(shape, axes, param_shape, eps):
    rng = np.random.default_rng(0)
    x = rng.normal(2.0, 3.0, size=shape)
    channels = shape[1]
    weight = rng.uniform(0.5, 2.0, size=channels)
    bias = rng.normal(size=channels)
    upstream = rng.normal(size=shape)

    y, cache = batch_norm_forward(x, weight, bias, training=True, eps=eps)
    dx, dweight, dbias = batch_norm_backward(upstream, cache)

    tx = Tensor(x, requires_grad=True)
    tw = Tensor(weight.reshape(param_shape), requires_grad=True)
    tb = Tensor(bias.reshape(param_shape), requires_grad=True)
    ty = batch_norm_by_autograd(tx, tw, tb, eps, axes)
    (ty * Tensor(upstream)).sum().backward()

    np.testing.assert_allclose(y, ty.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(dx, tx.grad, rtol=1e-9, atol=1e-11)
    np.testing.assert_allclose(dweight, tw.grad.reshape(-1), rtol=1e-9, atol=1e-11)
    np.testing.assert_allclose(dbias, tb.grad.reshape(-1), rtol=1e-9, atol=1e-11)
