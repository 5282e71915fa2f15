"""Symmetric eigendecomposition, the ellipse (principal axes) claim, definiteness, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.linalg import (
    definiteness,
    principal_axes,
    symmetric_eigendecomposition,
    unit_circle_image,
)


def random_symmetric(rng, n):
    M = rng.normal(size=(n, n))
    return M + M.T


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 7))
def test_decomposition_reconstructs_and_is_orthonormal(seed, n):
    A = random_symmetric(np.random.default_rng(seed), n)
    lam, Q = symmetric_eigendecomposition(A)
    np.testing.assert_allclose(Q @ np.diag(lam) @ Q.T, A, atol=1e-10)
    np.testing.assert_allclose(Q.T @ Q, np.eye(n), atol=1e-12)
    assert np.all(np.diff(lam) <= 0)  # largest first
    np.testing.assert_allclose(lam, np.sort(np.linalg.eigvalsh(A))[::-1], atol=1e-10)
    # Sign convention: each column's largest-magnitude entry is positive.
    assert np.all(Q[np.argmax(np.abs(Q), axis=0), np.arange(n)] > 0)


def test_float32_preserved(rng):
    A = random_symmetric(rng, 4).astype(np.float32)
    lam, Q = symmetric_eigendecomposition(A)
    assert lam.dtype == np.float32 and Q.dtype == np.float32
    circle, image = unit_circle_image(A[:2, :2])
    assert circle.dtype == np.float32 and image.dtype == np.float32


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_unit_circle_maps_to_ellipse_with_eigen_axes(seed):
    rng = np.random.default_rng(seed)
    A = random_symmetric(rng, 2)
    lam, axes = principal_axes(A)
    if np.min(np.abs(lam)) < 1e-3:  # a flattened ellipse has no equation of this form
        return
    lam_, Q = symmetric_eigendecomposition(A)
    # A q_i = lambda_i q_i: the image of an eigenvector is the scaled eigenvector.
    np.testing.assert_allclose(A @ Q, axes, atol=1e-12)
    circle, image = unit_circle_image(A, num_points=400)
    np.testing.assert_allclose(np.linalg.norm(circle, axis=1), 1.0, atol=1e-12)
    np.testing.assert_allclose(image, circle @ A.T, atol=1e-12)
    # Every image point lies on the ellipse sum_i (q_i . y)^2 / lambda_i^2 = 1 ...
    coords = image @ Q
    np.testing.assert_allclose(np.sum(coords**2 / lam**2, axis=1), 1.0, atol=1e-10)
    # ... with radii between |lambda|_min and |lambda|_max (attained at the eigenvectors,
    # whose images are the axes checked above).
    radii = np.linalg.norm(image, axis=1)
    assert radii.max() <= np.max(np.abs(lam)) * (1 + 1e-12)
    assert radii.min() >= np.min(np.abs(lam)) * (1 - 1e-12)
    np.testing.assert_allclose(np.linalg.norm(axes, axis=0), np.abs(lam), rtol=1e-12)


@pytest.mark.parametrize(
    ("A", "expected"),
    [
        ([[2.0, 0.0], [0.0, 1.0]], "positive definite"),
        ([[1.0, 1.0], [1.0, 1.0]], "positive semidefinite"),
        ([[-2.0, 0.5], [0.5, -1.0]], "negative definite"),
        ([[-1.0, 0.0], [0.0, 0.0]], "negative semidefinite"),
        ([[0.0, 1.0], [1.0, 0.0]], "indefinite"),
        ([[0.0, 0.0], [0.0, 0.0]], "positive semidefinite"),
    ],
)
def test_definiteness(A, expected):
    assert definiteness(np.array(A)) == expected


def test_definiteness_agrees_with_quadratic_form(rng):
    B = rng.normal(size=(5, 3))
    A = B @ B.T  # rank 3: positive semidefinite
    assert definiteness(A) == "positive semidefinite"
    x = rng.normal(size=(100, 5))
    assert np.all(np.einsum("ni,ij,nj->n", x, A, x) >= -1e-12)


def test_definiteness_needs_symmetry():
    # Both eigenvalues are 1, yet the quadratic form is negative at (1, 1).
    A = np.array([[1.0, -3.0], [0.0, 1.0]])
    assert np.allclose(np.linalg.eigvals(A), 1.0)
    x = np.ones(2)
    assert x @ A @ x < 0
    with pytest.raises(ValueError, match="expected A to be symmetric"):
        definiteness(A)
    assert definiteness((A + A.T) / 2) == "indefinite"


def test_bad_input():
    with pytest.raises(
        ValueError,
        match=r"symmetric_eigendecomposition: expected A to be "
        r"a square matrix of shape \(n, n\), got \(2, 3\)",
    ):
        symmetric_eigendecomposition(np.ones((2, 3)))
    with pytest.raises(
        ValueError,
        match="symmetric_eigendecomposition: expected A to be symmetric, got max |A - A^T| = 1",
    ):
        symmetric_eigendecomposition(np.array([[1.0, 1.0], [0.0, 1.0]]))
    with pytest.raises(ValueError, match="expected A with finite entries, got inf or nan"):
        principal_axes(np.array([[np.nan, 0.0], [0.0, 1.0]]))
    with pytest.raises(
        ValueError,
        match=r"unit_circle_image: expected A to be a square matrix "
        r"of shape \(2, 2\), got \(3, 3\)",
    ):
        unit_circle_image(np.eye(3))
    with pytest.raises(ValueError, match="unit_circle_image: expected num_points"):
        unit_circle_image(np.eye(2), num_points=0)
    with pytest.raises(ValueError, match=r"definiteness: expected rtol in \[0.0, inf\]"):
        definiteness(np.eye(2), rtol=-1.0)
    with pytest.raises(ValueError, match=r"expected A to be a non-empty matrix of shape \(m, n\)"):
        symmetric_eigendecomposition(np.ones(3))
