"""§6.5.7: hand-written back-propagation, autograd and central differences agree."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlnotes.feedforward.backprop import (
    jacobian_chain_product,
    mlp_example_autograd,
    mlp_example_cost,
    mlp_example_manual,
)
from dlnotes.gradcheck import numerical_gradient


def _problem(rng, n=8, d=3, h=5, c=4):
    return (
        rng.normal(size=(n, d)),
        rng.integers(0, c, n),
        rng.normal(size=(d, h)),
        rng.normal(size=(h, c)),
    )


@pytest.mark.parametrize("weight_decay", [0.0, 0.05])
def test_manual_autograd_and_numerical_gradients_agree(weight_decay, rng):
    X, y, W1, W2 = _problem(rng)
    manual = mlp_example_manual(X, y, W1, W2, weight_decay)
    auto = mlp_example_autograd(X, y, W1, W2, weight_decay)
    num_W1 = numerical_gradient(lambda w: mlp_example_cost(X, y, w, W2, weight_decay), W1)
    num_W2 = numerical_gradient(lambda w: mlp_example_cost(X, y, W1, w, weight_decay), W2)
    assert manual.cost == pytest.approx(mlp_example_cost(X, y, W1, W2, weight_decay))
    assert auto.cost == pytest.approx(manual.cost, rel=1e-14)
    np.testing.assert_allclose(auto.grad_W1, manual.grad_W1, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(auto.grad_W2, manual.grad_W2, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(manual.grad_W1, num_W1, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(manual.grad_W2, num_W2, rtol=1e-6, atol=1e-9)


def test_weight_decay_adds_two_lambda_w(rng):
    X, y, W1, W2 = _problem(rng)
    plain = mlp_example_manual(X, y, W1, W2, 0.0)
    decayed = mlp_example_manual(X, y, W1, W2, 0.3)
    np.testing.assert_allclose(decayed.grad_W1 - plain.grad_W1, 0.6 * W1, atol=1e-14)
    np.testing.assert_allclose(decayed.grad_W2 - plain.grad_W2, 0.6 * W2, atol=1e-14)


def test_oracle_against_torch(torch, rng):
    X, y, W1, W2 = _problem(rng)
    w1 = torch.tensor(W1, requires_grad=True)
    w2 = torch.tensor(W2, requires_grad=True)
    logits = torch.relu(torch.tensor(X) @ w1) @ w2
    cost = torch.nn.functional.cross_entropy(logits, torch.tensor(y)) + 0.1 * (
        (w1**2).sum() + (w2**2).sum()
    )
    cost.backward()
    ours = mlp_example_autograd(X, y, W1, W2, 0.1)
    assert ours.cost == pytest.approx(cost.item(), rel=1e-12)
    np.testing.assert_allclose(ours.grad_W1, w1.grad.numpy(), rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(ours.grad_W2, w2.grad.numpy(), rtol=1e-10, atol=1e-14)


def test_inputs_not_mutated_and_bad_shapes(rng):
    X, y, W1, W2 = _problem(rng)
    copies = [a.copy() for a in (X, y, W1, W2)]
    mlp_example_manual(X, y, W1, W2, 0.1)
    mlp_example_autograd(X, y, W1, W2, 0.1)
    for a, b in zip((X, y, W1, W2), copies, strict=True):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match=r"mlp_example_manual: expected W2 of shape \(5, C\)"):
        mlp_example_manual(X, y, W1, W2.T)
    with pytest.raises(ValueError, match="mlp_example_cost: expected labels in"):
        mlp_example_cost(X, y + 10, W1, W2)


@given(st.lists(st.integers(1, 12), min_size=2, max_size=6), st.integers(1, 3))
def test_jacobian_chain_orders_agree_and_cost_what_the_formula_says(sizes, outputs):
    rng = np.random.default_rng(len(sizes))
    sizes = [*sizes, outputs]  # n_0 inputs, ..., n_L outputs
    chain = [rng.normal(size=(sizes[i + 1], sizes[i])) for i in range(len(sizes) - 1)]
    rev = jacobian_chain_product(chain, "reverse")
    fwd = jacobian_chain_product(chain, "forward")
    np.testing.assert_allclose(rev.jacobian, fwd.jacobian, rtol=1e-10, atol=1e-10)
    hidden = range(1, len(sizes) - 1)
    # reverse carries an (n_L, n_i) block, forward an (n_i, n_0) block
    assert rev.multiply_adds == sum(sizes[-1] * sizes[i] * sizes[i - 1] for i in hidden)
    assert fwd.multiply_adds == sum(sizes[i + 1] * sizes[i] * sizes[0] for i in hidden)


def test_jacobian_chain_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match=r"jacobian_chain_product: expected jacobians\[1\] with 3"):
        jacobian_chain_product([np.zeros((3, 2)), np.zeros((1, 4))], "reverse")
    with pytest.raises(ValueError, match="expected mode 'reverse' or 'forward'"):
        jacobian_chain_product([np.zeros((3, 2))], "sideways")


def test_reverse_mode_wins_for_a_scalar_cost_of_many_inputs():
    # the page's example: 64 inputs, hidden layers of 32 and 16 units, one output
    rng = np.random.default_rng(0)
    sizes = [64, 32, 16, 1]
    chain = [rng.normal(size=(sizes[i + 1], sizes[i])) for i in range(3)]
    rev = jacobian_chain_product(chain, "reverse")
    fwd = jacobian_chain_product(chain, "forward")
    assert rev.multiply_adds == 16 * 32 + 32 * 64
    assert fwd.multiply_adds == 64 * (32 * 16 + 16)
    assert fwd.multiply_adds > 10 * rev.multiply_adds
    # and transposed (one input, many outputs) the order reverses
    chain_t = [J.T for J in reversed(chain)]
    assert (
        jacobian_chain_product(chain_t, "forward").multiply_adds
        < jacobian_chain_product(chain_t, "reverse").multiply_adds
    )
