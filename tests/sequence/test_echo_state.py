"""Echo state networks (§10.8): a fixed reservoir with a ridge read-out; the page's sweep."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.data import make_mackey_glass
from dlnotes.sequence import EchoStateNetwork, echo_state_sweep, spectral_radius

PAGE_RADII = np.array([0.1, 0.3, 0.5, 0.7, 0.9, 1.0, 1.1, 1.3, 1.6])


def test_reservoir_has_the_requested_radius_and_is_fixed_by_fit() -> None:
    esn = EchoStateNetwork(30, 0.8, rng=np.random.default_rng(0))
    assert spectral_radius(esn.weight) == pytest.approx(0.8, rel=1e-10)
    before = esn.weight.copy(), esn.input_weight.copy()
    x = np.sin(0.2 * np.arange(200))
    esn.fit(x[:-1], x[1:])
    assert np.array_equal(esn.weight, before[0]) and np.array_equal(esn.input_weight, before[1])


def test_states_follow_the_recurrence() -> None:
    esn = EchoStateNetwork(5, 0.9, rng=np.random.default_rng(1))
    x = np.random.default_rng(2).standard_normal(4)
    h = np.zeros(5)
    for t in range(4):
        h = np.tanh(esn.weight @ h + esn.input_weight * x[t])
        np.testing.assert_allclose(esn.states(x)[t], h, rtol=1e-12)


def test_readout_is_the_ridge_solution() -> None:
    # The read-out minimises ||y - H v - c||^2 + ridge ||v||^2 (bias unpenalised):
    # the gradient of that objective vanishes at the fitted (v, c).
    esn = EchoStateNetwork(10, 0.9, ridge=1e-2, washout=5, rng=np.random.default_rng(3))
    x = np.random.default_rng(4).standard_normal(60)
    y = np.roll(x, -1)
    esn.fit(x, y)
    h, t = esn.states(x)[5:], y[5:]
    residual = h @ esn.readout + esn.bias - t
    np.testing.assert_allclose(h.T @ residual + 1e-2 * esn.readout, 0.0, atol=1e-10)
    assert residual.sum() == pytest.approx(0.0, abs=1e-10)


def test_page_claims_the_error_against_the_spectral_radius() -> None:
    x = make_mackey_glass(2000)
    sweep = echo_state_sweep(x, PAGE_RADII, 1500, size=100, input_scale=0.5)
    best = int(np.argmin(sweep.nrmse))
    # The best radius lies in [0.9, 1.1]; it is over 5 times better than radius 0.1 ...
    assert 0.9 <= PAGE_RADII[best] <= 1.1
    assert sweep.nrmse[0] > 5 * sweep.nrmse[best]
    # ... and radius 1.6 is over 100 times worse than the best.
    assert sweep.nrmse[-1] > 100 * sweep.nrmse[best]
    # Up to radius 1.3 every reservoir beats predicting "no change" by a factor of 10.
    assert np.all(sweep.nrmse[PAGE_RADII <= 1.3] < 0.1 * sweep.persistence_nrmse)


def test_bad_inputs_raise() -> None:
    with pytest.raises(ValueError, match=r"^EchoStateNetwork: expected fit\(\) to be called"):
        EchoStateNetwork(5).predict(np.ones(3))
    with pytest.raises(ValueError, match=r"^EchoStateNetwork: expected a series of shape"):
        EchoStateNetwork(5).states(np.ones((3, 2)))


def test_page_claims_the_largest_radius_is_worse_than_no_model() -> None:
    x = make_mackey_glass(2000)
    sweep = echo_state_sweep(x, PAGE_RADII[-1:], 1500, size=100, input_scale=0.5)
    assert sweep.nrmse[0] > sweep.persistence_nrmse


def test_page_claims_the_echo_state_property_holds_at_1_1_and_fails_at_1_6() -> None:
    # Two different starting states, the same input: the states merge for radius 1.1 and stay
    # apart for 1.6 (seeded, the page's configuration).
    x = make_mackey_glass(2000)[:1500]
    start_a, start_b = np.random.default_rng(5).uniform(-1, 1, (2, 100))
    gaps = {}
    for radius in (1.1, 1.6):
        esn = EchoStateNetwork(100, radius, input_scale=0.5, rng=np.random.default_rng(0))
        gaps[radius] = np.abs(esn.states(x, start_a)[-1] - esn.states(x, start_b)[-1]).max()
    assert gaps[1.1] < 1e-12
    assert gaps[1.6] > 0.1
    with pytest.raises(ValueError, match=r"^EchoStateNetwork: expected h0 of shape \(100,\)"):
        esn.states(x, np.zeros(3))
