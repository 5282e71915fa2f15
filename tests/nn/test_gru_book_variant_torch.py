"""The book's GRU (§10.10.2: the reset gate multiplies the state *before* the recurrent product)
against PyTorch: its hand-written backward equals torch autograd over the same formula, and on
the same parameters it is a different function from torch.nn.GRUCell, which our default form
reproduces."""

from __future__ import annotations

import numpy as np

from dlnotes.nn.functional import gru_cell_backward, gru_cell_forward


def _arrays(rng, n=3, d=4, h=5):
    shapes = [(n, d), (n, h), (3 * h, d), (3 * h, h), (3 * h,), (3 * h,)]
    return [rng.normal(size=s) for s in shapes]


def _book_gru_torch(torch, x, h, w_ih, w_hh, b_ih, b_hh):
    hid = h.shape[1]
    gx = x @ w_ih.T + b_ih
    r = torch.sigmoid(gx[:, :hid] + h @ w_hh[:hid].T + b_hh[:hid])
    z = torch.sigmoid(gx[:, hid : 2 * hid] + h @ w_hh[hid : 2 * hid].T + b_hh[hid : 2 * hid])
    n = torch.tanh(gx[:, 2 * hid :] + (r * h) @ w_hh[2 * hid :].T + b_hh[2 * hid :])
    return (1 - z) * n + z * h


def test_book_variant_backward_equals_torch_autograd(torch, rng):
    arrays = _arrays(rng)
    out, cache = gru_cell_forward(*arrays, reset_before=True)
    upstream = rng.normal(size=out.shape)
    ours = gru_cell_backward(upstream, cache)
    leaves = [torch.tensor(a, requires_grad=True) for a in arrays]
    out_t = _book_gru_torch(torch, *leaves)
    (out_t * torch.tensor(upstream)).sum().backward()
    np.testing.assert_allclose(out, out_t.detach().numpy(), atol=1e-12)
    for grad, leaf in zip(ours, leaves, strict=True):
        np.testing.assert_allclose(grad, leaf.grad.numpy(), atol=1e-12)


def test_torch_gru_cell_is_the_default_form_not_the_books(torch, rng):
    x, h, w_ih, w_hh, b_ih, b_hh = _arrays(rng)
    cell = torch.nn.GRUCell(4, 5)
    with torch.no_grad():
        for name, value in zip(
            ("weight_ih", "weight_hh", "bias_ih", "bias_hh"), (w_ih, w_hh, b_ih, b_hh), strict=True
        ):
            getattr(cell, name).copy_(torch.tensor(value))
        theirs = cell(torch.tensor(x), torch.tensor(h)).numpy()
    default, _ = gru_cell_forward(x, h, w_ih, w_hh, b_ih, b_hh)
    book, _ = gru_cell_forward(x, h, w_ih, w_hh, b_ih, b_hh, reset_before=True)
    np.testing.assert_allclose(default, theirs, atol=1e-12)
    assert np.abs(book - theirs).max() > 1e-2
