"""The engine: Function API, multi-output nodes, grad mode, gradient bookkeeping, errors, dtype."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.autograd import Context, Function, Tensor, is_grad_enabled, no_grad
from dlnotes.autograd.backprop import topological_order


class SplitHalves(Function):
    """A two-output function: the first and second half of a vector, scaled."""

    @staticmethod
    def forward(ctx, x, scale=1.0):
        ctx.half = x.shape[0] // 2
        ctx.scale = scale
        return x[: ctx.half] * scale, x[ctx.half :] * scale

    @staticmethod
    def backward(ctx, g_first, g_second):
        return np.concatenate([g_first, g_second]) * ctx.scale


def test_multi_output_function_returns_tuple_and_backpropagates():
    x = Tensor(np.arange(4.0), requires_grad=True)
    first, second = SplitHalves.apply(x, scale=3.0)
    assert first.shape == second.shape == (2,)
    (first * Tensor([1.0, 2.0]) + second * Tensor([10.0, 20.0])).sum().backward()
    np.testing.assert_array_equal(x.grad, [3.0, 6.0, 30.0, 60.0])


def test_unused_output_receives_zero_gradient():
    x = Tensor(np.arange(4.0), requires_grad=True)
    first, _ = SplitHalves.apply(x)
    first.sum().backward()
    np.testing.assert_array_equal(x.grad, [1.0, 1.0, 0.0, 0.0])


def test_context_saves_and_keeps_attributes():
    ctx = Context()
    a = np.ones(2)
    ctx.save_for_backward(a, None)
    assert ctx.saved_tensors[0] is a and ctx.saved_tensors[1] is None
    with pytest.raises(AttributeError):
        _ = ctx.never_set


def test_needs_input_grad_and_non_tensor_arguments():
    seen = {}

    class Scale(Function):
        @staticmethod
        def forward(ctx, x, factor, y):
            seen["flags"] = ctx.needs_input_grad
            seen["types"] = (type(x), type(factor), type(y))
            return x * factor + y

        @staticmethod
        def backward(ctx, g):
            return g * 2.0, None, None

    x = Tensor([1.0, 2.0], requires_grad=True)
    out = Scale.apply(x, 2.0, Tensor([0.0, 0.0]))
    assert seen["flags"] == (True, False, False)
    assert seen["types"] == (np.ndarray, float, np.ndarray)
    out.sum().backward()
    np.testing.assert_array_equal(x.grad, [2.0, 2.0])


def test_backward_returning_wrong_count_or_shape_is_a_clear_error():
    class TooFew(Function):
        @staticmethod
        def forward(ctx, a, b):
            return a + b

        @staticmethod
        def backward(ctx, g):
            return g

    class WrongShape(Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, g):
            return g.sum()

    a = Tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(ValueError, match=r"TooFew.backward: expected 2 gradient\(s\)"):
        TooFew.apply(a, a).sum().backward()
    with pytest.raises(ValueError, match=r"WrongShape.backward: expected gradient of shape \(2,\)"):
        WrongShape.apply(a).sum().backward()


def test_forward_must_return_arrays():
    class Bad(Function):
        @staticmethod
        def forward(ctx, a):
            return [1.0]

    with pytest.raises(TypeError, match="Bad.forward: expected a numpy.ndarray"):
        Bad.apply(Tensor([1.0]))


def test_no_grad_records_nothing():
    w = Tensor([1.0, 2.0], requires_grad=True)
    with no_grad():
        assert not is_grad_enabled()
        y = (w * 3).exp().sum()
    assert is_grad_enabled()
    assert not y.requires_grad and y.grad_fn is None and y.is_leaf
    with pytest.raises(RuntimeError, match="backward: expected a tensor that requires grad"):
        y.backward()


def test_no_grad_as_decorator_and_restores_after_exception():
    @no_grad()
    def f(t):
        return t * 2

    assert not f(Tensor([1.0], requires_grad=True)).requires_grad
    with pytest.raises(ZeroDivisionError), no_grad():
        1 / 0  # noqa: B018
    assert is_grad_enabled()


def test_nothing_recorded_without_requires_grad():
    y = Tensor([1.0]) * Tensor([2.0])
    assert not y.requires_grad and y.grad_fn is None


def test_leaf_gradients_accumulate_across_backward_calls():
    x = Tensor([1.0, 2.0], requires_grad=True)
    (x * x).sum().backward()
    (x * 3).sum().backward()
    np.testing.assert_array_equal(x.grad, [2.0 + 3.0, 4.0 + 3.0])
    x.zero_grad()
    assert x.grad is None
    x.zero_grad(set_to_none=False)
    np.testing.assert_array_equal(x.grad, [0.0, 0.0])


def test_intermediate_gradients_are_freed_unless_retained():
    x = Tensor([1.0, 2.0], requires_grad=True)
    h = x * 2
    kept = (h + 1).retain_grad()
    (kept * kept).sum().backward()
    assert h.grad is None
    np.testing.assert_array_equal(kept.grad, 2 * (2 * x.data + 1))
    np.testing.assert_array_equal(x.grad, 2 * kept.grad)


def test_graph_is_freed_after_backward_unless_retained():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = (x.exp() * x).sum()
    y.backward(retain_graph=True)
    first = x.grad.copy()
    y.backward()
    np.testing.assert_allclose(x.grad, 2 * first)
    with pytest.raises(RuntimeError, match="freed by a previous backward"):
        y.backward()


def test_backward_on_leaf_and_explicit_grad():
    x = Tensor([1.0, 2.0], requires_grad=True)
    x.backward(np.array([3.0, 4.0]))
    np.testing.assert_array_equal(x.grad, [3.0, 4.0])


def test_backward_bad_input():
    y = Tensor([1.0, 2.0], requires_grad=True) * 2
    with pytest.raises(
        ValueError,
        match=r"backward: expected a one-element tensor when grad is "
        r"omitted .*, got shape \(2,\)",
    ):
        y.backward()
    with pytest.raises(ValueError, match=r"backward: expected grad of shape \(2,\), got \(3,\)"):
        y.backward(np.ones(3))


def test_operation_bad_input_messages():
    a, b = Tensor(np.ones((2, 3))), Tensor(np.ones((4, 5)))
    with pytest.raises(ValueError, match=r"matmul: expected .*, got \(2, 3\) and \(4, 5\)"):
        a @ b
    with pytest.raises(ValueError, match=r"matmul: expected operands with at least one dim"):
        Tensor(1.0) @ a
    with pytest.raises(ValueError, match=r"matmul: expected .*batch shapes, got"):
        Tensor(np.ones((2, 3, 4))) @ Tensor(np.ones((3, 4, 5)))
    with pytest.raises(
        ValueError,
        match=r"add: expected operands with broadcast-compatible "
        r"shapes, got \(2, 3\) and \(4, 5\)",
    ):
        a + b
    with pytest.raises(ValueError, match=r"mul: expected operands with broadcast-compatible"):
        a * b
    with pytest.raises(ValueError, match=r"reshape: expected a shape with 6 elements"):
        a.reshape(4, 2)
    with pytest.raises(ValueError, match=r"transpose: expected a permutation of the 2 axes"):
        a.transpose(0, 0)
    with pytest.raises(ValueError, match=r"sum: expected axis in \[-2, 1\], got 2"):
        a.sum(axis=2)
    with pytest.raises(TypeError, match=r"mean: expected axis to be None, an int"):
        a.mean(axis=1.5)
    with pytest.raises(IndexError, match=r"index: expected a valid index for shape \(2, 3\)"):
        a[5]
    with pytest.raises(TypeError, match=r"index: expected ints, slices"):
        a[Tensor([0.0])]
    with pytest.raises(ValueError, match=r"item: expected a tensor with one element"):
        a.item()
    with pytest.raises(TypeError, match=r"Tensor: expected data to be a numeric array"):
        Tensor(["a", "b"])
    with pytest.raises(TypeError, match=r"Tensor: expected dtype float32 or float64"):
        Tensor([1.0], dtype=np.int32)


def test_topological_order_puts_producers_first():
    x = Tensor([1.0], requires_grad=True)
    a = x * 2
    b = a.exp()
    c = a + b  # a feeds c directly and through b
    order = topological_order(c.grad_fn)
    position = {id(node): i for i, node in enumerate(order)}
    assert position[id(a.grad_fn)] < position[id(b.grad_fn)] < position[id(c.grad_fn)]
    assert len(order) == 3


def test_tensor_basics():
    t = Tensor([[1, 2], [3, 4]])
    assert t.dtype == np.float64 and t.shape == (2, 2) and t.ndim == 2 and len(t) == 2
    assert t.numpy() is t.data
    assert Tensor([[2.5]]).item() == 2.5
    d = Tensor([1.0], requires_grad=True)
    assert not (d * 2).detach().requires_grad
    assert "requires_grad=True" in repr(d)
    assert Tensor(t).data is t.data


FLOAT32_CASES = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / (b * b + 1.0),
    "pow": lambda a, b: (a * a + 1.0) ** b,
    "matmul": lambda a, b: a @ b.T,
    "scalar_ops": lambda a, b: 2.0 * a - 1 + b / 3 + a**2,
    "unary": lambda a, b: a.exp() + b.tanh() + a.sigmoid() + b.relu() + (a * a + 1).log(),
    "reduce": lambda a, b: a.sum(axis=0) + b.mean(axis=0) + a.max(axis=0),
    "shape": lambda a, b: a.reshape(3, 2).T[0] + b[np.array([1, 1])].sum(axis=0)[:1],
}


@pytest.mark.parametrize("name", sorted(FLOAT32_CASES))
def test_float32_preserved_forward_and_backward(rng, name):
    a = Tensor(rng.normal(size=(2, 3)).astype(np.float32), requires_grad=True)
    b = Tensor(rng.normal(size=(2, 3)).astype(np.float32), requires_grad=True)
    out = FLOAT32_CASES[name](a, b)
    assert out.dtype == np.float32
    out.sum().backward()
    assert a.grad.dtype == np.float32 and b.grad.dtype == np.float32


def test_mixed_dtypes_promote_forward_and_cast_gradients_back():
    a = Tensor([1.0, 2.0], dtype=np.float32, requires_grad=True)
    b = Tensor([3.0, 4.0], requires_grad=True)
    out = a * b
    assert out.dtype == np.float64
    out.sum().backward()
    assert a.grad.dtype == np.float32 and b.grad.dtype == np.float64
