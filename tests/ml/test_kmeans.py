"""k-means with k-means++ seeding (§5.8.2)."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes import ml
from dlnotes.prob import GaussianMixture

CENTRES = np.array([[0.0, 0.0], [6.0, 0.0], [3.0, 5.0]])


def _blobs(rng, n=600):
    gm = GaussianMixture(np.full(3, 1 / 3), CENTRES, np.stack([0.5 * np.eye(2)] * 3))
    return gm.sample(n, rng, return_components=True)


def test_kmeans_recovers_separated_clusters(rng):
    X, c = _blobs(rng)
    res = ml.kmeans(X, 3, rng=np.random.default_rng(1))
    order = [int(np.argmin(np.linalg.norm(res.centroids - m, axis=1))) for m in CENTRES]
    assert sorted(order) == [0, 1, 2]
    np.testing.assert_allclose(res.centroids[order], CENTRES, atol=0.15)
    # Labels agree with the generating components up to renaming.
    assert np.mean(np.array(order)[c] == res.labels) > 0.98


def test_inertia_never_increases_and_matches_labels(rng):
    X, _ = _blobs(rng)
    res = ml.kmeans(X, 5, rng=np.random.default_rng(3))
    assert np.all(np.diff(res.history) <= 1e-9)
    assert res.inertia == pytest.approx(np.sum((X - res.centroids[res.labels]) ** 2))
    # At convergence each centroid is the mean of its points.
    for j in range(5):
        np.testing.assert_allclose(res.centroids[j], X[res.labels == j].mean(axis=0))


def test_seeding_is_reproducible_and_spread(rng):
    X, _ = _blobs(rng)
    a = ml.kmeans_plus_plus_init(X, 3, np.random.default_rng(5))
    b = ml.kmeans_plus_plus_init(X, 3, np.random.default_rng(5))
    np.testing.assert_array_equal(a, b)
    d = np.linalg.norm(a[:, None] - a[None], axis=-1)
    assert d[np.triu_indices(3, 1)].min() > 2.0  # one seed per well-separated blob


def test_float32_preserved(rng):
    X, _ = _blobs(rng)
    assert ml.kmeans(X.astype(np.float32), 3, rng=rng).centroids.dtype == np.float32


def test_bad_input():
    with pytest.raises(ValueError, match=r"kmeans: expected X of shape \(N, d\) with N >= k"):
        ml.kmeans(np.ones((2, 2)), 3)
    with pytest.raises(ValueError, match="kmeans: expected k to be a positive integer"):
        ml.kmeans(np.ones((4, 2)), 0)
    with pytest.raises(TypeError, match="kmeans: expected rng to be"):
        ml.kmeans(np.ones((4, 2)), 2, rng=3)
