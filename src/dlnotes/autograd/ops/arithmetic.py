r"""Arithmetic with broadcasting: ``+ - * / **`` and negation.

Each backward applies the scalar derivative element-wise and then sums the result back to
the operand's shape with :func:`~dlnotes.autograd.broadcast.unbroadcast` (a broadcast operand
is used several times; its gradient is the sum over its uses, Goodfellow et al., §6.5.2).

Local derivatives, for :math:`y = f(a, b)` and upstream gradient :math:`g`:

=========  =====================  ==================================
op         :math:`\partial a`     :math:`\partial b`
=========  =====================  ==================================
a + b      g                      g
a - b      g                      -g
a * b      g b                    g a
a / b      g / b                  -g a / b^2
a ** b     g b a^{b-1}            g a^b \log a
=========  =====================  ==================================
"""

from __future__ import annotations

import numpy as np

from dlnotes.autograd.broadcast import broadcast_shape, unbroadcast
from dlnotes.autograd.function import Context, Function

__all__ = ["Add", "Sub", "Mul", "Div", "Neg", "Pow", "PowScalar"]


class Add(Function):
    """:math:`y = a + b` (broadcasting).

    Examples
    --------
    >>> from dlnotes.autograd import Tensor
    >>> a = Tensor([[1.0], [2.0]], requires_grad=True)
    >>> Add.apply(a, Tensor([10.0, 20.0, 30.0])).sum().backward()
    >>> a.grad.tolist()
    [[3.0], [3.0]]
    """

    @staticmethod
    def forward(ctx: Context, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        broadcast_shape("add", a.shape, b.shape)
        ctx.shapes = (a.shape, b.shape)
        return a + b

    @staticmethod
    def backward(ctx: Context, g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        a_shape, b_shape = ctx.shapes
        return unbroadcast(g, a_shape), unbroadcast(g, b_shape)


class Sub(Function):
    """:math:`y = a - b` (broadcasting)."""

    @staticmethod
    def forward(ctx: Context, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        broadcast_shape("sub", a.shape, b.shape)
        ctx.shapes = (a.shape, b.shape)
        return a - b

    @staticmethod
    def backward(ctx: Context, g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        a_shape, b_shape = ctx.shapes
        return unbroadcast(g, a_shape), unbroadcast(-g, b_shape)


class Mul(Function):
    """:math:`y = a \\odot b` (element-wise, broadcasting)."""

    @staticmethod
    def forward(ctx: Context, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        broadcast_shape("mul", a.shape, b.shape)
        ctx.save_for_backward(a, b)
        return a * b

    @staticmethod
    def backward(ctx: Context, g: np.ndarray) -> tuple[np.ndarray | None, np.ndarray | None]:
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        # Skip the products nobody asked for (e.g. the data side of weight * data).
        da = unbroadcast(g * b, a.shape) if need_a else None
        db = unbroadcast(g * a, b.shape) if need_b else None
        return da, db


class Div(Function):
    """:math:`y = a / b` (element-wise, broadcasting)."""

    @staticmethod
    def forward(ctx: Context, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        broadcast_shape("div", a.shape, b.shape)
        ctx.save_for_backward(a, b)
        return a / b

    @staticmethod
    def backward(ctx: Context, g: np.ndarray) -> tuple[np.ndarray | None, np.ndarray | None]:
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        da = unbroadcast(g / b, a.shape) if need_a else None
        db = unbroadcast(-g * a / (b * b), b.shape) if need_b else None
        return da, db


class Neg(Function):
    """:math:`y = -a`."""

    @staticmethod
    def forward(ctx: Context, a: np.ndarray) -> np.ndarray:
        return -a

    @staticmethod
    def backward(ctx: Context, g: np.ndarray) -> np.ndarray:
        return -g


class Pow(Function):
    r""":math:`y = a^b` with a tensor exponent (broadcasting).

    :math:`\partial y / \partial b = a^b \log a` is NaN for negative :math:`a`, as in PyTorch;
    where :math:`a = 0` and :math:`b \ge 0` it is taken as 0 (PyTorch's convention), so
    ``0 ** b`` does not poison the exponent's gradient with ``0 * -inf``.
    """

    @staticmethod
    def forward(ctx: Context, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        broadcast_shape("pow", a.shape, b.shape)
        out = a**b
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx: Context, g: np.ndarray) -> tuple[np.ndarray | None, np.ndarray | None]:
        a, b, out = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        da = db = None
        with np.errstate(divide="ignore", invalid="ignore"):
            if need_a:
                local = np.where(b == 0, 0, b * a ** (b - 1))
                da = unbroadcast(g * local, a.shape)
            if need_b:
                local = np.where((a == 0) & (b >= 0), 0, out * np.log(a))
                db = unbroadcast(g * local, b.shape)
        return da, db


class PowScalar(Function):
    r""":math:`y = a^p` for a Python number :math:`p`; :math:`\partial a = g\,p\,a^{p-1}`.

    Examples
    --------
    >>> from dlnotes.autograd import Tensor
    >>> a = Tensor([3.0], requires_grad=True)
    >>> PowScalar.apply(a, 2).sum().backward()
    >>> a.grad
    array([6.])
    """

    @staticmethod
    def forward(ctx: Context, a: np.ndarray, exponent: float) -> np.ndarray:
        ctx.save_for_backward(a)
        ctx.exponent = exponent
        # A Python number keeps a float32 array float32 (NumPy treats it as "weak").
        return a**exponent

    @staticmethod
    def backward(ctx: Context, g: np.ndarray) -> tuple[np.ndarray, None]:
        (a,) = ctx.saved_tensors
        p = ctx.exponent
        if p == 0:
            return np.zeros_like(a), None
        return g * p * a ** (p - 1), None
