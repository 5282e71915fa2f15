r"""Mixture-density outputs: a network that predicts a Gaussian mixture :math:`p(y \mid x)`.

A mixture-density network (Goodfellow et al., §6.2.2.4; Bishop, 1994) ends in a layer whose
:math:`K(1 + 2D)` outputs are read as the parameters of

.. math::
   p(y \mid x) = \sum_{k=1}^{K} \pi_k(x)\,
   \mathcal N\bigl(y;\ \mu_k(x), \operatorname{diag}\sigma_k(x)^2\bigr),

with mixture weights :math:`\pi = \operatorname{softmax}(a)` from raw logits :math:`a`, means
:math:`\mu_k` taken as they are, and standard deviations :math:`\sigma_k = \zeta(r_k)`
(softplus) or :math:`\exp(r_k)` from raw outputs :math:`r_k`, so every constraint holds by
construction. The cost is the negative log-likelihood, computed as a log-sum-exp of
:math:`\log\pi_k + \log\mathcal N_k` so that no density underflows.

The kernel pair :func:`mixture_density_nll_forward` / :func:`mixture_density_nll_backward`
composes :mod:`dlnotes.nn.functional`'s log-softmax, log-sum-exp and softplus;
:class:`MixtureDensityLoss` wraps it as a loss module for :func:`dlnotes.training.fit`.
"""

from __future__ import annotations

import math
from typing import Any, Literal, NamedTuple

import numpy as np

from dlnotes._validation import (
    as_float_array,
    check_forward_called,
    check_positive_int,
    fail,
)
from dlnotes.nn.functional import (
    log_softmax_backward,
    log_softmax_forward,
    logsumexp_backward,
    logsumexp_forward,
    softmax,
    softplus_backward,
    softplus_forward,
)
from dlnotes.nn.module import Module

__all__ = [
    "MixtureDensityCache",
    "mixture_density_nll_forward",
    "mixture_density_nll_backward",
    "mixture_density_nll",
    "split_mixture_outputs",
    "mixture_parameters",
    "MixtureDensityLoss",
]

Scale = Literal["softplus", "exp"]
_REDUCTIONS = ("mean", "sum", "none")


class MixtureDensityCache(NamedTuple):
    """What :func:`mixture_density_nll_backward` needs from the forward pass."""

    log_pi_cache: Any  # log_softmax_forward's cache
    lse_cache: Any  # logsumexp_forward's cache
    scale_cache: Any  # softplus_forward's cache, or None for the exp parametrisation
    sigma: np.ndarray  # (N, K, D) standard deviations
    log_sigma: np.ndarray  # (N, K, D), exact (= r) for the exp parametrisation
    z: np.ndarray  # (N, K, D) standardised residuals (y - mu) / sigma
    scale: str
    reduction: str


def _check_inputs(
    owner: str, logits: Any, means: Any, raw_scales: Any, target: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    logits = as_float_array(owner, logits, "logits")
    means = as_float_array(owner, means, "means")
    raw_scales = as_float_array(owner, raw_scales, "raw_scales")
    target = as_float_array(owner, target, "target")
    if logits.ndim != 2:
        fail(owner, "logits of shape (N, K)", tuple(logits.shape))
    n, k = logits.shape
    if means.ndim != 3 or means.shape[:2] != (n, k):
        fail(owner, f"means of shape ({n}, {k}, D)", tuple(means.shape))
    if raw_scales.shape != means.shape:
        fail(owner, f"raw_scales of shape {tuple(means.shape)}", tuple(raw_scales.shape))
    if target.shape != (n, means.shape[2]):
        fail(owner, f"target of shape ({n}, {means.shape[2]})", tuple(target.shape))
    dt = np.result_type(logits, means, raw_scales)
    return (
        logits.astype(dt, copy=False),
        means.astype(dt, copy=False),
        raw_scales.astype(dt, copy=False),
        target.astype(dt, copy=False),
    )


def _positive_scale(owner: str, raw: np.ndarray, scale: Any) -> tuple[np.ndarray, Any]:
    if scale == "softplus":
        return softplus_forward(raw, owner=owner)
    if scale == "exp":
        return np.exp(raw), None
    fail(owner, "scale 'softplus' or 'exp'", repr(scale))


def mixture_density_nll_forward(
    logits: Any,
    means: Any,
    raw_scales: Any,
    target: Any,
    *,
    scale: Scale = "softplus",
    reduction: str = "mean",
    owner: str = "mixture_density_nll",
) -> tuple[np.ndarray, MixtureDensityCache]:
    r"""Negative log-likelihood of targets under a diagonal Gaussian mixture.

    .. math::
       -\log p(y \mid x) = -\operatorname{logsumexp}_k \Bigl[\log\pi_k
       - \sum_d \bigl(\log\sigma_{kd} + \tfrac12 z_{kd}^2\bigr)\Bigr] + \tfrac D2\log 2\pi,
       \quad z_{kd} = \frac{y_d - \mu_{kd}}{\sigma_{kd}},

    with :math:`\log\pi = \operatorname{log\_softmax}(a)` and
    :math:`\sigma = \zeta(r)` or :math:`e^{r}`.

    Parameters
    ----------
    logits : array_like, shape (N, K)
        Raw mixture logits :math:`a`.
    means : array_like, shape (N, K, D)
        Component means :math:`\mu`.
    raw_scales : array_like, shape (N, K, D)
        Raw scales :math:`r`.
    target : array_like, shape (N, D)
        Observed :math:`y`.
    scale : {"softplus", "exp"}, default "softplus"
        How :math:`r` becomes :math:`\sigma > 0` (``"exp"``: :math:`r = \log\sigma`).
    reduction : {"mean", "sum", "none"}, default "mean"
        Over the ``N`` examples.
    owner : str
        Name used in error messages.

    Returns
    -------
    loss : numpy.ndarray
        0-d, or shape ``(N,)`` for ``reduction="none"``.
    cache : MixtureDensityCache

    Shape
    -----
    ``N`` examples, ``K`` components, ``D`` target dimensions.

    Examples
    --------
    One component with mean 0 and :math:`\sigma = e^0 = 1` gives the standard normal:

    >>> loss, _ = mixture_density_nll_forward(
    ...     np.zeros((1, 1)), np.zeros((1, 1, 1)), np.zeros((1, 1, 1)), np.zeros((1, 1)),
    ...     scale="exp")
    >>> bool(np.isclose(loss, 0.5 * np.log(2 * np.pi)))
    True
    """
    if reduction not in _REDUCTIONS:
        fail(owner, f"reduction in {_REDUCTIONS}", repr(reduction))
    logits, means, raw_scales, target = _check_inputs(owner, logits, means, raw_scales, target)
    log_pi, log_pi_cache = log_softmax_forward(logits, dim=1, owner=owner)
    sigma, scale_cache = _positive_scale(owner, raw_scales, scale)
    log_sigma = raw_scales if scale == "exp" else np.log(sigma)
    z = (target[:, None, :] - means) / sigma
    dim = means.shape[2]
    log_component = -np.sum(log_sigma + 0.5 * z * z, axis=2) - 0.5 * dim * math.log(2 * math.pi)
    log_lik, lse_cache = logsumexp_forward(log_pi + log_component, dim=1, owner=owner)
    nll = -log_lik
    if reduction == "mean":
        out = np.asarray(nll.mean(), dtype=nll.dtype)
    elif reduction == "sum":
        out = np.asarray(nll.sum(), dtype=nll.dtype)
    else:
        out = nll
    return out, MixtureDensityCache(
        log_pi_cache, lse_cache, scale_cache, sigma, log_sigma, z, scale, reduction
    )


def mixture_density_nll_backward(
    grad_output: Any, cache: MixtureDensityCache
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Gradients of :func:`mixture_density_nll_forward` for the three raw outputs.

    With responsibilities :math:`\gamma_k = \pi_k\mathcal N_k / \sum_j \pi_j\mathcal N_j`
    (the posterior of component :math:`k`) and upstream gradient :math:`g` per example,

    .. math::
       \frac{\partial L}{\partial a_k} = g(\pi_k - \gamma_k), \quad
       \frac{\partial L}{\partial \mu_{kd}} = -g\gamma_k\frac{z_{kd}}{\sigma_{kd}}, \quad
       \frac{\partial L}{\partial \sigma_{kd}} = g\gamma_k\frac{1 - z_{kd}^2}{\sigma_{kd}},

    and the last goes through the softplus (or exp) to :math:`r`.

    Parameters
    ----------
    grad_output : array_like or None
        0-d for ``"mean"``/``"sum"``, ``(N,)`` for ``"none"``; ``None`` means 1.
    cache : MixtureDensityCache

    Returns
    -------
    d_logits : numpy.ndarray, shape (N, K)
    d_means : numpy.ndarray, shape (N, K, D)
    d_raw_scales : numpy.ndarray, shape (N, K, D)

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> a, mu, r = rng.normal(size=(4, 2)), rng.normal(size=(4, 2, 1)), rng.normal(size=(4, 2, 1))
    >>> _, cache = mixture_density_nll_forward(a, mu, r, rng.normal(size=(4, 1)))
    >>> [g.shape for g in mixture_density_nll_backward(None, cache)]
    [(4, 2), (4, 2, 1), (4, 2, 1)]
    """
    sigma, z = cache.sigma, cache.z
    n = sigma.shape[0]
    dt = sigma.dtype
    g = np.ones((), dtype=dt) if grad_output is None else np.asarray(grad_output, dtype=dt)
    expected = (n,) if cache.reduction == "none" else ()
    if g.shape != expected:
        fail("mixture_density_nll_backward", f"grad_output of shape {expected}", g.shape)
    if cache.reduction == "mean":
        g = g / dt.type(n)
    g = np.broadcast_to(g, (n,))
    d_score = logsumexp_backward(-g, cache.lse_cache)  # (N, K): -g * responsibilities
    d_logits = log_softmax_backward(d_score, cache.log_pi_cache)
    d_means = d_score[:, :, None] * z / sigma
    d_sigma = d_score[:, :, None] * (z * z - 1) / sigma
    if cache.scale == "softplus":
        d_raw = softplus_backward(d_sigma, cache.scale_cache)
    else:
        d_raw = d_sigma * sigma
    return d_logits, d_means, d_raw


def mixture_density_nll(
    logits: Any,
    means: Any,
    raw_scales: Any,
    target: Any,
    *,
    scale: Scale = "softplus",
    reduction: str = "mean",
) -> np.ndarray:
    """One-way :func:`mixture_density_nll_forward`.

    >>> float(mixture_density_nll(np.zeros((1, 2)), np.zeros((1, 2, 1)), np.zeros((1, 2, 1)),
    ...                           np.zeros((1, 1)), scale="exp")) > 0
    True
    """
    return mixture_density_nll_forward(
        logits, means, raw_scales, target, scale=scale, reduction=reduction
    )[0]


def split_mixture_outputs(
    output: Any, num_components: int, dim: int = 1, *, owner: str = "split_mixture_outputs"
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cut a network output of width ``K (1 + 2D)`` into logits, means and raw scales.

    The layout is ``[a_1..a_K | mu (K x D, row-major) | r (K x D, row-major)]``.

    Parameters
    ----------
    output : array_like, shape (N, K * (1 + 2 * D))
    num_components : int
        ``K``.
    dim : int, default 1
        ``D``.

    Returns
    -------
    logits : (N, K), means : (N, K, D), raw_scales : (N, K, D)
        Views of ``output`` (no copies).

    Examples
    --------
    >>> a, mu, r = split_mixture_outputs(np.arange(6.0)[None], 2)
    >>> a.tolist(), mu.tolist(), r.tolist()
    ([[0.0, 1.0]], [[[2.0], [3.0]]], [[[4.0], [5.0]]])
    """
    k = check_positive_int(owner, "num_components", num_components)
    d = check_positive_int(owner, "dim", dim)
    out = as_float_array(owner, output)
    width = k * (1 + 2 * d)
    if out.ndim != 2 or out.shape[1] != width:
        fail(owner, f"output of shape (N, {width})", tuple(out.shape))
    n = out.shape[0]
    return (
        out[:, :k],
        out[:, k : k + k * d].reshape(n, k, d),
        out[:, k + k * d :].reshape(n, k, d),
    )


def mixture_parameters(
    output: Any, num_components: int, dim: int = 1, scale: Scale = "softplus"
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Mixture weights :math:`\pi`, means :math:`\mu` and standard deviations :math:`\sigma`.

    Returns
    -------
    pi : (N, K), mu : (N, K, D), sigma : (N, K, D)

    Examples
    --------
    >>> pi, mu, sigma = mixture_parameters(np.zeros((1, 6)), 2, scale="exp")
    >>> pi.tolist(), sigma.ravel().tolist()
    ([[0.5, 0.5]], [1.0, 1.0])
    """
    logits, means, raw = split_mixture_outputs(output, num_components, dim)
    sigma, _ = _positive_scale("mixture_parameters", raw, scale)
    return softmax(logits, dim=1), means.copy(), sigma


class MixtureDensityLoss(Module):
    r"""Mixture-density negative log-likelihood as a loss module, for :func:`~dlnotes.training.fit`.

    ``loss = criterion(output, target)`` with ``output`` the raw network output of width
    ``K (1 + 2D)`` (see :func:`split_mixture_outputs`); ``criterion.backward()`` returns the
    gradient with respect to ``output``.

    Parameters
    ----------
    num_components : int
        ``K``.
    dim : int, default 1
        ``D``, the target dimension.
    scale : {"softplus", "exp"}, default "softplus"
    reduction : {"mean", "sum"}, default "mean"

    Shape
    -----
    - Input: ``(N, K (1 + 2D))``; target: ``(N, D)``; output: 0-d.

    Examples
    --------
    >>> criterion = MixtureDensityLoss(2)
    >>> out = np.random.default_rng(0).normal(size=(3, 6))
    >>> loss = criterion(out, np.zeros((3, 1)))
    >>> criterion.backward().shape
    (3, 6)
    """

    def __init__(
        self, num_components: int, dim: int = 1, scale: Scale = "softplus", reduction: str = "mean"
    ) -> None:
        super().__init__()
        self.num_components = check_positive_int(
            "MixtureDensityLoss", "num_components", num_components
        )
        self.dim = check_positive_int("MixtureDensityLoss", "dim", dim)
        if scale not in ("softplus", "exp"):
            fail("MixtureDensityLoss", "scale 'softplus' or 'exp'", repr(scale))
        if reduction not in ("mean", "sum"):
            fail("MixtureDensityLoss", "reduction 'mean' or 'sum'", repr(reduction))
        self.scale, self.reduction = scale, reduction
        self._cache: MixtureDensityCache | None = None
        self._shape: tuple[int, ...] = ()

    def forward(self, input: Any, target: Any) -> np.ndarray:
        owner = "MixtureDensityLoss"
        x = as_float_array(owner, input)
        parts = split_mixture_outputs(x, self.num_components, self.dim, owner=owner)
        loss, self._cache = mixture_density_nll_forward(
            *parts, target, scale=self.scale, reduction=self.reduction, owner=owner
        )
        self._shape = x.shape
        return loss

    def backward(self, grad_output: Any = None) -> np.ndarray:
        cache = check_forward_called("MixtureDensityLoss", self._cache)
        d_logits, d_means, d_raw = mixture_density_nll_backward(grad_output, cache)
        n = self._shape[0]
        return np.concatenate([d_logits, d_means.reshape(n, -1), d_raw.reshape(n, -1)], axis=1)

    def extra_repr(self) -> str:
        return f"num_components={self.num_components}, dim={self.dim}, scale={self.scale!r}"
