"""The import layers of pyproject.toml ([tool.importlinter]) hold, and a violation breaks them.

``lint-imports`` (import-linter) runs in a subprocess so that a broken contract fails
``make test`` with the import chain in the message.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import dlnotes

ROOT = Path(__file__).resolve().parents[1]
SRC = Path(dlnotes.__file__).resolve().parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def _contract(name_start: str) -> dict:
    (contract,) = [c for c in _config()["contracts"] if c["name"].startswith(name_start)]
    return contract


def _run(config: Path, cwd: Path, pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, COLUMNS="200")  # one contract per line in the report
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(config), "--no-cache"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _submodules(package: Path) -> set[str]:
    """Direct sub-modules and sub-packages of ``package`` (a directory), by file name."""
    names = {p.stem for p in package.glob("*.py") if p.name != "__init__.py"}
    names |= {p.name for p in package.iterdir() if (p / "__init__.py").is_file()}
    return names


def test_import_contracts_are_kept():
    result = _run(ROOT / "pyproject.toml", ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_book_contract_covers_every_library_module():
    # A new package must be added to the forbidden contract, or it could import dlnotes.book.
    sources = set(_contract("The library never imports")["source_modules"])
    library = {f"dlnotes.{name}" for name in _submodules(SRC)} - {"dlnotes.book"}
    assert sources == library


def test_kernel_contract_covers_every_nn_module():
    forbidden = set(_contract("Kernels (dlnotes.nn.functional)")["forbidden_modules"])
    modules = {f"dlnotes.nn.{name}" for name in _submodules(SRC / "nn")} - {"dlnotes.nn.functional"}
    assert forbidden == modules


@pytest.mark.parametrize(
    ("module", "offending_import", "contract"),
    [
        ("data/split.py", "import dlnotes.book.figures", "The library never imports"),
        ("nn/functional/linear.py", "from dlnotes.nn import module", "Kernels"),
        ("_validation.py", "import dlnotes.nn", "dlnotes._validation is the bottom layer"),
    ],
)
def test_a_violation_breaks_the_contract(tmp_path, module, offending_import, contract):
    # A copy of the package with one offending import, checked with the project's contracts.
    shutil.copytree(SRC, tmp_path / "dlnotes", ignore=shutil.ignore_patterns("__pycache__"))
    target = tmp_path / "dlnotes" / module
    target.write_text(target.read_text() + f"\n{offending_import}  # a layering violation\n")
    config = tmp_path / "pyproject.toml"
    contracts = (ROOT / "pyproject.toml").read_text().split("[tool.importlinter]", 1)[1]
    config.write_text("[tool.importlinter]" + contracts)
    result = _run(config, tmp_path, pythonpath=tmp_path)
    assert result.returncode != 0, result.stdout + result.stderr
    broken = [line for line in result.stdout.splitlines() if "BROKEN" in line]
    assert any(line.startswith(contract) for line in broken), result.stdout
