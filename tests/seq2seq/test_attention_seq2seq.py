"""The attention encoder-decoder: central differences for every parameter (GRU and LSTM, dot,
additive and no attention), attention masks over source padding, greedy/beam decoding
consistency, validation, >= 95 % exact match on date-format translation, and the
attention-free baseline far behind it with the same training (on long dates, and on
reversal as the length grows) -- the settings of book/scratch/s10_seq2seq_attention.md."""

from __future__ import annotations

import time

import numpy as np
import pytest

from dlnotes.data import make_date_pairs
from dlnotes.gradcheck import check_module
from dlnotes.seq2seq import (
    AttentionSeq2Seq,
    Vocabulary,
    exact_match,
    make_batch,
    train_seq2seq,
    translation_correct,
)


@pytest.mark.parametrize(
    ("cell", "attention"),
    [
        ("gru", "dot"),
        ("lstm", "dot"),
        ("gru", "additive"),
        ("lstm", "additive"),
        ("gru", "none"),
        ("lstm", "none"),
    ],
)
def test_gradcheck_every_parameter(rng, cell, attention):
    model = AttentionSeq2Seq(
        7, 6, embedding_dim=3, hidden_size=4, cell=cell, attention=attention, rng=rng
    )
    # No <pad> ids (the pad embedding row gets no gradient by design), but a masked position.
    source = np.array([[4, 5, 6], [5, 4, 6]])
    source_mask = np.array([[True, True, True], [True, True, False]])
    decoder_inputs = np.array([[1, 4, 5], [1, 3, 2]])
    check_module(model, source, source_mask, decoder_inputs, rng=rng)


@pytest.mark.parametrize("cell", ["gru", "lstm"])
def test_float32_end_to_end(rng, cell):
    model = AttentionSeq2Seq(7, 6, 3, 4, cell=cell, dtype=np.float32, rng=rng)
    source = np.array([[4, 5, 6], [5, 4, 0]])
    logits = model(source, source != 0, np.array([[1, 4], [1, 3]]))
    assert logits.dtype == np.float32
    model.backward(np.ones_like(logits))
    assert all(p.data.dtype == p.grad.dtype == np.float32 for p in model.parameters())


@pytest.mark.parametrize("attention", ["dot", "additive"])
def test_attention_ignores_source_padding(rng, attention):
    vocab = Vocabulary.from_texts(["abcdef"])
    model = AttentionSeq2Seq(len(vocab), len(vocab), 4, 6, attention=attention, rng=rng)
    source_ids, source_mask, inputs, _, _ = make_batch(
        [("abcdef", "ab"), ("ab", "fedcba")], vocab, vocab
    )
    model(source_ids, source_mask, inputs)
    weights = model.attention_weights
    np.testing.assert_allclose(weights.sum(-1), 1.0, atol=1e-12)
    np.testing.assert_array_equal(weights[1][:, 2:], 0.0)


def test_greedy_and_width_one_beam_agree(rng):
    pairs = make_date_pairs(4, rng)
    src_vocab = Vocabulary.from_texts(s for s, _ in pairs)
    tgt_vocab = Vocabulary.from_texts(["0123456789-"])
    model = AttentionSeq2Seq(len(src_vocab), len(tgt_vocab), 4, 6, cell="lstm", rng=rng)
    sources = [s for s, _ in pairs]
    greedy = model.translate(sources, src_vocab, tgt_vocab, max_length=12)
    beam1 = model.translate(sources, src_vocab, tgt_vocab, max_length=12, beam_width=1)
    assert len(greedy) == 4
    # Width-one beam search is greedy decoding (up to sequences cut at max_length).
    for g, b in zip(greedy, beam1, strict=True):
        assert g == b or len(g) == 12
    beam3 = model.translate(sources, src_vocab, tgt_vocab, max_length=12, beam_width=3)
    assert all(isinstance(text, str) for text in beam3)


def test_bad_arguments():
    with pytest.raises(ValueError, match="AttentionSeq2Seq: expected an even hidden_size"):
        AttentionSeq2Seq(5, 5, hidden_size=5)
    with pytest.raises(ValueError, match="AttentionSeq2Seq: expected cell 'gru' or 'lstm'"):
        AttentionSeq2Seq(5, 5, cell="rnn")
    with pytest.raises(ValueError, match="AttentionSeq2Seq: expected attention 'dot', 'additive'"):
        AttentionSeq2Seq(5, 5, attention="general")
    model = AttentionSeq2Seq(5, 5, 2, 4, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="AttentionSeq2Seq: expected source_ids and source_mask"):
        model(np.ones((2, 3), int), np.ones((2, 4), bool), np.ones((2, 2), int))
    with pytest.raises(RuntimeError, match="AttentionSeq2Seq: expected forward to be called"):
        model.backward(np.zeros((2, 2, 5)))


@pytest.mark.slow
def test_date_translation_reaches_95_percent_exact_match():
    rng = np.random.default_rng(0)
    train = make_date_pairs(4000, rng)
    test = make_date_pairs(500, rng)
    src_vocab = Vocabulary.from_texts(s for s, _ in train)
    tgt_vocab = Vocabulary.from_texts(["0123456789-"])
    model = AttentionSeq2Seq(
        len(src_vocab), len(tgt_vocab), embedding_dim=16, hidden_size=64, dtype=np.float32, rng=rng
    )
    start = time.perf_counter()
    losses = train_seq2seq(
        model, train, src_vocab, tgt_vocab, num_epochs=3, batch_size=64, lr=1e-2, rng=rng
    ).train_loss
    elapsed = time.perf_counter() - start
    accuracy = exact_match(model, test, src_vocab, tgt_vocab, max_length=12)
    assert losses[-1] < losses[0]
    assert accuracy >= 0.95, (accuracy, elapsed)


def test_train_seq2seq_returns_the_shared_history(rng):
    from dlnotes.data import make_reversal_pairs
    from dlnotes.training import History

    pairs = make_reversal_pairs(8, 2, 3, rng=rng)
    vocab = Vocabulary.from_texts(s for s, _ in pairs)
    model = AttentionSeq2Seq(len(vocab), len(vocab), 4, 4, rng=rng)
    history = train_seq2seq(model, pairs, vocab, vocab, num_epochs=2, batch_size=4, rng=rng)
    assert isinstance(history, History) and len(history.train_loss) == 2


def _date_run(attention):
    # The page's run: the same data, sizes, seed and three epochs for both models.
    data_rng = np.random.default_rng(0)
    train = make_date_pairs(4000, data_rng)
    test = make_date_pairs(500, data_rng)
    rng = np.random.default_rng(0)
    src_vocab = Vocabulary.from_texts(s for s, _ in train)
    tgt_vocab = Vocabulary.from_texts(["0123456789-"])
    model = AttentionSeq2Seq(
        len(src_vocab),
        len(tgt_vocab),
        embedding_dim=16,
        hidden_size=64,
        attention=attention,
        dtype=np.float32,
        rng=rng,
    )
    train_seq2seq(model, train, src_vocab, tgt_vocab, num_epochs=3, lr=1e-2, rng=rng)
    correct = translation_correct(model, test, src_vocab, tgt_vocab, max_length=12)
    long_dates = np.array([len(s) > 20 for s, _ in test])
    return correct.mean(), correct[long_dates].mean(), long_dates.sum()


@pytest.mark.slow
def test_attention_free_baseline_is_far_worse_on_long_dates():
    attention_all, attention_long, num_long = _date_run("dot")
    baseline_all, baseline_long, _ = _date_run("none")
    assert num_long >= 50
    assert attention_all >= 0.95 and attention_long >= 0.95
    assert baseline_long <= attention_long - 0.5
    assert baseline_all <= attention_all - 0.5


def _reversal_by_length(attention):
    from dlnotes.data import make_reversal_pairs

    data_rng = np.random.default_rng(0)
    train = make_reversal_pairs(4000, 3, 16, 10, rng=data_rng)
    test = make_reversal_pairs(1000, 3, 16, 10, rng=data_rng)
    rng = np.random.default_rng(0)
    vocab = Vocabulary.from_texts(s for s, _ in train)
    model = AttentionSeq2Seq(
        len(vocab), len(vocab), 16, 64, attention=attention, dtype=np.float32, rng=rng
    )
    train_seq2seq(model, train, vocab, vocab, num_epochs=4, lr=1e-2, rng=rng)
    correct = translation_correct(model, test, vocab, vocab, max_length=18)
    lengths = np.array([len(s) for s, _ in test])
    return correct[lengths <= 5].mean(), correct[lengths >= 11].mean()


@pytest.mark.slow
def test_without_attention_reversal_fails_as_the_length_grows():
    attention_short, attention_long = _reversal_by_length("dot")
    baseline_short, baseline_long = _reversal_by_length("none")
    assert attention_short >= 0.9 and baseline_short >= 0.7
    assert baseline_long <= 0.05
    assert attention_long >= 0.5
