r"""Operations that move elements without changing them: reshape, transpose, indexing.

Their backward passes move the gradient back: reshape it back, transpose it by the inverse
permutation, or scatter it into zeros at the indexed positions. Indexing scatters with
``np.add.at`` rather than ``z[key] = g``: with repeated integer indices (``a[[0, 0]]``) one
element is used twice, and its gradient must be the *sum* of both uses (Goodfellow et al.,
§6.5.2); plain assignment would keep only the last.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import fail
from dlnotes.autograd.function import Context, Function

__all__ = ["Reshape", "Transpose", "Index"]


class Reshape(Function):
    """Same elements, new shape (``-1`` allowed once, as in NumPy).

    Examples
    --------
    >>> from dlnotes.autograd import Tensor
    >>> Reshape.apply(Tensor(np.arange(6.0)), (2, -1)).shape
    (2, 3)
    """

    @staticmethod
    def forward(ctx: Context, a: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
        try:
            out = a.reshape(shape)
        except (ValueError, TypeError):
            fail(
                "reshape", f"a shape with {a.size} elements compatible with {a.shape}", repr(shape)
            )
        ctx.shape = a.shape
        return out

    @staticmethod
    def backward(ctx: Context, g: np.ndarray) -> tuple[np.ndarray, None]:
        return g.reshape(ctx.shape), None


class Transpose(Function):
    """Permute axes (reverse them when ``axes`` is None); backward applies the inverse.

    Examples
    --------
    >>> from dlnotes.autograd import Tensor
    >>> Transpose.apply(Tensor(np.zeros((2, 3, 4))), (1, 2, 0)).shape
    (3, 4, 2)
    """

    @staticmethod
    def forward(ctx: Context, a: np.ndarray, axes: tuple[int, ...] | None = None) -> np.ndarray:
        if axes is None:
            axes = tuple(reversed(range(a.ndim)))
        try:
            valid = sorted(int(i) % a.ndim for i in axes) == list(range(a.ndim)) and all(
                -a.ndim <= int(i) < a.ndim for i in axes
            )
        except (TypeError, ValueError, ZeroDivisionError):
            valid = False
        if not valid:
            fail("transpose", f"a permutation of the {a.ndim} axes of {a.shape}", repr(axes))
        axes = tuple(int(i) % a.ndim for i in axes)
        ctx.inverse = tuple(np.argsort(axes))
        return np.transpose(a, axes)

    @staticmethod
    def backward(ctx: Context, g: np.ndarray) -> tuple[np.ndarray, None]:
        return np.transpose(g, ctx.inverse), None


class Index(Function):
    """``a[key]`` for basic (ints, slices, ``None``, ``...``) and advanced (integer or boolean
    array) keys; backward scatter-adds into zeros, so repeated indices accumulate.

    Examples
    --------
    >>> from dlnotes.autograd import Tensor
    >>> a = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    >>> Index.apply(a, np.array([0, 0, 2])).sum().backward()
    >>> a.grad
    array([2., 0., 1.])
    """

    @staticmethod
    def forward(ctx: Context, a: np.ndarray, key: Any) -> np.ndarray:
        try:
            out = a[key]
        except (IndexError, TypeError, ValueError) as error:
            fail(
                "index",
                f"a valid index for shape {a.shape}",
                f"{key!r} ({error})",
                IndexError if isinstance(error, IndexError) else TypeError,
            )
        ctx.key, ctx.shape, ctx.dtype = key, a.shape, a.dtype
        # A copy, not a view: later in-place updates of the input must not change the output.
        return np.array(out, copy=True)

    @staticmethod
    def backward(ctx: Context, g: np.ndarray) -> tuple[np.ndarray, None]:
        grad = np.zeros(ctx.shape, dtype=ctx.dtype)
        np.add.at(grad, ctx.key, g)
        return grad, None
