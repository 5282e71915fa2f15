r"""The linear factor model with Gaussian factors and Gaussian noise (Goodfellow et al., §13.1).

A linear factor model generates an observation by drawing explanatory factors
:math:`h \sim p(h)` and then

.. math:: x = W h + b + \varepsilon .

With :math:`h \sim \mathcal N(0, I)` and independent Gaussian noise
:math:`\varepsilon \sim \mathcal N(0, \Psi)`, :math:`\Psi = \operatorname{diag}(\psi)`, the
observation is Gaussian, :math:`x \sim \mathcal N(b, W W^\top + \Psi)`, and so is the
posterior over the factors:

.. math:: p(h \mid x) = \mathcal N\big(h;\; G W^\top \Psi^{-1} (x - b),\; G\big),
          \qquad G = (I + W^\top \Psi^{-1} W)^{-1}.

Factor analysis lets every :math:`\psi_i` differ; probabilistic PCA sets :math:`\Psi =
\sigma^2 I`. :class:`LinearFactorModel` holds given parameters; :class:`~dlnotes.
linear_factors.PPCA` and :class:`~dlnotes.linear_factors.FactorAnalysis` fit them and share
the methods defined here.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

import numpy as np

from dlnotes._validation import (
    as_float_array,
    as_generator,
    check_ndim,
    check_positive_int,
    fail,
)

__all__ = ["LinearFactorModel"]

_LOG_2PI = float(np.log(2.0 * np.pi))


def _gaussian_average_log_likelihood(S: np.ndarray, cov: np.ndarray) -> float:
    r"""Mean log-density of data with scatter ``S`` (about the model mean) under
    :math:`\mathcal N(\mu, C)`,
    :math:`-\tfrac12 (n \log 2\pi + \log|C| + \operatorname{Tr}(C^{-1} S))`.

    ``S`` is :math:`\frac1N \sum_i (x_i - \mu)(x_i - \mu)^\top`; ``-inf`` if ``cov`` is singular.
    """
    sign, logdet = np.linalg.slogdet(cov)
    if sign <= 0:
        return -np.inf
    n = cov.shape[0]
    return float(-0.5 * (n * _LOG_2PI + logdet + np.trace(np.linalg.solve(cov, S))))


class _LinearGaussianBase(ABC):
    """Methods shared by every fitted or given linear-Gaussian factor model.

    Subclasses set ``weight`` (``(n, k)``), ``bias`` (``(n,)``) and implement
    :meth:`_noise_vector` (the ``(n,)`` diagonal of :math:`\\Psi`).
    """

    _owner = "LinearFactorModel"
    weight: np.ndarray | None
    bias: np.ndarray | None

    @abstractmethod
    def _noise_vector(self) -> np.ndarray:
        r"""The ``(n,)`` diagonal of the noise covariance :math:`\Psi`."""

    def _params(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self.weight is None or self.bias is None:
            fail(self._owner, "a fitted model (call fit first)", f"an unfitted {self._owner}")
        return self.weight, self.bias, self._noise_vector()

    def _check_data(self, X: Any, name: str = "X") -> np.ndarray:
        W, _, _ = self._params()
        X = as_float_array(self._owner, X, name)
        check_ndim(self._owner, X, 2, f"{name} of shape (N, {W.shape[0]})")
        if X.shape[1] != W.shape[0]:
            fail(self._owner, f"{name} of shape (N, {W.shape[0]})", tuple(X.shape))
        return X

    def covariance(self) -> np.ndarray:
        r"""Model covariance :math:`C = W W^\top + \Psi`, shape ``(n, n)``."""
        W, _, psi = self._params()
        return W @ W.T + np.diag(psi)

    def log_likelihood(self, X: Any) -> float:
        r"""Mean log-density :math:`\frac1N \sum_i \log \mathcal N(x_i; b, C)` of the rows of ``X``.

        ``-inf`` when :math:`C` is singular (for example probabilistic PCA with
        :math:`\sigma^2 = 0`, whose density lives on a subspace).
        """
        X = self._check_data(X)
        _, b, _ = self._params()
        Xc = X - b
        return _gaussian_average_log_likelihood(Xc.T @ Xc / X.shape[0], self.covariance())

    def posterior(self, X: Any) -> tuple[np.ndarray, np.ndarray]:
        r"""Posterior :math:`p(h \mid x)`: means (one row per example) and the shared covariance.

        Mean :math:`G W^\top \Psi^{-1} (x - b)`, covariance
        :math:`G = (I + W^\top \Psi^{-1} W)^{-1}`; needs every :math:`\psi_i > 0`.

        Shape
        -----
        - ``X``: ``(N, n)`` → means ``(N, k)``, covariance ``(k, k)``
        """
        X = self._check_data(X)
        W, b, psi = self._params()
        if np.any(psi <= 0):
            fail(self._owner, "positive noise variances for the posterior", psi.tolist())
        Wp = W / psi[:, None]  # Psi^{-1} W
        G = np.linalg.inv(np.eye(W.shape[1], dtype=W.dtype) + W.T @ Wp)
        return (X - b) @ Wp @ G, G

    def encode(self, X: Any) -> np.ndarray:
        r"""Posterior means :math:`\mathbb E[h \mid x]`, shape ``(N, k)``."""
        return self.posterior(X)[0]

    def reconstruct(self, X: Any) -> np.ndarray:
        r""":math:`W\,\mathbb E[h \mid x] + b`, the model's denoised version of each row."""
        W, b, _ = self._params()
        return self.encode(X) @ W.T + b

    def sample(
        self,
        num_samples: int,
        rng: np.random.Generator | None = None,
        *,
        return_latents: bool = False,
    ) -> Any:
        r"""Ancestral sampling: :math:`h \sim \mathcal N(0, I)`, then
        :math:`x = W h + b + \varepsilon`, :math:`\varepsilon \sim \mathcal N(0, \Psi)`.

        Returns ``X`` of shape ``(num_samples, n)``, or ``(X, H)`` with the factors ``H`` of
        shape ``(num_samples, k)`` when ``return_latents`` is true.
        """
        W, b, psi = self._params()
        num_samples = check_positive_int(self._owner, "num_samples", num_samples)
        gen = as_generator(self._owner, rng)
        H = gen.standard_normal((num_samples, W.shape[1])).astype(W.dtype)
        noise = gen.standard_normal((num_samples, W.shape[0])).astype(W.dtype) * np.sqrt(psi)
        X = H @ W.T + b + noise
        return (X, H) if return_latents else X


class LinearFactorModel(_LinearGaussianBase):
    r"""A linear-Gaussian factor model with given parameters: :math:`x = W h + b + \varepsilon`.

    :math:`h \sim \mathcal N(0, I_k)`, :math:`\varepsilon \sim \mathcal N(0,
    \operatorname{diag}(\psi))`, so :math:`x \sim \mathcal N(b, W W^\top + \operatorname{diag}
    (\psi))`.

    Parameters
    ----------
    weight : array_like, shape (n, k)
        Factor loadings :math:`W`.
    bias : array_like, shape (n,)
        Mean :math:`b`.
    noise_variance : float or array_like of shape (n,)
        :math:`\psi`, non-negative; a scalar means the same variance for every feature.

    Shape
    -----
    - ``sample(N)``: ``(N, n)``
    - ``posterior(X)``: ``(N, n)`` → ``(N, k)`` and ``(k, k)``

    References
    ----------
    Goodfellow et al., §13.1.

    Examples
    --------
    >>> model = LinearFactorModel([[1.0], [2.0]], [0.0, 1.0], 0.5)
    >>> model.covariance()
    array([[1.5, 2. ],
           [2. , 4.5]])
    >>> model.sample(3, np.random.default_rng(0)).shape
    (3, 2)
    """

    def __init__(self, weight: Any, bias: Any, noise_variance: Any) -> None:
        owner = self._owner
        W = as_float_array(owner, weight, "weight")
        check_ndim(owner, W, 2, "weight of shape (n, k)")
        n = W.shape[0]
        b = as_float_array(owner, bias, "bias").astype(W.dtype)
        if b.shape != (n,):
            fail(owner, f"bias of shape ({n},)", tuple(b.shape))
        psi = as_float_array(owner, noise_variance, "noise_variance").astype(W.dtype)
        if psi.ndim == 0:
            psi = np.full(n, psi, dtype=W.dtype)
        if psi.shape != (n,):
            fail(owner, f"noise_variance of shape () or ({n},)", tuple(psi.shape))
        if not np.all(np.isfinite(psi)) or np.any(psi < 0):
            fail(owner, "finite non-negative noise variances", psi.tolist())
        self.weight: np.ndarray | None = W
        self.bias: np.ndarray | None = b
        self.noise_variance = psi

    def __repr__(self) -> str:
        W = self.weight
        assert W is not None
        return f"LinearFactorModel(n={W.shape[0]}, k={W.shape[1]})"

    def _noise_vector(self) -> np.ndarray:
        return self.noise_variance
