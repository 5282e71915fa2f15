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

Three levels, as for the vanilla cell (:mod:`~dlnotes.nn.functional.rnn_cell`):
``gru_pointwise_*`` is the element-wise part of PyTorch's form, given the two projections
``x W_ih^T + b_ih`` and ``h W_hh^T + b_hh`` (which must stay separate because ``r`` multiplies
only the second); ``gru_step_*`` is one step of PyTorch's form given the input projection,
the kernel the recurrent layers call in their time loop; ``gru_cell_*`` is the whole cell,
in either form.
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
    "GRUPointwiseCache",
    "GRUResetBeforeCache",
    "GRUStepCache",
    "GRUCellCache",
    "gru_pointwise_forward",
    "gru_pointwise_backward",
    "gru_step_forward",
    "gru_step_backward",
    "gru_cell_forward",
    "gru_cell_backward",
]


class GRUPointwiseCache(NamedTuple):
    """Gates ``[r, z]`` ``(N, 2H)``, candidate ``n``, recurrent n-block ``W_hn h + b_hn``, ``h``."""

    rz: np.ndarray
    n: np.ndarray
    h_n: np.ndarray
    h: np.ndarray


class GRUStepCache(NamedTuple):
    """Cache of :func:`gru_step_forward`: the previous ``h``, ``W_hh`` and the element-wise part."""

    h: np.ndarray
    weight_hh: np.ndarray
    pointwise: GRUPointwiseCache


class GRUResetBeforeCache(NamedTuple):
    """The book variant's intermediate values: ``[r, z]``, ``n`` and ``r * h``."""

    rz: np.ndarray
    n: np.ndarray
    rh: np.ndarray


class GRUCellCache(NamedTuple):
    """Cache of :func:`gru_cell_forward` (``step`` is ``None`` for the reset-before variant)."""

    reset_before: bool
    linear: Any
    h: np.ndarray
    weight_hh: np.ndarray
    has_bias_hh: bool
    step: GRUStepCache | None
    reset_before_cache: GRUResetBeforeCache | None


def gru_pointwise_forward(
    gates_x: np.ndarray, gates_h: np.ndarray, h: np.ndarray
) -> tuple[np.ndarray, GRUPointwiseCache]:
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
    cache : GRUPointwiseCache
        For :func:`gru_pointwise_backward`.

    Shape
    -----
    - gates_x, gates_h: ``(N, 3H)`` in gate order r, z, n; h: ``(N, H)``
    - h_new: ``(N, H)``

    Examples
    --------
    >>> h_new, _ = gru_pointwise_forward(np.zeros((1, 3)), np.zeros((1, 3)), np.ones((1, 1)))
    >>> h_new  # z = 1/2, n = 0: half of the old state survives
    array([[0.5]])
    """
    hidden = h.shape[-1]
    rz = sigmoid(gates_x[:, : 2 * hidden] + gates_h[:, : 2 * hidden])
    r, z = rz[:, :hidden], rz[:, hidden:]
    h_n = gates_h[:, 2 * hidden :]
    n = np.tanh(gates_x[:, 2 * hidden :] + r * h_n)
    h_new = n + z * (h - n)
    return h_new, GRUPointwiseCache(rz, n, h_n, h)


def gru_pointwise_backward(
    grad_h: np.ndarray, cache: GRUPointwiseCache
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

    Shape
    -----
    - grad_h: ``(N, H)``
    - d_gates_x, d_gates_h: ``(N, 3H)``; dh_direct: ``(N, H)``

    Examples
    --------
    >>> h_new, cache = gru_pointwise_forward(np.zeros((1, 3)), np.zeros((1, 3)), np.ones((1, 1)))
    >>> dgx, dgh, dh = gru_pointwise_backward(np.ones((1, 1)), cache)
    >>> dh
    array([[0.5]])
    """
    rz, n, h_n, h = cache.rz, cache.n, cache.h_n, cache.h
    hidden = h.shape[-1]
    r, z = rz[:, :hidden], rz[:, hidden:]
    d_n_pre = grad_h * (1 - z) * (1 - n * n)
    d_r = d_n_pre * h_n
    d_z = grad_h * (h - n)
    d_rz = np.concatenate([d_r, d_z], axis=1) * rz * (1 - rz)
    d_gates_x = np.concatenate([d_rz, d_n_pre], axis=1)
    d_gates_h = np.concatenate([d_rz, d_n_pre * r], axis=1)
    return d_gates_x, d_gates_h, grad_h * z


def gru_step_forward(
    gates_x: np.ndarray,
    state: tuple[np.ndarray],
    weight_hh: np.ndarray,
    bias_hh: np.ndarray | None = None,
) -> tuple[tuple[np.ndarray], GRUStepCache]:
    """One step of PyTorch's GRU given its input projection ``gates_x = x W_ih^T + b_ih``.

    No input checks: this is the inner step of a time loop whose caller validated once
    (:func:`gru_cell_forward` and :class:`~dlnotes.nn.GRU` do).

    Goodfellow et al., §10.10.2.

    Parameters
    ----------
    gates_x : numpy.ndarray
        ``(N, 3H)``, gate order r, z, n.
    state : tuple of one numpy.ndarray
        ``(h,)``, the previous hidden state ``(N, H)``.
    weight_hh : numpy.ndarray
        ``(3H, H)``.
    bias_hh : numpy.ndarray or None
        ``(3H,)``; inside the reset gate's product, as PyTorch.

    Returns
    -------
    state : tuple of one numpy.ndarray
        ``(h',)``.
    cache : GRUStepCache
        For :func:`gru_step_backward`.

    Shape
    -----
    - gates_x: ``(N, 3H)``; state: ``((N, H),)``; weight_hh: ``(3H, H)``; bias_hh: ``(3H,)``
    - new state: ``((N, H),)``

    Examples
    --------
    >>> (h,), _ = gru_step_forward(np.zeros((1, 3)), (np.ones((1, 1)),), np.zeros((3, 1)))
    >>> h  # z = 1/2, n = 0
    array([[0.5]])
    """
    (h,) = state
    gates_h = h @ weight_hh.T
    if bias_hh is not None:
        gates_h += bias_hh
    h_new, pointwise = gru_pointwise_forward(gates_x, gates_h, h)
    return (h_new,), GRUStepCache(h, weight_hh, pointwise)


def gru_step_backward(grad_state: tuple[np.ndarray], cache: GRUStepCache) -> RecurrentStepGrads:
    """Back-propagate through one step of :func:`gru_step_forward`.

    Goodfellow et al., §10.10.2.

    Parameters
    ----------
    grad_state : tuple of one numpy.ndarray
        ``(dh',)``.
    cache : GRUStepCache

    Returns
    -------
    RecurrentStepGrads
        ``(d_gates_x, d_gates_h, (dh,))``; the gate gradients differ in the n block, where the
        recurrent projection is scaled by ``r``.

    Shape
    -----
    - grad_state: ``((N, H),)``; d_gates_x, d_gates_h: ``(N, 3H)``; grad of h: ``(N, H)``

    Examples
    --------
    >>> _, cache = gru_step_forward(np.zeros((1, 3)), (np.ones((1, 1)),), np.zeros((3, 1)))
    >>> gru_step_backward((np.ones((1, 1)),), cache).grad_state[0]
    array([[0.5]])
    """
    d_gates_x, d_gates_h, dh_direct = gru_pointwise_backward(grad_state[0], cache.pointwise)
    dh = d_gates_h @ cache.weight_hh
    dh += dh_direct
    return RecurrentStepGrads(d_gates_x, d_gates_h, (dh,))


def gru_cell_forward(
    x: np.ndarray,
    h: np.ndarray,
    weight_ih: np.ndarray,
    weight_hh: np.ndarray,
    bias_ih: np.ndarray | None = None,
    bias_hh: np.ndarray | None = None,
    reset_before: bool = False,
    *,
    owner: str = "gru_cell_forward",
) -> tuple[np.ndarray, GRUCellCache]:
    """One GRU step.

    The input projection is :func:`~dlnotes.nn.functional.linear_forward`; PyTorch's form
    continues with :func:`gru_step_forward`.

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
    owner : str
        Name used in error messages (modules pass their class name).

    Returns
    -------
    h_new : numpy.ndarray
        Shape ``(N, H)``.
    cache : GRUCellCache
        For :func:`gru_cell_backward`.

    Shape
    -----
    - x: ``(N, H_in)``; h: ``(N, H)``
    - weight_ih: ``(3H, H_in)``; weight_hh: ``(3H, H)``; biases: ``(3H,)``
    - h_new: ``(N, H)``

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
    _check_cell_inputs(owner, x, [("h", h)], weight_ih, weight_hh, 3)
    hidden = h.shape[-1]
    gates_x, linear_cache = linear_forward(x, weight_ih, bias_ih)
    has_bias_hh = bias_hh is not None
    if not reset_before:
        (h_new,), step = gru_step_forward(gates_x, (h,), weight_hh, bias_hh)
        return h_new, GRUCellCache(False, linear_cache, h, weight_hh, has_bias_hh, step, None)
    # Book variant: the n block's recurrent product sees r * h, so r must come first.
    w_rz, w_n = weight_hh[: 2 * hidden], weight_hh[2 * hidden :]
    pre_rz = gates_x[:, : 2 * hidden] + h @ w_rz.T
    if bias_hh is not None:
        pre_rz += bias_hh[: 2 * hidden]
    rz = sigmoid(pre_rz)
    r, z = rz[:, :hidden], rz[:, hidden:]
    rh = r * h
    pre_n_h = rh @ w_n.T
    if bias_hh is not None:
        pre_n_h += bias_hh[2 * hidden :]
    n = np.tanh(gates_x[:, 2 * hidden :] + pre_n_h)
    h_new = n + z * (h - n)
    inner = GRUResetBeforeCache(rz, n, rh)
    return h_new, GRUCellCache(True, linear_cache, h, weight_hh, has_bias_hh, None, inner)


def gru_cell_backward(grad_h: np.ndarray, cache: GRUCellCache) -> tuple[Any, ...]:
    """Back-propagate through one GRU step (either variant).

    Goodfellow et al., §10.10.2.

    Returns
    -------
    tuple
        ``(dx, dh_prev, dweight_ih, dweight_hh, dbias_ih, dbias_hh)``; a bias gradient is
        ``None`` when that bias was ``None``.

    Shape
    -----
    - grad_h: ``(N, H)``
    - dx: ``(N, H_in)``; dh_prev: ``(N, H)``; dweight_ih: ``(3H, H_in)``; dweight_hh:
      ``(3H, H)``; dbias_ih, dbias_hh: ``(3H,)``

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x, h = rng.normal(size=(2, 3)), rng.normal(size=(2, 4))
    >>> out, cache = gru_cell_forward(x, h, rng.normal(size=(12, 3)), rng.normal(size=(12, 4)))
    >>> [None if g is None else g.shape for g in gru_cell_backward(np.ones_like(out), cache)]
    [(2, 3), (2, 4), (12, 3), (12, 4), None, None]
    """
    h, weight_hh = cache.h, cache.weight_hh
    if cache.step is not None:
        step = gru_step_backward((grad_h,), cache.step)
        d_gates_x = step.d_gates_x
        (dh_prev,) = step.grad_state
        dweight_hh, dbias_hh = recurrent_weight_backward(step.d_gates_h, h, cache.has_bias_hh)
    else:
        assert cache.reset_before_cache is not None
        rz, n, rh = cache.reset_before_cache
        hidden = h.shape[-1]
        r, z = rz[:, :hidden], rz[:, hidden:]
        w_rz, w_n = weight_hh[: 2 * hidden], weight_hh[2 * hidden :]
        d_n_pre = grad_h * (1 - z) * (1 - n * n)
        d_rh = d_n_pre @ w_n
        d_rz = np.concatenate([d_rh * h, grad_h * (h - n)], axis=1) * rz * (1 - rz)
        dh_prev = grad_h * z + d_rh * r + d_rz @ w_rz
        d_gates_x = np.concatenate([d_rz, d_n_pre], axis=1)
        dweight_hh = np.concatenate([d_rz.T @ h, d_n_pre.T @ rh], axis=0)
        # The bias of each block receives the block's pre-activation gradient.
        dbias_hh = d_gates_x.sum(axis=0) if cache.has_bias_hh else None
    dx, dweight_ih, dbias_ih = linear_backward(d_gates_x, cache.linear)
    return dx, dh_prev, dweight_ih, dweight_hh, dbias_ih, dbias_hh
