"""Norm penalties as constraints, projection and re-projection (§7.2)."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes import nn
from dlnotes.optim import SGD
from dlnotes.regularization import (
    MaxNorm,
    l2_ball_constrained_optimum,
    l2_regularized_optimum,
    max_norm_rows,
    project_l2_ball,
    projected_gradient_descent,
)
from dlnotes.training import fit

H = np.array([[3.0, 1.0], [1.0, 0.5]])
W_STAR = np.array([1.5, -2.0])


def test_projection_lands_in_the_ball_is_idempotent_and_copies(rng):
    w = rng.standard_normal(5) * 4
    w0 = w.copy()
    p = project_l2_ball(w, 1.0)
    assert np.linalg.norm(p) == pytest.approx(1.0)
    np.testing.assert_allclose(project_l2_ball(p, 1.0), p)
    np.testing.assert_array_equal(w, w0)
    inside = np.array([0.1, 0.2])
    q = project_l2_ball(inside, 1.0)
    np.testing.assert_array_equal(q, inside)
    assert q is not inside


def test_constrained_optimum_satisfies_kkt_and_equals_the_penalised_one():
    w, alpha = l2_ball_constrained_optimum(H, W_STAR, 1.0)
    assert alpha > 0
    assert np.linalg.norm(w) == pytest.approx(1.0, abs=1e-9)  # active constraint
    # stationarity of the Lagrangian: H (w - w*) + alpha w = 0
    np.testing.assert_allclose(H @ (w - W_STAR) + alpha * w, 0.0, atol=1e-9)
    np.testing.assert_allclose(w, l2_regularized_optimum(H, W_STAR, alpha))


def test_constrained_optimum_agrees_with_scipy():
    from scipy.optimize import minimize

    w, _ = l2_ball_constrained_optimum(H, W_STAR, 1.0)
    res = minimize(
        lambda v: 0.5 * (v - W_STAR) @ H @ (v - W_STAR),
        np.zeros(2),
        constraints=[{"type": "ineq", "fun": lambda v: 1.0 - v @ v}],
        method="SLSQP",
        options={"ftol": 1e-14},
    )
    np.testing.assert_allclose(w, res.x, atol=1e-6)


def test_inactive_constraint_has_zero_multiplier():
    w, alpha = l2_ball_constrained_optimum(H, W_STAR, 10.0)
    assert alpha == 0.0
    np.testing.assert_array_equal(w, W_STAR)


def test_projected_gradient_descent_reaches_the_constrained_optimum():
    path = projected_gradient_descent(H, W_STAR, 1.0, lr=0.2, num_steps=400)
    assert path.shape == (401, 2)
    assert np.all(np.linalg.norm(path, axis=1) <= 1.0 + 1e-12)
    np.testing.assert_allclose(path[-1], l2_ball_constrained_optimum(H, W_STAR, 1.0).w, atol=1e-8)


def test_max_norm_rows_matches_torch_renorm(torch, rng):
    W = rng.standard_normal((6, 4)) * np.array([[0.1], [3.0], [1.0], [0.2], [5.0], [0.9]])
    ours = max_norm_rows(W, 1.0)
    theirs = torch.renorm(torch.tensor(W), 2, 0, 1.0).numpy()
    np.testing.assert_allclose(ours, theirs, rtol=1e-6)


def test_max_norm_wrapper_keeps_every_unit_within_the_bound_during_fit(rng):
    model = nn.Sequential(nn.Linear(4, 8, rng=rng), nn.ReLU(), nn.Linear(8, 3, rng=rng))
    opt = MaxNorm(SGD(model.parameters(), lr=2.0), model, max_norm=0.7)
    X = rng.standard_normal((60, 4))
    y = rng.integers(0, 3, 60)
    fit(model, nn.CrossEntropyLoss(), opt, (X, y), num_epochs=3, rng=rng, progress=False)
    for layer in opt.layers:
        assert np.all(np.linalg.norm(layer.weight.data, axis=1) <= 0.7 + 1e-12)


def test_bad_inputs_raise_house_errors():
    with pytest.raises(ValueError, match="max_norm_rows: expected max_norm in"):
        max_norm_rows(np.ones((2, 2)), 0.0)
    with pytest.raises(ValueError, match=r"max_norm_rows: expected W of shape \(out, in\)"):
        max_norm_rows(np.ones(3), 1.0)
    with pytest.raises(TypeError, match="MaxNorm: expected a dlnotes.nn.Module"):
        MaxNorm(SGD([nn.Parameter(np.ones(2))], lr=0.1), object(), 1.0)
