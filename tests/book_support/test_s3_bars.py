"""Chapter S3's bars: every optimizer reaches the quadratic's minimum, and Adam's first step
equals the one computed by hand. Chapter 8's claim about AdamW in the same race: its decoupled
weight decay keeps it short of minima away from the origin, where Adam without decay arrives."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.book.optimizer_race import (
    WEIGHT_DECAY,
    benchmark_problem,
    distance_to_minimum,
    optimizer_trajectory,
    run_benchmark,
)
from dlnotes.nn import Parameter
from dlnotes.optim import Adam, AdamW

OPTIMIZERS = ["SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "AdaDelta", "Adam", "AdamW"]


@pytest.fixture(scope="module")
def quadratic_paths():
    problem = benchmark_problem("quadratic")
    return problem, run_benchmark(problem)


def test_the_quadratic_problem_uses_every_optimizer(quadratic_paths):
    problem, paths = quadratic_paths
    assert sorted(paths) == sorted(OPTIMIZERS)
    assert problem.tolerance == 1e-4
    np.testing.assert_array_equal(problem.function.minimizer, [0.0, 0.0])


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_each_optimizer_reaches_the_quadratic_minimum(quadratic_paths, name):
    problem, paths = quadratic_paths
    path = paths[name]
    assert path.shape == (problem.num_steps + 1, 2)
    distance = distance_to_minimum(path, problem.function.minimizer)
    assert distance[0] > 4  # it starts far away ...
    assert distance[-1] <= problem.tolerance, f"{name} ended {distance[-1]:.2e} away"
    # ... and is still within tolerance over the last 20 steps (not passing through).
    assert distance[-20:].max() <= problem.tolerance


def test_adam_matches_the_hand_computed_first_step():
    # f(x) = (x1^2 + 20 x2^2) / 2 at x0 = (-4, 1.5): g = (-4, 30).
    # m1 = 0.1 g = (-0.4, 3); v1 = 0.001 g^2 = (0.016, 0.9); bias correction divides by
    # 0.1 and 0.001, giving m_hat = g = (-4, 30) and v_hat = g^2 = (16, 900), so
    # x1 = x0 - 0.1 * g / (|g| + 1e-8):
    expected = np.array([-4.0 + 0.1 * 4.0 / (4.0 + 1e-8), 1.5 - 0.1 * 30.0 / (30.0 + 1e-8)])
    np.testing.assert_allclose(expected, [-3.9, 1.4], atol=1e-9)  # about lr per coordinate
    problem = benchmark_problem("quadratic")
    point = Parameter(problem.x0.copy())
    optimizer = Adam([point], **problem.settings["Adam"][1])
    optimizer.zero_grad()
    point.grad += problem.function.grad(point.data)
    np.testing.assert_array_equal(point.grad, [-4.0, 30.0])
    optimizer.step()
    np.testing.assert_allclose(point.data, expected, rtol=0, atol=1e-15)
    state = optimizer.state[point]
    np.testing.assert_allclose(state["exp_avg"], [-0.4, 3.0], rtol=1e-15)
    np.testing.assert_allclose(state["exp_avg_sq"], [0.016, 0.9], rtol=1e-12)


def test_adam_first_step_on_the_benchmark_path_is_the_hand_step(quadratic_paths):
    _, paths = quadratic_paths
    np.testing.assert_allclose(paths["Adam"][1], [-3.9, 1.4], atol=1e-9)


def test_adamw_in_the_race_is_adam_plus_the_default_decoupled_decay():
    for name in ("quadratic", "rosenbrock", "beale"):
        settings = benchmark_problem(name).settings
        adam_class, adam = settings["Adam"]
        adamw_class, adamw = settings["AdamW"]
        assert (adam_class, adamw_class) == (Adam, AdamW)
        assert adamw == {**adam, "weight_decay": WEIGHT_DECAY}
    assert WEIGHT_DECAY == 0.01  # torch.optim.AdamW's default


@pytest.mark.parametrize("name", ["rosenbrock", "beale"])
def test_decoupled_decay_keeps_adamw_short_of_a_minimum_away_from_the_origin(name):
    problem = benchmark_problem(name)
    paths = {
        k: optimizer_trajectory(problem.function, problem.x0, cls, problem.num_steps, **kw)
        for k, (cls, kw) in problem.settings.items()
        if k in ("Adam", "AdamW")
    }
    minimizer = problem.function.minimizer
    adam_end = distance_to_minimum(paths["Adam"], minimizer)[-1]
    adamw_distance = distance_to_minimum(paths["AdamW"], minimizer)
    assert adam_end < 1e-6, f"Adam ended {adam_end:.1e} away"
    # AdamW stays more than 1e-2 away over its last 100 steps (it hovers, not passes) ...
    assert adamw_distance[-100:].min() > 1e-2
    # ... on the side of the origin: the decay's pull, not a wrong turn.
    assert np.linalg.norm(paths["AdamW"][-1]) < np.linalg.norm(minimizer)
    # Without the decay AdamW is Adam, step for step.
    cls, kw = problem.settings["AdamW"]
    no_decay = optimizer_trajectory(
        problem.function, problem.x0, cls, problem.num_steps, **{**kw, "weight_decay": 0.0}
    )
    np.testing.assert_array_equal(no_decay, paths["Adam"])
