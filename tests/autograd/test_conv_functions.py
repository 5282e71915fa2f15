"""Autograd conv2d / conv_transpose2d / pooling Functions on the hand-written kernels.

Three independent checks: central differences, PyTorch, and autograd over *elementary*
tensor operations (fancy indexing, matmul, max), which never calls the hand-written backward.
"""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.autograd import Tensor
from dlnotes.autograd.functions.conv import conv2d, conv_transpose2d
from dlnotes.autograd.functions.pooling import avg_pool2d, max_pool2d
from dlnotes.gradcheck import numerical_gradient_in_place


def _patch_indices(h, w, k, s):
    ho, wo = (h - k) // s + 1, (w - k) // s + 1
    rows = (s * np.arange(ho))[:, None, None, None] + np.arange(k)[None, None, :, None]
    cols = (s * np.arange(wo))[None, :, None, None] + np.arange(k)[None, None, None, :]
    return rows, cols, ho, wo


def _conv_elementary(x, w, b, stride):
    """Convolution from indexing and matmul only (no padding)."""
    n, c, h, wd = x.shape
    f, _, k, _ = w.shape
    rows, cols, ho, wo = _patch_indices(h, wd, k, stride)
    patches = x[:, :, rows, cols]  # (N, C, Ho, Wo, k, k)
    patches = patches.transpose(0, 2, 3, 1, 4, 5).reshape(n, ho * wo, c * k * k)
    out = patches @ w.reshape(f, c * k * k).T + b  # (N, Ho*Wo, F)
    return out.transpose(0, 2, 1).reshape(n, f, ho, wo)


@pytest.mark.parametrize(("stride", "kernel"), [(1, 3), (2, 2), (2, 3)])
def test_conv2d_matches_elementary_autograd(stride, kernel, rng):
    x, w, b = (
        rng.normal(size=(2, 3, 7, 6)),
        rng.normal(size=(4, 3, kernel, kernel)),
        rng.normal(size=4),
    )
    g = None
    grads = []
    for build in (
        lambda xt, wt, bt: conv2d(xt, wt, bt, stride),
        lambda xt, wt, bt: _conv_elementary(xt, wt, bt, stride),
    ):
        xt, wt, bt = (Tensor(a, requires_grad=True) for a in (x, w, b))
        out = build(xt, wt, bt)
        if g is None:
            g = rng.normal(size=out.shape)
        (out * Tensor(g)).sum().backward()
        grads.append((out.data, xt.grad, wt.grad, bt.grad))
    for ours, elementary in zip(*grads, strict=True):
        np.testing.assert_allclose(ours, elementary, rtol=1e-10, atol=1e-12)


def test_max_pool_matches_elementary_autograd(rng):
    x = rng.permutation(2 * 2 * 6 * 7).reshape(2, 2, 6, 7).astype(np.float64)  # no ties
    rows, cols, ho, wo = _patch_indices(6, 7, 3, 2)
    xt1, xt2 = Tensor(x, requires_grad=True), Tensor(x, requires_grad=True)
    ours = max_pool2d(xt1, 3, 2)
    elementary = xt2[:, :, rows, cols].reshape(2, 2, ho, wo, 9).max(axis=-1)
    g = Tensor(rng.normal(size=ours.shape))
    (ours * g).sum().backward()
    (elementary * g).sum().backward()
    np.testing.assert_array_equal(ours.data, elementary.data)
    np.testing.assert_allclose(xt1.grad, xt2.grad, atol=1e-12)


@pytest.mark.parametrize("op", ["conv2d", "conv_transpose2d", "max_pool2d", "avg_pool2d"])
def test_gradients_match_central_differences(op, rng):
    x = rng.permutation(2 * 2 * 5 * 4).reshape(2, 2, 5, 4) * 0.1 + rng.uniform(0, 0.01)
    w = rng.normal(size=(3, 2, 3, 2) if op == "conv2d" else (2, 3, 3, 2))
    b = rng.normal(size=3)
    calls = {
        "conv2d": lambda xs: conv2d(xs[0], xs[1], xs[2], (2, 1), 1),
        "conv_transpose2d": lambda xs: conv_transpose2d(xs[0], xs[1], xs[2], 2, 1, 1),
        "max_pool2d": lambda xs: max_pool2d(xs[0], 3, (1, 2), 1),
        "avg_pool2d": lambda xs: avg_pool2d(xs[0], 2, 1, 1),
    }
    arrays = [x, w, b] if op.startswith("conv") else [x]
    tensors = [Tensor(a, requires_grad=True) for a in arrays]
    out = calls[op](tensors)
    g = rng.normal(size=out.shape)
    (out * Tensor(g)).sum().backward()
    for array, tensor in zip(arrays, tensors, strict=True):
        numeric = numerical_gradient_in_place(
            lambda: float(np.sum(g * calls[op](arrays).data)), array
        )
        np.testing.assert_allclose(tensor.grad, numeric, rtol=1e-6, atol=1e-7)


@pytest.mark.torch
def test_conv_then_pool_matches_pytorch(rng, torch):
    x, w, b = rng.normal(size=(2, 3, 8, 8)), rng.normal(size=(4, 3, 3, 3)), rng.normal(size=4)
    xt, wt, bt = (Tensor(a, requires_grad=True) for a in (x, w, b))
    out = avg_pool2d(max_pool2d(conv2d(xt, wt, bt, 1, 1), 2), 3, 1, 1)
    tx, tw, tb = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    F = torch.nn.functional
    ref = F.avg_pool2d(F.max_pool2d(F.conv2d(tx, tw, tb, 1, 1), 2), 3, 1, 1)
    g = rng.normal(size=out.shape)
    (out * Tensor(g)).sum().backward()
    ref.backward(torch.from_numpy(g))
    np.testing.assert_allclose(out.data, ref.detach().numpy(), rtol=1e-10, atol=1e-12)
    for ours, theirs in ((xt, tx), (wt, tw), (bt, tb)):
        np.testing.assert_allclose(ours.grad, theirs.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_no_bias_gets_no_gradient_and_float32_kept(rng):
    x = Tensor(rng.normal(size=(1, 2, 4, 4)).astype(np.float32), requires_grad=True)
    w = Tensor(rng.normal(size=(3, 2, 3, 3)).astype(np.float32), requires_grad=True)
    out = max_pool2d(conv2d(x, w), 2)
    assert out.dtype == np.float32
    out.sum().backward()
    assert x.grad.dtype == w.grad.dtype == np.float32


def test_bad_input_raises():
    with pytest.raises(ValueError, match=r"conv2d: expected input of shape \(N, 3, H, W\)"):
        conv2d(Tensor(np.zeros((1, 1, 4, 4))), Tensor(np.zeros((2, 3, 3, 3))))
    with pytest.raises(ValueError, match="max_pool2d: expected kernel_size"):
        max_pool2d(Tensor(np.zeros((1, 1, 2, 2))), 3)
