"""Tests of ``Dropout`` and the inverted-dropout kernels."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.gradcheck import check_module, numerical_gradient
from dlnotes.nn import Dropout
from dlnotes.nn.functional import dropout, dropout_backward, dropout_forward


def test_dropout_is_inverted_and_unbiased(rng):
    x = np.ones((200, 500))
    out = Dropout(0.3, rng=rng)(x)
    np.testing.assert_allclose(np.unique(out), [0.0, 1 / 0.7])
    assert abs((out == 0).mean() - 0.3) < 0.01
    assert abs(out.mean() - 1.0) < 0.01  # expected activation unchanged


def test_dropout_backward_uses_the_forward_mask(rng):
    x = rng.normal(size=(4, 6))
    out, mask = dropout_forward(x, 0.5, rng=rng)
    upstream = rng.normal(size=x.shape)
    analytic = dropout_backward(upstream, mask)
    # Central differences of the forward with the mask held fixed.
    numeric = numerical_gradient(lambda x: float(np.sum(upstream * x * mask)), x)
    np.testing.assert_allclose(analytic, numeric, atol=1e-8)
    np.testing.assert_array_equal(out == 0, analytic == 0)


def test_dropout_module_backward_and_eval_gradcheck(rng):
    drop = Dropout(0.5, rng=rng)
    x = rng.normal(size=(3, 4))
    out = drop(x)
    np.testing.assert_array_equal(drop.backward(np.ones_like(x)) * x, out)
    drop.eval()
    np.testing.assert_array_equal(drop(x), x)
    check_module(drop, x, rng=rng)


def test_dropout_extremes_and_reproducibility(rng):
    x = rng.normal(size=(3, 4))
    np.testing.assert_array_equal(Dropout(0.0)(x), x)
    np.testing.assert_array_equal(Dropout(1.0)(x), np.zeros_like(x))
    a = Dropout(0.5, rng=np.random.default_rng(3))(x)
    b = Dropout(0.5, rng=np.random.default_rng(3))(x)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(dropout(x, 0.5, training=False), x)


def test_dropout_leaves_global_random_state_alone(rng):
    before = np.random.get_state()[1].copy()  # noqa: NPY002 - the point of the test
    Dropout(0.5)(rng.normal(size=(10, 10)))
    np.testing.assert_array_equal(np.random.get_state()[1], before)  # noqa: NPY002


def test_dropout_float32_preserved_and_no_mutation(rng):
    x = rng.normal(size=(5, 5)).astype(np.float32)
    upstream = rng.normal(size=(5, 5)).astype(np.float32)
    x_copy, up_copy = x.copy(), upstream.copy()
    drop = Dropout(0.4, rng=rng)
    out = drop(x)
    dx = drop.backward(upstream)
    assert out.dtype == dx.dtype == np.float32
    np.testing.assert_array_equal(x, x_copy)
    np.testing.assert_array_equal(upstream, up_copy)


@pytest.mark.torch
def test_dropout_repr_matches_torch(torch):
    assert repr(Dropout(0.2)) == repr(torch.nn.Dropout(0.2))


def test_dropout_bad_input():
    with pytest.raises(ValueError, match=r"Dropout: expected p in \[0.0, 1.0\], got 1.5"):
        Dropout(1.5)
    with pytest.raises(TypeError, match="Dropout: expected p to be a real number"):
        Dropout("half")
    with pytest.raises(TypeError, match="Dropout: expected rng to be a numpy.random.Generator"):
        Dropout(0.5, rng=0)
    drop = Dropout(0.5)
    with pytest.raises(RuntimeError, match="Dropout: expected forward to be called"):
        drop.backward(np.ones(3))
    with pytest.raises(TypeError, match="Dropout: expected input to be a numeric array"):
        drop(np.array(["a"]))
    drop(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"Dropout: expected grad_output of shape \(2, 3\)"):
        drop.backward(np.ones(3))
