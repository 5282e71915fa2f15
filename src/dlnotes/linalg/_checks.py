"""Input checks shared by the linear-algebra functions (matrix, square, symmetric)."""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, fail

__all__ = ["as_matrix", "as_square", "as_symmetric"]


def as_matrix(owner: str, A: Any, name: str = "A") -> np.ndarray:
    """Return ``A`` as a finite, non-empty floating 2-D array (float32 kept), else raise."""
    A = as_float_array(owner, A, name)
    if A.ndim != 2 or A.size == 0:
        fail(owner, f"{name} to be a non-empty matrix of shape (m, n)", tuple(A.shape))
    if not np.all(np.isfinite(A)):
        fail(owner, f"{name} with finite entries", "inf or nan")
    return A


def as_square(owner: str, A: Any, name: str = "A", size: int | None = None) -> np.ndarray:
    """Return ``A`` as a square matrix (of side ``size`` when given), else raise."""
    A = as_matrix(owner, A, name)
    if A.shape[0] != A.shape[1] or (size is not None and A.shape[0] != size):
        side = "n" if size is None else str(size)
        fail(owner, f"{name} to be a square matrix of shape ({side}, {side})", tuple(A.shape))
    return A


def as_symmetric(owner: str, A: Any, name: str = "A", size: int | None = None) -> np.ndarray:
    """Return the symmetric part of ``A`` after checking that ``A`` is symmetric.

    The tolerance is sqrt(machine epsilon) relative to the largest entry, so a matrix that is
    symmetric up to round-off (``X.T @ X`` computed in floating point) is accepted.
    """
    A = as_square(owner, A, name, size)
    scale = max(1.0, float(np.max(np.abs(A))))
    tol = np.sqrt(np.finfo(A.dtype).eps) * scale
    asymmetry = float(np.max(np.abs(A - A.T)))
    if asymmetry > tol:
        fail(owner, f"{name} to be symmetric", f"max |A - A^T| = {asymmetry:.3g}")
    return (A + A.T) / 2
