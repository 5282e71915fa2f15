"""FGSM through nn backward, and the adversarial loader (§7.13)."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes import nn
from dlnotes.gradcheck import numerical_gradient
from dlnotes.regularization import AdversarialLoader, accuracy_under_attack, fgsm, input_gradient


def _model(seed: int = 0) -> nn.Sequential:
    rng = np.random.default_rng(seed)
    return nn.Sequential(nn.Linear(6, 7, rng=rng), nn.Tanh(), nn.Linear(7, 3, rng=rng))


def test_input_gradient_matches_central_differences(rng):
    model, loss = _model(), nn.CrossEntropyLoss()
    x, y = rng.standard_normal((5, 6)), rng.integers(0, 3, 5)
    num = numerical_gradient(lambda v: float(loss(model(v), y)), x)
    np.testing.assert_allclose(input_gradient(model, loss, x, y), num, rtol=1e-6, atol=1e-9)


def test_input_gradient_leaves_parameter_gradients_alone(rng):
    model, loss = _model(), nn.CrossEntropyLoss()
    for p in model.parameters():
        p.grad[...] = rng.standard_normal(p.grad.shape)
    before = [p.grad.copy() for p in model.parameters()]
    input_gradient(model, loss, rng.standard_normal((4, 6)), np.array([0, 1, 2, 0]))
    for p, g in zip(model.parameters(), before, strict=True):
        np.testing.assert_array_equal(p.grad, g)


def test_fgsm_moves_every_pixel_by_epsilon_and_raises_the_loss(rng):
    model, loss = _model(), nn.CrossEntropyLoss()
    x, y = rng.standard_normal((20, 6)), rng.integers(0, 3, 20)
    x0 = x.copy()
    x_adv = fgsm(model, loss, x, y, 0.05, clip=None)
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_allclose(np.abs(x_adv - x), 0.05)
    g = input_gradient(model, loss, x, y)
    gain = float(loss(model(x_adv), y)) - float(loss(model(x), y))
    # first order: the loss rises by eps * ||grad||_1, the largest rise in the max-norm ball
    assert gain == pytest.approx(0.05 * np.abs(g).sum(), rel=0.1)
    assert gain > 0


def test_fgsm_clips_to_the_pixel_range(rng):
    x = rng.random((10, 6))
    out = fgsm(_model(), nn.CrossEntropyLoss(), x, rng.integers(0, 3, 10), 0.5)
    assert out.min() >= 0.0 and out.max() <= 1.0


def test_accuracy_under_attack_at_zero_is_clean_accuracy_and_restores_mode(rng):
    model, loss = _model(), nn.CrossEntropyLoss()
    x, y = rng.random((30, 6)), rng.integers(0, 3, 30)
    model.train()
    acc = accuracy_under_attack(model, loss, x, y, [0.0, 0.3])
    model.eval()
    assert acc[0] == np.mean(model(x).argmax(1) == y)
    assert acc[1] <= acc[0]


def test_adversarial_loader_appends_fgsm_copies(rng):
    model, loss = _model(), nn.CrossEntropyLoss()
    X, y = rng.random((10, 6)), rng.integers(0, 3, 10)
    loader = AdversarialLoader((X, y), model, loss, 0.1, batch_size=4, shuffle=False)
    xb, yb = next(iter(loader))
    assert xb.shape == (8, 6)
    np.testing.assert_array_equal(xb[:4], X[:4])
    np.testing.assert_array_equal(yb, np.concatenate([y[:4], y[:4]]))
    np.testing.assert_allclose(xb[4:], fgsm(model, loss, X[:4], y[:4], 0.1))


def test_bad_inputs_raise_house_errors():
    with pytest.raises(TypeError, match="input_gradient: expected model with methods"):
        input_gradient(object(), nn.CrossEntropyLoss(), np.ones((1, 2)), np.zeros(1, int))
    with pytest.raises(ValueError, match="fgsm: expected epsilon in"):
        fgsm(_model(), nn.CrossEntropyLoss(), np.ones((1, 6)), np.zeros(1, int), -0.1)


def test_input_gradient_and_fgsm_match_torch(torch, rng):
    model, loss = _model(), nn.CrossEntropyLoss()
    x, y = rng.random((5, 6)), rng.integers(0, 3, 5)
    lin1, _, lin2 = list(model)
    assert isinstance(lin1, nn.Linear) and isinstance(lin2, nn.Linear)
    xt = torch.tensor(x, requires_grad=True)
    h = torch.tanh(xt @ torch.tensor(lin1.weight.data).T + torch.tensor(lin1.bias.data))
    out = h @ torch.tensor(lin2.weight.data).T + torch.tensor(lin2.bias.data)
    torch.nn.functional.cross_entropy(out, torch.tensor(y)).backward()
    assert xt.grad is not None
    np.testing.assert_allclose(input_gradient(model, loss, x, y), xt.grad.numpy(), rtol=1e-10)
    expected = torch.clamp(xt + 0.1 * xt.grad.sign(), 0, 1).detach().numpy()
    np.testing.assert_allclose(fgsm(model, loss, x, y, 0.1), expected)
