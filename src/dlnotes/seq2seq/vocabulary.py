"""A token vocabulary with the four special tokens of sequence-to-sequence models, and padding.

Models read integer ids, not characters or words. ``<pad>`` fills short sequences up to the
length of the longest in a minibatch (and is masked out of losses and attention), ``<bos>``
starts every decoder input, ``<eos>`` ends every target (so the model learns when to stop,
Goodfellow et al., §10.2.4), and ``<unk>`` stands for anything unseen in training.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from dlnotes._validation import fail

__all__ = ["Vocabulary", "pad_sequences"]

PAD, BOS, EOS, UNK = "<pad>", "<bos>", "<eos>", "<unk>"


class Vocabulary:
    """Map between tokens and ids; ids 0-3 are ``<pad>``, ``<bos>``, ``<eos>`` and ``<unk>``.

    Goodfellow et al., §10.2.4.

    Parameters
    ----------
    tokens : iterable of str
        The ordinary tokens (characters for a character-level model); duplicates are ignored
        and the order of first appearance is kept, so the ids are reproducible.

    Attributes
    ----------
    pad_index, bos_index, eos_index, unk_index : int
        0, 1, 2 and 3.

    Examples
    --------
    >>> vocab = Vocabulary.from_texts(["abba", "cab"])
    >>> len(vocab), vocab.encode("cab", add_eos=True)
    (7, [6, 4, 5, 2])
    >>> vocab.decode([1, 6, 4, 5, 2, 0, 0])
    'cab'
    """

    specials = (PAD, BOS, EOS, UNK)

    def __init__(self, tokens: Iterable[str]) -> None:
        self.itos: list[str] = list(self.specials)
        self.stoi: dict[str, int] = {tok: i for i, tok in enumerate(self.itos)}
        for tok in tokens:
            if not isinstance(tok, str):
                fail("Vocabulary", "tokens to be strings", type(tok).__name__, TypeError)
            if tok not in self.stoi:
                self.stoi[tok] = len(self.itos)
                self.itos.append(tok)
        self.pad_index, self.bos_index, self.eos_index, self.unk_index = 0, 1, 2, 3

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Vocabulary:
        """A character vocabulary: every character of ``texts``, in order of first appearance."""
        return cls(ch for text in texts for ch in text)

    def __len__(self) -> int:
        return len(self.itos)

    def __contains__(self, token: str) -> bool:
        return token in self.stoi

    def __repr__(self) -> str:
        return f"Vocabulary({len(self)} tokens)"

    def encode(
        self, tokens: Iterable[str], add_bos: bool = False, add_eos: bool = False
    ) -> list[int]:
        """Ids of ``tokens`` (a string is a sequence of characters); unknown ones give ``<unk>``."""
        ids = [self.stoi.get(tok, self.unk_index) for tok in tokens]
        return ([self.bos_index] if add_bos else []) + ids + ([self.eos_index] if add_eos else [])

    def decode(self, ids: Iterable[Any], strip_special: bool = True, join: str = "") -> str:
        """Tokens of ``ids`` joined by ``join``; with ``strip_special``, stop at the first
        ``<eos>`` and drop ``<pad>``/``<bos>``."""
        out = []
        for raw in ids:
            i = int(raw)
            if not 0 <= i < len(self.itos):
                fail("Vocabulary.decode", f"ids in [0, {len(self.itos) - 1}]", i)
            if strip_special:
                if i == self.eos_index:
                    break
                if i in (self.pad_index, self.bos_index):
                    continue
            out.append(self.itos[i])
        return join.join(out)

    def encode_batch(
        self, texts: Sequence[Iterable[str]], add_bos: bool = False, add_eos: bool = False
    ) -> tuple[np.ndarray, np.ndarray]:
        """Encode and pad several sequences: ``(ids (N, T) int64, mask (N, T) bool)``."""
        return pad_sequences([self.encode(t, add_bos, add_eos) for t in texts], self.pad_index)


def pad_sequences(
    sequences: Sequence[Sequence[int]], pad_index: int = 0, length: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Right-pad integer sequences into one array and return the mask of real tokens.

    Goodfellow et al., §10.2.4.

    Parameters
    ----------
    sequences : sequence of sequences of int
    pad_index : int
    length : int, optional
        Pad to this length (default: the longest sequence); longer sequences raise.

    Returns
    -------
    ids : numpy.ndarray
        ``(N, T)`` int64.
    mask : numpy.ndarray
        ``(N, T)`` bool, ``True`` on real tokens.

    Examples
    --------
    >>> ids, mask = pad_sequences([[5, 6, 7], [8]])
    >>> ids
    array([[5, 6, 7],
           [8, 0, 0]])
    >>> mask.sum(axis=1)
    array([3, 1])
    """
    if len(sequences) == 0:
        fail("pad_sequences", "at least one sequence", "an empty list")
    longest = max(len(s) for s in sequences)
    length = longest if length is None else length
    if longest > length:
        fail("pad_sequences", f"sequences of at most {length} tokens", f"one of {longest}")
    ids = np.full((len(sequences), length), pad_index, dtype=np.int64)
    mask = np.zeros((len(sequences), length), dtype=bool)
    for row, seq in enumerate(sequences):
        ids[row, : len(seq)] = seq
        mask[row, : len(seq)] = True
    return ids, mask
