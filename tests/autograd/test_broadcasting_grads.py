"""Un-broadcasting: gradients come back in each operand's shape, summed over its uses."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.autograd import Tensor, unbroadcast


def test_unbroadcast_sums_prepended_and_stretched_axes():
    g = np.arange(24.0).reshape(2, 3, 4)
    np.testing.assert_array_equal(unbroadcast(g, (3, 4)), g.sum(axis=0))
    np.testing.assert_array_equal(unbroadcast(g, (3, 1)), g.sum(axis=(0, 2))[:, None])
    np.testing.assert_array_equal(unbroadcast(g, (1, 1, 4)), g.sum(axis=(0, 1))[None, None])
    assert unbroadcast(g, ()).shape == () and unbroadcast(g, ()) == g.sum()
    assert unbroadcast(g, (2, 3, 4)) is g


def test_unbroadcast_rejects_shapes_that_do_not_broadcast():
    with pytest.raises(
        ValueError,
        match=r"unbroadcast: expected a gradient whose shape "
        r"broadcasts from \(5,\), got \(2, 3\)",
    ):
        unbroadcast(np.ones((2, 3)), (5,))
    with pytest.raises(ValueError, match="unbroadcast: expected"):
        unbroadcast(np.ones(3), (2, 3))


def test_unbroadcast_keeps_float32():
    assert unbroadcast(np.ones((4, 3), np.float32), (3,)).dtype == np.float32


@st.composite
def broadcast_pair(draw):
    """Two shapes that broadcast: a common shape with some axes set to 1 or dropped in each."""
    ndim = draw(st.integers(0, 4))
    full = draw(st.lists(st.integers(1, 4), min_size=ndim, max_size=ndim))

    def operand():
        shape = [1 if draw(st.booleans()) else n for n in full]
        drop = draw(st.integers(0, len(shape)))
        return tuple(shape[drop:])

    return operand(), operand()


@settings(max_examples=25, deadline=None)
@given(
    broadcast_pair(),
    st.sampled_from(["add", "sub", "mul", "div", "pow"]),
    st.integers(0, 2**32 - 1),
)
def test_gradients_have_operand_shapes_and_equal_explicit_sums(shapes, op, seed):
    rng = np.random.default_rng(seed)
    a_shape, b_shape = shapes
    a_data = rng.uniform(0.5, 1.5, size=a_shape)
    b_data = rng.uniform(0.5, 1.5, size=b_shape)
    a, b = Tensor(a_data, requires_grad=True), Tensor(b_data, requires_grad=True)
    out = {"add": a + b, "sub": a - b, "mul": a * b, "div": a / b, "pow": a**b}[op]
    upstream = rng.normal(size=out.shape)
    out.backward(upstream)
    assert a.grad.shape == a_shape and b.grad.shape == b_shape
    # Reference: the element-wise derivative on the broadcast arrays, then summed over each
    # operand's uses by adding into it one broadcast position at a time.
    A, B = np.broadcast_arrays(a_data, b_data)
    local_a, local_b = {
        "add": (np.ones_like(A), np.ones_like(B)),
        "sub": (np.ones_like(A), -np.ones_like(B)),
        "mul": (B, A),
        "div": (1 / B, -A / B**2),
        "pow": (B * A ** (B - 1), A**B * np.log(A)),
    }[op]
    for grad, shape, local in ((a.grad, a_shape, local_a), (b.grad, b_shape, local_b)):
        expected = np.zeros(shape)
        offset = len(out.shape) - len(shape)
        for index in np.ndindex(*out.shape):
            target = tuple(0 if n == 1 else i for i, n in zip(index[offset:], shape, strict=True))
            expected[target] += upstream[index] * local[index]
        np.testing.assert_allclose(grad, expected, rtol=1e-10, atol=1e-12)


@settings(max_examples=25, deadline=None)
@given(
    st.integers(0, 3),
    st.integers(1, 3),
    st.integers(1, 4),
    st.integers(1, 4),
    st.integers(1, 4),
    st.booleans(),
)
def test_batched_matmul_gradients_have_operand_shapes(batch_ndim, batch, n, k, m, broadcast_b):
    rng = np.random.default_rng(0)
    a_shape = (batch,) * batch_ndim + (n, k)
    b_shape = ((1,) * batch_ndim if broadcast_b else (batch,) * batch_ndim) + (k, m)
    a = Tensor(rng.normal(size=a_shape), requires_grad=True)
    b = Tensor(
        rng.normal(size=b_shape[1:] if broadcast_b and batch_ndim else b_shape), requires_grad=True
    )
    out = a @ b
    out.backward(rng.normal(size=out.shape))
    assert a.grad.shape == a.shape and b.grad.shape == b.shape
