"""Naive softmax family fails where the stable kernels of dlnotes.nn.functional do not (§4.1)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from dlnotes.book.naive import naive_log_softmax, naive_logsumexp, naive_softmax
from dlnotes.nn.functional import log_softmax, logsumexp, softmax


# The values printed on the chapter-4 page.
@pytest.mark.parametrize("dtype,scale", [(np.float32, 1.0), (np.float64, 8.0)])
def test_page_examples(dtype, scale):
    for values in ([100.0, 99.0, 0.0], [-120.0, -121.0, -200.0]):
        x = np.array(values, dtype=dtype) * dtype(scale)
        assert np.isnan(naive_softmax(x)).any() and np.isnan(naive_log_softmax(x)).any()
        assert np.all(np.isfinite(log_softmax(x))) and softmax(x).dtype == dtype
        np.testing.assert_allclose(
            log_softmax(x),
            x - x.max() - np.log(np.sum(np.exp((x - x.max()).astype(np.float64)))),
            rtol=1e-5,
        )


@pytest.mark.parametrize("dtype,big", [(np.float32, 100.0), (np.float64, 1000.0)])
def test_naive_overflows_stable_does_not(dtype, big):
    x = np.array([[big, big - 1.0, 0.0]], dtype=dtype)
    assert np.isnan(naive_softmax(x)).any()
    assert np.isinf(naive_logsumexp(x)).all()
    stable = softmax(x)
    assert stable.dtype == dtype and np.all(np.isfinite(stable))
    np.testing.assert_allclose(stable.sum(), 1.0, rtol=1e-6)
    assert np.isfinite(log_softmax(x)).all() and np.isfinite(logsumexp(x, dim=1)).all()


@pytest.mark.parametrize("dtype,small", [(np.float32, -120.0), (np.float64, -800.0)])
def test_naive_underflows_stable_does_not(dtype, small):
    x = np.full((1, 3), small, dtype=dtype)
    assert np.isnan(naive_softmax(x)).all()  # 0 / 0
    np.testing.assert_allclose(softmax(x), np.full((1, 3), 1 / 3), rtol=1e-6)
    # One tiny probability: the naive log gives -inf, the stable one an ordinary number.
    y = np.array([0.0, small], dtype=dtype)
    assert np.isneginf(naive_log_softmax(y)[1])
    assert log_softmax(y)[1] == pytest.approx(small, rel=1e-6)


@settings(max_examples=25, deadline=None)
@given(arrays(np.float64, (2, 4), elements=st.floats(-30, 30)))
def test_naive_equals_stable_in_safe_range(x):
    np.testing.assert_allclose(naive_softmax(x), softmax(x), rtol=1e-10, atol=1e-300)
    np.testing.assert_allclose(naive_logsumexp(x), logsumexp(x, dim=-1), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(naive_log_softmax(x), log_softmax(x), rtol=1e-10, atol=1e-12)


def test_bad_input():
    with pytest.raises(ValueError, match="naive_softmax: expected dim in"):
        naive_softmax(np.ones(3), dim=2)
    with pytest.raises(TypeError, match="naive_logsumexp: expected input to be a numeric"):
        naive_logsumexp(np.array(["a"]))
