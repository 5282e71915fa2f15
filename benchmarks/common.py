"""What every benchmark script shares: the command line, the header and the result table.

The measuring itself (thread limits, warm-up, best of several runs in alternating blocks,
the float32 GEMM rate) lives in :mod:`dlnotes.book.performance`, which the book's
"Performance" page uses too.
"""

from __future__ import annotations

import argparse
import os
import platform
from collections.abc import Callable, Sequence

import numpy as np

from dlnotes.book.performance import (
    Case,
    CaseResult,
    gemm_rate,
    load_average,
    results_table,
    run_case,
    thread_limit,
    torch_available,
)


def parse_args(description: str, repeat: int = 5, rounds: int = 3) -> argparse.Namespace:
    """``--threads N [N ...]`` (default: 1 and every core), ``--repeat``, ``--rounds``."""
    parser = argparse.ArgumentParser(description=description)
    cores = os.cpu_count() or 1
    parser.add_argument(
        "--threads",
        type=int,
        nargs="+",
        default=sorted({1, cores}),
        metavar="N",
        help="thread counts for NumPy's BLAS and PyTorch alike, one run each "
        f"(default: 1 and {cores}, every core)",
    )
    parser.add_argument(
        "--repeat", type=int, default=repeat, help="timed calls per block (after a warm-up call)"
    )
    parser.add_argument(
        "--rounds", type=int, default=rounds, help="alternating blocks per contender"
    )
    args = parser.parse_args()
    if any(t < 1 for t in args.threads):
        parser.error("--threads must be positive")
    return args


def load_text() -> str:
    return ", ".join(f"{v:.1f}" for v in load_average())


def print_header() -> None:
    torch_version = "not installed"
    if torch_available():
        import torch

        torch_version = torch.__version__
    print(
        f"numpy {np.__version__}, torch {torch_version}, {platform.machine()}, "
        f"{os.cpu_count()} cores, "
        f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}"
    )
    print(
        "Times are the best of --rounds x --repeat calls after warm-ups; other processes only "
        "add time, but on a loaded machine (load average above the core count) multi-threaded "
        "figures are unreliable."
    )


def print_table(rows: list[list[str]]) -> None:
    print("| " + " | ".join(rows[0]) + " |")
    print("|" + "---|" * len(rows[0]))
    for row in rows[1:]:
        print("| " + " | ".join(row) + " |")


def run_cases(
    make_cases: Callable[[], Sequence[Case]], threads: Sequence[int], repeat: int, rounds: int
) -> list[CaseResult]:
    """Run every case at every thread count; print one table per thread count."""
    cases = make_cases()
    results: list[CaseResult] = []
    for n in threads:
        before = load_text()
        with thread_limit(n):
            gemm = gemm_rate(repeat=repeat, rounds=rounds)
        batch = [run_case(case, n, gemm, repeat, rounds) for case in cases]
        print()
        print(
            f"== {n} thread{'s' if n > 1 else ''}: float32 GEMM (1024^3) {gemm:.0f} GFLOP/s; "
            f"load average {before} before, {load_text()} after"
        )
        print_table(results_table(batch, with_torch=torch_available()))
        results += batch
    return results
