r"""A small mixture-density network and its training loop (Goodfellow et al., §6.2.2.4).

``Linear -> Tanh -> Linear -> Tanh -> Linear`` whose last layer has ``K (1 + 2D)`` outputs,
trained by :func:`dlnotes.training.fit` on the mixture negative log-likelihood
(:class:`~dlnotes.feedforward.mixture_density.MixtureDensityLoss`). With ``K = 1`` it is a
Gaussian regression with a learned, input-dependent variance: its mean is the conditional
mean of :math:`y`, which on a multi-valued problem lies between the branches.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import (
    as_float_array,
    as_generator,
    check_positive_int,
    check_range,
    fail,
)
from dlnotes.feedforward.mixture_density import MixtureDensityLoss, Scale, mixture_parameters
from dlnotes.nn import Linear, Sequential, Tanh
from dlnotes.optim import Adam
from dlnotes.training import History, evaluate, fit

__all__ = ["mixture_density_mlp", "MixtureDensityFit", "train_mixture_density"]


def mixture_density_mlp(
    in_features: int,
    num_components: int,
    dim: int = 1,
    *,
    hidden_features: int = 24,
    rng: np.random.Generator | None = None,
) -> Sequential:
    """Two tanh hidden layers and a mixture-density output layer of width ``K (1 + 2D)``.

    Examples
    --------
    >>> model = mixture_density_mlp(1, 3, rng=np.random.default_rng(0))
    >>> model(np.zeros((5, 1))).shape
    (5, 9)
    """
    in_features = check_positive_int("mixture_density_mlp", "in_features", in_features)
    k = check_positive_int("mixture_density_mlp", "num_components", num_components)
    d = check_positive_int("mixture_density_mlp", "dim", dim)
    h = check_positive_int("mixture_density_mlp", "hidden_features", hidden_features)
    gen = as_generator("mixture_density_mlp", rng)
    return Sequential(
        Linear(in_features, h, rng=gen),
        Tanh(),
        Linear(h, h, rng=gen),
        Tanh(),
        Linear(h, k * (1 + 2 * d), rng=gen),
    )


class MixtureDensityFit(NamedTuple):
    """Result of :func:`train_mixture_density`."""

    #: The trained network.
    model: Sequential
    #: Its loss (knows ``K``, ``D`` and the scale parametrisation).
    loss_fn: MixtureDensityLoss
    #: Training losses per epoch.
    history: History
    #: Mean negative log-likelihood on the validation data, in nats (``None`` without it).
    val_nll: float | None

    def parameters_at(self, X: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Mixture weights, means and standard deviations predicted for inputs ``X``."""
        out = self.model(as_float_array("MixtureDensityFit", X))
        return mixture_parameters(
            out, self.loss_fn.num_components, self.loss_fn.dim, self.loss_fn.scale
        )


def train_mixture_density(
    X: Any,
    y: Any,
    num_components: int,
    *,
    val_data: tuple[Any, Any] | None = None,
    hidden_features: int = 24,
    scale: Scale = "softplus",
    num_epochs: int = 150,
    batch_size: int = 50,
    lr: float = 0.01,
    rng: np.random.Generator | None = None,
) -> MixtureDensityFit:
    """Fit :func:`mixture_density_mlp` to ``(X, y)`` by Adam on the mixture NLL.

    Parameters
    ----------
    X : array_like, shape (N, D_in)
    y : array_like, shape (N, D)
    num_components : int
        ``K``; 1 is a single (heteroscedastic) Gaussian.
    val_data : (X_val, y_val), optional
        Evaluated after training: ``val_nll``.
    hidden_features, scale, num_epochs, batch_size, lr
        Network width, scale parametrisation, and optimisation settings.
    rng : numpy.random.Generator, optional
        Initial weights and minibatch order.

    Returns
    -------
    MixtureDensityFit

    Examples
    --------
    >>> from dlnotes.data import make_inverse_sinusoid
    >>> X, y = make_inverse_sinusoid(200, rng=np.random.default_rng(0))
    >>> result = train_mixture_density(X, y, 2, num_epochs=2, rng=np.random.default_rng(1))
    >>> result.history.num_epochs
    2
    """
    X = as_float_array("train_mixture_density", X)
    y = as_float_array("train_mixture_density", y, "target")
    if X.ndim != 2 or y.ndim != 2 or len(X) != len(y):
        fail("train_mixture_density", "X (N, D_in) and y (N, D)", f"{X.shape} and {y.shape}")
    lr = check_range("train_mixture_density", "lr", lr, 0.0, low_inclusive=False)
    gen = as_generator("train_mixture_density", rng)
    model = mixture_density_mlp(
        X.shape[1], num_components, y.shape[1], hidden_features=hidden_features, rng=gen
    )
    loss_fn = MixtureDensityLoss(num_components, y.shape[1], scale=scale)
    history = fit(
        model,
        loss_fn,
        Adam(model.parameters(), lr=lr),
        (X, y),
        num_epochs=num_epochs,
        batch_size=batch_size,
        rng=gen,
        progress=False,
    )
    val_nll = None
    if val_data is not None:
        val_nll = evaluate(model, loss_fn, val_data[0], val_data[1], metric=None).loss
    return MixtureDensityFit(model, loss_fn, history, val_nll)
