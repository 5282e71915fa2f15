"""Determinant as the signed area of the image of the unit square; det = product of eigenvalues."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.linalg import polygon_signed_area, symmetric_eigendecomposition, unit_square_image


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_det_is_signed_area_of_unit_square_image(seed):
    A = np.random.default_rng(seed).normal(size=(2, 2))
    square = unit_square_image(A)
    assert square.shape == (5, 2)
    np.testing.assert_allclose(square[[1, 3]], A.T, atol=1e-15)  # corners are A's columns
    assert polygon_signed_area(square) == pytest.approx(np.linalg.det(A), abs=1e-12)


def test_area_of_any_polygon_scales_by_det(rng):
    A = rng.normal(size=(2, 2))
    angles = np.sort(rng.uniform(0, 2 * np.pi, size=9))
    polygon = np.stack([np.cos(angles), np.sin(angles)], axis=1) * rng.uniform(0.5, 2, (9, 1))
    before = polygon_signed_area(polygon)
    after = polygon_signed_area(polygon @ A.T)
    assert after == pytest.approx(np.linalg.det(A) * before, rel=1e-10)


def test_special_cases():
    assert polygon_signed_area(unit_square_image(np.eye(2))) == 1.0
    assert polygon_signed_area(unit_square_image([[0.0, 1.0], [1.0, 0.0]])) == -1.0  # a flip
    assert polygon_signed_area(unit_square_image([[1.0, 2.0], [2.0, 4.0]])) == 0.0  # rank 1
    assert polygon_signed_area([[0, 0], [1, 0], [0, 1]]) == 0.5
    assert unit_square_image(np.eye(2, dtype=np.float32)).dtype == np.float32


def test_det_is_product_of_eigenvalues(rng):
    M = rng.normal(size=(5, 5))
    A = M + M.T
    lam, _ = symmetric_eigendecomposition(A)
    assert np.prod(lam) == pytest.approx(np.linalg.det(A), rel=1e-10)


def test_bad_input():
    with pytest.raises(
        ValueError,
        match=r"unit_square_image: expected A to be a square matrix "
        r"of shape \(2, 2\), got \(2, 3\)",
    ):
        unit_square_image(np.ones((2, 3)))
    with pytest.raises(
        ValueError,
        match=r"polygon_signed_area: expected vertices of shape "
        r"\(k, 2\) with k >= 3, got \(2, 2\)",
    ):
        polygon_signed_area(np.ones((2, 2)))
    with pytest.raises(
        ValueError,
        match=r"polygon_signed_area: expected vertices of shape "
        r"\(k, 2\), got \(4,\)",
    ):
        polygon_signed_area(np.ones(4))


def test_area_scalings_compose_det_of_product(rng):
    # §2.11: applying B then A scales areas by det B, then det A: det(AB) = det A det B.
    A, B = rng.normal(size=(2, 2)), rng.normal(size=(2, 2))
    area = {
        name: polygon_signed_area(unit_square_image(M))
        for name, M in [("A", A), ("B", B), ("AB", A @ B)]
    }
    assert area["AB"] == pytest.approx(area["A"] * area["B"], rel=1e-10, abs=1e-12)
    assert area["AB"] == pytest.approx(np.linalg.det(A) * np.linalg.det(B), rel=1e-10, abs=1e-12)
