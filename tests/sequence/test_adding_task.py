"""Adding problem (§10.7, §10.10): the gated GRU carries the marked values over every lag of
the demo, the vanilla RNN does not; the baseline is exactly 1/6."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.data import make_adding_problem
from dlnotes.sequence import ADDING_BASELINE_MSE, adding_task_mse, adding_task_sweep

# The page's configuration (book/summaries/ch10_sequence_modeling.md), rerun here.
PAGE_LENGTHS = (10, 20, 40)
PAGE_KWARGS = {"hidden_size": 16, "num_steps": 300}


def test_baseline_is_the_variance_of_the_target() -> None:
    # The target U + V of two independent U(0, 1) has mean 1 and variance 1/12 + 1/12.
    _, y = make_adding_problem(200_000, 6, rng=np.random.default_rng(0))
    assert ADDING_BASELINE_MSE == pytest.approx(1 / 6)
    assert np.mean((y - 1.0) ** 2) == pytest.approx(ADDING_BASELINE_MSE, rel=0.01)


def test_same_seed_same_result() -> None:
    a = adding_task_mse("rnn", 5, hidden_size=4, num_steps=3, rng=np.random.default_rng(1))
    b = adding_task_mse("rnn", 5, hidden_size=4, num_steps=3, rng=np.random.default_rng(1))
    assert a == b


def test_every_cell_sees_the_same_batches(monkeypatch) -> None:
    import dlnotes.sequence.adding_task as module

    seen: dict[str, list[np.ndarray]] = {}

    def recording(cell):
        def make(*args, **kwargs):
            x, y = make_adding_problem(*args, **kwargs)
            seen.setdefault(cell, []).append(x)
            return x, y

        return make

    for cell in ("rnn", "lstm", "gru"):
        monkeypatch.setattr(module, "make_adding_problem", recording(cell))
        adding_task_mse(
            cell, 6, hidden_size=3, num_steps=2, num_test=4, rng=np.random.default_rng(7)
        )
    assert len(seen["rnn"]) == 3  # two training batches and the test set
    for cell in ("lstm", "gru"):
        for a, b in zip(seen["rnn"], seen[cell], strict=True):
            np.testing.assert_array_equal(a, b)


def test_page_claims_gru_beats_rnn_at_every_length_and_rnn_fails_at_the_longest() -> None:
    result = adding_task_sweep(PAGE_LENGTHS, **PAGE_KWARGS)
    gru, rnn, lstm = result.relative("gru"), result.relative("rnn"), result.relative("lstm")
    # The GRU learns the task at every length: at most 5 % of the baseline error.
    assert np.all(gru < 0.05)
    # The vanilla RNN is no better than predicting the mean beyond the shortest length.
    assert rnn[0] < 1.0 and np.all(rnn[1:] > 0.9)
    # The LSTM, in this small budget, learns only at the shortest length.
    assert lstm[0] < 0.2 and np.all(lstm[1:] > 0.9)
    assert np.all(gru < rnn)


def test_bad_cell_raises() -> None:
    with pytest.raises(ValueError, match=r"^adding_task_mse: expected cell 'rnn', 'lstm' or"):
        adding_task_mse("transformer", 5)
