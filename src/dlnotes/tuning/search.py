"""Random search and grid search over a :mod:`~dlnotes.tuning.space` search space.

Both evaluate an objective (a validation error, lower is better) at a list of configurations
and return every trial. With the same budget, grid search tries only
:math:`\\lfloor \\text{budget}^{1/d} \\rfloor` distinct values of each of :math:`d`
hyper-parameters, while random search tries ``budget`` distinct values of every one; when
only one hyper-parameter matters, random search explores it ``budget`` times instead of a
handful (Bergstra and Bengio, 2012).

Goodfellow et al., §11.4.3 and §11.4.4.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import fail
from dlnotes.tuning.space import SearchSpace, grid_configurations, sample_configurations

__all__ = ["Trial", "SearchResult", "random_search", "grid_search", "distinct_values"]

Objective = Callable[..., float]


class Trial(NamedTuple):
    """One evaluated configuration: ``params`` (name to value) and its ``score``."""

    params: dict[str, Any]
    score: float


class SearchResult(NamedTuple):
    """All trials in evaluation order and the best one (lowest score; NaN never wins)."""

    trials: list[Trial]
    best: Trial

    def scores(self) -> np.ndarray:
        """The scores of the trials, in order."""
        return np.array([t.score for t in self.trials])

    def values(self, name: str) -> list[Any]:
        """The values of hyper-parameter ``name`` in the trials, in order."""
        if name not in self.best.params:
            fail("SearchResult", f"one of {sorted(self.best.params)}", repr(name))
        return [t.params[name] for t in self.trials]


def _evaluate(owner: str, objective: Any, configs: list[dict[str, Any]]) -> SearchResult:
    if not callable(objective):
        fail(owner, "a callable objective", type(objective).__name__, TypeError)
    trials = [Trial(c, float(objective(**c))) for c in configs]
    # a diverged run (NaN or inf) ranks last rather than poisoning min()
    ranked = [t.score if math.isfinite(t.score) else math.inf for t in trials]
    return SearchResult(trials, trials[int(np.argmin(ranked))])


def random_search(
    objective: Objective,
    space: SearchSpace,
    budget: int,
    *,
    rng: np.random.Generator | None = None,
) -> SearchResult:
    """Evaluate ``objective(**params)`` at ``budget`` independently drawn configurations.

    Parameters
    ----------
    objective : callable
        Called with one keyword argument per dimension; returns the score to minimise.
    space : mapping of str to Uniform, LogUniform or Choice
    budget : int
        Number of trials.
    rng : numpy.random.Generator, optional
        Draws the configurations.

    Returns
    -------
    SearchResult

    Notes
    -----
    Goodfellow et al., §11.4.4.

    Examples
    --------
    >>> from dlnotes.tuning import LogUniform
    >>> result = random_search(lambda lr: (np.log10(lr) + 2) ** 2,
    ...                        {"lr": LogUniform(1e-4, 1.0)}, 20, rng=np.random.default_rng(0))
    >>> 1e-3 < result.best.params["lr"] < 1e-1
    True
    """
    configs = sample_configurations(space, budget, rng=rng)
    return _evaluate("random_search", objective, configs)


def grid_search(objective: Objective, space: SearchSpace, budget: int) -> SearchResult:
    """Evaluate ``objective(**params)`` on the grid of :func:`grid_configurations`.

    Parameters
    ----------
    objective : callable
        Called with one keyword argument per dimension; returns the score to minimise.
    space : mapping of str to Uniform, LogUniform or Choice
    budget : int
        Largest number of trials; the grid has ``floor(budget ** (1/d)) ** d`` points.

    Returns
    -------
    SearchResult

    Notes
    -----
    Goodfellow et al., §11.4.3.

    Examples
    --------
    >>> from dlnotes.tuning import LogUniform, Uniform
    >>> space = {"lr": LogUniform(1e-4, 1.0), "p": Uniform(0.0, 1.0)}
    >>> result = grid_search(lambda lr, p: (np.log10(lr) + 2) ** 2, space, 9)
    >>> len(result.trials), result.best.params["lr"]
    (9, 0.01)
    """
    return _evaluate("grid_search", objective, grid_configurations(space, budget))


def distinct_values(result: SearchResult | Sequence[Trial], name: str) -> int:
    """How many different values of hyper-parameter ``name`` the trials tried.

    Parameters
    ----------
    result : SearchResult or sequence of Trial
    name : str

    Returns
    -------
    int

    Notes
    -----
    Goodfellow et al., §11.4.4 (Figure 11.2's argument).

    Examples
    --------
    >>> trials = [Trial({"lr": 0.1}, 1.0), Trial({"lr": 0.1}, 0.5), Trial({"lr": 0.2}, 0.7)]
    >>> distinct_values(trials, "lr")
    2
    """
    trials = result.trials if isinstance(result, SearchResult) else list(result)
    if not trials or any(name not in t.params for t in trials):
        fail("distinct_values", f"trials that all set {name!r}", f"{len(trials)} trials")
    return len({t.params[name] for t in trials})
