"""Resolve references to dlnotes objects by the path where they are defined.

The API pages document each sub-package's public names where readers import them
(``dlnotes.data.train_test_split``), while docstrings sometimes name the defining module
(``dlnotes.data.split.train_test_split``) or a private module (``dlnotes.data.datasets``). This
extension retries such a reference with inner module names dropped, so both spellings link
to the documented object (or, for a module, to the documented package that contains it).
Anything still unresolved is reported as usual.
"""

from __future__ import annotations

from typing import Any


def _candidates(target: str) -> list[str]:
    parts = target.split(".")
    out = []
    # Drop one inner segment at a time, nearest to the name first:
    # dlnotes.data.split.train_test_split -> dlnotes.data.train_test_split -> ...
    for cut in range(len(parts) - 2, 0, -1):
        out.append(".".join(parts[:cut] + parts[-1:]))
    return out


def _resolve(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    if node.get("refdomain") != "py" or not node.get("reftarget", "").startswith("dlnotes."):
        return None
    domain = env.get_domain("py")
    target = node["reftarget"]
    reftype = node["reftype"]
    names = _candidates(target)
    if reftype == "mod":
        # A private module is documented as part of its package.
        parts = target.split(".")
        names = [".".join(parts[:i]) for i in range(len(parts) - 1, 1, -1)]
    for name in names:
        if name in domain.objects:
            return domain.resolve_xref(
                env, node.get("refdoc"), app.builder, reftype, name, node, contnode
            )
    return None


def setup(app: Any) -> dict:
    app.connect("missing-reference", _resolve)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
