"""Greedy decoding and beam search on hand-made next-token tables: beam width 1 is greedy,
wider beams find sequences at least as probable, a wide beam finds the exact optimum."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from dlnotes.seq2seq import beam_search, greedy_decode, reorder_state

BOS, EOS = 0, 1


def _bigram_step(table):
    log_table = np.log(table)

    def step(tokens, state):
        # The state counts steps per hypothesis, to exercise reordering.
        return log_table[tokens], state + 1

    return step


def _random_table(rng, vocab=4):
    table = rng.random((vocab, vocab)) + 0.05
    table[:, BOS] = 1e-12  # <bos> is never generated
    return table / table.sum(1, keepdims=True)


def _sequence_log_prob(table, tokens):
    prev, total = BOS, 0.0
    for tok in [*tokens, EOS]:
        total += np.log(table[prev, tok])
        prev = tok
    return total


def test_greedy_follows_the_argmax_and_stops_at_eos():
    table = np.full((4, 4), 1e-6)
    table[BOS, 2] = table[2, 3] = table[3, EOS] = 1.0
    out = greedy_decode(
        _bigram_step(table), np.zeros(2), batch_size=2, bos_index=BOS, eos_index=EOS, max_length=10
    )
    np.testing.assert_array_equal(out, [[2, 3, EOS], [2, 3, EOS]])
    with pytest.raises(ValueError, match="greedy_decode: expected max_length to be a positive"):
        greedy_decode(_bigram_step(table), None, 1, BOS, EOS, 0)


@pytest.mark.parametrize("seed", range(5))
def test_beam_width_one_equals_greedy(seed):
    table = _random_table(np.random.default_rng(seed))
    step = _bigram_step(table)
    greedy = greedy_decode(step, np.zeros(1), 1, BOS, EOS, max_length=6)[0]
    greedy_tokens = list(greedy[: list(greedy).index(EOS)]) if EOS in greedy else list(greedy)
    best, _ = beam_search(step, np.zeros(1), BOS, EOS, beam_width=1, max_length=6)[0]
    if EOS in greedy:
        assert best == greedy_tokens


@pytest.mark.parametrize("seed", range(8))
def test_wide_beam_finds_the_exact_optimum(seed):
    table = _random_table(np.random.default_rng(seed))
    step = _bigram_step(table)
    max_length = 4
    exact = max(
        (
            list(seq)
            for n in range(max_length + 1)
            for seq in itertools.product(range(2, 4), repeat=n)
        ),
        key=lambda seq: _sequence_log_prob(table, seq),
    )
    found, score = beam_search(step, np.zeros(1), BOS, EOS, beam_width=16, max_length=max_length)[0]
    assert found == exact
    np.testing.assert_allclose(score, _sequence_log_prob(table, exact), atol=1e-9)
    narrow, _ = beam_search(step, np.zeros(1), BOS, EOS, beam_width=2, max_length=max_length)[0]
    assert _sequence_log_prob(table, found) >= _sequence_log_prob(table, narrow) - 1e-12


def test_beam_beats_greedy_on_a_garden_path():
    table = np.full((5, 5), 1e-9)
    table[BOS, 2], table[BOS, 3] = 0.55, 0.45
    table[2, 2:5] = 1 / 3  # after 2: no clear continuation, eos unlikely
    table[3, EOS] = 0.99  # after 3: almost surely stop
    table[4, EOS] = 1.0
    table = table / table.sum(1, keepdims=True)
    step = _bigram_step(table)
    greedy = greedy_decode(step, np.zeros(1), 1, BOS, EOS, max_length=3)[0]
    assert greedy[0] == 2
    best, _ = beam_search(step, np.zeros(1), BOS, EOS, beam_width=3, max_length=3)[0]
    assert best == [3]


def test_results_are_sorted_and_length_penalty_is_validated():
    table = _random_table(np.random.default_rng(0))
    results = beam_search(_bigram_step(table), np.zeros(1), BOS, EOS, beam_width=3, max_length=5)
    scores = [s for _, s in results]
    assert scores == sorted(scores, reverse=True)
    with pytest.raises(ValueError, match="beam_search: expected length_penalty in"):
        beam_search(_bigram_step(table), None, BOS, EOS, length_penalty=-1.0)


def test_reorder_state_handles_nested_tuples():
    state = (np.arange(3), (np.arange(6).reshape(3, 2), None))
    out = reorder_state(state, np.array([2, 2, 0]))
    np.testing.assert_array_equal(out[0], [2, 2, 0])
    np.testing.assert_array_equal(out[1][0], [[4, 5], [4, 5], [0, 1]])
    assert out[1][1] is None
