"""The module system: ``Parameter``, ``Module``, ``Sequential`` and ``ModuleList``.

A module computes its output in ``forward`` and keeps what ``backward`` needs; ``backward``
takes the gradient of the loss with respect to the output, returns the gradient with respect
to the input and *adds* parameter gradients into ``Parameter.grad`` (so gradients of several
uses of one parameter accumulate, as in PyTorch). Names, registration order and
``state_dict`` keys follow PyTorch, so weights move between the two libraries.

Goodfellow et al., §6.5 (back-propagation as a sequence of local vector-Jacobian products).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import numpy as np

from dlnotes._validation import fail

__all__ = [
    "Parameter",
    "Module",
    "Sequential",
    "ModuleList",
]


class Parameter:
    """A trainable array and the gradient accumulated for it.

    Parameters
    ----------
    data : array_like
        Initial value. Floating arrays keep their dtype; anything else becomes float64.

    Attributes
    ----------
    data : numpy.ndarray
        The value. Optimizers update it in place.
    grad : numpy.ndarray
        Gradient of the loss with respect to ``data``, same shape and dtype; ``backward``
        passes add into it and ``zero_grad`` resets it to zero.

    Examples
    --------
    >>> p = Parameter(np.ones((2, 3)))
    >>> p.shape, float(p.grad.sum())
    ((2, 3), 0.0)
    """

    __slots__ = ("data", "grad")

    def __init__(self, data: Any) -> None:
        arr = np.array(data, copy=True)
        if arr.dtype.kind != "f":
            arr = arr.astype(np.float64)
        self.data: np.ndarray = arr
        self.grad: np.ndarray = np.zeros_like(arr)

    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    @property
    def dtype(self) -> np.dtype:
        return self.data.dtype

    @property
    def size(self) -> int:
        return self.data.size

    def zero_grad(self) -> None:
        """Reset the accumulated gradient to zero (in place)."""
        self.grad[...] = 0

    def __repr__(self) -> str:
        return f"Parameter(shape={self.shape}, dtype={self.dtype})"


class Module:
    """Base class of every layer, loss and model.

    Sub-classes assign ``Parameter`` and ``Module`` attributes in ``__init__`` (after calling
    ``super().__init__()``); they are registered in assignment order, which fixes the order of
    ``parameters()`` and the keys of ``state_dict()``. Non-trainable state that belongs in the
    state dict (running statistics) is registered with ``register_buffer``.
    """

    # Declared for the type checker; ``__init__`` creates them with ``object.__setattr__``
    # because the class's own ``__setattr__`` routes assignments into these registries.
    _parameters: OrderedDict[str, Parameter]
    _modules: OrderedDict[str, Module]
    _buffers: OrderedDict[str, None]  # names only: the value lives in the attribute
    training: bool

    def __init__(self) -> None:
        object.__setattr__(self, "_parameters", OrderedDict())
        object.__setattr__(self, "_modules", OrderedDict())
        object.__setattr__(self, "_buffers", OrderedDict())
        object.__setattr__(self, "training", True)

    # -- registration -------------------------------------------------------------------
    def __setattr__(self, name: str, value: Any) -> None:
        if "_parameters" not in self.__dict__:
            fail(
                type(self).__name__,
                "super().__init__() to be called before assigning attributes",
                f"an assignment to {name!r}",
                TypeError,
            )
        # Re-assigning a buffer (``self.running_mean = new_mean``) keeps it a buffer, as in
        # PyTorch; otherwise it would silently drop out of the state dict.
        if name in self._buffers and (value is None or isinstance(value, np.ndarray)):
            object.__setattr__(self, name, value)
            return
        for registry in (self._parameters, self._modules, self._buffers):
            registry.pop(name, None)
        if isinstance(value, Parameter):
            self._parameters[name] = value
        elif isinstance(value, Module):
            self._modules[name] = value
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        for registry in (self._parameters, self._modules, self._buffers):
            registry.pop(name, None)
        object.__delattr__(self, name)

    def register_buffer(self, name: str, value: np.ndarray | None) -> None:
        """Register a non-trainable array (e.g. a running mean) that ``state_dict`` saves."""
        self.__setattr__(name, value)
        self._buffers[name] = None

    def register_parameter(self, name: str, param: Parameter | None) -> None:
        """Register ``param`` under ``name``; ``None`` records an absent optional parameter."""
        if param is None:
            object.__setattr__(self, name, None)
            self._parameters.pop(name, None)
        else:
            self.__setattr__(name, param)

    # -- computation ----------------------------------------------------------------------
    def forward(self, *inputs: Any) -> Any:
        """Compute the output and keep what ``backward`` needs (subclasses define it).

        ``module(x)`` calls this method. Goodfellow et al., §6.5.
        """
        fail(
            type(self).__name__,
            "a subclass that defines forward",
            "the Module base class",
            TypeError,
        )

    def backward(self, grad_output: Any) -> Any:
        """Given dL/d(output) of the last ``forward``, return dL/d(input) (subclasses define it).

        Parameter gradients are *added* into each ``Parameter.grad``, so several uses of one
        parameter accumulate; call ``zero_grad`` between steps. This is one vector-Jacobian
        product of back-propagation (Goodfellow et al., §6.5.2).
        """
        fail(
            type(self).__name__,
            "a subclass that defines backward",
            "the Module base class",
            TypeError,
        )

    def __call__(self, *inputs: Any, **kwargs: Any) -> Any:
        return self.forward(*inputs, **kwargs)

    # -- traversal --------------------------------------------------------------------------
    def named_children(self) -> Iterator[tuple[str, Module]]:
        """Yield ``(name, module)`` for each direct child, in registration order."""
        yield from self._modules.items()

    def children(self) -> Iterator[Module]:
        """Yield each direct child module, in registration order."""
        for _, m in self.named_children():
            yield m

    def named_modules(self, prefix: str = "") -> Iterator[tuple[str, Module]]:
        """Yield ``(dotted_name, module)`` for this module (``prefix``) and each descendant."""
        yield prefix, self
        for name, child in self._modules.items():
            yield from child.named_modules(f"{prefix}.{name}" if prefix else name)

    def modules(self) -> Iterator[Module]:
        """Yield this module and every descendant, depth first."""
        for _, m in self.named_modules():
            yield m

    def named_parameters(
        self, prefix: str = "", recurse: bool = True
    ) -> Iterator[tuple[str, Parameter]]:
        """Yield ``(dotted_name, parameter)`` in registration order, each parameter once."""
        seen: set[int] = set()
        modules = self.named_modules(prefix) if recurse else iter([(prefix, self)])
        for mod_name, module in modules:
            for name, p in module._parameters.items():
                if id(p) in seen:
                    continue
                seen.add(id(p))
                yield (f"{mod_name}.{name}" if mod_name else name), p

    def parameters(self, recurse: bool = True) -> Iterator[Parameter]:
        """Yield every parameter once, in registration order (what an optimizer takes)."""
        for _, p in self.named_parameters(recurse=recurse):
            yield p

    def named_buffers(self, prefix: str = "") -> Iterator[tuple[str, np.ndarray]]:
        """Yield ``(dotted_name, array)`` for every registered buffer that is not ``None``."""
        for mod_name, module in self.named_modules(prefix):
            for name in module._buffers:
                value = getattr(module, name)
                if value is not None:
                    yield (f"{mod_name}.{name}" if mod_name else name), value

    # -- modes and gradients ------------------------------------------------------------------
    def zero_grad(self) -> None:
        """Reset the gradient of every parameter to zero."""
        for p in self.parameters():
            p.zero_grad()

    def train(self, mode: bool = True) -> Module:
        """Switch this module and its children to training mode (or evaluation if ``False``)."""
        for m in self.modules():
            object.__setattr__(m, "training", bool(mode))
        return self

    def eval(self) -> Module:
        """Switch to evaluation mode (dropout off, batch norm uses running statistics)."""
        return self.train(False)

    # -- persistence -----------------------------------------------------------------------------
    def state_dict(self) -> OrderedDict[str, np.ndarray]:
        """Copies of all parameters and buffers under PyTorch's dotted names.

        Parameters come before buffers within each module, as in PyTorch.
        """
        out: OrderedDict[str, np.ndarray] = OrderedDict()
        for mod_name, module in self.named_modules():
            prefix = f"{mod_name}." if mod_name else ""
            for name, p in module._parameters.items():
                out[prefix + name] = p.data.copy()
            for name in module._buffers:
                value = getattr(module, name)
                if value is not None:
                    out[prefix + name] = np.array(value, copy=True)
        return out

    def load_state_dict(self, state_dict: Mapping[str, Any], strict: bool = True) -> None:
        """Copy values from ``state_dict`` into this module's parameters and buffers.

        Values are cast to each parameter's dtype; shapes must match exactly. With
        ``strict=True`` (the default) missing or unexpected keys raise ``ValueError``.
        PyTorch tensors converted with ``.numpy()`` load directly.
        """
        owner = type(self).__name__
        own = self.state_dict()
        if strict:
            missing = [k for k in own if k not in state_dict]
            unexpected = [k for k in state_dict if k not in own]
            if missing or unexpected:
                fail(
                    owner,
                    f"state_dict keys {list(own)}",
                    f"missing {missing} and unexpected {unexpected}",
                )
        for mod_name, module in self.named_modules():
            prefix = f"{mod_name}." if mod_name else ""
            for name, p in module._parameters.items():
                if prefix + name in state_dict:
                    value = np.asarray(state_dict[prefix + name])
                    if value.shape != p.data.shape:
                        fail(owner, f"{prefix + name} of shape {p.data.shape}", value.shape)
                    p.data[...] = value.astype(p.data.dtype, copy=False)
            for name in module._buffers:
                current = getattr(module, name)
                if prefix + name in state_dict and current is not None:
                    value = np.asarray(state_dict[prefix + name])
                    if value.shape != np.shape(current):
                        fail(owner, f"{prefix + name} of shape {np.shape(current)}", value.shape)
                    current_arr = np.asarray(current)
                    object.__setattr__(module, name, value.astype(current_arr.dtype, copy=True))

    # -- display -------------------------------------------------------------------------------
    def extra_repr(self) -> str:
        """The constructor arguments shown inside ``repr(module)``; subclasses override it."""
        return ""

    def __repr__(self) -> str:
        lines = [f"({name}): " + repr(m).replace("\n", "\n  ") for name, m in self._modules.items()]
        head = f"{type(self).__name__}({self.extra_repr()}"
        if not lines:
            return head + ")"
        return head + "\n  " + "\n  ".join(lines) + "\n)"


class Sequential(Module):
    """Modules applied in order; ``backward`` runs them in reverse.

    Children are named ``"0"``, ``"1"``, ... so state-dict keys match PyTorch's
    ``nn.Sequential`` (``"0.weight"``).

    Examples
    --------
    >>> from dlnotes.nn import Linear, ReLU
    >>> model = Sequential(Linear(4, 8), ReLU(), Linear(8, 3))
    >>> [name for name, _ in model.named_parameters()]
    ['0.weight', '0.bias', '2.weight', '2.bias']
    """

    def __init__(self, *modules: Module) -> None:
        super().__init__()
        for i, m in enumerate(modules):
            if not isinstance(m, Module):
                fail("Sequential", "Module arguments", type(m).__name__, TypeError)
            setattr(self, str(i), m)

    def __len__(self) -> int:
        return len(self._modules)

    def __getitem__(self, index: int) -> Module:
        return list(self._modules.values())[index]

    def __iter__(self) -> Iterator[Module]:
        return iter(self._modules.values())

    def append(self, module: Module) -> Sequential:
        """Add ``module`` at the end (named by its position) and return ``self``."""
        if not isinstance(module, Module):
            fail("Sequential", "a Module", type(module).__name__, TypeError)
        setattr(self, str(len(self)), module)
        return self

    def forward(self, x: Any) -> Any:
        """Apply the modules in order."""
        for m in self._modules.values():
            x = m(x)
        return x

    def backward(self, grad_output: Any) -> Any:
        """Run each module's ``backward`` in reverse order (the chain rule, §6.5.2)."""
        for m in reversed(self._modules.values()):
            grad_output = m.backward(grad_output)
        return grad_output


class ModuleList(Module):
    """A list of modules whose parameters are registered as ``"0.weight"``, ``"1.weight"``, ...

    It has no forward of its own: the parent module decides how its items are called.
    """

    def __init__(self, modules: Iterable[Module] | None = None) -> None:
        super().__init__()
        for m in modules or ():
            self.append(m)

    def append(self, module: Module) -> ModuleList:
        """Add ``module`` at the end (named by its position) and return ``self``."""
        if not isinstance(module, Module):
            fail("ModuleList", "a Module", type(module).__name__, TypeError)
        setattr(self, str(len(self._modules)), module)
        return self

    def __len__(self) -> int:
        return len(self._modules)

    def __getitem__(self, index: int) -> Module:
        return list(self._modules.values())[index]

    def __iter__(self) -> Iterator[Module]:
        return iter(self._modules.values())
