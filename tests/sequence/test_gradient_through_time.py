"""Gradient norm through a tanh RNN against the time lag (§10.7)."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.gradcheck import numerical_gradient
from dlnotes.sequence import tanh_rnn_jacobian_norms, with_spectral_radius


def _setup(radius: float, seed: int = 0, size: int = 4, steps: int = 6):
    rng = np.random.default_rng(seed)
    w = with_spectral_radius(rng.standard_normal((size, size)), radius)
    u = rng.standard_normal((size, 2))
    b = 0.1 * rng.standard_normal(size)
    x = rng.standard_normal((steps, 2))
    h0 = 0.5 * rng.standard_normal(size)
    return w, u, b, x, h0


def _final_state(w, u, b, x, h):
    for x_t in x:
        h = np.tanh(w @ h + u @ x_t + b)
    return h


def test_norms_match_central_difference_jacobians() -> None:
    w, u, b, x, h0 = _setup(1.2)
    norms = tanh_rnn_jacobian_norms(w, u, b, x, h0)
    for lag in range(1, len(x) + 1):
        start = len(x) - lag
        h_start = h0
        for x_t in x[:start]:
            h_start = np.tanh(w @ h_start + u @ x_t + b)
        rows = [
            numerical_gradient(lambda h, i=i, s=start: _final_state(w, u, b, x[s:], h)[i], h_start)
            for i in range(len(h0))
        ]
        assert norms[lag] == pytest.approx(np.linalg.norm(np.array(rows), 2), rel=1e-6)


def test_gradient_vanishes_with_lag_for_a_contracting_recurrence() -> None:
    # The demo's claim (seeded): with ||W||_2 < 1 the norm falls below ||W||_2^k.
    w, u, b, x, h0 = _setup(0.9, seed=1, size=16, steps=60)
    w = w / np.linalg.norm(w, 2) * 0.9
    norms = tanh_rnn_jacobian_norms(w, u, b, x, h0)
    lags = np.arange(len(norms))
    assert np.all(norms <= 0.9**lags * (1 + 1e-9))
    assert norms[-1] < 1e-3


def test_bad_shapes_raise() -> None:
    w, u, b, x, h0 = _setup(0.9)
    with pytest.raises(ValueError, match=r"^tanh_rnn_jacobian_norms: expected weight_ih"):
        tanh_rnn_jacobian_norms(w, u[:, :1], b, x, h0)
