"""The reverse pass is iterative: a chain of 100 000 operations back-propagates correctly."""

from __future__ import annotations

import sys

import numpy as np

from dlnotes.autograd import Tensor, Value

CHAIN_LENGTH = 100_000


def test_chain_of_100000_tensor_operations():
    assert CHAIN_LENGTH > 50 * sys.getrecursionlimit()
    x = Tensor([0.5, -1.0], requires_grad=True)
    factor = 1 + 1e-5
    y = x
    for _ in range(CHAIN_LENGTH):
        y = y * factor
    y.sum().backward()
    # y = x * factor^N, so dy/dx = factor^N for each element.
    np.testing.assert_allclose(x.grad, [factor**CHAIN_LENGTH] * 2, rtol=1e-9)
    np.testing.assert_allclose(y.data, x.data * factor**CHAIN_LENGTH, rtol=1e-9)


def test_deep_chain_of_mixed_operations_matches_the_chain_rule():
    # y_{k+1} = y_k + 0.01 tanh(y_k), so dy_{k+1}/dy_k = 1 + 0.01 (1 - tanh(y_k)^2).
    steps = 10_000
    x = Tensor([0.3], requires_grad=True)
    y, expected, value = x, 1.0, 0.3
    for _ in range(steps):
        y = y + y.tanh() * 0.01
        expected *= 1 + 0.01 * (1 - np.tanh(value) ** 2)
        value = value + 0.01 * np.tanh(value)
    y.backward()
    np.testing.assert_allclose(y.data, [value], rtol=1e-9)
    np.testing.assert_allclose(x.grad, [expected], rtol=1e-9)


def test_chain_of_100000_values():
    x = Value(1.0)
    y = x
    for _ in range(CHAIN_LENGTH):
        y = y * 1.00001
    y.backward()
    assert abs(x.grad - 1.00001**CHAIN_LENGTH) < 1e-9 * 1.00001**CHAIN_LENGTH
