r"""Separable kernels: a rank-one kernel is two 1-D kernels applied one after the other.

A kernel is *separable* when it is an outer product, :math:`\boldsymbol K = \boldsymbol v
\boldsymbol h^\top`. Then the 2-D cross-correlation is a vertical 1-D correlation with
:math:`\boldsymbol v` followed by a horizontal one with :math:`\boldsymbol h` (or the other
way round), since

.. math:: \sum_{i,j} x_{a+i,\,b+j}\, v_i h_j = \sum_j h_j \Big(\sum_i v_i\, x_{a+i,\,b+j}\Big).

For a ``k x k`` kernel this replaces :math:`k^2` multiplications per output pixel (and
:math:`k^2` stored weights) by :math:`2k` (Goodfellow et al., §9.8). Whether a kernel is
separable, and its best rank-one approximation otherwise, is read off its singular value
decomposition :math:`\boldsymbol K = \sum_r \sigma_r \boldsymbol u_r \boldsymbol w_r^\top`:
it is separable exactly when :math:`\sigma_2 = 0`, and the truncation to the first term is
the closest rank-one kernel in the Frobenius norm (Eckart–Young), with error
:math:`\sqrt{\sum_{r \ge 2} \sigma_r^2}`.

(Not to be confused with :mod:`dlnotes.data.separable`, linearly separable data sets.)
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import check_positive_int, check_range, fail
from dlnotes.convolution._images import as_image, as_kernel, correlate_valid

__all__ = [
    "RankOneKernel",
    "SeparableCosts",
    "rank_one_factors",
    "separable_correlate2d",
    "separable_costs",
]


class RankOneKernel(NamedTuple):
    """The best rank-one approximation ``outer(column, row)`` of a kernel."""

    column: np.ndarray  #: vertical 1-D kernel, ``sqrt(sigma_1) u_1``
    row: np.ndarray  #: horizontal 1-D kernel, ``sqrt(sigma_1) w_1``
    relative_error: float  #: ``||K - outer(column, row)||_F / ||K||_F``
    separable: bool  #: whether that error is at most the tolerance


def rank_one_factors(kernel: Any, *, tol: float = 1e-10) -> RankOneKernel:
    """Factor ``kernel`` as ``outer(column, row)`` by the SVD (exact when it has rank one).

    The sign is chosen so that the largest entry of ``column`` in absolute value is positive.
    Goodfellow et al., §9.8.

    Shape
    -----
    - kernel: ``(kH, kW)`` → column ``(kH,)``, row ``(kW,)``

    Examples
    --------
    >>> f = rank_one_factors(np.outer([1.0, 2.0, 1.0], [1.0, 0.0, -1.0]))
    >>> sobel = [[1, 0, -1], [2, 0, -2], [1, 0, -1]]
    >>> f.separable, bool(np.allclose(np.outer(f.column, f.row), sobel))
    (True, True)
    """
    owner = "rank_one_factors"
    k = as_kernel(owner, kernel)
    tol = check_range(owner, "tol", tol, 0.0)
    norm = np.linalg.norm(k)
    if norm == 0:
        fail(owner, "a kernel that is not all zeros", "zeros")
    u, s, wt = np.linalg.svd(k)
    column, row = np.sqrt(s[0]) * u[:, 0], np.sqrt(s[0]) * wt[0]
    if column[np.argmax(np.abs(column))] < 0:
        column, row = -column, -row
    error = float(np.sqrt(np.sum(s[1:] ** 2)) / norm)
    return RankOneKernel(column, row, error, error <= tol)


def separable_correlate2d(image: Any, column: Any, row: Any) -> np.ndarray:
    """Valid 2-D correlation with ``outer(column, row)`` as two 1-D passes.

    Each pass is :func:`dlnotes.nn.functional.conv2d` with a ``(k, 1)`` or ``(1, k)``
    kernel. Goodfellow et al., §9.8.

    Shape
    -----
    - image: ``(H, W)``; column: ``(kH,)``; row: ``(kW,)`` → ``(H - kH + 1, W - kW + 1)``

    Examples
    --------
    >>> separable_correlate2d(np.ones((3, 3)), [1.0, 1.0], [1.0, 2.0])
    array([[6., 6.],
           [6., 6.]])
    """
    owner = "separable_correlate2d"
    x = as_image(owner, image)
    v = as_kernel(owner, np.atleast_1d(np.asarray(column, dtype=float))[:, None], x)
    h = as_kernel(owner, np.atleast_1d(np.asarray(row, dtype=float))[None, :], x)
    return correlate_valid(correlate_valid(x, v, owner=owner), h, owner=owner)


class SeparableCosts(NamedTuple):
    """Weights stored and multiplications per output pixel of a ``k x k`` kernel."""

    full: int  #: ``k**2``
    separable: int  #: ``2 k``


def separable_costs(k: int) -> SeparableCosts:
    """``k**2`` against ``2 k``: weights, and multiplications per output, of a k x k kernel.

    Goodfellow et al., §9.8.

    Examples
    --------
    >>> separable_costs(7)
    SeparableCosts(full=49, separable=14)
    """
    k = check_positive_int("separable_costs", "k", k)
    return SeparableCosts(k * k, 2 * k)
