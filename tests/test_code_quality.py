"""The project's lint, format and type configuration holds: ruff and mypy run in ``make test``.

Each tool runs in a subprocess with the configuration in ``pyproject.toml`` so that a failure
shows the tool's own report. A second test per tool feeds it a small bad file, so a tool that
silently checks nothing (wrong path, empty selection) fails here too.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600)


def _report(result: subprocess.CompletedProcess) -> str:
    return (result.stdout + result.stderr)[-6000:]


def test_ruff_check_is_clean() -> None:
    result = _run(str(BIN / "ruff"), "check", ".")
    assert result.returncode == 0, _report(result)


def test_ruff_format_changes_nothing() -> None:
    result = _run(str(BIN / "ruff"), "format", "--check", ".")
    assert result.returncode == 0, _report(result)


def test_mypy_is_clean() -> None:
    result = _run(str(BIN / "mypy"))
    assert result.returncode == 0, _report(result)
    assert "no issues found" in result.stdout, _report(result)


@pytest.fixture
def bad_project(tmp_path: Path) -> Path:
    """A copy of the project's tool configuration over one badly written module."""
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    package = tmp_path / "src" / "dlnotes"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text('"""A package."""\n')
    (package / "half.py").write_text(
        textwrap.dedent(
            """\
            import os
            def half(x: int) -> str:
                return x/2
            """
        )
    )
    return tmp_path


def test_the_tools_catch_a_bad_module(bad_project: Path) -> None:
    checked = _run(str(BIN / "ruff"), "check", ".", cwd=bad_project)
    formatted = _run(str(BIN / "ruff"), "format", "--check", ".", cwd=bad_project)
    typed = _run(str(BIN / "mypy"), "--no-incremental", cwd=bad_project)
    assert checked.returncode != 0 and "F401" in checked.stdout, _report(checked)
    assert formatted.returncode != 0, _report(formatted)
    assert typed.returncode != 0 and "return-value" in typed.stdout, _report(typed)
