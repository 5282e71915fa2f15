"""The bundled photographs: shape, range, dtype, determinism, bad input."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.data import PHOTOGRAPH_NAMES, load_sample_photographs


def test_three_grey_squares_in_unit_range():
    images = load_sample_photographs(48)
    assert images.shape == (len(PHOTOGRAPH_NAMES), 48, 48) and images.dtype == np.float64
    assert images.min() >= 0.0 and images.max() <= 1.0
    assert np.all(images.reshape(3, -1).std(axis=1) > 0.05)  # real pictures, not blank
    np.testing.assert_array_equal(images, load_sample_photographs(48))
    assert load_sample_photographs(16, dtype=np.float32).dtype == np.float32


def test_bad_size():
    with pytest.raises(ValueError, match="load_sample_photographs: expected size between 8"):
        load_sample_photographs(4)
