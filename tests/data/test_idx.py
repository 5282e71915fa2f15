"""load_idx and load_mnist on small IDX files written here, byte by byte, with struct."""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import numpy as np
import pytest

from dlnotes.data import load_idx, load_mnist

# type code -> (struct format character, NumPy dtype the reader must return)
TYPES = {
    0x08: ("B", np.uint8),
    0x09: ("b", np.int8),
    0x0B: ("h", np.int16),
    0x0C: ("i", np.int32),
    0x0D: ("f", np.float32),
    0x0E: ("d", np.float64),
}


def idx_bytes(values: np.ndarray, type_code: int) -> bytes:
    """Encode an IDX file independently of the reader: header, sizes, big-endian values."""
    fmt, _ = TYPES[type_code]
    header = struct.pack(">BBBB", 0, 0, type_code, values.ndim)
    header += struct.pack(f">{values.ndim}I", *values.shape)
    flat = values.ravel().tolist()
    return header + struct.pack(f">{len(flat)}{fmt}", *flat)


def write(path: Path, data: bytes, compress: bool = False) -> Path:
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


@pytest.mark.parametrize("type_code", list(TYPES))
@pytest.mark.parametrize("compress", [False, True])
def test_round_trip_every_type(tmp_path, rng, type_code, compress):
    _, dtype = TYPES[type_code]
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        values = rng.integers(info.min, info.max, size=(3, 4, 5), endpoint=True).astype(dtype)
    else:
        values = rng.normal(size=(3, 4, 5)).astype(dtype)
    path = write(tmp_path / "data-idx3", idx_bytes(values, type_code), compress)
    out = load_idx(path)
    assert out.dtype == dtype and out.dtype.isnative
    np.testing.assert_array_equal(out, values)
    out[0, 0, 0] = 0  # a writable copy, not a view of the file's bytes


def test_mnist_like_labels_and_zero_dims(tmp_path):
    labels = np.array([5, 0, 4, 1, 9], dtype=np.uint8)
    np.testing.assert_array_equal(load_idx(write(tmp_path / "l", idx_bytes(labels, 0x08))), labels)
    empty = load_idx(write(tmp_path / "e", idx_bytes(np.zeros((0, 28, 28), np.uint8), 0x08)))
    assert empty.shape == (0, 28, 28)


def test_compression_detected_by_signature_not_name(tmp_path):
    values = np.arange(6, dtype=np.uint8).reshape(2, 3)
    path = write(tmp_path / "no-gz-suffix", idx_bytes(values, 0x08), compress=True)
    np.testing.assert_array_equal(load_idx(path), values)


@pytest.mark.parametrize(
    ("magic", "shown"),
    [
        (b"\x01\x00\x08\x01", "0x01000801"),
        (b"\x00\x00\x07\x01", "0x00000701"),
        (b"PK\x03\x04", "0x504B0304"),
    ],
)
def test_wrong_magic_number(tmp_path, magic, shown):
    path = write(tmp_path / "bad-magic", magic + struct.pack(">I", 1) + b"\x00")
    match = f"load_idx: expected an IDX magic number .*bad-magic.*{shown}"
    with pytest.raises(ValueError, match=match):
        load_idx(path)


def test_truncated_data(tmp_path):
    good = idx_bytes(np.zeros((4, 5), np.uint8), 0x08)
    match = r"20 data bytes for shape \(4, 5\).*got 13 bytes \(truncated"
    with pytest.raises(ValueError, match=match):
        load_idx(write(tmp_path / "cut", good[:-7]))


def test_truncated_header_and_tiny_files(tmp_path):
    good = idx_bytes(np.zeros((4, 5), np.uint8), 0x08)
    with pytest.raises(ValueError, match="2 dimension sizes after the magic number.*got 9 bytes"):
        load_idx(write(tmp_path / "hdr", good[:9]))
    with pytest.raises(ValueError, match="header of at least 4 bytes.*got 2 bytes"):
        load_idx(write(tmp_path / "tiny", good[:2]))
    with pytest.raises(ValueError, match="got 0 bytes"):
        load_idx(write(tmp_path / "empty", b""))


def test_trailing_bytes(tmp_path):
    good = idx_bytes(np.zeros((2, 2), np.int16), 0x0B)
    with pytest.raises(ValueError, match="8 data bytes.*got 9 bytes"):
        load_idx(write(tmp_path / "long", good + b"\x00"))


def test_corrupted_gzip(tmp_path):
    packed = gzip.compress(idx_bytes(np.arange(100, dtype=np.uint8), 0x08))
    with pytest.raises(ValueError, match="load_idx: expected a valid gzip stream"):
        load_idx(write(tmp_path / "broken.gz", packed[: len(packed) // 2]))


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_idx(tmp_path / "absent")


def _write_mnist(root: Path, rng, n_train=5, n_test=3, compress=False, dotted=False):
    for stem, n in (("train", n_train), ("t10k", n_test)):
        images = rng.integers(0, 256, size=(n, 28, 28)).astype(np.uint8)
        labels = rng.integers(0, 10, size=n).astype(np.uint8)
        sep = "." if dotted else "-"
        suffix = ".gz" if compress else ""
        write(root / f"{stem}-images{sep}idx3-ubyte{suffix}", idx_bytes(images, 0x08), compress)
        write(root / f"{stem}-labels{sep}idx1-ubyte{suffix}", idx_bytes(labels, 0x08), compress)
        yield images, labels


@pytest.mark.parametrize(("compress", "dotted"), [(False, False), (True, False), (False, True)])
def test_load_mnist_from_small_files(tmp_path, rng, compress, dotted):
    (tr_img, tr_lab), (te_img, te_lab) = list(
        _write_mnist(tmp_path, rng, compress=compress, dotted=dotted)
    )
    X_train, y_train, X_test, y_test = load_mnist(tmp_path)
    assert X_train.shape == (5, 1, 28, 28) and X_test.shape == (3, 1, 28, 28)
    assert y_train.dtype == np.int64 and X_train.dtype == np.float64
    np.testing.assert_allclose(X_train[:, 0], tr_img / 255.0)
    np.testing.assert_array_equal(y_test, te_lab)
    flat = load_mnist(tmp_path, flat=True, dtype=np.float32)
    assert flat.X_test.shape == (3, 784) and flat.X_test.dtype == np.float32
    np.testing.assert_allclose(flat.X_test, te_img.reshape(3, -1) / np.float32(255), rtol=1e-6)


def test_load_mnist_errors(tmp_path, rng):
    with pytest.raises(FileNotFoundError, match="load_mnist: expected a file train-images-idx3"):
        load_mnist(tmp_path)
    list(_write_mnist(tmp_path, rng))
    write(tmp_path / "t10k-labels-idx1-ubyte", idx_bytes(np.zeros(4, np.uint8), 0x08))
    match = r"t10k images \(N, H, W\) and labels.*\(3, 28, 28\) and \(4,\)"
    with pytest.raises(ValueError, match=match):
        load_mnist(tmp_path)
