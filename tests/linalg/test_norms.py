"""Norms: defining properties, NumPy agreement, overflow safety, unit balls, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from dlnotes.linalg import frobenius_norm, lp_norm, max_norm, unit_ball_boundary

ORDERS = [1.0, 1.5, 2.0, 3.0, np.inf]
finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
vectors = st.integers(1, 8).flatmap(
    lambda n: st.tuples(
        arrays(np.float64, n, elements=finite), arrays(np.float64, n, elements=finite)
    )
)


@pytest.mark.parametrize("p", ORDERS)
def test_matches_numpy(rng, p):
    x = rng.normal(size=7)
    assert np.isclose(lp_norm(x, p), np.linalg.norm(x, ord=p), rtol=1e-12)


@settings(max_examples=25, deadline=None)
@given(pair=vectors, p=st.sampled_from(ORDERS), alpha=finite)
def test_norm_axioms(pair, p, alpha):
    x, y = pair
    nx, ny = float(lp_norm(x, p)), float(lp_norm(y, p))
    scale = max(nx, ny, 1.0)
    assert float(lp_norm(x + y, p)) <= nx + ny + 1e-12 * scale  # triangle inequality
    assert np.isclose(
        float(lp_norm(alpha * x, p)), abs(alpha) * nx, rtol=1e-12, atol=1e-300
    )  # absolute homogeneity
    assert nx >= 0 and (nx == 0) == bool(np.all(x == 0))  # positive definiteness


def test_no_overflow_or_underflow():
    assert float(lp_norm(np.array([3e200, 4e200]))) == pytest.approx(5e200)
    assert float(lp_norm(np.array([3e-200, 4e-200]))) == pytest.approx(5e-200)
    assert float(lp_norm(np.array([3e20, 4e20], dtype=np.float32))) == pytest.approx(5e20, rel=1e-6)


def test_axis_and_max_and_frobenius(rng):
    X = rng.normal(size=(4, 5))
    np.testing.assert_allclose(lp_norm(X, 2, axis=1), np.linalg.norm(X, axis=1), rtol=1e-12)
    np.testing.assert_allclose(lp_norm(X, 1, axis=0), np.abs(X).sum(axis=0), rtol=1e-12)
    assert np.isclose(max_norm(X), np.abs(X).max())
    assert np.isclose(frobenius_norm(X), np.linalg.norm(X, "fro"), rtol=1e-12)
    stack = rng.normal(size=(3, 4, 5))
    np.testing.assert_allclose(frobenius_norm(stack), np.linalg.norm(stack, axis=(1, 2)))
    assert np.asarray(lp_norm(np.zeros(3))) == 0.0


def test_float32_is_preserved(rng):
    x = rng.normal(size=(3, 4)).astype(np.float32)
    assert lp_norm(x).dtype == np.float32
    assert lp_norm(x, 1.5, axis=0).dtype == np.float32
    assert frobenius_norm(x).dtype == np.float32
    assert unit_ball_boundary(2, dtype=np.float32).dtype == np.float32


@pytest.mark.parametrize("p", [1.0, 1.5, 2.0, 4.0, np.inf])
def test_unit_ball_points_have_norm_one(p):
    points = unit_ball_boundary(p, points_per_octant=16)
    assert points.shape == (8 * 16 + 1, 2)
    np.testing.assert_allclose(lp_norm(points, p, axis=1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(points[0], points[-1], atol=1e-12)  # closed curve
    # Counter-clockwise: the polar angle increases along the curve.
    angles = np.unwrap(np.arctan2(points[:, 1], points[:, 0]))
    assert np.all(np.diff(angles) > 0)


def test_unit_ball_corners_are_vertices():
    diamond = unit_ball_boundary(1.0, points_per_octant=4)
    square = unit_ball_boundary(np.inf, points_per_octant=4)
    for corner in [(1, 0), (0, 1), (-1, 0), (0, -1)]:
        assert np.any(np.all(np.isclose(diamond, corner, atol=1e-12), axis=1))
    for corner in [(1, 1), (-1, 1), (-1, -1), (1, -1)]:
        assert np.any(np.all(np.isclose(square, corner, atol=1e-12), axis=1))


def test_bad_input():
    with pytest.raises(ValueError, match=r"lp_norm: expected p in \[1.0, inf\], got 0.5"):
        lp_norm(np.ones(3), 0.5)
    with pytest.raises(TypeError, match="lp_norm: expected p to be a real number"):
        lp_norm(np.ones(3), "2")
    with pytest.raises(ValueError, match=r"lp_norm: expected a non-empty array, got \(0,\)"):
        lp_norm(np.ones(0))
    with pytest.raises(ValueError, match="lp_norm: expected axis valid for an array of shape"):
        lp_norm(np.ones(3), axis=2)
    with pytest.raises(TypeError, match="lp_norm: expected x to be a numeric array"):
        lp_norm(np.array(["a", "b"]))
    with pytest.raises(ValueError, match=r"frobenius_norm: expected a matrix of shape \(\*"):
        frobenius_norm(np.ones(3))
    with pytest.raises(ValueError, match=r"unit_ball_boundary: expected p in \[1.0, inf\]"):
        unit_ball_boundary(0.5)
    with pytest.raises(ValueError, match="unit_ball_boundary: expected points_per_octant"):
        unit_ball_boundary(2, points_per_octant=0)
