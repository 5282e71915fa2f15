"""Activations through depth (§8.4), batch norm (§8.7.1), Polyak averaging (§8.7.3)."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.data import load_digits
from dlnotes.diagnostics import (
    activation_statistics,
    batch_norm_comparison,
    deep_tanh_mlp,
    noisy_sgd_with_averaging,
)
from dlnotes.nn import BatchNorm1d
from dlnotes.numerics import Quadratic


def _final_std(init, nonlinearity="relu"):
    stats = activation_statistics(init, nonlinearity=nonlinearity, rng=np.random.default_rng(0))
    return float(stats.std[-1])


def test_relu_activation_scale_after_ten_layers_depends_on_the_initial_scale():
    # The page's demo: 10 ReLU layers of width 256, 500 Gaussian inputs, seed 0.
    assert _final_std(0.01) < 1e-6  # vanishes
    assert _final_std(0.2) > 100  # explodes
    xavier, he = _final_std("xavier"), _final_std("he")
    # Xavier has gain 1, ReLU halves the second moment: about (1/sqrt 2)^10 ~ 0.03.
    assert 0.005 < xavier < 0.1
    assert 0.3 < he < 3.0


def test_tanh_saturates_at_large_scale():
    stats = activation_statistics(0.2, nonlinearity="tanh", rng=np.random.default_rng(0))
    assert stats.saturated[-1] > 0.2
    assert activation_statistics("xavier", nonlinearity="tanh").saturated[-1] < 0.01


def test_activation_statistics_shapes_and_validation():
    stats = activation_statistics("he", depth=3, width=16, num_samples=20)
    assert len(stats.activations) == 3 and stats.activations[0].shape == (20, 16)
    with pytest.raises(ValueError, match="activation_statistics: expected nonlinearity"):
        activation_statistics("he", nonlinearity="gelu")
    with pytest.raises(ValueError, match="activation_statistics: expected weight_init"):
        activation_statistics("lecun")


def test_deep_tanh_mlp_layout():
    model = deep_tanh_mlp(64, 32, 10, depth=3, batch_norm=True)
    assert sum(isinstance(m, BatchNorm1d) for m in model) == 3
    assert model(np.zeros((4, 64))).shape == (4, 10)


@pytest.mark.slow
def test_batch_norm_escapes_the_plateau_the_plain_network_sits_on():
    # The page's demo: 6 tanh layers of width 32 on the digits, SGD lr 0.1, 10 epochs.
    X, y, X_test, y_test = load_digits(flat=True)
    runs = batch_norm_comparison((X, y), (X_test, y_test))
    plain, bn = runs["plain"], runs["batch norm"]
    assert min(plain.train_loss[:5]) > 0.9 * np.log(10)  # plateau near log C
    assert bn.train_loss[2] < 0.5
    assert bn.train_loss[-1] < 0.25 * plain.train_loss[-1]
    assert bn.val_metric[-1] > 0.9 > plain.val_metric[-1]


def test_polyak_average_ends_much_closer_than_the_wandering_iterates():
    # The page's demo: quadratic diag(1, 10), lr 0.05, noise 2, 2000 steps, averaging from 200.
    f = Quadratic(np.diag([1.0, 10.0]))
    run = noisy_sgd_with_averaging(
        f,
        [4.0, 1.5],
        lr=0.05,
        noise_std=2.0,
        num_steps=2000,
        start=200,
        rng=np.random.default_rng(0),
    )
    dist = np.linalg.norm(run.path[-500:], axis=1)
    rms_iterates = float(np.sqrt(np.mean(dist**2)))
    assert np.linalg.norm(run.averaged[-1]) < 0.25 * rms_iterates
    # before `start` the average is the iterate; afterwards it is the mean of iterates start..t
    np.testing.assert_array_equal(run.averaged[:200], run.path[:200])
    np.testing.assert_allclose(run.averaged[-1], run.path[200:].mean(axis=0), rtol=1e-10)


def test_noisy_sgd_without_noise_is_gradient_descent():
    f = Quadratic(np.eye(2))
    run = noisy_sgd_with_averaging(f, [1.0, 2.0], lr=0.5, noise_std=0.0, num_steps=3)
    np.testing.assert_allclose(run.path[-1], [0.125, 0.25])
    with pytest.raises(ValueError, match="noisy_sgd_with_averaging: expected lr"):
        noisy_sgd_with_averaging(f, [1.0, 2.0], lr=0.0, noise_std=1.0, num_steps=3)


def test_default_initialisation_shrinks_the_signal_through_the_plain_network():
    # Why the plain network sits on a plateau: the variation across examples dies out with depth.
    X, _, _, _ = load_digits(flat=True)
    model = deep_tanh_mlp(64, 32, 10, depth=6, rng=np.random.default_rng(0))
    h, spread = X, []
    for layer in model:
        h = layer(h)
        if type(layer).__name__ == "Tanh":
            spread.append(float(h.std(axis=0).mean()))  # across examples, per unit
    assert np.all(np.diff(spread) < 0)
    assert spread[-1] < 0.1 * spread[0]


def test_decaying_learning_rate_makes_the_iterates_themselves_converge():
    # The page's demo: the Polyak run again, with lr_k = 0.05 / (1 + k / 100) (Robbins-Monro).
    f = Quadratic(np.diag([1.0, 10.0]))

    def tail_rms(lr_lambda):
        run = noisy_sgd_with_averaging(
            f,
            [4.0, 1.5],
            lr=0.05,
            noise_std=2.0,
            num_steps=2000,
            lr_lambda=lr_lambda,
            rng=np.random.default_rng(0),
        )
        return float(np.sqrt(np.mean(np.sum(run.path[-500:] ** 2, axis=1))))

    assert tail_rms(lambda k: 1 / (1 + k / 100)) < 0.25 * tail_rms(None)
