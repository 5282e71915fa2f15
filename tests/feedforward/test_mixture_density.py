"""Mixture-density NLL kernels: gradient check, PyTorch oracle, and the multimodal bar."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.data import make_inverse_sinusoid
from dlnotes.feedforward.mixture_density import (
    mixture_density_nll_backward,
    mixture_density_nll_forward,
)
from dlnotes.feedforward.mixture_density_network import train_mixture_density
from dlnotes.gradcheck import numerical_gradient


def _inputs(rng, n=5, k=3, d=2):
    return (
        rng.normal(size=(n, k)),
        rng.normal(size=(n, k, d)),
        rng.normal(size=(n, k, d)),
        rng.normal(size=(n, d)),
    )


@pytest.mark.parametrize("scale", ["softplus", "exp"])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_gradients_match_central_differences(scale, reduction, rng):
    logits, means, raw, y = _inputs(rng)
    loss, cache = mixture_density_nll_forward(
        logits, means, raw, y, scale=scale, reduction=reduction
    )
    upstream = rng.normal(size=np.shape(loss))
    grads = mixture_density_nll_backward(upstream, cache)

    inputs = (logits, means, raw)
    for i, analytic in enumerate(grads):

        def objective(x, i=i):
            args = [*inputs[:i], x, *inputs[i + 1 :]]
            out = mixture_density_nll_forward(*args, y, scale=scale, reduction=reduction)
            return float(np.sum(upstream * out[0]))

        numeric = numerical_gradient(objective, inputs[i])
        np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8)


def test_oracle_against_torch(torch, rng):
    logits, means, raw, y = _inputs(rng)
    ta, tm, tr = (torch.tensor(a, requires_grad=True) for a in (logits, means, raw))
    D = torch.distributions
    mix = D.MixtureSameFamily(
        D.Categorical(logits=ta),
        D.Independent(D.Normal(tm, torch.nn.functional.softplus(tr)), 1),
    )
    nll = -mix.log_prob(torch.tensor(y)).mean()
    nll.backward()
    loss, cache = mixture_density_nll_forward(logits, means, raw, y)
    np.testing.assert_allclose(loss, nll.item(), rtol=1e-12)
    for ours, theirs in zip(mixture_density_nll_backward(None, cache), (ta, tm, tr), strict=True):
        np.testing.assert_allclose(ours, theirs.grad.numpy(), rtol=1e-9, atol=1e-12)


def test_bad_shapes():
    with pytest.raises(ValueError, match="mixture_density_nll: expected target of shape"):
        mixture_density_nll_forward(
            np.zeros((2, 3)), np.zeros((2, 3, 1)), np.zeros((2, 3, 1)), np.zeros((2, 2))
        )


@pytest.mark.slow
def test_mixture_beats_single_gaussian_on_inverse_sinusoid():
    rng = np.random.default_rng(0)
    X, y = make_inverse_sinusoid(800, rng=rng)
    val = make_inverse_sinusoid(800, rng=rng)
    single = train_mixture_density(X, y, 1, val_data=val, rng=np.random.default_rng(1))
    mixture = train_mixture_density(X, y, 3, val_data=val, rng=np.random.default_rng(1))
    assert mixture.val_nll < single.val_nll - 0.5
    # The single Gaussian's mean is the conditional mean E[t | x] (the page's figure): compare
    # it with binned means of a large sample where the inverse has three branches.
    X_big, t_big = make_inverse_sinusoid(40_000, rng=np.random.default_rng(5))
    for lo in np.linspace(0.4, 0.55, 4):
        in_bin = (X_big[:, 0] >= lo) & (X_big[:, 0] < lo + 0.05)
        _, mu, _ = single.parameters_at(np.array([[lo + 0.025]]))
        assert abs(mu[0, 0, 0] - t_big[in_bin, 0].mean()) < 0.1


def test_loss_module_gradient_and_house_errors(rng):
    from dlnotes.feedforward.mixture_density import MixtureDensityLoss
    from dlnotes.gradcheck import check_module

    out, y = rng.normal(size=(6, 10)), rng.normal(size=(6, 2))
    check_module(MixtureDensityLoss(2, dim=2), out, y, rng=rng, fixed_inputs=(1,))
    with pytest.raises(ValueError, match=r"MixtureDensityLoss: expected output of shape \(N, 9\)"):
        MixtureDensityLoss(3)(out, y[:, :1])
    with pytest.raises(ValueError, match=r"MixtureDensityLoss: expected target of shape \(6, 1\)"):
        MixtureDensityLoss(2, dim=1)(out[:, :6], y)


def test_kernels_do_not_mutate_their_inputs(rng):
    arrays = _inputs(rng)
    copies = [a.copy() for a in arrays]
    _, cache = mixture_density_nll_forward(*arrays)
    mixture_density_nll_backward(None, cache)
    for a, b in zip(arrays, copies, strict=True):
        np.testing.assert_array_equal(a, b)
