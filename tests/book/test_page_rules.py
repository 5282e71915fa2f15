"""The page rules of chapters.md ("What every chapter page has", items 4 and 5) on every chapter
page: a collapsed formula sheet, and the common ending — Key takeaways, Check yourself (3 to 5
numbered questions, each with an answer in a dropdown), Going further — in that order, last.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pages import BOOK, ROOT

ENDING = ["## Key takeaways", "## Check yourself", "## Going further"]


def chapter_pages() -> list[Path]:
    return sorted([*BOOK.glob("summaries/*.md"), *BOOK.glob("scratch/*.md")])


def rule_problems(text: str) -> list[str]:
    """What the page misses of the rules, in words (empty when it follows them)."""
    found = []
    if ":::{dropdown} Formula sheet" not in text:
        found.append("no ':::{dropdown} Formula sheet'")
    headings = [line.strip() for line in text.splitlines() if line.startswith("## ")]
    tail = headings[-len(ENDING) :]
    if tail != ENDING:
        found.append(f"the page should end with the sections {ENDING}, ends with {tail}")
        return found
    start = text.index("\n## Check yourself")
    questions = text[start : text.index("\n## Going further")]
    numbered = re.findall(r"^\d+\. ", questions, flags=re.M)
    answers = questions.count(":::{dropdown} Answer")
    if not 3 <= len(numbered) <= 5:
        found.append(f"Check yourself has {len(numbered)} questions, not 3 to 5")
    if answers != len(numbered):
        found.append(f"{len(numbered)} questions but {answers} answer dropdowns")
    # the question texts: from each "N. " to its answer dropdown
    asked = re.findall(r"^\d+\. (.*?):::\{dropdown\} Answer", questions, flags=re.M | re.S)
    if not any(re.search(r"\b(Derive|derive|Show that|show that|Prove)\b", q) for q in asked):
        found.append("no derivation question (one that asks to derive, show or prove)")
    if ":::{admonition}" not in text[text.index("\n## Key takeaways") : start]:
        found.append("no admonition box under the Key takeaways heading")
    return found


@pytest.mark.parametrize("path", chapter_pages(), ids=lambda p: p.stem)
def test_page_follows_the_rules(path: Path) -> None:
    found = rule_problems(path.read_text())
    assert not found, f"{path.relative_to(ROOT)}: " + "; ".join(found)


GOOD = """# Chapter 1

:::{dropdown} Formula sheet
$a = b$
:::

## 1.1 Section

## Key takeaways

:::{admonition} Key takeaways
- one
:::

## Check yourself

1. Show that Q?

   :::{dropdown} Answer
   A.
   :::

2. Q?

   :::{dropdown} Answer
   A.
   :::

3. Q?

   :::{dropdown} Answer
   A.
   :::

## Going further

- links
"""


def test_a_page_that_follows_the_rules_passes() -> None:
    assert rule_problems(GOOD) == []


def test_each_broken_rule_is_reported() -> None:
    assert rule_problems(GOOD.replace("Formula sheet", "Formulas")) == [
        "no ':::{dropdown} Formula sheet'"
    ]
    assert "ends with" in rule_problems(GOOD.replace("## Going further", "## Go deeper"))[0]
    two = GOOD.replace("3. Q?\n\n   :::{dropdown} Answer\n   A.\n   :::\n", "")
    assert rule_problems(two) == ["Check yourself has 2 questions, not 3 to 5"]
    assert rule_problems(GOOD.replace("Show that", "Is")) == [
        "no derivation question (one that asks to derive, show or prove)"
    ]
    no_box = GOOD.replace(":::{admonition} Key takeaways\n- one\n:::", "- one")
    assert rule_problems(no_box) == ["no admonition box under the Key takeaways heading"]
    unanswered = GOOD.replace("2. Q?\n\n   :::{dropdown} Answer\n   A.\n   :::", "2. Q?")
    assert rule_problems(unanswered) == ["3 questions but 2 answer dropdowns"]
