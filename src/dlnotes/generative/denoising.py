r"""Corruption processes for the denoising autoencoder (Goodfellow et al., §14.2.2, §14.5).

A denoising autoencoder is trained to map a corrupted input :math:`\tilde{\boldsymbol x} \sim
C(\tilde{\boldsymbol x} \mid \boldsymbol x)` back to the clean :math:`\boldsymbol x`, i.e. to
minimise :math:`\mathbb E\,\|g(f(\tilde{\boldsymbol x})) - \boldsymbol x\|^2`. It cannot
succeed by copying, so it must learn where the data lie. Each corruption here is a callable
``corruption(x, rng)``, what :func:`~dlnotes.generative.train_autoencoder` expects.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, as_generator, check_range

__all__ = ["AdditiveGaussianNoise", "MaskingNoise"]


class MaskingNoise:
    r"""Set each input component to zero independently with probability ``p``.

    :math:`\tilde x_i = m_i x_i`, :math:`m_i \sim \text{Bernoulli}(1 - p)`, with no rescaling
    (unlike dropout): the decoder must fill in the missing pixels (Goodfellow et al.,
    §14.2.2).

    Parameters
    ----------
    p : float
        Probability of masking a component, in [0, 1].

    Shape
    -----
    - x any shape; output the same shape.

    Examples
    --------
    >>> MaskingNoise(1.0)(np.ones(3), np.random.default_rng(0))
    array([0., 0., 0.])
    """

    def __init__(self, p: float) -> None:
        self.p = check_range("MaskingNoise", "p", p, 0.0, 1.0)

    def __call__(self, x: Any, rng: np.random.Generator | None = None) -> np.ndarray:
        """A corrupted copy of ``x`` (``x`` itself is not modified)."""
        x = as_float_array("MaskingNoise", x, "x")
        gen = as_generator("MaskingNoise", rng)
        keep = gen.random(x.shape) >= self.p
        return np.where(keep, x, 0.0).astype(x.dtype, copy=False)

    def __repr__(self) -> str:
        return f"MaskingNoise(p={self.p})"


class AdditiveGaussianNoise:
    r"""Add independent Gaussian noise, :math:`\tilde x = x + \sigma \epsilon`, :math:`\epsilon
    \sim \mathcal N(0, I)`.

    Trained with squared error under this noise, the optimal reconstruction function
    satisfies :math:`r(x) - x \approx \sigma^2 \nabla_x \log p(x)` as :math:`\sigma \to 0`
    (Alain and Bengio; Goodfellow et al., §14.5.1). Pixels are not clipped.

    Parameters
    ----------
    sigma : float
        Standard deviation :math:`\sigma \ge 0`.

    Shape
    -----
    - x any shape; output the same shape.

    Examples
    --------
    >>> AdditiveGaussianNoise(0.0)(np.ones(2), np.random.default_rng(0))
    array([1., 1.])
    """

    def __init__(self, sigma: float) -> None:
        self.sigma = check_range("AdditiveGaussianNoise", "sigma", sigma, 0.0)

    def __call__(self, x: Any, rng: np.random.Generator | None = None) -> np.ndarray:
        """A corrupted copy of ``x`` (``x`` itself is not modified)."""
        x = as_float_array("AdditiveGaussianNoise", x, "x")
        gen = as_generator("AdditiveGaussianNoise", rng)
        return (x + self.sigma * gen.standard_normal(x.shape)).astype(x.dtype, copy=False)

    def __repr__(self) -> str:
        return f"AdditiveGaussianNoise(sigma={self.sigma})"
