"""Convolution layers: ``Conv2d`` and ``ConvTranspose2d``, thin wrappers around the kernels.

The layers hold the parameters and their dtype; every check of the input runs once, in the
kernel, which the layer calls with ``owner=<class name>`` so that messages name the layer.
PyTorch keywords dlnotes does not implement raise the house error: ``dilation``, ``groups``
and ``padding_mode`` are accepted only at their default values (``ValueError`` otherwise),
and a keyword dlnotes lacks altogether, such as ``device``, raises ``TypeError``.

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
    check_bool,
    check_forward_called,
    check_pair,
    check_positive_int,
    check_pytorch_default,
    fail,
    reject_unsupported,
    resolve_dtype,
)
from dlnotes.nn.functional.conv import (
    Conv2dCache,
    conv2d_backward,
    conv2d_forward,
    conv_padding,
)
from dlnotes.nn.functional.conv_transpose import (
    ConvTranspose2dCache,
    conv_transpose2d_backward,
    conv_transpose2d_forward,
)
from dlnotes.nn.module import Module, Parameter

__all__ = ["Conv2d", "ConvTranspose2d"]


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
        dilation: Any,
        groups: Any,
        padding_mode: Any,
        unsupported: dict[str, Any],
    ) -> None:
        super().__init__()
        owner = type(self).__name__
        reject_unsupported(owner, unsupported)
        check_pytorch_default(owner, "dilation", dilation, (1, (1, 1)), "no dilated convolution")
        check_pytorch_default(owner, "groups", groups, 1, "no grouped convolution")
        check_pytorch_default(owner, "padding_mode", padding_mode, "zeros", "zero padding only")
        self.in_channels = check_positive_int(owner, "in_channels", in_channels)
        self.out_channels = check_positive_int(owner, "out_channels", out_channels)
        self.kernel_size = check_pair(owner, "kernel_size", kernel_size)
        self.stride = check_pair(owner, "stride", stride)
        if weight_shape_order == "out_in":  # Conv2d: PyTorch's "valid" and "same"
            padding = conv_padding(owner, padding, self.kernel_size, self.stride)
        elif isinstance(padding, str):
            fail(
                owner, "padding to be an int or a pair of ints (no string paddings)", repr(padding)
            )
        self.padding = check_pair(owner, "padding", padding, allow_zero=True)
        check_bool(owner, "bias", bias)
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

    def _input(self, x: Any) -> np.ndarray:
        # The layer's own policy (compute in the parameters' dtype); the kernel checks shapes.
        return as_float_array(type(self).__name__, x).astype(self.dtype, copy=False)

    def _accumulate(self, dweight: np.ndarray, dbias: np.ndarray | None) -> None:
        self.weight.grad += dweight
        if self.bias is not None and dbias is not None:
            self.bias.grad += dbias

    def extra_repr(self) -> str:
        """Constructor arguments shown by ``repr(layer)``."""
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
    kernel_size, stride : int or pair of ints
        Rectangular kernels and strides are given as ``(height, width)``.
    padding : int, pair of ints, ``"valid"`` or ``"same"``
        Zeros added on each side. ``"valid"`` is 0; ``"same"`` keeps the input size and, as
        dlnotes pads symmetrically, needs stride 1 and odd kernel sides (it is stored as the
        pair ``(kH // 2, kW // 2)``).
    bias : bool
        Whether to learn one additive bias per output channel.
    dtype : numpy dtype, optional
        float64 (default) or float32; inputs are cast to it.
    rng : numpy.random.Generator, optional
        Draws the initial weights.
    dilation, groups, padding_mode
        PyTorch's keywords, accepted at their defaults only (1, 1, ``"zeros"``); any other
        value raises ``ValueError``. Other PyTorch keywords (``device``) raise ``TypeError``.

    Attributes
    ----------
    weight : Parameter
        ``(out_channels, in_channels, kH, kW)``, initialised from
        :math:`U(-1/\sqrt{k}, 1/\sqrt{k})` with ``k = in_channels * kH * kW`` (PyTorch's
        ``kaiming_uniform_(a=sqrt(5))``).
    bias : Parameter or None
        ``(out_channels,)``, same distribution; ``None`` when ``bias=False``.
    in_channels, out_channels : int
    kernel_size, stride, padding : tuple of int
        ``(height, width)`` pairs.
    dtype : numpy.dtype

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
        *,
        dilation: Any = 1,
        groups: int = 1,
        padding_mode: str = "zeros",
        **unsupported: Any,
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
            dilation=dilation,
            groups=groups,
            padding_mode=padding_mode,
            unsupported=unsupported,
        )
        self._cache: Conv2dCache | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Convolve a batch ``(N, in_channels, H, W)``; keeps what ``backward`` needs."""
        bias = None if self.bias is None else self.bias.data
        out, self._cache = conv2d_forward(
            self._input(x), self.weight.data, bias, self.stride, self.padding, owner="Conv2d"
        )
        return out

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        """Add the weight and bias gradients into ``.grad``; return the input gradient."""
        cache = check_forward_called("Conv2d", self._cache)
        dx, dweight, dbias = conv2d_backward(grad_output, cache, owner="Conv2d")
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
        Channels of the input and of the output.
    kernel_size, stride, padding, output_padding : int or pair of ints
        ``padding`` crops the result (string paddings are not accepted, as in PyTorch);
        ``output_padding`` (smaller than ``stride``) adds rows/columns at the bottom/right.
    bias : bool
        Whether to learn one additive bias per output channel.
    dtype : numpy dtype, optional
        float64 (default) or float32; inputs are cast to it.
    rng : numpy.random.Generator, optional
        Draws the initial weights.
    dilation, groups, padding_mode
        PyTorch's keywords, accepted at their defaults only (1, 1, ``"zeros"``); any other
        value raises ``ValueError``. Other PyTorch keywords (``device``) raise ``TypeError``.

    Attributes
    ----------
    weight : Parameter
        ``(in_channels, out_channels, kH, kW)`` (PyTorch's layout), initialised from
        :math:`U(-1/\sqrt{k}, 1/\sqrt{k})` with ``k = out_channels * kH * kW`` (PyTorch
        computes the fan-in from ``weight.shape[1]``).
    bias : Parameter or None
        ``(out_channels,)``, same distribution; ``None`` when ``bias=False``.
    in_channels, out_channels : int
    kernel_size, stride, padding, output_padding : tuple of int
        ``(height, width)`` pairs.
    dtype : numpy.dtype

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
        *,
        dilation: Any = 1,
        groups: int = 1,
        padding_mode: str = "zeros",
        **unsupported: Any,
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
            dilation=dilation,
            groups=groups,
            padding_mode=padding_mode,
            unsupported=unsupported,
        )
        self._cache: ConvTranspose2dCache | None = None
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
        """Up-sample a batch ``(N, in_channels, H, W)``; keeps what ``backward`` needs."""
        bias = None if self.bias is None else self.bias.data
        out, self._cache = conv_transpose2d_forward(
            self._input(x),
            self.weight.data,
            bias,
            self.stride,
            self.padding,
            self.output_padding,
            owner="ConvTranspose2d",
        )
        return out

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        """Add the weight and bias gradients into ``.grad``; return the input gradient."""
        cache = check_forward_called("ConvTranspose2d", self._cache)
        dx, dweight, dbias = conv_transpose2d_backward(grad_output, cache, owner="ConvTranspose2d")
        self._accumulate(dweight, dbias)
        return dx

    def extra_repr(self) -> str:
        """Constructor arguments shown by ``repr(layer)``."""
        return super().extra_repr() + f", output_padding={self.output_padding}"
