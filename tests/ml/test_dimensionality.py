"""Distances concentrate in high dimension (§5.11.1)."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.ml import pairwise_distance_stats


def test_distances_concentrate_like_one_over_sqrt_d(rng):
    dims = np.array([2, 10, 100, 1000])
    s = pairwise_distance_stats(dims, n_points=200, rng=rng)
    assert np.all(np.diff(s.spread) < 0) and np.all(np.diff(s.contrast) < 0)
    # E|x - y|^2 = d/6 for uniform points, so the mean distance approaches sqrt(d/6)
    np.testing.assert_allclose(s.mean[-2:], np.sqrt(dims[-2:] / 6), rtol=0.02)
    # spread * sqrt(d) settles to a constant (sqrt(7/5)/2 ~ 0.59 for the squared distance's
    # coefficient of variation, halved by the square root)
    scaled = s.spread[-2:] * np.sqrt(dims[-2:])
    np.testing.assert_allclose(scaled[0], scaled[1], rtol=0.1)
    assert s.min.shape == s.max.shape == dims.shape


def test_bad_input():
    with pytest.raises(ValueError, match="pairwise_distance_stats: expected positive dim"):
        pairwise_distance_stats([0, 2])
    with pytest.raises(ValueError, match="expected n_points >= 3"):
        pairwise_distance_stats([2], n_points=2)
