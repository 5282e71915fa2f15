r"""Word embeddings by skip-gram with negative sampling (word2vec).

Each word ``w`` has two vectors: an *input* vector :math:`\boldsymbol v_w` (used when ``w`` is
the centre word) and an *output* vector :math:`\boldsymbol u_w` (used when ``w`` is a context
word). For a centre ``c``, an observed context word ``o`` and ``K`` noise words
:math:`n_1, \dots, n_K` drawn from the unigram distribution raised to the power 3/4, the loss

.. math::
    \ell = -\log\sigma(\boldsymbol u_o^\top \boldsymbol v_c)
           - \sum_{k=1}^K \log\sigma(-\boldsymbol u_{n_k}^\top \boldsymbol v_c)

trains a logistic classifier to tell real (centre, context) pairs from noise pairs; its
gradients are

.. math::
    \frac{\partial \ell}{\partial \boldsymbol v_c}
      = (\sigma(s_o) - 1)\,\boldsymbol u_o + \sum_k \sigma(s_{n_k})\,\boldsymbol u_{n_k},\quad
    \frac{\partial \ell}{\partial \boldsymbol u_o} = (\sigma(s_o) - 1)\,\boldsymbol v_c,\quad
    \frac{\partial \ell}{\partial \boldsymbol u_{n_k}} = \sigma(s_{n_k})\,\boldsymbol v_c

with :math:`s_w = \boldsymbol u_w^\top \boldsymbol v_c`. Words that occur in similar contexts
get similar input vectors, which :func:`nearest_neighbours` finds by cosine similarity.

Goodfellow et al., §12.4.2 (neural language models and word embeddings), §12.4.3.3
(importance sampling and noise-based output layers), §18.6 (noise-contrastive estimation).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from dlnotes._validation import (
    as_generator,
    check_forward_called,
    check_positive_int,
    check_range,
    fail,
)
from dlnotes.nn.module import Module, Parameter
from dlnotes.optim import Adam

__all__ = [
    "tokenize_words",
    "build_word_index",
    "skipgram_pairs",
    "noise_distribution",
    "SkipGram",
    "train_skipgram",
    "nearest_neighbours",
]


def tokenize_words(text: str, min_length: int = 2) -> list[str]:
    """Lower-case alphabetic words of ``text`` with at least ``min_length`` letters.

    Goodfellow et al., §12.4.

    Examples
    --------
    >>> tokenize_words("The Iris data-set (Fisher, 1936) is a classic.")
    ['the', 'iris', 'data', 'set', 'fisher', 'is', 'classic']
    """
    min_length = check_positive_int("tokenize_words", "min_length", min_length)
    return [w for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= min_length]


def build_word_index(
    tokens: Sequence[str], min_count: int = 1
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Words seen at least ``min_count`` times, the token stream as ids, and the counts.

    Words are ordered by decreasing count (ties by first appearance), so id 0 is the most
    frequent word; rarer tokens are dropped from the id stream.

    Goodfellow et al., §12.4.

    Returns
    -------
    words : list of str
    ids : numpy.ndarray
        int64 ids of the kept tokens, in text order.
    counts : numpy.ndarray
        int64 count of each word.

    Examples
    --------
    >>> words, ids, counts = build_word_index(["b", "a", "b", "c"], min_count=1)
    >>> words, ids.tolist(), counts.tolist()
    (['b', 'a', 'c'], [0, 1, 0, 2], [2, 1, 1])
    """
    min_count = check_positive_int("build_word_index", "min_count", min_count)
    counter = Counter(tokens)
    first = {w: i for i, w in reversed(list(enumerate(tokens)))}
    words = sorted(
        (w for w, n in counter.items() if n >= min_count), key=lambda w: (-counter[w], first[w])
    )
    if not words:
        fail("build_word_index", f"a word that occurs at least {min_count} times", "none")
    index = {w: i for i, w in enumerate(words)}
    ids = np.array([index[w] for w in tokens if w in index], dtype=np.int64)
    counts = np.array([counter[w] for w in words], dtype=np.int64)
    return words, ids, counts


def skipgram_pairs(ids: Any, window: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """All (centre, context) id pairs with the context at most ``window`` positions away.

    Goodfellow et al., §12.4.2.

    Shape
    -----
    - ids: ``(T,)``
    - centres, contexts: ``(P,)`` with ``P = 2 * sum over d = 1..window of (T - d)``

    Examples
    --------
    >>> centres, contexts = skipgram_pairs(np.array([7, 8, 9]), window=1)
    >>> centres.tolist(), contexts.tolist()
    ([7, 8, 8, 9], [8, 9, 7, 8])
    """
    window = check_positive_int("skipgram_pairs", "window", window)
    ids = np.asarray(ids, dtype=np.int64)
    if ids.ndim != 1 or ids.size < 2:
        fail("skipgram_pairs", "a 1-D id sequence of at least two tokens", ids.shape)
    centres, contexts = [], []
    for sign in (1, -1):  # context after, then before, the centre
        for d in range(1, min(window, ids.size - 1) + 1):
            if sign == 1:
                centres.append(ids[:-d])
                contexts.append(ids[d:])
            else:
                centres.append(ids[d:])
                contexts.append(ids[:-d])
    return np.concatenate(centres), np.concatenate(contexts)


def noise_distribution(counts: Any, power: float = 0.75) -> np.ndarray:
    """Noise probabilities ``counts ** power / sum(counts ** power)``.

    The power 3/4 (Mikolov et al., 2013) flattens the unigram distribution, so rare words
    are drawn as negatives more often than their frequency alone would give.

    Goodfellow et al., §12.4.3.3.

    Shape
    -----
    - counts: ``(V,)``; output: ``(V,)``, summing to one

    Examples
    --------
    >>> noise_distribution(np.array([16, 1]), power=0.5).tolist()
    [0.8, 0.2]
    """
    power = check_range("noise_distribution", "power", power, 0.0)
    weights = np.asarray(counts, dtype=np.float64) ** power
    if weights.ndim != 1 or weights.sum() <= 0:
        fail(
            "noise_distribution", "a 1-D array of non-negative counts, not all zero", weights.shape
        )
    return weights / weights.sum()


def _log_sigmoid(x: np.ndarray) -> np.ndarray:
    # log sigma(x) = -log(1 + exp(-x)), computed without overflow for large |x|.
    return -np.logaddexp(0.0, -x)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # equal to 1 / (1 + exp(-x)), overflow-free


class SkipGram(Module):
    r"""Input and output word vectors trained with the negative-sampling loss.

    Goodfellow et al., §12.4.2, §12.4.3.3.

    Parameters
    ----------
    vocab_size : int
    embedding_dim : int
    rng : numpy.random.Generator, optional
        Input vectors start ``U(-0.5/D, 0.5/D)``, output vectors zero (word2vec's choice; the
        loss then starts at ``(K + 1) log 2``).

    Attributes
    ----------
    input_vectors : Parameter
        ``(V, D)``, the embeddings used afterwards.
    output_vectors : Parameter
        ``(V, D)``.

    Shape
    -----
    - centres, contexts: ``(B,)`` int ids; negatives: ``(B, K)`` int ids
    - forward returns the loss averaged over the ``B`` pairs, a 0-d array

    Examples
    --------
    >>> model = SkipGram(10, 4, rng=np.random.default_rng(0))
    >>> loss = model(np.array([1, 2]), np.array([3, 4]), np.array([[5, 6], [7, 8]]))
    >>> bool(np.isclose(loss, 3 * np.log(2)))
    True
    """

    def __init__(
        self, vocab_size: int, embedding_dim: int, rng: np.random.Generator | None = None
    ) -> None:
        super().__init__()
        owner = "SkipGram"
        self.vocab_size = check_positive_int(owner, "vocab_size", vocab_size)
        self.embedding_dim = check_positive_int(owner, "embedding_dim", embedding_dim)
        generator = as_generator(owner, rng)
        bound = 0.5 / self.embedding_dim
        shape = (self.vocab_size, self.embedding_dim)
        self.input_vectors = Parameter(generator.uniform(-bound, bound, shape))
        self.output_vectors = Parameter(np.zeros(shape))
        self._cache: Any = None

    def extra_repr(self) -> str:
        """Vocabulary size and dimension."""
        return f"{self.vocab_size}, {self.embedding_dim}"

    def forward(self, centres: Any, contexts: Any, negatives: Any) -> np.ndarray:
        """Mean negative-sampling loss of the pairs ``(centres[b], contexts[b])``."""
        owner = "SkipGram"
        centres, contexts = np.asarray(centres), np.asarray(contexts)
        negatives = np.asarray(negatives)
        if centres.ndim != 1 or contexts.shape != centres.shape:
            fail(
                owner,
                "centres and contexts of one shape (B,)",
                f"{centres.shape} and {contexts.shape}",
            )
        if negatives.ndim != 2 or negatives.shape[0] != centres.shape[0]:
            fail(owner, f"negatives of shape ({centres.shape[0]}, K)", negatives.shape)
        for name, ids in (("centres", centres), ("contexts", contexts), ("negatives", negatives)):
            if ids.dtype.kind not in "iu" or ids.min() < 0 or ids.max() >= self.vocab_size:
                fail(owner, f"{name} integer ids in [0, {self.vocab_size - 1}]", ids.dtype)
        v = self.input_vectors.data[centres]  # (B, D)
        u_pos = self.output_vectors.data[contexts]  # (B, D)
        u_neg = self.output_vectors.data[negatives]  # (B, K, D)
        s_pos = np.einsum("bd,bd->b", u_pos, v)
        s_neg = np.einsum("bkd,bd->bk", u_neg, v)
        loss = -(_log_sigmoid(s_pos) + _log_sigmoid(-s_neg).sum(axis=1)).mean()
        self._cache = (centres, contexts, negatives, v, u_pos, u_neg, s_pos, s_neg)
        return np.asarray(loss)

    def backward(self, grad_output: Any = 1.0) -> None:
        """Accumulate both tables' gradients (the inputs are ids and have none)."""
        centres, contexts, negatives, v, u_pos, u_neg, s_pos, s_neg = check_forward_called(
            "SkipGram", self._cache
        )
        scale = float(grad_output) / centres.shape[0]  # the loss is a mean over the batch
        g_pos = (_sigmoid(s_pos) - 1.0) * scale  # d loss / d s_pos, (B,)
        g_neg = _sigmoid(s_neg) * scale  # d loss / d s_neg, (B, K)
        d_v = g_pos[:, None] * u_pos + np.einsum("bk,bkd->bd", g_neg, u_neg)
        # np.add.at sums the rows of repeated ids (a word can occur several times in a batch).
        np.add.at(self.input_vectors.grad, centres, d_v)
        np.add.at(self.output_vectors.grad, contexts, g_pos[:, None] * v)
        np.add.at(self.output_vectors.grad, negatives, g_neg[..., None] * v[:, None, :])
        return None


def train_skipgram(
    ids: Any,
    vocab_size: int,
    counts: Any,
    embedding_dim: int = 32,
    window: int = 2,
    num_negatives: int = 5,
    num_epochs: int = 5,
    batch_size: int = 256,
    lr: float = 1e-2,
    rng: np.random.Generator | None = None,
) -> tuple[SkipGram, list[float]]:
    """Train :class:`SkipGram` on a token-id stream with Adam; returns the model and the
    mean loss of every epoch.

    Every epoch visits all (centre, context) pairs of :func:`skipgram_pairs` in a new random
    order and draws fresh negatives from :func:`noise_distribution` of ``counts``. (A noise
    word may coincide with the true context; word2vec does not exclude it either.)

    Goodfellow et al., §12.4.2.

    Examples
    --------
    >>> ids = np.array([0, 1, 2, 0, 1, 2, 0, 1, 2] * 4)
    >>> model, losses = train_skipgram(ids, 3, np.bincount(ids), 4, num_epochs=3,
    ...                                batch_size=8, rng=np.random.default_rng(0))
    >>> losses[-1] < losses[0]
    True
    """
    owner = "train_skipgram"
    num_epochs = check_positive_int(owner, "num_epochs", num_epochs)
    batch_size = check_positive_int(owner, "batch_size", batch_size)
    num_negatives = check_positive_int(owner, "num_negatives", num_negatives)
    generator = as_generator(owner, rng)
    centres, contexts = skipgram_pairs(ids, window)
    noise = noise_distribution(counts)
    if noise.size != vocab_size:
        fail(owner, f"counts of length vocab_size={vocab_size}", noise.size)
    model = SkipGram(vocab_size, embedding_dim, rng=generator)
    optimizer = Adam(model.parameters(), lr=lr)
    losses = []
    for _ in range(num_epochs):
        order = generator.permutation(centres.size)
        total = 0.0
        for start in range(0, centres.size, batch_size):
            batch = order[start : start + batch_size]
            negatives = generator.choice(vocab_size, size=(batch.size, num_negatives), p=noise)
            optimizer.zero_grad()
            loss = model(centres[batch], contexts[batch], negatives)
            model.backward()
            optimizer.step()
            total += float(loss) * batch.size
        losses.append(total / centres.size)
    return model, losses


def nearest_neighbours(vectors: Any, index: int, k: int = 5) -> tuple[np.ndarray, np.ndarray]:
    r"""The ``k`` rows most similar to row ``index`` by cosine similarity (itself excluded).

    .. math:: \cos(\boldsymbol a, \boldsymbol b)
              = \frac{\boldsymbol a^\top \boldsymbol b}{\|\boldsymbol a\|\,\|\boldsymbol b\|}

    Goodfellow et al., §12.4.2.

    Returns
    -------
    indices : numpy.ndarray
        ``(k,)`` int64, most similar first.
    similarities : numpy.ndarray
        ``(k,)`` cosine similarities in ``[-1, 1]``.

    Shape
    -----
    - vectors: ``(V, D)``; outputs: ``(k,)``

    Examples
    --------
    >>> vectors = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [-1.0, 0.0]])
    >>> idx, sim = nearest_neighbours(vectors, 0, k=2)
    >>> idx.tolist(), np.round(sim, 3).tolist()
    ([1, 2], [0.994, 0.0])
    """
    owner = "nearest_neighbours"
    vectors = np.asarray(vectors, dtype=np.float64)
    if vectors.ndim != 2:
        fail(owner, "vectors of shape (V, D)", vectors.shape)
    k = check_positive_int(owner, "k", k)
    if not 0 <= index < vectors.shape[0] or k >= vectors.shape[0]:
        fail(owner, f"index in [0, {vectors.shape[0] - 1}] and k < {vectors.shape[0]}", (index, k))
    norms = np.linalg.norm(vectors, axis=1)
    # A zero vector has no direction: give it similarity 0 instead of dividing by zero.
    unit = vectors / np.where(norms > 0, norms, 1.0)[:, None]
    similarity = unit @ unit[index]
    similarity[index] = -np.inf
    order = np.argsort(-similarity, kind="stable")[:k]
    return order.astype(np.int64), similarity[order]
