"""Pooling layers: ``MaxPool2d``, ``AvgPool2d`` and ``GlobalAvgPool2d``.

Pooling summarises each neighbourhood by one statistic, which makes the representation
approximately invariant to small translations of the input and shrinks the maps the next
layer must process. Goodfellow et al., §9.3 (and §9.4, pooling as an infinitely strong prior).

The layers check their constructor arguments; the input is checked once, by the kernel, which
they call with ``owner=<class name>``. PyTorch keywords dlnotes does not implement
(``dilation``, ``return_indices``, ``ceil_mode``, ``divisor_override``) are accepted only at
their default values and raise the house ``ValueError`` otherwise.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import (
    check_bool,
    check_forward_called,
    check_pair,
    check_pytorch_default,
    fail,
    reject_unsupported,
)
from dlnotes.nn.functional.pooling import (
    AvgPool2dCache,
    GlobalAvgPool2dCache,
    MaxPool2dCache,
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
    """Shared constructor of the windowed pooling layers (checks of its own arguments)."""

    def __init__(self, kernel_size: Any, stride: Any, padding: Any, ceil_mode: Any) -> None:
        super().__init__()
        owner = type(self).__name__
        check_pytorch_default(owner, "ceil_mode", ceil_mode, False, "floor rounding only")
        self.kernel_size = check_pair(owner, "kernel_size", kernel_size)
        self.stride = self.kernel_size if stride is None else check_pair(owner, "stride", stride)
        self.padding = check_pair(owner, "padding", padding, allow_zero=True)
        if any(2 * p > k for p, k in zip(self.padding, self.kernel_size, strict=True)):
            fail(owner, f"padding at most half of kernel_size {self.kernel_size}", self.padding)

    def extra_repr(self) -> str:
        """Constructor arguments shown by ``repr(layer)``."""
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
    dilation, return_indices, ceil_mode
        PyTorch's keywords, accepted at their defaults only (1, False, False).

    Attributes
    ----------
    kernel_size, stride, padding : tuple of int
        ``(height, width)`` pairs. The layer has no parameters.

    Shape
    -----
    - input: ``(N, C, H, W)`` → output: ``(N, C, H_out, W_out)``,
      ``H_out = (H + 2 p_h - kH) // s_h + 1``

    Examples
    --------
    >>> MaxPool2d(2)(np.zeros((8, 6, 28, 28))).shape
    (8, 6, 14, 14)
    """

    def __init__(
        self,
        kernel_size: Any,
        stride: Any = None,
        padding: Any = 0,
        dilation: Any = 1,
        return_indices: bool = False,
        ceil_mode: bool = False,
        **unsupported: Any,
    ) -> None:
        reject_unsupported("MaxPool2d", unsupported)
        check_pytorch_default("MaxPool2d", "dilation", dilation, (1, (1, 1)), "no dilated pooling")
        check_pytorch_default(
            "MaxPool2d", "return_indices", return_indices, False, "no index output"
        )
        super().__init__(kernel_size, stride, padding, ceil_mode)
        self._cache: MaxPool2dCache | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Pool a batch ``(N, C, H, W)``; remembers each window's maximum for ``backward``."""
        out, self._cache = max_pool2d_forward(
            x, self.kernel_size, self.stride, self.padding, owner="MaxPool2d"
        )
        return out

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        """Route each output gradient to its window's maximum; return the input gradient."""
        cache = check_forward_called("MaxPool2d", self._cache)
        return max_pool2d_backward(grad_output, cache, owner="MaxPool2d")


class AvgPool2d(_Pool2d):
    r"""Mean over ``kH x kW`` windows of the zero-padded input.

    .. math:: y_{n,c,a,b} = \frac{1}{D}\sum_{i,j} x_{n,c,\,s_h a + i - p_h,\,s_w b + j - p_w}

    ``D = kH * kW`` when ``count_include_pad=True`` (PyTorch's default), else the number of
    non-padding cells. Goodfellow et al., §9.3; LeNet-5's subsampling layers (LeCun et al.,
    1998) were trainable average pools.

    Parameters
    ----------
    kernel_size : int or pair of ints
    stride : int or pair of ints, optional
        Defaults to ``kernel_size``.
    padding : int or pair of ints
        At most half the kernel size.
    ceil_mode : bool
        PyTorch's keyword, accepted at its default (False) only.
    count_include_pad : bool
        Whether padded zeros count in the divisor (both settings match PyTorch).
    divisor_override
        PyTorch's keyword, accepted at its default (None) only.

    Attributes
    ----------
    kernel_size, stride, padding : tuple of int
        ``(height, width)`` pairs. The layer has no parameters.
    count_include_pad : bool

    Shape
    -----
    - input: ``(N, C, H, W)`` → output: ``(N, C, H_out, W_out)``

    Examples
    --------
    >>> AvgPool2d(3, stride=1, padding=1)(np.ones((1, 2, 5, 5))).shape
    (1, 2, 5, 5)
    """

    def __init__(
        self,
        kernel_size: Any,
        stride: Any = None,
        padding: Any = 0,
        ceil_mode: bool = False,
        count_include_pad: bool = True,
        divisor_override: Any = None,
        **unsupported: Any,
    ) -> None:
        reject_unsupported("AvgPool2d", unsupported)
        if divisor_override is not None:
            fail(
                "AvgPool2d",
                "divisor_override=None (dlnotes divides by the window size)",
                repr(divisor_override),
            )
        super().__init__(kernel_size, stride, padding, ceil_mode)
        self.count_include_pad = check_bool("AvgPool2d", "count_include_pad", count_include_pad)
        self._cache: AvgPool2dCache | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Average every window of a batch ``(N, C, H, W)``."""
        out, self._cache = avg_pool2d_forward(
            x,
            self.kernel_size,
            self.stride,
            self.padding,
            self.count_include_pad,
            owner="AvgPool2d",
        )
        return out

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        """Spread each output gradient evenly over its window; return the input gradient."""
        cache = check_forward_called("AvgPool2d", self._cache)
        return avg_pool2d_backward(grad_output, cache, owner="AvgPool2d")

    def extra_repr(self) -> str:
        """Constructor arguments shown by ``repr(layer)``."""
        return super().extra_repr() + f", count_include_pad={self.count_include_pad}"


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
        self._cache: GlobalAvgPool2dCache | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Mean of each map of a batch ``(N, C, H, W)``, as ``(N, C, 1, 1)``."""
        out, self._cache = global_avg_pool2d_forward(x, owner="GlobalAvgPool2d")
        return out

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        """Spread ``grad_output`` ``(N, C, 1, 1)`` evenly over each map."""
        cache = check_forward_called("GlobalAvgPool2d", self._cache)
        return global_avg_pool2d_backward(grad_output, cache, owner="GlobalAvgPool2d")
