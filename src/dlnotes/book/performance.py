r"""Speed of dlnotes's heavy layers against the machine's matrix product and against PyTorch.

The instrument behind ``benchmarks/`` and the book's "Performance" page. Three rules make its
figures meaningful on a shared machine:

* **Same thread count for everyone.** :func:`thread_limit` caps NumPy's BLAS, OpenMP and
  PyTorch's intra-op pool at the same number of threads (through :mod:`threadpoolctl` and
  ``torch.set_num_threads``).
* **Best of several runs after a warm-up.** Interference from other processes only ever adds
  time, so the minimum is the stable estimate. Each contender is timed in its own *block* of
  calls (a warm-up call, then ``repeat`` timed ones), and the blocks alternate for ``rounds``
  rounds: alternating call by call would let one library's worker threads, which spin for a
  while after each call, steal the cores from the other's next call.
* **Ratios, not times.** Each case reports dlnotes's time over PyTorch's measured in the same
  run, and the fraction of the machine's float32 matrix-product rate (:func:`gemm_rate`,
  measured in the same run with the same threads) that dlnotes's arithmetic reaches.

Goodfellow et al., §12.1.1 (fast CPU implementations: vectorisation, cache-friendly memory
layouts and BLAS), §9.8 (efficient convolution).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from dlnotes._validation import check_positive_int, fail

__all__ = [
    "Case",
    "CaseResult",
    "torch_available",
    "thread_limit",
    "blocked_best_times",
    "gemm_rate",
    "conv2d_case",
    "conv_transpose2d_case",
    "lstm_case",
    "gru_case",
    "linear_case",
    "maxpool2d_case",
    "run_case",
    "results_table",
    "load_average",
    "default_cases",
    "page_cases",
    "PerformanceReport",
    "performance_report",
    "table_html",
]

Fn = Callable[[], object]


def torch_available() -> bool:
    """Whether PyTorch can be imported (checked without importing it).

    >>> isinstance(torch_available(), bool)
    True
    """
    return importlib.util.find_spec("torch") is not None


@contextlib.contextmanager
def thread_limit(threads: int | None) -> Iterator[None]:
    """Run the block with BLAS, OpenMP and PyTorch limited to ``threads`` threads.

    ``None`` leaves every library at its default. PyTorch is only touched when it has already
    been imported (the cases import it), so the limit costs nothing without it.

    Examples
    --------
    >>> from threadpoolctl import threadpool_info
    >>> with thread_limit(1):
    ...     all(pool["num_threads"] == 1 for pool in threadpool_info()
    ...         if pool["user_api"] == "blas")
    True
    """
    if threads is None:
        yield
        return
    threads = check_positive_int("thread_limit", "threads", threads)
    from threadpoolctl import threadpool_limits

    torch = _imported_torch()
    saved = torch.get_num_threads() if torch is not None else None
    with threadpool_limits(limits=threads):
        if torch is not None:
            torch.set_num_threads(threads)
        try:
            yield
        finally:
            if torch is not None and saved is not None:
                torch.set_num_threads(saved)


def _imported_torch() -> Any:
    import sys

    return sys.modules.get("torch")


def blocked_best_times(
    contenders: dict[str, Fn], repeat: int = 5, rounds: int = 2
) -> dict[str, float]:
    """Best time in seconds of each function, timed in alternating blocks.

    Every round runs each contender's block: one untimed warm-up call, then ``repeat`` timed
    calls. The result is each contender's minimum over its ``rounds * repeat`` timed calls.

    Examples
    --------
    >>> best = blocked_best_times({"a": lambda: sum(range(1000))}, repeat=3, rounds=1)
    >>> 0 < best["a"] < 0.1
    True
    """
    owner = "blocked_best_times"
    repeat = check_positive_int(owner, "repeat", repeat)
    rounds = check_positive_int(owner, "rounds", rounds)
    if not contenders:
        fail(owner, "at least one contender", "none")
    best = {name: float("inf") for name in contenders}
    for _ in range(rounds):
        for name, fn in contenders.items():
            fn()  # warm-up: caches, allocator, worker threads waking up
            for _ in range(repeat):
                start = time.perf_counter()
                fn()
                best[name] = min(best[name], time.perf_counter() - start)
    return best


def gemm_rate(size: int = 1024, repeat: int = 5, rounds: int = 2) -> float:
    """The machine's float32 matrix-product rate, in GFLOP/s, with the current thread limits.

    The best of several ``(size x size) @ (size x size)`` products, counted as
    ``2 size^3`` floating-point operations.

    Examples
    --------
    >>> gemm_rate(64, repeat=2, rounds=1) > 0
    True
    """
    size = check_positive_int("gemm_rate", "size", size)
    rng = np.random.default_rng(0)
    a = rng.standard_normal((size, size), dtype=np.float32)
    b = rng.standard_normal((size, size), dtype=np.float32)
    out = np.empty_like(a)
    best = blocked_best_times({"gemm": lambda: np.matmul(a, b, out=out)}, repeat, rounds)
    return 2 * size**3 / best["gemm"] / 1e9


@dataclass(frozen=True)
class Case:
    """One benchmark: dlnotes's forward + backward, PyTorch's twin, and their arithmetic.

    ``flop`` counts the matrix-product arithmetic of the step (what a BLAS would do), so that
    ``flop / time`` compares with :func:`gemm_rate`. ``torch`` is ``None`` without PyTorch.
    """

    name: str
    flop: float
    ours: Fn
    torch: Fn | None
    goal: float | None = None


@dataclass(frozen=True)
class CaseResult:
    """Timings of a :class:`Case` and the ratios derived from them."""

    name: str
    threads: int | None
    ours_seconds: float
    torch_seconds: float | None
    gemm_gflops: float
    flop: float
    goal: float | None

    @property
    def ratio(self) -> float | None:
        """dlnotes's time over PyTorch's (below 1: dlnotes is faster)."""
        return None if self.torch_seconds is None else self.ours_seconds / self.torch_seconds

    @property
    def gflops(self) -> float:
        """dlnotes's rate of matrix-product arithmetic."""
        return self.flop / self.ours_seconds / 1e9

    @property
    def gemm_fraction(self) -> float:
        """dlnotes's rate as a fraction of the machine's float32 matrix-product rate."""
        return self.gflops / self.gemm_gflops

    @property
    def within_goal(self) -> bool | None:
        """Whether the ratio meets the goal (``None`` without a goal or without PyTorch)."""
        ratio = self.ratio
        return None if ratio is None or self.goal is None else ratio <= self.goal


def _torch_module(use_torch: bool) -> Any:
    if not use_torch or not torch_available():
        return None
    import torch

    return torch


def conv2d_case(
    input_shape: tuple[int, int, int, int],
    out_channels: int,
    kernel_size: int,
    padding: int = 0,
    *,
    use_torch: bool = True,
    goal: float | None = 1.5,
) -> Case:
    """``Conv2d`` forward + backward in float32 (input, weight and bias gradients)."""
    from dlnotes.nn import Conv2d

    rng = np.random.default_rng(0)
    n, c, h, w = input_shape
    layer = Conv2d(c, out_channels, kernel_size, padding=padding, dtype=np.float32, rng=rng)
    x = rng.standard_normal(input_shape, dtype=np.float32)
    out_h, out_w = h + 2 * padding - kernel_size + 1, w + 2 * padding - kernel_size + 1
    g = rng.standard_normal((n, out_channels, out_h, out_w), dtype=np.float32)

    def ours() -> None:
        layer(x)
        layer.backward(g)

    torch = _torch_module(use_torch)
    theirs = None
    if torch is not None:
        xt = torch.from_numpy(x).requires_grad_(True)
        wt = torch.from_numpy(layer.weight.data.copy()).requires_grad_(True)
        bt = torch.from_numpy(layer.bias.data.copy()).requires_grad_(True)
        gt = torch.from_numpy(g)

        def theirs() -> None:
            xt.grad = wt.grad = bt.grad = None
            torch.nn.functional.conv2d(xt, wt, bt, padding=padding).backward(gt)

    flop = 3 * 2 * n * out_channels * c * kernel_size**2 * out_h * out_w
    name = f"Conv2d {input_shape} -> {out_channels}, {kernel_size}x{kernel_size}" + (
        f", padding {padding}" if padding else ""
    )
    return Case(name, flop, ours, theirs, goal)


def conv_transpose2d_case(
    input_shape: tuple[int, int, int, int],
    out_channels: int,
    kernel_size: int,
    stride: int,
    padding: int,
    *,
    use_torch: bool = True,
    goal: float | None = 2.0,
) -> Case:
    """``ConvTranspose2d`` forward + backward in float32."""
    from dlnotes.nn import ConvTranspose2d

    rng = np.random.default_rng(0)
    n, c, h, w = input_shape
    layer = ConvTranspose2d(
        c, out_channels, kernel_size, stride=stride, padding=padding, dtype=np.float32, rng=rng
    )
    x = rng.standard_normal(input_shape, dtype=np.float32)
    out = layer(x)
    g = rng.standard_normal(out.shape, dtype=np.float32)

    def ours() -> None:
        layer(x)
        layer.backward(g)

    torch = _torch_module(use_torch)
    theirs = None
    if torch is not None:
        xt = torch.from_numpy(x).requires_grad_(True)
        wt = torch.from_numpy(layer.weight.data.copy()).requires_grad_(True)
        bt = torch.from_numpy(layer.bias.data.copy()).requires_grad_(True)
        gt = torch.from_numpy(g)

        def theirs() -> None:
            xt.grad = wt.grad = bt.grad = None
            torch.nn.functional.conv_transpose2d(
                xt, wt, bt, stride=stride, padding=padding
            ).backward(gt)

    flop = 3 * 2 * n * c * out_channels * kernel_size**2 * h * w
    name = (
        f"ConvTranspose2d {input_shape} -> {out_channels}, {kernel_size}x{kernel_size}, "
        f"stride {stride}"
    )
    return Case(name, flop, ours, theirs, goal)


def _recurrent_case(
    kind: str,
    steps: int,
    batch: int,
    input_size: int,
    hidden_size: int,
    use_torch: bool,
    goal: float | None,
) -> Case:
    from dlnotes import nn

    rng = np.random.default_rng(0)
    layer = getattr(nn, kind)(input_size, hidden_size, dtype=np.float32, rng=rng)
    x = rng.standard_normal((steps, batch, input_size), dtype=np.float32)
    g = rng.standard_normal((steps, batch, hidden_size), dtype=np.float32)

    def ours() -> None:
        layer(x)
        layer.backward(g)

    torch = _torch_module(use_torch)
    theirs = None
    if torch is not None:
        twin = getattr(torch.nn, kind)(input_size, hidden_size, dtype=torch.float32)
        twin.load_state_dict({k: torch.from_numpy(v) for k, v in layer.state_dict().items()})
        xt, gt = torch.from_numpy(x).requires_grad_(True), torch.from_numpy(g)

        def theirs() -> None:
            xt.grad = None
            twin.zero_grad()
            twin(xt)[0].backward(gt)

    gates = {"LSTM": 4, "GRU": 3}[kind]
    flop = 3 * 2 * steps * batch * gates * hidden_size * (input_size + hidden_size)
    name = f"{kind} T={steps}, N={batch}, {input_size}->{hidden_size}"
    return Case(name, flop, ours, theirs, goal)


def lstm_case(
    steps: int = 50,
    batch: int = 32,
    input_size: int = 64,
    hidden_size: int = 128,
    *,
    use_torch: bool = True,
    goal: float | None = 1.5,
) -> Case:
    """``LSTM`` (one layer) forward + backward over a whole sequence, in float32."""
    return _recurrent_case("LSTM", steps, batch, input_size, hidden_size, use_torch, goal)


def gru_case(
    steps: int = 50,
    batch: int = 32,
    input_size: int = 64,
    hidden_size: int = 128,
    *,
    use_torch: bool = True,
    goal: float | None = 1.5,
) -> Case:
    """``GRU`` (one layer) forward + backward over a whole sequence, in float32."""
    return _recurrent_case("GRU", steps, batch, input_size, hidden_size, use_torch, goal)


def linear_case(
    batch: int = 256,
    in_features: int = 1024,
    out_features: int = 1024,
    *,
    use_torch: bool = True,
    goal: float | None = 1.5,
) -> Case:
    """``Linear`` forward + backward in float32: three products of the same size."""
    from dlnotes.nn import Linear

    rng = np.random.default_rng(0)
    layer = Linear(in_features, out_features, dtype=np.float32, rng=rng)
    x = rng.standard_normal((batch, in_features), dtype=np.float32)
    g = rng.standard_normal((batch, out_features), dtype=np.float32)

    def ours() -> None:
        layer(x)
        layer.backward(g)

    torch = _torch_module(use_torch)
    theirs = None
    if torch is not None:
        twin = torch.nn.Linear(in_features, out_features, dtype=torch.float32)
        twin.load_state_dict({k: torch.from_numpy(v) for k, v in layer.state_dict().items()})
        xt, gt = torch.from_numpy(x).requires_grad_(True), torch.from_numpy(g)

        def theirs() -> None:
            xt.grad = None
            twin.zero_grad()
            twin(xt).backward(gt)

    flop = 3 * 2 * batch * in_features * out_features
    return Case(f"Linear {in_features}->{out_features}, batch {batch}", flop, ours, theirs, goal)


def maxpool2d_case(
    input_shape: tuple[int, int, int, int] = (64, 32, 24, 24),
    kernel_size: int = 2,
    *,
    use_torch: bool = True,
    goal: float | None = 1.5,
) -> Case:
    """``MaxPool2d`` forward + backward in float32 (no matrix product: ``flop`` is 0)."""
    from dlnotes.nn import MaxPool2d

    rng = np.random.default_rng(0)
    pool = MaxPool2d(kernel_size)
    x = rng.standard_normal(input_shape, dtype=np.float32)
    g = rng.standard_normal(pool(x).shape, dtype=np.float32)

    def ours() -> None:
        pool(x)
        pool.backward(g)

    torch = _torch_module(use_torch)
    theirs = None
    if torch is not None:
        xt, gt = torch.from_numpy(x).requires_grad_(True), torch.from_numpy(g)

        def theirs() -> None:
            xt.grad = None
            torch.nn.functional.max_pool2d(xt, kernel_size).backward(gt)

    return Case(f"MaxPool2d {kernel_size}x{kernel_size} on {input_shape}", 0.0, ours, theirs, goal)


def run_case(
    case: Case,
    threads: int | None,
    gemm_gflops: float,
    repeat: int = 5,
    rounds: int = 2,
) -> CaseResult:
    """Time ``case`` (dlnotes and, when available, PyTorch) under ``thread_limit(threads)``.

    ``gemm_gflops`` is the matrix-product rate measured with the same threads
    (:func:`gemm_rate`), against which dlnotes's arithmetic rate is compared.
    """
    contenders: dict[str, Fn] = {"ours": case.ours}
    if case.torch is not None:
        contenders["torch"] = case.torch
    with thread_limit(threads):
        best = blocked_best_times(contenders, repeat, rounds)
    return CaseResult(
        case.name, threads, best["ours"], best.get("torch"), gemm_gflops, case.flop, case.goal
    )


def results_table(results: list[CaseResult], with_torch: bool = True) -> list[list[str]]:
    """Rows (header first) of a table of results: times, ratio to PyTorch, fraction of GEMM.

    Without ``with_torch`` the PyTorch columns are left out.
    """
    header = ["case", "threads", "dlnotes (ms)"]
    if with_torch:
        header += ["PyTorch (ms)", "dlnotes / PyTorch", "goal"]
    header += ["GFLOP/s", "of GEMM rate"]
    rows = [header]
    for r in results:
        row = [r.name, "default" if r.threads is None else str(r.threads)]
        row.append(f"{1e3 * r.ours_seconds:.2f}")
        if with_torch:
            ratio, torch_s = r.ratio, r.torch_seconds
            row.append("—" if torch_s is None else f"{1e3 * torch_s:.2f}")
            row.append("—" if ratio is None else f"{ratio:.2f}×")
            row.append("—" if r.goal is None else f"≤ {r.goal:g}×")
        row.append("—" if r.flop == 0 else f"{r.gflops:.0f}")
        row.append("—" if r.flop == 0 else f"{r.gemm_fraction:.2f}")
        rows.append(row)
    return rows


def load_average() -> tuple[float, float, float]:
    """The 1, 5 and 15 minute load averages (zeros where the system has none)."""
    try:
        return os.getloadavg()
    except OSError:  # pragma: no cover - Windows
        return (0.0, 0.0, 0.0)


def page_cases(use_torch: bool = True) -> list[Case]:
    """The short run of the book's "Performance" page: one case per family.

    ``Conv2d`` 5x5, ``ConvTranspose2d``, ``LSTM`` and ``Linear`` of :func:`default_cases`.
    """
    return [
        conv2d_case((64, 16, 28, 28), 32, 5, use_torch=use_torch),
        conv_transpose2d_case((64, 32, 14, 14), 16, 4, 2, 1, use_torch=use_torch),
        lstm_case(use_torch=use_torch),
        linear_case(use_torch=use_torch),
    ]


def default_cases(use_torch: bool = True) -> list[Case]:
    """The cases of issue 19 (``benchmarks/``), with their goals.

    ``Conv2d`` on (64, 16, 28, 28) with 32 filters of 5x5 and on (32, 64, 16, 16) with 64
    filters of 3x3 (padding 1), a ``ConvTranspose2d`` up-sampling (64, 32, 14, 14) to 28x28,
    ``LSTM`` and ``GRU`` over T=50, N=32, 64 -> 128, and ``Linear`` 1024 -> 1024 on 256 rows.
    """
    return [
        conv2d_case((64, 16, 28, 28), 32, 5, use_torch=use_torch),
        conv2d_case((32, 64, 16, 16), 64, 3, padding=1, use_torch=use_torch),
        conv_transpose2d_case((64, 32, 14, 14), 16, 4, 2, 1, use_torch=use_torch),
        lstm_case(use_torch=use_torch),
        gru_case(use_torch=use_torch),
        linear_case(use_torch=use_torch),
    ]


@dataclass(frozen=True)
class PerformanceReport:
    """Everything one run of :func:`performance_report` measured."""

    results: list[CaseResult]
    gemm_gflops: dict[int, float]
    torch_version: str | None
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    repeat: int
    rounds: int

    def rows(self) -> list[list[str]]:
        """The table (header first), PyTorch columns only when PyTorch ran."""
        return results_table(self.results, with_torch=self.torch_version is not None)


def performance_report(
    threads: tuple[int, ...] | None = None,
    repeat: int = 3,
    rounds: int = 1,
    cases: Callable[[bool], list[Case]] = default_cases,
    use_torch: bool = True,
) -> PerformanceReport:
    """Run ``cases`` at each thread count (default: 1 and every core) with the GEMM rate.

    PyTorch joins when ``use_torch`` and it is installed. The cases are built once and run
    under :func:`thread_limit` for each thread count, after measuring :func:`gemm_rate` with
    the same limit.

    Examples
    --------
    >>> report = performance_report((1,), repeat=1, cases=lambda t: [linear_case(8, 8, 8,
    ...                             use_torch=t)], use_torch=False)
    >>> report.rows()[0][:3], len(report.rows())
    (['case', 'threads', 'dlnotes (ms)'], 2)
    """
    if threads is None:
        threads = tuple(sorted({1, os.cpu_count() or 1}))
    with_torch = use_torch and torch_available()
    built = cases(with_torch)
    torch_version = None
    if with_torch:
        import torch

        torch_version = str(torch.__version__)
    before = load_average()
    results: list[CaseResult] = []
    gemm: dict[int, float] = {}
    for n in threads:
        with thread_limit(n):
            gemm[n] = gemm_rate(repeat=repeat, rounds=rounds)
        results += [run_case(case, n, gemm[n], repeat, rounds) for case in built]
    return PerformanceReport(results, gemm, torch_version, before, load_average(), repeat, rounds)


def table_html(rows: list[list[str]]) -> str:
    """An HTML table (header row first) for glueing into a page.

    >>> table = table_html([["a"], ["<2"]])
    >>> table.startswith('<table class="table"><thead><tr><th>a</th></tr></thead>')
    True
    >>> "<tbody><tr><td>&lt;2</td></tr></tbody>" in table
    True
    """
    import html

    def cells(row: list[str], tag: str) -> str:
        return "".join(f"<{tag}>{html.escape(cell)}</{tag}>" for cell in row)

    body = "".join(f"<tr>{cells(row, 'td')}</tr>" for row in rows[1:])
    return (
        f'<table class="table"><thead><tr>{cells(rows[0], "th")}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )
