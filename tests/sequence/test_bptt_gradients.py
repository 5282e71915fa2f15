"""BPTT measured: the sequence-wide gradient check (random upstream gradient on every step,
float64), the gradient norm against the lag, and what the two kinds of clipping do to an
exploding gradient."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.nn import GRU, LSTM, RNN
from dlnotes.nn.utils import clip_grad_norm_, clip_grad_value_
from dlnotes.sequence import bptt_relative_errors, input_gradient_norms

LAYERS = [(RNN, {}), (RNN, {"nonlinearity": "relu"}), (LSTM, {}), (GRU, {})]


@pytest.mark.parametrize(("cls", "kwargs"), LAYERS)
@pytest.mark.parametrize(("num_layers", "bidirectional"), [(1, False), (2, True)])
def test_bptt_passes_the_check_through_time(rng, cls, kwargs, num_layers, bidirectional):
    layer = cls(2, 3, num_layers=num_layers, bidirectional=bidirectional, **kwargs, rng=rng)
    x = rng.normal(size=(6, 2, 2)) + (0.5 if kwargs else 0.0)  # ReLU: away from the kink
    errors = bptt_relative_errors(layer, x, rng)
    names = {name for name, _ in layer.named_parameters()}
    assert set(errors) == names | {"input"}
    assert max(errors.values()) < 1e-7, errors
    assert all(float(np.abs(p.grad).max()) == 0.0 for p in layer.parameters())


class _ForgetsEarlySteps(RNN):
    """A wrong BPTT: the recurrent weight's gradient keeps only the last step's term."""

    def backward(self, grad_output, grad_h_n=None):
        h_prev = self._cache.layers[0][0].h_prev  # the states each step read
        dx = super().backward(grad_output, grad_h_n)
        d_pre = grad_output[-1] * (1 - self._last**2)
        self.weight_hh_l0.grad[...] = d_pre.T @ h_prev[-1]
        return dx

    def forward(self, x, hx=None):
        out, h = super().forward(x, hx)
        self._last = out[-1]
        return out, h


def test_the_check_detects_a_truncated_recurrent_gradient(rng):
    layer = _ForgetsEarlySteps(2, 3, rng=rng)
    errors = bptt_relative_errors(layer, rng.normal(size=(6, 1, 2)), rng)
    assert errors["weight_hh_l0"] > 1e-2
    assert errors["weight_ih_l0"] < 1e-7


def test_check_requires_float64(rng):
    with pytest.raises(ValueError, match="bptt_relative_errors: expected a float64 input"):
        bptt_relative_errors(RNN(2, 3), rng.normal(size=(3, 1, 2)).astype(np.float32), rng)


def test_relu_rnn_with_scaled_identity_multiplies_the_gradient_by_rho_per_step(rng):
    for rho in (0.8, 1.2):
        layer = RNN(2, 4, nonlinearity="relu", rng=rng)
        layer.weight_hh_l0.data[...] = rho * np.eye(4)
        layer.weight_ih_l0.data[...] = np.abs(layer.weight_ih_l0.data)
        layer.bias_ih_l0.data[...] = 1.0  # every pre-activation positive: all units active
        norms = input_gradient_norms(layer, np.abs(rng.normal(size=(30, 2))))
        # Lag k: (rho I)^k, exactly, so consecutive norms differ by the factor rho.
        np.testing.assert_allclose(norms[:-1] / norms[1:], rho, rtol=1e-12)


def test_tanh_rnn_gradient_is_bounded_by_the_norm_of_w_to_the_lag(rng):
    layer = RNN(3, 6, rng=rng)
    w = layer.weight_hh_l0.data
    w *= 0.7 / np.linalg.norm(w, 2)
    norms = input_gradient_norms(layer, rng.normal(size=(25, 3)))
    lags = np.arange(24, -1, -1)
    bound = 0.7**lags * np.linalg.norm(layer.weight_ih_l0.data, 2)
    assert np.all(norms <= bound * (1 + 1e-12))
    assert norms[0] < 1e-3 * norms[-1]


def test_input_gradient_norms_validates_the_layer(rng):
    with pytest.raises(ValueError, match="input_gradient_norms: expected a time-major"):
        input_gradient_norms(RNN(1, 2, batch_first=True), np.zeros((3, 1)))
    with pytest.raises(ValueError, match="input_gradient_norms: expected one batch element"):
        input_gradient_norms(RNN(1, 2), np.zeros((3, 2, 1)))


def test_norm_clipping_keeps_the_direction_and_value_clipping_does_not(rng):
    layer = RNN(1, 8, nonlinearity="relu", rng=rng)
    layer.weight_hh_l0.data[...] = 1.3 * np.eye(8)
    x = np.abs(rng.normal(size=(40, 1, 1))) + 0.1
    out, _ = layer(x)
    upstream = np.zeros_like(out)
    upstream[-1] = rng.normal(size=out.shape[1:])
    layer.backward(upstream)
    params = list(layer.parameters())
    original = np.concatenate([p.grad.ravel() for p in params])
    assert np.linalg.norm(original) > 1e3  # exploded

    def clipped(clip):
        pieces = np.split(original, np.cumsum([p.size for p in params])[:-1])
        for p, g in zip(params, pieces, strict=True):
            p.grad[...] = g.reshape(p.shape)
        clip(params)
        return np.concatenate([p.grad.ravel() for p in params])

    by_norm = clipped(lambda ps: clip_grad_norm_(ps, 1.0))
    by_value = clipped(lambda ps: clip_grad_value_(ps, 0.1))
    cosine = [
        g @ original / (np.linalg.norm(g) * np.linalg.norm(original)) for g in (by_norm, by_value)
    ]
    np.testing.assert_allclose(np.linalg.norm(by_norm), 1.0, rtol=1e-6)
    np.testing.assert_allclose(cosine[0], 1.0, atol=1e-12)
    assert cosine[1] < 0.99
