"""Convolution layers: ``Conv2d`` and ``ConvTranspose2d``, thin wrappers around the kernels.

Goodfellow et al., §9.1-9.2 (convolution; sparse interactions and parameter sharing) and
§9.5 (stride, zero padding, the transposed operation).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from dlnotes._validation import (
    as_float_array,
    as_generator,
    check_pair,
    check_positive_int,
    fail,
    resolve_dtype,
)
from dlnotes.nn.functional.conv import conv2d_backward, conv2d_forward
from dlnotes.nn.functional.conv_transpose import (
    conv_transpose2d_backward,
    conv_transpose2d_forward,
)
from dlnotes.nn.functional.im2col import conv_geometry
from dlnotes.nn.module import Module, Parameter

__all__ = ["Conv2d", "ConvTranspose2d"]


def check_image_input(owner: str, x: Any, channels: int | None, dtype: np.dtype) -> np.ndarray:
    """Return ``x`` as an ``(N, channels, H, W)`` array in the layer's ``dtype``.

    Like ``Linear``, a layer computes in its parameters' dtype: a float64 batch fed to a
    float32 layer is cast down once here, never the layer's work up.
    """
    x = as_float_array(owner, x)
    if x.ndim != 4 or (channels is not None and x.shape[1] != channels):
        fail(
            owner,
            f"input of shape (N, {channels if channels is not None else 'C'}, H, W)",
            tuple(x.shape),
        )
    return x.astype(dtype, copy=False)


def _uniform(
    rng: np.random.Generator, bound: float, shape: tuple[int, ...], dtype: np.dtype
) -> np.ndarray:
    return rng.uniform(-bound, bound, size=shape).astype(dtype)


class _ConvBase(Module):
    """Shared constructor: argument checks and PyTorch's default initialisation."""

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: Any,
        stride: Any,
        padding: Any,
        bias: bool,
        dtype: Any,
        rng: Any,
        weight_shape_order: str,
    ) -> None:
        super().__init__()
        owner = type(self).__name__
        self.in_channels = check_positive_int(owner, "in_channels", in_channels)
        self.out_channels = check_positive_int(owner, "out_channels", out_channels)
        self.kernel_size = check_pair(owner, "kernel_size", kernel_size)
        self.stride = check_pair(owner, "stride", stride)
        self.padding = check_pair(owner, "padding", padding, allow_zero=True)
        if not isinstance(bias, (bool, np.bool_)):
            fail(owner, "bias to be a bool", repr(bias), TypeError)
        self.dtype = resolve_dtype(owner, dtype)
        rng = as_generator(owner, rng)
        first, second = (
            (self.out_channels, self.in_channels)
            if weight_shape_order == "out_in"
            else (self.in_channels, self.out_channels)
        )
        # PyTorch: kaiming_uniform_(a=sqrt(5)) reduces to U(-1/sqrt(fan_in), 1/sqrt(fan_in)),
        # where fan_in = weight.shape[1] * kH * kW (for ConvTranspose2d that is out_channels).
        fan_in = second * self.kernel_size[0] * self.kernel_size[1]
        bound = 1.0 / math.sqrt(fan_in)
        self.weight = Parameter(
            _uniform(rng, bound, (first, second, *self.kernel_size), self.dtype)
        )
        if bias:
            self.bias = Parameter(_uniform(rng, bound, (self.out_channels,), self.dtype))
        else:
            self.register_parameter("bias", None)
        self._cache: tuple | None = None

    def _saved(self) -> tuple:
        if self._cache is None:
            fail(
                type(self).__name__,
                "forward to be called before backward",
                "no cached forward pass",
                RuntimeError,
            )
        return self._cache

    def _accumulate(self, dweight: np.ndarray, dbias: np.ndarray | None) -> None:
        self.weight.grad += dweight
        if self.bias is not None and dbias is not None:
            self.bias.grad += dbias

    def extra_repr(self) -> str:
        return (
            f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
            f"stride={self.stride}, padding={self.padding}, bias={self.bias is not None}"
        )


class Conv2d(_ConvBase):
    r"""2-D convolution layer (cross-correlation, as PyTorch).

    .. math:: y_{n,f} = b_f + \sum_c w_{f,c} \star x_{n,c}

    One small kernel slides over the whole image: sparse interactions and parameter sharing
    (Goodfellow et al., §9.2) make the layer equivariant to translation.

    Parameters
    ----------
    in_channels, out_channels : int
        Channels of the input and of the output.
    kernel_size, stride, padding : int or pair of ints
        Rectangular kernels, strides and paddings are given as ``(height, width)``.
    bias : bool
        Whether to learn one additive bias per output channel.
    dtype : numpy dtype, optional
        float64 (default) or float32; inputs are cast to it.
    rng : numpy.random.Generator, optional
        Draws the initial weights.

    Attributes
    ----------
    weight : Parameter
        ``(out_channels, in_channels, kH, kW)``, initialised from
        :math:`U(-1/\sqrt{k}, 1/\sqrt{k})` with ``k = in_channels * kH * kW`` (PyTorch).
    bias : Parameter or None
        ``(out_channels,)``, same distribution.

    Shape
    -----
    - input: ``(N, C_in, H, W)``
    - output: ``(N, C_out, H_out, W_out)``, ``H_out = (H + 2 padding_h - kH) // stride_h + 1``

    Examples
    --------
    >>> conv = Conv2d(1, 6, 5, padding=2, rng=np.random.default_rng(0))
    >>> conv(np.zeros((8, 1, 28, 28))).shape
    (8, 6, 28, 28)
    >>> [name for name, _ in conv.named_parameters()]
    ['weight', 'bias']
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: Any,
        stride: Any = 1,
        padding: Any = 0,
        bias: bool = True,
        dtype: Any = None,
        rng: Any = None,
    ) -> None:
        super().__init__(
            in_channels,
            out_channels,
            kernel_size,
            stride,
            padding,
            bias,
            dtype,
            rng,
            weight_shape_order="out_in",
        )

    def forward(self, x: np.ndarray) -> np.ndarray:
        owner = "Conv2d"
        x = check_image_input(owner, x, self.in_channels, self.dtype)
        conv_geometry(owner, x, self.kernel_size, self.stride, self.padding)
        bias = None if self.bias is None else self.bias.data
        out, self._cache = conv2d_forward(x, self.weight.data, bias, self.stride, self.padding)
        return out

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        cache = self._saved()
        grad = as_float_array("Conv2d", grad_output, "grad_output").astype(self.dtype, copy=False)
        dx, dweight, dbias = conv2d_backward(grad, cache)
        self._accumulate(dweight, dbias)
        return dx


class ConvTranspose2d(_ConvBase):
    r"""2-D transposed convolution layer (the adjoint of :class:`Conv2d`), for up-sampling.

    Each input pixel adds a copy of the kernel, scaled by its value, into the output at
    ``stride`` spacing; ``padding`` crops the border of the result. Used by decoders and
    DCGAN generators (Radford et al., 2016). Goodfellow et al., §9.5.

    Parameters
    ----------
    in_channels, out_channels : int
    kernel_size, stride, padding, output_padding : int or pair of ints
        ``output_padding`` (smaller than ``stride``) adds rows/columns at the bottom/right.
    bias : bool
    dtype : numpy dtype, optional
    rng : numpy.random.Generator, optional

    Attributes
    ----------
    weight : Parameter
        ``(in_channels, out_channels, kH, kW)`` (PyTorch's layout), initialised from
        :math:`U(-1/\sqrt{k}, 1/\sqrt{k})` with ``k = out_channels * kH * kW`` (PyTorch).
    bias : Parameter or None
        ``(out_channels,)``.

    Shape
    -----
    - input: ``(N, C_in, H, W)``
    - output: ``(N, C_out, H_out, W_out)``,
      ``H_out = (H - 1) stride_h - 2 padding_h + kH + output_padding_h``

    Examples
    --------
    >>> up = ConvTranspose2d(8, 4, 4, stride=2, padding=1, rng=np.random.default_rng(0))
    >>> up(np.zeros((2, 8, 7, 7))).shape
    (2, 4, 14, 14)
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: Any,
        stride: Any = 1,
        padding: Any = 0,
        output_padding: Any = 0,
        bias: bool = True,
        dtype: Any = None,
        rng: Any = None,
    ) -> None:
        super().__init__(
            in_channels,
            out_channels,
            kernel_size,
            stride,
            padding,
            bias,
            dtype,
            rng,
            weight_shape_order="in_out",
        )
        self.output_padding = check_pair(
            "ConvTranspose2d", "output_padding", output_padding, allow_zero=True
        )
        if self.output_padding[0] >= self.stride[0] or self.output_padding[1] >= self.stride[1]:
            fail(
                "ConvTranspose2d",
                f"output_padding smaller than stride {self.stride}",
                self.output_padding,
            )

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = check_image_input("ConvTranspose2d", x, self.in_channels, self.dtype)
        bias = None if self.bias is None else self.bias.data
        out, self._cache = conv_transpose2d_forward(
            x, self.weight.data, bias, self.stride, self.padding, self.output_padding
        )
        return out

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        cache = self._saved()
        grad = as_float_array("ConvTranspose2d", grad_output, "grad_output").astype(
            self.dtype, copy=False
        )
        dx, dweight, dbias = conv_transpose2d_backward(grad, cache)
        self._accumulate(dweight, dbias)
        return dx
