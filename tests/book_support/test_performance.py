"""dlnotes.book.performance: thread limits, blocked best-of timing, cases and the table."""

from __future__ import annotations

import numpy as np
import pytest
from threadpoolctl import threadpool_info

from dlnotes.book.performance import (
    CaseResult,
    blocked_best_times,
    conv2d_case,
    conv_transpose2d_case,
    gemm_rate,
    gru_case,
    linear_case,
    lstm_case,
    maxpool2d_case,
    results_table,
    run_case,
    thread_limit,
)


def _blas_threads() -> list[int]:
    return [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]


def test_thread_limit_caps_blas_and_restores_it():
    before = _blas_threads()
    with thread_limit(1):
        assert set(_blas_threads()) == {1}
    assert _blas_threads() == before


def test_thread_limit_none_changes_nothing():
    before = _blas_threads()
    with thread_limit(None):
        assert _blas_threads() == before


def test_thread_limit_rejects_zero():
    with pytest.raises(ValueError, match="thread_limit: expected threads"):
        with thread_limit(0):
            pass


def test_blocked_best_times_warms_up_each_block_and_keeps_the_minimum():
    calls = {"a": 0, "b": 0}

    def make(name):
        def fn():
            calls[name] += 1

        return fn

    best = blocked_best_times({"a": make("a"), "b": make("b")}, repeat=3, rounds=2)
    assert calls == {"a": 8, "b": 8}  # 2 rounds of (1 warm-up + 3 timed)
    assert set(best) == {"a", "b"} and all(0 <= t < 0.01 for t in best.values())


def test_blocked_best_times_needs_a_contender():
    with pytest.raises(ValueError, match="blocked_best_times: expected at least one contender"):
        blocked_best_times({})


def test_gemm_rate_is_positive_and_finite():
    with thread_limit(1):
        rate = gemm_rate(128, repeat=2, rounds=1)
    assert np.isfinite(rate) and rate > 0


@pytest.mark.parametrize(
    "make",
    [
        lambda t: conv2d_case((2, 3, 8, 8), 4, 3, padding=1, use_torch=t),
        lambda t: conv_transpose2d_case((2, 3, 5, 5), 4, 4, 2, 1, use_torch=t),
        lambda t: lstm_case(4, 2, 3, 5, use_torch=t),
        lambda t: gru_case(4, 2, 3, 5, use_torch=t),
        lambda t: linear_case(4, 6, 5, use_torch=t),
        lambda t: maxpool2d_case((2, 3, 4, 4), use_torch=t),
    ],
)
def test_cases_run_without_torch(make):
    case = make(False)
    assert case.torch is None
    result = run_case(case, 1, gemm_gflops=100.0, repeat=1, rounds=1)
    assert result.torch_seconds is None and result.ratio is None and result.within_goal is None
    assert result.ours_seconds > 0


@pytest.mark.torch
def test_conv_case_twin_is_pytorch(torch):
    case = conv2d_case((2, 3, 8, 8), 4, 3, padding=1)
    assert case.torch is not None
    result = run_case(case, 1, gemm_gflops=100.0, repeat=1, rounds=1)
    assert result.ratio is not None and result.ratio > 0


def test_results_table_leaves_out_torch_columns_without_torch():
    result = CaseResult("conv", 2, 0.002, None, 100.0, 2e8, 1.5)
    assert result.gflops == pytest.approx(100.0) and result.gemm_fraction == pytest.approx(1.0)
    rows = results_table([result], with_torch=False)
    assert rows[0] == ["case", "threads", "dlnotes (ms)", "GFLOP/s", "of GEMM rate"]
    assert rows[1] == ["conv", "2", "2.00", "100", "1.00"]
    full = results_table([CaseResult("conv", 1, 0.003, 0.002, 100.0, 3e8, 1.5)])
    assert full[1][3:6] == ["2.00", "1.50×", "≤ 1.5×"]


def test_performance_report_runs_every_case_at_every_thread_count():
    from dlnotes.book.performance import performance_report

    def tiny(use_torch):
        return [
            linear_case(8, 8, 8, use_torch=use_torch),
            lstm_case(3, 2, 4, 5, use_torch=use_torch),
        ]

    report = performance_report((1, 2), repeat=1, cases=tiny, use_torch=False)
    assert report.torch_version is None
    assert list(report.gemm_gflops) == [1, 2] and all(g > 0 for g in report.gemm_gflops.values())
    assert [(r.name, r.threads) for r in report.results] == [
        ("Linear 8->8, batch 8", 1),
        ("LSTM T=3, N=2, 4->5", 1),
        ("Linear 8->8, batch 8", 2),
        ("LSTM T=3, N=2, 4->5", 2),
    ]
    rows = report.rows()
    assert "PyTorch (ms)" not in rows[0] and len(rows) == 5


def test_page_cases_are_one_per_family_of_the_default_cases():
    from dlnotes.book.performance import default_cases, page_cases

    page = [c.name for c in page_cases(use_torch=False)]
    default = [c.name for c in default_cases(use_torch=False)]
    assert set(page) <= set(default)
    assert [name.split()[0] for name in page] == ["Conv2d", "ConvTranspose2d", "LSTM", "Linear"]
