"""The vanilla recurrent cell, ``h' = act(W_ih x + b_ih + W_hh h + b_hh)``, forward and backward.

Two levels are exposed. ``rnn_pointwise_*`` is the element-wise part alone (the activation
applied to the summed pre-activations); the recurrent layers compute all input projections of a
sequence in one matrix product and call only this part inside their time loop.
``rnn_cell_*`` is the whole cell, matrix products included.

Goodfellow et al., §10.2 (recurrent neural networks) and §10.2.2 (back-propagation through time).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import fail

__all__ = [
    "rnn_pointwise_forward",
    "rnn_pointwise_backward",
    "rnn_cell_forward",
    "rnn_cell_backward",
]

NONLINEARITIES = ("tanh", "relu")


def rnn_pointwise_forward(
    preactivation: np.ndarray, nonlinearity: str = "tanh"
) -> tuple[np.ndarray, tuple]:
    """Apply the cell's activation to the summed pre-activation ``a = W_ih x + W_hh h + b``.

    Goodfellow et al., §10.2.

    Parameters
    ----------
    preactivation : numpy.ndarray
        ``a``, shape ``(N, H)``.
    nonlinearity : {"tanh", "relu"}

    Returns
    -------
    h_new : numpy.ndarray
        ``act(a)``, same shape and dtype.
    cache : tuple
        For :func:`rnn_pointwise_backward`.

    Examples
    --------
    >>> h, _ = rnn_pointwise_forward(np.array([[0.0, 100.0]]))
    >>> h
    array([[0., 1.]])
    """
    if nonlinearity == "tanh":
        h_new = np.tanh(preactivation)
    elif nonlinearity == "relu":
        h_new = np.maximum(preactivation, 0)
    else:
        fail("rnn_pointwise_forward", f"nonlinearity in {NONLINEARITIES}", repr(nonlinearity))
    return h_new, (h_new, nonlinearity)


def rnn_pointwise_backward(grad_h: np.ndarray, cache: tuple) -> np.ndarray:
    """Gradient with respect to the pre-activation: ``dh * (1 - h**2)`` (tanh) or ``dh * [h > 0]``.

    Goodfellow et al., §10.2.

    Examples
    --------
    >>> h, cache = rnn_pointwise_forward(np.array([[0.0, -1.0]]), "relu")
    >>> rnn_pointwise_backward(np.array([[2.0, 2.0]]), cache)
    array([[0., 0.]])
    """
    h_new, nonlinearity = cache
    if nonlinearity == "tanh":
        return grad_h * (1 - h_new * h_new)
    # ReLU'(0) is taken as 0, as in PyTorch.
    return grad_h * (h_new > 0)


def _check_cell_inputs(
    owner: str,
    x: np.ndarray,
    states: list[tuple[str, np.ndarray]],
    weight_ih: np.ndarray,
    weight_hh: np.ndarray,
    gates: int,
) -> None:
    """Shape checks shared by the three cell kernels (2-D batched input only)."""
    if x.ndim != 2:
        fail(owner, "input of shape (N, input_size)", tuple(x.shape))
    hidden = weight_hh.shape[-1]
    if weight_ih.shape != (gates * hidden, x.shape[1]):
        fail(owner, f"weight_ih of shape ({gates * hidden}, {x.shape[1]})", tuple(weight_ih.shape))
    if weight_hh.shape != (gates * hidden, hidden):
        fail(owner, f"weight_hh of shape ({gates * hidden}, {hidden})", tuple(weight_hh.shape))
    for name, s in states:
        if s.shape != (x.shape[0], hidden):
            fail(owner, f"{name} of shape ({x.shape[0]}, {hidden})", tuple(s.shape))


def rnn_cell_forward(
    x: np.ndarray,
    h: np.ndarray,
    weight_ih: np.ndarray,
    weight_hh: np.ndarray,
    bias_ih: np.ndarray | None = None,
    bias_hh: np.ndarray | None = None,
    nonlinearity: str = "tanh",
) -> tuple[np.ndarray, tuple]:
    r"""One step of the vanilla recurrent cell.

    .. math:: h' = \tanh(x W_{ih}^\top + b_{ih} + h W_{hh}^\top + b_{hh})

    (or ReLU). The book writes :math:`h^{(t)} = \tanh(b + W h^{(t-1)} + U x^{(t)})`, so its
    ``U`` is ``weight_ih`` and its ``W`` is ``weight_hh``.

    Goodfellow et al., §10.2.

    Parameters
    ----------
    x : numpy.ndarray
        Input, shape ``(N, input_size)``.
    h : numpy.ndarray
        Previous hidden state, shape ``(N, H)``.
    weight_ih, weight_hh : numpy.ndarray
        Shapes ``(H, input_size)`` and ``(H, H)``.
    bias_ih, bias_hh : numpy.ndarray or None
        Shape ``(H,)`` each.
    nonlinearity : {"tanh", "relu"}

    Returns
    -------
    h_new : numpy.ndarray
        Shape ``(N, H)``.
    cache : tuple
        For :func:`rnn_cell_backward`.

    Examples
    --------
    >>> x, h = np.ones((2, 3)), np.zeros((2, 4))
    >>> h_new, cache = rnn_cell_forward(x, h, np.zeros((4, 3)), np.eye(4))
    >>> h_new.shape
    (2, 4)
    """
    _check_cell_inputs("rnn_cell_forward", x, [("h", h)], weight_ih, weight_hh, 1)
    pre = x @ weight_ih.T + h @ weight_hh.T
    if bias_ih is not None:
        pre = pre + bias_ih
    if bias_hh is not None:
        pre = pre + bias_hh
    h_new, pointwise_cache = rnn_pointwise_forward(pre, nonlinearity)
    cache = (x, h, weight_ih, weight_hh, bias_ih is not None, bias_hh is not None, pointwise_cache)
    return h_new, cache


def rnn_cell_backward(grad_h: np.ndarray, cache: tuple) -> tuple[Any, ...]:
    """Back-propagate through one vanilla RNN step.

    Goodfellow et al., §10.2.

    Returns
    -------
    tuple
        ``(dx, dh_prev, dweight_ih, dweight_hh, dbias_ih, dbias_hh)``; a bias gradient is
        ``None`` when that bias was ``None``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x, h = rng.normal(size=(2, 3)), rng.normal(size=(2, 4))
    >>> out, cache = rnn_cell_forward(x, h, rng.normal(size=(4, 3)), rng.normal(size=(4, 4)))
    >>> [g.shape for g in rnn_cell_backward(np.ones_like(out), cache)[:4]]
    [(2, 3), (2, 4), (4, 3), (4, 4)]
    """
    x, h, weight_ih, weight_hh, has_bias_ih, has_bias_hh, pointwise_cache = cache
    d_pre = rnn_pointwise_backward(grad_h, pointwise_cache)
    dx = d_pre @ weight_ih
    dh_prev = d_pre @ weight_hh
    dweight_ih = d_pre.T @ x
    dweight_hh = d_pre.T @ h
    dbias = d_pre.sum(axis=0)
    return (
        dx,
        dh_prev,
        dweight_ih,
        dweight_hh,
        dbias if has_bias_ih else None,
        dbias.copy() if has_bias_hh else None,
    )
