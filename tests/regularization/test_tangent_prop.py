"""Tangent vectors and the tangent-prop penalty (§7.14)."""

from __future__ import annotations

import numpy as np

from dlnotes import nn
from dlnotes.regularization import (
    jacobian_vector_product,
    tangent_prop_penalty,
    translation_tangent,
)


def test_jvp_matches_a_finite_difference_along_v(rng):
    model = nn.Sequential(nn.Linear(5, 6, rng=rng), nn.Tanh(), nn.Linear(6, 3, rng=rng))
    x, v = rng.standard_normal((4, 5)), rng.standard_normal((4, 5))
    h = 1e-6
    fd = (model(x + h * v) - model(x - h * v)) / (2 * h)
    np.testing.assert_allclose(jacobian_vector_product(model, x, v), fd, rtol=1e-6, atol=1e-9)


def test_penalty_of_a_linear_layer_is_the_squared_norm_of_w_v(rng):
    layer = nn.Linear(4, 2, rng=rng)
    x, v = rng.standard_normal((3, 4)), rng.standard_normal((2, 3, 4))
    expected = np.mean(sum(np.sum((t @ layer.weight.data.T) ** 2, axis=1) for t in v))
    assert np.isclose(tangent_prop_penalty(layer, x, v), expected)


def test_translation_tangent_is_minus_the_horizontal_derivative():
    u = np.arange(8.0)
    img = np.tile(0.1 * u**2, (3, 1))  # smooth in u, constant in the other axis
    t = translation_tangent(img)
    np.testing.assert_allclose(t[:, 1:-1], np.tile(-0.2 * u[1:-1], (3, 1)))  # exact here
    np.testing.assert_allclose(translation_tangent(img, axis=-2)[1], 0.0)
    # a one-pixel shift is approximated to first order by adding the tangent
    shifted = np.tile(0.1 * (u - 0.01) ** 2, (3, 1))
    np.testing.assert_allclose((img + 0.01 * t)[:, 1:-1], shifted[:, 1:-1], atol=1e-4)
