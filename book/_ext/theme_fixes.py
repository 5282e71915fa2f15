"""Small fixes to the theme so every page loads with an empty browser console.

- The theme reads the reader's light/dark choice from local storage and falls back to an
  empty ``default_mode``, which logs "Got invalid theme mode" on a first visit: set it to
  ``auto`` (follow the system setting).
- sphinx-thebe registers its configuration script once per read phase, so a page can carry
  it twice and the browser reports a redeclared constant: keep each script once.
"""

from __future__ import annotations

from typing import Any


def _polish_page(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    context.setdefault("default_mode", "auto")
    context["default_mode"] = context["default_mode"] or "auto"
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple] = set()
    unique = []
    for script in scripts:
        # A script added with no file has filename None or "" depending on who added it.
        attributes = getattr(script, "attributes", {})
        key = (
            getattr(script, "filename", str(script)) or "",
            tuple(sorted((k, str(v)) for k, v in attributes.items())),
        )
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique


def setup(app: Any) -> dict:
    app.connect("html-page-context", _polish_page, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
