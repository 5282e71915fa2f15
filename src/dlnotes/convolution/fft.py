r"""Convolution by the fast Fourier transform, and an operation-count model of when it pays.

The discrete Fourier transform turns circular convolution into point-wise multiplication.
Zero-padding image and kernel to ``P x Q = (H + kH - 1) x (W + kW - 1)`` makes the circular
convolution equal to the linear ("full") one, so

.. math:: \boldsymbol x * \boldsymbol K = \mathcal F^{-1}\big(\mathcal F(\boldsymbol x)
   \odot \mathcal F(\boldsymbol K)\big),

and cross-correlation is convolution with the kernel flipped in both axes. Three real FFTs of
:math:`N = PQ` points cost :math:`O(N \log N)` whatever the kernel size, while direct
correlation costs :math:`2 k_H k_W` operations per output pixel, so the FFT wins for large
kernels and loses for small ones (Goodfellow et al., §9.8).

The model (:func:`fft_flops`) charges :math:`\tfrac52 N \log_2 N` floating-point operations
per real FFT (half the classic :math:`5 N \log_2 N` of a complex radix-2 FFT) and 6 per
complex product. It is a model for reasoning about the crossover, not a prediction of any
library's speed; the page times both.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import check_pair, fail
from dlnotes.convolution._images import as_image, as_kernel

__all__ = ["fft_correlate2d", "direct_flops", "fft_flops"]


def fft_correlate2d(image: Any, kernel: Any, mode: str = "valid") -> np.ndarray:
    """Cross-correlation through ``numpy.fft.rfft2``; equal to direct correlation to rounding.

    Goodfellow et al., §9.8.

    Shape
    -----
    - image: ``(H, W)``; kernel: ``(kH, kW)`` → valid ``(H - kH + 1, W - kW + 1)``, same
      ``(H, W)`` (odd kernel sides), full ``(H + kH - 1, W + kW - 1)``

    Examples
    --------
    >>> np.round(fft_correlate2d([[1.0, 2.0, 3.0]], [[1.0, 1.0]]), 12)
    array([[3., 5.]])
    """
    owner = "fft_correlate2d"
    x = as_image(owner, image)
    k = as_kernel(owner, kernel, x)
    (h, w), (kh, kw) = x.shape, k.shape
    shape = (h + kh - 1, w + kw - 1)
    spectrum = np.fft.rfft2(x, shape) * np.fft.rfft2(k[::-1, ::-1], shape)
    full = np.fft.irfft2(spectrum, shape).astype(np.result_type(x, k), copy=False)
    if mode == "full":
        return full
    if mode == "valid":
        return full[kh - 1 : h, kw - 1 : w]
    if mode == "same":
        if kh % 2 == 0 or kw % 2 == 0:
            fail(owner, "odd kernel sides for mode 'same'", (kh, kw))
        return full[kh // 2 : kh // 2 + h, kw // 2 : kw // 2 + w]
    fail(owner, "mode 'valid', 'same' or 'full'", repr(mode))


def direct_flops(image_shape: Any, kernel_shape: Any) -> int:
    """Operations of a direct valid correlation: ``2 kH kW`` per output pixel.

    Examples
    --------
    >>> direct_flops((64, 64), (3, 3))
    69192
    """
    (h, w), (kh, kw) = (
        check_pair("direct_flops", n, s)
        for n, s in (("image_shape", image_shape), ("kernel_shape", kernel_shape))
    )
    if kh > h or kw > w:
        fail("direct_flops", f"a kernel no larger than the image {(h, w)}", (kh, kw))
    return 2 * kh * kw * (h - kh + 1) * (w - kw + 1)


def fft_flops(image_shape: Any, kernel_shape: Any) -> float:
    r"""Model count of :func:`fft_correlate2d`: three real FFTs and the spectral product.

    With :math:`N = (H + k_H - 1)(W + k_W - 1)`: :math:`3 \cdot \tfrac52 N\log_2 N + 6 M`,
    :math:`M` the number of complex coefficients of one real 2-D FFT.

    Examples
    --------
    >>> fft_flops((64, 64), (31, 31)) < direct_flops((64, 64), (31, 31))
    True
    """
    (h, w), (kh, kw) = (
        check_pair("fft_flops", n, s)
        for n, s in (("image_shape", image_shape), ("kernel_shape", kernel_shape))
    )
    p, q = h + kh - 1, w + kw - 1
    n = p * q
    return float(3 * 2.5 * n * np.log2(n) + 6 * p * (q // 2 + 1))
