"""Pseudoinverse from the SVD: NumPy oracle, Penrose conditions, least squares and minimum norm;
rank and null space; bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.linalg import default_rcond, matrix_rank, null_space, pinv

shapes = st.tuples(st.integers(1, 8), st.integers(1, 8))


def random_matrix(seed, shape, rank=None):
    """A Gaussian matrix, or a product of two Gaussian factors of the given rank."""
    rng = np.random.default_rng(seed)
    m, n = shape
    if rank is None:
        return rng.normal(size=shape)
    return rng.normal(size=(m, rank)) @ rng.normal(size=(rank, n))


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), shape=shapes)
def test_matches_numpy_tall_wide_square(seed, shape):
    A = random_matrix(seed, shape)
    expected = np.linalg.pinv(A, rtol=None)  # the array-API default cutoff, max(m, n) * eps
    np.testing.assert_allclose(pinv(A), expected, atol=1e-9 * np.abs(expected).max())


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    shape=st.tuples(st.integers(2, 8), st.integers(2, 8)),
    data=st.data(),
)
def test_matches_numpy_rank_deficient(seed, shape, data):
    rank = data.draw(st.integers(1, min(shape) - 1))
    A = random_matrix(seed, shape, rank)
    expected = np.linalg.pinv(A, rcond=1e-10)
    got = pinv(A, rcond=1e-10)
    np.testing.assert_allclose(got, expected, atol=1e-8 * np.abs(expected).max())
    assert matrix_rank(A, rcond=1e-10) == rank == np.linalg.matrix_rank(A)
    # The four Penrose conditions.
    np.testing.assert_allclose(A @ got @ A, A, atol=1e-9 * np.abs(A).max())
    np.testing.assert_allclose(got @ A @ got, got, atol=1e-9 * np.abs(got).max())
    np.testing.assert_allclose((A @ got).T, A @ got, atol=1e-9)
    np.testing.assert_allclose((got @ A).T, got @ A, atol=1e-9)


def test_invertible_matrix_gives_inverse(rng):
    A = rng.normal(size=(4, 4)) + 4 * np.eye(4)
    np.testing.assert_allclose(pinv(A), np.linalg.inv(A), atol=1e-12)


def test_cutoff_drops_small_singular_values():
    A = np.diag([1.0, 1e-12])
    np.testing.assert_allclose(pinv(A), np.diag([1.0, 1e12]), rtol=1e-9)  # default keeps it
    np.testing.assert_allclose(pinv(A, rcond=1e-9), np.diag([1.0, 0.0]))  # cutoff drops it
    assert default_rcond((3, 7), np.float32) == 7 * float(np.finfo(np.float32).eps)


def test_default_cutoff_is_rtol_none_not_numpys_fixed_rcond():
    # max(m, n) eps = 2.2e-15 for a 10 x 10 matrix; NumPy's default rcond is 1e-15.
    A = np.diag([1.0] * 9 + [1.5e-15])
    assert pinv(A)[-1, -1] == 0.0
    np.testing.assert_array_equal(pinv(A), np.linalg.pinv(A, rtol=None))
    assert np.linalg.pinv(A)[-1, -1] > 1e14  # the fixed 1e-15 keeps and inverts it


def test_overdetermined_gives_least_squares(rng):
    A, y = rng.normal(size=(20, 3)), rng.normal(size=20)
    x = pinv(A) @ y
    np.testing.assert_allclose(x, np.linalg.lstsq(A, y, rcond=None)[0], atol=1e-12)
    # Normal equations: the residual is orthogonal to the columns of A ...
    np.testing.assert_allclose(A.T @ (A @ x - y), 0.0, atol=1e-11)
    # ... so any other x has a larger residual.
    for _ in range(20):
        other = x + rng.normal(size=3) * 0.1
        assert np.linalg.norm(A @ other - y) > np.linalg.norm(A @ x - y)


def test_underdetermined_gives_minimum_norm(rng):
    A, y = rng.normal(size=(3, 8)), rng.normal(size=3)
    x = pinv(A) @ y
    np.testing.assert_allclose(A @ x, y, atol=1e-12)  # an exact solution
    N = null_space(A)
    assert N.shape == (8, 5)
    np.testing.assert_allclose(A @ N, 0.0, atol=1e-12)
    np.testing.assert_allclose(N.T @ N, np.eye(5), atol=1e-12)
    np.testing.assert_allclose(N.T @ x, 0.0, atol=1e-12)  # x lies in the row space
    for _ in range(20):
        other = x + N @ rng.normal(size=5)  # every other solution
        np.testing.assert_allclose(A @ other, y, atol=1e-11)
        assert np.linalg.norm(other) > np.linalg.norm(x)


def test_null_space_of_full_column_rank_is_empty(rng):
    assert null_space(rng.normal(size=(5, 3))).shape == (3, 0)
    assert matrix_rank(np.zeros((2, 3))) == 0
    assert null_space(np.zeros((2, 3))).shape == (3, 3)


def test_float32_preserved(rng):
    A = rng.normal(size=(5, 3)).astype(np.float32)
    P = pinv(A)
    assert P.dtype == np.float32
    np.testing.assert_allclose(P, np.linalg.pinv(A.astype(np.float64)), atol=1e-5)
    assert null_space(A.T).dtype == np.float32


def test_bad_input():
    with pytest.raises(
        ValueError,
        match=r"pinv: expected A to be a non-empty matrix of shape "
        r"\(m, n\), got \(3,\)",
    ):
        pinv(np.ones(3))
    with pytest.raises(ValueError, match=r"pinv: expected A to be a non-empty matrix"):
        pinv(np.ones((0, 3)))
    with pytest.raises(ValueError, match=r"pinv: expected rcond in \[0.0, inf\], got -1.0"):
        pinv(np.eye(2), rcond=-1.0)
    with pytest.raises(ValueError, match="pinv: expected A with finite entries"):
        pinv(np.array([[np.inf, 1.0]]))
    with pytest.raises(TypeError, match="matrix_rank: expected A to be a numeric array"):
        matrix_rank([["a"]])
    with pytest.raises(ValueError, match="null_space: expected A to be a non-empty matrix"):
        null_space(np.ones((2, 2, 2)))
