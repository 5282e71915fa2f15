"""``BatchNorm2d``: per-channel batch normalisation of feature maps with running statistics.

Goodfellow et al., §8.7.1; Ioffe and Szegedy (2015).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import check_positive_int, check_range, fail, resolve_dtype
from dlnotes.nn.conv import check_image_input
from dlnotes.nn.functional.batchnorm2d import batch_norm2d_backward, batch_norm2d_forward
from dlnotes.nn.module import Module, Parameter

__all__ = ["BatchNorm2d"]


class BatchNorm2d(Module):
    r"""Batch normalisation over ``(N, H, W)`` for each channel, as PyTorch's ``BatchNorm2d``.

    .. math:: y = \gamma_c\,\frac{x - \mu_c}{\sqrt{\sigma_c^2 + \epsilon}} + \beta_c

    Training uses the batch's mean and biased variance and updates the running estimates,
    ``running = (1 - momentum) * running + momentum * batch``, with the *unbiased* variance
    (``M / (M - 1)`` times the biased one, ``M = N H W``); ``momentum=None`` gives the
    cumulative average ``1 / num_batches_tracked``. Evaluation uses the running estimates.
    Goodfellow et al., §8.7.1 (Ioffe and Szegedy, 2015).

    Parameters
    ----------
    num_features : int
        Number of channels ``C``.
    eps : float
        Added to the variance for numerical stability.
    momentum : float or None
        Weight of the new batch in the running statistics.
    affine : bool
        Learn :math:`\gamma` (``weight``, initially ones) and :math:`\beta` (``bias``, zeros).
    track_running_stats : bool
        If ``False``, batch statistics are used in evaluation mode too.
    dtype : numpy dtype, optional

    Attributes
    ----------
    weight, bias : Parameter or None
        ``(C,)``.
    running_mean, running_var : numpy.ndarray
        ``(C,)`` buffers, initially zeros and ones.
    num_batches_tracked : numpy.ndarray
        0-d int64 buffer counting training batches.

    Shape
    -----
    - input: ``(N, C, H, W)`` → output: same shape

    Examples
    --------
    >>> bn = BatchNorm2d(3)
    >>> list(bn.state_dict())
    ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']
    >>> y = bn(np.random.default_rng(0).normal(5.0, 2.0, size=(8, 3, 4, 4)))
    >>> bool(abs(y.mean()) < 1e-12), np.round(bn.running_mean, 1)
    (True, array([0.5, 0.5, 0.5]))
    """

    running_mean: np.ndarray
    running_var: np.ndarray
    num_batches_tracked: np.ndarray

    def __init__(
        self,
        num_features: int,
        eps: float = 1e-5,
        momentum: float | None = 0.1,
        affine: bool = True,
        track_running_stats: bool = True,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        owner = "BatchNorm2d"
        self.num_features = check_positive_int(owner, "num_features", num_features)
        self.eps = check_range(owner, "eps", eps, 0.0, None, low_inclusive=False)
        self.momentum = (
            None if momentum is None else check_range(owner, "momentum", momentum, 0.0, 1.0)
        )
        self.affine = bool(affine)
        self.track_running_stats = bool(track_running_stats)
        self.dtype = resolve_dtype(owner, dtype)
        c = self.num_features
        if self.affine:
            self.weight = Parameter(np.ones(c, dtype=self.dtype))
            self.bias = Parameter(np.zeros(c, dtype=self.dtype))
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if self.track_running_stats:
            self.register_buffer("running_mean", np.zeros(c, dtype=self.dtype))
            self.register_buffer("running_var", np.ones(c, dtype=self.dtype))
            self.register_buffer("num_batches_tracked", np.array(0, dtype=np.int64))
        self._cache: dict | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = check_image_input("BatchNorm2d", x, self.num_features, self.dtype)
        use_batch = self.training or not self.track_running_stats
        weight = None if self.weight is None else self.weight.data
        bias = None if self.bias is None else self.bias.data
        tracked = self.track_running_stats
        out, self._cache = batch_norm2d_forward(
            x,
            weight,
            bias,
            running_mean=self.running_mean if tracked else None,
            running_var=self.running_var if tracked else None,
            training=use_batch,
            eps=self.eps,
        )
        if self.training and self.track_running_stats:
            self._update_running_stats(self._cache, x.shape[0] * x.shape[2] * x.shape[3])
        return out

    def _update_running_stats(self, cache: dict, m: int) -> None:
        # In-place updates: re-assigning the attribute would unregister the buffer.
        self.num_batches_tracked[...] = self.num_batches_tracked + 1
        factor = 1.0 / float(self.num_batches_tracked) if self.momentum is None else self.momentum
        unbiased = cache["batch_var"] * (m / (m - 1))
        self.running_mean[...] = (1 - factor) * self.running_mean + factor * cache["batch_mean"]
        self.running_var[...] = (1 - factor) * self.running_var + factor * unbiased

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        if self._cache is None:
            fail(
                "BatchNorm2d",
                "forward to be called before backward",
                "no cached forward pass",
                RuntimeError,
            )
        dx, dweight, dbias = batch_norm2d_backward(grad_output, self._cache)
        if self.weight is not None:
            self.weight.grad += dweight
            self.bias.grad += dbias
        return dx

    def extra_repr(self) -> str:
        return (
            f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
            f"affine={self.affine}, track_running_stats={self.track_running_stats}"
        )
