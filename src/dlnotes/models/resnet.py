"""The residual basic block (He et al., 2016): learn a correction ``F(x)`` and add ``x`` back.

``y = relu(F(x) + shortcut(x))`` with ``F`` two 3x3 convolutions (with batch normalisation).
The identity path gives the gradient a route that skips every layer of ``F``:
``dL/dx = dL/dy' (dF/dx + I)`` (``y'`` the sum before the ReLU), so even when ``dF/dx`` is
tiny the signal reaches early layers, which is why very deep residual networks train while
plain stacks of the same depth stall. When ``F`` changes the shape (a stride or a new channel
count), the shortcut becomes a 1x1 convolution (with batch norm) projecting ``x`` to match.

Goodfellow et al., §9.11 (architectures), §8.2.5 and §10.7 (vanishing gradients, and skip
connections as a remedy), §8.7.1 (batch normalisation).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_generator
from dlnotes.nn.activation import ReLU
from dlnotes.nn.conv import Conv2d
from dlnotes.nn.module import Module, Sequential
from dlnotes.nn.normalization import BatchNorm2d

__all__ = ["ResidualBlock"]


class ResidualBlock(Module):
    r"""ResNet's basic block: ``relu(BN(conv(relu(BN(conv(x))))) + shortcut(x))``.

    Parameters
    ----------
    in_channels, out_channels : int
    stride : int
        Of the first convolution (2 halves the resolution).
    batch_norm : bool
        Insert ``BatchNorm2d`` after each convolution (convolutions then have no bias).
    skip : bool
        ``False`` drops the shortcut, giving the "plain" block of the same depth used to show
        why skip connections matter.
    dtype : numpy dtype, optional
    rng : numpy.random.Generator, optional

    Attributes
    ----------
    residual : Sequential
        The branch ``F``.
    shortcut : Sequential or None
        A 1x1 projection (and batch norm) when the shape changes; ``None`` for the identity
        (or when ``skip=False``).

    Shape
    -----
    - input: ``(N, C_in, H, W)`` → output: ``(N, C_out, ceil(H / stride), ceil(W / stride))``

    Examples
    --------
    >>> block = ResidualBlock(4, 8, stride=2, rng=np.random.default_rng(0))
    >>> block(np.zeros((2, 4, 8, 8))).shape, block.shortcut is not None
    ((2, 8, 4, 4), True)
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        stride: int = 1,
        batch_norm: bool = True,
        skip: bool = True,
        dtype: Any = None,
        rng: Any = None,
    ) -> None:
        super().__init__()
        rng = as_generator("ResidualBlock", rng)
        use_bias = not batch_norm  # a bias before batch norm is cancelled by its mean

        def norm(c: int) -> list[Module]:
            return [BatchNorm2d(c, dtype=dtype)] if batch_norm else []

        self.residual = Sequential(
            Conv2d(in_channels, out_channels, 3, stride, 1, bias=use_bias, dtype=dtype, rng=rng),
            *norm(out_channels),
            ReLU(),
            Conv2d(out_channels, out_channels, 3, 1, 1, bias=use_bias, dtype=dtype, rng=rng),
            *norm(out_channels),
        )
        self.skip = bool(skip)
        if self.skip and (stride != 1 or in_channels != out_channels):
            self.shortcut: Sequential | None = Sequential(
                Conv2d(in_channels, out_channels, 1, stride, bias=use_bias, dtype=dtype, rng=rng),
                *norm(out_channels),
            )
        else:
            self.shortcut = None
        self.relu = ReLU()

    def forward(self, x: np.ndarray) -> np.ndarray:
        out = self.residual(x)
        if self.skip:
            out = out + (x if self.shortcut is None else self.shortcut(x))
        return self.relu(out)

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        g = self.relu.backward(grad_output)
        dx = self.residual.backward(g)
        if not self.skip:
            return dx
        # The sum copies its gradient to both addends; both paths read x, so theirs add.
        return dx + (g if self.shortcut is None else self.shortcut.backward(g))
