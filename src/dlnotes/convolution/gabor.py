r"""Gabor functions: the model of V1 simple cells, a filter bank, and complex-cell energy.

A simple cell's weights are modelled by a Gabor function (Goodfellow et al., §9.10), a
Gaussian envelope times a cosine along a rotated axis:

.. math:: w(x, y) = \alpha\, e^{-\beta_x x'^2 - \beta_y y'^2}\cos(f x' + \phi),

with :math:`x' = x\cos\tau + y\sin\tau`, :math:`y' = -x\sin\tau + y\cos\tau`, where
:math:`(x, y)` is the offset from the centre of the receptive field (here the kernel's centre;
:math:`x` counts columns to the right and :math:`y` rows downwards), :math:`\tau` the
orientation, :math:`f` the angular frequency and :math:`\phi` the phase. A *complex cell*
combines a quadrature pair, two simple cells whose phases differ by :math:`\pi/2`, as
:math:`c = \sqrt{s_0^2 + s_1^2}`; this energy is nearly unchanged when a grating of the
preferred orientation and frequency moves (a change of its phase), while each simple cell's
response swings between positive and negative values.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import check_positive_int, check_range, fail
from dlnotes.convolution._images import as_image
from dlnotes.nn.functional import conv2d

__all__ = ["gabor_kernel", "GaborBank", "gabor_bank", "gabor_responses", "complex_cell_energy"]


def _odd_size(owner: str, size: Any) -> int:
    size = check_positive_int(owner, "size", size)
    if size % 2 == 0:
        fail(owner, "an odd kernel size", size)
    return size


def gabor_kernel(
    size: int,
    *,
    frequency: float,
    orientation: float,
    beta_x: float,
    beta_y: float | None = None,
    phase: float = 0.0,
    alpha: float = 1.0,
    zero_mean: bool = False,
) -> np.ndarray:
    r"""Sample the Gabor function on a ``size x size`` grid centred on the kernel.

    Parameters
    ----------
    size : int
        Odd side of the kernel.
    frequency : float
        Angular frequency :math:`f` in radians per pixel (wavelength ``2 pi / f`` pixels).
    orientation : float
        :math:`\tau`, in radians.
    beta_x, beta_y : float
        Envelope widths; ``beta = 1 / (2 sigma**2)``. ``beta_y`` defaults to ``beta_x``.
    phase, alpha : float
        :math:`\phi` and the amplitude :math:`\alpha`.
    zero_mean : bool
        Subtract the kernel's mean so that a uniform patch gives exactly zero (the cosine
        Gabor has a small mean of its own); not part of the book's formula.

    Returns
    -------
    numpy.ndarray
        The kernel, float64.

    Shape
    -----
    - result: ``(size, size)``

    Notes
    -----
    Goodfellow et al., §9.10.

    Examples
    --------
    >>> k = gabor_kernel(9, frequency=np.pi / 2, orientation=0.0, beta_x=0.1)
    >>> k.shape, bool(np.allclose(k, k[::-1]))   # tau = 0: constant along y' up to the envelope
    ((9, 9), True)
    """
    owner = "gabor_kernel"
    size = _odd_size(owner, size)
    f = check_range(owner, "frequency", frequency, 0.0)
    tau = check_range(owner, "orientation", orientation)
    bx = check_range(owner, "beta_x", beta_x, 0.0, low_inclusive=False)
    by = bx if beta_y is None else check_range(owner, "beta_y", beta_y, 0.0, low_inclusive=False)
    offsets = np.arange(size) - size // 2
    y, x = np.meshgrid(offsets, offsets, indexing="ij")
    xr = x * np.cos(tau) + y * np.sin(tau)
    yr = -x * np.sin(tau) + y * np.cos(tau)
    w = alpha * np.exp(-bx * xr**2 - by * yr**2) * np.cos(f * xr + phase)
    return w - w.mean() if zero_mean else w


class GaborBank(NamedTuple):
    """Kernels of a Gabor filter bank and the parameters of each."""

    kernels: np.ndarray  #: ``(F, size, size)``
    orientations: np.ndarray  #: ``(F,)`` radians
    frequencies: np.ndarray  #: ``(F,)`` radians per pixel


def gabor_bank(
    size: int, n_orientations: int, frequencies: Any, *, cycles: float = 0.5
) -> GaborBank:
    r"""Zero-mean, unit-norm cosine Gabor kernels at evenly spaced orientations.

    Orientations :math:`\tau = \pi m / M`, ``m = 0 .. M-1``; for each frequency the envelope
    is isotropic with standard deviation ``cycles`` wavelengths, ``sigma = 2 pi cycles / f``
    (so every kernel shows about the same number of stripes under its envelope).
    Goodfellow et al., §9.10.

    Shape
    -----
    - frequencies: ``(K,)`` → kernels ``(K * M, size, size)``, frequency-major
    """
    owner = "gabor_bank"
    size = _odd_size(owner, size)
    m = check_positive_int(owner, "n_orientations", n_orientations)
    cycles = check_range(owner, "cycles", cycles, 0.0, low_inclusive=False)
    freqs = np.atleast_1d(np.asarray(frequencies, dtype=float))
    if freqs.ndim != 1 or np.any(freqs <= 0):
        fail(owner, "positive frequencies", freqs)
    kernels, taus, fs = [], [], []
    for f in freqs:
        sigma = 2 * np.pi * cycles / f
        for tau in np.pi * np.arange(m) / m:
            k = gabor_kernel(
                size, frequency=f, orientation=tau, beta_x=1 / (2 * sigma**2), zero_mean=True
            )
            kernels.append(k / np.linalg.norm(k))
            taus.append(tau)
            fs.append(f)
    return GaborBank(np.stack(kernels), np.array(taus), np.array(fs))


def gabor_responses(image: Any, kernels: Any) -> np.ndarray:
    """Responses of every kernel to ``image``, zero-padded to the image's size ("same").

    One call of :func:`dlnotes.nn.functional.conv2d` with the kernels as output channels.
    Goodfellow et al., §9.10.

    Shape
    -----
    - image: ``(H, W)``; kernels: ``(F, k, k)``, ``k`` odd → ``(F, H, W)``
    """
    owner = "gabor_responses"
    x = as_image(owner, image)
    k = np.asarray(kernels, dtype=x.dtype)
    if k.ndim != 3 or k.shape[1] != k.shape[2] or k.shape[1] % 2 == 0:
        fail(owner, "kernels of shape (F, k, k) with k odd", k.shape)
    return conv2d(x[None, None], k[:, None], padding=k.shape[1] // 2, owner=owner)[0]


def complex_cell_energy(
    image: Any, size: int, *, frequency: float, orientation: float, beta: float
) -> np.ndarray:
    r"""Complex-cell response :math:`\sqrt{s_0^2 + s_1^2}` of a quadrature pair of Gabors.

    :math:`s_0` and :math:`s_1` are the "same"-size responses of the phase-0 and phase
    :math:`\pi/2` kernels (:func:`gabor_kernel`, ``zero_mean=True``). Goodfellow et al., §9.10.

    Shape
    -----
    - image: ``(H, W)`` → ``(H, W)``
    """
    pair = np.stack(
        [
            gabor_kernel(
                size,
                frequency=frequency,
                orientation=orientation,
                beta_x=beta,
                phase=phase,
                zero_mean=True,
            )
            for phase in (0.0, np.pi / 2)
        ]
    )
    s = gabor_responses(image, pair)
    return np.asarray(np.hypot(s[0], s[1]))
