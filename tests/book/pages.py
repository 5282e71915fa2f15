"""Which pages the book has: every chapter file under ``book/`` and the entries of ``_toc.yml``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"
JUPYTER_BOOK = str(Path(sys.executable).with_name("jupyter-book"))


def toc_files() -> list[str]:
    """Document names listed in ``_toc.yml`` (without suffix), globs expanded, in order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    names: list[str] = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                names.append(entry["file"])
            if "glob" in entry:
                names.extend(
                    sorted(
                        str(p.relative_to(ROOT).with_suffix(""))
                        for p in ROOT.glob(entry["glob"] + ".md")
                    )
                )
            for key in ("sections", "chapters"):
                if key in entry:
                    walk(entry[key])

    for part in toc.get("parts", []):
        walk(part["chapters"])
    return names


def chapter_files() -> list[Path]:
    """Every markdown page with code cells: these must carry front matter and execute."""
    return sorted(p for p in BOOK.rglob("*.md") if "{code-cell}" in p.read_text())


def run_build(source: Path, *args: str) -> subprocess.CompletedProcess:
    """Run ``jupyter-book build`` on ``source``; stdout and stderr merged into ``stdout``."""
    return subprocess.run(
        [JUPYTER_BOOK, "build", str(source), *args],
        cwd=source,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # The kernel must keep its inline backend: with MPLBACKEND=Agg figures vanish from cells.
        env={k: v for k, v in os.environ.items() if k != "MPLBACKEND"},
    )
