"""Execute each page once per test run, into the same cache the book build reads.

The per-page tests (``pytest -k ch09``) and the strict build used to execute every page twice:
once through nbclient, once more inside ``jupyter-book build``. Here a page is executed the way
myst-nb's ``cache`` mode executes it (same reader, same executor, the page's folder as working
directory) and the executed notebook is stored in the build's own execution cache,
``_build/.jupyter_cache/<key>`` with the key of ``book/_ext/cache_key.py``. The build then finds
every page cached and executes none; a page already cached for the same package sources, lock
file and cells is not executed again at all.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path

from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import single_nb_execution
from myst_nb.core.read import read_myst_markdown_notebook
from myst_parser.config.main import MdParserConfig

from pages import ROOT

#: Every page must execute within this many seconds on the 2-core reference machine.
PAGE_BUDGET_SECONDS = 60.0
#: The build's own timeout per cell (``_config.yml``, ``execute.timeout``).
CELL_TIMEOUT_SECONDS = 300


def _cache_key_module():
    spec = importlib.util.spec_from_file_location("cache_key", ROOT / "book/_ext/cache_key.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cache_path() -> Path:
    """The execution cache the book build will use for today's package sources."""
    return ROOT / "_build" / ".jupyter_cache" / _cache_key_module().source_key(ROOT)


@dataclass(frozen=True)
class PageRun:
    """The outcome of a page's execution (now, or cached earlier for the same sources)."""

    seconds: float | None
    error: str | None
    cached: bool


def _read(path: Path):
    # The same reader and parser options myst-nb uses for these pages (the hash jupyter-cache
    # matches on covers the kernelspec and the code cells' sources only).
    config = MdParserConfig(enable_extensions={"dollarmath", "amsmath", "colon_fence"})
    return read_myst_markdown_notebook(path.read_text(), config=config, path=str(path))


def run_page(path: Path) -> PageRun:
    """Execute the page at ``path`` unless the build cache already holds its executed cells."""
    cache = get_cache(str(cache_path()))
    notebook = _read(path)
    try:
        record = cache.match_cache_notebook(notebook)
    except KeyError:
        record = None
    if record is not None:
        return PageRun(record.data.get("execution_seconds"), None, cached=True)
    # The kernel must keep its inline backend: with MPLBACKEND=Agg figures vanish from cells.
    saved = os.environ.pop("MPLBACKEND", None)
    try:
        result = single_nb_execution(
            notebook,
            cwd=str(path.parent),
            allow_errors=False,
            timeout=CELL_TIMEOUT_SECONDS,
            meta_override=True,
        )
    finally:
        if saved is not None:
            os.environ["MPLBACKEND"] = saved
    if result.err is not None:
        return PageRun(result.time, result.exc_string or repr(result.err), cached=False)
    cache.cache_notebook_bundle(
        CacheBundleIn(notebook, str(path), data={"execution_seconds": result.time}),
        check_validity=False,
        overwrite=True,
    )
    return PageRun(result.time, None, cached=False)
