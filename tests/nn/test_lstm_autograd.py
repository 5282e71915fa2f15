"""The hand-written LSTM cell backward (as an autograd Function) against autograd over
elementary tensor operations, under random upstream gradients on h' and c'."""

from __future__ import annotations

import numpy as np

from dlnotes.autograd import Tensor
from dlnotes.autograd.functions.lstm_cell import lstm_cell


def _elementary_lstm(x, h, c, w_ih, w_hh, b_ih, b_hh):
    hidden = h.shape[1]
    gates = x @ w_ih.T + b_ih + h @ w_hh.T + b_hh
    i = gates[:, :hidden].sigmoid()
    f = gates[:, hidden : 2 * hidden].sigmoid()
    g = gates[:, 2 * hidden : 3 * hidden].tanh()
    o = gates[:, 3 * hidden :].sigmoid()
    c_new = f * c + i * g
    return o * c_new.tanh(), c_new


def test_fused_backward_equals_elementary_autograd(rng):
    shapes = [(3, 4), (3, 5), (3, 5), (20, 4), (20, 5), (20,), (20,)]
    arrays = [rng.normal(size=s) for s in shapes]
    grad_h, grad_c = rng.normal(size=(3, 5)), rng.normal(size=(3, 5))
    results = []
    for fn in (lstm_cell, _elementary_lstm):
        leaves = [Tensor(a.copy(), requires_grad=True) for a in arrays]
        h_new, c_new = fn(*leaves)
        ((h_new * Tensor(grad_h)).sum() + (c_new * Tensor(grad_c)).sum()).backward()
        results.append((h_new.data, c_new.data, [leaf.grad for leaf in leaves]))
    (h_a, c_a, grads_a), (h_b, c_b, grads_b) = results
    np.testing.assert_allclose(h_a, h_b, atol=1e-13)
    np.testing.assert_allclose(c_a, c_b, atol=1e-13)
    for a, b in zip(grads_a, grads_b, strict=True):
        np.testing.assert_allclose(a, b, atol=1e-12)


def test_unrolled_sequence_through_autograd(rng):
    """Three steps chained through autograd: BPTT emerges from the graph."""
    x = [Tensor(rng.normal(size=(2, 3))) for _ in range(3)]
    w_ih = Tensor(rng.normal(size=(8, 3)), requires_grad=True)
    w_hh = Tensor(rng.normal(size=(8, 2)), requires_grad=True)
    grads = []
    for fn in (lstm_cell, _elementary_lstm):
        w_ih.zero_grad()
        w_hh.zero_grad()
        h = c = Tensor(np.zeros((2, 2)))
        zero = Tensor(np.zeros(8))
        for x_t in x:
            h, c = fn(x_t, h, c, w_ih, w_hh, zero, zero)
        (h * Tensor(np.array([[1.0, -2.0], [0.5, 3.0]]))).sum().backward()
        grads.append((w_ih.grad.copy(), w_hh.grad.copy()))
    for a, b in zip(*grads, strict=True):
        np.testing.assert_allclose(a, b, atol=1e-12)
