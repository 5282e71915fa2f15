r"""Densities of transformed variables (Goodfellow et al., §3.12).

If :math:`y=g(x)` with :math:`g` invertible and differentiable, probability mass in a small
interval is preserved, :math:`|p_y(y)\,dy|=|p_x(x)\,dx|`, hence

.. math:: p_y(y)=p_x\!\left(g^{-1}(y)\right)\left|\frac{\partial g^{-1}(y)}{\partial y}\right|.

Substituting :math:`x=g^{-1}(y)` into :math:`p_x` *without* the Jacobian factor gives a
function that does not even integrate to one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from dlnotes._validation import fail

__all__ = [
    "transformed_density",
]

Density = Callable[[np.ndarray], np.ndarray]


def _check_callables(owner: str, **fns: Any) -> None:
    for name, fn in fns.items():
        if not callable(fn):
            fail(owner, f"{name} to be callable", type(fn).__name__, TypeError)


def transformed_density(p_x: Density, inverse: Density, inverse_derivative: Density) -> Density:
    r"""Density of :math:`y=g(x)`: :math:`p_x(g^{-1}(y))\,|dg^{-1}(y)/dy|`.

    Parameters
    ----------
    p_x : callable
        Density of :math:`x`.
    inverse : callable
        :math:`g^{-1}`.
    inverse_derivative : callable
        :math:`dg^{-1}/dy`.

    Returns
    -------
    callable
        The density of :math:`y`, vectorised over arrays (Goodfellow et al., §3.12).

    Shape
    -----
    The returned callable maps ``y`` of any shape to densities of the same shape.

    Examples
    --------
    >>> uniform = lambda x: ((x >= 0) & (x <= 1)).astype(float)
    >>> p_y = transformed_density(uniform, lambda y: 2 * y, lambda y: 2 + 0 * y)
    >>> float(p_y(np.array(0.25)))
    2.0
    """
    _check_callables(
        "transformed_density", p_x=p_x, inverse=inverse, inverse_derivative=inverse_derivative
    )

    def p_y(y: np.ndarray) -> np.ndarray:
        y = np.asarray(y)
        return p_x(inverse(y)) * np.abs(inverse_derivative(y))

    return p_y
