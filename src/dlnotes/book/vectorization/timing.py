r"""Robust wall-clock timing: the best of several repeats, and the ratio of two functions.

A single timing is at the mercy of everything else the machine does (other processes, the
first call filling caches, frequency scaling). Interference only ever adds time, so the
*minimum* over several repeats is the most reproducible estimate of a function's own cost —
the convention of Python's :mod:`timeit`. Fast functions are called many times per repeat so
that each measurement lasts well above the clock's resolution.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from dlnotes._validation import check_positive_int, check_range, fail

__all__ = ["Speedup", "best_time", "speedup", "single_threaded"]


class Speedup(NamedTuple):
    """Best times of a slow and a fast implementation and their ratio ``slow / fast``."""

    slow_seconds: float
    fast_seconds: float
    ratio: float


def best_time(
    fn: Callable[..., Any], *args: Any, repeat: int = 5, min_duration: float = 0.02
) -> float:
    r"""Seconds per call of ``fn(*args)``: the minimum over ``repeat`` measurements.

    Each measurement calls ``fn`` ``number`` times in a row and divides by ``number``, where
    ``number`` is doubled from 1 until one measurement lasts at least ``min_duration``
    seconds (a slow function is called once per measurement).

    Parameters
    ----------
    fn : callable
        The function to time; its result is discarded.
    *args
        Positional arguments passed to ``fn``.
    repeat : int, default 5
        Number of measurements; the best (smallest) is returned.
    min_duration : float, default 0.02
        Shortest acceptable measurement, in seconds.

    Returns
    -------
    float
        Seconds per call.

    Examples
    --------
    >>> t = best_time(sum, range(100), repeat=3, min_duration=0.001)
    >>> 0 < t < 0.01
    True
    """
    owner = "best_time"
    if not callable(fn):
        fail(owner, "fn to be callable", type(fn).__name__, TypeError)
    repeat = check_positive_int(owner, "repeat", repeat)
    min_duration = check_range(owner, "min_duration", min_duration, 0.0)
    number, elapsed = 1, _measure(fn, args, 1)
    while elapsed < min_duration:
        number *= 2
        elapsed = _measure(fn, args, number)
    best = elapsed / number
    for _ in range(repeat - 1):
        best = min(best, _measure(fn, args, number) / number)
    return best


def _measure(fn: Callable[..., Any], args: tuple[Any, ...], number: int) -> float:
    start = time.perf_counter()
    for _ in range(number):
        fn(*args)
    return time.perf_counter() - start


def speedup(
    slow: Callable[..., Any],
    fast: Callable[..., Any],
    *args: Any,
    repeat: int = 5,
    min_duration: float = 0.02,
) -> Speedup:
    r"""How many times faster ``fast(*args)`` runs than ``slow(*args)`` (best times).

    Parameters
    ----------
    slow, fast : callable
        Two implementations of the same computation, called with the same arguments.
    *args
        Positional arguments passed to both.
    repeat : int, default 5
    min_duration : float, default 0.02
        See :func:`best_time`.

    Returns
    -------
    Speedup
        ``(slow_seconds, fast_seconds, ratio)`` with ``ratio = slow_seconds / fast_seconds``.

    Examples
    --------
    >>> result = speedup(lambda n: sum(range(n)), lambda n: n * (n - 1) // 2, 10_000,
    ...                  repeat=3, min_duration=0.001)
    >>> result.ratio > 1
    True
    """
    slow_seconds = best_time(slow, *args, repeat=repeat, min_duration=min_duration)
    fast_seconds = best_time(fast, *args, repeat=repeat, min_duration=min_duration)
    return Speedup(slow_seconds, fast_seconds, slow_seconds / fast_seconds)


@contextlib.contextmanager
def single_threaded() -> Iterator[None]:
    """Run the enclosed code with the BLAS/OpenMP thread pools limited to one thread.

    On a shared machine a multi-threaded matrix product competes with every other process
    for the cores, and its time can swing by an order of magnitude; one thread gives
    reproducible comparisons (and a conservative one for vectorised code, which would
    otherwise also gain from parallelism). Uses ``threadpoolctl`` (installed with
    scikit-learn); without it the block runs unchanged.

    Examples
    --------
    >>> import numpy as np
    >>> with single_threaded():
    ...     product = np.ones((2, 2)) @ np.ones((2, 2))
    >>> product
    array([[2., 2.],
           [2., 2.]])
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - scikit-learn brings it in the book environment
        yield
        return
    with threadpool_limits(limits=1):
        yield
