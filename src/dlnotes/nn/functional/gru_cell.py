r"""The gated recurrent unit (gate order r, z, n, as PyTorch), forward and backward.

PyTorch's form (the default, ``reset_before=False``):

.. math::
    \begin{aligned}
    r &= \sigma(W_{ir} x + b_{ir} + W_{hr} h + b_{hr}), \qquad
    z = \sigma(W_{iz} x + b_{iz} + W_{hz} h + b_{hz}) \\
    n &= \tanh(W_{in} x + b_{in} + r \odot (W_{hn} h + b_{hn})) \\
    h' &= (1 - z) \odot n + z \odot h
    \end{aligned}

The book (Goodfellow et al., §10.10.2, following Cho et al. 2014) applies the reset gate to
the state *before* the recurrent product: :math:`n = \tanh(W_{in} x + b_{in} + W_{hn}(r \odot h)
+ b_{hn})`. Pass ``reset_before=True`` to the cell kernels for that variant. The two agree when
``r = 1``; otherwise they are different functions of the same parameters. The book's update
gate ``u`` is ``z`` here, with the same convention: ``z = 1`` copies the old state.

``gru_pointwise_*`` is the element-wise part of PyTorch's form, given the two projections
``x W_ih^T + b_ih`` and ``h W_hh^T + b_hh`` (which must stay separate because ``r`` multiplies
only the second); the recurrent layers call it in their time loop.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes.nn.functional.lstm_cell import _sigmoid
from dlnotes.nn.functional.rnn_cell import _check_cell_inputs

__all__ = [
    "gru_pointwise_forward",
    "gru_pointwise_backward",
    "gru_cell_forward",
    "gru_cell_backward",
]


def gru_pointwise_forward(
    gates_x: np.ndarray, gates_h: np.ndarray, h: np.ndarray
) -> tuple[np.ndarray, tuple]:
    """Element-wise part of PyTorch's GRU cell.

    Goodfellow et al., §10.10.2.

    Parameters
    ----------
    gates_x : numpy.ndarray
        ``x W_ih^T + b_ih``, shape ``(N, 3H)`` in gate order r, z, n.
    gates_h : numpy.ndarray
        ``h W_hh^T + b_hh``, shape ``(N, 3H)``.
    h : numpy.ndarray
        Previous hidden state, shape ``(N, H)``.

    Returns
    -------
    h_new : numpy.ndarray
        Shape ``(N, H)``.
    cache : tuple
        For :func:`gru_pointwise_backward`.

    Examples
    --------
    >>> h_new, _ = gru_pointwise_forward(np.zeros((1, 3)), np.zeros((1, 3)), np.ones((1, 1)))
    >>> h_new  # z = 1/2, n = 0: half of the old state survives
    array([[0.5]])
    """
    hidden = h.shape[-1]
    rz = _sigmoid(gates_x[:, : 2 * hidden] + gates_h[:, : 2 * hidden])
    r, z = rz[:, :hidden], rz[:, hidden:]
    h_n = gates_h[:, 2 * hidden :]
    n = np.tanh(gates_x[:, 2 * hidden :] + r * h_n)
    h_new = n + z * (h - n)
    return h_new, (rz, n, h_n, h)


def gru_pointwise_backward(
    grad_h: np.ndarray, cache: tuple
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of the element-wise part.

    Goodfellow et al., §10.10.2.

    Returns
    -------
    d_gates_x, d_gates_h : numpy.ndarray
        Shape ``(N, 3H)`` each; they differ only in the n block, where the recurrent
        projection is scaled by ``r``.
    dh_direct : numpy.ndarray
        The part of ``dL/dh`` that flows through ``z * h`` (not through ``gates_h``).

    Examples
    --------
    >>> h_new, cache = gru_pointwise_forward(np.zeros((1, 3)), np.zeros((1, 3)), np.ones((1, 1)))
    >>> dgx, dgh, dh = gru_pointwise_backward(np.ones((1, 1)), cache)
    >>> dh
    array([[0.5]])
    """
    rz, n, h_n, h = cache
    hidden = h.shape[-1]
    r, z = rz[:, :hidden], rz[:, hidden:]
    d_n_pre = grad_h * (1 - z) * (1 - n * n)
    d_r = d_n_pre * h_n
    d_z = grad_h * (h - n)
    d_rz = np.concatenate([d_r, d_z], axis=1) * rz * (1 - rz)
    d_gates_x = np.concatenate([d_rz, d_n_pre], axis=1)
    d_gates_h = np.concatenate([d_rz, d_n_pre * r], axis=1)
    return d_gates_x, d_gates_h, grad_h * z


def gru_cell_forward(
    x: np.ndarray,
    h: np.ndarray,
    weight_ih: np.ndarray,
    weight_hh: np.ndarray,
    bias_ih: np.ndarray | None = None,
    bias_hh: np.ndarray | None = None,
    reset_before: bool = False,
) -> tuple[np.ndarray, tuple]:
    """One GRU step.

    Goodfellow et al., §10.10.2.

    Parameters
    ----------
    x : numpy.ndarray
        Input, shape ``(N, input_size)``.
    h : numpy.ndarray
        Previous hidden state, shape ``(N, H)``.
    weight_ih, weight_hh : numpy.ndarray
        Shapes ``(3H, input_size)`` and ``(3H, H)``, rows in gate order r, z, n.
    bias_ih, bias_hh : numpy.ndarray or None
        Shape ``(3H,)`` each.
    reset_before : bool
        ``False`` (default): PyTorch's ``n = tanh(W_in x + b_in + r * (W_hn h + b_hn))``.
        ``True``: the book's variant (§10.10.2), ``n = tanh(W_in x + b_in + W_hn (r * h) + b_hn)``.

    Returns
    -------
    h_new : numpy.ndarray
        Shape ``(N, H)``.
    cache : tuple
        For :func:`gru_cell_backward`.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x, h = rng.normal(size=(2, 3)), rng.normal(size=(2, 4))
    >>> w_ih, w_hh = rng.normal(size=(12, 3)), rng.normal(size=(12, 4))
    >>> a, _ = gru_cell_forward(x, h, w_ih, w_hh)
    >>> b, _ = gru_cell_forward(x, h, w_ih, w_hh, reset_before=True)
    >>> a.shape, bool(np.allclose(a, b))
    ((2, 4), False)
    """
    _check_cell_inputs("gru_cell_forward", x, [("h", h)], weight_ih, weight_hh, 3)
    hidden = h.shape[-1]
    gates_x = x @ weight_ih.T
    if bias_ih is not None:
        gates_x += bias_ih
    has_biases = (bias_ih is not None, bias_hh is not None)
    if not reset_before:
        gates_h = h @ weight_hh.T
        if bias_hh is not None:
            gates_h += bias_hh
        h_new, pointwise_cache = gru_pointwise_forward(gates_x, gates_h, h)
        return h_new, (False, x, h, weight_ih, weight_hh, has_biases, pointwise_cache)
    # Book variant: the n block's recurrent product sees r * h, so r must come first.
    w_rz, w_n = weight_hh[: 2 * hidden], weight_hh[2 * hidden :]
    pre_rz = gates_x[:, : 2 * hidden] + h @ w_rz.T
    if bias_hh is not None:
        pre_rz += bias_hh[: 2 * hidden]
    rz = _sigmoid(pre_rz)
    r, z = rz[:, :hidden], rz[:, hidden:]
    rh = r * h
    pre_n_h = rh @ w_n.T
    if bias_hh is not None:
        pre_n_h += bias_hh[2 * hidden :]
    n = np.tanh(gates_x[:, 2 * hidden :] + pre_n_h)
    h_new = n + z * (h - n)
    return h_new, (True, x, h, weight_ih, weight_hh, has_biases, (rz, n, rh))


def gru_cell_backward(grad_h: np.ndarray, cache: tuple) -> tuple[Any, ...]:
    """Back-propagate through one GRU step (either variant).

    Goodfellow et al., §10.10.2.

    Returns
    -------
    tuple
        ``(dx, dh_prev, dweight_ih, dweight_hh, dbias_ih, dbias_hh)``; a bias gradient is
        ``None`` when that bias was ``None``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x, h = rng.normal(size=(2, 3)), rng.normal(size=(2, 4))
    >>> out, cache = gru_cell_forward(x, h, rng.normal(size=(12, 3)), rng.normal(size=(12, 4)))
    >>> [None if g is None else g.shape for g in gru_cell_backward(np.ones_like(out), cache)]
    [(2, 3), (2, 4), (12, 3), (12, 4), None, None]
    """
    reset_before, x, h, weight_ih, weight_hh, (has_bias_ih, has_bias_hh), inner = cache
    hidden = h.shape[-1]
    if not reset_before:
        d_gates_x, d_gates_h, dh_prev = gru_pointwise_backward(grad_h, inner)
        dh_prev = dh_prev + d_gates_h @ weight_hh
        dweight_hh = d_gates_h.T @ h
    else:
        rz, n, rh = inner
        r, z = rz[:, :hidden], rz[:, hidden:]
        w_rz, w_n = weight_hh[: 2 * hidden], weight_hh[2 * hidden :]
        d_n_pre = grad_h * (1 - z) * (1 - n * n)
        d_rh = d_n_pre @ w_n
        d_rz = np.concatenate([d_rh * h, grad_h * (h - n)], axis=1) * rz * (1 - rz)
        dh_prev = grad_h * z + d_rh * r + d_rz @ w_rz
        d_gates_x = np.concatenate([d_rz, d_n_pre], axis=1)
        d_gates_h = d_gates_x  # the bias of each block receives the block's pre-activation grad
        dweight_hh = np.concatenate([d_rz.T @ h, d_n_pre.T @ rh], axis=0)
    dx = d_gates_x @ weight_ih
    dweight_ih = d_gates_x.T @ x
    dbias_ih = d_gates_x.sum(axis=0) if has_bias_ih else None
    dbias_hh = d_gates_h.sum(axis=0) if has_bias_hh else None
    return dx, dh_prev, dweight_ih, dweight_hh, dbias_ih, dbias_hh
