"""conv2d_backward's two input-gradient paths (col2im, flipped-kernel correlation) agree."""

from __future__ import annotations

import numpy as np
import pytest

import dlnotes.nn.functional.conv as conv_module
from dlnotes.nn.functional import conv2d_backward, conv2d_forward

CONFIGS = [
    # input (N, C, H, W), filters F, kernel, padding (stride 1: where both paths apply)
    ((3, 4, 8, 8), 5, 3, 1),
    ((2, 3, 7, 6), 4, (3, 2), (1, 0)),
    ((2, 2, 9, 9), 3, 5, 0),
    ((2, 2, 6, 6), 2, 3, 2),
]


@pytest.mark.parametrize("config", CONFIGS)
def test_correlation_and_col2im_give_the_same_gradients(config, rng, monkeypatch):
    shape, f, k, p = config
    kh, kw = (k, k) if isinstance(k, int) else k
    x, w, b = rng.normal(size=shape), rng.normal(size=(f, shape[1], kh, kw)), rng.normal(size=f)
    out, cache = conv2d_forward(x, w, b, 1, p)
    g = rng.normal(size=out.shape)
    results = {}
    for flag in (False, True):
        monkeypatch.setattr(conv_module, "DX_BY_CORRELATION", flag)
        monkeypatch.setattr(conv_module, "PATCH_BLOCK_BYTES", 1)  # several blocks
        results[flag] = conv2d_backward(g, cache)
    for a, c in zip(results[True], results[False], strict=True):
        np.testing.assert_allclose(a, c, rtol=1e-12, atol=1e-12)


def test_the_default_picks_the_correlation_for_a_same_3x3_layer(rng, monkeypatch):
    """A (32, 64, 16, 16) -> 64, 3x3, padding 1 layer takes the correlation path."""
    calls = []
    original = conv_module.pixel_blocks

    def spy(*args, **kwargs):
        calls.append(kwargs.get("name", "pixel"))
        return original(*args, **kwargs)

    monkeypatch.setattr(conv_module, "pixel_blocks", spy)
    x = rng.standard_normal((2, 64, 16, 16), dtype=np.float32)
    w = rng.standard_normal((64, 64, 3, 3), dtype=np.float32)
    out, cache = conv2d_forward(x, w, None, 1, 1)
    calls.clear()
    conv2d_backward(np.ones_like(out), cache)
    assert "grad" in calls
    x5 = rng.standard_normal((2, 16, 28, 28), dtype=np.float32)
    out5, cache5 = conv2d_forward(x5, rng.standard_normal((32, 16, 5, 5), dtype=np.float32))
    calls.clear()
    conv2d_backward(np.ones_like(out5), cache5)
    assert "grad" not in calls  # a valid 5x5 layer: col2im moves less data


def test_correlation_path_on_two_workers_matches_one(rng, monkeypatch):
    from threadpoolctl import threadpool_limits

    x, w = rng.normal(size=(5, 4, 8, 8)), rng.normal(size=(5, 4, 3, 3))
    monkeypatch.setattr(conv_module, "DX_BY_CORRELATION", True)
    with threadpool_limits(limits=1, user_api="blas"):
        out, cache = conv2d_forward(x, w, None, 1, 1)
        g = rng.normal(size=out.shape)
        serial = conv2d_backward(g, cache)
    monkeypatch.setattr(conv_module, "PARALLEL_MIN_FLOP", 0)
    monkeypatch.setattr(conv_module, "PATCH_BLOCK_BYTES", 1)
    with threadpool_limits(limits=2, user_api="blas"):
        parallel = conv2d_backward(g, cache)
    for a, c in zip(parallel[:2], serial[:2], strict=True):
        np.testing.assert_allclose(a, c, rtol=1e-12, atol=1e-12)
