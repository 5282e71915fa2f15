r"""Independent component analysis by FastICA, written from scratch (Goodfellow et al., §13.2).

ICA models the data as :math:`x = A s` with independent, **non-Gaussian** sources :math:`s`
and looks for an unmixing matrix that makes the recovered signals as independent as possible.
After whitening, :math:`z = K(x - \bar x)` has identity covariance, and so does
:math:`R z` for every rotation :math:`R`: second-order statistics fix everything but a
rotation. FastICA (Hyvärinen 1999) picks the rotation whose rows :math:`w` make
:math:`w^\top z` least Gaussian, maximising the negentropy approximation

.. math:: J(w) \propto \big(\mathbb E[G(w^\top z)] - \mathbb E[G(\nu)]\big)^2,
          \qquad \nu \sim \mathcal N(0, 1),

with :math:`G(u) = \log\cosh u` (``fun="logcosh"``) or :math:`G(u) = u^4/4` (``fun="cube"``,
a kurtosis criterion), by the fixed-point iteration

.. math:: w \leftarrow \mathbb E[z\, g(w^\top z)] - \mathbb E[g'(w^\top z)]\, w, \qquad g = G',

followed by re-orthonormalisation: all rows at once, :math:`W \leftarrow (W W^\top)^{-1/2} W`
(``algorithm="parallel"``), or one row after the other, Gram–Schmidt against the rows already
found (``algorithm="deflation"``). If the sources are Gaussian, :math:`z` is isotropic, every
rotation is equally good, and the sources cannot be recovered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from dlnotes._validation import (
    as_float_array,
    as_generator,
    check_ndim,
    check_positive_int,
    check_range,
    fail,
)
from dlnotes.linear_factors.whitening import whiten

__all__ = ["FastICA", "negentropy_contrast", "unmix_images"]

_Nonlinearity = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]


def _logcosh(u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    g = np.tanh(u)
    return g, 1.0 - g * g


def _cube(u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return u**3, 3.0 * u * u


_NONLINEARITIES: dict[str, _Nonlinearity] = {"logcosh": _logcosh, "cube": _cube}


def _contrast_G(fun: str, u: np.ndarray) -> np.ndarray:
    if fun == "logcosh":
        # log cosh u = |u| + log1p(exp(-2|u|)) - log 2, finite for any u
        a = np.abs(u)
        return a + np.log1p(np.exp(-2.0 * a)) - np.log(2.0)
    return u**4 / 4.0


def _gaussian_expectation(fun: str) -> float:
    """:math:`\\mathbb E[G(\\nu)]` for a standard normal, by Gauss–Hermite quadrature."""
    nodes, weights = np.polynomial.hermite_e.hermegauss(80)
    return float(np.sum(weights * _contrast_G(fun, nodes)) / np.sqrt(2.0 * np.pi))


def negentropy_contrast(Y: Any, fun: str = "logcosh") -> np.ndarray:
    r"""FastICA's non-Gaussianity score :math:`(\mathbb E[G(y)] - \mathbb E[G(\nu)])^2` per column.

    Each column of ``Y`` is standardised first (zero mean, unit variance), so the score is 0
    for a Gaussian signal (up to sampling error) and positive for a non-Gaussian one.

    Parameters
    ----------
    Y : array_like
        Signals, one per column (a 1-D array is one signal).
    fun : {"logcosh", "cube"}
        :math:`G(u) = \log\cosh u` or :math:`u^4/4`.

    Returns
    -------
    numpy.ndarray
        One score per column, shape ``(m,)`` (a 0-d array for 1-D input).

    References
    ----------
    Goodfellow et al., §13.2; Hyvärinen (1999).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> scores = negentropy_contrast(np.c_[rng.standard_normal(20000), rng.uniform(size=20000)])
    >>> bool(scores[0] < 1e-5 < 1e-4 < scores[1])
    True
    """
    if fun not in _NONLINEARITIES:
        fail("negentropy_contrast", "fun 'logcosh' or 'cube'", repr(fun))
    Y = as_float_array("negentropy_contrast", Y, "Y")
    check_ndim("negentropy_contrast", Y, (1, 2), "Y of shape (T,) or (T, m)")
    std = Y.std(axis=0)
    if np.any(std == 0):
        fail("negentropy_contrast", "signals that are not constant", "a constant signal")
    U = (Y - Y.mean(axis=0)) / std
    return (np.mean(_contrast_G(fun, U), axis=0) - _gaussian_expectation(fun)) ** 2


def _sym_decorrelate(W: np.ndarray) -> np.ndarray:
    r""":math:`(W W^\top)^{-1/2} W`, the orthogonal matrix nearest to ``W``."""
    eigenvalues, V = np.linalg.eigh(W @ W.T)
    return (V / np.sqrt(eigenvalues)) @ V.T @ W


class FastICA:
    r"""FastICA: whitening, then a fixed-point search for the least Gaussian rotation.

    Parameters
    ----------
    n_components : int, optional
        Number of sources to recover (``None``: as many as features).
    fun : {"logcosh", "cube"}, default "logcosh"
        Contrast :math:`G`: :math:`\log\cosh u` (robust) or :math:`u^4/4` (kurtosis).
    algorithm : {"parallel", "deflation"}, default "parallel"
        Estimate all rows together with symmetric decorrelation, or one at a time.
    max_iter : int, default 200
        Fixed-point iterations at most (per row for deflation).
    tol : float, default 1e-8
        Stop when every row's direction changes by less than ``tol``
        (:math:`\max_i 1 - |w_i^{\mathrm{new}} \cdot w_i| < \mathrm{tol}`).
    rng : numpy.random.Generator, optional
        Random initial rotation (``None``: a fresh generator).

    Attributes
    ----------
    mean : numpy.ndarray
        :math:`\bar x`, shape ``(n,)``.
    whitening : numpy.ndarray
        :math:`K`, shape ``(k, n)``.
    rotation : numpy.ndarray
        Orthogonal :math:`W` found in the whitened space, shape ``(k, k)``.
    unmixing : numpy.ndarray
        :math:`W K`, shape ``(k, n)``: ``sources = (X - mean) @ unmixing.T``.
    mixing : numpy.ndarray
        Its pseudoinverse, shape ``(n, k)``: ``X ≈ sources @ mixing.T + mean``.
    n_iter : int
        Iterations run (the largest over rows for deflation).
    converged : bool
        Whether ``tol`` was reached.

    Shape
    -----
    - ``fit(X)``: ``X`` is ``(T, n)``
    - ``transform``: ``(T, n) -> (T, k)``

    References
    ----------
    Goodfellow et al., §13.2; Hyvärinen (1999).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> S = np.c_[rng.uniform(-1, 1, 3000), rng.laplace(size=3000)]
    >>> X = S @ np.array([[1.0, 0.5], [0.3, 1.0]]).T
    >>> ica = FastICA(rng=rng).fit(X)
    >>> C = np.abs(np.corrcoef(S.T, ica.transform(X).T)[:2, 2:])
    >>> bool(np.all(C.max(axis=1) > 0.99))
    True
    """

    def __init__(
        self,
        n_components: int | None = None,
        *,
        fun: str = "logcosh",
        algorithm: str = "parallel",
        max_iter: int = 200,
        tol: float = 1e-8,
        rng: np.random.Generator | None = None,
    ) -> None:
        if n_components is not None:
            n_components = check_positive_int("FastICA", "n_components", n_components)
        if fun not in _NONLINEARITIES:
            fail("FastICA", "fun 'logcosh' or 'cube'", repr(fun))
        if algorithm not in ("parallel", "deflation"):
            fail("FastICA", "algorithm 'parallel' or 'deflation'", repr(algorithm))
        self.n_components = n_components
        self.fun = fun
        self.algorithm = algorithm
        self.max_iter = check_positive_int("FastICA", "max_iter", max_iter)
        self.tol = check_range("FastICA", "tol", tol, 0.0, low_inclusive=False)
        self.rng = rng
        self.mean: np.ndarray | None = None
        self.whitening: np.ndarray | None = None
        self.rotation: np.ndarray | None = None
        self.unmixing: np.ndarray | None = None
        self.mixing: np.ndarray | None = None
        self.n_iter = 0
        self.converged = False

    def __repr__(self) -> str:
        return (
            f"FastICA(n_components={self.n_components}, fun={self.fun!r}, "
            f"algorithm={self.algorithm!r})"
        )

    def fit(self, X: Any) -> FastICA:
        """Estimate the unmixing matrix from ``X`` of shape ``(T, n)``; returns ``self``."""
        X = as_float_array("FastICA", X, "X")
        check_ndim("FastICA", X, 2, "X of shape (T, n)")
        if X.shape[0] < 2:
            fail("FastICA", "X of shape (T, n) with T >= 2", tuple(X.shape))
        white = whiten(X, self.n_components)
        Z = white.Z
        k = Z.shape[1]
        gen = as_generator("FastICA", self.rng)
        W0 = gen.standard_normal((k, k)).astype(Z.dtype)
        g = _NONLINEARITIES[self.fun]
        if self.algorithm == "parallel":
            W = self._parallel(Z, W0, g)
        else:
            W = self._deflation(Z, W0, g)
        self.mean = white.mean
        self.whitening = white.matrix
        self.rotation = W
        self.unmixing = W @ white.matrix
        self.mixing = white.dewhitening @ W.T
        return self

    def _update(self, Z: np.ndarray, W: np.ndarray, g: _Nonlinearity) -> np.ndarray:
        """One fixed-point step for every row of ``W``: E[z g(w.z)] - E[g'(w.z)] w."""
        gu, dgu = g(Z @ W.T)  # (T, k)
        return gu.T @ Z / Z.shape[0] - dgu.mean(axis=0)[:, None] * W

    def _parallel(self, Z: np.ndarray, W0: np.ndarray, g: _Nonlinearity) -> np.ndarray:
        W = _sym_decorrelate(W0)
        self.converged = False
        for it in range(1, self.max_iter + 1):
            self.n_iter = it
            W_new = _sym_decorrelate(self._update(Z, W, g))
            change = float(np.max(1.0 - np.abs(np.sum(W_new * W, axis=1))))
            W = W_new
            if change < self.tol:
                self.converged = True
                break
        return W

    def _deflation(self, Z: np.ndarray, W0: np.ndarray, g: _Nonlinearity) -> np.ndarray:
        k = W0.shape[0]
        W = np.zeros_like(W0)
        self.converged, self.n_iter = True, 0
        for p in range(k):
            w = W0[p] / np.linalg.norm(W0[p])
            for it in range(1, self.max_iter + 1):
                self.n_iter = max(self.n_iter, it)
                w_new = self._update(Z, w[None, :], g)[0]
                w_new -= W[:p].T @ (W[:p] @ w_new)  # stay orthogonal to the rows found
                w_new /= np.linalg.norm(w_new)
                change = 1.0 - abs(float(w_new @ w))
                w = w_new
                if change < self.tol:
                    break
            else:
                self.converged = False
            W[p] = w
        return W

    def transform(self, X: Any) -> np.ndarray:
        """Recovered sources ``(X - mean) @ unmixing.T``, shape ``(T, k)``."""
        if self.unmixing is None or self.mean is None:
            fail("FastICA", "a fitted model (call fit first)", "an unfitted FastICA")
        X = as_float_array("FastICA", X, "X")
        check_ndim("FastICA", X, 2, f"X of shape (T, {self.mean.shape[0]})")
        if X.shape[1] != self.mean.shape[0]:
            fail("FastICA", f"X of shape (T, {self.mean.shape[0]})", tuple(X.shape))
        return (X - self.mean) @ self.unmixing.T

    def fit_transform(self, X: Any) -> np.ndarray:
        """``fit(X)`` then ``transform(X)``."""
        return self.fit(X).transform(X)


def unmix_images(mixtures: Any, *, rng: np.random.Generator | None = None) -> np.ndarray:
    r"""Separate linearly mixed images by FastICA on their horizontal pixel differences.

    The intensities of photographs are correlated with one another and far from independent,
    which breaks ICA's model; their differences between neighbouring pixels (edges) are
    sparse, strongly non-Gaussian and nearly independent. Mixing is linear, so the differences
    of the mixtures are the same mixture of the differences: the unmixing matrix FastICA
    finds on the differences also unmixes the images.

    Parameters
    ----------
    mixtures : array_like
        ``k`` mixed images of one size.
    rng : numpy.random.Generator, optional
        FastICA's random start (``None``: a fresh generator).

    Returns
    -------
    numpy.ndarray
        The recovered images, each standardised (zero mean, unit variance), in an arbitrary
        order and sign.

    Shape
    -----
    - mixtures: ``(k, H, W)`` → result: ``(k, H, W)``

    References
    ----------
    Goodfellow et al., §13.2; Hyvärinen (1999).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> A = np.cumsum(rng.laplace(size=(2, 20, 20)), axis=2)  # two "images" with sparse edges
    >>> mixed = np.tensordot([[1.0, 0.6], [0.4, 1.0]], A, axes=1)
    >>> out = unmix_images(mixed, rng=rng)
    >>> C = np.abs(np.corrcoef(A.reshape(2, -1), out.reshape(2, -1))[:2, 2:])
    >>> bool(np.all(C.max(axis=1) > 0.99))
    True
    """
    M = as_float_array("unmix_images", mixtures, "mixtures")
    check_ndim("unmix_images", M, 3, "mixtures of shape (k, H, W)")
    k, height, width = M.shape
    if k < 2 or width < 2:
        fail("unmix_images", "mixtures of shape (k, H, W) with k >= 2 and W >= 2", M.shape)
    differences = np.diff(M, axis=2).reshape(k, -1).T  # (pixels, k)
    ica = FastICA(rng=rng).fit(differences)
    assert ica.unmixing is not None
    pixels = M.reshape(k, -1).T
    Y = (pixels - pixels.mean(axis=0)) @ ica.unmixing.T
    Y /= Y.std(axis=0)
    return Y.T.reshape(k, height, width)
