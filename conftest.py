"""Root pytest configuration.

Doctests are collected from every module (``--doctest-modules``); the ``conftest.py`` files
under ``tests/`` are plugins, not modules to import a second time for their (absent) doctests.
The examples in ``src/dlnotes`` may use ``np`` without importing it.
"""

import numpy as np
import pytest

collect_ignore_glob = ["tests/**/conftest.py", "tests/conftest.py", "_build/*", "node_modules/*"]


@pytest.fixture(autouse=True)
def _doctest_numpy(doctest_namespace: dict) -> None:
    doctest_namespace["np"] = np
