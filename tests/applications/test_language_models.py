"""Language models: the vocabulary, n-gram probabilities summing to one for every context under
both smoothings, perplexity's definition, the neural LM's gradients and the seeded comparison
on the scikit-learn descriptions (the page's numbers)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.applications import (
    NeuralLM,
    NGramLM,
    Vocabulary,
    context_windows,
    perplexity,
    smoothing_grid,
    train_neural_lm,
)
from dlnotes.data import load_descr_corpus, split_text
from dlnotes.gradcheck import check_module

TEXT = "the cat sat on the mat. the dog sat on the log."


def test_vocabulary_maps_unseen_tokens_to_unk():
    vocab = Vocabulary("abc")
    assert vocab.encode("abz").tolist() == [1, 2, 0]
    assert vocab.bos_id == vocab.size == 4
    assert vocab.decode([1, 3]) == ["a", "c"]


@pytest.mark.parametrize("smoothing", ["additive", "interpolated"])
@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_probabilities_sum_to_one_for_every_context(smoothing, n):
    lm = NGramLM(n, smoothing, alpha=0.5, beta=2.0).fit(TEXT)
    contexts = [TEXT[max(0, t - n + 1) : t] for t in range(len(TEXT))] + ["zzz", "", "q t"]
    for context in contexts:
        p = lm.distribution(context)
        assert p.sum() == pytest.approx(1.0, abs=1e-12)
        assert np.all(p > 0)  # smoothing leaves no zero, unseen symbols included


def test_word_level_model_and_prob_agree_with_distribution():
    words = TEXT.split()
    lm = NGramLM(2, "interpolated").fit(words)
    p = lm.distribution(["the"])
    assert p.sum() == pytest.approx(1.0, abs=1e-12)
    assert lm.prob(["the"], "cat") == pytest.approx(p[lm.vocab.index["cat"]])


def test_additive_smoothing_formula():
    lm = NGramLM(2, "additive", alpha=0.5).fit("abab")
    # c(a, b) = 2, c(a) = 2, V = 3 (a, b, <unk>)
    assert lm.prob("a", "b") == pytest.approx((2 + 0.5) / (2 + 0.5 * 3))
    assert lm.prob("a", "a") == pytest.approx(0.5 / (2 + 0.5 * 3))


def test_interpolated_unseen_context_falls_back_to_lower_order():
    lm = NGramLM(3, "interpolated", beta=1.0).fit("abcabd")
    lower = NGramLM(2, "interpolated", beta=1.0).fit("abcabd")
    # "db" never occurs as a context, so the trigram model is the bigram model after "b"
    np.testing.assert_allclose(lm.distribution("db"), lower.distribution("b"), rtol=1e-12)


def test_perplexity_is_exp_mean_negative_log_prob():
    lm = NGramLM(2).fit(TEXT)
    lp = lm.log_probs("the mat")
    assert lm.perplexity("the mat") == pytest.approx(np.exp(-lp.mean()))
    assert perplexity(np.log(np.full(7, 1 / 9))) == pytest.approx(9.0)


def test_smoothing_grid_equals_separately_fitted_models():
    train, val = TEXT[:30], TEXT[30:]
    grid = smoothing_grid(train, val, [1, 3], "interpolated", [0.5, 5.0])
    for a, n in enumerate([1, 3]):
        for b, beta in enumerate([0.5, 5.0]):
            lm = NGramLM(n, "interpolated", beta=beta).fit(train)
            assert grid[a, b] == pytest.approx(lm.perplexity(val), rel=1e-12)


def test_context_windows_match_the_ngram_padding():
    vocab = Vocabulary(TEXT)
    ids = vocab.encode("the cat")
    X, y = context_windows(ids, 3, vocab.bos_id)
    assert X[0].tolist() == [vocab.bos_id] * 3 and X[4].tolist() == ids[1:4].tolist()
    np.testing.assert_array_equal(y, ids)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 50), st.integers(1, 8))
def test_context_windows_shapes_and_shift(T, k):
    ids = np.arange(T) + 1
    X, y = context_windows(ids, k, 0)
    assert X.shape == (T, k) and y.shape == (T,)
    # row t holds ids t-k .. t-1 (0 = padding before the start)
    expected = np.arange(T)[:, None] - k + np.arange(k) + 1
    np.testing.assert_array_equal(X, np.where(expected > 0, expected, 0))


def test_neural_lm_gradients():
    model = NeuralLM(7, 3, embedding_dim=4, hidden=5, rng=np.random.default_rng(0))
    x = np.random.default_rng(1).integers(0, 8, size=(6, 3))
    check_module(model, x, rng=np.random.default_rng(2))


@pytest.fixture(scope="module")
def corpus():
    train, test = split_text(load_descr_corpus(), 0.1)
    train, val = split_text(train, 0.1)
    return Vocabulary(train), train, val, test


def test_validation_picks_the_pages_smoothing(corpus):
    vocab, train, val, _ = corpus
    grid_add = smoothing_grid(
        train, val, range(1, 8), "additive", [0.003, 0.01, 0.03, 0.1, 0.3, 1.0], vocab
    )
    grid_int = smoothing_grid(train, val, range(1, 8), "interpolated", [3, 10, 30, 100], vocab)
    assert np.unravel_index(grid_add.argmin(), grid_add.shape) == (2, 3)  # n = 3, alpha = 0.1
    assert np.unravel_index(grid_int.argmin(), grid_int.shape) == (6, 2)  # n = 7, beta = 30
    # from order 3 on, interpolation is better than additive smoothing at every order
    assert np.all(grid_int.min(axis=1)[2:] < grid_add.min(axis=1)[2:])


def test_seeded_comparison_on_the_descriptions(corpus):
    """The page's claim: on these 12 000 training characters the interpolated n-gram beats the
    small neural LM, which beats additive smoothing, and the mixture of the neural LM with
    the n-gram (weight chosen on the validation text) beats both."""
    vocab, train, val, test = corpus
    interp = NGramLM(7, "interpolated", beta=30.0).fit(train, vocab)
    additive = NGramLM(3, "additive", alpha=0.1).fit(train, vocab)
    model = train_neural_lm(vocab, train, context=6, num_epochs=10, rng=np.random.default_rng(0))
    p = {}
    for name, text in [("val", val), ("test", test)]:
        X, y = context_windows(vocab.encode(text), 6, vocab.bos_id)
        p[name] = (np.exp(model.log_probs(X, y)), np.exp(interp.log_probs(text)))
    lams = np.linspace(0.0, 1.0, 21)
    lam = lams[
        np.argmin([perplexity(np.log(w * p["val"][0] + (1 - w) * p["val"][1])) for w in lams])
    ]
    assert 0 < lam < 1
    p_nn, p_ng = p["test"]
    mixed = perplexity(np.log(lam * p_nn + (1 - lam) * p_ng))
    assert mixed < perplexity(np.log(p_ng)) < perplexity(np.log(p_nn)) < additive.perplexity(test)
