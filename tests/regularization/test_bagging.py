"""The ensemble error v/k + (k-1)c/k (§7.11), checked by Monte Carlo."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.regularization import ensemble_squared_error, simulate_ensemble_squared_error


@pytest.mark.parametrize(
    ("v", "c", "k"), [(1.0, 0.0, 5), (2.0, 0.5, 4), (1.0, 1.0, 3), (1.0, -0.2, 4)]
)
def test_monte_carlo_agrees_with_the_formula(v, c, k):
    exact = ensemble_squared_error(v, c, k)
    est = simulate_ensemble_squared_error(v, c, k, num_trials=200_000, rng=np.random.default_rng(1))
    se = np.sqrt(2.0) * max(exact, 1e-12) / np.sqrt(200_000)
    assert abs(est - exact) < 5 * se + 1e-12


def test_limits_uncorrelated_divides_by_k_correlated_gains_nothing():
    assert ensemble_squared_error(3.0, 0.0, 6) == pytest.approx(0.5)
    assert ensemble_squared_error(3.0, 3.0, 6) == pytest.approx(3.0)
    errs = [ensemble_squared_error(1.0, 0.3, k) for k in range(1, 50)]
    assert np.all(np.diff(errs) < 0) and errs[-1] > 0.3  # falls towards c, never below


def test_impossible_covariance_is_rejected():
    with pytest.raises(ValueError, match="ensemble_squared_error: expected covariance in"):
        ensemble_squared_error(1.0, 1.5, 3)
    with pytest.raises(ValueError, match="expected covariance in"):
        simulate_ensemble_squared_error(1.0, -0.6, 3)
