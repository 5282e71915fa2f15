"""Small fixes to the theme: an empty browser console, a lighter page, no template leftovers.

- The theme reads the reader's light/dark choice from local storage and falls back to an
  empty ``default_mode``, which logs "Got invalid theme mode" on a first visit: set it to
  ``auto`` (follow the system setting).
- sphinx-thebe (which Jupyter Book always loads) configures a live-code button for another
  project's Binder repository and loads its script on every page. The book has no Thebe
  button (its Binder launch button points at this repository), so its scripts, stylesheet
  and per-page configuration are removed.
- Every page carries a ``<meta name="description">``: the first paragraph of the page.
- The theme's Font Awesome script (1.5 MB, a third of a page's weight) redraws as SVG the icons
  its stylesheet already draws from the web font: it is removed.
- The theme loads the search index on every page, before the page renders (``searchindex.js``
  is large and grows with the book): after the build those three script tags are deferred,
  which keeps their order and still runs them before the search dialog can be opened.
- Some of the theme's controls fail axe-core's serious checks: the search buttons' label
  ("Search") differs from their visible text ("Search Ctrl+K"), the colour-mode button's
  icons carry titles that differ from its label, hidden cells' toggles are named otherwise
  than they read, and the sidebar's expanders (``<summary>``)
  have no name; the bibliography's list holds no list items (critical). The built pages are
  corrected.
- Two Jinja fragments of the themes are copied to ``_static`` as if they were assets, and
  Jupyter Book writes ``index.html`` as a bare redirect: the fragments are deleted and the
  redirect gets a language, a title and a description.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from docutils import nodes

_THEBE_CONFIG = re.compile(
    r'\s*<script type="text/x-thebe-config">.*?</script>\s*'
    r"(<script>kernelName = '[^']*'</script>)?",
    re.DOTALL,
)
_SEARCH_SCRIPT = re.compile(
    r'<script src="([^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js))">'
)


def _drop_attribute(attribute: str) -> Any:
    """A replacement that removes ``attribute`` from the matched tag, wherever it sits."""
    return lambda match: re.sub(rf'\s{attribute}="[^"]*"', "", match.group(0))


# (pattern, replacement) pairs applied to every built page, in order; each is idempotent.
_PAGE_FIXES: list[tuple[re.Pattern, Any]] = [
    (_SEARCH_SCRIPT, r'<script defer src="\1">'),
    # Named by its content ("Search Ctrl+K"), which is what a speech-input user says.
    (re.compile(r"<button[^>]*search-button-field[^>]*>"), _drop_attribute("aria-label")),
    # The button is named "Color mode"; its icons' titles named it again, differently.
    (re.compile(r'<i [^>]*class="theme-switch [^>]*>'), _drop_attribute("title")),
    (
        re.compile(r'<summary>(\s*<span class="toctree-toggle")'),
        r'<summary aria-label="Show or hide the pages of this section">\1',
    ),
    # The theme's stylesheet already draws the Font Awesome icons from its web font; the
    # 1.5 MB script that redraws them as SVG is not needed (and is deleted from _static).
    (
        re.compile(
            r'<script\b[^>]*\bsrc="[^"]*_static/scripts/fontawesome\.js[^"]*"[^>]*></script>\s*'
        ),
        "",
    ),
    # Hidden cells' toggles read "Show code cell source" but were named "Toggle hidden content".
    (re.compile(r'<summary aria-label="Toggle hidden content">'), "<summary>"),
    # A bibliography is a list of entries: its items take the role a list requires
    # (``doc-biblioentry`` is deprecated and not a list item).
    (re.compile(r'role="doc-biblioentry"'), 'role="listitem"'),
]
_TEMPLATE_FRAGMENTS = ("webpack-macros.html", "sbt-webpack-macros.html")
_UNUSED_SCRIPTS = ("fontawesome.js", "fontawesome.js.map", "fontawesome.js.LICENSE.txt")
_DESCRIPTION_LENGTH = 155


def _is_thebe(asset: Any) -> bool:
    filename = getattr(asset, "filename", None) or ""
    body = getattr(asset, "attributes", {}).get("body", "")
    return "thebe" in filename or "THEBE_JS_URL" in body


def _unique(assets: list) -> list:
    # sphinx-thebe and others register inline scripts once per read phase, so a page can
    # carry a script twice and the browser reports a redeclared constant: keep each once.
    seen: set[tuple] = set()
    unique = []
    for asset in assets:
        attributes = getattr(asset, "attributes", {})
        key = (
            getattr(asset, "filename", str(asset)) or "",
            tuple(sorted((k, str(v)) for k, v in attributes.items())),
        )
        if key not in seen:
            seen.add(key)
            unique.append(asset)
    return unique


def describe(doctree: Any) -> str:
    """The page's first paragraph as plain text, cut at a word to a search snippet's length."""
    if doctree is None:
        return ""
    for paragraph in doctree.findall(nodes.paragraph):
        text = " ".join(paragraph.astext().split())
        if len(text) >= 40:
            if len(text) > _DESCRIPTION_LENGTH:
                text = text[: _DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0] + "…"
            return text
    return ""


def _polish_page(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    context.setdefault("default_mode", "auto")
    context["default_mode"] = context["default_mode"] or "auto"
    for key in ("script_files", "css_files"):
        if context.get(key):
            context[key][:] = _unique([a for a in context[key] if not _is_thebe(a)])
    if "body" in context:
        context["body"] = _THEBE_CONFIG.sub("", context["body"])
    description = describe(doctree) or app.config.project
    context["metatags"] = (
        context.get("metatags", "")
        + f'\n<meta name="description" content="{html.escape(description, quote=True)}" />'
    )


def fix_page(text: str, search_page: bool = False) -> str:
    """A built page with the search scripts deferred and the theme's controls named."""
    for pattern, replacement in _PAGE_FIXES:
        if not (search_page and pattern is _SEARCH_SCRIPT):  # search.html runs them at once
            text = pattern.sub(replacement, text)
    return text


def landing_redirect(target: str, title: str, description: str) -> str:
    """A complete HTML page that sends the reader to ``target``."""
    title, description = html.escape(title), html.escape(description, quote=True)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8" />
<title>{title}</title>
<meta name="description" content="{description}" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta http-equiv="refresh" content="0; url={target}" />
<link rel="canonical" href="{target}" />
</head>
<body>
<p><a href="{target}">{title}</a></p>
</body>
</html>
"""


def _finish(app: Any, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    for name in _TEMPLATE_FRAGMENTS:
        (out / "_static" / name).unlink(missing_ok=True)
    for name in _UNUSED_SCRIPTS:
        (out / "_static" / "scripts" / name).unlink(missing_ok=True)
    for page in out.rglob("*.html"):
        if "_static" in page.parts:
            continue
        text = page.read_text(encoding="utf-8")
        fixed = fix_page(text, search_page=page.name == "search.html")
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")
    index = out / "index.html"
    if index.exists():
        match = re.search(r'url=([^"\s]+\.html)', index.read_text(encoding="utf-8"))
        if match:
            description = (
                "Executable summaries of Goodfellow, Bengio and Courville's Deep Learning, "
                "and a deep-learning library built from scratch in NumPy."
            )
            index.write_text(landing_redirect(match.group(1), app.config.project, description))


def setup(app: Any) -> dict:
    app.connect("html-page-context", _polish_page, priority=900)
    # After Jupyter Book writes its index.html redirect (also at build-finished).
    app.connect("build-finished", _finish, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
