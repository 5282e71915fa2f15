"""Finite differences: exactness on polynomials, error orders, the U-curve's optimum."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.numerics.finite_differences import (
    central_difference,
    difference_error_model,
    difference_errors,
    forward_difference,
    optimal_step,
    unit_roundoff,
)


@settings(max_examples=25, deadline=None)
@given(a=st.floats(-3, 3), b=st.floats(-3, 3), x=st.floats(-2, 2), h=st.floats(1e-3, 1.0))
def test_central_exact_for_quadratics_forward_off_by_half_h_f2(a, b, x, h):
    f = lambda t: a * t**2 + b * t  # noqa: E731
    exact = 2 * a * x + b
    assert central_difference(f, x, h) == pytest.approx(exact, abs=1e-9)
    assert forward_difference(f, x, h) == pytest.approx(exact + a * h, abs=1e-9)


def test_truncation_orders_one_and_two():
    # Where truncation dominates (h large), halving h halves the forward error and quarters
    # the central one.
    err = difference_errors(np.exp, np.exp, 1.0, [1e-2, 5e-3])
    assert err.forward[0] / err.forward[1] == pytest.approx(2.0, rel=0.02)
    assert err.central[0] / err.central[1] == pytest.approx(4.0, rel=0.02)


def test_u_curve_minimum_near_model_optimum():
    steps = np.logspace(-14, -1, 131)
    err = difference_errors(np.exp, np.exp, 1.0, steps)
    e = np.e
    for kind, measured in (("forward", err.forward), ("central", err.central)):
        h_star = optimal_step(kind, e, e)
        best = steps[np.argmin(measured)]
        assert abs(np.log10(best) - np.log10(h_star)) < 1.0, kind
        # The model is an upper bound up to a small factor and tight at its optimum.
        model = difference_error_model(steps, kind, e, e)
        assert np.all(measured <= 4 * model), kind
        assert measured.min() > 0.01 * model.min(), kind
    # Rounding wins at tiny steps: error grows again as h shrinks.
    assert err.central[0] > 1e3 * err.central.min()
    assert err.central.min() < 1e-3 * err.forward.min()


def test_optimal_steps_in_float64():
    assert optimal_step("forward", 1.0, 1.0) == pytest.approx(2 * 2.0**-26.5)
    assert optimal_step("central", 1.0, 1.0) == pytest.approx((3 * 2.0**-53) ** (1 / 3))
    assert unit_roundoff(np.float32) > unit_roundoff()


def test_bad_input():
    with pytest.raises(ValueError, match="forward_difference: expected positive finite step"):
        forward_difference(np.exp, 0.0, [1e-3, 0.0])
    with pytest.raises(ValueError, match="central_difference: expected positive finite step"):
        central_difference(np.exp, 0.0, -1.0)
    with pytest.raises(ValueError, match="difference_error_model: expected kind in"):
        difference_error_model(1e-3, "backward", 1.0, 1.0)
    with pytest.raises(ValueError, match="optimal_step: expected non-zero"):
        optimal_step("central", 1.0, 0.0)
    with pytest.raises(ValueError, match="optimal_step: expected kind in"):
        optimal_step("sideways", 1.0, 1.0)
