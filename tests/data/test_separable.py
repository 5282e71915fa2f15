"""make_linearly_separable: labels by a hyperplane, an empty band of half-width margin."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.data import make_linearly_separable


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(1, 200),
    d=st.integers(1, 6),
    margin=st.floats(0.0, 1.0),
    seed=st.integers(0, 1000),
)
def test_margin_and_labels(n, d, margin, seed):
    X, y, w = make_linearly_separable(n, d, margin=margin, rng=np.random.default_rng(seed))
    assert X.shape == (n, d) and y.shape == (n,) and w.shape == (d,)
    assert np.linalg.norm(w) == pytest.approx(1.0)
    assert np.all(np.abs(X @ w) >= margin)
    np.testing.assert_array_equal(y, (X @ w > 0).astype(np.int64))


def test_seeded_dtype_and_validation():
    a = make_linearly_separable(20, rng=np.random.default_rng(3), dtype=np.float32)
    b = make_linearly_separable(20, rng=np.random.default_rng(3), dtype=np.float32)
    assert a[0].dtype == np.float32
    np.testing.assert_array_equal(a[0], b[0])
    with pytest.raises(ValueError, match="make_linearly_separable: expected margin"):
        make_linearly_separable(10, margin=-1.0)
