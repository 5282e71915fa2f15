"""Greedy decoding: at every step emit the single most probable next token.

Goodfellow et al., §10.2.3 (generating sequences by sampling from the model's conditionals).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from dlnotes._validation import check_positive_int

__all__ = ["greedy_decode"]

StepFunction = Callable[[np.ndarray, Any], tuple[np.ndarray, Any]]


def greedy_decode(
    step: StepFunction, state: Any, batch_size: int, bos_index: int, eos_index: int, max_length: int
) -> np.ndarray:
    """Decode a batch one token at a time, feeding back the arg-max.

    Goodfellow et al., §10.2.3.

    Parameters
    ----------
    step : callable
        ``step(tokens (B,), state) -> (log_probs (B, V), new_state)``: one decoder step.
    state : any
        The decoder's initial state (e.g. the encoder's summary), passed through ``step``.
    batch_size : int
    bos_index, eos_index : int
    max_length : int
        At most this many tokens are generated.

    Returns
    -------
    numpy.ndarray
        ``(B, T)`` int64 with ``T <= max_length``; after a row's ``<eos>`` the row holds
        ``<eos>`` (use ``Vocabulary.decode``, which stops at the first one).

    Examples
    --------
    >>> table = np.log(np.array([[0.1, 0.1, 0.8], [0.1, 0.1, 0.8], [0.7, 0.2, 0.1]]))
    >>> step = lambda tokens, state: (table[tokens], state)  # a bigram "model"
    >>> greedy_decode(step, None, batch_size=1, bos_index=0, eos_index=1, max_length=4)
    array([[2, 0, 2, 0]])
    """
    max_length = check_positive_int("greedy_decode", "max_length", max_length)
    tokens = np.full(batch_size, bos_index, dtype=np.int64)
    finished = np.zeros(batch_size, dtype=bool)
    generated = []
    for _ in range(max_length):
        log_probs, state = step(tokens, state)
        tokens = np.asarray(log_probs).argmax(axis=-1).astype(np.int64)
        tokens[finished] = eos_index
        generated.append(tokens)
        finished |= tokens == eos_index
        if finished.all():
            break
    return np.stack(generated, axis=1)
