"""Inverted dropout, forward and backward.

Each unit is kept with probability ``1 - p`` and the kept units are scaled by ``1 / (1 - p)``
during training, so the expected activation is unchanged and evaluation needs no rescaling
(the "weight scaling inference rule" applied at training time instead).

Goodfellow et al., §7.12 (dropout).
"""

from __future__ import annotations

import numpy as np

from dlnotes._validation import as_float_array, as_generator, check_range

__all__ = ["dropout_forward", "dropout_backward", "dropout"]


def dropout_forward(
    x: np.ndarray,
    p: float = 0.5,
    training: bool = True,
    rng: np.random.Generator | None = None,
    *,
    owner: str = "dropout",
) -> tuple[np.ndarray, np.ndarray | None]:
    r"""Inverted dropout, :math:`y = x \odot m / (1 - p)`, :math:`m_i \sim \mathrm{Bernoulli}(1-p)`.

    Parameters
    ----------
    x : numpy.ndarray
        Any shape.
    p : float
        Probability of dropping a unit, in ``[0, 1]``; ``p = 1`` drops everything.
    training : bool
        If ``False`` (or ``p == 0``) the input is returned unchanged.
    rng : numpy.random.Generator, optional
        Draws the mask; ``None`` means a fresh generator.
    owner : str
        Name used in error messages (the public class that calls the kernel).

    Returns
    -------
    out : numpy.ndarray
        Same shape and dtype as ``x``.
    cache : numpy.ndarray or None
        The scaled mask ``m / (1 - p)`` (``None`` when nothing was dropped). A single array,
        so the cache is the mask itself rather than a tuple.

    Shape
    -----
    Input ``(*)``; output and mask the same shape.

    Examples
    --------
    >>> out, mask = dropout_forward(np.ones(6), p=0.5, rng=np.random.default_rng(0))
    >>> sorted(set(out.tolist()))
    [0.0, 2.0]
    """
    x = as_float_array(owner, x)
    p = check_range(owner, "p", p, 0.0, 1.0)
    if not training or p == 0.0:
        return x, None
    rng = as_generator(owner, rng)
    keep = rng.random(x.shape, dtype=x.dtype) >= p
    scale = x.dtype.type(0.0 if p == 1.0 else 1.0 / (1.0 - p))
    mask = keep * scale
    return x * mask, mask


def dropout_backward(grad_output: np.ndarray, cache: np.ndarray | None) -> np.ndarray:
    """Gradient of dropout: the upstream gradient through the same scaled mask.

    Shape
    -----
    ``grad_output`` has the forward input's shape; so has the result.

    Examples
    --------
    >>> out, mask = dropout_forward(np.ones(4), p=0.5, rng=np.random.default_rng(0))
    >>> bool(np.array_equal(dropout_backward(np.ones(4), mask), out))
    True
    """
    if cache is None:
        return np.array(grad_output, copy=True)
    return grad_output * cache


def dropout(
    x: np.ndarray, p: float = 0.5, training: bool = True, rng: np.random.Generator | None = None
) -> np.ndarray:
    """One-way inverted dropout.

    Shape
    -----
    Input ``(*)``, output the same shape.

    Examples
    --------
    >>> dropout(np.ones(3), p=0.5, training=False)
    array([1., 1., 1.])
    """
    return dropout_forward(x, p, training, rng)[0]
