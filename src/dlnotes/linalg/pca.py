r"""Principal components analysis as a linear encoder/decoder pair (Goodfellow et al., §2.12).

We look for a lossy code :math:`c = f(x) \in \mathbb{R}^l` of points :math:`x \in \mathbb{R}^n`
(:math:`l < n`) decoded linearly, :math:`g(c) = D c`, with :math:`D \in \mathbb{R}^{n \times l}`
having orthonormal columns. For fixed :math:`D` the best code of :math:`x` in squared error is
:math:`c^* = D^\top x`, so :math:`r(x) = D D^\top x`. Minimising the total squared
reconstruction error :math:`\|X - X D D^\top\|_F^2` over such :math:`D` is the same as
maximising :math:`\operatorname{Tr}(D^\top X^\top X D)`, solved by the eigenvectors of
:math:`X^\top X` with the :math:`l` largest eigenvalues. The error left is the sum of the other
eigenvalues. As derived, this is the best subspace through the origin; here the data are
centred first by default (as in the book's §5.8.1), which gives the best subspace through the
mean; ``center=False`` gives §2.12's version as written.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_ndim, check_positive_int, fail, resolve_dtype
from dlnotes.linalg.eigen import symmetric_eigendecomposition

__all__ = ["PCA", "pca_reconstruction_errors"]


class PCA:
    r"""PCA: the optimal linear encoder :math:`c = D^\top (x - \mu)`, decoder :math:`D c + \mu`.

    ``fit`` forms the scatter matrix :math:`S = X_c^\top X_c` of the centred data
    :math:`X_c = X - \mathbf{1}\mu^\top` and takes its eigendecomposition; the decoder
    :math:`D` holds the eigenvectors of the ``n_components`` largest eigenvalues as columns.

    Parameters
    ----------
    n_components : int, optional
        Code size :math:`l`; ``None`` keeps all :math:`n` directions.
    center : bool, default True
        Subtract the mean before the decomposition (``False``: the book's §2.12 as written,
        :math:`D` from the eigenvectors of :math:`X^\top X`).
    dtype : numpy.dtype, optional
        float64 or float32; ``None`` keeps the data's floating dtype (integers become float64).

    Attributes
    ----------
    mean : numpy.ndarray
        :math:`\mu`, shape ``(n,)`` (zeros when ``center=False``).
    decoder : numpy.ndarray
        :math:`D`, shape ``(n, l)``, orthonormal columns (principal directions). Each column's
        largest-magnitude entry is positive (a sign convention: directions are defined up to
        sign).
    eigenvalues : numpy.ndarray
        All :math:`n` eigenvalues of :math:`S`, largest first, shape ``(n,)``.
    explained_variance : numpy.ndarray
        Sample variance along each kept direction, :math:`\lambda_i / (N - 1)`, shape ``(l,)``.
    explained_variance_ratio : numpy.ndarray
        Fraction of the total variance along each kept direction, shape ``(l,)``.

    Shape
    -----
    ``fit(X)``: ``X`` is ``(N, n)``. ``encode``: ``(N, n) -> (N, l)`` (or ``(n,) -> (l,)``);
    ``decode``: ``(N, l) -> (N, n)``; ``reconstruct``: ``(N, n) -> (N, n)``.

    References
    ----------
    Goodfellow et al., §2.12 (and §5.8.1 for the centred, variance view).

    Examples
    --------
    >>> X = np.array([[2.0, 2.0], [0.0, 0.0], [1.0, 1.0], [1.0, 1.2]])
    >>> pca = PCA(n_components=1).fit(X)
    >>> np.round(pca.decoder.ravel(), 2)
    array([0.7 , 0.71])
    >>> pca.encode(X).shape, pca.reconstruct(X).shape
    ((4, 1), (4, 2))
    """

    def __init__(
        self, n_components: int | None = None, *, center: bool = True, dtype: Any = None
    ) -> None:
        if n_components is not None:
            n_components = check_positive_int("PCA", "n_components", n_components)
        if not isinstance(center, (bool, np.bool_)):
            fail("PCA", "center to be a bool", repr(center), TypeError)
        self.n_components = n_components
        self.center = bool(center)
        self.dtype = None if dtype is None else resolve_dtype("PCA", dtype)
        self.mean: np.ndarray | None = None
        self.decoder: np.ndarray | None = None
        self.eigenvalues: np.ndarray | None = None
        self.explained_variance: np.ndarray | None = None
        self.explained_variance_ratio: np.ndarray | None = None

    def __repr__(self) -> str:
        return f"PCA(n_components={self.n_components}, center={self.center})"

    def _as_data(self, X: Any, name: str = "X") -> np.ndarray:
        X = as_float_array("PCA", X, name)
        if self.dtype is not None:
            X = X.astype(self.dtype, copy=False)
        return X

    def fit(self, X: Any) -> PCA:
        """Fit the decoder to data ``X`` of shape ``(N, n)``; returns ``self``."""
        X = self._as_data(X)
        check_ndim("PCA", X, 2, "X of shape (N, n)")
        num_samples, num_features = X.shape
        if num_samples < 2 or num_features < 1:
            fail("PCA", "X of shape (N, n) with N >= 2 and n >= 1", tuple(X.shape))
        if not np.all(np.isfinite(X)):
            fail("PCA", "X with finite entries", "inf or nan")
        code_size = num_features if self.n_components is None else self.n_components
        if code_size > num_features:
            fail("PCA", f"n_components <= number of features {num_features}", code_size)
        mean = X.mean(axis=0) if self.center else np.zeros(num_features, dtype=X.dtype)
        Xc = X - mean
        eigenvalues, Q = symmetric_eigendecomposition(Xc.T @ Xc)
        # The scatter matrix is positive semidefinite; round-off can leave tiny negatives.
        eigenvalues = np.maximum(eigenvalues, 0)
        total = float(np.sum(eigenvalues))
        self.mean = mean
        self.decoder = np.ascontiguousarray(Q[:, :code_size])
        self.eigenvalues = eigenvalues
        self.explained_variance = eigenvalues[:code_size] / (num_samples - 1)
        self.explained_variance_ratio = (
            eigenvalues[:code_size] / total if total > 0 else np.zeros(code_size, dtype=X.dtype)
        )
        return self

    def _check_fitted(self) -> tuple[np.ndarray, np.ndarray]:
        if self.decoder is None or self.mean is None:
            fail("PCA", "a fitted model (call fit first)", "an unfitted PCA")
        return self.decoder, self.mean

    def encode(self, X: Any) -> np.ndarray:
        r"""Codes :math:`c = D^\top (x - \mu)` of rows ``X`` (``(N, n)`` or one ``(n,)`` vector)."""
        D, mean = self._check_fitted()
        X = self._as_data(X)
        check_ndim("PCA", X, (1, 2), f"X of shape (N, {D.shape[0]}) or ({D.shape[0]},)")
        if X.shape[-1] != D.shape[0]:
            fail("PCA", f"X with last dimension {D.shape[0]}", tuple(X.shape))
        return (X - mean) @ D

    def decode(self, C: Any) -> np.ndarray:
        r"""Reconstructions :math:`D c + \mu` of codes ``C`` (``(N, l)`` or one ``(l,)`` code)."""
        D, mean = self._check_fitted()
        C = self._as_data(C, "codes")
        check_ndim("PCA", C, (1, 2), f"codes of shape (N, {D.shape[1]}) or ({D.shape[1]},)")
        if C.shape[-1] != D.shape[1]:
            fail("PCA", f"codes with last dimension {D.shape[1]}", tuple(C.shape))
        return C @ D.T + mean

    def reconstruct(self, X: Any) -> np.ndarray:
        r""":math:`r(x) = D D^\top (x - \mu) + \mu`, the projection onto the principal subspace."""
        return self.decode(self.encode(X))


def pca_reconstruction_errors(X: Any, *, center: bool = True) -> tuple[np.ndarray, np.ndarray]:
    r"""Squared reconstruction error :math:`\|X_c - X_c D_k D_k^\top\|_F^2` for every code size k.

    The errors are measured directly from the reconstructions (not from the eigenvalues), so
    they can be compared with the theory's prediction :math:`\sum_{i > k} \lambda_i`, the sum
    of the discarded eigenvalues of :math:`X_c^\top X_c` (Goodfellow et al., §2.12).

    Parameters
    ----------
    X : array_like
        Data, one example per row.
    center : bool, default True
        Centre the data first (as :class:`PCA`).

    Returns
    -------
    ks : numpy.ndarray
        Code sizes ``0, 1, ..., n``.
    errors : numpy.ndarray
        Sum over all examples and features of the squared residuals for each ``k``.

    Shape
    -----
    ``X``: ``(N, n)``; ``ks`` and ``errors``: ``(n + 1,)``.

    References
    ----------
    Goodfellow et al., §2.12.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 0.5], [0.0, -0.5]])
    >>> ks, errors = pca_reconstruction_errors(X)
    >>> ks, np.round(errors, 12)
    (array([0, 1, 2]), array([2.5, 0.5, 0. ]))
    """
    pca = PCA(center=center).fit(X)
    D, mean = pca._check_fitted()
    Xc = pca._as_data(X) - mean
    num_features = D.shape[0]
    errors = np.empty(num_features + 1, dtype=Xc.dtype)
    for k in range(num_features + 1):
        Dk = D[:, :k]
        residual = Xc - (Xc @ Dk) @ Dk.T
        errors[k] = np.sum(residual * residual)
    return np.arange(num_features + 1), errors
