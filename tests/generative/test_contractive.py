"""The contractive penalty (§14.7): closed form, gradient, and a smaller Jacobian after training."""

from __future__ import annotations

import numpy as np
import pytest
from s11_models import untrained

from dlnotes import nn
from dlnotes.autograd import Tensor
from dlnotes.generative import (
    AutoencoderObjective,
    ContractivePenalty,
    dense_autoencoder,
    encoder_jacobian,
    mean_jacobian_norm,
    reconstruction_error,
)
from dlnotes.gradcheck import check_module, numerical_gradient


def _encoder(rng):
    return nn.Sequential(nn.Linear(5, 3, rng=rng), nn.Sigmoid())


def test_closed_form_jacobian_matches_central_differences(rng):
    encoder = _encoder(rng)
    x = rng.normal(size=(4, 5))
    J = encoder_jacobian(encoder, x)
    for n in range(len(x)):
        for j in range(3):
            numeric = numerical_gradient(lambda z, n=n, j=j: encoder(z[None])[0, j], x[n])
            np.testing.assert_allclose(J[n, j], numeric, rtol=1e-6, atol=1e-10)
    expected = np.mean(np.sum(J**2, axis=(1, 2)))
    assert mean_jacobian_norm(encoder, x) == pytest.approx(expected, rel=1e-12)


def test_penalty_value_is_strength_times_mean_squared_jacobian_norm(rng):
    encoder = _encoder(rng)
    x = rng.normal(size=(4, 5))
    penalty = ContractivePenalty(encoder[0].weight, strength=0.3)
    assert penalty(encoder(x)) == pytest.approx(0.3 * mean_jacobian_norm(encoder, x), rel=1e-12)


def test_penalty_gradients_match_autograd(rng):
    # Through the code and directly through W: both routes against the engine of chapter S2.
    encoder = _encoder(rng)
    x = rng.normal(size=(4, 5))
    lam, upstream = 0.3, float(rng.normal())
    W = Tensor(encoder[0].weight.data, requires_grad=True)
    b = Tensor(encoder[0].bias.data, requires_grad=True)
    xt = Tensor(x, requires_grad=True)
    h = (xt @ W.T + b).sigmoid()
    s = h * (1 - h)
    value = lam * ((s * s) @ (W * W).sum(axis=1)).sum() / len(x)
    (upstream * value).backward()

    penalty = ContractivePenalty(encoder[0].weight, strength=lam)
    assert penalty(encoder(x)) == pytest.approx(value.item(), rel=1e-12)
    dx = encoder.backward(penalty.backward(upstream))
    np.testing.assert_allclose(encoder[0].weight.grad, W.grad, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(encoder[0].bias.grad, b.grad, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(dx, xt.grad, rtol=1e-10, atol=1e-14)


def test_contractive_objective_passes_central_differences(rng):
    model = dense_autoencoder(6, 3, rng=rng)
    x = rng.uniform(0.1, 0.9, size=(5, 6))
    objective = AutoencoderObjective(model, [ContractivePenalty(model.encoder[0].weight, 0.5)])
    check_module(objective, x, x.copy(), rng=rng, fixed_inputs=(1,))


def test_penalty_rejects_a_non_sigmoid_encoder_and_wrong_codes(rng):
    with pytest.raises(TypeError, match="mean_jacobian_norm: expected an encoder"):
        mean_jacobian_norm(nn.Sequential(nn.Linear(3, 2), nn.Tanh()), np.zeros((1, 3)))
    penalty = ContractivePenalty(nn.Parameter(np.ones((2, 3))), 1.0)
    with pytest.raises(ValueError, match=r"ContractivePenalty: expected codes of shape \(N, 2\)"):
        penalty(np.zeros((4, 3)))


def test_trained_contractive_encoder_has_a_smaller_jacobian(s11_model, digits):
    """S11's settings: 32 sigmoid code units, 60 epochs of Adam (lr 0.01), lambda = 0.01."""
    _, X_test = digits
    plain, contractive = s11_model("plain"), s11_model("contractive")
    plain_j = mean_jacobian_norm(plain.encoder, X_test)
    assert mean_jacobian_norm(contractive.encoder, X_test) < 0.5 * plain_j  # measured 0.26
    # ... at a small cost in reconstruction (measured about 7 % higher error).
    plain_r = reconstruction_error(plain(X_test), X_test)
    assert reconstruction_error(contractive(X_test), X_test) < 1.25 * plain_r


def test_every_jacobian_singular_value_is_smaller_with_the_penalty(s11_model, digits):
    _, X_test = digits
    spectra = [
        np.linalg.svd(encoder_jacobian(s11_model(name).encoder, X_test), compute_uv=False).mean(0)
        for name in ("plain", "contractive")
    ]
    assert np.all(spectra[1] < spectra[0])


def test_weights_on_always_blank_pixels_stay_put_without_and_decay_with_the_penalty(
    s11_model, digits
):
    """S11.5: pixels zero in every training image give their weights no reconstruction gradient."""
    X, _ = digits
    blank = np.all(X == 0, axis=0)
    assert blank.sum() >= 1
    initial = untrained("plain").encoder[0].weight.data[:, blank]
    plain = s11_model("plain").encoder[0].weight.data[:, blank]
    np.testing.assert_array_equal(plain, initial)  # exactly: Adam steps by 0 / (0 + eps)
    contractive = s11_model("contractive").encoder[0].weight.data[:, blank]
    assert np.linalg.norm(contractive) < 0.2 * np.linalg.norm(initial)


@pytest.mark.torch
def test_penalty_and_gradients_match_pytorch_double_backprop(rng, torch):
    # PyTorch differentiates the Jacobian itself (create_graph), with no closed form.
    encoder = _encoder(rng)
    x = rng.normal(size=(4, 5))
    lam = 0.3
    W = torch.tensor(encoder[0].weight.data, requires_grad=True)
    b = torch.tensor(encoder[0].bias.data, requires_grad=True)
    xt = torch.tensor(x, requires_grad=True)
    J = torch.autograd.functional.jacobian(
        lambda z: torch.sigmoid(z @ W.T + b), xt, create_graph=True
    )  # (N, k, N, n); sample n's Jacobian is the block [n, :, n, :]
    blocks = torch.stack([J[n, :, n, :] for n in range(len(x))])
    value = lam * (blocks**2).sum() / len(x)
    value.backward()

    penalty = ContractivePenalty(encoder[0].weight, strength=lam)
    assert penalty(encoder(x)) == pytest.approx(value.item(), rel=1e-12)
    dx = encoder.backward(penalty.backward())
    np.testing.assert_allclose(encoder[0].weight.grad, W.grad.numpy(), rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(encoder[0].bias.grad, b.grad.numpy(), rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=1e-10, atol=1e-14)
