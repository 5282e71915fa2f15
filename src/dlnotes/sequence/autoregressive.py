"""A linear autoregressive predictor: one-step against multi-step (iterated) prediction.

An AR(p) model predicts :math:`\\hat x_t = c + \\sum_{i=1}^{p} a_i x_{t-i}` from the last
:math:`p` values. Fitted by least squares on sliding windows, it is the simplest model whose
"state" is a fixed window of the past, the contrast to a recurrent network's learned state.

* **One-step** prediction reads the *true* previous values every time.
* **Multi-step** (iterated) prediction feeds the model's own predictions back as inputs, so
  after the first step its errors are inputs too and the error compounds with the horizon.
  For an AR process with the true coefficients the :math:`k`-step error variance is
  :math:`\\sigma^2 \\sum_{j<k} \\psi_j^2` (:math:`\\psi_j` the process's moving-average weights,
  :math:`\\psi_0 = 1`), rising from :math:`\\sigma^2` towards the process variance.

Goodfellow et al., §10.1 and §10.2.3 (a model fed its own outputs at test time).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from dlnotes._validation import as_float_array, check_positive_int, check_range, fail
from dlnotes.data.series import sliding_windows

__all__ = [
    "ARModel",
    "fit_autoregressive",
    "one_step_predictions",
    "iterated_predictions",
    "iterated_forecast_rmse",
]


class ARModel(NamedTuple):
    """Coefficients ``a_1, ..., a_p`` (``a_1`` multiplies the most recent value) and ``c``."""

    coefficients: np.ndarray
    intercept: float

    @property
    def order(self) -> int:
        """The number of past values the model reads."""
        return int(self.coefficients.size)


def _series(owner: str, series: np.ndarray) -> np.ndarray:
    values = as_float_array(owner, series, "series")
    if values.ndim != 1:
        fail(owner, "a series of shape (T,)", values.shape)
    return values


def fit_autoregressive(series: np.ndarray, order: int, ridge: float = 0.0) -> ARModel:
    r"""Least-squares AR(p) fit: minimise :math:`\sum_t (x_t - c - \sum_i a_i x_{t-i})^2 +
    \lambda \lVert a \rVert^2` over all windows of the series.

    Goodfellow et al., §10.1 (and §5.1.4, linear regression).

    Parameters
    ----------
    series : numpy.ndarray
        ``(T,)``, with ``T > order``.
    order : int
        ``p``.
    ridge : float
        :math:`\lambda \ge 0` (the intercept is not penalised).

    Returns
    -------
    ARModel

    Shape
    -----
    - series: ``(T,)``; coefficients: ``(p,)``

    Examples
    --------
    >>> t = np.arange(50.0)
    >>> model = fit_autoregressive(np.sin(2 * np.pi * t / 10), 2)
    >>> np.round(model.coefficients, 6).tolist()  # 2 cos(2 pi / 10) and -1
    [1.618034, -1.0]
    """
    owner = "fit_autoregressive"
    values = _series(owner, series)
    order = check_positive_int(owner, "order", order)
    ridge = check_range(owner, "ridge", ridge, 0.0)
    windows, targets = sliding_windows(values, order, 1)
    # Columns most recent first, so that column i is x_{t-1-i} and pairs with a_{i+1}.
    design = np.concatenate([windows[:, ::-1], np.ones((windows.shape[0], 1))], axis=1)
    gram = design.T @ design
    gram[:order, :order] += ridge * np.eye(order)
    solution = np.linalg.lstsq(gram, design.T @ targets[:, 0], rcond=None)[0]
    return ARModel(solution[:order], float(solution[order]))


def one_step_predictions(model: ARModel, series: np.ndarray) -> np.ndarray:
    """Predictions of ``series[p:]``, each from the *true* ``p`` values before it.

    Goodfellow et al., §10.1.

    Shape
    -----
    - series: ``(T,)``; output: ``(T - p,)``, entry ``j`` predicting ``series[p + j]``

    Examples
    --------
    >>> model = ARModel(np.array([1.0]), 0.0)
    >>> one_step_predictions(model, np.array([1.0, 2.0, 3.0])).tolist()
    [1.0, 2.0]
    """
    values = _series("one_step_predictions", series)
    p = model.order
    if values.size <= p:
        fail("one_step_predictions", f"a series longer than the order {p}", values.shape)
    windows = np.lib.stride_tricks.sliding_window_view(values[:-1], p)
    return windows[:, ::-1] @ model.coefficients + model.intercept


def iterated_predictions(model: ARModel, history: np.ndarray, steps: int) -> np.ndarray:
    """Predict ``steps`` values after ``history``, feeding each prediction back as an input.

    Only the last ``p`` values of ``history`` are read; leading axes are independent
    forecasts, run together.

    Goodfellow et al., §10.2.3.

    Shape
    -----
    - history: ``(..., T)`` with ``T >= p``; output: ``(..., steps)``

    Examples
    --------
    >>> model = ARModel(np.array([0.5]), 0.0)
    >>> iterated_predictions(model, np.array([8.0]), 3).tolist()
    [4.0, 2.0, 1.0]
    """
    owner = "iterated_predictions"
    values = as_float_array(owner, history, "history")
    steps = check_positive_int(owner, "steps", steps)
    p = model.order
    if values.ndim == 0 or values.shape[-1] < p:
        fail(owner, f"a history of at least {p} values on the last axis", values.shape)
    # A buffer holding the last p values, most recent first: shift right, insert the prediction.
    state = values[..., ::-1][..., :p].copy()
    out = np.empty(values.shape[:-1] + (steps,))
    for k in range(steps):
        prediction = state @ model.coefficients + model.intercept
        out[..., k] = prediction
        state[..., 1:] = state[..., :-1].copy()
        state[..., 0] = prediction
    return out


def iterated_forecast_rmse(model: ARModel, series: np.ndarray, horizon: int) -> np.ndarray:
    """Root-mean-square error of the iterated forecast ``k`` steps ahead, ``k = 1..horizon``.

    Every window of ``p`` true values in ``series`` starts one forecast of ``horizon`` steps;
    the error at ``k`` is averaged over all of them. Entry 0 is the one-step error.

    Goodfellow et al., §10.2.3.

    Shape
    -----
    - series: ``(T,)``; output: ``(horizon,)``

    Examples
    --------
    >>> model = ARModel(np.array([1.0]), 0.0)  # "tomorrow equals today"
    >>> iterated_forecast_rmse(model, np.arange(10.0), 3).tolist()
    [1.0, 2.0, 3.0]
    """
    values = _series("iterated_forecast_rmse", series)
    horizon = check_positive_int("iterated_forecast_rmse", "horizon", horizon)
    windows, targets = sliding_windows(values, model.order, horizon)
    forecasts = iterated_predictions(model, windows, horizon)
    return np.sqrt(np.mean((forecasts - targets) ** 2, axis=0))
