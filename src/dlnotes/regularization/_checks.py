"""Input checks shared by the regularisation modules (private)."""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, fail

__all__ = ["design", "symmetric_psd", "vector_of"]


def symmetric_psd(owner: str, H: Any, name: str = "H") -> np.ndarray:
    """``H`` as a float array, checked to be a square symmetric matrix."""
    H = as_float_array(owner, H, name)
    if H.ndim != 2 or H.shape[0] != H.shape[1]:
        fail(owner, f"{name} to be a square matrix (d, d)", tuple(H.shape))
    if not np.allclose(H, H.T, rtol=1e-10, atol=1e-12 * max(1.0, float(np.abs(H).max()))):
        fail(owner, f"{name} to be symmetric", "a non-symmetric matrix")
    return H


def vector_of(owner: str, x: Any, size: int, name: str) -> np.ndarray:
    """``x`` as a float vector of length ``size``."""
    x = as_float_array(owner, x, name)
    if x.shape != (size,):
        fail(owner, f"{name} of shape ({size},)", tuple(x.shape))
    return x


def design(owner: str, X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """A design matrix ``(n, d)`` and targets ``(n,)``."""
    X = as_float_array(owner, X, "X")
    y = as_float_array(owner, y, "y")
    if X.ndim != 2 or y.shape != (X.shape[0],):
        fail(owner, "X of shape (n, d) and y of shape (n,)", f"{X.shape} and {y.shape}")
    return X, y
