r"""Locally connected and tiled convolution: how much parameter sharing (Goodfellow et al., §9.5).

All three layers compute every output pixel from the ``C_in x kH x kW`` patch under it:

.. math:: Z_{f,a,b} = \sum_{c,i,j} V_{c,\,a+i,\,b+j}\; W^{(a,b)}_{f,c,i,j}

and differ only in how many distinct weight tensors :math:`\boldsymbol W^{(a,b)}` there are.
A *locally connected* layer (unshared convolution) has one per output position; a *tiled*
convolution cycles through :math:`t_H \times t_W` of them, :math:`\boldsymbol W^{(a,b)} =
\boldsymbol K^{(a \bmod t_H,\; b \bmod t_W)}`; ordinary convolution has one for all positions.
With :math:`t = 1` tiling is convolution, and a locally connected layer whose weights are all
equal is convolution too. Stride 1, no padding.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import as_float_array, check_pair, check_positive_int, fail
from dlnotes.nn.functional import im2col

__all__ = [
    "locally_connected2d",
    "tiled_conv2d",
    "tile_weights",
    "SharingCounts",
    "parameter_counts",
]


def locally_connected2d(x: Any, weight: Any) -> np.ndarray:
    """Unshared convolution: a separate kernel at every output position (stride 1, valid).

    Computed from the patch matrix of :func:`dlnotes.nn.functional.im2col`, one weighted sum
    per position. Goodfellow et al., §9.5.

    Shape
    -----
    - x: ``(N, C_in, H, W)``
    - weight: ``(H_out, W_out, C_out, C_in, kH, kW)`` with ``H_out = H - kH + 1``
    - output: ``(N, C_out, H_out, W_out)``
    """
    owner = "locally_connected2d"
    v = as_float_array(owner, x)
    w = as_float_array(owner, weight, "weight")
    if v.ndim != 4:
        fail(owner, "input of shape (N, C_in, H, W)", v.shape)
    if w.ndim != 6 or w.shape[3] != v.shape[1]:
        fail(owner, f"weight of shape (H_out, W_out, C_out, {v.shape[1]}, kH, kW)", w.shape)
    ho, wo, f, c, kh, kw = w.shape
    if (v.shape[2] - kh + 1, v.shape[3] - kw + 1) != (ho, wo):
        fail(owner, f"weight for {v.shape[2] - kh + 1} x {v.shape[3] - kw + 1} outputs", (ho, wo))
    dtype = np.result_type(v, w)
    cols = im2col(v.astype(dtype, copy=False), (kh, kw), owner=owner)  # (C kH kW, Ho Wo N)
    cols = cols.reshape(c * kh * kw, ho, wo, len(v))
    out = np.einsum("abfp,pabn->nfab", w.reshape(ho, wo, f, -1).astype(dtype), cols)
    return np.ascontiguousarray(out)


def tile_weights(kernels: Any, out_size: Any) -> np.ndarray:
    """Cycle ``t_H x t_W`` kernels over the outputs: ``(a, b)`` gets tile ``(a % t_H, b % t_W)``.

    Shape
    -----
    - kernels: ``(t_H, t_W, C_out, C_in, kH, kW)``; out_size: ``(H_out, W_out)`` →
      ``(H_out, W_out, C_out, C_in, kH, kW)``, a locally connected weight
    """
    owner = "tile_weights"
    k = as_float_array(owner, kernels, "kernels")
    if k.ndim != 6:
        fail(owner, "kernels of shape (t_H, t_W, C_out, C_in, kH, kW)", k.shape)
    ho, wo = check_pair(owner, "out_size", out_size)
    rows, cols = np.arange(ho) % k.shape[0], np.arange(wo) % k.shape[1]
    return k[rows[:, None], cols[None, :]]


def tiled_conv2d(x: Any, kernels: Any) -> np.ndarray:
    """Tiled convolution: ``t_H x t_W`` kernels cycled over the output positions.

    Goodfellow et al., §9.5. With ``t = 1`` this is ordinary (valid, stride 1) convolution.

    Shape
    -----
    - x: ``(N, C_in, H, W)``; kernels: ``(t_H, t_W, C_out, C_in, kH, kW)`` →
      ``(N, C_out, H - kH + 1, W - kW + 1)``
    """
    owner = "tiled_conv2d"
    v = as_float_array(owner, x)
    k = as_float_array(owner, kernels, "kernels")
    if v.ndim != 4 or k.ndim != 6:
        fail(
            owner,
            "input (N, C_in, H, W) and kernels (t_H, t_W, C_out, C_in, kH, kW)",
            f"{v.shape} and {k.shape}",
        )
    out_size = (v.shape[2] - k.shape[4] + 1, v.shape[3] - k.shape[5] + 1)
    return locally_connected2d(v, tile_weights(k, out_size))


class SharingCounts(NamedTuple):
    """Weights (no biases) of four layers mapping ``C_in x H x W`` to ``C_out x H_out x W_out``."""

    fully_connected: int  #: ``C_in H W * C_out H_out W_out``
    locally_connected: int  #: ``H_out W_out * C_out C_in kH kW``
    tiled: int  #: ``t_H t_W * C_out C_in kH kW``
    convolution: int  #: ``C_out C_in kH kW``


def parameter_counts(
    in_channels: int, out_channels: int, image_size: Any, kernel_size: Any, tiles: Any
) -> SharingCounts:
    """Exact weight counts of the layers of this module and of a dense layer, valid, stride 1.

    Goodfellow et al., §9.5.

    Examples
    --------
    >>> parameter_counts(1, 1, 5, 3, 2)
    SharingCounts(fully_connected=225, locally_connected=81, tiled=36, convolution=9)
    """
    owner = "parameter_counts"
    c = check_positive_int(owner, "in_channels", in_channels)
    f = check_positive_int(owner, "out_channels", out_channels)
    h, w = check_pair(owner, "image_size", image_size)
    kh, kw = check_pair(owner, "kernel_size", kernel_size)
    th, tw = check_pair(owner, "tiles", tiles)
    if kh > h or kw > w:
        fail(owner, f"a kernel no larger than the image {(h, w)}", (kh, kw))
    ho, wo = h - kh + 1, w - kw + 1
    kernel = f * c * kh * kw
    return SharingCounts(c * h * w * f * ho * wo, ho * wo * kernel, th * tw * kernel, kernel)
