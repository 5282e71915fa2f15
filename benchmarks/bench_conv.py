"""Benchmark of the convolution family against PyTorch CPU and the machine's GEMM rate.

Run from the repository root::

    .venv/bin/python benchmarks/bench_conv.py [--threads 1 2] [--repeat 5] [--rounds 3]

``--threads N [N ...]`` runs the whole table once per thread count, with NumPy's BLAS,
OpenMP and PyTorch all limited to ``N`` threads (``dlnotes.book.performance.thread_limit``);
dlnotes's convolution spreads its batch blocks over as many threads as BLAS may use. Each
table starts with the float32 GEMM rate measured in the same run with the same threads and
the load average (figures from a loaded machine are not comparable).

Cases (goals from issue 19):

1. ``Conv2d`` forward + backward, input (64, 16, 28, 28), 32 filters of 5x5: within 1.5x of
   PyTorch; and a 3x3 layer, (32, 64, 16, 16) -> 64 channels, padding 1: within 1.5x.
2. ``ConvTranspose2d`` forward + backward, (64, 32, 14, 14) -> 16 channels, 4x4, stride 2,
   padding 1 (a decoder's up-sampling to 28x28): within 2x.
3. ``MaxPool2d(2)`` forward + backward on (64, 32, 24, 24).
4. Peak extra memory (tracemalloc) of the conv forward + backward on one thread, including
   the block buffers the kernels then keep for the next call: under 64 MB, and not growing
   with the batch thanks to blocking.
5. Training the seeded LeNet-5 of ``tests/models/test_blocks.py`` on the 8x8 digits: < 60 s.
"""

from __future__ import annotations

import time
import tracemalloc

import numpy as np
from common import parse_args, print_header, print_table, run_cases

from dlnotes.book.performance import (
    Case,
    conv2d_case,
    conv_transpose2d_case,
    maxpool2d_case,
    thread_limit,
)
from dlnotes.nn.functional import conv2d_backward, conv2d_forward
from dlnotes.nn.functional.conv import PATCH_BLOCK_BYTES, clear_workspace


def cases() -> list[Case]:
    return [
        conv2d_case((64, 16, 28, 28), 32, 5),
        conv2d_case((32, 64, 16, 16), 64, 3, padding=1),
        conv_transpose2d_case((64, 32, 14, 14), 16, 4, stride=2, padding=1),
        maxpool2d_case((64, 32, 24, 24), 2, goal=None),
    ]


def conv_peak_memory(batch: int) -> tuple[float, float]:
    """Peak traced memory of one conv forward + backward, in MB, beyond the inputs.

    Returns the total peak (which includes the output, dx and dW, all proportional to the
    batch) and the peak minus those unavoidable results, i.e. the working memory.
    """
    rng = np.random.default_rng(0)
    x = rng.standard_normal((batch, 16, 28, 28), dtype=np.float32)
    w = rng.standard_normal((32, 16, 5, 5), dtype=np.float32)
    g = rng.standard_normal((batch, 32, 24, 24), dtype=np.float32)
    # The kernels keep their block buffers per thread between calls: drop them, so that the
    # measurement includes them, and use one thread, so that no pool worker holds others.
    clear_workspace()
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    out, cache = conv2d_forward(x, w, None)
    dx, dw, _ = conv2d_backward(g, cache)
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    results = out.nbytes + dx.nbytes + dw.nbytes
    return peak / 2**20, (peak - results) / 2**20


def lenet_training() -> tuple[float, float]:
    """Train the slow test's LeNet (25 epochs); return seconds and test accuracy."""
    from dlnotes.data import load_digits
    from dlnotes.models import LeNet5
    from dlnotes.nn import CrossEntropyLoss
    from dlnotes.optim import Adam
    from dlnotes.optim.lr_scheduler import CosineAnnealingLR
    from dlnotes.training import fit

    data = load_digits(dtype=np.float32)
    model = LeNet5(channels=(16, 32), dtype=np.float32, rng=np.random.default_rng(0))
    optimizer = Adam(model.parameters(), lr=3e-3)
    start = time.perf_counter()
    fit(
        model,
        CrossEntropyLoss(),
        optimizer,
        (data.X_train, data.y_train),
        num_epochs=25,
        batch_size=32,
        rng=np.random.default_rng(1),
        progress=False,
        scheduler=CosineAnnealingLR(optimizer, 25),
    )
    elapsed = time.perf_counter() - start
    model.eval()
    accuracy = float(np.mean(model(data.X_test).argmax(axis=1) == data.y_test))
    return elapsed, accuracy


def main() -> None:
    args = parse_args(__doc__.splitlines()[0])
    print_header()
    run_cases(cases, args.threads, args.repeat, args.rounds)

    with thread_limit(1):
        peak64, work64 = conv_peak_memory(64)
        peak256, work256 = conv_peak_memory(256)
    rows = [
        ["case", "measured", "goal"],
        [
            "Conv2d (N, 16, 28, 28), 32x5x5: peak extra memory, N = 64 (working)",
            f"{peak64:.1f} MB ({work64:.1f} MB; block budget {PATCH_BLOCK_BYTES / 2**20:.0f} MB)",
            "< 64 MB",
        ],
        [
            "same, N = 256 (working)",
            f"{peak256:.1f} MB ({work256:.1f} MB)",
            "working memory flat",
        ],
    ]
    for n in args.threads:
        with thread_limit(n):
            seconds, accuracy = lenet_training()
        rows.append(
            [
                f"LeNet-5 on digits, 25 epochs, {n} thread{'s' if n > 1 else ''}",
                f"{seconds:.1f} s, test accuracy {100 * accuracy:.1f} %",
                "< 60 s",
            ]
        )
    print()
    print_table(rows)


if __name__ == "__main__":
    main()
