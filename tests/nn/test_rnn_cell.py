"""Vanilla RNN cell kernels and RNNCell, truncated BPTT, and exploding gradients tamed by
clipping."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.gradcheck import check_module, numerical_gradient_in_place
from dlnotes.nn import GRU, LSTM, RNN, RNNCell, truncated_bptt
from dlnotes.nn.functional import rnn_cell_backward, rnn_cell_forward


@pytest.mark.parametrize("nonlinearity", ["tanh", "relu"])
def test_kernel_gradients_match_central_differences(rng, nonlinearity):
    arrays = [rng.normal(size=s) for s in [(3, 4), (3, 5), (5, 4), (5, 5), (5,), (5,)]]
    out, cache = rnn_cell_forward(*arrays, nonlinearity=nonlinearity)
    g = rng.normal(size=out.shape)
    analytic = rnn_cell_backward(g, cache)

    def objective():
        return float((g * rnn_cell_forward(*arrays, nonlinearity=nonlinearity)[0]).sum())

    for array, grad in zip(arrays, analytic, strict=True):
        np.testing.assert_allclose(grad, numerical_gradient_in_place(objective, array), atol=1e-7)


def test_kernel_validation(rng):
    with pytest.raises(ValueError, match=r"rnn_cell_forward: expected input of shape"):
        rnn_cell_forward(np.ones(3), np.ones((1, 2)), np.ones((2, 3)), np.ones((2, 2)))
    with pytest.raises(ValueError, match="rnn_pointwise_forward: expected nonlinearity"):
        rnn_cell_forward(
            np.ones((1, 3)),
            np.ones((1, 2)),
            np.ones((2, 3)),
            np.ones((2, 2)),
            nonlinearity="sigmoid",
        )


def test_cell_module_gradcheck_and_shapes(rng):
    cell = RNNCell(3, 4, rng=rng)
    check_module(cell, rng.normal(size=(2, 3)), rng=rng)
    assert cell(np.ones(3)).shape == (4,)
    with pytest.raises(ValueError, match=r"RNNCell: expected input of shape \(N, 3\)"):
        cell(np.ones((2, 4)))
    with pytest.raises(ValueError, match="RNNCell: expected nonlinearity"):
        RNNCell(3, 4, nonlinearity="gelu")


def test_layer_equals_a_loop_of_cells(rng):
    layer = RNN(3, 4, rng=rng)
    cell = RNNCell(3, 4, rng=rng)
    cell.load_state_dict({k[:-3]: v for k, v in layer.state_dict().items()})
    x = rng.normal(size=(6, 2, 3))
    out, _ = layer(x)
    h = None
    for t in range(6):
        h = cell(x[t], h)
        np.testing.assert_allclose(out[t], h, atol=1e-14)


@pytest.mark.parametrize("cls", [RNN, LSTM, GRU])
def test_truncated_bptt_forward_matches_full_run(rng, cls):
    layer = cls(2, 3, rng=rng)
    x = rng.normal(size=(10, 2, 2))
    full, _ = layer(x)
    chunks = []
    truncated_bptt(layer, x, 3, lambda out, start: (0.0, np.zeros_like(chunks.append(out) or out)))
    np.testing.assert_allclose(np.concatenate(chunks), full, atol=1e-14)


def test_truncated_bptt_gradients_stop_at_chunk_borders(rng):
    layer = GRU(2, 3, batch_first=True, rng=rng)
    x = rng.normal(size=(2, 6, 2))
    upstream = rng.normal(size=(2, 6, 3))

    def loss_and_grad(out, start):
        g = upstream[:, start : start + out.shape[1]]
        return float((g * out).sum()), g

    # One chunk as long as the sequence is full BPTT.
    layer.zero_grad()
    truncated_bptt(layer, x, 6, loss_and_grad)
    full = layer.weight_hh_l0.grad.copy()
    layer.zero_grad()
    layer(x)
    layer.backward(upstream)
    np.testing.assert_allclose(full, layer.weight_hh_l0.grad, atol=1e-14)

    # Chunks of 2: the sum of per-chunk gradients with the incoming state held constant.
    layer.zero_grad()
    truncated_bptt(layer, x, 2, loss_and_grad)
    truncated = layer.weight_hh_l0.grad.copy()
    expected, state = np.zeros_like(truncated), None
    for start in range(0, 6, 2):
        layer.zero_grad()
        out, new_state = layer(x[:, start : start + 2], state)
        layer.backward(upstream[:, start : start + 2])
        expected += layer.weight_hh_l0.grad
        state = new_state
    np.testing.assert_allclose(truncated, expected, atol=1e-14)
    assert not np.allclose(truncated, full)


def test_truncated_bptt_rejects_bad_chunk_length(rng):
    with pytest.raises(ValueError, match="truncated_bptt: expected chunk_length to be a positive"):
        truncated_bptt(RNN(1, 2), np.zeros((4, 1, 1)), 0, lambda o, s: (0.0, o))


def test_relu_rnn_gradients_explode_and_clipping_bounds_the_norm(rng):
    from dlnotes.nn.utils import clip_grad_norm_

    layer = RNN(1, 8, nonlinearity="relu", rng=rng)
    layer.weight_hh_l0.data[...] = 1.5 * np.eye(8)  # spectral radius 1.5: growth 1.5^T
    x = np.abs(rng.normal(size=(40, 1, 1))) + 0.1
    out, _ = layer(x)
    g = np.zeros_like(out)
    g[-1] = 1.0
    layer.backward(g)
    norm = np.sqrt(sum(float((p.grad**2).sum()) for p in layer.parameters()))
    assert norm > 1e6
    returned = clip_grad_norm_(layer.parameters(), 1.0)
    np.testing.assert_allclose(returned, norm, rtol=1e-9)
    clipped = np.sqrt(sum(float((p.grad**2).sum()) for p in layer.parameters()))
    assert clipped <= 1.0 + 1e-6
