"""Fixtures for the site tests: the strict build (once per session) and the built HTML."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pages import ROOT

HTML = ROOT / "_build" / "html"
JUPYTER_BOOK = str(Path(sys.executable).with_name("jupyter-book"))


def run_build(source: Path, *args: str) -> subprocess.CompletedProcess:
    """Run ``jupyter-book build`` on ``source``; stdout and stderr merged into ``stdout``."""
    return subprocess.run(
        [JUPYTER_BOOK, "build", str(source), *args],
        cwd=source, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )


@pytest.fixture(scope="session")
def strict_build() -> subprocess.CompletedProcess:
    """The book built strictly: warnings are errors, nit-picky references, a fresh Sphinx
    environment (``--all``), so an unchanged broken page cannot pass on a stale environment.
    The execution cache is kept: it is keyed on the package sources (book/_ext/cache_key.py)."""
    shutil.rmtree(HTML, ignore_errors=True)
    result = run_build(ROOT, "-W", "-n", "--keep-going", "--all")
    if result.returncode != 0:
        tail = "\n".join(result.stdout.splitlines()[-150:])
        pytest.fail(f"strict book build failed (exit {result.returncode}):\n{tail}", pytrace=False)
    return result


@pytest.fixture(scope="session")
def html_dir(strict_build) -> Path:
    return HTML
