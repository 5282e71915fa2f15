"""Explicit forward/backward neural-network modules with PyTorch's names and layouts.

Each family lives in its own file; this package re-exports the public classes.
Goodfellow et al., chapters 6-10.
"""

from dlnotes.nn.module import Module, ModuleList, Parameter, Sequential

# Families add one import line each below (core layers, losses, convolution, recurrent,
# attention). Keep one line per file.

__all__ = [name for name in dir() if not name.startswith("_")]
