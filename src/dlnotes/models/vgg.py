"""The VGG block (Simonyan and Zisserman, 2015): a stack of 3x3 convolutions, then pooling.

Two stacked 3x3 convolutions see a 5x5 neighbourhood, three see 7x7, with fewer parameters
and more non-linearities than one large kernel; a 2x2 max pool then halves the resolution.
VGG networks repeat this block, doubling the channels as the maps shrink. Goodfellow et al.,
§9.11 (architectures) and §9.3 (pooling); AlexNet (Krizhevsky et al., 2012) is its ancestor.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_generator, check_positive_int
from dlnotes.nn.activation import ReLU
from dlnotes.nn.conv import Conv2d
from dlnotes.nn.module import Module, Sequential
from dlnotes.nn.pooling import MaxPool2d

__all__ = ["VGGBlock"]


class VGGBlock(Module):
    r"""``num_convs`` x (Conv 3x3, padding 1 → ReLU), then MaxPool 2x2.

    Parameters
    ----------
    in_channels, out_channels : int
    num_convs : int
        Number of convolutions (the first maps ``in_channels`` to ``out_channels``).
    dtype : numpy dtype, optional
    rng : numpy.random.Generator, optional

    Shape
    -----
    - input: ``(N, C_in, H, W)`` → output: ``(N, C_out, H // 2, W // 2)``

    Examples
    --------
    >>> block = VGGBlock(3, 8, num_convs=2, rng=np.random.default_rng(0))
    >>> block(np.zeros((2, 3, 8, 8))).shape
    (2, 8, 4, 4)
    >>> [name for name, _ in block.named_parameters()][:2]
    ['layers.0.weight', 'layers.0.bias']
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        num_convs: int = 2,
        dtype: Any = None,
        rng: Any = None,
    ) -> None:
        super().__init__()
        num_convs = check_positive_int("VGGBlock", "num_convs", num_convs)
        rng = as_generator("VGGBlock", rng)
        layers: list[Module] = []
        for i in range(num_convs):
            layers += [
                Conv2d(
                    in_channels if i == 0 else out_channels,
                    out_channels,
                    3,
                    padding=1,
                    dtype=dtype,
                    rng=rng,
                ),
                ReLU(),
            ]
        layers.append(MaxPool2d(2))
        self.layers = Sequential(*layers)

    def forward(self, x: np.ndarray) -> np.ndarray:
        return self.layers(x)

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        return self.layers.backward(grad_output)
