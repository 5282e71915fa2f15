"""Pure kernels: ``<op>_forward(...) -> (out, cache)`` and ``<op>_backward(grad, cache)``.

No state, inputs never mutated. Modules and the autograd engine call these same functions.
Each family lives in its own file; this package re-exports them.
"""

# Families add one import line each below. Keep one line per file.

__all__ = [name for name in dir() if not name.startswith("_")]
