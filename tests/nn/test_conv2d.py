"""Conv2d and the conv2d kernels: gradients, PyTorch oracle, references, memory, bad input."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dlnotes.nn.functional.conv as conv_module
from dlnotes.book.conv_from_scratch import conv2d_indexed, conv2d_naive
from dlnotes.gradcheck import check_module
from dlnotes.nn import Conv2d
from dlnotes.nn.functional import (
    conv2d,
    conv2d_backward,
    conv2d_forward,
    conv_output_size,
)

CONFIGS = [
    # in, out, kernel, stride, padding, bias, input (N, H, W)
    (2, 3, 3, 1, 0, True, (2, 5, 5)),
    (1, 2, (3, 2), (2, 1), (1, 2), True, (2, 6, 5)),
    (3, 2, 2, 2, 1, False, (1, 5, 4)),
    (2, 2, 1, 1, 0, True, (3, 3, 3)),
    (1, 1, 4, 3, 2, True, (2, 5, 7)),
]


@pytest.mark.parametrize("config", CONFIGS)
def test_gradients_match_central_differences(config, rng):
    cin, cout, k, s, p, bias, (n, h, w) = config
    layer = Conv2d(cin, cout, k, stride=s, padding=p, bias=bias, rng=rng)
    check_module(layer, rng.normal(size=(n, cin, h, w)), rng=rng)


def test_gradients_with_tiny_blocks_match(rng, monkeypatch):
    """Blocking the batch must not change the result: force one image per block."""
    x, w, b = rng.normal(size=(5, 2, 6, 6)), rng.normal(size=(3, 2, 3, 3)), rng.normal(size=3)
    out, cache = conv2d_forward(x, w, b, 2, 1)
    g = rng.normal(size=out.shape)
    grads = conv2d_backward(g, cache)
    monkeypatch.setattr(conv_module, "PATCH_BLOCK_BYTES", 1)
    out_small, cache_small = conv2d_forward(x, w, b, 2, 1)
    np.testing.assert_allclose(out_small, out, rtol=1e-12, atol=1e-12)
    for a, c in zip(conv2d_backward(g, cache_small), grads, strict=True):
        np.testing.assert_allclose(a, c, rtol=1e-12, atol=1e-12)


@pytest.mark.torch
@pytest.mark.parametrize("config", CONFIGS)
def test_matches_pytorch(config, rng, torch):
    cin, cout, k, s, p, bias, (n, h, w) = config
    layer = Conv2d(cin, cout, k, stride=s, padding=p, bias=bias, rng=rng)
    ref = torch.nn.Conv2d(cin, cout, k, stride=s, padding=p, bias=bias)
    ref.load_state_dict({key: torch.from_numpy(v) for key, v in layer.state_dict().items()})
    x = rng.normal(size=(n, cin, h, w))
    xt = torch.tensor(x, requires_grad=True)
    out = layer(x)
    out_t = ref(xt)
    g = rng.normal(size=out.shape)
    out_t.backward(torch.from_numpy(g))
    dx = layer.backward(g)
    np.testing.assert_allclose(out, out_t.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(layer.weight.grad, ref.weight.grad.numpy(), rtol=1e-10, atol=1e-12)
    if bias:
        np.testing.assert_allclose(layer.bias.grad, ref.bias.grad.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.torch
def test_default_init_has_pytorch_bounds(torch):
    layer = Conv2d(4, 64, (3, 5), rng=np.random.default_rng(0))
    bound = 1 / np.sqrt(4 * 3 * 5)
    for p in (layer.weight.data, layer.bias.data):
        assert np.abs(p).max() <= bound
        assert np.abs(p).max() > 0.9 * bound
    ref = torch.nn.Conv2d(4, 64, (3, 5))
    assert float(ref.weight.detach().abs().max()) <= bound
    assert list(layer.state_dict()) == list(ref.state_dict())


@st.composite
def conv_case(draw):
    n, cin, cout = draw(st.integers(1, 2)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    ph, pw = draw(st.integers(0, 2)), draw(st.integers(0, 2))
    h = draw(st.integers(max(1, kh - 2 * ph), 7))
    w = draw(st.integers(max(1, kw - 2 * pw), 7))
    sh, sw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    seed = draw(st.integers(0, 2**32 - 1))
    return (n, cin, h, w), (cout, cin, kh, kw), (sh, sw), (ph, pw), seed


@settings(max_examples=25, deadline=None)
@given(conv_case())
def test_fast_equals_naive_and_indexed(case):
    x_shape, w_shape, stride, padding, seed = case
    rng = np.random.default_rng(seed)
    x, w, b = rng.normal(size=x_shape), rng.normal(size=w_shape), rng.normal(size=w_shape[0])
    fast = conv2d(x, w, b, stride, padding)
    ho = conv_output_size(x_shape[2], w_shape[2], stride[0], padding[0])
    wo = conv_output_size(x_shape[3], w_shape[3], stride[1], padding[1])
    assert fast.shape == (x_shape[0], w_shape[0], ho, wo)
    np.testing.assert_allclose(fast, conv2d_naive(x, w, b, stride, padding), atol=1e-12)
    np.testing.assert_allclose(fast, conv2d_indexed(x, w, b, stride, padding), atol=1e-12)


def test_float32_end_to_end(rng):
    layer = Conv2d(3, 4, 3, padding=1, dtype=np.float32, rng=rng)
    x = rng.normal(size=(2, 3, 6, 6)).astype(np.float32)
    out = layer(x)
    dx = layer.backward(np.ones_like(out))
    assert out.dtype == dx.dtype == layer.weight.grad.dtype == layer.bias.grad.dtype == np.float32
    np.testing.assert_allclose(
        out,
        conv2d_naive(
            x.astype(np.float64),
            layer.weight.data.astype(np.float64),
            layer.bias.data.astype(np.float64),
            1,
            1,
        ),
        rtol=1e-5,
        atol=1e-5,
    )


def test_float64_input_runs_in_a_float32_layer(rng):
    layer = Conv2d(1, 2, 3, dtype=np.float32, rng=rng)
    out = layer(rng.normal(size=(1, 1, 5, 5)))
    assert out.dtype == np.float32
    assert layer.backward(np.ones(out.shape)).dtype == np.float32


def test_inputs_and_grad_output_not_modified(rng):
    x, w = rng.normal(size=(2, 2, 5, 5)), rng.normal(size=(3, 2, 3, 3))
    copies = x.copy(), w.copy()
    out, cache = conv2d_forward(x, w, None, 1, 1)
    g = rng.normal(size=out.shape)
    g_copy = g.copy()
    dx, dw, db = conv2d_backward(g, cache)
    assert db is None
    np.testing.assert_array_equal(g, g_copy)
    np.testing.assert_array_equal(x, copies[0])
    np.testing.assert_array_equal(w, copies[1])


def test_gradient_accumulates_in_parameters(rng):
    layer = Conv2d(1, 2, 2, rng=rng)
    x = rng.normal(size=(1, 1, 3, 3))
    g = np.ones((1, 2, 2, 2))
    layer(x)
    layer.backward(g)
    first = layer.weight.grad.copy()
    layer(x)
    layer.backward(g)
    np.testing.assert_allclose(layer.weight.grad, 2 * first)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: Conv2d(3, 4, 3)(np.zeros((8, 1, 28, 28))),
            ValueError,
            r"Conv2d: expected input of shape \(N, 3, H, W\), got \(8, 1, 28, 28\)",
        ),
        (
            lambda: Conv2d(1, 4, 3)(np.zeros((1, 28, 28))),
            ValueError,
            r"Conv2d: expected input of shape \(N, 1, H, W\), got \(1, 28, 28\)",
        ),
        (
            lambda: Conv2d(1, 4, 5)(np.zeros((1, 1, 3, 3))),
            ValueError,
            "Conv2d: expected kernel_size",
        ),
        (lambda: Conv2d(1, 4, 3, stride=0), ValueError, "Conv2d: expected stride"),
        (lambda: Conv2d(1, 4, 0), ValueError, "Conv2d: expected kernel_size"),
        (lambda: Conv2d(0, 4, 3), ValueError, "Conv2d: expected in_channels"),
        (lambda: Conv2d(1, 4, 3, padding=-1), ValueError, "Conv2d: expected padding"),
        (
            lambda: Conv2d(1, 4, 3).backward(np.zeros((1, 4, 1, 1))),
            RuntimeError,
            "Conv2d: expected forward to be called before backward",
        ),
        (
            lambda: conv2d(np.zeros((1, 2, 4, 4)), np.zeros((3, 1, 2, 2))),
            ValueError,
            r"conv2d: expected input of shape \(N, 1, H, W\)",
        ),
        (
            lambda: conv2d(np.zeros((1, 1, 4, 4)), np.zeros((3, 1, 2))),
            ValueError,
            "conv2d: expected weight of shape",
        ),
        (
            lambda: conv2d(np.zeros((1, 1, 4, 4)), np.zeros((3, 1, 2, 2)), np.zeros(2)),
            ValueError,
            r"conv2d: expected bias of shape \(3,\)",
        ),
    ],
)
def test_bad_input_raises(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_backward_rejects_wrong_grad_shape(rng):
    out, cache = conv2d_forward(rng.normal(size=(1, 1, 4, 4)), rng.normal(size=(2, 1, 3, 3)))
    with pytest.raises(ValueError, match="conv2d_backward: expected grad_output of shape"):
        conv2d_backward(np.zeros((1, 2, 3, 3)), cache)


def _working_memory_mb(batch: int) -> float:
    """Peak memory of a conv forward + backward beyond its inputs and results, in MB."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((batch, 16, 28, 28), dtype=np.float32)
    w = rng.standard_normal((32, 16, 5, 5), dtype=np.float32)
    g = rng.standard_normal((batch, 32, 24, 24), dtype=np.float32)
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    out, cache = conv2d_forward(x, w)
    dx, dw, _ = conv2d_backward(g, cache)
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    return (peak - out.nbytes - dx.nbytes - dw.nbytes) / 2**20


def test_patch_memory_is_bounded_whatever_the_batch():
    """Blocking keeps the patch matrices (59 MB for the whole 64-image batch) under budget."""
    small, large = _working_memory_mb(16), _working_memory_mb(96)
    budget = 2 * conv_module.PATCH_BLOCK_BYTES / 2**20  # patches and their gradient
    assert large < budget + 2
    assert large < small + 1
