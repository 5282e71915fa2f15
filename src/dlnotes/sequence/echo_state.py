"""Echo state networks: a fixed random recurrent reservoir and a trained linear read-out.

The reservoir state follows :math:`\\boldsymbol h^{(t)} = \\tanh(\\boldsymbol W
\\boldsymbol h^{(t-1)} + \\boldsymbol u\\, x^{(t)})` with random :math:`\\boldsymbol W` and
:math:`\\boldsymbol u` that are never trained. Only the read-out :math:`\\hat y^{(t)} =
\\boldsymbol v^\\top \\boldsymbol h^{(t)} + c` is learned, and since it is linear in the states
its training is ridge regression, a convex problem solved in closed form. The one design
choice that matters most is the spectral radius of :math:`\\boldsymbol W`: it sets how long
the reservoir remembers its inputs (near 1: long memory) and whether it stays stable.

Goodfellow et al., §10.8.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from dlnotes._validation import (
    as_float_array,
    as_generator,
    check_nonnegative_int,
    check_positive_int,
    check_range,
    fail,
)
from dlnotes.sequence.power_dynamics import with_spectral_radius

__all__ = ["EchoStateNetwork", "EchoStateSweep", "echo_state_sweep"]


class EchoStateNetwork:
    """A reservoir of ``size`` tanh units with a chosen spectral radius and a ridge read-out.

    Goodfellow et al., §10.8.

    Parameters
    ----------
    size : int
        Number of reservoir units.
    spectral_radius : float
        :math:`\\rho(\\boldsymbol W)` after rescaling the random recurrent matrix.
    input_scale : float
        Input weights are uniform in ``[-input_scale, input_scale]``.
    ridge : float
        L2 penalty of the read-out (the bias is not penalised).
    washout : int
        Initial states dropped from training, while the reservoir forgets its zero start.
    rng : numpy.random.Generator, optional

    Shape
    -----
    ``states(x)`` takes ``(T,)`` and returns ``(T, size)``; ``fit(x, y)`` and
    ``predict(x)`` take ``(T,)`` series.

    Examples
    --------
    >>> x = np.sin(0.3 * np.arange(300))
    >>> esn = EchoStateNetwork(20, 0.9, rng=np.random.default_rng(0)).fit(x[:-1], x[1:])
    >>> float(np.sqrt(np.mean((esn.predict(x[:-1])[50:] - x[1:][50:]) ** 2))) < 1e-2
    True
    """

    def __init__(
        self,
        size: int = 100,
        spectral_radius: float = 0.9,
        input_scale: float = 1.0,
        ridge: float = 1e-6,
        washout: int = 50,
        rng: np.random.Generator | None = None,
    ) -> None:
        owner = "EchoStateNetwork"
        self.size = check_positive_int(owner, "size", size)
        radius = check_range(owner, "spectral_radius", spectral_radius, 0.0, low_inclusive=False)
        self.input_scale = check_range(owner, "input_scale", input_scale, 0.0)
        self.ridge = check_range(owner, "ridge", ridge, 0.0)
        self.washout = check_nonnegative_int(owner, "washout", washout)
        generator = as_generator(owner, rng)
        self.weight = with_spectral_radius(generator.standard_normal((size, size)), radius)
        self.input_weight = generator.uniform(-self.input_scale, self.input_scale, size)
        self.readout: np.ndarray | None = None
        self.bias = 0.0

    def states(self, x: Any, h0: Any = None) -> np.ndarray:
        """Drive the reservoir with the series ``x`` from ``h0`` (zeros by default); one row
        per step.

        Whether two different ``h0`` lead to the same states after a while (the reservoir
        forgets its start and "echoes" only the input) is the *echo state property*.
        """
        series = as_float_array("EchoStateNetwork", x, "x")
        if series.ndim != 1:
            fail("EchoStateNetwork", "a series of shape (T,)", series.shape)
        out = np.empty((series.size, self.size))
        h = np.zeros(self.size) if h0 is None else as_float_array("EchoStateNetwork", h0, "h0")
        if h.shape != (self.size,):
            fail("EchoStateNetwork", f"h0 of shape ({self.size},)", h.shape)
        for t, x_t in enumerate(series):
            h = np.tanh(self.weight @ h + self.input_weight * x_t)
            out[t] = h
        return out

    def fit(self, x: Any, y: Any) -> EchoStateNetwork:
        """Ridge regression of ``y[t]`` on the state after reading ``x[: t + 1]``."""
        targets = as_float_array("EchoStateNetwork", y, "y")
        h = self.states(x)
        if targets.shape != (h.shape[0],):
            fail("EchoStateNetwork", f"y of shape ({h.shape[0]},)", targets.shape)
        if h.shape[0] <= self.washout + 1:
            fail(
                "EchoStateNetwork",
                f"a series longer than washout + 1 = {self.washout + 1}",
                h.shape[0],
            )
        h, targets = h[self.washout :], targets[self.washout :]
        mean_h, mean_y = h.mean(axis=0), targets.mean()
        centred = h - mean_h  # centring leaves the bias out of the penalty
        gram = centred.T @ centred + self.ridge * np.eye(self.size)
        self.readout = np.linalg.solve(gram, centred.T @ (targets - mean_y))
        self.bias = float(mean_y - mean_h @ self.readout)
        return self

    def predict(self, x: Any) -> np.ndarray:
        """Read-out of the states driven by ``x`` (shape ``(T,)``)."""
        if self.readout is None:
            fail("EchoStateNetwork", "fit() to be called before predict()", "no read-out")
        prediction: np.ndarray = self.states(x) @ self.readout + self.bias
        return prediction


@dataclass(frozen=True)
class EchoStateSweep:
    """Test errors of one-step prediction against the reservoir's spectral radius.

    Attributes
    ----------
    radii : numpy.ndarray
        ``(K,)`` spectral radii.
    nrmse : numpy.ndarray
        ``(K,)`` root mean squared test error divided by the test series' standard deviation.
    persistence_nrmse : float
        The same for predicting :math:`x^{(t+1)} = x^{(t)}` (no model).
    """

    radii: np.ndarray
    nrmse: np.ndarray
    persistence_nrmse: float


def echo_state_sweep(
    series: Any,
    radii: Any,
    num_train: int,
    seed: int = 0,
    **kwargs: Any,
) -> EchoStateSweep:
    """Fit one-step predictors ``x[t] -> x[t + 1]`` for several spectral radii.

    The first ``num_train`` steps train the read-out; the reservoir then keeps running on the
    rest of the series (teacher forced: it always reads the true value), which is scored.
    Every radius uses the same random matrix, ``numpy.random.default_rng(seed)``, rescaled.

    Goodfellow et al., §10.8.

    Shape
    -----
    series ``(T,)``; radii ``(K,)``; ``nrmse`` of the result ``(K,)``.

    Examples
    --------
    >>> x = np.sin(0.3 * np.arange(400))
    >>> sweep = echo_state_sweep(x, [0.5, 0.9], 300, size=20)
    >>> sweep.nrmse.shape
    (2,)
    """
    x = as_float_array("echo_state_sweep", series, "series")
    num_train = check_positive_int("echo_state_sweep", "num_train", num_train)
    if x.ndim != 1 or not 0 < num_train < x.size - 2:
        fail(
            "echo_state_sweep", f"a 1-D series longer than num_train + 2 = {num_train + 2}", x.shape
        )
    inputs, targets = x[:-1], x[1:]
    test = slice(num_train, None)
    scale = float(np.std(targets[test]))
    errors = []
    for radius in radii:
        esn = EchoStateNetwork(spectral_radius=radius, rng=np.random.default_rng(seed), **kwargs)
        esn.fit(inputs[:num_train], targets[:num_train])
        prediction = esn.predict(inputs)[test]
        errors.append(float(np.sqrt(np.mean((prediction - targets[test]) ** 2))) / scale)
    persistence = float(np.sqrt(np.mean((inputs[test] - targets[test]) ** 2))) / scale
    return EchoStateSweep(np.asarray(radii, dtype=float), np.asarray(errors), persistence)
