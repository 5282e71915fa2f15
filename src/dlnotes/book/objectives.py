r"""Objectives for the optimizer race: 2-D test functions with exact gradients and known minima.

Each function has the interface of :class:`dlnotes.numerics.Quadratic` — ``f(x)``,
``f.grad(x)`` and ``f.minimizer`` for points ``x`` of shape ``(..., 2)`` — so an
ill-conditioned quadratic, Rosenbrock's valley and Beale's function can be handed to the same
trajectory runner (:func:`dlnotes.book.optimizer_race.optimizer_trajectory`) and contour plot.
:func:`ill_conditioned_quadratic` builds the quadratic from :class:`~dlnotes.numerics.Quadratic`
rather than redefining it.

Goodfellow et al., §4.3 (ill conditioning) and §8.2 (challenges in neural network
optimisation: poor conditioning, flat regions, curved valleys).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_range, fail, resolve_dtype
from dlnotes.numerics.quadratic import Quadratic

__all__ = ["Beale", "Rosenbrock", "ill_conditioned_quadratic"]


def _points(owner: str, x: Any) -> np.ndarray:
    x = as_float_array(owner, x, "x")
    if x.ndim == 0 or x.shape[-1] != 2:
        fail(owner, "x with last dimension 2", x.shape)
    return x


def ill_conditioned_quadratic(condition_number: float = 20.0, *, dtype: Any = None) -> Quadratic:
    r"""The quadratic :math:`f(x)=\tfrac12(x_1^2+\kappa x_2^2)`, minimum 0 at the origin.

    Its Hessian :math:`\mathrm{diag}(1,\kappa)` has condition number :math:`\kappa`: the
    level sets are ellipses :math:`\sqrt\kappa` times longer than wide, and gradient descent
    with a step small enough for the steep direction crawls along the flat one (§4.3.1).

    Parameters
    ----------
    condition_number : float, default 20
        :math:`\kappa \ge 1`.
    dtype : dtype, optional
        float64 (default) or float32.

    Returns
    -------
    dlnotes.numerics.Quadratic

    Shape
    -----
    Points have shape (..., 2).

    Notes
    -----
    Goodfellow et al., §4.3.1 and §8.2.1.

    Examples
    --------
    >>> f = ill_conditioned_quadratic(10.0)
    >>> float(f(np.array([1.0, 1.0]))), f.grad(np.array([1.0, 1.0]))
    (5.5, array([ 1., 10.]))
    """
    kappa = check_range("ill_conditioned_quadratic", "condition_number", condition_number, 1.0)
    return Quadratic(np.diag([1.0, kappa]), dtype=dtype)


class Rosenbrock:
    r"""Rosenbrock's valley :math:`f(x)=(a-x_1)^2+b\,(x_2-x_1^2)^2`, minimum 0 at :math:`(a,a^2)`.

    A narrow curved valley: finding it is easy, following its floor to the minimum is hard,
    because the valley's direction keeps turning and its walls are steep (curvature about
    :math:`200b` across, about 2 along).

    Parameters
    ----------
    a : float, default 1
    b : float, default 100
        Steepness of the walls, :math:`b > 0`.
    dtype : dtype, optional

    Shape
    -----
    ``__call__`` and ``grad`` take ``x`` of shape (..., 2); ``__call__`` returns (...).

    Notes
    -----
    Gradient:
    :math:`\partial_1 f=-2(a-x_1)-4b\,x_1(x_2-x_1^2)`, :math:`\partial_2 f=2b\,(x_2-x_1^2)`.
    Goodfellow et al., §8.2.

    Examples
    --------
    >>> f = Rosenbrock()
    >>> float(f(f.minimizer)), f.grad(np.array([0.0, 0.0]))
    (0.0, array([-2.,  0.]))
    """

    def __init__(self, a: float = 1.0, b: float = 100.0, *, dtype: Any = None) -> None:
        self.a = check_range("Rosenbrock", "a", a)
        self.b = check_range("Rosenbrock", "b", b, 0.0, low_inclusive=False)
        self.dtype = resolve_dtype("Rosenbrock", dtype)

    def __call__(self, x: Any) -> np.ndarray:
        x = _points("Rosenbrock", x)
        x1, x2 = x[..., 0], x[..., 1]
        return (self.a - x1) ** 2 + self.b * (x2 - x1**2) ** 2

    def grad(self, x: Any) -> np.ndarray:
        x = _points("Rosenbrock", x)
        x1, x2 = x[..., 0], x[..., 1]
        valley = x2 - x1**2
        return np.stack(
            [-2 * (self.a - x1) - 4 * self.b * x1 * valley, 2 * self.b * valley], axis=-1
        )

    @property
    def minimizer(self) -> np.ndarray:
        return np.array([self.a, self.a**2], dtype=self.dtype)


class Beale:
    r"""Beale's function :math:`f(x)=\sum_{i=1}^3 (c_i - x_1 + x_1x_2^i)^2`, minimum 0 at (3, 0.5).

    With :math:`c=(1.5,\ 2.25,\ 2.625)`. Flat plateaus and sharp ridges: gradients differ by
    orders of magnitude across the plane, which favours methods that rescale each coordinate.

    Parameters
    ----------
    dtype : dtype, optional

    Shape
    -----
    ``__call__`` and ``grad`` take ``x`` of shape (..., 2); ``__call__`` returns (...).

    Notes
    -----
    With residuals :math:`r_i = c_i - x_1 + x_1x_2^i`:
    :math:`\partial_1 f=\sum_i 2r_i(x_2^i-1)`, :math:`\partial_2 f=\sum_i 2r_i\,i\,x_1x_2^{i-1}`.
    Goodfellow et al., §8.2.

    Examples
    --------
    >>> f = Beale()
    >>> float(f(f.minimizer)), f.grad(f.minimizer)
    (0.0, array([0., 0.]))
    """

    constants = (1.5, 2.25, 2.625)

    def __init__(self, *, dtype: Any = None) -> None:
        self.dtype = resolve_dtype("Beale", dtype)

    def _residuals(self, x: np.ndarray) -> list[np.ndarray]:
        x1, x2 = x[..., 0], x[..., 1]
        return [c - x1 + x1 * x2**i for i, c in enumerate(self.constants, start=1)]

    def __call__(self, x: Any) -> np.ndarray:
        x = _points("Beale", x)
        return np.sum([r**2 for r in self._residuals(x)], axis=0)

    def grad(self, x: Any) -> np.ndarray:
        x = _points("Beale", x)
        x1, x2 = x[..., 0], x[..., 1]
        residuals = self._residuals(x)
        d1 = sum(2 * r * (x2**i - 1) for i, r in enumerate(residuals, start=1))
        d2 = sum(2 * r * i * x1 * x2 ** (i - 1) for i, r in enumerate(residuals, start=1))
        return np.stack([d1, d2], axis=-1)

    @property
    def minimizer(self) -> np.ndarray:
        return np.array([3.0, 0.5], dtype=self.dtype)
