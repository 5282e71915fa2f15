"""Least squares three ways and the norm-constrained version with its KKT check (§4.4–4.5)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.numerics import (
    constrained_least_squares,
    kkt_residuals,
    lagrangian_minimizer,
    least_squares_gradient_descent,
    least_squares_loss,
    least_squares_newton,
    least_squares_pinv,
    satisfies_kkt,
)


@pytest.fixture
def system(rng):
    A = rng.standard_normal((20, 3))
    b = A @ np.array([2.0, -1.0, 1.5]) + 0.1 * rng.standard_normal(20)
    return A, b


def test_three_least_squares_methods_agree(system):
    A, b = system
    exact = np.linalg.lstsq(A, b, rcond=None)[0]
    np.testing.assert_allclose(least_squares_pinv(A, b), exact, rtol=1e-10)
    newton = least_squares_newton(A, b)
    assert newton.shape == (2, 3)
    np.testing.assert_allclose(newton[-1], exact, rtol=1e-10)
    np.testing.assert_allclose(least_squares_gradient_descent(A, b, 2000)[-1], exact, rtol=1e-8)
    losses = least_squares_loss(A, b, least_squares_gradient_descent(A, b, 50))
    assert np.all(np.diff(losses) <= 1e-12)  # monotone descent with lr = 1 / lambda_max


def test_constrained_solution_satisfies_kkt(system):
    A, b = system
    assert np.linalg.norm(least_squares_pinv(A, b)) > 1  # so the constraint is active
    sol = constrained_least_squares(A, b, radius=1.0)
    assert sol.lam > 0
    assert np.linalg.norm(sol.x) == pytest.approx(1.0, abs=1e-10)
    assert satisfies_kkt(A, b, sol.x, sol.lam, 1.0, tol=1e-8)
    # The book's ascent on lambda converges to the same multiplier.
    assert sol.lam_path[-1] == pytest.approx(sol.lam, rel=1e-4)
    np.testing.assert_allclose(sol.x_path[-1], sol.x, atol=1e-4)
    # No feasible point on a fine circle does better.
    theta = np.linspace(0, 2 * np.pi, 2001)
    phi = np.linspace(0, np.pi, 1001)
    T, P = np.meshgrid(theta, phi)
    sphere = np.stack([np.sin(P) * np.cos(T), np.sin(P) * np.sin(T), np.cos(P)], -1)
    assert least_squares_loss(A, b, sol.x) <= least_squares_loss(A, b, sphere).min() + 1e-9


def test_inactive_constraint_gives_lambda_zero(system):
    A, b = system
    sol = constrained_least_squares(A, b, radius=10.0)
    assert sol.lam == 0.0
    np.testing.assert_allclose(sol.x, least_squares_pinv(A, b), rtol=1e-10)
    assert satisfies_kkt(A, b, sol.x, 0.0, 10.0)


def test_kkt_detects_violations(system):
    A, b = system
    sol = constrained_least_squares(A, b)
    x_unc = least_squares_pinv(A, b)
    assert kkt_residuals(A, b, x_unc, 0.0)["primal_feasibility"] > 0
    assert kkt_residuals(A, b, sol.x, -sol.lam)["dual_feasibility"] > 0
    assert kkt_residuals(A, b, 0.5 * sol.x, sol.lam)["complementary_slackness"] > 0
    assert kkt_residuals(A, b, sol.x, 2 * sol.lam)["stationarity"] > 0
    assert not satisfies_kkt(A, b, 0.5 * sol.x, sol.lam)


@settings(max_examples=25, deadline=None)
@given(lam1=st.floats(0, 10), lam2=st.floats(0, 10))
def test_norm_of_lagrangian_minimizer_decreases_with_lambda(lam1, lam2):
    rng = np.random.default_rng(1)
    A, b = rng.standard_normal((6, 3)), rng.standard_normal(6)
    lo, hi = sorted([lam1, lam2])
    assert (
        np.linalg.norm(lagrangian_minimizer(A, b, hi))
        <= np.linalg.norm(lagrangian_minimizer(A, b, lo)) + 1e-12
    )


def test_bad_input(system):
    A, b = system
    with pytest.raises(ValueError, match="constrained_least_squares: expected A of shape"):
        constrained_least_squares(A, b[:5])
    with pytest.raises(ValueError, match="constrained_least_squares: expected radius in"):
        constrained_least_squares(A, b, radius=0.0)
    with pytest.raises(ValueError, match="kkt_residuals: expected x of shape"):
        kkt_residuals(A, b, np.ones(2), 0.0)
    with pytest.raises(ValueError, match="lagrangian_minimizer: expected lam in"):
        lagrangian_minimizer(A, b, -1.0)
