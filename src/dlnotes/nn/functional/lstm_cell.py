"""The LSTM cell (gate order i, f, g, o, as PyTorch), forward and backward.

.. math::
    \\begin{aligned}
    [a_i, a_f, a_g, a_o] &= x W_{ih}^\\top + b_{ih} + h W_{hh}^\\top + b_{hh} \\\\
    i = \\sigma(a_i),\\ f &= \\sigma(a_f),\\ g = \\tanh(a_g),\\ o = \\sigma(a_o) \\\\
    c' = f \\odot c + i \\odot g, &\\qquad h' = o \\odot \\tanh(c')
    \\end{aligned}

``lstm_pointwise_*`` is the element-wise part (everything after the matrix products); the
recurrent layers project the whole input sequence in one product and call only this part in
their time loop. ``lstm_cell_*`` is the whole cell.

Goodfellow et al., §10.10.1 (the LSTM; the book's forget gate ``f``, external input gate ``g``
and output gate ``q`` are PyTorch's ``f``, ``i`` and ``o``, and its ``s`` is the cell state ``c``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes.nn.functional.rnn_cell import _check_cell_inputs

__all__ = [
    "lstm_pointwise_forward",
    "lstm_pointwise_backward",
    "lstm_cell_forward",
    "lstm_cell_backward",
]


def _sigmoid(a: np.ndarray) -> np.ndarray:
    # sigma(a) = (1 + tanh(a / 2)) / 2: one ufunc call, no overflow warning for large |a|,
    # and float32 stays float32.
    return 0.5 * (1 + np.tanh(0.5 * a))


def lstm_pointwise_forward(
    gates: np.ndarray, c: np.ndarray
) -> tuple[tuple[np.ndarray, np.ndarray], tuple]:
    """Element-wise part of the LSTM cell, from summed pre-activations to ``(h', c')``.

    Goodfellow et al., §10.10.1.

    Parameters
    ----------
    gates : numpy.ndarray
        Pre-activations ``[a_i, a_f, a_g, a_o]``, shape ``(N, 4H)``.
    c : numpy.ndarray
        Previous cell state, shape ``(N, H)``.

    Returns
    -------
    (h_new, c_new) : tuple of numpy.ndarray
        Shape ``(N, H)`` each.
    cache : tuple
        For :func:`lstm_pointwise_backward`.

    Examples
    --------
    >>> (h, c), _ = lstm_pointwise_forward(np.zeros((1, 8)), np.ones((1, 2)))
    >>> c  # f = i = 1/2, g = 0: half of the old cell state is kept
    array([[0.5, 0.5]])
    """
    hidden = c.shape[-1]
    act = _sigmoid(gates)
    # The g block uses tanh; overwrite the sigmoid computed there (cheaper than three slices).
    act[:, 2 * hidden : 3 * hidden] = np.tanh(gates[:, 2 * hidden : 3 * hidden])
    i, f, g, o = (act[:, k * hidden : (k + 1) * hidden] for k in range(4))
    c_new = f * c + i * g
    tanh_c = np.tanh(c_new)
    h_new = o * tanh_c
    return (h_new, c_new), (act, c, tanh_c)


def lstm_pointwise_backward(
    grad_h: np.ndarray | None, grad_c: np.ndarray | None, cache: tuple
) -> tuple[np.ndarray, np.ndarray]:
    """Gradients of the element-wise part: ``(d_gates (N, 4H), dc_prev (N, H))``.

    ``grad_h`` or ``grad_c`` may be ``None`` (meaning zero).

    Goodfellow et al., §10.10.1.

    Examples
    --------
    >>> (h, c), cache = lstm_pointwise_forward(np.zeros((1, 4)), np.ones((1, 1)))
    >>> d_gates, dc_prev = lstm_pointwise_backward(None, np.ones((1, 1)), cache)
    >>> dc_prev  # dc'/dc = f = 1/2
    array([[0.5]])
    """
    act, c, tanh_c = cache
    hidden = c.shape[-1]
    i, f, g, o = (act[:, k * hidden : (k + 1) * hidden] for k in range(4))
    d_act = np.empty_like(act)
    if grad_h is None:
        dc_total = np.zeros_like(c) if grad_c is None else grad_c.copy()
        d_act[:, 3 * hidden :] = 0
    else:
        d_act[:, 3 * hidden :] = grad_h * tanh_c
        dc_total = grad_h * o * (1 - tanh_c * tanh_c)
        if grad_c is not None:
            dc_total += grad_c
    d_act[:, :hidden] = dc_total * g
    d_act[:, hidden : 2 * hidden] = dc_total * c
    d_act[:, 2 * hidden : 3 * hidden] = dc_total * i
    dc_prev = dc_total * f
    # Derivative of each activation from its output: s(1 - s) for sigmoids, 1 - t^2 for tanh.
    local = act * (1 - act)
    local[:, 2 * hidden : 3 * hidden] = 1 - g * g
    return d_act * local, dc_prev


def lstm_cell_forward(
    x: np.ndarray,
    h: np.ndarray,
    c: np.ndarray,
    weight_ih: np.ndarray,
    weight_hh: np.ndarray,
    bias_ih: np.ndarray | None = None,
    bias_hh: np.ndarray | None = None,
) -> tuple[tuple[np.ndarray, np.ndarray], tuple]:
    """One LSTM step (see the module docstring for the equations).

    Goodfellow et al., §10.10.1.

    Parameters
    ----------
    x : numpy.ndarray
        Input, shape ``(N, input_size)``.
    h, c : numpy.ndarray
        Previous hidden and cell state, shape ``(N, H)`` each.
    weight_ih, weight_hh : numpy.ndarray
        Shapes ``(4H, input_size)`` and ``(4H, H)``, rows in gate order i, f, g, o.
    bias_ih, bias_hh : numpy.ndarray or None
        Shape ``(4H,)`` each.

    Returns
    -------
    (h_new, c_new) : tuple of numpy.ndarray
        Shape ``(N, H)`` each.
    cache : tuple
        For :func:`lstm_cell_backward`.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x, h, c = rng.normal(size=(2, 3)), np.zeros((2, 5)), np.zeros((2, 5))
    >>> (h1, c1), cache = lstm_cell_forward(x, h, c, rng.normal(size=(20, 3)),
    ...                                      rng.normal(size=(20, 5)))
    >>> h1.shape, bool(np.all(np.abs(h1) < 1))
    ((2, 5), True)
    """
    _check_cell_inputs("lstm_cell_forward", x, [("h", h), ("c", c)], weight_ih, weight_hh, 4)
    gates = x @ weight_ih.T + h @ weight_hh.T
    if bias_ih is not None:
        gates += bias_ih
    if bias_hh is not None:
        gates += bias_hh
    (h_new, c_new), pointwise_cache = lstm_pointwise_forward(gates, c)
    cache = (x, h, weight_ih, weight_hh, bias_ih is not None, bias_hh is not None, pointwise_cache)
    return (h_new, c_new), cache


def lstm_cell_backward(
    grads: tuple[np.ndarray | None, np.ndarray | None], cache: tuple
) -> tuple[Any, ...]:
    """Back-propagate through one LSTM step.

    Goodfellow et al., §10.10.1.

    Parameters
    ----------
    grads : (dh, dc)
        Gradients with respect to ``h_new`` and ``c_new``; either may be ``None``.
    cache : tuple
        From :func:`lstm_cell_forward`.

    Returns
    -------
    tuple
        ``(dx, dh_prev, dc_prev, dweight_ih, dweight_hh, dbias_ih, dbias_hh)``; a bias
        gradient is ``None`` when that bias was ``None``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x, h, c = rng.normal(size=(2, 3)), rng.normal(size=(2, 5)), rng.normal(size=(2, 5))
    >>> (h1, c1), cache = lstm_cell_forward(x, h, c, rng.normal(size=(20, 3)),
    ...                                      rng.normal(size=(20, 5)), np.zeros(20))
    >>> [None if g is None else g.shape for g in lstm_cell_backward((h1, None), cache)]
    [(2, 3), (2, 5), (2, 5), (20, 3), (20, 5), (20,), None]
    """
    grad_h, grad_c = grads
    x, h, weight_ih, weight_hh, has_bias_ih, has_bias_hh, pointwise_cache = cache
    d_gates, dc_prev = lstm_pointwise_backward(grad_h, grad_c, pointwise_cache)
    dx = d_gates @ weight_ih
    dh_prev = d_gates @ weight_hh
    dweight_ih = d_gates.T @ x
    dweight_hh = d_gates.T @ h
    dbias = d_gates.sum(axis=0)
    return (
        dx,
        dh_prev,
        dc_prev,
        dweight_ih,
        dweight_hh,
        dbias if has_bias_ih else None,
        dbias.copy() if has_bias_hh else None,
    )
