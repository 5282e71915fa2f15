r"""The logistic sigmoid and the softplus, overflow-safe (the naive foils: dlnotes.book.naive).

Goodfellow et al., §3.10. The identities the book lists, which the tests check numerically:

.. math::
    \sigma(x)=\frac{1}{1+e^{-x}},\quad \zeta(x)=\log(1+e^{x}),\quad
    1-\sigma(x)=\sigma(-x),\quad \frac{d\sigma}{dx}=\sigma(x)(1-\sigma(x)),\\
    \log\sigma(x)=-\zeta(-x),\quad \frac{d\zeta}{dx}=\sigma(x),\quad
    \sigma^{-1}(x)=\log\frac{x}{1-x},\quad \zeta^{-1}(x)=\log(e^{x}-1),\quad
    \zeta(x)-\zeta(-x)=x.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, fail
from dlnotes.nn import functional as F

__all__ = [
    "sigmoid",
    "softplus",
    "logit",
    "softplus_inverse",
]


def sigmoid(x: Any) -> np.ndarray:
    r"""Logistic sigmoid :math:`\sigma(x)=1/(1+e^{-x})` that never overflows.

    Where :math:`e^{-x}` overflows (:math:`x` below about -709 in float64) the result is 0,
    within the smallest normal number of the true value (Goodfellow et al., §3.10).

    Parameters
    ----------
    x : array_like
        Real inputs (float32 stays float32).

    Returns
    -------
    numpy.ndarray
        Values in [0, 1].

    Shape
    -----
    Any shape; output has the shape and float dtype of ``x``.

    Examples
    --------
    >>> sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    array([0. , 0.5, 1. ])
    """
    # The network kernel: exact in both tails, its overflow of exp(-x) to inf silenced.
    return F.sigmoid(as_float_array("sigmoid", x))


def softplus(x: Any) -> np.ndarray:
    r"""Softplus :math:`\zeta(x)=\log(1+e^{x})`, a smooth :math:`\max(0, x)`, overflow-safe.

    Uses :math:`\zeta(x)=\max(x,0)+\operatorname{log1p}(e^{-|x|})`: the exponential only sees
    non-positive arguments, and ``log1p`` keeps the tiny :math:`e^{-|x|}` that
    :math:`\log(1 + \cdot)` would round away (Goodfellow et al., §3.10).

    Parameters
    ----------
    x : array_like
        Real inputs (float32 stays float32).

    Returns
    -------
    numpy.ndarray
        Values in [0, inf).

    Shape
    -----
    Any shape; output has the shape and float dtype of ``x``.

    Examples
    --------
    >>> softplus(np.array([-1000.0, 0.0, 1000.0])).tolist()
    [0.0, 0.6931471805599453, 1000.0]
    """
    # The network kernel with no linear cut-off (PyTorch's default switches to the identity
    # above 20) is exactly max(x, 0) + log(1 + exp(-|x|)).
    return F.softplus(as_float_array("softplus", x), threshold=np.inf)


def logit(p: Any) -> np.ndarray:
    r"""Inverse of the sigmoid, :math:`\sigma^{-1}(p)=\log\frac{p}{1-p}` for :math:`p\in(0,1)`.

    Parameters
    ----------
    p : array_like
        Probabilities strictly between 0 and 1.

    Returns
    -------
    numpy.ndarray
        Log-odds.

    Shape
    -----
    Any shape; output has the shape and float dtype of ``p``.

    References
    ----------
    Goodfellow et al., §3.10.

    Examples
    --------
    >>> float(logit(np.array(0.5)))
    0.0
    """
    p = as_float_array("logit", p)
    if np.any((p <= 0) | (p >= 1)):
        fail("logit", "probabilities strictly between 0 and 1", f"range [{p.min()}, {p.max()}]")
    return (np.log(p) - np.log1p(-p)).astype(p.dtype, copy=False)


def softplus_inverse(y: Any) -> np.ndarray:
    r"""Inverse of the softplus, :math:`\zeta^{-1}(y)=\log(e^{y}-1)` for :math:`y>0`.

    Written as :math:`y+\log(1-e^{-y})` so that large ``y`` does not overflow.

    Parameters
    ----------
    y : array_like
        Positive values.

    Returns
    -------
    numpy.ndarray

    Shape
    -----
    Any shape; output has the shape and float dtype of ``y``.

    References
    ----------
    Goodfellow et al., §3.10.

    Examples
    --------
    >>> float(softplus_inverse(softplus(np.array(3.0))))
    3.0
    """
    y = as_float_array("softplus_inverse", y)
    if np.any(y <= 0):
        fail("softplus_inverse", "positive values", f"minimum {y.min()}")
    return (y + np.log(-np.expm1(-y))).astype(y.dtype, copy=False)
