r"""Exploration against exploitation on a Bernoulli multi-armed bandit: ε-greedy and UCB1
(Goodfellow et al., §12.5.1.1; Auer, Cesa-Bianchi and Fischer, 2002).

A recommender that only shows what it currently believes best never learns about the rest.
The bandit is the simplest setting of that dilemma: :math:`K` arms, arm :math:`i` pays 1 with
unknown probability :math:`\mu_i`. The (pseudo-)regret after :math:`T` pulls is
:math:`\sum_{t=1}^T (\mu^* - \mu_{A_t})`, what the choices cost against always pulling the best
arm.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import as_float_array, as_generator, check_positive_int, check_range, fail

__all__ = ["BanditRun", "epsilon_greedy", "ucb1", "ucb1_regret_bound"]


class BanditRun(NamedTuple):
    """Independent runs of a bandit algorithm: the arm pulled and reward earned at every step.

    Shape
    -----
    - arms: ``(num_runs, horizon)``
    - rewards: ``(num_runs, horizon)``
    - regret: ``(num_runs, horizon)``
    """

    arms: np.ndarray
    rewards: np.ndarray
    #: Cumulative pseudo-regret :math:`\sum_{s \le t} (\mu^* - \mu_{A_s})` after each step.
    regret: np.ndarray

    def pulls(self, num_arms: int) -> np.ndarray:
        """How often each arm was pulled in each run, ``(num_runs, num_arms)``."""
        return np.stack([np.bincount(a, minlength=num_arms) for a in self.arms])


def _probs(owner: str, probs: Any) -> np.ndarray:
    mu = as_float_array(owner, probs, "probs")
    if mu.ndim != 1 or mu.size < 2 or np.any(mu < 0) or np.any(mu > 1):
        fail(owner, "a 1-D array of at least 2 success probabilities in [0, 1]", mu.shape)
    return mu


def _run(owner: str, probs: Any, horizon: int, num_runs: int, choose: Any, rng: Any) -> BanditRun:
    # All runs advance together, one time step at a time (vectorised over the runs).
    mu = _probs(owner, probs)
    T = check_positive_int(owner, "horizon", horizon)
    R = check_positive_int(owner, "num_runs", num_runs)
    K = mu.size
    if T < K:
        fail(owner, f"horizon of at least {K} (every arm is pulled once first)", T)
    gen = as_generator(owner, rng)
    counts, sums = np.zeros((R, K)), np.zeros((R, K))
    arms = np.empty((R, T), dtype=np.int64)
    rewards = np.empty((R, T))
    rows = np.arange(R)
    for t in range(T):
        arm = np.full(R, t) if t < K else choose(t, counts, sums, gen)
        reward = (gen.random(R) < mu[arm]).astype(np.float64)
        counts[rows, arm] += 1
        sums[rows, arm] += reward
        arms[:, t], rewards[:, t] = arm, reward
    return BanditRun(arms, rewards, np.cumsum(mu.max() - mu[arms], axis=1))


def _argmax_random_ties(values: np.ndarray, gen: np.random.Generator) -> np.ndarray:
    # A random tiny jitter among the maximisers only: ties are broken uniformly at random.
    best = values == values.max(axis=1, keepdims=True)
    return np.argmax(np.where(best, gen.random(values.shape), -1.0), axis=1)


def epsilon_greedy(
    probs: Any,
    horizon: int,
    epsilon: float,
    num_runs: int = 1,
    rng: np.random.Generator | None = None,
) -> BanditRun:
    r"""Pull every arm once, then with probability :math:`\varepsilon` a uniformly random
    arm, otherwise the arm with the highest mean reward so far (ties broken at random).

    With :math:`\varepsilon = 0` (pure greedy) an unlucky start can fix the choice on a bad arm
    for ever: an arm whose estimate is 0 is never tried again while another's stays above 0.
    With a fixed :math:`\varepsilon > 0` every arm keeps being explored, at a cost that grows
    linearly in :math:`T`.

    Examples
    --------
    >>> run = epsilon_greedy([0.2, 0.8], 50, 0.1, num_runs=3, rng=np.random.default_rng(0))
    >>> run.arms.shape, bool(np.all(run.regret[:, -1] >= 0))
    ((3, 50), True)
    """
    eps = check_range("epsilon_greedy", "epsilon", epsilon, 0.0, 1.0)

    def choose(t: int, counts: np.ndarray, sums: np.ndarray, gen: np.random.Generator) -> Any:
        greedy = _argmax_random_ties(sums / counts, gen)
        if eps == 0:
            return greedy
        explore = gen.random(len(counts)) < eps
        return np.where(explore, gen.integers(counts.shape[1], size=len(counts)), greedy)

    return _run("epsilon_greedy", probs, horizon, num_runs, choose, rng)


def ucb1(
    probs: Any, horizon: int, num_runs: int = 1, rng: np.random.Generator | None = None
) -> BanditRun:
    r"""UCB1: pull every arm once, then the arm with the largest upper confidence bound

    .. math:: A_t = \arg\max_i\ \hat\mu_i + \sqrt{\frac{2\ln t}{n_i}},

    :math:`\hat\mu_i` the mean reward of arm :math:`i` over its :math:`n_i` pulls and
    :math:`t` the number of pulls so far. Rarely tried arms get a large bonus
    ("optimism in the face of uncertainty"), so each bad arm keeps being tried, but only
    :math:`O(\ln T / \Delta_i^2)` times: see :func:`ucb1_regret_bound`.

    Examples
    --------
    >>> run = ucb1([0.2, 0.8], 100, rng=np.random.default_rng(0))
    >>> counts = run.pulls(2)[0]
    >>> bool(counts[1] > counts[0])
    True
    """

    def choose(t: int, counts: np.ndarray, sums: np.ndarray, gen: np.random.Generator) -> Any:
        return _argmax_random_ties(sums / counts + np.sqrt(2.0 * np.log(t) / counts), gen)

    return _run("ucb1", probs, horizon, num_runs, choose, rng)


def ucb1_regret_bound(probs: Any, horizon: int) -> float:
    r"""Auer et al.'s (2002, Theorem 1) bound on UCB1's *expected* regret after :math:`T` pulls,

    .. math::
        \sum_{i:\,\Delta_i > 0} \frac{8\ln T}{\Delta_i} + \Big(1 + \frac{\pi^2}{3}\Big)
        \sum_i \Delta_i, \qquad \Delta_i = \mu^* - \mu_i ,

    logarithmic in :math:`T` (for rewards in [0, 1]).

    Examples
    --------
    >>> round(ucb1_regret_bound([0.5, 0.4], 1000), 1)
    553.0
    """
    mu = _probs("ucb1_regret_bound", probs)
    T = check_positive_int("ucb1_regret_bound", "horizon", horizon)
    gaps = mu.max() - mu
    bad = gaps[gaps > 0]
    return float(np.sum(8.0 * np.log(T) / bad) + (1 + np.pi**2 / 3) * gaps.sum())
