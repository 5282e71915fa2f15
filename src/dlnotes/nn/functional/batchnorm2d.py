"""Batch normalisation of images, per channel (statistics over batch *and* positions).

A convolutional feature map shares its filter over all positions, so batch norm shares its
statistics and its scale/shift the same way: one mean and variance per channel, computed over
the ``N * H * W`` values of that channel (Ioffe and Szegedy, 2015, §3.2). Normalising each
pixel separately, a classic mistake, breaks that weight sharing.

Goodfellow et al., §8.7.1 (batch normalization) and §9.2 (parameter sharing).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, fail

__all__ = ["batch_norm2d_forward", "batch_norm2d_backward", "batch_norm2d"]

_AXES = (0, 2, 3)


def _per_channel(v: np.ndarray) -> np.ndarray:
    return v.reshape(1, -1, 1, 1)


def _vector(owner: str, name: str, v: Any, c: int, dtype: np.dtype) -> np.ndarray:
    v = as_float_array(owner, v, name)
    if v.shape != (c,):
        fail(owner, f"{name} of shape ({c},)", tuple(v.shape))
    return v.astype(dtype, copy=False)


def _optional_vector(owner: str, name: str, v: Any, c: int, dtype: np.dtype) -> np.ndarray | None:
    return None if v is None else _vector(owner, name, v, c, dtype)


def batch_norm2d_forward(
    x: np.ndarray,
    weight: np.ndarray | None = None,
    bias: np.ndarray | None = None,
    running_mean: np.ndarray | None = None,
    running_var: np.ndarray | None = None,
    training: bool = True,
    eps: float = 1e-5,
) -> tuple[np.ndarray, dict]:
    r"""Normalise every channel, then scale and shift it.

    .. math:: \hat x_{n,c,h,w} = \frac{x_{n,c,h,w} - \mu_c}{\sqrt{\sigma_c^2 + \epsilon}},
              \qquad y = \gamma_c \hat x + \beta_c

    In training, :math:`\mu_c` and :math:`\sigma^2_c` are the mean and *biased* variance of
    channel ``c`` over ``(N, H, W)``; in evaluation, the given running estimates. The kernel
    is pure: it does not update running statistics but returns the batch statistics in the
    cache (``cache["batch_mean"]``, ``cache["batch_var"]``) for the caller to fold in.
    Goodfellow et al., §8.7.1.

    Parameters
    ----------
    x : numpy.ndarray
        Feature maps.
    weight, bias : numpy.ndarray, optional
        :math:`\gamma` and :math:`\beta`, one per channel (identity when ``None``).
    running_mean, running_var : numpy.ndarray, optional
        Required when ``training=False``.
    training : bool
        Use batch statistics (``True``) or the running ones.
    eps : float
        Added to the variance.

    Returns
    -------
    out : numpy.ndarray
    cache : dict

    Shape
    -----
    - x: ``(N, C, H, W)``; weight, bias, running statistics: ``(C,)``; out: like ``x``

    Examples
    --------
    >>> x = np.random.default_rng(0).normal(3.0, 2.0, size=(4, 2, 5, 5))
    >>> out, cache = batch_norm2d_forward(x)
    >>> np.round(out.mean(axis=(0, 2, 3)), 6) + 0.0, np.round(out.var(axis=(0, 2, 3)), 3)
    (array([0., 0.]), array([1., 1.]))
    """
    owner = "batch_norm2d"
    x = as_float_array(owner, x)
    if x.ndim != 4:
        fail(owner, "input of shape (N, C, H, W)", tuple(x.shape))
    c = x.shape[1]
    weight = _optional_vector(owner, "weight", weight, c, x.dtype)
    bias = _optional_vector(owner, "bias", bias, c, x.dtype)
    if training:
        if x.shape[0] * x.shape[2] * x.shape[3] < 2:
            fail(owner, "more than 1 value per channel when training", tuple(x.shape))
        mean = x.mean(axis=_AXES)
        centred = x - _per_channel(mean)
        var = np.mean(centred * centred, axis=_AXES)
    else:
        if running_mean is None or running_var is None:
            fail(owner, "running_mean and running_var in evaluation mode", "None")
        mean = _vector(owner, "running_mean", running_mean, c, x.dtype)
        var = _vector(owner, "running_var", running_var, c, x.dtype)
        centred = x - _per_channel(mean)
    inv_std = (1.0 / np.sqrt(var + eps)).astype(x.dtype, copy=False)
    x_hat = centred * _per_channel(inv_std)
    out = x_hat if weight is None else x_hat * _per_channel(weight)
    if bias is not None:
        out = out + _per_channel(bias)
    cache = {
        "x_hat": x_hat,
        "inv_std": inv_std,
        "weight": weight,
        "has_bias": bias is not None,
        "training": bool(training),
        "batch_mean": mean,
        "batch_var": var,
    }
    return out, cache


def batch_norm2d_backward(
    grad_output: np.ndarray, cache: dict
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
    r"""Gradients of :func:`batch_norm2d_forward` for input, weight and bias.

    In training mode the mean and variance depend on every input, which gives, with
    :math:`M = NHW` and :math:`g = \gamma\,\partial L / \partial y`,

    .. math:: \frac{\partial L}{\partial x} = \frac{1}{M\sqrt{\sigma^2+\epsilon}}
              \Big(M g - \sum g - \hat x \sum g \hat x\Big)

    (sums per channel). In evaluation mode the statistics are constants and the layer is an
    affine map. Goodfellow et al., §8.7.1.

    Returns
    -------
    dx, dweight, dbias : numpy.ndarray
        ``dweight``/``dbias`` are ``None`` when the forward had no weight/bias.

    Shape
    -----
    - grad_output: ``(N, C, H, W)``; dx like it; dweight, dbias: ``(C,)``

    Examples
    --------
    >>> x = np.random.default_rng(0).normal(size=(4, 2, 3, 3))
    >>> out, cache = batch_norm2d_forward(x, np.ones(2), np.zeros(2))
    >>> dx, dw, db = batch_norm2d_backward(np.ones_like(out), cache)
    >>> float(np.abs(dx).max()) < 1e-12, db.tolist()   # a shift of the output cannot be learnt
    (True, [36.0, 36.0])
    """
    x_hat, inv_std, weight = cache["x_hat"], cache["inv_std"], cache["weight"]
    g = as_float_array("batch_norm2d_backward", grad_output, "grad_output")
    if g.shape != x_hat.shape:
        fail("batch_norm2d_backward", f"grad_output of shape {x_hat.shape}", tuple(g.shape))
    g = g.astype(x_hat.dtype, copy=False)
    dbias = g.sum(axis=_AXES) if cache["has_bias"] else None
    dweight = (g * x_hat).sum(axis=_AXES) if weight is not None else None
    g_hat = g if weight is None else g * _per_channel(weight)
    if not cache["training"]:
        return g_hat * _per_channel(inv_std), dweight, dbias
    # The 1/M of the formula is folded into the two per-channel means.
    mean_g = g_hat.mean(axis=_AXES)
    mean_g_xhat = (g_hat * x_hat).mean(axis=_AXES)
    dx = (g_hat - _per_channel(mean_g) - x_hat * _per_channel(mean_g_xhat)) * _per_channel(inv_std)
    return dx, dweight, dbias


def batch_norm2d(
    x: np.ndarray,
    running_mean: np.ndarray | None,
    running_var: np.ndarray | None,
    weight: np.ndarray | None = None,
    bias: np.ndarray | None = None,
    training: bool = False,
    eps: float = 1e-5,
) -> np.ndarray:
    """One-way per-channel batch normalisation (argument order of PyTorch's ``batch_norm``).

    Does not update the running statistics. Goodfellow et al., §8.7.1.

    Shape
    -----
    - x: ``(N, C, H, W)`` → same shape

    Examples
    --------
    >>> batch_norm2d(np.ones((1, 2, 2, 2)), np.ones(2), np.zeros(2), eps=1.0)[0, :, 0, 0]
    array([0., 0.])
    """
    return batch_norm2d_forward(x, weight, bias, running_mean, running_var, training, eps)[0]
