"""Activation modules: thin stateful wrappers over the kernels in
:mod:`dlnotes.nn.functional.activation`.

Each module keeps the kernel's cache from the last ``forward`` and hands it to the backward
kernel. They have no parameters. ``dtype=None`` keeps the input's floating dtype; an explicit
``dtype`` casts inputs to it.

Goodfellow et al., §6.3 (hidden units) and §6.2.2 (output units).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from dlnotes._validation import (
    as_float_array,
    check_forward_called,
    check_range,
    fail,
    resolve_dtype,
)
from dlnotes.nn.functional import activation as A
from dlnotes.nn.module import Module

__all__ = ["ReLU", "LeakyReLU", "Sigmoid", "Tanh", "Softplus", "GELU", "Softmax", "LogSoftmax"]


class _Activation(Module):
    """Shared forward/backward plumbing: cast if asked, call the kernel pair.

    The forward kernel validates the input (and ``dim``) with ``owner`` set to the class name,
    so errors name the module and the checks run once.
    """

    _forward_kernel: Callable[..., tuple[np.ndarray, Any]]
    _backward_kernel: Callable[[np.ndarray, Any], np.ndarray]

    def __init__(self, dtype: Any = None) -> None:
        super().__init__()
        self._dtype = None if dtype is None else resolve_dtype(type(self).__name__, dtype)
        self._cache: Any = None
        self._out_shape: tuple[int, ...] | None = None
        self._out_dtype: np.dtype | None = None

    def _kernel_args(self) -> tuple:
        return ()

    def forward(self, x: Any) -> np.ndarray:
        """Apply the activation to ``x`` and keep what ``backward`` needs.

        Parameters
        ----------
        x : array_like
            Any shape (``Softmax``/``LogSoftmax``: at least the rank ``dim`` needs).

        Returns
        -------
        numpy.ndarray
            Same shape as ``x``, in ``x``'s floating dtype (or the module's ``dtype``).
        """
        name = type(self).__name__
        if self._dtype is not None:
            x = as_float_array(name, x).astype(self._dtype, copy=False)
        out, self._cache = type(self)._forward_kernel(x, *self._kernel_args(), owner=name)
        self._out_shape, self._out_dtype = out.shape, out.dtype
        return out

    def backward(self, grad_output: Any) -> np.ndarray:
        """Gradient of the loss with respect to the last forward input.

        Parameters
        ----------
        grad_output : array_like
            Gradient with respect to the output, of the output's shape.

        Returns
        -------
        numpy.ndarray
            Gradient with respect to the input, in the forward's dtype.
        """
        name = type(self).__name__
        cache = check_forward_called(name, self._cache)
        grad = as_float_array(name, grad_output, "grad_output")
        if grad.shape != self._out_shape:
            fail(name, f"grad_output of shape {self._out_shape}", tuple(grad.shape))
        # Stay in the forward's dtype (no silent float32 -> float64 upcast).
        grad = grad.astype(self._out_dtype, copy=False)
        return type(self)._backward_kernel(grad, cache)


class ReLU(_Activation):
    """Rectified linear unit, ``max(0, x)``, with ReLU'(0) = 0 as in PyTorch (§6.3.1).

    Shape
    -----
    Input ``(*)``, output the same shape.

    Examples
    --------
    >>> act = ReLU()
    >>> act(np.array([-1.0, 0.0, 2.0])), act.backward(np.ones(3))
    (array([0., 0., 2.]), array([0., 0., 1.]))
    """

    _forward_kernel = staticmethod(A.relu_forward)
    _backward_kernel = staticmethod(A.relu_backward)


class LeakyReLU(_Activation):
    """Leaky ReLU: ``x`` for ``x > 0``, ``negative_slope * x`` otherwise (§6.3.1).

    Shape
    -----
    Input ``(*)``, output the same shape.

    Examples
    --------
    >>> LeakyReLU(0.1)(np.array([-2.0, 2.0]))
    array([-0.2,  2. ])
    """

    _forward_kernel = staticmethod(A.leaky_relu_forward)
    _backward_kernel = staticmethod(A.leaky_relu_backward)

    def __init__(self, negative_slope: float = 0.01, dtype: Any = None) -> None:
        super().__init__(dtype)
        self.negative_slope = check_range("LeakyReLU", "negative_slope", negative_slope)

    def _kernel_args(self) -> tuple:
        return (self.negative_slope,)

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}"


class Sigmoid(_Activation):
    r"""Logistic sigmoid :math:`1/(1+e^{-x})`, overflow-free (§3.10, §6.2.2.2).

    Shape
    -----
    Input ``(*)``, output the same shape.

    Examples
    --------
    >>> Sigmoid()(np.array([0.0]))
    array([0.5])
    """

    _forward_kernel = staticmethod(A.sigmoid_forward)
    _backward_kernel = staticmethod(A.sigmoid_backward)


class Tanh(_Activation):
    """Hyperbolic tangent (§6.3.2).

    Shape
    -----
    Input ``(*)``, output the same shape.

    Examples
    --------
    >>> Tanh()(np.array([0.0]))
    array([0.])
    """

    _forward_kernel = staticmethod(A.tanh_forward)
    _backward_kernel = staticmethod(A.tanh_backward)


class Softplus(_Activation):
    r"""Softplus :math:`\frac1\beta\log(1+e^{\beta x})`, linear where :math:`\beta x >`
    ``threshold`` (as PyTorch) (§3.10, §6.3.3).

    Shape
    -----
    Input ``(*)``, output the same shape.

    Examples
    --------
    >>> np.round(Softplus()(np.array([0.0])), 6)
    array([0.693147])
    """

    _forward_kernel = staticmethod(A.softplus_forward)
    _backward_kernel = staticmethod(A.softplus_backward)

    def __init__(self, beta: float = 1.0, threshold: float = 20.0, dtype: Any = None) -> None:
        super().__init__(dtype)
        self.beta = check_range("Softplus", "beta", beta, 0.0, low_inclusive=False)
        self.threshold = check_range("Softplus", "threshold", threshold)

    def _kernel_args(self) -> tuple:
        return (self.beta, self.threshold)

    def extra_repr(self) -> str:
        return f"beta={self.beta}, threshold={self.threshold}"


class GELU(_Activation):
    r"""Gaussian error linear unit :math:`x\Phi(x)`, exact (erf) by default, or
    ``approximate="tanh"`` (§3.9.3, §6.3).

    Shape
    -----
    Input ``(*)``, output the same shape.

    Examples
    --------
    >>> np.round(GELU()(np.array([1.0])), 6)
    array([0.841345])
    """

    _forward_kernel = staticmethod(A.gelu_forward)
    _backward_kernel = staticmethod(A.gelu_backward)

    def __init__(self, approximate: str = "none", dtype: Any = None) -> None:
        super().__init__(dtype)
        if approximate not in ("none", "tanh"):
            fail("GELU", "approximate in ('none', 'tanh')", repr(approximate))
        self.approximate = approximate

    def _kernel_args(self) -> tuple:
        return (self.approximate,)

    def extra_repr(self) -> str:
        return f"approximate={self.approximate!r}"


def _check_dim_arg(owner: str, dim: Any) -> int:
    if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)):
        fail(owner, "dim to be an integer", repr(dim), TypeError)
    return int(dim)


def _softmax_backward_from_cache(grad_output: np.ndarray, cache: A.SoftmaxCache) -> np.ndarray:
    return A.softmax_backward(grad_output, cache.probs, cache.dim)


class Softmax(_Activation):
    r"""Softmax along ``dim``, computed after subtracting the maximum (§4.1, §6.2.2.3).

    Unlike PyTorch, ``dim`` is required (PyTorch's implicit choice is deprecated there).

    Shape
    -----
    Input ``(*)``, output the same shape; slices along ``dim`` sum to 1.

    Examples
    --------
    >>> Softmax(dim=1)(np.array([[0.0, 0.0]]))
    array([[0.5, 0.5]])
    """

    _forward_kernel = staticmethod(A.softmax_forward)
    _backward_kernel = staticmethod(_softmax_backward_from_cache)

    def __init__(self, dim: int, dtype: Any = None) -> None:
        super().__init__(dtype)
        self.dim = _check_dim_arg("Softmax", dim)

    def _kernel_args(self) -> tuple:
        return (self.dim,)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class LogSoftmax(_Activation):
    r"""Log-softmax along ``dim``, :math:`x - \operatorname{logsumexp}(x)` (§6.2.2.3).

    Shape
    -----
    Input ``(*)``, output the same shape.

    Examples
    --------
    >>> LogSoftmax(dim=-1)(np.array([0.0, 50.0]))
    array([-50.,   0.])
    """

    _forward_kernel = staticmethod(A.log_softmax_forward)
    _backward_kernel = staticmethod(A.log_softmax_backward)

    def __init__(self, dim: int, dtype: Any = None) -> None:
        super().__init__(dtype)
        self.dim = _check_dim_arg("LogSoftmax", dim)

    def _kernel_args(self) -> tuple:
        return (self.dim,)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"
