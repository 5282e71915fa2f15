"""The step kernels the recurrent layers call in their time loop (input projection given),
the shared recurrent weight gradient, and the PyTorch keywords the layers do not implement."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.gradcheck import numerical_gradient_in_place as numerical_gradient
from dlnotes.nn import GRU, LSTM, RNN
from dlnotes.nn.functional import (
    RecurrentStepGrads,
    gru_cell_forward,
    gru_step_backward,
    gru_step_forward,
    lstm_cell_forward,
    lstm_step_backward,
    lstm_step_forward,
    recurrent_weight_backward,
    rnn_cell_forward,
    rnn_step_backward,
    rnn_step_forward,
)

N, H = 3, 4
CELLS = {
    # name: (step_forward, step_backward, gate count, number of state arrays)
    "rnn": (rnn_step_forward, rnn_step_backward, 1, 1),
    "lstm": (lstm_step_forward, lstm_step_backward, 4, 2),
    "gru": (gru_step_forward, gru_step_backward, 3, 1),
}


@pytest.mark.parametrize("name", sorted(CELLS))
def test_step_kernel_gradients_match_central_differences(rng, name):
    forward, backward, gates, num_states = CELLS[name]
    gates_x = rng.normal(size=(N, gates * H))
    state = tuple(rng.normal(size=(N, H)) for _ in range(num_states))
    weight_hh, bias_hh = rng.normal(size=(gates * H, H)), rng.normal(size=gates * H)
    new_state, cache = forward(gates_x, state, weight_hh, bias_hh)
    upstream = tuple(rng.normal(size=s.shape) for s in new_state)
    grads = backward(upstream, cache)
    assert isinstance(grads, RecurrentStepGrads)
    dweight_hh, dbias_hh = recurrent_weight_backward(grads.d_gates_h, state[0])

    def objective():
        out, _ = forward(gates_x, state, weight_hh, bias_hh)
        return float(sum((g * o).sum() for g, o in zip(upstream, out, strict=True)))

    np.testing.assert_allclose(grads.d_gates_x, numerical_gradient(objective, gates_x), atol=1e-7)
    for analytic, s in zip(grads.grad_state, state, strict=True):
        np.testing.assert_allclose(analytic, numerical_gradient(objective, s), atol=1e-7)
    np.testing.assert_allclose(dweight_hh, numerical_gradient(objective, weight_hh), atol=1e-7)
    np.testing.assert_allclose(dbias_hh, numerical_gradient(objective, bias_hh), atol=1e-7)


def test_step_kernels_are_the_cells_after_the_input_projection(rng):
    x = rng.normal(size=(N, 5))
    h, c = rng.normal(size=(N, H)), rng.normal(size=(N, H))
    for gates, cell, step, states in (
        (1, rnn_cell_forward, rnn_step_forward, (h,)),
        (4, lstm_cell_forward, lstm_step_forward, (h, c)),
        (3, gru_cell_forward, gru_step_forward, (h,)),
    ):
        w_ih, w_hh = rng.normal(size=(gates * H, 5)), rng.normal(size=(gates * H, H))
        b_ih, b_hh = rng.normal(size=gates * H), rng.normal(size=gates * H)
        expected, _ = cell(x, *states, w_ih, w_hh, b_ih, b_hh)
        got, _ = step(x @ w_ih.T + b_ih, states, w_hh, b_hh)
        expected = expected if isinstance(expected, tuple) else (expected,)
        for a, b in zip(got, expected, strict=True):
            np.testing.assert_allclose(a, b, atol=1e-14)


def test_recurrent_weight_backward_is_the_sum_over_steps(rng):
    d_gates, h_prev = rng.normal(size=(6, N, 8)), rng.normal(size=(6, N, H))
    dweight, dbias = recurrent_weight_backward(d_gates, h_prev)
    np.testing.assert_allclose(dweight, sum(d.T @ h for d, h in zip(d_gates, h_prev, strict=True)))
    np.testing.assert_allclose(dbias, d_gates.sum(axis=(0, 1)))
    assert recurrent_weight_backward(d_gates, h_prev, has_bias=False)[1] is None


def test_cell_kernels_name_their_owner(rng):
    with pytest.raises(ValueError, match=r"LSTMCell: expected input of shape \(N, input_size\)"):
        lstm_cell_forward(
            np.ones(3),
            np.ones((1, 2)),
            np.ones((1, 2)),
            np.ones((8, 3)),
            np.ones((8, 2)),
            owner="LSTMCell",
        )


@pytest.mark.parametrize("cls", [RNN, LSTM, GRU])
def test_unimplemented_pytorch_keywords_raise_the_house_error(cls):
    with pytest.raises(TypeError, match=rf"{cls.__name__}: .*device='cpu'"):
        cls(3, 4, device="cpu")
    if cls is LSTM:
        with pytest.raises(ValueError, match=r"LSTM: expected proj_size=0 .*got 2"):
            LSTM(3, 4, proj_size=2)
        assert LSTM(3, 4, proj_size=0).hidden_size == 4
    else:
        with pytest.raises(TypeError, match=rf"{cls.__name__}: .*proj_size=2"):
            cls(3, 4, proj_size=2)


@pytest.mark.parametrize("cls", [RNN, LSTM, GRU])
def test_backward_before_forward_is_the_house_error(cls):
    with pytest.raises(
        RuntimeError, match=rf"{cls.__name__}: expected forward to be called before backward"
    ):
        cls(3, 4).backward(np.ones((2, 1, 4)))


def test_cells_reject_unimplemented_keywords_and_name_themselves():
    from dlnotes.nn import GRUCell, LSTMCell, RNNCell

    for cls in (RNNCell, LSTMCell, GRUCell):
        with pytest.raises(TypeError, match=rf"{cls.__name__}: .*device='cpu'"):
            cls(3, 4, device="cpu")
        with pytest.raises(
            RuntimeError, match=rf"{cls.__name__}: expected forward to be called before backward"
        ):
            cls(3, 4).backward(np.ones((2, 4)))
