r"""Compare recovered components with true ones up to order, sign and scale.

ICA and slow feature analysis find their components only up to a permutation, a sign and a
scale (Goodfellow et al., §13.2): any of these can be absorbed into the mixing matrix. The fair
score pairs each true signal with one recovered signal so that the total absolute correlation
is largest (the Hungarian algorithm, :func:`scipy.optimize.linear_sum_assignment`) and reports
each pair's absolute correlation.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import as_float_array, check_ndim, fail

__all__ = ["ComponentMatch", "abs_correlation_matrix", "match_components"]


class ComponentMatch(NamedTuple):
    """The result of :func:`match_components`."""

    order: np.ndarray
    """``order[i]``: the recovered column paired with true column ``i``, shape ``(k,)``."""
    signs: np.ndarray
    """Sign (±1) that best aligns each recovered column with its true one, shape ``(k,)``."""
    correlations: np.ndarray
    """Absolute correlation of each pair, shape ``(k,)``."""


def abs_correlation_matrix(A: Any, B: Any) -> np.ndarray:
    r"""Absolute Pearson correlations :math:`|\rho(a_i, b_j)|` between columns of ``A`` and ``B``.

    Shape
    -----
    - ``A``: ``(T, k)``, ``B``: ``(T, m)`` → ``(k, m)``

    Examples
    --------
    >>> t = np.linspace(0, 1, 50)
    >>> np.round(abs_correlation_matrix(np.c_[t, t**2], np.c_[-3 * t]), 3)
    array([[1.   ],
           [0.967]])
    """
    return np.abs(_correlations("abs_correlation_matrix", A, B))


def _correlations(owner: str, A: Any, B: Any) -> np.ndarray:
    A = as_float_array(owner, A, "A")
    B = as_float_array(owner, B, "B")
    check_ndim(owner, A, 2, "A of shape (T, k)")
    check_ndim(owner, B, 2, "B of shape (T, m)")
    if A.shape[0] != B.shape[0] or A.shape[0] < 2:
        fail(owner, "A and B with the same number T >= 2 of rows", f"{A.shape} and {B.shape}")
    Ac = A - A.mean(axis=0)
    Bc = B - B.mean(axis=0)
    norms = np.linalg.norm(Ac, axis=0)[:, None] * np.linalg.norm(Bc, axis=0)[None, :]
    if np.any(norms == 0):
        fail(owner, "columns that are not constant", "a constant column")
    return (Ac.T @ Bc) / norms


def match_components(true: Any, recovered: Any) -> ComponentMatch:
    r"""Pair true and recovered components to maximise the summed absolute correlation.

    Parameters
    ----------
    true : array_like
        True signals, one per column.
    recovered : array_like
        Recovered signals, one per column, at least as many as ``true``.

    Returns
    -------
    ComponentMatch
        ``(order, signs, correlations)``: ``recovered[:, order] * signs`` lines up with
        ``true`` column by column.

    Shape
    -----
    - ``true``: ``(T, k)``
    - ``recovered``: ``(T, m)`` with ``m >= k``

    References
    ----------
    Goodfellow et al., §13.2 (identifiability up to permutation and scale).

    Examples
    --------
    >>> t = np.linspace(0, 6, 200)
    >>> S = np.c_[np.sin(t), np.cos(3 * t)]
    >>> match = match_components(S, np.c_[2 * S[:, 1], -S[:, 0]])
    >>> match.order.tolist(), match.signs.tolist(), np.round(match.correlations, 6).tolist()
    ([1, 0], [-1.0, 1.0], [1.0, 1.0])
    """
    from scipy.optimize import linear_sum_assignment

    corr = _correlations("match_components", true, recovered)
    if corr.shape[1] < corr.shape[0]:
        fail("match_components", "at least as many recovered as true columns", corr.shape)
    rows, cols = linear_sum_assignment(-np.abs(corr))
    order = cols[np.argsort(rows)]
    paired = corr[np.arange(corr.shape[0]), order]
    return ComponentMatch(order, np.where(paired < 0, -1.0, 1.0), np.abs(paired))
