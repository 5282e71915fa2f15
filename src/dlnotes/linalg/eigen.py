r"""Eigendecomposition of real symmetric matrices and what it says geometrically.

A real symmetric matrix factors as :math:`A = Q \Lambda Q^\top` with orthonormal eigenvectors
(the columns of :math:`Q`) and real eigenvalues (the diagonal of :math:`\Lambda`). Applied to a
vector, :math:`A` stretches space by :math:`\lambda_i` along each :math:`q_i`, so it maps the
unit circle onto an ellipse whose semi-axes are :math:`\lambda_i q_i`. Goodfellow et al., §2.7.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import check_positive_int, check_range
from dlnotes.linalg._checks import as_square, as_symmetric

__all__ = [
    "symmetric_eigendecomposition",
    "principal_axes",
    "unit_circle_image",
    "definiteness",
]


def symmetric_eigendecomposition(A: Any) -> tuple[np.ndarray, np.ndarray]:
    r"""Eigenvalues and orthonormal eigenvectors of a symmetric :math:`A = Q \Lambda Q^\top`.

    Eigenvalues come sorted from largest to smallest. An eigenvector is only defined up to
    sign; each column of :math:`Q` is flipped so that its largest-magnitude entry is positive,
    which makes results reproducible across machines and LAPACK builds.

    Parameters
    ----------
    A : array_like
        A real symmetric matrix (symmetric up to round-off).

    Returns
    -------
    eigenvalues : numpy.ndarray
        :math:`\lambda_1 \ge \dots \ge \lambda_n`.
    Q : numpy.ndarray
        Orthogonal matrix whose column ``i`` is the unit eigenvector of ``eigenvalues[i]``.

    Shape
    -----
    ``A``: ``(n, n)``; ``eigenvalues``: ``(n,)``; ``Q``: ``(n, n)``.

    References
    ----------
    Goodfellow et al., §2.7.

    Examples
    --------
    >>> lam, Q = symmetric_eigendecomposition(np.array([[2.0, 1.0], [1.0, 2.0]]))
    >>> lam
    array([3., 1.])
    >>> np.allclose(Q @ np.diag(lam) @ Q.T, [[2, 1], [1, 2]])
    True
    """
    A = as_symmetric("symmetric_eigendecomposition", A)
    eigenvalues, Q = np.linalg.eigh(A)  # ascending order
    eigenvalues, Q = eigenvalues[::-1], Q[:, ::-1]
    rows = np.argmax(np.abs(Q), axis=0)
    signs = np.sign(Q[rows, np.arange(Q.shape[1])])
    signs[signs == 0] = 1
    return eigenvalues.copy(), Q * signs


def principal_axes(A: Any) -> tuple[np.ndarray, np.ndarray]:
    r"""Eigenvalues and eigenvectors scaled by them: the semi-axes :math:`\lambda_i q_i`.

    The image of the unit sphere under a symmetric :math:`A` is the ellipsoid with these
    semi-axes: :math:`A q_i = \lambda_i q_i`, and every image point :math:`y = A u` with
    :math:`\|u\|_2 = 1` satisfies :math:`\sum_i (q_i^\top y)^2 / \lambda_i^2 = 1`.

    Parameters
    ----------
    A : array_like
        A real symmetric matrix.

    Returns
    -------
    eigenvalues : numpy.ndarray
        Sorted from largest to smallest.
    axes : numpy.ndarray
        Column ``i`` is ``eigenvalues[i] * Q[:, i]``.

    Shape
    -----
    ``A``: ``(n, n)``; ``eigenvalues``: ``(n,)``; ``axes``: ``(n, n)``.

    References
    ----------
    Goodfellow et al., §2.7.

    Examples
    --------
    >>> lam, axes = principal_axes(np.diag([3.0, 0.5]))
    >>> axes
    array([[3. , 0. ],
           [0. , 0.5]])
    """
    eigenvalues, Q = symmetric_eigendecomposition(A)
    return eigenvalues, Q * eigenvalues


def unit_circle_image(A: Any, num_points: int = 256) -> tuple[np.ndarray, np.ndarray]:
    r"""Points :math:`u` on the unit circle and their images :math:`A u` under a 2×2 matrix.

    Parameters
    ----------
    A : array_like
        Any real 2×2 matrix (for a symmetric one the image is the ellipse of
        :func:`principal_axes`).
    num_points : int, default 256
        Number of points; the last repeats the first so the curves plot closed.

    Returns
    -------
    circle : numpy.ndarray
        Points :math:`(\cos\theta, \sin\theta)`, one per row.
    image : numpy.ndarray
        Row ``i`` is ``A @ circle[i]``.

    Shape
    -----
    ``A``: ``(2, 2)``; ``circle`` and ``image``: ``(num_points, 2)``.

    References
    ----------
    Goodfellow et al., §2.7.

    Examples
    --------
    >>> circle, image = unit_circle_image(np.diag([2.0, 1.0]), num_points=5)
    >>> np.round(image[:2], 12)
    array([[2., 0.],
           [0., 1.]])
    """
    A = as_square("unit_circle_image", A, size=2)
    n = check_positive_int("unit_circle_image", "num_points", num_points)
    theta = np.linspace(0.0, 2.0 * np.pi, n)
    circle = np.stack([np.cos(theta), np.sin(theta)], axis=1).astype(A.dtype)
    return circle, circle @ A.T


def definiteness(A: Any, rtol: float = 1e-10) -> str:
    r"""Classify a symmetric matrix by the signs of its eigenvalues.

    Positive definite means :math:`x^\top A x > 0` for every :math:`x \ne 0` (all
    :math:`\lambda_i > 0`); semidefinite allows zero eigenvalues; indefinite has eigenvalues
    of both signs. Eigenvalues within ``rtol * max|λ|`` of zero count as zero. The signs decide
    definiteness only for a symmetric matrix: :math:`\begin{pmatrix}1 & -3\\ 0 & 1\end{pmatrix}`
    has both eigenvalues 1 yet :math:`x^\top A x = -1` at :math:`x = (1, 1)`, so a non-symmetric
    ``A`` is rejected (classify its symmetric part :math:`(A + A^\top)/2` instead, which has the
    same quadratic form).

    Parameters
    ----------
    A : array_like
        A real symmetric matrix.
    rtol : float, default 1e-10
        Relative tolerance below which an eigenvalue counts as zero.

    Returns
    -------
    str
        One of ``"positive definite"``, ``"positive semidefinite"``, ``"negative definite"``,
        ``"negative semidefinite"``, ``"indefinite"`` (the zero matrix is
        ``"positive semidefinite"``).

    Shape
    -----
    ``A``: ``(n, n)``.

    References
    ----------
    Goodfellow et al., §2.7.

    Examples
    --------
    >>> definiteness(np.array([[2.0, 0.0], [0.0, -1.0]]))
    'indefinite'
    """
    rtol = check_range("definiteness", "rtol", rtol, 0.0, None)
    eigenvalues, _ = symmetric_eigendecomposition(A)
    tol = rtol * float(np.max(np.abs(eigenvalues)))
    positive = bool(np.any(eigenvalues > tol))
    negative = bool(np.any(eigenvalues < -tol))
    zero = bool(np.any(np.abs(eigenvalues) <= tol))
    if positive and negative:
        return "indefinite"
    if negative:
        return "negative semidefinite" if zero else "negative definite"
    return "positive semidefinite" if zero else "positive definite"
