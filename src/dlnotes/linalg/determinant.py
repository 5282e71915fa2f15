r"""The determinant as the factor by which a linear map scales (signed) area.

A 2×2 matrix maps the unit square onto the parallelogram spanned by its columns; the
parallelogram's signed area is :math:`\det A` (negative when the map flips orientation, zero
when it flattens the square onto a line). Goodfellow et al., §2.11.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_ndim, fail
from dlnotes.linalg._checks import as_square

__all__ = ["unit_square_image", "polygon_signed_area"]

_UNIT_SQUARE = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]])


def unit_square_image(A: Any) -> np.ndarray:
    r"""Vertices of the image of the unit square :math:`[0, 1]^2` under a 2×2 matrix.

    The vertices are :math:`0, a_1, a_1 + a_2, a_2` (the columns :math:`a_j` of :math:`A`),
    counter-clockwise when :math:`\det A > 0`, with the first repeated at the end so the
    polygon plots closed.

    Parameters
    ----------
    A : array_like
        A real 2×2 matrix.

    Returns
    -------
    numpy.ndarray
        Vertices, one per row.

    Shape
    -----
    ``A``: ``(2, 2)``; output ``(5, 2)``.

    References
    ----------
    Goodfellow et al., §2.11.

    Examples
    --------
    >>> unit_square_image(np.array([[2.0, 1.0], [0.0, 1.0]]))
    array([[0., 0.],
           [2., 0.],
           [3., 1.],
           [1., 1.],
           [0., 0.]])
    """
    A = as_square("unit_square_image", A, size=2)
    return _UNIT_SQUARE.astype(A.dtype) @ A.T


def polygon_signed_area(vertices: Any) -> float:
    r"""Signed area of a simple polygon by the shoelace formula.

    .. math:: \text{area} = \tfrac12 \sum_i \left(x_i\, y_{i+1} - x_{i+1}\, y_i\right)

    (indices wrap around), positive for counter-clockwise vertices. Repeating the first vertex
    at the end changes nothing.

    Parameters
    ----------
    vertices : array_like
        The polygon's corners in order, at least three.

    Returns
    -------
    float
        The signed area.

    Shape
    -----
    ``vertices``: ``(k, 2)`` with ``k >= 3``.

    References
    ----------
    Goodfellow et al., §2.11 (the determinant is the signed area of the image of the unit
    square).

    Examples
    --------
    >>> polygon_signed_area([[0, 0], [2, 0], [2, 1], [0, 1]])
    2.0
    >>> polygon_signed_area([[0, 0], [0, 1], [2, 1], [2, 0]])  # clockwise
    -2.0
    """
    v = as_float_array("polygon_signed_area", vertices, "vertices")
    check_ndim("polygon_signed_area", v, 2, "vertices of shape (k, 2)")
    if v.shape[1] != 2 or v.shape[0] < 3:
        fail("polygon_signed_area", "vertices of shape (k, 2) with k >= 3", tuple(v.shape))
    x, y = v[:, 0], v[:, 1]
    x_next, y_next = np.roll(x, -1), np.roll(y, -1)
    return float(0.5 * np.sum(x * y_next - x_next * y))
