"""Search-space dimensions: draws stay in range, grids have the promised values and counts."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.tuning import Choice, LogUniform, Uniform, grid_configurations, sample_configurations


def test_log_uniform_gives_each_decade_the_same_share():
    rng = np.random.default_rng(0)
    dim = LogUniform(1e-5, 1e-1)
    decades = np.floor(np.log10([dim.sample(rng) for _ in range(8000)]))
    counts = np.bincount((decades + 5).astype(int), minlength=4)
    np.testing.assert_allclose(counts / 8000, 0.25, atol=0.02)


def test_uniform_and_choice_draws():
    rng = np.random.default_rng(1)
    u = [Uniform(-1.0, 2.0).sample(rng) for _ in range(500)]
    assert min(u) >= -1.0 and max(u) <= 2.0 and np.mean(u) == pytest.approx(0.5, abs=0.1)
    c = [Choice(["a", "b", "c"]).sample(rng) for _ in range(300)]
    assert set(c) == {"a", "b", "c"}


def test_grids():
    assert LogUniform(1e-4, 1.0).grid(5) == [1e-4, 1e-3, 1e-2, 1e-1, 1.0]
    assert LogUniform(1e-2, 1.0).grid(1) == [0.1]
    assert Uniform(0.0, 1.0).grid(1) == [0.5]
    assert Choice([1, 2, 3, 4, 5]).grid(3) == [1, 3, 5]


@given(st.integers(1, 200), st.integers(1, 4))
@settings(max_examples=60, deadline=None)
def test_grid_size_formula(budget, d):
    space = {f"x{i}": Uniform(0.0, 1.0) for i in range(d)}
    grid = grid_configurations(space, budget)
    k = math.floor(budget ** (1 / d) + 1e-9)
    assert len(grid) == k**d <= budget
    for name in space:
        assert len({g[name] for g in grid}) == k


@given(st.integers(1, 50), st.integers(0, 2**31))
@settings(max_examples=30, deadline=None)
def test_random_configurations_count_and_range(budget, seed):
    space = {"lr": LogUniform(1e-4, 1.0), "p": Uniform(0.0, 0.5), "act": Choice(["relu", "tanh"])}
    configs = sample_configurations(space, budget, rng=np.random.default_rng(seed))
    assert len(configs) == budget
    assert all(1e-4 <= c["lr"] <= 1.0 and 0 <= c["p"] <= 0.5 for c in configs)


def test_same_seed_same_configurations():
    space = {"lr": LogUniform(1e-4, 1.0)}
    a = sample_configurations(space, 5, rng=np.random.default_rng(7))
    b = sample_configurations(space, 5, rng=np.random.default_rng(7))
    assert a == b


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        (lambda: LogUniform(0.0, 1.0), ValueError, r"LogUniform: expected low in \(0.0, inf\]"),
        (lambda: Uniform(1.0, 1.0), ValueError, r"Uniform: expected high in \(1.0, inf\]"),
        (lambda: Choice([]), ValueError, "Choice: expected at least one option"),
        (lambda: Choice("abc"), TypeError, "Choice: expected a sequence of options"),
        (
            lambda: grid_configurations({}, 4),
            TypeError,
            "grid_configurations: expected a non-empty",
        ),
        (
            lambda: sample_configurations({"lr": (0, 1)}, 4),
            TypeError,
            "sample_configurations: expected names",
        ),
        (
            lambda: sample_configurations({"lr": Uniform(0, 1)}, 0),
            ValueError,
            "sample_configurations: expected budget to be a positive integer",
        ),
    ],
)
def test_bad_input(make, error, match):
    with pytest.raises(error, match=match):
        make()
