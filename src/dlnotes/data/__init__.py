"""Data that works offline, minibatch loaders, and the training loop.

* :mod:`~dlnotes.data.datasets` — ``load_digits`` (the book's MNIST stand-in) and
  ``load_iris``, with a fixed seeded stratified :class:`Split`;
* :mod:`~dlnotes.data.synthetic` — ``xor_points``, ``make_xor``, ``make_spirals``,
  ``make_moons``;
* :mod:`~dlnotes.data.loader` — ``DataLoader`` and ``iterate_minibatches``;
* :mod:`~dlnotes.data.factor_data` — ``make_linear_factor_data``, ``make_heteroscedastic_data``,
  ``make_ica_sources``, ``mix_signals``, ``make_sinusoid_mixture`` (chapter 13);
* :mod:`~dlnotes.data.idx` — ``load_idx`` and ``load_mnist`` for the real MNIST files;
* ``fit``, ``evaluate``, ``accuracy``, ``History`` re-exported from :mod:`dlnotes.training`.

Goodfellow et al., §5.3 (train/test splits), §8.1.3 (minibatches), §7.8 (early stopping).
"""

from __future__ import annotations

import importlib
from typing import Any

from dlnotes.data.datasets import load_digits, load_iris
from dlnotes.data.idx import load_idx, load_mnist
from dlnotes.data.loader import DataLoader, iterate_minibatches
from dlnotes.data.split import Split, stratified_test_counts, train_test_split
from dlnotes.data.synthetic import make_moons, make_spirals, make_xor, xor_points
from dlnotes.data.factor_data import (
    LinearFactorData,
    make_heteroscedastic_data,
    make_ica_sources,
    make_linear_factor_data,
    make_sinusoid_mixture,
    mix_signals,
)

# dlnotes.training imports dlnotes.data.loader, so importing it here eagerly would be circular
# when dlnotes.training is imported first; these names resolve on first access instead.
_TRAINING_NAMES = ("fit", "evaluate", "accuracy", "History", "Evaluation")

__all__ = [
    "DataLoader",
    "Split",
    "iterate_minibatches",
    "load_digits",
    "load_idx",
    "load_iris",
    "load_mnist",
    "make_moons",
    "make_spirals",
    "make_xor",
    "stratified_test_counts",
    "train_test_split",
    "xor_points",
    "LinearFactorData",
    "make_heteroscedastic_data",
    "make_ica_sources",
    "make_linear_factor_data",
    "make_sinusoid_mixture",
    "mix_signals",
    *_TRAINING_NAMES,
]


def __getattr__(name: str) -> Any:
    if name in _TRAINING_NAMES:
        return getattr(importlib.import_module("dlnotes.training"), name)
    raise AttributeError(f"module 'dlnotes.data' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_TRAINING_NAMES))
