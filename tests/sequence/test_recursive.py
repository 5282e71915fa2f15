"""Recursive nets (§10.6): n - 1 compositions for every tree, depth ceil(log2 n) against n - 1,
and the Jacobians reaching the leaves."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.gradcheck import numerical_gradient
from dlnotes.sequence import RecursiveNet, balanced_tree, chain_tree, tree_depths


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 200))
def test_depth_formulas(n: int) -> None:
    balanced, chain = tree_depths(balanced_tree(n)), tree_depths(chain_tree(n))
    assert sorted(balanced) == sorted(chain) == list(range(n))
    assert max(balanced.values()) == math.ceil(math.log2(n))
    assert max(chain.values()) == n - 1


def _net(size: int, gain: float, seed: int) -> RecursiveNet:
    rng = np.random.default_rng(seed)
    u, v = rng.standard_normal((2, size, size))
    u *= gain / np.linalg.norm(u, 2)
    v *= gain / np.linalg.norm(v, 2)
    return RecursiveNet(u, v, 0.1 * rng.standard_normal(size))


@pytest.mark.parametrize("make_tree", [balanced_tree, chain_tree])
def test_leaf_jacobians_match_central_differences(make_tree) -> None:
    net = _net(3, 1.3, 0)
    tree = make_tree(5)
    leaves = np.random.default_rng(1).standard_normal((5, 3))
    result = net.leaf_jacobians(tree, leaves)
    assert result.num_compositions == 4
    np.testing.assert_allclose(result.root, net.forward(tree, leaves), rtol=1e-12)
    for leaf in range(5):
        for i in range(3):

            def f(x, leaf=leaf, i=i):
                moved = leaves.copy()
                moved[leaf] = x
                return net.forward(tree, moved)[i]

            numeric = numerical_gradient(f, leaves[leaf].copy())
            np.testing.assert_allclose(result.jacobians[leaf, i], numeric, rtol=1e-6, atol=1e-9)


def test_page_claims_balanced_tree_keeps_every_leaf_within_reach() -> None:
    # With ||U||_2 = ||V||_2 = 0.9 the norm reaching a leaf at depth d is at most 0.9^d.
    net = _net(8, 0.9, 0)
    leaves = np.random.default_rng(1).standard_normal((32, 8))
    balanced = net.leaf_jacobians(balanced_tree(32), leaves)
    chain = net.leaf_jacobians(chain_tree(32), leaves)
    for r in (balanced, chain):
        assert np.all(r.norms() <= 0.9**r.depths * (1 + 1e-12))
    assert balanced.num_compositions == chain.num_compositions == 31
    assert balanced.depths.max() == 5 and chain.depths.max() == 31
    # The weakest leaf of the balanced tree receives over 1e6 times more than the chain's.
    assert balanced.norms().min() > 1e6 * chain.norms().min()


def test_bad_leaves_raise() -> None:
    net = _net(2, 0.9, 0)
    with pytest.raises(ValueError, match=r"^RecursiveNet: expected leaves of shape \(3, 2\)"):
        net.forward(balanced_tree(3), np.ones((2, 2)))
