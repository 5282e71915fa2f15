"""A recursive network over a tree: depth, composition steps and the gradient reaching a leaf.

A recursive net applies one composition :math:`\\boldsymbol h = \\tanh(\\boldsymbol U
\\boldsymbol h_{\\text{left}} + \\boldsymbol V \\boldsymbol h_{\\text{right}} + \\boldsymbol b)`
at every internal node of a tree whose leaves are the inputs; the root's state represents the
whole sequence. Any binary tree over :math:`n` leaves has :math:`n - 1` internal nodes, so the
*work* is the same for every tree; what the shape changes is the *depth*, the number of
compositions between a leaf and the root. A chain (each new leaf joins everything read so far,
which is an RNN) has depth :math:`n - 1`; a balanced tree has depth :math:`\\lceil \\log_2 n
\\rceil`. The Jacobian of the root with respect to a leaf is a product of one factor per
composition on the leaf's path, so a shallower tree multiplies fewer contracting factors.

Goodfellow et al., §10.6.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np

from dlnotes._validation import as_float_array, check_positive_int, fail

__all__ = ["Tree", "balanced_tree", "chain_tree", "tree_depths", "RecursiveNet", "LeafJacobians"]

#: A leaf is its index into the inputs; an internal node is a pair of subtrees.
Tree: TypeAlias = int | tuple["Tree", "Tree"]


def balanced_tree(num_leaves: int) -> Tree:
    """Split the leaves ``0 .. n-1`` in halves recursively (left half ``ceil(n/2)``).

    Goodfellow et al., §10.6.

    Examples
    --------
    >>> balanced_tree(3)
    ((0, 1), 2)
    """
    n = check_positive_int("balanced_tree", "num_leaves", num_leaves)

    def build(lo: int, hi: int) -> Tree:
        if hi - lo == 1:
            return lo
        mid = lo + (hi - lo + 1) // 2
        return (build(lo, mid), build(mid, hi))

    return build(0, n)


def chain_tree(num_leaves: int) -> Tree:
    """The left-deep tree ``(((0, 1), 2), ...)``: a recurrent network's order of composition.

    Goodfellow et al., §10.6.

    Examples
    --------
    >>> chain_tree(3)
    ((0, 1), 2)
    >>> chain_tree(4)
    (((0, 1), 2), 3)
    """
    n = check_positive_int("chain_tree", "num_leaves", num_leaves)
    tree: Tree = 0
    for leaf in range(1, n):
        tree = (tree, leaf)
    return tree


def tree_depths(tree: Tree) -> dict[int, int]:
    """Number of compositions between each leaf and the root.

    Goodfellow et al., §10.6.

    Examples
    --------
    >>> tree_depths(((0, 1), 2))
    {0: 2, 1: 2, 2: 1}
    """
    depths: dict[int, int] = {}

    def walk(node: Tree, depth: int) -> None:
        if isinstance(node, tuple):
            walk(node[0], depth + 1)
            walk(node[1], depth + 1)
        else:
            depths[int(node)] = depth

    walk(tree, 0)
    return depths


def _count_internal(tree: Tree) -> int:
    if isinstance(tree, tuple):
        return 1 + _count_internal(tree[0]) + _count_internal(tree[1])
    return 0


@dataclass(frozen=True)
class LeafJacobians:
    """The root state and, per leaf, the Jacobian of the root with respect to that leaf.

    Attributes
    ----------
    root : numpy.ndarray
        ``(H,)``.
    jacobians : numpy.ndarray
        ``(n, H, H)``; ``jacobians[i]`` is d root / d leaf ``i``.
    depths : numpy.ndarray
        ``(n,)`` compositions between leaf ``i`` and the root.
    num_compositions : int
        Internal nodes of the tree (``n - 1`` for every binary tree).
    """

    root: np.ndarray
    jacobians: np.ndarray
    depths: np.ndarray
    num_compositions: int

    def norms(self) -> np.ndarray:
        """Spectral norm of each leaf's Jacobian, ``(n,)``."""
        out: np.ndarray = np.linalg.norm(self.jacobians, ord=2, axis=(1, 2))
        return out


class RecursiveNet:
    """One shared composition :math:`\\tanh(\\boldsymbol U \\boldsymbol h_l + \\boldsymbol V
    \\boldsymbol h_r + \\boldsymbol b)` applied over any binary tree.

    Goodfellow et al., §10.6.

    Parameters
    ----------
    weight_left, weight_right : numpy.ndarray
        ``U`` and ``V``, ``(H, H)`` each.
    bias : numpy.ndarray
        ``(H,)``.

    Shape
    -----
    ``forward(tree, leaves)`` and ``leaf_jacobians(tree, leaves)`` take leaves ``(n, H)``.

    Examples
    --------
    >>> net = RecursiveNet(np.eye(2), np.eye(2), np.zeros(2))
    >>> net.forward((0, 1), np.array([[0.1, 0.0], [0.2, 0.0]])).round(4).tolist()
    [0.2913, 0.0]
    """

    def __init__(self, weight_left: Any, weight_right: Any, bias: Any) -> None:
        owner = "RecursiveNet"
        self.weight_left = as_float_array(owner, weight_left, "weight_left")
        self.weight_right = as_float_array(owner, weight_right, "weight_right")
        self.bias = as_float_array(owner, bias, "bias")
        size = self.bias.shape[0] if self.bias.ndim == 1 else -1
        for name, w in (("weight_left", self.weight_left), ("weight_right", self.weight_right)):
            if w.shape != (size, size):
                fail(owner, f"{name} of shape (H, H) with H = len(bias) = {size}", w.shape)
        self.size = size

    def _leaves(self, tree: Tree, leaves: Any) -> np.ndarray:
        x = as_float_array("RecursiveNet", leaves, "leaves")
        n = len(tree_depths(tree))
        if x.shape != (n, self.size):
            fail("RecursiveNet", f"leaves of shape ({n}, {self.size})", x.shape)
        return x

    def forward(self, tree: Tree, leaves: Any) -> np.ndarray:
        """The root state, ``(H,)``."""
        x = self._leaves(tree, leaves)

        def run(node: Tree) -> np.ndarray:
            if not isinstance(node, tuple):
                return x[node]
            out: np.ndarray = np.tanh(
                self.weight_left @ run(node[0]) + self.weight_right @ run(node[1]) + self.bias
            )
            return out

        return run(tree)

    def leaf_jacobians(self, tree: Tree, leaves: Any) -> LeafJacobians:
        """Back-propagate from the root: the Jacobian reaching each leaf is the product of
        :math:`\\operatorname{diag}(1 - \\boldsymbol h^2)\\,\\boldsymbol U` (or
        :math:`\\boldsymbol V`) over the compositions on its path."""
        x = self._leaves(tree, leaves)
        n = x.shape[0]
        jac = np.zeros((n, self.size, self.size))

        def run(node: Tree) -> Any:
            # Returns (state, cache): a leaf's cache is None, a node's is (left, right).
            if not isinstance(node, tuple):
                return x[node], None
            left, right = run(node[0]), run(node[1])
            h = np.tanh(self.weight_left @ left[0] + self.weight_right @ right[0] + self.bias)
            return h, (left, right)

        def back(node: Tree, record: Any, upstream: np.ndarray) -> None:
            # upstream = d root / d (this node's state)
            h, children = record
            if children is None:
                jac[node] = upstream
                return
            local = upstream * (1.0 - h**2)[None, :]  # through the tanh
            back(node[0], children[0], local @ self.weight_left)  # type: ignore[index]
            back(node[1], children[1], local @ self.weight_right)  # type: ignore[index]

        record = run(tree)
        back(tree, record, np.eye(self.size))
        depths = tree_depths(tree)
        return LeafJacobians(
            record[0],
            jac,
            np.array([depths[i] for i in range(n)]),
            _count_internal(tree),
        )
