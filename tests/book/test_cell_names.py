"""Code a reader copies runs: every page's imports are visible, and no cell uses a name that no
earlier cell defined or imported (chapters.md, "What every chapter page has", rule 3).

The check is static (``symtable``, no execution): for each code cell it collects the names the
cell reads at module level (directly, or as globals inside its functions, lambdas and
comprehensions) and requires each to be a builtin, bound in the same cell, or bound by an
earlier cell. Names read by a *visible* cell must come from earlier visible cells, since a
reader who pastes the visible cells in order never sees the hidden ones. A cell is hidden when
it is tagged ``remove-cell`` or ``remove-input``; ``hide-input`` only collapses it. An import in
a hidden cell fails the test: imports belong in a cell the reader can see.
"""

from __future__ import annotations

import builtins
import symtable
from dataclasses import dataclass
from pathlib import Path

import jupytext
import pytest

from pages import ROOT, chapter_files

HIDDEN_TAGS = {"remove-cell", "remove-input"}
# Names IPython provides in every kernel; ``_`` is the last output.
KERNEL_NAMES = {"display", "get_ipython", "_", "In", "Out"}
ALWAYS_DEFINED = set(dir(builtins)) | KERNEL_NAMES


@dataclass(frozen=True)
class Cell:
    index: int
    source: str
    hidden: bool


@dataclass(frozen=True)
class Problem:
    cell: int
    message: str


def code_cells(text: str) -> list[Cell]:
    """The code cells of a MyST notebook page, in order, with their visibility."""
    notebook = jupytext.reads(text, fmt="md:myst")
    cells: list[Cell] = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        tags = set(cell.metadata.get("tags", []))
        cells.append(Cell(len(cells) + 1, cell.source, bool(tags & HIDDEN_TAGS)))
    return cells


def _python(source: str) -> str:
    """The cell without IPython magics and shell escapes, which are not Python."""
    return "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
    )


def _global_reads(table: symtable.SymbolTable, enclosing: frozenset[str] = frozenset()) -> set[str]:
    """Names that nested scopes (functions, lambdas, comprehensions) read from module level.

    ``enclosing`` holds the names bound by enclosing function scopes: a closure reading one of
    them reads the function's variable, not a module-level name.
    """
    names = set()
    for child in table.get_children():
        bound = {s.get_name() for s in child.get_symbols() if s.is_local()}
        for symbol in child.get_symbols():
            name = symbol.get_name()
            if not symbol.is_referenced():
                continue
            if symbol.is_global() or symbol.is_declared_global():
                names.add(name)
            elif symbol.is_free() and name not in enclosing:
                names.add(name)
        inner = enclosing | bound if child.get_type() != "class" else enclosing
        names |= _global_reads(child, frozenset(inner))
    return names


def cell_names(source: str) -> tuple[set[str], set[str], bool]:
    """``(reads, binds, imports)`` of one cell at module level."""
    table = symtable.symtable(_python(source), "<cell>", "exec")
    reads, binds, imports = set(), set(), False
    for symbol in table.get_symbols():
        name = symbol.get_name()
        if symbol.is_referenced():
            reads.add(name)
        if symbol.is_imported():
            imports = True
        if symbol.is_assigned() or symbol.is_imported() or symbol.is_namespace():
            binds.add(name)
    reads |= _global_reads(table)
    # A nested scope's free name that is bound at module level in this cell is no problem.
    return reads, binds, imports


def problems(text: str) -> list[Problem]:
    """Everything that would stop a reader's copy of the page from running."""
    found = []
    everywhere, visible = set(ALWAYS_DEFINED), set(ALWAYS_DEFINED)
    for cell in code_cells(text):
        reads, binds, imports = cell_names(cell.source)
        if imports and cell.hidden:
            found.append(Problem(cell.index, "imports in a hidden cell (remove-cell/-input)"))
        known = everywhere if cell.hidden else visible
        for name in sorted(reads - binds - known):
            where = "no earlier cell" if name not in everywhere else "only a hidden cell"
            found.append(Problem(cell.index, f"uses {name!r}, which {where} defines"))
        everywhere |= binds
        if not cell.hidden:
            visible |= binds
    return found


@pytest.mark.parametrize("path", chapter_files(), ids=lambda p: p.stem)
def test_copied_cells_run(path: Path) -> None:
    found = problems(path.read_text())
    listing = "\n".join(f"  code cell {p.cell}: {p.message}" for p in found)
    assert not found, f"{path.relative_to(ROOT)}:\n{listing}"


def _page(*cells: tuple[str, str]) -> str:
    """A MyST page with the given ``(tags line, source)`` code cells."""
    head = "---\njupytext:\n  text_representation:\n    format_name: myst\n---\n\n# Title\n\n"
    body = "\n".join(f"```{{code-cell}} ipython3\n{tags}{src}\n```\n" for tags, src in cells)
    return head + body


def test_a_name_from_nowhere_is_reported() -> None:
    page = _page(("", "import numpy as np\nx = np.ones(3)"), ("", "print(x + y)"))
    assert problems(page) == [Problem(2, "uses 'y', which no earlier cell defines")]


def test_an_import_in_a_removed_cell_is_reported() -> None:
    page = _page((":tags: [remove-cell]\n", "import numpy as np"), ("", "print(np.pi)"))
    assert [p.message for p in problems(page)] == [
        "imports in a hidden cell (remove-cell/-input)",
        "uses 'np', which only a hidden cell defines",
    ]


def test_names_read_inside_functions_and_comprehensions_count() -> None:
    page = _page(("", "f = lambda t: t * scale\nv = [w for w in range(3) if w < limit]"))
    assert {p.message for p in problems(page)} == {
        "uses 'limit', which no earlier cell defines",
        "uses 'scale', which no earlier cell defines",
    }


def test_a_closure_reads_its_enclosing_function() -> None:
    page = _page(
        ("", "def scaled(k):\n    def apply(t):\n        return k * t * factor\n    return apply")
    )
    assert problems(page) == [Problem(1, "uses 'factor', which no earlier cell defines")]


def test_a_good_page_passes() -> None:
    page = _page(
        (":tags: [hide-input]\n", "import numpy as np\nfrom math import pi"),
        ("", "def area(r):\n    return pi * r**2\n\nsizes = [area(r) for r in np.arange(3)]"),
        (":tags: [remove-cell]\n", "total = sum(sizes)"),
        ("", "for k, s in enumerate(sizes):\n    print(k, s, len(str(s)))"),
    )
    assert problems(page) == []
