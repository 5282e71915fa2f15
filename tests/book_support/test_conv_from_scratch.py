"""dlnotes.book.conv_from_scratch: fancy-index im2col equals the strided one; S7's gradient bar."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.book.conv_from_scratch import (
    conv2d_indexed,
    conv_gradient_checks,
    distinct_values,
    im2col_indexed,
)
from dlnotes.nn.functional import col2im, conv2d, im2col


@st.composite
def geometry(draw):
    n, c = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    ph, pw = draw(st.integers(0, 2)), draw(st.integers(0, 2))
    h = draw(st.integers(max(1, kh - 2 * ph), 8))
    w = draw(st.integers(max(1, kw - 2 * pw), 8))
    sh, sw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    return (n, c, h, w), (kh, kw), (sh, sw), (ph, pw), draw(st.integers(0, 2**32 - 1))


@settings(max_examples=30, deadline=None)
@given(geometry())
def test_indexed_im2col_equals_the_strided_one_exactly(geom):
    shape, kernel, stride, padding, seed = geom
    x = np.random.default_rng(seed).normal(size=shape)
    np.testing.assert_array_equal(
        im2col_indexed(x, kernel, stride, padding), im2col(x, kernel, stride, padding)
    )


def test_indexed_patch_matrix_times_the_weight_is_the_convolution(rng):
    x, w = rng.normal(size=(3, 2, 7, 6)), rng.normal(size=(4, 2, 3, 3))
    cols = im2col_indexed(x, 3, 2, 1)
    y = (w.reshape(4, -1) @ cols).reshape(4, 4, 3, 3).transpose(3, 0, 1, 2)
    np.testing.assert_allclose(y, conv2d(x, w, None, 2, 1), atol=1e-12)
    np.testing.assert_allclose(conv2d_indexed(x, w, None, 2, 1), y, atol=1e-12)


def test_adjoint_identity_for_the_page_geometry(rng):
    """<im2col(x), c> = <x, col2im(c)> on the 8x8 digit geometry the page shows."""
    x = rng.normal(size=(5, 1, 8, 8))
    cols = im2col(x, 3, 1, 1)
    c = rng.normal(size=cols.shape)
    assert np.sum(cols * c) == pytest.approx(np.sum(x * col2im(c, x.shape, 3, 1, 1)), rel=1e-12)


def test_distinct_values_are_apart(rng):
    x = distinct_values((3, 4, 5), rng)
    assert x.shape == (3, 4, 5)
    assert np.min(np.diff(np.sort(x.ravel()))) > 0.0099


def test_every_convolution_and_pooling_gradient_passes_gradcheck():
    """Chapter S7's bar: check_module raises on any mismatch; the errors are also tiny."""
    errors = conv_gradient_checks(np.random.default_rng(0))
    names = " ".join(errors)
    for layer in ("Conv2d", "ConvTranspose2d", "MaxPool2d", "AvgPool2d", "digits_cnn", "conv1d"):
        assert layer in names
    assert len(errors) == 12
    assert max(errors.values()) < 1e-7
