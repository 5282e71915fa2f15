"""Offline text for character-level language models: the dataset descriptions bundled with
scikit-learn (about 15 000 characters of English prose, tables and references).

Goodfellow et al., §12.4 (natural language processing; character-level models).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from dlnotes._validation import as_generator, check_positive_int, check_range, fail

__all__ = ["load_descr_corpus", "split_text", "random_windows"]

_LOADERS = (
    "load_iris",
    "load_wine",
    "load_breast_cancer",
    "load_diabetes",
    "load_digits",
    "load_linnerud",
)


@lru_cache(maxsize=1)
def load_descr_corpus() -> str:
    """The ``DESCR`` texts of six scikit-learn datasets joined by blank lines (no download).

    Goodfellow et al., §12.4.

    Examples
    --------
    >>> text = load_descr_corpus()
    >>> len(text) > 10_000, "Iris" in text
    (True, True)
    """
    import sklearn.datasets  # imported here: dlnotes.data itself needs NumPy only

    return "\n\n".join(getattr(sklearn.datasets, name)().DESCR.strip() for name in _LOADERS)


def split_text(text: str, test_fraction: float = 0.1) -> tuple[str, str]:
    """Split a text into a leading training part and a trailing test part.

    A contiguous split (not random characters) keeps the test text unseen as a whole.

    Goodfellow et al., §12.4.

    Examples
    --------
    >>> split_text("abcdefghij", 0.2)
    ('abcdefgh', 'ij')
    """
    fraction = check_range(
        "split_text",
        "test_fraction",
        test_fraction,
        0.0,
        1.0,
        low_inclusive=False,
        high_inclusive=False,
    )
    cut = int(round(len(text) * (1 - fraction)))
    if cut <= 1 or cut >= len(text) - 1:
        fail("split_text", "a text long enough to give two non-empty parts", len(text))
    return text[:cut], text[cut:]


def random_windows(
    ids: np.ndarray, batch_size: int, seq_len: int, rng: np.random.Generator | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """A batch of random windows and their next-character targets.

    Goodfellow et al., §12.4.

    Returns
    -------
    inputs, targets : numpy.ndarray
        ``(batch_size, seq_len)`` int64 each; ``targets`` are ``inputs`` shifted one
        character to the left (predict the next character at every position).

    Examples
    --------
    >>> x, y = random_windows(np.arange(20), 2, 5, np.random.default_rng(0))
    >>> bool(np.all(y == x + 1))
    True
    """
    batch_size = check_positive_int("random_windows", "batch_size", batch_size)
    seq_len = check_positive_int("random_windows", "seq_len", seq_len)
    ids = np.asarray(ids, dtype=np.int64)
    if ids.ndim != 1 or ids.size < seq_len + 1:
        fail("random_windows", f"a 1-D id sequence longer than seq_len={seq_len}", ids.shape)
    starts = as_generator("random_windows", rng).integers(0, ids.size - seq_len, size=batch_size)
    offsets = starts[:, None] + np.arange(seq_len)
    return ids[offsets], ids[offsets + 1]
