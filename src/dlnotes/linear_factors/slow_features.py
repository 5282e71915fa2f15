r"""Linear slow feature analysis (Goodfellow et al., §13.3; Wiskott and Sejnowski 2002).

Slow feature analysis looks for features of a time series that change as slowly as possible,
on the principle that the important causes of a signal vary more slowly than its raw
measurements. For features :math:`f_i(x_t)` it solves

.. math:: \min_{f_i}\; \mathbb E_t\big[(f_i(x_{t+1}) - f_i(x_t))^2\big]
          \quad\text{s.t.}\quad \mathbb E_t[f_i] = 0,\; \mathbb E_t[f_i^2] = 1,\;
          \mathbb E_t[f_i f_j] = 0 \;(j < i).

For linear features :math:`f_i(x) = w_i^\top (x - \bar x)` the objective is
:math:`w_i^\top A w_i` with :math:`A` the covariance of the differences
:math:`\dot x_t = x_{t+1} - x_t`, and the constraints say :math:`w_i^\top B w_j =
\delta_{ij}` with :math:`B` the covariance of :math:`x`. The solution is the generalised
symmetric eigenproblem

.. math:: A w = \lambda B w ,

taking the eigenvectors of the smallest eigenvalues; each eigenvalue is the slowness
:math:`\mathbb E[(f_i(x_{t+1}) - f_i(x_t))^2]` of its feature. Equivalently: whiten
:math:`x`, then keep the directions of least variance of the whitened differences.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_ndim, check_positive_int, fail

__all__ = ["LinearSFA", "slowness"]


def slowness(Y: Any) -> np.ndarray:
    r"""Mean squared temporal difference :math:`\frac{1}{T-1}\sum_t (y_{t+1} - y_t)^2` per column.

    Shape
    -----
    - ``Y``: ``(T,)`` or ``(T, m)`` → ``()`` or ``(m,)``

    References
    ----------
    Goodfellow et al., §13.3, the slowness principle.

    Examples
    --------
    >>> slowness(np.array([0.0, 1.0, 3.0]))
    array(2.5)
    """
    Y = as_float_array("slowness", Y, "Y")
    check_ndim("slowness", Y, (1, 2), "Y of shape (T,) or (T, m)")
    if Y.shape[0] < 2:
        fail("slowness", "at least 2 time steps", tuple(Y.shape))
    return np.asarray(np.mean(np.diff(Y, axis=0) ** 2, axis=0))


class LinearSFA:
    r"""Linear slow feature analysis: solve :math:`A w = \lambda B w`, slowest first.

    Parameters
    ----------
    n_components : int, optional
        Number of slow features to keep (``None``: all).

    Attributes
    ----------
    mean : numpy.ndarray
        :math:`\bar x`, shape ``(n,)``.
    weight : numpy.ndarray
        :math:`[w_1, \dots, w_k]`, shape ``(n, k)``, with :math:`W^\top B W = I`; each
        column's largest-magnitude entry is positive (features are defined up to sign).
    eigenvalues : numpy.ndarray
        Slowness of each feature on the training series, ascending, shape ``(k,)``.

    Shape
    -----
    - ``fit(X)``: ``X`` is ``(T, n)``, one time step per row
    - ``transform``: ``(T, n) -> (T, k)``

    References
    ----------
    Goodfellow et al., §13.3; Wiskott and Sejnowski (2002).

    Examples
    --------
    >>> t = np.linspace(0, 10, 1000)
    >>> S = np.c_[np.sin(0.5 * t), np.sin(7.0 * t)]
    >>> X = S @ np.array([[1.0, 2.0], [1.0, -1.0]]).T
    >>> sfa = LinearSFA(n_components=1).fit(X)
    >>> round(abs(float(np.corrcoef(sfa.transform(X)[:, 0], S[:, 0])[0, 1])), 4)
    1.0
    """

    def __init__(self, n_components: int | None = None) -> None:
        if n_components is not None:
            n_components = check_positive_int("LinearSFA", "n_components", n_components)
        self.n_components = n_components
        self.mean: np.ndarray | None = None
        self.weight: np.ndarray | None = None
        self.eigenvalues: np.ndarray | None = None

    def __repr__(self) -> str:
        return f"LinearSFA(n_components={self.n_components})"

    def fit(self, X: Any) -> LinearSFA:
        """Fit to the time series ``X`` of shape ``(T, n)``; returns ``self``."""
        from scipy.linalg import eigh

        X = as_float_array("LinearSFA", X, "X")
        check_ndim("LinearSFA", X, 2, "X of shape (T, n)")
        T, n = X.shape
        k = n if self.n_components is None else self.n_components
        if T < 3 or k > n:
            fail("LinearSFA", f"X of shape (T, n) with T >= 3 and n >= {k}", tuple(X.shape))
        mean = X.mean(axis=0)
        Xc = X - mean
        B = Xc.T @ Xc / T
        dX = np.diff(X, axis=0)
        A = dX.T @ dX / (T - 1)
        if np.linalg.eigvalsh(B)[0] <= 1e-12 * np.trace(B):
            fail("LinearSFA", "X whose covariance is positive definite", "a singular covariance")
        # scipy's eigh solves A v = lambda B v with V^T B V = I, eigenvalues ascending.
        eigenvalues, V = eigh(A, B)
        V = V[:, :k]
        signs = np.sign(V[np.argmax(np.abs(V), axis=0), np.arange(k)])
        self.mean = mean
        self.weight = V * signs
        self.eigenvalues = eigenvalues[:k]
        return self

    def transform(self, X: Any) -> np.ndarray:
        r"""Slow features :math:`(x - \bar x)^\top W`, shape ``(T, k)``."""
        if self.weight is None or self.mean is None:
            fail("LinearSFA", "a fitted model (call fit first)", "an unfitted LinearSFA")
        X = as_float_array("LinearSFA", X, "X")
        check_ndim("LinearSFA", X, 2, f"X of shape (T, {self.mean.shape[0]})")
        if X.shape[1] != self.mean.shape[0]:
            fail("LinearSFA", f"X of shape (T, {self.mean.shape[0]})", tuple(X.shape))
        return (X - self.mean) @ self.weight

    def fit_transform(self, X: Any) -> np.ndarray:
        """``fit(X)`` then ``transform(X)``."""
        return self.fit(X).transform(X)
