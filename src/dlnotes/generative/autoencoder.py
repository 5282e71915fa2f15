r"""The under-complete autoencoder: an encoder/decoder pair trained to copy its input.

An autoencoder has an encoder :math:`\boldsymbol h = f(\boldsymbol x)` and a decoder
:math:`\boldsymbol r = g(\boldsymbol h)`, trained to make :math:`g(f(\boldsymbol x))` close to
:math:`\boldsymbol x`. With a code smaller than the input (under-complete), perfect copying is
impossible and the code must keep the directions in which the data vary most
(Goodfellow et al., §14.1). Regularised variants add a penalty :math:`\Omega` to the
reconstruction error; :class:`AutoencoderObjective` adds any number of them, and
:func:`train_autoencoder` minimises the result, optionally on corrupted inputs (§14.2.2).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np

from dlnotes._validation import (
    as_float_array,
    as_generator,
    check_forward_called,
    check_positive_int,
    check_range,
    fail,
)
from dlnotes.nn import Linear, Module, ReLU, Sequential, Sigmoid
from dlnotes.optim import Adam

__all__ = [
    "Autoencoder",
    "AutoencoderObjective",
    "CodePenalty",
    "dense_autoencoder",
    "reconstruction_error",
    "train_autoencoder",
]


class CodePenalty(Protocol):
    """What :class:`AutoencoderObjective` needs of a penalty on the code.

    ``penalty(h)`` returns the penalty of a batch of codes and keeps what ``backward`` needs;
    ``backward(grad_output)`` returns ``grad_output`` times the gradient with respect to
    ``h`` and *adds* ``grad_output`` times any gradient with respect to parameters the
    penalty reads directly (the contractive penalty reads the encoder's weight) into their
    ``.grad``.
    """

    def __call__(self, h: np.ndarray) -> float: ...

    def backward(self, grad_output: float = 1.0) -> np.ndarray: ...


class Autoencoder(Module):
    r"""An encoder module followed by a decoder module, :math:`r(x) = g(f(x))`.

    ``forward`` keeps the code :math:`h = f(x)` in ``self.code``; ``backward`` takes the
    gradient with respect to the reconstruction and, optionally, an extra gradient with
    respect to the code (from a penalty on it), and returns the gradient with respect to the
    input (Goodfellow et al., §14.1).

    Parameters
    ----------
    encoder, decoder : dlnotes.nn.Module
        Any modules with forward/backward; the decoder's input is the encoder's output.

    Attributes
    ----------
    code : numpy.ndarray or None
        The code of the last ``forward``.

    Shape
    -----
    - Input ``(N, n)``.
    - Code ``(N, k)``.
    - Output ``(N, n)``.

    Examples
    --------
    >>> model = dense_autoencoder(6, 2, rng=np.random.default_rng(0))
    >>> r = model(np.zeros((3, 6)))
    >>> r.shape, model.code.shape
    ((3, 6), (3, 2))
    >>> model.backward(np.ones((3, 6)), code_grad=np.ones((3, 2))).shape
    (3, 6)
    """

    def __init__(self, encoder: Module, decoder: Module) -> None:
        super().__init__()
        for name, part in (("encoder", encoder), ("decoder", decoder)):
            if not isinstance(part, Module):
                fail("Autoencoder", f"{name} to be a Module", type(part).__name__, TypeError)
        self.encoder = encoder
        self.decoder = decoder
        self.code: np.ndarray | None = None

    def encode(self, x: Any) -> np.ndarray:
        """The code :math:`f(x)` (also kept in ``self.code``)."""
        self.code = np.asarray(self.encoder(x))
        return self.code

    def forward(self, x: Any) -> np.ndarray:
        """The reconstruction :math:`g(f(x))`; keeps the code for ``backward``."""
        return np.asarray(self.decoder(self.encode(x)))

    def backward(self, grad_output: Any, code_grad: Any = None) -> np.ndarray:
        """dL/dx from dL/dr, plus ``code_grad`` = dΩ/dh added where the code is."""
        code = check_forward_called("Autoencoder", self.code)
        grad_code = np.asarray(self.decoder.backward(grad_output))
        if code_grad is not None:
            code_grad = np.asarray(code_grad)
            if code_grad.shape != code.shape:
                fail("Autoencoder", f"code_grad of shape {code.shape}", code_grad.shape)
            # The code feeds the decoder and the penalty: its gradient is the sum of both.
            grad_code = grad_code + code_grad
        return np.asarray(self.encoder.backward(grad_code))


def dense_autoencoder(
    in_features: int,
    code_size: int,
    *,
    activation: str | None = "sigmoid",
    output: str | None = "sigmoid",
    rng: np.random.Generator | None = None,
) -> Autoencoder:
    r"""A one-hidden-layer autoencoder :math:`r = g(W_2\, s(W_1 x + b_1) + b_2)`.

    Parameters
    ----------
    in_features, code_size : int
        Input size :math:`n` and code size :math:`k` (under-complete when :math:`k < n`).
    activation : {"sigmoid", "relu", None}
        The encoder's nonlinearity :math:`s`; ``None`` makes the encoder linear (with
        ``output=None`` the whole model is the linear autoencoder of §14.1). ReLU codes can be
        exactly zero, which suits the L1 penalty.
    output : {"sigmoid", None}
        The decoder's output nonlinearity :math:`g` (a sigmoid suits pixels in [0, 1]).
    rng : numpy.random.Generator, optional
        Draws the initial weights.

    Returns
    -------
    Autoencoder
        ``encoder = Sequential(Linear[, Sigmoid or ReLU])``,
        ``decoder = Sequential(Linear[, Sigmoid])``.

    Shape
    -----
    - Input ``(N, in_features)``, code ``(N, code_size)``, output ``(N, in_features)``.

    Examples
    --------
    >>> model = dense_autoencoder(64, 8, activation=None, output=None)
    >>> model.encoder[0].weight.shape, model.decoder[0].weight.shape
    ((8, 64), (64, 8))
    """
    owner = "dense_autoencoder"
    n = check_positive_int(owner, "in_features", in_features)
    k = check_positive_int(owner, "code_size", code_size)
    if activation not in ("sigmoid", "relu", None):
        fail(owner, 'activation in ("sigmoid", "relu", None)', repr(activation))
    if output not in ("sigmoid", None):
        fail(owner, 'output in ("sigmoid", None)', repr(output))
    gen = as_generator(owner, rng)
    encoder = Sequential(Linear(n, k, rng=gen))
    if activation == "sigmoid":
        encoder.append(Sigmoid())
    elif activation == "relu":
        encoder.append(ReLU())
    decoder = Sequential(Linear(k, n, rng=gen))
    if output == "sigmoid":
        decoder.append(Sigmoid())
    return Autoencoder(encoder, decoder)


def reconstruction_error(r: Any, x: Any) -> float:
    r"""Mean over samples of the squared error, :math:`\frac1N \sum_n \|r_n - x_n\|^2`.

    Parameters
    ----------
    r, x : array_like
        Reconstructions and targets.

    Returns
    -------
    float

    Shape
    -----
    - r and x ``(N, n)``.

    Examples
    --------
    >>> reconstruction_error(np.ones((2, 3)), np.zeros((2, 3)))
    3.0
    """
    r = as_float_array("reconstruction_error", r, "r")
    x = as_float_array("reconstruction_error", x, "x")
    if r.shape != x.shape or r.ndim != 2:
        fail("reconstruction_error", "r and x of one shape (N, n)", (r.shape, x.shape))
    return float(np.sum((r - x) ** 2) / len(x))


class AutoencoderObjective(Module):
    r"""The training loss :math:`\frac1N \sum_n \|g(f(\tilde x_n)) - x_n\|^2 + \sum_p \Omega_p(h)`.

    ``forward(x_input, x_target)`` returns the loss (0-d) of reconstructing the targets from
    the (possibly corrupted) inputs; ``backward(grad_output=None)`` adds every parameter
    gradient and returns the gradient with respect to ``x_input``, so the objective as a
    whole can be checked by :func:`dlnotes.gradcheck.check_module` (Goodfellow et al., §14.1,
    §14.2).

    Parameters
    ----------
    model : Autoencoder
    penalties : sequence of CodePenalty, optional
        Penalties on the code, e.g. :class:`~dlnotes.generative.L1CodePenalty`,
        :class:`~dlnotes.generative.KLSparsityPenalty`,
        :class:`~dlnotes.generative.ContractivePenalty`.

    Attributes
    ----------
    last_reconstruction, last_penalties : float
        The two parts of the last forward's loss.

    Shape
    -----
    - x_input and x_target ``(N, n)``; output 0-d.

    Examples
    --------
    >>> model = dense_autoencoder(4, 2, rng=np.random.default_rng(0))
    >>> objective = AutoencoderObjective(model)
    >>> x = np.full((5, 4), 0.5)
    >>> bool(objective(x, x) > 0), objective.backward().shape
    (True, (5, 4))
    """

    def __init__(self, model: Autoencoder, penalties: Sequence[CodePenalty] = ()) -> None:
        super().__init__()
        if not isinstance(model, Autoencoder):
            fail("AutoencoderObjective", "an Autoencoder", type(model).__name__, TypeError)
        self.model = model
        self.penalties = list(penalties)
        self.last_reconstruction = 0.0
        self.last_penalties = 0.0
        self._cache: tuple[np.ndarray, np.ndarray] | None = None

    def forward(self, x_input: Any, x_target: Any) -> np.ndarray:
        """The loss of reconstructing ``x_target`` from ``x_input``."""
        x_input = as_float_array("AutoencoderObjective", x_input, "x_input")
        x_target = as_float_array("AutoencoderObjective", x_target, "x_target")
        if x_input.shape != x_target.shape or x_input.ndim != 2:
            fail(
                "AutoencoderObjective",
                "x_input and x_target of one shape (N, n)",
                (x_input.shape, x_target.shape),
            )
        r = self.model(x_input)
        self.last_reconstruction = reconstruction_error(r, x_target)
        code = self.model.code
        assert code is not None
        self.last_penalties = float(sum(p(code) for p in self.penalties))
        self._cache = (r, x_target)
        return np.asarray(self.last_reconstruction + self.last_penalties)

    def backward(self, grad_output: Any = None) -> np.ndarray:
        """dLoss/dx_input; parameter gradients are added into their ``.grad``."""
        r, x_target = check_forward_called("AutoencoderObjective", self._cache)
        scale = 1.0 if grad_output is None else float(np.asarray(grad_output))
        grad_r = scale * 2.0 * (r - x_target) / len(x_target)
        code_grad = None
        for p in self.penalties:
            g = p.backward(scale)
            code_grad = g if code_grad is None else code_grad + g
        return self.model.backward(grad_r, code_grad=code_grad)


Corruption = Callable[[np.ndarray, np.random.Generator], np.ndarray]


def train_autoencoder(
    model: Autoencoder,
    X: Any,
    *,
    penalties: Sequence[CodePenalty] = (),
    corruption: Corruption | None = None,
    epochs: int = 50,
    batch_size: int = 64,
    lr: float = 1e-2,
    rng: np.random.Generator | None = None,
) -> list[float]:
    r"""Minimise :class:`AutoencoderObjective` with Adam over shuffled minibatches.

    With ``corruption`` each minibatch is corrupted afresh, :math:`\tilde x \sim C(\tilde x
    \mid x)`, and the clean batch is the target: the denoising autoencoder (Goodfellow et al.,
    §14.2.2).

    Parameters
    ----------
    model : Autoencoder
    X : array_like
        Training data, one example per row.
    penalties : sequence of CodePenalty
        Penalties added to the reconstruction error.
    corruption : callable, optional
        ``corruption(x, rng)`` returns a corrupted copy of the batch ``x``
        (:class:`~dlnotes.generative.MaskingNoise`,
        :class:`~dlnotes.generative.AdditiveGaussianNoise`).
    epochs, batch_size : int
    lr : float
        Adam's learning rate.
    rng : numpy.random.Generator, optional
        Shuffles the data and draws the corruption.

    Returns
    -------
    list of float
        The mean training loss (reconstruction plus penalties) of each epoch.

    Shape
    -----
    - X ``(N, n)``.

    Examples
    --------
    >>> X = np.random.default_rng(0).uniform(size=(32, 4))
    >>> model = dense_autoencoder(4, 2, rng=np.random.default_rng(1))
    >>> losses = train_autoencoder(model, X, epochs=20, rng=np.random.default_rng(2))
    >>> bool(losses[-1] < losses[0])
    True
    """
    owner = "train_autoencoder"
    X = as_float_array(owner, X, "X")
    if X.ndim != 2:
        fail(owner, "X of shape (N, n)", tuple(X.shape))
    epochs = check_positive_int(owner, "epochs", epochs)
    batch_size = check_positive_int(owner, "batch_size", batch_size)
    lr = check_range(owner, "lr", lr, 0.0)
    gen = as_generator(owner, rng)
    objective = AutoencoderObjective(model, penalties)
    optimizer = Adam(model.parameters(), lr=lr)
    losses = []
    for _ in range(epochs):
        order = gen.permutation(len(X))
        total = 0.0
        for start in range(0, len(X), batch_size):
            x = X[order[start : start + batch_size]]
            x_in = x if corruption is None else corruption(x, gen)
            optimizer.zero_grad()
            total += float(objective(x_in, x)) * len(x)
            objective.backward()
            optimizer.step()
        losses.append(total / len(X))
    return losses
