r"""A linear autoencoder learns PCA's subspace (Goodfellow et al., §14.1, §2.12).

With a linear encoder and decoder, :math:`r(\boldsymbol x) = \boldsymbol D(\boldsymbol E
\boldsymbol x + \boldsymbol b) + \boldsymbol c`, and squared error, the reconstruction is
:math:`\boldsymbol\mu + \boldsymbol P(\boldsymbol x - \boldsymbol\mu)` at the optimum over
the biases, with :math:`\boldsymbol P = \boldsymbol D \boldsymbol E` of rank at most
:math:`k`. The best such :math:`\boldsymbol P` (Eckart–Young) is the orthogonal projection onto
the span of the top :math:`k` principal directions, so at any global minimum the decoder's
columns span that subspace (when the data's covariance has
:math:`\lambda_k > \lambda_{k+1}`), although they need not be
orthonormal nor equal to the principal directions themselves. (The encoder's rows are pinned
down only within the span of the centred data: a component orthogonal to it never changes a
code.) Principal angles measure how close two subspaces are independently of the bases
chosen for them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.linalg import subspace_angles

from dlnotes._validation import as_float_array, fail
from dlnotes.generative.autoencoder import Autoencoder
from dlnotes.linalg import PCA
from dlnotes.nn import Linear, Sequential

__all__ = ["PCAComparison", "compare_with_pca", "principal_angles"]


def principal_angles(A: Any, B: Any) -> np.ndarray:
    r"""Principal angles, in degrees, between the column spaces of ``A`` and ``B``.

    With orthonormal bases :math:`\boldsymbol Q_A, \boldsymbol Q_B`, the cosines of the angles
    are the singular values of :math:`\boldsymbol Q_A^\top \boldsymbol Q_B`; the largest angle
    is 0 exactly when one space contains the other. Computed by
    ``scipy.linalg.subspace_angles`` (accurate for small angles too).

    Parameters
    ----------
    A, B : array_like
        Matrices with the same number of rows.

    Returns
    -------
    numpy.ndarray
        ``min(rank)`` angles in degrees, largest first.

    Shape
    -----
    - A ``(n, k)``, B ``(n, l)``; output ``(min(k, l),)``.

    Examples
    --------
    >>> principal_angles(np.array([[1.0], [0.0]]), np.array([[1.0], [1.0]]))
    array([45.])
    """
    A = as_float_array("principal_angles", A, "A")
    B = as_float_array("principal_angles", B, "B")
    if A.ndim != 2 or B.ndim != 2 or A.shape[0] != B.shape[0]:
        fail("principal_angles", "A and B of shapes (n, k) and (n, l)", (A.shape, B.shape))
    return np.degrees(subspace_angles(A, B))


class PCAComparison:
    """Principal angles between a linear autoencoder's subspaces and PCA's.

    Attributes
    ----------
    decoder_angles : numpy.ndarray
        Angles (degrees, largest first) between the decoder's columns and the top ``k``
        principal directions.
    column_alignment : numpy.ndarray
        Angle (degrees) between each decoder column and the principal direction of the same
        index, ignoring sign: large values show the columns are a basis of the subspace, not
        the principal directions themselves.
    pca : dlnotes.linalg.PCA
        The fitted PCA with ``k`` components.
    """

    def __init__(self, decoder_angles: np.ndarray, column_alignment: np.ndarray, pca: PCA):
        self.decoder_angles = decoder_angles
        self.column_alignment = column_alignment
        self.pca = pca

    @property
    def largest_angle(self) -> float:
        """The largest principal angle between the two subspaces, in degrees."""
        return float(self.decoder_angles.max())

    def __repr__(self) -> str:
        return f"PCAComparison(largest_angle={self.largest_angle:.3g} degrees)"


def compare_with_pca(model: Autoencoder, X: Any) -> PCAComparison:
    r"""Compare a linear autoencoder, trained on ``X``, with PCA of ``X`` (centred).

    Parameters
    ----------
    model : Autoencoder
        Encoder ``Sequential(Linear(n, k))`` and decoder ``Sequential(Linear(k, n))``, as
        :func:`~dlnotes.generative.dense_autoencoder` builds with ``activation=None,
        output=None``.
    X : array_like
        The data.

    Returns
    -------
    PCAComparison

    Shape
    -----
    - X ``(N, n)``.

    Examples
    --------
    >>> from dlnotes.generative import dense_autoencoder
    >>> X = np.random.default_rng(0).normal(size=(50, 5))
    >>> model = dense_autoencoder(5, 2, activation=None, output=None)
    >>> compare_with_pca(model, X).decoder_angles.shape
    (2,)
    """
    owner = "compare_with_pca"
    linear_parts = []
    for part in (model.encoder, model.decoder):
        if not (isinstance(part, Sequential) and len(part) == 1 and isinstance(part[0], Linear)):
            fail(owner, "an encoder and decoder that are each Sequential(Linear)", repr(part))
        linear_parts.append(part[0])
    encoder, decoder = linear_parts
    assert isinstance(encoder, Linear) and isinstance(decoder, Linear)
    if encoder.out_features != decoder.in_features:
        fail(owner, "a decoder whose input size is the code size", decoder.in_features)
    X = as_float_array(owner, X, "X")
    k = encoder.out_features
    pca = PCA(n_components=k).fit(X)
    assert pca.decoder is not None
    D = decoder.weight.data
    cosines = np.abs(np.sum(D * pca.decoder, axis=0)) / np.linalg.norm(D, axis=0)
    return PCAComparison(
        decoder_angles=principal_angles(D, pca.decoder),
        column_alignment=np.degrees(np.arccos(np.clip(cosines, 0.0, 1.0))),
        pca=pca,
    )
