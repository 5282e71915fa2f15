"""Key the notebook execution cache on the package sources and the lock file.

jupyter-cache keys a page only on its own cells, so editing ``src/dlnotes`` would keep stale
outputs: the page would show the new source beside the old results. This extension points
myst-nb's cache at ``_build/.jupyter_cache/<key>``, where ``<key>`` hashes every file under
``src/dlnotes`` and ``requirements.lock``, and marks every page out of date when the key
changes, so a package change re-executes every page and no change re-executes none.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

KEY_LENGTH = 16


def source_key(root: Path) -> str:
    """Hash of the package sources and the lock file under the repository ``root``."""
    digest = hashlib.sha256()
    files = sorted(
        p
        for p in (root / "src" / "dlnotes").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )
    files.append(root / "requirements.lock")
    for path in files:
        if path.exists():
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()[:KEY_LENGTH]


def _configure_cache(app: Any, config: Any) -> None:
    key = source_key(Path(app.srcdir))
    cache_root = Path(app.outdir).parent / ".jupyter_cache"
    # Caches of older package versions can never be hit again: drop them.
    if cache_root.is_dir():
        for old in cache_root.iterdir():
            if old.is_dir() and old.name != key and len(old.name) == KEY_LENGTH:
                shutil.rmtree(old, ignore_errors=True)
    config.nb_execution_cache_path = str(cache_root / key)
    app.dlnotes_cache_key = key


def _outdated_on_key_change(app: Any, env: Any, added: set, changed: set, removed: set) -> list:
    # Sphinx re-reads only edited pages; a new package version must re-read (and so
    # re-execute) all of them.
    if getattr(env, "dlnotes_cache_key", None) != app.dlnotes_cache_key:
        env.dlnotes_cache_key = app.dlnotes_cache_key
        return sorted(env.found_docs - added - removed)
    return []


def setup(app: Any) -> dict:
    app.connect("config-inited", _configure_cache)
    app.connect("env-get-outdated", _outdated_on_key_change)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
