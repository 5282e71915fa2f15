"""Figures, equations, listings and exercises are numbered per chapter (chapter_numbers.py)."""

from __future__ import annotations

import importlib.util
from types import SimpleNamespace

from pages import ROOT

spec = importlib.util.spec_from_file_location(
    "chapter_numbers", ROOT / "book/_ext/chapter_numbers.py"
)
chapter_numbers = importlib.util.module_from_spec(spec)
spec.loader.exec_module(chapter_numbers)


def test_the_prefix_is_the_chapter_of_the_file_name():
    assert chapter_numbers.chapter_prefix("book/summaries/ch02_linear_algebra") == "2"
    assert chapter_numbers.chapter_prefix("book/summaries/ch13_linear_factors") == "13"
    assert chapter_numbers.chapter_prefix("book/scratch/s05_framework") == "S5"
    assert chapter_numbers.chapter_prefix("book/intro") is None
    assert chapter_numbers.chapter_prefix("book/reference/api") is None
    # "ch" or "s" must start the file name, not a folder or the middle of a word.
    assert chapter_numbers.chapter_prefix("book/ch02_x/notes") is None
    assert chapter_numbers.chapter_prefix("book/reference/docs03_x") is None


def test_book_wide_numbers_restart_on_every_page_in_page_order():
    env = SimpleNamespace(
        toc_fignumbers={
            "book/summaries/ch13_linear_factors": {
                "figure": {"fig-late": (62,), "fig-early": (61,)},
                "displaymath": {"eq-a": (40,)},
            },
            "book/scratch/s03_optimizers": {"code-block": {"l1": (9,), "l2": (10,)}},
            "book/notation": {"figure": {"f": (3,)}},
            "book/reference/glossary": {"figure": {"g": (1,)}},
        }
    )
    changed = chapter_numbers.renumber_per_chapter(None, env)
    assert env.toc_fignumbers["book/summaries/ch13_linear_factors"] == {
        "figure": {"fig-early": ("13", 1), "fig-late": ("13", 2)},
        "displaymath": {"eq-a": ("13", 1)},
    }
    assert env.toc_fignumbers["book/scratch/s03_optimizers"] == {
        "code-block": {"l1": ("S3", 1), "l2": ("S3", 2)}
    }
    assert env.toc_fignumbers["book/notation"] == {"figure": {"f": (1,)}}
    # A page whose numbers were already right is not rewritten.
    assert sorted(changed) == [
        "book/notation",
        "book/scratch/s03_optimizers",
        "book/summaries/ch13_linear_factors",
    ]
