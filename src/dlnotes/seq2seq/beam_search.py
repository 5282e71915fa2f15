"""Beam search: keep the ``k`` most probable partial sequences instead of one.

Greedy decoding commits to the locally best token; a slightly less probable token can lead to
a much more probable sequence. Beam search extends each of its ``k`` hypotheses by every
token, keeps the ``k`` best extensions by total log-probability, and sets aside hypotheses
that emit ``<eos>`` (the beam then shrinks by one, so at most ``k`` hypotheses finish). With
``k = 1`` it is exactly greedy decoding; as ``k`` grows it approaches the exact most probable
sequence (whose search is exponential in the length).

Goodfellow et al., §10.2.3 and §12.4.5 (beam search in machine translation).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from dlnotes._validation import check_positive_int, check_range

__all__ = ["beam_search", "reorder_state"]


def reorder_state(state: Any, indices: np.ndarray) -> Any:
    """Select hypotheses ``indices`` along the first axis of every array in ``state``.

    ``state`` is an array, ``None``, or a (nested) tuple/list of them. Beam search calls it
    after each step so that every surviving hypothesis carries its parent's decoder state.

    Examples
    --------
    >>> reorder_state((np.array([10, 11, 12]), None), np.array([2, 0, 0]))
    (array([12, 10, 10]), None)
    """
    if state is None:
        return None
    if isinstance(state, (tuple, list)):
        return type(state)(reorder_state(s, indices) for s in state)
    return np.asarray(state)[indices]


def beam_search(
    step: Callable[[np.ndarray, Any], tuple[np.ndarray, Any]],
    state: Any,
    bos_index: int,
    eos_index: int,
    beam_width: int = 4,
    max_length: int = 50,
    length_penalty: float = 0.0,
) -> list[tuple[list[int], float]]:
    """Beam search for one input sequence.

    Goodfellow et al., §12.4.5.

    Parameters
    ----------
    step : callable
        ``step(tokens (B,), state) -> (log_probs (B, V), new_state)``, where row ``b`` of
        everything in ``state`` belongs to hypothesis ``b`` (see :func:`reorder_state`).
    state : any
        Initial state for a *single* hypothesis (first axis of size 1).
    bos_index, eos_index : int
    beam_width : int
        ``k``.
    max_length : int
        Longest output, ``<eos>`` excluded.
    length_penalty : float
        Finished hypotheses are ranked by ``log p / len ** length_penalty``; 0 ranks by the
        plain log-probability (which favours short outputs).

    Returns
    -------
    list of (tokens, score)
        Up to ``beam_width`` finished hypotheses, best first; ``tokens`` exclude ``<bos>`` and
        ``<eos>``. Hypotheses still unfinished after ``max_length`` tokens are returned only
        if none finished.

    Examples
    --------
    >>> # Greedy picks token 2 first (p=0.5) but then faces a flat distribution;
    >>> # starting with 3 (p=0.4) leads to a near-certain <eos>.
    >>> def step(tokens, state):
    ...     table = np.log(np.array([[1e-9, 1e-9, 0.5, 0.4, 0.1],     # after <bos> (0)
    ...                              [0.2, 0.2, 0.2, 0.2, 0.2],       # unused
    ...                              [1e-9, 0.34, 0.33, 0.33, 1e-9],  # after 2
    ...                              [1e-9, 0.98, 0.01, 0.01, 1e-9],  # after 3
    ...                              [1e-9, 0.9, 0.05, 0.05, 1e-9]])) # after 4
    ...     return table[tokens], state
    >>> best_tokens, best_score = beam_search(step, None, 0, 1, beam_width=2, max_length=3)[0]
    >>> best_tokens
    [3]
    """
    beam_width = check_positive_int("beam_search", "beam_width", beam_width)
    max_length = check_positive_int("beam_search", "max_length", max_length)
    alpha = check_range("beam_search", "length_penalty", length_penalty, 0.0)
    sequences: list[list[int]] = [[]]
    scores = np.zeros(1)
    tokens = np.array([bos_index], dtype=np.int64)
    finished: list[tuple[list[int], float]] = []

    def ranked(seq: list[int], score: float) -> float:
        return score / max(len(seq), 1) ** alpha

    for _ in range(max_length + 1):
        log_probs, state = step(tokens, state)
        log_probs = np.asarray(log_probs, dtype=np.float64)
        vocab = log_probs.shape[-1]
        candidates = (scores[:, None] + log_probs).ravel()
        # The best (k - finished) extensions; each that ends with <eos> leaves the beam for good.
        order = np.argsort(-candidates, kind="stable")[: beam_width - len(finished)]
        keep_rows, new_sequences, new_scores, new_tokens = [], [], [], []
        for flat in order:
            row, token = divmod(int(flat), vocab)
            if token == eos_index:
                finished.append((sequences[row], float(candidates[flat])))
            elif len(sequences[row]) < max_length:
                keep_rows.append(row)
                new_sequences.append([*sequences[row], token])
                new_scores.append(candidates[flat])
                new_tokens.append(token)
        if not new_sequences:
            break
        sequences, scores = new_sequences, np.array(new_scores)
        tokens = np.array(new_tokens, dtype=np.int64)
        state = reorder_state(state, np.array(keep_rows))
    if not finished:
        finished = [(s, float(v)) for s, v in zip(sequences, scores, strict=True)]
    finished.sort(key=lambda item: -ranked(*item))
    return finished[:beam_width]
