r"""Equivariance of convolution to translation, and its failure for rotation and scaling.

A function :math:`f` is equivariant to a transformation :math:`g` when
:math:`f(g(\boldsymbol x)) = g(f(\boldsymbol x))` (Goodfellow et al., §9.2). Cross-correlation
with circular padding commutes with every circular shift, exactly in exact arithmetic and to
rounding in floating point: both sides compute the same sums of the same products.

Rotations and rescalings are different. A convolution applies the *same* kernel everywhere,
unrotated and unscaled, so it commutes with them only if the kernel does not change under
them. A rotationally symmetric kernel (an isotropic Gaussian) comes close, but not exactly:
the pixel grid itself is only symmetric under rotations by multiples of 90 degrees (and
mirror images), so any other angle needs interpolation, and a kernel *sampled* on the grid
is only approximately isotropic. For a quarter turn of a square image, which maps the grid
onto itself with no interpolation, a kernel unchanged by the quarter turn gives exact
equivariance (to rounding). All the comparisons here use the same angle, or the same
factor, on both sides, and floating-point images throughout.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import check_range, fail
from dlnotes.convolution._images import as_image, as_kernel
from dlnotes.convolution.circulant import circular_correlate2d

__all__ = [
    "circular_shift",
    "relative_error",
    "gaussian_kernel",
    "shift_equivariance_error",
    "rotate_image",
    "rotation_equivariance_error",
    "scale_image",
    "scaling_equivariance_error",
]


def circular_shift(image: Any, shift: Any) -> np.ndarray:
    """Move every pixel by ``shift = (down, right)``, wrapping around the borders.

    Goodfellow et al., §9.2.

    Shape
    -----
    - image: ``(H, W)`` → ``(H, W)``

    Examples
    --------
    >>> circular_shift(np.arange(4.0).reshape(1, 4), (0, 1))
    array([[3., 0., 1., 2.]])
    """
    x = as_image("circular_shift", image)
    try:
        down, right = (int(s) for s in shift)
    except (TypeError, ValueError):
        fail("circular_shift", "shift to be a pair of ints (down, right)", repr(shift), TypeError)
    return np.roll(x, (down, right), axis=(0, 1))


def relative_error(a: Any, b: Any, mask: Any = None) -> float:
    r"""Relative root-mean-square difference :math:`\|a - b\| / \|b\|` over ``mask`` (§9.2 demos).

    Shape
    -----
    - a, b, mask: the same shape; ``mask`` boolean, all pixels when omitted
    """
    owner = "relative_error"
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if x.shape != y.shape:
        fail(owner, "a and b of the same shape", f"{x.shape} and {y.shape}")
    m = np.ones(x.shape, dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
    if m.shape != x.shape or not m.any():
        fail(owner, f"a non-empty boolean mask of shape {x.shape}", m.shape)
    norm = np.linalg.norm(y[m])
    if norm == 0:
        fail(owner, "b not identically zero on the mask", "zeros")
    return float(np.linalg.norm(x[m] - y[m]) / norm)


def gaussian_kernel(size: int, sigma: float) -> np.ndarray:
    r"""Isotropic Gaussian kernel :math:`\propto e^{-(u^2 + v^2)/2\sigma^2}`, summing to one.

    Sampled at integer offsets from the centre, so it is unchanged by quarter turns and
    mirror images of the grid, but only approximately by other rotations.

    Shape
    -----
    - result: ``(size, size)``, ``size`` odd

    Examples
    --------
    >>> k = gaussian_kernel(5, 1.0)
    >>> k.shape, bool(np.isclose(k.sum(), 1.0)), bool(np.allclose(k, np.rot90(k)))
    ((5, 5), True, True)
    """
    owner = "gaussian_kernel"
    if (
        isinstance(size, bool)
        or not isinstance(size, (int, np.integer))
        or size < 1
        or size % 2 == 0
    ):
        fail(owner, "size to be a positive odd integer", repr(size))
    sigma = check_range(owner, "sigma", sigma, 0.0, low_inclusive=False)
    u = np.arange(size) - size // 2
    g = np.exp(-(u[:, None] ** 2 + u[None, :] ** 2) / (2 * sigma**2))
    return g / g.sum()


def shift_equivariance_error(image: Any, kernel: Any, shift: Any) -> float:
    """Largest ``|conv(shift(x)) - shift(conv(x))|`` relative to ``max |conv(x)|``.

    The convolution is :func:`~dlnotes.convolution.circular_correlate2d`; the result is zero
    up to floating-point rounding (Goodfellow et al., §9.2).

    Shape
    -----
    - image: ``(H, W)``; kernel: ``(kH, kW)``; shift: ``(down, right)`` → a float
    """
    x = as_image("shift_equivariance_error", image)
    s = circular_correlate2d(x, kernel)
    left = circular_correlate2d(circular_shift(x, shift), kernel)
    return float(np.max(np.abs(left - circular_shift(s, shift))) / np.max(np.abs(s)))


def rotate_image(image: Any, angle: float, *, order: int = 3) -> np.ndarray:
    """Rotate about the centre by ``angle`` degrees (counter-clockwise), keeping the shape.

    Spline interpolation of ``order`` (``scipy.ndimage.rotate``); the corners that come from
    outside the image are zero.

    Shape
    -----
    - image: ``(H, W)`` → ``(H, W)``
    """
    from scipy import ndimage

    x = as_image("rotate_image", image)
    angle = check_range("rotate_image", "angle", angle)
    return np.asarray(ndimage.rotate(x, angle, reshape=False, order=order, mode="constant"))


def _central_disc(shape: tuple[int, ...], margin: int) -> np.ndarray:
    """Pixels farther than ``margin`` from the largest disc inscribed in the image."""
    h, w = shape
    r = np.hypot(np.arange(h)[:, None] - (h - 1) / 2, np.arange(w)[None, :] - (w - 1) / 2)
    return np.asarray(r <= min(h, w) / 2 - margin)


def rotation_equivariance_error(image: Any, kernel: Any, angle: float, *, order: int = 3) -> float:
    r"""Relative error between ``conv(rotate(x))`` and ``rotate(conv(x))``, same angle.

    Measured with :func:`relative_error` inside the central disc, away from the corners that
    the rotation fills with zeros and from the wrap-around of the circular padding (a margin
    of the kernel's size plus two pixels). The convolution is
    :func:`~dlnotes.convolution.circular_correlate2d`. Goodfellow et al., §9.2: convolution is
    not naturally equivariant to rotation.

    Shape
    -----
    - image: ``(H, W)``; kernel: ``(kH, kW)`` → a float
    """
    owner = "rotation_equivariance_error"
    x = as_image(owner, image)
    k = as_kernel(owner, kernel, x)
    left = circular_correlate2d(rotate_image(x, angle, order=order), k)
    right = rotate_image(circular_correlate2d(x, k), angle, order=order)
    return relative_error(left, right, _central_disc(x.shape, max(k.shape) + 2))


def scale_image(image: Any, factor: float, *, order: int = 3) -> np.ndarray:
    """Resize by ``factor`` with spline interpolation (``scipy.ndimage.zoom``, grid mode).

    Shape
    -----
    - image: ``(H, W)`` → ``(round(H * factor), round(W * factor))``
    """
    from scipy import ndimage

    x = as_image("scale_image", image)
    factor = check_range("scale_image", "factor", factor, 0.0, low_inclusive=False)
    return np.asarray(ndimage.zoom(x, factor, order=order, grid_mode=True, mode="grid-wrap"))


def scaling_equivariance_error(image: Any, kernel: Any, factor: float, *, order: int = 3) -> float:
    r"""Relative error between ``conv(scale(x))`` and ``scale(conv(x))``, same factor.

    Measured with :func:`relative_error` on the interior, a border of
    ``ceil(max(kH, kW) * max(factor, 1)) + 2`` pixels left out. The same kernel at a new
    scale responds to a different range of spatial frequencies, so the two differ
    (Goodfellow et al., §9.2).

    Shape
    -----
    - image: ``(H, W)``; kernel: ``(kH, kW)`` → a float
    """
    owner = "scaling_equivariance_error"
    x = as_image(owner, image)
    k = as_kernel(owner, kernel, x)
    left = circular_correlate2d(scale_image(x, factor, order=order), k)
    right = scale_image(circular_correlate2d(x, k), factor, order=order)
    border = int(np.ceil(max(k.shape) * max(factor, 1.0))) + 2
    mask = np.zeros(left.shape, dtype=bool)
    mask[border:-border, border:-border] = True
    return relative_error(left, right, mask)
