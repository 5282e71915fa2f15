"""Gradient mode: whether :meth:`Function.apply` records the graph.

Inside ``with no_grad():`` operations on tensors compute their values but build no
computational graph (Goodfellow et al., §6.5.1), so nothing is kept for a backward pass: the
mode for evaluation, for optimizer updates and for code that only needs numbers.

The mode is a **module-level flag, not thread-local**: ``no_grad`` in one thread also switches
recording off in every other thread. dlnotes is single-threaded teaching code; PyTorch keeps
the flag per thread.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["is_grad_enabled", "set_grad_enabled", "no_grad", "enable_grad"]

_grad_enabled = True


def is_grad_enabled() -> bool:
    """Return ``True`` when operations record the graph for back-propagation.

    Examples
    --------
    >>> is_grad_enabled()
    True
    >>> with no_grad():
    ...     is_grad_enabled()
    False
    """
    return _grad_enabled


def set_grad_enabled(mode: bool) -> None:
    """Switch graph recording on or off globally (prefer the ``no_grad`` context manager).

    Examples
    --------
    >>> set_grad_enabled(False); is_grad_enabled()
    False
    >>> set_grad_enabled(True); is_grad_enabled()
    True
    """
    global _grad_enabled
    _grad_enabled = bool(mode)


@contextmanager
def _grad_mode(mode: bool) -> Iterator[None]:
    previous = _grad_enabled
    set_grad_enabled(mode)
    try:
        yield
    finally:
        # Restore the previous mode, so nested no_grad/enable_grad blocks compose.
        set_grad_enabled(previous)


def no_grad():  # noqa: ANN201 - returns a context manager that is also a decorator
    """Context manager (and decorator) under which no graph is recorded.

    Examples
    --------
    >>> from dlnotes.autograd import Tensor
    >>> w = Tensor([1.0, 2.0], requires_grad=True)
    >>> with no_grad():
    ...     y = w * 2
    >>> y.requires_grad
    False
    """
    return _grad_mode(False)


def enable_grad():  # noqa: ANN201
    """Context manager (and decorator) that switches recording back on inside ``no_grad``.

    Examples
    --------
    >>> with no_grad():
    ...     with enable_grad():
    ...         is_grad_enabled()
    True
    """
    return _grad_mode(True)
