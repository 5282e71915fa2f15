"""Decision regions of a classifier on 2-D data: predictions on a grid, ready to plot.

A page draws a classifier's decision regions with ``contourf(xx, yy, zz)`` over the grid that
:func:`decision_grid` returns (Goodfellow et al., §5.7.1 and §6.1, the XOR and spiral figures).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_positive_int, fail

__all__ = ["decision_grid"]


def decision_grid(
    predict: Any, X: Any, resolution: int = 200, margin: float = 0.5
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Predictions on a regular grid covering 2-D data, for plotting decision regions.

    Parameters
    ----------
    predict : callable
        Maps ``(M, 2)`` points to ``(M,)`` labels (or scores).
    X : array_like, shape (N, 2)
        The data whose bounding box (plus ``margin``) the grid covers.
    resolution : int
        Grid points per axis.
    margin : float
        Padding around the data.

    Returns
    -------
    xx, yy, zz : numpy.ndarray, shape (resolution, resolution)
        Coordinates and predictions, ready for ``contourf(xx, yy, zz)``.

    Examples
    --------
    >>> xx, yy, zz = decision_grid(lambda P: P[:, 0] > 0, np.array([[-1.0, 0.0], [1.0, 1.0]]),
    ...                            resolution=3, margin=0.0)
    >>> zz.astype(int).tolist()
    [[0, 0, 1], [0, 0, 1], [0, 0, 1]]
    """
    X = as_float_array("decision_grid", X, "X")
    if X.ndim != 2 or X.shape[1] != 2:
        fail("decision_grid", "X of shape (N, 2)", X.shape)
    resolution = check_positive_int("decision_grid", "resolution", resolution)
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    xx, yy = np.meshgrid(
        np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution)
    )
    zz = np.asarray(predict(np.column_stack([xx.ravel(), yy.ravel()])))
    return xx, yy, zz.reshape(xx.shape)
