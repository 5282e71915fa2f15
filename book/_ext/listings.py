"""``literalinclude`` with a ``:strip-docstring:`` flag for listings of the package's code.

The from-scratch chapters show the tested source with ``:pyobject:`` and usually leave the
docstring out, since the page's prose says the same thing. Counting lines by hand
(``:lines: 1,27-``) breaks silently whenever the source is reformatted; this flag finds the
docstring with :mod:`ast` at build time and keeps the signature and the body.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from docutils.parsers.rst import directives
from sphinx.directives.code import LiteralInclude
from sphinx.pycode import ModuleAnalyzer


def _find(tree: ast.Module, dotted: str) -> ast.AST | None:
    scope: list[ast.stmt] = tree.body
    node: ast.AST | None = None
    for part in dotted.split("."):
        node = next(
            (
                item
                for item in scope
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                and item.name == part
            ),
            None,
        )
        if node is None:
            return None
        scope = node.body  # type: ignore[attr-defined]
    return node


def docstring_free_lines(path: Path, pyobject: str) -> str | None:
    """The ``:lines:`` value (relative to the object) that drops the object's docstring."""
    source = path.read_text(encoding="utf8")
    node = _find(ast.parse(source), pyobject)
    body = getattr(node, "body", None)
    if not body or not isinstance(body[0], ast.Expr):
        return None
    doc = body[0]
    if not (isinstance(doc.value, ast.Constant) and isinstance(doc.value.value, str)):
        return None
    start = ModuleAnalyzer.for_string(source, "listing").find_tags()[pyobject][1]
    before, after = doc.lineno - start, doc.end_lineno - start + 2
    return f"1-{before},{after}-" if before >= 1 else f"{after}-"


class Listing(LiteralInclude):
    """Sphinx's ``literalinclude``, plus ``:strip-docstring:`` (with ``:pyobject:``)."""

    option_spec = {**LiteralInclude.option_spec, "strip-docstring": directives.flag}

    def run(self) -> list[Any]:
        if "strip-docstring" in self.options:
            del self.options["strip-docstring"]
            if "pyobject" not in self.options or "lines" in self.options:
                raise self.error(":strip-docstring: needs :pyobject: and no :lines:")
            _, filename = self.env.relfn2path(self.arguments[0])
            lines = docstring_free_lines(Path(filename), self.options["pyobject"])
            if lines is None:
                raise self.error(f"{self.options['pyobject']} has no docstring to strip")
            self.options["lines"] = lines
        return super().run()


def setup(app: Any) -> dict:
    app.add_directive("literalinclude", Listing, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
