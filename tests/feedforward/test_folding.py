"""The §6.4.1 construction: depth d, width 2 gives a sawtooth with 2^d linear pieces."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.feedforward.folding import count_linear_pieces, parameter_count, sawtooth, tent_network


@pytest.mark.parametrize("depth", [1, 2, 3, 5, 8])
def test_tent_network_is_exact_with_2_to_the_d_pieces(depth):
    x = np.linspace(0.0, 1.0, 2 ** (depth + 3) + 1)
    net = tent_network(depth)
    f = net(x[:, None])[:, 0]
    assert np.array_equal(f, sawtooth(x, depth))
    assert count_linear_pieces(x, f) == 2**depth
    assert parameter_count(net) == 6 * depth + 1


def test_piece_counter_sees_a_relu_kink():
    x = np.linspace(-1.0, 1.0, 21)
    assert count_linear_pieces(x, np.maximum(x, 0)) == 2
    with pytest.raises(ValueError, match="count_linear_pieces: expected strictly increasing"):
        count_linear_pieces(x[::-1], x)
