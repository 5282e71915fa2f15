r"""The *naive* softmax, log-softmax and log-sum-exp, kept to show why they fail.

Goodfellow et al., §4.1. Written literally, :math:`e^{x_i}/\sum_j e^{x_j}` overflows to
``inf/inf = nan`` once some :math:`x_i` exceeds about 88 (float32) or 709 (float64), and
underflows to ``0/0 = nan`` when every :math:`x_i` is very negative. The stable versions,
which subtract :math:`\max_i x_i` first, are :func:`dlnotes.nn.functional.softmax`,
:func:`dlnotes.nn.functional.log_softmax` and :func:`dlnotes.nn.functional.logsumexp`; this
module only holds the broken ones for the side-by-side demonstration.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, fail


def _axis(owner: str, x: np.ndarray, dim: int) -> int:
    if x.ndim == 0 or not -x.ndim <= dim < x.ndim:
        fail(owner, f"dim in [-{max(x.ndim, 1)}, {max(x.ndim, 1) - 1}] for input {x.shape}", dim)
    return dim % x.ndim


def naive_softmax(x: Any, dim: int = -1) -> np.ndarray:
    r"""Literal :math:`e^{x_i}/\sum_j e^{x_j}` along ``dim`` (overflows; for demonstration).

    Floating-point warnings are silenced: the point is to *see* the ``nan``.

    Parameters
    ----------
    x : array_like
        Scores (logits).
    dim : int
        Axis of the classes.

    Returns
    -------
    numpy.ndarray
        Probabilities, or ``nan`` where the arithmetic failed.

    Shape
    -----
    Output has the shape and dtype of ``x``.

    References
    ----------
    Goodfellow et al., §4.1.

    Examples
    --------
    >>> naive_softmax(np.array([0.0, np.log(3.0)]))
    array([0.25, 0.75])
    >>> naive_softmax(np.array([1000.0, 1000.0]))
    array([nan, nan])
    """
    x = as_float_array("naive_softmax", x)
    axis = _axis("naive_softmax", x, dim)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        e = np.exp(x)
        return e / e.sum(axis=axis, keepdims=True)


def naive_logsumexp(x: Any, dim: int = -1) -> np.ndarray:
    r"""Literal :math:`\log\sum_i e^{x_i}` along ``dim`` (``inf`` on overflow, ``-inf`` on
    underflow).

    Parameters
    ----------
    x : array_like
    dim : int
        Axis reduced.

    Returns
    -------
    numpy.ndarray

    Shape
    -----
    ``x`` with ``dim`` removed; dtype of ``x``.

    References
    ----------
    Goodfellow et al., §4.1.

    Examples
    --------
    >>> float(naive_logsumexp(np.array([1000.0, 1000.0])))
    inf
    """
    x = as_float_array("naive_logsumexp", x)
    axis = _axis("naive_logsumexp", x, dim)
    with np.errstate(over="ignore", divide="ignore"):
        return np.log(np.exp(x).sum(axis=axis))


def naive_log_softmax(x: Any, dim: int = -1) -> np.ndarray:
    r"""Literal :math:`\log\mathrm{softmax}(x)`: ``log`` of the naive softmax.

    Fails twice over: ``nan`` where the softmax overflows, ``-inf`` where a probability
    underflows to zero even though its logarithm is a perfectly ordinary number.

    Parameters
    ----------
    x : array_like
        Scores (logits).
    dim : int
        Axis of the classes.

    Returns
    -------
    numpy.ndarray

    Shape
    -----
    Output has the shape and dtype of ``x``.

    References
    ----------
    Goodfellow et al., §4.1.

    Examples
    --------
    >>> naive_log_softmax(np.array([0.0, 800.0]))
    array([-inf,  nan])
    >>> naive_log_softmax(np.array([0.0, 200.0]))
    array([-200.,    0.])
    >>> naive_log_softmax(np.array([0.0, -200.0], dtype=np.float32))
    array([  0., -inf], dtype=float32)
    """
    x = as_float_array("naive_log_softmax", x)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(naive_softmax(x, dim))
