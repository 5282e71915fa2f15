r"""PCA whitening: a linear map after which the data have identity covariance.

With the sample covariance :math:`S = U \Lambda U^\top` (divisor :math:`N`), the whitening
matrix :math:`K = \Lambda_k^{-1/2} U_k^\top` sends :math:`x` to :math:`z = K (x - \bar x)`,
whose sample covariance is :math:`I_k`. Any rotation :math:`R z` is white too, which is why
whitening is the first step of ICA (only a rotation remains to be found) and why slow
feature analysis can be written as whitening followed by PCA (Goodfellow et al., §13.2–13.3).
The eigendecomposition is :class:`dlnotes.linalg.PCA`'s.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import as_float_array, check_ndim, check_positive_int, fail
from dlnotes.linalg import PCA

__all__ = ["Whitening", "whiten"]


class Whitening(NamedTuple):
    """The result of :func:`whiten`."""

    Z: np.ndarray
    """Whitened data, shape ``(N, k)``, sample covariance :math:`I_k`."""
    mean: np.ndarray
    """:math:`\\bar x`, shape ``(n,)``."""
    matrix: np.ndarray
    """:math:`K`, shape ``(k, n)``: ``Z = (X - mean) @ matrix.T``."""
    dewhitening: np.ndarray
    """:math:`U_k \\Lambda_k^{1/2}`, shape ``(n, k)``: a right inverse of ``matrix``."""


def whiten(X: Any, n_components: int | None = None) -> Whitening:
    r"""PCA-whiten the rows of ``X``: :math:`z = \Lambda_k^{-1/2} U_k^\top (x - \bar x)`.

    Parameters
    ----------
    X : array_like
        Data, one example per row.
    n_components : int, optional
        Keep the ``k`` leading directions (``None``: all). Every kept eigenvalue must be
        positive.

    Returns
    -------
    Whitening
        ``(Z, mean, matrix, dewhitening)``.

    Shape
    -----
    - ``X``: ``(N, n)``
    - ``Z``: ``(N, k)``
    - ``matrix``: ``(k, n)``
    - ``dewhitening``: ``(n, k)``

    References
    ----------
    Goodfellow et al., §13.2.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((1000, 2)) @ [[2.0, 1.0], [0.0, 0.5]]
    >>> w = whiten(X)
    >>> np.allclose(w.Z.T @ w.Z / len(w.Z), np.eye(2))
    True
    """
    X = as_float_array("whiten", X, "X")
    check_ndim("whiten", X, 2, "X of shape (N, n)")
    if n_components is not None:
        n_components = check_positive_int("whiten", "n_components", n_components)
    pca = PCA(n_components=n_components).fit(X)
    assert pca.eigenvalues is not None and pca.decoder is not None and pca.mean is not None
    k = pca.decoder.shape[1]
    lam = pca.eigenvalues[:k] / X.shape[0]
    if lam[-1] <= 1e-12 * lam[0]:
        fail("whiten", "a covariance with positive kept eigenvalues", f"λ_{k} = {lam[-1]:.3g}")
    matrix = (pca.decoder / np.sqrt(lam)).T
    dewhitening = pca.decoder * np.sqrt(lam)
    Z = (X - pca.mean) @ matrix.T
    return Whitening(Z, pca.mean, matrix, dewhitening)
