"""Chapter S2's bar: autograd gradients equal central differences to 1e-7 relative error.

The function is the one differentiated in ``book/scratch/s02_autodiff.md`` (section S2.7): a
two-layer network with a broadcast bias and a softmax cross-entropy written out in elementary
operations (matmul, broadcasting add, tanh, max, exp, sum, log, integer indexing, mean).
"""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.autograd import Function, Tensor
from dlnotes.autograd.check import gradient_relative_errors


def network_loss(X, y):
    """The page's loss as a function of (W1, b1, W2, b2), for a fixed batch (X, y)."""

    def loss(W1, b1, W2, b2):
        h = (X @ W1 + b1).tanh()  # b1 broadcast over the batch
        z = h @ W2 + b2
        m = z.max(axis=1, keepdims=True)  # log-sum-exp shift
        lse = ((z - m).exp().sum(axis=1, keepdims=True)).log() + m
        return (lse[:, 0] - z[np.arange(len(y)), y]).mean()

    return loss


def page_problem():
    rng = np.random.default_rng(0)
    X, y = Tensor(rng.normal(size=(8, 5))), rng.integers(0, 3, size=8)
    params = [
        rng.normal(size=(5, 4)),
        rng.normal(size=4),
        rng.normal(size=(4, 3)),
        rng.normal(size=3),
    ]
    return network_loss(X, y), params, rng


def test_autograd_matches_central_differences_to_1e_7():
    loss, params, rng = page_problem()
    errors = gradient_relative_errors(loss, *params, rng=rng)
    assert len(errors) == 4
    assert max(errors) < 1e-7


def test_check_detects_a_wrong_backward():
    class WrongSquare(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return x * g  # should be 2 x g

    errors = gradient_relative_errors(
        lambda a: WrongSquare.apply(a), np.arange(1.0, 4.0), rng=np.random.default_rng(0)
    )
    assert errors[0] == pytest.approx(0.5, rel=1e-6)


def test_bad_input():
    with pytest.raises(TypeError, match="gradient_relative_errors: expected at least one array"):
        gradient_relative_errors(lambda: Tensor(1.0))
    with pytest.raises(TypeError, match="gradient_relative_errors: expected fn returning a Tensor"):
        gradient_relative_errors(lambda a: a.data, np.ones(2))
    with pytest.raises(
        ValueError, match="gradient_relative_errors: expected a gradient for argument 1"
    ):
        gradient_relative_errors(lambda a, b: a * 2, np.ones(2), np.ones(2))
