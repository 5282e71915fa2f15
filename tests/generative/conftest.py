"""Fixtures of tests/generative: the digits and S11's trained models (see ``s11_models``)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from s11_models import trained

from dlnotes.data import load_digits
from dlnotes.generative import Autoencoder


@pytest.fixture(scope="session")
def s11_model() -> Callable[[str], Autoencoder]:
    """``s11_model(name)``: plain, masking, gaussian, kl, relu (plain ReLU), l1, contractive."""
    return trained


@pytest.fixture(scope="session")
def digits() -> tuple[np.ndarray, np.ndarray]:
    X_train, _, X_test, _ = load_digits(flat=True)
    return X_train, X_test
