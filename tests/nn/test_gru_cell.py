"""GRU cell kernels (PyTorch's form and the book's reset-before variant) and GRUCell:
central differences, the two variants' formulas, validation and dtype."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.gradcheck import check_module, numerical_gradient_in_place
from dlnotes.nn import GRUCell
from dlnotes.nn.functional import gru_cell_backward, gru_cell_forward


def _sigmoid(a):
    return 1 / (1 + np.exp(-a))


def _inputs(rng, n=3, d=4, h=5):
    return [
        rng.normal(size=s) for s in [(n, d), (n, h), (3 * h, d), (3 * h, h), (3 * h,), (3 * h,)]
    ]


@pytest.mark.parametrize("reset_before", [False, True])
def test_kernel_gradients_match_central_differences(rng, reset_before):
    arrays = _inputs(rng)
    out, cache = gru_cell_forward(*arrays, reset_before=reset_before)
    g = rng.normal(size=out.shape)
    analytic = gru_cell_backward(g, cache)

    def objective():
        return float((g * gru_cell_forward(*arrays, reset_before=reset_before)[0]).sum())

    for array, grad in zip(arrays, analytic, strict=True):
        np.testing.assert_allclose(grad, numerical_gradient_in_place(objective, array), atol=1e-8)


@pytest.mark.parametrize("reset_before", [False, True])
def test_both_variants_follow_their_formula(rng, reset_before):
    x, h, w_ih, w_hh, b_ih, b_hh = _inputs(rng)
    hid = h.shape[1]
    gx = x @ w_ih.T + b_ih
    r = _sigmoid(gx[:, :hid] + h @ w_hh[:hid].T + b_hh[:hid])
    z = _sigmoid(gx[:, hid : 2 * hid] + h @ w_hh[hid : 2 * hid].T + b_hh[hid : 2 * hid])
    if reset_before:  # the book's §10.10.2: reset the state, then the recurrent product
        n = np.tanh(gx[:, 2 * hid :] + (r * h) @ w_hh[2 * hid :].T + b_hh[2 * hid :])
    else:  # PyTorch: the reset gate scales the product (bias included)
        n = np.tanh(gx[:, 2 * hid :] + r * (h @ w_hh[2 * hid :].T + b_hh[2 * hid :]))
    expected = (1 - z) * n + z * h
    out, _ = gru_cell_forward(x, h, w_ih, w_hh, b_ih, b_hh, reset_before=reset_before)
    np.testing.assert_allclose(out, expected, atol=1e-12)


def test_variants_agree_when_the_reset_gate_is_open(rng):
    x, h, w_ih, w_hh, b_ih, b_hh = _inputs(rng)
    b_ih = b_ih.copy()
    b_ih[:5] = 50.0  # r = 1
    a, _ = gru_cell_forward(x, h, w_ih, w_hh, b_ih, b_hh)
    b, _ = gru_cell_forward(x, h, w_ih, w_hh, b_ih, b_hh, reset_before=True)
    np.testing.assert_allclose(a, b, atol=1e-12)


def test_variants_differ_when_the_reset_gate_is_partly_closed(rng):
    # The chapter 10 page's claim: the same parameters give two different functions.
    arrays = _inputs(rng)
    a, _ = gru_cell_forward(*arrays)
    b, _ = gru_cell_forward(*arrays, reset_before=True)
    assert np.abs(a - b).max() > 1e-3


@pytest.mark.parametrize("reset_before", [False, True])
def test_cell_module_gradcheck_with_state(rng, reset_before):
    class WithState(GRUCell):
        def backward(self, g):
            return super().backward(g), self.grad_hx

    cell = WithState(3, 4, reset_before=reset_before, rng=rng)
    check_module(cell, rng.normal(size=(2, 3)), rng.normal(size=(2, 4)), rng=rng)


def test_cell_float32_and_validation(rng):
    cell = GRUCell(3, 4, dtype=np.float32, rng=rng)
    out = cell(np.ones((2, 3), dtype=np.float32))
    assert out.dtype == np.float32
    assert cell.backward(np.ones((2, 4), dtype=np.float32)).dtype == np.float32
    with pytest.raises(ValueError, match=r"GRUCell: expected hx of shape \(2, 4\)"):
        cell(np.ones((2, 3), dtype=np.float32), np.ones((5, 4), dtype=np.float32))
    with pytest.raises(TypeError, match="GRUCell: expected reset_before to be a bool"):
        GRUCell(3, 4, reset_before="yes")
    assert "reset_before=True" in repr(GRUCell(3, 4, reset_before=True))
