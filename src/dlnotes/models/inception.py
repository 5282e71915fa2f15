"""The Inception block (Szegedy et al., 2015): parallel branches concatenated on channels.

Four branches look at the same input at different scales: a 1x1 convolution; 1x1 then 3x3;
1x1 then 5x5; and 3x3 max pooling then 1x1. The 1x1 convolutions before the large kernels
shrink the channels first, which keeps the cost down. Their outputs, all of the input's
height and width, are stacked along the channel axis.

Back-propagation through a concatenation is a split: each branch receives the slice of the
output gradient that holds its channels, and since every branch read the same input, their
input gradients *add* (the multivariate chain rule, Goodfellow et al., §6.5.2).
Goodfellow et al., §9.11 (architectures).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_generator, check_positive_int, fail
from dlnotes.nn.activation import ReLU
from dlnotes.nn.conv import Conv2d
from dlnotes.nn.module import Module, Sequential
from dlnotes.nn.pooling import MaxPool2d

__all__ = ["InceptionBlock"]


def _pair_of_positive(owner: str, name: str, value: Any) -> tuple[int, int]:
    try:
        reduce, out = value
    except (TypeError, ValueError):
        fail(owner, f"{name} to be a pair (reduce_channels, out_channels)", repr(value), TypeError)
    return check_positive_int(owner, name, reduce), check_positive_int(owner, name, out)


class InceptionBlock(Module):
    r"""GoogLeNet's Inception module (Szegedy et al., 2015), ReLU after every convolution.

    Parameters
    ----------
    in_channels : int
    c1 : int
        Output channels of the 1x1 branch.
    c2, c3 : pair of ints
        ``(reduce, out)`` channels of the 1x1 → 3x3 and 1x1 → 5x5 branches.
    c4 : int
        Output channels of the pool → 1x1 branch.
    dtype : numpy dtype, optional
    rng : numpy.random.Generator, optional

    Shape
    -----
    - input: ``(N, C_in, H, W)`` → output: ``(N, c1 + c2[1] + c3[1] + c4, H, W)``

    Examples
    --------
    >>> block = InceptionBlock(4, 2, (2, 3), (1, 2), 1, rng=np.random.default_rng(0))
    >>> block(np.zeros((2, 4, 6, 6))).shape
    (2, 8, 6, 6)
    """

    def __init__(
        self,
        in_channels: int,
        c1: int,
        c2: tuple[int, int],
        c3: tuple[int, int],
        c4: int,
        dtype: Any = None,
        rng: Any = None,
    ) -> None:
        super().__init__()
        owner = "InceptionBlock"
        c1, c4 = check_positive_int(owner, "c1", c1), check_positive_int(owner, "c4", c4)
        c2 = _pair_of_positive(owner, "c2", c2)
        c3 = _pair_of_positive(owner, "c3", c3)
        rng = as_generator(owner, rng)

        def conv(cin: int, cout: int, k: int) -> Conv2d:
            return Conv2d(cin, cout, k, padding=k // 2, dtype=dtype, rng=rng)

        self.branch1 = Sequential(conv(in_channels, c1, 1), ReLU())
        self.branch2 = Sequential(
            conv(in_channels, c2[0], 1), ReLU(), conv(c2[0], c2[1], 3), ReLU()
        )
        self.branch3 = Sequential(
            conv(in_channels, c3[0], 1), ReLU(), conv(c3[0], c3[1], 5), ReLU()
        )
        self.branch4 = Sequential(
            MaxPool2d(3, stride=1, padding=1), conv(in_channels, c4, 1), ReLU()
        )
        self.out_channels = c1 + c2[1] + c3[1] + c4
        self._splits = np.cumsum([c1, c2[1], c3[1]])

    def _branches(self) -> list[Sequential]:
        return [self.branch1, self.branch2, self.branch3, self.branch4]

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.concatenate([branch(x) for branch in self._branches()], axis=1)

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        g = np.asarray(grad_output)
        if g.ndim != 4 or g.shape[1] != self.out_channels:
            fail(
                "InceptionBlock",
                f"grad_output of shape (N, {self.out_channels}, H, W)",
                tuple(g.shape),
            )
        pieces = np.split(g, self._splits, axis=1)
        grads = [
            branch.backward(piece) for branch, piece in zip(self._branches(), pieces, strict=True)
        ]
        return sum(grads[1:], grads[0])
