"""The gradient checker itself: it must pass correct backward passes and catch wrong ones."""

import numpy as np
import pytest

from dlnotes.gradcheck import check_module, numerical_gradient, relative_error
from dlnotes.nn import Linear, Module, MSELoss, Softmax


def test_numerical_gradient_of_a_cubic_is_accurate(rng):
    x = rng.normal(size=(3, 4))
    grad = numerical_gradient(lambda: float(np.sum(x**3)), x)
    np.testing.assert_allclose(grad, 3 * x**2, rtol=1e-8, atol=1e-8)


def test_numerical_gradient_restores_its_input(rng):
    x = rng.normal(size=5)
    before = x.copy()
    numerical_gradient(lambda: float(np.sum(np.sin(x))), x)
    np.testing.assert_array_equal(x, before)


def test_numerical_gradient_rejects_integer_arrays():
    with pytest.raises(TypeError, match="numerical_gradient: expected a floating numpy array"):
        numerical_gradient(lambda: 0.0, np.arange(3))


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
    numeric_of_sum = numerical_gradient(lambda: float(module(x).sum()), x)
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
