"""DataLoader and iterate_minibatches: every sample once per epoch, new order each epoch."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.data import DataLoader, iterate_minibatches


def _epoch_ids(loader) -> list[np.ndarray]:
    return [yb for _, yb in loader]


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(1, 60),
    batch_size=st.integers(1, 70),
    drop_last=st.booleans(),
    seed=st.integers(0, 1000),
)
def test_each_epoch_covers_every_index_exactly_once(n, batch_size, drop_last, seed):
    X, y = np.arange(n)[:, None] * 2.0, np.arange(n)
    loader = DataLoader(
        (X, y), batch_size=batch_size, drop_last=drop_last, rng=np.random.default_rng(seed)
    )
    for _ in range(3):
        batches = list(loader)
        assert len(batches) == len(loader)
        seen = np.concatenate([yb for _, yb in batches]) if batches else np.array([], int)
        if drop_last:
            assert all(len(yb) == batch_size for _, yb in batches)
            assert len(seen) == n - n % batch_size
            assert len(set(seen.tolist())) == len(seen)  # no sample twice
        else:
            assert sorted(seen.tolist()) == list(range(n))
            assert all(len(yb) == batch_size for _, yb in batches[:-1])
        for xb, yb in batches:  # inputs stay aligned with their targets
            np.testing.assert_array_equal(xb[:, 0], 2.0 * yb)


def test_order_differs_between_epochs_and_is_seeded():
    y = np.arange(100)
    loader = DataLoader((y, y), batch_size=10, rng=np.random.default_rng(0))
    first, second = np.concatenate(_epoch_ids(loader)), np.concatenate(_epoch_ids(loader))
    assert not np.array_equal(first, second)
    assert not np.array_equal(first, y)
    again = DataLoader((y, y), batch_size=10, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(np.concatenate(_epoch_ids(again)), first)
    np.testing.assert_array_equal(np.concatenate(_epoch_ids(again)), second)


def test_no_shuffle_keeps_storage_order():
    y = np.arange(10)
    loader = DataLoader((y, y), batch_size=4, shuffle=False)
    assert [b.tolist() for b in _epoch_ids(loader)] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]


def test_single_array_yields_arrays_and_len():
    loader = DataLoader(
        np.zeros((10, 3), dtype=np.float32), batch_size=4, rng=np.random.default_rng(0)
    )
    batches = list(loader)
    assert len(loader) == 3 and [b.shape for b in batches] == [(4, 3), (4, 3), (2, 3)]
    assert all(b.dtype == np.float32 for b in batches)
    assert len(DataLoader(np.zeros(10), batch_size=4, drop_last=True)) == 2


def test_three_arrays_and_images():
    X = np.zeros((6, 1, 8, 8))
    loader = DataLoader((X, np.arange(6), np.ones(6)), batch_size=4, rng=np.random.default_rng(0))
    xb, yb, wb = next(iter(loader))
    assert xb.shape == (4, 1, 8, 8) and yb.shape == wb.shape == (4,)


def test_iterate_minibatches_one_epoch():
    X, y = np.arange(20.0).reshape(10, 2), np.arange(10)
    batches = list(iterate_minibatches(X, y, 3, rng=np.random.default_rng(1)))
    assert [len(b) for _, b in batches] == [3, 3, 3, 1]
    assert sorted(np.concatenate([b for _, b in batches]).tolist()) == list(range(10))
    dropped = list(iterate_minibatches(X, y, 3, shuffle=False, drop_last=True))
    assert [b.tolist() for _, b in dropped] == [[0, 1, 2], [3, 4, 5], [6, 7, 8]]


def test_batches_do_not_alias_the_dataset():
    X = np.zeros((4, 2))
    for xb in DataLoader(X, batch_size=2, rng=np.random.default_rng(0)):
        xb += 1.0
    assert np.all(X == 0)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (
            lambda: iterate_minibatches(np.zeros((5, 2)), np.zeros(4), 2),
            ValueError,
            r"DataLoader: expected arrays with the same number of samples .*\(5, 2\) and \(4,\)",
        ),
        (
            lambda: iterate_minibatches(np.zeros((5, 2)), np.zeros(5), 0),
            ValueError,
            "DataLoader: expected batch_size to be a positive integer, got 0",
        ),
        (
            lambda: iterate_minibatches(np.zeros((5, 2)), np.zeros(5), -3),
            ValueError,
            "batch_size to be a positive integer, got -3",
        ),
        (
            lambda: iterate_minibatches(np.zeros((5, 2)), np.zeros(5), 2.0),
            TypeError,
            "batch_size to be a positive integer",
        ),
        (lambda: DataLoader((np.zeros(0), np.zeros(0))), ValueError, "at least one sample"),
        (lambda: DataLoader(np.float64(3.0)), TypeError, "an array or a tuple of arrays"),
        (lambda: DataLoader((np.zeros(3), np.float64(1.0))), ValueError, "leading sample dim"),
        (lambda: DataLoader(()), ValueError, "at least one array"),
        (lambda: DataLoader(np.zeros(3), shuffle=1), TypeError, "shuffle to be a bool"),
        (lambda: DataLoader(np.zeros(3), rng=0), TypeError, "DataLoader: expected rng"),
    ],
)
def test_bad_input_raises_at_construction(call, error, match):
    with pytest.raises(error, match=match):
        call()
