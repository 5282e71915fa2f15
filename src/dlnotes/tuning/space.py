r"""Search spaces for hyper-parameter search: named uniform, log-uniform and choice dimensions.

A search space is a mapping from a hyper-parameter's name to a dimension. A dimension draws
values (for random search) and lays out a grid of ``n`` values (for grid search). A
log-uniform dimension draws :math:`\log v` uniformly, so each decade between ``low`` and
``high`` receives the same share of trials — the scale on which learning rates and penalty
coefficients matter (§11.4.3).

Goodfellow et al., §11.4.3 and §11.4.4.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from dlnotes._validation import as_generator, check_positive_int, check_range, fail

__all__ = [
    "Uniform",
    "LogUniform",
    "Choice",
    "Dimension",
    "SearchSpace",
    "check_space",
    "sample_configurations",
    "grid_configurations",
]


@dataclass(frozen=True)
class Uniform:
    """A real hyper-parameter drawn uniformly from ``[low, high]``.

    Attributes
    ----------
    low, high : float
        Bounds, ``low < high``.

    Examples
    --------
    >>> Uniform(0.0, 1.0).grid(3)
    [0.0, 0.5, 1.0]
    """

    low: float
    high: float

    def __post_init__(self) -> None:
        low = check_range("Uniform", "low", self.low)
        check_range("Uniform", "high", self.high, low, low_inclusive=False)

    def sample(self, rng: np.random.Generator) -> float:
        """One value drawn with ``rng``."""
        return float(rng.uniform(self.low, self.high))

    def grid(self, n: int) -> list[float]:
        """``n`` evenly spaced values from ``low`` to ``high`` (the midpoint when ``n = 1``)."""
        n = check_positive_int("Uniform", "n", n)
        if n == 1:
            return [0.5 * (self.low + self.high)]
        return [float(v) for v in np.linspace(self.low, self.high, n)]


@dataclass(frozen=True)
class LogUniform:
    r"""A positive hyper-parameter whose logarithm is uniform on :math:`[\log low, \log high]`.

    Attributes
    ----------
    low, high : float
        Bounds, ``0 < low < high``.

    Examples
    --------
    >>> LogUniform(1e-3, 1e-1).grid(3)
    [0.001, 0.01, 0.1]
    """

    low: float
    high: float

    def __post_init__(self) -> None:
        low = check_range("LogUniform", "low", self.low, 0.0, low_inclusive=False)
        check_range("LogUniform", "high", self.high, low, low_inclusive=False)

    def sample(self, rng: np.random.Generator) -> float:
        """One value drawn with ``rng``: ``exp(u)``, ``u`` uniform between the log bounds."""
        return float(math.exp(rng.uniform(math.log(self.low), math.log(self.high))))

    def grid(self, n: int) -> list[float]:
        """``n`` values evenly spaced in ``log`` (the geometric midpoint when ``n = 1``)."""
        n = check_positive_int("LogUniform", "n", n)
        if n == 1:
            return [math.sqrt(self.low * self.high)]
        # round so that 1e-3..1e-1 gives exactly 0.01 in the middle, not 0.010000000000000002
        return [float(f"{v:.12g}") for v in np.geomspace(self.low, self.high, n)]


@dataclass(frozen=True)
class Choice:
    """A hyper-parameter taking one of finitely many values (an activation, a layer count).

    Attributes
    ----------
    options : tuple
        The values, in the order the grid uses them.

    Examples
    --------
    >>> Choice(["relu", "tanh"]).grid(5)
    ['relu', 'tanh']
    """

    options: tuple[Any, ...]

    def __init__(self, options: Sequence[Any]) -> None:
        if isinstance(options, (str, bytes)) or not isinstance(options, Sequence):
            fail("Choice", "a sequence of options", type(options).__name__, TypeError)
        if len(options) == 0:
            fail("Choice", "at least one option", "0")
        object.__setattr__(self, "options", tuple(options))

    def sample(self, rng: np.random.Generator) -> Any:
        """One option drawn uniformly with ``rng``."""
        return self.options[int(rng.integers(len(self.options)))]

    def grid(self, n: int) -> list[Any]:
        """``n`` options spread over the list (all of them when ``n >= len(options)``)."""
        n = check_positive_int("Choice", "n", n)
        if n >= len(self.options):
            return list(self.options)
        picks = np.linspace(0, len(self.options) - 1, n).round().astype(int)
        return [self.options[i] for i in picks]


Dimension = Uniform | LogUniform | Choice
SearchSpace = Mapping[str, Dimension]


def check_space(owner: str, space: Any) -> dict[str, Dimension]:
    """Return ``space`` as a dict after checking it maps names to dimensions."""
    if not isinstance(space, Mapping) or len(space) == 0:
        fail(owner, "a non-empty mapping of names to dimensions", type(space).__name__, TypeError)
    for name, dim in space.items():
        if not isinstance(name, str) or not isinstance(dim, (Uniform, LogUniform, Choice)):
            fail(
                owner,
                "names (str) mapped to Uniform, LogUniform or Choice",
                f"{name!r}: {type(dim).__name__}",
                TypeError,
            )
    return dict(space)


def sample_configurations(
    space: SearchSpace, budget: int, *, rng: np.random.Generator | None = None
) -> list[dict[str, Any]]:
    """``budget`` configurations, each dimension drawn independently (random search).

    Parameters
    ----------
    space : mapping of str to Uniform, LogUniform or Choice
    budget : int
        Number of configurations.
    rng : numpy.random.Generator, optional

    Returns
    -------
    list of dict
        One ``{name: value}`` per trial.

    Notes
    -----
    Goodfellow et al., §11.4.4.

    Examples
    --------
    >>> configs = sample_configurations({"lr": LogUniform(1e-4, 1e-1)}, 3,
    ...                                 rng=np.random.default_rng(0))
    >>> len(configs), sorted(configs[0])
    (3, ['lr'])
    """
    dims = check_space("sample_configurations", space)
    budget = check_positive_int("sample_configurations", "budget", budget)
    gen = as_generator("sample_configurations", rng)
    return [{name: dim.sample(gen) for name, dim in dims.items()} for _ in range(budget)]


def grid_configurations(space: SearchSpace, budget: int) -> list[dict[str, Any]]:
    r"""The full grid with the same number :math:`k` of values per dimension, at most ``budget``.

    With :math:`d` dimensions, :math:`k = \lfloor \text{budget}^{1/d} \rfloor` (a choice
    dimension with fewer options uses all of them), so the grid has at most ``budget`` points
    but only :math:`k` distinct values of each hyper-parameter.

    Parameters
    ----------
    space : mapping of str to Uniform, LogUniform or Choice
    budget : int
        Largest number of configurations.

    Returns
    -------
    list of dict
        The Cartesian product, the last dimension varying fastest.

    Notes
    -----
    Goodfellow et al., §11.4.3.

    Examples
    --------
    >>> grid = grid_configurations({"lr": LogUniform(1e-3, 1e-1), "p": Uniform(0, 1)}, 9)
    >>> len(grid), grid[0]
    (9, {'lr': 0.001, 'p': 0.0})
    """
    dims = check_space("grid_configurations", space)
    budget = check_positive_int("grid_configurations", "budget", budget)
    k = int(math.floor(budget ** (1.0 / len(dims)) + 1e-9))  # 1e-9: 9 ** 0.5 must be 3
    axes = [dim.grid(max(k, 1)) for dim in dims.values()]
    return [dict(zip(dims, values, strict=True)) for values in itertools.product(*axes)]
