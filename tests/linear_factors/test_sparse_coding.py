"""Sparse coding: soft thresholding is the L1 proximal map, ISTA never raises the objective,
ISTA and FISTA reach the lasso minimiser (its optimality conditions hold, scikit-learn's
SparseCoder agrees), the sparsity-error trade-off on the digits; bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from dlnotes.data import load_digits
from dlnotes.linear_factors import (
    DictionaryLearning,
    ista,
    sparse_coding_objective,
    sparsity_tradeoff,
)
from dlnotes.regularization import soft_threshold

LAMS = np.geomspace(0.01, 1.0, 6)  # the page's penalties


@pytest.fixture(scope="module")
def digits():
    return load_digits(flat=True).X_train


@pytest.fixture(scope="module")
def problem():
    rng = np.random.default_rng(0)
    W = rng.standard_normal((12, 20))
    W /= np.linalg.norm(W, axis=0)
    X = rng.standard_normal((30, 12))
    return X, W


@pytest.fixture(scope="module")
def learned(digits):
    # the page's dictionary: 100 atoms on the training digits
    return DictionaryLearning(
        100, lam=0.1, num_iter=20, code_iter=20, rng=np.random.default_rng(0)
    ).fit(digits[:600])


@settings(max_examples=60, deadline=None)
@given(
    u=arrays(np.float64, st.integers(1, 20), elements=st.floats(-10, 10)),
    tau=st.floats(0, 5),
)
def test_soft_threshold_properties(u, tau):
    s = soft_threshold(u, tau)
    assert s.shape == u.shape
    assert np.all(np.abs(s) <= np.abs(u))  # shrinks
    assert np.all(s * u >= 0)  # never flips a sign
    np.testing.assert_array_equal(s == 0, np.abs(u) <= tau)  # exact zeros inside [-tau, tau]
    np.testing.assert_allclose(np.abs(u) - np.abs(s), np.minimum(np.abs(u), tau), atol=1e-12)


def test_soft_threshold_is_the_proximal_map_of_the_l1_norm():
    u, tau = np.array([-2.0, -0.3, 0.1, 0.8, 3.0]), 0.5
    grid = np.linspace(-4, 4, 80001)
    brute = grid[np.argmin(0.5 * (grid[None, :] - u[:, None]) ** 2 + tau * np.abs(grid), axis=1)]
    np.testing.assert_allclose(soft_threshold(u, tau), brute, atol=1e-4)


def test_ista_never_raises_the_objective(problem):
    X, W = problem
    history = ista(X, W, 0.2, num_iter=300).objective
    assert np.all(np.diff(history) <= 1e-12)
    start = sparse_coding_objective(X, W, np.zeros((len(X), W.shape[1])), 0.2)
    assert history[0] < start


def _check_lasso_optimality(X, W, H, lam, atol):
    """h is a minimiser iff W^T (x - W h) = lam sign(h) on the support, |.| <= lam off it."""
    G = (X - H @ W.T) @ W
    on = H != 0
    np.testing.assert_allclose(G[on], lam * np.sign(H[on]), atol=atol)
    assert np.all(np.abs(G[~on]) <= lam + atol)


def test_ista_and_fista_reach_the_same_minimiser(problem):
    X, W = problem
    slow = ista(X, W, 0.2, num_iter=20_000, track_objective=False)
    fast = ista(X, W, 0.2, num_iter=3000, fast=True)
    np.testing.assert_allclose(slow.codes, fast.codes, atol=1e-5)
    _check_lasso_optimality(X, W, fast.codes, 0.2, atol=1e-6)
    assert np.mean(fast.codes == 0) > 0.2  # the L1 penalty gives exact zeros
    # FISTA is further along after the same (small) number of steps
    final = fast.objective[-1]
    assert ista(X, W, 0.2, num_iter=30, fast=True).objective[-1] - final < (
        ista(X, W, 0.2, num_iter=30).objective[-1] - final
    )


def test_orthonormal_dictionary_is_one_soft_threshold(problem):
    X, _ = problem
    Q, _ = np.linalg.qr(np.random.default_rng(3).standard_normal((12, 12)))
    H = ista(X, Q, 0.3, num_iter=3).codes
    np.testing.assert_allclose(H, soft_threshold(X @ Q, 0.3), atol=1e-12)


@pytest.mark.slow
def test_matches_scikit_learn_sparse_coder(digits, learned):
    from sklearn.decomposition import SparseCoder

    X, W = digits[:40], learned.dictionary
    ours = ista(X, W, 0.1, num_iter=2000, fast=True).codes
    # scikit-learn's lasso divides the squared error by n_features and so does its alpha:
    # transform_alpha = lam is our objective exactly.
    coder = SparseCoder(
        W.T, transform_algorithm="lasso_cd", transform_alpha=0.1, transform_max_iter=10_000
    )
    theirs = coder.transform(X)
    np.testing.assert_allclose(ours, theirs, atol=2e-3)
    assert (
        sparse_coding_objective(X, W, ours, 0.1)
        <= sparse_coding_objective(X, W, theirs, 0.1) + 1e-8
    )
    np.testing.assert_array_equal(ours == 0, np.abs(theirs) < 1e-12)


@pytest.mark.slow
def test_sparsity_error_trade_off_on_the_digits(digits, learned):
    """The page's claim: a larger penalty gives more zeros and a larger error."""
    X = digits[:300]
    out = sparsity_tradeoff(X, learned.dictionary, LAMS, num_iter=100)
    assert np.all(np.diff(out.zero_fraction) > 0)
    assert np.all(np.diff(out.reconstruction_error) > 0)
    energy = np.mean(np.sum(X**2, axis=1))
    assert out.reconstruction_error[0] < 0.01 * energy
    assert out.zero_fraction[-1] > 0.9


def test_warm_started_path_reaches_the_cold_solutions(problem):
    X, W = problem
    lams = [0.05, 0.2, 0.8]
    warm = sparsity_tradeoff(X, W, lams, num_iter=3000)
    cold = sparsity_tradeoff(X, W, lams, num_iter=3000, warm_start=False)
    np.testing.assert_allclose(warm.reconstruction_error, cold.reconstruction_error, rtol=1e-4)
    np.testing.assert_allclose(warm.zero_fraction, cold.zero_fraction)
    np.testing.assert_array_equal(warm.lams, lams)  # reported in the caller's order


def test_float32_inputs_not_mutated_and_bad_input(problem):
    X, W = problem
    X32, W32 = X.astype(np.float32), W.astype(np.float32)
    before = X32.copy(), W32.copy()
    res = ista(X32, W32, 0.1, num_iter=5)
    assert res.codes.dtype == np.float32
    np.testing.assert_array_equal(X32, before[0])
    np.testing.assert_array_equal(W32, before[1])
    with pytest.raises(ValueError, match=r"ista: expected X of shape \(N, 12\), got \(30, 5\)"):
        ista(X[:, :5], W, 0.1)
    with pytest.raises(ValueError, match="ista: expected lam"):
        ista(X, W, -1.0)
    with pytest.raises(ValueError, match=r"ista: expected codes of shape \(30, 20\)"):
        ista(X, W, 0.1, codes=np.zeros((30, 3)))
    with pytest.raises(ValueError, match="soft_threshold: expected threshold"):
        soft_threshold(X, -0.5)
    with pytest.raises(ValueError, match="sparsity_tradeoff: expected a 1-D array"):
        sparsity_tradeoff(X, W, [0.1, -0.2])
