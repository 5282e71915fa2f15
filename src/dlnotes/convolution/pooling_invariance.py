r"""Approximate invariance of max pooling to small translations (Goodfellow et al., §9.3).

Two crops of the same photograph, the second taken ``s`` pixels to the left of the first,
show the same content shifted right by ``s`` pixels. Compared position by position, almost
no pixel keeps its value; but a max-pooled output keeps its value whenever the maximum of its
window is still inside the window after the shift, which becomes likely as the window grows
relative to the shift. The stride only selects *which* windows are kept: the fraction of
unchanged outputs with stride ``s`` is the fraction among the stride-1 windows whose corner
lies on the stride-``s`` grid, so on average it does not depend on the stride.

The *three-stage* layer of §9.3 is convolution (affine), detector (a nonlinearity), pooling.
With max pooling and an increasing nonlinearity such as the logistic sigmoid, the last two
stages commute exactly: the largest of several sigmoids is the sigmoid of the largest input.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import check_nonnegative_int, check_positive_int, fail
from dlnotes.convolution._images import as_image, as_kernel, correlate_valid
from dlnotes.nn.functional import max_pool2d, sigmoid

__all__ = [
    "max_pool",
    "shifted_crops",
    "unchanged_fraction",
    "pooling_invariance_table",
    "PipelineStages",
    "three_stage_layer",
]


def max_pool(image: Any, size: int, stride: int | None = None) -> np.ndarray:
    """Max pooling of one feature map by :func:`dlnotes.nn.functional.max_pool2d`.

    Goodfellow et al., §9.3.

    Shape
    -----
    - image: ``(H, W)`` → ``((H - size) // stride + 1, (W - size) // stride + 1)``

    Examples
    --------
    >>> max_pool(np.arange(16.0).reshape(4, 4), 2)
    array([[ 5.,  7.],
           [13., 15.]])
    """
    x = as_image("max_pool", image)
    return max_pool2d(x[None, None], size, stride, owner="max_pool")[0, 0]


def shifted_crops(image: Any, width: int, shift: int) -> tuple[np.ndarray, np.ndarray]:
    """Two crops of ``image``, full height and ``width`` wide; the second moved right by ``shift``.

    The first crop starts at column ``shift``, the second at column 0, so
    ``second[:, j + shift] == first[:, j]``: the same scene translated right by ``shift``
    pixels, with genuinely new content entering at the left (no wrap-around).

    Shape
    -----
    - image: ``(H, W)`` with ``W >= width + shift`` → two ``(H, width)`` arrays
    """
    owner = "shifted_crops"
    x = as_image(owner, image)
    width = check_positive_int(owner, "width", width)
    shift = check_nonnegative_int(owner, "shift", shift)
    if width + shift > x.shape[1]:
        fail(owner, f"width + shift at most the image width {x.shape[1]}", width + shift)
    return x[:, shift : shift + width], x[:, :width]


def unchanged_fraction(a: Any, b: Any) -> float:
    """Fraction of positions where ``a`` and ``b`` hold exactly the same value.

    Shape
    -----
    - a, b: the same shape → a float in ``[0, 1]``
    """
    x, y = np.asarray(a), np.asarray(b)
    if x.shape != y.shape or x.size == 0:
        fail("unchanged_fraction", "two non-empty arrays of one shape", f"{x.shape}, {y.shape}")
    return float(np.mean(x == y))


def pooling_invariance_table(
    image: Any, sizes: Any, shifts: Any, *, stride: int | None = None, width: int | None = None
) -> np.ndarray:
    """Fraction of max-pool outputs unchanged by a shift, for each pool size and shift.

    For every shift ``s`` the two :func:`shifted_crops` (width ``width``, by default the
    image width minus the largest shift) are max-pooled with window ``size`` and ``stride``
    (default: the window size, non-overlapping pools) and compared position by position.
    Size 1 means no pooling: the fraction of raw values that survive the shift.
    Goodfellow et al., §9.3.

    Shape
    -----
    - image: ``(H, W)``; sizes: ``(P,)``; shifts: ``(S,)`` → ``(P, S)``
    """
    owner = "pooling_invariance_table"
    x = as_image(owner, image)
    sizes = [check_positive_int(owner, "size", int(p)) for p in np.atleast_1d(sizes)]
    shifts = [check_nonnegative_int(owner, "shift", int(s)) for s in np.atleast_1d(shifts)]
    w = x.shape[1] - max(shifts) if width is None else check_positive_int(owner, "width", width)
    table = np.empty((len(sizes), len(shifts)))
    for p, size in enumerate(sizes):
        for q, shift in enumerate(shifts):
            first, second = shifted_crops(x, w, shift)
            table[p, q] = unchanged_fraction(
                max_pool(first, size, stride), max_pool(second, size, stride)
            )
    return table


class PipelineStages(NamedTuple):
    """The three stages of a convolutional layer for one input (Goodfellow et al., §9.3)."""

    convolution: np.ndarray  #: affine stage, the valid cross-correlation plus the bias
    detector: np.ndarray  #: the logistic sigmoid of the convolution
    pooled: np.ndarray  #: max pooling of the detector stage


def three_stage_layer(
    image: Any, kernel: Any, pool_size: int, *, stride: int | None = None, bias: float = 0.0
) -> PipelineStages:
    r"""Convolution, sigmoid detector and max pooling of one image, every stage returned.

    Since the sigmoid is increasing, ``pooled`` also equals the sigmoid of the max-pooled
    convolution (conv → pool → sigmoid): the detector and pooling stages commute.
    Goodfellow et al., §9.3.

    Shape
    -----
    - image: ``(H, W)``; kernel: ``(kH, kW)`` → convolution and detector
      ``(H - kH + 1, W - kW + 1)``, pooled as ``max_pool`` of those
    """
    owner = "three_stage_layer"
    x = as_image(owner, image)
    k = as_kernel(owner, kernel, x)
    z = correlate_valid(x, k, owner=owner) + bias
    h = sigmoid(z)
    return PipelineStages(z, h, max_pool(h, pool_size, stride))
