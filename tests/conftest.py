"""Shared test fixtures. Oracle tests use the ``torch`` fixture and skip where torch is absent."""

from __future__ import annotations

import numpy as np
import pytest


@pytest.fixture
def rng() -> np.random.Generator:
    """A seeded generator, fresh for each test."""
    return np.random.default_rng(0)


@pytest.fixture(scope="session")
def torch():
    """PyTorch in float64 mode, or a clean skip where it is not installed."""
    torch = pytest.importorskip("torch")
    torch.set_default_dtype(torch.float64)
    return torch
