"""The debugging kit finds what it is meant to find: a correct pipeline passes, a bug fails."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes import nn
from dlnotes.book.regularization import digits_mlp
from dlnotes.data import load_digits
from dlnotes.debugging import (
    gradient_check,
    layer_statistics,
    most_confident_mistakes,
    overfit_minibatch,
    update_ratios,
)
from dlnotes.gradcheck import numerical_gradient
from dlnotes.optim import SGD, Adam


class HalfGradientReLU(nn.ReLU):
    """A ReLU whose backward pass forgets a factor: the bug the checks must catch."""

    def backward(self, grad_output):
        return 0.5 * super().backward(grad_output)


@pytest.fixture(scope="module")
def batch():
    X, y, _, _ = load_digits(flat=True)
    return X[:16], y[:16]


def test_a_working_pipeline_overfits_one_minibatch(batch):
    X, y = batch
    model = digits_mlp(32, seed=0)
    run = overfit_minibatch(
        model, nn.CrossEntropyLoss(), Adam(model.parameters(), lr=1e-2), X, y, num_steps=150
    )
    assert run.accuracy == 1.0 and run.loss < 1e-2 < run.losses[0]
    assert run.losses.shape == (150,)


def test_a_pipeline_that_never_steps_cannot_overfit(batch):
    X, y = batch
    model = digits_mlp(32, seed=0)
    run = overfit_minibatch(
        model, nn.CrossEntropyLoss(), SGD(model.parameters(), lr=0.0), X, y, num_steps=50
    )
    assert run.loss > 1.0 and run.accuracy < 0.5
    np.testing.assert_allclose(run.losses, run.losses[0])


def test_gradient_check_passes_a_correct_model_and_flags_a_bug(batch):
    X, y = batch
    good = digits_mlp(8, seed=0)
    errors = gradient_check(good, nn.CrossEntropyLoss(), X[:4], y[:4])
    assert set(errors) == {"0.weight", "0.bias", "2.weight", "2.bias"}
    assert max(errors.values()) < 1e-6
    bad = digits_mlp(8, seed=0)
    buggy = nn.Sequential(bad[0], HalfGradientReLU(), bad[2])
    errors = gradient_check(buggy, nn.CrossEntropyLoss(), X[:4], y[:4])
    assert errors["2.weight"] < 1e-6 < 0.3 < errors["0.weight"]  # only below the bug


def test_gradient_check_on_sampled_entries(batch):
    X, y = batch
    model = digits_mlp(8, seed=0)
    errors = gradient_check(
        model, nn.CrossEntropyLoss(), X[:4], y[:4], max_entries=5, rng=np.random.default_rng(0)
    )
    assert max(errors.values()) < 1e-6
    assert all(np.all(p.grad == 0) for p in model.parameters())


def test_layer_gradients_are_derivatives_of_the_loss_with_respect_to_each_output(batch):
    X, y = batch
    model = nn.Sequential(
        nn.Linear(64, 6, rng=np.random.default_rng(0)),
        nn.Tanh(),
        nn.Linear(6, 10, rng=np.random.default_rng(1)),
    )
    loss = nn.CrossEntropyLoss()
    records = layer_statistics(model, loss, X[:5], y[:5])
    np.testing.assert_allclose(records[-1].activation, model(X[:5]))
    for k in range(len(records)):
        rest = list(model)[k + 1 :]

        def loss_from(h, rest=rest):
            for layer in rest:
                h = layer(h)
            return float(loss(h, y[:5]))

        numeric = numerical_gradient(loss_from, records[k].activation.copy())
        np.testing.assert_allclose(records[k].gradient, numeric, atol=1e-8)


def test_zero_fraction_counts_inactive_relus():
    model = nn.Sequential(nn.Linear(2, 3, rng=np.random.default_rng(0)), nn.ReLU())
    model[0].weight.data[:] = [[1.0, 0.0], [-1.0, 0.0], [0.0, 0.0]]
    model[0].bias.data[:] = 0.0
    records = layer_statistics(model, nn.MSELoss(), np.array([[1.0, 2.0]]), np.zeros((1, 3)))
    assert records[1].zero_fraction == pytest.approx(2 / 3)


def test_update_ratio_of_sgd_is_lr_times_gradient_over_weight(batch):
    X, y = batch
    model = digits_mlp(16, seed=0)
    loss = nn.CrossEntropyLoss()
    before = {n: p.data.copy() for n, p in model.named_parameters()}
    model.zero_grad()
    loss(model(X), y)
    model.backward(loss.backward())
    grads = {n: p.grad.copy() for n, p in model.named_parameters()}
    for p in model.parameters():
        p.grad[...] = 0
    ratios = update_ratios(model, loss, SGD(model.parameters(), lr=0.05), X, y)
    for name, w in before.items():
        expected = 0.05 * np.linalg.norm(grads[name]) / np.linalg.norm(w)
        assert ratios[name] == pytest.approx(expected, rel=1e-10)


def test_update_ratio_of_a_zero_parameter():
    model = nn.Linear(2, 2, rng=np.random.default_rng(0))
    model.bias.data[:] = 0.0
    ratios = update_ratios(
        model, nn.MSELoss(), SGD(model.parameters(), lr=0.1), np.ones((1, 2)), np.full((1, 2), 5.0)
    )
    assert ratios["bias"] == np.inf


def test_bad_input(batch):
    X, y = batch
    model = digits_mlp(8, seed=0)
    with pytest.raises(TypeError, match="layer_statistics: expected a Sequential model"):
        layer_statistics(model[0], nn.CrossEntropyLoss(), X, y)
    with pytest.raises(ValueError, match="overfit_minibatch: expected X"):
        overfit_minibatch(model, nn.CrossEntropyLoss(), SGD(model.parameters(), lr=0.1), X, y[:3])
    model32 = digits_mlp(8, seed=0)
    for p in model32.parameters():
        p.data = p.data.astype(np.float32)
    with pytest.raises(TypeError, match="gradient_check: expected float64 parameters"):
        gradient_check(model32, nn.CrossEntropyLoss(), X, y)


def test_most_confident_mistakes_brute_force():
    rng = np.random.default_rng(5)
    y, p, c = rng.integers(0, 3, 40), rng.integers(0, 3, 40), rng.random(40)
    idx = most_confident_mistakes(y, p, c, k=5)
    wrong = [i for i in range(40) if y[i] != p[i]]
    expected = sorted(wrong, key=lambda i: -c[i])[:5]
    np.testing.assert_array_equal(idx, expected)
    assert most_confident_mistakes(y, y, c, k=3).size == 0
    with pytest.raises(ValueError, match="most_confident_mistakes: expected y_true, y_pred"):
        most_confident_mistakes(y, p[:3], c, k=3)
