"""Input checks shared by the loop and vectorised implementations (one message format)."""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_ndim, fail

__all__ = ["matrix", "same_width", "dense_args"]


def matrix(owner: str, x: Any, name: str) -> np.ndarray:
    """``x`` as a float32/float64 matrix of shape (rows, columns)."""
    arr = as_float_array(owner, x, name)
    check_ndim(owner, arr, 2, f"{name} of shape (rows, columns)")
    return arr


def same_width(owner: str, X: np.ndarray, Y: np.ndarray) -> None:
    """Both point sets must live in the same space (same number of columns)."""
    if X.shape[1] != Y.shape[1]:
        fail(owner, "X and Y with the same number of columns", f"{X.shape} and {Y.shape}")


def dense_args(owner: str, X: Any, weight: Any, bias: Any) -> tuple[np.ndarray, ...]:
    """Validate ``X`` (N, in), ``weight`` (out, in) and ``bias`` (out,) and give one dtype."""
    X = matrix(owner, X, "X")
    weight = matrix(owner, weight, "weight")
    if weight.shape[1] != X.shape[1]:
        fail(owner, f"weight with {X.shape[1]} columns (X has shape {X.shape})", weight.shape)
    bias = as_float_array(owner, bias, "bias")
    if bias.shape != (weight.shape[0],):
        fail(owner, f"bias of shape ({weight.shape[0]},)", bias.shape)
    dtype = np.result_type(X, weight, bias)
    return (
        X.astype(dtype, copy=False),
        weight.astype(dtype, copy=False),
        bias.astype(dtype, copy=False),
    )
