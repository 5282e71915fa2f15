"""The hand-written GRU cell backward (both variants, as an autograd Function) against
autograd over elementary tensor operations."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.autograd import Tensor
from dlnotes.autograd.functions.gru_cell import gru_cell


def _elementary_gru(x, h, w_ih, w_hh, b_ih, b_hh, reset_before=False):
    hid = h.shape[1]
    gx = x @ w_ih.T + b_ih
    r = (gx[:, :hid] + h @ w_hh[:hid].T + b_hh[:hid]).sigmoid()
    z = (gx[:, hid : 2 * hid] + h @ w_hh[hid : 2 * hid].T + b_hh[hid : 2 * hid]).sigmoid()
    if reset_before:
        n = (gx[:, 2 * hid :] + (r * h) @ w_hh[2 * hid :].T + b_hh[2 * hid :]).tanh()
    else:
        n = (gx[:, 2 * hid :] + r * (h @ w_hh[2 * hid :].T + b_hh[2 * hid :])).tanh()
    return (1 - z) * n + z * h


@pytest.mark.parametrize("reset_before", [False, True])
def test_fused_backward_equals_elementary_autograd(rng, reset_before):
    arrays = [rng.normal(size=s) for s in [(3, 4), (3, 5), (15, 4), (15, 5), (15,), (15,)]]
    upstream = rng.normal(size=(3, 5))
    results = []
    for fn in (gru_cell, _elementary_gru):
        leaves = [Tensor(a.copy(), requires_grad=True) for a in arrays]
        out = fn(*leaves, reset_before=reset_before)
        (out * Tensor(upstream)).sum().backward()
        results.append((out.data, [leaf.grad for leaf in leaves]))
    np.testing.assert_allclose(results[0][0], results[1][0], atol=1e-13)
    for a, b in zip(results[0][1], results[1][1], strict=True):
        np.testing.assert_allclose(a, b, atol=1e-12)
