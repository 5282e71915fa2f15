"""Bandits: the regret bookkeeping, UCB1 under Auer et al.'s bound and growing far slower than
linearly, greedy locking onto a bad arm, epsilon-greedy's linear regret of slope
epsilon * mean gap (the page's seeded numbers)."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.applications import epsilon_greedy, ucb1, ucb1_regret_bound

PROBS = np.array([0.2, 0.4, 0.5, 0.8])  # the page's arms
T, RUNS = 10_000, 200


@pytest.fixture(scope="module")
def runs():
    return {
        "greedy": epsilon_greedy(PROBS, T, 0.0, RUNS, rng=np.random.default_rng(0)),
        "eps": epsilon_greedy(PROBS, T, 0.1, RUNS, rng=np.random.default_rng(1)),
        "ucb": ucb1(PROBS, T, RUNS, rng=np.random.default_rng(2)),
    }


def test_regret_is_the_cumulative_gap_of_the_pulled_arms(runs):
    run = runs["eps"]
    np.testing.assert_allclose(run.regret, np.cumsum(0.8 - PROBS[run.arms], axis=1))
    assert np.all(run.arms[:, :4] == np.arange(4))  # every arm once first
    assert set(np.unique(run.rewards)) == {0.0, 1.0}


def test_ucb_stays_under_the_bound_and_grows_sublinearly(runs):
    mean = runs["ucb"].regret.mean(axis=0)
    assert mean[-1] < ucb1_regret_bound(PROBS, T)
    assert mean[-1] / mean[999] < 2.0  # ten times the pulls, less than twice the regret


def test_ucb_has_the_least_regret_at_the_horizon(runs):
    final = {name: run.regret[:, -1].mean() for name, run in runs.items()}
    assert final["ucb"] < final["eps"] < final["greedy"]


def test_greedy_locks_onto_a_bad_arm_in_some_runs(runs):
    pulls = runs["greedy"].pulls(4)
    locked = pulls[:, 3] == 1  # the best arm tried once, at the start, never again
    assert 0.1 < locked.mean() < 0.5
    # a locked run pays a constant gap at every step: linear regret
    slopes = np.diff(runs["greedy"].regret[locked][:, [T // 2, T - 1]], axis=1)[:, 0]
    assert np.all(slopes / (T // 2 - 1) >= 0.3 - 1e-12)


def test_epsilon_greedy_regret_is_linear_with_slope_epsilon_mean_gap(runs):
    mean = runs["eps"].regret.mean(axis=0)
    slope = (mean[-1] - mean[T // 2]) / (T - 1 - T // 2)
    gaps = PROBS.max() - PROBS
    assert slope == pytest.approx(0.1 * gaps.mean(), rel=0.15)


def test_bad_input():
    with pytest.raises(ValueError, match="ucb1: expected horizon of at least 4"):
        ucb1(PROBS, 3)
    with pytest.raises(ValueError, match="epsilon_greedy: expected epsilon in"):
        epsilon_greedy(PROBS, 10, 1.5)
    with pytest.raises(ValueError, match="success probabilities"):
        ucb1([0.5, 1.5], 10)
