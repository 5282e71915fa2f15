"""Tests of ``clip_grad_norm_`` and ``clip_grad_value_`` against PyTorch."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.nn import Parameter
from dlnotes.nn.utils import clip_grad_norm_, clip_grad_value_


def _params(rng, scale):
    params = [Parameter(np.zeros(s)) for s in [(3, 4), (4,), (2, 2, 2)]]
    for p in params:
        p.grad[...] = scale * rng.normal(size=p.shape)
    return params


@pytest.mark.torch
@pytest.mark.parametrize("norm_type", [2.0, 1.0, 3.0, float("inf")])
@pytest.mark.parametrize("scale", [0.01, 10.0])  # below and above the threshold
def test_clip_grad_norm_matches_torch(rng, torch, norm_type, scale):
    params = _params(rng, scale)
    tparams = []
    for p in params:
        t = torch.zeros(p.shape, requires_grad=True)
        t.grad = torch.from_numpy(p.grad.copy())
        tparams.append(t)
    total = clip_grad_norm_(params, max_norm=1.0, norm_type=norm_type)
    ttotal = torch.nn.utils.clip_grad_norm_(tparams, max_norm=1.0, norm_type=norm_type)
    assert isinstance(total, float)
    assert total == pytest.approx(float(ttotal), rel=1e-12)
    for p, t in zip(params, tparams, strict=True):
        np.testing.assert_allclose(p.grad, t.grad.numpy(), rtol=1e-12)


def test_clip_grad_norm_returns_norm_before_clipping(rng):
    params = _params(rng, 10.0)
    expected = np.sqrt(sum((p.grad**2).sum() for p in params))
    assert clip_grad_norm_(params, 0.5) == pytest.approx(expected)
    after = np.sqrt(sum((p.grad**2).sum() for p in params))
    assert after == pytest.approx(0.5, rel=1e-5)


def test_clip_grad_norm_single_parameter_empty_list_and_float32():
    p = Parameter(np.zeros(2, dtype=np.float32))
    p.grad[...] = [3.0, 4.0]
    assert clip_grad_norm_(p, 1.0) == pytest.approx(5.0)
    assert p.grad.dtype == np.float32
    assert clip_grad_norm_([], 1.0) == 0.0


@pytest.mark.torch
def test_clip_grad_value_matches_torch(rng, torch):
    params = _params(rng, 3.0)
    tparams = []
    for p in params:
        t = torch.zeros(p.shape, requires_grad=True)
        t.grad = torch.from_numpy(p.grad.copy())
        tparams.append(t)
    clip_grad_value_(params, 1.0)
    torch.nn.utils.clip_grad_value_(tparams, 1.0)
    for p, t in zip(params, tparams, strict=True):
        np.testing.assert_array_equal(p.grad, t.grad.numpy())


def test_clip_bad_input(rng):
    with pytest.raises(ValueError, match=r"clip_grad_norm_: expected max_norm in \[0.0, inf\]"):
        clip_grad_norm_(_params(rng, 1.0), -1.0)
    with pytest.raises(ValueError, match=r"clip_grad_norm_: expected norm_type in \(0.0, inf\]"):
        clip_grad_norm_(_params(rng, 1.0), 1.0, norm_type=0)
    with pytest.raises(TypeError, match="clip_grad_norm_: expected Parameters, got ndarray"):
        clip_grad_norm_([np.zeros(3)], 1.0)
    bad = Parameter(np.zeros(2))
    bad.grad[...] = [np.nan, 1.0]
    with pytest.raises(ValueError, match="clip_grad_norm_: expected a finite total gradient norm"):
        clip_grad_norm_([bad], 1.0, error_if_nonfinite=True)
    with pytest.raises(ValueError, match=r"clip_grad_value_: expected clip_value in \[0.0, inf\]"):
        clip_grad_value_(_params(rng, 1.0), -0.5)


def _angle_after(clip, g: np.ndarray, threshold: float) -> float:
    p = Parameter(np.zeros_like(g))
    p.grad[...] = g
    clip([p], threshold)
    cos = p.grad @ g / (np.linalg.norm(p.grad) * np.linalg.norm(g))
    return float(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))


def test_norm_clipping_keeps_the_direction_value_clipping_turns_it():
    # The chapter 10 page's claim (§10.11.1), for heavy-tailed random gradients (seeded).
    grads = np.random.default_rng(0).standard_t(df=2, size=(200, 10))
    by_norm = [_angle_after(clip_grad_norm_, g, 1.0) for g in grads]
    by_value = [_angle_after(clip_grad_value_, g, 1.0) for g in grads]
    assert max(by_norm) < 1e-5  # degrees: the same direction, to rounding
    assert np.median(by_value) > 5.0 and max(by_value) > 20.0
    # Norm clipping bounds the step's length; value clipping bounds each entry.
    p = Parameter(np.zeros(2))
    p.grad[...] = [30.0, 4.0]
    clip_grad_norm_([p], 1.0)
    assert np.linalg.norm(p.grad) == pytest.approx(1.0, rel=1e-6)
