"""Naive loops, im2col and scipy.signal.correlate2d agree (§9.1, §9.8)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.signal import correlate2d

from dlnotes.convolution import correlate2d_im2col, correlate2d_loops, mode_padding
from dlnotes.data import load_sample_photographs


@pytest.mark.parametrize("mode", ["valid", "same", "full"])
def test_three_implementations_agree_on_a_photograph(mode) -> None:
    x = load_sample_photographs(24)[2]
    k = np.random.default_rng(0).standard_normal((5, 3))
    expected = correlate2d(x, k, mode=mode)
    np.testing.assert_allclose(correlate2d_loops(x, k, mode), expected, atol=1e-12)
    np.testing.assert_allclose(correlate2d_im2col(x, k, mode), expected, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    h=st.integers(1, 9),
    w=st.integers(1, 9),
    kh=st.integers(1, 4),
    kw=st.integers(1, 4),
    mode=st.sampled_from(["valid", "full"]),
    seed=st.integers(0, 2**16),
)
def test_im2col_equals_scipy_for_any_shapes(h, w, kh, kw, mode, seed) -> None:
    if mode == "valid" and (kh > h or kw > w):
        return
    rng = np.random.default_rng(seed)
    x, k = rng.standard_normal((h, w)), rng.standard_normal((kh, kw))
    np.testing.assert_allclose(correlate2d_im2col(x, k, mode), correlate2d(x, k, mode), atol=1e-12)


def test_convolution_is_correlation_with_the_flipped_kernel() -> None:
    from scipy.signal import convolve2d

    rng = np.random.default_rng(1)
    x, k = rng.standard_normal((9, 11)), rng.standard_normal((3, 4))
    for mode in ("valid", "full"):
        flipped = correlate2d_im2col(x, k[::-1, ::-1], mode)
        np.testing.assert_allclose(flipped, convolve2d(x, k, mode), atol=1e-12)
    assert not np.allclose(correlate2d_im2col(x, k), convolve2d(x, k, "valid"))


def test_float32_stays_float32() -> None:
    x = np.ones((6, 6), dtype=np.float32)
    assert correlate2d_im2col(x, np.ones((3, 3), dtype=np.float32)).dtype == np.float32


def test_modes_and_errors() -> None:
    assert mode_padding((3, 5), "same") == (1, 2)
    with pytest.raises(ValueError, match="odd kernel sides for mode 'same'"):
        correlate2d_loops(np.ones((4, 4)), np.ones((2, 2)), "same")
    with pytest.raises(ValueError, match="mode 'valid', 'same' or 'full'"):
        correlate2d_im2col(np.ones((4, 4)), np.ones((2, 2)), "circular")
