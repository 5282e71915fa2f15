r"""Reductions: sum, mean and max over axes.

A reduction uses each input element once (sum, mean) or picks some (max), so its backward
*spreads* the upstream gradient back over the reduced axes: a copy for the sum, a copy
divided by the count for the mean, and a copy routed to the maximal elements for the max
(split evenly between ties, like ``torch.amax``). Goodfellow et al., §6.5.6.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import fail
from dlnotes.autograd.function import Context, Function

__all__ = ["Sum", "Mean", "Max", "normalize_axes"]


def normalize_axes(owner: str, axis: Any, ndim: int) -> tuple[int, ...]:
    """``axis`` (None, an int or a tuple of ints, negatives allowed) as sorted non-negative axes.

    Examples
    --------
    >>> normalize_axes("sum", -1, 3)
    (2,)
    >>> normalize_axes("sum", None, 2)
    (0, 1)
    >>> normalize_axes("sum", 3, 2)
    Traceback (most recent call last):
    ...
    ValueError: sum: expected axis in [-2, 1], got 3
    """
    if axis is None:
        return tuple(range(ndim))
    axes = axis if isinstance(axis, tuple) else (axis,)
    result = []
    for a in axes:
        if isinstance(a, bool) or not isinstance(a, (int, np.integer)):
            fail(owner, "axis to be None, an int or a tuple of ints", repr(axis), TypeError)
        if not -ndim <= a < ndim:
            fail(owner, f"axis in [{-ndim}, {ndim - 1}]", repr(axis))
        result.append(int(a) % ndim)
    if len(set(result)) != len(result):
        fail(owner, "distinct axes", repr(axis))
    return tuple(sorted(result))


def _spread(
    g: np.ndarray, axes: tuple[int, ...], keepdims: bool, shape: tuple[int, ...]
) -> np.ndarray:
    """Re-insert the reduced axes of ``g`` (if they were dropped) and broadcast to ``shape``."""
    if not keepdims:
        g = np.expand_dims(g, axes)
    return np.broadcast_to(g, shape)


class Sum(Function):
    r""":math:`y = \sum_{\text{axes}} a`; backward copies :math:`g` over the summed axes.

    Examples
    --------
    >>> from dlnotes.autograd import Tensor
    >>> a = Tensor(np.ones((2, 3)), requires_grad=True)
    >>> Sum.apply(a, axis=1).shape
    (2,)
    """

    @staticmethod
    def forward(
        ctx: Context, a: np.ndarray, axis: Any = None, keepdims: bool = False
    ) -> np.ndarray:
        axes = normalize_axes("sum", axis, a.ndim)
        ctx.axes, ctx.keepdims, ctx.shape = axes, keepdims, a.shape
        return np.asarray(np.sum(a, axis=axes, keepdims=keepdims))

    @staticmethod
    def backward(ctx: Context, g: np.ndarray) -> np.ndarray:
        return _spread(g, ctx.axes, ctx.keepdims, ctx.shape)


class Mean(Function):
    r""":math:`y = \frac1n \sum_{\text{axes}} a`; backward copies :math:`g / n`."""

    @staticmethod
    def forward(
        ctx: Context, a: np.ndarray, axis: Any = None, keepdims: bool = False
    ) -> np.ndarray:
        axes = normalize_axes("mean", axis, a.ndim)
        ctx.axes, ctx.keepdims, ctx.shape = axes, keepdims, a.shape
        ctx.count = int(np.prod([a.shape[i] for i in axes]))
        return np.asarray(np.mean(a, axis=axes, keepdims=keepdims))

    @staticmethod
    def backward(ctx: Context, g: np.ndarray) -> np.ndarray:
        # Divide by the count in g's dtype (a Python int is weak: float32 stays float32).
        return _spread(g / max(ctx.count, 1), ctx.axes, ctx.keepdims, ctx.shape)


class Max(Function):
    r""":math:`y = \max_{\text{axes}} a`; the gradient goes to the maximal elements.

    When several elements tie for the maximum the gradient is split evenly between them
    (``torch.amax``'s rule), so the total gradient is always :math:`g`.

    Examples
    --------
    >>> from dlnotes.autograd import Tensor
    >>> a = Tensor([1.0, 3.0, 3.0], requires_grad=True)
    >>> Max.apply(a).backward()
    >>> a.grad
    array([0. , 0.5, 0.5])
    """

    @staticmethod
    def forward(
        ctx: Context, a: np.ndarray, axis: Any = None, keepdims: bool = False
    ) -> np.ndarray:
        axes = normalize_axes("max", axis, a.ndim)
        if a.size == 0:
            fail("max", "a non-empty input", tuple(a.shape))
        kept = np.max(a, axis=axes, keepdims=True)
        is_max = a == kept
        ctx.save_for_backward(is_max, is_max.sum(axis=axes, keepdims=True))
        ctx.axes, ctx.keepdims, ctx.shape = axes, keepdims, a.shape
        return kept if keepdims else np.squeeze(kept, axis=axes)

    @staticmethod
    def backward(ctx: Context, g: np.ndarray) -> np.ndarray:
        is_max, count = ctx.saved_tensors
        g = g if ctx.keepdims else np.expand_dims(g, ctx.axes)
        return (g / count.astype(g.dtype)) * is_max
