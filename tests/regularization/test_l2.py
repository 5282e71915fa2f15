"""L2 shrinkage along the Hessian's eigenvectors (§7.1.1), against the closed-form ridge."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.ml import fit_least_squares, fit_ridge
from dlnotes.regularization import (
    l2_regularized_optimum,
    l2_shrinkage,
    l2_shrinkage_factors,
    ridge_path,
)


def _regression(rng: np.random.Generator, n: int = 40, d: int = 3):
    X = rng.standard_normal((n, d)) * np.array([3.0, 1.0, 0.2])[:d]
    y = X @ rng.standard_normal(d) + 0.1 * rng.standard_normal(n)
    return X, y


def test_factors_are_lambda_over_lambda_plus_alpha():
    lam = np.array([0.0, 0.5, 2.0, 100.0])
    np.testing.assert_allclose(l2_shrinkage_factors(lam, 2.0), lam / (lam + 2.0))
    np.testing.assert_array_equal(l2_shrinkage_factors(lam, 0.0), np.ones(4))


def test_eigenbasis_optimum_is_the_ridge_solution(rng):
    X, y = _regression(rng)
    H, w_star = X.T @ X, fit_least_squares(X, y)
    for alpha in (0.0, 0.3, 5.0, 200.0):
        res = l2_shrinkage(H, w_star, alpha)
        np.testing.assert_allclose(res.w_tilde, fit_ridge(X, y, alpha), rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(res.w_tilde, l2_regularized_optimum(H, w_star, alpha))
        # each eigen-coordinate is multiplied by its own factor, nothing else
        np.testing.assert_allclose(res.w_tilde_coords, res.factors * res.w_star_coords)
        np.testing.assert_allclose(res.eigenvectors @ res.w_tilde_coords, res.w_tilde)


def test_ridge_agrees_with_scikit_learn(rng):
    from sklearn.linear_model import Ridge

    X, y = _regression(rng)
    w_star = fit_least_squares(X, y)
    ours = l2_shrinkage(X.T @ X, w_star, 3.0).w_tilde
    theirs = Ridge(alpha=3.0, fit_intercept=False).fit(X, y).coef_
    np.testing.assert_allclose(ours, theirs, rtol=1e-8)


def test_flat_directions_shrink_far_more_than_steep_ones():
    res = l2_shrinkage(np.diag([10.0, 0.1]), np.array([1.0, 1.0]), 1.0)
    # eigenvalues ascending: index 0 is the flat direction
    assert res.factors[0] < 0.1 < 0.9 < res.factors[1]
    np.testing.assert_allclose(np.sort(np.abs(res.w_tilde)), [0.1 / 1.1, 10.0 / 11.0])


def test_ridge_path_runs_from_w_star_to_the_origin_with_falling_norm(rng):
    X, y = _regression(rng)
    H, w_star = X.T @ X, fit_least_squares(X, y)
    path = ridge_path(H, w_star, np.geomspace(1e-6, 1e8, 30))
    np.testing.assert_allclose(path[0], w_star, rtol=1e-5)
    assert np.linalg.norm(path[-1]) < 1e-4 * np.linalg.norm(w_star)
    assert np.all(np.diff(np.linalg.norm(path, axis=1)) < 0)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.floats(0.0, 1e3), min_size=1, max_size=6),
    st.floats(0.0, 1e3),
)
def test_factors_lie_in_the_unit_interval_and_fall_with_alpha(lam, alpha):
    f = l2_shrinkage_factors(lam, alpha)
    assert f.shape == (len(lam),)
    assert np.all((f >= 0) & (f <= 1))
    assert np.all(l2_shrinkage_factors(lam, alpha + 1.0) <= f + 1e-15)


def test_inputs_are_not_mutated(rng):
    H = np.diag([2.0, 1.0])
    w = np.array([1.0, -1.0])
    H0, w0 = H.copy(), w.copy()
    l2_shrinkage(H, w, 1.0)
    ridge_path(H, w, [0.0, 1.0])
    np.testing.assert_array_equal(H, H0)
    np.testing.assert_array_equal(w, w0)


def test_bad_inputs_raise_house_errors():
    with pytest.raises(ValueError, match="l2_shrinkage: expected H to be symmetric"):
        l2_shrinkage(np.array([[1.0, 2.0], [0.0, 1.0]]), np.ones(2), 1.0)
    with pytest.raises(ValueError, match=r"l2_shrinkage: expected w_star of shape \(2,\)"):
        l2_shrinkage(np.eye(2), np.ones(3), 1.0)
    with pytest.raises(ValueError, match="l2_shrinkage_factors: expected alpha in"):
        l2_shrinkage_factors([1.0], -1.0)
    with pytest.raises(ValueError, match="positive semi-definite"):
        l2_shrinkage_factors([-1.0], 1.0)


def test_ridge_tends_to_the_pseudoinverse_solution_of_an_underdetermined_system():
    X = np.random.default_rng(4).standard_normal((3, 6))
    y = np.array([1.0, -2.0, 0.5])
    target = np.linalg.pinv(X) @ y
    gaps = [np.abs(fit_ridge(X, y, a) - target).max() for a in (1e-3, 1e-6, 1e-9)]
    # the gap falls with alpha until round-off in solving the near-singular system takes over
    assert gaps[0] > gaps[1] and max(gaps[1:]) < 1e-5


def test_sgd_weight_decay_is_the_shrink_then_step_update(rng):
    from dlnotes.nn import Parameter
    from dlnotes.optim import SGD

    w = Parameter(rng.standard_normal(4))
    grad, w0 = rng.standard_normal(4), w.data.copy()
    opt = SGD([w], lr=0.1, weight_decay=0.5)
    w.grad[...] = grad
    opt.step()
    np.testing.assert_allclose(w.data, (1 - 0.1 * 0.5) * w0 - 0.1 * grad)
