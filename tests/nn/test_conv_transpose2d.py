"""ConvTranspose2d: gradients, PyTorch oracle, adjointness with conv2d, dtype, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.gradcheck import check_module
from dlnotes.nn import ConvTranspose2d
from dlnotes.nn.functional import (
    conv2d,
    conv_transpose2d,
    conv_transpose2d_backward,
    conv_transpose2d_forward,
)

CONFIGS = [
    # in, out, kernel, stride, padding, output_padding, bias, input (N, H, W)
    (2, 3, 3, 1, 0, 0, True, (2, 3, 3)),
    (1, 2, (3, 2), (2, 1), (1, 0), (1, 0), True, (2, 3, 4)),
    (2, 2, 4, 2, 1, 0, False, (1, 3, 3)),
    (3, 1, 2, 3, 0, 2, True, (2, 2, 2)),
]


@pytest.mark.parametrize("config", CONFIGS)
def test_gradients_match_central_differences(config, rng):
    cin, cout, k, s, p, op, bias, (n, h, w) = config
    layer = ConvTranspose2d(
        cin, cout, k, stride=s, padding=p, output_padding=op, bias=bias, rng=rng
    )
    check_module(layer, rng.normal(size=(n, cin, h, w)), rng=rng)


@pytest.mark.torch
@pytest.mark.parametrize("config", CONFIGS)
def test_matches_pytorch(config, rng, torch):
    cin, cout, k, s, p, op, bias, (n, h, w) = config
    layer = ConvTranspose2d(
        cin, cout, k, stride=s, padding=p, output_padding=op, bias=bias, rng=rng
    )
    ref = torch.nn.ConvTranspose2d(cin, cout, k, stride=s, padding=p, output_padding=op, bias=bias)
    ref.load_state_dict({key: torch.from_numpy(v) for key, v in layer.state_dict().items()})
    x = rng.normal(size=(n, cin, h, w))
    xt = torch.tensor(x, requires_grad=True)
    out, out_t = layer(x), ref(xt)
    g = rng.normal(size=out.shape)
    out_t.backward(torch.from_numpy(g))
    dx = layer.backward(g)
    np.testing.assert_allclose(out, out_t.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(layer.weight.grad, ref.weight.grad.numpy(), rtol=1e-10, atol=1e-12)
    if bias:
        np.testing.assert_allclose(layer.bias.grad, ref.bias.grad.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.torch
def test_default_init_bound_uses_out_channels_fan_in(torch):
    layer = ConvTranspose2d(64, 2, 3, rng=np.random.default_rng(0))
    bound = 1 / np.sqrt(2 * 3 * 3)  # PyTorch's fan_in of a (in, out, kH, kW) weight
    assert bound * 0.9 < np.abs(layer.weight.data).max() <= bound
    ref = torch.nn.ConvTranspose2d(64, 2, 3)
    assert bound * 0.9 < float(ref.weight.detach().abs().max()) <= bound


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 3), st.integers(1, 3), st.integers(0, 1), st.integers(0, 2**32 - 1))
def test_is_the_adjoint_of_conv2d(kernel, stride, padding, seed):
    """<conv2d(y, w), x> == <y, conv_transpose2d(x, w)>: the defining property."""
    rng = np.random.default_rng(seed)
    w = rng.normal(size=(3, 2, kernel, kernel))  # conv2d: 2 -> 3 channels
    y = rng.normal(size=(2, 2, 7, 6))
    conv_out = conv2d(y, w, None, stride, padding)
    x = rng.normal(size=conv_out.shape)
    out_size = ((7 + 2 * padding - kernel) % stride, (6 + 2 * padding - kernel) % stride)
    back = conv_transpose2d(x, w, None, stride, padding, out_size)
    assert back.shape == y.shape
    assert np.sum(conv_out * x) == pytest.approx(np.sum(y * back), rel=1e-10)


def test_float32_end_to_end(rng):
    layer = ConvTranspose2d(2, 3, 4, stride=2, padding=1, dtype=np.float32, rng=rng)
    out = layer(rng.normal(size=(2, 2, 3, 3)).astype(np.float32))
    dx = layer.backward(np.ones_like(out))
    assert out.shape == (2, 3, 6, 6)
    assert out.dtype == dx.dtype == layer.weight.grad.dtype == np.float32


def test_grad_output_not_modified(rng):
    out, cache = conv_transpose2d_forward(
        rng.normal(size=(1, 2, 3, 3)), rng.normal(size=(2, 1, 2, 2)), None, 2
    )
    g = rng.normal(size=out.shape)
    g_copy = g.copy()
    conv_transpose2d_backward(g, cache)
    np.testing.assert_array_equal(g, g_copy)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: ConvTranspose2d(3, 4, 3)(np.zeros((8, 1, 5, 5))),
            ValueError,
            r"ConvTranspose2d: expected input of shape \(N, 3, H, W\), got \(8, 1, 5, 5\)",
        ),
        (
            lambda: ConvTranspose2d(1, 4, 3)(np.zeros((1, 5, 5))),
            ValueError,
            r"ConvTranspose2d: expected input of shape \(N, 1, H, W\)",
        ),
        (
            lambda: ConvTranspose2d(1, 4, 3, stride=0),
            ValueError,
            "ConvTranspose2d: expected stride",
        ),
        (
            lambda: ConvTranspose2d(1, 4, 3, stride=2, output_padding=2),
            ValueError,
            "ConvTranspose2d: expected output_padding smaller than stride",
        ),
        (
            # The kernel's check, reported under the layer's name (issue 10, item 5).
            lambda: ConvTranspose2d(1, 1, 1, padding=1)(np.zeros((1, 1, 1, 1))),
            ValueError,
            "ConvTranspose2d: expected a positive output size",
        ),
        (
            lambda: conv_transpose2d(np.zeros((1, 1, 1, 1)), np.zeros((1, 1, 1, 1)), padding=1),
            ValueError,
            "conv_transpose2d: expected a positive output size",
        ),
        (
            lambda: ConvTranspose2d(1, 1, 2).backward(np.zeros((1, 1, 2, 2))),
            RuntimeError,
            "ConvTranspose2d: expected forward to be called before backward",
        ),
    ],
)
def test_bad_input_raises(call, error, message):
    with pytest.raises(error, match=message):
        call()
