"""Exact coordinate descent on a quadratic (§8.7.2): fast when decoupled, slow when coupled."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.numerics import Quadratic, coordinate_descent, coupled_quadratic, newton_method


def test_each_update_minimises_along_its_coordinate(rng):
    Q, _ = np.linalg.qr(rng.standard_normal((4, 4)))
    q = Quadratic(Q @ np.diag([1.0, 2.0, 5.0, 9.0]) @ Q.T, rng.standard_normal(4))
    path = coordinate_descent(q, np.zeros(4), 3)
    for t in range(1, len(path)):
        i = (t - 1) % 4
        assert q.grad(path[t])[i] == pytest.approx(0.0, abs=1e-12)  # exact line minimum
        assert float(q(path[t])) <= float(q(path[t - 1])) + 1e-12
    changed = np.flatnonzero(path[1] != path[0])
    assert set(changed) <= {0}


@settings(max_examples=20, deadline=None)
@given(alpha=st.floats(0.01, 2.0))
def test_coupled_quadratic_contracts_by_one_over_one_plus_alpha_squared(alpha):
    # The page's claim: each sweep multiplies the error by exactly 1 / (1 + alpha)^2.
    f = coupled_quadratic(alpha)
    path = coordinate_descent(f, [1.5, -0.5], 6)
    after_sweep = path[2::2]  # points after every full sweep
    ratios = np.linalg.norm(after_sweep[1:], axis=1) / np.linalg.norm(after_sweep[:-1], axis=1)
    np.testing.assert_allclose(ratios, 1.0 / (1.0 + alpha) ** 2, rtol=1e-9)


def test_coupled_quadratic_newton_one_step_coordinate_descent_hundreds():
    # The page's demo: alpha = 0.01 from (1.5, -0.5).
    f = coupled_quadratic(0.01)
    newton = newton_method(f.grad, f.hessian, [1.5, -0.5], 1)
    np.testing.assert_allclose(newton[-1], 0.0, atol=1e-12)
    cd = coordinate_descent(f, [1.5, -0.5], 100)
    assert np.linalg.norm(cd[-1]) > 0.05  # still far after 100 sweeps


def test_validation():
    with pytest.raises(ValueError, match="coupled_quadratic: expected alpha > 0"):
        coupled_quadratic(0.0)
    with pytest.raises(
        TypeError, match="coordinate_descent: expected a dlnotes.numerics.Quadratic"
    ):
        coordinate_descent(np.eye(2), [0.0, 0.0], 1)
    with pytest.raises(ValueError, match="coordinate_descent: expected a positive diagonal"):
        coordinate_descent(Quadratic(np.array([[0.0, 1.0], [1.0, 0.0]])), [0.0, 0.0], 1)
    x0 = np.array([1.0, 2.0])
    coordinate_descent(coupled_quadratic(1.0), x0, 2)
    np.testing.assert_array_equal(x0, [1.0, 2.0])
