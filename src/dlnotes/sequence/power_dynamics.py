"""Powers of a recurrent matrix: why long-term dependencies vanish or explode.

A recurrence without input or non-linearity, :math:`\\boldsymbol h^{(t)} = \\boldsymbol W
\\boldsymbol h^{(t-1)}`, gives :math:`\\boldsymbol h^{(t)} = \\boldsymbol W^t \\boldsymbol
h^{(0)}`. By Gelfand's formula :math:`\\lVert \\boldsymbol W^t \\rVert^{1/t} \\to \\rho(\\boldsymbol
W)`, so for almost every start the norm shrinks geometrically when the spectral radius
:math:`\\rho < 1` and grows geometrically when :math:`\\rho > 1`.

Goodfellow et al., §10.7.
"""

from __future__ import annotations

import numpy as np

from dlnotes._validation import as_float_array, check_ndim, check_nonnegative_int, fail

__all__ = ["spectral_radius", "with_spectral_radius", "power_norms"]


def _square(owner: str, weight: object) -> np.ndarray:
    matrix = as_float_array(owner, weight, "weight")
    check_ndim(owner, matrix, 2, "a square weight of shape (H, H)")
    if matrix.shape[0] != matrix.shape[1]:
        fail(owner, "a square weight of shape (H, H)", matrix.shape)
    return matrix


def spectral_radius(weight: np.ndarray) -> float:
    """The largest absolute eigenvalue :math:`\\rho(\\boldsymbol W)` of a square matrix.

    Goodfellow et al., §10.7.

    Shape
    -----
    weight : ``(H, H)``

    Examples
    --------
    >>> spectral_radius(np.array([[0.0, 2.0], [-2.0, 0.0]]))
    2.0
    """
    matrix = _square("spectral_radius", weight)
    return float(np.max(np.abs(np.linalg.eigvals(matrix))))


def with_spectral_radius(weight: np.ndarray, radius: float) -> np.ndarray:
    """``weight`` rescaled so that its spectral radius equals ``radius``.

    Scaling a matrix by :math:`c` scales every eigenvalue by :math:`c`, so the result keeps
    the eigenvectors and the ratios of the eigenvalues; only the radius changes.

    Goodfellow et al., §10.7 and §10.8 (echo-state reservoirs are scaled this way).

    Shape
    -----
    weight : ``(H, H)``; returns ``(H, H)`` with the same dtype.

    Examples
    --------
    >>> w = with_spectral_radius(np.array([[0.5, 0.0], [0.0, -0.25]]), 0.9)
    >>> round(spectral_radius(w), 12)
    0.9
    """
    matrix = _square("with_spectral_radius", weight)
    if not np.isfinite(radius) or radius < 0:
        fail("with_spectral_radius", "a finite radius >= 0", radius)
    current = spectral_radius(matrix)
    if current == 0.0:
        fail("with_spectral_radius", "a weight with non-zero spectral radius", current)
    return matrix * (radius / current)


def power_norms(weight: np.ndarray, h0: np.ndarray, num_steps: int) -> np.ndarray:
    """Norms :math:`\\lVert \\boldsymbol W^t \\boldsymbol h^{(0)} \\rVert_2` for
    :math:`t = 0, \\dots, T`.

    The powers are applied one step at a time (never forming :math:`\\boldsymbol W^t`), as the
    unrolled recurrence does.

    Goodfellow et al., §10.7.

    Shape
    -----
    weight : ``(H, H)``; h0 : ``(H,)``; returns ``(num_steps + 1,)``.

    Examples
    --------
    >>> power_norms(0.5 * np.eye(2), np.array([3.0, 4.0]), 2)
    array([5.  , 2.5 , 1.25])
    """
    matrix = _square("power_norms", weight)
    h = as_float_array("power_norms", h0, "h0")
    if h.shape != (matrix.shape[0],):
        fail("power_norms", f"h0 of shape ({matrix.shape[0]},)", h.shape)
    num_steps = check_nonnegative_int("power_norms", "num_steps", num_steps)
    norms = np.empty(num_steps + 1, dtype=matrix.dtype)
    norms[0] = np.linalg.norm(h)
    for t in range(1, num_steps + 1):
        h = matrix @ h
        norms[t] = np.linalg.norm(h)
    return norms
