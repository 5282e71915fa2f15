"""Truncated back-propagation through time: a long sequence processed in chunks.

Full BPTT over ``T`` steps stores ``T`` caches and returns one gradient for the whole
sequence. Truncated BPTT cuts the sequence into chunks of ``k`` steps: the final state of each
chunk becomes the initial state of the next, so the *forward* computation is the same as on
the whole sequence, but that state is treated as a constant ("detached"): gradients stop at
chunk borders, memory is ``O(k)``, and the parameters may be updated after every chunk.

Goodfellow et al., §10.2.2 (the cost of BPTT) and §10.7 (long-term dependencies).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from dlnotes._validation import check_positive_int, fail

__all__ = ["truncated_bptt"]


def truncated_bptt(
    layer: Any,
    x: np.ndarray,
    chunk_length: int,
    loss_and_grad: Callable[[np.ndarray, int], tuple[float, np.ndarray]],
    hx: Any = None,
    after_chunk: Callable[[], None] | None = None,
) -> tuple[list[float], Any]:
    """Run ``layer`` over ``x`` chunk by chunk, back-propagating within each chunk only.

    Goodfellow et al., §10.2.2.

    Parameters
    ----------
    layer : RNN, LSTM or GRU
        Its ``batch_first`` flag decides which axis of ``x`` is time.
    x : numpy.ndarray
        The whole input sequence, in the layer's layout.
    chunk_length : int
        Steps per chunk (the truncation length ``k``); the last chunk may be shorter.
    loss_and_grad : callable
        ``loss_and_grad(output_chunk, start)`` returns ``(loss, grad_output_chunk)`` for the
        chunk's output, ``start`` being the index of its first time step.
    hx : optional
        Initial state (a pair for LSTM); zeros if omitted.
    after_chunk : callable, optional
        Called after each chunk's backward pass, e.g. to clip, take an optimizer step and
        zero the gradients. Without it the parameter gradients of all chunks accumulate.

    Returns
    -------
    losses : list of float
        One per chunk.
    state : numpy.ndarray or tuple
        The final state, which can seed the next call (stateful training over a corpus).

    Examples
    --------
    >>> from dlnotes.nn import GRU
    >>> gru = GRU(1, 4, rng=np.random.default_rng(0))
    >>> x = np.random.default_rng(1).normal(size=(100, 2, 1))
    >>> def loss_and_grad(out, start):
    ...     return float((out ** 2).sum()), 2 * out
    >>> losses, h = truncated_bptt(gru, x, 25, loss_and_grad)
    >>> len(losses), h.shape
    (4, (1, 2, 4))
    """
    owner = "truncated_bptt"
    chunk_length = check_positive_int(owner, "chunk_length", chunk_length)
    x = np.asarray(x)
    if x.ndim not in (2, 3):
        fail(owner, "a sequence of shape (L, N, H_in), (N, L, H_in) or (L, H_in)", x.shape)
    time_axis = 1 if (x.ndim == 3 and getattr(layer, "batch_first", False)) else 0
    losses: list[float] = []
    state = hx
    for start in range(0, x.shape[time_axis], chunk_length):
        index = [slice(None)] * x.ndim
        index[time_axis] = slice(start, start + chunk_length)
        output, state = layer(x[tuple(index)], state)
        loss, grad_output = loss_and_grad(output, start)
        layer.backward(grad_output)
        losses.append(float(loss))
        if after_chunk is not None:
            after_chunk()
        # NumPy arrays carry no graph: passing the final state on as a plain array is exactly
        # PyTorch's ``state.detach()``; copies keep later chunks from aliasing it.
        state = tuple(s.copy() for s in state) if isinstance(state, tuple) else state.copy()
    return losses, state
