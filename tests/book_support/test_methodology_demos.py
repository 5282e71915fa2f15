"""The chapter-11 page's claims, with the page's data, seeds and settings (§11.1–§11.5)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlnotes import nn
from dlnotes.book.figures import new_figure
from dlnotes.book.methodology import (
    buggy_digits_mlp,
    plot_coverage,
    plot_layer_histograms,
    plot_learning_curve,
    plot_lr_sweep,
    plot_pr_curve,
    plot_search_trials,
    train_for_steps,
    validation_error_objective,
)
from dlnotes.book.regularization import digits_mlp, train_digits
from dlnotes.data import load_digits, train_test_split
from dlnotes.debugging import (
    gradient_check,
    layer_statistics,
    most_confident_mistakes,
    update_ratios,
)
from dlnotes.metrics import (
    average_precision_score,
    coverage_at_accuracy,
    coverage_curve,
    f1_score,
    precision_recall_curve,
    precision_score,
    recall_score,
)
from dlnotes.nn.functional import softmax
from dlnotes.optim import Adam
from dlnotes.training import fit
from dlnotes.tuning import (
    LogUniform,
    Uniform,
    classification_error,
    distinct_values,
    grid_search,
    learning_curve,
    learning_rate_sweep,
    random_search,
)


@pytest.fixture(scope="module")
def data():
    X_train, y_train, X_test, y_test = load_digits(flat=True)
    X_fit, y_fit, X_val, y_val = train_test_split(
        X_train, y_train, test_size=0.25, rng=np.random.default_rng(0)
    )
    return X_train, y_train, X_test, y_test, X_fit, y_fit, X_val, y_val


@pytest.fixture(scope="module")
def model(data):
    X_train, y_train = data[:2]
    m = train_digits(X_train, y_train, hidden=32, num_epochs=20, seed=0).model
    m.eval()
    return m


def test_rare_class_metrics_tell_what_accuracy_hides(data, model):
    _, _, X_test, y_test = data[:4]
    proba = softmax(model(X_test), dim=1)
    is_8, score = (y_test == 8).astype(int), proba[:, 8]
    never = np.zeros_like(is_8)
    detect = (score >= 0.5).astype(int)
    assert 0.08 < is_8.mean() < 0.12 and np.mean(never == is_8) > 0.88  # "about one in ten"
    assert recall_score(is_8, never) == 0 == precision_score(is_8, never)
    assert np.mean(detect == is_8) - np.mean(never == is_8) < 0.1  # "only a few points better"
    assert min(precision_score(is_8, detect), recall_score(is_8, detect)) > 0.8
    assert f1_score(is_8, detect) > 0.85 and average_precision_score(is_8, score) > 0.9
    y_hat, confidence = proba.argmax(axis=1), proba.max(axis=1)
    cov = coverage_curve(y_test, y_hat, confidence)
    target = 0.995
    assert cov.accuracy[-1] < target  # the full-coverage accuracy misses the target...
    assert (
        0.5 < coverage_at_accuracy(y_test, y_hat, confidence, target) < 1.0
    )  # ...abstaining meets it
    worst = most_confident_mistakes(y_test, y_hat, confidence, k=8)
    assert len(worst) == 8 and np.all(y_hat[worst] != y_test[worst])
    assert np.all(np.diff(confidence[worst]) <= 0)
    assert confidence[worst[0]] == confidence[y_hat != y_test].max()
    fig, axes = new_figure(1, 2)
    plot_pr_curve(axes[0], precision_recall_curve(is_8, score), label="8", point=(0.5, 0.5))
    plot_coverage(axes[1], cov, target)
    assert len(axes[0].lines) == 2 and len(axes[1].lines) == 2
    plt.close(fig)


def test_learning_curve_reads_more_data_would_help(data):
    X_train, y_train, X_test, y_test = data[:4]
    sizes = [20, 40, 80, 160, 320, 640, len(X_train)]
    lc = learning_curve(
        train_for_steps, X_train, y_train, X_test, y_test, sizes, rng=np.random.default_rng(0)
    )
    assert lc.train_error.max() < 0.05  # "the training error stays low throughout"
    assert lc.train_error[0] < 0.05 and lc.test_error[0] > 0.3
    assert lc.gap[0] > 5 * lc.gap[-1]
    assert lc.test_error[-1] < lc.test_error[-2]  # "still falling at the right edge"
    assert np.all(np.diff(lc.test_error) < 0)  # the caption's "falls steadily"
    fig, ax = new_figure()
    plot_learning_curve(ax, lc)
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), lc.test_error)
    plt.close(fig)


@pytest.fixture(scope="module")
def sweep(data):
    X_fit, y_fit, X_val, y_val = data[4:]
    return learning_rate_sweep(
        lambda X, y, lr: train_digits(X, y, hidden=32, lr=lr, num_epochs=5, seed=0).model,
        np.logspace(-5, 0.5, 12),
        X_fit,
        y_fit,
        X_val,
        y_val,
    )


def test_learning_rate_u_curve(sweep):
    assert sweep.train_error[0] > 0.5 and sweep.train_error[-1] > 0.5  # both ends fail
    assert sweep.val_error.min() < 0.1
    best = int(np.argmin(sweep.val_error))
    assert 0 < best < len(sweep.lrs) - 1  # the minimum is inside: a U


def test_random_search_tries_more_learning_rates_and_wins_here(data, sweep):
    X_fit, y_fit, X_val, y_val = data[4:]
    space = {"lr": LogUniform(1e-5, 3.0), "dropout": Uniform(0.0, 0.5)}
    objective = validation_error_objective(X_fit, y_fit, X_val, y_val, num_epochs=5)
    grid = grid_search(objective, space, budget=9)
    rand = random_search(objective, space, budget=9, rng=np.random.default_rng(0))
    assert distinct_values(grid, "lr") == 3 and distinct_values(rand, "lr") == 9
    assert np.sum(grid.scores() > 0.5) == 6  # the two outer columns of the grid
    lrs = np.array(grid.values("lr"))
    assert np.all(grid.scores()[(lrs < 1e-4) | (lrs > 1)] > 0.5)
    assert rand.best.score < grid.best.score
    fig, axes = new_figure(1, 3)
    plot_lr_sweep(axes[0], sweep, {"grid": grid, "random": rand})
    plot_search_trials(axes[1], grid, "lr", "dropout", title="grid")
    assert len(axes[0].lines) == 4
    plt.close(fig)


def test_debugging_kit_on_the_page(data, model):
    X_train, y_train, X_test, y_test = data[:4]
    loss_fn = nn.CrossEntropyLoss()
    good = gradient_check(
        digits_mlp(32, seed=0),
        loss_fn,
        X_train[:8],
        y_train[:8],
        max_entries=20,
        rng=np.random.default_rng(0),
    )
    buggy = buggy_digits_mlp(32, seed=0)
    bad = gradient_check(
        buggy, loss_fn, X_train[:8], y_train[:8], max_entries=20, rng=np.random.default_rng(0)
    )
    assert max(good.values()) < 1e-6 and bad["2.weight"] < 1e-6
    assert bad["0.weight"] == pytest.approx(0.5, abs=1e-6)  # "off by 50 %"
    fit(
        buggy,
        loss_fn,
        Adam(buggy.parameters(), lr=3e-3),
        (X_train, y_train),
        num_epochs=20,
        rng=np.random.default_rng(2),
        progress=False,
    )
    # Adam is invariant to a constant positive gradient factor: the bug changes nothing visible
    assert abs(
        classification_error(buggy, X_test, y_test) - classification_error(model, X_test, y_test)
    ) <= 1 / len(y_test)


def test_layer_statistics_and_update_ratios_on_the_page(data, model):
    X_train, y_train, X_test, y_test = data[:4]
    loss_fn = nn.CrossEntropyLoss()
    records = layer_statistics(model, loss_fn, X_test[:256], y_test[:256])
    assert 0.1 < records[1].zero_fraction < 0.6
    ratios = {}
    for lr in (1e-4, 1e-3, 1e-2, 1e-1):
        net = digits_mlp(32, seed=0)
        step = update_ratios(
            net, loss_fn, Adam(net.parameters(), lr=lr), X_train[:32], y_train[:32]
        )
        ratios[lr] = step["0.weight"]
    assert 0.005 < ratios[1e-3] < 0.02  # "close to Bottou's 1 %"
    assert ratios[1e-1] > 0.8  # "as large as the weights"
    np.testing.assert_allclose(ratios[1e-1] / ratios[1e-3], 100, rtol=1e-3)  # proportional
    fig, axes = new_figure(2, 3, squeeze=False)
    plot_layer_histograms(axes, records)
    assert axes[0, 0].get_ylabel() == "activations"
    plt.close(fig)


def test_train_for_steps_keeps_the_number_of_steps_fixed(monkeypatch):
    import dlnotes.book.methodology as methodology

    seen = {}
    real = methodology.train_digits

    def fake_train_digits(X, y, **kwargs):
        seen[len(X)] = kwargs["num_epochs"]
        return real(X[:2], y[:2], num_epochs=1)

    monkeypatch.setattr(methodology, "train_digits", fake_train_digits)
    X, y = np.zeros((640, 64)), np.zeros(640, int)
    for m in (20, 64, 640):
        methodology.train_for_steps(X[:m], y[:m], num_steps=600, batch_size=32)
    # ceil(600 * 32 / m) epochs of ceil(m / 32) steps: at least 600 steps for every size
    assert seen == {20: 960, 64: 300, 640: 30}


def test_halved_gradient_relu_is_half_of_relu():
    x = np.random.default_rng(0).standard_normal((3, 4))
    g = np.random.default_rng(1).standard_normal((3, 4))
    buggy, relu = buggy_digits_mlp(8)[1], nn.ReLU()
    buggy(x), relu(x)
    np.testing.assert_allclose(buggy.backward(g), 0.5 * relu.backward(g))
    np.testing.assert_array_equal(buggy(x), relu(x))
