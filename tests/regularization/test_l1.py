"""L1: soft thresholding under a diagonal Hessian, and the lasso path (§7.1.2)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.data import make_sparse_regression
from dlnotes.regularization import (
    l1_regularized_optimum,
    lasso_coordinate_descent,
    lasso_path,
    soft_threshold,
)


def test_soft_threshold_minimises_the_one_dimensional_problem():
    grid = np.linspace(-4, 4, 80001)
    for z in (-3.0, -0.7, 0.0, 0.4, 2.5):
        for t in (0.0, 0.5, 1.0):
            brute = grid[np.argmin(0.5 * (grid - z) ** 2 + t * np.abs(grid))]
            assert abs(float(soft_threshold(np.array(z), t)) - brute) < 1e-4


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=8), st.floats(0.0, 10.0))
def test_soft_threshold_shrinks_keeps_sign_and_zeros_small_entries(z, t):
    z = np.array(z)
    s = soft_threshold(z, t)
    assert s.shape == z.shape
    assert np.all(np.abs(s) <= np.abs(z))
    assert np.all(s * z >= 0)
    assert np.all(s[np.abs(z) <= t] == 0.0)


def test_diagonal_hessian_closed_form_matches_coordinate_descent(rng):
    # Orthogonal columns make X^T X / n diagonal: the lasso then separates per coordinate.
    n = 64
    Q, _ = np.linalg.qr(rng.standard_normal((n, 5)))
    X = Q * np.sqrt(n) * np.array([2.0, 1.0, 0.5, 1.5, 0.3])
    y = X @ np.array([1.0, -0.2, 0.05, 0.8, 0.0]) + 0.05 * rng.standard_normal(n)
    h = (X * X).sum(axis=0) / n
    w_star = (X.T @ y / n) / h
    for alpha in (0.01, 0.1, 0.5):
        closed = l1_regularized_optimum(w_star, h, alpha)
        np.testing.assert_allclose(lasso_coordinate_descent(X, y, alpha), closed, atol=1e-10)
        assert np.any(closed == 0.0)


def test_lasso_path_agrees_with_scikit_learn_and_gives_exact_zeros():
    from sklearn.linear_model import lasso_path as sk_lasso_path

    X, y, coef = make_sparse_regression(80, 12, 4, noise=0.5, rng=np.random.default_rng(3))
    ours = lasso_path(X, y, n_alphas=20)
    alphas, theirs, _ = sk_lasso_path(X, y, alphas=ours.alphas, tol=1e-12, max_iter=100_000)
    np.testing.assert_allclose(ours.alphas, alphas)
    np.testing.assert_allclose(ours.coefs, theirs.T, atol=1e-6)
    assert np.all(ours.coefs[0] == 0.0)  # alpha_max: everything is off
    # midway along the path the irrelevant weights are exactly zero, not merely small
    mid = ours.coefs[len(ours.alphas) // 3]
    assert np.all(mid[coef == 0] == 0.0) and np.all(mid[coef != 0] != 0.0)


def test_alpha_max_is_the_smallest_alpha_with_every_weight_zero():
    X, y, _ = make_sparse_regression(50, 6, 2, rng=np.random.default_rng(1))
    a_max = float(np.abs(X.T @ y).max()) / len(y)
    assert np.all(lasso_coordinate_descent(X, y, a_max * 1.0001) == 0.0)
    assert np.any(lasso_coordinate_descent(X, y, a_max * 0.99) != 0.0)


def test_bad_inputs_raise_house_errors():
    with pytest.raises(ValueError, match="l1_regularized_optimum: expected a positive Hessian"):
        l1_regularized_optimum([1.0], [0.0], 1.0)
    with pytest.raises(ValueError, match=r"lasso_path: expected X of shape \(n, d\)"):
        lasso_path(np.ones((3, 2)), np.ones(4))
    with pytest.raises(ValueError, match="soft_threshold: expected threshold in"):
        soft_threshold([1.0], -0.1)


def test_the_pages_lasso_path_selects_exactly_the_informative_features():
    X, y, coef = make_sparse_regression(100, 20, 5, noise=0.5, rng=np.random.default_rng(3))
    path = lasso_path(X, y, n_alphas=40)
    k = int(np.argmax((path.coefs != 0).sum(axis=1) >= 5))
    np.testing.assert_array_equal(path.coefs[k] != 0, coef != 0)
    assert np.count_nonzero(path.coefs[k] == 0.0) == 15
