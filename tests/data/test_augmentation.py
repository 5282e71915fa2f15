"""Tests for dlnotes.data.augmentation (shifts, flips, noise; §7.4)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.data import add_gaussian_noise, load_digits, random_horizontal_flip, random_shift


def test_shift_moves_a_single_pixel_by_the_drawn_offset():
    x = np.zeros((200, 5, 5))
    x[:, 2, 2] = 1.0
    out = random_shift(x, 1, rng=np.random.default_rng(0))
    # Every image still has exactly one lit pixel, within one step of the centre.
    assert np.all(out.sum(axis=(1, 2)) == 1.0)
    ys, xs = np.nonzero(out)[1:]
    assert set(ys) == {1, 2, 3} and set(xs) == {1, 2, 3}
    assert x[:, 2, 2].sum() == 200  # input untouched


def test_shift_fills_the_border_with_zeros_instead_of_wrapping():
    x = np.ones((50, 1, 4, 4))
    out = random_shift(x, 2, rng=np.random.default_rng(1))
    # A shifted all-ones image has (4 - |dy|)(4 - |dx|) ones; some images must have lost pixels.
    counts = out.sum(axis=(1, 2, 3))
    assert counts.max() == 16 and counts.min() < 16
    assert set(np.unique(out)) <= {0.0, 1.0}


def test_zero_shift_is_the_identity_and_keeps_dtype():
    x = np.random.default_rng(2).random((3, 1, 8, 8)).astype(np.float32)
    out = random_shift(x, 0, rng=np.random.default_rng(0))
    assert out.dtype == np.float32 and np.array_equal(out, x) and out is not x


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(1, 4),
    c=st.integers(1, 3),
    h=st.integers(2, 9),
    w=st.integers(2, 9),
    seed=st.integers(0, 100),
)
def test_shift_preserves_shape_and_never_increases_mass(n, c, h, w, seed):
    x = np.random.default_rng(seed).random((n, c, h, w))
    s = min(h, w) - 1
    out = random_shift(x, s, rng=np.random.default_rng(seed))
    assert out.shape == x.shape
    assert np.all(out.sum(axis=(1, 2, 3)) <= x.sum(axis=(1, 2, 3)) + 1e-12)


def test_flip_probability_and_mirror():
    x = np.random.default_rng(3).random((4000, 1, 3, 3))
    out = random_horizontal_flip(x, 0.3, rng=np.random.default_rng(4))
    flipped = np.all(out == x[..., ::-1], axis=(1, 2, 3)) & ~np.all(out == x, axis=(1, 2, 3))
    kept = np.all(out == x, axis=(1, 2, 3))
    assert np.all(flipped | kept)
    assert abs(flipped.mean() - 0.3) < 0.03
    assert np.array_equal(
        random_horizontal_flip(x, 1.0, rng=np.random.default_rng(0)), x[..., ::-1]
    )
    assert np.array_equal(random_horizontal_flip(x, 0.0, rng=np.random.default_rng(0)), x)


def test_noise_has_the_requested_spread_and_is_clipped():
    x = np.full((200, 64), 0.5)
    out = add_gaussian_noise(x, 0.1, rng=np.random.default_rng(5))
    assert abs((out - x).std() - 0.1) < 0.005 and abs((out - x).mean()) < 0.005
    clipped = add_gaussian_noise(np.zeros((100, 64)), 0.5, rng=np.random.default_rng(6))
    assert clipped.min() == 0.0 and clipped.max() <= 1.0
    free = add_gaussian_noise(np.zeros((100, 64)), 0.5, clip=None, rng=np.random.default_rng(6))
    assert free.min() < 0.0


def test_same_seed_same_augmentation_on_digits():
    x = load_digits().X_train[:64]
    a = random_shift(x, 1, rng=np.random.default_rng(7))
    b = random_shift(x, 1, rng=np.random.default_rng(7))
    assert np.array_equal(a, b) and not np.array_equal(a, x)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: random_shift(np.zeros((2, 8)), 1), ValueError, "random_shift: expected images"),
        (
            lambda: random_shift(np.zeros((2, 4, 4)), 4),
            ValueError,
            "random_shift: expected max_shift",
        ),
        (lambda: random_shift(np.zeros((2, 4, 4)), 1.5), TypeError, "random_shift: expected"),
        (
            lambda: random_horizontal_flip(np.zeros((2, 4, 4)), 1.5),
            ValueError,
            "random_horizontal_flip",
        ),
        (
            lambda: add_gaussian_noise(np.zeros(3), -1.0),
            ValueError,
            "add_gaussian_noise: expected std",
        ),
        (
            lambda: add_gaussian_noise(np.zeros(3), 0.1, clip=(1, 0)),
            ValueError,
            "add_gaussian_noise",
        ),
        (
            lambda: random_shift(np.zeros((2, 4, 4)), 1, rng=0),
            TypeError,
            "random_shift: expected rng",
        ),
    ],
)
def test_bad_input_raises_in_the_project_format(call, error, message):
    with pytest.raises(error, match=message):
        call()
