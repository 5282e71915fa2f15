"""Label-preserving transformations of image minibatches (data augmentation).

Training on transformed copies of the examples tells the model which changes of the input
must not change its output (Goodfellow et al., §7.4). For the 8 x 8 digits the safe changes
are small: a shift by one pixel, a little additive noise; a horizontal flip is only safe for
classes that are mirror-symmetric and is offered for demonstrating exactly that.

Images are arrays of shape ``(N, C, H, W)`` or ``(N, H, W)`` (PyTorch's layout); every
function returns a new array and never modifies its input.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import (
    as_float_array,
    as_generator,
    check_nonnegative_int,
    check_range,
    fail,
)

__all__ = ["random_shift", "random_horizontal_flip", "add_gaussian_noise"]


def _images(owner: str, x: Any) -> np.ndarray:
    arr = as_float_array(owner, x)
    if arr.ndim not in (3, 4):
        fail(owner, "images of shape (N, H, W) or (N, C, H, W)", tuple(arr.shape))
    return arr


def random_shift(
    x: Any, max_shift: int = 1, *, rng: np.random.Generator | None = None
) -> np.ndarray:
    """Translate each image by a random whole number of pixels, filling the border with zeros.

    Each image gets its own shift :math:`(d_y, d_x)`, drawn uniformly from
    :math:`\\{-s, \\dots, s\\}^2` with :math:`s` = ``max_shift``; pixels moved out of the frame
    are lost and the uncovered border is zero (the digits' background), not wrapped round,
    because a wrapped stroke would be a different picture.

    Parameters
    ----------
    x : array_like
        Images, shape ``(N, H, W)`` or ``(N, C, H, W)``.
    max_shift : int, default 1
        Largest shift in either direction; must be smaller than the image height and width.
    rng : numpy.random.Generator, optional
        Source of the shifts.

    Returns
    -------
    numpy.ndarray
        The shifted images, same shape and dtype as ``x``.

    Shape
    -----
    Input ``(N, H, W)`` or ``(N, C, H, W)``; output the same.

    Raises
    ------
    ValueError
        If ``x`` is not 3- or 4-dimensional or ``max_shift`` is negative or too large.
    """
    owner = "random_shift"
    arr = _images(owner, x)
    s = check_nonnegative_int(owner, "max_shift", max_shift)
    height, width = arr.shape[-2:]
    if s >= min(height, width):
        fail(owner, f"max_shift smaller than the image size {height} x {width}", s)
    gen = as_generator(owner, rng)
    shifts = gen.integers(-s, s + 1, size=(arr.shape[0], 2))
    out = np.zeros_like(arr)
    for i, (dy, dx) in enumerate(shifts):
        # Source and destination windows of the overlap between the image and its shift.
        src_y, dst_y = (
            slice(max(0, -dy), height - max(0, dy)),
            slice(max(0, dy), height - max(0, -dy)),
        )
        src_x, dst_x = (
            slice(max(0, -dx), width - max(0, dx)),
            slice(max(0, dx), width - max(0, -dx)),
        )
        out[i, ..., dst_y, dst_x] = arr[i, ..., src_y, src_x]
    return out


def random_horizontal_flip(
    x: Any, p: float = 0.5, *, rng: np.random.Generator | None = None
) -> np.ndarray:
    """Mirror each image left to right with probability ``p`` (PyTorch's ``RandomHorizontalFlip``).

    A flip preserves the label only for mirror-symmetric classes (0, 1 and 8 among the digits,
    not 2 or 7); it is the standard example of an augmentation that must match the task
    (Goodfellow et al., §7.4).

    Parameters
    ----------
    x : array_like
        Images, shape ``(N, H, W)`` or ``(N, C, H, W)``.
    p : float, default 0.5
        Probability that an image is flipped, in ``[0, 1]``.
    rng : numpy.random.Generator, optional
        Source of the coin flips.

    Returns
    -------
    numpy.ndarray
        The images, each flipped or copied, same shape and dtype as ``x``.

    Shape
    -----
    Input ``(N, H, W)`` or ``(N, C, H, W)``; output the same.
    """
    owner = "random_horizontal_flip"
    arr = _images(owner, x)
    prob = check_range(owner, "p", p, 0.0, 1.0)
    gen = as_generator(owner, rng)
    flip = gen.random(arr.shape[0]) < prob
    out = arr.copy()
    out[flip] = arr[flip][..., ::-1]
    return out


def add_gaussian_noise(
    x: Any,
    std: float = 0.1,
    *,
    clip: tuple[float, float] | None = (0.0, 1.0),
    rng: np.random.Generator | None = None,
) -> np.ndarray:
    r"""Add independent Gaussian noise :math:`\epsilon \sim \mathcal N(0, \sigma^2)` to every pixel.

    Noise on the inputs is the simplest augmentation and, for small :math:`\sigma` and a
    squared-error loss, acts like a penalty on the input gradient (Goodfellow et al., §7.5).
    With ``clip`` the result is clipped back to the pixel range, so the images stay images.

    Parameters
    ----------
    x : array_like
        Inputs of any shape (images or flattened vectors).
    std : float, default 0.1
        Standard deviation :math:`\sigma \ge 0` of the noise.
    clip : (float, float) or None, default (0.0, 1.0)
        Range to clip the noisy values to; ``None`` for no clipping.
    rng : numpy.random.Generator, optional
        Source of the noise.

    Returns
    -------
    numpy.ndarray
        ``x`` plus noise, same shape and dtype as ``x``.

    Shape
    -----
    Any shape; output the same.
    """
    owner = "add_gaussian_noise"
    arr = as_float_array(owner, x)
    sigma = check_range(owner, "std", std, 0.0)
    gen = as_generator(owner, rng)
    out = arr + gen.normal(0.0, sigma, size=arr.shape).astype(arr.dtype)
    if clip is not None:
        low, high = clip
        if not low < high:
            fail(owner, "clip = (low, high) with low < high", clip)
        out = np.clip(out, low, high)
    return out
