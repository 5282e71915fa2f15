"""The chapter 10 page's language-model claims (§10.2.3), in the page's configuration: the
held-out perplexity starts near the vocabulary size and ends well below the unigram model's."""

from __future__ import annotations

import numpy as np

from dlnotes.data import load_descr_corpus, split_text
from dlnotes.seq2seq import CharLanguageModel, Vocabulary, train_char_lm, unigram_perplexity


def test_page_claims_the_perplexity_curve() -> None:
    train_text, test_text = split_text(load_descr_corpus(), 0.1)
    vocab = Vocabulary.from_texts([train_text])
    train_ids = np.array(vocab.encode(train_text))
    test_ids = np.array(vocab.encode(test_text))
    lm = CharLanguageModel(len(vocab), 16, 64, dtype=np.float32, rng=np.random.default_rng(0))
    history = train_char_lm(
        lm,
        train_ids,
        num_steps=300,
        batch_size=16,
        seq_len=32,
        lr=1e-2,
        rng=np.random.default_rng(1),
        eval_ids=test_ids,
        eval_every=50,
    )
    curve = history.extra["val_perplexity"]
    unigram = unigram_perplexity(train_ids, test_ids, len(vocab))
    # Untrained: close to uniform guessing over the vocabulary.
    assert abs(curve[0] / len(vocab) - 1) < 0.2
    # Trained: below half the unigram perplexity, and improving over the last records.
    assert curve[-1] < 0.5 * unigram
    assert curve[-1] < curve[-2] < curve[1]
