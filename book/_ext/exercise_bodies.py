"""The bodies of exercises, solutions and theorems as plain containers, not untitled sections.

``sphinx-exercise`` and ``sphinx-proof`` wrap each body in a docutils ``section`` with no title
and a fixed id (``exercise-content``, ``solution-content``, ``proof-content``). That gives every
page as many elements with the same id as it has exercises (invalid HTML, and a screen reader's
"section" landmark with no name), and sphinx-codeautolink, which pairs every section with its
title, fails on the page. Before codeautolink reads the page (its ``doctree-read`` handler runs
at priority 490), each such body becomes a ``container`` — a ``<div>`` — with the id turned into
a class, so the extensions' own styles still apply.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes

BODY_IDS = ("exercise-content", "solution-content", "proof-content")


def untitled_bodies_to_containers(app: Any, doctree: nodes.document) -> None:
    """Replace every untitled exercise, solution or proof body section by a container."""
    for section in list(doctree.findall(nodes.section)):
        body_ids = [ident for ident in section["ids"] if ident in BODY_IDS]
        has_title = bool(section.children) and isinstance(section.children[0], nodes.title)
        if not body_ids or has_title:
            continue
        container = nodes.container(classes=[*section["classes"], *body_ids])
        container.extend(list(section.children))
        section.replace_self(container)
        # replace_self copies the section's ids onto its replacement: drop them again.
        container["ids"] = []
        container["classes"] = list(dict.fromkeys(container["classes"]))


def setup(app: Any) -> dict[str, Any]:
    app.connect("doctree-read", untitled_bodies_to_containers, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
