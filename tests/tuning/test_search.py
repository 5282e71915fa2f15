"""Random against grid search: the count of distinct values of the hyper-parameter that matters."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.tuning import (
    LogUniform,
    Trial,
    Uniform,
    distinct_values,
    grid_search,
    random_search,
)

SPACE = {"lr": LogUniform(1e-5, 1.0), "p": Uniform(0.0, 0.5)}


def only_lr_matters(lr, p):
    return (np.log10(lr) + 3.2) ** 2  # minimum at lr = 10 ** -3.2, 0.7 decades off the grid


def test_grid_tries_the_square_root_random_tries_the_budget():
    grid = grid_search(only_lr_matters, SPACE, 9)
    rand = random_search(only_lr_matters, SPACE, 9, rng=np.random.default_rng(0))
    assert distinct_values(grid, "lr") == distinct_values(grid, "p") == 3
    assert distinct_values(rand, "lr") == distinct_values(rand, "p") == 9
    assert len(grid.trials) == len(rand.trials) == 9


def test_random_search_wins_when_one_dimension_matters():
    # random search lands within 0.7 decades of the optimum with probability 1 - 0.72 ** 9
    grid_best = grid_search(only_lr_matters, SPACE, 9).best.score
    wins = [
        random_search(only_lr_matters, SPACE, 9, rng=np.random.default_rng(s)).best.score
        < grid_best
        for s in range(200)
    ]
    assert np.mean(wins) > 0.9  # 1 - (1 - 0.28) ** 9 = 0.95 in theory


def test_best_is_the_lowest_finite_score():
    scores = iter([3.0, np.nan, 1.0, np.inf, 2.0])
    result = random_search(lambda lr, p: next(scores), SPACE, 5, rng=np.random.default_rng(1))
    assert result.best.score == 1.0 and result.best is result.trials[2]
    np.testing.assert_array_equal(result.scores()[[0, 2, 4]], [3.0, 1.0, 2.0])
    assert len(result.values("lr")) == 5


def test_objective_receives_keyword_arguments():
    seen = []
    grid_search(lambda **kw: seen.append(sorted(kw)) or 0.0, SPACE, 4)
    assert seen == [["lr", "p"]] * 4


def test_bad_input():
    with pytest.raises(TypeError, match="grid_search: expected a callable objective"):
        grid_search(3, SPACE, 4)
    with pytest.raises(ValueError, match="distinct_values: expected trials that all set 'q'"):
        distinct_values([Trial({"lr": 1.0}, 0.0)], "q")
    result = grid_search(only_lr_matters, SPACE, 4)
    with pytest.raises(ValueError, match="SearchResult: expected one of"):
        result.values("q")
