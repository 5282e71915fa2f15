"""``:strip-docstring:`` keeps a listing's signature and body, whatever the formatting."""

from __future__ import annotations

import importlib.util

from pages import ROOT

spec = importlib.util.spec_from_file_location("listings", ROOT / "book/_ext/listings.py")
listings = importlib.util.module_from_spec(spec)
spec.loader.exec_module(listings)

SOURCE = '''import numpy as np


def short(x):
    """One line."""
    return x


def long_signature(
    x,
    y,
):
    """Several lines.

    More.
    """
    z = x + y
    return z


class Box:
    @staticmethod
    def method(a):
        """Doc."""
        return a
'''


def selected(path, pyobject):
    lines = SOURCE.splitlines()
    start = listings.ModuleAnalyzer.for_string(SOURCE, "m").find_tags()[pyobject][1]
    end = listings.ModuleAnalyzer.for_string(SOURCE, "m").find_tags()[pyobject][2]
    block = lines[start - 1 : end]
    keep = []
    for part in listings.docstring_free_lines(path, pyobject).split(","):
        first, _, last = part.partition("-")
        keep.extend(block[int(first) - 1 : int(last) if last else None])
    return [line.strip() for line in keep if line.strip()]


def test_docstring_is_dropped_and_code_kept(tmp_path):
    path = tmp_path / "module.py"
    path.write_text(SOURCE)
    assert selected(path, "short") == ["def short(x):", "return x"]
    assert selected(path, "long_signature") == [
        "def long_signature(",
        "x,",
        "y,",
        "):",
        "z = x + y",
        "return z",
    ]
    assert selected(path, "Box.method")[-2:] == ["def method(a):", "return a"]


def test_object_without_docstring_is_reported(tmp_path):
    path = tmp_path / "module.py"
    path.write_text("def bare(x):\n    return x\n")
    assert listings.docstring_free_lines(path, "bare") is None
