"""``import dlnotes.nn`` needs NumPy only: no SciPy, Matplotlib, scikit-learn or torch."""

import subprocess
import sys


def test_importing_nn_loads_no_heavy_dependency():
    code = (
        "import sys, dlnotes.nn, dlnotes.nn.functional, dlnotes.optim, dlnotes.autograd\n"
        "heavy = [m for m in ('scipy', 'matplotlib', 'sklearn', 'torch') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"import dlnotes.nn loaded: {result.stdout.strip()}"
