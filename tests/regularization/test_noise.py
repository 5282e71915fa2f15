"""Input noise as weight decay, weight noise, label smoothing (§7.5, §7.5.1)."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.gradcheck import check_module
from dlnotes.ml import fit_ridge
from dlnotes.nn.functional import cross_entropy, softmax
from dlnotes.regularization import (
    GaussianNoise,
    label_smoothing_logit_gap,
    noisy_input_least_squares,
    smooth_labels,
    weight_noise_penalty,
)


def test_gaussian_noise_has_the_right_spread_and_is_identity_in_eval():
    layer = GaussianNoise(0.3, rng=np.random.default_rng(0))
    x = np.zeros((200, 50))
    out = layer(x)
    assert out.std() == pytest.approx(0.3, rel=0.02)
    np.testing.assert_array_equal(x, 0.0)
    layer.eval()
    np.testing.assert_array_equal(layer(x + 1.0), 1.0)


def test_gaussian_noise_backward_passes_the_gradient_through(rng):
    layer = GaussianNoise(0.5, rng=np.random.default_rng(1))
    layer.eval()
    check_module(layer, rng.standard_normal((3, 4)), rng=rng)
    layer.train()
    layer(np.ones((2, 2)))
    g = rng.standard_normal((2, 2))
    np.testing.assert_array_equal(layer.backward(g), g)


def test_input_noise_least_squares_tends_to_ridge_with_alpha_n_sigma2(rng):
    n, sigma = 30, 0.4
    X = rng.standard_normal((n, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.1 * rng.standard_normal(n)
    noisy = noisy_input_least_squares(X, y, sigma, copies=4000, rng=np.random.default_rng(2))
    ridge = fit_ridge(X, y, n * sigma**2)
    plain = fit_ridge(X, y, 0.0)
    np.testing.assert_allclose(noisy, ridge, atol=0.03)
    assert np.linalg.norm(noisy - ridge) < 0.2 * np.linalg.norm(plain - ridge)


def test_weight_noise_penalty_matches_monte_carlo(rng):
    X = rng.standard_normal((40, 5))
    w, y, eta = rng.standard_normal(5), rng.standard_normal(40), 0.05
    noise = np.sqrt(eta) * rng.standard_normal((20000, 5))
    noisy_err = np.mean(((w + noise) @ X.T - y) ** 2)
    clean_err = np.mean((X @ w - y) ** 2)
    assert noisy_err - clean_err == pytest.approx(weight_noise_penalty(X, eta), rel=0.03)


def test_smoothed_targets_give_the_loss_of_cross_entropy_label_smoothing(rng):
    z, y = rng.standard_normal((7, 5)), rng.integers(0, 5, 7)
    q = smooth_labels(y, 5, 0.1)
    np.testing.assert_allclose(q.sum(1), 1.0)
    np.testing.assert_allclose(
        cross_entropy(z, q), cross_entropy(z, y, label_smoothing=0.1), rtol=1e-12
    )


def test_logit_gap_is_the_finite_minimiser_of_smoothed_cross_entropy():
    C, eps = 10, 0.1
    gap = label_smoothing_logit_gap(C, eps)
    z = np.zeros((1, C))
    z[0, 3] = gap
    np.testing.assert_allclose(softmax(z, dim=-1), smooth_labels(np.array([3]), C, eps))
    # any other gap costs more
    base = float(cross_entropy(z, np.array([3]), label_smoothing=eps))
    for d in (-0.5, 0.5, 5.0):
        z2 = z.copy()
        z2[0, 3] += d
        assert float(cross_entropy(z2, np.array([3]), label_smoothing=eps)) > base
    assert label_smoothing_logit_gap(C, 0.0) == np.inf


def test_bad_inputs_raise_house_errors():
    with pytest.raises(ValueError, match=r"smooth_labels: expected integer labels in \[0, 3\)"):
        smooth_labels(np.array([3]), 3, 0.1)
    with pytest.raises(ValueError, match="GaussianNoise: expected std in"):
        GaussianNoise(-1.0)
