"""LeNet-5 (LeCun et al., 1998), resized for the 8x8 scikit-learn digits.

The original network read 32x32 images: two convolution + subsampling stages (6 and 16 maps
of 5x5 kernels), then fully connected layers of 120, 84 and 10 units. On 8x8 digits the
kernels become 3x3 with padding 1 so each stage keeps the map size until the 2x2 pooling
halves it: 8x8 -> 4x4 -> 2x2, then 16 * 2 * 2 = 64 features feed the classifier. ReLU and
max pooling are the modern replacements for the original's scaled tanh and trainable average
subsampling. The default keeps LeNet's tanh (which on these small digits generalises better
than ReLU in our seeded runs) with max pooling; ``activation``, ``pooling`` and ``channels``
change any of them.

Goodfellow et al., §9.10-9.11 (convolutional networks' history, with LeNet as the first
widely deployed one) and §9.3 (pooling).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_generator, check_pair, check_positive_int, fail
from dlnotes.nn.activation import ReLU, Tanh
from dlnotes.nn.conv import Conv2d
from dlnotes.nn.flatten import Flatten
from dlnotes.nn.linear import Linear
from dlnotes.nn.module import Module, Sequential
from dlnotes.nn.pooling import AvgPool2d, MaxPool2d

__all__ = ["LeNet5"]


class LeNet5(Module):
    r"""LeNet-5 for 8x8 single-channel images (LeCun et al., 1998).

    ``features``: Conv(1→6, 3x3, pad 1) → act → pool 2 → Conv(6→16, 3x3, pad 1) → act →
    pool 2; ``classifier``: Flatten → Linear(64→120) → act → Linear(120→84) → act →
    Linear(84→num_classes). Goodfellow et al., §9.11.

    Parameters
    ----------
    num_classes : int
        Number of output logits.
    in_channels : int
        Image channels.
    activation : {"tanh", "relu"}
    pooling : {"max", "avg"}
    channels : pair of ints
        Feature maps of the two convolutions (LeNet-5's 6 and 16 by default).
    dtype : numpy dtype, optional
    rng : numpy.random.Generator, optional

    Shape
    -----
    - input: ``(N, in_channels, 8, 8)`` → output: ``(N, num_classes)`` logits

    Examples
    --------
    >>> model = LeNet5(rng=np.random.default_rng(0))
    >>> model(np.zeros((5, 1, 8, 8))).shape
    (5, 10)
    >>> sum(p.size for p in model.parameters())
    19754
    """

    def __init__(
        self,
        num_classes: int = 10,
        in_channels: int = 1,
        activation: str = "tanh",
        pooling: str = "max",
        channels: tuple[int, int] = (6, 16),
        dtype: Any = None,
        rng: Any = None,
    ) -> None:
        super().__init__()
        owner = "LeNet5"
        num_classes = check_positive_int(owner, "num_classes", num_classes)
        self.in_channels = check_positive_int(owner, "in_channels", in_channels)
        acts = {"relu": ReLU, "tanh": Tanh}
        pools = {"max": MaxPool2d, "avg": AvgPool2d}
        if activation not in acts:
            fail(owner, "activation 'relu' or 'tanh'", repr(activation))
        if pooling not in pools:
            fail(owner, "pooling 'max' or 'avg'", repr(pooling))
        act, pool = acts[activation], pools[pooling]
        c1, c2 = check_pair(owner, "channels", channels)
        rng = as_generator(owner, rng)
        self.features = Sequential(
            Conv2d(self.in_channels, c1, 3, padding=1, dtype=dtype, rng=rng),
            act(),
            pool(2),
            Conv2d(c1, c2, 3, padding=1, dtype=dtype, rng=rng),
            act(),
            pool(2),
        )
        self.classifier = Sequential(
            Flatten(),
            Linear(c2 * 2 * 2, 120, dtype=dtype, rng=rng),
            act(),
            Linear(120, 84, dtype=dtype, rng=rng),
            act(),
            Linear(84, num_classes, dtype=dtype, rng=rng),
        )

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x)
        if x.ndim != 4 or x.shape[2:] != (8, 8):
            fail("LeNet5", f"input of shape (N, {self.in_channels}, 8, 8)", tuple(x.shape))
        return self.classifier(self.features(x))

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        return self.features.backward(self.classifier.backward(grad_output))
