"""Teacher forcing against free running for a model whose only recurrence is its output.

An autoregressive network predicts :math:`\\hat x^{(t)} = f(x^{(t-1)}, \\dots, x^{(t-p)})`.
Trained with **teacher forcing**, its inputs are always the true previous values, so every
time step is an independent regression and training needs no back-propagation through time.
At test time nothing supplies the truth: run **free**, the model reads its own predictions,
its errors become its inputs, and they compound with the horizon. Here :math:`f` is a random
tanh feature layer with a ridge read-out, the cheapest non-linear network to fit.

Goodfellow et al., §10.2.1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, as_generator, check_positive_int, check_range, fail

__all__ = ["AutoregressiveNet", "HorizonErrors", "horizon_errors"]


class AutoregressiveNet:
    """:math:`\\hat x^{(t)} = \\boldsymbol v^\\top \\tanh(\\boldsymbol A \\boldsymbol z^{(t)} +
    \\boldsymbol b) + c` with :math:`\\boldsymbol z^{(t)} = (x^{(t-1)}, \\dots, x^{(t-p)})`.

    ``A`` and ``b`` are random and fixed; ``v`` and ``c`` are fitted by ridge regression on
    teacher-forced windows (§10.2.1).

    Parameters
    ----------
    order : int
        Number ``p`` of past values read.
    num_features : int
        Width of the random tanh layer.
    ridge : float
    rng : numpy.random.Generator, optional

    Shape
    -----
    ``fit`` takes a series ``(T,)``; ``predict`` takes windows ``(M, p)`` and returns ``(M,)``;
    ``free_run`` takes a context ``(p,)`` or ``(M, p)``.

    Examples
    --------
    >>> x = np.sin(0.2 * np.arange(400))
    >>> net = AutoregressiveNet(4, 30, rng=np.random.default_rng(0)).fit(x)
    >>> float(np.abs(net.free_run(x[:4], 3) - x[4:7]).max()) < 1e-2
    True
    """

    def __init__(
        self,
        order: int = 10,
        num_features: int = 100,
        ridge: float = 1e-6,
        rng: np.random.Generator | None = None,
    ) -> None:
        owner = "AutoregressiveNet"
        self.order = check_positive_int(owner, "order", order)
        self.num_features = check_positive_int(owner, "num_features", num_features)
        self.ridge = check_range(owner, "ridge", ridge, 0.0)
        generator = as_generator(owner, rng)
        self.weight = generator.standard_normal((num_features, order)) / np.sqrt(order)
        self.bias = generator.uniform(-1.0, 1.0, num_features)
        self.readout = np.zeros(num_features)
        self.offset = 0.0

    def _features(self, windows: np.ndarray) -> np.ndarray:
        # windows[:, j] is x^{(t-1-j)}: the most recent value first.
        out: np.ndarray = np.tanh(windows @ self.weight.T + self.bias)
        return out

    def windows(self, series: Any) -> tuple[np.ndarray, np.ndarray]:
        """Teacher-forced inputs ``(T - p, p)`` (most recent first) and targets ``(T - p,)``."""
        x = as_float_array("AutoregressiveNet", series, "series")
        if x.ndim != 1 or x.size <= self.order:
            fail("AutoregressiveNet", f"a 1-D series longer than order={self.order}", x.shape)
        idx = np.arange(self.order, x.size)[:, None] - 1 - np.arange(self.order)
        return x[idx], x[self.order :]

    def fit(self, series: Any) -> AutoregressiveNet:
        """Ridge regression of every value on the ``p`` true values before it."""
        inputs, targets = self.windows(series)
        phi = self._features(inputs)
        mean_phi, mean_y = phi.mean(axis=0), targets.mean()
        centred = phi - mean_phi
        gram = centred.T @ centred + self.ridge * np.eye(self.num_features)
        self.readout = np.linalg.solve(gram, centred.T @ (targets - mean_y))
        self.offset = float(mean_y - mean_phi @ self.readout)
        return self

    def predict(self, windows: Any) -> np.ndarray:
        """One-step predictions for windows ``(M, p)``, most recent value first."""
        w = as_float_array("AutoregressiveNet", windows, "windows")
        if w.ndim != 2 or w.shape[1] != self.order:
            fail("AutoregressiveNet", f"windows of shape (M, {self.order})", w.shape)
        out: np.ndarray = self._features(w) @ self.readout + self.offset
        return out

    def free_run(self, context: Any, horizon: int) -> np.ndarray:
        """Predict ``horizon`` values after ``context`` (its last ``p`` values, oldest first),
        feeding each prediction back as the next input.

        ``context`` may be ``(p,)`` or a batch ``(M, p)``; the result is ``(horizon,)`` or
        ``(M, horizon)``.
        """
        c = as_float_array("AutoregressiveNet", context, "context")
        single = c.ndim == 1
        c = np.atleast_2d(c)
        if c.shape[1] < self.order:
            fail("AutoregressiveNet", f"a context of at least {self.order} values", c.shape)
        horizon = check_positive_int("AutoregressiveNet", "horizon", horizon)
        window = c[:, ::-1][:, : self.order].copy()  # most recent first
        out = np.empty((c.shape[0], horizon))
        for k in range(horizon):
            out[:, k] = self.predict(window)
            window = np.concatenate([out[:, k : k + 1], window[:, :-1]], axis=1)
        return out[0] if single else out


@dataclass(frozen=True)
class HorizonErrors:
    """Root mean squared errors against the number of steps ahead (1 to ``horizon``).

    Attributes
    ----------
    teacher_forced : numpy.ndarray
        ``(horizon,)``: every prediction reads the true past (one step ahead each time).
    free_running : numpy.ndarray
        ``(horizon,)``: the prediction ``k`` steps after the last true value, the model having
        read its own ``k - 1`` earlier predictions.
    """

    teacher_forced: np.ndarray
    free_running: np.ndarray


def horizon_errors(
    model: AutoregressiveNet, series: Any, starts: Any, horizon: int
) -> HorizonErrors:
    """Teacher-forced and free-running RMSE ``k`` steps after each start, ``k = 1..horizon``.

    A start ``s`` gives the model the true values before ``s`` and scores its predictions of
    ``series[s : s + horizon]``.

    Goodfellow et al., §10.2.1.

    Shape
    -----
    series ``(T,)``; starts ``(M,)``; both error curves ``(horizon,)``.

    Examples
    --------
    >>> x = np.sin(0.2 * np.arange(400))
    >>> net = AutoregressiveNet(4, 30, rng=np.random.default_rng(0)).fit(x[:300])
    >>> errors = horizon_errors(net, x, [310, 330], 5)
    >>> bool(np.isclose(errors.teacher_forced[0], errors.free_running[0], rtol=1e-12))
    True
    """
    x = as_float_array("horizon_errors", series, "series")
    horizon = check_positive_int("horizon_errors", "horizon", horizon)
    s = np.asarray(starts, dtype=np.int64)
    p = model.order
    if s.ndim != 1 or s.size == 0 or s.min() < p or s.max() + horizon > x.size:
        fail("horizon_errors", f"starts in [{p}, {x.size - horizon}]", s)
    truth = x[s[:, None] + np.arange(horizon)]
    free = model.free_run(x[s[:, None] + np.arange(-p, 0)], horizon)
    inputs, _ = model.windows(x)
    # Row r of ``inputs`` holds the true p values before series[r + p].
    rows = (s[:, None] + np.arange(horizon) - p).ravel()
    forced = model.predict(inputs[rows]).reshape(truth.shape)
    return HorizonErrors(_rmse(forced, truth), _rmse(free, truth))


def _rmse(prediction: np.ndarray, truth: np.ndarray) -> np.ndarray:
    out: np.ndarray = np.sqrt(np.mean((prediction - truth) ** 2, axis=0))
    return out
