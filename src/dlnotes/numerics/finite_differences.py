r"""Finite-difference derivatives and their error as a function of the step size.

A difference quotient approximates :math:`f'(x)` with two evaluations of :math:`f`. Its error
has two parts that pull the step size :math:`h` in opposite directions:

* **truncation** — the Taylor terms the quotient ignores, :math:`\tfrac{h}{2}|f''|` for the
  forward difference and :math:`\tfrac{h^2}{6}|f'''|` for the central one, shrink with
  :math:`h`;
* **rounding** — each value of :math:`f` carries a relative error of about the unit roundoff
  :math:`u` (:math:`2^{-53} \approx 1.1 \times 10^{-16}` in float64), and dividing the
  difference of two such values by a small :math:`h` magnifies it as :math:`u|f|/h`.

Their sum is U-shaped on a log-log plot, with a best step near :math:`\sqrt u` (forward) or
:math:`u^{1/3}` (central). Goodfellow et al., §4.1 (rounding error) and §11.5 (numerical
gradient checks).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import as_float_array, fail

__all__ = [
    "forward_difference",
    "central_difference",
    "DifferenceErrors",
    "difference_errors",
    "difference_error_model",
    "optimal_step",
    "unit_roundoff",
]

KINDS = ("forward", "central")


def _steps(owner: str, h: Any) -> np.ndarray:
    h = as_float_array(owner, h, "h")
    if not np.all(np.isfinite(h)) or np.any(h <= 0):
        fail(owner, "positive finite step sizes h", f"values in [{h.min()}, {h.max()}]")
    return h


def _kind(owner: str, kind: str) -> str:
    if kind not in KINDS:
        fail(owner, f"kind in {KINDS}", repr(kind))
    return kind


def unit_roundoff(dtype: Any = np.float64) -> float:
    r"""Unit roundoff :math:`u = \varepsilon_\text{mach}/2`, the largest relative error of
    rounding one real number to ``dtype``.

    Examples
    --------
    >>> unit_roundoff() == 2.0 ** -53
    True
    >>> unit_roundoff(np.float32) == 2.0 ** -24
    True
    """
    return float(np.finfo(dtype).eps) / 2


def forward_difference(f: Callable[[np.ndarray], np.ndarray], x: float, h: Any) -> np.ndarray:
    r"""Forward difference :math:`\dfrac{f(x+h) - f(x)}{h} = f'(x) + \tfrac{h}{2} f''(\xi)`.

    Parameters
    ----------
    f : callable
        Vectorised scalar function (``numpy.exp``, ``numpy.sin``, ...).
    x : float
        Point of differentiation.
    h : float or array_like
        Step size(s), positive.

    Returns
    -------
    numpy.ndarray
        One estimate of :math:`f'(x)` per step, shape of ``h``.

    Examples
    --------
    >>> float(forward_difference(lambda t: t ** 2, 3.0, 0.5))    # 2x + h
    6.5
    """
    h = _steps("forward_difference", h)
    return (f(x + h) - f(np.full_like(h, x))) / h


def central_difference(f: Callable[[np.ndarray], np.ndarray], x: float, h: Any) -> np.ndarray:
    r"""Central difference :math:`\dfrac{f(x+h) - f(x-h)}{2h} = f'(x) + \tfrac{h^2}{6}
    f'''(\xi)`: the even Taylor terms cancel, so the truncation error is second order.

    Parameters
    ----------
    f : callable
        Vectorised scalar function.
    x : float
        Point of differentiation.
    h : float or array_like
        Step size(s), positive.

    Returns
    -------
    numpy.ndarray
        Shape of ``h``.

    Examples
    --------
    >>> float(central_difference(lambda t: t ** 2, 3.0, 0.5))    # exact for quadratics
    6.0
    """
    h = _steps("central_difference", h)
    return (f(x + h) - f(x - h)) / (2 * h)


class DifferenceErrors(NamedTuple):
    """Absolute errors of both difference quotients at each step size."""

    steps: np.ndarray
    forward: np.ndarray
    central: np.ndarray


def difference_errors(
    f: Callable[[np.ndarray], np.ndarray], df: Callable[[float], float], x: float, steps: Any
) -> DifferenceErrors:
    r"""Measured errors :math:`|D_h f(x) - f'(x)|` of the forward and central differences.

    Parameters
    ----------
    f : callable
        Vectorised function.
    df : callable
        Its exact derivative.
    x : float
        Point of differentiation.
    steps : array_like
        Step sizes, e.g. ``np.logspace(-16, 0, 161)``.

    Returns
    -------
    DifferenceErrors
        ``(steps, forward, central)``, arrays of the shape of ``steps``.

    Examples
    --------
    >>> err = difference_errors(np.exp, np.exp, 1.0, [1e-2, 1e-5])
    >>> bool(err.central[1] < err.forward[1])
    True
    """
    h = _steps("difference_errors", steps)
    exact = float(df(x))
    return DifferenceErrors(
        h, np.abs(forward_difference(f, x, h) - exact), np.abs(central_difference(f, x, h) - exact)
    )


def difference_error_model(
    h: Any, kind: str, f_value: float, higher_derivative: float, u: float | None = None
) -> np.ndarray:
    r"""Bound on the error of a difference quotient: truncation plus rounding.

    .. math::
        E_\text{fwd}(h) = \frac{h}{2}|f''| + \frac{2u|f|}{h}, \qquad
        E_\text{cen}(h) = \frac{h^2}{6}|f'''| + \frac{u|f|}{h}

    Parameters
    ----------
    h : float or array_like
        Step sizes.
    kind : {"forward", "central"}
    f_value : float
        :math:`f(x)`, which sets the size of the rounding error.
    higher_derivative : float
        :math:`f''(x)` for ``"forward"``, :math:`f'''(x)` for ``"central"``.
    u : float, optional
        Unit roundoff; float64's by default.

    Returns
    -------
    numpy.ndarray
        Shape of ``h``.

    Examples
    --------
    >>> float(difference_error_model(1e-3, "central", 0.0, 6.0))   # h^2 only
    1e-06
    """
    h = _steps("difference_error_model", h)
    kind = _kind("difference_error_model", kind)
    u = unit_roundoff() if u is None else u
    if kind == "forward":
        return h / 2 * abs(higher_derivative) + 2 * u * abs(f_value) / h
    return h**2 / 6 * abs(higher_derivative) + u * abs(f_value) / h


def optimal_step(
    kind: str, f_value: float, higher_derivative: float, u: float | None = None
) -> float:
    r"""Step minimising :func:`difference_error_model`.

    Setting the derivative of the model to zero gives
    :math:`h^*_\text{fwd} = 2\sqrt{u|f|/|f''|}` and
    :math:`h^*_\text{cen} = (3u|f|/|f'''|)^{1/3}`: about :math:`10^{-8}` and
    :math:`10^{-5}` in float64 when :math:`f` and its derivatives are of order one.

    Examples
    --------
    >>> f"{optimal_step('forward', 1.0, 1.0):.2e}, {optimal_step('central', 1.0, 1.0):.2e}"
    '2.11e-08, 6.93e-06'
    """
    kind = _kind("optimal_step", kind)
    u = unit_roundoff() if u is None else u
    if higher_derivative == 0 or f_value == 0:
        fail(
            "optimal_step",
            "non-zero f(x) and higher derivative (else the model has no interior minimum)",
            f"{f_value} and {higher_derivative}",
        )
    ratio = u * abs(f_value) / abs(higher_derivative)
    if kind == "forward":
        return float(2 * np.sqrt(ratio))
    return float(np.cbrt(3 * ratio))
