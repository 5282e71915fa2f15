r"""The manifold interpretation of PCA (Goodfellow et al., §13.5).

PCA fits a flat manifold — an affine subspace through the mean, spanned by the leading
eigenvectors of the covariance — and measures each point by its code on it (the encoder
:math:`h = U_k^\top (x - \bar x)`) plus a reconstruction :math:`\hat x = U_k h + \bar x`. The
mean squared distance of the data from the manifold is the variance left out of it,

.. math:: \mathbb E\,\|x - \hat x\|^2 = \sum_{i > k} \lambda_i ,

the sum of the discarded eigenvalues of the covariance. The same identity for the scatter
matrix is §2.12's; this module reuses :func:`dlnotes.linalg.pca_reconstruction_errors`, which
measures the residuals directly, and divides by :math:`N`. Probabilistic PCA ties in:
its maximum-likelihood noise variance spreads exactly this error over the discarded
dimensions, :math:`(n - k)\,\sigma^2_{\mathrm{ML}} = \sum_{i > k} \lambda_i`.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import as_float_array, check_ndim
from dlnotes.linalg import PCA, pca_reconstruction_errors

__all__ = ["ManifoldErrors", "linear_manifold_errors"]


class ManifoldErrors(NamedTuple):
    """The result of :func:`linear_manifold_errors`."""

    ks: np.ndarray
    """Manifold dimensions ``0, 1, ..., n``."""
    mean_squared_error: np.ndarray
    """Measured :math:`\\frac1N\\sum_i \\|x_i - \\hat x_i\\|^2` for each ``k``."""
    discarded_variance: np.ndarray
    """:math:`\\sum_{i > k} \\lambda_i` for the covariance :math:`S` (divisor :math:`N`)."""


def linear_manifold_errors(X: Any) -> ManifoldErrors:
    r"""Mean squared distance from PCA's ``k``-dimensional manifold, measured and predicted.

    Parameters
    ----------
    X : array_like
        Data, one example per row.

    Returns
    -------
    ManifoldErrors
        ``(ks, mean_squared_error, discarded_variance)``.

    Shape
    -----
    - ``X``: ``(N, n)``
    - every returned array: ``(n + 1,)``

    References
    ----------
    Goodfellow et al., §13.5 (and §2.12).

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 0.5], [0.0, -0.5]])
    >>> out = linear_manifold_errors(X)
    >>> out.mean_squared_error.round(12).tolist(), out.discarded_variance.tolist()
    ([0.625, 0.125, 0.0], [0.625, 0.125, 0.0])
    """
    X = as_float_array("linear_manifold_errors", X, "X")
    check_ndim("linear_manifold_errors", X, 2, "X of shape (N, n)")
    ks, errors = pca_reconstruction_errors(X)
    eigenvalues = PCA().fit(X).eigenvalues
    assert eigenvalues is not None
    n = X.shape[0]
    tail = np.concatenate([np.cumsum(eigenvalues[::-1])[::-1], [0.0]])
    return ManifoldErrors(ks, errors / n, tail / n)
