"""The LSTM cell (gate order i, f, g, o, as PyTorch), forward and backward.

.. math::
    \\begin{aligned}
    [a_i, a_f, a_g, a_o] &= x W_{ih}^\\top + b_{ih} + h W_{hh}^\\top + b_{hh} \\\\
    i = \\sigma(a_i),\\ f &= \\sigma(a_f),\\ g = \\tanh(a_g),\\ o = \\sigma(a_o) \\\\
    c' = f \\odot c + i \\odot g, &\\qquad h' = o \\odot \\tanh(c')
    \\end{aligned}

Three levels, as for the vanilla cell (:mod:`~dlnotes.nn.functional.rnn_cell`):
``lstm_pointwise_*`` is the element-wise part (everything after the matrix products);
``lstm_step_*`` is one step given the input projection ``x W_ih^T + b_ih``, with the state as
the pair ``(h, c)``: the recurrent layers project the whole input sequence in one product and
call only this kernel in their time loop; ``lstm_cell_*`` is the whole cell.

Goodfellow et al., §10.10.1 (the LSTM; the book's forget gate ``f``, external input gate ``g``
and output gate ``q`` are PyTorch's ``f``, ``i`` and ``o``, and its ``s`` is the cell state ``c``).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes.nn.functional.activation import sigmoid
from dlnotes.nn.functional.linear import linear_backward, linear_forward
from dlnotes.nn.functional.rnn_cell import (
    RecurrentStepGrads,
    _check_cell_inputs,
    recurrent_weight_backward,
)

__all__ = [
    "LSTMPointwiseCache",
    "LSTMStepCache",
    "LSTMCellCache",
    "lstm_pointwise_forward",
    "lstm_pointwise_backward",
    "lstm_step_forward",
    "lstm_step_backward",
    "lstm_cell_forward",
    "lstm_cell_backward",
]


class LSTMPointwiseCache(NamedTuple):
    """The gate activations ``[i, f, g, o]`` ``(N, 4H)``, the old cell state and ``tanh(c')``."""

    act: np.ndarray
    c: np.ndarray
    tanh_c: np.ndarray


class LSTMStepCache(NamedTuple):
    """Cache of :func:`lstm_step_forward`: previous ``h``, ``W_hh``, the element-wise part."""

    h: np.ndarray
    weight_hh: np.ndarray
    pointwise: LSTMPointwiseCache


class LSTMCellCache(NamedTuple):
    """Cache of :func:`lstm_cell_forward`: the input projection's and the step's."""

    linear: Any
    step: LSTMStepCache
    has_bias_hh: bool


def lstm_pointwise_forward(
    gates: np.ndarray, c: np.ndarray
) -> tuple[tuple[np.ndarray, np.ndarray], LSTMPointwiseCache]:
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
    cache : LSTMPointwiseCache
        For :func:`lstm_pointwise_backward`.

    Shape
    -----
    - gates: ``(N, 4H)`` in gate order i, f, g, o; c: ``(N, H)``
    - h_new, c_new: ``(N, H)``

    Examples
    --------
    >>> (h, c), _ = lstm_pointwise_forward(np.zeros((1, 8)), np.ones((1, 2)))
    >>> c  # f = i = 1/2, g = 0: half of the old cell state is kept
    array([[0.5, 0.5]])
    """
    hidden = c.shape[-1]
    act = sigmoid(gates)
    # The g block uses tanh: written over the sigmoid there (cheaper than three slices).
    np.tanh(gates[:, 2 * hidden : 3 * hidden], out=act[:, 2 * hidden : 3 * hidden])
    i, f = act[:, :hidden], act[:, hidden : 2 * hidden]
    g, o = act[:, 2 * hidden : 3 * hidden], act[:, 3 * hidden :]
    # In place, one temporary: the step runs once per time step, on small arrays, so the
    # number of NumPy calls and allocations is what costs.
    c_new = f * c
    ig = i * g
    c_new += ig
    tanh_c = np.tanh(c_new)
    h_new = np.multiply(o, tanh_c, out=ig)
    return (h_new, c_new), LSTMPointwiseCache(act, c, tanh_c)


def lstm_pointwise_backward(
    grad_h: np.ndarray | None, grad_c: np.ndarray | None, cache: LSTMPointwiseCache
) -> tuple[np.ndarray, np.ndarray]:
    """Gradients of the element-wise part: ``(d_gates (N, 4H), dc_prev (N, H))``.

    ``grad_h`` or ``grad_c`` may be ``None`` (meaning zero).

    Goodfellow et al., §10.10.1.

    Shape
    -----
    - grad_h, grad_c: ``(N, H)`` or ``None``
    - d_gates: ``(N, 4H)``; dc_prev: ``(N, H)``

    Examples
    --------
    >>> (h, c), cache = lstm_pointwise_forward(np.zeros((1, 4)), np.ones((1, 1)))
    >>> d_gates, dc_prev = lstm_pointwise_backward(None, np.ones((1, 1)), cache)
    >>> dc_prev  # dc'/dc = f = 1/2
    array([[0.5]])
    """
    act, c, tanh_c = cache.act, cache.c, cache.tanh_c
    hidden = c.shape[-1]
    i, f = act[:, :hidden], act[:, hidden : 2 * hidden]
    g, o = act[:, 2 * hidden : 3 * hidden], act[:, 3 * hidden :]
    d_act = np.empty_like(act)
    # In place throughout: one (N, H) temporary for dc and the (N, 4H) result.
    if grad_h is None:
        dc_total = np.zeros_like(c) if grad_c is None else grad_c.copy()
        d_act[:, 3 * hidden :] = 0
    else:
        np.multiply(grad_h, tanh_c, out=d_act[:, 3 * hidden :])
        dc_total = tanh_c * tanh_c
        np.subtract(1, dc_total, out=dc_total)
        dc_total *= o
        dc_total *= grad_h
        if grad_c is not None:
            dc_total += grad_c
    np.multiply(dc_total, g, out=d_act[:, :hidden])
    np.multiply(dc_total, c, out=d_act[:, hidden : 2 * hidden])
    np.multiply(dc_total, i, out=d_act[:, 2 * hidden : 3 * hidden])
    dc_prev = np.multiply(dc_total, f, out=dc_total)
    # Derivative of each activation from its output: s(1 - s) for the sigmoids, 1 - t^2 for
    # the tanh (block g, overwritten). Whole-array operations: fewer, larger NumPy calls.
    local = np.subtract(1, act)
    local *= act
    g_local = np.multiply(g, g, out=local[:, 2 * hidden : 3 * hidden])
    np.subtract(1, g_local, out=g_local)
    d_act *= local
    return d_act, dc_prev


def lstm_step_forward(
    gates_x: np.ndarray,
    state: tuple[np.ndarray, np.ndarray],
    weight_hh: np.ndarray,
    bias_hh: np.ndarray | None = None,
) -> tuple[tuple[np.ndarray, np.ndarray], LSTMStepCache]:
    """One LSTM step given its input projection ``gates_x = x W_ih^T + b_ih``.

    No input checks: this is the inner step of a time loop whose caller validated once
    (:func:`lstm_cell_forward` and :class:`~dlnotes.nn.LSTM` do).

    Goodfellow et al., §10.10.1.

    Parameters
    ----------
    gates_x : numpy.ndarray
        ``(N, 4H)``, gate order i, f, g, o.
    state : (h, c)
        Previous hidden and cell state, ``(N, H)`` each.
    weight_hh : numpy.ndarray
        ``(4H, H)``.
    bias_hh : numpy.ndarray or None
        ``(4H,)``.

    Returns
    -------
    (h_new, c_new) : tuple of numpy.ndarray
        ``(N, H)`` each.
    cache : LSTMStepCache
        For :func:`lstm_step_backward`.

    Shape
    -----
    - gates_x: ``(N, 4H)``; state: ``((N, H), (N, H))``; weight_hh: ``(4H, H)``
    - new state: ``((N, H), (N, H))``

    Examples
    --------
    >>> (h, c), _ = lstm_step_forward(np.zeros((1, 4)), (np.zeros((1, 1)), np.ones((1, 1))),
    ...                               np.zeros((4, 1)))
    >>> c
    array([[0.5]])
    """
    h, c = state
    gates = h @ weight_hh.T
    gates += gates_x
    if bias_hh is not None:
        gates += bias_hh
    new_state, pointwise = lstm_pointwise_forward(gates, c)
    return new_state, LSTMStepCache(h, weight_hh, pointwise)


def lstm_step_backward(
    grad_state: tuple[np.ndarray | None, np.ndarray | None], cache: LSTMStepCache
) -> RecurrentStepGrads:
    """Back-propagate through one step of :func:`lstm_step_forward`.

    Goodfellow et al., §10.10.1.

    Parameters
    ----------
    grad_state : tuple
        ``(dh_new, dc_new)``, the gradients with respect to the new state; either may be
        ``None`` (zero).
    cache : LSTMStepCache

    Returns
    -------
    RecurrentStepGrads
        ``(d_gates, d_gates, (dh, dc))``: input and recurrent projections share one gradient.

    Shape
    -----
    - grad_state: ``((N, H), (N, H))``; d_gates: ``(N, 4H)``; grad of the state: as the state

    Examples
    --------
    >>> _, cache = lstm_step_forward(np.zeros((1, 4)), (np.zeros((1, 1)), np.ones((1, 1))),
    ...                              np.zeros((4, 1)))
    >>> lstm_step_backward((None, np.ones((1, 1))), cache).grad_state[1]
    array([[0.5]])
    """
    d_gates, dc_prev = lstm_pointwise_backward(grad_state[0], grad_state[1], cache.pointwise)
    return RecurrentStepGrads(d_gates, d_gates, (d_gates @ cache.weight_hh, dc_prev))


def lstm_cell_forward(
    x: np.ndarray,
    h: np.ndarray,
    c: np.ndarray,
    weight_ih: np.ndarray,
    weight_hh: np.ndarray,
    bias_ih: np.ndarray | None = None,
    bias_hh: np.ndarray | None = None,
    *,
    owner: str = "lstm_cell_forward",
) -> tuple[tuple[np.ndarray, np.ndarray], LSTMCellCache]:
    """One LSTM step (see the module docstring for the equations).

    The input projection is :func:`~dlnotes.nn.functional.linear_forward`, the rest
    :func:`lstm_step_forward`.

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
    owner : str
        Name used in error messages (modules pass their class name).

    Returns
    -------
    (h_new, c_new) : tuple of numpy.ndarray
        Shape ``(N, H)`` each.
    cache : LSTMCellCache
        For :func:`lstm_cell_backward`.

    Shape
    -----
    - x: ``(N, H_in)``; h, c: ``(N, H)``
    - weight_ih: ``(4H, H_in)``; weight_hh: ``(4H, H)``; biases: ``(4H,)``
    - h_new, c_new: ``(N, H)``

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x, h, c = rng.normal(size=(2, 3)), np.zeros((2, 5)), np.zeros((2, 5))
    >>> (h1, c1), cache = lstm_cell_forward(x, h, c, rng.normal(size=(20, 3)),
    ...                                      rng.normal(size=(20, 5)))
    >>> h1.shape, bool(np.all(np.abs(h1) < 1))
    ((2, 5), True)
    """
    _check_cell_inputs(owner, x, [("h", h), ("c", c)], weight_ih, weight_hh, 4)
    gates_x, linear_cache = linear_forward(x, weight_ih, bias_ih)
    new_state, step_cache = lstm_step_forward(gates_x, (h, c), weight_hh, bias_hh)
    return new_state, LSTMCellCache(linear_cache, step_cache, bias_hh is not None)


def lstm_cell_backward(
    grads: tuple[np.ndarray | None, np.ndarray | None], cache: LSTMCellCache
) -> tuple[Any, ...]:
    """Back-propagate through one LSTM step.

    Goodfellow et al., §10.10.1.

    Parameters
    ----------
    grads : (dh, dc)
        Gradients with respect to ``h_new`` and ``c_new``; either may be ``None``.
    cache : LSTMCellCache
        From :func:`lstm_cell_forward`.

    Returns
    -------
    tuple
        ``(dx, dh_prev, dc_prev, dweight_ih, dweight_hh, dbias_ih, dbias_hh)``; a bias
        gradient is ``None`` when that bias was ``None``.

    Shape
    -----
    - grads: ``(N, H)`` each (or ``None``)
    - dx: ``(N, H_in)``; dh_prev, dc_prev: ``(N, H)``; dweight_ih: ``(4H, H_in)``;
      dweight_hh: ``(4H, H)``; dbias_ih, dbias_hh: ``(4H,)``

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x, h, c = rng.normal(size=(2, 3)), rng.normal(size=(2, 5)), rng.normal(size=(2, 5))
    >>> (h1, c1), cache = lstm_cell_forward(x, h, c, rng.normal(size=(20, 3)),
    ...                                      rng.normal(size=(20, 5)), np.zeros(20))
    >>> [None if g is None else g.shape for g in lstm_cell_backward((h1, None), cache)]
    [(2, 3), (2, 5), (2, 5), (20, 3), (20, 5), (20,), None]
    """
    step = lstm_step_backward(grads, cache.step)
    dx, dweight_ih, dbias_ih = linear_backward(step.d_gates_x, cache.linear)
    dweight_hh, dbias_hh = recurrent_weight_backward(
        step.d_gates_h, cache.step.h, cache.has_bias_hh
    )
    dh_prev, dc_prev = step.grad_state
    return dx, dh_prev, dc_prev, dweight_ih, dweight_hh, dbias_ih, dbias_hh
