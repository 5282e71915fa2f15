"""Convolution kernels over a thread pool of batch chunks give the serial results exactly."""

from __future__ import annotations

import os

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

import dlnotes.nn.functional.conv as conv_module
from dlnotes.nn.functional import (
    conv2d_backward,
    conv2d_forward,
    conv_transpose2d_backward,
    conv_transpose2d_forward,
)

pytestmark = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs two cores")

CONFIGS = [
    # input (N, C, H, W), filters F, kernel, stride, padding
    ((5, 3, 9, 9), 4, 3, 1, 1),
    ((4, 2, 8, 7), 3, (3, 2), 2, (1, 0)),
    ((3, 2, 6, 6), 2, 5, 1, 0),
]


def test_workers_follow_the_blas_thread_limit(monkeypatch):
    monkeypatch.setattr(conv_module, "PARALLEL_MIN_FLOP", 0)
    with threadpool_limits(limits=1, user_api="blas"):
        assert conv_module.conv_workers(8, 1e9) == 1
    with threadpool_limits(limits=2, user_api="blas"):
        assert conv_module.conv_workers(8, 1e9) == 2
        assert conv_module.conv_workers(1, 1e9) == 1  # never more workers than images


@pytest.mark.parametrize("config", CONFIGS)
def test_conv2d_two_workers_match_one(config, rng, monkeypatch):
    shape, f, k, s, p = config
    kh, kw = (k, k) if isinstance(k, int) else k
    x, w, b = rng.normal(size=shape), rng.normal(size=(f, shape[1], kh, kw)), rng.normal(size=f)
    with threadpool_limits(limits=1, user_api="blas"):
        out1, cache1 = conv2d_forward(x, w, b, s, p)
        g = rng.normal(size=out1.shape)
        grads1 = conv2d_backward(g, cache1)
    monkeypatch.setattr(conv_module, "PARALLEL_MIN_FLOP", 0)
    monkeypatch.setattr(conv_module, "PATCH_BLOCK_BYTES", 1)  # several blocks per worker
    with threadpool_limits(limits=2, user_api="blas"):
        assert conv_module.conv_workers(shape[0], 1e9) == 2
        out2, cache2 = conv2d_forward(x, w, b, s, p)
        grads2 = conv2d_backward(g, cache2)
    np.testing.assert_allclose(out2, out1, rtol=1e-12, atol=1e-12)
    for a, c in zip(grads2, grads1, strict=True):
        np.testing.assert_allclose(a, c, rtol=1e-12, atol=1e-12)


def test_conv_transpose2d_two_workers_match_one(rng, monkeypatch):
    x, w, b = rng.normal(size=(5, 3, 4, 5)), rng.normal(size=(3, 2, 4, 4)), rng.normal(size=2)
    with threadpool_limits(limits=1, user_api="blas"):
        out1, cache1 = conv_transpose2d_forward(x, w, b, 2, 1)
        g = rng.normal(size=out1.shape)
        grads1 = conv_transpose2d_backward(g, cache1)
    monkeypatch.setattr(conv_module, "PARALLEL_MIN_FLOP", 0)
    monkeypatch.setattr(conv_module, "PATCH_BLOCK_BYTES", 1)
    with threadpool_limits(limits=2, user_api="blas"):
        out2, cache2 = conv_transpose2d_forward(x, w, b, 2, 1)
        grads2 = conv_transpose2d_backward(g, cache2)
    np.testing.assert_allclose(out2, out1, rtol=1e-12, atol=1e-12)
    for a, c in zip(grads2, grads1, strict=True):
        np.testing.assert_allclose(a, c, rtol=1e-12, atol=1e-12)


def test_a_failing_worker_restores_the_blas_threads(monkeypatch):
    from threadpoolctl import threadpool_info

    def blas():
        return [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]

    def fails(first, last):
        raise RuntimeError("boom")

    with threadpool_limits(limits=2, user_api="blas"):
        before = blas()
        with pytest.raises(RuntimeError, match="boom"):
            conv_module.run_chunks(fails, 4, 2)
        assert blas() == before


def test_small_convolutions_run_withsingle_threaded_blas():
    from threadpoolctl import threadpool_info

    def blas():
        return [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]

    seen = []
    with threadpool_limits(limits=2, user_api="blas"):
        conv_module.run_chunks(lambda a, b: seen.append(blas()), 4, 1, flop=1.0)
        assert set(seen[0]) == {1}
        conv_module.run_chunks(lambda a, b: seen.append(blas()), 4, 1, flop=1e12)
        assert set(seen[1]) == {2}  # a large problem on one worker keeps BLAS's threads
        assert set(blas()) == {2}
