"""Each chapter page executes on its own, top to bottom (select one with ``-k ch02``).

A failing cell fails the test with the page name and the cell's traceback.
"""

from __future__ import annotations

import jupytext
import nbclient
import pytest

from pages import ROOT, chapter_files

pytestmark = pytest.mark.book


def execute_page(path, timeout=300):
    notebook = jupytext.read(path)
    client = nbclient.NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return notebook


@pytest.mark.parametrize("path", chapter_files(), ids=lambda p: p.stem)
def test_chapter_executes(path):
    try:
        execute_page(path)
    except nbclient.exceptions.CellExecutionError as error:
        pytest.fail(f"{path.relative_to(ROOT)} failed to execute:\n{error}", pytrace=False)
