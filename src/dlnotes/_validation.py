"""One place for input checks, so every error message has the same form.

Every public constructor and forward pass validates its arguments through these helpers and
raises ``ValueError`` (wrong value or shape) or ``TypeError`` (wrong kind of object) with a
message of the form ``"Linear: expected input with last dimension 4, got (8, 3)"``: the owner,
what was expected, and what was received.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NoReturn, TypeVar

import numpy as np

__all__ = [
    "FLOAT_DTYPES",
    "fail",
    "describe",
    "as_float_array",
    "check_ndim",
    "check_last_dim",
    "check_same_shape",
    "check_positive_int",
    "check_nonnegative_int",
    "check_range",
    "check_pair",
    "resolve_dtype",
    "as_generator",
    "check_bool",
    "check_forward_called",
    "reject_unsupported",
    "check_pytorch_default",
]

_T = TypeVar("_T")

FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def fail(owner: str, expected: str, got: Any, error: type[Exception] = ValueError) -> NoReturn:
    """Raise ``error`` with the project's single message format.

    >>> fail("Linear", "input with last dimension 4", (8, 3))
    Traceback (most recent call last):
    ...
    ValueError: Linear: expected input with last dimension 4, got (8, 3)
    """
    raise error(f"{owner}: expected {expected}, got {got}")


def describe(x: Any) -> str:
    """Short description of a received value for error messages (shape for arrays)."""
    if isinstance(x, np.ndarray):
        return str(tuple(x.shape))
    return repr(x) if not isinstance(x, str) else repr(x)


def as_float_array(owner: str, x: Any, name: str = "input") -> np.ndarray:
    """Return ``x`` as a floating ndarray without copying or upcasting float32/float64 input.

    Integer or boolean input is converted to float64; anything that is not array-like raises
    ``TypeError``.
    """
    if isinstance(x, np.ndarray) and x.dtype in FLOAT_DTYPES:
        return x
    try:
        arr = np.asarray(x)
    except Exception:  # noqa: BLE001 - any failure here means "not array-like"
        fail(owner, f"{name} to be an array", type(x).__name__, TypeError)
    if arr.dtype == object or arr.dtype.kind not in "biuf":
        fail(owner, f"{name} to be a numeric array", f"dtype {arr.dtype}", TypeError)
    if arr.dtype.kind == "f" and arr.dtype in FLOAT_DTYPES:
        return arr
    return arr.astype(np.float64)


def check_ndim(owner: str, x: np.ndarray, ndims: int | Iterable[int], what: str) -> None:
    """Raise unless ``x.ndim`` is one of ``ndims``; ``what`` describes the expected shape."""
    allowed = (ndims,) if isinstance(ndims, int) else tuple(ndims)
    if x.ndim not in allowed:
        fail(owner, what, tuple(x.shape))


def check_last_dim(owner: str, x: np.ndarray, size: int, name: str = "input") -> None:
    """Raise unless the last dimension of ``x`` is ``size``."""
    if x.ndim == 0 or x.shape[-1] != size:
        fail(owner, f"{name} with last dimension {size}", tuple(x.shape))


def check_same_shape(
    owner: str, a: np.ndarray, b: np.ndarray, names: str = "input and target"
) -> None:
    """Raise unless ``a`` and ``b`` have the same shape."""
    if a.shape != b.shape:
        fail(owner, f"{names} of the same shape", f"{tuple(a.shape)} and {tuple(b.shape)}")


def check_positive_int(owner: str, name: str, value: Any) -> int:
    """Return ``value`` as an int if it is a positive integer, else raise."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        fail(owner, f"{name} to be a positive integer", repr(value), TypeError)
    if value <= 0:
        fail(owner, f"{name} to be a positive integer", repr(value))
    return int(value)


def check_nonnegative_int(owner: str, name: str, value: Any) -> int:
    """Return ``value`` as an int if it is a non-negative integer, else raise."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        fail(owner, f"{name} to be a non-negative integer", repr(value), TypeError)
    if value < 0:
        fail(owner, f"{name} to be a non-negative integer", repr(value))
    return int(value)


def check_range(
    owner: str,
    name: str,
    value: Any,
    low: float | None = None,
    high: float | None = None,
    *,
    low_inclusive: bool = True,
    high_inclusive: bool = True,
) -> float:
    """Return ``value`` as a float if it lies in the given interval, else raise ``ValueError``."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        fail(owner, f"{name} to be a real number", repr(value), TypeError)
    v = float(value)
    ok = np.isfinite(v) or (high is None and v == np.inf)
    if low is not None:
        ok = ok and (v >= low if low_inclusive else v > low)
    if high is not None:
        ok = ok and (v <= high if high_inclusive else v < high)
    if not ok:
        lo = "-inf" if low is None else f"{low}"
        hi = "inf" if high is None else f"{high}"
        interval = (
            ("[" if low_inclusive else "(") + f"{lo}, {hi}" + ("]" if high_inclusive else ")")
        )
        fail(owner, f"{name} in {interval}", repr(value))
    return v


def check_pair(owner: str, name: str, value: Any, *, allow_zero: bool = False) -> tuple[int, int]:
    """Normalise an int or a pair of ints (kernel size, stride, padding) to a pair."""
    pair = (
        (value, value)
        if isinstance(value, (int, np.integer)) and not isinstance(value, bool)
        else value
    )
    try:
        a, b = pair
    except (TypeError, ValueError):
        fail(owner, f"{name} to be an int or a pair of ints", repr(value), TypeError)
    check = check_nonnegative_int if allow_zero else check_positive_int
    return check(owner, name, a), check(owner, name, b)


def resolve_dtype(owner: str, dtype: Any) -> np.dtype:
    """Return the floating dtype to use (float64 by default; float32 on request)."""
    dt = np.dtype(np.float64 if dtype is None else dtype)
    if dt not in FLOAT_DTYPES:
        fail(owner, "dtype float32 or float64", str(dt), TypeError)
    return dt


def as_generator(owner: str, rng: Any) -> np.random.Generator:
    """Return ``rng`` if it is a ``numpy.random.Generator``; ``None`` gives a fresh one.

    Nothing in dlnotes touches NumPy's global random state.
    """
    if rng is None:
        return np.random.default_rng()
    if isinstance(rng, np.random.Generator):
        return rng
    fail(owner, "rng to be a numpy.random.Generator or None", type(rng).__name__, TypeError)


def check_bool(owner: str, name: str, value: Any) -> bool:
    """Return ``value`` if it is a ``bool`` (NumPy's included), else raise ``TypeError``.

    >>> check_bool("Linear", "bias", 1)
    Traceback (most recent call last):
    ...
    TypeError: Linear: expected bias to be a bool, got 1
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    fail(owner, f"{name} to be a bool", repr(value), TypeError)


def check_forward_called(owner: str, cache: _T | None) -> _T:
    """Return the cache a forward pass stored; raise ``RuntimeError`` if there is none.

    Every module's ``backward`` starts with this call, so the message is the same everywhere.

    >>> check_forward_called("Linear", None)
    Traceback (most recent call last):
    ...
    RuntimeError: Linear: expected forward to be called before backward, got no cached input
    """
    if cache is None:
        fail(owner, "forward to be called before backward", "no cached input", RuntimeError)
    return cache


def reject_unsupported(owner: str, unsupported: Mapping[str, Any]) -> None:
    """Raise ``TypeError`` naming PyTorch keywords that dlnotes does not implement.

    Modules accept ``**unsupported`` after their own keywords and pass it here, so a reader who
    writes ``Conv2d(1, 8, 3, dilation=2)`` learns which keyword is missing instead of seeing
    Python's generic ``unexpected keyword argument``.

    >>> reject_unsupported("Conv2d", {"dilation": 2})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: Conv2d: expected only the keywords dlnotes supports, got dilation=2 (a PyTorch...
    """
    if unsupported:
        given = ", ".join(f"{key}={value!r}" for key, value in unsupported.items())
        fail(
            owner,
            "only the keywords dlnotes supports",
            f"{given} (a PyTorch option dlnotes does not implement)",
            TypeError,
        )


def check_pytorch_default(owner: str, name: str, value: Any, allowed: Any, why: str) -> None:
    """Raise the house ``ValueError`` unless a PyTorch keyword has the one value dlnotes has.

    ``Conv2d(..., dilation=1)`` is accepted (it changes nothing), ``dilation=2`` is not:

    >>> check_pytorch_default("Conv2d", "dilation", 2, (1, (1, 1)), "no dilated convolution")
    Traceback (most recent call last):
    ...
    ValueError: Conv2d: expected dilation=1 (dlnotes has no dilated convolution), got 2
    """
    options = allowed if isinstance(allowed, tuple) else (allowed,)
    if isinstance(value, bool) != isinstance(options[0], bool) or not any(
        value == option for option in options
    ):
        fail(owner, f"{name}={options[0]!r} (dlnotes has {why})", repr(value))
