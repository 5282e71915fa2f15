r"""A count-based k-gram character model with add-:math:`\alpha` smoothing, the baseline of a
recurrent language model.

A k-gram model assumes that a character depends only on the :math:`k - 1` characters before
it and estimates that conditional distribution by counting,

.. math:: p(x_t = v \mid x_{t-k+1:t-1}) =
          \frac{N(x_{t-k+1:t-1}, v) + \alpha}{N(x_{t-k+1:t-1}) + \alpha V},

with :math:`N` the counts in the training text and :math:`V` the vocabulary size. The
smoothing gives unseen continuations a non-zero probability (otherwise one unseen k-gram in
the test text makes the perplexity infinite). ``k = 1`` is the unigram model of
:func:`~dlnotes.seq2seq.unigram_perplexity`. The number of contexts grows as :math:`V^{k-1}`
while the text stays the same length, so for large ``k`` most test contexts were never seen and
the smoothed estimate falls back to nearly uniform: the data sparsity that motivates neural
language models (Goodfellow et al., §12.4.1–§12.4.2).

Goodfellow et al., §12.4.1 (n-grams).
"""

from __future__ import annotations

import numpy as np

from dlnotes._validation import check_positive_int, check_range, fail

__all__ = ["kgram_perplexity"]


def _ids(owner: str, name: str, ids: np.ndarray, vocab_size: int) -> np.ndarray:
    values = np.asarray(ids)
    if values.ndim != 1 or values.dtype.kind not in "iu":
        fail(owner, f"{name} as a 1-D array of integer ids", f"{values.dtype} {values.shape}")
    if values.size and (values.min() < 0 or values.max() >= vocab_size):
        fail(owner, f"{name} in [0, {vocab_size})", f"[{values.min()}, {values.max()}]")
    return values.astype(np.int64)


def _keys(ids: np.ndarray, k: int, vocab_size: int) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of every (context, next id) pair and of every context, in text order."""
    count = ids.size - k + 1
    context = np.zeros(count, dtype=np.int64)
    for j in range(k - 1):  # base-V digits, oldest character first
        context = context * vocab_size + ids[j : j + count]
    return context * vocab_size + ids[k - 1 :], context


def kgram_perplexity(
    train_ids: np.ndarray,
    test_ids: np.ndarray,
    vocab_size: int,
    k: int,
    alpha: float = 1.0,
) -> float:
    r"""Perplexity on ``test_ids`` of the add-:math:`\alpha` k-gram model counted on ``train_ids``.

    Every test position with a full context of :math:`k - 1` characters is scored (positions
    ``k - 1`` onwards); the perplexity is :math:`\exp` of the mean negative log-probability.

    Goodfellow et al., §12.4.1.

    Parameters
    ----------
    train_ids, test_ids : numpy.ndarray
        1-D integer ids in ``[0, vocab_size)``; each at least ``k`` long.
    vocab_size : int
        :math:`V`.
    k : int
        Length of the grams (``1`` unigram, ``2`` bigram, ...); ``V**k`` must fit in int64.
    alpha : float
        Smoothing pseudo-count, :math:`\alpha > 0`.

    Returns
    -------
    float

    Shape
    -----
    - train_ids: ``(T_train,)``; test_ids: ``(T_test,)``

    Examples
    --------
    >>> text = np.tile([0, 1, 2], 30)
    >>> round(kgram_perplexity(text, text, 3, k=1), 6)  # frequencies 1/3 each
    3.0
    >>> kgram_perplexity(text, text, 3, k=2) < 1.1  # the next id is determined
    True
    """
    owner = "kgram_perplexity"
    vocab_size = check_positive_int(owner, "vocab_size", vocab_size)
    k = check_positive_int(owner, "k", k)
    alpha = check_range(owner, "alpha", alpha, 0.0, low_inclusive=False)
    if k * np.log(vocab_size) >= np.log(np.iinfo(np.int64).max):
        fail(owner, f"vocab_size**k < 2**63 (k={k}, vocab_size={vocab_size})", vocab_size**k)
    train = _ids(owner, "train_ids", train_ids, vocab_size)
    test = _ids(owner, "test_ids", test_ids, vocab_size)
    if train.size < k or test.size < k:
        fail(owner, f"train_ids and test_ids of at least k={k} ids", (train.size, test.size))
    pair_keys, context_keys = _keys(train, k, vocab_size)
    pairs, pair_counts = np.unique(pair_keys, return_counts=True)
    contexts, context_counts = np.unique(context_keys, return_counts=True)

    def lookup(table: np.ndarray, counts: np.ndarray, queries: np.ndarray) -> np.ndarray:
        # Sorted tables: binary search, count 0 where the key never occurred.
        position = np.minimum(np.searchsorted(table, queries), table.size - 1)
        return np.where(table[position] == queries, counts[position], 0)

    test_pairs, test_contexts = _keys(test, k, vocab_size)
    numerator = lookup(pairs, pair_counts, test_pairs) + alpha
    denominator = lookup(contexts, context_counts, test_contexts) + alpha * vocab_size
    return float(np.exp(-np.mean(np.log(numerator / denominator))))
