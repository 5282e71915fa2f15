"""Generated sequence tasks for recurrent networks: copy, reversal and the adding problem.

* **copy / reversal** (sequence to sequence): the target is the source, or the source read
  backwards. Reversal is hard for an encoder-decoder without attention when sequences are long,
  because the first output depends on the last input and vice versa.
* **adding problem** (sequence to one value, Hochreiter and Schmidhuber 1997): the input is a
  sequence of pairs ``(value, marker)``; exactly two markers are 1 and the target is the sum of
  the two marked values. The markers can be far apart, so solving it requires carrying
  information over many steps, the long-term-dependency test of gated RNNs.

Goodfellow et al., §10.7 (long-term dependencies) and §10.10 (LSTM).
"""

from __future__ import annotations

import numpy as np

from dlnotes._validation import as_generator, check_nonnegative_int, check_positive_int, fail

__all__ = ["make_copy_pairs", "make_reversal_pairs", "make_adding_problem"]

ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def _random_strings(
    owner: str,
    num_examples: int,
    min_length: int,
    max_length: int,
    num_symbols: int,
    rng: np.random.Generator | None,
) -> list[str]:
    num_examples = check_nonnegative_int(owner, "num_examples", num_examples)
    min_length = check_positive_int(owner, "min_length", min_length)
    max_length = check_positive_int(owner, "max_length", max_length)
    num_symbols = check_positive_int(owner, "num_symbols", num_symbols)
    if min_length > max_length:
        fail(owner, f"min_length <= max_length={max_length}", min_length)
    if num_symbols > len(ALPHABET):
        fail(owner, f"num_symbols <= {len(ALPHABET)}", num_symbols)
    generator = as_generator(owner, rng)
    lengths = generator.integers(min_length, max_length + 1, size=num_examples)
    return [
        "".join(ALPHABET[i] for i in generator.integers(0, num_symbols, size=n)) for n in lengths
    ]


def make_copy_pairs(
    num_examples: int,
    min_length: int = 3,
    max_length: int = 10,
    num_symbols: int = 10,
    rng: np.random.Generator | None = None,
) -> list[tuple[str, str]]:
    """Pairs ``(s, s)`` of random strings over the first ``num_symbols`` letters.

    Goodfellow et al., §10.7.

    Examples
    --------
    >>> make_copy_pairs(2, 3, 3, rng=np.random.default_rng(0))
    [('igf', 'igf'), ('cda', 'cda')]
    """
    strings = _random_strings(
        "make_copy_pairs", num_examples, min_length, max_length, num_symbols, rng
    )
    return [(s, s) for s in strings]


def make_reversal_pairs(
    num_examples: int,
    min_length: int = 3,
    max_length: int = 10,
    num_symbols: int = 10,
    rng: np.random.Generator | None = None,
) -> list[tuple[str, str]]:
    """Pairs ``(s, reversed s)``.

    Goodfellow et al., §10.7.

    Examples
    --------
    >>> make_reversal_pairs(1, 4, 4, rng=np.random.default_rng(0))
    [('igfc', 'cfgi')]
    """
    strings = _random_strings(
        "make_reversal_pairs", num_examples, min_length, max_length, num_symbols, rng
    )
    return [(s, s[::-1]) for s in strings]


def make_adding_problem(
    num_examples: int,
    length: int = 50,
    dtype: type = np.float64,
    rng: np.random.Generator | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The adding problem: inputs ``(N, L, 2)`` and targets ``(N,)``.

    Channel 0 holds values uniform in [0, 1]; channel 1 marks two positions, one in each half
    of the sequence; the target is the sum of the two marked values. Predicting the constant
    1 (the mean) gives a mean squared error of about 1/6; beating it clearly requires memory.

    Goodfellow et al., §10.7.

    Shape
    -----
    inputs ``(N, L, 2)`` (batch first: transpose for a time-major RNN), targets ``(N,)``.

    Examples
    --------
    >>> X, y = make_adding_problem(4, length=10, rng=np.random.default_rng(0))
    >>> X.shape, y.shape, X[..., 1].sum(axis=1)
    ((4, 10, 2), (4,), array([2., 2., 2., 2.]))
    """
    owner = "make_adding_problem"
    num_examples = check_nonnegative_int(owner, "num_examples", num_examples)
    length = check_positive_int(owner, "length", length)
    if length < 2:
        fail(owner, "length of at least 2", length)
    generator = as_generator(owner, rng)
    values = generator.random((num_examples, length))
    half = length // 2
    first = generator.integers(0, half, size=num_examples)
    second = generator.integers(half, length, size=num_examples)
    markers = np.zeros((num_examples, length))
    rows = np.arange(num_examples)
    markers[rows, first] = 1.0
    markers[rows, second] = 1.0
    inputs: np.ndarray = np.stack([values, markers], axis=-1).astype(dtype)
    targets: np.ndarray = (values[rows, first] + values[rows, second]).astype(dtype)
    return inputs, targets
