r"""The contractive penalty :math:`\lambda\,\|\partial \boldsymbol h / \partial \boldsymbol x\|_F^2`
for a sigmoid encoder (Goodfellow et al., §14.2.3, §14.7).

For the encoder :math:`\boldsymbol h = \sigma(\boldsymbol W \boldsymbol x + \boldsymbol b)`
(``W`` of shape ``(k, n)``, PyTorch's layout) the Jacobian is
:math:`\boldsymbol J = \operatorname{diag}(\boldsymbol s)\,\boldsymbol W` with
:math:`s_j = h_j(1 - h_j)`, so its squared Frobenius norm has the closed form

.. math:: \|\boldsymbol J\|_F^2 = \sum_j s_j^2 \sum_i W_{ji}^2 ,

cheap to compute from the code and the weight alone. The penalty makes the code locally
insensitive to the input except in the few directions needed to reconstruct the data.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_forward_called, check_range, fail
from dlnotes.nn import Linear, Module, Parameter, Sequential, Sigmoid

__all__ = ["ContractivePenalty", "encoder_jacobian", "mean_jacobian_norm"]


def _sigmoid_encoder_layer(owner: str, encoder: Any) -> Linear:
    """The Linear layer of a ``Sequential(Linear, Sigmoid)`` encoder, else a clear error."""
    ok = (
        isinstance(encoder, Sequential)
        and len(encoder) == 2
        and isinstance(encoder[0], Linear)
        and isinstance(encoder[1], Sigmoid)
    )
    if not ok:
        fail(owner, "an encoder Sequential(Linear, Sigmoid)", repr(encoder), TypeError)
    layer = encoder[0]
    assert isinstance(layer, Linear)
    return layer


def encoder_jacobian(encoder: Module, x: Any) -> np.ndarray:
    r"""The Jacobian :math:`\partial h / \partial x = \operatorname{diag}(h \odot (1 - h))\, W`
    of a sigmoid encoder at each sample.

    Parameters
    ----------
    encoder : dlnotes.nn.Sequential
        ``Sequential(Linear(n, k), Sigmoid())``.
    x : array_like
        Inputs.

    Returns
    -------
    numpy.ndarray
        One ``(k, n)`` Jacobian per sample.

    Shape
    -----
    - x ``(N, n)``; output ``(N, k, n)``.

    Examples
    --------
    >>> from dlnotes.nn import Linear, Sequential, Sigmoid
    >>> enc = Sequential(Linear(3, 2, rng=np.random.default_rng(0)), Sigmoid())
    >>> encoder_jacobian(enc, np.zeros((4, 3))).shape
    (4, 2, 3)
    """
    layer = _sigmoid_encoder_layer("encoder_jacobian", encoder)
    x = as_float_array("encoder_jacobian", x, "x")
    h = np.asarray(encoder(x))
    s = h * (1 - h)
    return s[:, :, None] * layer.weight.data[None, :, :]


def mean_jacobian_norm(encoder: Module, x: Any) -> float:
    r"""Mean over samples of :math:`\|\partial h / \partial x\|_F^2` by the closed form.

    Parameters
    ----------
    encoder : dlnotes.nn.Sequential
        ``Sequential(Linear(n, k), Sigmoid())``.
    x : array_like
        Inputs.

    Returns
    -------
    float

    Shape
    -----
    - x ``(N, n)``.

    Examples
    --------
    >>> from dlnotes.nn import Linear, Sequential, Sigmoid
    >>> enc = Sequential(Linear(3, 2, bias=False), Sigmoid())
    >>> enc[0].weight.data[:] = 1.0
    >>> mean_jacobian_norm(enc, np.zeros((1, 3)))  # 2 units * 0.25**2 * 3 weights
    0.375
    """
    layer = _sigmoid_encoder_layer("mean_jacobian_norm", encoder)
    x = as_float_array("mean_jacobian_norm", x, "x")
    h = np.asarray(encoder(x))
    s = h * (1 - h)
    row_norms = np.sum(layer.weight.data**2, axis=1)
    return float(np.mean(np.sum(s**2 * row_norms, axis=1)))


class ContractivePenalty:
    r""":math:`\Omega = \frac{\lambda}{N} \sum_n \|J(x_n)\|_F^2` for a sigmoid encoder.

    With :math:`s = h(1 - h)`, :math:`w_j = \sum_i W_{ji}^2` and
    :math:`\Omega = \frac{\lambda}{N}\sum_{n,j} s_{nj}^2 w_j`, the penalty depends on the
    code (through :math:`s`) and directly on :math:`W` (through :math:`w`). Since
    :math:`\mathrm ds/\mathrm dh = 1 - 2h`,

    .. math:: \frac{\partial \Omega}{\partial h_{nj}} = \frac{2\lambda}{N} s_{nj}(1 - 2h_{nj})
              w_j, \qquad \frac{\partial \Omega}{\partial W_{ji}}\Big|_{h} =
              \frac{2\lambda}{N} W_{ji} \sum_n s_{nj}^2 ;

    ``backward`` returns the first (which back-propagates through the sigmoid and the linear
    layer like any code gradient) and adds the second into ``weight.grad``. Goodfellow et al.,
    §14.7 (Rifai et al., 2011).

    Parameters
    ----------
    weight : dlnotes.nn.Parameter
        The encoder's weight :math:`W`, ``(k, n)``, e.g. ``model.encoder[0].weight``.
    strength : float
        :math:`\lambda \ge 0`.

    Shape
    -----
    - h ``(N, k)``, the codes produced with this weight; the gradient has the same shape.

    Examples
    --------
    >>> from dlnotes.nn import Parameter
    >>> penalty = ContractivePenalty(Parameter(np.ones((2, 3))), strength=1.0)
    >>> penalty(np.full((1, 2), 0.5))  # 2 units * 0.25**2 * 3
    0.375
    """

    def __init__(self, weight: Parameter, strength: float) -> None:
        if not isinstance(weight, Parameter) or weight.data.ndim != 2:
            fail(
                "ContractivePenalty",
                "a 2-D Parameter (the encoder weight)",
                repr(weight),
                TypeError,
            )
        self.weight = weight
        self.strength = check_range("ContractivePenalty", "strength", strength, 0.0)
        self._h: np.ndarray | None = None

    def __call__(self, h: Any) -> float:
        """The penalty of the batch of codes ``h``; keeps ``h`` for ``backward``."""
        h = as_float_array("ContractivePenalty", h, "h")
        k = self.weight.data.shape[0]
        if h.ndim != 2 or h.shape[1] != k or len(h) == 0:
            fail("ContractivePenalty", f"codes of shape (N, {k})", tuple(h.shape))
        self._h = h
        s = h * (1 - h)
        row_norms = np.sum(self.weight.data**2, axis=1)
        return self.strength * float(np.sum(s**2 * row_norms)) / len(h)

    def backward(self, grad_output: float = 1.0) -> np.ndarray:
        """``grad_output`` times dΩ/dh; adds ``grad_output`` times dΩ/dW into ``weight.grad``."""
        h = check_forward_called("ContractivePenalty", self._h)
        n = len(h)
        W = self.weight.data
        s = h * (1 - h)
        row_norms = np.sum(W**2, axis=1)
        scale = grad_output * 2.0 * self.strength / n
        self.weight.grad += scale * np.sum(s**2, axis=0)[:, None] * W
        return scale * s * (1 - 2 * h) * row_norms

    def __repr__(self) -> str:
        return f"ContractivePenalty(strength={self.strength})"
