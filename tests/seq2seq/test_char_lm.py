"""Character-level pipeline on scikit-learn's bundled DESCR texts: corpus, windows, the model's
gradients, perplexity against a direct computation, temperature sampling and (slow) a trained
model beating the unigram baseline."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.data import load_descr_corpus, random_windows, split_text
from dlnotes.gradcheck import check_module
from dlnotes.nn.functional import log_softmax
from dlnotes.seq2seq import (
    CharLanguageModel,
    Vocabulary,
    generate_text,
    perplexity,
    sample_with_temperature,
    train_char_lm,
    unigram_perplexity,
)


def test_corpus_loads_offline_and_splits():
    text = load_descr_corpus()
    assert len(text) > 10_000 and "Iris" in text and "Wine" in text
    train, test = split_text(text, 0.1)
    assert train + test == text and abs(len(test) / len(text) - 0.1) < 0.01
    with pytest.raises(ValueError, match="split_text: expected test_fraction in"):
        split_text(text, 1.0)


def test_random_windows_are_shifted_targets(rng):
    ids = rng.integers(0, 9, size=100)
    x, y = random_windows(ids, 4, 10, rng)
    assert x.shape == y.shape == (4, 10)
    for row_x, row_y in zip(x, y, strict=True):
        start = next(s for s in range(91) if np.array_equal(ids[s : s + 10], row_x))
        np.testing.assert_array_equal(ids[start + 1 : start + 11], row_y)
    with pytest.raises(ValueError, match="random_windows: expected a 1-D id sequence longer"):
        random_windows(ids[:5], 2, 10)


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_model_gradcheck(rng, cell):
    model = CharLanguageModel(5, 3, 4, num_layers=2, cell=cell, rng=rng)
    check_module(model, rng.integers(0, 5, size=(2, 4)), rng=rng)


def test_float32_model(rng):
    model = CharLanguageModel(5, 3, 4, dtype=np.float32, rng=rng)
    logits = model(rng.integers(0, 5, size=(2, 4)))
    assert logits.dtype == np.float32
    model.backward(np.ones_like(logits))
    assert all(p.grad.dtype == np.float32 for p in model.parameters())


def test_perplexity_matches_a_direct_computation(rng):
    model = CharLanguageModel(6, 3, 5, rng=rng)
    ids = rng.integers(0, 6, size=40)
    log_probs = log_softmax(model(ids[None, :-1])[0], dim=-1)
    expected = np.exp(-log_probs[np.arange(39), ids[1:]].mean())
    # Chunked evaluation carries the state across chunks: same number.
    np.testing.assert_allclose(perplexity(model, ids, chunk_length=7), expected, rtol=1e-12)


def test_unigram_perplexity_of_a_uniform_text():
    ids = np.tile(np.arange(8), 10)
    np.testing.assert_allclose(unigram_perplexity(ids, ids, 8), 8.0)


def test_temperature_sampling(rng):
    logits = np.log(np.array([0.1, 0.2, 0.7]))
    draws = sample_with_temperature(np.tile(logits, (20_000, 1)), 1.0, rng)
    np.testing.assert_allclose(
        np.bincount(draws, minlength=3) / 20_000, [0.1, 0.2, 0.7], atol=0.015
    )
    cold = sample_with_temperature(np.tile(logits, (5_000, 1)), 0.25, rng)
    assert (cold == 2).mean() > 0.95
    hot = sample_with_temperature(np.tile(logits, (20_000, 1)), 100.0, rng)
    np.testing.assert_allclose(np.bincount(hot, minlength=3) / 20_000, 1 / 3, atol=0.02)
    assert sample_with_temperature(logits, 0.0) == 2
    with pytest.raises(ValueError, match="sample_with_temperature: expected temperature in"):
        sample_with_temperature(logits, -1.0)


def test_generate_text_extends_the_prompt(rng):
    vocab = Vocabulary.from_texts(["hello world"])
    model = CharLanguageModel(len(vocab), 4, 8, rng=rng)
    text = generate_text(model, vocab, "he", length=20, temperature=0.8, rng=rng)
    assert text.startswith("he")


@pytest.mark.slow
def test_trained_model_beats_the_unigram_baseline():
    rng = np.random.default_rng(0)
    train_text, test_text = split_text(load_descr_corpus(), 0.1)
    vocab = Vocabulary.from_texts([train_text])
    train_ids = np.array(vocab.encode(train_text))
    test_ids = np.array(vocab.encode(test_text))
    model = CharLanguageModel(len(vocab), 32, 128, dtype=np.float32, rng=rng)
    losses = train_char_lm(
        model, train_ids, num_steps=200, batch_size=32, seq_len=64, lr=5e-3, rng=rng
    ).train_loss
    assert losses[-1] < losses[0]
    baseline = unigram_perplexity(train_ids, test_ids, len(vocab))
    achieved = perplexity(model, test_ids)
    assert achieved < 0.6 * baseline, (achieved, baseline)


def test_trainers_return_the_shared_history(rng):
    from dlnotes.training import History

    ids = np.tile(np.arange(4), 20)
    model = CharLanguageModel(4, 4, 8, rng=rng)
    history = train_char_lm(model, ids, num_steps=3, batch_size=2, seq_len=5, rng=rng)
    assert isinstance(history, History) and history.num_epochs == 3


def test_held_out_perplexity_curve_is_recorded(rng):
    ids = np.tile(np.arange(4), 40)
    model = CharLanguageModel(4, 4, 8, rng=rng)
    history = train_char_lm(
        model, ids, num_steps=7, batch_size=2, seq_len=5, rng=rng, eval_ids=ids[:30], eval_every=3
    )
    assert history.extra["val_step"] == [0.0, 3.0, 6.0, 7.0]
    # The last record is the perplexity of the trained model.
    assert history.extra["val_perplexity"][-1] == pytest.approx(perplexity(model, ids[:30]))
    plain = train_char_lm(model, ids, num_steps=2, batch_size=2, seq_len=5, rng=rng)
    assert "val_perplexity" not in plain.extra
