"""LSTM cell kernels and LSTMCell: central differences for every input and parameter under a
random upstream gradient on both h' and c', gate order, no input mutation, validation, dtype."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.gradcheck import check_module, numerical_gradient, numerical_gradient_in_place
from dlnotes.nn import LSTMCell
from dlnotes.nn.functional import lstm_cell_backward, lstm_cell_forward


def _inputs(rng, n=3, d=4, h=5):
    return [
        rng.normal(size=s)
        for s in [(n, d), (n, h), (n, h), (4 * h, d), (4 * h, h), (4 * h,), (4 * h,)]
    ]


def test_kernel_gradients_match_central_differences(rng):
    arrays = _inputs(rng)
    (h_new, c_new), cache = lstm_cell_forward(*arrays)
    gh, gc = rng.normal(size=h_new.shape), rng.normal(size=c_new.shape)
    analytic = lstm_cell_backward((gh, gc), cache)
    # Order of the returned gradients: dx, dh, dc, dW_ih, dW_hh, db_ih, db_hh.

    def objective():
        (h1, c1), _ = lstm_cell_forward(*arrays)
        return float((gh * h1).sum() + (gc * c1).sum())

    for array, grad in zip(arrays, analytic, strict=True):
        np.testing.assert_allclose(grad, numerical_gradient_in_place(objective, array), atol=1e-8)


def test_none_upstream_gradients_mean_zero(rng):
    arrays = _inputs(rng)
    (h_new, c_new), cache = lstm_cell_forward(*arrays)
    gc = rng.normal(size=c_new.shape)
    with_none = lstm_cell_backward((None, gc), cache)
    with_zeros = lstm_cell_backward((np.zeros_like(h_new), gc), cache)
    for a, b in zip(with_none, with_zeros, strict=True):
        np.testing.assert_allclose(a, b)
    no_bias = lstm_cell_forward(*arrays[:5])[1]
    assert lstm_cell_backward((gc, None), no_bias)[-2:] == (None, None)


def test_gate_order_is_i_f_g_o():
    # Only the forget-gate bias is large: c' = f * c with f ~ 1, nothing is written (g = 0).
    hidden = 2
    bias = np.zeros(4 * hidden)
    bias[hidden : 2 * hidden] = 30.0
    bias[3 * hidden :] = 30.0  # output gate open: h' = tanh(c')
    x, h, c = np.zeros((1, 1)), np.zeros((1, hidden)), np.array([[0.5, -0.25]])
    w_ih, w_hh = np.zeros((4 * hidden, 1)), np.zeros((4 * hidden, hidden))
    (h1, c1), _ = lstm_cell_forward(x, h, c, w_ih, w_hh, bias)
    np.testing.assert_allclose(c1, c, atol=1e-12)
    np.testing.assert_allclose(h1, np.tanh(c), atol=1e-12)


def test_kernels_do_not_mutate_inputs(rng):
    arrays = _inputs(rng)
    copies = [a.copy() for a in arrays]
    (h_new, c_new), cache = lstm_cell_forward(*arrays)
    gh, gc = rng.normal(size=h_new.shape), rng.normal(size=c_new.shape)
    gh_copy, gc_copy = gh.copy(), gc.copy()
    lstm_cell_backward((gh, gc), cache)
    for a, b in zip(arrays, copies, strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(gh, gh_copy)
    np.testing.assert_array_equal(gc, gc_copy)


def test_kernel_rejects_mismatched_shapes(rng):
    x, h, c, w_ih, w_hh, *_ = _inputs(rng)
    with pytest.raises(ValueError, match=r"lstm_cell_forward: expected weight_ih of shape"):
        lstm_cell_forward(x, h, c, w_ih[:, :3], w_hh)
    with pytest.raises(ValueError, match=r"lstm_cell_forward: expected c of shape \(3, 5\)"):
        lstm_cell_forward(x, h, c[:2], w_ih, w_hh)


def test_cell_module_gradcheck(rng):
    cell = LSTMCell(3, 4, rng=rng)
    x = rng.normal(size=(2, 3))
    check_module(cell, x, rng=rng)


def test_cell_module_unbatched_and_state_gradients(rng):
    cell = LSTMCell(3, 4, rng=rng)
    x, h, c = rng.normal(size=3), rng.normal(size=4), rng.normal(size=4)
    h1, c1 = cell(x, (h, c))
    assert h1.shape == c1.shape == (4,)
    gh = rng.normal(size=4)
    cell.backward(gh)
    num = numerical_gradient(lambda c: float((gh * cell(x, (h, c))[0]).sum()), c)
    np.testing.assert_allclose(cell.grad_hx[1], num, atol=1e-8)


def test_cell_float32_and_validation(rng):
    cell = LSTMCell(3, 4, dtype=np.float32, rng=rng)
    h1, c1 = cell(np.ones((2, 3), dtype=np.float32))
    assert h1.dtype == c1.dtype == np.float32
    assert cell.backward(np.ones((2, 4), dtype=np.float32)).dtype == np.float32
    with pytest.raises(ValueError, match=r"LSTMCell: expected input of shape \(N, 3\)"):
        cell(np.ones((2, 5), dtype=np.float32))
    with pytest.raises(ValueError, match=r"LSTMCell: expected h of shape \(2, 4\)"):
        cell(np.ones((2, 3), dtype=np.float32), (np.ones((3, 4), np.float32),) * 2)
    with pytest.raises(TypeError, match=r"LSTMCell: expected hx to be a pair"):
        cell(np.ones((2, 3), dtype=np.float32), np.ones((2, 4), np.float32))
    with pytest.raises(ValueError, match="LSTMCell: expected input_size to be a positive"):
        LSTMCell(0, 4)
