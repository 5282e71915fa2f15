"""How the build behaves, shown on a one-page book that uses this repository's configuration.

- The execution cache is keyed on the package sources: a package change re-executes the pages,
  no change re-executes none (jupyter-cache alone keys a page on its own cells only).
- A cell that raises fails the build, naming the page and showing the traceback.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pages import ROOT, run_build

pytestmark = pytest.mark.book

PAGE = """---
jupytext:
  text_representation: {{extension: .md, format_name: myst, format_version: 0.13}}
kernelspec: {{display_name: Python 3, language: python, name: python3}}
---
# Probe page

```{{code-cell}} ipython3
{code}
```
"""


def make_book(where: Path, code: str) -> Path:
    """A copy of this book's configuration with one page and a stand-in package."""
    for name in ("_config.yml",):
        shutil.copy(ROOT / name, where / name)
    (where / "book").mkdir()
    shutil.copytree(ROOT / "book" / "_ext", where / "book" / "_ext")
    shutil.copytree(ROOT / "book" / "_static", where / "book" / "_static")
    shutil.copy(ROOT / "book" / "references.bib", where / "book" / "references.bib")
    (where / "node_modules").symlink_to(ROOT / "node_modules")  # MathJax, as npm ci installs it
    (where / "_toc.yml").write_text("format: jb-book\nroot: book/probe\n")
    (where / "book" / "probe.md").write_text(PAGE.format(code=code))
    (where / "src" / "dlnotes").mkdir(parents=True)
    (where / "src" / "dlnotes" / "module.py").write_text("VALUE = 1\n")
    (where / "requirements.lock").write_text("numpy==2.0\n")
    return where


def executed(output: str) -> bool:
    return "Executed notebook in" in output


def test_cache_follows_the_package_sources(tmp_path):
    book = make_book(tmp_path, "print(6 * 7)")
    first = run_build(book)
    assert first.returncode == 0, first.stdout[-3000:]
    assert executed(first.stdout), "a fresh build must execute the page"

    again = run_build(book)
    assert again.returncode == 0, again.stdout[-3000:]
    assert not executed(again.stdout), "nothing changed, yet the page was executed again"

    (book / "src" / "dlnotes" / "module.py").write_text("VALUE = 2\n")
    changed = run_build(book)
    assert changed.returncode == 0, changed.stdout[-3000:]
    assert executed(changed.stdout), "the package changed, yet the page kept its cached outputs"

    (book / "requirements.lock").write_text("numpy==2.1\n")
    relocked = run_build(book)
    assert executed(relocked.stdout), "the lock file changed, yet the page kept its cached outputs"


def test_failing_cell_fails_the_build_with_page_and_traceback(tmp_path):
    code = "def broken():\n    raise ValueError('deliberate failure')\nbroken()"
    book = make_book(tmp_path, code)
    result = run_build(book)
    assert result.returncode != 0, "a cell that raises must fail the build"
    assert "probe" in result.stdout, "the failing page must be named"
    assert "deliberate failure" in result.stdout, result.stdout[-3000:]
    assert "Traceback" in result.stdout, result.stdout[-3000:]


def test_rebuild_with_nothing_changed_reads_and_executes_nothing(html_dir):
    """After the strict build, an ordinary rebuild re-reads no page and runs no cell (the
    environment and the execution cache are both reused), which is what keeps it fast."""
    result = run_build(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 added, 0 changed, 0 removed" in result.stdout, result.stdout[-3000:]
    assert not executed(result.stdout)
