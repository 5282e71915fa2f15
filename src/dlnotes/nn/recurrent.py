"""Multi-layer, optionally bidirectional recurrent layers: ``RNN``, ``LSTM`` and ``GRU``.

Parameter names, shapes, gate orders and the input/state layouts are PyTorch's, so a
``torch.nn.LSTM`` state dict loads into :class:`LSTM` and gives the same outputs.

How the computation is organised (the same for the three layers):

* the input projections ``x_t W_ih^T + b_ih`` of *all* time steps do not depend on the
  recurrence, so they are one matrix product over the whole sequence;
* a Python loop over time then applies only the recurrent product ``h W_hh^T`` and the cell's
  element-wise part (the ``*_pointwise_forward`` kernels), keeping one cache per step;
* back-propagation through time is the same loop reversed: each step's kernel turns the
  gradient reaching ``h_t`` (from the output at ``t`` plus from step ``t + 1``) into gradients
  of the pre-activations, which are stacked so that the weight gradients and the input gradient
  are again single matrix products after the loop.

Goodfellow et al., §10.2.2 (BPTT), §10.3 (bidirectional RNNs), §10.5 (deep recurrent
networks), §10.10 (LSTM and GRU).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import (
    as_float_array,
    as_generator,
    check_positive_int,
    check_range,
    fail,
    resolve_dtype,
)
from dlnotes.nn.functional.dropout import dropout_backward, dropout_forward
from dlnotes.nn.functional.gru_cell import gru_pointwise_backward, gru_pointwise_forward
from dlnotes.nn.functional.lstm_cell import lstm_pointwise_backward, lstm_pointwise_forward
from dlnotes.nn.functional.rnn_cell import rnn_pointwise_backward, rnn_pointwise_forward
from dlnotes.nn.module import Module, Parameter

__all__ = ["RNN", "LSTM", "GRU"]

_GATES = {"RNN": 1, "LSTM": 4, "GRU": 3}


class _RecurrentLayer(Module):
    """Shared machinery; subclasses set ``_mode`` and the state structure."""

    _mode = "RNN"

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        nonlinearity: str = "tanh",
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        dtype: Any = None,
        rng: np.random.Generator | None = None,
    ) -> None:
        super().__init__()
        owner = type(self).__name__
        self.dropout = check_range(owner, "dropout", dropout, 0.0, 1.0)
        self.input_size = check_positive_int(owner, "input_size", input_size)
        self.hidden_size = check_positive_int(owner, "hidden_size", hidden_size)
        self.num_layers = check_positive_int(owner, "num_layers", num_layers)
        if nonlinearity not in ("tanh", "relu"):
            fail(owner, "nonlinearity 'tanh' or 'relu'", repr(nonlinearity))
        for name, flag in (
            ("bias", bias),
            ("batch_first", batch_first),
            ("bidirectional", bidirectional),
        ):
            if not isinstance(flag, (bool, np.bool_)):
                fail(owner, f"{name} to be a bool", repr(flag), TypeError)
        self.nonlinearity = nonlinearity
        self.bias = bool(bias)
        self.batch_first = bool(batch_first)
        self.bidirectional = bool(bidirectional)
        self.num_directions = 2 if bidirectional else 1
        self.dtype = resolve_dtype(owner, dtype)
        generator = as_generator(owner, rng)
        self._rng = generator  # also draws the dropout masks between layers
        gates = _GATES[self._mode] * self.hidden_size
        bound = 1.0 / np.sqrt(self.hidden_size)  # PyTorch: U(-1/sqrt(H), 1/sqrt(H)) for all
        for layer in range(self.num_layers):
            layer_input = self.input_size if layer == 0 else self.hidden_size * self.num_directions
            for direction in range(self.num_directions):
                suffix = self._suffix(layer, direction)
                shapes = [
                    ("weight_ih", (gates, layer_input)),
                    ("weight_hh", (gates, self.hidden_size)),
                ]
                if self.bias:
                    shapes += [("bias_ih", (gates,)), ("bias_hh", (gates,))]
                for name, shape in shapes:
                    values = generator.uniform(-bound, bound, size=shape).astype(self.dtype)
                    setattr(self, name + suffix, Parameter(values))
        self._cache: dict | None = None
        self.grad_hx: Any = None

    # -- helpers ----------------------------------------------------------------------------
    @staticmethod
    def _suffix(layer: int, direction: int) -> str:
        return f"_l{layer}" + ("_reverse" if direction == 1 else "")

    def _params(self, layer: int, direction: int) -> tuple[Parameter | None, ...]:
        suffix = self._suffix(layer, direction)
        return (
            getattr(self, "weight_ih" + suffix),
            getattr(self, "weight_hh" + suffix),
            getattr(self, "bias_ih" + suffix, None),
            getattr(self, "bias_hh" + suffix, None),
        )

    def extra_repr(self) -> str:
        text = f"{self.input_size}, {self.hidden_size}"
        if self.num_layers != 1:
            text += f", num_layers={self.num_layers}"
        if self._mode == "RNN" and self.nonlinearity != "tanh":
            text += f", nonlinearity={self.nonlinearity!r}"
        if not self.bias:
            text += ", bias=False"
        if self.batch_first:
            text += ", batch_first=True"
        if self.dropout:
            text += f", dropout={self.dropout}"
        if self.bidirectional:
            text += ", bidirectional=True"
        return text

    def _prepare_input(self, x: Any) -> tuple[np.ndarray, bool]:
        """Validate ``x`` and return it time-major and batched, plus whether it was batched."""
        owner = type(self).__name__
        x = as_float_array(owner, x)
        if x.ndim not in (2, 3):
            layout = "(N, L, H_in)" if self.batch_first else "(L, N, H_in)"
            fail(owner, f"input of shape {layout} or (L, H_in)", tuple(x.shape))
        if x.shape[-1] != self.input_size:
            fail(owner, f"input with last dimension {self.input_size}", tuple(x.shape))
        # As Linear does: the layer computes in its parameters' dtype.
        x = x.astype(self.dtype, copy=False)
        batched = x.ndim == 3
        if not batched:
            x = x[:, None, :]
        elif self.batch_first:
            x = np.ascontiguousarray(x.swapaxes(0, 1))
        if x.shape[0] == 0 or x.shape[1] == 0:
            fail(owner, "a non-empty sequence and batch", tuple(x.shape))
        return x, batched

    def _prepare_state(self, value: Any, name: str, batch: int, batched: bool) -> np.ndarray:
        """Validate an initial state and return it as ``(layers * directions, N, H)``."""
        owner = type(self).__name__
        stacked = self.num_layers * self.num_directions
        if value is None:
            return np.zeros((stacked, batch, self.hidden_size), dtype=self.dtype)
        value = as_float_array(owner, value, name)
        expected = (stacked, batch, self.hidden_size) if batched else (stacked, self.hidden_size)
        if value.shape != expected:
            fail(owner, f"{name} of shape {expected}", tuple(value.shape))
        value = value.astype(self.dtype, copy=False)
        return value if batched else value[:, None, :]

    def _to_user_layout(self, seq: np.ndarray, batched: bool) -> np.ndarray:
        if not batched:
            return seq[:, 0, :]
        return np.ascontiguousarray(seq.swapaxes(0, 1)) if self.batch_first else seq

    # -- one direction of one layer -------------------------------------------------------------
    def _direction_forward(
        self, x: np.ndarray, h: np.ndarray, c: np.ndarray | None, params: tuple, reverse: bool
    ) -> tuple:
        weight_ih, weight_hh, bias_ih, bias_hh = (None if p is None else p.data for p in params)
        steps, batch, _ = x.shape
        hidden = self.hidden_size
        x_proj = (x.reshape(steps * batch, -1) @ weight_ih.T).reshape(steps, batch, -1)
        if bias_ih is not None:
            x_proj += bias_ih
        if bias_hh is not None and self._mode != "GRU":
            x_proj += bias_hh  # outside the GRU, both biases simply add to the pre-activation
        output = np.empty((steps, batch, hidden), dtype=x.dtype)
        h_prev = np.empty((steps, batch, hidden), dtype=x.dtype)
        step_caches: list[Any] = [None] * steps
        # A contiguous copy of W_hh^T makes the many small products in the loop faster.
        weight_hh_t = np.ascontiguousarray(weight_hh.T)
        for t in range(steps - 1, -1, -1) if reverse else range(steps):
            h_prev[t] = h
            recurrent = h @ weight_hh_t
            if self._mode == "LSTM":
                (h, c), step_caches[t] = lstm_pointwise_forward(x_proj[t] + recurrent, c)
            elif self._mode == "GRU":
                if bias_hh is not None:
                    recurrent += bias_hh
                h, step_caches[t] = gru_pointwise_forward(x_proj[t], recurrent, h)
            else:
                h, step_caches[t] = rnn_pointwise_forward(x_proj[t] + recurrent, self.nonlinearity)
            output[t] = h
        return output, h, c, (x, h_prev, step_caches, reverse)

    def _direction_backward(
        self,
        grad_output: np.ndarray,
        grad_h: np.ndarray,
        grad_c: np.ndarray | None,
        cache: tuple,
        params: tuple,
    ) -> tuple:
        x, h_prev, step_caches, reverse = cache
        weight_ih, weight_hh, bias_ih, bias_hh = params
        w_hh = weight_hh.data
        steps, batch, _ = x.shape
        gates = w_hh.shape[0]
        d_x_proj = np.empty((steps, batch, gates), dtype=x.dtype)
        d_recurrent = np.empty_like(d_x_proj) if self._mode == "GRU" else d_x_proj
        dh, dc = grad_h, grad_c
        # The reversed time loop: the gradient reaching h_t is the output's plus the one
        # flowing back from step t + 1 (dh).
        for t in range(steps) if reverse else range(steps - 1, -1, -1):
            dh_t = grad_output[t] + dh
            if self._mode == "LSTM":
                d_gates, dc = lstm_pointwise_backward(dh_t, dc, step_caches[t])
                d_x_proj[t] = d_gates
                dh = d_gates @ w_hh
            elif self._mode == "GRU":
                d_x_proj[t], d_recurrent[t], dh_direct = gru_pointwise_backward(
                    dh_t, step_caches[t]
                )
                dh = dh_direct + d_recurrent[t] @ w_hh
            else:
                d_x_proj[t] = rnn_pointwise_backward(dh_t, step_caches[t])
                dh = d_x_proj[t] @ w_hh
        flat_dx_proj = d_x_proj.reshape(steps * batch, gates)
        flat_drec = d_recurrent.reshape(steps * batch, gates)
        weight_hh.grad += flat_drec.T @ h_prev.reshape(steps * batch, -1)
        weight_ih.grad += flat_dx_proj.T @ x.reshape(steps * batch, -1)
        if bias_ih is not None:
            bias_ih.grad += flat_dx_proj.sum(axis=0)
        if bias_hh is not None:
            bias_hh.grad += flat_drec.sum(axis=0)
        dx = (flat_dx_proj @ weight_ih.data).reshape(x.shape)
        return dx, dh, dc

    # -- the whole stack ------------------------------------------------------------------------
    def _run(self, x: Any, h0: Any, c0: Any) -> tuple:
        x, batched = self._prepare_input(x)
        batch = x.shape[1]
        h0 = self._prepare_state(h0, "h0" if self._mode == "LSTM" else "hx", batch, batched)
        is_lstm = self._mode == "LSTM"
        c0 = self._prepare_state(c0, "c0", batch, batched) if is_lstm else None
        h_n = np.empty_like(h0)
        c_n = np.empty_like(h0) if is_lstm else None
        layer_input = x
        caches, dropout_masks = [], []
        for layer in range(self.num_layers):
            if layer > 0:
                # Dropout between stacked layers (never after the last one), as PyTorch.
                layer_input, mask = dropout_forward(
                    layer_input, self.dropout, self.training, self._rng
                )
                dropout_masks.append(mask)
            outputs, layer_caches = [], []
            for direction in range(self.num_directions):
                index = layer * self.num_directions + direction
                out, h_last, c_last, cache = self._direction_forward(
                    layer_input,
                    h0[index],
                    None if c0 is None else c0[index],
                    self._params(layer, direction),
                    reverse=direction == 1,
                )
                outputs.append(out)
                layer_caches.append(cache)
                h_n[index] = h_last
                if is_lstm:
                    c_n[index] = c_last
            layer_input = outputs[0] if len(outputs) == 1 else np.concatenate(outputs, axis=-1)
            caches.append(layer_caches)
        self._cache = {
            "caches": caches,
            "batched": batched,
            "output_shape": layer_input.shape,
            "dropout_masks": dropout_masks,
        }
        output = self._to_user_layout(layer_input, batched)
        if not batched:
            h_n = h_n[:, 0, :]
            c_n = None if c_n is None else c_n[:, 0, :]
        return output, h_n, c_n

    def _backprop(self, grad_output: Any, grad_h_n: Any, grad_c_n: Any) -> np.ndarray:
        owner = type(self).__name__
        if self._cache is None:
            fail(
                owner,
                "forward to be called before backward",
                "no cached forward pass",
                RuntimeError,
            )
        batched = self._cache["batched"]
        steps, batch, features = self._cache["output_shape"]
        g = as_float_array(owner, grad_output, "grad_output").astype(self.dtype, copy=False)
        if batched:
            expected = (batch, steps, features) if self.batch_first else (steps, batch, features)
        else:
            expected = (steps, features)
        if g.shape != expected:
            fail(owner, f"grad_output of shape {expected}", tuple(g.shape))
        if not batched:
            g = g[:, None, :]
        elif self.batch_first:
            g = g.swapaxes(0, 1)
        stacked = self.num_layers * self.num_directions
        state_shape = (stacked, batch, self.hidden_size) if batched else (stacked, self.hidden_size)

        def state_grad(value: Any, name: str) -> np.ndarray:
            if value is None:
                return np.zeros((stacked, batch, self.hidden_size), dtype=g.dtype)
            value = as_float_array(owner, value, name)
            if value.shape != state_shape:
                fail(owner, f"{name} of shape {state_shape}", tuple(value.shape))
            return value if batched else value[:, None, :]

        grad_h = state_grad(grad_h_n, "grad_h_n")
        is_lstm = self._mode == "LSTM"
        grad_c = state_grad(grad_c_n, "grad_c_n") if is_lstm else None
        grad_h0 = np.empty((stacked, batch, self.hidden_size), dtype=g.dtype)
        grad_c0 = np.empty_like(grad_h0) if is_lstm else None
        hidden = self.hidden_size
        for layer in range(self.num_layers - 1, -1, -1):
            grad_input = None
            for direction in range(self.num_directions):
                index = layer * self.num_directions + direction
                dx, dh0, dc0 = self._direction_backward(
                    g[..., direction * hidden : (direction + 1) * hidden],
                    grad_h[index],
                    None if grad_c is None else grad_c[index],
                    self._cache["caches"][layer][direction],
                    self._params(layer, direction),
                )
                grad_input = dx if grad_input is None else grad_input + dx
                grad_h0[index] = dh0
                if is_lstm:
                    grad_c0[index] = dc0
            g = grad_input
            if layer > 0:
                g = dropout_backward(g, self._cache["dropout_masks"][layer - 1])
        if not batched:
            grad_h0 = grad_h0[:, 0, :]
            grad_c0 = None if grad_c0 is None else grad_c0[:, 0, :]
        self.grad_hx = (grad_h0, grad_c0) if is_lstm else grad_h0
        return self._to_user_layout(g, batched)


class RNN(_RecurrentLayer):
    r"""Elman recurrent network, ``h_t = act(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)``.

    Stacks ``num_layers`` layers (each layer reads the previous layer's output sequence) and,
    with ``bidirectional=True``, runs a second chain over the reversed sequence whose outputs
    are concatenated with the forward chain's.

    Parameters
    ----------
    input_size, hidden_size : int
        Features of ``x_t`` and of ``h_t``.
    num_layers : int
        Stacked layers.
    nonlinearity : {"tanh", "relu"}
    bias : bool
        Whether the layers have ``bias_ih``/``bias_hh``.
    batch_first : bool
        Input and output as ``(N, L, H_in)`` instead of ``(L, N, H_in)`` (states are always
        ``(num_layers * D, N, H)``).
    dropout : float
        Inverted dropout on the outputs of every layer but the last, in training mode only
        (Goodfellow et al., §7.12); no effect with one layer.
    bidirectional : bool
    dtype : numpy dtype, optional
        float64 (default) or float32.
    rng : numpy.random.Generator, optional
        For the initialisation: every weight and bias is drawn from ``U(-1/sqrt(H), 1/sqrt(H))``.

    Attributes
    ----------
    weight_ih_l{k}, weight_hh_l{k} : Parameter
        ``(H, H_in)`` (``H_in = input_size`` for ``k = 0``, else ``D * H``) and ``(H, H)``;
        ``..._reverse`` for the backward direction.
    bias_ih_l{k}, bias_hh_l{k} : Parameter
        ``(H,)``.
    grad_hx : numpy.ndarray
        After ``backward``: gradient with respect to the initial state ``hx``.

    Shape
    -----
    - input: ``(L, N, H_in)``, ``(N, L, H_in)`` with ``batch_first``, or ``(L, H_in)`` unbatched
    - hx: ``(num_layers * D, N, H)`` (``D = 2`` if bidirectional), zeros if omitted
    - output: ``(L, N, D * H)`` (same layout rules as the input); h_n: like ``hx``

    Goodfellow et al., §10.2, §10.3, §10.5.

    Examples
    --------
    >>> rnn = RNN(3, 5, num_layers=2, rng=np.random.default_rng(0))
    >>> output, h_n = rnn(np.zeros((7, 4, 3)))
    >>> output.shape, h_n.shape
    ((7, 4, 5), (2, 4, 5))
    >>> rnn.backward(np.ones_like(output)).shape
    (7, 4, 3)
    """

    _mode = "RNN"

    def forward(self, x: Any, hx: Any = None) -> tuple[np.ndarray, np.ndarray]:
        """Run the whole sequence; returns ``(output, h_n)``."""
        output, h_n, _ = self._run(x, hx, None)
        return output, h_n

    def backward(self, grad_output: Any, grad_h_n: Any = None) -> np.ndarray:
        """Back-propagation through time.

        ``grad_output`` has the output's shape; ``grad_h_n`` (optional) the final state's.
        Returns the gradient with respect to the input; adds parameter gradients into
        ``.grad``; stores the gradient with respect to ``hx`` in ``self.grad_hx``.
        """
        return self._backprop(grad_output, grad_h_n, None)


class GRU(_RecurrentLayer):
    r"""Gated recurrent unit layer (gate order r, z, n; PyTorch's form of the reset gate).

    ``n_t = tanh(W_in x_t + b_in + r_t * (W_hn h_{t-1} + b_hn))``, ``h_t = (1 - z_t) * n_t +
    z_t * h_{t-1}``; the book's variant, which resets the state before the product, is
    available on :class:`GRUCell` and :func:`~dlnotes.nn.functional.gru_cell_forward`.
    Arguments (including ``dropout``), layouts and attributes as :class:`RNN` with ``3H`` gate
    rows (``weight_ih_l0`` is ``(3H, H_in)``); no ``nonlinearity``.

    Shape
    -----
    As :class:`RNN`.

    Goodfellow et al., §10.10.2.

    Examples
    --------
    >>> gru = GRU(3, 4, bidirectional=True, batch_first=True, rng=np.random.default_rng(0))
    >>> output, h_n = gru(np.zeros((2, 6, 3)))
    >>> output.shape, h_n.shape, gru.weight_ih_l0_reverse.shape
    ((2, 6, 8), (2, 2, 4), (12, 3))
    """

    _mode = "GRU"

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        dtype: Any = None,
        rng: np.random.Generator | None = None,
    ) -> None:
        super().__init__(
            input_size,
            hidden_size,
            num_layers,
            "tanh",
            bias,
            batch_first,
            dropout,
            bidirectional,
            dtype,
            rng,
        )

    def forward(self, x: Any, hx: Any = None) -> tuple[np.ndarray, np.ndarray]:
        """Run the whole sequence; returns ``(output, h_n)``."""
        output, h_n, _ = self._run(x, hx, None)
        return output, h_n

    def backward(self, grad_output: Any, grad_h_n: Any = None) -> np.ndarray:
        """Back-propagation through time (see :meth:`RNN.backward`)."""
        return self._backprop(grad_output, grad_h_n, None)


class LSTM(_RecurrentLayer):
    r"""Long short-term memory layer (gate order i, f, g, o).

    ``c_t = f_t * c_{t-1} + i_t * g_t``, ``h_t = o_t * tanh(c_t)``. Arguments (including
    ``dropout``), layouts and attributes as :class:`RNN` with ``4H`` gate rows; no
    ``nonlinearity``. The state is the pair ``(h, c)``.

    Shape
    -----
    - input: as :class:`RNN`
    - hx: ``(h_0, c_0)``, each ``(num_layers * D, N, H)``; zeros if omitted
    - output: ``(L, N, D * H)``; ``(h_n, c_n)`` like ``hx``

    After ``backward``, ``grad_hx`` is the pair ``(grad_h0, grad_c0)``.

    Goodfellow et al., §10.10.1.

    Examples
    --------
    >>> lstm = LSTM(3, 4, rng=np.random.default_rng(0))
    >>> output, (h_n, c_n) = lstm(np.zeros((5, 2, 3)))
    >>> output.shape, h_n.shape, c_n.shape, lstm.weight_hh_l0.shape
    ((5, 2, 4), (1, 2, 4), (1, 2, 4), (16, 4))
    """

    _mode = "LSTM"

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        dtype: Any = None,
        rng: np.random.Generator | None = None,
    ) -> None:
        super().__init__(
            input_size,
            hidden_size,
            num_layers,
            "tanh",
            bias,
            batch_first,
            dropout,
            bidirectional,
            dtype,
            rng,
        )

    def forward(self, x: Any, hx: Any = None) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
        """Run the whole sequence; returns ``(output, (h_n, c_n))``."""
        if hx is None:
            h0 = c0 = None
        elif isinstance(hx, (tuple, list)) and len(hx) == 2:
            h0, c0 = hx
        else:
            fail("LSTM", "hx to be a pair (h_0, c_0)", type(hx).__name__, TypeError)
        output, h_n, c_n = self._run(x, h0, c0)
        return output, (h_n, c_n)

    def backward(self, grad_output: Any, grad_h_n: Any = None, grad_c_n: Any = None) -> np.ndarray:
        """Back-propagation through time; ``grad_h_n``/``grad_c_n`` are optional."""
        return self._backprop(grad_output, grad_h_n, grad_c_n)
