"""Where the final states of a stacked bidirectional layer sit in its output: the forward chain
ends at the last time step, the backward chain at the first (the page S9.8 states this)."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.nn import GRU, LSTM, RNN


@pytest.mark.parametrize("cls", [RNN, LSTM, GRU])
def test_final_states_of_the_last_layer_are_output_ends(rng, cls):
    hidden = 4
    layer = cls(3, hidden, num_layers=2, bidirectional=True, rng=rng)
    output, state = layer(rng.normal(size=(6, 2, 3)))
    h_n = state[0] if cls is LSTM else state
    assert output.shape == (6, 2, 2 * hidden) and h_n.shape == (4, 2, hidden)
    np.testing.assert_array_equal(h_n[-2], output[-1, :, :hidden])  # forward, last layer
    np.testing.assert_array_equal(h_n[-1], output[0, :, hidden:])  # backward, last layer
    assert not np.allclose(h_n[-1], output[-1, :, hidden:])
