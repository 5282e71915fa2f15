"""Exercise, solution and theorem bodies become containers (book/_ext/exercise_bodies.py)."""

from __future__ import annotations

import importlib.util

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from pages import ROOT

spec = importlib.util.spec_from_file_location(
    "exercise_bodies", ROOT / "book/_ext/exercise_bodies.py"
)
exercise_bodies = importlib.util.module_from_spec(spec)
spec.loader.exec_module(exercise_bodies)


def page_with_two_exercises() -> nodes.document:
    document = new_document("page", get_default_settings(Parser))
    chapter = nodes.section(ids=["chapter"])
    chapter += nodes.title(text="Chapter")
    for k in (1, 2):
        exercise = nodes.container(classes=["exercise"])
        body = nodes.section(ids=["exercise-content"])
        body += nodes.paragraph(text=f"Question {k}")
        exercise += body
        chapter += exercise
    document += chapter
    return document


def test_untitled_bodies_become_containers_and_keep_their_content():
    document = page_with_two_exercises()
    exercise_bodies.untitled_bodies_to_containers(None, document)
    sections = list(document.findall(nodes.section))
    assert [s["ids"] for s in sections] == [["chapter"]]  # the titled section stays
    bodies = [c for c in document.findall(nodes.container) if "exercise-content" in c["classes"]]
    assert [b.astext() for b in bodies] == ["Question 1", "Question 2"]
    assert all(not b["ids"] for b in bodies)  # no id repeated on the page


def test_a_titled_section_is_left_alone():
    document = new_document("page", get_default_settings(Parser))
    section = nodes.section(ids=["exercise-content"])
    section += nodes.title(text="A real section that happens to have this id")
    document += section
    exercise_bodies.untitled_bodies_to_containers(None, document)
    assert len(list(document.findall(nodes.section))) == 1
