"""The one-block Transformer tagger: every parameter's gradient against central differences,
permutation equivariance without positional encodings (and its loss with them), padding that
cannot change the outputs at real positions, and the page's seeded reversal run (every test
sequence reversed exactly with positional encodings; under half the tokens right without)."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.gradcheck import check_module
from dlnotes.seq2seq import TransformerTagger, train_tagger

# The settings of book/scratch/s10_seq2seq_attention.md.
LENGTH, SYMBOLS = 8, 10


def test_gradcheck_every_parameter(rng):
    model = TransformerTagger(6, 5, d_model=4, nhead=2, dim_feedforward=6, max_length=5, rng=rng)
    check_module(model, np.array([[1, 2, 3, 4], [5, 0, 2, 2]]), rng=rng)


@pytest.mark.parametrize("positional", [False, True])
def test_permutation_equivariance_only_without_positions(rng, positional):
    model = TransformerTagger(10, 7, 8, 2, 16, max_length=6, positional=positional, rng=rng)
    ids = rng.integers(0, 10, size=(3, 6))
    perm = np.array([3, 0, 5, 1, 4, 2])
    permuted_then_encoded = model(ids[:, perm])
    encoded_then_permuted = model(ids)[:, perm]
    same = np.allclose(permuted_then_encoded, encoded_then_permuted, atol=1e-12)
    assert same is (not positional)


def test_padding_does_not_reach_real_positions(rng):
    model = TransformerTagger(10, 4, 8, 2, 16, max_length=6, rng=rng)
    ids = np.array([[1, 2, 3, 4, 0, 0]])
    padding = np.array([[False, False, False, False, True, True]])
    out = model(ids, padding)
    other = model(np.array([[1, 2, 3, 4, 9, 7]]), padding)
    np.testing.assert_allclose(out[:, :4], other[:, :4], atol=1e-12)
    assert not np.allclose(model(np.array([[1, 2, 3, 4, 9, 7]]))[:, :4], out[:, :4])


def _reversal_run(positional):
    rng = np.random.default_rng(0)
    train = rng.integers(0, SYMBOLS, size=(3000, LENGTH))
    test = rng.integers(0, SYMBOLS, size=(500, LENGTH))
    model = TransformerTagger(
        SYMBOLS, SYMBOLS, 32, 2, 64, max_length=LENGTH, positional=positional, rng=rng
    )
    history = train_tagger(model, train, train[:, ::-1], num_epochs=10, lr=3e-3, rng=rng)
    predicted = model(test).argmax(-1)
    return history.train_loss, predicted == test[:, ::-1]


@pytest.mark.slow
def test_reversal_needs_positional_encodings():
    losses, correct = _reversal_run(positional=True)
    assert losses[-1] < 0.05 * losses[0]
    assert correct.all(axis=1).mean() == 1.0
    _, correct_without = _reversal_run(positional=False)
    assert correct_without.mean() < 0.5
