"""Serve MathJax 4 from the site itself, so pages typeset equations with no network.

MathJax 4 breaks a display equation that is wider than its column into lines at the column's
width (MathJax 3 cannot: a long equation on a phone scrolled sideways, its number on the cut).
It comes from the npm registry, pinned with its hashes in ``package-lock.json`` (``npm ci``,
which ``make book`` runs): ``mathjax`` and the TeX font ``@mathjax/mathjax-tex-font``. This
extension copies the two into ``_static/mathjax`` and writes MathJax's configuration; nothing
is fetched from a CDN by the browser and no MathJax source is committed to this repository.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sphinx.util.fileutil import copy_asset

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
FONT = "mathjax-tex"

#: The configuration every page gets as ``window.MathJax``.
CONFIG: dict[str, Any] = {
    # "[mathjax]" is the folder tex-chtml-nofont.js was loaded from, whatever the page's depth.
    "loader": {"paths": {"fonts": "[mathjax]/fonts"}},
    "output": {
        "font": FONT,
        # A display equation wider than its column is broken into lines at the column's width
        # (98 %: MathJax's estimate of a line's width can be a pixel or two short).
        "displayOverflow": "linebreak",
        "linebreaks": {"inline": True, "width": "98%"},
    },
    "options": {
        "processHtmlClass": "tex2jax_process|mathjax_process|math|output_area",
        # Assistive MathML for screen readers, as MathJax 3 gave; the speech engine and its
        # web worker (several MB, loaded in the background) stay off.
        "menuOptions": {"settings": {"enrich": False, "speech": False, "braille": False}},
    },
}


def mathjax_sources() -> tuple[Path, Path]:
    """The MathJax distribution and its TeX font, as ``npm ci`` installs them."""
    mathjax = NODE_MODULES / "mathjax"
    font = NODE_MODULES / "@mathjax" / f"{FONT}-font"
    for folder in (mathjax, font):
        if not (folder / "package.json").exists():
            raise RuntimeError(
                f"offline_mathjax: expected MathJax in {folder}, got nothing there: "
                "run `npm ci` (make book does)"
            )
    return mathjax, font


def _configure(app: Any, config: Any) -> None:
    mathjax_sources()  # fail at the start of the build, not at its end
    config.mathjax_path = "mathjax/tex-chtml-nofont.js"
    config.mathjax3_config = CONFIG


def _copy(app: Any, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        mathjax, font = mathjax_sources()
        target = Path(app.outdir) / "_static" / "mathjax"
        shutil.rmtree(target, ignore_errors=True)  # no file of an earlier MathJax stays behind
        # The speech engine is never loaded (see CONFIG); the rest is what MathJax may request.
        copy_asset(str(mathjax), str(target), excluded=lambda path: path.startswith("sre"))
        fonts = target / "fonts" / f"{FONT}-font"
        copy_asset(str(font / "chtml.js"), str(fonts))
        copy_asset(str(font / "chtml"), str(fonts / "chtml"))


def setup(app: Any) -> dict:
    app.connect("config-inited", _configure, priority=900)
    app.connect("build-finished", _copy)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
