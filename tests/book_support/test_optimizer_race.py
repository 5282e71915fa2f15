"""The trajectory runner drives a dlnotes optimizer exactly as a training loop would."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.book.objectives import Rosenbrock
from dlnotes.book.optimizer_race import (
    benchmark_problem,
    distance_to_minimum,
    optimizer_trajectory,
    run_benchmark,
)
from dlnotes.numerics import Quadratic
from dlnotes.optim import SGD, Adam, Optimizer, lr_scheduler


def test_plain_sgd_path_is_the_gradient_descent_recursion(rng):
    f = Rosenbrock()
    x0 = rng.uniform(-1, 1, size=2)
    path = optimizer_trajectory(f, x0, SGD, 25, lr=1e-3)
    x, expected = x0.copy(), [x0.copy()]
    for _ in range(25):
        x = x - 1e-3 * f.grad(x)
        expected.append(x)
    np.testing.assert_allclose(path, np.stack(expected), rtol=1e-14)
    np.testing.assert_array_equal(x0, path[0])  # x0 itself untouched


@pytest.mark.torch
def test_path_matches_torch_optim(torch, rng):
    f = Rosenbrock()
    x0 = rng.uniform(-1, 1, size=2)
    ours = optimizer_trajectory(f, x0, Adam, 40, lr=0.05, betas=(0.8, 0.99))
    point = torch.tensor(x0.copy(), requires_grad=True)
    optimizer = torch.optim.Adam([point], lr=0.05, betas=(0.8, 0.99))
    theirs = [x0.copy()]
    for _ in range(40):
        optimizer.zero_grad()
        point.grad = torch.tensor(f.grad(point.detach().numpy()))
        optimizer.step()
        theirs.append(point.detach().numpy().copy())
    np.testing.assert_allclose(ours, np.stack(theirs), rtol=1e-10, atol=1e-12)


def test_scheduler_is_stepped_after_every_optimizer_step():
    f = Quadratic(np.eye(1))
    path = optimizer_trajectory(
        f,
        [1.0],
        SGD,
        3,
        lr=0.5,
        scheduler_class=lr_scheduler.StepLR,
        scheduler_kwargs={"step_size": 1, "gamma": 0.5},
    )
    # x <- x (1 - lr_t) with lr_t = 0.5, 0.25, 0.125
    np.testing.assert_allclose(path[:, 0], [1.0, 0.5, 0.375, 0.328125])


def test_diverging_run_stops_at_the_first_non_finite_iterate():
    f = Quadratic(np.diag([1.0, 1e200]))
    path = optimizer_trajectory(f, [1.0, 1.0], SGD, 50, lr=1.0)
    assert len(path) < 51 and not np.all(np.isfinite(path[-1]))


def test_float32_start_gives_a_float32_path():
    path = optimizer_trajectory(Rosenbrock(), np.array([0.0, 0.0], np.float32), Adam, 5, lr=0.1)
    assert path.dtype == np.float32


def test_benchmark_problems_run_and_stay_finite():
    for name in ("rosenbrock", "beale"):
        problem = benchmark_problem(name)
        short = problem.__class__(**{**problem.__dict__, "num_steps": 50})
        paths = run_benchmark(short)
        assert all(p.shape == (51, 2) and np.all(np.isfinite(p)) for p in paths.values())


def test_bad_input():
    f = Quadratic(np.eye(2))
    with pytest.raises(TypeError, match="optimizer_trajectory: expected a function with a grad"):
        optimizer_trajectory(lambda x: x, [0.0, 0.0], SGD, 1, lr=0.1)
    with pytest.raises(TypeError, match="expected optimizer_class to be a dlnotes.optim"):
        optimizer_trajectory(f, [0.0, 0.0], object, 1)
    with pytest.raises(TypeError, match="expected optimizer_class"):
        optimizer_trajectory(f, [0.0, 0.0], Optimizer.__init__, 1)
    with pytest.raises(ValueError, match=r"optimizer_trajectory: expected x0 of shape \(n,\)"):
        optimizer_trajectory(f, np.zeros((2, 2)), SGD, 1, lr=0.1)
    with pytest.raises(ValueError, match="benchmark_problem: expected name 'quadratic'"):
        benchmark_problem("himmelblau")
    with pytest.raises(ValueError, match=r"distance_to_minimum: expected a path of shape"):
        distance_to_minimum(np.zeros(3), np.zeros(2))


@pytest.mark.parametrize("kappa", [4.0, 25.0, 100.0])
def test_tuned_settings_achieve_their_predicted_rates(kappa):
    from dlnotes.book.optimizer_race import steps_to_reach, tuned_gradient_descent, tuned_heavy_ball

    f = Quadratic(np.diag([1.0, kappa]))
    x0 = np.array([1.0, 1.0])
    gd = optimizer_trajectory(f, x0, SGD, 4000, **tuned_gradient_descent(1.0, kappa))
    hb = optimizer_trajectory(f, x0, SGD, 4000, **tuned_heavy_ball(1.0, kappa))
    rate_gd = (kappa - 1) / (kappa + 1)
    rate_hb = (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)
    steps_gd, steps_hb = (
        steps_to_reach(gd, f.minimizer, 1e-6),
        steps_to_reach(hb, f.minimizer, 1e-6),
    )
    # GD's error is exactly rate_gd^t times the start along both axes.
    assert steps_gd == int(np.ceil(np.log(1e-6) / np.log(rate_gd)))
    # Heavy ball: rate_hb^t up to a polynomial factor (a double eigenvalue of the iteration).
    assert steps_hb <= 1.5 * np.log(1e-6) / np.log(rate_hb) + 10
    assert steps_hb < steps_gd or kappa < 5


def test_tuned_settings_bad_input():
    from dlnotes.book.optimizer_race import steps_to_reach, tuned_heavy_ball

    with pytest.raises(ValueError, match=r"tuned_heavy_ball: expected lambda_max in \[2.0, inf\]"):
        tuned_heavy_ball(2.0, 1.0)
    assert steps_to_reach(np.array([[1.0, 0.0], [0.9, 0.0]]), np.zeros(2), 0.1) is None
