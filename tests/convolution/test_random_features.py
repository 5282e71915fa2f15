"""Random convolutional features against a trained CNN on the digits (§9.9), seeded."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.convolution import (
    compare_random_and_trained,
    random_conv_features,
    random_filters,
    small_cnn,
)
from dlnotes.data import load_digits
from dlnotes.nn.functional import conv2d, max_pool2d


@pytest.fixture(scope="module")
def comparison():
    # Exactly the page's call: seed 0, 16 filters of 3 x 3, 20 epochs.
    return compare_random_and_trained(*load_digits(), num_epochs=20, rng=np.random.default_rng(0))


def test_random_features_beat_raw_pixels(comparison) -> None:
    assert comparison.random_features > comparison.pixels + 0.01
    assert comparison.pixels > 0.9


def test_random_features_are_good_and_the_trained_cnn_better_on_this_seed(comparison) -> None:
    assert comparison.random_features > 0.95
    assert comparison.trained_cnn > comparison.random_features
    assert comparison.trained_cnn - comparison.random_features < 0.03  # a small gap
    assert comparison.n_features == 16 * 4 * 4


def test_the_comparison_is_deterministic(comparison) -> None:
    again = compare_random_and_trained(*load_digits(), num_epochs=20, rng=np.random.default_rng(0))
    assert again[:4] == comparison[:4]
    np.testing.assert_array_equal(again.trained_filters, comparison.trained_filters)


def test_training_grows_the_filters_and_keeps_their_direction(comparison) -> None:
    # What the page says: the trained filters are longer but point in nearly the same
    # directions as their random starting values.
    w, trained = comparison.filters, comparison.trained_filters
    assert w.shape == trained.shape == (16, 1, 3, 3)
    norms = np.linalg.norm(trained, axis=(2, 3)).ravel()  # the random filters have norm 1
    cosine = np.sum(trained * w, axis=(2, 3)).ravel() / norms
    assert np.all(norms > 1.5)
    assert np.median(cosine) > 0.8 and np.all(cosine > 0.7)


def test_filters_are_zero_mean_unit_norm_and_seeded() -> None:
    w = random_filters(5, 3, np.random.default_rng(1))
    np.testing.assert_allclose(w.mean(axis=(2, 3)), 0, atol=1e-15)
    np.testing.assert_allclose(np.linalg.norm(w, axis=(2, 3)), 1)
    np.testing.assert_array_equal(w, random_filters(5, 3, np.random.default_rng(1)))


def test_features_are_conv_relu_pool_and_the_cnn_starts_from_them() -> None:
    x = np.random.default_rng(2).random((3, 1, 8, 8))
    w = random_filters(4, 3, np.random.default_rng(3))
    expected = max_pool2d(np.maximum(conv2d(x, w, padding=1), 0), 2).reshape(3, -1)
    np.testing.assert_allclose(random_conv_features(x, w), expected)
    cnn = small_cnn(w, 8, 10, rng=np.random.default_rng(4))
    np.testing.assert_array_equal(cnn[0].weight.data, w)
    features = cnn[3](cnn[2](cnn[1](cnn[0](x))))
    np.testing.assert_allclose(features, expected)
