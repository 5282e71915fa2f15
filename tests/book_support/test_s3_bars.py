"""Chapter S3's bars: every optimizer reaches the quadratic's minimum, and Adam's first step
equals the one computed by hand."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.book.optimizer_race import benchmark_problem, distance_to_minimum, run_benchmark
from dlnotes.nn import Parameter
from dlnotes.optim import Adam

OPTIMIZERS = ["SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "AdaDelta", "Adam"]


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
