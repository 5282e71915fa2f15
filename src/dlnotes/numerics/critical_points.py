r"""Second-derivative test: classify a critical point by its Hessian's eigenvalues (§4.3.1)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_range, fail

__all__ = ["numerical_hessian", "classify_critical_point"]


def numerical_hessian(f: Callable[[np.ndarray], float], x: Any, eps: float = 1e-4) -> np.ndarray:
    r"""Hessian of a scalar function by central differences, symmetrised.

    :math:`H_{ij}\approx\dfrac{f(x+\epsilon e_i+\epsilon e_j)-f(x+\epsilon e_i-\epsilon e_j)
    -f(x-\epsilon e_i+\epsilon e_j)+f(x-\epsilon e_i-\epsilon e_j)}{4\epsilon^2}`, error
    :math:`O(\epsilon^2)`.

    Parameters
    ----------
    f : callable
        Scalar function of a vector of shape (n,).
    x : array_like, shape (n,)
    eps : float
        Step size.

    Returns
    -------
    numpy.ndarray, shape (n, n)

    Shape
    -----
    ``x``: (n,) → (n, n).

    References
    ----------
    Goodfellow et al., §4.3.1.

    Examples
    --------
    >>> np.round(numerical_hessian(lambda v: v[0] ** 2 - 3 * v[0] * v[1], np.zeros(2)), 6)
    array([[ 2., -3.],
           [-3.,  0.]])
    """
    if not callable(f):
        fail("numerical_hessian", "f to be callable", type(f).__name__, TypeError)
    x = np.array(as_float_array("numerical_hessian", x, "x"), dtype=np.float64)
    if x.ndim != 1:
        fail("numerical_hessian", "x of shape (n,)", x.shape)
    eps = check_range("numerical_hessian", "eps", eps, 0.0, low_inclusive=False)
    n = x.size
    H = np.empty((n, n))
    basis = np.eye(n) * eps
    for i in range(n):
        for j in range(i, n):
            ei, ej = basis[i], basis[j]
            H[i, j] = H[j, i] = (
                f(x + ei + ej) - f(x + ei - ej) - f(x - ei + ej) + f(x - ei - ej)
            ) / (4 * eps * eps)
    return H


def classify_critical_point(hessian: Any, tol: float = 1e-8) -> str:
    r"""Name a critical point (:math:`\nabla f=0`) from the eigenvalues of its Hessian.

    * all eigenvalues :math:`>0` (positive definite): ``"local minimum"``;
    * all :math:`<0` (negative definite): ``"local maximum"``;
    * some :math:`>0` and some :math:`<0`: ``"saddle point"`` (a minimum along some
      eigen-directions, a maximum along others);
    * otherwise, some eigenvalue within ``tol`` of zero and no sign change: ``"inconclusive"``
      (Goodfellow et al., §4.3.1).

    Parameters
    ----------
    hessian : array_like, shape (n, n)
        Hessian at a point where the gradient vanishes.
    tol : float
        Eigenvalues within ``tol`` times the largest magnitude count as zero.

    Returns
    -------
    str
        ``"local minimum"``, ``"local maximum"``, ``"saddle point"`` or ``"inconclusive"``.

    Shape
    -----
    ``hessian``: (n, n).

    Examples
    --------
    >>> classify_critical_point(np.diag([2.0, -2.0]))
    'saddle point'
    """
    H = as_float_array("classify_critical_point", hessian, "hessian")
    if H.ndim != 2 or H.shape[0] != H.shape[1] or H.shape[0] == 0:
        fail("classify_critical_point", "a square Hessian", H.shape)
    lam = np.linalg.eigvalsh(0.5 * (H + H.T))
    scale = max(1.0, float(np.abs(lam).max()))
    if np.any(lam > tol * scale) and np.any(lam < -tol * scale):
        return "saddle point"
    if np.all(lam > tol * scale):
        return "local minimum"
    if np.all(lam < -tol * scale):
        return "local maximum"
    return "inconclusive"
