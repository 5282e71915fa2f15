"""2-D convolution (cross-correlation, as in every deep-learning library) via blocked im2col.

Forward: ``Y = W @ cols + b`` where ``cols`` is the patch matrix
(:func:`~dlnotes.nn.functional.im2col`, one column per output pixel) and ``W`` the weight
flattened to ``(F, C*kH*kW)``. Backward, from the same product:

- ``dW = G @ cols.T`` (each filter's gradient correlates the input with ``G``),
- ``db = sum of G over images and positions``,
- ``dx = col2im(W.T @ G)`` (the adjoint of im2col scatters patch gradients back, summing
  where patches overlap).

Performance (Goodfellow et al., §9.8): the batch is processed in blocks so that the patch
matrices of the blocks in flight fit a fixed memory budget (a few MB, close to the cache)
instead of growing with the batch; the block buffers are reused from block to block and, per
thread, from call to call (:func:`workspace`: fresh multi-MB arrays cost page faults every
call; each thread keeps about three times the block budget); every array stays in the input's
dtype (float32 is twice as fast as float64).

- Layouts that suit each product. The forward and the weight gradient use the *pixel-major*
  patch matrix ``(N*H_out*W_out, kH*kW*C)`` built from channels-last images
  (:func:`~dlnotes.nn.functional.im2col.pixel_patches`): ``cols @ W`` and ``G^T @ cols`` are
  then one BLAS call per block with a long contiguous inner dimension. The input gradient
  uses the batch-last layout ``(C*kH*kW, H_out*W_out*N)``, in which col2im adds one long
  contiguous run per kernel offset (with stride 1 and "wide" patches,
  :func:`~dlnotes.nn.functional.im2col.col2im_add_wide`) instead of scattering; or, with
  stride 1 when that moves less data (a "same" 3x3 layer), it is computed as the correlation
  of the zero-padded upstream gradient with the flipped kernel, with no col2im at all
  (``DX_BY_CORRELATION``).
- Threads. BLAS parallelises only the products; the patch copies and col2im would run on one
  core. So when BLAS may use several threads, the batch is split into that many chunks that
  run concurrently on a small thread pool (:func:`run_chunks`; NumPy releases the GIL in its
  copies and BLAS calls), each chunk with single-threaded BLAS and its own share of the
  memory budget. Results do not depend on the number of threads except for the order in
  which the per-chunk weight gradients are summed.
- The bias is added while each output block is copied back to NCHW rather than in a
  separate pass.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, NamedTuple, TypeVar

import numpy as np

from dlnotes._validation import as_float_array, check_pair, fail
from dlnotes.nn.functional.im2col import (
    Pair,
    col2im_add,
    col2im_add_wide,
    conv_geometry,
    im2col_into,
    pixel_patches,
    to_batch_last,
    to_channels_last,
)

__all__ = ["conv2d_forward", "conv2d_backward", "conv2d", "Conv2dCache"]

#: Memory budget of the blocks of patch matrices in flight, shared by the worker threads.
#: The benchmark case (64x16x28x28 input, 5x5 kernels) needs 0.9 MB of patches per image, so
#: one thread works on blocks of 4 images, two threads on blocks of 2 each.
PATCH_BLOCK_BYTES = 4 * 2**20

#: How ``conv2d_backward`` computes the input gradient with stride 1: ``True`` as a correlation
#: of the padded upstream gradient with the flipped kernel, ``False`` by col2im, ``None`` (the
#: default) whichever moves less data.
DX_BY_CORRELATION: bool | None = None

#: Below this many floating-point operations a call runs on one thread: starting the workers
#: would cost more than it saves.
PARALLEL_MIN_FLOP = 2e7

T = TypeVar("T")
_POOL: ThreadPoolExecutor | None = None
_POOL_SIZE = 0
_POOL_LOCK = threading.Lock()
_BLAS: list[Any] | None = None


_WORKSPACE = threading.local()


def workspace(name: str, size: int, dtype: Any) -> np.ndarray:
    """A flat scratch buffer of ``size`` entries, kept per thread from one call to the next.

    Large fresh arrays cost page faults (the operating system hands out and zeroes new pages)
    on every call; the convolution's block buffers are reused instead. Each thread keeps at
    most one buffer per ``name`` and dtype, of the largest size asked so far, so the memory
    held stays within the per-block budget. The contents are arbitrary: callers clear what
    must be zero.
    """
    buffers = getattr(_WORKSPACE, "buffers", None)
    if buffers is None:
        buffers = _WORKSPACE.buffers = {}
    key = (name, np.dtype(dtype).str)
    buf = buffers.get(key)
    if buf is None or buf.size < size:
        buf = buffers[key] = np.empty(size, dtype=dtype)
    return buf[:size]


def clear_workspace() -> None:
    """Drop this thread's :func:`workspace` buffers (to measure a call's working memory)."""
    _WORKSPACE.buffers = {}


def _blas_controllers() -> list[Any]:
    """threadpoolctl's handles on the loaded BLAS libraries (found once; empty without it)."""
    global _BLAS
    if _BLAS is None:
        try:
            from threadpoolctl import ThreadpoolController
        except ImportError:  # optional: without it every convolution runs on one thread
            _BLAS = []
        else:
            _BLAS = list(ThreadpoolController().select(user_api="blas").lib_controllers)
    return _BLAS


def conv_workers(n: int, flop: float) -> int:
    """How many threads a convolution over ``n`` images of ``flop`` total work should use.

    As many as BLAS is currently allowed (``threadpoolctl.threadpool_limits`` or
    ``OPENBLAS_NUM_THREADS`` set that), at most one per image and per core; one for small
    problems.
    """
    blas = _blas_controllers()
    if not blas or flop < PARALLEL_MIN_FLOP:
        return 1
    allowed = min(lib.get_num_threads() for lib in blas)
    return max(1, min(allowed, n, os.cpu_count() or 1))


@contextlib.contextmanager
def single_threaded_blas() -> Iterator[None]:
    """Each worker's products run on its own core: BLAS limited to one thread meanwhile."""
    blas = [lib for lib in _blas_controllers() if lib.get_num_threads() > 1]
    saved = [lib.get_num_threads() for lib in blas]
    for lib in blas:
        lib.set_num_threads(1)
    try:
        yield
    finally:
        for lib, threads in zip(blas, saved, strict=True):
            lib.set_num_threads(threads)


def run_chunks(
    fn: Callable[[int, int], T], n: int, workers: int, flop: float | None = None
) -> list[T]:
    """Call ``fn(start, stop)`` on ``workers`` contiguous chunks of ``range(n)`` concurrently.

    NumPy releases the GIL inside its copies and BLAS calls, so the chunks' patch copies,
    products and scatters run on separate cores; each thread's BLAS is single-threaded so
    the workers do not oversubscribe the cores. With one worker, ``fn(0, n)`` runs here; if
    the call is small (``flop`` below ``PARALLEL_MIN_FLOP``) with single-threaded BLAS too,
    since BLAS threads cost more than they save on small products and, on a busy machine,
    wait for each other at every call (a LeNet on the digits trains many times slower).
    """
    if workers <= 1:
        if flop is not None and flop < PARALLEL_MIN_FLOP:
            with single_threaded_blas():
                return [fn(0, n)]
        return [fn(0, n)]
    global _POOL, _POOL_SIZE
    with _POOL_LOCK:
        if _POOL is None or _POOL_SIZE < workers - 1:
            _POOL = ThreadPoolExecutor(max_workers=workers - 1, thread_name_prefix="dlnotes-conv")
            _POOL_SIZE = workers - 1
        pool = _POOL
    bounds = [n * k // workers for k in range(workers + 1)]
    with single_threaded_blas():
        futures = [pool.submit(fn, bounds[k], bounds[k + 1]) for k in range(1, workers)]
        try:
            first = fn(bounds[0], bounds[1])
        finally:  # every worker is done before BLAS gets its threads back
            results = [f.result() for f in futures]
    return [first, *results]


class Conv2dCache(NamedTuple):
    """What :func:`conv2d_backward` needs from :func:`conv2d_forward`.

    The patch matrix is *not* kept: the backward rebuilds it block by block, so memory stays
    bounded by ``PATCH_BLOCK_BYTES`` whatever the batch size.
    """

    x: np.ndarray
    weight: np.ndarray
    has_bias: bool
    stride: Pair
    padding: Pair


def conv_padding(owner: str, padding: Any, kernel_size: Any, stride: Any) -> Any:
    """Resolve PyTorch's string paddings of a convolution to a pair; pass anything else on.

    ``"valid"`` is no padding; ``"same"`` keeps the input size, which with dlnotes's
    symmetric padding needs stride 1 and odd kernel sides (PyTorch pads even kernels
    unevenly): it is ``(kH // 2, kW // 2)``.

    >>> conv_padding("Conv2d", "same", 5, 1), conv_padding("Conv2d", "valid", 3, 2)
    ((2, 2), (0, 0))
    """
    if not isinstance(padding, str):
        return padding
    if padding == "valid":
        return (0, 0)
    if padding != "same":
        fail(owner, "padding 'valid', 'same', an int or a pair of ints", repr(padding))
    kernel = check_pair(owner, "kernel_size", kernel_size)
    if check_pair(owner, "stride", stride) != (1, 1):
        fail(owner, "stride 1 with padding='same' (as PyTorch)", f"stride={stride!r}")
    if kernel[0] % 2 == 0 or kernel[1] % 2 == 0:
        fail(
            owner,
            "odd kernel sides with padding='same' (dlnotes pads symmetrically)",
            f"kernel_size={kernel}",
        )
    return (kernel[0] // 2, kernel[1] // 2)


def block_size(per_item_bytes: int, n: int, workers: int = 1) -> int:
    """How many images of ``per_item_bytes`` patches fit in a worker's share of the budget."""
    budget = PATCH_BLOCK_BYTES // max(workers, 1)
    return max(1, min(n, budget // max(per_item_bytes, 1)))


def patch_blocks(
    x: np.ndarray,
    kernel: Pair,
    stride: Pair,
    padding: Pair,
    out_size: Pair,
    first: int = 0,
    last: int | None = None,
    workers: int = 1,
) -> Iterator[tuple[int, int, np.ndarray]]:
    """Yield ``(start, stop, cols)``: the batch-last patch matrix of images ``start:stop``.

    Covers images ``first:last`` (default: all) in blocks sized for one of ``workers``
    threads. ``cols`` has shape ``(C*kH*kW, H_out*W_out*(stop - start))`` (columns in
    batch-last order) and lives in a buffer reused from one block to the next: use it before
    asking for the next block.
    """
    n, c, h, w = x.shape
    last = n if last is None else last
    (kh, kw), (ph, pw) = kernel, padding
    per_image = c * kh * kw * out_size[0] * out_size[1]
    nb = block_size(per_image * x.itemsize, last - first, workers)
    # Flat buffers: the first ``size`` entries of one give a contiguous array of any smaller
    # block, so the last, partial block is as contiguous as the others. The padded buffer's
    # border is zeroed once; only its interior is overwritten by each block.
    cols_buf = workspace("patch_cols", per_image * nb, x.dtype)
    padded_size = c * (h + 2 * ph) * (w + 2 * pw)
    padded_buf = workspace("patch_padded", padded_size * nb, x.dtype)
    padded_buf.fill(0)
    for start in range(first, last, nb):
        stop = min(start + nb, last)
        m = stop - start
        if m != nb:  # the last block has its own (smaller) shape: a new zero border
            padded_buf = padded_buf[: padded_size * m]
            padded_buf.fill(0)
        xq = to_batch_last(
            x[start:stop], padding, out=padded_buf.reshape(c, h + 2 * ph, w + 2 * pw, m)
        )
        cols = cols_buf[: per_image * m].reshape(c, kh, kw, *out_size, m)
        im2col_into(xq, kernel, stride, out_size, cols)
        yield start, stop, cols.reshape(c * kh * kw, -1)


def pixel_blocks(
    x: np.ndarray,
    first: int,
    last: int,
    kernel: Pair,
    stride: Pair,
    padding: Pair,
    out_size: Pair,
    workers: int = 1,
    *,
    block: int | None = None,
    name: str = "pixel",
) -> Iterator[tuple[int, int, np.ndarray]]:
    """Yield ``(start, stop, cols)``: the pixel-major patch matrix of images ``start:stop``.

    Covers images ``first:last`` in blocks sized for one of ``workers`` threads (or of
    ``block`` images, to walk two arrays in step; ``name`` then keeps their buffers apart).
    ``cols`` has shape ``((stop - start) * H_out * W_out, kH*kW*C)``, rows ordered
    ``(n, a, b)`` and columns ``(i, j, c)``
    (:func:`~dlnotes.nn.functional.im2col.pixel_patches`), and lives in a buffer reused from
    block to block: use it before asking for the next one.
    """
    _, c, h, w = x.shape
    (kh, kw), (ph, pw) = kernel, padding
    per_image = c * kh * kw * out_size[0] * out_size[1]
    nb = block if block is not None else block_size(per_image * x.itemsize, last - first, workers)
    cols_buf = workspace(f"{name}_cols", per_image * nb, x.dtype)
    # Images are the outer axis of both buffers, so the first m images of a buffer are the
    # buffers of a smaller last block, already with their zero border.
    padded_shape = (nb, h + 2 * ph, w + 2 * pw, c)
    padded = workspace(f"{name}_padded", int(np.prod(padded_shape)), x.dtype).reshape(padded_shape)
    if ph or pw:
        padded.fill(0)
    for start in range(first, last, nb):
        stop = min(start + nb, last)
        m = stop - start
        xq = to_channels_last(x[start:stop], padding, out=padded[:m])
        cols = cols_buf[: per_image * m].reshape(m, *out_size, kh, kw, c)
        np.copyto(cols, pixel_patches(xq, kernel, stride, out_size))
        yield start, stop, cols.reshape(m * out_size[0] * out_size[1], -1)


def batch_last_matrix(a: np.ndarray) -> np.ndarray:
    """``(N, C, H, W) -> (C, H*W*N)``, the column order of the patch matrix (one copy)."""
    return np.ascontiguousarray(a.transpose(1, 2, 3, 0)).reshape(a.shape[1], -1)


def check_conv_args(
    owner: str, x: Any, weight: Any, bias: Any, in_channels_axis: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Validate input, weight and bias of a (transposed) convolution; return them as arrays.

    ``in_channels_axis`` is the weight axis that must match the input's channels (1 for
    ``conv2d``, whose weight is ``(out, in, kH, kW)``; 0 for ``conv_transpose2d``).
    """
    x = as_float_array(owner, x)
    weight = as_float_array(owner, weight, "weight")
    if weight.ndim != 4:
        fail(
            owner,
            "weight of shape (C_out, C_in, kH, kW)"
            if in_channels_axis
            else "weight of shape (C_in, C_out, kH, kW)",
            tuple(weight.shape),
        )
    c_in = weight.shape[in_channels_axis]
    if x.ndim != 4 or x.shape[1] != c_in:
        fail(owner, f"input of shape (N, {c_in}, H, W)", tuple(x.shape))
    if weight.dtype != x.dtype:
        fail(owner, f"weight of dtype {x.dtype} (the input's)", str(weight.dtype), TypeError)
    if bias is not None:
        bias = as_float_array(owner, bias, "bias")
        c_out = weight.shape[1 - in_channels_axis]
        if bias.shape != (c_out,):
            fail(owner, f"bias of shape ({c_out},)", tuple(bias.shape))
        if bias.dtype != x.dtype:
            fail(owner, f"bias of dtype {x.dtype} (the input's)", str(bias.dtype), TypeError)
    return x, weight, bias


def conv2d_forward(
    x: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None = None,
    stride: Any = 1,
    padding: Any = 0,
    *,
    owner: str = "conv2d",
) -> tuple[np.ndarray, Conv2dCache]:
    r"""2-D cross-correlation of a batch of images with a bank of filters.

    .. math:: y_{n,f,a,b} = b_f + \sum_{c,i,j} w_{f,c,i,j}\,
              x^\text{pad}_{n,c,\,s_h a + i,\,s_w b + j}

    (Goodfellow et al., §9.1, cross-correlation, and §9.5 for stride and zero padding). Like
    PyTorch, the kernel is not flipped.

    Parameters
    ----------
    x : numpy.ndarray
        Input images.
    weight : numpy.ndarray
        Filters, same dtype as ``x``.
    bias : numpy.ndarray, optional
        One bias per output channel.
    stride : int or pair of ints
        Step between output pixels.
    padding : int, pair of ints, ``"valid"`` or ``"same"``
        Zeros added on each side of the input; ``"same"`` (stride 1, odd kernels) keeps the
        input size, ``"valid"`` is 0, as in PyTorch.
    owner : str
        Name that starts error messages (modules pass their class name).

    Returns
    -------
    out : numpy.ndarray
        The feature maps, in ``x``'s dtype.
    cache : Conv2dCache
        What :func:`conv2d_backward` needs.

    Shape
    -----
    - x: ``(N, C_in, H, W)``; weight: ``(C_out, C_in, kH, kW)``; bias: ``(C_out,)``
    - out: ``(N, C_out, H_out, W_out)``, ``H_out = (H + 2 p_h - kH) // s_h + 1``

    Examples
    --------
    >>> x = np.ones((2, 3, 5, 5), dtype=np.float32)
    >>> w = np.ones((4, 3, 3, 3), dtype=np.float32)
    >>> out, cache = conv2d_forward(x, w, padding=1)
    >>> out.shape, out.dtype, float(out[0, 0, 2, 2]), float(out[0, 0, 0, 0])
    ((2, 4, 5, 5), dtype('float32'), 27.0, 12.0)
    """
    x, weight, bias = check_conv_args(owner, x, weight, bias, in_channels_axis=1)
    padding = conv_padding(owner, padding, weight.shape[2:], stride)
    kernel, strides, pads, out_size = conv_geometry(owner, x, weight.shape[2:], stride, padding)
    n, f = x.shape[0], weight.shape[0]
    # Channels-last weight rows, (kH*kW*C, F), matching the pixel-major patch matrix.
    w_cols = np.ascontiguousarray(weight.transpose(2, 3, 1, 0).reshape(-1, f))
    out = np.empty((n, f, *out_size), dtype=x.dtype)
    flop = 2.0 * out.size * w_cols.shape[0]
    workers = conv_workers(n, flop)

    def forward_chunk(first: int, last: int) -> None:
        for start, stop, cols in pixel_blocks(
            x, first, last, kernel, strides, pads, out_size, workers
        ):
            m = stop - start
            # (m * H_out * W_out, F): one BLAS call for the whole block
            product = np.matmul(
                cols, w_cols, out=workspace("product", cols.shape[0] * f, x.dtype).reshape(-1, f)
            )
            block = product.reshape(m, -1, f).transpose(0, 2, 1)
            # The bias is added during the (unavoidable) copy back to NCHW, while the block is
            # still in cache, instead of in a second pass over the whole output.
            target = out[start:stop].reshape(m, f, -1)
            if bias is None:
                np.copyto(target, block)
            else:
                np.add(block, bias[:, None], out=target)

    run_chunks(forward_chunk, n, workers, flop)
    return out, Conv2dCache(x, weight, bias is not None, strides, pads)


def conv2d_backward(
    grad_output: np.ndarray, cache: Conv2dCache, *, owner: str = "conv2d_backward"
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    r"""Gradients of :func:`conv2d_forward` with respect to input, weight and bias.

    .. math:: \frac{\partial L}{\partial W} = G\,\text{cols}^\top, \quad
              \frac{\partial L}{\partial b_f} = \sum_{n,a,b} G_{n,f,a,b}, \quad
              \frac{\partial L}{\partial x} = \text{col2im}(W^\top G)

    Patches are recomputed block by block instead of being kept from the forward pass, so the
    memory stays bounded by the block budget whatever the batch size. ``G`` is the upstream
    gradient laid out like the product, ``(C_out, H_out*W_out*N)``. Goodfellow et al., §9.5
    (which writes the same gradients index by index).

    Parameters
    ----------
    grad_output : numpy.ndarray
        Gradient of the loss with respect to the output; not modified.
    cache : Conv2dCache
        From :func:`conv2d_forward`.
    owner : str
        Name that starts error messages.

    Returns
    -------
    dx, dweight, dbias : numpy.ndarray
        ``dbias`` is ``None`` when the forward had no bias.

    Shape
    -----
    - grad_output: ``(N, C_out, H_out, W_out)``
    - dx: ``(N, C_in, H, W)``; dweight: ``(C_out, C_in, kH, kW)``; dbias: ``(C_out,)``

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> out, cache = conv2d_forward(rng.normal(size=(2, 3, 6, 6)), rng.normal(size=(4, 3, 3, 3)),
    ...                             np.zeros(4), stride=2)
    >>> dx, dw, db = conv2d_backward(np.ones_like(out), cache)
    >>> dx.shape, dw.shape, db.tolist()
    ((2, 3, 6, 6), (4, 3, 3, 3), [8.0, 8.0, 8.0, 8.0])
    """
    x, weight, strides, pads = cache.x, cache.weight, cache.stride, cache.padding
    n, c, h, w = x.shape
    f, _, kh, kw = weight.shape
    kernel = (kh, kw)
    out_size = ((h + 2 * pads[0] - kh) // strides[0] + 1, (w + 2 * pads[1] - kw) // strides[1] + 1)
    g = as_float_array(owner, grad_output, "grad_output")
    if g.shape != (n, f, *out_size):
        fail(owner, f"grad_output of shape {(n, f, *out_size)}", tuple(g.shape))
    g = g.astype(x.dtype, copy=False)
    w2t = np.ascontiguousarray(weight.reshape(f, -1).T)  # (C*kH*kW, F), rows (c, i, j)
    dx = np.empty_like(x)
    ph, pw = pads
    hp, wp = h + 2 * ph, w + 2 * pw
    # With stride 1, dx is computed on "wide" patches covering every padded column (see
    # col2im_add_wide): the W_pad / W_out times larger product costs less than the many short
    # strided adds of the narrow col2im. Only when the overhead is small (<= 25 %), which also
    # keeps the buffer within 1.25x the block budget.
    wide = strides == (1, 1) and 4 * wp <= 5 * out_size[1]
    cols_width = out_size[0] * (wp if wide else out_size[1])  # per image
    flop = 4.0 * g.size * w2t.shape[0]
    workers = conv_workers(n, flop)
    # With stride 1 the input gradient is also a correlation of the zero-padded upstream
    # gradient with the flipped kernel (Goodfellow et al., §9.5): one more patch copy and
    # product, no col2im at all. Chosen when its patch matrix is no larger than the wide
    # patch gradients (so for "same" convolutions, not for a small valid 5x5 layer).
    corr_pad = (kh - 1 - ph, kw - 1 - pw)
    by_correlation = DX_BY_CORRELATION
    if strides != (1, 1) or min(corr_pad) < 0:
        by_correlation = False
    elif by_correlation is None:
        by_correlation = f * h * w <= c * out_size[0] * wp
    if by_correlation:
        # rows (i, j, f) of the flipped kernel, columns c: dx_rows = patches(g) @ w_corr
        w_corr = np.ascontiguousarray(weight[:, :, ::-1, ::-1].transpose(2, 3, 0, 1)).reshape(-1, c)

    def correlation_chunk(first: int, last: int) -> np.ndarray:
        dw_cols = np.zeros((f, kh * kw * c), dtype=x.dtype)
        nb = block_size(c * kh * kw * out_size[0] * out_size[1] * x.itemsize, last - first, workers)
        x_blocks = pixel_blocks(x, first, last, kernel, strides, pads, out_size, block=nb)
        g_blocks = pixel_blocks(
            g, first, last, kernel, (1, 1), corr_pad, (h, w), block=nb, name="grad"
        )
        for (start, stop, cols), (_, _, g_cols) in zip(x_blocks, g_blocks, strict=True):
            m = stop - start
            g_rows = workspace("g_rows", f * cols.shape[0], x.dtype).reshape(m, *out_size, f)
            np.copyto(g_rows, g[start:stop].transpose(0, 2, 3, 1))
            dw_cols += g_rows.reshape(-1, f).T @ cols
            dx_rows = np.matmul(
                g_cols, w_corr, out=workspace("dx_rows", m * h * w * c, x.dtype).reshape(-1, c)
            )
            np.copyto(
                dx[start:stop].reshape(m, c, h * w), dx_rows.reshape(m, h * w, c).transpose(0, 2, 1)
            )
        return dw_cols

    def backward_chunk(first: int, last: int) -> np.ndarray:
        # dW in the channels-last order of the pixel-major patches: (F, kH*kW*C).
        dw_cols = np.zeros((f, kh * kw * c), dtype=x.dtype)
        buffers: tuple[np.ndarray, ...] | None = None
        zeroed_for = 0  # the block size whose zero columns g_wide holds
        for start, stop, cols in pixel_blocks(
            x, first, last, kernel, strides, pads, out_size, workers
        ):
            m = stop - start
            if buffers is None:  # allocated once per chunk, at the first (largest) block
                buffers = (
                    workspace("g_rows", f * cols.shape[0], x.dtype),
                    workspace("g_block", 0 if wide else f * cols.shape[0], x.dtype),
                    workspace("g_wide", f * cols_width * m if wide else 0, x.dtype),
                    workspace("dcols", c * kh * kw * cols_width * m, x.dtype),
                    workspace("dxq", c * (hp * wp + kw - 1) * m, x.dtype),
                )
            g_rows_buf, g_buf, g_wide_buf, dcols_buf, dxq_buf = buffers
            # Weight gradient from the pixel-major patches: G (as rows, one per pixel)^T @ cols.
            g_rows = g_rows_buf[: f * cols.shape[0]].reshape(m, *out_size, f)
            np.copyto(g_rows, g[start:stop].transpose(0, 2, 3, 1))
            dw_cols += g_rows.reshape(-1, f).T @ cols
            # Input gradient in the batch-last layout, where col2im is contiguous per offset.
            # col2im accumulates, so the reused padded buffer is cleared for every block.
            if wide:
                g_wide = g_wide_buf[: f * cols_width * m].reshape(f, out_size[0], wp, m)
                if zeroed_for != m:  # the extra columns must contribute nothing: zero them
                    g_wide[:, :, out_size[1] :] = 0  # once per block shape, never overwritten
                    zeroed_for = m
                np.copyto(g_wide[:, :, : out_size[1]], g_rows.transpose(3, 1, 2, 0))
                dcols = np.matmul(
                    w2t,
                    g_wide.reshape(f, -1),
                    out=dcols_buf[: c * kh * kw * cols_width * m].reshape(c * kh * kw, -1),
                )
                flat = dxq_buf[: c * (hp * wp + kw - 1) * m].reshape(c, -1)
                flat.fill(0)
                col2im_add_wide(dcols.reshape(c, kh, kw, -1), kernel, (hp, wp), flat)
                dxq = flat[:, : hp * wp * m].reshape(c, hp, wp, m)
            else:
                g_block = g_buf[: f * cols.shape[0]].reshape(f, *out_size, m)
                np.copyto(g_block, g_rows.transpose(3, 1, 2, 0))
                dcols = np.matmul(
                    w2t,
                    g_block.reshape(f, -1),
                    out=dcols_buf[: c * kh * kw * cols_width * m].reshape(c * kh * kw, -1),
                )
                dxq = dxq_buf[: c * hp * wp * m].reshape(c, hp, wp, m)
                dxq.fill(0)
                col2im_add(dcols.reshape(c, kh, kw, *out_size, m), kernel, strides, out_size, dxq)
            dx[start:stop] = dxq[:, ph : ph + h, pw : pw + w].transpose(3, 0, 1, 2)
        return dw_cols

    chunk = correlation_chunk if by_correlation else backward_chunk
    dw_cols, *others = run_chunks(chunk, n, workers, flop)
    for part in others:
        dw_cols += part
    dw = np.ascontiguousarray(dw_cols.reshape(f, kh, kw, c).transpose(0, 3, 1, 2))
    db = g.sum(axis=(0, 2, 3)) if cache.has_bias else None
    return dx, dw, db


def conv2d(
    x: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None = None,
    stride: Any = 1,
    padding: Any = 0,
    *,
    owner: str = "conv2d",
) -> np.ndarray:
    """One-way 2-D convolution, :func:`conv2d_forward` without the cache (PyTorch's name).

    Goodfellow et al., §9.1. Arguments as for :func:`conv2d_forward`.

    Shape
    -----
    - x: ``(N, C_in, H, W)``; weight: ``(C_out, C_in, kH, kW)`` → ``(N, C_out, H_out, W_out)``

    Examples
    --------
    >>> conv2d(np.ones((1, 1, 4, 4)), np.ones((1, 1, 2, 2)), stride=2)[0, 0]
    array([[4., 4.],
           [4., 4.]])
    """
    return conv2d_forward(x, weight, bias, stride, padding, owner=owner)[0]
