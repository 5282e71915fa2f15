"""load_digits, load_iris and the seeded stratified split behind them."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.data import Split, load_digits, load_iris, stratified_test_counts, train_test_split


# -- load_digits -------------------------------------------------------------------------------
def test_digits_shapes_dtypes_and_ranges():
    split = load_digits()
    assert isinstance(split, Split)
    X_train, y_train, X_test, y_test = split
    assert X_train.shape == (1347, 1, 8, 8) and X_test.shape == (450, 1, 8, 8)
    assert y_train.shape == (1347,) and y_test.shape == (450,)
    assert X_train.dtype == np.float64 and y_train.dtype == np.int64
    for X in (X_train, X_test):
        assert X.min() == 0.0 and X.max() == 1.0
    assert set(np.unique(y_train)) == set(range(10)) == set(np.unique(y_test))


def test_digits_match_sklearn_pixels_divided_by_16():
    from sklearn.datasets import load_digits as sk_load

    sk = sk_load()
    X_train, y_train, X_test, y_test = load_digits(flat=True)
    ours = np.concatenate([X_train, X_test]) * 16
    labels = np.concatenate([y_train, y_test])

    # Same multiset of (image, label) rows, so train and test partition the data set.
    def rows(X, y):
        return sorted(np.column_stack([X, y]).tolist())

    assert rows(ours, labels) == rows(sk.data, sk.target)


def test_digits_flat_and_image_layouts_agree():
    images = load_digits()
    flat = load_digits(flat=True)
    assert flat.X_train.shape == (1347, 64)
    np.testing.assert_array_equal(images.X_train.reshape(-1, 64), flat.X_train)
    np.testing.assert_array_equal(images.y_test, flat.y_test)


def test_digits_float32_is_preserved():
    split = load_digits(dtype=np.float32)
    assert split.X_train.dtype == np.float32 and split.X_test.dtype == np.float32
    assert split.y_train.dtype == np.int64


def test_digits_deterministic_for_a_seed_and_different_across_seeds():
    a, b, c = load_digits(seed=3), load_digits(seed=3), load_digits(seed=4)
    for x, y in zip(a, b, strict=True):
        np.testing.assert_array_equal(x, y)
    assert not np.array_equal(a.y_train, c.y_train)


def test_digits_do_not_touch_global_random_state():
    # The legacy global API is used on purpose: it is the state that must stay untouched.
    before = np.random.get_state()[1].copy()  # noqa: NPY002
    load_digits(seed=5)
    np.testing.assert_array_equal(np.random.get_state()[1], before)  # noqa: NPY002


def test_digits_split_is_stratified():
    X_train, y_train, X_test, y_test = load_digits(flat=True)
    full = np.bincount(np.concatenate([y_train, y_test]), minlength=10)
    test_counts = np.bincount(y_test, minlength=10)
    quota = full * len(y_test) / full.sum()
    assert np.all(np.abs(test_counts - quota) < 1)
    assert test_counts.sum() == 450
    # Disjointness and completeness: test_digits_match_sklearn_pixels_divided_by_16.


def test_digits_cached_data_cannot_be_corrupted_by_callers():
    first = load_digits()
    first.X_train[...] = -1
    first.y_train[...] = -1
    again = load_digits()
    assert again.X_train.min() == 0.0 and again.y_train.min() == 0


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"test_size": 0.0}, ValueError, r"train_test_split: expected test_size in \(0.0, 1.0\)"),
        ({"test_size": 1.5}, ValueError, "test_size in"),
        ({"seed": -1}, ValueError, "load_digits: expected seed to be a non-negative integer"),
        ({"seed": 1.5}, TypeError, "load_digits: expected seed"),
        ({"dtype": np.int32}, TypeError, "load_digits: expected dtype float32 or float64"),
        ({"flat": "yes"}, TypeError, "load_digits: expected flat to be a bool, got 'yes'"),
    ],
)
def test_digits_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        load_digits(**kwargs)


# -- load_iris ---------------------------------------------------------------------------------
def test_iris_shapes_and_stratification():
    X_train, y_train, X_test, y_test = load_iris()
    assert X_train.shape == (112, 4) and X_test.shape == (38, 4)
    assert y_train.dtype == np.int64
    assert np.bincount(y_test).tolist() in ([13, 13, 12], [13, 12, 13], [12, 13, 13])


def test_iris_standardize_uses_training_statistics():
    raw = load_iris(seed=1)
    std = load_iris(seed=1, standardize=True)
    np.testing.assert_allclose(std.X_train.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(std.X_train.std(axis=0), 1)
    mu, sigma = raw.X_train.mean(axis=0), raw.X_train.std(axis=0)
    np.testing.assert_allclose(std.X_test, (raw.X_test - mu) / sigma)
    np.testing.assert_array_equal(std.y_test, raw.y_test)


def test_iris_float32_and_bad_input():
    assert load_iris(dtype=np.float32, standardize=True).X_test.dtype == np.float32
    with pytest.raises(TypeError, match="load_iris: expected standardize to be a bool"):
        load_iris(standardize="yes")


# -- the split itself --------------------------------------------------------------------------
@settings(max_examples=25, deadline=None)
@given(
    counts=st.lists(st.integers(1, 40), min_size=1, max_size=6),
    test_size=st.floats(0.05, 0.95),
    seed=st.integers(0, 2**16),
)
def test_train_test_split_properties(counts, test_size, seed):
    y = np.repeat(np.arange(len(counts)), counts)
    n = len(y)
    n_test = int(np.ceil(test_size * n))
    if not 0 < n_test < n:
        with pytest.raises(ValueError, match="both parts non-empty"):
            train_test_split(y[:, None], y, test_size=test_size)
        return
    X = np.arange(n)[:, None] * 10  # each row identifies its sample
    s = train_test_split(X, y, test_size=test_size, rng=np.random.default_rng(seed))
    assert len(s.y_test) == n_test and len(s.y_train) == n - n_test
    # Every sample exactly once, rows stay aligned with their labels.
    ids = np.concatenate([s.X_train[:, 0], s.X_test[:, 0]]) // 10
    assert sorted(ids.tolist()) == list(range(n))
    np.testing.assert_array_equal(y[s.X_test[:, 0] // 10], s.y_test)
    # Per-class test counts within one of the proportional quota.
    quota = np.array(counts) * n_test / n
    assert np.all(np.abs(np.bincount(s.y_test, minlength=len(counts)) - quota) < 1)


def test_stratified_test_counts_sum_exactly():
    counts = np.array([7, 7, 7])
    out = stratified_test_counts(counts, 10)
    assert out.sum() == 10 and sorted(out.tolist()) == [3, 3, 4]


def test_split_is_shuffled_not_sorted_by_class():
    y = np.repeat(np.arange(3), 20)
    s = train_test_split(np.zeros((60, 1)), y, rng=np.random.default_rng(0))
    assert np.any(np.diff(s.y_train) < 0)


def test_unstratified_split():
    y = np.repeat([0, 1], [50, 50])
    s = train_test_split(
        np.arange(100), y, test_size=0.3, stratify=False, rng=np.random.default_rng(0)
    )
    assert len(s.X_test) == 30 and len(set(s.X_test) | set(s.X_train)) == 100


def test_split_bad_input():
    with pytest.raises(ValueError, match=r"train_test_split: expected X of shape \(N, ...\) and y"):
        train_test_split(np.zeros((5, 2)), np.zeros(4))
    with pytest.raises(TypeError, match="train_test_split: expected rng"):
        train_test_split(np.zeros((5, 2)), np.zeros(5), rng=0)
