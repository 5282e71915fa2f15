"""The gradient checker itself: it must pass correct backward passes and catch wrong ones."""

import numpy as np
import pytest

from dlnotes.gradcheck import (
    check_module,
    numerical_gradient,
    numerical_gradient_in_place,
    relative_error,
)
from dlnotes.nn import Linear, Module, MSELoss, Softmax


def test_numerical_gradient_of_a_cubic_is_accurate(rng):
    x = rng.normal(size=(3, 4))
    grad = numerical_gradient(lambda x: float(np.sum(x**3)), x)
    np.testing.assert_allclose(grad, 3 * x**2, rtol=1e-8, atol=1e-8)


def test_numerical_gradient_restores_its_input(rng):
    x = rng.normal(size=5)
    before = x.copy()
    numerical_gradient(lambda x: float(np.sum(np.sin(x))), x)
    np.testing.assert_array_equal(x, before)


def test_numerical_gradient_rejects_integer_arrays():
    with pytest.raises(TypeError, match="numerical_gradient: expected a floating numpy array"):
        numerical_gradient(lambda x: 0.0, np.arange(3))


def test_numerical_gradient_calls_f_of_x_and_never_touches_x(rng):
    # A reader's lambda x: ... works, and f never receives (or perturbs) the caller's array.
    x = rng.normal(size=(2, 3))
    before = x.copy()
    seen = []

    def f(z):
        seen.append(z is x or np.shares_memory(z, x))
        np.testing.assert_array_equal(x, before)  # x unchanged even during the evaluations
        return (z**2).sum()

    np.testing.assert_allclose(numerical_gradient(f, x), 2 * x, atol=1e-7)
    assert not any(seen)
    np.testing.assert_array_equal(x, before)


@pytest.mark.parametrize(
    "make",
    [
        lambda rng: np.array(0.7),  # 0-d
        lambda rng: rng.normal(size=(2, 3, 4)),
        lambda rng: rng.normal(size=(4, 6))[::2, ::3],  # a non-contiguous view
        lambda rng: np.asfortranarray(rng.normal(size=(3, 5))),
        lambda rng: rng.normal(size=(3, 4)).T,
    ],
)
def test_numerical_gradient_works_for_any_shape_and_layout(make, rng):
    x = make(rng)
    grad = numerical_gradient(
        lambda z: float(np.sum(np.sin(z) * np.arange(z.size).reshape(z.shape))), x
    )
    assert grad.shape == x.shape and grad.dtype == x.dtype
    np.testing.assert_allclose(grad, np.cos(x) * np.arange(x.size).reshape(x.shape), atol=1e-7)


def test_numerical_gradient_in_place_differentiates_a_closure_and_restores(rng):
    w = rng.normal(size=(3, 2))[:, ::-1]  # a view: perturbations write through to the base
    before = w.copy()
    grad = numerical_gradient_in_place(lambda: float(np.sum(w**3)), w)
    np.testing.assert_allclose(grad, 3 * before**2, rtol=1e-7, atol=1e-8)
    np.testing.assert_array_equal(w, before)


def test_numerical_gradient_in_place_restores_x_when_f_raises():
    x = np.array([1.0, 2.0])

    def f():
        raise ArithmeticError("boom")

    with pytest.raises(ArithmeticError):
        numerical_gradient_in_place(f, x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_numerical_gradient_in_place_rejects_read_only_and_integer_arrays():
    x = np.ones(3)
    x.flags.writeable = False
    with pytest.raises(ValueError, match="numerical_gradient_in_place: expected a writeable"):
        numerical_gradient_in_place(lambda: 0.0, x)
    with pytest.raises(TypeError, match="numerical_gradient_in_place: expected a floating"):
        numerical_gradient_in_place(lambda: 0.0, np.arange(3))


def test_correct_module_passes(rng):
    check_module(Linear(4, 3, rng=rng), rng.normal(size=(5, 4)), rng=rng)


class ScaledLinear(Linear):
    """A Linear whose weight gradient is wrong by a factor of two."""

    def backward(self, grad_output):
        grad_input = super().backward(grad_output)
        self.weight.grad *= 2
        return grad_input


def test_wrong_parameter_gradient_is_reported_by_name(rng):
    with pytest.raises(AssertionError) as error:
        check_module(ScaledLinear(4, 3, rng=rng), rng.normal(size=(5, 4)), rng=rng)
    report = str(error.value)
    assert "weight" in report and "FAIL" in report
    assert "bias" in report and " ok" in report


class SoftmaxWithoutJacobian(Module):
    """Softmax whose backward forgets the coupling term: right only for an all-ones upstream."""

    def forward(self, x):
        self.out = Softmax(dim=-1)(x)
        return self.out

    def backward(self, grad_output):
        return np.zeros_like(grad_output)


def test_random_upstream_gradient_catches_what_a_sum_hides(rng):
    x = rng.normal(size=(2, 5))
    module = SoftmaxWithoutJacobian()
    # Under sum() the true input gradient of softmax is zero, so this wrong backward would pass.
    numeric_of_sum = numerical_gradient(lambda x: float(module(x).sum()), x)
    assert np.abs(numeric_of_sum).max() < 1e-8
    with pytest.raises(AssertionError, match="gradient check failed"):
        check_module(module, x, rng=rng)


def test_fixed_inputs_hold_a_float_target_still(rng):
    x, target = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    check_module(MSELoss(), x, target, rng=rng, fixed_inputs=(1,))


def test_relative_error_is_scale_free():
    a = np.array([1.0, 2.0])
    assert relative_error(a, a) == 0.0
    assert relative_error(1e6 * a, 1e6 * (a + 1e-3)) == pytest.approx(relative_error(a, a + 1e-3))
