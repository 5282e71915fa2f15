"""Valid, same and full output sizes (§9.5) against the outputs of actual convolutions."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.signal import correlate2d

from dlnotes.convolution import output_length, padding_for_mode
from dlnotes.nn.functional import conv2d


@settings(max_examples=60, deadline=None)
@given(
    h=st.integers(1, 12),
    w=st.integers(1, 12),
    kh=st.integers(1, 6),
    kw=st.integers(1, 6),
    mode=st.sampled_from(["valid", "same", "full"]),
    stride=st.integers(1, 3),
)
def test_lengths_match_actual_convolutions(h, w, kh, kw, mode, stride) -> None:
    if mode == "valid" and (kh > h or kw > w):
        return
    if mode == "same" and (kh % 2 == 0 or kw % 2 == 0):
        return
    x, k = np.ones((h, w)), np.ones((kh, kw))
    expected = (output_length(h, kh, mode, stride), output_length(w, kw, mode, stride))
    pads = (padding_for_mode(kh, mode), padding_for_mode(kw, mode))
    out = conv2d(x[None, None], k[None, None], stride=stride, padding=pads)
    assert out.shape[2:] == expected
    if stride == 1:
        assert correlate2d(x, k, mode).shape == expected


def test_strided_convolution_is_the_unit_stride_one_subsampled() -> None:
    rng = np.random.default_rng(0)
    x, k = rng.standard_normal((3, 1, 17, 16)), rng.standard_normal((4, 1, 5, 5))
    for s in (2, 3):
        np.testing.assert_allclose(conv2d(x, k, stride=s), conv2d(x, k)[:, :, ::s, ::s], atol=1e-12)


def test_named_cases() -> None:
    assert [output_length(28, 5, m) for m in ("valid", "same", "full")] == [24, 28, 32]
    with pytest.raises(ValueError, match="odd kernel_size for mode 'same'"):
        output_length(10, 4, "same")
    with pytest.raises(ValueError, match="kernel_size at most the padded length"):
        output_length(3, 5, "valid")
