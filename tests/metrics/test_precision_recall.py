"""The PR curve and average precision against sklearn.metrics, with tied scores and edge cases."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.metrics import average_precision_score, precision_recall_curve

sk = pytest.importorskip("sklearn.metrics")


def _sk(fn, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # no positive label: sklearn warns, we compare values
        return fn(*args)


def _compare(y, s):
    ours = precision_recall_curve(y, s)
    p, r, t = _sk(sk.precision_recall_curve, y, s)
    np.testing.assert_allclose(ours.precision, p, atol=1e-12)
    np.testing.assert_allclose(ours.recall, r, atol=1e-12)
    np.testing.assert_array_equal(ours.thresholds, t)
    assert average_precision_score(y, s) == pytest.approx(
        _sk(sk.average_precision_score, y, s), abs=1e-12
    )


@pytest.mark.parametrize("seed", range(25))
def test_random_cases_with_ties_agree_with_sklearn(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 60))
    y = rng.integers(0, 2, n)
    if y.sum() == 0:
        y[0] = 1
    # scores rounded to one decimal: many ties, which must form one threshold each
    s = np.round(rng.random(n), 1) if seed % 2 else rng.standard_normal(n)
    _compare(y, s)


@given(
    st.lists(st.tuples(st.booleans(), st.integers(0, 5)), min_size=1, max_size=30),
)
@settings(max_examples=60, deadline=None)
def test_curve_shapes_and_agreement(pairs):
    y = np.array([a for a, _ in pairs], dtype=int)
    s = np.array([b for _, b in pairs], dtype=float)
    curve = precision_recall_curve(y, s)
    distinct = len(np.unique(s))
    assert curve.thresholds.shape == (distinct,)
    assert curve.precision.shape == curve.recall.shape == (distinct + 1,)
    assert np.all(np.diff(curve.thresholds) > 0)
    _compare(y, s)


def test_no_positive_gives_recall_one_and_ap_zero_as_sklearn():
    y, s = np.zeros(4, int), np.array([0.1, 0.5, 0.5, 0.9])
    _compare(y, s)
    assert average_precision_score(y, s) == 0.0
    np.testing.assert_array_equal(precision_recall_curve(y, s).recall[:-1], 1.0)


def test_all_positive_and_perfect_ranking():
    _compare(np.ones(5, int), np.arange(5.0))
    assert average_precision_score([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4]) == 1.0


def test_ap_of_a_constant_score_is_the_positive_rate():
    y = np.array([1, 0, 0, 0, 1, 0, 0, 0, 0, 0])
    assert average_precision_score(y, np.zeros(10)) == pytest.approx(0.2)


def test_bad_input():
    with pytest.raises(ValueError, match=r"precision_recall_curve: expected y_score of shape"):
        precision_recall_curve([0, 1], [0.5])
    with pytest.raises(ValueError, match="precision_recall_curve: expected finite y_score"):
        precision_recall_curve([0, 1], [0.5, np.nan])
    with pytest.raises(TypeError, match="precision_recall_curve: expected real-valued y_score"):
        precision_recall_curve([0, 1], ["a", "b"])
