"""How much of a gradient survives a trip back through a tanh RNN.

For :math:`\\boldsymbol h^{(t)} = \\tanh(\\boldsymbol W \\boldsymbol h^{(t-1)} + \\boldsymbol U
\\boldsymbol x^{(t)} + \\boldsymbol b)` the Jacobian of the last state with respect to an
earlier one is the product :math:`\\partial \\boldsymbol h^{(T)} / \\partial \\boldsymbol h^{(t)}
= \\prod_{s=t+1}^{T} \\operatorname{diag}(1 - (\\boldsymbol h^{(s)})^2)\\, \\boldsymbol W`. Its
spectral norm is at most :math:`\\lVert \\boldsymbol W \\rVert_2^{T-t}` (each tanh factor has
norm at most 1), so with :math:`\\lVert \\boldsymbol W \\rVert_2 < 1` the gradient vanishes
geometrically in the lag.

Goodfellow et al., §10.7.
"""

from __future__ import annotations

import numpy as np

from dlnotes._validation import as_float_array, fail

__all__ = ["tanh_rnn_jacobian_norms"]


def tanh_rnn_jacobian_norms(
    weight_hh: np.ndarray, weight_ih: np.ndarray, bias: np.ndarray, x: np.ndarray, h0: np.ndarray
) -> np.ndarray:
    """Spectral norms :math:`\\lVert \\partial \\boldsymbol h^{(T)} / \\partial \\boldsymbol
    h^{(T-k)} \\rVert_2` for lags :math:`k = 0, \\dots, T`.

    Goodfellow et al., §10.7.

    Shape
    -----
    weight_hh : ``(H, H)``; weight_ih : ``(H, H_in)``; bias : ``(H,)``; x : ``(T, H_in)``;
    h0 : ``(H,)``; returns ``(T + 1,)``, entry ``k`` for lag ``k`` (entry 0 is 1).

    Examples
    --------
    >>> norms = tanh_rnn_jacobian_norms(np.zeros((2, 2)), np.zeros((2, 1)), np.zeros(2),
    ...                                 np.zeros((3, 1)), np.zeros(2))
    >>> norms.tolist()
    [1.0, 0.0, 0.0, 0.0]
    """
    owner = "tanh_rnn_jacobian_norms"
    w = as_float_array(owner, weight_hh, "weight_hh")
    u = as_float_array(owner, weight_ih, "weight_ih")
    b = as_float_array(owner, bias, "bias")
    xs = as_float_array(owner, x, "x")
    h = as_float_array(owner, h0, "h0")
    if w.ndim != 2 or w.shape[0] != w.shape[1]:
        fail(owner, "weight_hh of shape (H, H)", w.shape)
    size = w.shape[0]
    if xs.ndim != 2:
        fail(owner, "x of shape (T, H_in)", xs.shape)
    if u.shape != (size, xs.shape[1]):
        fail(owner, f"weight_ih of shape ({size}, {xs.shape[1]})", u.shape)
    if b.shape != (size,) or h.shape != (size,):
        fail(owner, f"bias and h0 of shape ({size},)", f"{b.shape} and {h.shape}")
    # Forward pass, keeping each step's local Jacobian diag(1 - h^2) W.
    local = []
    for x_t in xs:
        h = np.tanh(w @ h + u @ x_t + b)
        local.append((1.0 - h**2)[:, None] * w)
    # Multiply from the last step backwards: J_k = J_{k-1} @ local[T - k].
    jacobian = np.eye(size, dtype=w.dtype)
    norms = [1.0]
    for step in reversed(local):
        jacobian = jacobian @ step
        norms.append(float(np.linalg.norm(jacobian, 2)))
    return np.asarray(norms, dtype=w.dtype)
