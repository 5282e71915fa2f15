"""Element-wise activations, softmax, log-softmax and log-sum-exp, forward and backward.

This file is the single home of these primitives in dlnotes: every module, loss, attention
layer and chapter package that needs a sigmoid, a softplus, a softmax (with or without a
mask), a log-softmax or a log-sum-exp calls the functions here.

Each activation comes as a pair ``<op>_forward(x, ...) -> (out, cache)`` and
``<op>_backward(grad_output, cache) -> grad_input``, plus a one-way helper under PyTorch's
functional name (``relu``, ``sigmoid``, ``softmax``, ``log_softmax``, ``logsumexp``, ...).
The caches are ``NamedTuple``\\ s. Softmax's backward is spelled out on its arguments,
``softmax_backward(grad_output, probs, dim)``, because attention layers call it on weights
they computed themselves; ``softmax_backward(g, *cache)`` works with a forward cache.

Every function keeps the input's floating dtype, never mutates its arguments, and is written
to stay finite for inputs of any magnitude (no ``exp`` of a large positive number is ever
taken). Forward kernels validate their input and take ``owner=``, the name put in error
messages (modules pass their class name).

Goodfellow et al., §6.3 (hidden units), §6.2.2 (output units) and §4.1 (overflow and
underflow: the stable softmax).
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import as_float_array, check_range, fail

__all__ = [
    "ReluCache",
    "relu_forward",
    "relu_backward",
    "relu",
    "LeakyReluCache",
    "leaky_relu_forward",
    "leaky_relu_backward",
    "leaky_relu",
    "SigmoidCache",
    "sigmoid_forward",
    "sigmoid_backward",
    "sigmoid",
    "TanhCache",
    "tanh_forward",
    "tanh_backward",
    "tanh",
    "SoftplusCache",
    "softplus_forward",
    "softplus_backward",
    "softplus",
    "GeluCache",
    "gelu_forward",
    "gelu_backward",
    "gelu",
    "SoftmaxCache",
    "softmax_forward",
    "softmax_backward",
    "softmax",
    "LogSoftmaxCache",
    "log_softmax_forward",
    "log_softmax_backward",
    "log_softmax",
    "LogsumexpCache",
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


class ReluCache(NamedTuple):
    """What :func:`relu_backward` needs: the boolean mask of positive inputs."""

    mask: np.ndarray


def relu_forward(x: np.ndarray, *, owner: str = "relu") -> tuple[np.ndarray, ReluCache]:
    """Rectified linear unit, ``max(0, x)`` (Goodfellow et al., §6.3.1).

    Parameters
    ----------
    x : numpy.ndarray
        Any shape.
    owner : str
        Name used in error messages.

    Returns
    -------
    out : numpy.ndarray
        Same shape and dtype as ``x``.
    cache : ReluCache
        The boolean mask ``x > 0`` for :func:`relu_backward`.

    Shape
    -----
    Input ``(*)``, output the same shape.

    Examples
    --------
    >>> out, cache = relu_forward(np.array([-1.0, 0.0, 2.0]))
    >>> out
    array([0., 0., 2.])
    """
    x = as_float_array(owner, x)
    mask = x > 0
    return np.maximum(x, x.dtype.type(0)), ReluCache(mask)


def relu_backward(grad_output: np.ndarray, cache: ReluCache) -> np.ndarray:
    """Gradient of ReLU: ``grad_output * [x > 0]``; the derivative at 0 is 0, as in PyTorch.

    Shape
    -----
    ``grad_output`` has the forward input's shape; so has the result.

    Examples
    --------
    >>> _, cache = relu_forward(np.array([-1.0, 0.0, 2.0]))
    >>> relu_backward(np.array([5.0, 5.0, 5.0]), cache)
    array([0., 0., 5.])
    """
    return grad_output * cache.mask


def relu(x: np.ndarray) -> np.ndarray:
    """One-way ReLU, ``max(0, x)``.

    Shape
    -----
    Input ``(*)``, output the same shape.

    Examples
    --------
    >>> relu(np.array([-3.0, 3.0]))
    array([0., 3.])
    """
    return relu_forward(x)[0]


class LeakyReluCache(NamedTuple):
    """What :func:`leaky_relu_backward` needs."""

    positive: np.ndarray
    negative_slope: float


def leaky_relu_forward(
    x: np.ndarray, negative_slope: float = 0.01, *, owner: str = "leaky_relu"
) -> tuple[np.ndarray, LeakyReluCache]:
    """Leaky ReLU, ``x`` for ``x > 0`` and ``negative_slope * x`` otherwise (§6.3.1).

    Shape
    -----
    Input ``(*)``, output the same shape.

    Examples
    --------
    >>> leaky_relu_forward(np.array([-2.0, 3.0]), 0.1)[0]
    array([-0.2,  3. ])
    """
    x = as_float_array(owner, x)
    slope = check_range(owner, "negative_slope", negative_slope)
    positive = x > 0
    out = np.where(positive, x, x * slope)
    return out, LeakyReluCache(positive, slope)


def leaky_relu_backward(grad_output: np.ndarray, cache: LeakyReluCache) -> np.ndarray:
    """Gradient of leaky ReLU: ``grad_output`` where ``x > 0``, else ``negative_slope`` times it.

    Shape
    -----
    ``grad_output`` has the forward input's shape; so has the result.

    Examples
    --------
    >>> _, cache = leaky_relu_forward(np.array([-2.0, 3.0]), 0.1)
    >>> leaky_relu_backward(np.array([1.0, 1.0]), cache)
    array([0.1, 1. ])
    """
    # The slope is a Python float, so float32 gradients stay float32 (NumPy's weak scalars).
    return np.where(cache.positive, grad_output, grad_output * cache.negative_slope)


def leaky_relu(x: np.ndarray, negative_slope: float = 0.01) -> np.ndarray:
    """One-way leaky ReLU.

    Shape
    -----
    Input ``(*)``, output the same shape.

    Examples
    --------
    >>> leaky_relu(np.array([-1.0]), 0.5)
    array([-0.5])
    """
    return leaky_relu_forward(x, negative_slope)[0]


# --- sigmoid and tanh -------------------------------------------------------------------------


class SigmoidCache(NamedTuple):
    r"""What :func:`sigmoid_backward` needs: the output (:math:`\sigma' = \sigma(1-\sigma)`)."""

    out: np.ndarray


def sigmoid_forward(x: np.ndarray, *, owner: str = "sigmoid") -> tuple[np.ndarray, SigmoidCache]:
    r"""Logistic sigmoid, :math:`\sigma(x) = 1 / (1 + e^{-x})` (Goodfellow et al., §3.10).

    Computed as written, branch-free (several times faster than a two-branch form built on
    :math:`e^{-|x|}`), with full relative accuracy in both tails. Where :math:`e^{-x}`
    overflows to ``inf`` the result is exactly 0; the true value there is below the smallest
    normal number of the dtype, so the overflow warning is silenced rather than avoided.

    Returns
    -------
    out : numpy.ndarray
        Same shape and dtype as ``x``.
    cache : SigmoidCache
        ``out`` itself, since :math:`\sigma' = \sigma (1 - \sigma)`.

    Shape
    -----
    Input ``(*)``, output the same shape.

    Examples
    --------
    >>> sigmoid_forward(np.array([-1000.0, 0.0, 1000.0]))[0]
    array([0. , 0.5, 1. ])
    """
    x = as_float_array(owner, x)
    with np.errstate(over="ignore"):
        out = 1 / (1 + np.exp(-x))
    return out, SigmoidCache(out)


def sigmoid_backward(grad_output: np.ndarray, cache: SigmoidCache) -> np.ndarray:
    """Gradient of the sigmoid: ``grad_output * s * (1 - s)``.

    Shape
    -----
    ``grad_output`` has the forward input's shape; so has the result.

    Examples
    --------
    >>> _, cache = sigmoid_forward(np.array([0.0]))
    >>> sigmoid_backward(np.array([1.0]), cache)
    array([0.25])
    """
    s = cache.out
    return grad_output * s * (1 - s)


def sigmoid(x: np.ndarray) -> np.ndarray:
    """One-way logistic sigmoid.

    Shape
    -----
    Input ``(*)``, output the same shape.

    Examples
    --------
    >>> sigmoid(np.array([0.0]))
    array([0.5])
    """
    return sigmoid_forward(x)[0]


class TanhCache(NamedTuple):
    """What :func:`tanh_backward` needs: the output, since tanh' = 1 - tanh²."""

    out: np.ndarray


def tanh_forward(x: np.ndarray, *, owner: str = "tanh") -> tuple[np.ndarray, TanhCache]:
    """Hyperbolic tangent (Goodfellow et al., §6.3.2); the cache is the output.

    Shape
    -----
    Input ``(*)``, output the same shape.

    Examples
    --------
    >>> tanh_forward(np.array([0.0]))[0]
    array([0.])
    """
    out = np.tanh(as_float_array(owner, x))
    return out, TanhCache(out)


def tanh_backward(grad_output: np.ndarray, cache: TanhCache) -> np.ndarray:
    """Gradient of tanh: ``grad_output * (1 - tanh(x)**2)``.

    Shape
    -----
    ``grad_output`` has the forward input's shape; so has the result.

    Examples
    --------
    >>> _, cache = tanh_forward(np.array([0.0]))
    >>> tanh_backward(np.array([3.0]), cache)
    array([3.])
    """
    t = cache.out
    return grad_output * (1 - t * t)


def tanh(x: np.ndarray) -> np.ndarray:
    """One-way hyperbolic tangent.

    Shape
    -----
    Input ``(*)``, output the same shape.

    Examples
    --------
    >>> tanh(np.array([0.0]))
    array([0.])
    """
    return tanh_forward(x)[0]


# --- softplus and GELU -------------------------------------------------------------------------


class SoftplusCache(NamedTuple):
    """What :func:`softplus_backward` needs: ``beta * x`` and where the identity is used."""

    beta_x: np.ndarray
    linear: np.ndarray


def softplus_forward(
    x: np.ndarray, beta: float = 1.0, threshold: float = 20.0, *, owner: str = "softplus"
) -> tuple[np.ndarray, SoftplusCache]:
    r"""Softplus, :math:`\frac{1}{\beta}\log(1 + e^{\beta x})` (Goodfellow et al., §3.10, §6.3.3).

    As in PyTorch, the function reverts to the identity where :math:`\beta x >` ``threshold``.
    Elsewhere it is evaluated as :math:`\max(\beta x, 0) + \log(1 + e^{-|\beta x|})`, which never
    overflows.

    Shape
    -----
    Input ``(*)``, output the same shape.

    Examples
    --------
    >>> np.round(softplus_forward(np.array([0.0, 30.0]))[0], 6)
    array([ 0.693147, 30.      ])
    """
    x = as_float_array(owner, x)
    beta = check_range(owner, "beta", beta, 0.0, low_inclusive=False)
    threshold = check_range(owner, "threshold", threshold)
    bx = x * x.dtype.type(beta)
    linear = bx > threshold
    smooth = (np.maximum(bx, 0) + np.log1p(np.exp(-np.abs(bx)))) / x.dtype.type(beta)
    out = np.where(linear, x, smooth)
    return out, SoftplusCache(bx, linear)


def softplus_backward(grad_output: np.ndarray, cache: SoftplusCache) -> np.ndarray:
    r"""Gradient of softplus: :math:`\sigma(\beta x)` below the threshold, 1 above it.

    Shape
    -----
    ``grad_output`` has the forward input's shape; so has the result.

    Examples
    --------
    >>> _, cache = softplus_forward(np.array([0.0]))
    >>> softplus_backward(np.array([2.0]), cache)
    array([1.])
    """
    bx = cache.beta_x
    return grad_output * np.where(cache.linear, 1, sigmoid(bx)).astype(bx.dtype, copy=False)


def softplus(x: np.ndarray, beta: float = 1.0, threshold: float = 20.0) -> np.ndarray:
    """One-way softplus.

    Shape
    -----
    Input ``(*)``, output the same shape.

    Examples
    --------
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


class GeluCache(NamedTuple):
    """What :func:`gelu_backward` needs; ``cdf`` is set for the exact form, ``tanh_inner``
    for the tanh approximation (the other is ``None``)."""

    x: np.ndarray
    cdf: np.ndarray | None
    tanh_inner: np.ndarray | None


def gelu_forward(
    x: np.ndarray, approximate: str = "none", *, owner: str = "gelu"
) -> tuple[np.ndarray, GeluCache]:
    r"""Gaussian error linear unit, :math:`x\,\Phi(x)` with :math:`\Phi` the standard normal CDF.

    ``approximate="none"`` (PyTorch's default) uses the exact
    :math:`\Phi(x) = \tfrac12 (1 + \operatorname{erf}(x/\sqrt 2))`; ``approximate="tanh"`` uses
    :math:`\tfrac12 (1 + \tanh(\sqrt{2/\pi}(x + 0.044715 x^3)))`, as PyTorch does.
    Goodfellow et al., §3.9.3 (the normal distribution) and §6.3 (hidden units).

    Shape
    -----
    Input ``(*)``, output the same shape.

    Examples
    --------
    >>> np.round(gelu_forward(np.array([-1.0, 0.0, 1.0]))[0], 6)
    array([-0.158655,  0.      ,  0.841345])
    """
    x = as_float_array(owner, x)
    if approximate not in _GELU_MODES:
        fail(owner, f"approximate in {_GELU_MODES}", repr(approximate))
    t = x.dtype.type
    if approximate == "none":
        cdf = t(0.5) * (1 + _erf(x * t(1 / math.sqrt(2))))
        return x * cdf, GeluCache(x, cdf, None)
    inner = t(math.sqrt(2 / math.pi)) * (x + t(0.044715) * x**3)
    th = np.tanh(inner)
    return t(0.5) * x * (1 + th), GeluCache(x, None, th)


def gelu_backward(grad_output: np.ndarray, cache: GeluCache) -> np.ndarray:
    r"""Gradient of GELU: :math:`\Phi(x) + x\,\varphi(x)` (exact form) or the derivative of the
    tanh approximation.

    Shape
    -----
    ``grad_output`` has the forward input's shape; so has the result.

    Examples
    --------
    >>> _, cache = gelu_forward(np.array([0.0]))
    >>> gelu_backward(np.array([1.0]), cache)
    array([0.5])
    """
    x, cdf, th = cache
    t = x.dtype.type
    if cdf is not None:
        pdf = np.exp(t(-0.5) * x * x) * t(1 / math.sqrt(2 * math.pi))
        return grad_output * (cdf + x * pdf)
    assert th is not None  # the tanh form stored tanh_inner
    c = t(math.sqrt(2 / math.pi))
    dinner = c * (1 + t(3 * 0.044715) * x * x)
    return grad_output * (t(0.5) * (1 + th) + t(0.5) * x * (1 - th * th) * dinner)


def gelu(x: np.ndarray, approximate: str = "none") -> np.ndarray:
    """One-way GELU.

    Shape
    -----
    Input ``(*)``, output the same shape.

    Examples
    --------
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


def _check_mask(owner: str, x: np.ndarray, mask: Any) -> np.ndarray:
    """Return ``mask`` as a boolean array broadcastable to ``x`` (without enlarging ``x``)."""
    mask = np.asarray(mask)
    if mask.dtype != np.bool_:
        fail(
            owner,
            "a boolean mask (True where an entry takes part)",
            f"dtype {mask.dtype}",
            TypeError,
        )
    try:
        fits = np.broadcast_shapes(mask.shape, x.shape) == x.shape
    except ValueError:
        fits = False
    if not fits:
        fail(owner, f"mask broadcastable to the input's shape {tuple(x.shape)}", tuple(mask.shape))
    return mask


class SoftmaxCache(NamedTuple):
    """What :func:`softmax_backward` needs, in its order: ``softmax_backward(g, *cache)``."""

    probs: np.ndarray
    dim: int


def softmax_forward(
    x: np.ndarray, dim: int = -1, mask: np.ndarray | None = None, *, owner: str = "softmax"
) -> tuple[np.ndarray, SoftmaxCache]:
    r"""Softmax along ``dim``, :math:`\mathrm{softmax}(x)_i = e^{x_i} / \sum_j e^{x_j}`,
    optionally over the entries a boolean ``mask`` selects.

    The maximum along ``dim`` is subtracted first; the result is unchanged (softmax is
    invariant to adding a constant) and no exponential overflows (Goodfellow et al., §4.1,
    §6.2.2.3).

    With a ``mask`` (``True`` where an entry takes part), the softmax runs over the selected
    entries only and every masked-out entry gets probability exactly 0: the same numbers as
    filling the masked entries with ``-inf`` before PyTorch's ``softmax``. The one
    difference is a slice with *no* selected entry (or whose selected entries are all
    ``-inf``): PyTorch's ``softmax`` returns NaN there, this kernel returns zeros, as
    ``torch.nn.functional.scaled_dot_product_attention`` does for a query that may attend
    to nothing; the gradient through such a slice is zero. Without a mask the kernel is
    exactly PyTorch's ``softmax`` (a slice of all ``-inf`` gives NaN).

    Parameters
    ----------
    x : numpy.ndarray
        Scores, any shape.
    dim : int
        Axis along which the probabilities sum to one.
    mask : numpy.ndarray of bool, optional
        Broadcastable to ``x.shape``; ``True`` where an entry takes part.
    owner : str
        Name used in error messages.

    Returns
    -------
    probs : numpy.ndarray
        Same shape and dtype as ``x``.
    cache : SoftmaxCache
        ``(probs, dim)``, for :func:`softmax_backward`.

    Shape
    -----
    Input ``(*)``, output the same shape; ``mask`` broadcastable to the input.

    Examples
    --------
    >>> np.round(softmax_forward(np.array([[1000.0, 1000.0, -np.inf]]), dim=1)[0], 3)
    array([[0.5, 0.5, 0. ]])
    >>> softmax_forward(np.zeros((2, 3)), mask=np.array([[True, True, False], [False] * 3]))[0]
    array([[0.5, 0.5, 0. ],
           [0. , 0. , 0. ]])
    """
    x = as_float_array(owner, x)
    axis = _check_dim(owner, x, dim)
    if mask is None:
        e = np.exp(x - _shifted_max(x, axis))
        probs = e / e.sum(axis=axis, keepdims=True)
        return probs, SoftmaxCache(probs, axis)
    keep = _check_mask(owner, x, mask)
    scores = np.where(keep, x, x.dtype.type(-np.inf))
    e = np.exp(scores - _shifted_max(scores, axis))
    total = e.sum(axis=axis, keepdims=True)
    # Slices with nothing selected keep the zeros of ``out`` instead of computing 0 / 0.
    probs = np.divide(e, total, out=np.zeros_like(e), where=total > 0)
    return probs, SoftmaxCache(probs, axis)


def softmax_backward(grad_output: np.ndarray, probs: np.ndarray, dim: int = -1) -> np.ndarray:
    r"""Vector-Jacobian product of softmax: :math:`y \odot (g - \langle g, y \rangle)`.

    The one softmax backward of dlnotes: ``probs`` is the softmax output :math:`y` (masked or
    not; a masked-out entry has :math:`y = 0` and so gets zero gradient) and the inner
    product runs along ``dim``. With a forward cache, call ``softmax_backward(g, *cache)``.

    Shape
    -----
    ``grad_output`` and ``probs`` of one shape; the result has that shape too.

    Examples
    --------
    >>> _, cache = softmax_forward(np.array([0.0, 0.0]))
    >>> softmax_backward(np.array([1.0, 0.0]), *cache)
    array([ 0.25, -0.25])
    >>> softmax_backward(np.array([[1.0, 0.0]]), np.array([[0.5, 0.5]]), dim=1)
    array([[ 0.25, -0.25]])
    """
    return probs * (grad_output - np.sum(grad_output * probs, axis=dim, keepdims=True))


def softmax(
    x: np.ndarray, dim: int = -1, mask: np.ndarray | None = None, *, owner: str = "softmax"
) -> np.ndarray:
    """One-way softmax along ``dim``, over the entries ``mask`` selects if one is given
    (see :func:`softmax_forward`).

    Shape
    -----
    Input ``(*)``, output the same shape; ``mask`` broadcastable to the input.

    Examples
    --------
    >>> softmax(np.array([0.0, np.log(3.0)]))
    array([0.25, 0.75])
    >>> softmax(np.array([0.0, 5.0, 0.0]), mask=np.array([True, False, True]))
    array([0.5, 0. , 0.5])
    """
    return softmax_forward(x, dim, mask, owner=owner)[0]


class LogSoftmaxCache(NamedTuple):
    """What :func:`log_softmax_backward` needs: the output and the axis."""

    out: np.ndarray
    dim: int


def log_softmax_forward(
    x: np.ndarray, dim: int = -1, *, owner: str = "log_softmax"
) -> tuple[np.ndarray, LogSoftmaxCache]:
    r"""Log-softmax along ``dim``, :math:`x_i - \log\sum_j e^{x_j}`, computed without
    forming the softmax (so ``log(0)`` never occurs; Goodfellow et al., §6.2.2.3).

    Shape
    -----
    Input ``(*)``, output the same shape.

    Examples
    --------
    >>> log_softmax_forward(np.array([0.0, 50.0]))[0]
    array([-50.,   0.])
    """
    x = as_float_array(owner, x)
    axis = _check_dim(owner, x, dim)
    shifted = x - _shifted_max(x, axis)
    out = shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
    return out, LogSoftmaxCache(out, axis)


def log_softmax_backward(grad_output: np.ndarray, cache: LogSoftmaxCache) -> np.ndarray:
    r"""Vector-Jacobian product of log-softmax: :math:`g - \mathrm{softmax}(x) \sum_j g_j`.

    Shape
    -----
    ``grad_output`` has the forward input's shape; so has the result.

    Examples
    --------
    >>> _, cache = log_softmax_forward(np.array([0.0, 0.0]))
    >>> log_softmax_backward(np.array([1.0, 0.0]), cache)
    array([ 0.5, -0.5])
    """
    out, axis = cache
    return grad_output - np.exp(out) * np.sum(grad_output, axis=axis, keepdims=True)


def log_softmax(x: np.ndarray, dim: int = -1) -> np.ndarray:
    """One-way log-softmax along ``dim``.

    Shape
    -----
    Input ``(*)``, output the same shape.

    Examples
    --------
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


class LogsumexpCache(NamedTuple):
    """What :func:`logsumexp_backward` needs."""

    x: np.ndarray
    kept: np.ndarray
    axes: tuple[int, ...]
    keepdim: bool


def logsumexp_forward(
    x: np.ndarray,
    dim: int | tuple[int, ...] | None = None,
    keepdim: bool = False,
    *,
    owner: str = "logsumexp",
) -> tuple[np.ndarray, LogsumexpCache]:
    r"""Log-sum-exp over ``dim``, :math:`m + \log\sum_i e^{x_i - m}` with :math:`m = \max_i x_i`.

    ``dim=None`` reduces over all elements. A slice of all ``-inf`` gives ``-inf``
    (Goodfellow et al., §4.1).

    Returns
    -------
    out : numpy.ndarray
        ``x`` with the reduced axes removed (kept with size 1 if ``keepdim``).
    cache : LogsumexpCache
        For :func:`logsumexp_backward`.

    Shape
    -----
    Input ``(*)``; output the input's shape without the axes in ``dim`` (size 1 there with
    ``keepdim=True``).

    Examples
    --------
    >>> round(float(logsumexp_forward(np.array([1000.0, 1000.0]))[0]) - 1000.0, 6)
    0.693147
    """
    x = as_float_array(owner, x)
    axes = _normalize_dims(owner, x, dim)
    m = _shifted_max(x, axes)
    with np.errstate(divide="ignore"):  # log(0) = -inf is the right answer for all -inf input
        kept = m + np.log(np.sum(np.exp(x - m), axis=axes, keepdims=True))
    out = kept if keepdim else np.squeeze(kept, axis=axes)
    return out, LogsumexpCache(x, kept, axes, keepdim)


def logsumexp_backward(grad_output: np.ndarray, cache: LogsumexpCache) -> np.ndarray:
    r"""Gradient of log-sum-exp: ``grad_output`` times the softmax over the reduced axes.

    Shape
    -----
    ``grad_output`` has the forward output's shape; the result has the input's shape.

    Examples
    --------
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

    Shape
    -----
    - arrays: as in ``logsumexp_forward``.

    Examples
    --------
    >>> logsumexp(np.array([[0.0, 0.0], [1.0, 1.0]]), dim=1)
    array([0.69314718, 1.69314718])
    """
    return logsumexp_forward(x, dim, keepdim)[0]
