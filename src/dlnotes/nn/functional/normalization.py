"""Batch normalisation and layer normalisation, forward and backward.

Both standardise, :math:`\\hat x = (x - \\mu) / \\sqrt{\\sigma^2 + \\epsilon}`, then apply an
optional per-feature affine map :math:`y = \\gamma \\hat x + \\beta`. They differ in the axes the
statistics are taken over: batch norm over the batch (and any positions) *per channel*, layer
norm over the trailing ``normalized_shape`` *per example*. Both use the biased variance to
normalise. The kernels never update running statistics (they mutate nothing): in training
mode the batch statistics are returned in the cache, and the module updates its buffers.

Goodfellow et al., §8.7.1 (batch normalisation).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import as_float_array, check_range, fail

__all__ = [
    "BatchNormCache",
    "batch_norm_forward",
    "batch_norm_backward",
    "batch_norm",
    "LayerNormCache",
    "layer_norm_forward",
    "layer_norm_backward",
    "layer_norm",
]


class BatchNormCache(NamedTuple):
    """What :func:`batch_norm_backward` needs, plus the batch statistics for the module.

    ``mean`` and ``var`` are the per-channel batch mean and *biased* variance (training mode;
    ``None`` in evaluation mode); ``num_values`` is the number of values per channel.
    """

    x_hat: np.ndarray
    inv_std: np.ndarray
    weight: np.ndarray | None
    has_bias: bool
    training: bool
    mean: np.ndarray | None
    var: np.ndarray | None
    num_values: int


def _per_channel(owner: str, name: str, value: Any, channels: int, dtype: np.dtype) -> np.ndarray:
    arr = as_float_array(owner, value, name)
    if arr.shape != (channels,):
        fail(owner, f"{name} of shape ({channels},)", tuple(arr.shape))
    return arr.astype(dtype, copy=False)


def batch_norm_forward(
    x: np.ndarray,
    weight: np.ndarray | None = None,
    bias: np.ndarray | None = None,
    running_mean: np.ndarray | None = None,
    running_var: np.ndarray | None = None,
    training: bool = True,
    eps: float = 1e-5,
    *,
    owner: str = "batch_norm",
) -> tuple[np.ndarray, BatchNormCache]:
    r"""Batch normalisation over every axis but the channel axis 1.

    Training mode (or no running statistics given) normalises with the batch mean and biased
    batch variance of each channel; evaluation mode with ``running_mean``/``running_var``.
    The one kernel of ``BatchNorm1d`` (``(N, C)``, ``(N, C, L)``) and ``BatchNorm2d``
    (``(N, C, H, W)``): a feature map shares its filter over positions, so batch norm shares
    its statistics over them too (Ioffe and Szegedy, 2015, §3.2).

    Parameters
    ----------
    x : numpy.ndarray
        ``(N, C)``, ``(N, C, L)`` or ``(N, C, H, W)``.
    weight, bias : numpy.ndarray, optional
        :math:`\gamma`, :math:`\beta`, shape ``(C,)``.
    running_mean, running_var : numpy.ndarray, optional
        Shape ``(C,)``; used only when ``training`` is false.
    training : bool
        Use batch statistics (they are returned in the cache).
    eps : float
        Added to the variance.
    owner : str
        Name used in error messages (the public class that calls the kernel).

    Returns
    -------
    out : numpy.ndarray
        Same shape and dtype as ``x``.
    cache : BatchNormCache

    Shape
    -----
    Input and output ``(N, C, *)``; statistics are per channel, over ``N`` and ``*``.

    Examples
    --------
    >>> out, cache = batch_norm_forward(np.array([[1.0], [3.0]]), eps=0.0)
    >>> out.ravel(), cache.mean, cache.var
    (array([-1.,  1.]), array([2.]), array([1.]))
    """
    x = as_float_array(owner, x)
    if x.ndim < 2:
        fail(owner, "input of shape (N, C, *)", tuple(x.shape))
    eps = check_range(owner, "eps", eps, 0.0)
    channels = x.shape[1]
    t = x.dtype.type
    axes = (0, *range(2, x.ndim))
    bshape = (1, channels) + (1,) * (x.ndim - 2)
    num_values = x.size // channels if channels else 0
    if weight is not None:
        weight = _per_channel(owner, "weight", weight, channels, x.dtype)
    if bias is not None:
        bias = _per_channel(owner, "bias", bias, channels, x.dtype)
    use_batch = training or running_mean is None or running_var is None
    if use_batch:
        if num_values <= 1:
            fail(owner, "more than 1 value per channel when training", tuple(x.shape))
        mean = x.mean(axis=axes)
        centered = x - mean.reshape(bshape)
        var = np.mean(centered * centered, axis=axes)
    else:
        mean = _per_channel(owner, "running_mean", running_mean, channels, x.dtype)
        var = _per_channel(owner, "running_var", running_var, channels, x.dtype)
        centered = x - mean.reshape(bshape)
    inv_std = (1 / np.sqrt(var + t(eps))).astype(x.dtype, copy=False)
    x_hat = centered * inv_std.reshape(bshape)
    out = x_hat if weight is None else x_hat * weight.reshape(bshape)
    if bias is not None:
        out = out + bias.reshape(bshape)
    cache = BatchNormCache(
        x_hat,
        inv_std,
        weight,
        bias is not None,
        use_batch,
        mean if use_batch else None,
        var if use_batch else None,
        num_values,
    )
    return out, cache


def batch_norm_backward(
    grad_output: np.ndarray, cache: BatchNormCache, *, owner: str = "batch_norm_backward"
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
    r"""Gradients of batch normalisation.

    With batch statistics, the mean and variance depend on every input of the channel, and
    with :math:`\hat g = \gamma\,g` and :math:`m` values per channel

    .. math:: \partial x = \frac{1}{m\sqrt{\sigma^2+\epsilon}}
              \Big(m \hat g - \sum \hat g - \hat x \sum \hat g \hat x\Big);

    with running statistics the map is affine,
    :math:`\partial x = \hat g/\sqrt{\sigma^2+\epsilon}`. Finally
    :math:`\partial\gamma = \sum g \hat x` and :math:`\partial\beta = \sum g`, summed over
    ``N`` and ``*``.

    Returns
    -------
    dx : numpy.ndarray
    dweight, dbias : numpy.ndarray or None
        ``None`` where the forward had no weight/bias.

    Shape
    -----
    ``grad_output`` and ``dx`` have the forward input's shape ``(N, C, *)``; ``dweight`` and
    ``dbias`` are ``(C,)``.

    Examples
    --------
    >>> _, cache = batch_norm_forward(np.array([[1.0], [3.0]]), eps=0.0)
    >>> batch_norm_backward(np.array([[1.0], [1.0]]), cache)[0].ravel()  # shift-invariant
    array([0., 0.])
    """
    x_hat, inv_std, weight, has_bias, training = cache[:5]
    grad_output = as_float_array(owner, grad_output, "grad_output")
    if grad_output.shape != x_hat.shape:
        fail(owner, f"grad_output of shape {x_hat.shape}", tuple(grad_output.shape))
    grad_output = grad_output.astype(x_hat.dtype, copy=False)
    axes = (0, *range(2, x_hat.ndim))
    bshape = (1, x_hat.shape[1]) + (1,) * (x_hat.ndim - 2)
    dweight = np.sum(grad_output * x_hat, axis=axes) if weight is not None else None
    dbias = np.sum(grad_output, axis=axes) if has_bias else None
    g_hat = grad_output if weight is None else grad_output * weight.reshape(bshape)
    if training:
        mean_g = np.mean(g_hat, axis=axes, keepdims=True)
        mean_gx = np.mean(g_hat * x_hat, axis=axes, keepdims=True)
        dx = (g_hat - mean_g - x_hat * mean_gx) * inv_std.reshape(bshape)
    else:
        dx = g_hat * inv_std.reshape(bshape)
    return dx, dweight, dbias


def batch_norm(
    x: np.ndarray,
    running_mean: np.ndarray | None,
    running_var: np.ndarray | None,
    weight: np.ndarray | None = None,
    bias: np.ndarray | None = None,
    training: bool = False,
    eps: float = 1e-5,
) -> np.ndarray:
    """One-way batch normalisation, in the argument order of PyTorch's ``F.batch_norm``.

    Does not update the running statistics (PyTorch's ``momentum`` argument has nothing to
    update here). Goodfellow et al., §8.7.1.

    Shape
    -----
    Input ``(N, C, *)``, output the same shape.

    Examples
    --------
    >>> batch_norm(np.ones((1, 2, 2, 2)), np.ones(2), np.zeros(2), eps=1.0)[0, :, 0, 0]
    array([0., 0.])
    """
    return batch_norm_forward(x, weight, bias, running_mean, running_var, training, eps)[0]


class LayerNormCache(NamedTuple):
    """What :func:`layer_norm_backward` needs."""

    x_hat: np.ndarray
    inv_std: np.ndarray
    weight: np.ndarray | None
    has_bias: bool
    axes: tuple[int, ...]


def _as_shape(owner: str, normalized_shape: Any) -> tuple[int, ...]:
    if isinstance(normalized_shape, (int, np.integer)) and not isinstance(normalized_shape, bool):
        normalized_shape = (normalized_shape,)
    try:
        shape = tuple(normalized_shape)
    except TypeError:
        fail(
            owner,
            "normalized_shape to be an int or a tuple of ints",
            repr(normalized_shape),
            TypeError,
        )
    if not shape or not all(
        isinstance(s, (int, np.integer)) and not isinstance(s, bool) and s > 0 for s in shape
    ):
        fail(
            owner,
            "normalized_shape to be a non-empty tuple of positive ints",
            repr(normalized_shape),
        )
    return tuple(int(s) for s in shape)


def layer_norm_forward(
    x: np.ndarray,
    normalized_shape: int | tuple[int, ...],
    weight: np.ndarray | None = None,
    bias: np.ndarray | None = None,
    eps: float = 1e-5,
) -> tuple[np.ndarray, LayerNormCache]:
    r"""Layer normalisation over the trailing ``normalized_shape`` axes of each example.

    Parameters
    ----------
    x : numpy.ndarray
        ``(*, *normalized_shape)``.
    normalized_shape : int or tuple of int
        The trailing shape normalised as one group.
    weight, bias : numpy.ndarray, optional
        Element-wise affine parameters of shape ``normalized_shape``.
    eps : float

    Returns
    -------
    out : numpy.ndarray
        Same shape and dtype as ``x``.
    cache : LayerNormCache

    Shape
    -----
    Input ``(*, *normalized_shape)``, output the same shape; the statistics are per leading
    index ``*``.

    Examples
    --------
    >>> layer_norm_forward(np.array([[1.0, 3.0]]), 2, eps=0.0)[0]
    array([[-1.,  1.]])
    """
    owner = "layer_norm"
    x = as_float_array(owner, x)
    shape = _as_shape(owner, normalized_shape)
    eps = check_range(owner, "eps", eps, 0.0)
    k = len(shape)
    if x.ndim < k or x.shape[x.ndim - k :] != shape:
        fail(owner, f"input with trailing shape {shape}", tuple(x.shape))
    params: list[np.ndarray | None] = []
    for name, value in (("weight", weight), ("bias", bias)):
        if value is None:
            params.append(None)
            continue
        arr = as_float_array(owner, value, name)
        if arr.shape != shape:
            fail(owner, f"{name} of shape {shape}", tuple(arr.shape))
        params.append(arr.astype(x.dtype, copy=False))
    weight, bias = params
    axes = tuple(range(x.ndim - k, x.ndim))
    mean = x.mean(axis=axes, keepdims=True)
    centered = x - mean
    var = np.mean(centered * centered, axis=axes, keepdims=True)
    inv_std = (1 / np.sqrt(var + x.dtype.type(eps))).astype(x.dtype, copy=False)
    x_hat = centered * inv_std
    out = x_hat if weight is None else x_hat * weight
    if bias is not None:
        out = out + bias
    return out, LayerNormCache(x_hat, inv_std, weight, bias is not None, axes)


def layer_norm_backward(
    grad_output: np.ndarray, cache: LayerNormCache
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
    r"""Gradients of layer normalisation; the same formula as batch norm's training-mode
    input gradient, with the sums over the normalised axes of each example, and
    :math:`\partial\gamma`, :math:`\partial\beta` summed over the leading axes.

    Shape
    -----
    ``grad_output`` and ``dx`` have the input's shape; ``dweight`` and ``dbias`` are
    ``normalized_shape``.

    Examples
    --------
    >>> _, cache = layer_norm_forward(np.array([[1.0, 3.0]]), 2, eps=0.0)
    >>> layer_norm_backward(np.array([[1.0, 1.0]]), cache)[0]
    array([[0., 0.]])
    """
    x_hat, inv_std, weight, has_bias, axes = cache
    if np.shape(grad_output) != x_hat.shape:
        fail("layer_norm_backward", f"grad_output of shape {x_hat.shape}", np.shape(grad_output))
    leading = tuple(range(x_hat.ndim - len(axes)))
    dweight = np.sum(grad_output * x_hat, axis=leading) if weight is not None else None
    dbias = np.sum(grad_output, axis=leading) if has_bias else None
    g_hat = grad_output if weight is None else grad_output * weight
    mean_g = np.mean(g_hat, axis=axes, keepdims=True)
    mean_gx = np.mean(g_hat * x_hat, axis=axes, keepdims=True)
    return (g_hat - mean_g - x_hat * mean_gx) * inv_std, dweight, dbias


def layer_norm(
    x: np.ndarray,
    normalized_shape: int | tuple[int, ...],
    weight: np.ndarray | None = None,
    bias: np.ndarray | None = None,
    eps: float = 1e-5,
) -> np.ndarray:
    """One-way layer normalisation.

    Shape
    -----
    Input ``(*, *normalized_shape)``, output the same shape.

    Examples
    --------
    >>> np.round(layer_norm(np.array([0.0, 2.0, 4.0]), 3), 4)
    array([-1.2247,  0.    ,  1.2247])
    """
    return layer_norm_forward(x, normalized_shape, weight, bias, eps)[0]
