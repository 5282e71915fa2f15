"""The S8 bar: with skip connections a deep stack trains where the same stack without stalls."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dlnotes.data import load_digits
from dlnotes.models import (
    compare_plain_and_residual,
    deep_conv_net,
    train_curve,
    weight_gradient_norms,
)
from dlnotes.nn import Conv2d, CrossEntropyLoss


def test_depth_shape_and_identical_initial_weights():
    plain = deep_conv_net(3, 4, skip=False, rng=np.random.default_rng(5))
    residual = deep_conv_net(3, 4, skip=True, rng=np.random.default_rng(5))
    assert sum(isinstance(m, Conv2d) for m in plain.modules()) == 2 * 3 + 1
    assert plain(np.zeros((2, 1, 8, 8))).shape == (2, 10)
    a, b = plain.state_dict(), residual.state_dict()
    assert list(a) == list(b)
    for name in a:
        np.testing.assert_array_equal(a[name], b[name])


def test_weight_gradient_norms_match_central_differences(rng):
    net = deep_conv_net(1, 2, skip=True, rng=rng)
    x, y = rng.normal(size=(3, 1, 8, 8)), np.array([1, 4, 9])
    names, norms = weight_gradient_norms(net, x, y)
    assert names == ["0.weight", "2.residual.0.weight", "2.residual.2.weight", "4.weight"]
    stem = net[0].weight
    loss_fn = CrossEntropyLoss()
    numeric = np.zeros(stem.shape)
    for index in np.ndindex(stem.shape):
        saved = stem.data[index]
        stem.data[index] = saved + 1e-6
        up = float(loss_fn(net(x), y))
        stem.data[index] = saved - 1e-6
        down = float(loss_fn(net(x), y))
        stem.data[index] = saved
        numeric[index] = (up - down) / 2e-6
    np.testing.assert_allclose(norms[0], np.linalg.norm(numeric), rtol=1e-6)


def test_a_shallow_plain_net_trains_with_the_same_recipe():
    """The page's control: one block instead of eight, no shortcut, same seed and training."""
    X, y, _, _ = load_digits()
    net = deep_conv_net(1, 8, skip=False, rng=np.random.default_rng(0))
    curve = train_curve(net, X[:512], y[:512], num_epochs=6, lr=0.05, rng=np.random.default_rng(1))
    assert curve.train_loss.shape == (6,)
    assert curve.initial_loss == pytest.approx(math.log(10), abs=0.3)
    assert curve.train_loss[-1] < 0.5


def test_the_residual_net_trains_where_the_plain_net_of_the_same_depth_stalls():
    """The chapter's experiment with its seed (0): 18 weight layers, 512 digits, 6 epochs.

    The plain net's first-layer gradient is at least 10^5 times smaller than the residual
    net's; after six epochs the plain net is still at chance (ln 10 = 2.30 nats) while the
    residual net's loss is below 0.5 nats."""
    X, y, _, _ = load_digits()
    result = compare_plain_and_residual(X[:512], y[:512], seed=0)
    plain_norms, residual_norms = result.gradient_norms
    assert len(result.layer_names) == 18
    assert plain_norms[0] < 1e-5 * residual_norms[0]
    assert plain_norms[-1] > 0.01 * residual_norms[-1]  # the vanishing is towards the input
    plain, residual = result.curves
    assert plain.train_loss.min() > 2.2
    assert residual.train_loss[-1] < 0.5


def test_bad_arguments_raise():
    with pytest.raises(ValueError, match="deep_conv_net: expected num_blocks"):
        deep_conv_net(0, 4, skip=True)
    with pytest.raises(TypeError, match="weight_gradient_norms: expected a dlnotes.nn.Module"):
        weight_gradient_norms(None, np.zeros((1, 1, 8, 8)), np.zeros(1, dtype=int))
