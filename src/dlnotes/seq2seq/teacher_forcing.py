"""Teacher forcing: train the decoder on the *true* previous token, not its own prediction.

With the target ``y_1 ... y_T`` the decoder reads ``<bos>, y_1, ..., y_T`` and is trained to
output ``y_1, ..., y_T, <eos>``: input and target are the same sequence shifted by one step.
All steps then run in parallel during training. At test time the decoder must read its own
predictions instead, a mismatch (exposure bias) that greedy and beam decoding have to live with.

Goodfellow et al., §10.2.1 (teacher forcing and networks with output recurrence).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from dlnotes.seq2seq.vocabulary import pad_sequences

__all__ = ["teacher_forcing_batch"]


def teacher_forcing_batch(
    targets: Sequence[Sequence[int]], bos_index: int, eos_index: int, pad_index: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Decoder inputs, decoder targets and the loss mask for a batch of target sequences.

    Goodfellow et al., §10.2.1.

    Parameters
    ----------
    targets : sequence of sequences of int
        Target token ids *without* ``<bos>``/``<eos>``.
    bos_index, eos_index, pad_index : int

    Returns
    -------
    decoder_inputs : numpy.ndarray
        ``(N, T + 1)``: ``<bos>`` followed by the target, padded.
    decoder_targets : numpy.ndarray
        ``(N, T + 1)``: the target followed by ``<eos>``, padded.
    mask : numpy.ndarray
        ``(N, T + 1)`` bool, ``True`` where ``decoder_targets`` is a real token.

    Examples
    --------
    >>> inputs, outputs, mask = teacher_forcing_batch([[7, 8], [9]], bos_index=1, eos_index=2)
    >>> inputs
    array([[1, 7, 8],
           [1, 9, 0]])
    >>> outputs
    array([[7, 8, 2],
           [9, 2, 0]])
    """
    inputs, _ = pad_sequences([[bos_index, *t] for t in targets], pad_index)
    outputs, mask = pad_sequences([[*t, eos_index] for t in targets], pad_index)
    return inputs, outputs, mask
