r"""Sinusoidal positional encodings (Vaswani et al., 2017).

Self-attention treats its input as a set: permuting the positions permutes the output in the
same way. To let a model use order, position :math:`p` gets the vector

.. math::
    \mathrm{PE}_{p, 2i} = \sin(p\,\omega_i), \qquad \mathrm{PE}_{p, 2i+1} = \cos(p\,\omega_i),
    \qquad \omega_i = b^{-2i/d},

added to the token embedding (base :math:`b = 10\,000`). Each pair of features is a point
on the unit circle turning at its own frequency, so every entry lies in :math:`[-1, 1]`, and
a shift by :math:`k` positions is the *same* rotation for every :math:`p`:
:math:`\mathrm{PE}_{p+k} = \boldsymbol M_k \mathrm{PE}_p` with :math:`\boldsymbol M_k`
block-diagonal (:func:`relative_shift_matrix`). A linear layer can therefore express
"attend to the position :math:`k` steps away".

Goodfellow et al., §12.4.5.1 (attention); the encodings themselves postdate the book.
"""

from __future__ import annotations

import numpy as np

from dlnotes._validation import check_nonnegative_int, check_positive_int, check_range, fail

__all__ = ["sinusoidal_positional_encoding", "relative_shift_matrix"]


def _frequencies(owner: str, d_model: int, base: float) -> np.ndarray:
    d_model = check_positive_int(owner, "d_model", d_model)
    if d_model % 2:
        fail(owner, "an even d_model (sines and cosines come in pairs)", d_model)
    base = check_range(owner, "base", base, 1.0, low_inclusive=False)
    return np.asarray(base ** (-np.arange(0, d_model, 2) / d_model))


def sinusoidal_positional_encoding(length: int, d_model: int, base: float = 10_000.0) -> np.ndarray:
    """The ``(length, d_model)`` table of sinusoidal encodings for positions ``0..length-1``.

    Goodfellow et al., §12.4.5.1.

    Shape
    -----
    - output: ``(length, d_model)``, float64, columns alternating sine and cosine

    Examples
    --------
    >>> pe = sinusoidal_positional_encoding(3, 4)
    >>> pe[0].tolist()
    [0.0, 1.0, 0.0, 1.0]
    >>> bool(np.allclose(pe[1, :2], [np.sin(1.0), np.cos(1.0)]))
    True
    """
    owner = "sinusoidal_positional_encoding"
    length = check_nonnegative_int(owner, "length", length)
    omega = _frequencies(owner, d_model, base)
    angles = np.arange(length)[:, None] * omega[None, :]
    table = np.empty((length, d_model))
    table[:, 0::2] = np.sin(angles)
    table[:, 1::2] = np.cos(angles)
    return table


def relative_shift_matrix(shift: int, d_model: int, base: float = 10_000.0) -> np.ndarray:
    r"""The matrix :math:`\boldsymbol M_k` with ``PE[p + k] = M_k @ PE[p]`` for every ``p``.

    From :math:`\sin((p+k)\omega) = \sin p\omega \cos k\omega + \cos p\omega \sin k\omega` and
    :math:`\cos((p+k)\omega) = \cos p\omega \cos k\omega - \sin p\omega \sin k\omega`, each
    (sine, cosine) pair is rotated by the angle :math:`k\omega_i`; the matrix is orthogonal
    and does not depend on ``p``.

    Goodfellow et al., §12.4.5.1.

    Shape
    -----
    - output: ``(d_model, d_model)``, block-diagonal with 2 by 2 rotation blocks

    Examples
    --------
    >>> pe = sinusoidal_positional_encoding(10, 6)
    >>> bool(np.allclose(pe[:7] @ relative_shift_matrix(3, 6).T, pe[3:]))
    True
    """
    owner = "relative_shift_matrix"
    if isinstance(shift, bool) or not isinstance(shift, (int, np.integer)):
        fail(owner, "an integer shift", repr(shift), TypeError)
    angles = int(shift) * _frequencies(owner, d_model, base)
    matrix = np.zeros((d_model, d_model))
    cos, sin = np.cos(angles), np.sin(angles)
    even = np.arange(0, d_model, 2)
    matrix[even, even] = cos
    matrix[even, even + 1] = sin
    matrix[even + 1, even] = -sin
    matrix[even + 1, even + 1] = cos
    return matrix
