"""Every module states its public names in a literal ``__all__``, and every listed name exists.

A computed ``__all__`` (``[n for n in dir() ...]``) exports whatever happens to be imported,
submodules included; a literal one is the module's contract, which the API pages document.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import dlnotes

SRC = Path(dlnotes.__file__).resolve().parent
MODULES = sorted(
    name
    for _, name, _ in pkgutil.walk_packages([str(SRC)], prefix="dlnotes.")
    if not name.startswith("dlnotes.__")
)


def _source(module_name: str) -> Path:
    spec = importlib.util.find_spec(module_name)
    assert spec is not None and spec.origin is not None
    return Path(spec.origin)


def _literal_all(path: Path) -> list[str] | None:
    """The names of a top-level ``__all__ = [...]`` of string literals, else ``None``."""
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            if isinstance(node.value, ast.List | ast.Tuple) and all(
                isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.value.elts
            ):
                return [e.value for e in node.value.elts]  # type: ignore[attr-defined]
            return None
    return None


def test_the_walk_finds_the_package() -> None:
    assert {"dlnotes.nn", "dlnotes.nn.functional", "dlnotes.nn.module"} <= set(MODULES)


@pytest.mark.parametrize("module_name", MODULES)
def test_module_has_a_literal_all_of_existing_unique_names(module_name: str) -> None:
    names = _literal_all(_source(module_name))
    assert names is not None, f"{module_name}: no literal __all__ = [...]"
    assert len(names) == len(set(names)), f"{module_name}: repeated names in __all__"
    module = importlib.import_module(module_name)
    missing = [n for n in names if not hasattr(module, n)]
    assert not missing, f"{module_name}: __all__ lists undefined {missing}"


@pytest.mark.parametrize("package_name", ["dlnotes.nn", "dlnotes.nn.functional"])
def test_package_reexports_all_of_each_family(package_name: str) -> None:
    package = importlib.import_module(package_name)
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_") or info.ispkg:
            continue
        family = importlib.import_module(f"{package_name}.{info.name}")
        left_out = sorted(set(getattr(family, "__all__", [])) - set(package.__all__))
        if package_name == "dlnotes.nn" and info.name in ("init", "utils"):
            assert info.name in package.__all__  # exported as namespaces, like torch.nn.init
            continue
        assert not left_out, f"{package_name}.__all__ leaves out {left_out} of {info.name}"


def test_the_literal_parser_rejects_a_computed_all(tmp_path: Path) -> None:
    computed = tmp_path / "computed.py"
    computed.write_text('__all__ = [n for n in dir() if not n.startswith("_")]\n')
    literal = tmp_path / "literal.py"
    literal.write_text('__all__ = ["a", "b"]\n')
    assert _literal_all(computed) is None
    assert _literal_all(literal) == ["a", "b"]


def test_every_subpackage_is_reachable_from_the_top_level():
    """``dlnotes.<name>`` works for every public sub-package and module (imported on first use)."""
    root = Path(dlnotes.__file__).parent
    found = {
        path.stem if path.suffix == ".py" else path.name
        for path in root.iterdir()
        if not path.name.startswith("_")
        and (path.suffix == ".py" or (path / "__init__.py").exists())
    }
    assert found == set(dlnotes._SUBMODULES), sorted(found ^ set(dlnotes._SUBMODULES))
