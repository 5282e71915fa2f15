r"""Naive foils: the literal formulas that fail, kept to show why the stable ones exist.

Every function here is what a reader would write from the formula alone, and each breaks in
floating point (Goodfellow et al., §4.1) or in probability (§3.12):

* :func:`naive_softmax`, :func:`naive_log_softmax`, :func:`naive_logsumexp` — written
  literally, :math:`e^{x_i}/\sum_j e^{x_j}` overflows to ``inf/inf = nan`` once some
  :math:`x_i` exceeds about 88 (float32) or 709 (float64), and underflows to ``0/0 = nan``
  when every :math:`x_i` is very negative. The stable versions, which subtract
  :math:`\max_i x_i` first, are :func:`dlnotes.nn.functional.softmax`,
  :func:`dlnotes.nn.functional.log_softmax` and :func:`dlnotes.nn.functional.logsumexp`.
* :func:`naive_sigmoid`, :func:`naive_softplus` — :math:`1/(1+e^{-x})` and
  :math:`\log(1+e^{x})` overflow in one tail; the stable ones are
  :func:`dlnotes.prob.sigmoid` and :func:`dlnotes.prob.softplus` (§3.10).
* :func:`naive_transformed_density` — the change of variables without its Jacobian factor,
  which does not even integrate to one; the right one is
  :func:`dlnotes.prob.transformed_density` (§3.12).

Nothing in the library calls these; the book's pages put them beside the stable versions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, fail

__all__ = [
    "naive_log_softmax",
    "naive_logsumexp",
    "naive_sigmoid",
    "naive_softmax",
    "naive_softplus",
    "naive_transformed_density",
]

Density = Callable[[np.ndarray], np.ndarray]


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


def naive_sigmoid(x: Any) -> np.ndarray:
    r"""Textbook :math:`1/(1+e^{-x})`; ``exp`` overflows for large negative ``x`` (a warning).

    The overflow is harmless here: :math:`1/(1+\infty) = 0` is the right answer. Of the two
    literal formulas only the softplus returns a wrong value (``inf``).

    Kept only to show what goes wrong (Goodfellow et al., §4.1).

    Parameters
    ----------
    x : array_like
        Real inputs (float32 stays float32).

    Returns
    -------
    numpy.ndarray

    Shape
    -----
    Any shape → same shape.

    Examples
    --------
    >>> naive_sigmoid(np.array([0.0]))
    array([0.5])
    """
    x = as_float_array("naive_sigmoid", x)
    return 1.0 / (1.0 + np.exp(-x))


def naive_softplus(x: Any) -> np.ndarray:
    r"""Textbook :math:`\log(1+e^{x})`; returns ``inf`` once :math:`e^x` overflows.

    Parameters
    ----------
    x : array_like
        Real inputs (float32 stays float32).

    Returns
    -------
    numpy.ndarray

    Shape
    -----
    Any shape → same shape.

    References
    ----------
    Goodfellow et al., §3.10 and §4.1.

    Examples
    --------
    >>> naive_softplus(np.array([0.0]))
    array([0.69314718])
    """
    x = as_float_array("naive_softplus", x)
    return np.log(1.0 + np.exp(x))


def naive_transformed_density(p_x: Density, inverse: Density) -> Density:
    r"""The *wrong* density :math:`y\mapsto p_x(g^{-1}(y))` that forgets the Jacobian.

    Parameters
    ----------
    p_x : callable
        Density of :math:`x`.
    inverse : callable
        :math:`g^{-1}`.

    Returns
    -------
    callable
        :math:`y \mapsto p_x(g^{-1}(y))`, which is *not* a density.

    Shape
    -----
    The returned callable maps ``y`` of any shape to values of the same shape.

    References
    ----------
    Goodfellow et al., §3.12.

    Examples
    --------
    >>> uniform = lambda x: ((x >= 0) & (x <= 1)).astype(float)
    >>> wrong = naive_transformed_density(uniform, lambda y: 2 * y)   # y = x / 2
    >>> float(wrong(np.array(0.25)))
    1.0
    """
    for name, fn in (("p_x", p_x), ("inverse", inverse)):
        if not callable(fn):
            fail(
                "naive_transformed_density", f"{name} to be callable", type(fn).__name__, TypeError
            )

    def p_y(y: np.ndarray) -> np.ndarray:
        return p_x(inverse(np.asarray(y)))

    return p_y
