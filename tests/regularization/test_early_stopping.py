"""Early stopping as L2 on a quadratic (§7.8): iterates, factors and tau ~ 1/(eps alpha)."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.regularization import (
    early_stopping_alpha,
    equivalent_alphas,
    gradient_descent_factors,
    gradient_descent_iterates,
    l2_shrinkage,
    l2_shrinkage_factors,
    ridge_path,
)

# The quadratic of the chapter page: eigenvalues 0.2 (flat) and 2 (steep), rotated by 30 degrees.
_c, _s = np.cos(np.deg2rad(30)), np.sin(np.deg2rad(30))
Q = np.array([[_c, -_s], [_s, _c]])
H = Q @ np.diag([0.2, 2.0]) @ Q.T
W_STAR = np.array([1.2, 1.0])


def test_iterates_are_the_closed_form_factors_in_the_eigenbasis():
    lr, steps = 0.3, 60
    path = gradient_descent_iterates(H, W_STAR, lr=lr, num_steps=steps)
    res = l2_shrinkage(H, W_STAR, 0.0)
    coords = path @ res.eigenvectors  # rows: Q^T w^(tau)
    factors = gradient_descent_factors(res.eigenvalues, lr, np.arange(steps + 1))
    np.testing.assert_allclose(coords, factors * res.w_star_coords, atol=1e-12)


def test_equivalent_alpha_tends_to_one_over_tau_eps_for_flat_directions():
    lr, tau = 0.01, 100
    lam = np.array([1e-5, 1e-3, 1e-1])
    a = equivalent_alphas(lam, lr, tau)
    target = early_stopping_alpha(lr, tau)
    assert target == pytest.approx(1.0)
    rel = np.abs(a - target) / target
    assert rel[0] < 1e-4 and rel[1] < 1e-2
    assert np.all(np.diff(rel) > 0)  # the approximation degrades as tau*eps*lambda grows
    # by construction, the per-direction alpha makes the two factors equal exactly
    np.testing.assert_allclose(
        gradient_descent_factors(lam, lr, tau),
        [l2_shrinkage_factors([v], float(x))[0] for v, x in zip(lam, a, strict=True)],
    )


def test_factors_agree_to_first_order_and_never_by_more_than_a_quarter():
    # With alpha = 1/(tau eps) both factors are functions of x = tau*eps*lambda (for small
    # eps*lambda): 1 - (1 - eps lambda)^tau ~ 1 - exp(-x) against x / (1 + x). They agree to
    # first order in x, and both tend to 1 as x grows; in between they differ by at most ~0.2.
    lr = 0.1
    taus = np.arange(1, 301)  # the page's run
    res = l2_shrinkage(H, W_STAR, 0.0)
    gd = gradient_descent_factors(res.eigenvalues, lr, taus)
    l2 = np.stack([l2_shrinkage_factors(res.eigenvalues, 1.0 / (t * lr)) for t in taus])
    x = taus[:, None] * lr * res.eigenvalues[None]
    gap = np.abs(gd - l2)
    assert np.all(gap[x <= 0.1] < 0.01)
    assert 0.15 < gap.max() < 0.25
    assert np.all(gap[x >= 20] < 0.05)


def test_trajectory_stays_close_to_the_ridge_path():
    lr = 0.1
    taus = np.arange(1, 301)
    path = gradient_descent_iterates(H, W_STAR, lr=lr, num_steps=int(taus[-1]))[taus]
    ridge = ridge_path(H, W_STAR, 1.0 / (taus * lr))
    gap = np.linalg.norm(path - ridge, axis=1) / np.linalg.norm(W_STAR)
    assert gap.max() < 0.25
    assert gap[0] < 0.01  # after one step (x = 0.1 along the steep direction) they coincide


def test_bad_inputs_raise_house_errors():
    with pytest.raises(ValueError, match="equivalent_alphas: expected eigenvalues in"):
        equivalent_alphas([2.0], 1.0, 3)
    with pytest.raises(ValueError, match="early_stopping_alpha: expected num_steps >= 1"):
        early_stopping_alpha(0.1, 0)
    with pytest.raises(ValueError, match="gradient_descent_factors: expected num_steps"):
        gradient_descent_factors([1.0], 0.1, 1.5)
