"""Hierarchical softmax: a balanced heap tree (depths floor/ceil log2 V), probabilities summing
to one for every hidden vector, path log-probabilities equal to the full table, the full-softmax
baseline against SciPy, and the node-evaluation count O(log V) against V."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import log_softmax

from dlnotes.applications import HierarchicalSoftmax, full_softmax_log_prob


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 300))
def test_tree_is_balanced_and_every_node_has_two_children(V):
    tree = HierarchicalSoftmax(V, 2, rng=np.random.default_rng(0))
    lengths = tree.path_lengths
    assert set(lengths) <= {math.floor(math.log2(V)), math.ceil(math.log2(V))}
    # each internal node is used by both turns, by some word: no node has a single child
    for node in range(V - 1):
        turns = tree.signs[(tree.paths == node) & (tree.signs != 0)]
        assert set(turns) == {-1.0, 1.0}
    # Kraft equality of a full binary tree: sum of 2^-depth over the leaves is 1
    assert np.sum(2.0 ** -lengths.astype(float)) == pytest.approx(1.0)


@pytest.mark.parametrize("V", [2, 3, 7, 64, 1000])
def test_probabilities_sum_to_one(V):
    rng = np.random.default_rng(V)
    tree = HierarchicalSoftmax(V, 8, rng=rng)
    tree.bias = rng.standard_normal(V - 1)
    h = 3 * rng.standard_normal((5, 8))
    np.testing.assert_allclose(np.exp(tree.log_prob_all(h)).sum(axis=1), 1.0, atol=1e-12)


def test_path_log_prob_equals_the_full_table():
    rng = np.random.default_rng(1)
    tree = HierarchicalSoftmax(37, 6, rng=rng)
    h = rng.standard_normal((10, 6))
    words = rng.integers(0, 37, 10)
    np.testing.assert_allclose(
        tree.log_prob(h, words), tree.log_prob_all(h)[np.arange(10), words], rtol=1e-12
    )


def test_two_word_tree_is_logistic_regression():
    tree = HierarchicalSoftmax(2, 3, rng=np.random.default_rng(2))
    h = np.array([[0.3, -1.0, 2.0]])
    a = float(h[0] @ tree.weight[0] + tree.bias[0])
    np.testing.assert_allclose(
        np.exp(tree.log_prob_all(h))[0], [1 / (1 + np.exp(-a)), 1 / (1 + np.exp(a))]
    )


def test_full_softmax_baseline_matches_scipy():
    rng = np.random.default_rng(3)
    W, b, h = rng.standard_normal((50, 4)), rng.standard_normal(50), rng.standard_normal((6, 4))
    words = rng.integers(0, 50, 6)
    expected = log_softmax(h @ W.T + b, axis=1)[np.arange(6), words]
    np.testing.assert_allclose(full_softmax_log_prob(h, W, b, words), expected, rtol=1e-12)


def test_node_evaluations_grow_like_log_v():
    for V in [2**8, 2**12, 2**16, 1000]:
        tree = HierarchicalSoftmax(V, 1, rng=np.random.default_rng(0))
        words = np.arange(V)
        mean_cost = tree.node_evaluations(words) / V
        assert math.floor(math.log2(V)) <= mean_cost <= math.ceil(math.log2(V))
        assert mean_cost < V / 25  # against V scores per word for the full softmax


def test_bad_input():
    tree = HierarchicalSoftmax(5, 3)
    with pytest.raises(ValueError, match="HierarchicalSoftmax: expected word ids"):
        tree.log_prob(np.zeros((1, 3)), np.array([5]))
    with pytest.raises(ValueError, match="expected hidden vectors"):
        tree.log_prob_all(np.zeros((1, 4)))
    with pytest.raises(ValueError, match="num_words of at least 2"):
        HierarchicalSoftmax(1, 3)
