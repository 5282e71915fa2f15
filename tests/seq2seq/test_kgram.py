"""The count-based k-gram baseline: unigram equivalence, normalisation, determinism and data
sparsity at large k."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.seq2seq import kgram_perplexity, unigram_perplexity


def test_k1_is_the_unigram_baseline(rng):
    train, test = rng.integers(0, 7, size=300), rng.integers(0, 7, size=80)
    np.testing.assert_allclose(
        kgram_perplexity(train, test, 7, k=1), unigram_perplexity(train, test, 7), rtol=1e-12
    )


def test_matches_a_dictionary_of_counts(rng):
    train, test = rng.integers(0, 4, size=200), rng.integers(0, 4, size=50)
    k, alpha, vocab = 3, 0.5, 4
    pairs: dict[tuple, int] = {}
    contexts: dict[tuple, int] = {}
    for t in range(k - 1, train.size):
        ctx = tuple(train[t - k + 1 : t])
        contexts[ctx] = contexts.get(ctx, 0) + 1
        pairs[ctx + (train[t],)] = pairs.get(ctx + (train[t],), 0) + 1
    log_p = [
        np.log(
            (pairs.get(tuple(test[t - k + 1 : t + 1]), 0) + alpha)
            / (contexts.get(tuple(test[t - k + 1 : t]), 0) + alpha * vocab)
        )
        for t in range(k - 1, test.size)
    ]
    np.testing.assert_allclose(
        kgram_perplexity(train, test, vocab, k, alpha), np.exp(-np.mean(log_p)), rtol=1e-12
    )


def test_a_determined_text_has_perplexity_near_one_and_unseen_text_near_uniform():
    text = np.tile(np.arange(5), 200)
    assert kgram_perplexity(text, text, 5, k=2, alpha=0.01) < 1.001
    # A context never seen in training gives the uniform distribution: perplexity V.
    unseen = np.array([4, 2, 0, 3, 1, 4, 2, 0, 3, 1])
    np.testing.assert_allclose(kgram_perplexity(text, unseen, 5, k=3), 5.0)


def test_bad_inputs():
    with pytest.raises(ValueError, match=r"kgram_perplexity: expected test_ids in \[0, 3\)"):
        kgram_perplexity(np.array([0, 1, 2]), np.array([0, 5]), 3, 1)
    with pytest.raises(ValueError, match="kgram_perplexity: expected train_ids and test_ids"):
        kgram_perplexity(np.array([0, 1]), np.array([0, 1]), 3, 3)
    with pytest.raises(ValueError, match="kgram_perplexity: expected vocab_size"):
        kgram_perplexity(np.array([0, 1]), np.array([0, 1]), 100, 10)
