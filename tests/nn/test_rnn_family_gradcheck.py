"""Back-propagation through time checked by central differences, plus layouts, validation and
dtype behaviour shared by RNN, LSTM and GRU layers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.gradcheck import check_module
from dlnotes.nn import GRU, LSTM, RNN, Module

LAYERS = [(RNN, {}), (RNN, {"nonlinearity": "relu"}), (LSTM, {}), (GRU, {})]


class _AllOutputs(Module):
    """Expose output *and* final states (and take the initial states) so that check_module
    tests every path of BPTT: the flattened concatenation of ``output``, ``h_n`` (and ``c_n``)
    is the output, and the gradients of ``x`` and of every initial state are returned."""

    def __init__(self, layer: Module) -> None:
        super().__init__()
        self.layer = layer
        self.is_lstm = isinstance(layer, LSTM)

    def forward(self, x, *states):
        if self.is_lstm:
            out, (h, c) = self.layer(x, tuple(states) if states else None)
            parts = [out, h, c]
        else:
            out, h = self.layer(x, states[0] if states else None)
            parts = [out, h]
        self._shapes = [p.shape for p in parts]
        return np.concatenate([p.ravel() for p in parts])

    def backward(self, grad):
        pieces, start = [], 0
        for shape in self._shapes:
            size = int(np.prod(shape))
            pieces.append(grad[start : start + size].reshape(shape))
            start += size
        dx = self.layer.backward(*pieces)
        states = self.layer.grad_hx if self.is_lstm else (self.layer.grad_hx,)
        return (dx, *states)


@pytest.mark.parametrize(("cls", "kwargs"), LAYERS)
@pytest.mark.parametrize(("num_layers", "bidirectional"), [(1, False), (2, True)])
def test_bptt_gradcheck_with_initial_and_final_states(rng, cls, kwargs, num_layers, bidirectional):
    layer = cls(2, 3, num_layers=num_layers, bidirectional=bidirectional, **kwargs, rng=rng)
    stacked = num_layers * (2 if bidirectional else 1)
    x = rng.normal(size=(4, 2, 2))
    states = [rng.normal(size=(stacked, 2, 3)) for _ in range(2 if cls is LSTM else 1)]
    if kwargs.get("nonlinearity") == "relu":
        x = x + 0.5  # keep pre-activations away from the kink at 0
    check_module(_AllOutputs(layer), x, *states, rng=rng)


@pytest.mark.parametrize(("cls", "kwargs"), LAYERS)
def test_gradcheck_batch_first_without_bias(rng, cls, kwargs):
    layer = cls(3, 2, batch_first=True, bias=False, **kwargs, rng=rng)
    check_module(layer, rng.normal(size=(2, 5, 3)) + 0.3, rng=rng)


@pytest.mark.parametrize(("cls", "kwargs"), LAYERS)
def test_float32_is_preserved(rng, cls, kwargs):
    layer = cls(3, 4, num_layers=2, bidirectional=True, dtype=np.float32, **kwargs, rng=rng)
    assert all(p.dtype == np.float32 for p in layer.parameters())
    out, final = layer(rng.normal(size=(5, 2, 3)).astype(np.float32))
    finals = final if isinstance(final, tuple) else (final,)
    assert out.dtype == np.float32 and all(f.dtype == np.float32 for f in finals)
    dx = layer.backward(np.ones_like(out))
    assert dx.dtype == np.float32
    assert all(p.grad.dtype == np.float32 for p in layer.parameters())
    # Other inputs (float64 data, integers, a float64 upstream gradient) are computed in the
    # layer's dtype, as Linear does.
    for x in (np.zeros((5, 2, 3)), np.zeros((5, 2, 3), dtype=int)):
        assert layer(x)[0].dtype == np.float32
    assert layer.backward(np.ones(out.shape)).dtype == np.float32


@pytest.mark.parametrize(("cls", "kwargs"), LAYERS)
def test_backward_does_not_mutate_arguments(rng, cls, kwargs):
    layer = cls(3, 4, **kwargs, rng=rng)
    x = rng.normal(size=(5, 2, 3))
    x_copy = x.copy()
    out, _ = layer(x)
    g = rng.normal(size=out.shape)
    g_copy = g.copy()
    layer.backward(g)
    np.testing.assert_array_equal(g, g_copy)
    np.testing.assert_array_equal(x, x_copy)


@pytest.mark.parametrize(("cls", "kwargs"), LAYERS)
def test_bad_inputs_raise_clear_errors(rng, cls, kwargs):
    name = cls.__name__
    layer = cls(3, 4, num_layers=2, **kwargs, rng=rng)
    with pytest.raises(ValueError, match=f"{name}: expected input with last dimension 3"):
        layer(np.zeros((5, 2, 7)))
    with pytest.raises(ValueError, match=rf"{name}: expected input of shape \(L, N, H_in\)"):
        layer(np.zeros((5, 2, 3, 1)))
    bad_state = np.zeros((2, 3, 4))  # batch 3, input batch 2
    hx = (bad_state, bad_state) if cls is LSTM else bad_state
    with pytest.raises(ValueError, match=rf"{name}: expected h.* of shape \(2, 2, 4\)"):
        layer(np.zeros((5, 2, 3)), hx)
    with pytest.raises(RuntimeError, match=f"{name}: expected forward to be called"):
        cls(3, 4, **kwargs).backward(np.zeros((5, 2, 4)))
    layer(np.zeros((5, 2, 3)))
    with pytest.raises(ValueError, match=rf"{name}: expected grad_output of shape \(5, 2, 4\)"):
        layer.backward(np.zeros((5, 2, 8)))
    with pytest.raises(ValueError, match=rf"{name}: expected grad_h_n of shape \(2, 2, 4\)"):
        layer.backward(np.zeros((5, 2, 4)), np.zeros((1, 2, 4)))


@pytest.mark.parametrize(("cls", "kwargs"), LAYERS)
def test_bad_constructor_arguments(cls, kwargs):
    name = cls.__name__
    with pytest.raises(ValueError, match=f"{name}: expected hidden_size to be a positive integer"):
        cls(3, 0, **kwargs)
    with pytest.raises(TypeError, match=f"{name}: expected num_layers to be a positive integer"):
        cls(3, 4, num_layers=1.5, **kwargs)
    with pytest.raises(TypeError, match=f"{name}: expected bidirectional to be a bool"):
        cls(3, 4, bidirectional="yes", **kwargs)
    with pytest.raises(TypeError, match=f"{name}: expected dtype float32 or float64"):
        cls(3, 4, dtype=np.int32, **kwargs)


def test_rnn_rejects_unknown_nonlinearity():
    with pytest.raises(ValueError, match="RNN: expected nonlinearity 'tanh' or 'relu'"):
        RNN(3, 4, nonlinearity="sigmoid")


def test_lstm_requires_a_state_pair(rng):
    with pytest.raises(TypeError, match=r"LSTM: expected hx to be a pair \(h_0, c_0\)"):
        LSTM(3, 4)(np.zeros((5, 2, 3)), np.zeros((1, 2, 4)))


@settings(max_examples=25, deadline=None)
@given(
    cls_index=st.integers(0, 3),
    steps=st.integers(1, 5),
    batch=st.integers(1, 3),
    num_layers=st.integers(1, 3),
    bidirectional=st.booleans(),
    batch_first=st.booleans(),
    hidden=st.integers(1, 4),
)
def test_shapes_follow_pytorch(
    cls_index, steps, batch, num_layers, bidirectional, batch_first, hidden
):
    cls, kwargs = LAYERS[cls_index]
    layer = cls(
        2,
        hidden,
        num_layers=num_layers,
        bidirectional=bidirectional,
        batch_first=batch_first,
        **kwargs,
        rng=np.random.default_rng(0),
    )
    d = 2 if bidirectional else 1
    x = np.zeros((batch, steps, 2) if batch_first else (steps, batch, 2))
    out, final = layer(x)
    expected = (batch, steps, d * hidden) if batch_first else (steps, batch, d * hidden)
    assert out.shape == expected
    for f in final if isinstance(final, tuple) else (final,):
        assert f.shape == (num_layers * d, batch, hidden)
    assert layer.backward(np.ones(expected)).shape == x.shape
    names = [n for n, _ in layer.named_parameters()]
    assert names[:2] == ["weight_ih_l0", "weight_hh_l0"]
    assert len(names) == 4 * num_layers * d


def test_initialisation_is_uniform_within_one_over_sqrt_hidden():
    layer = LSTM(10, 25, rng=np.random.default_rng(0))
    values = np.concatenate([p.data.ravel() for p in layer.parameters()])
    assert np.abs(values).max() <= 1 / 5
    assert np.abs(values).max() > 0.19  # the whole interval is used, not a narrower one
    same = LSTM(10, 25, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(layer.weight_hh_l0.data, same.weight_hh_l0.data)


def test_final_state_equals_last_output_for_unidirectional(rng):
    layer = GRU(3, 4, num_layers=2, rng=rng)
    out, h_n = layer(rng.normal(size=(6, 2, 3)))
    np.testing.assert_array_equal(out[-1], h_n[-1])
