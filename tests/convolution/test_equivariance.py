"""Equivariance (§9.2): exact for circular shifts, measurably broken by rotation and scaling."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.convolution import (
    circular_correlate2d,
    circular_shift,
    gaussian_kernel,
    relative_error,
    rotation_equivariance_error,
    scaling_equivariance_error,
    shift_equivariance_error,
)
from dlnotes.data import load_sample_photographs

SOBEL = np.array([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]])


@pytest.fixture(scope="module")
def photo() -> np.ndarray:
    return load_sample_photographs(128)[1]  # china.jpg at 128 x 128, as on the page


@pytest.mark.parametrize("shift", [(0, 1), (5, -3), (17, 40), (-64, 0)])
def test_circular_convolution_commutes_with_shifts(photo, shift) -> None:
    assert shift_equivariance_error(photo, SOBEL, shift) <= 1e-12
    k = np.random.default_rng(1).standard_normal((4, 5))  # even side, off-centre anchor
    assert shift_equivariance_error(photo, k, shift) <= 1e-12


def test_zero_padding_breaks_shift_equivariance_only_near_the_border(photo) -> None:
    from dlnotes.nn.functional import conv2d

    def same(x):
        return conv2d(x[None, None], SOBEL[None, None], padding=1)[0, 0]

    left, right = same(circular_shift(photo, (0, 3))), circular_shift(same(photo), (0, 3))
    differ = ~np.isclose(left, right, atol=1e-12)
    assert differ.any()
    assert not differ[:, 5:-1].any()  # the wrapped columns and their neighbours only


def test_rotation_is_measurably_not_equivariant_for_an_edge_kernel(photo) -> None:
    assert rotation_equivariance_error(photo, SOBEL, 30.0) > 0.3
    assert rotation_equivariance_error(photo, SOBEL, 10.0) > 0.1


def test_an_isotropic_kernel_is_nearly_but_not_exactly_rotation_equivariant(photo) -> None:
    g = gaussian_kernel(7, 1.5)
    for angle in (10.0, 30.0, 45.0):
        err = rotation_equivariance_error(photo, g, angle)
        assert 1e-4 < err < 1e-2  # measurably nonzero: interpolation and the sampled kernel
        assert err < rotation_equivariance_error(photo, SOBEL, angle) / 50


def test_a_quarter_turn_maps_the_grid_to_itself(photo) -> None:
    g = gaussian_kernel(7, 1.5)
    np.testing.assert_allclose(
        circular_correlate2d(np.rot90(photo), g),
        np.rot90(circular_correlate2d(photo, g)),
        atol=1e-12,
    )
    assert rotation_equivariance_error(photo, g, 90.0) < 1e-12
    # ... but an edge kernel is not unchanged by the quarter turn
    assert rotation_equivariance_error(photo, SOBEL, 90.0) > 1.0


@pytest.mark.parametrize("factor", [0.5, 0.8, 1.25, 2.0])
def test_scaling_is_measurably_not_equivariant(photo, factor) -> None:
    assert scaling_equivariance_error(photo, SOBEL, factor) > 0.1
    assert scaling_equivariance_error(photo, gaussian_kernel(7, 1.5), factor) > 0.01


def test_identity_transformations_give_zero_error(photo) -> None:
    assert rotation_equivariance_error(photo, SOBEL, 0.0) < 1e-12
    assert scaling_equivariance_error(photo, SOBEL, 1.0) < 1e-12


def test_gaussian_kernel_and_relative_error() -> None:
    g = gaussian_kernel(5, 1.0)
    assert g.sum() == pytest.approx(1.0)
    np.testing.assert_array_equal(g, g.T)
    assert relative_error([1.0, 2.0], [1.0, 1.0]) == pytest.approx(1 / np.sqrt(2))
    with pytest.raises(ValueError, match="gaussian_kernel: expected size to be a positive odd"):
        gaussian_kernel(4, 1.0)
    with pytest.raises(TypeError, match="circular_shift: expected shift to be a pair"):
        circular_shift(np.zeros((3, 3)), 1)
