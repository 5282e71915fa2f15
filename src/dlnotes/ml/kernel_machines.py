r"""A kernel machine: the RBF kernel and a support vector machine trained in its dual
(Goodfellow et al., §5.7.2).

The prediction is a kernel expansion over the training examples,

.. math:: f(x) = b + \sum_{i=1}^m \alpha_i t_i\, k(x, x^{(i)}), \qquad t_i \in \{-1, +1\},

non-linear in :math:`x` but linear in :math:`\alpha`. Training solves the SVM's dual problem
(maximise :math:`\sum_i \alpha_i - \tfrac12 \sum_{ij} \alpha_i \alpha_j t_i t_j K_{ij}` subject
to :math:`0 \le \alpha_i \le C`) by exact coordinate ascent, one :math:`\alpha_i` at a time.
Most :math:`\alpha_i` end at zero: only the *support vectors* enter the sum, which makes
prediction cheap. The bias is absorbed into the kernel (:math:`k + 1`, a constant feature), so
:math:`b = \sum_i \alpha_i t_i` is regularised together with the weights; this removes the
equality constraint of the textbook dual and keeps the solver a few lines long.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_positive_int, check_range, fail

__all__ = ["rbf_kernel", "KernelSVM"]


def rbf_kernel(X: Any, Y: Any, gamma: float = 1.0) -> np.ndarray:
    r"""Gaussian (RBF) kernel :math:`k(x, y) = \exp(-\gamma \|x - y\|_2^2)` for all pairs.

    Parameters
    ----------
    X : array_like
        First set of points.
    Y : array_like
        Second set of points, with the same number of features.
    gamma : float
        Inverse squared length scale (> 0).

    Returns
    -------
    numpy.ndarray
        The kernel (Gram) matrix :math:`K_{ij} = k(x_i, y_j)`, in ``(0, 1]``.

    Shape
    -----
    ``X``: ``(M, D)``; ``Y``: ``(N, D)``; result ``(M, N)``.

    References
    ----------
    Goodfellow et al., §5.7.2 (equation 5.84).

    Examples
    --------
    >>> K = rbf_kernel(np.array([[0.0, 0.0]]), np.array([[0.0, 0.0], [1.0, 0.0]]), gamma=1.0)
    >>> np.round(K, 4).tolist()
    [[1.0, 0.3679]]
    """
    owner = "rbf_kernel"
    X, Y = as_float_array(owner, X, "X"), as_float_array(owner, Y, "Y")
    if X.ndim != 2 or Y.ndim != 2 or X.shape[1] != Y.shape[1]:
        fail(owner, "X and Y of shapes (M, D) and (N, D)", (X.shape, Y.shape))
    gamma = check_range(owner, "gamma", gamma, 0.0, low_inclusive=False)
    sq = (X * X).sum(1)[:, None] - 2.0 * X @ Y.T + (Y * Y).sum(1)[None, :]
    return np.exp(-gamma * np.maximum(sq, 0.0))


class KernelSVM:
    r"""Binary support vector machine with an RBF kernel (Goodfellow et al., §5.7.2).

    Parameters
    ----------
    C : float
        Box constraint on the dual variables (> 0): large ``C`` fits the training data harder.
    gamma : float
        RBF inverse squared length scale, see :func:`rbf_kernel`.
    max_epochs : int
        Passes of coordinate ascent over all dual variables.
    tol : float
        Stop when no :math:`\alpha_i` moved by more than ``tol`` in a pass.

    Attributes
    ----------
    alpha : numpy.ndarray, shape (m,)
        Dual variables after :meth:`fit`, each in :math:`[0, C]`.
    support : numpy.ndarray
        Indices of the support vectors (:math:`\alpha_i > 0`).
    gram : numpy.ndarray, shape (m, m)
        The RBF Gram matrix :math:`K_{ij} = k(x^{(i)}, x^{(j)})` of the training data.
    epochs : int
        Passes the solver made.

    Shape
    -----
    ``fit(X, y)``: ``X`` ``(m, D)``, ``y`` ``(m,)`` with labels 0 and 1;
    ``decision_function(X)`` and ``predict(X)``: ``(N, D)`` → ``(N,)``.

    References
    ----------
    Goodfellow et al., §5.7.2.

    Examples
    --------
    >>> X = np.array([[-2.0, 0.0], [-1.0, 0.0], [1.0, 0.0], [2.0, 0.0]])
    >>> svm = KernelSVM(C=10.0, gamma=0.5).fit(X, np.array([0, 0, 1, 1]))
    >>> svm.predict(np.array([[-1.5, 0.0], [1.5, 0.0]])).tolist()
    [0, 1]
    """

    def __init__(
        self, C: float = 1.0, gamma: float = 1.0, max_epochs: int = 500, tol: float = 1e-6
    ) -> None:
        owner = "KernelSVM"
        self.C = check_range(owner, "C", C, 0.0, low_inclusive=False)
        self.gamma = check_range(owner, "gamma", gamma, 0.0, low_inclusive=False)
        self.max_epochs = check_positive_int(owner, "max_epochs", max_epochs)
        self.tol = check_range(owner, "tol", tol, 0.0, low_inclusive=False)

    def fit(self, X: Any, y: Any) -> KernelSVM:
        """Solve the dual by exact coordinate ascent; returns ``self``."""
        owner = "KernelSVM"
        X = as_float_array(owner, X, "X")
        labels = np.asarray(y)
        if X.ndim != 2 or labels.shape != (X.shape[0],):
            fail(owner, "X of shape (m, D) and y of shape (m,)", (X.shape, labels.shape))
        if not np.all(np.isin(labels, (0, 1))):
            fail(owner, "labels 0 and 1", np.unique(labels).tolist())
        t = np.where(labels == 1, 1.0, -1.0)
        self.gram = rbf_kernel(X, X, self.gamma)
        K = self.gram + 1.0  # the constant feature carries the bias
        alpha = np.zeros(X.shape[0])
        f = np.zeros(X.shape[0])  # f = K (alpha * t), kept up to date
        self.epochs = 0
        for _ in range(self.max_epochs):
            self.epochs += 1
            largest = 0.0
            for i in range(X.shape[0]):
                # The dual is a concave quadratic in alpha_i alone: step to its maximum, clip.
                new = min(max(alpha[i] - (t[i] * f[i] - 1.0) / K[i, i], 0.0), self.C)
                delta = new - alpha[i]
                if delta != 0.0:
                    f += delta * t[i] * K[:, i]
                    alpha[i] = new
                    largest = max(largest, abs(delta))
            if largest < self.tol:
                break
        self.alpha = alpha
        self.support = np.flatnonzero(alpha > 0.0)
        self._X, self._t = X, t
        return self

    @property
    def bias(self) -> float:
        r""":math:`b = \sum_i \alpha_i t_i` (the weight of the constant feature)."""
        return float(self.alpha @ self._t)

    def dual_objective(self) -> float:
        r""":math:`\sum_i \alpha_i - \tfrac12 \sum_{ij} \alpha_i\alpha_j t_i t_j (K_{ij} + 1)`."""
        a = self.alpha * self._t
        return float(self.alpha.sum() - 0.5 * a @ (self.gram + 1.0) @ a)

    def decision_function(self, X: Any) -> np.ndarray:
        """:math:`f(x)`, summed over the support vectors only."""
        X = as_float_array("KernelSVM", X, "X")
        sv = self.support
        K = rbf_kernel(X, self._X[sv], self.gamma) + 1.0
        return K @ (self.alpha[sv] * self._t[sv])

    def predict(self, X: Any) -> np.ndarray:
        """Class 1 where :math:`f(x) > 0`, else class 0."""
        return (self.decision_function(X) > 0.0).astype(np.int64)
