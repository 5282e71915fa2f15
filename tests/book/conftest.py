"""Fixtures for the site tests: the strict build (once per session) and the built HTML."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from execution import run_page
from pages import ROOT, chapter_files, run_build

HTML = ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def strict_build() -> subprocess.CompletedProcess:
    """The book built strictly: warnings are errors, nit-picky references, a fresh Sphinx
    environment (``--all``), so an unchanged broken page cannot pass on a stale environment.
    The execution cache is kept: it is keyed on the package sources (book/_ext/cache_key.py).
    Pages are executed first through the cache the build reads (a page the per-page tests
    already ran is not run again), so the build itself executes nothing."""
    failed = [path.name for path in chapter_files() if run_page(path).error is not None]
    if failed:
        pytest.fail(f"pages failed to execute: {', '.join(failed)} (see test_chapter_executes)")
    shutil.rmtree(HTML, ignore_errors=True)
    result = run_build(ROOT, "-W", "-n", "--keep-going", "--all")
    if result.returncode != 0:
        tail = "\n".join(result.stdout.splitlines()[-150:])
        pytest.fail(f"strict book build failed (exit {result.returncode}):\n{tail}", pytrace=False)
    return result


@pytest.fixture(scope="session")
def html_dir(strict_build) -> Path:
    return HTML
