"""Shared test fixtures. Oracle tests use the ``torch`` fixture and skip where torch is absent."""

from __future__ import annotations

import os

import numpy as np
import pytest


@pytest.fixture
def rng() -> np.random.Generator:
    """A seeded generator, fresh for each test."""
    return np.random.default_rng(0)


@pytest.fixture(scope="session")
def torch():
    """PyTorch in float64 mode, or a clean skip where it is not installed.

    In CI (``CI`` set, as ``.ci/run`` runs) a missing torch fails instead of skipping, so the
    oracle tests cannot silently disappear.
    """
    try:
        import torch
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("torch is not installed: CI must run the oracle tests (make torch)")
        pytest.skip("torch is not installed (make torch)")
    torch.set_default_dtype(torch.float64)
    return torch
