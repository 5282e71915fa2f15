"""Kernel-backed autograd functions equal autograd over elementary ops and the kernels' backward.

Three independent routes to one gradient: the hand-written kernel backward (wrapped in a
Function), the same formula composed from elementary Tensor operations, and central
differences. Agreement of all three checks the kernels and the engine against each other.
"""

from __future__ import annotations

import numpy as np
import pytest
from autograd_gradcheck import check_gradients

from dlnotes.autograd import Tensor, cross_entropy, linear, log_softmax, mse_loss, softmax
from dlnotes.nn.functional.linear import linear_backward, linear_forward
from dlnotes.nn.functional.loss import cross_entropy_backward, cross_entropy_forward


def _grads(build, *arrays, upstream):
    tensors = [Tensor(a.copy(), requires_grad=True) for a in arrays]
    out = build(*tensors)
    out.backward(upstream)
    return out.data, [t.grad for t in tensors]


# --- linear -------------------------------------------------------------------------------


@pytest.mark.parametrize("with_bias", [True, False])
@pytest.mark.parametrize("x_shape", [(5, 3), (2, 4, 3), (3,)])
def test_linear_equals_composition_and_kernel(rng, with_bias, x_shape):
    x, w, b = rng.normal(size=x_shape), rng.normal(size=(4, 3)), rng.normal(size=4)
    arrays = (x, w, b) if with_bias else (x, w)
    upstream = rng.normal(size=(*x_shape[:-1], 4))

    def via_function(*t):
        return linear(*t)

    def via_ops(x, w, b=None):
        y = x @ w.T
        return y + b if b is not None else y

    out_f, grads_f = _grads(via_function, *arrays, upstream=upstream)
    out_o, grads_o = _grads(via_ops, *arrays, upstream=upstream)
    _, cache = linear_forward(*arrays)
    grads_k = [g for g in linear_backward(upstream, cache) if g is not None]
    np.testing.assert_allclose(out_f, out_o, rtol=1e-12)
    for gf, go, gk in zip(grads_f, grads_o, grads_k, strict=True):
        np.testing.assert_allclose(gf, go, rtol=1e-12, atol=1e-12)
        np.testing.assert_array_equal(gf, gk)


def test_linear_gradcheck(rng):
    check_gradients(linear, rng.normal(size=(2, 3, 4)), rng.normal(size=(5, 4)), rng.normal(size=5))


def test_linear_with_constant_weight_and_float32(rng):
    x = Tensor(rng.normal(size=(2, 3)).astype(np.float32), requires_grad=True)
    w = rng.normal(size=(4, 3)).astype(np.float32)
    y = linear(x, w)
    assert y.dtype == np.float32
    y.sum().backward()
    assert x.grad.dtype == np.float32


def test_linear_bad_input(rng):
    with pytest.raises(
        ValueError,
        match=r"linear: expected input with last dimension 3, got "
        r"\(2, 4\)",
    ):
        linear(Tensor(np.ones((2, 4))), Tensor(np.ones((5, 3))))


# --- cross-entropy ------------------------------------------------------------------------


def _cross_entropy_from_ops(z, target, reduction, label_smoothing, class_axis=1):
    """Cross-entropy composed of elementary ops: shift, log-sum-exp, weighted sum, reduce."""
    shift = Tensor(z.data.max(axis=class_axis, keepdims=True))  # a constant: no gradient
    shifted = z - shift
    log_p = shifted - shifted.exp().sum(axis=class_axis, keepdims=True).log()
    num_classes = z.shape[class_axis]
    one_hot = np.moveaxis(np.eye(num_classes)[target], -1, class_axis)
    q = one_hot * (1 - label_smoothing) + label_smoothing / num_classes
    per_example = -(log_p * Tensor(q)).sum(axis=class_axis)
    if reduction == "mean":
        return per_example.mean()
    if reduction == "sum":
        return per_example.sum()
    return per_example


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("label_smoothing", [0.0, 0.2])
@pytest.mark.parametrize("shape", [(6, 4), (3, 4, 2)])
def test_cross_entropy_equals_composition_and_kernel(rng, reduction, label_smoothing, shape):
    z = rng.normal(size=shape) * 3
    target = rng.integers(0, shape[1], size=(shape[0], *shape[2:]))
    loss_shape = () if reduction != "none" else target.shape
    upstream = rng.normal(size=loss_shape)

    out_f, (g_f,) = _grads(
        lambda t: cross_entropy(t, target, reduction, label_smoothing), z, upstream=upstream
    )
    out_o, (g_o,) = _grads(
        lambda t: _cross_entropy_from_ops(t, target, reduction, label_smoothing),
        z,
        upstream=upstream,
    )
    _, cache = cross_entropy_forward(z, target, reduction, label_smoothing)
    g_k = cross_entropy_backward(upstream, cache)
    np.testing.assert_allclose(out_f, out_o, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(g_f, g_o, rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(g_f, g_k)


def test_cross_entropy_gradcheck(rng):
    target = rng.integers(0, 5, size=4)
    check_gradients(lambda z: cross_entropy(z, target, "none", 0.1), rng.normal(size=(4, 5)))


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_ignore_index_gradcheck_and_kernel(rng, reduction):
    target = np.array([1, 3, 3, 0, 3])
    z = rng.normal(size=(5, 4))
    check_gradients(lambda t: cross_entropy(t, target, reduction, 0.2, ignore_index=3), z)
    upstream = rng.normal(size=()) if reduction != "none" else rng.normal(size=5)
    out, (g,) = _grads(lambda t: cross_entropy(t, target, reduction, 0.2, 3), z, upstream=upstream)
    loss, cache = cross_entropy_forward(z, target, reduction, 0.2, 3)
    np.testing.assert_array_equal(out, loss)
    np.testing.assert_array_equal(g, cross_entropy_backward(upstream, cache))
    np.testing.assert_array_equal(g[target == 3], 0.0)


def test_cross_entropy_with_probability_target(rng):
    z = Tensor(rng.normal(size=(3, 4)), requires_grad=True)
    q = rng.dirichlet(np.ones(4), size=3)
    cross_entropy(z, q).backward()
    # d/dz mean_n(-sum_c q log softmax(z)) = (softmax(z) - q) / N
    p = np.exp(z.data) / np.exp(z.data).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(z.grad, (p - q) / 3, rtol=1e-12)


def test_cross_entropy_float32_and_bad_input(rng):
    z = Tensor(rng.normal(size=(3, 4)).astype(np.float32), requires_grad=True)
    loss = cross_entropy(z, np.array([0, 1, 3]))
    assert loss.dtype == np.float32
    loss.backward()
    assert z.grad.dtype == np.float32
    with pytest.raises(ValueError, match=r"cross_entropy: expected class indices in \[0, 3\]"):
        cross_entropy(z, np.array([0, 1, 4]))
    with pytest.raises(ValueError, match=r"cross_entropy: expected reduction in"):
        cross_entropy(z, np.array([0, 1, 2]), reduction="avg")


# --- softmax, log-softmax, MSE -------------------------------------------------------------


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_softmax_family_equals_composition(rng, dim):
    z = rng.normal(size=(3, 4)) * 2
    upstream = rng.normal(size=(3, 4))

    def softmax_ops(t):
        e = (t - Tensor(t.data.max(axis=dim, keepdims=True))).exp()
        return e / e.sum(axis=dim, keepdims=True)

    def log_softmax_ops(t):
        s = t - Tensor(t.data.max(axis=dim, keepdims=True))
        return s - s.exp().sum(axis=dim, keepdims=True).log()

    for fn, ops_fn in ((softmax, softmax_ops), (log_softmax, log_softmax_ops)):
        out_f, (g_f,) = _grads(lambda t, fn=fn: fn(t, dim=dim), z, upstream=upstream)
        out_o, (g_o,) = _grads(ops_fn, z, upstream=upstream)
        np.testing.assert_allclose(out_f, out_o, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(g_f, g_o, rtol=1e-10, atol=1e-12)


def test_softmax_family_gradcheck(rng):
    check_gradients(lambda t: softmax(t, dim=1), rng.normal(size=(3, 4)))
    check_gradients(lambda t: log_softmax(t, dim=0), rng.normal(size=(3, 4)))


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_mse_loss_equals_composition_in_both_arguments(rng, reduction):
    x, y = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    upstream = rng.normal(size=() if reduction != "none" else (3, 4))

    def ops_version(a, b):
        sq = (a - b) ** 2
        return {"mean": sq.mean(), "sum": sq.sum(), "none": sq}[reduction]

    out_f, grads_f = _grads(lambda a, b: mse_loss(a, b, reduction), x, y, upstream=upstream)
    out_o, grads_o = _grads(ops_version, x, y, upstream=upstream)
    np.testing.assert_allclose(out_f, out_o, rtol=1e-12)
    for gf, go in zip(grads_f, grads_o, strict=True):
        np.testing.assert_allclose(gf, go, rtol=1e-12, atol=1e-14)


def test_mse_loss_bad_input():
    with pytest.raises(
        ValueError,
        match=r"mse_loss: expected input and target of the same "
        r"shape, got \(2,\) and \(3,\)",
    ):
        mse_loss(Tensor(np.ones(2)), np.ones(3))
