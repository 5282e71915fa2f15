"""Benchmark: float32 ``Linear`` forward + backward against PyTorch CPU and the GEMM rate.

A batch of 256 inputs of width 1024 through a 1024 -> 1024 layer. One training step is three
matrix products of the same size (``x W^T`` forward; ``G W`` and ``G^T x`` backward), so its
ideal cost is three times one matrix product of shape (256, 1024) x (1024, 1024). The script
reports ratios measured in the same run, not absolute times:

* dlnotes time / PyTorch time for the step (goal: within 1.5x);
* the step's achieved GFLOP/s as a fraction of the machine's float32 GEMM rate.

Run::

    .venv/bin/python benchmarks/bench_linear.py [--threads 1 2] [--repeat 10] [--rounds 3]

``--threads N [N ...]``: one table per thread count, NumPy's BLAS and PyTorch alike limited to
``N`` threads; best of the runs after warm-ups, with the load average of each run.
"""

from __future__ import annotations

from common import parse_args, print_header, run_cases

from dlnotes.book.performance import linear_case


def main() -> None:
    args = parse_args(__doc__.splitlines()[0], repeat=10)
    print_header()
    run_cases(lambda: [linear_case()], args.threads, args.repeat, args.rounds)


if __name__ == "__main__":
    main()
