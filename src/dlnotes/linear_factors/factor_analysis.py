r"""Factor analysis fitted by EM: one noise variance per feature (Goodfellow et al., §13.1).

.. math:: x = W h + b + \varepsilon, \qquad h \sim \mathcal N(0, I_k), \qquad
          \varepsilon \sim \mathcal N(0, \Psi),\; \Psi = \operatorname{diag}(\psi_1, \dots,
          \psi_n),

so :math:`x \sim \mathcal N(b, W W^\top + \Psi)`. The factors must explain every correlation
between features, because the noise is independent across features; what is left of each
feature's variance is its own :math:`\psi_i`. Unlike probabilistic PCA there is no closed
form. Expectation–maximisation (Rubin and Thayer 1982) alternates

* E step, with :math:`G = (I + W^\top \Psi^{-1} W)^{-1}` and :math:`\beta = G W^\top
  \Psi^{-1}`: :math:`\mathbb E[h_i] = \beta (x_i - b)`, :math:`\mathbb E[h_i h_i^\top] = G +
  \mathbb E[h_i]\mathbb E[h_i]^\top`;
* M step: :math:`W \leftarrow S \beta^\top (G + \beta S \beta^\top)^{-1}` (a least-squares
  regression of the data on the expected factors) and
  :math:`\Psi \leftarrow \operatorname{diag}(S - W \beta S)`,

where :math:`S` is the sample covariance. Each step cannot lower the likelihood.
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
from dlnotes.linear_factors.linear_gaussian import (
    _gaussian_average_log_likelihood,
    _LinearGaussianBase,
)

__all__ = ["FactorAnalysis"]


class FactorAnalysis(_LinearGaussianBase):
    r"""Factor analysis, :math:`x \sim \mathcal N(b, W W^\top + \operatorname{diag}(\psi))`,
    fitted by maximum likelihood with EM.

    Parameters
    ----------
    n_components : int
        Number of factors :math:`k`.
    max_iter : int, default 2000
        EM iterations at most.
    tol : float, default 1e-10
        Stop when the mean log-likelihood rises by less than ``tol``.
    min_noise_variance : float, default 1e-8
        Floor on each :math:`\psi_i` relative to the feature's variance; EM can otherwise
        drive a :math:`\psi_i` to zero (a "Heywood case") and the likelihood to infinity.
    rng : numpy.random.Generator, optional
        Random initial :math:`W` (``None``: a fresh generator).

    Attributes
    ----------
    bias : numpy.ndarray
        :math:`b = \bar x`, shape ``(n,)``.
    weight : numpy.ndarray
        Loadings :math:`W`, shape ``(n, k)``, determined up to a rotation
        :math:`W R` (:math:`R R^\top = I`).
    noise_variance : numpy.ndarray
        :math:`\psi`, shape ``(n,)``.
    log_likelihood_history : list of float
        Mean log-likelihood after each iteration.
    n_iter : int
        Iterations run.

    Shape
    -----
    - ``fit(X)``: ``X`` is ``(N, n)``
    - ``encode``: ``(N, n) -> (N, k)``
    - ``sample(N)``: ``(N, n)``

    References
    ----------
    Goodfellow et al., §13.1.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> h = rng.standard_normal((2000, 1))
    >>> X = h @ [[1.0, 1.0, 1.0]] + rng.standard_normal((2000, 3)) * [0.1, 0.5, 1.0]
    >>> fa = FactorAnalysis(n_components=1, rng=rng).fit(X)
    >>> np.round(fa.noise_variance, 1)
    array([0. , 0.3, 1. ])
    """

    _owner = "FactorAnalysis"

    def __init__(
        self,
        n_components: int,
        *,
        max_iter: int = 2000,
        tol: float = 1e-10,
        min_noise_variance: float = 1e-8,
        rng: np.random.Generator | None = None,
    ) -> None:
        owner = self._owner
        self.n_components = check_positive_int(owner, "n_components", n_components)
        self.max_iter = check_positive_int(owner, "max_iter", max_iter)
        self.tol = check_range(owner, "tol", tol, 0.0)
        self.min_noise_variance = check_range(
            owner, "min_noise_variance", min_noise_variance, 0.0, low_inclusive=False
        )
        self.rng = rng
        self.weight: np.ndarray | None = None
        self.bias: np.ndarray | None = None
        self.noise_variance: np.ndarray | None = None
        self.log_likelihood_history: list[float] = []
        self.n_iter = 0

    def __repr__(self) -> str:
        return f"FactorAnalysis(n_components={self.n_components})"

    def _noise_vector(self) -> np.ndarray:
        assert self.noise_variance is not None
        return self.noise_variance

    def fit(self, X: Any) -> FactorAnalysis:
        """Fit to ``X`` of shape ``(N, n)``; returns ``self``."""
        owner = self._owner
        X = as_float_array(owner, X, "X")
        check_ndim(owner, X, 2, "X of shape (N, n)")
        num_samples, n = X.shape
        k = self.n_components
        if num_samples < 2 or k >= n:
            fail(owner, f"X of shape (N, n) with N >= 2 and n > n_components = {k}", X.shape)
        if not np.all(np.isfinite(X)):
            fail(owner, "X with finite entries", "inf or nan")
        mean = X.mean(axis=0)
        Xc = X - mean
        S = Xc.T @ Xc / num_samples
        floor = self.min_noise_variance * np.maximum(np.diag(S), np.finfo(X.dtype).tiny)
        gen = as_generator(owner, self.rng)
        scale = np.sqrt(np.diag(S))[:, None]
        W = (gen.standard_normal((n, k)) * scale / np.sqrt(k)).astype(X.dtype)
        psi = np.diag(S).copy()
        I_k = np.eye(k, dtype=X.dtype)
        history: list[float] = []
        previous = -np.inf
        for _ in range(self.max_iter):
            Wp = W / psi[:, None]  # Psi^{-1} W
            G = np.linalg.inv(I_k + W.T @ Wp)
            beta = G @ Wp.T  # maps x - b to E[h | x]
            SbT = S @ beta.T  # (1/N) sum (x - b) E[h]^T
            W = SbT @ np.linalg.inv(G + beta @ SbT)
            psi = np.maximum(np.diag(S) - np.sum(W * SbT, axis=1), floor)
            ll = _gaussian_average_log_likelihood(S, W @ W.T + np.diag(psi))
            history.append(ll)
            if ll - previous < self.tol:
                break
            previous = ll
        self.bias = mean
        self.weight = W
        self.noise_variance = psi
        self.log_likelihood_history = history
        self.n_iter = len(history)
        return self
