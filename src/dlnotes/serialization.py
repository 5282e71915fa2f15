"""Saving and loading state dicts as ``.npz`` archives, atomically and without pickle.

A state dict (``model.state_dict()``) is a mapping of dotted names (``"0.weight"``) to arrays.
``save`` writes it as a NumPy ``.npz`` archive — a zip file holding one ``.npy`` member per
array — and ``load`` reads it back into a ``dict`` with the same keys, order, shapes and dtypes.

Design decisions
----------------
* **No pickle.** Only numeric and boolean arrays are written, and files are read with
  ``allow_pickle=False``: loading a file from the internet cannot execute code.
* **Atomic writes.** The archive is written to a temporary file in the destination directory,
  flushed and ``fsync``-ed, then moved over the destination with ``os.replace`` (an atomic
  rename on POSIX and Windows). A crash or an exception half-way through leaves any previous
  file intact and removes the temporary file.
* **A format marker.** ``save`` adds a small entry ``__dlnotes_format__`` (the format version,
  currently 1); ``load`` checks and removes it, so it never appears in the returned dict.
  Plain archives written by ``numpy.savez`` (for example PyTorch weights exported with
  ``np.savez(path, **{k: v.numpy() for k, v in sd.items()})``) load too, because moving weights
  between the two libraries is a stated goal; pass ``strict=True`` to accept only files written
  by ``dlnotes.save``. A marker from a newer, unknown version is always rejected.
* **Clear failures.** A missing file raises ``FileNotFoundError``; a truncated, corrupted,
  empty or foreign file (a bare ``.npy``, a text file, a zip without ``.npy`` members) raises
  ``ValueError`` naming the file.

The file is written exactly at ``path``: no ``.npz`` suffix is appended (unlike ``numpy.savez``).

``save_checkpoint`` / ``load_checkpoint`` build on the same format to store a model, its
optimizer's state and JSON metadata together, so an interrupted training run resumes exactly.
"""

from __future__ import annotations

import json
import os
import uuid
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from dlnotes._validation import fail

__all__ = ["save", "load", "save_checkpoint", "load_checkpoint", "FORMAT_KEY", "FORMAT_VERSION"]

FORMAT_KEY = "__dlnotes_format__"
FORMAT_VERSION = 1

# bool, signed and unsigned integers, floating and complex numbers: the kinds that need no
# pickle and that a state dict can meaningfully hold.
_ALLOWED_KINDS = "biufc"
_NPY_SIGNATURE = b"\x93NUMPY"
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")  # a local file header; an empty archive


def _checked_arrays(state_dict: Any) -> dict[str, np.ndarray]:
    """Validate ``state_dict`` completely before anything touches the disk."""
    if not isinstance(state_dict, Mapping):
        hint = ""
        if hasattr(state_dict, "state_dict"):
            hint = " (pass module.state_dict(), not the module)"
        fail("save", "a mapping of names to arrays" + hint, type(state_dict).__name__, TypeError)
    arrays: dict[str, np.ndarray] = {}
    for key, value in state_dict.items():
        if not isinstance(key, str):
            fail("save", "string keys", f"{key!r} of type {type(key).__name__}", TypeError)
        if not key:
            fail("save", "non-empty keys", repr(key))
        if key == FORMAT_KEY:
            fail("save", f"no key named {FORMAT_KEY!r} (reserved for the format marker)", repr(key))
        try:
            arr = np.asarray(value)
        except Exception:  # noqa: BLE001 - anything np.asarray rejects is "not an array"
            fail("save", f"an array for key {key!r}", type(value).__name__, TypeError)
        if arr.dtype.kind not in _ALLOWED_KINDS:
            fail(
                "save",
                f"a numeric or boolean array for key {key!r}",
                f"dtype {arr.dtype}",
                TypeError,
            )
        arrays[key] = arr
    return arrays


def _write_npz(fileobj: Any, arrays: Mapping[str, np.ndarray]) -> None:
    """Write ``arrays`` as an uncompressed ``.npz`` archive into an open binary file."""
    with zipfile.ZipFile(fileobj, mode="w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
        for key, arr in arrays.items():
            # force_zip64 because the member's size is unknown when the stream opens.
            with zf.open(key + ".npy", mode="w", force_zip64=True) as member:
                np.lib.format.write_array(member, np.asanyarray(arr), allow_pickle=False)


def save(state_dict: Mapping[str, Any], path: str | os.PathLike[str]) -> None:
    """Save a state dict to ``path`` as an ``.npz`` archive, atomically.

    The archive is first written to a hidden temporary file next to ``path``, flushed to disk
    with ``fsync``, and then renamed over ``path``; an interrupted save leaves any previous
    file untouched. A format marker ``__dlnotes_format__`` is added (and removed again by
    :func:`load`).

    Parameters
    ----------
    state_dict : Mapping[str, array_like]
        Names (non-empty strings, typically PyTorch's dotted names such as ``"0.weight"``)
        mapped to numeric or boolean arrays. Arrays are saved with their exact shape and dtype.
    path : str or os.PathLike
        Destination file, written exactly as given (no suffix is added). Its directory must
        exist.

    Raises
    ------
    TypeError
        If ``state_dict`` is not a mapping, a key is not a string, or a value is not a
        numeric/boolean array (object or string arrays would need pickle).
    ValueError
        If a key is empty or is the reserved marker name.

    Notes
    -----
    Saving the parameters that early stopping selects is how Goodfellow et al., §7.8
    (Algorithm 7.1) returns the best model rather than the last one.

    Examples
    --------
    >>> import tempfile, os
    >>> from dlnotes.serialization import save, load
    >>> sd = {"0.weight": np.eye(2), "0.bias": np.zeros(2, dtype=np.float32)}
    >>> with tempfile.TemporaryDirectory() as d:
    ...     save(sd, os.path.join(d, "model.npz"))
    ...     back = load(os.path.join(d, "model.npz"))
    >>> list(back), back["0.bias"].dtype
    (['0.weight', '0.bias'], dtype('float32'))
    """
    arrays = _checked_arrays(state_dict)
    arrays[FORMAT_KEY] = np.array(FORMAT_VERSION, dtype=np.int64)
    target = Path(os.fspath(path))
    # Same directory as the target, so os.replace is a rename within one file system.
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    # os.open with mode 0o666 lets the process umask decide permissions, as for a normal file.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            _write_npz(f, arrays)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        # Also on KeyboardInterrupt: never leave a half-written temporary file behind.
        tmp.unlink(missing_ok=True)
        raise
    _fsync_directory(target.parent)


def _fsync_directory(directory: Path) -> None:
    """Persist the rename itself (POSIX); silently skipped where directories cannot be opened."""
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def _read_member(archive: zipfile.ZipFile, name: str) -> np.ndarray:
    """Read one ``.npy`` member; reading it to the end makes zipfile verify its CRC-32."""
    with archive.open(name) as member:
        return np.lib.format.read_array(member, allow_pickle=False)


def _corrupt(path: Path, what: str, exc: BaseException | None = None) -> ValueError:
    detail = f": {type(exc).__name__}: {exc}" if exc is not None else ""
    return ValueError(
        f"load: expected a .npz state dict written by dlnotes.save or numpy.savez, "
        f"got {what} in {str(path)!r}{detail}"
    )


def load(path: str | os.PathLike[str], *, strict: bool = False) -> dict[str, np.ndarray]:
    """Load a state dict saved by :func:`save` (or a plain ``numpy.savez`` archive).

    Parameters
    ----------
    path : str or os.PathLike
        The ``.npz`` file.
    strict : bool, default False
        If ``True``, accept only files carrying the ``__dlnotes_format__`` marker written by
        :func:`save`; plain ``numpy.savez`` archives are then rejected.

    Returns
    -------
    dict[str, numpy.ndarray]
        The arrays in the order they were saved, with their saved shapes and dtypes; the
        format marker is not included. Pass it to ``model.load_state_dict``.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ValueError
        If the file is empty, truncated, corrupted (a zip checksum fails), not an ``.npz``
        archive (a bare ``.npy`` array, text, random bytes), a zip holding non-array members,
        an archive with object arrays (which would need pickle), or written by a newer format
        version. The message names the file.

    Examples
    --------
    >>> import tempfile, os
    >>> from dlnotes.serialization import save, load
    >>> with tempfile.TemporaryDirectory() as d:
    ...     save({"weight": np.arange(6.0).reshape(2, 3)}, os.path.join(d, "w.npz"))
    ...     load(os.path.join(d, "w.npz"))["weight"].shape
    (2, 3)
    """
    path = Path(os.fspath(path))
    # Opening outside the try lets FileNotFoundError / PermissionError propagate unchanged.
    with open(path, "rb") as f:
        head = f.read(len(_NPY_SIGNATURE))
        # Recognise the kind of file by its signature first: otherwise np.load takes any
        # unknown bytes for a pickle and suggests loading them unsafely.
        if not head:
            raise _corrupt(path, "an empty file")
        if head.startswith(_NPY_SIGNATURE):
            raise _corrupt(path, "a single .npy array, not an .npz archive")
        if not head.startswith(_ZIP_SIGNATURES):
            raise _corrupt(path, f"a file that is not a zip archive (it starts with {head!r})")
        f.seek(0)
        try:
            archive = zipfile.ZipFile(f)
        except Exception as exc:  # noqa: BLE001 - any parse failure means "not a valid file"
            raise _corrupt(path, "a truncated or corrupted zip archive", exc) from exc
        with archive:
            members = archive.namelist()
            foreign = [name for name in members if not name.endswith(".npy")]
            if foreign:
                raise _corrupt(path, f"a zip archive with non-array members {foreign[:3]}")
            try:
                arrays = {name[: -len(".npy")]: _read_member(archive, name) for name in members}
            except Exception as exc:  # noqa: BLE001 - truncated member, bad CRC, pickled data
                raise _corrupt(path, "an archive whose arrays cannot be read", exc) from exc
    marker = arrays.pop(FORMAT_KEY, None)
    if marker is None:
        if strict:
            raise _corrupt(path, f"an archive without the {FORMAT_KEY!r} marker (strict=True)")
        if not arrays:
            raise _corrupt(path, "an archive with no arrays")
    elif (
        marker.shape != ()
        or marker.dtype.kind not in "iu"
        or not 1 <= int(marker) <= FORMAT_VERSION
    ):
        raise _corrupt(
            path,
            f"an unknown format marker {marker!r} (this dlnotes reads version {FORMAT_VERSION})",
        )
    for key, arr in arrays.items():
        if arr.dtype.kind not in _ALLOWED_KINDS:
            raise _corrupt(path, f"a non-numeric array {key!r} of dtype {arr.dtype}")
    return arrays


# -- checkpoints: model + optimizer + metadata in one file ---------------------------------------
_META_KEY = "checkpoint.meta"
_MODEL_PREFIX = "model."
_OPTIM_PREFIX = "optimizer.state."


def _json_default(value: Any) -> Any:
    """Let NumPy scalars (and tuples, natively) into the JSON metadata; refuse anything else."""
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def save_checkpoint(
    path: str | os.PathLike[str], model: Any, optimizer: Any = None, **metadata: Any
) -> None:
    """Save a model's state dict, an optimizer's state and metadata in one atomic file.

    Training resumed from the checkpoint continues exactly as if it had never stopped: the
    optimizer's buffers (momentum, Adam's moments and step counts) and hyper-parameters are
    saved with the parameters. Arrays go into the archive as ``"model.<name>"`` and
    ``"optimizer.state.<index>.<buffer>"``; hyper-parameters, integer counters and
    ``metadata`` (for example ``epoch=12`` or a list of losses) are stored as JSON text in a
    ``uint8`` array, so the file still needs no pickle.

    Parameters
    ----------
    path : str or os.PathLike
        Destination, written atomically by :func:`save`.
    model : dlnotes.nn.Module
        Anything with ``state_dict()``.
    optimizer : dlnotes.optim.Optimizer, optional
        Anything whose ``state_dict()`` has PyTorch's layout ``{"state": {index: {name:
        value}}, "param_groups": [...]}``.
    **metadata
        JSON-serialisable values returned by :func:`load_checkpoint`.

    Raises
    ------
    TypeError
        If the optimizer's hyper-parameters or ``metadata`` cannot be written as JSON.

    Notes
    -----
    Checkpoints are what make long training runs and early stopping (Goodfellow et al.,
    §7.8) practical: the best parameters can be kept on disk rather than in memory.

    Examples
    --------
    >>> import tempfile, os
    >>> from dlnotes.nn import Linear
    >>> from dlnotes.optim import SGD
    >>> model = Linear(3, 2, rng=np.random.default_rng(0))
    >>> optimizer = SGD(model.parameters(), lr=0.1, momentum=0.9)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     save_checkpoint(os.path.join(d, "ckpt.npz"), model, optimizer, epoch=3)
    ...     load_checkpoint(os.path.join(d, "ckpt.npz"), model, optimizer)
    {'epoch': 3}
    """
    arrays = {_MODEL_PREFIX + k: v for k, v in model.state_dict().items()}
    meta: dict[str, Any] = {"metadata": metadata}
    if optimizer is not None:
        optim_state = optimizer.state_dict()
        scalars: dict[str, dict[str, Any]] = {}
        for index, buffers in optim_state["state"].items():
            for name, value in buffers.items():
                if isinstance(value, np.ndarray):
                    arrays[f"{_OPTIM_PREFIX}{index}.{name}"] = value
                else:  # step counters, absent buffers (None)
                    scalars.setdefault(str(index), {})[name] = value
        meta["optimizer"] = {"param_groups": optim_state["param_groups"], "scalars": scalars}
    try:
        text = json.dumps(meta, default=_json_default, allow_nan=True)
    except (TypeError, ValueError) as exc:
        fail(
            "save_checkpoint",
            "JSON-serialisable metadata and hyper-parameters",
            str(exc),
            TypeError,
        )
    arrays[_META_KEY] = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    save(arrays, path)


def load_checkpoint(
    path: str | os.PathLike[str], model: Any, optimizer: Any = None
) -> dict[str, Any]:
    """Restore a model (and optimizer) from :func:`save_checkpoint`; return the metadata.

    Parameters
    ----------
    path : str or os.PathLike
        A file written by :func:`save_checkpoint`.
    model : dlnotes.nn.Module
        Receives the parameters through ``load_state_dict`` (strict: the keys must match).
    optimizer : dlnotes.optim.Optimizer, optional
        Built over ``model.parameters()`` with the same parameter groups; receives the saved
        buffers and hyper-parameters through ``load_state_dict``.

    Returns
    -------
    dict
        The keyword ``metadata`` given to :func:`save_checkpoint` (tuples come back as lists).

    Raises
    ------
    ValueError
        If the file is not a readable checkpoint (see :func:`load`), or an optimizer is given
        but the checkpoint holds no optimizer state.
    """
    arrays = load(path)
    blob = arrays.pop(_META_KEY, None)
    if blob is None or blob.dtype != np.uint8 or blob.ndim != 1:
        raise _corrupt(
            Path(os.fspath(path)),
            f"a state dict without {_META_KEY!r} (not a checkpoint written by save_checkpoint)",
        )
    try:
        meta = json.loads(blob.tobytes().decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _corrupt(Path(os.fspath(path)), "unreadable checkpoint metadata", exc) from exc
    model.load_state_dict(
        {k[len(_MODEL_PREFIX) :]: v for k, v in arrays.items() if k.startswith(_MODEL_PREFIX)}
    )
    if optimizer is not None:
        if "optimizer" not in meta:
            fail("load_checkpoint", f"optimizer state in {str(path)!r}", "a checkpoint without it")
        state: dict[int, dict[str, Any]] = {}
        for key, value in arrays.items():
            if key.startswith(_OPTIM_PREFIX):
                index, name = key[len(_OPTIM_PREFIX) :].split(".", 1)
                state.setdefault(int(index), {})[name] = value
        for index, values in meta["optimizer"]["scalars"].items():
            state.setdefault(int(index), {}).update(values)
        optimizer.load_state_dict(
            {"state": state, "param_groups": meta["optimizer"]["param_groups"]}
        )
    return meta["metadata"]
