r"""Probabilistic PCA: the linear factor model with isotropic noise (Goodfellow et al., §13.1).

.. math:: x = W h + b + \sigma z, \qquad h \sim \mathcal N(0, I_q),\; z \sim \mathcal N(0, I_n),
          \qquad\text{so}\qquad x \sim \mathcal N(b, W W^\top + \sigma^2 I).

Tipping and Bishop (1999) found the maximum-likelihood solution in closed form. With the
sample covariance :math:`S = \frac1N \sum_i (x_i - \bar x)(x_i - \bar x)^\top` and its
eigenvalues :math:`\lambda_1 \ge \dots \ge \lambda_n` and eigenvectors :math:`U`,

.. math:: b = \bar x, \qquad
          W_{\mathrm{ML}} = U_q (\Lambda_q - \sigma^2 I)^{1/2} R, \qquad
          \sigma^2_{\mathrm{ML}} = \frac{1}{n - q} \sum_{j = q+1}^{n} \lambda_j ,

for any rotation :math:`R` (here :math:`R = I`). The eigendecomposition is the one of
:class:`dlnotes.linalg.PCA`, reused, not recomputed. :class:`PPCA` also fits the model by
expectation–maximisation, whose iterations reach the same subspace and :math:`\sigma^2`
with products and :math:`q \times q` inverses only (the fit still records the eigenvalues of
:math:`S`, for comparison). Fixing ``noise_variance`` and letting it go to 0 turns the
posterior mean reconstruction into PCA's orthogonal projection (the limit the book mentions).
"""

from __future__ import annotations

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
from dlnotes.linalg import PCA
from dlnotes.linear_factors.linear_gaussian import (
    _gaussian_average_log_likelihood,
    _LinearGaussianBase,
)

__all__ = ["PPCA"]


class PPCA(_LinearGaussianBase):
    r"""Probabilistic PCA, :math:`x \sim \mathcal N(b, W W^\top + \sigma^2 I)`, fitted by
    maximum likelihood in closed form or by EM.

    Parameters
    ----------
    n_components : int
        Number of factors :math:`q < n`.
    method : {"closed_form", "em"}, default "closed_form"
        Tipping and Bishop's eigenvector solution, or expectation–maximisation from a random
        start.
    noise_variance : float, optional
        Fix :math:`\sigma^2` instead of estimating it (closed form only): then
        :math:`W = U_q(\Lambda_q - \sigma^2 I)^{1/2}`, the maximiser of the likelihood for that
        :math:`\sigma^2`. Must not exceed :math:`\lambda_q`. ``0`` gives the zero-noise limit.
    max_iter : int, default 1000
        EM iterations at most.
    tol : float, default 1e-10
        EM stops when the mean log-likelihood rises by less than ``tol``.
    rng : numpy.random.Generator, optional
        EM's random initial :math:`W` (``None``: a fresh generator).

    Attributes
    ----------
    bias : numpy.ndarray
        :math:`b = \bar x`, shape ``(n,)``.
    weight : numpy.ndarray
        :math:`W`, shape ``(n, q)``; its columns span the principal subspace.
    noise_variance : float
        :math:`\sigma^2`.
    eigenvalues : numpy.ndarray
        Eigenvalues of the sample covariance :math:`S` (divisor :math:`N`), shape ``(n,)``.
    log_likelihood_history : list of float
        Mean log-likelihood after each EM iteration (empty for the closed form).
    n_iter : int
        EM iterations run (0 for the closed form).

    Shape
    -----
    - ``fit(X)``: ``X`` is ``(N, n)``
    - ``encode``: ``(N, n) -> (N, q)``
    - ``sample(N)``: ``(N, n)``

    References
    ----------
    Goodfellow et al., §13.1; Tipping and Bishop (1999).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((500, 3)) * [3.0, 1.0, 1.0]
    >>> model = PPCA(n_components=1).fit(X)
    >>> model.weight.shape, round(model.noise_variance, 1)
    ((3, 1), 1.0)
    """

    _owner = "PPCA"

    def __init__(
        self,
        n_components: int,
        *,
        method: str = "closed_form",
        noise_variance: float | None = None,
        max_iter: int = 1000,
        tol: float = 1e-10,
        rng: np.random.Generator | None = None,
    ) -> None:
        self.n_components = check_positive_int("PPCA", "n_components", n_components)
        if method not in ("closed_form", "em"):
            fail("PPCA", "method 'closed_form' or 'em'", repr(method))
        if noise_variance is not None:
            noise_variance = check_range("PPCA", "noise_variance", noise_variance, 0.0)
            if method != "closed_form":
                fail("PPCA", "noise_variance only with method='closed_form'", repr(method))
        self.method = method
        self.fixed_noise_variance = noise_variance
        self.max_iter = check_positive_int("PPCA", "max_iter", max_iter)
        self.tol = check_range("PPCA", "tol", tol, 0.0)
        self.rng = rng
        self.weight: np.ndarray | None = None
        self.bias: np.ndarray | None = None
        self.noise_variance: float | None = None
        self.eigenvalues: np.ndarray | None = None
        self.log_likelihood_history: list[float] = []
        self.n_iter = 0

    def __repr__(self) -> str:
        return f"PPCA(n_components={self.n_components}, method={self.method!r})"

    def _noise_vector(self) -> np.ndarray:
        W = self.weight
        assert W is not None and self.noise_variance is not None
        return np.full(W.shape[0], self.noise_variance, dtype=W.dtype)

    def fit(self, X: Any) -> PPCA:
        """Fit to ``X`` of shape ``(N, n)``; returns ``self``."""
        X = as_float_array("PPCA", X, "X")
        check_ndim("PPCA", X, 2, "X of shape (N, n)")
        num_samples, num_features = X.shape
        q = self.n_components
        if q >= num_features:
            fail("PPCA", f"n_components < number of features {num_features}", q)
        # One eigendecomposition, the PCA one: scatter eigenvalues / N are those of S.
        pca = PCA(n_components=q).fit(X)
        assert pca.eigenvalues is not None and pca.decoder is not None and pca.mean is not None
        lam = pca.eigenvalues / num_samples
        self.bias = pca.mean
        self.eigenvalues = lam
        if self.method == "closed_form":
            self._fit_closed_form(lam, pca.decoder)
        else:
            Xc = X - pca.mean
            self._fit_em(Xc.T @ Xc / num_samples)
        return self

    def _fit_closed_form(self, lam: np.ndarray, U: np.ndarray) -> None:
        q = self.n_components
        if self.fixed_noise_variance is None:
            sigma2 = float(np.mean(lam[q:]))
        else:
            sigma2 = self.fixed_noise_variance
            if sigma2 > lam[q - 1] * (1 + 1e-12):
                fail("PPCA", f"noise_variance <= the q-th eigenvalue {lam[q - 1]:.4g}", sigma2)
        self.weight = U * np.sqrt(np.maximum(lam[:q] - sigma2, 0.0))
        self.noise_variance = sigma2
        self.log_likelihood_history = []
        self.n_iter = 0

    def _fit_em(self, S: np.ndarray) -> None:
        r"""EM in terms of :math:`S` (Tipping and Bishop 1999, eqs. 29–30).

        E step: :math:`\mathbb E[h_i] = M^{-1} W^\top (x_i - b)` and
        :math:`\mathbb E[h_i h_i^\top] = \sigma^2 M^{-1} + \mathbb E[h_i]\mathbb E[h_i]^\top`
        with :math:`M = W^\top W + \sigma^2 I`. M step: regress the data on the expected
        factors. Summed over the data both steps only need :math:`S W`.
        """
        gen = as_generator("PPCA", self.rng)
        n, q = S.shape[0], self.n_components
        I_q = np.eye(q, dtype=S.dtype)
        W = gen.standard_normal((n, q)).astype(S.dtype)
        sigma2 = float(np.trace(S)) / n
        history: list[float] = []
        previous = -np.inf
        for _ in range(self.max_iter):
            M_inv = np.linalg.inv(W.T @ W + sigma2 * I_q)
            SW = S @ W
            W_new = SW @ np.linalg.inv(sigma2 * I_q + M_inv @ W.T @ SW)
            sigma2 = float(np.trace(S - SW @ M_inv @ W_new.T)) / n
            W = W_new
            ll = _gaussian_average_log_likelihood(S, W @ W.T + sigma2 * np.eye(n, dtype=S.dtype))
            history.append(ll)
            if ll - previous < self.tol:
                break
            previous = ll
        self.weight = W
        self.noise_variance = sigma2
        self.log_likelihood_history = history
        self.n_iter = len(history)

    def posterior(self, X: Any) -> tuple[np.ndarray, np.ndarray]:
        r"""Posterior :math:`p(h \mid x) = \mathcal N(M^{-1} W^\top (x - b), \sigma^2 M^{-1})`,
        :math:`M = W^\top W + \sigma^2 I`.

        This form (equal to the general one for :math:`\sigma^2 > 0`) stays defined at
        :math:`\sigma^2 = 0`, where the mean becomes the least-squares code
        :math:`(W^\top W)^{-1} W^\top (x - b)` and the reconstruction
        :math:`W\,\mathbb E[h \mid x] + b` PCA's orthogonal projection.

        Shape
        -----
        - ``X``: ``(N, n)`` → means ``(N, q)``, covariance ``(q, q)``
        """
        X = self._check_data(X)
        W, b, _ = self._params()
        assert self.noise_variance is not None
        sigma2 = self.noise_variance
        M = W.T @ W + sigma2 * np.eye(W.shape[1], dtype=W.dtype)
        M_inv = np.linalg.inv(M)
        return (X - b) @ W @ M_inv, sigma2 * M_inv
