"""Parameter and multiply-accumulate counts of a model, read off the modules themselves.

A convolution with ``C_in`` input channels and a ``kH x kW`` kernel spends
``C_in * kH * kW`` multiply-accumulates (MACs) on every output value, so its cost is that
number times the size of its output; a fully connected layer spends ``in_features`` MACs on
every output value. Output sizes depend on the input, so the counts come from one forward
pass on a zero image: each leaf module's forward is wrapped for the duration of the pass to
record the shapes it sees. Nothing is typed in by hand, and a model with branches or
shortcuts (Inception, ResNet) is counted as it actually runs.

Convention: only convolutions (plain and transposed) and linear layers are charged MACs;
bias additions, activations, pooling and batch normalisation, each a few operations per
value, are not. One FLOP count in the common "2 x MACs" sense is twice the number returned.
Goodfellow et al., §9.2 (the cost of sparse interactions) and §9.11 (architectures).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import fail
from dlnotes.nn.conv import Conv2d, ConvTranspose2d
from dlnotes.nn.linear import Linear
from dlnotes.nn.module import Module

__all__ = ["LayerCount", "layer_counts", "count_parameters", "count_macs"]


class LayerCount(NamedTuple):
    """The cost of one leaf module for a single input image, with the fields

    * ``name``: dotted name in the model (``"features.0"``);
    * ``kind``: class name (``"Conv2d"``);
    * ``output_shape``: shape of the module's output for one image (batch axis dropped);
    * ``parameters``: number of scalars in the module's own parameters;
    * ``macs``: multiply-accumulates of one forward pass on one image.
    """

    name: str
    kind: str
    output_shape: tuple[int, ...]
    parameters: int
    macs: int


def _macs(module: Module, x: np.ndarray, out: np.ndarray) -> int:
    per_image = int(out.size // out.shape[0])
    if isinstance(module, Conv2d):
        kh, kw = module.kernel_size
        return per_image * module.in_channels * kh * kw
    if isinstance(module, ConvTranspose2d):
        # Each input value is scattered through the whole C_out x kH x kW kernel.
        kh, kw = module.kernel_size
        return int(x.size // x.shape[0]) * module.out_channels * kh * kw
    if isinstance(module, Linear):
        return per_image * module.in_features
    return 0


def layer_counts(model: Module, input_shape: tuple[int, ...]) -> list[LayerCount]:
    r"""Parameters and MACs of every leaf module of ``model``, in the order they run.

    One forward pass on ``np.zeros((1, *input_shape))`` records each leaf's input and output
    shapes; a leaf that runs twice appears twice (its parameters counted once, on the first
    call). Training-mode state (batch-norm running statistics) is left untouched, because
    the pass runs in evaluation mode and the previous mode is restored afterwards.

    Parameters
    ----------
    model : dlnotes.nn.Module
    input_shape : tuple of int
        Shape of one input without the batch axis, e.g. ``(1, 8, 8)``.

    Returns
    -------
    list of LayerCount

    Examples
    --------
    >>> from dlnotes.nn import Conv2d
    >>> [tuple(c) for c in layer_counts(Conv2d(1, 4, 3, padding=1), (1, 8, 8))]
    [('', 'Conv2d', (4, 8, 8), 40, 2304)]
    """
    if not isinstance(model, Module):
        fail("layer_counts", "a dlnotes.nn.Module", type(model).__name__, TypeError)
    shape = tuple(int(s) for s in input_shape)
    records: list[LayerCount] = []
    seen: set[int] = set()
    # A module registered under two names is one module: wrap it once, under its first name.
    by_id: dict[int, tuple[str, Module]] = {}
    for n, m in model.named_modules():
        if not list(m.children()):
            by_id.setdefault(id(m), (n, m))
    leaves = list(by_id.values())

    def wrap(name: str, module: Module) -> Callable[..., Any]:
        inner = module.forward

        def recording_forward(x: Any, *args: Any, **kwargs: Any) -> Any:
            out = inner(x, *args, **kwargs)
            params = 0 if id(module) in seen else sum(p.size for p in module.parameters())
            seen.add(id(module))
            x_arr, out_arr = np.asarray(x), np.asarray(out)
            records.append(
                LayerCount(
                    name,
                    type(module).__name__,
                    tuple(out_arr.shape[1:]),
                    params,
                    _macs(module, x_arr, out_arr),
                )
            )
            return out

        return recording_forward

    was_training = [m.training for m in model.modules()]
    model.eval()
    # The wrappers live in the instances' __dict__ (bypassing Module.__setattr__'s
    # registries) and are deleted again, so the model is unchanged whatever happens.
    for name, module in leaves:
        object.__setattr__(module, "forward", wrap(name, module))
    try:
        model(np.zeros((1, *shape)))
    finally:
        for _, module in leaves:
            object.__delattr__(module, "forward")
        for module, mode in zip(model.modules(), was_training, strict=True):
            object.__setattr__(module, "training", mode)
    return records


def count_parameters(model: Module) -> int:
    """Number of trainable scalars of ``model`` (each shared parameter counted once).

    Examples
    --------
    >>> from dlnotes.nn import Linear
    >>> count_parameters(Linear(64, 10))
    650
    """
    if not isinstance(model, Module):
        fail("count_parameters", "a dlnotes.nn.Module", type(model).__name__, TypeError)
    return int(sum(p.size for p in model.parameters()))


def count_macs(model: Module, input_shape: tuple[int, ...]) -> int:
    """Multiply-accumulates of one forward pass of ``model`` on one input of ``input_shape``.

    The sum of :func:`layer_counts`' ``macs``; see the module docstring for what is charged.

    Examples
    --------
    >>> from dlnotes.nn import Conv2d
    >>> count_macs(Conv2d(1, 4, 3, padding=1), (1, 8, 8)) == 4 * 8 * 8 * 9
    True
    """
    return int(sum(c.macs for c in layer_counts(model, input_shape)))
