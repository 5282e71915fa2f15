r"""The experiments of chapter S6 (making training work), each small enough for the page.

* :func:`depth_scaling` — how the scale of the activations and of the back-propagated
  gradients changes with depth under an initialisation scheme (Goodfellow et al., §8.4);
* :func:`epochs_to_target` — epochs a digits MLP needs to reach a training loss, with and
  without batch normalisation (§8.7.1);
* :func:`decay_under_gradient_noise` — why Adam with an L2 penalty and AdamW differ: the
  penalty's pull is rescaled by each weight's gradient size, decoupled decay is not (§7.1.1);

The page's random search over the learning rate and the weight decay uses
:func:`dlnotes.tuning.random_search` with :class:`dlnotes.tuning.LogUniform` dimensions.

Each function is seeded through ``rng=`` or ``seed=`` and its claim is asserted in
``tests/book_support/test_training_experiments.py``.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes import nn, optim
from dlnotes._validation import as_generator, check_positive_int, check_range, fail
from dlnotes.data import load_digits
from dlnotes.nn import init
from dlnotes.training import fit

__all__ = [
    "INIT_SCHEMES",
    "DepthScaling",
    "depth_scaling",
    "deep_digits_mlp",
    "epochs_to_target",
    "decay_under_gradient_noise",
]

#: Initialisation schemes for :func:`depth_scaling`: a fixed small Gaussian, Glorot/Xavier
#: (variance :math:`2/(n_\text{in}+n_\text{out})`) and He/Kaiming (variance :math:`2/n_\text{in}`).
INIT_SCHEMES = ("small", "xavier", "kaiming")


class DepthScaling(NamedTuple):
    """Standard deviations per layer from :func:`depth_scaling`, with the fields

    * ``activation_std``: ``activation_std[l]`` is the std of the output of hidden layer
      ``l + 1``, on the way up;
    * ``gradient_std``: ``gradient_std[l]`` is the std of the gradient with respect to the
      input of linear layer ``l + 1``, on the way down.
    """

    activation_std: np.ndarray
    gradient_std: np.ndarray


def depth_scaling(
    scheme: str,
    *,
    depth: int = 20,
    width: int = 256,
    num_samples: int = 256,
    small_std: float = 0.01,
    rng: np.random.Generator | None = None,
) -> DepthScaling:
    r"""Push standard-normal inputs through ``depth`` ReLU layers and a random gradient back.

    Each layer is :math:`\boldsymbol h^{(l)} = \operatorname{ReLU}(\boldsymbol W^{(l)}
    \boldsymbol h^{(l-1)})` (no bias) with ``width`` units, its weights drawn by ``scheme``.
    With zero-mean weights of variance :math:`v` and a ReLU, the second moment of the
    activations is multiplied by :math:`n_\text{in} v / 2` per layer, so only He's
    :math:`v = 2/n_\text{in}` keeps it constant; the same factor multiplies the gradient's
    second moment on the way back (Goodfellow et al., §8.4).

    Parameters
    ----------
    scheme : {"small", "xavier", "kaiming"}
        Weight distribution: :math:`\mathcal N(0, \sigma^2)` with :math:`\sigma` =
        ``small_std``, ``init.xavier_normal_``, or ``init.kaiming_normal_`` for ReLU.
    depth, width, num_samples : int
        Number of layers, units per layer, and minibatch size.
    small_std : float, default 0.01
        Standard deviation of the "small" scheme.
    rng : numpy.random.Generator, optional
        Source of the weights, the inputs and the upstream gradient.

    Returns
    -------
    DepthScaling
        Per-layer standard deviations of activations and input gradients.
    """
    owner = "depth_scaling"
    if scheme not in INIT_SCHEMES:
        fail(owner, f"scheme in {INIT_SCHEMES}", repr(scheme))
    depth = check_positive_int(owner, "depth", depth)
    width = check_positive_int(owner, "width", width)
    num_samples = check_positive_int(owner, "num_samples", num_samples)
    sigma = check_range(owner, "small_std", small_std, 0.0, low_inclusive=False)
    gen = as_generator(owner, rng)
    layers: list[Any] = []
    for _ in range(depth):
        linear = nn.Linear(width, width, bias=False, rng=gen)
        if scheme == "small":
            init.normal_(linear.weight, 0.0, sigma, rng=gen)
        elif scheme == "xavier":
            init.xavier_normal_(linear.weight, rng=gen)
        else:
            init.kaiming_normal_(linear.weight, nonlinearity="relu", rng=gen)
        layers += [linear, nn.ReLU()]
    h = gen.standard_normal((num_samples, width))
    activation_std = []
    for layer in layers:
        h = layer(h)
        if isinstance(layer, nn.ReLU):
            activation_std.append(float(h.std()))
    g = gen.standard_normal(h.shape)
    gradient_std = []
    for layer in reversed(layers):
        g = layer.backward(g)
        if isinstance(layer, nn.Linear):
            gradient_std.append(float(g.std()))
    return DepthScaling(np.array(activation_std), np.array(gradient_std[::-1]))


def deep_digits_mlp(
    *, batch_norm: bool, hidden: int = 64, depth: int = 3, rng: np.random.Generator
) -> nn.Sequential:
    """A ReLU MLP for the flattened 8 x 8 digits, optionally with ``BatchNorm1d`` after each
    hidden linear layer (before the ReLU, as Ioffe and Szegedy place it, §8.7.1)."""
    layers: list[Any] = []
    fan_in = 64
    for _ in range(depth):
        layers.append(nn.Linear(fan_in, hidden, rng=rng))
        if batch_norm:
            layers.append(nn.BatchNorm1d(hidden))
        layers.append(nn.ReLU())
        fan_in = hidden
    layers.append(nn.Linear(fan_in, 10, rng=rng))
    return nn.Sequential(*layers)


def epochs_to_target(
    *,
    batch_norm: bool,
    target_loss: float = 0.25,
    max_epochs: int = 20,
    lr: float = 0.1,
    weight_decay: float = 0.0,
    batch_size: int = 64,
    seed: int = 0,
) -> tuple[int | None, list[float]]:
    """Train :func:`deep_digits_mlp` with plain SGD; report when the training loss hits a target.

    Both networks get the same seed, so the same data order and the same linear-layer weights;
    they differ only in the batch-norm layers.

    Parameters
    ----------
    batch_norm : bool
        Insert ``BatchNorm1d`` layers.
    target_loss : float, default 0.25
        Cross-entropy (nats) that counts as reached.
    max_epochs, lr, weight_decay, batch_size, seed
        Training budget, SGD learning rate and L2 weight decay, minibatch size and seed.

    Returns
    -------
    (int or None, list of float)
        The first epoch (1-based) whose mean training loss is at most ``target_loss``, or
        ``None`` if none is within ``max_epochs``; and the per-epoch mean training losses.
    """
    owner = "epochs_to_target"
    target = check_range(owner, "target_loss", target_loss, 0.0, low_inclusive=False)
    max_epochs = check_positive_int(owner, "max_epochs", max_epochs)
    X_train, y_train, _, _ = load_digits(flat=True)
    rng = np.random.default_rng(seed)
    model = deep_digits_mlp(batch_norm=batch_norm, rng=rng)
    optimizer = optim.SGD(model.parameters(), lr=lr, weight_decay=weight_decay)
    history = fit(
        model,
        nn.CrossEntropyLoss(),
        optimizer,
        (X_train, y_train),
        num_epochs=max_epochs,
        batch_size=batch_size,
        rng=rng,
        progress=False,
    )
    losses = [float(v) for v in history.train_loss]
    reached = [i + 1 for i, v in enumerate(losses) if v <= target]
    return (reached[0] if reached else None), losses


def decay_under_gradient_noise(
    decoupled: bool,
    scales: Any,
    *,
    num_steps: int = 500,
    lr: float = 1e-2,
    weight_decay: float = 0.1,
    per_scale: int = 200,
    rng: np.random.Generator,
) -> np.ndarray:
    r"""Mean :math:`|w|` after training weights whose loss gradient is pure noise of a given size.

    Every weight starts at 1 and its loss gradient is :math:`s\,\xi_t`, :math:`\xi_t \sim
    \mathcal N(0, 1)`, so the loss itself prefers no value and only the decay pulls the weight
    to 0. With ``decoupled=False`` the decay enters Adam as an L2 term :math:`\lambda w` in the
    gradient and is divided by :math:`\sqrt{\hat v} \approx s` like the rest, so weights with
    large gradients are decayed less; with ``decoupled=True`` (AdamW) every weight is
    multiplied by :math:`1 - \eta\lambda` per step whatever its gradient (Loshchilov and
    Hutter; Goodfellow et al., §7.1.1, §8.5.3).

    Returns
    -------
    numpy.ndarray
        For each entry of ``scales``, the mean absolute final weight over ``per_scale`` weights.
    """
    owner = "decay_under_gradient_noise"
    s = np.asarray(scales, dtype=np.float64)
    if s.ndim != 1 or s.size == 0 or np.any(s <= 0):
        fail(owner, "a non-empty 1-D array of positive scales", repr(scales))
    num_steps = check_positive_int(owner, "num_steps", num_steps)
    per_scale = check_positive_int(owner, "per_scale", per_scale)
    weight = nn.Parameter(np.ones((s.size, per_scale)))
    cls = optim.AdamW if decoupled else optim.Adam
    optimizer = cls([weight], lr=lr, weight_decay=weight_decay)
    for _ in range(num_steps):
        optimizer.zero_grad()
        weight.grad += s[:, None] * rng.standard_normal(weight.shape)
        optimizer.step()
    return np.asarray(np.abs(weight.data).mean(axis=1))
