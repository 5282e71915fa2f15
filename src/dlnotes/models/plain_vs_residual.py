"""A deep stack of convolutional blocks with and without skip connections (§8.2.5, §9.11).

Both networks are the same: a 3x3 stem convolution, ``num_blocks`` two-convolution blocks of
constant width and resolution, and a linear classifier on all the final features; the only
difference is whether each block adds its input back (``ResidualBlock(skip=True)``) or not.
Neither uses batch normalisation, so the comparison isolates the identity path: without it
the back-propagated signal is multiplied by every block's Jacobian in turn and shrinks
geometrically with depth; with it each block's Jacobian is ``I + dF/dx`` and the signal
reaches the first layers at the scale it left the last ones.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import as_generator, check_positive_int, fail
from dlnotes.models.resnet import ResidualBlock
from dlnotes.nn.activation import ReLU
from dlnotes.nn.conv import Conv2d
from dlnotes.nn.flatten import Flatten
from dlnotes.nn.linear import Linear
from dlnotes.nn.loss import CrossEntropyLoss
from dlnotes.nn.module import Module, Sequential
from dlnotes.optim import SGD
from dlnotes.training import fit

__all__ = [
    "deep_conv_net",
    "weight_gradient_norms",
    "TrainingCurve",
    "train_curve",
    "PlainVsResidual",
    "compare_plain_and_residual",
]


def deep_conv_net(
    num_blocks: int,
    width: int,
    skip: bool,
    num_classes: int = 10,
    in_channels: int = 1,
    image_size: int = 8,
    dtype: Any = None,
    rng: Any = None,
) -> Sequential:
    r"""Stem conv → ``num_blocks`` x two-conv block → flatten → linear.

    Every convolution is 3x3 with padding 1 and ``width`` channels, so the depth in weight
    layers is ``2 * num_blocks + 2``. The blocks are :class:`ResidualBlock` without batch
    normalisation, with ``skip`` choosing between residual and plain; the initial weights
    are the default ``U(-1/sqrt(fan_in), 1/sqrt(fan_in))`` of :class:`dlnotes.nn.Conv2d`,
    identical for the two choices of ``skip`` when ``rng`` is seeded the same way.

    Parameters
    ----------
    num_blocks, width : int
    skip : bool
        Residual (``True``) or plain (``False``) blocks.
    num_classes, in_channels : int
    image_size : int
        Height and width of the (square) input; every block keeps it, and the classifier
        reads all ``width * image_size**2`` features.
    dtype : numpy dtype, optional
    rng : numpy.random.Generator, optional

    Shape
    -----
    - input: ``(N, in_channels, image_size, image_size)`` → output: ``(N, num_classes)`` logits

    Examples
    --------
    >>> net = deep_conv_net(3, 4, skip=True, rng=np.random.default_rng(0))
    >>> net(np.zeros((2, 1, 8, 8))).shape
    (2, 10)
    """
    owner = "deep_conv_net"
    num_blocks = check_positive_int(owner, "num_blocks", num_blocks)
    width = check_positive_int(owner, "width", width)
    image_size = check_positive_int(owner, "image_size", image_size)
    rng = as_generator(owner, rng)
    blocks = [
        ResidualBlock(width, width, batch_norm=False, skip=skip, dtype=dtype, rng=rng)
        for _ in range(num_blocks)
    ]
    return Sequential(
        Conv2d(in_channels, width, 3, padding=1, dtype=dtype, rng=rng),
        ReLU(),
        *blocks,
        Flatten(),
        Linear(width * image_size * image_size, num_classes, dtype=dtype, rng=rng),
    )


def weight_gradient_norms(model: Module, X: Any, y: Any) -> tuple[list[str], np.ndarray]:
    r"""Frobenius norm of :math:`\partial L / \partial \boldsymbol W` of every weight layer.

    One forward and backward pass of the mean cross-entropy on ``(X, y)``; the gradients are
    zeroed first and left in ``.grad`` afterwards. Layers are the convolutions and linear
    layers, in the order they were registered (for :func:`deep_conv_net`, input to output).

    Parameters
    ----------
    model : dlnotes.nn.Module
        A classifier producing logits.
    X : array_like
        A batch of inputs.
    y : array_like of int
        Class labels.

    Returns
    -------
    names : list of str
        Parameter names (``"2.residual.0.weight"``).
    norms : numpy.ndarray
        One norm per name.

    Examples
    --------
    >>> net = deep_conv_net(2, 4, skip=True, rng=np.random.default_rng(0))
    >>> names, norms = weight_gradient_norms(net, np.ones((3, 1, 8, 8)), np.array([0, 1, 2]))
    >>> len(names), norms.shape
    (6, (6,))
    """
    if not isinstance(model, Module):
        fail("weight_gradient_norms", "a dlnotes.nn.Module", type(model).__name__, TypeError)
    loss_fn = CrossEntropyLoss()
    model.zero_grad()
    loss_fn(model(X), y)
    model.backward(loss_fn.backward())
    names, norms = [], []
    for name, module in model.named_modules():
        if isinstance(module, (Conv2d, Linear)):
            names.append(f"{name}.weight")
            norms.append(float(np.linalg.norm(module.weight.grad)))
    return names, np.array(norms)


class TrainingCurve(NamedTuple):
    """Losses of :func:`train_curve`, with the fields

    * ``train_loss``: mean training loss of each epoch, in nats (measured while the
      parameters move, as :func:`dlnotes.training.fit` records it);
    * ``initial_loss``: loss on the whole training set before the first step.
    """

    train_loss: np.ndarray
    initial_loss: float


def train_curve(
    model: Module,
    X: Any,
    y: Any,
    *,
    num_epochs: int,
    lr: float = 0.1,
    momentum: float = 0.9,
    batch_size: int = 32,
    rng: Any = None,
) -> TrainingCurve:
    """Train ``model`` with SGD and momentum on ``(X, y)`` and return its loss curve.

    The same optimizer, schedule and minibatch order (from ``rng``) for every model passed,
    so two calls with equally seeded generators differ only in the model.

    Parameters
    ----------
    model : dlnotes.nn.Module
    X, y : array_like
        Training images and labels.
    num_epochs, batch_size : int
    lr, momentum : float
    rng : numpy.random.Generator, optional
        Shuffles the minibatches.

    Returns
    -------
    TrainingCurve
    """
    loss_fn = CrossEntropyLoss()
    initial = float(loss_fn(model(X), y))
    history = fit(
        model,
        loss_fn,
        SGD(model.parameters(), lr=lr, momentum=momentum),
        (X, y),
        num_epochs=num_epochs,
        batch_size=batch_size,
        rng=as_generator("train_curve", rng),
        progress=False,
        metric=None,
    )
    return TrainingCurve(np.array(history.train_loss), initial)


class PlainVsResidual(NamedTuple):
    """Result of :func:`compare_plain_and_residual`, with the fields

    * ``layer_names``: the weight layers, input to output (the same for both networks);
    * ``gradient_norms``: ``(plain, residual)`` arrays of per-layer weight-gradient norms
      at initialisation;
    * ``curves``: ``(plain, residual)`` :class:`TrainingCurve` of the training run.
    """

    layer_names: list[str]
    gradient_norms: tuple[np.ndarray, np.ndarray]
    curves: tuple[TrainingCurve, TrainingCurve]


def compare_plain_and_residual(
    X: Any,
    y: Any,
    *,
    num_blocks: int = 8,
    width: int = 8,
    num_epochs: int = 6,
    lr: float = 0.05,
    seed: int = 0,
) -> PlainVsResidual:
    """The S8 experiment: the same deep net with and without skips, same seed, same data.

    Both networks are drawn from ``numpy.random.default_rng(seed)`` (identical weights), their
    per-layer gradient norms measured on the whole of ``(X, y)`` at initialisation, and both
    trained by :func:`train_curve` with minibatches shuffled by
    ``default_rng(seed + 1)``. The defaults (18 weight layers of 8 channels) are the
    chapter's; in development, seeds 0 to 3 all gave a final residual loss below 0.1 nats and a
    plain loss at chance (ln 10) after six epochs on 512 digits.

    Parameters
    ----------
    X, y : array_like
        Training images ``(N, 1, 8, 8)`` and labels.
    num_blocks, width, num_epochs : int
    lr : float
    seed : int

    Returns
    -------
    PlainVsResidual
    """
    norms, curves = [], []
    names: list[str] = []
    for skip in (False, True):
        net = deep_conv_net(num_blocks, width, skip=skip, rng=np.random.default_rng(seed))
        names, g = weight_gradient_norms(net, X, y)
        norms.append(g)
        curves.append(
            train_curve(
                net, X, y, num_epochs=num_epochs, lr=lr, rng=np.random.default_rng(seed + 1)
            )
        )
    return PlainVsResidual(names, (norms[0], norms[1]), (curves[0], curves[1]))
