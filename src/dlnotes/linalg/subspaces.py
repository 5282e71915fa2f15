r"""Rank and null space read off the singular value decomposition.

The SVD :math:`A = U D V^\top` lists the directions :math:`v_i` that :math:`A` stretches by
:math:`\sigma_i`. The number of non-zero singular values is the rank (the dimension of the
column space, §2.4), and the right singular vectors whose singular value is zero span the
null space :math:`\{x : A x = 0\}`. In floating point "zero" means "below a cutoff relative to
the largest singular value". Goodfellow et al., §2.4 and §2.8.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import check_range
from dlnotes.linalg._checks import as_matrix

__all__ = ["default_rcond", "matrix_rank", "null_space"]


def default_rcond(shape: tuple[int, ...], dtype: Any) -> float:
    r"""The default relative cutoff for "zero" singular values: :math:`\max(m, n)\,\epsilon`.

    This is the rule of the Python array API standard, ``numpy.linalg.pinv(A, rtol=None)``
    and ``torch.linalg.pinv``: round-off in an SVD is of the order of machine epsilon times the
    largest singular value, times a dimension factor.

    Parameters
    ----------
    shape : tuple of int
        The matrix shape ``(m, n)``.
    dtype : numpy.dtype
        float64 or float32 (epsilon is :math:`2.2 \times 10^{-16}` or :math:`1.2 \times 10^{-7}`).

    Returns
    -------
    float
        The cutoff, relative to the largest singular value.

    References
    ----------
    Goodfellow et al., §2.9 and §4.1.

    Examples
    --------
    >>> default_rcond((3, 5), np.float64) == 5 * float(np.finfo(np.float64).eps)
    True
    """
    return float(max(shape[-2:])) * float(np.finfo(dtype).eps)


def _rank_and_svd(
    owner: str, A: Any, rcond: float | None, full_matrices: bool = False
) -> tuple[np.ndarray, int, np.ndarray, np.ndarray, np.ndarray]:
    """Validated matrix, numerical rank and full SVD (shared by rank, null space, pinv)."""
    A = as_matrix(owner, A)
    rcond = (
        default_rcond(A.shape, A.dtype)
        if rcond is None
        else check_range(owner, "rcond", rcond, 0.0, None)
    )
    U, s, Vt = np.linalg.svd(A, full_matrices=full_matrices)
    cutoff = rcond * (float(s[0]) if s.size else 0.0)
    rank = int(np.sum(s > cutoff))
    return A, rank, U, s, Vt


def matrix_rank(A: Any, rcond: float | None = None) -> int:
    r"""Numerical rank: the number of singular values above ``rcond`` times the largest.

    Parameters
    ----------
    A : array_like
        A matrix.
    rcond : float, optional
        Relative cutoff; ``None`` uses :func:`default_rcond`.

    Returns
    -------
    int
        The dimension of the column space of ``A``.

    Shape
    -----
    ``A``: ``(m, n)``.

    References
    ----------
    Goodfellow et al., §2.4 and §2.8.

    Examples
    --------
    >>> matrix_rank(np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]]))  # column 2 = 2 * column 1
    1
    """
    return _rank_and_svd("matrix_rank", A, rcond)[1]


def null_space(A: Any, rcond: float | None = None) -> np.ndarray:
    r"""Orthonormal basis of the null space :math:`\{x : A x = 0\}`, from the SVD.

    The basis vectors are the right singular vectors whose singular values are zero (below
    the cutoff), including those beyond :math:`\min(m, n)` for a wide matrix.

    Parameters
    ----------
    A : array_like
        A matrix.
    rcond : float, optional
        Relative cutoff for zero singular values; ``None`` uses :func:`default_rcond`.

    Returns
    -------
    numpy.ndarray
        Orthonormal columns spanning the null space (no columns if ``A`` has full column rank).

    Shape
    -----
    ``A``: ``(m, n)``; output ``(n, n - rank)``.

    References
    ----------
    Goodfellow et al., §2.4 and §2.8.

    Examples
    --------
    >>> N = null_space(np.array([[1.0, 1.0]]))
    >>> N.shape, np.allclose(np.array([[1.0, 1.0]]) @ N, 0)
    ((2, 1), True)
    """
    _, rank, _, _, Vt = _rank_and_svd("null_space", A, rcond, full_matrices=True)
    return Vt[rank:].T.copy()
