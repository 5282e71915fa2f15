"""The API reference is complete: Shape sections on kernels, Attributes on layers, no bare methods.

The API pages are generated from these docstrings, so a missing section is a hole on the site.
"""

from __future__ import annotations

import inspect

import pytest

import dlnotes.nn as nn
import dlnotes.nn.functional as F

KERNELS = [n for n in F.__all__ if inspect.isfunction(getattr(F, n))]
CLASSES = [n for n in nn.__all__ if inspect.isclass(getattr(nn, n))]


def _has_parameters(cls: type) -> bool:
    """Whether the class (or a dlnotes base of it) creates a ``Parameter`` in its source."""
    return any(
        "Parameter(" in inspect.getsource(base)
        for base in cls.__mro__
        if base.__module__.startswith("dlnotes.nn") and base.__name__ != "Module"
    )


def test_the_lists_are_not_empty() -> None:
    assert "linear_forward" in KERNELS and "Linear" in CLASSES
    assert _has_parameters(nn.Linear) and not _has_parameters(nn.ReLU)


@pytest.mark.parametrize("name", KERNELS)
def test_every_kernel_has_a_shape_section(name: str) -> None:
    doc = inspect.getdoc(getattr(F, name)) or ""
    assert "\nShape\n-----\n" in doc, f"nn.functional.{name} has no Shape section"


@pytest.mark.parametrize("name", CLASSES)
def test_every_layer_with_parameters_documents_them(name: str) -> None:
    cls = getattr(nn, name)
    if _has_parameters(cls):
        doc = inspect.getdoc(cls) or ""
        assert "\nAttributes\n----------\n" in doc, f"nn.{name} has no Attributes section"


@pytest.mark.parametrize("name", CLASSES)
def test_every_public_method_has_a_docstring(name: str) -> None:
    cls = getattr(nn, name)
    bare = [
        attr
        for attr, value in inspect.getmembers(cls, inspect.isfunction)
        if not attr.startswith("_") and not inspect.getdoc(value)
    ]
    assert not bare, f"nn.{name}: methods without a docstring {bare}"
