r"""Activation statistics through a deep stack of layers for several weight initialisations.

With weights of standard deviation :math:`\sigma` and fan-in :math:`n`, a linear layer
multiplies the activations' scale by about :math:`\sigma\sqrt n` (times a factor of the
nonlinearity: :math:`1/\sqrt2` for ReLU). Below 1 the signal shrinks geometrically with
depth, above 1 it explodes (or, with tanh, saturates at :math:`\pm1`); Xavier initialisation
(:math:`\sigma^2 = 2/(n_{in}+n_{out})`) keeps it for tanh-like units, He initialisation
(:math:`\sigma^2 = 2/n_{in}`) for ReLU.

Goodfellow et al., §8.4.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from dlnotes._validation import as_generator, check_positive_int, check_range, fail
from dlnotes.nn import init
from dlnotes.nn.activation import ReLU, Tanh
from dlnotes.nn.linear import Linear

__all__ = ["ActivationStatistics", "activation_statistics"]


class ActivationStatistics(NamedTuple):
    """Activations after each layer's nonlinearity.

    Fields:

    activations : list of numpy.ndarray
        ``depth`` arrays of shape (num_samples, width).
    std : numpy.ndarray, shape (depth,)
        Standard deviation of each layer's activations.
    saturated : numpy.ndarray, shape (depth,)
        Fraction with :math:`|a| > 0.99` (meaningful for tanh).
    """

    activations: list[np.ndarray]
    std: np.ndarray
    saturated: np.ndarray


def activation_statistics(
    weight_init: str | float,
    *,
    nonlinearity: str = "relu",
    depth: int = 10,
    width: int = 256,
    num_samples: int = 500,
    rng: np.random.Generator | None = None,
) -> ActivationStatistics:
    r"""Push standard Gaussian inputs through ``depth`` Linear + nonlinearity layers.

    Parameters
    ----------
    weight_init : {"xavier", "he"} or float
        ``"xavier"``: :func:`dlnotes.nn.init.xavier_normal_` (gain 1); ``"he"``:
        :func:`dlnotes.nn.init.kaiming_normal_` (fan-in, ReLU gain); a float :math:`\sigma`:
        :func:`dlnotes.nn.init.normal_` with that standard deviation. Biases are zero.
    nonlinearity : {"relu", "tanh"}
    depth, width, num_samples : int
    rng : numpy.random.Generator, optional

    Returns
    -------
    ActivationStatistics

    Shape
    -----
    Every layer maps (num_samples, width) to (num_samples, width).

    Notes
    -----
    Goodfellow et al., §8.4.

    Examples
    --------
    >>> stats = activation_statistics("he", depth=3, width=64, rng=np.random.default_rng(0))
    >>> stats.std.shape
    (3,)
    """
    owner = "activation_statistics"
    if nonlinearity not in ("relu", "tanh"):
        fail(owner, "nonlinearity 'relu' or 'tanh'", repr(nonlinearity))
    if isinstance(weight_init, str):
        if weight_init not in ("xavier", "he"):
            fail(owner, "weight_init 'xavier', 'he' or a standard deviation", repr(weight_init))
    else:
        weight_init = check_range(owner, "weight_init", weight_init, 0.0, low_inclusive=False)
    depth = check_positive_int(owner, "depth", depth)
    width = check_positive_int(owner, "width", width)
    num_samples = check_positive_int(owner, "num_samples", num_samples)
    gen = as_generator(owner, rng)
    act = ReLU() if nonlinearity == "relu" else Tanh()
    h = gen.standard_normal((num_samples, width))
    activations = []
    for _ in range(depth):
        layer = Linear(width, width, rng=gen)
        if weight_init == "xavier":
            init.xavier_normal_(layer.weight, rng=gen)
        elif weight_init == "he":
            init.kaiming_normal_(layer.weight, nonlinearity="relu", rng=gen)
        else:
            init.normal_(layer.weight, 0.0, float(weight_init), rng=gen)
        init.zeros_(layer.bias)
        with np.errstate(over="ignore", invalid="ignore"):
            h = act(layer(h))
        activations.append(h)
    return ActivationStatistics(
        activations,
        np.array([a.std() for a in activations]),
        np.array([np.mean(np.abs(a) > 0.99) for a in activations]),
    )
