r"""Linear separability of two classes, decided exactly by a linear program.

Two finite point sets are linearly separable when some hyperplane has all of one class strictly
on one side and all of the other strictly on the other. Scaling the hyperplane turns the strict
inequalities into :math:`s_i (x_i^\top w + b) \ge 1` with labels :math:`s_i = \pm 1`, a
feasibility problem that a linear program settles. §6.1 of Goodfellow et al. uses the idea
informally: XOR is not separable in its input space, but is in the hidden space of the ReLU
network.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_ndim, fail

__all__ = ["linearly_separable"]


def linearly_separable(X: Any, y: Any) -> bool:
    r"""Whether a hyperplane separates the points of class 0 from those of class 1.

    Solves the feasibility problem :math:`s_i (x_i^\top w + b) \ge 1` for all ``i``, with
    :math:`s_i = 2 y_i - 1`, by ``scipy.optimize.linprog`` (HiGHS). Two points that coincide
    but carry different labels make the problem infeasible, as they should.

    Parameters
    ----------
    X : array_like, shape (N, D)
        Points.
    y : array_like, shape (N,)
        Binary labels (0/1, integers or floats).

    Returns
    -------
    bool

    Examples
    --------
    >>> from dlnotes.data import xor_points
    >>> X, y = xor_points()
    >>> linearly_separable(X, y), linearly_separable(X, X[:, 0])
    (False, True)
    """
    from scipy.optimize import linprog

    X = as_float_array("linearly_separable", X)
    check_ndim("linearly_separable", X, 2, "points of shape (N, D)")
    labels = np.asarray(y)
    if labels.shape != (len(X),):
        fail("linearly_separable", f"labels of shape ({len(X)},)", labels.shape)
    if not np.all((labels == 0) | (labels == 1)):
        fail("linearly_separable", "labels 0 or 1", np.unique(labels).tolist())
    s = 2.0 * labels.astype(np.float64) - 1.0
    # Variables (w, b), free; constraints -s_i (x_i w + b) <= -1; zero objective.
    A = -s[:, None] * np.hstack([X.astype(np.float64), np.ones((len(X), 1))])
    result = linprog(
        np.zeros(X.shape[1] + 1),
        A_ub=A,
        b_ub=-np.ones(len(X)),
        bounds=[(None, None)] * (X.shape[1] + 1),
        method="highs",
    )
    return bool(result.status == 0)
