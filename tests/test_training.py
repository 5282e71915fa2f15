"""fit / evaluate / accuracy / History: the training loop, early stopping, a quiet progress bar.

The loop is written against the module/loss/optimizer contract, so most tests use tiny
models defined here (whose behaviour is known exactly); the last test trains the real
``dlnotes.nn`` MLP on digits.
"""

from __future__ import annotations

import io
import sys

import numpy as np
import pytest

import dlnotes
import dlnotes.data
from dlnotes import nn, optim, training
from dlnotes.data import DataLoader
from dlnotes.nn import Module, Parameter
from dlnotes.training import History, accuracy, evaluate, fit


# -- tiny models with known behaviour ------------------------------------------------------------
class Affine(Module):
    """y = x W^T + b, recording the dtype and mode of every forward call."""

    def __init__(self, n_in, n_out, rng, dtype=np.float64):
        super().__init__()
        self.weight = Parameter(rng.normal(scale=0.1, size=(n_out, n_in)).astype(dtype))
        self.bias = Parameter(np.zeros(n_out, dtype=dtype))
        self.calls = []

    def forward(self, x):
        self.calls.append((x.dtype, self.training, len(x)))
        self._x = x
        return x @ self.weight.data.T + self.bias.data

    def backward(self, grad_output):
        self.weight.grad += grad_output.T @ self._x
        self.bias.grad += grad_output.sum(axis=0)
        return grad_output @ self.weight.data


class Scale(Module):
    """y = w x with one scalar parameter."""

    def __init__(self, w=0.0):
        super().__init__()
        self.w = Parameter(np.array([w]))

    def forward(self, x):
        self._x = x
        return self.w.data * x

    def backward(self, grad_output):
        self.w.grad += np.sum(grad_output * self._x, keepdims=True).reshape(1)
        return grad_output * self.w.data


class SoftmaxCrossEntropy:
    def __call__(self, logits, y):
        z = logits - logits.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        self._p, self._y = np.exp(log_p), y
        return -log_p[np.arange(len(y)), y].mean()

    def backward(self):
        g = self._p.copy()
        g[np.arange(len(self._y)), self._y] -= 1
        return g / len(self._y)


class SquaredError:
    def __call__(self, out, y):
        self._d = out - y
        return np.mean(self._d**2)

    def backward(self):
        return 2 * self._d / self._d.size


class PlainSGD:
    def __init__(self, params, lr):
        self.params, self.lr = list(params), lr

    def zero_grad(self):
        for p in self.params:
            p.zero_grad()

    def step(self):
        for p in self.params:
            p.data -= self.lr * p.grad


class SnapshotScheduler:
    """Stands in for a learning-rate scheduler: records the parameters after every epoch."""

    def __init__(self, model):
        self.model, self.snapshots = model, []

    def step(self):
        self.snapshots.append(self.model.state_dict())


def blobs(rng, n=200, dtype=np.float64):
    y = rng.integers(0, 3, size=n)
    centres = np.array([[2.0, 0.0], [-1.0, 2.0], [-1.0, -2.0]])
    return (centres[y] + 0.5 * rng.normal(size=(n, 2))).astype(dtype), y


# -- fit ---------------------------------------------------------------------------------------
def test_fit_learns_and_records_history(rng):
    X, y = blobs(rng)
    Xv, yv = blobs(rng, 100)
    model = Affine(2, 3, rng)
    history = fit(
        model,
        SoftmaxCrossEntropy(),
        PlainSGD(model.parameters(), lr=0.5),
        (X, y),
        val_data=(Xv, yv),
        num_epochs=8,
        batch_size=16,
        rng=rng,
    )
    assert isinstance(history, History) and history.num_epochs == 8
    assert len(history.val_loss) == len(history.val_metric) == 8
    assert history.train_loss[-1] < 0.3 * history.train_loss[0]
    assert history.val_metric[-1] > 0.95
    assert history.val_metric[-1] == pytest.approx(accuracy(model(Xv), yv))
    assert history.best_epoch == int(np.argmin(history.val_loss))
    assert not history.stopped_early


def test_fit_records_optimizer_steps_per_epoch(rng):
    X, y = blobs(rng, 50)
    model = Affine(2, 3, rng)
    history = fit(
        model,
        SoftmaxCrossEntropy(),
        PlainSGD(model.parameters(), lr=0.1),
        (X, y),
        num_epochs=3,
        batch_size=16,
        rng=rng,
    )
    # 50 samples in batches of 16: 4 optimizer steps per epoch (the last batch has 2).
    assert history.steps == [4, 8, 12]
    assert history.train_metric == [] and history.extra == {}


def test_fit_is_deterministic_for_a_seed(rng):
    X, y = blobs(rng)

    def run(seed):
        model = Affine(2, 3, np.random.default_rng(1))
        h = fit(
            model,
            SoftmaxCrossEntropy(),
            PlainSGD(model.parameters(), lr=0.3),
            (X, y),
            num_epochs=3,
            batch_size=10,
            rng=np.random.default_rng(seed),
        )
        return h.train_loss, model.weight.data

    (loss_a, w_a), (loss_b, w_b), (loss_c, _) = run(0), run(0), run(1)
    assert loss_a == loss_b and np.array_equal(w_a, w_b)
    assert loss_a != loss_c


def test_epoch_train_loss_is_sample_weighted_mean_of_batch_losses(rng):
    # lr = 0: parameters never move, so the epoch loss equals the full-data loss exactly,
    # even with an uneven last batch (7 samples, batches of 3).
    X, y = blobs(rng, 7)
    model = Affine(2, 3, rng)
    loss_fn = SoftmaxCrossEntropy()
    history = fit(
        model,
        loss_fn,
        PlainSGD(model.parameters(), lr=0.0),
        (X, y),
        num_epochs=1,
        batch_size=3,
        rng=rng,
    )
    assert history.train_loss[0] == pytest.approx(float(loss_fn(model(X), y)), rel=1e-12)


def test_every_sample_used_once_per_epoch_in_training_mode(rng):
    X, y = blobs(rng, 50)
    model = Affine(2, 3, rng)
    fit(
        model,
        SoftmaxCrossEntropy(),
        PlainSGD(model.parameters(), lr=0.1),
        (X, y),
        val_data=(X, y),
        num_epochs=2,
        batch_size=8,
        rng=rng,
    )
    train_calls = [c for c in model.calls if c[1]]
    eval_calls = [c for c in model.calls if not c[1]]
    assert sum(n for _, _, n in train_calls) == 2 * 50
    assert [n for _, _, n in train_calls[:7]] == [8, 8, 8, 8, 8, 8, 2]
    assert sum(n for _, _, n in eval_calls) == 2 * 50  # validation runs in eval mode
    assert model.training  # and the model is back in training mode afterwards


def test_float32_is_preserved(rng):
    X, y = blobs(rng, 40, dtype=np.float32)
    model = Affine(2, 3, rng, dtype=np.float32)
    fit(
        model,
        SoftmaxCrossEntropy(),
        PlainSGD(model.parameters(), lr=0.1),
        (X, y),
        val_data=(X, y),
        num_epochs=2,
        batch_size=8,
        rng=rng,
    )
    assert {dtype for dtype, _, _ in model.calls} == {np.dtype(np.float32)}
    assert model.weight.data.dtype == np.float32


def test_fit_accepts_a_dataloader(rng):
    X, y = blobs(rng, 30)
    model = Affine(2, 3, rng)
    loader = DataLoader((X, y), batch_size=7, rng=rng)
    fit(model, SoftmaxCrossEntropy(), PlainSGD(model.parameters(), lr=0.1), loader, num_epochs=2)
    assert [n for _, _, n in model.calls] == [7, 7, 7, 7, 2] * 2


def test_scheduler_stepped_once_per_epoch(rng):
    X, y = blobs(rng, 20)
    model = Affine(2, 3, rng)
    scheduler = SnapshotScheduler(model)
    fit(
        model,
        SoftmaxCrossEntropy(),
        PlainSGD(model.parameters(), lr=0.1),
        (X, y),
        num_epochs=4,
        scheduler=scheduler,
        rng=rng,
    )
    assert len(scheduler.snapshots) == 4


def test_metric_auto_none_and_custom(rng):
    x = np.ones((4, 1))
    model = Scale()
    h = fit(
        model,
        SquaredError(),
        PlainSGD(model.parameters(), lr=0.1),
        (x, 3 * x),
        val_data=(x, x),
        num_epochs=2,
        rng=rng,
    )
    assert h.val_metric == [] and len(h.val_loss) == 2  # float targets: no accuracy
    h = fit(
        model,
        SquaredError(),
        PlainSGD(model.parameters(), lr=0.1),
        (x, 3 * x),
        val_data=(x, x),
        num_epochs=2,
        rng=rng,
        metric=lambda out, t: float(np.max(out)),
    )
    assert len(h.val_metric) == 2 and h.val_metric[-1] == float(model.w.data[0])


# -- early stopping ------------------------------------------------------------------------------
def _u_shaped_validation(patience, restore_best=True, num_epochs=20):
    """w moves from 0 towards the training target 3; the validation target 1 is passed on the way.

    Full-batch gradient descent on (w - 3)^2 with lr 0.1 gives w_t = 3 (1 - 0.8^(t+1)):
    0.6, 1.08, 1.464, ... so the validation loss (w - 1)^2 is lowest after epoch 1 and then
    rises.
    """
    x = np.ones((4, 1))
    model = Scale(0.0)
    scheduler = SnapshotScheduler(model)
    history = fit(
        model,
        SquaredError(),
        PlainSGD(model.parameters(), lr=0.1),
        (x, 3 * x),
        val_data=(x, x),
        num_epochs=num_epochs,
        batch_size=4,
        patience=patience,
        restore_best=restore_best,
        scheduler=scheduler,
        rng=np.random.default_rng(0),
    )
    return model, history, scheduler.snapshots


def test_early_stopping_restores_best_parameters():
    model, history, snapshots = _u_shaped_validation(patience=3)
    assert history.best_epoch == 1
    assert history.stopped_early and history.num_epochs == 1 + 3 + 1
    assert np.argmin(history.val_loss) == 1 and history.val_loss[-1] > history.val_loss[1]
    np.testing.assert_allclose(snapshots[1]["w"], [1.08])
    np.testing.assert_array_equal(model.w.data, snapshots[1]["w"])
    assert not np.array_equal(model.w.data, snapshots[-1]["w"])


def test_early_stopping_without_restore_keeps_last_parameters():
    model, history, snapshots = _u_shaped_validation(patience=2, restore_best=False)
    assert history.stopped_early and history.num_epochs == 4
    np.testing.assert_array_equal(model.w.data, snapshots[-1]["w"])


def test_without_patience_all_epochs_run_and_final_parameters_kept():
    model, history, snapshots = _u_shaped_validation(patience=None, num_epochs=6)
    assert history.num_epochs == 6 and not history.stopped_early and history.best_epoch == 1
    np.testing.assert_array_equal(model.w.data, snapshots[-1]["w"])


def test_patience_reached_on_last_epoch_is_not_early():
    model, history, _ = _u_shaped_validation(patience=3, num_epochs=5)
    assert history.num_epochs == 5 and not history.stopped_early
    np.testing.assert_allclose(model.w.data, [1.08])  # still restored


# -- progress output -----------------------------------------------------------------------------
def _quick_fit(rng, **kwargs):
    X, y = blobs(rng, 20)
    model = Affine(2, 3, rng)
    return fit(
        model,
        SoftmaxCrossEntropy(),
        PlainSGD(model.parameters(), lr=0.1),
        (X, y),
        val_data=(X, y),
        num_epochs=2,
        batch_size=5,
        rng=rng,
        **kwargs,
    )


def test_nothing_printed_when_stderr_is_not_a_terminal(rng, capsys):
    assert not sys.stderr.isatty()  # pytest's capture is not a terminal
    _quick_fit(rng)  # progress=None: automatic
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_shown_on_a_terminal(rng, monkeypatch):
    fake = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", fake)
    _quick_fit(rng)
    text = fake.getvalue()
    assert text.startswith("\r") and text.endswith("\n") and text.count("\n") == 1
    assert "epoch 2/2" in text and "val_loss" in text and "val_accuracy" in text


def test_progress_false_silences_a_terminal_and_true_forces_output(rng, monkeypatch, capsys):
    fake = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", fake)
    _quick_fit(rng, progress=False)
    assert fake.getvalue() == ""
    monkeypatch.undo()
    _quick_fit(rng, progress=True)
    assert "epoch 1/2" in capsys.readouterr().err


def test_stderr_without_isatty_counts_as_no_terminal(rng, monkeypatch):
    class Bare:
        def write(self, s):
            raise AssertionError("nothing may be written")

    monkeypatch.setattr(sys, "stderr", Bare())
    _quick_fit(rng)


# -- evaluate and accuracy -----------------------------------------------------------------------
def test_evaluate_is_batch_size_independent_and_restores_mode(rng):
    X, y = blobs(rng, 37)
    model = Affine(2, 3, rng)
    loss_fn = SoftmaxCrossEntropy()
    a = evaluate(model, loss_fn, X, y, batch_size=1)
    b = evaluate(model, loss_fn, X, y, batch_size=1000)
    assert a.loss == pytest.approx(b.loss, rel=1e-12) and a.metric == b.metric
    assert a.loss == pytest.approx(float(loss_fn(model(X), y)))
    assert all(not mode for _, mode, _ in model.calls[:-1])  # evaluate ran in eval mode
    assert model.training
    model.eval()
    evaluate(model, loss_fn, X, y)
    assert not model.training  # the previous mode is restored, whichever it was
    assert evaluate(model, loss_fn, X, y, metric=None).metric is None


def test_accuracy_multiclass_and_binary():
    logits = np.array([[0.1, 0.9, 0.0], [2.0, 1.0, 0.5], [0.0, 0.0, 3.0], [1.0, 2.0, 0.0]])
    assert accuracy(logits, np.array([1, 0, 2, 0])) == 0.75
    binary = np.array([[-0.1], [0.2], [3.0]])
    assert accuracy(binary, np.array([0.0, 1.0, 0.0])) == pytest.approx(2 / 3)
    assert accuracy(np.array([-1.0, 1.0]), np.array([0, 1])) == 1.0
    # Sequence outputs (N, L, C) with labels (N, L).
    assert accuracy(np.zeros((2, 3, 4)), np.zeros((2, 3), dtype=int)) == 1.0


@pytest.mark.parametrize(
    ("logits", "y", "match"),
    [
        (np.zeros((4, 3)), np.zeros(5, int), r"accuracy: expected targets of shape \(4,\)"),
        (np.zeros(4), np.zeros(3), r"accuracy: expected logits \(N, C\), \(N,\) or \(N, 1\)"),
        (np.zeros((0, 3)), np.zeros(0, int), "accuracy: expected at least one sample"),
    ],
)
def test_accuracy_bad_input(logits, y, match):
    with pytest.raises(ValueError, match=match):
        accuracy(logits, y)


# -- bad input -----------------------------------------------------------------------------------
def test_fit_bad_input(rng):
    X, y = blobs(rng, 10)
    model = Affine(2, 3, rng)
    loss_fn, opt = SoftmaxCrossEntropy(), PlainSGD(model.parameters(), lr=0.1)
    cases = [
        (
            lambda: fit(model, loss_fn, opt, (X, y[:-1])),
            ValueError,
            r"fit: expected train_data arrays with the same number of samples, "
            r"got \(10, 2\) and \(9,\)",
        ),
        (lambda: fit(model, loss_fn, opt, X), TypeError, r"fit: expected train_data as a pair"),
        (
            lambda: fit(model, loss_fn, opt, (X, y), batch_size=0),
            ValueError,
            "fit: expected batch_size to be a positive integer, got 0",
        ),
        (lambda: fit(model, loss_fn, opt, (X, y), num_epochs=0), ValueError, "num_epochs"),
        (
            lambda: fit(model, loss_fn, opt, (X, y), patience=2),
            ValueError,
            "fit: expected val_data when patience is set",
        ),
        (
            lambda: fit(model, loss_fn, opt, (X, y), val_data=(X, y), patience=0),
            ValueError,
            "patience to be a positive integer",
        ),
        (
            lambda: fit(model, loss_fn, opt, (X, y), val_data=(X, y[:3])),
            ValueError,
            "fit: expected val_data arrays with the same number of samples",
        ),
        (
            lambda: fit(model, loss_fn, opt, (X, y), val_data=(X, y), metric="f1"),
            ValueError,
            "fit: expected metric to be 'auto', None or a callable",
        ),
        (
            lambda: fit(model, loss_fn, object(), (X, y)),
            TypeError,
            "fit: expected optimizer with methods step, zero_grad, "
            "got object lacking step, zero_grad",
        ),
        (
            lambda: fit(model, lambda out, t: 0.0, opt, (X, y)),
            TypeError,
            "fit: expected loss_fn with methods backward",
        ),
        (lambda: fit(object(), loss_fn, opt, (X, y)), TypeError, "fit: expected model with"),
        (
            lambda: fit(model, loss_fn, opt, DataLoader(X, batch_size=2)),
            ValueError,
            r"fit: expected a DataLoader over \(X, y\), got 1 arrays",
        ),
        (lambda: fit(model, loss_fn, opt, (X, y), rng=3), TypeError, "fit: expected rng"),
    ]
    for call, error, match in cases:
        with pytest.raises(error, match=match):
            call()


def test_evaluate_bad_input(rng):
    model = Affine(2, 3, rng)
    with pytest.raises(ValueError, match="evaluate: expected .* the same number of samples"):
        evaluate(model, SoftmaxCrossEntropy(), np.zeros((3, 2)), np.zeros(2, int))
    with pytest.raises(ValueError, match="evaluate: expected batch_size to be a positive integer"):
        evaluate(model, SoftmaxCrossEntropy(), np.zeros((3, 2)), np.zeros(3, int), batch_size=0)


def test_training_names_live_in_training_only():
    # Issue 10: dlnotes.data no longer re-exports the loop (training imports data, not back).
    for name in ("fit", "evaluate", "accuracy", "History", "Evaluation"):
        assert name in training.__all__
        assert not hasattr(dlnotes.data, name)
        assert name not in dlnotes.data.__all__
    with pytest.raises(AttributeError):
        dlnotes.data.no_such_name  # noqa: B018


# -- the real modules ----------------------------------------------------------------------------
def test_real_modules_train_save_and_reload(rng, tmp_path):
    """fit + early stopping + dlnotes.save/load with dlnotes.nn and dlnotes.optim."""
    X, y = blobs(rng, 150)
    Xv, yv = blobs(rng, 60)
    model = nn.Sequential(nn.Linear(2, 16, rng=rng), nn.ReLU(), nn.Linear(16, 3, rng=rng))
    loss_fn = nn.CrossEntropyLoss()
    optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)
    history = fit(
        model,
        loss_fn,
        optimizer,
        (X, y),
        val_data=(Xv, yv),
        num_epochs=6,
        batch_size=16,
        rng=rng,
        patience=2,
        scheduler=scheduler,
    )
    assert history.val_metric[history.best_epoch] > 0.9
    assert scheduler.get_last_lr() == pytest.approx([0.1 * 0.5 ** (history.num_epochs // 2)])
    dlnotes.save(model.state_dict(), tmp_path / "mlp.npz")
    twin = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 3))
    twin.load_state_dict(dlnotes.load(tmp_path / "mlp.npz"))
    np.testing.assert_array_equal(twin(Xv), model(Xv))
    best_val_loss = history.val_loss[history.best_epoch]
    assert evaluate(twin, loss_fn, Xv, yv).loss == pytest.approx(best_val_loss)


@pytest.mark.slow
def test_mlp_reaches_97_percent_on_digits():
    rng = np.random.default_rng(0)
    X_train, y_train, X_test, y_test = dlnotes.data.load_digits(flat=True)
    model = nn.Sequential(nn.Linear(64, 64, rng=rng), nn.ReLU(), nn.Linear(64, 10, rng=rng))
    loss_fn = nn.CrossEntropyLoss()
    optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    history = fit(
        model, loss_fn, optimizer, (X_train, y_train), num_epochs=30, batch_size=16, rng=rng
    )
    _, test_accuracy = evaluate(model, loss_fn, X_test, y_test)
    assert history.train_loss[-1] < 0.01
    # 98.0 % with this seed; seeds 0-7 give 96.9-98.0 % (mean 97.6 %).
    assert test_accuracy >= 0.97
