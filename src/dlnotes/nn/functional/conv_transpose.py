"""Transposed convolution: the adjoint of a convolution, used to *up*-sample feature maps.

A convolution with weight ``W`` maps an input to an output by ``y = W x`` for some big sparse
matrix ``W``. The transposed convolution with the same weight computes ``W^T y``: each input
pixel *paints* a ``kH x kW`` copy of the kernel, scaled by its value, into the output at
``stride`` spacing, and overlapping copies add. In im2col terms, it is exactly the input
gradient of a convolution (``col2im(W^T x)``), and its own input gradient is a convolution
(``W @ im2col(g)``). Goodfellow et al., §9.5 (the transpose of the convolution matrix, needed
to back-propagate through convolution and to build decoders), as in DCGAN (Radford et al., 2016).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import as_float_array, check_pair, fail
from dlnotes.nn.functional.conv import (
    batch_last_matrix,
    block_size,
    check_conv_args,
    conv_workers,
    patch_blocks,
    run_chunks,
    workspace,
)
from dlnotes.nn.functional.im2col import Pair, col2im_add_phases

__all__ = [
    "conv_transpose2d_forward",
    "conv_transpose2d_backward",
    "conv_transpose2d",
    "conv_transpose_output_size",
    "ConvTranspose2dCache",
]


class ConvTranspose2dCache(NamedTuple):
    """What :func:`conv_transpose2d_backward` needs from :func:`conv_transpose2d_forward`."""

    x: np.ndarray
    weight: np.ndarray
    has_bias: bool
    stride: Pair
    padding: Pair
    out_size: Pair


def conv_transpose_output_size(
    size: int, kernel_size: int, stride: int = 1, padding: int = 0, output_padding: int = 0
) -> int:
    r"""Length of a transposed-convolution output along one axis.

    .. math:: n_\text{out} = (n - 1)\,s - 2p + k + p_\text{out}

    Shape
    -----
    Scalars: one axis length in, one out (apply it to ``H`` and to ``W``).

    Examples
    --------
    >>> conv_transpose_output_size(4, 4, stride=2, padding=1)   # doubles the size
    8
    """
    return (size - 1) * stride - 2 * padding + kernel_size + output_padding


def _geometry(
    owner: str, x: np.ndarray, kernel: Pair, stride: Any, padding: Any, output_padding: Any
) -> tuple[Pair, Pair, Pair, Pair]:
    if isinstance(padding, str):  # PyTorch accepts "same"/"valid" for Conv2d only
        fail(owner, "padding to be an int or a pair of ints (no string paddings)", repr(padding))
    strides = check_pair(owner, "stride", stride)
    pads = check_pair(owner, "padding", padding, allow_zero=True)
    out_pads = check_pair(owner, "output_padding", output_padding, allow_zero=True)
    if out_pads[0] >= strides[0] or out_pads[1] >= strides[1]:
        fail(owner, f"output_padding smaller than stride {strides}", out_pads)
    out_size = (
        conv_transpose_output_size(x.shape[2], kernel[0], strides[0], pads[0], out_pads[0]),
        conv_transpose_output_size(x.shape[3], kernel[1], strides[1], pads[1], out_pads[1]),
    )
    if out_size[0] < 1 or out_size[1] < 1:
        fail(
            owner, f"a positive output size for input {tuple(x.shape)} and padding {pads}", out_size
        )
    return strides, pads, out_pads, out_size


def conv_transpose2d_forward(
    x: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None = None,
    stride: Any = 1,
    padding: Any = 0,
    output_padding: Any = 0,
    *,
    owner: str = "conv_transpose2d",
) -> tuple[np.ndarray, ConvTranspose2dCache]:
    r"""2-D transposed convolution (PyTorch's ``conv_transpose2d``).

    .. math:: y^\text{full}_{n,o,\,s_h a + i,\,s_w b + j} \mathrel{+}=
              x_{n,c,a,b}\, w_{c,o,i,j}, \qquad
              y = b + y^\text{full}[\ldots, p_h : p_h + H_\text{out}, p_w : p_w + W_\text{out}]

    ``padding`` *removes* rows and columns from the border of the full result (it is the
    padding of the convolution this operation transposes). Goodfellow et al., §9.5.

    Parameters
    ----------
    x : numpy.ndarray
        Input feature maps.
    weight : numpy.ndarray
        Kernel, laid out ``(C_in, C_out, kH, kW)`` as in PyTorch; same dtype as ``x``.
    bias : numpy.ndarray, optional
        One bias per output channel.
    stride, padding, output_padding : int or pair of ints
        ``output_padding`` (smaller than ``stride``) adds rows/columns at the bottom/right to
        choose among the input sizes a strided convolution maps to the same output size.
    owner : str
        Name that starts error messages (modules pass their class name).

    Returns
    -------
    out : numpy.ndarray
        Output in ``x``'s dtype.
    cache : ConvTranspose2dCache
        What :func:`conv_transpose2d_backward` needs.

    Shape
    -----
    - x: ``(N, C_in, H, W)``; weight: ``(C_in, C_out, kH, kW)``; bias: ``(C_out,)``
    - out: ``(N, C_out, H_out, W_out)``, ``H_out = (H - 1) s_h - 2 p_h + kH + op_h``

    Examples
    --------
    >>> out, _ = conv_transpose2d_forward(np.ones((1, 1, 2, 2)), np.ones((1, 1, 2, 2)), stride=2)
    >>> out[0, 0]
    array([[1., 1., 1., 1.],
           [1., 1., 1., 1.],
           [1., 1., 1., 1.],
           [1., 1., 1., 1.]])
    """
    x, weight, bias = check_conv_args(owner, x, weight, bias, in_channels_axis=0)
    kernel = (weight.shape[2], weight.shape[3])
    strides, pads, out_pads, out_size = _geometry(owner, x, kernel, stride, padding, output_padding)
    n, c_in, h, w = x.shape
    c_out = weight.shape[1]
    ph, pw = pads
    sh, sw = strides
    # The full (uncropped) result, held phase-major (see col2im_add_phases): row s_h*A + p
    # of the full image is row A of phase p. Rows of the full image are
    # (H - 1) s_h + kH + output_padding; the phase grid covers at least that many.
    full_h, full_w = out_size[0] + 2 * ph, out_size[1] + 2 * pw
    hq, wq = -(-full_h // sh), -(-full_w // sw)
    w2t = np.ascontiguousarray(weight.reshape(c_in, -1).T)  # (C_out*kH*kW, C_in)
    out = np.empty((n, c_out, *out_size), dtype=x.dtype)
    flop = 2.0 * x.size * w2t.shape[0]
    workers = conv_workers(n, flop)
    # Where each phase lands in the cropped output: output row y is full row y + p_h, so
    # phase p holds the output rows y0, y0 + s_h, ... with y0 = (p - p_h) mod s_h, starting
    # at phase row (y0 + p_h) // s_h.
    row_phases = [
        ((p - ph) % sh, ((p - ph) % sh + ph) // sh, len(range((p - ph) % sh, out_size[0], sh)))
        for p in range(sh)
    ]
    col_phases = [
        ((q - pw) % sw, ((q - pw) % sw + pw) // sw, len(range((q - pw) % sw, out_size[1], sw)))
        for q in range(sw)
    ]

    def forward_chunk(first: int, last: int) -> None:
        nb = block_size(w2t.shape[0] * h * w * x.itemsize, last - first, workers)
        phase_buf = workspace("phases", sh * sw * c_out * hq * wq * nb, x.dtype)
        cols_buf = workspace("painted", w2t.shape[0] * h * w * nb, x.dtype)
        for start in range(first, last, nb):
            stop = min(start + nb, last)
            m = stop - start
            # Every input pixel's painted copy of the kernel, as columns: (C_out*kH*kW, H*W*m).
            cols = np.matmul(
                w2t,
                batch_last_matrix(x[start:stop]),
                out=cols_buf[: w2t.shape[0] * h * w * m].reshape(w2t.shape[0], -1),
            )
            phases = phase_buf[: sh * sw * c_out * hq * wq * m].reshape(sh, sw, c_out, hq, wq, m)
            phases.fill(0)
            col2im_add_phases(
                cols.reshape(c_out, *kernel, h, w, m), kernel, strides, (h, w), phases
            )
            for p, (y0, a0, rows) in enumerate(row_phases):
                for q, (x0, b0, columns) in enumerate(col_phases):
                    if rows == 0 or columns == 0:
                        continue
                    block = phases[p, q, :, a0 : a0 + rows, b0 : b0 + columns].transpose(3, 0, 1, 2)
                    target = out[start:stop, :, y0::sh, x0::sw]
                    # The bias is added during the copy back to NCHW, not in a second pass.
                    if bias is None:
                        target[...] = block
                    else:
                        np.add(block, bias[:, None, None], out=target)

    run_chunks(forward_chunk, n, workers, flop)
    return out, ConvTranspose2dCache(x, weight, bias is not None, strides, pads, out_size)


def conv_transpose2d_backward(
    grad_output: np.ndarray,
    cache: ConvTranspose2dCache,
    *,
    owner: str = "conv_transpose2d_backward",
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    r"""Gradients of :func:`conv_transpose2d_forward` for input, weight and bias.

    .. math:: \frac{\partial L}{\partial x_n} = W\,\text{cols}(G_n), \quad
              \frac{\partial L}{\partial W} = \sum_n x_n\,\text{cols}(G_n)^\top, \quad
              \frac{\partial L}{\partial b_o} = \sum_{n,a,b} G_{n,o,a,b}

    where ``cols(G_n)`` is the patch matrix of the zero-padded upstream gradient: the input
    gradient of a transposed convolution is an ordinary convolution. Goodfellow et al., §9.5.

    Parameters
    ----------
    grad_output : numpy.ndarray
        Gradient of the loss with respect to the output; not modified.
    cache : ConvTranspose2dCache
        From :func:`conv_transpose2d_forward`.
    owner : str
        Name that starts error messages.

    Returns
    -------
    dx, dweight, dbias : numpy.ndarray
        ``dbias`` is ``None`` when the forward had no bias.

    Shape
    -----
    - grad_output: ``(N, C_out, H_out, W_out)``
    - dx: ``(N, C_in, H, W)``; dweight: ``(C_in, C_out, kH, kW)``; dbias: ``(C_out,)`` or None

    Examples
    --------
    >>> out, cache = conv_transpose2d_forward(np.ones((1, 2, 3, 3)), np.ones((2, 1, 2, 2)),
    ...                                       np.zeros(1), stride=2)
    >>> dx, dw, db = conv_transpose2d_backward(np.ones_like(out), cache)
    >>> dx.shape, dw.shape, float(db[0])
    ((1, 2, 3, 3), (2, 1, 2, 2), 36.0)
    """
    x, weight, strides, pads = cache.x, cache.weight, cache.stride, cache.padding
    out_size = cache.out_size
    n, c_in, h, w = x.shape
    c_out = weight.shape[1]
    kernel = (weight.shape[2], weight.shape[3])
    g = as_float_array(owner, grad_output, "grad_output")
    if g.shape != (n, c_out, *out_size):
        fail(
            owner,
            f"grad_output of shape {(n, c_out, *out_size)}",
            tuple(g.shape),
        )
    g = g.astype(x.dtype, copy=False)
    w2 = weight.reshape(c_in, -1)
    dx = np.empty_like(x)
    flop = 4.0 * x.size * w2.shape[1]
    workers = conv_workers(n, flop)

    def backward_chunk(first: int, last: int) -> np.ndarray:
        dw2 = np.zeros_like(w2)
        for start, stop, cols in patch_blocks(
            g, kernel, strides, pads, (h, w), first, last, workers
        ):
            m = stop - start
            dx[start:stop] = (w2 @ cols).reshape(c_in, h, w, m).transpose(3, 0, 1, 2)
            dw2 += batch_last_matrix(x[start:stop]) @ cols.T
        return dw2

    dw2, *others = run_chunks(backward_chunk, n, workers, flop)
    for part in others:
        dw2 += part
    db = g.sum(axis=(0, 2, 3)) if cache.has_bias else None
    return dx, dw2.reshape(weight.shape), db


def conv_transpose2d(
    x: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None = None,
    stride: Any = 1,
    padding: Any = 0,
    output_padding: Any = 0,
    *,
    owner: str = "conv_transpose2d",
) -> np.ndarray:
    """One-way transposed convolution (:func:`conv_transpose2d_forward` without the cache).

    Goodfellow et al., §9.5. Arguments as for :func:`conv_transpose2d_forward`.

    Shape
    -----
    - x: ``(N, C_in, H, W)``; weight: ``(C_in, C_out, kH, kW)`` → ``(N, C_out, H_out, W_out)``

    Examples
    --------
    >>> conv_transpose2d(np.ones((1, 3, 4, 4)), np.ones((3, 2, 4, 4)), stride=2, padding=1).shape
    (1, 2, 8, 8)
    """
    return conv_transpose2d_forward(x, weight, bias, stride, padding, output_padding, owner=owner)[
        0
    ]
