"""im2col and col2im: turning a convolution into one matrix product.

Every output pixel of a convolution is the dot product of the kernel with one ``C x kH x kW``
patch of the input. Copying each patch into a column of a matrix (*im2col*) turns the whole
convolution into a single matrix product, the form BLAS computes fastest (Goodfellow et al.,
§9.8). The copy is built by looping over the ``kH x kW`` kernel *offsets*, not over the output
pixels: for the offset ``(i, j)`` the entries of every patch form one strided slice of the
(padded) input, ``x[c, i : i + stride*H_out : stride, j : j + stride*W_out : stride, n]``, so
the loop runs ``kH * kW`` times whatever the image size.

Layout: internally the images are held *batch-last*, ``(C, H, W, N)``, and the patch matrix
has one row per ``(c, i, j)`` and one column per ``(a, b, n)`` (output row, output column,
image). With the batch as the fastest axis, each offset's slice is made of runs of
``W_out * N`` consecutive numbers (for stride 1) instead of ``W_out``, so NumPy copies and adds
long contiguous runs; on the benchmark layer this makes im2col about 2.5x and col2im about 2x
faster than the NCHW order.

``col2im`` is the adjoint (transpose) of ``im2col``: it adds every column back to the place
its entries came from, so overlapping patches *sum*. That is exactly the backward pass of
``im2col``, and ``<im2col(x), y> == <x, col2im(y, x.shape, ...)>`` for all ``x`` and ``y``.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import as_float_array, check_pair, fail

__all__ = ["im2col", "col2im", "conv_output_size", "ConvGeometry"]

Pair = tuple[int, int]


class ConvGeometry(NamedTuple):
    """Validated hyper-parameters of a convolution or pooling window, as ``(height, width)``."""

    kernel_size: Pair
    stride: Pair
    padding: Pair
    out_size: Pair


def conv_output_size(size: int, kernel_size: int, stride: int = 1, padding: int = 0) -> int:
    r"""Length of a convolution or pooling output along one axis.

    .. math:: n_\text{out} = \left\lfloor \frac{n + 2p - k}{s} \right\rfloor + 1

    Goodfellow et al., §9.5 (strided and zero-padded convolution).

    Shape
    -----
    Scalars: one axis length in, one out (apply it to ``H`` and to ``W``).

    Examples
    --------
    >>> conv_output_size(28, 5), conv_output_size(28, 5, stride=2, padding=2)
    (24, 14)
    """
    return (size + 2 * padding - kernel_size) // stride + 1


def conv_geometry(
    owner: str, x: np.ndarray, kernel_size: Any, stride: Any, padding: Any
) -> ConvGeometry:
    """Validate a 4-D input and the hyper-parameters; return kernel, stride, padding, out size.

    Shared by every convolution and pooling kernel so that all of them reject bad input with
    the same messages; ``owner`` (the public function or class) starts every message.
    """
    if x.ndim != 4:
        fail(owner, "input of shape (N, C, H, W)", tuple(x.shape))
    kernel = check_pair(owner, "kernel_size", kernel_size)
    strides = check_pair(owner, "stride", stride)
    pads = check_pair(owner, "padding", padding, allow_zero=True)
    h, w = x.shape[2] + 2 * pads[0], x.shape[3] + 2 * pads[1]
    if kernel[0] > h or kernel[1] > w:
        fail(
            owner,
            f"kernel_size {kernel} no larger than the padded input {(h, w)}",
            f"input {tuple(x.shape)} with padding {pads}",
        )
    out = (
        conv_output_size(x.shape[2], kernel[0], strides[0], pads[0]),
        conv_output_size(x.shape[3], kernel[1], strides[1], pads[1]),
    )
    return ConvGeometry(kernel, strides, pads, out)


def pad_input(x: np.ndarray, padding: Pair, value: float = 0.0) -> np.ndarray:
    """Return ``x`` padded on both spatial sides (``x`` itself when there is no padding)."""
    ph, pw = padding
    if ph == 0 and pw == 0:
        return x
    out = np.full((*x.shape[:2], x.shape[2] + 2 * ph, x.shape[3] + 2 * pw), value, dtype=x.dtype)
    out[:, :, ph : ph + x.shape[2], pw : pw + x.shape[3]] = x
    return out


def window(
    xp: np.ndarray, i: int, j: int, stride: Pair, out_size: Pair, first_axis: int = 2
) -> np.ndarray:
    """The strided view of ``xp`` that kernel offset ``(i, j)`` sees at every output pixel.

    The two spatial axes are ``first_axis`` and the next one (2 for NCHW, 1 for the
    batch-last ``(C, H, W, N)``); for NCHW,
    ``window(xp, i, j, ...)[n, c, a, b] == xp[n, c, i + a*stride_h, j + b*stride_w]``.
    """
    (sh, sw), (ho, wo) = stride, out_size
    index = [slice(None)] * xp.ndim
    index[first_axis] = slice(i, i + sh * (ho - 1) + 1, sh)
    index[first_axis + 1] = slice(j, j + sw * (wo - 1) + 1, sw)
    return xp[tuple(index)]


def to_batch_last(
    x: np.ndarray, padding: Pair = (0, 0), out: np.ndarray | None = None
) -> np.ndarray:
    """Copy NCHW images into a zero-padded batch-last array ``(C, H + 2p_h, W + 2p_w, N)``.

    ``out`` may be a reused buffer whose border is already zero.
    """
    n, c, h, w = x.shape
    ph, pw = padding
    if out is None:
        out = np.zeros((c, h + 2 * ph, w + 2 * pw, n), dtype=x.dtype)
    out[:, ph : ph + h, pw : pw + w] = x.transpose(1, 2, 3, 0)
    return out


def im2col_into(
    xq: np.ndarray, kernel: Pair, stride: Pair, out_size: Pair, out: np.ndarray
) -> np.ndarray:
    """Fill ``out`` ``(C, kH, kW, H_out, W_out, N)`` with the patches of batch-last ``xq``.

    ``xq`` is the padded input as ``(C, H_pad, W_pad, N)``; ``out`` can be a reused buffer.
    """
    # All the patches are one read-only strided view of ``xq``: a kernel step and an output
    # step both move along the same spatial axis (the latter ``stride`` times as far). Copying
    # that 6-D view in a single call lets NumPy run one tight loop instead of ``kH * kW``
    # separate slice copies, about 1.4x faster on the benchmark layer.
    (sh, sw), (ho, wo) = stride, out_size
    s_c, s_h, s_w, s_n = xq.strides
    patches = np.lib.stride_tricks.as_strided(
        xq,
        shape=(xq.shape[0], *kernel, ho, wo, xq.shape[3]),
        strides=(s_c, s_h, s_w, s_h * sh, s_w * sw, s_n),
        writeable=False,
    )
    np.copyto(out, patches)
    return out


def to_channels_last(
    x: np.ndarray, padding: Pair = (0, 0), out: np.ndarray | None = None
) -> np.ndarray:
    """Copy NCHW images into a zero-padded channels-last array ``(N, H + 2p_h, W + 2p_w, C)``.

    ``out`` may be a reused buffer whose border is already zero.
    """
    n, c, h, w = x.shape
    ph, pw = padding
    if out is None:
        out = np.zeros((n, h + 2 * ph, w + 2 * pw, c), dtype=x.dtype)
    out[:, ph : ph + h, pw : pw + w] = x.transpose(0, 2, 3, 1)
    return out


def pixel_patches(xq: np.ndarray, kernel: Pair, stride: Pair, out_size: Pair) -> np.ndarray:
    """Read-only view ``(N, H_out, W_out, kH, kW, C)`` of the patches of channels-last ``xq``.

    One row of patch entries per output pixel: copied into a contiguous buffer it is the
    *pixel-major* patch matrix ``(N*H_out*W_out, kH*kW*C)``, whose rows are contiguous runs
    of ``kW*C`` input numbers (a kernel row sees ``kW`` neighbouring pixels, all channels).
    Its products with the weight, ``cols @ W.T`` forward and ``G.T @ cols`` for the weight
    gradient, run at a higher fraction of the BLAS peak than those of the batch-last layout.
    """
    (sh, sw), (ho, wo) = stride, out_size
    s_n, s_h, s_w, s_c = xq.strides
    return np.lib.stride_tricks.as_strided(
        xq,
        shape=(xq.shape[0], ho, wo, *kernel, xq.shape[3]),
        strides=(s_n, s_h * sh, s_w * sw, s_h, s_w, s_c),
        writeable=False,
    )


def col2im_add(
    cols: np.ndarray, kernel: Pair, stride: Pair, out_size: Pair, dxq: np.ndarray
) -> np.ndarray:
    """Add patches ``cols`` ``(C, kH, kW, H_out, W_out, N)`` into batch-last ``dxq``.

    ``dxq`` is ``(C, H_pad, W_pad, N)``. The adjoint of :func:`im2col_into`: each offset's
    slice is *added*, because overlapping patches share input pixels.
    """
    for i in range(kernel[0]):
        for j in range(kernel[1]):
            window(dxq, i, j, stride, out_size, first_axis=1)[...] += cols[:, i, j]
    return dxq


def col2im_add_wide(
    cols: np.ndarray, kernel: Pair, padded_hw: Pair, flat: np.ndarray
) -> np.ndarray:
    """Stride-1 :func:`col2im_add` on "wide" patches, with one contiguous add per offset.

    ``cols`` is ``(C, kH, kW, H_out * W_pad * N)``: the patch gradients computed for *every*
    column of the padded width, ``W_pad``, instead of only the ``W_out`` valid ones, the
    extra columns being zero. ``flat`` is ``(C, H_pad * W_pad * N + (kW - 1) * N)``, the
    padded batch-last ``dxq`` flattened per channel plus a tail of slack.

    With stride 1 and that width, the entries of offset ``(i, j)`` land on one contiguous run
    of ``flat`` starting at ``(i * W_pad + j) * N``: a wide column that runs off the right
    edge of a row wraps onto the next row, harmlessly since it only carries zeros. So each
    offset is one long add instead of ``C * H_out`` short ones, which is what dominated
    the cost of the narrow version.
    """
    n = flat.shape[1] // (padded_hw[0] * padded_hw[1] + kernel[1] - 1)  # images
    length = cols.shape[3]
    for i in range(kernel[0]):
        for j in range(kernel[1]):
            start = (i * padded_hw[1] + j) * n
            flat[:, start : start + length] += cols[:, i, j]
    return flat


def col2im_add_phases(
    cols: np.ndarray, kernel: Pair, stride: Pair, in_size: Pair, phases: np.ndarray
) -> np.ndarray:
    """Strided :func:`col2im_add` into a *phase-major* buffer, in long contiguous runs.

    ``cols`` is ``(C, kH, kW, H_in, W_in, N)``; ``phases`` is ``(s_h, s_w, C, H_q, W_q, N)``
    and stands for the batch-last image ``full[c, s_h*A + p, s_w*B + q, n] =
    phases[p, q, c, A, B, n]``. With a stride above 1, the entries of kernel offset
    ``(i, j)`` land on every ``s``-th row and column of ``full``, so adding them there moves
    runs of only ``N`` numbers; in the phase-major buffer the same entries form one block
    ``phases[i % s_h, j % s_w, :, i // s_h :, j // s_w :]`` whose rows are runs of
    ``W_in * N`` consecutive numbers.
    """
    (sh, sw), (h, w) = stride, in_size
    for i in range(kernel[0]):
        for j in range(kernel[1]):
            a, b = i // sh, j // sw
            phases[i % sh, j % sw, :, a : a + h, b : b + w] += cols[:, i, j]
    return phases


def im2col(
    x: np.ndarray, kernel_size: Any, stride: Any = 1, padding: Any = 0, *, owner: str = "im2col"
) -> np.ndarray:
    r"""Patch matrix of a batch of images: one row per kernel entry, one column per output pixel.

    .. math:: \text{cols}[(c, i, j), (a, b, n)] = x_\text{pad}[n, c, s_h a + i, s_w b + j]

    so that a convolution with weight ``w`` of shape ``(F, C, kH, kW)`` is the single matrix
    product ``w.reshape(F, -1) @ im2col(x, ...)``, whose ``(F, H_out*W_out*N)`` result
    reshapes to ``(F, H_out, W_out, N)`` (batch last, see the module notes). Built by looping
    over the ``kH * kW`` kernel offsets, each one strided slice of the zero-padded input.
    Goodfellow et al., §9.8.

    Parameters
    ----------
    x : numpy.ndarray
        Images, NCHW. float32 stays float32.
    kernel_size, stride, padding : int or pair of ints
        Kernel height and width, step between patches, zeros added on each side.
    owner : str
        Name that starts error messages (the public caller's).

    Returns
    -------
    numpy.ndarray
        The patch matrix.

    Shape
    -----
    - x: ``(N, C, H, W)``
    - output: ``(C * kH * kW, H_out * W_out * N)`` with
      ``H_out = (H + 2 * padding - kH) // stride + 1`` (likewise ``W_out``); rows run over
      ``(c, i, j)`` in C order, like the flattened weight, columns over ``(a, b, n)``.

    Examples
    --------
    >>> x = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> im2col(x, 3).shape
    (9, 4)
    >>> im2col(x, 3)[:, 0]   # the top-left 3x3 patch of the first image
    array([ 0.,  1.,  2.,  4.,  5.,  6.,  8.,  9., 10.])
    """
    x = as_float_array(owner, x)
    kernel, strides, pads, out_size = conv_geometry(owner, x, kernel_size, stride, padding)
    n, c = x.shape[:2]
    cols = np.empty((c, *kernel, *out_size, n), dtype=x.dtype)
    im2col_into(to_batch_last(x, pads), kernel, strides, out_size, cols)
    return cols.reshape(c * kernel[0] * kernel[1], out_size[0] * out_size[1] * n)


def col2im(
    cols: np.ndarray,
    input_shape: tuple[int, ...],
    kernel_size: Any,
    stride: Any = 1,
    padding: Any = 0,
    *,
    owner: str = "col2im",
) -> np.ndarray:
    r"""Adjoint of :func:`im2col`: add every patch column back to its input positions.

    .. math:: \langle \text{im2col}(x), y \rangle = \langle x, \text{col2im}(y) \rangle

    Entries that several patches share receive the sum of their contributions; contributions
    that land in the zero padding are dropped. This is the backward pass of ``im2col``.
    Goodfellow et al., §9.8.

    Parameters
    ----------
    cols : numpy.ndarray
        A patch matrix shaped like the output of :func:`im2col`.
    input_shape : tuple of int
        ``(N, C, H, W)`` of the image batch the patches came from.
    kernel_size, stride, padding : int or pair of ints
        The values used for :func:`im2col`.
    owner : str
        Name that starts error messages.

    Returns
    -------
    numpy.ndarray
        Array of shape ``input_shape`` and the dtype of ``cols``.

    Shape
    -----
    - cols: ``(C * kH * kW, H_out * W_out * N)``
    - output: ``(N, C, H, W)``

    Examples
    --------
    >>> ones = np.ones((9, 4))
    >>> col2im(ones, (1, 1, 4, 4), 3)[0, 0]   # how many patches cover each pixel
    array([[1., 2., 2., 1.],
           [2., 4., 4., 2.],
           [2., 4., 4., 2.],
           [1., 2., 2., 1.]])
    """
    cols = as_float_array(owner, cols, "cols")
    shape = tuple(int(s) for s in input_shape)
    if len(shape) != 4:
        fail(owner, "input_shape (N, C, H, W)", shape)
    # The geometry check only needs a shape: a zero-stride view costs no memory.
    probe = np.broadcast_to(np.zeros((), dtype=cols.dtype), shape)
    kernel, strides, pads, out_size = conv_geometry(owner, probe, kernel_size, stride, padding)
    n, c, h, w = shape
    expected = (c * kernel[0] * kernel[1], out_size[0] * out_size[1] * n)
    if cols.shape != expected:
        fail(owner, f"cols of shape {expected}", tuple(cols.shape))
    ph, pw = pads
    dxq = np.zeros((c, h + 2 * ph, w + 2 * pw, n), dtype=cols.dtype)
    col2im_add(cols.reshape(c, *kernel, *out_size, n), kernel, strides, out_size, dxq)
    return np.ascontiguousarray(dxq[:, ph : ph + h, pw : pw + w].transpose(3, 0, 1, 2))
