r"""Why a sigmoid output is trained with cross-entropy, not squared error.

For a Bernoulli output :math:`\hat y = \sigma(z)` with logit :math:`z`, the two costs give the
logit gradients

.. math::
   \frac{\partial}{\partial z}\,\tfrac12(\sigma(z) - y)^2 = \sigma(z)(1-\sigma(z))(\sigma(z)-y),
   \qquad
   \frac{\partial}{\partial z}\,\bigl[-\log p(y \mid z)\bigr] = \sigma(z) - y .

The factor :math:`\sigma(z)(1-\sigma(z))` vanishes when the sigmoid saturates, *whether or not
the prediction is right*, so squared error barely moves a confidently wrong output; the
logarithm in the cross-entropy undoes the exponential in the sigmoid and leaves a gradient of
size about 1 exactly when the answer is badly wrong. Goodfellow et al., §6.2.1.1 and §6.2.2.2.

The same holds for a softmax output (§6.2.2.3): :func:`softmax_squared_error_grad` carries the
softmax Jacobian :math:`\operatorname{diag}(p) - pp^\top`, which vanishes for a confident
prediction, while :func:`softmax_cross_entropy_grad` is :math:`p - e_y`.

Every function composes the shared kernels of :mod:`dlnotes.nn.functional` (sigmoid, softmax,
squared error, binary and categorical cross-entropy); nothing is re-derived here.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from dlnotes._validation import (
    as_float_array,
    check_positive_int,
    check_range,
    check_same_shape,
    fail,
)
from dlnotes.nn.functional import (
    binary_cross_entropy_with_logits_backward,
    binary_cross_entropy_with_logits_forward,
    cross_entropy_backward,
    cross_entropy_forward,
    mse_loss_backward,
    mse_loss_forward,
    sigmoid_backward,
    sigmoid_forward,
    softmax_backward,
    softmax_forward,
)

__all__ = [
    "sigmoid_squared_error",
    "sigmoid_squared_error_grad",
    "sigmoid_cross_entropy",
    "sigmoid_cross_entropy_grad",
    "logit_descent",
    "softmax_squared_error_grad",
    "softmax_cross_entropy_grad",
]

Loss = Literal["squared_error", "cross_entropy"]


def _logits_and_targets(owner: str, z: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    z = as_float_array(owner, z, "logits")
    y = as_float_array(owner, y, "target").astype(z.dtype, copy=False)
    if y.ndim == 0:  # one target for every logit
        y = np.full_like(z, y)
    check_same_shape(owner, z, y, "logits and target")
    if y.size and not np.all((y >= 0) & (y <= 1)):
        fail(owner, "targets in [0, 1]", f"values in [{y.min()}, {y.max()}]")
    return z, y


def sigmoid_squared_error(z: Any, y: Any) -> np.ndarray:
    r"""Element-wise :math:`\tfrac12(\sigma(z) - y)^2`.

    Parameters
    ----------
    z : array_like
        Logits, any shape.
    y : array_like
        Targets in [0, 1], same shape as ``z`` (or a scalar).

    Returns
    -------
    numpy.ndarray
        Same shape as ``z``.

    Examples
    --------
    >>> sigmoid_squared_error(np.array([0.0]), np.array([1.0]))
    array([0.125])
    """
    z, y = _logits_and_targets("sigmoid_squared_error", z, y)
    s, _ = sigmoid_forward(z)
    return 0.5 * mse_loss_forward(s, y, reduction="none")[0]


def sigmoid_squared_error_grad(z: Any, y: Any) -> np.ndarray:
    r"""Gradient of :func:`sigmoid_squared_error` with respect to the logit.

    Back-propagated through the kernels: the squared-error backward gives
    :math:`\sigma - y`, the sigmoid backward multiplies by :math:`\sigma(1-\sigma)`.

    Returns
    -------
    numpy.ndarray
        :math:`\sigma(z)(1-\sigma(z))(\sigma(z)-y)`, same shape as ``z``.

    Examples
    --------
    >>> g = sigmoid_squared_error_grad(np.array([-10.0]), np.array([1.0]))
    >>> bool(abs(g[0]) < 1e-4)    # confidently wrong, yet almost no gradient
    True
    """
    z, y = _logits_and_targets("sigmoid_squared_error_grad", z, y)
    s, s_cache = sigmoid_forward(z)
    _, mse_cache = mse_loss_forward(s, y, reduction="none")
    ds = mse_loss_backward(np.full(z.shape, 0.5, dtype=z.dtype), mse_cache)
    return sigmoid_backward(ds, s_cache)


def sigmoid_cross_entropy(z: Any, y: Any) -> np.ndarray:
    r"""Element-wise negative log-likelihood :math:`-[y\log\sigma(z) + (1-y)\log(1-\sigma(z))]`.

    Computed from the logit, as :math:`\zeta((1-2y)z)` for 0/1 targets, so it is exact for any
    ``z`` (§6.2.2.2).

    Examples
    --------
    >>> sigmoid_cross_entropy(np.array([-50.0]), np.array([1.0]))
    array([50.])
    """
    z, y = _logits_and_targets("sigmoid_cross_entropy", z, y)
    return binary_cross_entropy_with_logits_forward(z, y, reduction="none")[0]


def sigmoid_cross_entropy_grad(z: Any, y: Any) -> np.ndarray:
    r"""Gradient of :func:`sigmoid_cross_entropy` with respect to the logit: :math:`\sigma(z) - y`.

    Examples
    --------
    >>> sigmoid_cross_entropy_grad(np.array([-10.0, 0.0]), np.array([1.0, 1.0])).round(4)
    array([-1. , -0.5])
    """
    z, y = _logits_and_targets("sigmoid_cross_entropy_grad", z, y)
    _, cache = binary_cross_entropy_with_logits_forward(z, y, reduction="none")
    return binary_cross_entropy_with_logits_backward(np.ones_like(z), cache)


def logit_descent(
    z0: float, y: float, loss: Loss, *, lr: float = 1.0, num_steps: int = 100
) -> np.ndarray:
    r"""Gradient descent on a single logit, :math:`z_{t+1} = z_t - \epsilon\,\partial_z J`.

    The smallest possible "network": one free logit and one target. It shows how long each
    cost takes to correct a confidently wrong start.

    Parameters
    ----------
    z0 : float
        Initial logit.
    y : float
        Target in [0, 1].
    loss : {"squared_error", "cross_entropy"}
        Cost :math:`J`.
    lr : float, default 1.0
        Learning rate :math:`\epsilon`.
    num_steps : int, default 100
        Steps.

    Returns
    -------
    numpy.ndarray, shape (num_steps + 1,)
        The logits :math:`z_0, \dots, z_T`.

    Examples
    --------
    >>> ce = logit_descent(-6.0, 1.0, "cross_entropy", num_steps=20)
    >>> se = logit_descent(-6.0, 1.0, "squared_error", num_steps=20)
    >>> bool(ce[-1] > 0 > se[-1])
    True
    """
    grads = {
        "squared_error": sigmoid_squared_error_grad,
        "cross_entropy": sigmoid_cross_entropy_grad,
    }
    if loss not in grads:
        fail("logit_descent", f"loss in {tuple(grads)}", repr(loss))
    lr = check_range("logit_descent", "lr", lr, 0.0, low_inclusive=False)
    num_steps = check_positive_int("logit_descent", "num_steps", num_steps)
    z0 = check_range("logit_descent", "z0", z0)
    target = np.array([check_range("logit_descent", "y", y, 0.0, 1.0)])
    z = np.empty(num_steps + 1)
    z[0] = z0
    for t in range(num_steps):
        z[t + 1] = z[t] - lr * grads[loss](z[t : t + 1], target)[0]
    return z


def _logits_and_labels(owner: str, z: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    z = as_float_array(owner, z, "logits")
    labels = np.asarray(y)
    if z.ndim != 2:
        fail(owner, "logits of shape (N, C)", tuple(z.shape))
    if labels.shape != (len(z),) or labels.dtype.kind not in "iu":
        fail(owner, f"integer class labels of shape ({len(z)},)", labels.shape)
    if labels.size and (labels.min() < 0 or labels.max() >= z.shape[1]):
        fail(owner, f"labels in [0, {z.shape[1]})", f"[{labels.min()}, {labels.max()}]")
    return z, labels


def softmax_squared_error_grad(z: Any, y: Any) -> np.ndarray:
    r"""Logit gradient of :math:`\tfrac12\|\operatorname{softmax}(z) - e_y\|^2`, per example.

    Back-propagated through the squared-error and softmax kernels. The softmax Jacobian
    :math:`\operatorname{diag}(p) - pp^\top` vanishes when one probability is near 1, so a
    confidently *wrong* softmax output barely moves (§6.2.2.3).

    Parameters
    ----------
    z : array_like, shape (N, C)
        Logits.
    y : array_like of int, shape (N,)
        Class labels.

    Returns
    -------
    numpy.ndarray, shape (N, C)

    Examples
    --------
    >>> g = softmax_squared_error_grad(np.array([[30.0, 0.0, 0.0]]), np.array([1]))
    >>> bool(np.abs(g).max() < 1e-12)    # certain of class 0, wrong, and no gradient
    True
    """
    z, labels = _logits_and_labels("softmax_squared_error_grad", z, y)
    p, cache = softmax_forward(z, dim=1, owner="softmax_squared_error_grad")
    one_hot = np.zeros_like(p)
    one_hot[np.arange(len(z)), labels] = 1
    _, mse_cache = mse_loss_forward(p, one_hot, reduction="none")
    dp = mse_loss_backward(np.full(p.shape, 0.5, dtype=p.dtype), mse_cache)
    return softmax_backward(dp, *cache)


def softmax_cross_entropy_grad(z: Any, y: Any) -> np.ndarray:
    r"""Logit gradient of :math:`-\log\operatorname{softmax}(z)_y`, per example:
    :math:`\operatorname{softmax}(z) - e_y`.

    Parameters
    ----------
    z : array_like, shape (N, C)
        Logits.
    y : array_like of int, shape (N,)
        Class labels.

    Returns
    -------
    numpy.ndarray, shape (N, C)

    Examples
    --------
    >>> softmax_cross_entropy_grad(np.array([[30.0, 0.0, 0.0]]), np.array([1])).round(3)
    array([[ 1., -1.,  0.]])
    """
    z, labels = _logits_and_labels("softmax_cross_entropy_grad", z, y)
    _, cache = cross_entropy_forward(z, labels, reduction="sum")
    return cross_entropy_backward(np.ones((), dtype=z.dtype), cache)
