"""conv1d_matrix / conv2d_matrix: a convolution is its matrix, the backward is its transpose."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.nn.functional import (
    conv1d,
    conv1d_backward,
    conv1d_forward,
    conv1d_matrix,
    conv2d,
    conv2d_backward,
    conv2d_forward,
    conv2d_matrix,
    conv_transpose2d,
)


def test_single_channel_stride_one_matrix_is_toeplitz(rng):
    w = rng.normal(size=(1, 1, 4))
    m = conv1d_matrix(w, 9)
    assert m.shape == (6, 9)
    # Constant along every diagonal: M[a, t] depends on t - a only, and is w[t - a].
    for a in range(6):
        for t in range(9):
            expected = w[0, 0, t - a] if 0 <= t - a < 4 else 0.0
            assert m[a, t] == expected


@settings(max_examples=25, deadline=None)
@given(
    st.integers(1, 3),
    st.integers(1, 3),
    st.integers(3, 9),
    st.integers(1, 3),
    st.integers(1, 3),
    st.integers(0, 2),
    st.integers(0, 2**32 - 1),
)
def test_conv1d_is_its_matrix_and_its_backward_the_transpose(cin, cout, length, k, s, p, seed):
    if k > length + 2 * p:
        return
    rng = np.random.default_rng(seed)
    x, w = rng.normal(size=(2, cin, length)), rng.normal(size=(cout, cin, k))
    m = conv1d_matrix(w, length, s, p)
    out, cache = conv1d_forward(x, w, None, s, p)
    np.testing.assert_allclose(x.reshape(2, -1) @ m.T, out.reshape(2, -1), atol=1e-12)
    g = rng.normal(size=out.shape)
    dx, _, _ = conv1d_backward(g, cache)
    np.testing.assert_allclose(g.reshape(2, -1) @ m, dx.reshape(2, -1), atol=1e-12)


@st.composite
def conv2d_case(draw):
    cin, cout = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    ph, pw = draw(st.integers(0, 1)), draw(st.integers(0, 1))
    h, w = draw(st.integers(max(1, kh - 2 * ph), 6)), draw(st.integers(max(1, kw - 2 * pw), 6))
    sh, sw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    return (cin, h, w), (cout, cin, kh, kw), (sh, sw), (ph, pw), draw(st.integers(0, 2**32 - 1))


@settings(max_examples=25, deadline=None)
@given(conv2d_case())
def test_conv2d_is_its_matrix_and_its_input_gradient_the_transpose(case):
    (cin, h, w), w_shape, stride, padding, seed = case
    rng = np.random.default_rng(seed)
    x, weight = rng.normal(size=(2, cin, h, w)), rng.normal(size=w_shape)
    m = conv2d_matrix(weight, (h, w), stride, padding)
    out, cache = conv2d_forward(x, weight, None, stride, padding)
    assert m.shape == (out[0].size, x[0].size)
    np.testing.assert_allclose(x.reshape(2, -1) @ m.T, out.reshape(2, -1), atol=1e-12)
    g = rng.normal(size=out.shape)
    dx, _, _ = conv2d_backward(g, cache)
    np.testing.assert_allclose(g.reshape(2, -1) @ m, dx.reshape(2, -1), atol=1e-12)
    # ... and that transpose is the transposed convolution (with the output padding that
    # picks the input size back out of the sizes a strided convolution maps to out's size).
    extra = tuple(
        (n + 2 * p - k) % s for n, p, k, s in zip((h, w), padding, w_shape[2:], stride, strict=True)
    )
    back = conv_transpose2d(g, weight, None, stride, padding, extra)
    np.testing.assert_allclose(back, dx, atol=1e-12)


def test_doubly_block_toeplitz_structure(rng):
    """One channel, stride 1, no padding: blocks B[a, h] depend on h - a, each Toeplitz."""
    w = rng.normal(size=(1, 1, 2, 3))
    h, wd = 4, 5
    ho, wo = h - 1, wd - 2
    blocks = conv2d_matrix(w, (h, wd)).reshape(ho, wo, h, wd).transpose(0, 2, 1, 3)
    for a in range(ho):
        for r in range(h):
            if 0 <= r - a < 2:
                np.testing.assert_array_equal(blocks[a, r], conv1d_matrix(w[:, :, r - a], wd))
            else:
                assert not blocks[a, r].any()


def test_matrix_is_mostly_zeros_and_holds_each_tap_once_per_full_window(rng):
    w = rng.normal(size=(2, 3, 3, 3))
    m = conv2d_matrix(w, 8)
    assert m.shape == (2 * 6 * 6, 3 * 8 * 8)
    assert np.count_nonzero(m) == 2 * 6 * 6 * 3 * 3 * 3  # valid padding: every tap lands
    # Each row holds its filter's 27 taps once: the row sums are the filters' sums.
    np.testing.assert_allclose(
        m.reshape(2, 36, -1).sum(axis=2), w.sum(axis=(1, 2, 3))[:, None] * np.ones(36)
    )


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: conv1d_matrix(np.ones((1, 3)), 5), r"conv1d_matrix: expected weight of shape"),
        (lambda: conv2d_matrix(np.ones((1, 1, 3)), 5), r"conv2d_matrix: expected weight of shape"),
        (lambda: conv2d_matrix(np.ones((1, 1, 3, 3)), 2), r"conv2d_matrix: expected kernel"),
        (lambda: conv2d_matrix(np.ones((1, 1, 3, 3)), 5, stride=0), r"conv2d_matrix: expected"),
    ],
)
def test_bad_input_raises(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_matrices_match_the_kernels_on_an_example():
    x = np.arange(5.0)
    w = np.array([1.0, -2.0])
    m = conv1d_matrix(w[None, None], 5)
    np.testing.assert_array_equal(m @ x, conv1d(x[None, None], w[None, None])[0, 0])
    img = np.arange(9.0).reshape(1, 1, 3, 3)
    m2 = conv2d_matrix(np.ones((1, 1, 2, 2)), 3)
    np.testing.assert_array_equal(m2 @ img.ravel(), conv2d(img, np.ones((1, 1, 2, 2))).ravel())
