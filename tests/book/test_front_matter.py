"""A page with code cells but no jupytext/kernelspec front matter silently runs nothing."""

from __future__ import annotations

import pytest
import yaml

from pages import ROOT, chapter_files


def front_matter(text: str) -> dict:
    if not text.startswith("---\n"):
        return {}
    end = text.index("\n---", 4)
    return yaml.safe_load(text[4:end]) or {}


@pytest.mark.parametrize("path", chapter_files(), ids=lambda p: p.stem)
def test_chapter_has_jupytext_front_matter(path):
    meta = front_matter(path.read_text())
    name = path.relative_to(ROOT)
    assert meta.get("kernelspec", {}).get("name") == "python3", (
        f"{name}: has code cells but no kernelspec front matter, so its cells would not run"
    )
    assert meta.get("jupytext", {}).get("text_representation", {}).get("format_name") == "myst", (
        f"{name}: has code cells but no jupytext MyST front matter"
    )


def test_lint_names_a_file_without_front_matter(tmp_path):
    page = tmp_path / "broken.md"
    page.write_text("# Broken\n\n```{code-cell} ipython3\n1 + 1\n```\n")
    assert front_matter(page.read_text()) == {}
