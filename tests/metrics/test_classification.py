"""Precision, recall, F1 and the confusion counts against sklearn.metrics, ties and edge cases."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from dlnotes.metrics import binary_counts, f1_score, precision_score, recall_score

sk = pytest.importorskip("sklearn.metrics")

PAIRS = [
    (precision_score, sk.precision_score),
    (recall_score, sk.recall_score),
    (f1_score, sk.f1_score),
]


def _sk(fn, y, p, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sklearn warns on zero division; we compare the value
        return fn(y, p, **kw)


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize(("ours", "theirs"), PAIRS)
def test_random_cases_agree_with_sklearn(seed, ours, theirs):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 40))
    y = rng.random(n) < rng.random()
    p = rng.random(n) < rng.random()
    assert ours(y, p) == pytest.approx(_sk(theirs, y, p), abs=1e-12)


@pytest.mark.parametrize(("ours", "theirs"), PAIRS)
@pytest.mark.parametrize(
    ("y", "p"),
    [
        ([0, 0, 0], [0, 0, 0]),  # nothing positive anywhere: every ratio is 0/0
        ([1, 1, 0], [0, 0, 0]),  # nothing predicted: precision 0/0
        ([0, 0, 0], [1, 0, 1]),  # no true positive in the data: recall 0/0
        ([1, 1, 1], [1, 1, 1]),
    ],
)
@pytest.mark.parametrize("zero_division", [0.0, 1.0])
def test_zero_division_matches_sklearn(ours, theirs, y, p, zero_division):
    assert ours(y, p, zero_division=zero_division) == _sk(theirs, y, p, zero_division=zero_division)


def test_counts_match_confusion_matrix():
    rng = np.random.default_rng(3)
    y, p = rng.integers(0, 2, 50), rng.integers(0, 2, 50)
    tn, fp, fn, tp = sk.confusion_matrix(y, p, labels=[0, 1]).ravel()
    assert binary_counts(y, p) == (tp, fp, fn, tn)


def test_f1_is_the_harmonic_mean_when_both_are_defined():
    y, p = [1, 1, 1, 0, 0, 1], [1, 0, 1, 1, 0, 0]
    pr, rc = precision_score(y, p), recall_score(y, p)
    assert f1_score(y, p) == pytest.approx(2 * pr * rc / (pr + rc))


@pytest.mark.parametrize(
    ("y", "p", "error", "match"),
    [
        ([0, 2], [0, 1], ValueError, "binary_counts: expected y_true with binary labels"),
        ([0, 1], [0, 1, 1], ValueError, r"binary_counts: expected y_pred of shape \(2,\)"),
        ([], [], ValueError, "binary_counts: expected y_true as a non-empty 1-D array"),
    ],
)
def test_bad_input(y, p, error, match):
    with pytest.raises(error, match=match):
        precision_score(y, p)


def test_bad_zero_division():
    with pytest.raises(ValueError, match=r"precision_score: expected zero_division in \[0.0"):
        precision_score([1], [1], zero_division=2.0)
