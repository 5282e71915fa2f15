"""The chapter-7 page's training claims, with the page's seeds and sizes (§7.8, §7.12, §7.13)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlnotes import nn
from dlnotes.book.regularization import (
    digits_mlp,
    plot_curves,
    plot_paths,
    plot_quadratic_and_path,
    train_digits,
)
from dlnotes.data import load_digits, make_noisy_digits
from dlnotes.regularization import (
    accuracy_under_attack,
    ridge_path,
    tangent_prop_penalty,
    translation_tangent,
)
from dlnotes.training import evaluate

EPSILONS = np.array([0.0, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2])


@pytest.fixture(scope="module")
def noisy():
    return make_noisy_digits(300, 300, label_noise=0.3, rng=np.random.default_rng(0))


@pytest.fixture(scope="module")
def digit_runs():
    X, y, X_test, y_test = load_digits(flat=True)
    clean = train_digits(X, y, num_epochs=10, hidden=64)  # the page's settings
    adv = train_digits(X, y, num_epochs=10, hidden=64, adversarial_epsilon=0.1)
    return clean.model, adv.model, X_test, y_test


@pytest.mark.slow
def test_dropout_overfits_less_on_noisy_labels(noisy):
    d, loss = noisy, nn.CrossEntropyLoss()
    runs = {
        p: train_digits(d.X_train, d.y_train, val_data=(d.X_val, d.y_val), dropout=p)
        for p in (0.0, 0.5)
    }
    plain, drop = runs[0.0].history, runs[0.5].history
    # without dropout the validation loss climbs far above its minimum; with dropout less so
    assert plain.val_loss[-1] - min(plain.val_loss) > drop.val_loss[-1] - min(drop.val_loss)
    acc = {p: evaluate(r.model, loss, d.X_test, d.y_test).metric for p, r in runs.items()}
    assert acc[0.5] > acc[0.0] + 0.03


@pytest.mark.slow
def test_patience_stops_early_and_restores_the_best_parameters(noisy):
    d, loss = noisy, nn.CrossEntropyLoss()
    run = train_digits(d.X_train, d.y_train, val_data=(d.X_val, d.y_val), patience=5)
    h = run.history
    assert h.stopped_early and h.num_epochs == h.best_epoch + 1 + 5
    assert evaluate(run.model, loss, d.X_val, d.y_val).loss == pytest.approx(min(h.val_loss))
    full = train_digits(d.X_train, d.y_train, val_data=(d.X_val, d.y_val))
    test_es = evaluate(run.model, loss, d.X_test, d.y_test).metric
    test_full = evaluate(full.model, loss, d.X_test, d.y_test).metric
    assert test_es > test_full + 0.05


@pytest.mark.slow
def test_fgsm_accuracy_falls_with_epsilon_and_adversarial_training_helps(digit_runs):
    clean, adv, X_test, y_test = digit_runs
    loss = nn.CrossEntropyLoss()
    acc_clean = accuracy_under_attack(clean, loss, X_test, y_test, EPSILONS)
    acc_adv = accuracy_under_attack(adv, loss, X_test, y_test, EPSILONS)
    assert acc_clean[0] > 0.9 and np.all(np.diff(acc_clean) < 0)
    assert acc_clean[EPSILONS == 0.1][0] < 0.7
    # adversarial training at eps = 0.1: far more robust there, and clean accuracy kept
    assert acc_adv[EPSILONS == 0.1][0] > acc_clean[EPSILONS == 0.1][0] + 0.1
    assert acc_adv[0] > acc_clean[0] - 0.03
    assert np.all(acc_adv[1:] > acc_clean[1:])


@pytest.mark.slow
def test_adversarial_training_flattens_the_network_along_translations(digit_runs):
    clean, adv, X_test, _ = digit_runs
    T = translation_tangent(X_test.reshape(-1, 8, 8)).reshape(-1, 64)
    clean.eval()
    adv.eval()
    assert tangent_prop_penalty(adv, X_test, T) < 0.8 * tangent_prop_penalty(clean, X_test, T)


def test_digits_mlp_shapes_and_dropout_layer():
    model = digits_mlp(16, 0.5)
    assert model(np.zeros((3, 64))).shape == (3, 10)
    assert any(isinstance(m, nn.Dropout) for m in model.modules())
    assert not any(isinstance(m, nn.Dropout) for m in digits_mlp(16).modules())


def test_plot_helpers_draw_without_error():
    fig, axes = plt.subplots(1, 3)
    H, w = np.diag([2.0, 0.2]), np.array([1.0, 1.0])
    plot_quadratic_and_path(axes[0], H, w, {"ridge": ridge_path(H, w, [0.1, 1.0])}, circles=[1])
    plot_paths(axes[1], [1.0, 0.1], np.array([[0.0, 0.0], [0.5, 0.1]]), [1.0, 0.0], "L1")
    plot_curves(axes[2], {"a": [3.0, 2.0, 2.5]}, ylabel="loss", best={"a": 1})
    assert len(axes[0].lines) >= 3 and len(axes[1].lines) == 3
    plt.close(fig)
