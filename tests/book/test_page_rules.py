"""The page rules of chapters.md ("What every chapter page has", items 4 and 5) on every chapter
page: a collapsed formula sheet, and the common ending — Key takeaways, Check yourself (3 to 5
``sphinx-exercise`` exercises labelled ``ex-<page>-<n>``, each followed by its solution in a
dropdown), Going further — in that order, last.
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
    exercises = re.findall(
        r"^:::\{exercise\}\n:label: (ex-[a-z0-9]+-\d+)\n(.*?)^:::$", questions, flags=re.M | re.S
    )
    solved = re.findall(
        r"^:::\{solution\} (ex-[a-z0-9]+-\d+)\n:class: dropdown\n", questions, flags=re.M
    )
    if not 3 <= len(exercises) <= 5:
        found.append(f"Check yourself has {len(exercises)} exercises, not 3 to 5")
    labels = [label for label, _ in exercises]
    if solved != labels:
        found.append(f"exercises {labels} but dropdown solutions for {solved}")
    if not any(
        re.search(r"\b(Derive|derive|Show that|show that|Prove)\b", q) for _, q in exercises
    ):
        found.append("no derivation question (one that asks to derive, show or prove)")
    if re.search(r'^:caption: "Listing', text, flags=re.M):
        found.append("a listing caption types its number (Sphinx numbers listings per chapter)")
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

:::{exercise}
:label: ex-ch01-1

Show that Q?
:::

:::{solution} ex-ch01-1
:class: dropdown

A.
:::

:::{exercise}
:label: ex-ch01-2

Q?
:::

:::{solution} ex-ch01-2
:class: dropdown

A.
:::

:::{exercise}
:label: ex-ch01-3

Q?
:::

:::{solution} ex-ch01-3
:class: dropdown

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
    third = GOOD.index(":::{exercise}\n:label: ex-ch01-3")
    two = GOOD[:third] + GOOD[GOOD.index("## Going further") :]
    assert rule_problems(two) == ["Check yourself has 2 exercises, not 3 to 5"]
    assert rule_problems(GOOD.replace("Show that", "Is")) == [
        "no derivation question (one that asks to derive, show or prove)"
    ]
    typed = GOOD + '```{literalinclude} m.py\n:caption: "Listing 1.1 — m"\n```\n'
    assert rule_problems(typed) == [
        "a listing caption types its number (Sphinx numbers listings per chapter)"
    ]
    no_box = GOOD.replace(":::{admonition} Key takeaways\n- one\n:::", "- one")
    assert rule_problems(no_box) == ["no admonition box under the Key takeaways heading"]
    unanswered = GOOD.replace(":::{solution} ex-ch01-2\n:class: dropdown\n\nA.\n:::\n", "")
    assert rule_problems(unanswered) == [
        "exercises ['ex-ch01-1', 'ex-ch01-2', 'ex-ch01-3'] but dropdown solutions for "
        "['ex-ch01-1', 'ex-ch01-3']"
    ]
    open_answer = GOOD.replace(
        ":::{solution} ex-ch01-1\n:class: dropdown", ":::{solution} ex-ch01-1"
    )
    assert "but dropdown solutions for ['ex-ch01-2', 'ex-ch01-3']" in rule_problems(open_answer)[0]
