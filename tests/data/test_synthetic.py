"""XOR, spirals and moons: shapes, labels, geometry, determinism by rng, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.data import make_moons, make_spirals, make_xor, xor_points

GENERATORS = {
    "xor": lambda rng, **kw: make_xor(40, rng=rng, **kw),
    "spirals": lambda rng, **kw: make_spirals(15, n_classes=3, rng=rng, **kw),
    "moons": lambda rng, **kw: make_moons(41, rng=rng, **kw),
}


def test_xor_points_are_the_four_corners_of_section_6_1():
    X, y = xor_points()
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y, [0, 1, 1, 0])
    assert X.dtype == y.dtype == np.float64
    X32, y32 = xor_points(np.float32)
    assert X32.dtype == y32.dtype == np.float32


@pytest.mark.parametrize("name", list(GENERATORS))
def test_same_seed_same_data_other_seed_other_data(name):
    make = GENERATORS[name]
    a = make(np.random.default_rng(7))
    b = make(np.random.default_rng(7))
    c = make(np.random.default_rng(8))
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


@pytest.mark.parametrize("name", list(GENERATORS))
def test_global_random_state_untouched(name):
    # The legacy global API is used on purpose: it is the state that must stay untouched.
    before = np.random.get_state()  # noqa: NPY002
    GENERATORS[name](np.random.default_rng(1))
    after = np.random.get_state()  # noqa: NPY002
    np.testing.assert_array_equal(after[1], before[1])
    assert after[2:] == before[2:]


@pytest.mark.parametrize("name", list(GENERATORS))
def test_dtypes(name):
    X, y = GENERATORS[name](np.random.default_rng(0), dtype=np.float32)
    assert X.dtype == np.float32 and y.dtype == np.int64
    X, y = GENERATORS[name](np.random.default_rng(0))
    assert X.dtype == np.float64 and X.shape == (len(y), 2)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 60), seed=st.integers(0, 1000))
def test_xor_noiseless_points_are_corners_with_xor_labels(n, seed):
    X, y = make_xor(n, noise=0.0, rng=np.random.default_rng(seed))
    assert X.shape == (n, 2) and y.shape == (n,)
    assert set(np.unique(X)) <= {0.0, 1.0}
    np.testing.assert_array_equal(y, np.logical_xor(X[:, 0], X[:, 1]))


def test_xor_noise_has_requested_scale():
    X, y = make_xor(20000, noise=0.3, rng=np.random.default_rng(0))
    deviations = X - np.round(X).clip(0, 1)
    assert abs(deviations.std() - 0.3) < 0.02  # rounding misassigns a few far points


@settings(max_examples=25, deadline=None)
@given(n_per_class=st.integers(1, 30), n_classes=st.integers(2, 6), seed=st.integers(0, 1000))
def test_spirals_shapes_and_balanced_classes(n_per_class, n_classes, seed):
    X, y = make_spirals(n_per_class, n_classes, rng=np.random.default_rng(seed))
    assert X.shape == (n_per_class * n_classes, 2)
    assert np.bincount(y, minlength=n_classes).tolist() == [n_per_class] * n_classes


def test_spirals_noiseless_geometry():
    X, y = make_spirals(50, 4, noise=0.0, shuffle=False, rng=np.random.default_rng(0))
    radius = np.linalg.norm(X, axis=1)
    # Unshuffled: grouped by class, radius growing from 0 to 1 along each arm.
    np.testing.assert_array_equal(y, np.repeat(np.arange(4), 50))
    for k in range(4):
        np.testing.assert_allclose(radius[y == k], np.linspace(0, 1, 50), atol=1e-12)
    # The arms are rotations of each other by 2*pi/K.
    rot = np.array([[0.0, -1.0], [1.0, 0.0]])  # 90 degrees
    np.testing.assert_allclose(X[y == 0] @ rot.T, X[y == 1], atol=1e-12)


def test_moons_class_sizes_and_noiseless_curves():
    X, y = make_moons(41, noise=0.0, shuffle=False, rng=np.random.default_rng(0))
    assert np.bincount(y).tolist() == [20, 21]
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.linalg.norm(upper, axis=1), 1.0)
    np.testing.assert_allclose(np.linalg.norm(lower - [1.0, 0.5], axis=1), 1.0)
    assert np.all(upper[:, 1] >= -1e-12) and np.all(lower[:, 1] <= 0.5 + 1e-12)


def test_shuffle_changes_order_only():
    rng_a, rng_b = np.random.default_rng(0), np.random.default_rng(0)
    Xs, ys = make_moons(30, noise=0.0, rng=rng_a)
    Xo, yo = make_moons(30, noise=0.0, shuffle=False, rng=rng_b)
    assert not np.array_equal(ys, yo)
    assert sorted(map(tuple, Xs.tolist())) == sorted(map(tuple, Xo.tolist()))


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: make_xor(0), ValueError, "make_xor: expected n to be a positive integer, got 0"),
        (lambda: make_xor(5, noise=-0.1), ValueError, r"make_xor: expected noise in \[0.0, inf\]"),
        (lambda: make_xor(5, rng=42), TypeError, "make_xor: expected rng"),
        (lambda: make_spirals(0), ValueError, "make_spirals: expected n_per_class"),
        (lambda: make_spirals(5, 1), ValueError, "make_spirals: expected n_classes >= 2, got 1"),
        (lambda: make_spirals(5, turns=0), ValueError, "make_spirals: expected turns in"),
        (lambda: make_spirals(5, 2.5), TypeError, "make_spirals: expected n_classes"),
        (lambda: make_moons(1), ValueError, "make_moons: expected n >= 2"),
        (lambda: make_moons(10, dtype=np.int64), TypeError, "make_moons: expected dtype"),
        (
            lambda: make_moons(10, shuffle="no"),
            TypeError,
            "make_moons: expected shuffle to be a bool",
        ),
    ],
)
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
