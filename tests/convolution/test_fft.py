"""FFT convolution equals direct convolution (§9.8); the operation-count model's crossover."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import correlate2d

from dlnotes.convolution import correlate2d_im2col, direct_flops, fft_correlate2d, fft_flops
from dlnotes.data import load_sample_photographs


@pytest.mark.parametrize("size", [3, 7, 15, 31])
@pytest.mark.parametrize("mode", ["valid", "same", "full"])
def test_fft_equals_direct(size, mode) -> None:
    x = load_sample_photographs(64)[0]
    k = np.random.default_rng(size).standard_normal((size, size))
    np.testing.assert_allclose(fft_correlate2d(x, k, mode), correlate2d(x, k, mode), atol=1e-10)
    np.testing.assert_allclose(
        fft_correlate2d(x, k, mode), correlate2d_im2col(x, k, mode), atol=1e-10
    )


def test_model_crossover_small_kernels_direct_large_kernels_fft() -> None:
    shape = (128, 128)
    assert direct_flops(shape, (3, 3)) < fft_flops(shape, (3, 3))
    assert direct_flops(shape, (31, 31)) > 3 * fft_flops(shape, (31, 31))
    sizes = range(3, 40, 2)
    ratio = [direct_flops(shape, (k, k)) / fft_flops(shape, (k, k)) for k in sizes]
    assert np.all(np.diff(ratio) > 0)  # the direct method's disadvantage grows with k


def test_direct_flops_count() -> None:
    assert direct_flops((10, 12), (3, 4)) == 2 * 12 * 8 * 9
