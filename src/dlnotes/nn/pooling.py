"""Pooling layers: ``MaxPool2d``, ``AvgPool2d`` and ``GlobalAvgPool2d``.

Pooling summarises each neighbourhood by one statistic, which makes the representation
approximately invariant to small translations of the input and shrinks the maps the next
layer must process. Goodfellow et al., §9.3 (and §9.4, pooling as an infinitely strong prior).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_pair, fail
from dlnotes.nn.functional.im2col import conv_geometry
from dlnotes.nn.functional.pooling import (
    avg_pool2d_backward,
    avg_pool2d_forward,
    global_avg_pool2d_backward,
    global_avg_pool2d_forward,
    max_pool2d_backward,
    max_pool2d_forward,
)
from dlnotes.nn.module import Module

__all__ = ["MaxPool2d", "AvgPool2d", "GlobalAvgPool2d"]


class _Pool2d(Module):
    """Shared constructor and checks of the windowed pooling layers."""

    def __init__(self, kernel_size: Any, stride: Any, padding: Any) -> None:
        super().__init__()
        owner = type(self).__name__
        self.kernel_size = check_pair(owner, "kernel_size", kernel_size)
        self.stride = self.kernel_size if stride is None else check_pair(owner, "stride", stride)
        self.padding = check_pair(owner, "padding", padding, allow_zero=True)
        if any(2 * p > k for p, k in zip(self.padding, self.kernel_size, strict=True)):
            fail(owner, f"padding at most half of kernel_size {self.kernel_size}", self.padding)
        self._cache: tuple | None = None

    def _check(self, x: Any) -> np.ndarray:
        owner = type(self).__name__
        x = as_float_array(owner, x)
        conv_geometry(owner, x, self.kernel_size, self.stride, self.padding)
        return x

    def _saved(self) -> tuple:
        if self._cache is None:
            fail(
                type(self).__name__,
                "forward to be called before backward",
                "no cached forward pass",
                RuntimeError,
            )
        return self._cache

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxPool2d(_Pool2d):
    r"""Maximum over ``kH x kW`` windows (padding with ``-inf``, as PyTorch).

    .. math:: y_{n,c,a,b} = \max_{i,j} x_{n,c,\,s_h a + i - p_h,\,s_w b + j - p_w}

    Goodfellow et al., §9.3; max pooling follows Zhou and Chellappa (1988) and became
    standard with Ranzato et al. (2007) and Krizhevsky et al. (2012).

    Parameters
    ----------
    kernel_size : int or pair of ints
    stride : int or pair of ints, optional
        Defaults to ``kernel_size``.
    padding : int or pair of ints
        At most half the kernel size.

    Shape
    -----
    - input: ``(N, C, H, W)`` → output: ``(N, C, H_out, W_out)``,
      ``H_out = (H + 2 p_h - kH) // s_h + 1``

    Examples
    --------
    >>> MaxPool2d(2)(np.zeros((8, 6, 28, 28))).shape
    (8, 6, 14, 14)
    """

    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0) -> None:
        super().__init__(kernel_size, stride, padding)

    def forward(self, x: np.ndarray) -> np.ndarray:
        out, self._cache = max_pool2d_forward(
            self._check(x), self.kernel_size, self.stride, self.padding
        )
        return out

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        return max_pool2d_backward(grad_output, self._saved())


class AvgPool2d(_Pool2d):
    r"""Mean over ``kH x kW`` windows of the zero-padded input.

    .. math:: y_{n,c,a,b} = \frac{1}{D}\sum_{i,j} x_{n,c,\,s_h a + i - p_h,\,s_w b + j - p_w}

    ``D = kH * kW`` when ``count_include_pad=True`` (PyTorch's default), else the number of
    non-padding cells. Goodfellow et al., §9.3; LeNet-5's subsampling layers (LeCun et al.,
    1998) were trainable average pools.

    Shape
    -----
    - input: ``(N, C, H, W)`` → output: ``(N, C, H_out, W_out)``

    Examples
    --------
    >>> AvgPool2d(3, stride=1, padding=1)(np.ones((1, 2, 5, 5))).shape
    (1, 2, 5, 5)
    """

    def __init__(
        self, kernel_size: Any, stride: Any = None, padding: Any = 0, count_include_pad: bool = True
    ) -> None:
        super().__init__(kernel_size, stride, padding)
        self.count_include_pad = bool(count_include_pad)

    def forward(self, x: np.ndarray) -> np.ndarray:
        out, self._cache = avg_pool2d_forward(
            self._check(x), self.kernel_size, self.stride, self.padding, self.count_include_pad
        )
        return out

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        return avg_pool2d_backward(grad_output, self._saved())


class GlobalAvgPool2d(Module):
    r"""Average of every feature map: PyTorch's ``AdaptiveAvgPool2d(1)``.

    .. math:: y_{n,c,0,0} = \frac{1}{HW}\sum_{h,w} x_{n,c,h,w}

    Replaces the large fully connected classifier of earlier networks with one number per
    channel, as in NiN (Lin et al., 2014) and ResNet (He et al., 2016). Goodfellow et al., §9.3.

    Shape
    -----
    - input: ``(N, C, H, W)`` → output: ``(N, C, 1, 1)``

    Examples
    --------
    >>> GlobalAvgPool2d()(np.ones((4, 10, 3, 3))).shape
    (4, 10, 1, 1)
    """

    def __init__(self) -> None:
        super().__init__()
        self._cache: tuple | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = as_float_array("GlobalAvgPool2d", x)
        if x.ndim != 4:
            fail("GlobalAvgPool2d", "input of shape (N, C, H, W)", tuple(x.shape))
        out, self._cache = global_avg_pool2d_forward(x)
        return out

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        if self._cache is None:
            fail(
                "GlobalAvgPool2d",
                "forward to be called before backward",
                "no cached forward pass",
                RuntimeError,
            )
        return global_avg_pool2d_backward(grad_output, self._cache)
