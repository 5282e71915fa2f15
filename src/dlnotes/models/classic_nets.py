"""The classic architecture families as small classifiers for 8x8 single-channel digits.

Each function assembles one family's characteristic pattern from the blocks of this package
and ``dlnotes.nn`` at a size an 8x8 image can carry: two resolution stages (8x8, then 4x4
after pooling or a stride of 2), 16 then 32 channels, 10 logits. They exist so that the
families can be compared like for like (parameter and multiply-accumulate counts, see
:func:`dlnotes.models.count_macs`); they are not reproductions of the published networks,
whose inputs were 224x224 colour images. Goodfellow et al., §9.11.
"""

from __future__ import annotations

from typing import Any

from dlnotes._validation import as_generator, check_positive_int, fail
from dlnotes.models.inception import InceptionBlock
from dlnotes.models.lenet import LeNet5
from dlnotes.models.nin import NiNBlock
from dlnotes.models.resnet import ResidualBlock
from dlnotes.models.vgg import VGGBlock
from dlnotes.nn.activation import ReLU
from dlnotes.nn.conv import Conv2d
from dlnotes.nn.dropout import Dropout
from dlnotes.nn.flatten import Flatten
from dlnotes.nn.linear import Linear
from dlnotes.nn.module import Module, Sequential
from dlnotes.nn.normalization import BatchNorm2d
from dlnotes.nn.pooling import GlobalAvgPool2d, MaxPool2d

__all__ = [
    "alexnet_style",
    "vgg_style",
    "nin_style",
    "inception_style",
    "resnet_style",
    "classic_classifier",
    "CLASSIC_NAMES",
]

#: The names :func:`classic_classifier` accepts, in the order chapter S8 presents them.
CLASSIC_NAMES = ("LeNet-5", "AlexNet-style", "VGG-style", "NiN", "Inception", "ResNet")


def alexnet_style(num_classes: int = 10, dtype: Any = None, rng: Any = None) -> Sequential:
    r"""A large first kernel, then 3x3 convolutions, max pooling, and a dropout classifier.

    Conv(1→16, 5x5) → ReLU → pool 2 → Conv(16→32, 3x3) → ReLU → Conv(32→32, 3x3) → ReLU →
    pool 2 → Flatten → Dropout → Linear(128→64) → ReLU → Dropout → Linear(64→classes);
    AlexNet's pattern (Krizhevsky et al., 2012) of ReLU, a wide first kernel and dropout in
    the fully connected part.

    Shape
    -----
    - input: ``(N, 1, 8, 8)`` → output: ``(N, num_classes)``
    """
    rng = as_generator("alexnet_style", rng)
    return Sequential(
        Conv2d(1, 16, 5, padding=2, dtype=dtype, rng=rng),
        ReLU(),
        MaxPool2d(2),
        Conv2d(16, 32, 3, padding=1, dtype=dtype, rng=rng),
        ReLU(),
        Conv2d(32, 32, 3, padding=1, dtype=dtype, rng=rng),
        ReLU(),
        MaxPool2d(2),
        Flatten(),
        Dropout(0.5, rng=rng),
        Linear(32 * 2 * 2, 64, dtype=dtype, rng=rng),
        ReLU(),
        Dropout(0.5, rng=rng),
        Linear(64, num_classes, dtype=dtype, rng=rng),
    )


def vgg_style(num_classes: int = 10, dtype: Any = None, rng: Any = None) -> Sequential:
    r"""Two VGG blocks of two 3x3 convolutions each, then a small fully connected classifier.

    VGGBlock(1→16) → VGGBlock(16→32) → Flatten → Linear(128→64) → ReLU → Linear(64→classes).

    Shape
    -----
    - input: ``(N, 1, 8, 8)`` → output: ``(N, num_classes)``
    """
    rng = as_generator("vgg_style", rng)
    return Sequential(
        VGGBlock(1, 16, num_convs=2, dtype=dtype, rng=rng),
        VGGBlock(16, 32, num_convs=2, dtype=dtype, rng=rng),
        Flatten(),
        Linear(32 * 2 * 2, 64, dtype=dtype, rng=rng),
        ReLU(),
        Linear(64, num_classes, dtype=dtype, rng=rng),
    )


def nin_style(num_classes: int = 10, dtype: Any = None, rng: Any = None) -> Sequential:
    r"""NiN blocks and global average pooling: no fully connected layer at all.

    NiNBlock(1→16, 3x3) → pool 2 → NiNBlock(16→32, 3x3) → pool 2 → NiNBlock(32→classes, 3x3)
    → global average pool → Flatten; the last block's channels are the class scores.

    Shape
    -----
    - input: ``(N, 1, 8, 8)`` → output: ``(N, num_classes)``
    """
    rng = as_generator("nin_style", rng)
    return Sequential(
        NiNBlock(1, 16, 3, padding=1, dtype=dtype, rng=rng),
        MaxPool2d(2),
        NiNBlock(16, 32, 3, padding=1, dtype=dtype, rng=rng),
        MaxPool2d(2),
        NiNBlock(32, num_classes, 3, padding=1, dtype=dtype, rng=rng),
        GlobalAvgPool2d(),
        Flatten(),
    )


def inception_style(num_classes: int = 10, dtype: Any = None, rng: Any = None) -> Sequential:
    r"""A 3x3 stem, two Inception blocks around a pooling step, global pooling, a linear layer.

    Conv(1→16, 3x3) → ReLU → Inception(16→32) → pool 2 → Inception(32→48) → global average
    pool → Flatten → Linear(48→classes). The blocks' branch widths are ``(8, (8, 16), (4, 4),
    4)`` and ``(16, (16, 16), (8, 8), 8)``.

    Shape
    -----
    - input: ``(N, 1, 8, 8)`` → output: ``(N, num_classes)``
    """
    rng = as_generator("inception_style", rng)
    return Sequential(
        Conv2d(1, 16, 3, padding=1, dtype=dtype, rng=rng),
        ReLU(),
        InceptionBlock(16, 8, (8, 16), (4, 4), 4, dtype=dtype, rng=rng),
        MaxPool2d(2),
        InceptionBlock(32, 16, (16, 16), (8, 8), 8, dtype=dtype, rng=rng),
        GlobalAvgPool2d(),
        Flatten(),
        Linear(48, num_classes, dtype=dtype, rng=rng),
    )


def resnet_style(num_classes: int = 10, dtype: Any = None, rng: Any = None) -> Sequential:
    r"""A batch-normalised stem, two residual blocks (the second with stride 2), pooling, linear.

    Conv(1→16, 3x3) → BN → ReLU → Residual(16→16) → Residual(16→32, stride 2, 1x1
    projection shortcut) → global average pool → Flatten → Linear(32→classes).

    Shape
    -----
    - input: ``(N, 1, 8, 8)`` → output: ``(N, num_classes)``
    """
    rng = as_generator("resnet_style", rng)
    return Sequential(
        Conv2d(1, 16, 3, padding=1, bias=False, dtype=dtype, rng=rng),
        BatchNorm2d(16, dtype=dtype),
        ReLU(),
        ResidualBlock(16, 16, dtype=dtype, rng=rng),
        ResidualBlock(16, 32, stride=2, dtype=dtype, rng=rng),
        GlobalAvgPool2d(),
        Flatten(),
        Linear(32, num_classes, dtype=dtype, rng=rng),
    )


def classic_classifier(
    name: str, num_classes: int = 10, dtype: Any = None, rng: Any = None
) -> Module:
    """One of the names in ``CLASSIC_NAMES``, built for 8x8 single-channel inputs.

    ``"LeNet-5"`` is :class:`dlnotes.models.LeNet5` with its default (6, 16) maps and tanh.

    Parameters
    ----------
    name : str
        An entry of ``CLASSIC_NAMES``.
    num_classes : int
    dtype : numpy dtype, optional
    rng : numpy.random.Generator, optional

    Returns
    -------
    dlnotes.nn.Module

    Examples
    --------
    >>> import numpy as np
    >>> classic_classifier("NiN", rng=np.random.default_rng(0))(np.zeros((2, 1, 8, 8))).shape
    (2, 10)
    """
    num_classes = check_positive_int("classic_classifier", "num_classes", num_classes)
    builders = {
        "AlexNet-style": alexnet_style,
        "VGG-style": vgg_style,
        "NiN": nin_style,
        "Inception": inception_style,
        "ResNet": resnet_style,
    }
    if name == "LeNet-5":
        return LeNet5(num_classes, dtype=dtype, rng=rng)
    if name not in builders:
        fail("classic_classifier", f"a name in {CLASSIC_NAMES}", repr(name))
    return builders[name](num_classes, dtype=dtype, rng=rng)
