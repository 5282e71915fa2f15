"""Reader for the IDX files in which MNIST (and Fashion-MNIST) are distributed.

The book never needs these files — it uses the bundled digits — but a reader who has the real
MNIST on disk can train the same models on it. An IDX file is a 4-byte magic number (two zero
bytes, a type code, the number of dimensions), one big-endian 32-bit size per dimension, then
the values in C order, big-endian. Files may be gzip-compressed; the compression is recognised
from its signature, not from the file name.

Goodfellow et al., §1.2.1 and §12.2 (MNIST as the benchmark of deep learning's revival).
"""

from __future__ import annotations

import gzip
import os
import zlib
from pathlib import Path
from typing import Any

import numpy as np

from dlnotes._validation import fail, resolve_dtype
from dlnotes.data.split import Split

__all__ = ["load_idx", "load_mnist"]

# IDX type codes and the big-endian NumPy types they denote.
_IDX_TYPES: dict[int, str] = {
    0x08: ">u1",  # unsigned byte
    0x09: ">i1",  # signed byte
    0x0B: ">i2",  # short
    0x0C: ">i4",  # int
    0x0D: ">f4",  # float
    0x0E: ">f8",  # double
}
_GZIP_SIGNATURE = b"\x1f\x8b"


def _bad(path: Path, expected: str, got: str) -> None:
    fail("load_idx", f"{expected} in {str(path)!r}", got)


def load_idx(path: str | os.PathLike[str]) -> np.ndarray:
    """Read an IDX file (optionally gzip-compressed) into an array.

    Parameters
    ----------
    path : str or os.PathLike
        For example ``"train-images-idx3-ubyte"`` or ``"train-images-idx3-ubyte.gz"``.

    Returns
    -------
    numpy.ndarray
        The stored values with the stored shape, in native byte order: ``uint8`` for MNIST's
        unsigned bytes, otherwise ``int8``, ``int16``, ``int32``, ``float32`` or ``float64``.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If the magic number is wrong (the first two bytes are not zero, or the type code is
        unknown), the file is shorter than its header announces, has trailing bytes, or is a
        corrupted gzip stream. The message names the file.

    Shape
    -----
    As stored: MNIST images ``(N, 28, 28)``, labels ``(N,)``.

    Examples
    --------
    >>> import tempfile, os
    >>> header = bytes([0, 0, 0x08, 2]) + (2).to_bytes(4, "big") + (3).to_bytes(4, "big")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = os.path.join(d, "tiny-idx2-ubyte")
    ...     with open(p, "wb") as f:
    ...         _ = f.write(header + bytes(range(6)))
    ...     load_idx(p)
    array([[0, 1, 2],
           [3, 4, 5]], dtype=uint8)
    """
    path = Path(os.fspath(path))
    raw = path.read_bytes()
    if raw.startswith(_GZIP_SIGNATURE):
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as exc:
            _bad(path, "a valid gzip stream", f"{type(exc).__name__}: {exc}")
    if len(raw) < 4:
        _bad(path, "an IDX header of at least 4 bytes", f"{len(raw)} bytes")
    zero0, zero1, type_code, ndim = raw[:4]
    if zero0 != 0 or zero1 != 0 or type_code not in _IDX_TYPES:
        _bad(
            path,
            "an IDX magic number 0x0000TTDD with type code TT in "
            + "{"
            + ", ".join(f"0x{t:02X}" for t in _IDX_TYPES)
            + "}",
            f"0x{int.from_bytes(raw[:4], 'big'):08X}",
        )
    header_size = 4 + 4 * ndim
    if len(raw) < header_size:
        _bad(path, f"{ndim} dimension sizes after the magic number", f"{len(raw)} bytes in all")
    shape = tuple(int(d) for d in np.frombuffer(raw, dtype=">u4", count=ndim, offset=4))
    dtype = np.dtype(_IDX_TYPES[type_code])
    expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    got = len(raw) - header_size
    if got != expected:
        _bad(
            path,
            f"{expected} data bytes for shape {shape} of {dtype.newbyteorder('=')}",
            f"{got} bytes (truncated file?)" if got < expected else f"{got} bytes",
        )
    data = np.frombuffer(raw, dtype=dtype, offset=header_size).reshape(shape)
    # astype to the native byte order also copies out of the read-only bytes buffer.
    return data.astype(dtype.newbyteorder("="))


def _find(root: Path, stem: str, ndim: int) -> Path:
    """Locate ``stem-idxN-ubyte`` under its usual spellings, gzip-compressed or not."""
    candidates = [f"{stem}-idx{ndim}-ubyte", f"{stem}.idx{ndim}-ubyte"]
    for name in candidates:
        for suffix in ("", ".gz"):
            if (root / (name + suffix)).is_file():
                return root / (name + suffix)
    fail("load_mnist", f"a file {candidates[0]}[.gz] in {str(root)!r}", "none", FileNotFoundError)


def load_mnist(
    root: str | os.PathLike[str],
    *,
    flat: bool = False,
    dtype: Any = np.float64,
) -> Split:
    """Load MNIST (or Fashion-MNIST) from the four standard IDX files in ``root``.

    Looks for ``train-images-idx3-ubyte``, ``train-labels-idx1-ubyte``,
    ``t10k-images-idx3-ubyte`` and ``t10k-labels-idx1-ubyte`` (each possibly ``.gz``). Pixels
    are scaled to [0, 1] by dividing by 255; the official training/test split is kept.

    Parameters
    ----------
    root : str or os.PathLike
        Directory holding the files.
    flat : bool, default False
        Return images as vectors of ``H * W`` pixels.
    dtype : {numpy.float64, numpy.float32}
        Floating type of the images.

    Returns
    -------
    Split
        ``(X_train, y_train, X_test, y_test)`` with ``int64`` labels.

    Shape
    -----
    Images ``(N, 1, 28, 28)`` or ``(N, 784)`` with ``flat=True``; labels ``(N,)``.
    """
    dt = resolve_dtype("load_mnist", dtype)
    root = Path(os.fspath(root))
    parts = []
    for stem in ("train", "t10k"):
        images = load_idx(_find(root, f"{stem}-images", 3))
        labels = load_idx(_find(root, f"{stem}-labels", 1))
        if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
            fail(
                "load_mnist",
                f"{stem} images (N, H, W) and labels (N,)",
                f"{images.shape} and {labels.shape}",
            )
        X = images.astype(dt)
        X /= 255  # in place, in the requested dtype: no float64 copy of 60 000 images
        X = X.reshape(len(X), -1) if flat else X[:, None, :, :]
        parts += [X, labels.astype(np.int64)]
    return Split(*parts)
