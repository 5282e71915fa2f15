"""The bar of chapter S9 and the k-gram table of S9.3, with exactly the page's data, seed and
settings (book/scratch/s09_recurrent.md, sections S9.3 and S9.9): a character-level LSTM
language model trained for 150 steps reaches a test perplexity below half the unigram
baseline's and below the best count-based k-gram model's."""

from __future__ import annotations

import numpy as np

from dlnotes.data import load_descr_corpus, split_text
from dlnotes.seq2seq import (
    CharLanguageModel,
    Vocabulary,
    kgram_perplexity,
    perplexity,
    train_char_lm,
    unigram_perplexity,
)


def test_char_lm_perplexity_is_well_below_the_baselines():
    rng = np.random.default_rng(0)
    train_text, test_text = split_text(load_descr_corpus(), 0.1)
    vocab = Vocabulary.from_texts([train_text])
    train_ids = np.array(vocab.encode(train_text))
    test_ids = np.array(vocab.encode(test_text))
    model = CharLanguageModel(len(vocab), 32, 128, dtype=np.float32, rng=rng)
    train_char_lm(model, train_ids, num_steps=150, batch_size=32, seq_len=48, lr=5e-3, rng=rng)
    achieved = perplexity(model, test_ids)
    unigram = unigram_perplexity(train_ids, test_ids, len(vocab))
    best_kgram = min(
        kgram_perplexity(train_ids, test_ids, len(vocab), k, alpha)
        for k in range(1, 6)
        for alpha in (1.0, 0.1)
    )
    assert achieved < 0.5 * unigram, (achieved, unigram)
    assert achieved < best_kgram, (achieved, best_kgram)


def test_kgram_perplexity_first_falls_then_rises_with_k():
    """S9.3: on the page's corpus, some context helps, long contexts hurt (data sparsity)."""
    train_text, test_text = split_text(load_descr_corpus(), 0.1)
    vocab = Vocabulary.from_texts([train_text])
    train_ids = np.array(vocab.encode(train_text))
    test_ids = np.array(vocab.encode(test_text))
    table = {
        (k, alpha): kgram_perplexity(train_ids, test_ids, len(vocab), k, alpha)
        for k in range(1, 6)
        for alpha in (1.0, 0.1)
    }
    best_k, _ = min(table, key=table.get)
    assert best_k in (2, 3)
    assert table[5, 1.0] > table[1, 1.0] > table[best_k, 0.1]
