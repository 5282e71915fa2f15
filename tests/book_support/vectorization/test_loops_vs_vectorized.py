"""Each loop implementation and its vectorised twin compute the same thing (S1)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.book.vectorization import (
    dense_forward,
    dense_forward_loop,
    pairwise_sq_distances,
    pairwise_sq_distances_loop,
    pairwise_sq_distances_row_loop,
    softmax_rows,
    softmax_rows_loop,
)
from dlnotes.nn.functional import softmax


def direct_sq_distances(X, Y):
    """Independent oracle: subtract every pair by a 3-D broadcast, then sum."""
    return ((X[:, None, :] - Y[None, :, :]) ** 2).sum(axis=-1)


def test_pairwise_versions_agree(rng):
    X, Y = rng.standard_normal((7, 5)), rng.standard_normal((4, 5))
    expected = direct_sq_distances(X, Y)
    for fn in (pairwise_sq_distances_loop, pairwise_sq_distances_row_loop, pairwise_sq_distances):
        np.testing.assert_allclose(fn(X, Y), expected, rtol=1e-12, atol=1e-12)


def test_pairwise_distance_to_itself_is_exactly_nonnegative(rng):
    # The expansion ||x||^2 + ||y||^2 - 2 x.y can round below zero; the clip must catch it.
    X = rng.standard_normal((50, 3)) * 1e3
    D = pairwise_sq_distances(X, X)
    assert D.min() >= 0
    np.testing.assert_allclose(np.diag(D), 0, atol=1e-6 * np.abs(D).max())


def test_dense_versions_agree_and_match_the_linear_kernel(rng):
    from dlnotes.nn.functional import linear_forward

    X, W, b = rng.standard_normal((6, 4)), rng.standard_normal((3, 4)), rng.standard_normal(3)
    expected, _ = linear_forward(X, W, b)
    np.testing.assert_allclose(dense_forward_loop(X, W, b), expected, rtol=1e-12)
    np.testing.assert_allclose(dense_forward(X, W, b), expected, rtol=1e-12)


def test_softmax_versions_agree_with_the_library_softmax(rng):
    Z = rng.standard_normal((5, 7)) * 30
    Z[0] += 800.0  # would overflow without the max shift
    expected = softmax(Z, dim=-1)
    np.testing.assert_allclose(softmax_rows_loop(Z), expected, rtol=1e-12)
    np.testing.assert_allclose(softmax_rows(Z), expected, rtol=1e-12)
    assert np.all(np.isfinite(softmax_rows(Z)))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_preserved(rng, dtype):
    X, Y = rng.standard_normal((4, 3)).astype(dtype), rng.standard_normal((2, 3)).astype(dtype)
    W, b = rng.standard_normal((5, 3)).astype(dtype), rng.standard_normal(5).astype(dtype)
    outputs = [
        pairwise_sq_distances_loop(X, Y),
        pairwise_sq_distances_row_loop(X, Y),
        pairwise_sq_distances(X, Y),
        dense_forward_loop(X, W, b),
        dense_forward(X, W, b),
        softmax_rows_loop(X),
        softmax_rows(X),
    ]
    assert all(out.dtype == dtype for out in outputs)


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(1, 6), m=st.integers(1, 6), d=st.integers(1, 5), seed=st.integers(0, 2**32 - 1)
)
def test_shapes_and_agreement_property(n, m, d, seed):
    rng = np.random.default_rng(seed)
    X, Y = rng.standard_normal((n, d)), rng.standard_normal((m, d))
    loop, fast = pairwise_sq_distances_loop(X, Y), pairwise_sq_distances(X, Y)
    assert loop.shape == fast.shape == (n, m)
    np.testing.assert_allclose(fast, loop, rtol=1e-10, atol=1e-10)
    S = softmax_rows(X)
    np.testing.assert_allclose(S.sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(softmax_rows(X + 3.7), S, rtol=1e-10)  # shift invariance


def test_inputs_are_not_mutated(rng):
    X, W, b = rng.standard_normal((3, 4)), rng.standard_normal((2, 4)), rng.standard_normal(2)
    copies = [a.copy() for a in (X, W, b)]
    dense_forward(X, W, b), dense_forward_loop(X, W, b), softmax_rows(X), softmax_rows_loop(X)
    pairwise_sq_distances(X, X)
    for a, c in zip((X, W, b), copies, strict=True):
        np.testing.assert_array_equal(a, c)


@pytest.mark.parametrize(
    "fn", [pairwise_sq_distances_loop, pairwise_sq_distances_row_loop, pairwise_sq_distances]
)
def test_pairwise_bad_input(fn):
    name = fn.__name__
    with pytest.raises(
        ValueError,
        match=f"{name}: expected X and Y with the same number of "
        r"columns, got \(2, 3\) and \(2, 4\)",
    ):
        fn(np.zeros((2, 3)), np.zeros((2, 4)))
    with pytest.raises(ValueError, match=f"{name}: expected X of shape \\(rows, columns\\)"):
        fn(np.zeros(3), np.zeros((2, 3)))
    with pytest.raises(TypeError, match=f"{name}: expected Y to be a numeric array"):
        fn(np.zeros((2, 3)), np.array([["a", "b", "c"]]))


@pytest.mark.parametrize("fn", [dense_forward_loop, dense_forward])
def test_dense_bad_input(fn):
    name = fn.__name__
    with pytest.raises(ValueError, match=f"{name}: expected weight with 4 columns"):
        fn(np.zeros((2, 4)), np.zeros((3, 5)), np.zeros(3))
    with pytest.raises(ValueError, match=rf"{name}: expected bias of shape \(3,\), got \(2,\)"):
        fn(np.zeros((2, 4)), np.zeros((3, 4)), np.zeros(2))


@pytest.mark.parametrize("fn", [softmax_rows_loop, softmax_rows])
def test_softmax_bad_input(fn):
    with pytest.raises(ValueError, match=rf"{fn.__name__}: expected Z of shape \(rows, columns\)"):
        fn(np.zeros((2, 3, 4)))
