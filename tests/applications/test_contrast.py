"""Contrast normalisation: GCN as the book's equation, its sphere of radius s*sqrt(n), the
degenerate 2-D centred case, lambda's shrinkage; LCN against a direct loop, its invariances."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.applications import global_contrast_normalize, local_contrast_normalize
from dlnotes.data import load_sample_photographs


def test_gcn_is_the_books_formula():
    rng = np.random.default_rng(0)
    x = rng.random((4, 5, 3))
    s, lam, eps = 2.0, 0.1, 1e-8
    expected = s * (x - x.mean()) / max(eps, np.sqrt(lam + np.mean((x - x.mean()) ** 2)))
    np.testing.assert_allclose(global_contrast_normalize(x, s, lam, eps), expected, rtol=1e-12)


@pytest.mark.parametrize("center", [True, False])
def test_gcn_puts_examples_on_a_sphere_of_radius_s_sqrt_n(center):
    rng = np.random.default_rng(1)
    X = 5 * rng.standard_normal((200, 2)) + np.array([3.0, -1.0])
    Y = global_contrast_normalize(X, s=1.5, lam=0.0, eps=1e-12, axis=-1, center=center)
    np.testing.assert_allclose(np.linalg.norm(Y, axis=1), 1.5 * np.sqrt(2), rtol=1e-12)
    if center:  # in 2-D the centred examples are s * sign(x1 - x2) * (1, -1): two points
        expected = 1.5 * np.sign(X[:, :1] - X[:, 1:]) * np.array([1.0, -1.0])
        np.testing.assert_allclose(Y, expected, rtol=1e-12)
    else:  # without centring each point only moves along its ray to the circle
        cos = np.sum(X * Y, axis=1) / (np.linalg.norm(X, axis=1) * np.linalg.norm(Y, axis=1))
        np.testing.assert_allclose(cos, 1.0, rtol=1e-12)


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 40), st.integers(1, 5), st.floats(0.1, 10.0), st.integers(0, 2**31))
def test_gcn_shape_zero_sum_and_radius_for_any_size(n, batch, s, seed):
    X = np.random.default_rng(seed).standard_normal((batch, n)) + 3.0
    Y = global_contrast_normalize(X, s=s, axis=-1)
    assert Y.shape == X.shape
    np.testing.assert_allclose(Y.sum(axis=1), 0.0, atol=1e-9 * s * n)
    np.testing.assert_allclose(np.linalg.norm(Y, axis=1), s * np.sqrt(n), rtol=1e-10)


def test_gcn_lambda_shrinks_low_contrast_examples_only():
    X = np.array([[0.01, -0.01], [10.0, -10.0]])
    Y = global_contrast_normalize(X, lam=1.0, axis=-1, center=False)
    norms = np.linalg.norm(Y, axis=1)
    assert norms[0] < 0.02 and norms[1] == pytest.approx(np.sqrt(2), rel=0.01)


def test_gcn_constant_image_stays_zero():
    assert np.all(global_contrast_normalize(np.full((3, 3), 7.0)) == 0)


def _lcn_box_loop(x, side, eps):
    pad = side // 2
    xp = np.pad(x, pad, mode="symmetric")
    mean = np.array(
        [
            [xp[i : i + side, j : j + side].mean() for j in range(x.shape[1])]
            for i in range(x.shape[0])
        ]
    )
    v = x - mean
    vp = np.pad(v, pad, mode="symmetric")
    sd = np.sqrt(
        [
            [np.mean(vp[i : i + side, j : j + side] ** 2) for j in range(x.shape[1])]
            for i in range(x.shape[0])
        ]
    )
    return v / np.maximum(eps, sd)


def test_lcn_box_equals_a_direct_loop():
    x = np.random.default_rng(2).random((9, 11))
    np.testing.assert_allclose(
        local_contrast_normalize(x, 3, window="box", eps=1e-3),
        _lcn_box_loop(x, 3, 1e-3),
        atol=1e-12,
    )


def test_lcn_is_invariant_to_brightness_and_contrast():
    photo = load_sample_photographs(32)[0]
    ref = local_contrast_normalize(photo, 2.0, eps=1e-6)
    np.testing.assert_allclose(
        local_contrast_normalize(3 * photo + 0.5, 2.0, eps=1e-6), ref, atol=1e-8
    )


def test_lcn_equalises_local_contrast_across_a_photograph():
    # The page's demo: china.jpg at 128 pixels with its left half darkened fivefold. GCN
    # scales every pixel by one factor, so the halves' contrast ratio is unchanged; LCN
    # brings it close to one.
    photo = load_sample_photographs(128)[1].copy()
    photo[:, :64] *= 0.2

    def ratio(im):
        return np.std(im[:, 8:56]) / np.std(im[:, 72:120])

    gcn = global_contrast_normalize(photo)
    lcn = local_contrast_normalize(photo, 2.0, eps=1e-3)
    assert ratio(photo) < 0.25
    assert ratio(gcn) == pytest.approx(ratio(photo), rel=1e-12)
    assert 0.8 < ratio(lcn) < 1.25
    assert 0.8 < ratio(local_contrast_normalize(photo, 5, window="box", eps=1e-3)) < 1.25


def test_bad_input():
    with pytest.raises(ValueError, match="local_contrast_normalize: expected window"):
        local_contrast_normalize(np.zeros((4, 4)), window="disc")
    with pytest.raises(ValueError, match="global_contrast_normalize: expected s in"):
        global_contrast_normalize(np.zeros(3), s=0.0)
    with pytest.raises(ValueError, match="expected an image"):
        local_contrast_normalize(np.zeros(4))
