"""The §6.4.1 construction: depth d, width 2 gives a sawtooth with 2^d linear pieces."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlnotes.feedforward.folding import (
    count_linear_pieces,
    fit_shallow_relu,
    parameter_count,
    sawtooth,
    tent_network,
)
from dlnotes.nn import Linear, ReLU, Sequential


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


@pytest.mark.parametrize("depth", [2, 3, 4])
def test_shallow_fixed_kink_network_is_exact_only_at_multiples_of_2_to_the_d(depth):
    x = np.linspace(0.0, 1.0, 2 ** (depth + 4) + 1)
    target = sawtooth(x, depth)
    for n in range(1, 2 ** (depth + 1) + 1):
        net = fit_shallow_relu(x, target, n)
        error = np.abs(net(x[:, None])[:, 0] - target).max()
        assert parameter_count(net) == 3 * n + 1
        if n % 2**depth == 0:
            assert error < 1e-10
        else:
            assert error > 1e-3


@pytest.mark.parametrize("units", [1, 3, 7, 15])
def test_any_one_hidden_layer_relu_net_has_at_most_n_plus_1_pieces(units, rng):
    # Random shallow nets; sample on a grid that contains every kink, so the count is exact.
    for _ in range(20):
        net = Sequential(Linear(1, units, rng=rng), ReLU(), Linear(units, 1, rng=rng))
        kinks = -net[0].bias.data / net[0].weight.data[:, 0]
        x = np.unique(np.concatenate([np.linspace(-3, 3, 601), kinks[np.abs(kinks) < 3]]))
        assert count_linear_pieces(x, net(x[:, None])) <= units + 1


@given(
    st.integers(1, 10),
    st.lists(st.floats(0.0, 1.0), min_size=1, max_size=20),
)
def test_tent_network_matches_the_closed_form_anywhere_on_the_interval(depth, points):
    x = np.array(points)
    f = sawtooth(x, depth)
    np.testing.assert_allclose(tent_network(depth)(x[:, None])[:, 0], f, atol=1e-9)
    assert np.all((f >= 0) & (f <= 1))
    np.testing.assert_allclose(sawtooth(1.0 - x, depth), f, atol=1e-9)  # mirror symmetry


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="sawtooth: expected depth"):
        sawtooth(np.zeros(3), 0)
    with pytest.raises(ValueError, match=r"fit_shallow_relu: expected target of shape \(3,\)"):
        fit_shallow_relu(np.zeros(3), np.zeros(4), 2)


def test_width_approximates_a_smooth_target_with_error_falling_as_one_over_n_squared():
    # The page's universal-approximation illustration: sin(2 pi x) by fixed-kink shallow nets.
    x = np.linspace(0.0, 1.0, 1025)
    target = np.sin(2 * np.pi * x)
    errors = [
        np.abs(fit_shallow_relu(x, target, n)(x[:, None])[:, 0] - target).max()
        for n in (4, 8, 16, 32, 64)
    ]
    ratios = np.array(errors[:-1]) / np.array(errors[1:])
    assert np.all(ratios > 3.0)  # about 4 per doubling of the width
    assert errors[-1] < 1e-3
