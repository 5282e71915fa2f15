r"""Monte-Carlo estimates of an expectation and a variance as the sample grows.

:math:`\mathbb E[f(x)]\approx\frac1n\sum_{i=1}^n f(x^{(i)})`, with standard error
:math:`\sqrt{\mathrm{Var}[f]/n}` (Goodfellow et al., §3.8 and §17.1).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, fail

__all__ = [
    "running_mean_and_variance",
]


def running_mean_and_variance(values: Any) -> tuple[np.ndarray, np.ndarray]:
    r"""Running sample mean and (unbiased) variance after each of ``n`` samples.

    Entry ``i`` uses the first ``i + 1`` values; the variance at ``i = 0`` is ``nan``
    (one sample says nothing about spread).

    Parameters
    ----------
    values : array_like, shape (n,)
        Samples :math:`f(x^{(i)})` in the order drawn.

    Returns
    -------
    mean, variance : numpy.ndarray, shape (n,)

    Shape
    -----
    ``values``: (n,) → two arrays of shape (n,).

    References
    ----------
    Goodfellow et al., §3.8 (and §17.1 on Monte-Carlo estimates).

    Examples
    --------
    >>> m, v = running_mean_and_variance(np.array([1.0, 3.0, 5.0]))
    >>> m
    array([1., 2., 3.])
    >>> v[1:]
    array([2., 4.])
    """
    x = as_float_array("running_mean_and_variance", values, "values")
    if x.ndim != 1 or x.size == 0:
        fail("running_mean_and_variance", "non-empty values of shape (n,)", x.shape)
    count = np.arange(1, x.size + 1, dtype=x.dtype)
    mean = np.cumsum(x) / count
    # Sum of squares about the running mean, computed with the shifted data for accuracy.
    shift = x[0]
    sq = np.cumsum((x - shift) ** 2) - count * (mean - shift) ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        var = np.where(count > 1, np.maximum(sq, 0.0) / (count - 1), np.nan)
    return mean, var.astype(x.dtype, copy=False)
