"""Coverage against accuracy, checked by brute force over thresholds."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.metrics import coverage_at_accuracy, coverage_curve


@pytest.mark.parametrize("seed", range(10))
def test_curve_matches_brute_force(seed):
    rng = np.random.default_rng(seed)
    n = 50
    y, p = rng.integers(0, 3, n), rng.integers(0, 3, n)
    c = np.round(rng.random(n), 1)  # ties
    curve = coverage_curve(y, p, c)
    thresholds = np.unique(c)[::-1]
    np.testing.assert_array_equal(curve.thresholds, thresholds)
    for k, tau in enumerate(thresholds):
        keep = c >= tau
        assert curve.coverage[k] == pytest.approx(keep.mean())
        assert curve.accuracy[k] == pytest.approx(np.mean(y[keep] == p[keep]))
    assert curve.coverage[-1] == 1.0
    assert curve.accuracy[-1] == pytest.approx(np.mean(y == p))


def test_confidence_that_ranks_errors_last_buys_accuracy():
    y = np.array([0, 1, 2, 3, 4, 5])
    p = np.array([0, 1, 2, 3, 0, 0])  # the two errors have the lowest confidence
    c = np.array([0.9, 0.8, 0.7, 0.6, 0.2, 0.1])
    assert coverage_at_accuracy(y, p, c, 1.0) == pytest.approx(4 / 6)
    assert coverage_at_accuracy(y, p, c, 0.0) == 1.0


def test_unreachable_target_gives_zero_coverage():
    assert coverage_at_accuracy([0, 1], [1, 0], [0.9, 0.8], 0.5) == 0.0


def test_bad_input():
    with pytest.raises(ValueError, match=r"coverage_curve: expected y_pred of shape \(2,\)"):
        coverage_curve([0, 1], [0], [0.5, 0.5])
    with pytest.raises(ValueError, match=r"coverage_at_accuracy: expected target in \[0.0"):
        coverage_at_accuracy([0], [0], [1.0], 1.5)
