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

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_range, check_same_shape, fail
from dlnotes.nn.functional.activation import log_softmax_forward

__all__ = [
    "cross_entropy_forward",
    "cross_entropy_backward",
    "cross_entropy",
    "nll_loss_forward",
    "nll_loss_backward",
    "nll_loss",
    "mse_loss_forward",
    "mse_loss_backward",
    "mse_loss",
    "l1_loss_forward",
    "l1_loss_backward",
    "l1_loss",
    "binary_cross_entropy_forward",
    "binary_cross_entropy_backward",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits_forward",
    "binary_cross_entropy_with_logits_backward",
    "binary_cross_entropy_with_logits",
]

REDUCTIONS = ("mean", "sum", "none")


# --- reductions, shared by every loss ------------------------------------------------------


def _check_reduction(owner: str, reduction: Any) -> str:
    if reduction not in REDUCTIONS:
        fail(owner, f"reduction in {REDUCTIONS}", repr(reduction))
    return reduction


def _reduce(elementwise: np.ndarray, reduction: str) -> np.ndarray:
    """Apply ``reduction``; a reduced loss is a 0-d array of the input dtype."""
    if reduction == "none":
        return elementwise
    total = elementwise.sum()
    if reduction == "mean":
        total = total / elementwise.dtype.type(max(elementwise.size, 1))
    return np.asarray(total, dtype=elementwise.dtype)


def _unreduce(
    owner: str, grad_output: Any, shape: tuple[int, ...], reduction: str, dtype: np.dtype
) -> np.ndarray:
    """Gradient of the reduction: the upstream gradient spread over the element-wise losses."""
    if grad_output is None:
        g = np.ones((), dtype=dtype)
    else:
        # Cast to the loss dtype: a float64 0-d array would otherwise upcast float32 gradients.
        g = np.asarray(grad_output).astype(dtype, copy=False)
    expected = shape if reduction == "none" else ()
    if g.shape != expected:
        fail(owner, f"grad_output of shape {expected}", tuple(g.shape))
    if reduction == "mean":
        g = g / dtype.type(max(int(np.prod(shape)), 1))
    return np.broadcast_to(g, shape)


# --- class-index losses: cross-entropy and NLL ----------------------------------------------


def _class_target(owner: str, input: np.ndarray, target: Any) -> np.ndarray:
    """Validate integer class indices for ``input`` of shape ``(C,)``, ``(N, C)`` or
    ``(N, C, d1, ...)`` (classes on axis 1, as in PyTorch)."""
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
    if target.size and (target.min() < 0 or target.max() >= num_classes):
        fail(
            owner,
            f"class indices in [0, {num_classes - 1}]",
            f"values in [{target.min()}, {target.max()}]",
        )
    return target


def _one_hot(target: np.ndarray, like: np.ndarray) -> np.ndarray:
    """One-hot encoding of ``target`` along the class axis of ``like`` (axis 1, or 0 if 1-D)."""
    class_axis = 1 if like.ndim >= 2 else 0
    index = np.expand_dims(target, class_axis)
    hot = np.zeros_like(like)
    np.put_along_axis(hot, index, 1, axis=class_axis)
    return hot


def cross_entropy_forward(
    input: np.ndarray, target: np.ndarray, reduction: str = "mean", label_smoothing: float = 0.0
) -> tuple[np.ndarray, tuple]:
    r"""Softmax cross-entropy on logits, :math:`-\sum_c q_c \log\mathrm{softmax}(z)_c`.

    The target distribution :math:`q` is the one-hot vector of the class index, mixed with the
    uniform distribution by label smoothing as PyTorch does:
    :math:`q = (1-\varepsilon)\,\mathrm{onehot}(y) + \varepsilon / C`, so the loss is
    :math:`(1-\varepsilon)(-\log p_y) + \tfrac{\varepsilon}{C}\sum_c(-\log p_c)`.
    A floating ``target`` of the input's shape is read as class probabilities (smoothed the
    same way). ``log softmax`` is computed through log-sum-exp, so the loss stays exact for
    any logit gap (Goodfellow et al., §6.2.2.3; label smoothing §7.5.1).

    Parameters
    ----------
    input : numpy.ndarray
        Logits (unnormalised), classes on axis 1: ``(N, C)``, ``(C,)`` or ``(N, C, d1, ...)``.
    target : numpy.ndarray
        Integer class indices of shape ``(N,)``, ``()`` or ``(N, d1, ...)``; or probabilities of
        the input's shape.
    reduction : {"mean", "sum", "none"}
        ``"mean"`` averages over the ``N * d1 * ...`` examples.
    label_smoothing : float
        :math:`\varepsilon \in [0, 1]`.

    Returns
    -------
    loss : numpy.ndarray
        0-d, or shape ``(N, d1, ...)`` with ``reduction="none"``; dtype of ``input``.
    cache : tuple
        For :func:`cross_entropy_backward`.

    Examples
    --------
    >>> loss, _ = cross_entropy_forward(np.array([[50.0, 0.0]]), np.array([1]))
    >>> loss
    array(50.)
    """
    owner = "cross_entropy"
    input = as_float_array(owner, input)
    reduction = _check_reduction(owner, reduction)
    eps = check_range(owner, "label_smoothing", label_smoothing, 0.0, 1.0)
    target_arr = np.asarray(target)
    if target_arr.dtype.kind == "f":
        check_same_shape(owner, input, target_arr, "probability target of the input's shape")
        q = target_arr.astype(input.dtype, copy=False)
    else:
        q = _one_hot(_class_target(owner, input, target_arr), input)
    class_axis = 1 if input.ndim >= 2 else 0
    if eps > 0:
        q = q * input.dtype.type(1 - eps) + input.dtype.type(eps / input.shape[class_axis])
    log_p, _ = log_softmax_forward(input, class_axis)
    elementwise = -np.sum(q * log_p, axis=class_axis)
    return _reduce(elementwise, reduction), (log_p, q, class_axis, reduction, elementwise.shape)


def cross_entropy_backward(grad_output: np.ndarray | None, cache: tuple) -> np.ndarray:
    r"""Gradient of cross-entropy with respect to the logits:
    :math:`g \cdot (\mathrm{softmax}(z) \sum_c q_c - q)`, i.e. ``softmax - q`` for a proper
    target distribution.

    Examples
    --------
    >>> _, cache = cross_entropy_forward(np.array([[0.0, 0.0]]), np.array([1]))
    >>> cross_entropy_backward(None, cache)
    array([[ 0.5, -0.5]])
    """
    log_p, q, class_axis, reduction, loss_shape = cache
    g = _unreduce("cross_entropy_backward", grad_output, loss_shape, reduction, log_p.dtype)
    g = np.expand_dims(g, class_axis)
    p = np.exp(log_p)
    return g * (p * np.sum(q, axis=class_axis, keepdims=True) - q)


def cross_entropy(
    input: np.ndarray, target: np.ndarray, reduction: str = "mean", label_smoothing: float = 0.0
) -> np.ndarray:
    """One-way cross-entropy on logits (see :func:`cross_entropy_forward`).

    >>> round(float(cross_entropy(np.zeros((1, 4)), np.array([2]))), 6)
    1.386294
    """
    return cross_entropy_forward(input, target, reduction, label_smoothing)[0]


def nll_loss_forward(
    input: np.ndarray, target: np.ndarray, reduction: str = "mean"
) -> tuple[np.ndarray, tuple]:
    r"""Negative log-likelihood :math:`-\log p_y` given log-probabilities (classes on axis 1).

    Combine with :func:`~dlnotes.nn.functional.activation.log_softmax` to get cross-entropy
    (Goodfellow et al., §5.5).

    Parameters
    ----------
    input : numpy.ndarray
        Log-probabilities ``(N, C)``, ``(C,)`` or ``(N, C, d1, ...)``.
    target : numpy.ndarray
        Integer class indices ``(N,)``, ``()`` or ``(N, d1, ...)``.
    reduction : {"mean", "sum", "none"}

    Examples
    --------
    >>> nll_loss_forward(np.log(np.array([[0.5, 0.25, 0.25]])), np.array([0]))[0]
    array(0.69314718)
    """
    owner = "nll_loss"
    input = as_float_array(owner, input)
    reduction = _check_reduction(owner, reduction)
    target = _class_target(owner, input, target)
    class_axis = 1 if input.ndim >= 2 else 0
    picked = np.take_along_axis(input, np.expand_dims(target, class_axis), axis=class_axis)
    elementwise = -np.squeeze(picked, axis=class_axis)
    return _reduce(elementwise, reduction), (input, target, class_axis, reduction)


def nll_loss_backward(grad_output: np.ndarray | None, cache: tuple) -> np.ndarray:
    """Gradient of NLL: ``-g`` at the target class, 0 elsewhere.

    >>> _, cache = nll_loss_forward(np.zeros((1, 2)), np.array([1]))
    >>> nll_loss_backward(None, cache)
    array([[ 0., -1.]])
    """
    input, target, class_axis, reduction = cache
    g = _unreduce("nll_loss_backward", grad_output, target.shape, reduction, input.dtype)
    grad = np.zeros_like(input)
    np.put_along_axis(
        grad, np.expand_dims(target, class_axis), -np.expand_dims(g, class_axis), axis=class_axis
    )
    return grad


def nll_loss(input: np.ndarray, target: np.ndarray, reduction: str = "mean") -> np.ndarray:
    """One-way negative log-likelihood on log-probabilities.

    >>> nll_loss(np.array([[-1.0, -2.0]]), np.array([1]))
    array(2.)
    """
    return nll_loss_forward(input, target, reduction)[0]


# --- element-wise regression and binary losses ----------------------------------------------


def _pair(owner: str, input: Any, target: Any) -> tuple[np.ndarray, np.ndarray]:
    """Validate a float input and a target of the same shape, cast to the input dtype."""
    input = as_float_array(owner, input)
    target = as_float_array(owner, target, "target")
    check_same_shape(owner, input, target)
    return input, target.astype(input.dtype, copy=False)


def mse_loss_forward(
    input: np.ndarray, target: np.ndarray, reduction: str = "mean"
) -> tuple[np.ndarray, tuple]:
    r"""Squared error :math:`(x - y)^2`, reduced (Goodfellow et al., §5.5.1).

    Examples
    --------
    >>> mse_loss_forward(np.array([1.0, 3.0]), np.array([0.0, 0.0]))[0]
    array(5.)
    """
    input, target = _pair("mse_loss", input, target)
    reduction = _check_reduction("mse_loss", reduction)
    diff = input - target
    return _reduce(diff * diff, reduction), (diff, reduction)


def mse_loss_backward(grad_output: np.ndarray | None, cache: tuple) -> np.ndarray:
    """Gradient of the squared error: ``2 (x - y) g``.

    >>> _, cache = mse_loss_forward(np.array([1.0, 3.0]), np.array([0.0, 0.0]))
    >>> mse_loss_backward(None, cache)
    array([1., 3.])
    """
    diff, reduction = cache
    g = _unreduce("mse_loss_backward", grad_output, diff.shape, reduction, diff.dtype)
    return 2 * diff * g


def mse_loss(input: np.ndarray, target: np.ndarray, reduction: str = "mean") -> np.ndarray:
    """One-way mean squared error.

    >>> mse_loss(np.array([2.0]), np.array([0.0]))
    array(4.)
    """
    return mse_loss_forward(input, target, reduction)[0]


def l1_loss_forward(
    input: np.ndarray, target: np.ndarray, reduction: str = "mean"
) -> tuple[np.ndarray, tuple]:
    r"""Absolute error :math:`|x - y|`, reduced.

    Examples
    --------
    >>> l1_loss_forward(np.array([1.0, -3.0]), np.array([0.0, 0.0]))[0]
    array(2.)
    """
    input, target = _pair("l1_loss", input, target)
    reduction = _check_reduction("l1_loss", reduction)
    diff = input - target
    return _reduce(np.abs(diff), reduction), (diff, reduction)


def l1_loss_backward(grad_output: np.ndarray | None, cache: tuple) -> np.ndarray:
    """Gradient of the absolute error: ``sign(x - y) g`` (0 where ``x == y``, as PyTorch).

    >>> _, cache = l1_loss_forward(np.array([1.0, -3.0]), np.array([0.0, 0.0]))
    >>> l1_loss_backward(None, cache)
    array([ 0.5, -0.5])
    """
    diff, reduction = cache
    g = _unreduce("l1_loss_backward", grad_output, diff.shape, reduction, diff.dtype)
    return np.sign(diff) * g


def l1_loss(input: np.ndarray, target: np.ndarray, reduction: str = "mean") -> np.ndarray:
    """One-way mean absolute error.

    >>> l1_loss(np.array([2.0]), np.array([0.0]))
    array(2.)
    """
    return l1_loss_forward(input, target, reduction)[0]


def binary_cross_entropy_forward(
    input: np.ndarray, target: np.ndarray, reduction: str = "mean"
) -> tuple[np.ndarray, tuple]:
    r"""Binary cross-entropy on probabilities, :math:`-[y \log x + (1-y)\log(1-x)]`.

    As in PyTorch, each logarithm is clamped below at -100 so that a probability of exactly 0
    or 1 gives a large finite loss. Prefer
    :func:`binary_cross_entropy_with_logits_forward`, which is exact (Goodfellow et al.,
    §6.2.2.2).

    Examples
    --------
    >>> round(float(binary_cross_entropy_forward(np.array([0.5]), np.array([1.0]))[0]), 6)
    0.693147
    """
    owner = "binary_cross_entropy"
    input, target = _pair(owner, input, target)
    reduction = _check_reduction(owner, reduction)
    if input.size and not (np.all(input >= 0) and np.all(input <= 1)):
        fail(owner, "input probabilities in [0, 1]", f"values in [{input.min()}, {input.max()}]")
    floor = input.dtype.type(-100)
    with np.errstate(divide="ignore"):
        log_x = np.maximum(np.log(input), floor)
        log_1mx = np.maximum(np.log1p(-input), floor)
    elementwise = -(target * log_x + (1 - target) * log_1mx)
    return _reduce(elementwise, reduction), (input, target, reduction)


def binary_cross_entropy_backward(grad_output: np.ndarray | None, cache: tuple) -> np.ndarray:
    r"""Gradient of binary cross-entropy, :math:`g (x - y) / \max(x(1-x), 10^{-12})` as PyTorch.

    >>> _, cache = binary_cross_entropy_forward(np.array([0.5]), np.array([1.0]))
    >>> binary_cross_entropy_backward(None, cache)
    array([-2.])
    """
    input, target, reduction = cache
    g = _unreduce("binary_cross_entropy_backward", grad_output, input.shape, reduction, input.dtype)
    denom = np.maximum(input * (1 - input), input.dtype.type(1e-12))
    return g * (input - target) / denom


def binary_cross_entropy(
    input: np.ndarray, target: np.ndarray, reduction: str = "mean"
) -> np.ndarray:
    """One-way binary cross-entropy on probabilities.

    >>> round(float(binary_cross_entropy(np.array([0.5]), np.array([0.0]))), 6)
    0.693147
    """
    return binary_cross_entropy_forward(input, target, reduction)[0]


def binary_cross_entropy_with_logits_forward(
    input: np.ndarray,
    target: np.ndarray,
    reduction: str = "mean",
    pos_weight: np.ndarray | None = None,
) -> tuple[np.ndarray, tuple]:
    r"""Binary cross-entropy on logits, stable for any logit.

    With :math:`\zeta(t) = \log(1 + e^t)` (softplus) the loss
    :math:`-[p\,y\log\sigma(x) + (1-y)\log(1-\sigma(x))]` equals
    :math:`(1-y)\,x + (1 + (p-1)y)\,\zeta(-x)`, evaluated with
    :math:`\zeta(-x) = \max(-x, 0) + \log(1 + e^{-|x|})` (Goodfellow et al., §6.2.2.2);
    ``pos_weight`` :math:`p` (default 1) broadcasts over the last axis as in PyTorch.

    Examples
    --------
    >>> binary_cross_entropy_with_logits_forward(np.array([-50.0]), np.array([1.0]))[0]
    array(50.)
    """
    owner = "binary_cross_entropy_with_logits"
    input, target = _pair(owner, input, target)
    reduction = _check_reduction(owner, reduction)
    softplus_neg = np.maximum(-input, 0) + np.log1p(np.exp(-np.abs(input)))
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
    return _reduce(elementwise, reduction), (input, target, weight, reduction)


def binary_cross_entropy_with_logits_backward(
    grad_output: np.ndarray | None, cache: tuple
) -> np.ndarray:
    r"""Gradient on the logits: :math:`g\,[(1-y) - (1 + (p-1)y)\,\sigma(-x)]`, which is
    :math:`g\,(\sigma(x) - y)` without ``pos_weight``.

    >>> _, cache = binary_cross_entropy_with_logits_forward(np.array([0.0]), np.array([1.0]))
    >>> binary_cross_entropy_with_logits_backward(None, cache)
    array([-0.5])
    """
    input, target, weight, reduction = cache
    g = _unreduce(
        "binary_cross_entropy_with_logits_backward",
        grad_output,
        input.shape,
        reduction,
        input.dtype,
    )
    e = np.exp(-np.abs(input))
    sigmoid_neg = np.where(input >= 0, e / (1 + e), 1 / (1 + e))
    return g * ((1 - target) - weight * sigmoid_neg)


def binary_cross_entropy_with_logits(
    input: np.ndarray,
    target: np.ndarray,
    reduction: str = "mean",
    pos_weight: np.ndarray | None = None,
) -> np.ndarray:
    """One-way binary cross-entropy on logits.

    >>> round(float(binary_cross_entropy_with_logits(np.array([0.0]), np.array([1.0]))), 6)
    0.693147
    """
    return binary_cross_entropy_with_logits_forward(input, target, reduction, pos_weight)[0]
