"""Sparse regression and the noisy digits subset (data for chapter 7)."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.data import load_digits, make_noisy_digits, make_sparse_regression


def test_sparse_regression_has_exactly_the_informative_weights(rng):
    X, y, coef = make_sparse_regression(60, 15, 4, noise=0.0, rng=rng)
    assert X.shape == (60, 15) and y.shape == (60,)
    assert np.count_nonzero(coef) == 4 and np.all(coef[4:] == 0)
    assert np.all((np.abs(coef[:4]) >= 1) & (np.abs(coef[:4]) <= 3))
    np.testing.assert_allclose(y, X @ coef)


def test_sparse_regression_is_deterministic_and_keeps_dtype():
    a = make_sparse_regression(rng=np.random.default_rng(5), dtype=np.float32)
    b = make_sparse_regression(rng=np.random.default_rng(5), dtype=np.float32)
    assert a.X.dtype == np.float32
    np.testing.assert_array_equal(a.X, b.X)


def test_noisy_digits_corrupts_train_and_val_labels_only():
    d = make_noisy_digits(400, 400, label_noise=0.3, rng=np.random.default_rng(0))
    clean = make_noisy_digits(400, 400, label_noise=0.0, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(d.X_train, clean.X_train)
    np.testing.assert_array_equal(d.y_test, clean.y_test)
    wrong = np.concatenate([d.y_train != clean.y_train, d.y_val != clean.y_val])
    assert wrong.mean() == pytest.approx(0.3, abs=0.04)
    assert d.X_test.shape == (1797 - 800, 64)
    # the clean images are the 8x8 digits scaled to [0, 1]
    full = load_digits(flat=True)
    assert d.X_train.max() <= 1.0
    assert len(full.y_train) + len(full.y_test) == 1797


def test_pixel_noise_stays_in_range_and_leaves_the_test_set_clean():
    d = make_noisy_digits(100, 100, pixel_noise=0.2, rng=np.random.default_rng(1))
    c = make_noisy_digits(100, 100, pixel_noise=0.0, rng=np.random.default_rng(1))
    assert 0.0 <= d.X_train.min() and d.X_train.max() <= 1.0
    assert not np.array_equal(d.X_train, c.X_train)
    np.testing.assert_array_equal(d.X_test, c.X_test)


def test_bad_sizes_raise_house_errors():
    with pytest.raises(ValueError, match="make_noisy_digits: expected n_train \\+ n_val < 1797"):
        make_noisy_digits(1000, 900)
    with pytest.raises(ValueError, match="make_sparse_regression: expected n_informative <="):
        make_sparse_regression(10, 3, 4)
