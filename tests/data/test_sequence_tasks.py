"""Generated tasks: date translation pairs (parsed back with datetime), copy, reversal and the
adding problem; reproducibility from a seeded Generator and validation."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pytest

from dlnotes.data import (
    DATE_FORMATS,
    format_date,
    make_adding_problem,
    make_copy_pairs,
    make_date_pairs,
    make_reversal_pairs,
)
from dlnotes.data.dates import MONTHS


def test_brief_example_and_every_format():
    date = dt.date(1997, 3, 5)
    assert format_date(date, DATE_FORMATS[0]) == "March 5, 1997"
    outputs = {format_date(date, f) for f in DATE_FORMATS}
    assert len(outputs) == len(DATE_FORMATS)
    assert all("1997" in text for text in outputs)


def test_pairs_are_correct_reproducible_and_varied():
    pairs = make_date_pairs(300, np.random.default_rng(1))
    assert pairs == make_date_pairs(300, np.random.default_rng(1))
    assert pairs != make_date_pairs(300, np.random.default_rng(2))
    for source, target in pairs:
        date = dt.date.fromisoformat(target)
        assert str(date.year) in source
        assert str(date.day) in source
        numeric = re.search(r"\d\d[/.]\d\d[/.]\d{4}|\d{4}/\d\d/\d\d", source)
        assert numeric or any(m[:3].lower() in source.lower() for m in [MONTHS[date.month - 1]])
        assert 1950 <= date.year <= 2049
    assert len({source.split()[0] for source, _ in pairs}) > 20  # formats and values vary


def test_copy_and_reversal_pairs():
    rng = np.random.default_rng(0)
    for source, target in make_copy_pairs(20, 2, 6, num_symbols=5, rng=rng):
        assert source == target and 2 <= len(source) <= 6 and set(source) <= set("abcde")
    for source, target in make_reversal_pairs(20, rng=rng):
        assert target == source[::-1]
    with pytest.raises(ValueError, match="make_copy_pairs: expected min_length <= max_length=2"):
        make_copy_pairs(3, 5, 2)
    with pytest.raises(ValueError, match="make_reversal_pairs: expected num_symbols <= 26"):
        make_reversal_pairs(3, num_symbols=30)


def test_adding_problem():
    X, y = make_adding_problem(50, length=20, rng=np.random.default_rng(0))
    assert X.shape == (50, 20, 2) and y.shape == (50,)
    np.testing.assert_array_equal(X[..., 1].sum(1), 2.0)
    np.testing.assert_allclose((X[..., 0] * X[..., 1]).sum(1), y)
    assert np.all(X[:, :10, 1].sum(1) == 1)  # one marker in each half
    X32, _ = make_adding_problem(2, dtype=np.float32, rng=np.random.default_rng(0))
    assert X32.dtype == np.float32
    with pytest.raises(ValueError, match="make_adding_problem: expected length of at least 2"):
        make_adding_problem(2, length=1)
