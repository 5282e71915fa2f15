"""Autograd against PyTorch in float64: the same expressions, the same gradients."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.autograd import Tensor, cross_entropy, log_softmax, softmax

pytestmark = pytest.mark.torch


def _pair(torch, *arrays):
    """The same data as dlnotes Tensors and as torch tensors, all requiring grad."""
    ours = [Tensor(a.copy(), requires_grad=True) for a in arrays]
    theirs = [torch.tensor(a, requires_grad=True) for a in arrays]
    return ours, theirs


def _compare(torch, fn, *arrays, rng, torch_fn=None):
    ours, theirs = _pair(torch, *arrays)
    out_ours = fn(*ours)
    out_theirs = (torch_fn or fn)(*theirs)
    np.testing.assert_allclose(out_ours.data, out_theirs.detach().numpy(), rtol=1e-12, atol=1e-12)
    upstream = rng.normal(size=out_ours.shape)
    out_ours.backward(upstream)
    out_theirs.backward(torch.tensor(upstream))
    for index, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        assert a.grad.shape == tuple(b.grad.shape)
        np.testing.assert_allclose(
            a.grad, b.grad.numpy(), rtol=1e-10, atol=1e-12, err_msg=f"argument {index}"
        )


def test_broadcasting_expression(torch, rng):
    def expr(a, b, c, d):
        return (a * b) / c**2 + (a - d).exp() * b - d / (c * c + 1)

    a = rng.normal(size=(3, 1))
    b = rng.normal(size=(4,))
    c = rng.uniform(0.5, 2.0, size=(1, 4))
    d = rng.normal(size=())
    _compare(torch, expr, a, b, c, d, rng=rng)


def test_broadcasting_expression_with_reductions(torch, rng):
    def expr(a, b):
        h = (a + b).tanh() * b.sigmoid()
        return h.sum(axis=0) - h.mean(axis=(0, 3), keepdims=True).sum(axis=0)

    def torch_expr(a, b):
        h = (a + b).tanh() * b.sigmoid()
        return h.sum(dim=0) - h.mean(dim=(0, 3), keepdim=True).sum(dim=0)

    _compare(
        torch,
        expr,
        rng.normal(size=(2, 1, 3, 1)),
        rng.normal(size=(4, 1, 5)),
        rng=rng,
        torch_fn=torch_expr,
    )


def test_batched_matmul_and_transposes(torch, rng):
    def expr(x, w, v):
        return (x @ w).relu() @ v.T + x.transpose(0, 2, 1)[:, :, :1].transpose(0, 2, 1) * x

    def torch_expr(x, w, v):
        return (x @ w).relu() @ v.T + x.permute(0, 2, 1)[:, :, :1].permute(0, 2, 1) * x

    _compare(
        torch,
        expr,
        rng.normal(size=(2, 3, 4)),
        rng.normal(size=(4, 5)),
        rng.normal(size=(4, 5)),
        rng=rng,
        torch_fn=torch_expr,
    )


def test_matmul_with_vectors(torch, rng):
    _compare(torch, lambda a, b: a @ b, rng.normal(size=(4,)), rng.normal(size=(2, 4, 3)), rng=rng)
    _compare(torch, lambda a, b: a @ b, rng.normal(size=(2, 3, 4)), rng.normal(size=(4,)), rng=rng)


def test_indexing_and_max(torch, rng):
    idx = np.array([0, 2, 2, 1])

    def expr(a):
        return a[idx, 1:].max(axis=1) + a[:, ::2].max() * a[-1, 0]

    def torch_expr(a):
        return a[torch.tensor(idx), 1:].amax(dim=1) + a[:, ::2].amax() * a[-1, 0]

    _compare(torch, expr, rng.normal(size=(3, 5)), rng=rng, torch_fn=torch_expr)


def test_pow_and_log(torch, rng):
    def expr(a, b):
        return a**b + (a**3).log() - 2.0**b + 1.0 / a

    _compare(torch, expr, rng.uniform(0.5, 2.0, size=(3, 4)), rng.normal(size=(4,)), rng=rng)


def test_softmax_family_and_cross_entropy(torch, rng):
    target = rng.integers(0, 5, size=6)
    F = torch.nn.functional

    def expr(z):
        return (softmax(z, dim=1) * log_softmax(z, dim=0)).sum(axis=1) + cross_entropy(
            z, target, label_smoothing=0.1
        )

    def torch_expr(z):
        return (F.softmax(z, dim=1) * F.log_softmax(z, dim=0)).sum(dim=1) + F.cross_entropy(
            z, torch.tensor(target), label_smoothing=0.1
        )

    _compare(torch, expr, rng.normal(size=(6, 5)) * 3, rng=rng, torch_fn=torch_expr)


def test_shared_leaf_used_many_times(torch, rng):
    def expr(w):
        h = w
        for _ in range(5):
            h = (h @ w).tanh() + w * h
        return h

    _compare(torch, expr, rng.normal(size=(3, 3)) * 0.5, rng=rng)
