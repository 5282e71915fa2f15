"""Gradient descent, Newton's method, condition numbers, second-derivative test (§4.2–4.3)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.numerics import (
    Quadratic,
    classify_critical_point,
    condition_number,
    gradient_descent,
    newton_method,
    numerical_hessian,
    optimal_step_size,
    steps_to_tolerance,
)


def _random_spd(rng, n, kappa):
    Q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    return Q @ np.diag(np.geomspace(1.0, kappa, n)) @ Q.T


@pytest.mark.parametrize("factor,converges", [(0.95, True), (1.05, False)])
def test_gradient_descent_threshold_two_over_lambda_max(rng, factor, converges):
    A = _random_spd(rng, 3, 10.0)
    q = Quadratic(A, rng.standard_normal(3))
    lr = factor * 2.0 / q.eigenvalues[-1]
    path = gradient_descent(q.grad, np.zeros(3), lr, 600)
    err = np.linalg.norm(path[-1] - q.minimizer) / np.linalg.norm(q.minimizer)
    if converges:
        assert err < 1e-6
    else:
        assert err > 1e3  # the error grows like |1 - lr * lambda_max|^t


def test_gradient_descent_stops_when_diverged():
    path = gradient_descent(lambda x: 1e300 * x, np.array([1e10]), 1.0, 50)
    assert not np.isfinite(path[-1]).all() and len(path) < 51


def test_newton_solves_quadratic_in_one_step(rng):
    A = _random_spd(rng, 4, 1e4)
    q = Quadratic(A, rng.standard_normal(4))
    path = newton_method(q.grad, q.hessian, rng.standard_normal(4), 1)
    assert path.shape == (2, 4)
    np.testing.assert_allclose(path[-1], q.minimizer, rtol=1e-8)


def test_newton_is_attracted_to_a_saddle():
    # f(x, y) = x^2 - y^2 + y^4 / 4 has a saddle at 0; from near it Newton goes to the saddle.
    grad = lambda v: np.array([2 * v[0], -2 * v[1] + v[1] ** 3])  # noqa: E731
    hess = lambda v: np.diag([2.0, -2.0 + 3 * v[1] ** 2])  # noqa: E731
    path = newton_method(grad, hess, np.array([0.5, 0.1]), 10)
    assert np.linalg.norm(path[-1]) < 1e-10


def test_iterations_grow_with_condition_number(rng):
    steps = []
    for kappa in [1.0, 10.0, 100.0]:
        q = Quadratic(np.diag([1.0, kappa]))
        steps.append(steps_to_tolerance(q.grad, np.ones(2), np.zeros(2), 1.0 / kappa, 1e-6))
    assert steps[0] < steps[1] < steps[2]
    # With lr = 1/lambda_max the fast direction is solved in one step and the slow one
    # contracts by (1 - 1/kappa) per step, from 1 down to 1e-6 * |x0| = 1e-6 * sqrt(2).
    assert steps[2] == int(np.ceil(np.log(1e-6 * np.sqrt(2)) / np.log(1 - 1 / 100.0)))


def test_optimal_step_is_exact_line_search(rng):
    q = Quadratic(_random_spd(rng, 3, 5.0), rng.standard_normal(3))
    x = rng.standard_normal(3)
    g = q.grad(x)
    eps = optimal_step_size(g, q.A)
    grid = eps * np.linspace(0.5, 1.5, 101)
    values = q(x - grid[:, None] * g)
    assert np.argmin(values) == 50
    assert optimal_step_size(np.array([1.0, 0.0]), np.diag([-1.0, 1.0])) == np.inf


def test_condition_number(rng):
    assert condition_number(np.diag([2.0, -8.0])) == pytest.approx(4.0)
    assert condition_number(_random_spd(rng, 5, 1e3)) == pytest.approx(1e3, rel=1e-6)
    assert condition_number(np.zeros((2, 2))) == np.inf


def test_hilbert_matrix_error_within_condition_bound():
    n = 10
    H = 1.0 / (np.arange(n)[:, None] + np.arange(n)[None, :] + 1)
    kappa = condition_number(H)
    assert 1e13 < kappa < 1e14
    x = np.linalg.solve(H, H @ np.ones(n))
    rel_err = np.linalg.norm(x - 1) / np.sqrt(n)
    eps = np.finfo(float).eps
    assert 1e3 * eps < rel_err < eps * kappa


def test_zigzag_gradient_descent_versus_newton():
    # The chapter-4 figure: condition number 20, lr just below 2 / lambda_max = 0.1.
    q = Quadratic(np.array([[10.5, 9.5], [9.5, 10.5]]))
    np.testing.assert_allclose(q.eigenvalues, [1.0, 20.0])
    x0 = np.array([-2.0, 1.5])
    gd = gradient_descent(q.grad, x0, 0.09, 40)
    steps = np.diff(gd, axis=0)
    fast = np.array([1.0, 1.0]) / np.sqrt(2)  # eigenvector of lambda = 20
    assert np.all(np.sign(steps[:-1] @ fast) != np.sign(steps[1:] @ fast))  # zig-zag
    assert np.linalg.norm(gd[-1]) > 0.01
    assert np.linalg.norm(newton_method(q.grad, q.hessian, x0)[-1]) < 1e-12


def test_critical_points_of_cubic():
    f = lambda v: v[0] ** 3 - 3 * v[0] + v[1] ** 3 - 3 * v[1]  # noqa: E731
    expected = {
        (1, 1): "local minimum",
        (-1, -1): "local maximum",
        (1, -1): "saddle point",
        (-1, 1): "saddle point",
    }
    for point, kind in expected.items():
        H = numerical_hessian(f, np.array(point, dtype=float))
        np.testing.assert_allclose(H, np.diag([6.0 * point[0], 6.0 * point[1]]), atol=1e-5)
        assert classify_critical_point(H) == kind
    assert classify_critical_point(np.diag([1.0, 0.0])) == "inconclusive"


@settings(max_examples=25, deadline=None)
@given(a=st.floats(-5, 5), b=st.floats(-5, 5), c=st.floats(-5, 5))
def test_numerical_hessian_of_quadratic_is_exact(a, b, c):
    A = np.array([[a, b], [b, c]])
    H = numerical_hessian(lambda v: 0.5 * v @ A @ v, np.array([0.3, -0.7]), eps=1e-3)
    np.testing.assert_allclose(H, A, atol=1e-6)


def test_quadratic_float32_and_bad_input():
    q = Quadratic(np.eye(2, dtype=np.float32), dtype=np.float32)
    assert q.grad(np.ones(2, dtype=np.float32)).dtype == np.float32
    with pytest.raises(ValueError, match="Quadratic: expected a symmetric matrix A"):
        Quadratic(np.array([[1.0, 2.0], [0.0, 1.0]]))
    with pytest.raises(ValueError, match="Quadratic: expected b of shape"):
        Quadratic(np.eye(2), np.ones(3))
    with pytest.raises(ValueError, match="Quadratic: expected x with last dimension 2"):
        Quadratic(np.eye(2)).grad(np.ones(3))
    with pytest.raises(ValueError, match="gradient_descent: expected lr in"):
        gradient_descent(lambda x: x, np.ones(2), -0.1, 10)
    with pytest.raises(TypeError, match="newton_method: expected grad and hessian"):
        newton_method(None, None, np.ones(2))
    with pytest.raises(ValueError, match="classify_critical_point: expected a square Hessian"):
        classify_critical_point(np.ones((2, 3)))
    with pytest.raises(ValueError, match="condition_number: expected a square matrix"):
        condition_number(np.ones(3))


@pytest.mark.parametrize("kappa", [10.0, 100.0])
def test_best_constant_step_rate_is_kappa_minus_one_over_kappa_plus_one(kappa):
    # Goodfellow et al. §4.3.1; ch04, S3 and S4 state the same: epsilon = 2/(l_min + l_max)
    # multiplies the error by at most (kappa - 1)/(kappa + 1) per step (the worst case over
    # starting points, reached along both eigenvectors), and no constant step does better.
    q = Quadratic(np.diag([1.0, kappa]))

    def worst_rate(lr, num_steps=40):  # the per-step factor, worst over the eigenvectors
        ends = [gradient_descent(q.grad, e, lr=lr, num_steps=num_steps)[-1] for e in np.eye(2)]
        return max(np.linalg.norm(x) ** (1.0 / num_steps) for x in ends)

    best_lr = 2.0 / (1.0 + kappa)
    best = worst_rate(best_lr)
    np.testing.assert_allclose(best, (kappa - 1.0) / (kappa + 1.0), rtol=1e-9)
    for lr in np.linspace(0.2, 1.99, 40) / kappa:
        assert worst_rate(lr) >= best * (1.0 - 1e-12)
    # step counts follow: ln(1e6) / ln((kappa + 1)/(kappa - 1)) at the best step, about twice
    # as many at the safe step 1/l_max (rate 1 - 1/kappa)
    x0, x_star = np.ones(2), np.zeros(2)
    count = steps_to_tolerance(q.grad, x0, x_star, lr=best_lr, tol=1e-6)
    assert abs(count - np.log(1e6) / np.log((kappa + 1.0) / (kappa - 1.0))) <= 1.0
    safe = steps_to_tolerance(q.grad, x0, x_star, lr=1.0 / kappa, tol=1e-6)
    assert 1.8 < safe / count < 2.1


def test_condition_number_is_the_attained_worst_case_amplification(rng):
    # §4.2: a relative error eps in b becomes a relative error of up to kappa * eps in
    # x = A^-1 b, and the worst case is reached: b along the top eigenvector, the
    # perturbation along the bottom one.
    A = _random_spd(rng, 4, 50.0)
    lam, Q = np.linalg.eigh(A)
    kappa = condition_number(A)
    b, db = Q[:, -1], 1e-6 * Q[:, 0]
    x, dx = np.linalg.solve(A, b), np.linalg.solve(A, db)
    amplification = (np.linalg.norm(dx) / np.linalg.norm(x)) / (
        np.linalg.norm(db) / np.linalg.norm(b)
    )
    np.testing.assert_allclose(amplification, kappa, rtol=1e-9)
    for _ in range(20):  # and no other pair does better than kappa
        b, db = rng.standard_normal(4), 1e-6 * rng.standard_normal(4)
        x, dx = np.linalg.solve(A, b), np.linalg.solve(A, db)
        ratio = (np.linalg.norm(dx) / np.linalg.norm(x)) / (np.linalg.norm(db) / np.linalg.norm(b))
        assert ratio <= kappa * (1 + 1e-9)
