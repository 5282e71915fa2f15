"""Single-step recurrent cells: ``RNNCell``, ``LSTMCell`` and ``GRUCell``.

A cell advances the state by one time step; a loop over time written by the caller turns it
into a recurrent network. Each cell keeps the cache of its **last** forward call only, so its
``backward`` differentiates that one step: to back-propagate through a loop of many steps, use
the layers (:class:`~dlnotes.nn.RNN`, ...) or call the ``*_cell_forward/backward`` kernels and
keep the caches yourself. Parameter names and layouts are PyTorch's (``weight_ih``,
``weight_hh``, ``bias_ih``, ``bias_hh``).

Goodfellow et al., §10.2 (the recurrence), §10.10 (gated cells).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import (
    as_float_array,
    as_generator,
    check_forward_called,
    check_positive_int,
    fail,
    reject_unsupported,
    resolve_dtype,
)
from dlnotes.nn.functional.gru_cell import gru_cell_backward, gru_cell_forward
from dlnotes.nn.functional.lstm_cell import lstm_cell_backward, lstm_cell_forward
from dlnotes.nn.functional.rnn_cell import rnn_cell_backward, rnn_cell_forward
from dlnotes.nn.module import Module, Parameter

__all__ = ["RNNCell", "LSTMCell", "GRUCell"]


class _Cell(Module):
    _gates = 1
    weight_ih: Parameter
    weight_hh: Parameter
    bias_ih: Parameter | None
    bias_hh: Parameter | None
    _batch: int
    _batched: bool

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        bias: bool = True,
        dtype: Any = None,
        rng: np.random.Generator | None = None,
        **unsupported: Any,
    ) -> None:
        super().__init__()
        owner = type(self).__name__
        reject_unsupported(owner, unsupported)
        self.input_size = check_positive_int(owner, "input_size", input_size)
        self.hidden_size = check_positive_int(owner, "hidden_size", hidden_size)
        if not isinstance(bias, (bool, np.bool_)):
            fail(owner, "bias to be a bool", repr(bias), TypeError)
        self.bias = bool(bias)
        self.dtype = resolve_dtype(owner, dtype)
        generator = as_generator(owner, rng)
        bound = 1.0 / np.sqrt(self.hidden_size)
        gates = self._gates * self.hidden_size
        shapes = [("weight_ih", (gates, self.input_size)), ("weight_hh", (gates, self.hidden_size))]
        for name, shape in shapes + [("bias_ih", (gates,)), ("bias_hh", (gates,))]:
            if name.startswith("bias") and not self.bias:
                self.register_parameter(name, None)
                continue
            values = generator.uniform(-bound, bound, size=shape).astype(self.dtype)
            setattr(self, name, Parameter(values))
        self._cache: Any = None
        self.grad_hx: Any = None

    def extra_repr(self) -> str:
        """The sizes, and ``bias=False`` when there are no biases."""
        return f"{self.input_size}, {self.hidden_size}" + ("" if self.bias else ", bias=False")

    def _weights(
        self,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None]:
        return (
            self.weight_ih.data,
            self.weight_hh.data,
            None if self.bias_ih is None else self.bias_ih.data,
            None if self.bias_hh is None else self.bias_hh.data,
        )

    def _prepare(self, x: Any, states: list[tuple[str, Any]]) -> tuple[np.ndarray, list, bool]:
        """Validate; return the input as ``(N, input_size)``, states as ``(N, H)``, and batched."""
        owner = type(self).__name__
        x = as_float_array(owner, x)
        if x.ndim not in (1, 2) or x.shape[-1] != self.input_size:
            fail(
                owner,
                f"input of shape (N, {self.input_size}) or ({self.input_size},)",
                tuple(x.shape),
            )
        x = x.astype(self.dtype, copy=False)  # computed in the parameters' dtype, as Linear
        batched = x.ndim == 2
        x2 = x if batched else x[None, :]
        prepared = []
        for name, s in states:
            if s is None:
                prepared.append(np.zeros((x2.shape[0], self.hidden_size), dtype=self.dtype))
                continue
            s = as_float_array(owner, s, name)
            expected = (x2.shape[0], self.hidden_size) if batched else (self.hidden_size,)
            if s.shape != expected:
                fail(owner, f"{name} of shape {expected}", tuple(s.shape))
            s = s.astype(self.dtype, copy=False)
            prepared.append(s if batched else s[None, :])
        return x2, prepared, batched

    def _grad(self, g: Any, name: str, batched: bool) -> np.ndarray | None:
        if g is None:
            return None
        g = as_float_array(type(self).__name__, g, name).astype(self.dtype, copy=False)
        expected = (self._batch, self.hidden_size) if batched else (self.hidden_size,)
        if g.shape != expected:
            fail(type(self).__name__, f"{name} of shape {expected}", tuple(g.shape))
        return g if batched else g[None, :]

    def _accumulate(
        self, dweight_ih: np.ndarray, dweight_hh: np.ndarray, dbias_ih: Any, dbias_hh: Any
    ) -> None:
        self.weight_ih.grad += dweight_ih
        self.weight_hh.grad += dweight_hh
        if self.bias_ih is not None and self.bias_hh is not None:
            self.bias_ih.grad += dbias_ih
            self.bias_hh.grad += dbias_hh

    def _check_called(self) -> Any:
        return check_forward_called(type(self).__name__, self._cache)


class RNNCell(_Cell):
    r"""One step of an Elman RNN: ``h' = act(x W_ih^T + b_ih + h W_hh^T + b_hh)``.

    Parameters
    ----------
    input_size, hidden_size : int
    bias : bool
    nonlinearity : {"tanh", "relu"}
    dtype : numpy dtype, optional
    rng : numpy.random.Generator, optional
        Weights and biases are drawn from ``U(-1/sqrt(H), 1/sqrt(H))``.

    Attributes
    ----------
    weight_ih : Parameter
        ``(H, H_in)``, initialised from ``U(-1/sqrt(H), 1/sqrt(H))`` as PyTorch.
    weight_hh : Parameter
        ``(H, H)``, same initialisation.
    bias_ih, bias_hh : Parameter or None
        ``(H,)``, same initialisation; ``None`` with ``bias=False``.
    grad_hx : numpy.ndarray
        After ``backward``: the gradient with respect to ``hx``.

    Shape
    -----
    - input: ``(N, H_in)`` or ``(H_in,)``; hx: ``(N, H)`` or ``(H,)`` (zeros if omitted)
    - output: ``(N, H)`` or ``(H,)``

    After ``backward``, ``grad_hx`` holds the gradient with respect to ``hx``.
    Goodfellow et al., §10.2.

    Examples
    --------
    >>> cell = RNNCell(3, 4, rng=np.random.default_rng(0))
    >>> h = cell(np.ones((2, 3)))
    >>> h.shape, cell.backward(np.ones((2, 4))).shape, cell.grad_hx.shape
    ((2, 4), (2, 3), (2, 4))
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        bias: bool = True,
        nonlinearity: str = "tanh",
        dtype: Any = None,
        rng: np.random.Generator | None = None,
        **unsupported: Any,
    ) -> None:
        reject_unsupported("RNNCell", unsupported)
        if nonlinearity not in ("tanh", "relu"):
            fail("RNNCell", "nonlinearity 'tanh' or 'relu'", repr(nonlinearity))
        super().__init__(input_size, hidden_size, bias, dtype, rng)
        self.nonlinearity = nonlinearity

    def forward(self, x: Any, hx: Any = None) -> np.ndarray:
        """One step from ``x`` and the state ``hx`` (zeros if omitted); returns ``h'``."""
        x2, (h,), batched = self._prepare(x, [("hx", hx)])
        h_new, cache = rnn_cell_forward(
            x2, h, *self._weights(), nonlinearity=self.nonlinearity, owner="RNNCell"
        )
        self._cache, self._batched, self._batch = cache, batched, x2.shape[0]
        return h_new if batched else h_new[0]

    def backward(self, grad_output: Any) -> np.ndarray:
        """Gradient with respect to the input; ``grad_hx`` gets the one for ``hx``."""
        cache = self._check_called()
        g = self._grad(grad_output, "grad_output", self._batched)
        assert g is not None  # grad_output is required
        dx, dh, *param_grads = rnn_cell_backward(g, cache)
        self._accumulate(*param_grads)
        self.grad_hx = dh if self._batched else dh[0]
        return dx if self._batched else dx[0]


class LSTMCell(_Cell):
    r"""One LSTM step (gate order i, f, g, o): ``c' = f c + i g``, ``h' = o tanh(c')``.

    Parameters
    ----------
    input_size, hidden_size : int
    bias : bool
    dtype : numpy dtype, optional
    rng : numpy.random.Generator, optional
        Weights and biases ``(4H, H_in)``, ``(4H, H)``, ``(4H,)`` drawn from
        ``U(-1/sqrt(H), 1/sqrt(H))``.

    Attributes
    ----------
    weight_ih : Parameter
        ``(4H, H_in)``, rows in gate order i, f, g, o, initialised from
        ``U(-1/sqrt(H), 1/sqrt(H))`` as PyTorch.
    weight_hh : Parameter
        ``(4H, H)``, same initialisation.
    bias_ih, bias_hh : Parameter or None
        ``(4H,)``, same initialisation; ``None`` with ``bias=False``.
    grad_hx : tuple of numpy.ndarray
        After ``backward``: the pair of gradients with respect to ``(h, c)``.

    Shape
    -----
    - input: ``(N, H_in)`` or ``(H_in,)``; hx: the pair ``(h, c)``, each ``(N, H)``
    - output: the pair ``(h', c')``

    ``backward(grad_h, grad_c=None)`` returns the input gradient; ``grad_hx`` gets the pair of
    state gradients. Goodfellow et al., §10.10.1.

    Examples
    --------
    >>> cell = LSTMCell(3, 4, rng=np.random.default_rng(0))
    >>> h, c = cell(np.ones((2, 3)))
    >>> dx = cell.backward(np.ones((2, 4)))
    >>> dx.shape, [g.shape for g in cell.grad_hx]
    ((2, 3), [(2, 4), (2, 4)])
    """

    _gates = 4

    def forward(self, x: Any, hx: Any = None) -> tuple[np.ndarray, np.ndarray]:
        """One step from ``x`` and ``hx = (h, c)`` (zeros if omitted); returns ``(h', c')``."""
        if hx is None:
            hx = (None, None)
        elif not (isinstance(hx, (tuple, list)) and len(hx) == 2):
            fail("LSTMCell", "hx to be a pair (h, c)", type(hx).__name__, TypeError)
        x2, (h, c), batched = self._prepare(x, [("h", hx[0]), ("c", hx[1])])
        (h_new, c_new), cache = lstm_cell_forward(x2, h, c, *self._weights(), owner="LSTMCell")
        self._cache, self._batched, self._batch = cache, batched, x2.shape[0]
        return (h_new, c_new) if batched else (h_new[0], c_new[0])

    def backward(self, grad_output: Any, grad_c: Any = None) -> np.ndarray:
        """Gradient with respect to the input, given those of ``h'`` and (optionally) ``c'``."""
        cache = self._check_called()
        gh = self._grad(grad_output, "grad_output", self._batched)
        gc = self._grad(grad_c, "grad_c", self._batched)
        dx, dh, dc, *param_grads = lstm_cell_backward((gh, gc), cache)
        self._accumulate(*param_grads)
        self.grad_hx = (dh, dc) if self._batched else (dh[0], dc[0])
        return dx if self._batched else dx[0]


class GRUCell(_Cell):
    r"""One GRU step (gate order r, z, n): ``h' = (1 - z) n + z h``.

    Parameters
    ----------
    input_size, hidden_size : int
    bias : bool
    reset_before : bool
        ``False`` (default, PyTorch): ``n = tanh(W_in x + b_in + r * (W_hn h + b_hn))``.
        ``True`` (the book's §10.10.2 form): ``n = tanh(W_in x + b_in + W_hn (r * h) + b_hn)``,
        the reset gate scales the state before the recurrent product. Same parameters,
        different function; only the default matches ``torch.nn.GRUCell``.
    dtype : numpy dtype, optional
    rng : numpy.random.Generator, optional
        Weights and biases ``(3H, H_in)``, ``(3H, H)``, ``(3H,)`` drawn from
        ``U(-1/sqrt(H), 1/sqrt(H))``.

    Attributes
    ----------
    weight_ih : Parameter
        ``(3H, H_in)``, rows in gate order r, z, n, initialised from
        ``U(-1/sqrt(H), 1/sqrt(H))`` as PyTorch.
    weight_hh : Parameter
        ``(3H, H)``, same initialisation.
    bias_ih, bias_hh : Parameter or None
        ``(3H,)``, same initialisation; ``None`` with ``bias=False``.
    grad_hx : numpy.ndarray
        After ``backward``: the gradient with respect to ``hx``.

    Shape
    -----
    - input: ``(N, H_in)`` or ``(H_in,)``; hx: ``(N, H)`` or ``(H,)``
    - output: ``(N, H)`` or ``(H,)``

    Goodfellow et al., §10.10.2.

    Examples
    --------
    >>> cell = GRUCell(3, 4, reset_before=True, rng=np.random.default_rng(0))
    >>> cell(np.ones((2, 3))).shape
    (2, 4)
    """

    _gates = 3

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        bias: bool = True,
        reset_before: bool = False,
        dtype: Any = None,
        rng: np.random.Generator | None = None,
        **unsupported: Any,
    ) -> None:
        reject_unsupported("GRUCell", unsupported)
        if not isinstance(reset_before, (bool, np.bool_)):
            fail("GRUCell", "reset_before to be a bool", repr(reset_before), TypeError)
        super().__init__(input_size, hidden_size, bias, dtype, rng)
        self.reset_before = bool(reset_before)

    def extra_repr(self) -> str:
        """As the other cells, plus ``reset_before=True`` for the book's variant."""
        return super().extra_repr() + (", reset_before=True" if self.reset_before else "")

    def forward(self, x: Any, hx: Any = None) -> np.ndarray:
        """One step from ``x`` and the state ``hx`` (zeros if omitted); returns ``h'``."""
        x2, (h,), batched = self._prepare(x, [("hx", hx)])
        h_new, cache = gru_cell_forward(
            x2, h, *self._weights(), reset_before=self.reset_before, owner="GRUCell"
        )
        self._cache, self._batched, self._batch = cache, batched, x2.shape[0]
        return h_new if batched else h_new[0]

    def backward(self, grad_output: Any) -> np.ndarray:
        """Gradient with respect to the input; ``grad_hx`` gets the one for ``hx``."""
        cache = self._check_called()
        g = self._grad(grad_output, "grad_output", self._batched)
        assert g is not None  # grad_output is required
        dx, dh, *param_grads = gru_cell_backward(g, cache)
        self._accumulate(*param_grads)
        self.grad_hx = dh if self._batched else dh[0]
        return dx if self._batched else dx[0]
