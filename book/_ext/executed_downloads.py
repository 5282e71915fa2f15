"""The notebook behind each page's download button carries the build's outputs.

sphinx-book-theme offers ``_sources/<page>.ipynb`` for MyST-markdown notebooks, copied from
myst-nb's ``jupyter_execute`` folder. myst-nb writes that file from the notebook it read, not
from the one it executed or took from the cache, so a page served from the execution cache
downloads with no outputs at all. This extension rewrites the download from the execution
cache: the page's own cells with the cached outputs merged in. Glue's hidden records
(``glue(..., display=False)`` stores values under ``application/papermill.record/*``, which a
notebook viewer cannot show) become ordinary figure outputs where they hold an image, so the
reader sees each figure under the cell that made it; glued numbers are dropped (the prose of
the page quotes them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat

GLUE_RECORD = "application/papermill.record/"


def _visible(output: Any) -> Any | None:
    """The output a notebook viewer can show in place of a glue record (None: drop it)."""
    data = output.get("data", {})
    if not data or not all(key.startswith(GLUE_RECORD) for key in data):
        return output
    shown = {key[len(GLUE_RECORD) :]: value for key, value in data.items()}
    if not any(mime.startswith("image/") for mime in shown):
        return None
    return nbformat.v4.new_output("display_data", data=shown, metadata={})


def _without_glue_records(notebook: Any) -> Any:
    for cell in notebook.cells:
        if cell.cell_type == "code":
            outputs = (_visible(output) for output in cell.get("outputs", []))
            cell.outputs = [output for output in outputs if output is not None]
    return notebook


def executed_notebook(source: Path, cache_path: str) -> Any | None:
    """The page at ``source`` with the outputs the execution cache holds for its cells."""
    from jupyter_cache import get_cache
    from myst_nb.core.read import read_myst_markdown_notebook

    notebook = read_myst_markdown_notebook(source.read_text(encoding="utf8"), path=str(source))
    try:
        _, merged = get_cache(cache_path).merge_match_into_notebook(notebook)
    except KeyError:
        return None
    return _without_glue_records(merged)


def _rewrite_download(app: Any, pagename: str, templatename: str, context: dict, doctree: Any):
    if not context.get("ipynb_source") or not app.config.nb_execution_cache_path:
        return
    notebook = executed_notebook(
        Path(app.env.doc2path(pagename)), app.config.nb_execution_cache_path
    )
    if notebook is None:
        return
    target = Path(app.outdir, "_sources", context["ipynb_source"])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(nbformat.writes(notebook), encoding="utf8")


def setup(app: Any) -> dict:
    # After sphinx-book-theme (default priority) has copied its output-less notebook.
    app.connect("html-page-context", _rewrite_download, priority=950)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
