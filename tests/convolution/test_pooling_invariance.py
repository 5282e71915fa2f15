"""Max pooling and small shifts (§9.3); the three-stage layer."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.convolution import (
    max_pool,
    pooling_invariance_table,
    shifted_crops,
    three_stage_layer,
    unchanged_fraction,
)
from dlnotes.data import load_sample_photographs
from dlnotes.nn.functional import sigmoid

SOBEL = np.array([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]])


@pytest.fixture(scope="module")
def photo() -> np.ndarray:
    return load_sample_photographs(128)[1]  # china.jpg, as on the page


def test_shifted_crops_show_the_same_scene_moved_right() -> None:
    x = np.arange(40.0).reshape(4, 10)
    first, second = shifted_crops(x, 6, 2)
    np.testing.assert_array_equal(second[:, 2:], first[:, :-2])
    assert not np.array_equal(first, second)


def test_pooling_keeps_more_outputs_than_the_raw_pixels(photo) -> None:
    sizes, shifts = [1, 2, 3, 4, 6, 8], [1, 2, 3]
    table = pooling_invariance_table(photo, sizes, shifts)
    first, second = shifted_crops(photo, photo.shape[1] - 3, 1)
    assert table[0, 0] == unchanged_fraction(first, second)  # size 1 = no pooling
    assert np.all(np.diff(table[:, 0]) > 0)  # shift 1: the larger the pool, the more survive
    assert np.all(table[-1] > 1.5 * table[0])  # 8 x 8 pools against raw pixels, every shift
    assert np.all(np.diff(table, axis=1) < 0)  # larger shifts change more outputs
    assert table[-1, 0] > 0.7


def test_stride_only_selects_windows(photo) -> None:
    # With stride s the windows are the stride-1 windows whose corner is on the s-grid.
    for size, stride in [(4, 2), (4, 4), (6, 3)]:
        first, second = shifted_crops(photo, 120, 2)
        dense = max_pool(first, size, 1) == max_pool(second, size, 1)
        strided = pooling_invariance_table(photo, [size], [2], stride=stride, width=120)[0, 0]
        assert strided == pytest.approx(np.mean(dense[::stride, ::stride]), abs=0)
    # ... so on this photograph the fractions hardly depend on the stride
    sizes, shifts = [1, 2, 3, 4, 6, 8], [1, 2, 3]
    gap = pooling_invariance_table(photo, sizes, shifts) - pooling_invariance_table(
        photo, sizes, shifts, stride=1
    )
    assert np.abs(gap).max() < 0.05


@pytest.mark.parametrize("bias", [0.0, 0.5])
def test_three_stage_layer_detector_and_pooling_commute(photo, bias) -> None:
    stages = three_stage_layer(photo, 4 * SOBEL, 4, bias=bias)
    np.testing.assert_array_equal(stages.detector, sigmoid(stages.convolution))
    np.testing.assert_array_equal(stages.pooled, sigmoid(max_pool(stages.convolution, 4)))


def test_three_stage_layer_on_shifted_crops_pooling_absorbs_the_shift(photo) -> None:
    first, second = shifted_crops(photo, 120, 1)
    a, b = three_stage_layer(first, 4 * SOBEL, 4), three_stage_layer(second, 4 * SOBEL, 4)
    detector_kept = unchanged_fraction(a.detector, b.detector)
    pooled_kept = unchanged_fraction(a.pooled, b.pooled)
    assert detector_kept < 0.1 and pooled_kept > 0.5
    change = np.mean(np.abs(a.detector - b.detector)), np.mean(np.abs(a.pooled - b.pooled))
    assert change[1] < change[0] / 3


def test_bad_crop_is_rejected() -> None:
    with pytest.raises(ValueError, match="shifted_crops: expected width \\+ shift at most"):
        shifted_crops(np.zeros((4, 10)), 8, 3)
