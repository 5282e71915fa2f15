"""Loss functions with PyTorch's formulas and reductions, forward and backward.

Every ``<loss>_forward(input, target, reduction=...)`` returns ``(loss, cache)``: a 0-d array
for ``reduction="mean"`` or ``"sum"``, the element-wise losses for ``"none"``.
``<loss>_backward(grad_output, cache)`` returns the gradient with respect to ``input`` only
(targets are data, not parameters); ``grad_output`` may be ``None`` (meaning 1).

Cross-entropy works on logits through log-sum-exp: a logit gap of 50 gives a loss of 50, not a
value clipped by an epsilon inside a logarithm.

Goodfellow et al., §5.5 (maximum likelihood and cross-entropy), §6.2.1.1 (learning conditional
distributions), §6.2.2 (output units), §7.5.1 (label smoothing).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import as_float_array, check_range, check_same_shape, fail
from dlnotes.nn.functional.activation import log_softmax_forward, sigmoid, softplus

__all__ = [
    "CrossEntropyCache",
    "cross_entropy_forward",
    "cross_entropy_backward",
    "cross_entropy",
    "NllLossCache",
    "nll_loss_forward",
    "nll_loss_backward",
    "nll_loss",
    "MseLossCache",
    "mse_loss_forward",
    "mse_loss_backward",
    "mse_loss",
    "L1LossCache",
    "l1_loss_forward",
    "l1_loss_backward",
    "l1_loss",
    "BinaryCrossEntropyCache",
    "binary_cross_entropy_forward",
    "binary_cross_entropy_backward",
    "binary_cross_entropy",
    "BinaryCrossEntropyWithLogitsCache",
    "binary_cross_entropy_with_logits_forward",
    "binary_cross_entropy_with_logits_backward",
    "binary_cross_entropy_with_logits",
]

REDUCTIONS = ("mean", "sum", "none")

#: PyTorch's default ``ignore_index``: no class index is ever negative, so nothing is ignored.
IGNORE_INDEX = -100


# --- reductions, shared by every loss ------------------------------------------------------


def _check_reduction(owner: str, reduction: Any) -> str:
    if reduction not in REDUCTIONS:
        fail(owner, f"reduction in {REDUCTIONS}", repr(reduction))
    return reduction


def _reduce(elementwise: np.ndarray, reduction: str, divisor: int | None = None) -> np.ndarray:
    """Apply ``reduction``; a reduced loss is a 0-d array of the input dtype.

    ``"mean"`` divides by ``divisor`` (default: the number of element-wise losses); with
    ``divisor == 0`` the mean is NaN, as in PyTorch (0 / 0: nothing to average).
    """
    if reduction == "none":
        return elementwise
    total = elementwise.sum()
    if reduction == "mean":
        count = elementwise.size if divisor is None else divisor
        with np.errstate(invalid="ignore"):
            total = total / elementwise.dtype.type(count)
    return np.asarray(total, dtype=elementwise.dtype)


def _unreduce(
    owner: str,
    grad_output: Any,
    shape: tuple[int, ...],
    reduction: str,
    dtype: np.dtype,
    divisor: int | None = None,
) -> np.ndarray:
    """Gradient of the reduction: the upstream gradient spread over the element-wise losses.

    A mean over nothing (``divisor == 0``) passes a zero gradient, as PyTorch does.
    """
    if grad_output is None:
        g = np.ones((), dtype=dtype)
    else:
        # Cast to the loss dtype: a float64 0-d array would otherwise upcast float32 gradients.
        g = np.asarray(grad_output).astype(dtype, copy=False)
    expected = shape if reduction == "none" else ()
    if g.shape != expected:
        fail(owner, f"grad_output of shape {expected}", tuple(g.shape))
    if reduction == "mean":
        count = int(np.prod(shape)) if divisor is None else divisor
        g = g / dtype.type(count) if count > 0 else np.zeros_like(g)
    return np.broadcast_to(g, shape)


# --- class-index losses: cross-entropy and NLL ----------------------------------------------


def _check_ignore_index(owner: str, ignore_index: Any) -> int:
    if isinstance(ignore_index, bool) or not isinstance(ignore_index, (int, np.integer)):
        fail(owner, "ignore_index to be an integer", repr(ignore_index), TypeError)
    return int(ignore_index)


def _class_target(
    owner: str, input: np.ndarray, target: Any, ignore_index: int
) -> tuple[np.ndarray, np.ndarray | None]:
    """Validate integer class indices for ``input`` of shape ``(C,)``, ``(N, C)`` or
    ``(N, C, d1, ...)`` (classes on axis 1, as in PyTorch).

    Returns the targets and the boolean mask of positions that count (``None`` when every
    position counts, the common case, so no mask is built or applied).
    """
    target = np.asarray(target)
    if input.ndim == 0:
        fail(owner, "input of shape (C,), (N, C) or (N, C, d1, ...)", tuple(input.shape))
    if target.dtype.kind not in "iu":
        fail(owner, "target of integer class indices", f"dtype {target.dtype}", TypeError)
    expected = input.shape[:1] + input.shape[2:] if input.ndim >= 2 else ()
    if target.shape != expected:
        fail(
            owner,
            f"target of shape {expected} for input of shape {tuple(input.shape)}",
            tuple(target.shape),
        )
    num_classes = input.shape[1] if input.ndim >= 2 else input.shape[0]
    if not target.size:
        return target, None
    low, high = target.min(), target.max()
    if 0 <= low and high < num_classes and not (0 <= ignore_index < num_classes):
        return target, None  # nothing equals ignore_index: skip building the mask
    valid = target != ignore_index
    counted = target[valid]
    if counted.size and (counted.min() < 0 or counted.max() >= num_classes):
        fail(
            owner,
            f"class indices in [0, {num_classes - 1}] (or ignore_index={ignore_index})",
            f"values in [{counted.min()}, {counted.max()}]",
        )
    return target, (None if valid.all() else valid)


def _one_hot(target: np.ndarray, like: np.ndarray, valid: np.ndarray | None) -> np.ndarray:
    """One-hot encoding of ``target`` along the class axis of ``like`` (axis 1, or 0 if 1-D),
    with all-zero vectors at the positions ``valid`` excludes."""
    class_axis = 1 if like.ndim >= 2 else 0
    safe = target if valid is None else np.where(valid, target, 0)  # never index with ignored
    hot = np.zeros_like(like)
    np.put_along_axis(hot, np.expand_dims(safe, class_axis), 1, axis=class_axis)
    if valid is not None:
        hot *= np.expand_dims(valid, class_axis)
    return hot


class CrossEntropyCache(NamedTuple):
    """What :func:`cross_entropy_backward` needs.

    ``q`` is the (smoothed) target distribution at each position, all zeros where the target
    equals ``ignore_index``; ``divisor`` is the number of positions ``"mean"`` averages over.
    """

    log_p: np.ndarray
    q: np.ndarray
    class_axis: int
    reduction: str
    loss_shape: tuple[int, ...]
    divisor: int


def cross_entropy_forward(
    input: np.ndarray,
    target: np.ndarray,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
    ignore_index: int = IGNORE_INDEX,
    *,
    owner: str = "cross_entropy",
) -> tuple[np.ndarray, CrossEntropyCache]:
    r"""Softmax cross-entropy on logits, :math:`-\sum_c q_c \log\mathrm{softmax}(z)_c`.

    The target distribution :math:`q` is the one-hot vector of the class index, mixed with the
    uniform distribution by label smoothing as PyTorch does:
    :math:`q = (1-\varepsilon)\,\mathrm{onehot}(y) + \varepsilon / C`, so the loss is
    :math:`(1-\varepsilon)(-\log p_y) + \tfrac{\varepsilon}{C}\sum_c(-\log p_c)`.
    A floating ``target`` of the input's shape is read as class probabilities (smoothed the
    same way). ``log softmax`` is computed through log-sum-exp, so the loss stays exact for
    any logit gap (Goodfellow et al., §6.2.2.3; label smoothing §7.5.1).

    Positions whose class index equals ``ignore_index`` (padding, for instance) contribute
    nothing, smoothing term included, and ``"mean"`` averages over the other positions only,
    with PyTorch's semantics: if every position is ignored the mean is NaN and the gradient
    zero. ``ignore_index`` applies to class indices only; with probability targets it must
    keep its default, as in PyTorch.

    Parameters
    ----------
    input : numpy.ndarray
        Logits (unnormalised), classes on axis 1: ``(N, C)``, ``(C,)`` or ``(N, C, d1, ...)``.
    target : numpy.ndarray
        Integer class indices of shape ``(N,)``, ``()`` or ``(N, d1, ...)``; or probabilities of
        the input's shape.
    reduction : {"mean", "sum", "none"}
        ``"mean"`` averages over the ``N * d1 * ...`` positions not ignored.
    label_smoothing : float
        :math:`\varepsilon \in [0, 1]`.
    ignore_index : int
        Class index that marks a position to leave out (default -100, PyTorch's: no position).
    owner : str
        Name used in error messages.

    Returns
    -------
    loss : numpy.ndarray
        0-d, or shape ``(N, d1, ...)`` with ``reduction="none"`` (0 at ignored positions);
        dtype of ``input``.
    cache : CrossEntropyCache
        For :func:`cross_entropy_backward`.

    Shape
    -----
    - input: ``(N, C)``, ``(C,)`` or ``(N, C, d1, ...)``.
    - target: ``(N,)``, ``()`` or ``(N, d1, ...)`` integers; or floats of the input's shape.
    - loss: ``()``; ``(N,)``, ``()`` or ``(N, d1, ...)`` with ``reduction="none"``.

    Examples
    --------
    >>> loss, _ = cross_entropy_forward(np.array([[50.0, 0.0]]), np.array([1]))
    >>> loss
    array(50.)
    >>> logits = np.array([[50.0, 0.0], [0.0, 0.0]])
    >>> cross_entropy_forward(logits, np.array([-100, 1]))[0]  # the mean over one position
    array(0.69314718)
    """
    input = as_float_array(owner, input)
    reduction = _check_reduction(owner, reduction)
    eps = check_range(owner, "label_smoothing", label_smoothing, 0.0, 1.0)
    ignore_index = _check_ignore_index(owner, ignore_index)
    target_arr = np.asarray(target)
    class_axis = 1 if input.ndim >= 2 else 0
    valid: np.ndarray | None = None
    if target_arr.dtype.kind == "f":
        if target_arr.shape != input.shape:
            classes = input.shape[:1] + input.shape[2:] if input.ndim >= 2 else ()
            fail(
                owner,
                f"probability target of the input's shape {tuple(input.shape)} or integer "
                f"class indices of shape {classes}",
                f"a {target_arr.dtype} target of shape {tuple(target_arr.shape)}",
            )
        if ignore_index != IGNORE_INDEX:
            fail(owner, "ignore_index only with class-index targets", "a probability target")
        q = target_arr.astype(input.dtype, copy=False)
    else:
        target_arr, valid = _class_target(owner, input, target_arr, ignore_index)
        q = _one_hot(target_arr, input, valid)
    if eps > 0:
        q = q * input.dtype.type(1 - eps) + input.dtype.type(eps / input.shape[class_axis])
        if valid is not None:
            q *= np.expand_dims(valid, class_axis)
    log_p, _ = log_softmax_forward(input, class_axis, owner=owner)
    elementwise = -np.sum(q * log_p, axis=class_axis)
    divisor = elementwise.size if valid is None else int(valid.sum())
    cache = CrossEntropyCache(log_p, q, class_axis, reduction, elementwise.shape, divisor)
    return _reduce(elementwise, reduction, divisor), cache


def cross_entropy_backward(
    grad_output: np.ndarray | None,
    cache: CrossEntropyCache,
    *,
    owner: str = "cross_entropy_backward",
) -> np.ndarray:
    r"""Gradient of cross-entropy with respect to the logits:
    :math:`g \cdot (\mathrm{softmax}(z) \sum_c q_c - q)`, i.e. ``softmax - q`` for a proper
    target distribution, and 0 at an ignored position (where :math:`q = 0`).

    Shape
    -----
    ``grad_output``: ``()``, or the loss's shape with ``reduction="none"``; the result has the
    input's shape.

    Examples
    --------
    >>> _, cache = cross_entropy_forward(np.array([[0.0, 0.0]]), np.array([1]))
    >>> cross_entropy_backward(None, cache)
    array([[ 0.5, -0.5]])
    """
    log_p, q, class_axis = cache.log_p, cache.q, cache.class_axis
    g = _unreduce(owner, grad_output, cache.loss_shape, cache.reduction, log_p.dtype, cache.divisor)
    g = np.expand_dims(g, class_axis)
    p = np.exp(log_p)
    return g * (p * np.sum(q, axis=class_axis, keepdims=True) - q)


def cross_entropy(
    input: np.ndarray,
    target: np.ndarray,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
    ignore_index: int = IGNORE_INDEX,
) -> np.ndarray:
    """One-way cross-entropy on logits (see :func:`cross_entropy_forward`).

    Shape
    -----
    - arrays: as in ``cross_entropy_forward``.

    Examples
    --------
    >>> round(float(cross_entropy(np.zeros((1, 4)), np.array([2]))), 6)
    1.386294
    """
    return cross_entropy_forward(input, target, reduction, label_smoothing, ignore_index)[0]


class NllLossCache(NamedTuple):
    """What :func:`nll_loss_backward` needs; ``valid`` is ``None`` when no position is ignored."""

    input: np.ndarray
    target: np.ndarray
    valid: np.ndarray | None
    class_axis: int
    reduction: str
    divisor: int


def nll_loss_forward(
    input: np.ndarray,
    target: np.ndarray,
    reduction: str = "mean",
    ignore_index: int = IGNORE_INDEX,
    *,
    owner: str = "nll_loss",
) -> tuple[np.ndarray, NllLossCache]:
    r"""Negative log-likelihood :math:`-\log p_y` given log-probabilities (classes on axis 1).

    Combine with :func:`~dlnotes.nn.functional.activation.log_softmax` to get cross-entropy
    (Goodfellow et al., §5.5). Positions whose target equals ``ignore_index`` contribute
    nothing and ``"mean"`` averages over the others (NaN if there are none, as PyTorch).

    Parameters
    ----------
    input : numpy.ndarray
        Log-probabilities ``(N, C)``, ``(C,)`` or ``(N, C, d1, ...)``.
    target : numpy.ndarray
        Integer class indices ``(N,)``, ``()`` or ``(N, d1, ...)``.
    reduction : {"mean", "sum", "none"}
    ignore_index : int
        Class index that marks a position to leave out (default -100: none).
    owner : str
        Name used in error messages.

    Shape
    -----
    - arrays: as in ``cross_entropy_forward`` with class-index targets.

    Examples
    --------
    >>> nll_loss_forward(np.log(np.array([[0.5, 0.25, 0.25]])), np.array([0]))[0]
    array(0.69314718)
    """
    input = as_float_array(owner, input)
    reduction = _check_reduction(owner, reduction)
    ignore_index = _check_ignore_index(owner, ignore_index)
    target, valid = _class_target(owner, input, target, ignore_index)
    class_axis = 1 if input.ndim >= 2 else 0
    safe = target if valid is None else np.where(valid, target, 0)
    picked = np.take_along_axis(input, np.expand_dims(safe, class_axis), axis=class_axis)
    elementwise = -np.squeeze(picked, axis=class_axis)
    if valid is not None:
        elementwise = np.where(valid, elementwise, 0).astype(input.dtype, copy=False)
    divisor = elementwise.size if valid is None else int(valid.sum())
    cache = NllLossCache(input, safe, valid, class_axis, reduction, divisor)
    return _reduce(elementwise, reduction, divisor), cache


def nll_loss_backward(
    grad_output: np.ndarray | None, cache: NllLossCache, *, owner: str = "nll_loss_backward"
) -> np.ndarray:
    """Gradient of NLL: ``-g`` at the target class, 0 elsewhere and at ignored positions.

    Shape
    -----
    ``grad_output``: ``()``, or the loss's shape with ``reduction="none"``; the result has the
    input's shape.

    Examples
    --------
    >>> _, cache = nll_loss_forward(np.zeros((1, 2)), np.array([1]))
    >>> nll_loss_backward(None, cache)
    array([[ 0., -1.]])
    """
    input, target, valid, class_axis = cache.input, cache.target, cache.valid, cache.class_axis
    g = _unreduce(owner, grad_output, target.shape, cache.reduction, input.dtype, cache.divisor)
    if valid is not None:
        g = g * valid
    grad = np.zeros_like(input)
    np.put_along_axis(
        grad, np.expand_dims(target, class_axis), -np.expand_dims(g, class_axis), axis=class_axis
    )
    return grad


def nll_loss(
    input: np.ndarray,
    target: np.ndarray,
    reduction: str = "mean",
    ignore_index: int = IGNORE_INDEX,
) -> np.ndarray:
    """One-way negative log-likelihood on log-probabilities.

    Shape
    -----
    - arrays: as in ``nll_loss_forward``.

    Examples
    --------
    >>> nll_loss(np.array([[-1.0, -2.0]]), np.array([1]))
    array(2.)
    """
    return nll_loss_forward(input, target, reduction, ignore_index)[0]


# --- element-wise regression and binary losses ----------------------------------------------


def _pair(owner: str, input: Any, target: Any) -> tuple[np.ndarray, np.ndarray]:
    """Validate a float input and a target of the same shape, cast to the input dtype."""
    input = as_float_array(owner, input)
    target = as_float_array(owner, target, "target")
    check_same_shape(owner, input, target)
    return input, target.astype(input.dtype, copy=False)


class MseLossCache(NamedTuple):
    """What :func:`mse_loss_backward` needs."""

    diff: np.ndarray
    reduction: str


def mse_loss_forward(
    input: np.ndarray, target: np.ndarray, reduction: str = "mean", *, owner: str = "mse_loss"
) -> tuple[np.ndarray, MseLossCache]:
    r"""Squared error :math:`(x - y)^2`, reduced (Goodfellow et al., §5.5.1).

    Shape
    -----
    Input and target ``(*)`` of one shape; loss ``()``, or ``(*)`` with ``reduction="none"``.

    Examples
    --------
    >>> mse_loss_forward(np.array([1.0, 3.0]), np.array([0.0, 0.0]))[0]
    array(5.)
    """
    input, target = _pair(owner, input, target)
    reduction = _check_reduction(owner, reduction)
    diff = input - target
    return _reduce(diff * diff, reduction), MseLossCache(diff, reduction)


def mse_loss_backward(
    grad_output: np.ndarray | None, cache: MseLossCache, *, owner: str = "mse_loss_backward"
) -> np.ndarray:
    """Gradient of the squared error: ``2 (x - y) g``.

    Shape
    -----
    - grad_output: as the loss; the result: as the input.

    Examples
    --------
    >>> _, cache = mse_loss_forward(np.array([1.0, 3.0]), np.array([0.0, 0.0]))
    >>> mse_loss_backward(None, cache)
    array([1., 3.])
    """
    diff = cache.diff
    g = _unreduce(owner, grad_output, diff.shape, cache.reduction, diff.dtype)
    return 2 * diff * g


def mse_loss(input: np.ndarray, target: np.ndarray, reduction: str = "mean") -> np.ndarray:
    """One-way mean squared error.

    Shape
    -----
    - arrays: as in ``mse_loss_forward``.

    Examples
    --------
    >>> mse_loss(np.array([2.0]), np.array([0.0]))
    array(4.)
    """
    return mse_loss_forward(input, target, reduction)[0]


class L1LossCache(NamedTuple):
    """What :func:`l1_loss_backward` needs."""

    diff: np.ndarray
    reduction: str


def l1_loss_forward(
    input: np.ndarray, target: np.ndarray, reduction: str = "mean", *, owner: str = "l1_loss"
) -> tuple[np.ndarray, L1LossCache]:
    r"""Absolute error :math:`|x - y|`, reduced.

    Shape
    -----
    Input and target ``(*)`` of one shape; loss ``()``, or ``(*)`` with ``reduction="none"``.

    Examples
    --------
    >>> l1_loss_forward(np.array([1.0, -3.0]), np.array([0.0, 0.0]))[0]
    array(2.)
    """
    input, target = _pair(owner, input, target)
    reduction = _check_reduction(owner, reduction)
    diff = input - target
    return _reduce(np.abs(diff), reduction), L1LossCache(diff, reduction)


def l1_loss_backward(
    grad_output: np.ndarray | None, cache: L1LossCache, *, owner: str = "l1_loss_backward"
) -> np.ndarray:
    """Gradient of the absolute error: ``sign(x - y) g`` (0 where ``x == y``, as PyTorch).

    Shape
    -----
    - grad_output: as the loss; the result: as the input.

    Examples
    --------
    >>> _, cache = l1_loss_forward(np.array([1.0, -3.0]), np.array([0.0, 0.0]))
    >>> l1_loss_backward(None, cache)
    array([ 0.5, -0.5])
    """
    diff = cache.diff
    g = _unreduce(owner, grad_output, diff.shape, cache.reduction, diff.dtype)
    return np.sign(diff) * g


def l1_loss(input: np.ndarray, target: np.ndarray, reduction: str = "mean") -> np.ndarray:
    """One-way mean absolute error.

    Shape
    -----
    - arrays: as in ``l1_loss_forward``.

    Examples
    --------
    >>> l1_loss(np.array([2.0]), np.array([0.0]))
    array(2.)
    """
    return l1_loss_forward(input, target, reduction)[0]


class BinaryCrossEntropyCache(NamedTuple):
    """What :func:`binary_cross_entropy_backward` needs."""

    input: np.ndarray
    target: np.ndarray
    reduction: str


def binary_cross_entropy_forward(
    input: np.ndarray,
    target: np.ndarray,
    reduction: str = "mean",
    *,
    owner: str = "binary_cross_entropy",
) -> tuple[np.ndarray, BinaryCrossEntropyCache]:
    r"""Binary cross-entropy on probabilities, :math:`-[y \log x + (1-y)\log(1-x)]`.

    As in PyTorch, each logarithm is clamped below at -100 so that a probability of exactly 0
    or 1 gives a large finite loss. Prefer
    :func:`binary_cross_entropy_with_logits_forward`, which is exact (Goodfellow et al.,
    §6.2.2.2).

    Shape
    -----
    Input (probabilities) and target ``(*)`` of one shape; loss ``()``, or ``(*)`` with
    ``reduction="none"``.

    Examples
    --------
    >>> round(float(binary_cross_entropy_forward(np.array([0.5]), np.array([1.0]))[0]), 6)
    0.693147
    """
    input, target = _pair(owner, input, target)
    reduction = _check_reduction(owner, reduction)
    if input.size and not (np.all(input >= 0) and np.all(input <= 1)):
        fail(owner, "input probabilities in [0, 1]", f"values in [{input.min()}, {input.max()}]")
    floor = input.dtype.type(-100)
    with np.errstate(divide="ignore"):
        log_x = np.maximum(np.log(input), floor)
        log_1mx = np.maximum(np.log1p(-input), floor)
    elementwise = -(target * log_x + (1 - target) * log_1mx)
    return _reduce(elementwise, reduction), BinaryCrossEntropyCache(input, target, reduction)


def binary_cross_entropy_backward(
    grad_output: np.ndarray | None,
    cache: BinaryCrossEntropyCache,
    *,
    owner: str = "binary_cross_entropy_backward",
) -> np.ndarray:
    r"""Gradient of binary cross-entropy, :math:`g (x - y) / \max(x(1-x), 10^{-12})` as PyTorch.

    Shape
    -----
    - grad_output: as the loss; the result: as the input.

    Examples
    --------
    >>> _, cache = binary_cross_entropy_forward(np.array([0.5]), np.array([1.0]))
    >>> binary_cross_entropy_backward(None, cache)
    array([-2.])
    """
    input, target = cache.input, cache.target
    g = _unreduce(owner, grad_output, input.shape, cache.reduction, input.dtype)
    denom = np.maximum(input * (1 - input), input.dtype.type(1e-12))
    return g * (input - target) / denom


def binary_cross_entropy(
    input: np.ndarray, target: np.ndarray, reduction: str = "mean"
) -> np.ndarray:
    """One-way binary cross-entropy on probabilities.

    Shape
    -----
    - arrays: as in ``binary_cross_entropy_forward``.

    Examples
    --------
    >>> round(float(binary_cross_entropy(np.array([0.5]), np.array([0.0]))), 6)
    0.693147
    """
    return binary_cross_entropy_forward(input, target, reduction)[0]


class BinaryCrossEntropyWithLogitsCache(NamedTuple):
    """What :func:`binary_cross_entropy_with_logits_backward` needs; ``weight`` is
    :math:`1 + (p - 1) y` (1 without ``pos_weight``)."""

    input: np.ndarray
    target: np.ndarray
    weight: np.ndarray
    reduction: str


def binary_cross_entropy_with_logits_forward(
    input: np.ndarray,
    target: np.ndarray,
    reduction: str = "mean",
    pos_weight: np.ndarray | None = None,
    *,
    owner: str = "binary_cross_entropy_with_logits",
) -> tuple[np.ndarray, BinaryCrossEntropyWithLogitsCache]:
    r"""Binary cross-entropy on logits, stable for any logit.

    With :math:`\zeta(t) = \log(1 + e^t)` (softplus) the loss
    :math:`-[p\,y\log\sigma(x) + (1-y)\log(1-\sigma(x))]` equals
    :math:`(1-y)\,x + (1 + (p-1)y)\,\zeta(-x)`, with :math:`\zeta` the overflow-free
    :func:`~dlnotes.nn.functional.activation.softplus` (Goodfellow et al., §6.2.2.2);
    ``pos_weight`` :math:`p` (default 1) broadcasts over the last axis as in PyTorch.

    Shape
    -----
    Input (logits) and target ``(*)`` of one shape, ``pos_weight`` broadcastable to it; loss
    ``()``, or ``(*)`` with ``reduction="none"``.

    Examples
    --------
    >>> binary_cross_entropy_with_logits_forward(np.array([-50.0]), np.array([1.0]))[0]
    array(50.)
    """
    input, target = _pair(owner, input, target)
    reduction = _check_reduction(owner, reduction)
    # threshold=inf: the exact log(1 + e^t) everywhere, as PyTorch's loss (no identity branch).
    softplus_neg = softplus(-input, threshold=np.inf)
    if pos_weight is None:
        weight = np.ones((), dtype=input.dtype)
    else:
        pw = as_float_array(owner, pos_weight, "pos_weight")
        try:
            compatible = np.broadcast_shapes(pw.shape, input.shape) == input.shape
        except ValueError:
            compatible = False
        if not compatible:
            fail(owner, f"pos_weight broadcastable to {tuple(input.shape)}", tuple(pw.shape))
        weight = 1 + (pw.astype(input.dtype, copy=False) - 1) * target
    elementwise = (1 - target) * input + weight * softplus_neg
    cache = BinaryCrossEntropyWithLogitsCache(input, target, weight, reduction)
    return _reduce(elementwise, reduction), cache


def binary_cross_entropy_with_logits_backward(
    grad_output: np.ndarray | None,
    cache: BinaryCrossEntropyWithLogitsCache,
    *,
    owner: str = "binary_cross_entropy_with_logits_backward",
) -> np.ndarray:
    r"""Gradient on the logits: :math:`g\,[(1-y) - (1 + (p-1)y)\,\sigma(-x)]`, which is
    :math:`g\,(\sigma(x) - y)` without ``pos_weight``.

    Shape
    -----
    - grad_output: as the loss; the result: as the input.

    Examples
    --------
    >>> _, cache = binary_cross_entropy_with_logits_forward(np.array([0.0]), np.array([1.0]))
    >>> binary_cross_entropy_with_logits_backward(None, cache)
    array([-0.5])
    """
    input, target, weight = cache.input, cache.target, cache.weight
    g = _unreduce(owner, grad_output, input.shape, cache.reduction, input.dtype)
    return g * ((1 - target) - weight * sigmoid(-input))


def binary_cross_entropy_with_logits(
    input: np.ndarray,
    target: np.ndarray,
    reduction: str = "mean",
    pos_weight: np.ndarray | None = None,
) -> np.ndarray:
    """One-way binary cross-entropy on logits.

    Shape
    -----
    - arrays: as in ``binary_cross_entropy_with_logits_forward``.

    Examples
    --------
    >>> round(float(binary_cross_entropy_with_logits(np.array([0.0]), np.array([1.0]))), 6)
    0.693147
    """
    return binary_cross_entropy_with_logits_forward(input, target, reduction, pos_weight)[0]
