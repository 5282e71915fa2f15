"""The Network-in-Network block (Lin et al., 2014): a convolution followed by 1x1 convolutions.

A 1x1 convolution is a small fully connected layer applied at every pixel across channels;
two of them after an ordinary convolution make each "filter" a little multilayer perceptron.
NiN ends with global average pooling instead of large fully connected layers, an idea
GoogLeNet and ResNet kept. Goodfellow et al., §9.11 (architectures) and §9.5 (variants).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_generator
from dlnotes.nn.activation import ReLU
from dlnotes.nn.conv import Conv2d
from dlnotes.nn.module import Module, Sequential

__all__ = ["NiNBlock"]


class NiNBlock(Module):
    r"""Conv(k) → ReLU → Conv(1x1) → ReLU → Conv(1x1) → ReLU.

    Parameters
    ----------
    in_channels, out_channels : int
    kernel_size, stride, padding : int or pair of ints
        Of the first convolution.
    dtype : numpy dtype, optional
    rng : numpy.random.Generator, optional

    Shape
    -----
    - input: ``(N, C_in, H, W)`` → output: ``(N, C_out, H_out, W_out)`` as for the first
      convolution

    Examples
    --------
    >>> block = NiNBlock(1, 4, 3, padding=1, rng=np.random.default_rng(0))
    >>> block(np.zeros((2, 1, 8, 8))).shape
    (2, 4, 8, 8)
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: Any,
        stride: Any = 1,
        padding: Any = 0,
        dtype: Any = None,
        rng: Any = None,
    ) -> None:
        super().__init__()
        rng = as_generator("NiNBlock", rng)
        self.layers = Sequential(
            Conv2d(in_channels, out_channels, kernel_size, stride, padding, dtype=dtype, rng=rng),
            ReLU(),
            Conv2d(out_channels, out_channels, 1, dtype=dtype, rng=rng),
            ReLU(),
            Conv2d(out_channels, out_channels, 1, dtype=dtype, rng=rng),
            ReLU(),
        )

    def forward(self, x: np.ndarray) -> np.ndarray:
        return self.layers(x)

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        return self.layers.backward(grad_output)
