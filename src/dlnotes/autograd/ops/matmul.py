r"""Matrix product with NumPy's ``@`` semantics: 1-D operands and broadcast batch axes.

For :math:`Y = A B` and upstream :math:`G`: :math:`\partial A = G B^\top`,
:math:`\partial B = A^\top G` (Goodfellow et al., §6.5.2 and the matrix-product example of
§6.5.7). Batched operands are matrices stacked on leading axes that broadcast like any
element-wise operation, so each gradient is then summed back over the batch axes that its
operand broadcast along. A 1-D operand is treated as a row (left) or column (right) vector
and the inserted axis is removed again, exactly as ``numpy.matmul`` does.
"""

from __future__ import annotations

import numpy as np

from dlnotes._validation import fail
from dlnotes.autograd.broadcast import unbroadcast
from dlnotes.autograd.function import Context, Function

__all__ = ["MatMul"]


def _swap_last(x: np.ndarray) -> np.ndarray:
    return np.swapaxes(x, -1, -2)


class MatMul(Function):
    """:math:`Y = A B` over the last two axes, batch axes broadcast.

    Shape
    -----
    - a: ``(*, n, k)`` or ``(k,)``
    - b: ``(*, k, m)`` or ``(k,)``
    - output: ``(*, n, m)`` with the 1-D axes dropped.

    Examples
    --------
    >>> from dlnotes.autograd import Tensor
    >>> MatMul.apply(Tensor(np.ones((5, 2, 3))), Tensor(np.ones((3, 4)))).shape
    (5, 2, 4)
    >>> MatMul.apply(Tensor(np.ones((2, 3))), Tensor(np.ones((4, 5))))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: matmul: expected operands with a.shape[-1] == b.shape[-2] ..., got (2, 3) and (4, 5)
    """

    @staticmethod
    def forward(ctx: Context, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        if a.ndim == 0 or b.ndim == 0:
            fail("matmul", "operands with at least one dimension", f"{a.shape} and {b.shape}")
        inner_b = b.shape[0] if b.ndim == 1 else b.shape[-2]
        if a.shape[-1] != inner_b:
            fail(
                "matmul",
                "operands with a.shape[-1] == b.shape[-2] (or b 1-D: b.shape[0])",
                f"{a.shape} and {b.shape}",
            )
        try:
            np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
        except ValueError:
            fail(
                "matmul",
                "operands with broadcast-compatible batch shapes",
                f"{a.shape} and {b.shape}",
            )
        ctx.save_for_backward(a, b)
        return np.asarray(a @ b)

    @staticmethod
    def backward(ctx: Context, g: np.ndarray) -> tuple[np.ndarray | None, np.ndarray | None]:
        a, b = ctx.saved_tensors
        # Promote 1-D operands to matrices, and put the axes that matmul dropped back into g.
        a2 = a[np.newaxis, :] if a.ndim == 1 else a
        b2 = b[:, np.newaxis] if b.ndim == 1 else b
        batch = np.broadcast_shapes(a2.shape[:-2], b2.shape[:-2])
        g = g.reshape(*batch, a2.shape[-2], b2.shape[-1])
        need_a, need_b = ctx.needs_input_grad
        da = unbroadcast(g @ _swap_last(b2), a2.shape).reshape(a.shape) if need_a else None
        db = unbroadcast(_swap_last(a2) @ g, b2.shape).reshape(b.shape) if need_b else None
        return da, db
