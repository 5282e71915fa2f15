"""Normalisation layers: ``BatchNorm1d`` and ``BatchNorm2d`` over one kernel, and ``LayerNorm``.

Goodfellow et al., §8.7.1 (batch normalisation).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import (
    as_float_array,
    check_bool,
    check_forward_called,
    check_positive_int,
    check_range,
    fail,
    resolve_dtype,
)
from dlnotes.nn.functional.normalization import (
    BatchNormCache,
    _as_shape,
    batch_norm_backward,
    batch_norm_forward,
    layer_norm_backward,
    layer_norm_forward,
)
from dlnotes.nn.module import Module, Parameter

__all__ = ["BatchNorm1d", "BatchNorm2d", "LayerNorm"]


class _BatchNorm(Module):
    """What ``BatchNorm1d`` and ``BatchNorm2d`` share: parameters, buffers, running statistics.

    The two differ only in the input shapes they accept (``_check_input``); both call the one
    kernel :func:`~dlnotes.nn.functional.batch_norm_forward`, which takes the statistics over
    every axis but the channel axis.
    """

    # Buffers (``None`` when ``track_running_stats=False``), registered in ``__init__``.
    running_mean: Any
    running_var: Any
    num_batches_tracked: Any

    def __init__(
        self,
        num_features: int,
        eps: float = 1e-5,
        momentum: float | None = 0.1,
        affine: bool = True,
        track_running_stats: bool = True,
        dtype: Any = None,
        *,
        bias: bool = True,
    ) -> None:
        super().__init__()
        owner = type(self).__name__
        self.num_features = check_positive_int(owner, "num_features", num_features)
        # eps > 0 as in PyTorch: with eps = 0 a constant channel divides by zero.
        self.eps = check_range(owner, "eps", eps, 0.0, None, low_inclusive=False)
        self.momentum = (
            None if momentum is None else check_range(owner, "momentum", momentum, 0.0, 1.0)
        )
        self.affine = check_bool(owner, "affine", affine)
        self.track_running_stats = check_bool(owner, "track_running_stats", track_running_stats)
        use_bias = check_bool(owner, "bias", bias)
        dt = resolve_dtype(owner, dtype)
        if self.affine:
            self.weight = Parameter(np.ones(self.num_features, dtype=dt))
            if use_bias:
                self.bias = Parameter(np.zeros(self.num_features, dtype=dt))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if self.track_running_stats:
            self.register_buffer("running_mean", np.zeros(self.num_features, dtype=dt))
            self.register_buffer("running_var", np.ones(self.num_features, dtype=dt))
            self.register_buffer("num_batches_tracked", np.array(0, dtype=np.int64))
        else:
            for name in ("running_mean", "running_var", "num_batches_tracked"):
                self.register_buffer(name, None)
        self.dtype = dt
        self._cache: BatchNormCache | None = None

    # What each subclass accepts: the input ranks and how the message spells the shape.
    _input_ndims: tuple[int, ...]
    _input_shapes: str

    def _check_input(self, x: np.ndarray) -> None:
        if x.ndim not in self._input_ndims or x.shape[1] != self.num_features:
            shapes = self._input_shapes.format(c=self.num_features)
            fail(type(self).__name__, f"input of shape {shapes}", tuple(x.shape))

    def forward(self, x: Any) -> np.ndarray:
        owner = type(self).__name__
        x = as_float_array(owner, x)
        self._check_input(x)
        # A layer computes in its parameters' dtype: a float64 batch is cast down once here.
        x = x.astype(self.dtype, copy=False)
        use_running = not self.training and self.track_running_stats
        out, cache = batch_norm_forward(
            x,
            None if self.weight is None else self.weight.data,
            None if self.bias is None else self.bias.data,
            self.running_mean if use_running else None,
            self.running_var if use_running else None,
            training=not use_running,
            eps=self.eps,
            owner=owner,
        )
        # Batch statistics exist exactly when the batch was used to normalise.
        if self.training and self.track_running_stats and cache.var is not None:
            self._update_running_stats(cache.mean, cache.var, cache.num_values)
        self._cache = cache
        return out

    def _update_running_stats(self, mean: Any, var: np.ndarray, n: int) -> None:
        # Buffers are updated in place so they stay registered (assignment would re-register).
        self.num_batches_tracked[...] += 1
        factor = 1.0 / float(self.num_batches_tracked) if self.momentum is None else self.momentum
        # PyTorch folds the *unbiased* batch variance into the running estimate.
        unbiased = var * (n / (n - 1))
        t = self.dtype.type
        self.running_mean[...] = (1 - t(factor)) * self.running_mean + t(factor) * mean
        self.running_var[...] = (1 - t(factor)) * self.running_var + t(factor) * unbiased

    def backward(self, grad_output: Any) -> np.ndarray:
        """Return the input gradient; add the ``weight``/``bias`` gradients into ``.grad``."""
        owner = type(self).__name__
        cache = check_forward_called(owner, self._cache)
        dx, dweight, dbias = batch_norm_backward(grad_output, cache, owner=owner)
        if self.weight is not None:
            self.weight.grad += dweight
        if self.bias is not None:
            self.bias.grad += dbias
        return dx

    def extra_repr(self) -> str:
        return (
            f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
            f"affine={self.affine}, bias={self.bias is not None}, "
            f"track_running_stats={self.track_running_stats}"
        )


_SHARED_DOC = r"""
    In training mode the statistics are the batch mean and biased batch variance of each
    channel; the running estimates are updated as PyTorch does,
    :math:`r \leftarrow (1 - m) r + m\,s` with momentum :math:`m` and, for the variance, the
    *unbiased* batch variance (``momentum=None`` gives a cumulative average). In evaluation
    mode the running estimates are used (Goodfellow et al., §8.7.1).

    Parameters
    ----------
    num_features : int
        ``C``.
    eps : float
        Added to the variance; must be positive.
    momentum : float or None
        Weight of the new batch in the running estimates.
    affine : bool
        Learn ``weight`` (:math:`\gamma`, initialised to 1) and ``bias`` (:math:`\beta`, 0).
    track_running_stats : bool
        Keep ``running_mean``, ``running_var`` and ``num_batches_tracked`` buffers; without
        them batch statistics are used in both modes.
    dtype : numpy dtype, optional
    bias : bool
        With ``affine``, whether to learn the bias (PyTorch's keyword-only ``bias=`` flag).

    Attributes
    ----------
    weight, bias : Parameter or None
        ``(C,)``; ``None`` without ``affine`` (``bias`` also with ``bias=False``).
    running_mean, running_var : numpy.ndarray or None
        ``(C,)`` buffers, initially zeros and ones; ``None`` without running statistics.
    num_batches_tracked : numpy.ndarray or None
        0-d int64 buffer counting training batches.
"""


class BatchNorm1d(_BatchNorm):
    __doc__ = (
        r"""Batch normalisation per feature of ``(N, C)`` or per channel of ``(N, C, L)`` input.

    .. math:: y = \gamma \frac{x - \mathrm E[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} + \beta

    The statistics are taken over ``N`` (and ``L``).
"""
        + _SHARED_DOC
        + """
    Shape
    -----
    Input ``(N, C)`` or ``(N, C, L)``; output the same shape.

    Examples
    --------
    >>> bn = BatchNorm1d(2)
    >>> out = bn(np.array([[1.0, 10.0], [3.0, 30.0]]))
    >>> np.round(out, 3)
    array([[-1., -1.],
           [ 1.,  1.]])
    >>> bn.running_mean, bn.running_var, bn.num_batches_tracked
    (array([0.2, 2. ]), array([ 1.1, 20.9]), array(1))
    """
    )

    _input_ndims = (2, 3)
    _input_shapes = "(N, {c}) or (N, {c}, L)"


class BatchNorm2d(_BatchNorm):
    __doc__ = (
        r"""Batch normalisation of feature maps, per channel over ``(N, H, W)``.

    .. math:: y = \gamma_c\,\frac{x - \mu_c}{\sqrt{\sigma_c^2 + \epsilon}} + \beta_c

    A feature map shares its filter over all positions, so batch norm shares its statistics
    and its scale and shift the same way: one mean and variance per channel, over the
    ``N H W`` values of that channel (Ioffe and Szegedy, 2015, §3.2). Normalising each pixel
    separately would break that weight sharing (Goodfellow et al., §9.2).
"""
        + _SHARED_DOC
        + """
    Shape
    -----
    Input ``(N, C, H, W)``; output the same shape.

    Examples
    --------
    >>> bn = BatchNorm2d(3)
    >>> list(bn.state_dict())
    ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']
    >>> y = bn(np.random.default_rng(0).normal(5.0, 2.0, size=(8, 3, 4, 4)))
    >>> bool(abs(y.mean()) < 1e-12), np.round(bn.running_mean, 1)
    (True, array([0.5, 0.5, 0.5]))
    """
    )

    _input_ndims = (4,)
    _input_shapes = "(N, {c}, H, W)"


class LayerNorm(Module):
    r"""Layer normalisation over the trailing ``normalized_shape`` axes of each example.

    .. math:: y = \frac{x - \mathrm E[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} \odot \gamma + \beta

    The statistics (mean and biased variance) are per example, so the layer behaves the same
    in training and evaluation and needs no running estimates (a companion of §8.7.1's batch
    normalisation that does not depend on the batch).

    Parameters
    ----------
    normalized_shape : int or tuple of int
        Trailing shape normalised as one group.
    eps : float
    elementwise_affine : bool
        Learn ``weight`` (ones) and ``bias`` (zeros) of shape ``normalized_shape``.
    bias : bool
        With ``elementwise_affine``, whether to learn the bias (PyTorch's ``bias=`` flag).
    dtype : numpy dtype, optional

    Attributes
    ----------
    weight, bias : Parameter or None
        Shape ``normalized_shape``, initially ones and zeros; ``None`` without
        ``elementwise_affine`` (``bias`` also with ``bias=False``).

    Shape
    -----
    Input ``(*, *normalized_shape)``; output the same shape.

    Examples
    --------
    >>> ln = LayerNorm(2)
    >>> ln(np.array([[1.0, 3.0], [0.0, -4.0]]))
    array([[-0.99999 ,  0.99999 ],
           [ 0.999999, -0.999999]])
    """

    def __init__(
        self,
        normalized_shape: int | tuple[int, ...],
        eps: float = 1e-5,
        elementwise_affine: bool = True,
        bias: bool = True,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        self.normalized_shape = _as_shape("LayerNorm", normalized_shape)
        self.eps = check_range("LayerNorm", "eps", eps, 0.0)
        self.elementwise_affine = check_bool("LayerNorm", "elementwise_affine", elementwise_affine)
        use_bias = check_bool("LayerNorm", "bias", bias)
        dt = resolve_dtype("LayerNorm", dtype)
        if self.elementwise_affine:
            self.weight = Parameter(np.ones(self.normalized_shape, dtype=dt))
            if use_bias:
                self.bias = Parameter(np.zeros(self.normalized_shape, dtype=dt))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        self.dtype = dt
        self._cache: Any = None

    def forward(self, x: Any) -> np.ndarray:
        x = as_float_array("LayerNorm", x)
        k = len(self.normalized_shape)
        if x.ndim < k or x.shape[x.ndim - k :] != self.normalized_shape:
            fail("LayerNorm", f"input with trailing shape {self.normalized_shape}", tuple(x.shape))
        x = x.astype(self.dtype, copy=False)
        out, self._cache = layer_norm_forward(
            x,
            self.normalized_shape,
            None if self.weight is None else self.weight.data,
            None if self.bias is None else self.bias.data,
            self.eps,
        )
        return out

    def backward(self, grad_output: Any) -> np.ndarray:
        cache = check_forward_called("LayerNorm", self._cache)
        grad = np.asarray(grad_output).astype(self.dtype, copy=False)
        dx, dweight, dbias = layer_norm_backward(grad, cache)
        if self.weight is not None:
            self.weight.grad += dweight
        if self.bias is not None:
            self.bias.grad += dbias
        return dx

    def extra_repr(self) -> str:
        return (
            f"{self.normalized_shape}, eps={self.eps}, "
            f"elementwise_affine={self.elementwise_affine}, bias={self.bias is not None}"
        )
