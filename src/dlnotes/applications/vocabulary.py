"""A token vocabulary shared by the count-based and the neural language models.

Both models of §12.4 must predict over the same set of symbols for their perplexities to be
comparable, so the mapping from tokens to integer ids lives in one place.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

import numpy as np

from dlnotes._validation import fail

__all__ = ["UNK", "Vocabulary"]

#: The symbol every token unseen in training is mapped to.
UNK = "<unk>"


class Vocabulary:
    """Integer ids for the tokens of a training text, plus an unknown-token id and a start id.

    The output vocabulary has ``size`` symbols: the distinct training tokens (sorted) and
    ``UNK``. The start-of-text symbol, used only to pad the first contexts, gets the extra
    id ``bos_id = size``; no model ever predicts it (Goodfellow et al., §12.4.1).

    Parameters
    ----------
    tokens : iterable of hashable
        The training tokens (the characters of a string, or a list of words).

    Examples
    --------
    >>> vocab = Vocabulary("abca")
    >>> vocab.size, vocab.encode("abz").tolist(), vocab.bos_id
    (4, [1, 2, 0], 4)
    """

    def __init__(self, tokens: Iterable[Hashable]) -> None:
        types = sorted(set(tokens), key=str)
        if not types:
            fail("Vocabulary", "at least one training token", "an empty sequence")
        self.tokens: list[Hashable] = [UNK, *[t for t in types if t != UNK]]
        self.index = {token: i for i, token in enumerate(self.tokens)}

    @property
    def size(self) -> int:
        """Number of symbols a model predicts over (the unknown token included)."""
        return len(self.tokens)

    @property
    def unk_id(self) -> int:
        """Id of ``UNK`` (always 0)."""
        return 0

    @property
    def bos_id(self) -> int:
        """Id of the start-of-text padding symbol, outside the predicted vocabulary."""
        return len(self.tokens)

    def encode(self, tokens: Iterable[Hashable]) -> np.ndarray:
        """The ids of ``tokens`` (unseen ones become ``UNK``), as an int64 array."""
        return np.array([self.index.get(t, 0) for t in tokens], dtype=np.int64)

    def decode(self, ids: Sequence[int]) -> list[Hashable]:
        """The tokens of ``ids`` (the start id is not a token)."""
        return [self.tokens[int(i)] for i in ids]
