"""Serve MathJax from the site itself, so pages typeset equations with no network.

MathJax 3 ships inside the ``sphinx-mathjax-offline`` package (a registry package in the lock
file). This extension copies it into ``_static/mathjax`` and points Sphinx at it; nothing is
fetched from a CDN by the browser and no MathJax source is committed to this repository.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from sphinx.util.fileutil import copy_asset


def mathjax_source() -> Path:
    """Folder of the MathJax distribution installed with ``sphinx-mathjax-offline``."""
    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    if spec is None or spec.origin is None:
        raise RuntimeError("offline_mathjax: expected the sphinx-mathjax-offline package, got none")
    return Path(spec.origin).parent / "static" / "mathjax"


def _set_path(app: Any, config: Any) -> None:
    config.mathjax_path = "mathjax/tex-chtml.js"


def _copy(app: Any, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        copy_asset(str(mathjax_source()), str(Path(app.outdir) / "_static" / "mathjax"))


def setup(app: Any) -> dict:
    app.connect("config-inited", _set_path, priority=900)
    app.connect("build-finished", _copy)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
