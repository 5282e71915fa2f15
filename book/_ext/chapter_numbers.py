"""Number figures, equations, listings, exercises and theorems per chapter: "Fig. 9.3".

Sphinx numbers every enumerable object (figures, display equations, captioned code blocks,
``sphinx-exercise`` exercises, ``sphinx-proof`` theorems) through the whole book unless the
table of contents is numbered, and a numbered table of contents would put a second number in
front of every heading, which already carries the book's own ("9.3 Pooling"). So chapter 13's
first figure came out as "Fig. 61".

After Sphinx has assigned its book-wide numbers (the ``env-get-updated`` event of its
table-of-contents collector), this extension renumbers each page on its own, in page order,
with the chapter in front: ``book/summaries/ch09_*`` gives 9.1, 9.2, ...; ``book/scratch/s06_*``
gives S6.1, S6.2, ...; every other page counts 1, 2, .... References (``{numref}``, ``{eq}``,
``{prf:ref}``, an exercise's solution) read the same table, so text and captions agree.
"""

from __future__ import annotations

import re
from typing import Any

_CHAPTER = re.compile(r"(?:^|/)(?:ch(?P<summary>\d+)|s(?P<scratch>\d+))_[^/]*$")


def chapter_prefix(docname: str) -> str | None:
    """The chapter a page's numbers start with: ``"9"``, ``"S6"``, or ``None`` for other pages.

    >>> chapter_prefix("book/summaries/ch09_convolutional_networks")
    '9'
    >>> chapter_prefix("book/scratch/s06_training")
    'S6'
    >>> chapter_prefix("book/reference/glossary") is None
    True
    """
    match = _CHAPTER.search(docname)
    if match is None:
        return None
    if match["summary"] is not None:
        return str(int(match["summary"]))
    return f"S{int(match['scratch'])}"


def per_page_numbers(
    docname: str, by_type: dict[str, dict[str, tuple[Any, ...]]]
) -> dict[str, dict[str, tuple[Any, ...]]]:
    """Renumber one page's objects of each type 1, 2, ... in their order, chapter in front.

    >>> per_page_numbers("book/summaries/ch09_x", {"figure": {"b": (8,), "a": (7,)}})
    {'figure': {'a': ('9', 1), 'b': ('9', 2)}}
    """
    prefix = chapter_prefix(docname)
    renumbered: dict[str, dict[str, tuple[Any, ...]]] = {}
    for figtype, numbers in by_type.items():
        in_order = sorted(numbers, key=lambda ident: numbers[ident])
        renumbered[figtype] = {
            ident: ((prefix, k) if prefix is not None else (k,))
            for k, ident in enumerate(in_order, start=1)
        }
    return renumbered


def renumber_per_chapter(app: Any, env: Any) -> list[str]:
    """``env-get-updated`` handler: replace the book-wide numbers; return the changed pages."""
    changed = []
    for docname, by_type in list(env.toc_fignumbers.items()):
        renumbered = per_page_numbers(docname, by_type)
        if renumbered != by_type:
            env.toc_fignumbers[docname] = renumbered
            changed.append(docname)
    return changed


def setup(app: Any) -> dict[str, Any]:
    # Priority 900: after Sphinx's own collector (500) has assigned the book-wide numbers.
    app.connect("env-get-updated", renumber_per_chapter, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
