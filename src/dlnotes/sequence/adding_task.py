"""Gated against vanilla recurrent networks on the adding problem as the lag grows.

The adding problem (:func:`dlnotes.data.make_adding_problem`) asks for the sum of two values
marked somewhere in a sequence, one in each half; predicting the constant mean of the target
(1) scores a mean squared error of 1/6 (the variance of a sum of two independent uniforms).
Beating that baseline needs memory, and the marked values sit up to ``length`` steps before
the read-out, so the task measures how far back a trained network can carry information.

A model here is a one-layer :class:`~dlnotes.nn.RNN`, :class:`~dlnotes.nn.LSTM` or
:class:`~dlnotes.nn.GRU` whose last state feeds a :class:`~dlnotes.nn.Linear` read-out, trained
by back-propagation through the whole sequence with Adam and gradient-norm clipping.

Goodfellow et al., §10.7 (long-term dependencies) and §10.10 (gated RNNs).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from dlnotes._validation import as_generator, check_positive_int, check_range, fail
from dlnotes.data.sequence_tasks import make_adding_problem
from dlnotes.nn.functional.loss import mse_loss_backward, mse_loss_forward
from dlnotes.nn.linear import Linear
from dlnotes.nn.module import Module
from dlnotes.nn.recurrent import GRU, LSTM, RNN
from dlnotes.nn.utils import clip_grad_norm_
from dlnotes.optim import Adam

__all__ = ["ADDING_BASELINE_MSE", "AddingTaskResult", "adding_task_mse", "adding_task_sweep"]

#: Mean squared error of always predicting the target's mean: Var(U + V) = 2/12 = 1/6.
ADDING_BASELINE_MSE = 1.0 / 6.0

_LAYERS = {"rnn": RNN, "lstm": LSTM, "gru": GRU}


class _LastStateRegressor(Module):
    """Recurrent layer, then a linear read-out of the last hidden state."""

    def __init__(self, cell: str, hidden_size: int, rng: np.random.Generator) -> None:
        super().__init__()
        self.rnn = _LAYERS[cell](2, hidden_size, batch_first=True, rng=rng)
        self.head = Linear(hidden_size, 1, rng=rng)
        self._shape: tuple[int, ...] = ()

    def forward(self, x: Any) -> np.ndarray:
        states, _ = self.rnn(x)
        self._shape = states.shape
        out: np.ndarray = self.head(states[:, -1])[:, 0]
        return out

    def backward(self, grad: Any) -> None:
        grad_last = self.head.backward(np.asarray(grad)[:, None])
        grad_states = np.zeros(self._shape, dtype=grad_last.dtype)
        grad_states[:, -1] = grad_last  # only the last state reaches the loss
        self.rnn.backward(grad_states)
        return None


def adding_task_mse(
    cell: str,
    length: int,
    hidden_size: int = 16,
    num_steps: int = 200,
    batch_size: int = 32,
    lr: float = 1e-2,
    max_norm: float = 1.0,
    num_test: int = 500,
    rng: np.random.Generator | None = None,
) -> float:
    """Train one model on adding problems of one ``length``; return its test MSE.

    Every step draws a fresh batch (there is no fixed training set to over-fit), and the test
    set is drawn once after training from the same data stream. ``rng`` is split into an
    initialisation stream and a data stream, so every cell given equally seeded generators
    trains on the same batches and is tested on the same examples.

    Goodfellow et al., §10.7 and §10.10.

    Parameters
    ----------
    cell : {"rnn", "lstm", "gru"}
    length : int
        Sequence length; the two marked values lie up to ``length`` steps before the output.
    hidden_size, num_steps, batch_size : int
    lr, max_norm : float
        Adam step size and the gradient-norm clipping threshold (§10.11.1).
    num_test : int
    rng : numpy.random.Generator, optional

    Examples
    --------
    >>> mse = adding_task_mse("lstm", 4, hidden_size=4, num_steps=5,
    ...                       rng=np.random.default_rng(0))
    >>> mse > 0
    True
    """
    owner = "adding_task_mse"
    if cell not in _LAYERS:
        fail(owner, "cell 'rnn', 'lstm' or 'gru'", repr(cell))
    length = check_positive_int(owner, "length", length)
    num_steps = check_positive_int(owner, "num_steps", num_steps)
    batch_size = check_positive_int(owner, "batch_size", batch_size)
    num_test = check_positive_int(owner, "num_test", num_test)
    check_range(owner, "lr", lr, 0.0, low_inclusive=False)
    hidden_size = check_positive_int(owner, "hidden_size", hidden_size)
    # Two streams: the data stream does not depend on how many numbers the cell's
    # initialisation draws, so every cell given the same rng sees the same batches.
    init_rng, generator = as_generator(owner, rng).spawn(2)
    model = _LastStateRegressor(cell, hidden_size, init_rng)
    optimizer = Adam(model.parameters(), lr=lr)
    for _ in range(num_steps):
        x, y = make_adding_problem(batch_size, length, rng=generator)
        _, cache = mse_loss_forward(model(x), y, owner=owner)
        optimizer.zero_grad()
        model.backward(mse_loss_backward(None, cache))
        clip_grad_norm_(model.parameters(), max_norm)
        optimizer.step()
    x_test, y_test = make_adding_problem(num_test, length, rng=generator)
    return float(np.mean((model(x_test) - y_test) ** 2))


@dataclass(frozen=True)
class AddingTaskResult:
    """Test MSE per cell and sequence length, and the predict-the-mean baseline.

    Attributes
    ----------
    lengths : numpy.ndarray
        ``(K,)`` sequence lengths.
    mse : dict of str to numpy.ndarray
        ``mse[cell][k]``: test MSE of ``cell`` at ``lengths[k]``.
    baseline : float
        ``ADDING_BASELINE_MSE``, 1/6.
    """

    lengths: np.ndarray
    mse: dict[str, np.ndarray]
    baseline: float = ADDING_BASELINE_MSE

    def relative(self, cell: str) -> np.ndarray:
        """MSE of ``cell`` divided by the baseline (below 1 means the net learned something)."""
        return self.mse[cell] / self.baseline


def adding_task_sweep(
    lengths: Any,
    cells: tuple[str, ...] = ("rnn", "lstm", "gru"),
    seed: int = 0,
    **kwargs: Any,
) -> AddingTaskResult:
    """:func:`adding_task_mse` for every cell and length, each run seeded independently.

    Run ``(cell, k)`` uses ``numpy.random.default_rng([seed, k])``: every cell at a given
    length sees the same batches and the same test set.

    Goodfellow et al., §10.7 and §10.10.

    Examples
    --------
    >>> result = adding_task_sweep([3], cells=("gru",), hidden_size=4, num_steps=3)
    >>> result.mse["gru"].shape
    (1,)
    """
    sizes = np.asarray([check_positive_int("adding_task_sweep", "length", n) for n in lengths])
    mse = {
        cell: np.array(
            [
                adding_task_mse(cell, int(n), rng=np.random.default_rng([seed, k]), **kwargs)
                for k, n in enumerate(sizes)
            ]
        )
        for cell in cells
    }
    return AddingTaskResult(sizes, mse)
