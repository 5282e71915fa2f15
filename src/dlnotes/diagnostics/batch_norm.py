r"""A deep tanh network with and without batch normalisation, trained the same way.

A stack of Linear + tanh layers with PyTorch's default initialisation (weights uniform in
:math:`\pm1/\sqrt{n_{in}}`, so each layer multiplies the activations' scale by about
:math:`1/\sqrt3`) passes an ever smaller signal to the top: the loss sits on a plateau near
:math:`\log C` for several epochs. Inserting :class:`~dlnotes.nn.BatchNorm1d` before every
nonlinearity re-standardises each layer's pre-activations on every minibatch, so every layer
sees inputs of unit scale whatever the weights below it do.

Goodfellow et al., §8.7.1.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_generator, check_positive_int, check_range
from dlnotes.data.loader import DataLoader
from dlnotes.nn.activation import Tanh
from dlnotes.nn.linear import Linear
from dlnotes.nn.loss import CrossEntropyLoss
from dlnotes.nn.module import Module, Sequential
from dlnotes.nn.normalization import BatchNorm1d
from dlnotes.optim.sgd import SGD
from dlnotes.training import History, fit

__all__ = ["batch_norm_comparison", "deep_tanh_mlp"]


def deep_tanh_mlp(
    in_features: int,
    width: int,
    out_features: int,
    *,
    depth: int = 6,
    batch_norm: bool = False,
    rng: np.random.Generator | None = None,
) -> Sequential:
    r"""``depth`` blocks Linear → (BatchNorm1d) → Tanh, then a Linear output layer.

    Parameters
    ----------
    in_features, width, out_features : int
    depth : int, default 6
        Number of hidden blocks.
    batch_norm : bool, default False
        Insert :class:`~dlnotes.nn.BatchNorm1d` between each hidden Linear and its Tanh.
    rng : numpy.random.Generator, optional

    Returns
    -------
    dlnotes.nn.Sequential

    Shape
    -----
    Input (N, in_features), output (N, out_features).

    Examples
    --------
    >>> model = deep_tanh_mlp(4, 8, 3, depth=2, batch_norm=True, rng=np.random.default_rng(0))
    >>> [type(m).__name__ for m in model]
    ['Linear', 'BatchNorm1d', 'Tanh', 'Linear', 'BatchNorm1d', 'Tanh', 'Linear']
    """
    owner = "deep_tanh_mlp"
    in_features = check_positive_int(owner, "in_features", in_features)
    width = check_positive_int(owner, "width", width)
    out_features = check_positive_int(owner, "out_features", out_features)
    depth = check_positive_int(owner, "depth", depth)
    gen = as_generator(owner, rng)
    layers: list[Module] = []
    fan_in = in_features
    for _ in range(depth):
        layers.append(Linear(fan_in, width, rng=gen))
        if batch_norm:
            layers.append(BatchNorm1d(width))
        layers.append(Tanh())
        fan_in = width
    layers.append(Linear(fan_in, out_features, rng=gen))
    return Sequential(*layers)


def batch_norm_comparison(
    train_data: tuple[Any, Any],
    val_data: tuple[Any, Any],
    *,
    width: int = 32,
    depth: int = 6,
    lr: float = 0.1,
    batch_size: int = 64,
    num_epochs: int = 10,
    seed: int = 0,
) -> dict[str, History]:
    r"""Train :func:`deep_tanh_mlp` without and with batch norm; same seed, data order and SGD.

    Both runs use :func:`dlnotes.training.fit` with plain :class:`~dlnotes.optim.SGD`, a
    :class:`~dlnotes.data.DataLoader` with ``drop_last=True`` (a last minibatch of a handful
    of examples would give batch norm very noisy statistics) and generators seeded by
    ``seed``, so they differ only in the normalisation layers.

    Parameters
    ----------
    train_data, val_data : (X, y)
        Flat inputs (N, D) and integer labels (N,).
    width, depth : int
    lr : float, default 0.1
    batch_size, num_epochs : int
    seed : int, default 0

    Returns
    -------
    dict
        ``{"plain": History, "batch norm": History}``.

    Notes
    -----
    Goodfellow et al., §8.7.1.
    """
    owner = "batch_norm_comparison"
    lr = check_range(owner, "lr", lr, 0.0, low_inclusive=False)
    X, y = np.asarray(train_data[0]), np.asarray(train_data[1])
    num_classes = int(max(y.max(), np.asarray(val_data[1]).max())) + 1
    histories = {}
    for name, bn in (("plain", False), ("batch norm", True)):
        rng = np.random.default_rng(seed)
        model = deep_tanh_mlp(X.shape[1], width, num_classes, depth=depth, batch_norm=bn, rng=rng)
        loader = DataLoader((X, y), batch_size=batch_size, rng=rng, drop_last=True)
        histories[name] = fit(
            model,
            CrossEntropyLoss(),
            SGD(model.parameters(), lr=lr),
            loader,
            val_data=val_data,
            num_epochs=num_epochs,
        )
    return histories
