r"""Vector and matrix norms: :math:`L^p`, max and Frobenius, and the unit balls they define.

A norm measures the size of a vector: it is zero only at the origin, it satisfies the
triangle inequality :math:`\|x + y\| \le \|x\| + \|y\|`, and it is absolutely homogeneous,
:math:`\|\alpha x\| = |\alpha|\,\|x\|`. Goodfellow et al., §2.5.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import (
    as_float_array,
    check_positive_int,
    check_range,
    fail,
    resolve_dtype,
)

__all__ = ["lp_norm", "max_norm", "frobenius_norm", "unit_ball_boundary"]

Axis = int | tuple[int, ...] | None


def lp_norm(x: Any, p: float = 2.0, axis: Axis = None) -> np.ndarray:
    r"""The :math:`L^p` norm :math:`\|x\|_p = \left(\sum_i |x_i|^p\right)^{1/p}`, :math:`p \ge 1`.

    ``p = numpy.inf`` gives the max norm :math:`\max_i |x_i|`. The sum is computed on
    :math:`x / \max_i |x_i|` and scaled back, so that squaring a large entry cannot overflow
    and squaring a tiny one cannot underflow to zero (Goodfellow et al., §4.1).

    Parameters
    ----------
    x : array_like
        Entries to measure (float32 stays float32).
    p : float, default 2.0
        The order, ``1 <= p <= inf``. Below 1 the triangle inequality fails, so it is no norm.
    axis : int, tuple of int or None, default None
        Axes to reduce; ``None`` treats the whole array as one vector.

    Returns
    -------
    numpy.ndarray
        The norm(s), with ``axis`` removed.

    Shape
    -----
    ``x``: any non-empty shape; output: ``x``'s shape without ``axis`` (0-d for ``None``).

    References
    ----------
    Goodfellow et al., §2.5.

    Examples
    --------
    >>> x = np.array([3.0, -4.0])
    >>> float(lp_norm(x, 1)), float(lp_norm(x, 2)), float(lp_norm(x, np.inf))
    (7.0, 5.0, 4.0)
    >>> float(lp_norm(np.array([3e200, 4e200])))  # no overflow
    5e+200
    """
    x = as_float_array("lp_norm", x, "x")
    p = check_range("lp_norm", "p", p, 1.0, None)
    if x.size == 0:
        fail("lp_norm", "a non-empty array", tuple(x.shape))
    magnitude = np.abs(x)
    try:
        scale = np.max(magnitude, axis=axis, keepdims=True)
    except (np.exceptions.AxisError, TypeError, ValueError):
        fail("lp_norm", f"axis valid for an array of shape {tuple(x.shape)}", repr(axis))
    if p == np.inf:
        return np.squeeze(scale, axis=axis) if axis is not None else scale.reshape(())
    # Where the whole slice is zero the scale is zero; divide by one instead (the norm is 0).
    safe_scale = np.where(scale > 0, scale, np.ones_like(scale))
    scaled_sum = np.sum((magnitude / safe_scale) ** p, axis=axis, keepdims=True)
    norm = safe_scale * scaled_sum ** (1.0 / p)
    return np.squeeze(norm, axis=axis) if axis is not None else norm.reshape(())


def max_norm(x: Any, axis: Axis = None) -> np.ndarray:
    r"""The max norm :math:`\|x\|_\infty = \max_i |x_i|`.

    It is the limit of :math:`\|x\|_p` as :math:`p \to \infty`.

    Parameters
    ----------
    x : array_like
        Entries to measure.
    axis : int, tuple of int or None, default None
        Axes to reduce; ``None`` treats the whole array as one vector.

    Returns
    -------
    numpy.ndarray
        The largest absolute entry (per slice).

    Shape
    -----
    - arrays: as in ``lp_norm``.

    References
    ----------
    Goodfellow et al., §2.5.

    Examples
    --------
    >>> float(max_norm(np.array([1.0, -7.0, 2.0])))
    7.0
    """
    return lp_norm(x, np.inf, axis)


def frobenius_norm(A: Any) -> np.ndarray:
    r"""The Frobenius norm :math:`\|A\|_F = \sqrt{\sum_{i,j} A_{i,j}^2}` of a matrix (or a stack).

    It is the :math:`L^2` norm of the matrix read as one long vector, and equals
    :math:`\sqrt{\operatorname{Tr}(A A^\top)}` (Goodfellow et al., §2.10).

    Parameters
    ----------
    A : array_like
        A matrix, or a stack of matrices in the last two axes.

    Returns
    -------
    numpy.ndarray
        The norm of each matrix.

    Shape
    -----
    ``A``: ``(*, m, n)``; output: ``(*)``.

    References
    ----------
    Goodfellow et al., §2.5.

    Examples
    --------
    >>> float(frobenius_norm(np.array([[1.0, 2.0], [2.0, 4.0]])))
    5.0
    """
    A = as_float_array("frobenius_norm", A, "A")
    if A.ndim < 2:
        fail("frobenius_norm", "a matrix of shape (*, m, n)", tuple(A.shape))
    return lp_norm(A, 2.0, axis=(-2, -1))


def unit_ball_boundary(
    p: float = 2.0, points_per_octant: int = 32, dtype: Any = np.float64
) -> np.ndarray:
    r"""Points on the boundary of the 2-D unit ball :math:`\{x \in \mathbb{R}^2 : \|x\|_p = 1\}`.

    Each direction :math:`u = (\cos\theta, \sin\theta)` is rescaled to :math:`u / \|u\|_p`.
    The angles are evenly spaced and include every multiple of :math:`\pi/4`, so the corners
    of the :math:`L^1` diamond and of the max-norm square are exact vertices. The last point
    repeats the first, so the curve plots closed.

    Parameters
    ----------
    p : float, default 2.0
        The order of the norm, ``1 <= p <= inf``.
    points_per_octant : int, default 32
        Resolution: points per eighth of a turn.
    dtype : numpy.dtype, optional
        float64 (default) or float32.

    Returns
    -------
    numpy.ndarray
        The boundary points, one per row, counter-clockwise from :math:`(1, 0)` direction.

    Shape
    -----
    ``(8 * points_per_octant + 1, 2)``.

    References
    ----------
    Goodfellow et al., §2.5.

    Examples
    --------
    >>> square = unit_ball_boundary(np.inf, points_per_octant=1)
    >>> square[:3]
    array([[1., 0.],
           [1., 1.],
           [0., 1.]])
    """
    p = check_range("unit_ball_boundary", "p", p, 1.0, None)
    per_octant = check_positive_int("unit_ball_boundary", "points_per_octant", points_per_octant)
    dt = resolve_dtype("unit_ball_boundary", dtype)
    theta = np.linspace(0.0, 2.0 * np.pi, 8 * per_octant + 1)
    directions = np.stack([np.cos(theta), np.sin(theta)], axis=1)
    # cos(pi/2) is 6e-17, not 0: snap such round-off so corners land exactly on the axes.
    directions[np.abs(directions) < 1e-12] = 0.0
    points = directions / lp_norm(directions, p, axis=1)[:, None]
    return points.astype(dt)
