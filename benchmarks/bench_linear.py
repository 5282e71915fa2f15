"""Benchmark: float32 ``Linear`` forward + backward against PyTorch CPU and plain matmul.

A batch of 256 inputs of width 1024 through a 1024 -> 1024 layer. One training step is three
matrix products of the same size (``x W^T`` forward; ``G W`` and ``G^T x`` backward), so its
ideal cost is three times one ``a @ b`` of shape (256, 1024) x (1024, 1024). The script
reports ratios measured in the same run, not absolute times:

* dlnotes time / PyTorch time for the step (goal: within 1.5x);
* the step's achieved GFLOP/s as a fraction of the machine's float32 matmul rate.

Timing: ``time.perf_counter``; each contender gets warm-up runs, then the best of N timed
runs; the blocks are repeated a few rounds so that outside load affects all contenders alike.

Run: ``.venv/bin/python benchmarks/bench_linear.py``
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import numpy as np

from dlnotes.nn import Linear

BATCH, IN_FEATURES, OUT_FEATURES = 256, 1024, 1024
WARMUP, REPEATS, ROUNDS = 5, 20, 3
STEP_FLOP = 3 * 2 * BATCH * IN_FEATURES * OUT_FEATURES


def time_once(fn: Callable[[], object], timings: list[float]) -> None:
    """Append the duration of one call of ``fn`` to ``timings``."""
    start = time.perf_counter()
    fn()
    timings.append(time.perf_counter() - start)


def main() -> None:
    load_before = os.getloadavg()[0]
    rng = np.random.default_rng(0)
    x = rng.standard_normal((BATCH, IN_FEATURES), dtype=np.float32)
    grad = rng.standard_normal((BATCH, OUT_FEATURES), dtype=np.float32)

    layer = Linear(IN_FEATURES, OUT_FEATURES, dtype=np.float32, rng=rng)

    def dlnotes_step() -> None:
        layer(x)
        layer.backward(grad)

    w = layer.weight.data.copy()
    a, b = x.copy(), np.ascontiguousarray(w.T)

    def matmul() -> None:
        a @ b  # noqa: B018 - the product is the measured work

    contenders: dict[str, Callable[[], None]] = {"dlnotes": dlnotes_step, "matmul": matmul}
    try:
        import torch
    except ImportError:
        torch = None
    if torch is not None:
        tlayer = torch.nn.Linear(IN_FEATURES, OUT_FEATURES, dtype=torch.float32)
        with torch.no_grad():
            tlayer.weight.copy_(torch.from_numpy(w))
            tlayer.bias.copy_(torch.from_numpy(layer.bias.data))
        tx = torch.from_numpy(x).requires_grad_(True)
        tgrad = torch.from_numpy(grad)

        def torch_step() -> None:
            tlayer(tx).backward(tgrad)

        contenders["torch"] = torch_step

    # Each contender runs in its own block (its warm-up, then REPEATS timed calls): alternating
    # call by call would let PyTorch's OpenMP threads, which spin for a while after each call,
    # steal the cores from OpenBLAS and vice versa. The blocks are repeated ROUNDS times so a
    # burst of outside load does not decide the result.
    timings: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(ROUNDS):
        for name, fn in contenders.items():
            for _ in range(WARMUP):
                fn()
            for _ in range(REPEATS):
                time_once(fn, timings[name])
    best = {name: min(ts) for name, ts in timings.items()}

    matmul_gflops = 2 * BATCH * IN_FEATURES * OUT_FEATURES / best["matmul"] / 1e9
    ours_gflops = STEP_FLOP / best["dlnotes"] / 1e9
    print(f"Linear({IN_FEATURES}, {OUT_FEATURES}) float32, batch {BATCH}: forward + backward")
    print(
        f"  OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}, "
        f"cores={os.cpu_count()}, best of {ROUNDS} x {REPEATS} runs, "
        f"each block after {WARMUP} warm-up runs"
    )
    # Other processes on a shared machine slow everything down; the load makes that visible.
    print(f"  load average before/after: {load_before:.1f} / {os.getloadavg()[0]:.1f}")
    print(
        f"  plain float32 matmul (256x1024 @ 1024x1024): {best['matmul'] * 1e3:7.3f} ms "
        f"= {matmul_gflops:6.1f} GFLOP/s"
    )
    print(
        f"  dlnotes step: {best['dlnotes'] * 1e3:7.3f} ms = {ours_gflops:6.1f} GFLOP/s "
        f"= {ours_gflops / matmul_gflops:.2f} of the matmul rate"
    )
    if "torch" in best:
        torch_gflops = STEP_FLOP / best["torch"] / 1e9
        print(
            f"  PyTorch step: {best['torch'] * 1e3:7.3f} ms = {torch_gflops:6.1f} GFLOP/s "
            f"(torch {torch.__version__}, {torch.get_num_threads()} threads)"
        )
        print(
            f"  ratio dlnotes / PyTorch time: {best['dlnotes'] / best['torch']:.2f}x (goal <= 1.5x)"
        )
    else:
        print("  PyTorch not installed: no PyTorch comparison")


if __name__ == "__main__":
    main()
