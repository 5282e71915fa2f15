"""The vanilla recurrent cell, ``h' = act(W_ih x + b_ih + W_hh h + b_hh)``, forward and backward.

Three levels are exposed, each built on the one below:

* ``rnn_pointwise_*``: the element-wise part alone, the activation of the summed
  pre-activation;
* ``rnn_step_*``: one step given the **input projection** ``x W_ih^T + b_ih`` already
  computed. A recurrent layer projects the inputs of all time steps in one matrix product
  (:func:`~dlnotes.nn.functional.linear_forward`) and calls only this kernel inside its time
  loop. The state is a tuple, ``(h,)`` here and ``(h, c)`` for the LSTM, so that one loop
  drives all three cells;
* ``rnn_cell_*``: the whole cell, input projection included.

This file also holds what the three cells share: the shape checks of the cell kernels, the
:class:`RecurrentStepGrads` returned by every ``*_step_backward``, and
:func:`recurrent_weight_backward`, the gradients of ``W_hh`` and ``b_hh`` summed over any
number of steps in one matrix product.

Goodfellow et al., §10.2 (recurrent neural networks) and §10.2.2 (back-propagation through time).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import fail
from dlnotes.nn.functional.linear import linear_backward, linear_forward

__all__ = [
    "RNNPointwiseCache",
    "RNNStepCache",
    "RNNCellCache",
    "RecurrentStepGrads",
    "rnn_pointwise_forward",
    "rnn_pointwise_backward",
    "rnn_step_forward",
    "rnn_step_backward",
    "recurrent_weight_backward",
    "rnn_cell_forward",
    "rnn_cell_backward",
]

NONLINEARITIES = ("tanh", "relu")


class RNNPointwiseCache(NamedTuple):
    """What :func:`rnn_pointwise_backward` needs: the output and the activation's name."""

    h_new: np.ndarray
    nonlinearity: str


class RNNStepCache(NamedTuple):
    """Cache of :func:`rnn_step_forward`: the previous state, ``W_hh`` and the element-wise part."""

    h: np.ndarray
    weight_hh: np.ndarray
    pointwise: RNNPointwiseCache


class RNNCellCache(NamedTuple):
    """Cache of :func:`rnn_cell_forward`: the input projection's and the step's."""

    linear: Any
    step: RNNStepCache
    has_bias_hh: bool


class RecurrentStepGrads(NamedTuple):
    """What every ``*_step_backward`` returns.

    - ``d_gates_x``: gradient with respect to the input projection ``x W_ih^T + b_ih``,
      ``(N, G)``.
    - ``d_gates_h``: gradient with respect to the recurrent projection ``h W_hh^T + b_hh``,
      ``(N, G)``; the same array as ``d_gates_x`` for the RNN and LSTM cells, where the two
      are summed.
    - ``grad_state``: gradients with respect to the previous state, ``(dh,)`` or, for the
      LSTM, ``(dh, dc)``.
    """

    d_gates_x: np.ndarray
    d_gates_h: np.ndarray
    grad_state: tuple[np.ndarray, ...]


def rnn_pointwise_forward(
    preactivation: np.ndarray, nonlinearity: str = "tanh", *, owner: str = "rnn_pointwise_forward"
) -> tuple[np.ndarray, RNNPointwiseCache]:
    """Apply the cell's activation to the summed pre-activation ``a = W_ih x + W_hh h + b``.

    Goodfellow et al., §10.2.

    Parameters
    ----------
    preactivation : numpy.ndarray
        ``a``, shape ``(N, H)``.
    nonlinearity : {"tanh", "relu"}
    owner : str
        Name used in error messages.

    Returns
    -------
    h_new : numpy.ndarray
        ``act(a)``, same shape and dtype.
    cache : RNNPointwiseCache
        For :func:`rnn_pointwise_backward`.

    Shape
    -----
    - preactivation: ``(N, H)`` (any shape works: the map is element-wise)
    - h_new: same as the pre-activation

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
        fail(owner, f"nonlinearity in {NONLINEARITIES}", repr(nonlinearity))
    return h_new, RNNPointwiseCache(h_new, nonlinearity)


def rnn_pointwise_backward(grad_h: np.ndarray, cache: RNNPointwiseCache) -> np.ndarray:
    """Gradient with respect to the pre-activation: ``dh * (1 - h**2)`` (tanh) or ``dh * [h > 0]``.

    Goodfellow et al., §10.2.

    Shape
    -----
    - grad_h and the returned gradient: the shape of the pre-activation, ``(N, H)``

    Examples
    --------
    >>> h, cache = rnn_pointwise_forward(np.array([[0.0, -1.0]]), "relu")
    >>> rnn_pointwise_backward(np.array([[2.0, 2.0]]), cache)
    array([[0., 0.]])
    """
    h_new, nonlinearity = cache.h_new, cache.nonlinearity
    if nonlinearity == "tanh":
        return grad_h * (1 - h_new * h_new)
    # ReLU'(0) is taken as 0, as in PyTorch.
    return grad_h * (h_new > 0)


def recurrent_weight_backward(
    d_gates_h: np.ndarray, h_prev: np.ndarray, has_bias: bool = True
) -> tuple[np.ndarray, np.ndarray | None]:
    r"""Gradients of ``W_hh`` and ``b_hh`` from the recurrent projections' gradients.

    The recurrent projection of step ``t`` is :math:`h_{t-1} W_{hh}^\top + b_{hh}`, so
    :math:`\partial W_{hh} = \sum_t (\partial a_t)^\top h_{t-1}` and
    :math:`\partial b_{hh} = \sum_t \sum_n (\partial a_t)_n`. Given the gradients and previous
    states of every step stacked, this is one matrix product for the whole sequence instead
    of one per step (the input gradient ``dh`` is not computed here: back-propagation through
    time needs it step by step, inside ``*_step_backward``).

    Goodfellow et al., §10.2.2 (the parameter gradients of BPTT, equations 10.22–10.28).

    Parameters
    ----------
    d_gates_h : numpy.ndarray
        ``(..., N, G)``: the ``d_gates_h`` of :class:`RecurrentStepGrads`, one step or stacked.
    h_prev : numpy.ndarray
        ``(..., N, H)``: the state each step read, stacked the same way.
    has_bias : bool
        Whether to return ``dbias_hh`` (else ``None``).

    Returns
    -------
    dweight_hh : numpy.ndarray
        ``(G, H)``.
    dbias_hh : numpy.ndarray or None
        ``(G,)``.

    Shape
    -----
    - d_gates_h: ``(*, G)`` with ``G`` the gate rows (``H``, ``4H`` or ``3H``)
    - h_prev: ``(*, H)`` with the same leading axes
    - dweight_hh: ``(G, H)``; dbias_hh: ``(G,)``

    Examples
    --------
    >>> dw, db = recurrent_weight_backward(np.ones((5, 2, 3)), np.ones((5, 2, 4)))
    >>> dw.shape, db
    ((3, 4), array([10., 10., 10.]))
    """
    gates, hidden = d_gates_h.shape[-1], h_prev.shape[-1]
    flat = d_gates_h.reshape(-1, gates)
    dweight_hh = flat.T @ h_prev.reshape(-1, hidden)
    return dweight_hh, (flat.sum(axis=0) if has_bias else None)


def rnn_step_forward(
    gates_x: np.ndarray,
    state: tuple[np.ndarray],
    weight_hh: np.ndarray,
    bias_hh: np.ndarray | None = None,
    nonlinearity: str = "tanh",
) -> tuple[tuple[np.ndarray], RNNStepCache]:
    r"""One vanilla RNN step given its input projection: :math:`h' = \tanh(g_x + h W_{hh}^\top
    + b_{hh})`.

    No input checks: this is the inner step of a time loop whose caller validated once
    (:func:`rnn_cell_forward` and :class:`~dlnotes.nn.RNN` do).

    Goodfellow et al., §10.2.

    Parameters
    ----------
    gates_x : numpy.ndarray
        ``x W_ih^T + b_ih``, shape ``(N, H)``.
    state : tuple of one numpy.ndarray
        ``(h,)``, the previous hidden state ``(N, H)``.
    weight_hh : numpy.ndarray
        ``(H, H)``.
    bias_hh : numpy.ndarray or None
        ``(H,)``.
    nonlinearity : {"tanh", "relu"}

    Returns
    -------
    state : tuple of one numpy.ndarray
        ``(h',)``, shape ``(N, H)``.
    cache : RNNStepCache
        For :func:`rnn_step_backward`.

    Shape
    -----
    - gates_x: ``(N, H)``; state: ``((N, H),)``; weight_hh: ``(H, H)``; bias_hh: ``(H,)``
    - new state: ``((N, H),)``

    Examples
    --------
    >>> (h,), _ = rnn_step_forward(np.array([[0.5, -0.5]]), (np.zeros((1, 2)),), np.eye(2))
    >>> np.round(h, 4)
    array([[ 0.4621, -0.4621]])
    """
    (h,) = state
    pre = h @ weight_hh.T
    pre += gates_x
    if bias_hh is not None:
        pre += bias_hh
    h_new, pointwise = rnn_pointwise_forward(pre, nonlinearity)
    return (h_new,), RNNStepCache(h, weight_hh, pointwise)


def rnn_step_backward(grad_state: tuple[np.ndarray], cache: RNNStepCache) -> RecurrentStepGrads:
    """Back-propagate through one step of :func:`rnn_step_forward`.

    Goodfellow et al., §10.2.2.

    Parameters
    ----------
    grad_state : tuple of one numpy.ndarray
        ``(dh',)``, the gradient with respect to the new state.
    cache : RNNStepCache

    Returns
    -------
    RecurrentStepGrads
        ``(d_gates_x, d_gates_h, (dh,))``; the two gate gradients are one array. The
        gradients of ``W_hh`` and ``b_hh`` follow from :func:`recurrent_weight_backward`.

    Shape
    -----
    - grad_state: ``((N, H),)``; d_gates_x and d_gates_h: ``(N, H)``; grad of h: ``(N, H)``

    Examples
    --------
    >>> _, cache = rnn_step_forward(np.zeros((1, 2)), (np.zeros((1, 2)),), np.eye(2))
    >>> rnn_step_backward((np.ones((1, 2)),), cache).grad_state[0]
    array([[1., 1.]])
    """
    d_pre = rnn_pointwise_backward(grad_state[0], cache.pointwise)
    return RecurrentStepGrads(d_pre, d_pre, (d_pre @ cache.weight_hh,))


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
    *,
    owner: str = "rnn_cell_forward",
) -> tuple[np.ndarray, RNNCellCache]:
    r"""One step of the vanilla recurrent cell.

    .. math:: h' = \tanh(x W_{ih}^\top + b_{ih} + h W_{hh}^\top + b_{hh})

    (or ReLU). The book writes :math:`h^{(t)} = \tanh(b + W h^{(t-1)} + U x^{(t)})`, so its
    ``U`` is ``weight_ih`` and its ``W`` is ``weight_hh``. The input projection is
    :func:`~dlnotes.nn.functional.linear_forward`, the rest :func:`rnn_step_forward`.

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
    owner : str
        Name used in error messages (modules pass their class name).

    Returns
    -------
    h_new : numpy.ndarray
        Shape ``(N, H)``.
    cache : RNNCellCache
        For :func:`rnn_cell_backward`.

    Shape
    -----
    - x: ``(N, H_in)``; h: ``(N, H)``
    - weight_ih: ``(H, H_in)``; weight_hh: ``(H, H)``; biases: ``(H,)``
    - h_new: ``(N, H)``

    Examples
    --------
    >>> x, h = np.ones((2, 3)), np.zeros((2, 4))
    >>> h_new, cache = rnn_cell_forward(x, h, np.zeros((4, 3)), np.eye(4))
    >>> h_new.shape
    (2, 4)
    """
    _check_cell_inputs(owner, x, [("h", h)], weight_ih, weight_hh, 1)
    gates_x, linear_cache = linear_forward(x, weight_ih, bias_ih)
    (h_new,), step_cache = rnn_step_forward(gates_x, (h,), weight_hh, bias_hh, nonlinearity)
    return h_new, RNNCellCache(linear_cache, step_cache, bias_hh is not None)


def rnn_cell_backward(grad_h: np.ndarray, cache: RNNCellCache) -> tuple[Any, ...]:
    """Back-propagate through one vanilla RNN step.

    Goodfellow et al., §10.2.

    Returns
    -------
    tuple
        ``(dx, dh_prev, dweight_ih, dweight_hh, dbias_ih, dbias_hh)``; a bias gradient is
        ``None`` when that bias was ``None``.

    Shape
    -----
    - grad_h: ``(N, H)``
    - dx: ``(N, H_in)``; dh_prev: ``(N, H)``; dweight_ih: ``(H, H_in)``; dweight_hh:
      ``(H, H)``; dbias_ih, dbias_hh: ``(H,)``

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x, h = rng.normal(size=(2, 3)), rng.normal(size=(2, 4))
    >>> out, cache = rnn_cell_forward(x, h, rng.normal(size=(4, 3)), rng.normal(size=(4, 4)))
    >>> [g.shape for g in rnn_cell_backward(np.ones_like(out), cache)[:4]]
    [(2, 3), (2, 4), (4, 3), (4, 4)]
    """
    step = rnn_step_backward((grad_h,), cache.step)
    dx, dweight_ih, dbias_ih = linear_backward(step.d_gates_x, cache.linear)
    dweight_hh, dbias_hh = recurrent_weight_backward(
        step.d_gates_h, cache.step.h, cache.has_bias_hh
    )
    return dx, step.grad_state[0], dweight_ih, dweight_hh, dbias_ih, dbias_hh
