"""decision_grid: predictions on a grid covering 2-D data, and its bad-input message."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.book.decision_plots import decision_grid


def test_decision_grid_shapes():
    xx, yy, zz = decision_grid(
        lambda P: P.sum(axis=1), np.array([[0.0, 0.0], [1.0, 2.0]]), resolution=5
    )
    assert xx.shape == yy.shape == zz.shape == (5, 5)
    np.testing.assert_allclose(zz, xx + yy)


def test_bad_input():
    with pytest.raises(ValueError, match="decision_grid: expected X of shape"):
        decision_grid(lambda P: P, np.zeros((3, 3)))
