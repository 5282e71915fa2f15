"""Tests of ``Flatten``."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.gradcheck import check_module
from dlnotes.nn import Flatten


@settings(max_examples=25, deadline=None)
@given(shape=st.lists(st.integers(1, 3), min_size=1, max_size=4), data=st.data())
def test_flatten_shape_matches_torch_rule(shape, data):
    ndim = len(shape)
    start = data.draw(st.integers(-ndim, ndim - 1))
    end = data.draw(st.integers(start % ndim, ndim - 1))
    x = np.arange(float(np.prod(shape))).reshape(shape)
    flat = Flatten(start, end)
    out = flat(x)
    s = start % ndim
    assert out.shape == (*shape[:s], int(np.prod(shape[s : end + 1])), *shape[end + 1 :])
    np.testing.assert_array_equal(out.ravel(), x.ravel())  # order preserved (C order)
    np.testing.assert_array_equal(flat.backward(out), x)


def test_flatten_gradcheck(rng):
    check_module(Flatten(), rng.normal(size=(2, 3, 4)), rng=rng)


@pytest.mark.torch
@pytest.mark.parametrize("start, end", [(1, -1), (0, 1), (-2, -1)])
def test_flatten_matches_torch(rng, torch, start, end):
    x = rng.normal(size=(2, 3, 4, 5))
    np.testing.assert_array_equal(
        Flatten(start, end)(x), torch.nn.Flatten(start, end)(torch.from_numpy(x)).numpy()
    )
    assert repr(Flatten(start, end)) == repr(torch.nn.Flatten(start, end))


def test_flatten_float32_preserved(rng):
    flat = Flatten()
    out = flat(rng.normal(size=(2, 3, 4)).astype(np.float32))
    assert out.dtype == np.float32
    assert flat.backward(out).dtype == np.float32


def test_flatten_bad_input():
    with pytest.raises(TypeError, match="Flatten: expected start_dim to be an integer"):
        Flatten(start_dim=1.0)
    flat = Flatten(start_dim=2)
    with pytest.raises(RuntimeError, match="Flatten: expected forward to be called"):
        flat.backward(np.ones(3))
    with pytest.raises(ValueError, match=r"Flatten: expected start_dim and end_dim in \[-2, 1\]"):
        flat(np.ones((2, 3)))
    with pytest.raises(ValueError, match="Flatten: expected start_dim <= end_dim"):
        Flatten(2, 1)(np.ones((2, 3, 4)))
    flat(np.ones((2, 3, 4, 5)))
    with pytest.raises(ValueError, match=r"Flatten: expected grad_output of shape \(2, 3, 20\)"):
        flat.backward(np.ones((2, 60)))
