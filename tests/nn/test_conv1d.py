"""conv1d kernels: the definition, PyTorch, central differences, output size, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.gradcheck import numerical_gradient, relative_error
from dlnotes.nn.functional import conv1d, conv1d_backward, conv1d_forward, conv_output_size

CONFIGS = [
    # N, C_in, C_out, L, k, stride, padding, bias
    (2, 1, 1, 7, 3, 1, 0, True),
    (2, 3, 2, 9, 3, 2, 1, True),
    (1, 2, 3, 8, 4, 3, 2, False),
    (3, 2, 2, 5, 1, 1, 0, True),
    (2, 1, 2, 6, 5, 2, 3, True),
]


def _data(config, rng):
    n, cin, cout, length, k, _, _, bias = config
    x, w = rng.normal(size=(n, cin, length)), rng.normal(size=(cout, cin, k))
    return x, w, (rng.normal(size=cout) if bias else None)


def test_single_channel_is_numpy_correlate_and_the_flipped_kernel_is_convolve(rng):
    x, w = rng.normal(size=11), rng.normal(size=4)
    out = conv1d(x[None, None], w[None, None])[0, 0]
    np.testing.assert_allclose(out, np.correlate(x, w, mode="valid"), atol=1e-13)
    flipped = conv1d(x[None, None], w[None, None, ::-1].copy())[0, 0]
    np.testing.assert_allclose(flipped, np.convolve(x, w, mode="valid"), atol=1e-13)


@pytest.mark.parametrize("config", CONFIGS)
def test_matches_the_definition_loop(config, rng):
    x, w, b = _data(config, rng)
    stride, padding = config[5], config[6]
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding)))
    length = (xp.shape[2] - w.shape[2]) // stride + 1
    expected = np.zeros((x.shape[0], w.shape[0], length))
    for n in range(x.shape[0]):
        for f in range(w.shape[0]):
            for a in range(length):
                patch = xp[n, :, a * stride : a * stride + w.shape[2]]
                expected[n, f, a] = np.sum(patch * w[f]) + (0.0 if b is None else b[f])
    np.testing.assert_allclose(conv1d(x, w, b, stride, padding), expected, atol=1e-12)


@pytest.mark.parametrize("config", CONFIGS)
def test_gradients_match_central_differences(config, rng):
    """Random upstream gradient, float64: input, weight and bias gradients."""
    x, w, b = _data(config, rng)
    stride, padding = config[5], config[6]
    out, cache = conv1d_forward(x, w, b, stride, padding)
    g = rng.normal(size=out.shape)
    dx, dw, db = conv1d_backward(g, cache)

    def loss(x_, w_, b_):
        return float(np.sum(g * conv1d(x_, w_, b_, stride, padding)))

    assert relative_error(dx, numerical_gradient(lambda v: loss(v, w, b), x)) < 1e-8
    assert relative_error(dw, numerical_gradient(lambda v: loss(x, v, b), w)) < 1e-8
    if b is None:
        assert db is None
    else:
        assert relative_error(db, numerical_gradient(lambda v: loss(x, w, v), b)) < 1e-8


@pytest.mark.torch
@pytest.mark.parametrize("config", CONFIGS)
def test_matches_pytorch(config, rng, torch):
    x, w, b = _data(config, rng)
    stride, padding = config[5], config[6]
    xt, wt = torch.tensor(x, requires_grad=True), torch.tensor(w, requires_grad=True)
    bt = None if b is None else torch.tensor(b, requires_grad=True)
    out_t = torch.nn.functional.conv1d(xt, wt, bt, stride=stride, padding=padding)
    out, cache = conv1d_forward(x, w, b, stride, padding)
    g = rng.normal(size=out.shape)
    out_t.backward(torch.from_numpy(g))
    dx, dw, db = conv1d_backward(g, cache)
    np.testing.assert_allclose(out, out_t.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(dw, wt.grad.numpy(), rtol=1e-10, atol=1e-12)
    if b is not None:
        np.testing.assert_allclose(db, bt.grad.numpy(), rtol=1e-10, atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(
    st.integers(1, 12), st.integers(1, 5), st.integers(1, 3), st.integers(0, 2), st.integers(0, 9)
)
def test_output_length_follows_the_formula(length, k, stride, padding, seed):
    if k > length + 2 * padding:
        with pytest.raises(ValueError, match="conv1d: expected kernel size"):
            conv1d(np.zeros((1, 1, length)), np.zeros((1, 1, k)), None, stride, padding)
        return
    out = conv1d(np.zeros((1, 1, length)), np.zeros((2, 1, k)), None, stride, padding)
    assert out.shape == (1, 2, conv_output_size(length, k, stride, padding))


def test_float32_is_preserved_and_inputs_untouched(rng):
    x, w = rng.normal(size=(2, 2, 6)).astype(np.float32), rng.normal(size=(3, 2, 3))
    w = w.astype(np.float32)
    x0, w0 = x.copy(), w.copy()
    out, cache = conv1d_forward(x, w, np.zeros(3, np.float32), 2, 1)
    g = np.ones_like(out)
    dx, dw, db = conv1d_backward(g, cache)
    assert out.dtype == dx.dtype == dw.dtype == db.dtype == np.float32
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(w, w0)
    np.testing.assert_array_equal(g, np.ones_like(out))


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda: conv1d(np.zeros((1, 2, 5)), np.zeros((1, 3, 2))),
            ValueError,
            r"conv1d: expected input of shape \(N, 3, L\), got \(1, 2, 5\)",
        ),
        (
            lambda: conv1d(np.zeros((1, 1, 5)), np.zeros((1, 2))),
            ValueError,
            r"conv1d: expected weight of shape \(C_out, C_in, k\), got \(1, 2\)",
        ),
        (
            lambda: conv1d(np.zeros((1, 1, 5)), np.zeros((2, 1, 2)), np.zeros(3)),
            ValueError,
            r"conv1d: expected bias of shape \(2,\), got \(3,\)",
        ),
        (
            lambda: conv1d(np.zeros((1, 1, 5)), np.zeros((1, 1, 2), np.float32)),
            TypeError,
            r"conv1d: expected weight of dtype float64",
        ),
        (
            lambda: conv1d(np.zeros((1, 1, 5)), np.zeros((1, 1, 2)), stride=0),
            ValueError,
            r"conv1d: expected stride",
        ),
        (
            lambda: conv1d_backward(
                np.zeros((1, 1, 3)), conv1d_forward(np.zeros((1, 1, 5)), np.zeros((1, 1, 2)))[1]
            ),
            ValueError,
            r"conv1d_backward: expected grad_output of shape \(1, 1, 4\)",
        ),
    ],
)
def test_bad_input_raises(call, error, message):
    with pytest.raises(error, match=message):
        call()
