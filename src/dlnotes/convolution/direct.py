r"""Direct 2-D cross-correlation two ways: naive Python loops and one im2col matrix product.

.. math:: s_{a,b} = \sum_{i=0}^{k_H-1}\sum_{j=0}^{k_W-1} x_{a+i,\,b+j}\, K_{i,j}

The loops compute that sum literally, one output pixel and one kernel entry at a time. im2col
copies every ``kH x kW`` patch into a column of a matrix (one strided slice per kernel
offset, :func:`dlnotes.nn.functional.im2col`) so that all the sums become one
matrix-vector product, the form optimised linear algebra libraries run fastest
(Goodfellow et al., §9.8). Both equal ``scipy.signal.correlate2d`` in the same mode.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import fail
from dlnotes.convolution._images import as_image, as_kernel
from dlnotes.nn.functional import im2col

__all__ = ["correlate2d_loops", "correlate2d_im2col", "mode_padding"]


def mode_padding(kernel_shape: Any, mode: str, *, owner: str = "mode_padding") -> tuple[int, int]:
    """Zeros added on each side for ``mode``: valid 0, same ``k // 2`` (odd k), full ``k - 1``.

    Shape
    -----
    - kernel_shape: ``(kH, kW)`` → ``(p_h, p_w)``

    Examples
    --------
    >>> mode_padding((3, 5), "same"), mode_padding((3, 5), "full")
    ((1, 2), (2, 4))
    """
    kh, kw = (int(k) for k in kernel_shape)
    if mode == "valid":
        return (0, 0)
    if mode == "full":
        return (kh - 1, kw - 1)
    if mode == "same":
        if kh % 2 == 0 or kw % 2 == 0:
            fail(owner, "odd kernel sides for mode 'same' (symmetric padding)", (kh, kw))
        return (kh // 2, kw // 2)
    fail(owner, "mode 'valid', 'same' or 'full'", repr(mode))


def _padded(owner: str, image: Any, kernel: Any, mode: str) -> tuple[np.ndarray, np.ndarray]:
    x = as_image(owner, image)
    k = as_kernel(owner, kernel)
    ph, pw = mode_padding(k.shape, mode, owner=owner)
    x = np.pad(x, ((ph, ph), (pw, pw)))
    if k.shape[0] > x.shape[0] or k.shape[1] > x.shape[1]:
        fail(owner, f"a kernel no larger than the padded image {x.shape}", k.shape)
    return x, k


def correlate2d_loops(image: Any, kernel: Any, mode: str = "valid") -> np.ndarray:
    """Cross-correlation by four nested Python loops (slow on purpose: the reference).

    Goodfellow et al., §9.1.

    Shape
    -----
    - image: ``(H, W)``; kernel: ``(kH, kW)`` → valid ``(H - kH + 1, W - kW + 1)``, same
      ``(H, W)``, full ``(H + kH - 1, W + kW - 1)``

    Examples
    --------
    >>> correlate2d_loops([[1.0, 2.0, 3.0]], [[1.0, 1.0]])
    array([[3., 5.]])
    """
    x, k = _padded("correlate2d_loops", image, kernel, mode)
    (h, w), (kh, kw) = x.shape, k.shape
    out = np.zeros((h - kh + 1, w - kw + 1), dtype=np.result_type(x, k))
    for a in range(out.shape[0]):
        for b in range(out.shape[1]):
            total = 0.0
            for i in range(kh):
                for j in range(kw):
                    total += x[a + i, b + j] * k[i, j]
            out[a, b] = total
    return out


def correlate2d_im2col(image: Any, kernel: Any, mode: str = "valid") -> np.ndarray:
    """Cross-correlation as ``kernel.ravel() @ im2col(image)``: one matrix-vector product.

    Goodfellow et al., §9.8.

    Shape
    -----
    - image: ``(H, W)``; kernel: ``(kH, kW)`` → as for the loops

    Examples
    --------
    >>> correlate2d_im2col([[1.0, 2.0, 3.0]], [[1.0, 1.0]], mode="full")
    array([[1., 3., 5., 3.]])
    """
    owner = "correlate2d_im2col"
    x, k = _padded(owner, image, kernel, mode)
    dtype = np.result_type(x, k)
    cols = im2col(x.astype(dtype, copy=False)[None, None], k.shape, owner=owner)
    out_shape = (x.shape[0] - k.shape[0] + 1, x.shape[1] - k.shape[1] + 1)
    return (k.astype(dtype, copy=False).ravel() @ cols).reshape(out_shape)
