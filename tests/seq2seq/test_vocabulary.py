"""Vocabulary, special tokens, encode/decode round trips, padding and masks, teacher forcing."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.seq2seq import Vocabulary, pad_sequences, teacher_forcing_batch


def test_special_tokens_come_first():
    vocab = Vocabulary("hello")
    assert vocab.itos[:4] == ["<pad>", "<bos>", "<eos>", "<unk>"]
    assert (vocab.pad_index, vocab.bos_index, vocab.eos_index, vocab.unk_index) == (0, 1, 2, 3)
    assert len(vocab) == 4 + len(set("hello"))
    assert "h" in vocab and "z" not in vocab


@settings(max_examples=25, deadline=None)
@given(st.text(alphabet="abcdef -", min_size=0, max_size=20))
def test_encode_decode_round_trip(text):
    vocab = Vocabulary.from_texts(["abcdef -"])
    ids = vocab.encode(text, add_bos=True, add_eos=True)
    assert ids[0] == vocab.bos_index and ids[-1] == vocab.eos_index
    assert vocab.decode(ids + [vocab.pad_index] * 3) == text


def test_unknown_tokens_and_decode_stops_at_eos():
    vocab = Vocabulary.from_texts(["ab"])
    assert vocab.encode("abz") == [4, 5, vocab.unk_index]
    assert vocab.decode([4, 2, 5]) == "a"
    assert vocab.decode([4, 2, 5], strip_special=False, join=" ") == "a <eos> b"
    with pytest.raises(ValueError, match=r"Vocabulary.decode: expected ids in \[0, 5\]"):
        vocab.decode([9])
    with pytest.raises(TypeError, match="Vocabulary: expected tokens to be strings"):
        Vocabulary([1, 2])


def test_pad_sequences_and_masks():
    ids, mask = pad_sequences([[5, 6, 7], [8], []], pad_index=0)
    np.testing.assert_array_equal(ids, [[5, 6, 7], [8, 0, 0], [0, 0, 0]])
    np.testing.assert_array_equal(mask.sum(1), [3, 1, 0])
    assert ids.dtype == np.int64 and mask.dtype == bool
    assert pad_sequences([[1]], length=4)[0].shape == (1, 4)
    with pytest.raises(ValueError, match="pad_sequences: expected sequences of at most 2 tokens"):
        pad_sequences([[1, 2, 3]], length=2)
    with pytest.raises(ValueError, match="pad_sequences: expected at least one sequence"):
        pad_sequences([])


def test_encode_batch_masks_padding():
    vocab = Vocabulary.from_texts(["abc"])
    ids, mask = vocab.encode_batch(["abc", "a"], add_eos=True)
    assert ids.shape == (2, 4)
    np.testing.assert_array_equal(mask, [[True] * 4, [True, True, False, False]])
    np.testing.assert_array_equal(ids[~mask], vocab.pad_index)


def test_teacher_forcing_shifts_by_one():
    inputs, targets, mask = teacher_forcing_batch([[7, 8, 9], [5]], bos_index=1, eos_index=2)
    np.testing.assert_array_equal(inputs[:, 0], 1)
    # Every real decoder input after <bos> is the previous target token.
    np.testing.assert_array_equal(inputs[0, 1:], targets[0, :-1])
    np.testing.assert_array_equal(targets[1], [5, 2, 0, 0])
    np.testing.assert_array_equal(mask[1], [True, True, False, False])
