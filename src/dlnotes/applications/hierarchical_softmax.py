"""Hierarchical softmax over a balanced binary tree of the vocabulary (Goodfellow et al.,
§12.4.3.2; Morin and Bengio, 2005).

A word's probability is the product of the binary decisions (left or right, each a logistic
regression on the hidden vector) along the path from the root to its leaf. With a balanced
tree a word needs about :math:`\\log_2 V` of those decisions instead of the :math:`V` scores
of a full softmax.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, as_generator, check_positive_int, fail

__all__ = ["HierarchicalSoftmax", "full_softmax_log_prob"]


def _log_sigmoid(z: np.ndarray) -> np.ndarray:
    # log σ(z) = -log(1 + e^{-z}), written so that neither large |z| overflows
    return -np.logaddexp(0.0, -z)


def full_softmax_log_prob(h: Any, weight: Any, bias: Any, words: Any) -> np.ndarray:
    r""":math:`\log\operatorname{softmax}(\boldsymbol W\boldsymbol h + \boldsymbol b)_w`: the
    full softmax, which scores all :math:`V` words to normalise one.

    Shape
    -----
    - h: ``(N, d)``
    - weight: ``(V, d)``
    - bias: ``(V,)``
    - words: ``(N,)``
    - result: ``(N,)``

    Examples
    --------
    >>> full_softmax_log_prob(np.zeros((1, 2)), np.ones((4, 2)), np.zeros(4), np.array([0]))
    array([-1.38629436])
    """
    a = np.asarray(h) @ np.asarray(weight).T + np.asarray(bias)
    m = a.max(axis=1, keepdims=True)
    log_z = m[:, 0] + np.log(np.exp(a - m).sum(axis=1))
    words = np.asarray(words, dtype=np.int64)
    return a[np.arange(len(words)), words] - log_z


class HierarchicalSoftmax:
    r"""A balanced binary tree with :math:`V` leaves (the words) and :math:`V - 1` internal nodes.

    The tree is stored as a heap: node :math:`j` has children :math:`2j + 1` (left) and
    :math:`2j + 2` (right); nodes :math:`0 .. V-2` are internal and word :math:`w` is leaf
    :math:`V - 1 + w`. Every internal node has two children and the leaves' depths differ by at
    most one, :math:`\lfloor\log_2 V\rfloor` or :math:`\lceil\log_2 V\rceil`. Internal node
    :math:`j` has a weight vector :math:`\boldsymbol u_j` and bias :math:`c_j`; going left
    has probability :math:`\sigma(\boldsymbol u_j^\top\boldsymbol h + c_j)`, right the rest, so

    .. math::
        P(w \mid \boldsymbol h) = \prod_{(j, s) \in \text{path}(w)}
        \sigma\big(s\,(\boldsymbol u_j^\top\boldsymbol h + c_j)\big),

    with :math:`s = +1` for a left and :math:`-1` for a right turn. Since
    :math:`\sigma(a) + \sigma(-a) = 1` at every node, the :math:`V` leaf probabilities sum to
    one exactly for every :math:`\boldsymbol h` (Goodfellow et al., §12.4.3.2).

    Parameters
    ----------
    num_words : int
        Vocabulary size :math:`V \ge 2`.
    in_features : int
        Size :math:`d` of the hidden vector.
    rng : numpy.random.Generator, optional
        Draws the node weights, :math:`\mathcal N(0, 1/d)`.

    Attributes
    ----------
    weight : numpy.ndarray
        ``(V - 1, in_features)``, one row per internal node.
    bias : numpy.ndarray
        ``(V - 1,)``.
    paths, signs : numpy.ndarray
        ``(V, depth)``: the internal nodes on each word's path and the turn taken there
        (``signs`` is 0 in the padding of the shorter paths).

    Examples
    --------
    >>> tree = HierarchicalSoftmax(5, 3, rng=np.random.default_rng(0))
    >>> p = np.exp(tree.log_prob_all(np.ones((2, 3))))
    >>> np.round(p.sum(axis=1), 12), tree.path_lengths.tolist()
    (array([1., 1.]), [2, 2, 2, 3, 3])
    """

    def __init__(
        self, num_words: int, in_features: int, rng: np.random.Generator | None = None
    ) -> None:
        owner = "HierarchicalSoftmax"
        V = check_positive_int(owner, "num_words", num_words)
        if V < 2:
            fail(owner, "num_words of at least 2", V)
        d = check_positive_int(owner, "in_features", in_features)
        gen = as_generator(owner, rng)
        self.num_words, self.in_features = V, d
        self.weight = gen.standard_normal((V - 1, d)) / np.sqrt(d)
        self.bias = np.zeros(V - 1)
        paths: list[list[int]] = []
        signs: list[list[int]] = []
        for w in range(V):
            node, path, sign = V - 1 + w, [], []
            while node > 0:
                parent = (node - 1) // 2
                path.append(parent)
                sign.append(1 if node == 2 * parent + 1 else -1)  # left child: +1
                node = parent
            paths.append(path[::-1])
            signs.append(sign[::-1])
        depth = max(len(p) for p in paths)
        self.paths = np.zeros((V, depth), dtype=np.int64)
        self.signs = np.zeros((V, depth))
        for w, (p, s) in enumerate(zip(paths, signs, strict=True)):
            self.paths[w, : len(p)] = p
            self.signs[w, : len(s)] = s

    @property
    def path_lengths(self) -> np.ndarray:
        """Number of internal nodes (binary decisions) on each word's path, ``(V,)``."""
        return np.count_nonzero(self.signs, axis=1)

    def node_evaluations(self, words: Any) -> int:
        """Dot products :math:`\\boldsymbol u_j^\\top\\boldsymbol h` needed to score ``words``
        (one hidden vector each); a full softmax needs :math:`V` per word."""
        words = self._words(words)
        return int(self.path_lengths[words].sum())

    def _words(self, words: Any) -> np.ndarray:
        w = np.asarray(words, dtype=np.int64)
        if w.ndim != 1 or (w.size and (w.min() < 0 or w.max() >= self.num_words)):
            fail("HierarchicalSoftmax", f"word ids (N,) in [0, {self.num_words})", w.shape)
        return w

    def _hidden(self, h: Any) -> np.ndarray:
        h = as_float_array("HierarchicalSoftmax", h, "h")
        if h.ndim != 2 or h.shape[1] != self.in_features:
            fail("HierarchicalSoftmax", f"hidden vectors (N, {self.in_features})", h.shape)
        return h

    def log_prob(self, h: Any, words: Any) -> np.ndarray:
        """:math:`\\log P(w_i \\mid \\boldsymbol h_i)`, touching only the nodes on each path.

        Shape
        -----
        - h: ``(N, in_features)``
        - words: ``(N,)``
        - result: ``(N,)``
        """
        h = self._hidden(h)
        words = self._words(words)
        if len(words) != len(h):
            fail("HierarchicalSoftmax", "one word per hidden vector", f"{len(words)}, {len(h)}")
        nodes, signs = self.paths[words], self.signs[words]  # (N, depth)
        a = np.einsum("nd,nld->nl", h, self.weight[nodes]) + self.bias[nodes]
        return np.sum(np.where(signs != 0, _log_sigmoid(signs * a), 0.0), axis=1)

    def log_prob_all(self, h: Any) -> np.ndarray:
        """:math:`\\log P(w \\mid \\boldsymbol h_i)` for every word (all :math:`V - 1` nodes).

        Shape
        -----
        - h: ``(N, in_features)``
        - result: ``(N, V)``
        """
        h = self._hidden(h)
        a = h @ self.weight.T + self.bias  # (N, V - 1): every internal node once
        terms = _log_sigmoid(self.signs[None] * a[:, self.paths])  # (N, V, depth)
        return np.sum(np.where(self.signs[None] != 0, terms, 0.0), axis=2)
