"""Root pytest configuration: lets the docstring examples in ``src/dlnotes`` use ``np``."""

import numpy as np
import pytest


@pytest.fixture(autouse=True)
def _doctest_numpy(doctest_namespace: dict) -> None:
    doctest_namespace["np"] = np
