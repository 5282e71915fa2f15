"""Matrix factorisation: exact bias fit on an additive matrix, the objective never increasing,
each ALS half-step an exact ridge minimiser, recovery of a noiseless low-rank matrix, and the
page's claim (held-out RMSE below the bias and mean baselines)."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.applications import MatrixFactorization, rmse
from dlnotes.data import make_low_rank_ratings


@pytest.fixture(scope="module")
def data():
    return make_low_rank_ratings(rng=np.random.default_rng(0))  # the page's data


def _fit(data, rank, reg=1.0, num_iter=20):
    return MatrixFactorization(rank, reg, num_iter, rng=np.random.default_rng(0)).fit(
        data.train_users, data.train_items, data.train_ratings, data.n_users, data.n_items
    )


def test_generator_shapes_and_split(data):
    n = len(data.train_ratings) + len(data.test_ratings)
    assert n == round(0.1 * 300 * 200) and len(data.test_ratings) == round(0.2 * n)
    pairs = set(zip(data.train_users, data.train_items, strict=True))
    assert not pairs & set(zip(data.test_users, data.test_items, strict=True))
    assert np.linalg.matrix_rank(data.true_matrix - data.true_matrix.mean()) <= 3 + 2


def test_objective_never_increases(data):
    history = _fit(data, 3).objective_history
    assert np.all(np.diff(history) <= 1e-9 * history[0])


def test_item_step_is_the_exact_ridge_solution(data):
    mf = _fit(data, 2, reg=0.7, num_iter=3)
    # with the users fixed, the item half-step minimises; perturbing its factors only raises it
    u, i, r = data.train_users, data.train_items, data.train_ratings
    base = mf._objective(u, i, r)
    rng = np.random.default_rng(1)
    mf.item_factors, mf.item_bias = mf.item_factors.copy(), mf.item_bias.copy()
    sol = MatrixFactorization._solve_side(
        i, u, r - mf.global_mean - mf.user_bias[u], mf.user_factors, data.n_items, 0.7
    )
    mf.item_factors, mf.item_bias = sol[:, :2], sol[:, 2]
    best = mf._objective(u, i, r)
    assert best <= base + 1e-9
    for _ in range(5):
        mf.item_factors = sol[:, :2] + 1e-3 * rng.standard_normal(sol[:, :2].shape)
        assert mf._objective(u, i, r) > best


def test_recovers_a_noiseless_low_rank_matrix():
    clean = make_low_rank_ratings(
        60, 50, rank=2, density=0.6, noise=0.0, rng=np.random.default_rng(3)
    )
    mf = _fit(clean, 2, reg=1e-6, num_iter=200)
    assert rmse(mf.predict(clean.test_users, clean.test_items), clean.test_ratings) < 1e-3


def test_factorisation_beats_the_baselines_on_held_out_ratings(data):
    test = (data.test_users, data.test_items)
    mf = rmse(_fit(data, 3).predict(*test), data.test_ratings)
    biases = rmse(_fit(data, 0).predict(*test), data.test_ratings)
    mean = rmse(np.full(len(data.test_ratings), data.train_ratings.mean()), data.test_ratings)
    assert mf < 0.5 < biases < mean
    assert mf < 1.6 * 0.3  # within 60 % of the noise level


def test_bad_input(data):
    with pytest.raises(RuntimeError, match="MatrixFactorization: expected fit"):
        MatrixFactorization(2).predict([0], [0])
    with pytest.raises(ValueError, match="expected ids within"):
        MatrixFactorization(2).fit([0, 5], [0, 1], [1.0, 2.0], 3, 3)
