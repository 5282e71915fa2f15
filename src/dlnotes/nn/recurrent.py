"""Multi-layer, optionally bidirectional recurrent layers: ``RNN``, ``LSTM`` and ``GRU``.

Parameter names, shapes, gate orders and the input/state layouts are PyTorch's, so a
``torch.nn.LSTM`` state dict loads into :class:`LSTM` and gives the same outputs.

How the computation is organised (the same for the three layers; the cell kernels of
:mod:`dlnotes.nn.functional` do all the arithmetic):

* the input projections ``x_t W_ih^T + b_ih`` of *all* time steps do not depend on the
  recurrence, so they are one :func:`~dlnotes.nn.functional.linear_forward` over the whole
  sequence;
* a Python loop over time then calls the cell's step kernel (``rnn_step_forward``,
  ``lstm_step_forward`` or ``gru_step_forward``, chosen once per layer class), which adds the
  recurrent product ``h W_hh^T + b_hh`` and applies the cell's element-wise part, keeping one
  cache per step. The state is a tuple, ``(h,)`` or ``(h, c)``, so the loop is the same for
  every cell;
* back-propagation through time is the same loop reversed: each step's ``*_step_backward``
  turns the gradient reaching the state at ``t`` (from the output at ``t`` plus from step
  ``t + 1``) into gradients of the two projections, which are stacked so that the weight
  gradients and the input gradient are again single matrix products after the loop
  (:func:`~dlnotes.nn.functional.linear_backward` and
  :func:`~dlnotes.nn.functional.recurrent_weight_backward`);
* threads: each direction of each layer runs with single-threaded BLAS. The per-step
  products are small, and multi-threaded BLAS threads synchronise at every call: on a
  machine whose cores are busy with other work they wait for each other (the layer ran
  several times slower with two BLAS threads than with one on the loaded 2-core test
  machine), and switching the thread count between the loop and the larger products costs
  more than those products gain.

Goodfellow et al., §10.2.2 (BPTT), §10.3 (bidirectional RNNs), §10.5 (deep recurrent
networks), §10.10 (LSTM and GRU).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import (
    as_float_array,
    as_generator,
    check_bool,
    check_forward_called,
    check_positive_int,
    check_range,
    fail,
    reject_unsupported,
    resolve_dtype,
)
from dlnotes.nn.functional.conv import single_threaded_blas
from dlnotes.nn.functional.dropout import dropout_backward, dropout_forward
from dlnotes.nn.functional.gru_cell import gru_step_backward, gru_step_forward
from dlnotes.nn.functional.linear import linear_backward, linear_forward
from dlnotes.nn.functional.lstm_cell import lstm_step_backward, lstm_step_forward
from dlnotes.nn.functional.rnn_cell import (
    recurrent_weight_backward,
    rnn_step_backward,
    rnn_step_forward,
)
from dlnotes.nn.module import Module, Parameter

__all__ = ["RNN", "LSTM", "GRU"]

StepForward = Callable[..., tuple[tuple[np.ndarray, ...], Any]]
StepBackward = Callable[..., Any]


class _DirectionCache(NamedTuple):
    """One direction of one layer: the input projection's cache, states read, step caches."""

    linear: Any
    h_prev: np.ndarray
    steps: list[Any]
    reverse: bool
    has_bias_hh: bool


class _RecurrentCache(NamedTuple):
    """Everything :meth:`_RecurrentLayer._backprop` needs from the forward pass."""

    layers: list[list[_DirectionCache]]
    batched: bool
    output_shape: tuple[int, ...]
    dropout_masks: list[Any]


class _RecurrentLayer(Module):
    """Shared machinery; subclasses set the gate count, the state names and the step kernels."""

    _gates = 1
    _state_names: tuple[str, ...] = ("hx",)
    _grad_names: tuple[str, ...] = ("grad_h_n",)

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
        **unsupported: Any,
    ) -> None:
        super().__init__()
        owner = type(self).__name__
        reject_unsupported(owner, unsupported)
        self.dropout = check_range(owner, "dropout", dropout, 0.0, 1.0)
        self.input_size = check_positive_int(owner, "input_size", input_size)
        self.hidden_size = check_positive_int(owner, "hidden_size", hidden_size)
        self.num_layers = check_positive_int(owner, "num_layers", num_layers)
        if nonlinearity not in ("tanh", "relu"):
            fail(owner, "nonlinearity 'tanh' or 'relu'", repr(nonlinearity))
        self.nonlinearity = nonlinearity
        for name, flag in (
            ("bias", bias),
            ("batch_first", batch_first),
            ("bidirectional", bidirectional),
        ):
            check_bool(owner, name, flag)
        self.bias = bool(bias)
        self.batch_first = bool(batch_first)
        self.bidirectional = bool(bidirectional)
        self.num_directions = 2 if bidirectional else 1
        self.dtype = resolve_dtype(owner, dtype)
        generator = as_generator(owner, rng)
        self._rng = generator  # also draws the dropout masks between layers
        gates = self._gates * self.hidden_size
        bound = 1.0 / np.sqrt(self.hidden_size)  # PyTorch: U(-1/sqrt(H), 1/sqrt(H)) for all
        for layer in range(self.num_layers):
            layer_input = self.input_size if layer == 0 else self.hidden_size * self.num_directions
            for direction in range(self.num_directions):
                suffix = self._suffix(layer, direction)
                shapes: list[tuple[str, tuple[int, ...]]] = [
                    ("weight_ih", (gates, layer_input)),
                    ("weight_hh", (gates, self.hidden_size)),
                ]
                if self.bias:
                    shapes += [("bias_ih", (gates,)), ("bias_hh", (gates,))]
                for name, shape in shapes:
                    values = generator.uniform(-bound, bound, size=shape).astype(self.dtype)
                    setattr(self, name + suffix, Parameter(values))
        self._cache: _RecurrentCache | None = None
        self.grad_hx: Any = None

    # -- helpers ----------------------------------------------------------------------------
    def _step_kernels(self) -> tuple[StepForward, StepBackward]:
        """The cell's step kernel pair, chosen once per call (the time loop has no branches)."""
        return (
            functools.partial(rnn_step_forward, nonlinearity=self.nonlinearity),
            rnn_step_backward,
        )

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
        """The constructor arguments that differ from their defaults."""
        text = f"{self.input_size}, {self.hidden_size}"
        if self.num_layers != 1:
            text += f", num_layers={self.num_layers}"
        if type(self) is RNN and self.nonlinearity != "tanh":
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
        self,
        x: np.ndarray,
        state: tuple[np.ndarray, ...],
        params: tuple[Parameter | None, ...],
        reverse: bool,
        step_forward: StepForward,
    ) -> tuple[np.ndarray, tuple[np.ndarray, ...], _DirectionCache]:
        weight_ih, weight_hh, bias_ih, bias_hh = (None if p is None else p.data for p in params)
        assert weight_ih is not None and weight_hh is not None
        steps, batch, _ = x.shape
        gates_x, linear_cache = linear_forward(x, weight_ih, bias_ih)  # all steps, one product
        output = np.empty((steps, batch, self.hidden_size), dtype=x.dtype)
        h_prev = np.empty_like(output)
        step_caches: list[Any] = [None] * steps
        # The step computes h @ W_hh^T: BLAS runs it about 1.4x faster on a contiguous W_hh^T
        # than on the transposed view, so the steps get W_hh stored column-major (same values;
        # the backward swaps the row-major original back in for d_gates @ W_hh).
        weight_hh_cols = np.ascontiguousarray(weight_hh.T).T
        for t in range(steps - 1, -1, -1) if reverse else range(steps):
            h_prev[t] = state[0]
            state, step_caches[t] = step_forward(gates_x[t], state, weight_hh_cols, bias_hh)
            output[t] = state[0]
        cache = _DirectionCache(linear_cache, h_prev, step_caches, reverse, bias_hh is not None)
        return output, state, cache

    def _direction_backward(
        self,
        grad_output: np.ndarray,
        grad_state: tuple[np.ndarray, ...],
        cache: _DirectionCache,
        params: tuple[Parameter | None, ...],
        step_backward: StepBackward,
    ) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
        weight_ih, weight_hh, bias_ih, bias_hh = params
        assert weight_ih is not None and weight_hh is not None
        steps, batch, _ = cache.h_prev.shape
        gates = weight_hh.data.shape[0]
        d_gates_x = np.empty((steps, batch, gates), dtype=cache.h_prev.dtype)
        d_gates_h = np.empty_like(d_gates_x)
        # The reversed time loop: the gradient reaching h_t is the output's plus the one
        # flowing back from step t + 1 (the first entry of grad_state).
        weight_rows = weight_hh.data  # row-major: d_gates @ W_hh is the fast orientation
        shared = True  # LSTM and RNN steps return one array for both projections' gradients
        for t in range(steps) if cache.reverse else range(steps - 1, -1, -1):
            grad_state = (grad_output[t] + grad_state[0], *grad_state[1:])
            step_cache = cache.steps[t]._replace(weight_hh=weight_rows)
            dg_x, dg_h, grad_state = step_backward(grad_state, step_cache)
            d_gates_x[t] = dg_x
            if dg_h is not dg_x:
                shared = False
                d_gates_h[t] = dg_h
        if shared:
            d_gates_h = d_gates_x
        dx, dweight_ih, dbias_ih = linear_backward(d_gates_x, cache.linear)
        dweight_hh, dbias_hh = recurrent_weight_backward(d_gates_h, cache.h_prev, cache.has_bias_hh)
        weight_ih.grad += dweight_ih
        weight_hh.grad += dweight_hh
        if bias_ih is not None:
            bias_ih.grad += dbias_ih
        if bias_hh is not None:
            bias_hh.grad += dbias_hh
        return dx, grad_state

    # -- the whole stack ------------------------------------------------------------------------
    def _run(self, x: Any, initial: tuple[Any, ...]) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
        """Forward through all layers; ``initial`` holds one value per entry of the state."""
        x, batched = self._prepare_input(x)
        batch = x.shape[1]
        states0 = [
            self._prepare_state(value, name, batch, batched)
            for value, name in zip(initial, self._state_names, strict=True)
        ]
        finals = [np.empty_like(s) for s in states0]
        step_forward, _ = self._step_kernels()
        layer_input = x
        caches: list[list[_DirectionCache]] = []
        dropout_masks: list[Any] = []
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
                with single_threaded_blas():  # see the note on threads in the module docstring
                    out, last, cache = self._direction_forward(
                        layer_input,
                        tuple(s[index] for s in states0),
                        self._params(layer, direction),
                        direction == 1,
                        step_forward,
                    )
                outputs.append(out)
                layer_caches.append(cache)
                for final, value in zip(finals, last, strict=True):
                    final[index] = value
            layer_input = outputs[0] if len(outputs) == 1 else np.concatenate(outputs, axis=-1)
            caches.append(layer_caches)
        self._cache = _RecurrentCache(caches, batched, layer_input.shape, dropout_masks)
        output = self._to_user_layout(layer_input, batched)
        if not batched:
            finals = [f[:, 0, :] for f in finals]
        return output, tuple(finals)

    def _backprop(self, grad_output: Any, grad_finals: tuple[Any, ...]) -> np.ndarray:
        owner = type(self).__name__
        cache = check_forward_called(owner, self._cache)
        batched = cache.batched
        steps, batch, features = cache.output_shape
        g = as_float_array(owner, grad_output, "grad_output").astype(self.dtype, copy=False)
        expected: tuple[int, ...] = (steps, features)
        if batched:
            expected = (batch, steps, features) if self.batch_first else (steps, batch, features)
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

        grad_states = [
            state_grad(value, name)
            for value, name in zip(grad_finals, self._grad_names, strict=True)
        ]
        grad_initial = [np.empty_like(s, dtype=g.dtype) for s in grad_states]
        _, step_backward = self._step_kernels()
        hidden = self.hidden_size
        for layer in range(self.num_layers - 1, -1, -1):
            grad_input = None
            for direction in range(self.num_directions):
                index = layer * self.num_directions + direction
                with single_threaded_blas():
                    dx, grad_first = self._direction_backward(
                        g[..., direction * hidden : (direction + 1) * hidden],
                        tuple(s[index] for s in grad_states),
                        cache.layers[layer][direction],
                        self._params(layer, direction),
                        step_backward,
                    )
                grad_input = dx if grad_input is None else grad_input + dx
                for target, value in zip(grad_initial, grad_first, strict=True):
                    target[index] = value
            assert grad_input is not None
            g = grad_input
            if layer > 0:
                g = dropout_backward(g, cache.dropout_masks[layer - 1])
        if not batched:
            grad_initial = [s[:, 0, :] for s in grad_initial]
        self.grad_hx = tuple(grad_initial) if len(grad_initial) > 1 else grad_initial[0]
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
        ``..._reverse`` for the backward direction. Initialised from
        ``U(-1/sqrt(H), 1/sqrt(H))``, as PyTorch.
    bias_ih_l{k}, bias_hh_l{k} : Parameter
        ``(H,)``, same initialisation (absent with ``bias=False``).
    grad_hx : numpy.ndarray
        After ``backward``: gradient with respect to the initial state ``hx``.

    Shape
    -----
    - input: ``(L, N, H_in)``, ``(N, L, H_in)`` with ``batch_first``, or ``(L, H_in)`` unbatched
    - hx: ``(num_layers * D, N, H)`` (``D = 2`` if bidirectional), zeros if omitted
    - output: ``(L, N, D * H)`` (same layout rules as the input); h_n: like ``hx``

    PyTorch keywords dlnotes does not implement (``device``, ``proj_size``, ...) raise
    ``TypeError`` naming them.

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

    def forward(self, x: Any, hx: Any = None) -> tuple[np.ndarray, np.ndarray]:
        """Run the whole sequence; returns ``(output, h_n)``."""
        output, (h_n,) = self._run(x, (hx,))
        return output, h_n

    def backward(self, grad_output: Any, grad_h_n: Any = None) -> np.ndarray:
        """Back-propagation through time.

        ``grad_output`` has the output's shape; ``grad_h_n`` (optional) the final state's.
        Returns the gradient with respect to the input; adds parameter gradients into
        ``.grad``; stores the gradient with respect to ``hx`` in ``self.grad_hx``.
        """
        return self._backprop(grad_output, (grad_h_n,))


class GRU(_RecurrentLayer):
    r"""Gated recurrent unit layer (gate order r, z, n; PyTorch's form of the reset gate).

    ``n_t = tanh(W_in x_t + b_in + r_t * (W_hn h_{t-1} + b_hn))``, ``h_t = (1 - z_t) * n_t +
    z_t * h_{t-1}``; the book's variant, which resets the state before the product, is
    available on :class:`GRUCell` and :func:`~dlnotes.nn.functional.gru_cell_forward`.
    Arguments (including ``dropout``), layouts and attributes as :class:`RNN` with ``3H`` gate
    rows (``weight_ih_l0`` is ``(3H, H_in)``); no ``nonlinearity``.

    Attributes
    ----------
    weight_ih_l{k}, weight_hh_l{k} : Parameter
        ``(3H, H_in)`` and ``(3H, H)``, rows ``[W_r; W_z; W_n]``; ``..._reverse`` for the
        backward direction. Initialised from ``U(-1/sqrt(H), 1/sqrt(H))``.
    bias_ih_l{k}, bias_hh_l{k} : Parameter
        ``(3H,)``, same initialisation (absent with ``bias=False``).
    grad_hx : numpy.ndarray
        After ``backward``: gradient with respect to the initial state ``hx``.

    Shape
    -----
    - arrays: as in ``RNN``.

    Goodfellow et al., §10.10.2.

    Examples
    --------
    >>> gru = GRU(3, 4, bidirectional=True, batch_first=True, rng=np.random.default_rng(0))
    >>> output, h_n = gru(np.zeros((2, 6, 3)))
    >>> output.shape, h_n.shape, gru.weight_ih_l0_reverse.shape
    ((2, 6, 8), (2, 2, 4), (12, 3))
    """

    _gates = 3

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
        **unsupported: Any,
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
            **unsupported,
        )

    def _step_kernels(self) -> tuple[StepForward, StepBackward]:
        return gru_step_forward, gru_step_backward

    def forward(self, x: Any, hx: Any = None) -> tuple[np.ndarray, np.ndarray]:
        """Run the whole sequence; returns ``(output, h_n)``."""
        output, (h_n,) = self._run(x, (hx,))
        return output, h_n

    def backward(self, grad_output: Any, grad_h_n: Any = None) -> np.ndarray:
        """Back-propagation through time (see :meth:`RNN.backward`)."""
        return self._backprop(grad_output, (grad_h_n,))


class LSTM(_RecurrentLayer):
    r"""Long short-term memory layer (gate order i, f, g, o).

    ``c_t = f_t * c_{t-1} + i_t * g_t``, ``h_t = o_t * tanh(c_t)``. Arguments (including
    ``dropout``), layouts and attributes as :class:`RNN` with ``4H`` gate rows; no
    ``nonlinearity``. The state is the pair ``(h, c)``.
    ``proj_size`` (PyTorch's projected LSTM) is accepted only as ``0``; other PyTorch
    keywords dlnotes does not implement (``device``, ...) raise ``TypeError``.
    Goodfellow et al., §10.10.1.

    Shape
    -----
    - input: as :class:`RNN`
    - hx: ``(h_0, c_0)``, each ``(num_layers * D, N, H)``; zeros if omitted
    - output: ``(L, N, D * H)``; ``(h_n, c_n)`` like ``hx``

    Attributes
    ----------
    weight_ih_l{k}, weight_hh_l{k} : Parameter
        ``(4H, H_in)`` and ``(4H, H)``, rows ``[W_i; W_f; W_g; W_o]``; ``..._reverse`` for the
        backward direction. Initialised from ``U(-1/sqrt(H), 1/sqrt(H))``.
    bias_ih_l{k}, bias_hh_l{k} : Parameter
        ``(4H,)``, same initialisation (absent with ``bias=False``).
    grad_hx : tuple of numpy.ndarray
        After ``backward``: the pair ``(grad_h0, grad_c0)``.

    Examples
    --------
    >>> lstm = LSTM(3, 4, rng=np.random.default_rng(0))
    >>> output, (h_n, c_n) = lstm(np.zeros((5, 2, 3)))
    >>> output.shape, h_n.shape, c_n.shape, lstm.weight_hh_l0.shape
    ((5, 2, 4), (1, 2, 4), (1, 2, 4), (16, 4))
    """

    _gates = 4
    _state_names = ("h0", "c0")
    _grad_names = ("grad_h_n", "grad_c_n")

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
        proj_size: int = 0,
        **unsupported: Any,
    ) -> None:
        if proj_size != 0:
            fail("LSTM", "proj_size=0 (LSTM projections are not implemented)", repr(proj_size))
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
            **unsupported,
        )

    def _step_kernels(self) -> tuple[StepForward, StepBackward]:
        return lstm_step_forward, lstm_step_backward

    def forward(self, x: Any, hx: Any = None) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
        """Run the whole sequence; returns ``(output, (h_n, c_n))``."""
        if hx is None:
            hx = (None, None)
        elif not (isinstance(hx, (tuple, list)) and len(hx) == 2):
            fail("LSTM", "hx to be a pair (h_0, c_0)", type(hx).__name__, TypeError)
        output, (h_n, c_n) = self._run(x, tuple(hx))
        return output, (h_n, c_n)

    def backward(self, grad_output: Any, grad_h_n: Any = None, grad_c_n: Any = None) -> np.ndarray:
        """Back-propagation through time; ``grad_h_n``/``grad_c_n`` are optional.

        Returns the gradient with respect to the input; ``grad_hx`` gets the pair
        ``(grad_h0, grad_c0)``.
        """
        return self._backprop(grad_output, (grad_h_n, grad_c_n))
