"""Claims of chapter S6's experiments (dlnotes.book.training_experiments), seeded."""

import numpy as np
import pytest

from dlnotes.book.training_experiments import (
    decay_under_gradient_noise,
    deep_digits_mlp,
    depth_scaling,
    epochs_to_target,
)


def test_he_initialisation_keeps_activation_and_gradient_scale_through_depth():
    he = depth_scaling("kaiming", depth=20, rng=np.random.default_rng(0))
    for stds in (he.activation_std, he.gradient_std):
        assert stds.shape == (20,)
        assert stds.max() / stds.min() < 2.0


def test_xavier_halves_the_second_moment_per_relu_layer():
    xavier = depth_scaling("xavier", depth=20, rng=np.random.default_rng(0))
    # Var(W) = 1/n for a square layer, so the ReLU halves the second moment each layer:
    # std shrinks by about 2 ** (-1/2) per layer, i.e. by 2 ** (-19/2) ≈ 1/724 over 19 layers.
    ratio = xavier.activation_std[-1] / xavier.activation_std[0]
    assert 2.0 ** (-19 / 2) / 2 < ratio < 2.0 ** (-19 / 2) * 2
    assert xavier.gradient_std[0] < 1e-2 * xavier.gradient_std[-1]


def test_small_initialisation_makes_signals_vanish():
    small = depth_scaling("small", depth=20, rng=np.random.default_rng(0))
    assert small.activation_std[-1] < 1e-12 < small.activation_std[0]
    assert small.gradient_std[0] < 1e-12 < small.gradient_std[-1]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_batch_norm_reaches_the_target_loss_in_fewer_epochs(seed):
    with_bn, bn_losses = epochs_to_target(batch_norm=True, seed=seed)
    without_bn, plain_losses = epochs_to_target(batch_norm=False, seed=seed)
    assert with_bn is not None and with_bn <= 6
    assert without_bn is None or without_bn > 2 * with_bn
    assert len(bn_losses) == len(plain_losses) == 20


def test_digits_mlp_has_batch_norm_only_when_asked():
    rng = np.random.default_rng(0)
    names = [type(m).__name__ for m in deep_digits_mlp(batch_norm=True, rng=rng)]
    assert names.count("BatchNorm1d") == 3
    assert "BatchNorm1d" not in [
        type(m).__name__ for m in deep_digits_mlp(batch_norm=False, rng=rng)
    ]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: depth_scaling("zeros"), ValueError, "depth_scaling: expected scheme"),
        (lambda: depth_scaling("xavier", depth=0), ValueError, "depth_scaling: expected depth"),
        (
            lambda: epochs_to_target(batch_norm=True, target_loss=-1.0),
            ValueError,
            "epochs_to_target",
        ),
    ],
)
def test_bad_input_raises_in_the_project_format(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_adamw_decays_every_weight_alike_but_adam_l2_spares_large_gradients():
    scales = [0.01, 0.1, 1.0, 10.0]
    lr, weight_decay, num_steps = 1e-2, 0.1, 500
    kwargs = {"num_steps": num_steps, "lr": lr, "weight_decay": weight_decay}
    adamw = decay_under_gradient_noise(True, scales, rng=np.random.default_rng(0), **kwargs)
    adam_l2 = decay_under_gradient_noise(False, scales, rng=np.random.default_rng(0), **kwargs)
    # Decoupled decay multiplies by (1 - lr * wd) per step whatever the gradient size.
    expected = (1 - lr * weight_decay) ** num_steps
    assert np.all(np.abs(adamw / expected - 1) < 0.1)
    # The L2 term is divided by sqrt(v) ~ scale: the larger the gradient, the weaker the decay.
    assert np.all(np.diff(adam_l2) > 0)
    assert adam_l2[-1] / adam_l2[0] > 50


def test_decay_experiment_rejects_bad_scales():
    with pytest.raises(ValueError, match="decay_under_gradient_noise: expected"):
        decay_under_gradient_noise(True, [1.0, -1.0], rng=np.random.default_rng(0))
