"""The README's five-line example runs as printed, and its weights give PyTorch the same outputs."""

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_python_blocks() -> list[str]:
    section = README.read_text().split("## Five lines", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


@pytest.mark.slow
def test_readme_five_lines_train_and_move_to_torch(torch, capsys):
    train, to_torch = readme_python_blocks()
    assert len([line for line in train.splitlines() if line.strip()]) <= 6
    namespace: dict = {}
    exec(compile(train, "README.md", "exec"), namespace)
    assert "test accuracy" in capsys.readouterr().out
    assert namespace["history"].val_metric[-1] >= 0.95
    exec(compile(to_torch, "README.md", "exec"), namespace)
