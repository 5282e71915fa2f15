"""Each chapter page executes on its own, top to bottom (select one with ``-k ch02``), once.

A failing cell fails the test with the page name and the cell's traceback; a page slower than
the budget fails it too. The executed notebook goes into the book build's execution cache
(``execution.py``), so the strict build later in the run executes no page a second time.
"""

from __future__ import annotations

import pytest

from execution import PAGE_BUDGET_SECONDS, run_page
from pages import ROOT, chapter_files

pytestmark = pytest.mark.book


@pytest.mark.parametrize("path", chapter_files(), ids=lambda p: p.stem)
def test_chapter_executes(path):
    run = run_page(path)
    if run.error is not None:
        pytest.fail(f"{path.relative_to(ROOT)} failed to execute:\n{run.error}", pytrace=False)
    assert run.seconds is not None, f"{path.name}: the cache holds no execution time"
    assert run.seconds <= PAGE_BUDGET_SECONDS, (
        f"{path.relative_to(ROOT)} took {run.seconds:.1f} s to execute; "
        f"the budget is {PAGE_BUDGET_SECONDS:.0f} s a page"
    )
