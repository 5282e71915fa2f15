"""Element-wise activations, softmax, log-softmax and log-sum-exp, forward and backward.

Each activation comes as a pair ``<op>_forward(x, ...) -> (out, cache)`` and
``<op>_backward(grad_output, cache) -> grad_input``, plus a one-way helper under PyTorch's
functional name (``relu``, ``sigmoid``, ``softmax``, ``log_softmax``, ``logsumexp``, ...).
Every function keeps the input's floating dtype, never mutates its arguments, and is written to
stay finite for inputs of any magnitude (no ``exp`` of a large positive number is ever taken).

Goodfellow et al., §6.3 (hidden units), §6.2.2 (output units) and §4.1 (overflow and
underflow: the stable softmax).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_range, fail

__all__ = [
    "relu_forward",
    "relu_backward",
    "relu",
    "leaky_relu_forward",
    "leaky_relu_backward",
    "leaky_relu",
    "sigmoid_forward",
    "sigmoid_backward",
    "sigmoid",
    "tanh_forward",
    "tanh_backward",
    "tanh",
    "softplus_forward",
    "softplus_backward",
    "softplus",
    "gelu_forward",
    "gelu_backward",
    "gelu",
    "softmax_forward",
    "softmax_backward",
    "softmax",
    "log_softmax_forward",
    "log_softmax_backward",
    "log_softmax",
    "logsumexp_forward",
    "logsumexp_backward",
    "logsumexp",
]


def _check_dim(owner: str, x: np.ndarray, dim: Any) -> int:
    """Return ``dim`` as a non-negative axis of ``x`` or raise."""
    if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)):
        fail(owner, "dim to be an integer", repr(dim), TypeError)
    ndim = max(x.ndim, 1)
    if not -ndim <= dim < ndim:
        fail(owner, f"dim in [{-ndim}, {ndim - 1}] for input of shape {tuple(x.shape)}", dim)
    return int(dim) % ndim


# --- ReLU and leaky ReLU -------------------------------------------------------------------


def relu_forward(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rectified linear unit, ``max(0, x)`` (Goodfellow et al., §6.3.1).

    Parameters
    ----------
    x : numpy.ndarray
        Any shape.

    Returns
    -------
    out : numpy.ndarray
        Same shape and dtype as ``x``.
    cache : numpy.ndarray
        Boolean mask ``x > 0`` for :func:`relu_backward`.

    Examples
    --------
    >>> out, cache = relu_forward(np.array([-1.0, 0.0, 2.0]))
    >>> out
    array([0., 0., 2.])
    """
    x = as_float_array("relu", x)
    mask = x > 0
    return np.maximum(x, x.dtype.type(0)), mask


def relu_backward(grad_output: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """Gradient of ReLU: ``grad_output * [x > 0]``; the derivative at 0 is 0, as in PyTorch.

    Examples
    --------
    >>> _, cache = relu_forward(np.array([-1.0, 0.0, 2.0]))
    >>> relu_backward(np.array([5.0, 5.0, 5.0]), cache)
    array([0., 0., 5.])
    """
    return grad_output * cache


def relu(x: np.ndarray) -> np.ndarray:
    """One-way ReLU, ``max(0, x)``.

    >>> relu(np.array([-3.0, 3.0]))
    array([0., 3.])
    """
    return relu_forward(x)[0]


def leaky_relu_forward(x: np.ndarray, negative_slope: float = 0.01) -> tuple[np.ndarray, tuple]:
    """Leaky ReLU, ``x`` for ``x > 0`` and ``negative_slope * x`` otherwise (§6.3.1).

    Examples
    --------
    >>> leaky_relu_forward(np.array([-2.0, 3.0]), 0.1)[0]
    array([-0.2,  3. ])
    """
    x = as_float_array("leaky_relu", x)
    slope = check_range("leaky_relu", "negative_slope", negative_slope)
    positive = x > 0
    out = np.where(positive, x, x * slope)
    return out, (positive, slope)


def leaky_relu_backward(grad_output: np.ndarray, cache: tuple) -> np.ndarray:
    """Gradient of leaky ReLU: ``grad_output`` where ``x > 0``, else ``negative_slope`` times it.

    >>> _, cache = leaky_relu_forward(np.array([-2.0, 3.0]), 0.1)
    >>> leaky_relu_backward(np.array([1.0, 1.0]), cache)
    array([0.1, 1. ])
    """
    positive, slope = cache
    # slope is a Python float, so float32 gradients stay float32 (NumPy's weak scalars).
    return np.where(positive, grad_output, grad_output * slope)


def leaky_relu(x: np.ndarray, negative_slope: float = 0.01) -> np.ndarray:
    """One-way leaky ReLU.

    >>> leaky_relu(np.array([-1.0]), 0.5)
    array([-0.5])
    """
    return leaky_relu_forward(x, negative_slope)[0]


# --- sigmoid and tanh -------------------------------------------------------------------------


def sigmoid_forward(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""Logistic sigmoid, :math:`\sigma(x) = 1 / (1 + e^{-x})` (Goodfellow et al., §3.10).

    Computed as :math:`1/(1+e^{-|x|})` for ``x >= 0`` and :math:`e^{-|x|}/(1+e^{-|x|})` for
    ``x < 0``, so the exponential never overflows.

    Returns
    -------
    out : numpy.ndarray
        Same shape and dtype as ``x``.
    cache : numpy.ndarray
        ``out`` itself, since :math:`\sigma' = \sigma (1 - \sigma)`.

    Examples
    --------
    >>> sigmoid_forward(np.array([-1000.0, 0.0, 1000.0]))[0]
    array([0. , 0.5, 1. ])
    """
    x = as_float_array("sigmoid", x)
    e = np.exp(-np.abs(x))
    out = np.where(x >= 0, 1 / (1 + e), e / (1 + e))
    return out, out


def sigmoid_backward(grad_output: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """Gradient of the sigmoid: ``grad_output * s * (1 - s)``.

    >>> _, cache = sigmoid_forward(np.array([0.0]))
    >>> sigmoid_backward(np.array([1.0]), cache)
    array([0.25])
    """
    return grad_output * cache * (1 - cache)


def sigmoid(x: np.ndarray) -> np.ndarray:
    """One-way logistic sigmoid.

    >>> sigmoid(np.array([0.0]))
    array([0.5])
    """
    return sigmoid_forward(x)[0]


def tanh_forward(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hyperbolic tangent (Goodfellow et al., §6.3.2); the cache is the output.

    >>> tanh_forward(np.array([0.0]))[0]
    array([0.])
    """
    out = np.tanh(as_float_array("tanh", x))
    return out, out


def tanh_backward(grad_output: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """Gradient of tanh: ``grad_output * (1 - tanh(x)**2)``.

    >>> _, cache = tanh_forward(np.array([0.0]))
    >>> tanh_backward(np.array([3.0]), cache)
    array([3.])
    """
    return grad_output * (1 - cache * cache)


def tanh(x: np.ndarray) -> np.ndarray:
    """One-way hyperbolic tangent.

    >>> tanh(np.array([0.0]))
    array([0.])
    """
    return tanh_forward(x)[0]


# --- softplus and GELU -------------------------------------------------------------------------


def softplus_forward(
    x: np.ndarray, beta: float = 1.0, threshold: float = 20.0
) -> tuple[np.ndarray, tuple]:
    r"""Softplus, :math:`\frac{1}{\beta}\log(1 + e^{\beta x})` (Goodfellow et al., §3.10, §6.3.3).

    As in PyTorch, the function reverts to the identity where :math:`\beta x >` ``threshold``.
    Elsewhere it is evaluated as :math:`\max(\beta x, 0) + \log(1 + e^{-|\beta x|})`, which never
    overflows.

    Examples
    --------
    >>> np.round(softplus_forward(np.array([0.0, 30.0]))[0], 6)
    array([ 0.693147, 30.      ])
    """
    x = as_float_array("softplus", x)
    beta = check_range("softplus", "beta", beta, 0.0, low_inclusive=False)
    threshold = check_range("softplus", "threshold", threshold)
    bx = x * x.dtype.type(beta)
    linear = bx > threshold
    smooth = (np.maximum(bx, 0) + np.log1p(np.exp(-np.abs(bx)))) / x.dtype.type(beta)
    out = np.where(linear, x, smooth)
    return out, (bx, linear)


def softplus_backward(grad_output: np.ndarray, cache: tuple) -> np.ndarray:
    r"""Gradient of softplus: :math:`\sigma(\beta x)` below the threshold, 1 above it.

    >>> _, cache = softplus_forward(np.array([0.0]))
    >>> softplus_backward(np.array([2.0]), cache)
    array([1.])
    """
    bx, linear = cache
    return grad_output * np.where(linear, 1, sigmoid(bx)).astype(bx.dtype, copy=False)


def softplus(x: np.ndarray, beta: float = 1.0, threshold: float = 20.0) -> np.ndarray:
    """One-way softplus.

    >>> np.round(softplus(np.array([0.0])), 6)
    array([0.693147])
    """
    return softplus_forward(x, beta, threshold)[0]


def _erf(x: np.ndarray) -> np.ndarray:
    """The error function in the dtype of ``x``. SciPy is imported here, on first use, so
    that ``import dlnotes.nn`` needs NumPy only."""
    from scipy.special import erf

    return erf(x).astype(x.dtype, copy=False)


_GELU_MODES = ("none", "tanh")


def gelu_forward(x: np.ndarray, approximate: str = "none") -> tuple[np.ndarray, tuple]:
    r"""Gaussian error linear unit, :math:`x\,\Phi(x)` with :math:`\Phi` the standard normal CDF.

    ``approximate="none"`` (PyTorch's default) uses the exact
    :math:`\Phi(x) = \tfrac12 (1 + \operatorname{erf}(x/\sqrt 2))`; ``approximate="tanh"`` uses
    :math:`\tfrac12 (1 + \tanh(\sqrt{2/\pi}(x + 0.044715 x^3)))`, as PyTorch does.
    Goodfellow et al., §3.9.3 (the normal distribution) and §6.3 (hidden units).

    Examples
    --------
    >>> np.round(gelu_forward(np.array([-1.0, 0.0, 1.0]))[0], 6)
    array([-0.158655,  0.      ,  0.841345])
    """
    x = as_float_array("gelu", x)
    if approximate not in _GELU_MODES:
        fail("gelu", f"approximate in {_GELU_MODES}", repr(approximate))
    t = x.dtype.type
    if approximate == "none":
        cdf = t(0.5) * (1 + _erf(x * t(1 / math.sqrt(2))))
        return x * cdf, (x, cdf, None)
    inner = t(math.sqrt(2 / math.pi)) * (x + t(0.044715) * x**3)
    th = np.tanh(inner)
    return t(0.5) * x * (1 + th), (x, None, th)


def gelu_backward(grad_output: np.ndarray, cache: tuple) -> np.ndarray:
    r"""Gradient of GELU: :math:`\Phi(x) + x\,\varphi(x)` (exact form) or the derivative of the
    tanh approximation.

    >>> _, cache = gelu_forward(np.array([0.0]))
    >>> gelu_backward(np.array([1.0]), cache)
    array([0.5])
    """
    x, cdf, th = cache
    t = x.dtype.type
    if cdf is not None:
        pdf = np.exp(t(-0.5) * x * x) * t(1 / math.sqrt(2 * math.pi))
        return grad_output * (cdf + x * pdf)
    c = t(math.sqrt(2 / math.pi))
    dinner = c * (1 + t(3 * 0.044715) * x * x)
    return grad_output * (t(0.5) * (1 + th) + t(0.5) * x * (1 - th * th) * dinner)


def gelu(x: np.ndarray, approximate: str = "none") -> np.ndarray:
    """One-way GELU.

    >>> np.round(gelu(np.array([1.0])), 6)
    array([0.841345])
    """
    return gelu_forward(x, approximate)[0]


# --- softmax, log-softmax, log-sum-exp -------------------------------------------------------


def _shifted_max(x: np.ndarray, axis: int | tuple[int, ...] | None) -> np.ndarray:
    """Maximum along ``axis`` (kept), with non-finite maxima replaced by 0 so that a slice of
    all ``-inf`` yields ``-inf`` (not NaN) after the shift."""
    m = np.max(x, axis=axis, keepdims=True)
    return np.where(np.isfinite(m), m, 0).astype(x.dtype, copy=False)


def softmax_forward(x: np.ndarray, dim: int = -1) -> tuple[np.ndarray, tuple]:
    r"""Softmax along ``dim``, :math:`\mathrm{softmax}(x)_i = e^{x_i} / \sum_j e^{x_j}`.

    The row maximum is subtracted first; the result is unchanged (softmax is invariant to
    adding a constant) and no exponential overflows (Goodfellow et al., §4.1, §6.2.2.3).

    Shape
    -----
    Output has the shape and dtype of ``x``.

    Examples
    --------
    >>> np.round(softmax_forward(np.array([[1000.0, 1000.0, -np.inf]]), dim=1)[0], 3)
    array([[0.5, 0.5, 0. ]])
    """
    x = as_float_array("softmax", x)
    axis = _check_dim("softmax", x, dim)
    e = np.exp(x - _shifted_max(x, axis))
    out = e / e.sum(axis=axis, keepdims=True)
    return out, (out, axis)


def softmax_backward(grad_output: np.ndarray, cache: tuple) -> np.ndarray:
    r"""Jacobian-vector product of softmax: :math:`y \odot (g - \langle g, y \rangle)`.

    >>> _, cache = softmax_forward(np.array([0.0, 0.0]))
    >>> softmax_backward(np.array([1.0, 0.0]), cache)
    array([ 0.25, -0.25])
    """
    y, axis = cache
    return y * (grad_output - np.sum(grad_output * y, axis=axis, keepdims=True))


def softmax(x: np.ndarray, dim: int = -1) -> np.ndarray:
    """One-way softmax along ``dim``.

    >>> softmax(np.array([0.0, np.log(3.0)]))
    array([0.25, 0.75])
    """
    return softmax_forward(x, dim)[0]


def log_softmax_forward(x: np.ndarray, dim: int = -1) -> tuple[np.ndarray, tuple]:
    r"""Log-softmax along ``dim``, :math:`x_i - \log\sum_j e^{x_j}`, computed without
    forming the softmax (so ``log(0)`` never occurs; Goodfellow et al., §6.2.2.3).

    Examples
    --------
    >>> log_softmax_forward(np.array([0.0, 50.0]))[0]
    array([-50.,   0.])
    """
    x = as_float_array("log_softmax", x)
    axis = _check_dim("log_softmax", x, dim)
    shifted = x - _shifted_max(x, axis)
    out = shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
    return out, (out, axis)


def log_softmax_backward(grad_output: np.ndarray, cache: tuple) -> np.ndarray:
    r"""Jacobian-vector product of log-softmax: :math:`g - \mathrm{softmax}(x) \sum_j g_j`.

    >>> _, cache = log_softmax_forward(np.array([0.0, 0.0]))
    >>> log_softmax_backward(np.array([1.0, 0.0]), cache)
    array([ 0.5, -0.5])
    """
    out, axis = cache
    return grad_output - np.exp(out) * np.sum(grad_output, axis=axis, keepdims=True)


def log_softmax(x: np.ndarray, dim: int = -1) -> np.ndarray:
    """One-way log-softmax along ``dim``.

    >>> log_softmax(np.array([0.0, 0.0]))
    array([-0.69314718, -0.69314718])
    """
    return log_softmax_forward(x, dim)[0]


def _normalize_dims(owner: str, x: np.ndarray, dim: Any) -> tuple[int, ...]:
    if dim is None:
        return tuple(range(x.ndim))
    dims = (dim,) if isinstance(dim, (int, np.integer)) and not isinstance(dim, bool) else dim
    try:
        axes = tuple(_check_dim(owner, x, d) for d in dims)
    except TypeError:
        fail(owner, "dim to be an int, a tuple of ints or None", repr(dim), TypeError)
    if len(set(axes)) != len(axes):
        fail(owner, "distinct dims", repr(dim))
    return axes


def logsumexp_forward(
    x: np.ndarray, dim: int | tuple[int, ...] | None = None, keepdim: bool = False
) -> tuple[np.ndarray, tuple]:
    r"""Log-sum-exp over ``dim``, :math:`m + \log\sum_i e^{x_i - m}` with :math:`m = \max_i x_i`.

    ``dim=None`` reduces over all elements. A slice of all ``-inf`` gives ``-inf``
    (Goodfellow et al., §4.1).

    Returns
    -------
    out : numpy.ndarray
        ``x`` with the reduced axes removed (kept with size 1 if ``keepdim``).
    cache : tuple
        For :func:`logsumexp_backward`.

    Examples
    --------
    >>> round(float(logsumexp_forward(np.array([1000.0, 1000.0]))[0]) - 1000.0, 6)
    0.693147
    """
    x = as_float_array("logsumexp", x)
    axes = _normalize_dims("logsumexp", x, dim)
    m = _shifted_max(x, axes)
    with np.errstate(divide="ignore"):  # log(0) = -inf is the right answer for all -inf input
        kept = m + np.log(np.sum(np.exp(x - m), axis=axes, keepdims=True))
    out = kept if keepdim else np.squeeze(kept, axis=axes)
    return out, (x, kept, axes, keepdim)


def logsumexp_backward(grad_output: np.ndarray, cache: tuple) -> np.ndarray:
    r"""Gradient of log-sum-exp: ``grad_output`` times the softmax over the reduced axes.

    >>> _, cache = logsumexp_forward(np.array([0.0, 0.0]))
    >>> logsumexp_backward(np.array(2.0), cache)
    array([1., 1.])
    """
    x, kept, axes, keepdim = cache
    g = np.asarray(grad_output)
    if not keepdim:
        g = np.expand_dims(g, axes)
    return g * np.exp(x - kept)


def logsumexp(
    x: np.ndarray, dim: int | tuple[int, ...] | None = None, keepdim: bool = False
) -> np.ndarray:
    """One-way log-sum-exp over ``dim`` (all elements if ``None``).

    >>> logsumexp(np.array([[0.0, 0.0], [1.0, 1.0]]), dim=1)
    array([0.69314718, 1.69314718])
    """
    return logsumexp_forward(x, dim, keepdim)[0]
