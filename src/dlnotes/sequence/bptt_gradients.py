"""Back-propagation through time measured: a gradient check over a whole sequence, and how the
gradient reaching each earlier input grows or shrinks with the distance.

* :func:`bptt_relative_errors` checks a recurrent layer's ``backward`` (RNN, LSTM, GRU) against
  central differences of ``sum(G * output)`` for a random upstream gradient ``G`` on *every*
  time step's output, and returns the relative error of every gradient.
* :func:`input_gradient_norms` puts the loss on the last output only, :math:`L = \\langle
  \\boldsymbol u, \\boldsymbol h^{(T)} \\rangle`, and returns :math:`\\lVert \\partial L /
  \\partial \\boldsymbol x^{(t)} \\rVert` for every :math:`t`: by the chain rule this is
  :math:`\\boldsymbol u^\\top (\\partial \\boldsymbol h^{(T)} / \\partial \\boldsymbol
  h^{(t)}) (\\partial \\boldsymbol h^{(t)} / \\partial \\boldsymbol x^{(t)})`, a product of
  :math:`T - t` Jacobians, so its norm changes roughly geometrically with the lag
  :math:`T - t`.

Goodfellow et al., §10.2.2 (BPTT) and §10.7 (long-term dependencies).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, as_generator, fail
from dlnotes.gradcheck import numerical_gradient, numerical_gradient_in_place, relative_error

__all__ = ["bptt_relative_errors", "input_gradient_norms"]


def _output(layer: Any, x: np.ndarray) -> np.ndarray:
    out = layer(x)
    return np.asarray(out[0] if isinstance(out, tuple) else out)


def bptt_relative_errors(
    layer: Any, x: np.ndarray, rng: np.random.Generator | None = None, eps: float = 1e-6
) -> dict[str, float]:
    """Relative error of every BPTT gradient against central differences.

    The upstream gradient is random on every time step and unit of the output sequence, so
    each step's contribution (through the output at that step and through every later
    state) enters the check. Use float64 layers and inputs.

    Goodfellow et al., §10.2.2 and §11.5.

    Parameters
    ----------
    layer : RNN, LSTM or GRU
        Or any module whose forward returns the output sequence (or a tuple starting with it)
        and whose ``backward(grad_output)`` returns the input gradient.
    x : numpy.ndarray
        Input sequence in the layer's layout.
    rng : numpy.random.Generator, optional
        Draws the upstream gradient.
    eps : float
        Central-difference step.

    Returns
    -------
    dict
        ``{"input": error, "<parameter name>": error, ...}`` with
        :func:`~dlnotes.gradcheck.relative_error` of each gradient.

    Shape
    -----
    - x: ``(L, N, H_in)`` (or the layer's other layouts)

    Examples
    --------
    >>> from dlnotes.nn import GRU
    >>> rng = np.random.default_rng(0)
    >>> errors = bptt_relative_errors(GRU(2, 3, rng=rng), rng.normal(size=(5, 1, 2)), rng)
    >>> max(errors.values()) < 1e-7
    True
    """
    owner = "bptt_relative_errors"
    inputs = as_float_array(owner, x, "x")
    if inputs.dtype != np.float64:
        fail(owner, "a float64 input (float32 rounding swamps the differences)", inputs.dtype)
    upstream = as_generator(owner, rng).normal(size=_output(layer, inputs).shape)
    for p in layer.parameters():
        p.zero_grad()
    _output(layer, inputs)
    analytic_x = layer.backward(upstream)
    errors = {
        "input": relative_error(
            analytic_x,
            numerical_gradient(lambda z: float(np.sum(upstream * _output(layer, z))), inputs, eps),
        )
    }
    for name, p in layer.named_parameters():
        numeric = numerical_gradient_in_place(
            lambda: float(np.sum(upstream * _output(layer, inputs))), p.data, eps
        )
        errors[name] = relative_error(p.grad, numeric)
    for p in layer.parameters():
        p.zero_grad()
    return errors


def input_gradient_norms(
    layer: Any, x: np.ndarray, direction: np.ndarray | None = None
) -> np.ndarray:
    r"""Norms :math:`\lVert \partial L / \partial \boldsymbol x^{(t)} \rVert_2` for
    :math:`L = \langle \boldsymbol u, \boldsymbol h^{(T)} \rangle`, one batch element.

    Goodfellow et al., §10.7.

    Parameters
    ----------
    layer : RNN, LSTM or GRU
        Time-major (``batch_first=False``), unidirectional.
    x : numpy.ndarray
        ``(T, H_in)`` or ``(T, 1, H_in)``.
    direction : numpy.ndarray, optional
        :math:`\boldsymbol u`, shape ``(H,)``; a unit vector along all ones if omitted.

    Returns
    -------
    numpy.ndarray
        ``(T,)``; entry ``t`` is the gradient norm at input ``t``, at lag ``T - 1 - t`` from
        the loss (so the last entry is lag 0).

    Shape
    -----
    - x: ``(T, H_in)`` or ``(T, 1, H_in)``; output: ``(T,)``

    Examples
    --------
    >>> from dlnotes.nn import RNN
    >>> layer = RNN(1, 1, bias=False, rng=np.random.default_rng(0))
    >>> layer.weight_ih_l0.data[...] = 1.0
    >>> layer.weight_hh_l0.data[...] = 0.0
    >>> input_gradient_norms(layer, np.zeros((3, 1))).tolist()  # only the last input matters
    [0.0, 0.0, 1.0]
    """
    owner = "input_gradient_norms"
    inputs = as_float_array(owner, x, "x")
    if inputs.ndim == 3:
        if inputs.shape[1] != 1:
            fail(owner, "one batch element, x of shape (T, 1, H_in)", inputs.shape)
        inputs = inputs[:, 0, :]
    if inputs.ndim != 2:
        fail(owner, "x of shape (T, H_in)", inputs.shape)
    if getattr(layer, "batch_first", False) or getattr(layer, "bidirectional", False):
        fail(owner, "a time-major, unidirectional layer", type(layer).__name__)
    output = _output(layer, inputs)
    hidden = output.shape[-1]
    u = np.full(hidden, 1 / np.sqrt(hidden)) if direction is None else np.asarray(direction)
    if u.shape != (hidden,):
        fail(owner, f"direction of shape ({hidden},)", u.shape)
    upstream = np.zeros_like(output)
    upstream[-1] = u
    grad_x = layer.backward(upstream)
    for p in layer.parameters():
        p.zero_grad()
    return np.linalg.norm(grad_x, axis=-1)
