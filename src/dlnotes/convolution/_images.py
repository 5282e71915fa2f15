"""Shared checks for the chapter-9 functions, which work on one grey-scale image at a time.

A photograph is a 2-D array ``(H, W)`` and a kernel a 2-D array ``(kH, kW)``; the library's
convolution kernels work on NCHW batches, so :func:`correlate_valid` wraps
:func:`dlnotes.nn.functional.conv2d` for a single image and a single kernel.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_ndim, fail
from dlnotes.nn.functional import conv2d

__all__ = ["as_image", "as_kernel", "correlate_valid"]


def as_image(owner: str, image: Any, name: str = "image") -> np.ndarray:
    """``image`` as a floating 2-D array ``(H, W)``, else a clear error."""
    arr = as_float_array(owner, image, name)
    check_ndim(owner, arr, 2, f"{name} of shape (H, W)")
    if arr.size == 0:
        fail(owner, f"a non-empty {name}", tuple(arr.shape))
    return arr


def as_kernel(owner: str, kernel: Any, image: np.ndarray | None = None) -> np.ndarray:
    """``kernel`` as a floating 2-D array ``(kH, kW)``, no larger than ``image`` if given."""
    k = as_image(owner, kernel, "kernel")
    if image is not None and (k.shape[0] > image.shape[0] or k.shape[1] > image.shape[1]):
        fail(owner, f"a kernel no larger than the image {image.shape}", tuple(k.shape))
    return k


def correlate_valid(image: np.ndarray, kernel: np.ndarray, *, owner: str) -> np.ndarray:
    """Valid cross-correlation of one image with one kernel, by the library's ``conv2d``.

    Shape
    -----
    - image: ``(H, W)``; kernel: ``(kH, kW)`` → ``(H - kH + 1, W - kW + 1)``
    """
    dtype = np.result_type(image, kernel)
    x = image.astype(dtype, copy=False)[None, None]
    w = kernel.astype(dtype, copy=False)[None, None]
    return conv2d(x, w, owner=owner)[0, 0]
