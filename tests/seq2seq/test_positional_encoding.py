"""Sinusoidal positional encodings: the defining formula, bounded entries with unit-norm
(sine, cosine) pairs, a shift by k positions as one orthogonal matrix for every position
(composing as shifts add), dot products depending only on the offset, and validation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.seq2seq import relative_shift_matrix, sinusoidal_positional_encoding


def test_formula_and_bounds():
    pe = sinusoidal_positional_encoding(50, 16)
    p, i = 7, 3
    omega = 10_000.0 ** (-2 * i / 16)
    np.testing.assert_allclose(pe[p, 2 * i], np.sin(p * omega), rtol=1e-14)
    np.testing.assert_allclose(pe[p, 2 * i + 1], np.cos(p * omega), rtol=1e-14)
    assert np.abs(pe).max() <= 1.0
    pair_norms = pe[:, 0::2] ** 2 + pe[:, 1::2] ** 2
    np.testing.assert_allclose(pair_norms, 1.0, rtol=1e-14)
    np.testing.assert_allclose(np.linalg.norm(pe, axis=1), np.sqrt(8), rtol=1e-14)
    # Distinct positions get distinct codes.
    assert len({row.tobytes() for row in np.round(pe, 12)}) == 50


@settings(max_examples=30, deadline=None)
@given(
    shift=st.integers(-20, 20),
    half=st.integers(1, 8),
    base=st.sampled_from([10.0, 100.0, 10_000.0]),
)
def test_a_shift_is_one_linear_map_for_every_position(shift, half, base):
    d = 2 * half
    pe = sinusoidal_positional_encoding(60, d, base)
    m = relative_shift_matrix(shift, d, base)
    lo, hi = max(0, -shift), 60 - max(0, shift)
    np.testing.assert_allclose(pe[lo:hi] @ m.T, pe[lo + shift : hi + shift], atol=1e-12)
    np.testing.assert_allclose(m @ m.T, np.eye(d), atol=1e-13)


def test_shifts_compose_and_dot_products_depend_on_the_offset_only():
    d = 12
    np.testing.assert_allclose(
        relative_shift_matrix(3, d) @ relative_shift_matrix(4, d),
        relative_shift_matrix(7, d),
        atol=1e-13,
    )
    np.testing.assert_allclose(relative_shift_matrix(0, d), np.eye(d), atol=0)
    pe = sinusoidal_positional_encoding(40, d)
    dots = [pe[p] @ pe[p + 5] for p in range(30)]
    np.testing.assert_allclose(dots, dots[0], rtol=1e-12)


def test_bad_arguments():
    with pytest.raises(ValueError, match="sinusoidal_positional_encoding: expected an even"):
        sinusoidal_positional_encoding(4, 5)
    with pytest.raises(ValueError, match="sinusoidal_positional_encoding: expected base in"):
        sinusoidal_positional_encoding(4, 4, base=1.0)
    with pytest.raises(TypeError, match="relative_shift_matrix: expected an integer shift"):
        relative_shift_matrix(1.5, 4)
