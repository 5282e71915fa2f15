"""Input checks shared by the metrics: binary labels and aligned score arrays."""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import fail

__all__ = ["binary_labels", "scores_like"]


def binary_labels(owner: str, y: Any, name: str = "y_true") -> np.ndarray:
    """Return ``y`` as a 1-D boolean array (positive = 1); only 0/1 or bool values are accepted."""
    arr = np.asarray(y)
    if arr.ndim != 1 or arr.size == 0:
        fail(owner, f"{name} as a non-empty 1-D array", np.shape(y))
    if arr.dtype.kind not in "biuf" or not np.all((arr == 0) | (arr == 1)):
        fail(owner, f"{name} with binary labels 0/1", f"values {np.unique(arr)[:5]}")
    return arr.astype(bool)


def scores_like(owner: str, scores: Any, labels: np.ndarray, name: str = "y_score") -> np.ndarray:
    """Return finite real ``scores`` of the same shape as ``labels`` as float64."""
    arr = np.asarray(scores)
    if arr.dtype.kind not in "biuf":
        fail(owner, f"real-valued {name}", arr.dtype, TypeError)
    if arr.shape != labels.shape:
        fail(owner, f"{name} of shape {labels.shape}", arr.shape)
    arr = arr.astype(np.float64)
    if not np.all(np.isfinite(arr)):
        fail(owner, f"finite {name}", "NaN or infinity")
    return arr
