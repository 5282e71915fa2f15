r"""Output sizes of valid, same and full convolutions, with stride (Goodfellow et al., §9.5).

Along one axis of length :math:`m`, a kernel of width :math:`k` with :math:`p` zeros on each
side and stride :math:`s` gives

.. math:: \left\lfloor \frac{m + 2p - k}{s} \right\rfloor + 1

outputs (:func:`dlnotes.nn.functional.conv_output_size`). The three named cases are
*valid* (:math:`p = 0`: :math:`m - k + 1`, the representation shrinks by :math:`k - 1` every
layer), *same* (:math:`p = (k-1)/2` for odd :math:`k`: :math:`m`, any depth is possible but
border pixels are seen by fewer kernel positions) and *full* (:math:`p = k - 1`:
:math:`m + k - 1`, every input pixel visited :math:`k` times in each direction).
"""

from __future__ import annotations

from dlnotes._validation import check_positive_int, fail
from dlnotes.nn.functional import conv_output_size

__all__ = ["padding_for_mode", "output_length"]


def padding_for_mode(kernel_size: int, mode: str) -> int:
    """Zeros on each side for ``mode``: valid 0, same ``(k - 1) // 2`` (odd k), full ``k - 1``.

    Examples
    --------
    >>> [padding_for_mode(5, m) for m in ("valid", "same", "full")]
    [0, 2, 4]
    """
    k = check_positive_int("padding_for_mode", "kernel_size", kernel_size)
    if mode == "valid":
        return 0
    if mode == "full":
        return k - 1
    if mode == "same":
        if k % 2 == 0:
            fail("padding_for_mode", "an odd kernel_size for mode 'same'", k)
        return (k - 1) // 2
    fail("padding_for_mode", "mode 'valid', 'same' or 'full'", repr(mode))


def output_length(size: int, kernel_size: int, mode: str = "valid", stride: int = 1) -> int:
    r"""Outputs along one axis of length ``size`` for ``mode`` and ``stride``.

    Valid needs ``kernel_size <= size``. Goodfellow et al., §9.5.

    Examples
    --------
    >>> [output_length(28, 5, m) for m in ("valid", "same", "full")]
    [24, 28, 32]
    >>> output_length(28, 5, "same", stride=2)
    14
    """
    owner = "output_length"
    m = check_positive_int(owner, "size", size)
    s = check_positive_int(owner, "stride", stride)
    p = padding_for_mode(kernel_size, mode)
    if kernel_size > m + 2 * p:
        fail(owner, f"kernel_size at most the padded length {m + 2 * p}", kernel_size)
    return conv_output_size(m, kernel_size, s, p)
