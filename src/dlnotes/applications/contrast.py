"""Global and local contrast normalisation of images (Goodfellow et al., §12.2.1.1).

Contrast is the spread of an image's intensities. Global contrast normalisation (GCN) rescales
a whole image to a fixed standard deviation; local contrast normalisation (LCN) does the same
in a window around every pixel, so edges survive and large uniform areas are flattened.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_positive_int, check_range, fail

__all__ = ["global_contrast_normalize", "local_contrast_normalize"]


def _axes(owner: str, x: np.ndarray, axis: Any) -> tuple[int, ...]:
    if axis is None:
        return tuple(range(x.ndim))
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    if not axes or any(not -x.ndim <= int(a) < x.ndim for a in axes):
        fail(owner, f"axis within the {x.ndim} dimensions of the input", repr(axis))
    return tuple(int(a) % x.ndim for a in axes)


def global_contrast_normalize(
    x: Any,
    s: float = 1.0,
    lam: float = 0.0,
    eps: float = 1e-8,
    *,
    axis: Any = None,
    center: bool = True,
) -> np.ndarray:
    r"""Global contrast normalisation of the book's §12.2.1.1.

    Over the entries :math:`x_k` of one example (the ``axis`` entries, :math:`n` of them),

    .. math::
        x'_k = s\,\frac{x_k - \bar x}{\max\big(\epsilon,
        \sqrt{\lambda + \tfrac1n\sum_j (x_j - \bar x)^2}\big)} .

    With ``center=False`` the mean :math:`\bar x` is not subtracted (the root mean square
    replaces the standard deviation). For :math:`\lambda = 0` and every example whose
    denominator exceeds :math:`\epsilon`, the result has Euclidean norm exactly
    :math:`s\sqrt n` (to rounding): GCN puts the examples on a sphere of radius
    :math:`s\sqrt n`, lying in the hyperplane :math:`\sum_k x'_k = 0` when centred.

    Parameters
    ----------
    x : array_like
        One image, or a batch of examples.
    s : float, default 1
        Target scale (standard deviation of each normalised example when :math:`\lambda=0`).
    lam : float, default 0
        Regulariser :math:`\lambda \ge 0` added to the variance; pulls low-contrast examples
        towards zero instead of amplifying their noise.
    eps : float, default 1e-8
        Floor :math:`\epsilon \ge 0` of the denominator (a constant image stays zero).
    axis : int or tuple of int, optional
        The axes of one example; ``None`` normalises the whole array as one example. For a
        batch of flat examples use ``axis=-1``, for ``(N, H, W)`` images ``axis=(1, 2)``.
    center : bool, default True
        Subtract the example's mean first (the book's definition).

    Returns
    -------
    numpy.ndarray
        The normalised array.

    Shape
    -----
    - x: any shape
    - result: the shape of x

    Examples
    --------
    >>> y = global_contrast_normalize(np.array([[1.0, 3.0, 5.0], [0.0, 0.0, 3.0]]), axis=-1)
    >>> np.round(np.linalg.norm(y, axis=1), 6)
    array([1.732051, 1.732051])
    """
    owner = "global_contrast_normalize"
    x = as_float_array(owner, x)
    s = check_range(owner, "s", s, 0.0, low_inclusive=False)
    lam = check_range(owner, "lam", lam, 0.0)
    eps = check_range(owner, "eps", eps, 0.0)
    axes = _axes(owner, x, axis)
    centred = x - x.mean(axis=axes, keepdims=True) if center else x
    contrast = np.sqrt(lam + np.mean(centred**2, axis=axes, keepdims=True))
    return s * centred / np.maximum(eps, contrast)


def local_contrast_normalize(
    image: Any, size: float = 2.0, *, window: str = "gaussian", eps: float = 1e-2
) -> np.ndarray:
    r"""Local contrast normalisation: subtract a local mean, divide by a local deviation.

    With a window :math:`w` (Gaussian of standard deviation ``size`` pixels, or a
    ``size`` by ``size`` box) that sums to one,

    .. math::
        v = x - w * x, \qquad \sigma = \sqrt{w * v^2}, \qquad x' = v / \max(\epsilon, \sigma),

    where :math:`*` is a 2-D convolution (border pixels reflected). The window is separable,
    so each filter costs two 1-D passes (Goodfellow et al., §12.2.1.1).

    Parameters
    ----------
    image : array_like
        A grey-scale image, or a stack of them (the last two axes are the image).
    size : float, default 2
        Gaussian standard deviation in pixels, or the box side (an odd integer is usual).
    window : {"gaussian", "box"}
    eps : float, default 1e-2
        Floor of the local deviation; stops flat regions' noise from being amplified.

    Returns
    -------
    numpy.ndarray
        The normalised image(s).

    Shape
    -----
    - image: ``(H, W)`` or ``(N, H, W)``
    - result: the shape of image

    Examples
    --------
    >>> flat = local_contrast_normalize(np.full((6, 6), 0.7), 1.5)
    >>> float(np.abs(flat).max()) < 1e-12
    True
    """
    from scipy import ndimage

    owner = "local_contrast_normalize"
    x = as_float_array(owner, image, "image")
    if x.ndim not in (2, 3):
        fail(owner, "an image (H, W) or a stack (N, H, W)", x.shape)
    eps = check_range(owner, "eps", eps, 0.0)
    if window == "gaussian":
        size = check_range(owner, "size", size, 0.0, low_inclusive=False)
        sigma = [0.0] * (x.ndim - 2) + [size, size]

        def smooth(a: np.ndarray) -> np.ndarray:
            return ndimage.gaussian_filter(a, sigma, mode="reflect")

    elif window == "box":
        side = check_positive_int(owner, "size", size)
        box = [1] * (x.ndim - 2) + [side, side]

        def smooth(a: np.ndarray) -> np.ndarray:
            return ndimage.uniform_filter(a, box, mode="reflect")

    else:
        fail(owner, "window 'gaussian' or 'box'", repr(window))
    v = x - smooth(x)
    sigma_local = np.sqrt(np.maximum(smooth(v**2), 0.0))  # rounding can dip below 0
    return v / np.maximum(eps, sigma_local)
