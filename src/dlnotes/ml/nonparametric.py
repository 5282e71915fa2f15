r"""Two non-parametric classifiers: k-nearest neighbours and a decision tree
(Goodfellow et al., §5.7.3).

Both carve input space into regions by the training data themselves, with a capacity that
grows with the number of examples. :class:`KNeighborsClassifier` votes among the ``k`` closest
training points (Euclidean distance); :class:`DecisionTreeClassifier` splits the space into
axis-aligned boxes, choosing each split greedily to minimise the Gini impurity (CART), one
leaf per box. Both follow scikit-learn's conventions (votes and leaves break ties towards the
smaller label; a split sends :math:`x_j \le \text{threshold}` left, with the threshold halfway
between two training values), so its classifiers serve as oracles in the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_positive_int, fail

__all__ = ["KNeighborsClassifier", "DecisionTreeClassifier"]


def _check_data(owner: str, X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    X = as_float_array(owner, X, "X")
    labels = np.asarray(y)
    if X.ndim != 2 or labels.shape != (X.shape[0],) or X.shape[0] == 0:
        fail(owner, "X of shape (m, D) and y of shape (m,), m > 0", (X.shape, labels.shape))
    if not np.issubdtype(labels.dtype, np.integer) or labels.min() < 0:
        fail(owner, "non-negative integer labels", labels.dtype)
    return X, labels.astype(np.int64)


class KNeighborsClassifier:
    r"""Majority vote of the ``n_neighbors`` nearest training points (Goodfellow et al., §5.7.3).

    Parameters
    ----------
    n_neighbors : int
        How many neighbours vote (ties between labels go to the smaller label).

    Shape
    -----
    ``fit(X, y)``: ``(m, D)``, ``(m,)``; ``predict(X)``: ``(N, D)`` → ``(N,)``.

    References
    ----------
    Goodfellow et al., §5.7.3.

    Examples
    --------
    >>> knn = KNeighborsClassifier(1).fit(np.array([[0.0], [1.0]]), np.array([0, 1]))
    >>> knn.predict(np.array([[0.2], [0.9]])).tolist()
    [0, 1]
    """

    def __init__(self, n_neighbors: int = 5) -> None:
        self.n_neighbors = check_positive_int("KNeighborsClassifier", "n_neighbors", n_neighbors)

    def fit(self, X: Any, y: Any) -> KNeighborsClassifier:
        """Store the training set ("no training at all"); returns ``self``."""
        self._X, self._y = _check_data("KNeighborsClassifier", X, y)
        if self.n_neighbors > self._X.shape[0]:
            fail("KNeighborsClassifier", "n_neighbors <= number of examples", self.n_neighbors)
        self.num_classes = int(self._y.max()) + 1
        return self

    def predict(self, X: Any) -> np.ndarray:
        """The most common label among each point's nearest neighbours."""
        X = as_float_array("KNeighborsClassifier", X, "X")
        if X.ndim != 2 or X.shape[1] != self._X.shape[1]:
            fail("KNeighborsClassifier", f"X of shape (N, {self._X.shape[1]})", X.shape)
        # |x - x_i|^2 up to the |x|^2 term, which does not change the ranking
        d = (self._X * self._X).sum(1)[None, :] - 2.0 * X @ self._X.T
        nearest = np.argsort(d, axis=1, kind="stable")[:, : self.n_neighbors]
        votes = np.zeros((X.shape[0], self.num_classes))
        np.add.at(votes, (np.arange(X.shape[0])[:, None], self._y[nearest]), 1.0)
        return np.argmax(votes, axis=1)  # first maximum: the smaller label wins a tie


@dataclass
class _Node:
    counts: np.ndarray  # class counts of the training points that reach the node
    feature: int = -1  # -1 marks a leaf
    threshold: float = 0.0
    left: int = -1
    right: int = -1


class DecisionTreeClassifier:
    r"""CART classification tree: greedy axis-aligned splits minimising the Gini impurity.

    The Gini impurity of a node with class frequencies :math:`p_c` is
    :math:`1 - \sum_c p_c^2`; a split is scored by the impurity of its two children weighted by
    their sizes (Goodfellow et al., §5.7.3).

    Parameters
    ----------
    max_depth : int, optional
        Depth limit (``None``: split until the leaves are pure or cannot be split).
    min_samples_leaf : int
        Smallest number of training points a leaf may hold.

    Attributes
    ----------
    num_leaves : int
        Number of leaves (axis-aligned cells) after :meth:`fit`.
    depth : int
        Depth of the fitted tree.

    Shape
    -----
    ``fit(X, y)``: ``(m, D)``, ``(m,)``; ``predict(X)``: ``(N, D)`` → ``(N,)``.

    References
    ----------
    Goodfellow et al., §5.7.3.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> tree = DecisionTreeClassifier().fit(X, np.array([0, 0, 1, 1]))
    >>> tree.num_leaves, tree.predict(np.array([[0.4], [2.6]])).tolist()
    (2, [0, 1])
    """

    def __init__(self, max_depth: int | None = None, min_samples_leaf: int = 1) -> None:
        owner = "DecisionTreeClassifier"
        self.max_depth = (
            None if max_depth is None else check_positive_int(owner, "max_depth", max_depth)
        )
        self.min_samples_leaf = check_positive_int(owner, "min_samples_leaf", min_samples_leaf)

    def fit(self, X: Any, y: Any) -> DecisionTreeClassifier:
        """Grow the tree greedily from the root; returns ``self``."""
        X, labels = _check_data("DecisionTreeClassifier", X, y)
        self.num_classes = int(labels.max()) + 1
        self.num_features = X.shape[1]
        self._nodes: list[_Node] = []
        self.depth = 0
        self._grow(X, labels, np.arange(X.shape[0]), 0)
        self.num_leaves = sum(node.feature < 0 for node in self._nodes)
        return self

    def _grow(self, X: np.ndarray, y: np.ndarray, idx: np.ndarray, depth: int) -> int:
        counts = np.bincount(y[idx], minlength=self.num_classes).astype(float)
        node_id = len(self._nodes)
        self._nodes.append(_Node(counts))
        self.depth = max(self.depth, depth)
        pure = np.count_nonzero(counts) <= 1
        if pure or (self.max_depth is not None and depth >= self.max_depth):
            return node_id
        split = self._best_split(X[idx], y[idx])
        if split is None:
            return node_id
        feature, threshold = split
        go_left = X[idx, feature] <= threshold
        node = self._nodes[node_id]
        node.feature, node.threshold = feature, threshold
        node.left = self._grow(X, y, idx[go_left], depth + 1)
        node.right = self._grow(X, y, idx[~go_left], depth + 1)
        return node_id

    def _best_split(self, X: np.ndarray, y: np.ndarray) -> tuple[int, float] | None:
        n, leaf = X.shape[0], self.min_samples_leaf
        onehot = np.eye(self.num_classes)[y]
        best: tuple[float, int, float] | None = None
        for j in range(X.shape[1]):
            order = np.argsort(X[:, j], kind="stable")
            xs = X[order, j]
            left = np.cumsum(onehot[order], axis=0)[:-1]  # split after position i
            n_left = np.arange(1, n)[:, None].astype(float)
            right = left[-1] + onehot[order[-1]] - left
            n_right = n - n_left
            gini_left = 1.0 - ((left / n_left) ** 2).sum(1)
            gini_right = 1.0 - ((right / n_right) ** 2).sum(1)
            score = (n_left[:, 0] * gini_left + n_right[:, 0] * gini_right) / n
            valid = (xs[1:] > xs[:-1]) & (n_left[:, 0] >= leaf) & (n_right[:, 0] >= leaf)
            if not np.any(valid):
                continue
            i = int(np.flatnonzero(valid)[np.argmin(score[valid])])
            if best is None or score[i] < best[0]:
                best = (float(score[i]), j, float((xs[i] + xs[i + 1]) / 2.0))
        return None if best is None else (best[1], best[2])

    def predict(self, X: Any) -> np.ndarray:
        """The majority class of the leaf each point falls into."""
        X = as_float_array("DecisionTreeClassifier", X, "X")
        if X.ndim != 2 or X.shape[1] != self.num_features:
            fail("DecisionTreeClassifier", f"X of shape (N, {self.num_features})", X.shape)
        out = np.empty(X.shape[0], dtype=np.int64)
        stack = [(0, np.arange(X.shape[0]))]
        while stack:
            node_id, idx = stack.pop()
            node = self._nodes[node_id]
            if node.feature < 0:
                out[idx] = int(np.argmax(node.counts))
                continue
            go_left = X[idx, node.feature] <= node.threshold
            stack += [(node.left, idx[go_left]), (node.right, idx[~go_left])]
        return out
