"""Strong Wolfe line search, conjugate gradients, BFGS and L-BFGS (§8.6), against scipy."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.book.objectives import Beale, Rosenbrock
from dlnotes.numerics import (
    bfgs,
    bfgs_inverse_update,
    lbfgs,
    lbfgs_direction,
    linear_conjugate_gradient,
    nonlinear_conjugate_gradient,
    satisfies_wolfe,
    wolfe_line_search,
)

optimize = pytest.importorskip("scipy.optimize")

METHODS = {
    "cg": (nonlinear_conjugate_gradient, "CG"),
    "bfgs": (bfgs, "BFGS"),
    "lbfgs": (lbfgs, "L-BFGS-B"),
}


def _spd(rng, n, kappa):
    Q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    return Q @ np.diag(np.geomspace(1.0, kappa, n)) @ Q.T


def _quadratic(A, b):
    return (lambda x: float(0.5 * x @ A @ x - b @ x)), (lambda x: A @ x - b)


# -- line search -------------------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), alpha0=st.floats(1e-3, 1e3))
def test_wolfe_step_satisfies_both_conditions(seed, alpha0):
    rng = np.random.default_rng(seed)
    f = Rosenbrock()
    x = rng.uniform(-2, 2, 2)
    d = -f.grad(x)
    res = wolfe_line_search(f, f.grad, x, d, alpha0=alpha0, c2=0.4, max_evals=60)
    assert res.success
    assert satisfies_wolfe(f, f.grad, x, d, res.alpha, c2=0.4)
    assert res.fun == pytest.approx(float(f(x + res.alpha * d)))


def test_wolfe_rejects_ascent_direction():
    f = Rosenbrock()
    x = np.array([0.0, 0.0])
    with pytest.raises(ValueError, match="wolfe_line_search: expected a descent direction"):
        wolfe_line_search(f, f.grad, x, f.grad(x))


def test_satisfies_wolfe_rejects_too_long_and_too_short_steps():
    f, g = (lambda x: float(x @ x)), (lambda x: 2 * x)
    x, d = np.array([1.0]), np.array([-1.0])
    assert satisfies_wolfe(f, g, x, d, 1.0)
    assert not satisfies_wolfe(f, g, x, d, 2.0)  # no decrease
    assert not satisfies_wolfe(f, g, x, d, 1e-3)  # slope still steep


# -- linear conjugate gradients ----------------------------------------------------------------


def test_linear_cg_terminates_in_n_steps_at_moderate_conditioning(rng):
    n = 12
    A, b = _spd(rng, n, 10.0), rng.standard_normal(n)
    res = linear_conjugate_gradient(A, b)
    assert res.converged and res.num_iter <= n
    np.testing.assert_allclose(res.x, np.linalg.solve(A, b), rtol=1e-8)


def test_linear_cg_after_n_steps_is_close_but_not_exact_at_kappa_100(rng):
    n = 12
    A, b = _spd(rng, n, 100.0), rng.standard_normal(n)
    res = linear_conjugate_gradient(A, b)
    assert res.residual_norms[n] < 1e-5 * np.linalg.norm(b)
    assert res.converged and res.num_iter > n  # rounding: tol 1e-10 needs a few more steps


@pytest.mark.parametrize(("kappa", "exact"), [(10.0, True), (1e3, False), (1e6, False)])
def test_linear_cg_steps_on_the_pages_diagonal_problem(kappa, exact):
    # The page's demo: A = diag(geomspace(1, kappa, 20)), b = 1. In exact arithmetic n = 20
    # steps always suffice; in floating point rounding destroys conjugacy when kappa is large.
    n = 20
    A, b = np.diag(np.geomspace(1.0, kappa, n)), np.ones(n)
    res = linear_conjugate_gradient(A, b)
    assert res.converged
    assert (res.num_iter <= n) == exact
    np.testing.assert_allclose(A @ res.x, b, atol=1e-8)


def test_linear_cg_directions_are_conjugate_and_residuals_orthogonal(rng):
    n = 8
    A, b = _spd(rng, n, 30.0), rng.standard_normal(n)
    res = linear_conjugate_gradient(A, b)
    D = res.directions
    C = D @ A @ D.T
    off = C - np.diag(np.diag(C))
    assert np.abs(off).max() < 1e-8 * np.abs(np.diag(C)).max()
    R = b - res.path[:-1] @ A.T  # residuals r_0 .. r_{k-1}
    G = R @ R.T
    assert np.abs(G - np.diag(np.diag(G))).max() < 1e-8 * np.diag(G).max()


def test_linear_cg_validates_input():
    with pytest.raises(ValueError, match="linear_conjugate_gradient: expected a symmetric"):
        linear_conjugate_gradient(np.array([[1.0, 2.0], [0.0, 1.0]]), np.ones(2))
    with pytest.raises(ValueError, match="positive definite"):
        linear_conjugate_gradient(-np.eye(2), np.ones(2))
    A = np.eye(2)
    linear_conjugate_gradient(A, np.ones(2))
    np.testing.assert_array_equal(A, np.eye(2))  # input not mutated


# -- nonlinear methods against scipy -----------------------------------------------------------


@pytest.mark.parametrize("name", sorted(METHODS))
def test_quadratic_matches_scipy(rng, name):
    ours, scipy_name = METHODS[name]
    n = 10
    A, b = _spd(rng, n, 1000.0), rng.standard_normal(n)
    f, g = _quadratic(A, b)
    x0 = np.zeros(n)
    res = ours(f, g, x0, gtol=1e-5)
    ref = optimize.minimize(f, x0, jac=g, method=scipy_name, options={"gtol": 1e-5})
    assert res.converged
    np.testing.assert_allclose(res.x, np.linalg.solve(A, b), atol=1e-4)
    np.testing.assert_allclose(res.x, ref.x, atol=1e-4)
    assert res.num_iter <= 3 * ref.nit + 5
    if name == "cg":  # inexact line searches and restarts: more than linear CG's n steps
        assert res.num_iter > n


@pytest.mark.parametrize("problem", ["rosenbrock", "beale"])
@pytest.mark.parametrize("name", sorted(METHODS))
def test_nonconvex_matches_scipy(name, problem):
    ours, scipy_name = METHODS[name]
    f, x0 = (
        (Rosenbrock(), np.array([-1.2, 1.0]))
        if problem == "rosenbrock"
        else (
            Beale(),
            np.array([1.0, 1.5]),
        )
    )
    res = ours(f, f.grad, x0, gtol=1e-5)
    ref = optimize.minimize(lambda x: float(f(x)), x0, jac=f.grad, method=scipy_name)
    assert res.converged
    np.testing.assert_allclose(res.x, f.minimizer, atol=1e-4)
    np.testing.assert_allclose(res.x, ref.x, atol=1e-4)
    assert res.num_iter <= 2 * ref.nit + 5


def test_bfgs_update_satisfies_secant_and_stays_positive_definite(rng):
    M = np.eye(4)
    for _ in range(5):
        s = rng.standard_normal(4)
        y = _spd(rng, 4, 10.0) @ s  # y^T s > 0
        M = bfgs_inverse_update(M, s, y)
        np.testing.assert_allclose(M @ y, s, atol=1e-10)
        assert np.linalg.eigvalsh(0.5 * (M + M.T)).min() > 0


def test_bfgs_on_quadratic_recovers_inverse_hessian(rng):
    # With exact line searches BFGS on a quadratic ends with M = A^{-1} after n steps; the
    # Wolfe search is inexact, so only approximately, but along the path M y = s holds.
    A = _spd(rng, 3, 5.0)
    pairs = [(s, A @ s) for s in rng.standard_normal((3, 3))]
    s, y = pairs[-1]
    M = (s @ y) / (y @ y) * np.eye(3)
    for s, y in pairs:
        M = bfgs_inverse_update(M, s, y)
    g = rng.standard_normal(3)
    np.testing.assert_allclose(lbfgs_direction(g, pairs), -M @ g, rtol=1e-10)


def test_lbfgs_with_short_memory_still_converges():
    f = Rosenbrock()
    res = lbfgs(f, f.grad, [-1.2, 1.0], history_size=2)
    assert res.converged
    np.testing.assert_allclose(res.x, [1.0, 1.0], atol=1e-4)


def test_optimizers_validate_input():
    f = Rosenbrock()
    with pytest.raises(TypeError, match="bfgs: expected f and grad to be callable"):
        bfgs(f, None, [0.0, 0.0])
    with pytest.raises(ValueError, match="nonlinear_conjugate_gradient: expected beta"):
        nonlinear_conjugate_gradient(f, f.grad, [0.0, 0.0], beta="hestenes")
    x0 = np.array([-1.2, 1.0])
    lbfgs(f, f.grad, x0)
    np.testing.assert_array_equal(x0, [-1.2, 1.0])


@pytest.mark.parametrize("kappa", [10.0, 1e3, 1e6])
def test_linear_cg_error_in_the_a_norm_never_increases(kappa):
    # The residual may rise (the page's figure shows it); the A-norm of the error may not.
    n = 20
    A, b = np.diag(np.geomspace(1.0, kappa, n)), np.ones(n)
    res = linear_conjugate_gradient(A, b)
    E = res.path - np.linalg.solve(A, b)
    a_norm = np.sqrt(np.einsum("ti,ij,tj->t", E, A, E))
    assert np.all(np.diff(a_norm) <= 1e-12 * a_norm[0])
    if kappa > 100:  # while the residual does go up somewhere
        assert np.any(np.diff(res.residual_norms) > 0)
