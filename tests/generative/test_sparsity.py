"""Sparsity penalties (§14.2.1): values, gradients, and sparser codes after training."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import rel_entr

from dlnotes.autograd import Tensor
from dlnotes.generative import (
    AutoencoderObjective,
    KLSparsityPenalty,
    L1CodePenalty,
    bernoulli_kl,
    dense_autoencoder,
)
from dlnotes.gradcheck import check_module, numerical_gradient


def test_bernoulli_kl_matches_scipy_and_vanishes_only_at_rho(rng):
    q = rng.uniform(0.01, 0.99, size=20)
    expected = rel_entr(0.1, q) + rel_entr(0.9, 1 - q)
    np.testing.assert_allclose(bernoulli_kl(0.1, q), expected, rtol=1e-12)
    assert np.all(bernoulli_kl(0.1, q) > 0)
    assert float(bernoulli_kl(0.1, 0.1)) == 0.0


@pytest.mark.parametrize("penalty", [L1CodePenalty(0.3), KLSparsityPenalty(0.05, 0.7)])
def test_penalty_gradient_matches_central_differences(rng, penalty):
    h = rng.uniform(0.05, 0.95, size=(6, 4))
    upstream = float(rng.normal())
    penalty(h)
    analytic = penalty.backward(upstream)
    numeric = numerical_gradient(lambda z: upstream * penalty(z), h)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-9)


def test_kl_gradient_matches_autograd(rng):
    h = rng.uniform(0.05, 0.95, size=(6, 4))
    rho, beta = 0.05, 0.7
    t = Tensor(h, requires_grad=True)
    rho_hat = t.mean(axis=0)
    kl = rho * (rho / rho_hat).log() + (1 - rho) * ((1 - rho) / (1 - rho_hat)).log()
    (beta * kl.sum()).backward()
    penalty = KLSparsityPenalty(rho, beta)
    assert penalty(h) == pytest.approx(float(beta * bernoulli_kl(rho, h.mean(axis=0)).sum()))
    np.testing.assert_allclose(penalty.backward(), t.grad, rtol=1e-12)


@pytest.mark.parametrize(
    ("activation", "penalty"),
    [("relu", L1CodePenalty(0.2)), ("sigmoid", KLSparsityPenalty(0.1, 0.5))],
)
def test_penalised_objective_passes_central_differences(rng, activation, penalty):
    model = dense_autoencoder(6, 3, activation=activation, rng=rng)
    x = rng.uniform(0.1, 0.9, size=(5, 6))
    objective = AutoencoderObjective(model, [penalty])
    check_module(objective, x, x.copy(), rng=rng, fixed_inputs=(1,))


def test_kl_sparse_codes_have_mean_activation_near_rho(s11_model, digits):
    _, X_test = digits
    plain = s11_model("plain").encode(X_test)
    sparse = s11_model("kl").encode(X_test)
    assert abs(sparse.mean() - 0.05) < 0.03  # measured 0.069 for seeds 0, 1, 2
    assert sparse.mean(axis=0).max() < 0.15  # every unit, not only the average
    assert plain.mean() > 0.3
    assert (sparse < 0.1).mean() > 0.5 > (plain < 0.1).mean()


def test_l1_penalty_gives_smaller_codes_with_more_exact_zeros(s11_model, digits):
    _, X_test = digits
    plain, sparse = s11_model("relu").encode(X_test), s11_model("l1").encode(X_test)
    assert np.abs(sparse).sum(axis=1).mean() < 0.3 * np.abs(plain).sum(axis=1).mean()
    assert (sparse == 0).mean() > (plain == 0).mean() + 0.05


def test_l1_zeros_come_from_live_units(s11_model, digits):
    """S11.4: both ReLU models have dead units; among live ones L1 gives many more zeros."""
    _, X_test = digits
    plain, sparse = s11_model("relu").encode(X_test), s11_model("l1").encode(X_test)

    def live_zero_fraction(z):
        alive = z.max(axis=0) > 0
        return (z[:, alive] == 0).mean()

    assert live_zero_fraction(sparse) > 2 * live_zero_fraction(plain)
