"""Every elementary Tensor operation against central differences (float64, random upstream)."""

from __future__ import annotations

import numpy as np
import pytest
from autograd_gradcheck import check_gradients

from dlnotes.autograd import Tensor


@pytest.fixture
def r(rng):
    return lambda *shape: rng.normal(size=shape)


BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
}


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_ops_same_shape(r, name):
    b = r(3, 4)
    b = np.where(np.abs(b) < 0.3, 0.5, b) if name == "div" else b
    check_gradients(BINARY[name], r(3, 4), b)


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_ops_broadcast(r, name):
    b = np.abs(r(1, 4)) + 0.5 if name == "div" else r(1, 4)
    check_gradients(BINARY[name], r(2, 3, 1), b)


def test_reflected_ops_with_scalars(r):
    check_gradients(lambda a: 2.0 + a, r(3))
    check_gradients(lambda a: 2.0 - a, r(3))
    check_gradients(lambda a: 2.0 * a, r(3))
    check_gradients(lambda a: 2.0 / (a * a + 1), r(3))
    check_gradients(lambda a: 2.0**a, r(3))
    check_gradients(lambda a: -a, r(3))


def test_reflected_ops_with_ndarray_operand(r):
    a = Tensor(r(3), requires_grad=True)
    out = np.ones(3) * a + np.ones(3)  # ndarray on the left must defer to Tensor
    assert isinstance(out, Tensor)
    out.backward(np.arange(3.0))
    np.testing.assert_array_equal(a.grad, np.arange(3.0))


@pytest.mark.parametrize("exponent", [2, 3, 0.5, -1.5, 0])
def test_pow_scalar(r, exponent):
    check_gradients(lambda a: a**exponent, np.abs(r(2, 3)) + 0.5)


def test_pow_tensor_exponent(r):
    check_gradients(lambda a, b: a**b, np.abs(r(2, 3)) + 0.5, r(3))


def test_pow_zero_base_gives_zero_exponent_gradient():
    a, b = Tensor([0.0, 2.0]), Tensor([2.0, 1.0], requires_grad=True)
    (a**b).sum().backward()
    assert b.grad[0] == 0.0
    assert b.grad[1] == pytest.approx(2 * np.log(2))


@pytest.mark.parametrize("method", ["exp", "tanh", "sigmoid"])
def test_unary(r, method):
    check_gradients(lambda a: getattr(a, method)(), r(3, 4))


def test_log(r):
    check_gradients(lambda a: a.log(), np.abs(r(3, 4)) + 0.1)


def test_relu_away_from_zero(r):
    x = r(3, 4)
    x = np.where(np.abs(x) < 0.05, 0.5, x)
    check_gradients(lambda a: a.relu(), x)


def test_relu_derivative_is_zero_at_zero():
    x = Tensor([0.0, 1.0], requires_grad=True)
    x.relu().sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 1.0])


def test_sigmoid_is_stable_for_huge_inputs():
    x = Tensor([-1e4, 1e4], requires_grad=True)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        y = x.sigmoid()
        y.sum().backward()
    np.testing.assert_array_equal(y.data, [0.0, 1.0])
    np.testing.assert_array_equal(x.grad, [0.0, 0.0])


@pytest.mark.parametrize("axis", [None, 0, 1, -1, (0, 2)])
@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("method", ["sum", "mean", "max"])
def test_reductions(r, axis, keepdims, method):
    check_gradients(lambda a: getattr(a, method)(axis=axis, keepdims=keepdims), r(2, 3, 4))


def test_max_splits_gradient_between_ties():
    x = Tensor([[1.0, 5.0, 5.0], [2.0, 0.0, 1.0]], requires_grad=True)
    x.max(axis=1).backward(np.array([2.0, 3.0]))
    np.testing.assert_array_equal(x.grad, [[0.0, 1.0, 1.0], [3.0, 0.0, 0.0]])


def test_reshape_transpose_T(r):
    check_gradients(lambda a: a.reshape(4, 6), r(2, 3, 4))
    check_gradients(lambda a: a.reshape((3, -1)), r(2, 3, 4))
    check_gradients(lambda a: a.transpose(2, 0, 1), r(2, 3, 4))
    check_gradients(lambda a: a.transpose(), r(2, 3, 4))
    check_gradients(lambda a: a.T, r(3, 5))


@pytest.mark.parametrize(
    "key",
    [
        (slice(None), 1),
        (slice(0, 2), slice(None, None, 2)),
        np.array([2, 0, 2, 2]),
        (np.array([0, 1, 1]), np.array([3, 0, 0])),
        (Ellipsis, None, 1),
        -1,
    ],
)
def test_indexing(r, key):
    check_gradients(lambda a: a[key], r(3, 4))


def test_boolean_mask_indexing(r):
    x = r(3, 4)
    mask = x > 0
    check_gradients(lambda a: a[mask], x)


def test_repeated_indices_accumulate():
    x = Tensor(np.zeros(4), requires_grad=True)
    x[np.array([1, 1, 1, 3])].backward(np.array([1.0, 2.0, 4.0, 8.0]))
    np.testing.assert_array_equal(x.grad, [0.0, 7.0, 0.0, 8.0])


def test_list_index_is_an_integer_array():
    x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    x[[0, 0]].sum().backward()
    np.testing.assert_array_equal(x.grad, [2.0, 0.0, 0.0])


@pytest.mark.parametrize(
    ("a_shape", "b_shape"),
    [
        ((3, 4), (4, 5)),
        ((2, 3, 4), (4, 5)),
        ((2, 1, 3, 4), (5, 4, 2)),
        ((4,), (4, 5)),
        ((3, 4), (4,)),
        ((4,), (4,)),
        ((2, 3, 4), (4,)),
    ],
)
def test_matmul(r, a_shape, b_shape):
    check_gradients(lambda a, b: a @ b, r(*a_shape), r(*b_shape))
    check_gradients(lambda a, b: a.matmul(b), r(*a_shape), r(*b_shape))


def test_shared_subexpression_accumulates(r):
    # x feeds three consumers; its gradient is the sum of the three paths (§6.5.2).
    check_gradients(lambda x: (x * x.exp() + x.tanh()).sum(axis=0), r(3, 2))


def test_composite_mlp(r):
    def mlp(x, w1, b1, w2):
        return ((x @ w1 + b1).tanh() @ w2).sigmoid().mean(axis=0)

    check_gradients(mlp, r(5, 3), r(3, 4), r(4), r(4, 2))
