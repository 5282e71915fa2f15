"""Weight initialisation, in place, with PyTorch's names, fan computation and gains.

Every function takes a :class:`~dlnotes.nn.module.Parameter` (its ``.data`` is overwritten) or
a floating ``numpy.ndarray`` (overwritten in place), keeps its dtype, draws through an explicit
``rng=`` generator and returns the same object.

Fans follow PyTorch: for a weight of shape ``(out, in, *kernel)``,
``fan_in = in * prod(kernel)`` and ``fan_out = out * prod(kernel)``.

Goodfellow et al., §8.4 (parameter initialisation strategies: normalised "Xavier"
initialisation, orthogonal matrices, gains).
"""

from __future__ import annotations

import math
from typing import Any, TypeVar

import numpy as np

from dlnotes._validation import as_generator, check_range, fail
from dlnotes.nn.module import Parameter

__all__ = [
    "calculate_gain",
    "uniform_",
    "normal_",
    "constant_",
    "zeros_",
    "ones_",
    "xavier_uniform_",
    "xavier_normal_",
    "kaiming_uniform_",
    "kaiming_normal_",
    "orthogonal_",
]

T = TypeVar("T", Parameter, np.ndarray)

_LINEAR_GAIN = (
    "linear",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "sigmoid",
)


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    r"""Recommended scale of the weights for a nonlinearity, as PyTorch's ``calculate_gain``.

    ``linear``/``conv*``/``sigmoid``: 1; ``tanh``: 5/3; ``relu``: :math:`\sqrt 2`;
    ``leaky_relu`` with slope :math:`a` (default 0.01): :math:`\sqrt{2/(1+a^2)}`; ``selu``: 3/4.

    Examples
    --------
    >>> calculate_gain("relu") == math.sqrt(2)
    True
    """
    if nonlinearity in _LINEAR_GAIN:
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else check_range("calculate_gain", "param", param)
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    known = (*_LINEAR_GAIN, "tanh", "relu", "leaky_relu", "selu")
    fail("calculate_gain", f"nonlinearity in {known}", repr(nonlinearity))


def _array(owner: str, tensor: Any) -> np.ndarray:
    """The array to overwrite: ``Parameter.data`` or the ndarray itself."""
    arr = tensor.data if isinstance(tensor, Parameter) else tensor
    if not isinstance(arr, np.ndarray):
        fail(owner, "a Parameter or a floating numpy array", type(tensor).__name__, TypeError)
    if arr.dtype.kind != "f":
        fail(owner, "a Parameter or a floating numpy array", f"dtype {arr.dtype}", TypeError)
    return arr


def _fill(tensor: T, values: np.ndarray) -> T:
    arr = _array("init", tensor)
    arr[...] = values.astype(arr.dtype, copy=False)
    return tensor


def _fans(owner: str, arr: np.ndarray) -> tuple[int, int]:
    if arr.ndim < 2:
        fail(owner, "a tensor with at least 2 dimensions to compute fans", tuple(arr.shape))
    receptive = int(np.prod(arr.shape[2:])) if arr.ndim > 2 else 1
    return arr.shape[1] * receptive, arr.shape[0] * receptive


def _fan(owner: str, arr: np.ndarray, mode: str) -> int:
    if mode not in ("fan_in", "fan_out"):
        fail(owner, "mode in ('fan_in', 'fan_out')", repr(mode))
    fan_in, fan_out = _fans(owner, arr)
    return fan_in if mode == "fan_in" else fan_out


def uniform_(
    tensor: T, a: float = 0.0, b: float = 1.0, *, rng: np.random.Generator | None = None
) -> T:
    r"""Fill with draws from :math:`\mathcal U(a, b)`.

    >>> w = uniform_(np.zeros(1000), -2.0, 2.0, rng=np.random.default_rng(0))
    >>> bool(w.min() >= -2 and w.max() <= 2)
    True
    """
    arr = _array("uniform_", tensor)
    a, b = check_range("uniform_", "a", a), check_range("uniform_", "b", b)
    if a > b:
        fail("uniform_", "a <= b", f"a={a}, b={b}")
    return _fill(tensor, as_generator("uniform_", rng).uniform(a, b, arr.shape))


def normal_(
    tensor: T, mean: float = 0.0, std: float = 1.0, *, rng: np.random.Generator | None = None
) -> T:
    r"""Fill with draws from :math:`\mathcal N(\text{mean}, \text{std}^2)`.

    >>> w = normal_(np.zeros((100, 100)), std=0.5, rng=np.random.default_rng(0))
    >>> round(float(w.std()), 1)
    0.5
    """
    arr = _array("normal_", tensor)
    mean = check_range("normal_", "mean", mean)
    std = check_range("normal_", "std", std, 0.0)
    return _fill(tensor, as_generator("normal_", rng).normal(mean, std, arr.shape))


def constant_(tensor: T, val: float) -> T:
    """Fill with ``val``.

    >>> constant_(np.zeros(2), 3.0)
    array([3., 3.])
    """
    arr = _array("constant_", tensor)
    arr[...] = check_range("constant_", "val", val)
    return tensor


def zeros_(tensor: T) -> T:
    """Fill with zeros.

    >>> zeros_(np.ones(2))
    array([0., 0.])
    """
    _array("zeros_", tensor)
    return constant_(tensor, 0.0)


def ones_(tensor: T) -> T:
    """Fill with ones.

    >>> ones_(np.zeros(2))
    array([1., 1.])
    """
    _array("ones_", tensor)
    return constant_(tensor, 1.0)


def xavier_uniform_(tensor: T, gain: float = 1.0, *, rng: np.random.Generator | None = None) -> T:
    r"""Glorot and Bengio's normalised initialisation,
    :math:`\mathcal U(-a, a)` with :math:`a = \text{gain}\sqrt{6/(\text{fan\_in}+\text{fan\_out})}`
    (Goodfellow et al., §8.4, eq. 8.23).

    >>> w = xavier_uniform_(np.zeros((30, 20)), rng=np.random.default_rng(0))
    >>> bool(np.abs(w).max() <= math.sqrt(6 / 50))
    True
    """
    arr = _array("xavier_uniform_", tensor)
    fan_in, fan_out = _fans("xavier_uniform_", arr)
    bound = check_range("xavier_uniform_", "gain", gain) * math.sqrt(6.0 / (fan_in + fan_out))
    return _fill(tensor, as_generator("xavier_uniform_", rng).uniform(-bound, bound, arr.shape))


def xavier_normal_(tensor: T, gain: float = 1.0, *, rng: np.random.Generator | None = None) -> T:
    r"""Normal variant of Glorot initialisation:
    :math:`\mathcal N(0, \sigma^2)` with
    :math:`\sigma = \text{gain}\sqrt{2/(\text{fan\_in}+\text{fan\_out})}`.

    >>> w = xavier_normal_(np.zeros((200, 200)), rng=np.random.default_rng(0))
    >>> round(float(w.std() * math.sqrt(400 / 2)), 1)
    1.0
    """
    arr = _array("xavier_normal_", tensor)
    fan_in, fan_out = _fans("xavier_normal_", arr)
    std = check_range("xavier_normal_", "gain", gain) * math.sqrt(2.0 / (fan_in + fan_out))
    return _fill(tensor, as_generator("xavier_normal_", rng).normal(0.0, std, arr.shape))


def kaiming_uniform_(
    tensor: T,
    a: float = 0.0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    *,
    rng: np.random.Generator | None = None,
) -> T:
    r"""He initialisation, uniform: :math:`\mathcal U(-b, b)` with
    :math:`b = \text{gain}\sqrt{3/\text{fan}}`, gain from :func:`calculate_gain` (``a`` is the
    leaky-ReLU slope). ``Linear`` uses ``a = sqrt(5)``, giving :math:`b = 1/\sqrt{\text{fan\_in}}`.

    >>> w = kaiming_uniform_(np.zeros((64, 100)), a=math.sqrt(5), rng=np.random.default_rng(0))
    >>> bool(np.abs(w).max() <= 0.1)
    True
    """
    arr = _array("kaiming_uniform_", tensor)
    fan = _fan("kaiming_uniform_", arr, mode)
    gain = calculate_gain(nonlinearity, a)
    bound = gain * math.sqrt(3.0 / fan)
    return _fill(tensor, as_generator("kaiming_uniform_", rng).uniform(-bound, bound, arr.shape))


def kaiming_normal_(
    tensor: T,
    a: float = 0.0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    *,
    rng: np.random.Generator | None = None,
) -> T:
    r"""He initialisation, normal: :math:`\mathcal N(0, \sigma^2)` with
    :math:`\sigma = \text{gain}/\sqrt{\text{fan}}`.

    >>> w = kaiming_normal_(np.zeros((200, 200)), nonlinearity="relu", rng=np.random.default_rng(0))
    >>> round(float(w.std() * math.sqrt(200 / 2)), 1)
    1.0
    """
    arr = _array("kaiming_normal_", tensor)
    fan = _fan("kaiming_normal_", arr, mode)
    std = calculate_gain(nonlinearity, a) / math.sqrt(fan)
    return _fill(tensor, as_generator("kaiming_normal_", rng).normal(0.0, std, arr.shape))


def orthogonal_(tensor: T, gain: float = 1.0, *, rng: np.random.Generator | None = None) -> T:
    r"""A (semi-)orthogonal matrix times ``gain`` (Saxe et al.; Goodfellow et al., §8.4).

    The tensor is viewed as ``(rows, cols)`` with ``rows = shape[0]``; a Gaussian matrix is
    QR-factorised and the signs of ``Q``'s columns fixed by ``diag(R)`` so the result is
    uniformly (Haar) distributed. Rows are orthonormal if ``rows <= cols``, columns otherwise.

    >>> w = orthogonal_(np.zeros((3, 5)), rng=np.random.default_rng(0))
    >>> bool(np.allclose(w @ w.T, np.eye(3)))
    True
    """
    arr = _array("orthogonal_", tensor)
    if arr.ndim < 2:
        fail("orthogonal_", "a tensor with at least 2 dimensions", tuple(arr.shape))
    gain = check_range("orthogonal_", "gain", gain)
    rows = arr.shape[0]
    cols = arr.size // rows if rows else 0
    flat = as_generator("orthogonal_", rng).normal(size=(rows, cols))
    if rows < cols:
        flat = flat.T
    q, r = np.linalg.qr(flat)
    q = q * np.sign(np.diag(r))
    if rows < cols:
        q = q.T
    return _fill(tensor, (gain * q).reshape(arr.shape))
