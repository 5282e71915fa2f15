"""Benchmark of the convolution family against PyTorch CPU and the machine's matmul speed.

Run from the repository root::

    .venv/bin/python benchmarks/bench_conv.py [--repeat 15] [--threads 1]

``--threads N`` limits both OpenBLAS (through ``OPENBLAS_NUM_THREADS``, set before NumPy is
imported) and PyTorch to ``N`` threads; without it both use their defaults (all cores).
Multi-threaded BLAS is very sensitive to other processes competing for the cores (threads
wait for each other at every barrier), so the header prints the load average: compare runs
made on a quiet machine, or use ``--threads 1``.

Everything runs in float32 and in the same process, alternating runs of our code and of
PyTorch's so that background load hits both alike; the table reports ratios (of the best of
``2 * --repeat`` calls), which travel between machines better than absolute times.

Cases (goals from the design notes):

1. ``Conv2d`` forward + backward, input (64, 16, 28, 28), 32 filters of 5x5: within 3x of
   PyTorch, and its GFLOP/s against a float32 matrix product of the same machine.
2. ``MaxPool2d(2)`` forward + backward on (64, 32, 24, 24): within 3x of PyTorch.
3. Peak extra memory (tracemalloc) of the conv forward + backward: under 64 MB, and not
   growing with the batch thanks to blocking.
4. Training the seeded LeNet-5 of ``tests/models/test_blocks.py`` on the 8x8 digits: < 60 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import tracemalloc
from collections.abc import Callable


def _threads_from_argv() -> int | None:
    for i, arg in enumerate(sys.argv):
        if arg == "--threads" and i + 1 < len(sys.argv):
            return int(sys.argv[i + 1])
        if arg.startswith("--threads="):
            return int(arg.split("=", 1)[1])
    return None


# The BLAS thread count is read when NumPy loads, so it is set before the import below.
if _threads_from_argv() is not None:
    os.environ["OPENBLAS_NUM_THREADS"] = str(_threads_from_argv())

import numpy as np  # noqa: E402

from dlnotes.nn import Conv2d, MaxPool2d  # noqa: E402
from dlnotes.nn.functional import conv2d_backward, conv2d_forward  # noqa: E402
from dlnotes.nn.functional.conv import PATCH_BLOCK_BYTES  # noqa: E402


def best_time(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm-up: caches, allocator, BLAS threads
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def paired(
    ours: Callable[[], object], theirs: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Best times of two functions, measured in alternating *runs* of ``repeat`` calls.

    Not call by call: after a call, PyTorch's OpenMP threads and OpenBLAS's threads keep
    spinning for a while waiting for more work, and would steal the cores from the other
    library's next call. Each run starts with an untimed warm-up call for the same reason.
    """
    t_ours: list[float] = []
    t_theirs: list[float] = []
    for _ in range(2):
        for fn, acc in ((ours, t_ours), (theirs, t_theirs)):
            fn()
            for _ in range(repeat):
                start = time.perf_counter()
                fn()
                acc.append(time.perf_counter() - start)
    return min(t_ours), min(t_theirs)


def matmul_gflops(repeat: int) -> float:
    rng = np.random.default_rng(0)
    a = rng.standard_normal((1024, 1024), dtype=np.float32)
    b = rng.standard_normal((1024, 1024), dtype=np.float32)
    return 2 * 1024**3 / best_time(lambda: a @ b, repeat) / 1e9


def conv_case(torch, repeat: int) -> dict[str, float]:
    rng = np.random.default_rng(0)
    layer = Conv2d(16, 32, 5, dtype=np.float32, rng=rng)
    x = rng.standard_normal((64, 16, 28, 28), dtype=np.float32)
    g = rng.standard_normal((64, 32, 24, 24), dtype=np.float32)

    def ours() -> None:
        layer(x)
        layer.backward(g)

    xt = torch.from_numpy(x).requires_grad_(True)
    wt = torch.from_numpy(layer.weight.data.copy()).requires_grad_(True)
    bt = torch.from_numpy(layer.bias.data.copy()).requires_grad_(True)
    gt = torch.from_numpy(g)

    def theirs() -> None:
        xt.grad = wt.grad = bt.grad = None
        torch.nn.functional.conv2d(xt, wt, bt).backward(gt)

    t_ours, t_theirs = paired(ours, theirs, repeat)
    flops = 3 * 2 * 64 * 32 * (16 * 5 * 5) * (24 * 24)  # forward, dx and dW products
    return {
        "ours": t_ours,
        "torch": t_theirs,
        "gflops_ours": flops / t_ours / 1e9,
        "gflops_torch": flops / t_theirs / 1e9,
    }


def pool_case(torch, repeat: int) -> dict[str, float]:
    rng = np.random.default_rng(0)
    pool = MaxPool2d(2)
    x = rng.standard_normal((64, 32, 24, 24), dtype=np.float32)
    g = rng.standard_normal((64, 32, 12, 12), dtype=np.float32)

    def ours() -> None:
        pool(x)
        pool.backward(g)

    xt = torch.from_numpy(x).requires_grad_(True)
    gt = torch.from_numpy(g)

    def theirs() -> None:
        xt.grad = None
        torch.nn.functional.max_pool2d(xt, 2).backward(gt)

    t_ours, t_theirs = paired(ours, theirs, repeat)
    return {"ours": t_ours, "torch": t_theirs}


def conv_peak_memory(batch: int) -> tuple[float, float]:
    """Peak traced memory of one conv forward + backward, in MB, beyond the inputs.

    Returns the total peak (which includes the output, dx and dW, all proportional to the
    batch) and the peak minus those unavoidable results, i.e. the working memory.
    """
    rng = np.random.default_rng(0)
    x = rng.standard_normal((batch, 16, 28, 28), dtype=np.float32)
    w = rng.standard_normal((32, 16, 5, 5), dtype=np.float32)
    g = rng.standard_normal((batch, 32, 24, 24), dtype=np.float32)
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    out, cache = conv2d_forward(x, w, None)
    dx, dw, _ = conv2d_backward(g, cache)
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    results = out.nbytes + dx.nbytes + dw.nbytes
    return peak / 2**20, (peak - results) / 2**20


def lenet_training(blas_threads: int | None = None) -> tuple[float, float]:
    """Train the slow test's LeNet; ``blas_threads`` caps OpenBLAS (threadpoolctl)."""
    from threadpoolctl import threadpool_limits  # installed with scikit-learn

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
    with threadpool_limits(limits=blas_threads, user_api="blas"):
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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="threads for OpenBLAS and PyTorch (default: their own)",
    )
    args = parser.parse_args()
    import torch

    if args.threads is not None:
        torch.set_num_threads(args.threads)
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(
        f"numpy {np.__version__}, torch {torch.__version__}, {platform.machine()}, "
        f"{os.cpu_count()} cores, load average {load}; threads: OpenBLAS "
        f"{os.environ.get('OPENBLAS_NUM_THREADS', 'default')}, torch "
        f"{torch.get_num_threads()}; "
        f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}"
    )
    if os.getloadavg()[0] > 0.5 * (os.cpu_count() or 1):
        print(
            "warning: other processes are using the cores; multi-threaded timings are "
            "unreliable on a busy machine (compare with --threads 1)"
        )
    print()
    gemm = matmul_gflops(args.repeat)
    conv = conv_case(torch, args.repeat)
    pool = pool_case(torch, args.repeat)
    peak64, work64 = conv_peak_memory(64)
    peak256, work256 = conv_peak_memory(256)
    lenet_s, lenet_acc = lenet_training()
    lenet1_s, _ = lenet_training(blas_threads=1)

    rows = [
        (
            "Conv2d fwd+bwd (64,16,28,28), 32x5x5",
            f"{1e3 * conv['ours']:.1f} ms",
            f"{1e3 * conv['torch']:.1f} ms",
            f"{conv['ours'] / conv['torch']:.2f}x",
            "< 3x",
        ),
        (
            "  GFLOP/s: ours / torch / float32 matmul",
            f"{conv['gflops_ours']:.0f}",
            f"{conv['gflops_torch']:.0f}",
            f"{conv['gflops_ours'] / gemm:.2f} of {gemm:.0f}",
            "",
        ),
        (
            "MaxPool2d(2) fwd+bwd (64,32,24,24)",
            f"{1e3 * pool['ours']:.1f} ms",
            f"{1e3 * pool['torch']:.1f} ms",
            f"{pool['ours'] / pool['torch']:.2f}x",
            "< 3x",
        ),
        (
            "Conv peak extra memory, batch 64 (working)",
            f"{peak64:.1f} MB ({work64:.1f} MB)",
            "",
            f"block budget {PATCH_BLOCK_BYTES / 2**20:.0f} MB",
            "< 64 MB",
        ),
        (
            "Conv peak extra memory, batch 256 (working)",
            f"{peak256:.1f} MB ({work256:.1f} MB)",
            "",
            "",
            "working memory flat",
        ),
        (
            "LeNet-5 on digits, 25 epochs",
            f"{lenet_s:.1f} s",
            "",
            f"test accuracy {100 * lenet_acc:.1f} %",
            "< 60 s",
        ),
        ("  same, BLAS capped at 1 thread (as the test)", f"{lenet1_s:.1f} s", "", "", "< 60 s"),
    ]
    print("| case | dlnotes | PyTorch | ratio / note | goal |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
