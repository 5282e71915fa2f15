"""Dictionary learning: the objective never rises, atoms stay in the unit ball, a planted
sparse dictionary is recovered, the learned digits dictionary beats random examples and is as
good as scikit-learn's DictionaryLearning; bad input."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.data import load_digits
from dlnotes.linear_factors import DictionaryLearning, ista, sparse_coding_objective


@pytest.fixture(scope="module")
def planted():
    """1 500 signals, each a combination of 3 of 15 unit atoms in 10 dimensions."""
    rng = np.random.default_rng(0)
    D = rng.standard_normal((10, 15))
    D /= np.linalg.norm(D, axis=0)
    H = np.zeros((1500, 15))
    for row in H:
        row[rng.choice(15, 3, replace=False)] = 2.0 * rng.standard_normal(3)
    return H @ D.T, D


@pytest.fixture(scope="module")
def digits():
    return load_digits(flat=True).X_train[:200]


def test_objective_never_rises_and_atoms_stay_in_the_ball(planted):
    X, _ = planted
    dl = DictionaryLearning(15, lam=0.05, num_iter=40, rng=np.random.default_rng(1)).fit(X)
    assert np.all(np.diff(dl.objective_history) <= 1e-12)
    assert dl.objective_history[-1] < 0.7 * dl.objective_history[0]
    assert np.all(np.linalg.norm(dl.dictionary, axis=0) <= 1 + 1e-12)
    assert dl.codes.shape == (1500, 15)


def test_recovers_a_planted_dictionary(planted):
    X, D = planted
    dl = DictionaryLearning(15, lam=0.05, num_iter=100, rng=np.random.default_rng(1)).fit(X)
    W = dl.dictionary / np.linalg.norm(dl.dictionary, axis=0)
    best = np.abs(D.T @ W).max(axis=1)  # |cosine| of each true atom with its closest atom
    assert np.median(best) > 0.99
    assert np.sum(best > 0.95) >= 12  # most atoms; the rest are close


@pytest.mark.slow
def test_learned_dictionary_beats_random_examples_and_matches_scikit_learn(digits):
    from sklearn.decomposition import DictionaryLearning as SkDL

    lam = 0.1
    ours = DictionaryLearning(16, lam=lam, rng=np.random.default_rng(0)).fit(digits)

    def best_objective(W):
        return sparse_coding_objective(
            digits, W, ista(digits, W, lam, num_iter=1000, fast=True).codes, lam
        )

    picks = digits[np.random.default_rng(5).choice(len(digits), 16, replace=False)].T
    random_dict = picks / np.linalg.norm(picks, axis=0)
    assert best_objective(ours.dictionary) < 0.8 * best_objective(random_dict)
    sk = SkDL(16, alpha=lam, max_iter=50, fit_algorithm="cd", random_state=0).fit(digits)
    # the objective is not convex: different local minima, but of the same quality
    assert best_objective(ours.dictionary) < 1.05 * best_objective(sk.components_.T)


def test_transform_and_bad_input(planted):
    X, _ = planted
    dl = DictionaryLearning(15, lam=0.05, num_iter=5, rng=np.random.default_rng(1)).fit(X)
    H = dl.transform(X[:10])
    assert H.shape == (10, 15) and np.mean(H == 0) > 0.3
    with pytest.raises(ValueError, match="DictionaryLearning: expected a fitted model"):
        DictionaryLearning(4, lam=0.1).transform(X)
    with pytest.raises(ValueError, match="DictionaryLearning: expected lam"):
        DictionaryLearning(4, lam=0.0)
    with pytest.raises(ValueError, match="DictionaryLearning: expected X of shape \\(N, n\\)"):
        DictionaryLearning(4, lam=0.1).fit(np.array([[np.nan, 1.0]]))
