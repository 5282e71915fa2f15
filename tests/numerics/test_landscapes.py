"""The saddle between two minima and the cliff of §8.2.3–8.2.4."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.gradcheck import numerical_gradient
from dlnotes.numerics import (
    Cliff,
    SaddleWithMinima,
    classify_critical_point,
    clipped_gradient_descent,
    gradient_descent,
    newton_method,
)


@pytest.mark.parametrize("landscape", [SaddleWithMinima(), Cliff()])
def test_gradients_match_finite_differences(rng, landscape):
    for x in rng.uniform(-1.0, 1.0, (5, 2)):
        num = numerical_gradient(lambda p: float(landscape(p)), x.copy())
        np.testing.assert_allclose(landscape.grad(x), num, rtol=1e-5, atol=1e-6)


def test_saddle_hessian_and_critical_points():
    f = SaddleWithMinima()
    assert classify_critical_point(f.hessian(f.saddle)) == "saddle point"
    for m in f.minima:
        np.testing.assert_array_equal(f.grad(m), 0.0)
        assert classify_critical_point(f.hessian(m)) == "local minimum"


def test_newton_goes_to_the_saddle_gradient_descent_to_a_minimum():
    # The page's demo: from (0.6, 0.3), inside |y| < 1/sqrt(3), where the Hessian is indefinite.
    f = SaddleWithMinima()
    x0 = [0.6, 0.3]
    newton = newton_method(f.grad, f.hessian, x0, 20)
    gd = gradient_descent(f.grad, x0, 0.1, 200)
    np.testing.assert_allclose(newton[-1], f.saddle, atol=1e-10)
    assert np.any(np.linalg.norm(newton, axis=1) < 1e-12)  # reached to rounding, within 20 steps
    np.testing.assert_allclose(gd[-1], f.minima[1], atol=1e-6)
    assert float(f(gd[-1])) < float(f(newton[-1]))


@pytest.mark.parametrize("y0", [0.05, 0.3, 0.44])
def test_newton_converges_to_the_saddle_from_inside_one_over_sqrt_5(y0):
    f = SaddleWithMinima()
    path = newton_method(f.grad, f.hessian, [0.7, y0], 30)
    assert np.all(np.diff(np.abs(path[:, 1])) <= 0)  # |y| never grows
    assert abs(path[1, 1]) < y0
    np.testing.assert_allclose(path[-1], f.saddle, atol=1e-12)


def test_newton_is_pushed_away_between_one_over_sqrt_5_and_one_over_sqrt_3():
    f = SaddleWithMinima()
    y0 = 0.5  # 1/sqrt5 = 0.447 < 0.5 < 0.577 = 1/sqrt3: indefinite Hessian, yet |y| grows
    step = newton_method(f.grad, f.hessian, [0.0, y0], 1)
    assert abs(step[1, 1]) > y0


def test_clipping_bounds_every_step_while_plain_descent_is_thrown_off_the_cliff():
    f = Cliff()
    x0, lr = [-0.3, 1.0], 0.1
    plain = clipped_gradient_descent(f, x0, lr=lr, num_steps=60)
    clipped = clipped_gradient_descent(f, x0, lr=lr, num_steps=60, max_norm=1.0)
    steps_plain = np.linalg.norm(np.diff(plain, axis=0), axis=1)
    steps_clipped = np.linalg.norm(np.diff(clipped, axis=0), axis=1)
    assert steps_clipped.max() <= lr * 1.0 + 1e-12
    assert steps_plain.max() > 10 * steps_clipped.max()  # one huge jump off the cliff face
    assert np.abs(plain[:, 0]).max() > 5 * abs(f.minimizer[0])  # far past the minimum
    assert np.linalg.norm(clipped[-1] - f.minimizer) < 0.05


def test_cliff_minimizer_is_a_minimum():
    f = Cliff()
    np.testing.assert_allclose(f.grad(f.minimizer), 0.0, atol=1e-8)


def test_landscapes_validate_shape():
    with pytest.raises(ValueError, match="SaddleWithMinima: expected x with last dimension 2"):
        SaddleWithMinima()(np.zeros(3))
    with pytest.raises(ValueError, match="Cliff: expected"):
        Cliff(width=0.0)
