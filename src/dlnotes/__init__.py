"""dlnotes: a tested NumPy deep-learning library and executable companion to
Goodfellow, Bengio and Courville, *Deep Learning* (2016).

Sub-packages are imported on first use, so ``import dlnotes.nn`` needs NumPy only.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: Every public sub-package and module (a test checks the list against the package's files).
_SUBMODULES = {
    "applications",
    "autograd",
    "book",
    "convolution",
    "data",
    "debugging",
    "diagnostics",
    "feedforward",
    "generative",
    "gradcheck",
    "linalg",
    "linear_factors",
    "metrics",
    "ml",
    "models",
    "nn",
    "numerics",
    "optim",
    "prob",
    "regularization",
    "seq2seq",
    "sequence",
    "serialization",
    "training",
    "tuning",
}
_LAZY_ATTRS = {
    "save": "serialization",
    "load": "serialization",
    "save_checkpoint": "serialization",
    "load_checkpoint": "serialization",
}

__all__ = ["__version__", *sorted(_LAZY_ATTRS), *sorted(_SUBMODULES)]


def __getattr__(name: str) -> Any:
    if name in _LAZY_ATTRS:
        return getattr(importlib.import_module(f"dlnotes.{_LAZY_ATTRS[name]}"), name)
    if name in _SUBMODULES:
        return importlib.import_module(f"dlnotes.{name}")
    raise AttributeError(f"module 'dlnotes' has no attribute {name!r}")
