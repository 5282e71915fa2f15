"""im2col / col2im: shapes, contents, adjointness, dtype, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.nn.functional import col2im, conv_output_size, im2col


@st.composite
def geometry(draw):
    """A small random (input shape, kernel, stride, padding) whose kernel fits."""
    n, c = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    ph, pw = draw(st.integers(0, 2)), draw(st.integers(0, 2))
    h = draw(st.integers(max(1, kh - 2 * ph), 8))
    w = draw(st.integers(max(1, kw - 2 * pw), 8))
    sh, sw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    return (n, c, h, w), (kh, kw), (sh, sw), (ph, pw)


@settings(max_examples=25, deadline=None)
@given(geometry(), st.integers(0, 2**32 - 1))
def test_im2col_col2im_are_adjoint(geom, seed):
    shape, kernel, stride, padding = geom
    rng = np.random.default_rng(seed)
    x = rng.normal(size=shape)
    cols = im2col(x, kernel, stride, padding)
    y = rng.normal(size=cols.shape)
    lhs = np.sum(cols * y)
    rhs = np.sum(x * col2im(y, shape, kernel, stride, padding))
    assert lhs == pytest.approx(rhs, rel=1e-10, abs=1e-10)


@settings(max_examples=25, deadline=None)
@given(geometry())
def test_im2col_shape_follows_output_size_formula(geom):
    shape, kernel, stride, padding = geom
    cols = im2col(np.zeros(shape), kernel, stride, padding)
    ho = (shape[2] + 2 * padding[0] - kernel[0]) // stride[0] + 1
    wo = (shape[3] + 2 * padding[1] - kernel[1]) // stride[1] + 1
    assert ho == conv_output_size(shape[2], kernel[0], stride[0], padding[0])
    assert cols.shape == (shape[1] * kernel[0] * kernel[1], ho * wo * shape[0])


def test_im2col_columns_are_the_patches(rng):
    x = rng.normal(size=(2, 3, 6, 5))
    cols = im2col(x, (3, 2), stride=(2, 1), padding=1)
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    ho, wo = (6 + 2 - 3) // 2 + 1, (5 + 2 - 2) // 1 + 1
    assert cols.shape == (3 * 3 * 2, 2 * ho * wo)
    for n, a, b in [(0, 0, 0), (1, 2, 3), (1, 1, wo - 1)]:
        patch = xp[n, :, 2 * a : 2 * a + 3, b : b + 2].ravel()
        np.testing.assert_array_equal(cols[:, (a * wo + b) * 2 + n], patch)  # batch last


def test_col2im_counts_overlaps():
    counts = col2im(np.ones((4, 9)), (1, 1, 4, 4), 2, stride=1)
    np.testing.assert_array_equal(
        counts[0, 0], [[1, 2, 2, 1], [2, 4, 4, 2], [2, 4, 4, 2], [1, 2, 2, 1]]
    )


def test_float32_is_preserved(rng):
    x = rng.normal(size=(2, 2, 5, 5)).astype(np.float32)
    cols = im2col(x, 3, padding=1)
    assert cols.dtype == np.float32
    assert col2im(cols, x.shape, 3, padding=1).dtype == np.float32


def test_input_is_not_modified(rng):
    x = rng.normal(size=(1, 2, 4, 4))
    before = x.copy()
    cols = im2col(x, 2)
    cols_before = cols.copy()
    col2im(cols, x.shape, 2)
    np.testing.assert_array_equal(x, before)
    np.testing.assert_array_equal(cols, cols_before)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: im2col(np.zeros((3, 8, 8)), 3), r"im2col: expected input of shape \(N, C, H, W\)"),
        (lambda: im2col(np.zeros((1, 1, 4, 4)), 5), "im2col: expected kernel_size"),
        (lambda: im2col(np.zeros((1, 1, 4, 4)), 2, stride=0), "im2col: expected stride"),
        (lambda: im2col(np.zeros((1, 1, 4, 4)), 2, padding=-1), "im2col: expected padding"),
        (lambda: col2im(np.zeros((4, 8)), (1, 1, 4, 4), 2), "col2im: expected cols of shape"),
        (lambda: col2im(np.zeros((4, 9)), (4, 4), 2), "col2im: expected input_shape"),
    ],
)
def test_bad_input_raises(call, message):
    with pytest.raises(ValueError, match=message):
        call()
