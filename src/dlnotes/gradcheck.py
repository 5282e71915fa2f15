"""Gradient checking by central differences.

A hand-written backward pass is only trusted once it agrees with a numerical derivative.
``check_module`` compares *every* input and parameter gradient of a module with central
differences under a **random** upstream gradient: an all-ones upstream gradient (the gradient
of ``out.sum()``) hides errors in layers whose outputs are constrained, such as softmax (whose
outputs always sum to one) or normalisation layers, where the true input gradient of the sum
is identically zero.

Goodfellow et al., §4.3 (gradients) and §11.5 (debugging: numerical gradient checks).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from dlnotes._validation import as_generator, fail

__all__ = ["numerical_gradient", "numerical_gradient_in_place", "check_module", "relative_error"]


def numerical_gradient(
    f: Callable[[np.ndarray], Any], x: np.ndarray, eps: float = 1e-6
) -> np.ndarray:
    r"""Central-difference gradient of a scalar function ``f(x)`` with respect to ``x``.

    .. math:: \frac{\partial f}{\partial x_i} \approx
              \frac{f(x + \epsilon e_i) - f(x - \epsilon e_i)}{2\epsilon}

    The truncation error is :math:`O(\epsilon^2)`, against :math:`O(\epsilon)` for the
    one-sided difference. ``f`` is called as ``f(x)``, the convention of *Deep Learning from
    Scratch*, CS231n and ``torch.autograd.gradcheck``; it receives a private copy of ``x``
    with one entry moved by :math:`\pm\epsilon`, so ``x`` itself is never modified.

    Parameters
    ----------
    f : callable
        ``f(x)`` returns a scalar (anything ``float()`` accepts). It must not modify its
        argument. To differentiate a closure that reads an array it does not take as an
        argument (a module's parameter), use :func:`numerical_gradient_in_place`.
    x : numpy.ndarray
        Floating array of any shape (0-d included) and memory layout. Use float64: in
        float32 the rounding error of ``f`` swamps the difference.
    eps : float
        Step size.

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as ``x``.

    Shape
    -----
    - x: any shape; output: the same shape

    Examples
    --------
    >>> x = np.array([1.0, 2.0])
    >>> np.round(numerical_gradient(lambda x: (x ** 2).sum(), x), 6)
    array([2., 4.])
    >>> x
    array([1., 2.])
    """
    _check_float_array("numerical_gradient", x)
    point = np.array(x, dtype=x.dtype, copy=True)  # the only array perturbed
    # One difference loop serves both conventions: here it moves the private copy.
    return numerical_gradient_in_place(lambda: f(point), point, eps)


def numerical_gradient_in_place(
    f: Callable[[], Any], x: np.ndarray, eps: float = 1e-6
) -> np.ndarray:
    r"""Central differences of a zero-argument closure ``f()`` that reads ``x`` itself.

    The option for quantities that cannot be passed as an argument, such as a module's
    parameter read inside ``module(inputs)``: each entry of ``x`` is moved by
    :math:`\pm\epsilon` **in place**, ``f()`` is evaluated, and the entry is restored (also
    when ``f`` raises). Prefer :func:`numerical_gradient`, which calls ``f(x)`` on a copy.

    Parameters
    ----------
    f : callable
        Takes no arguments and returns a scalar computed from the current contents of ``x``.
    x : numpy.ndarray
        Writeable floating array of any shape, the one ``f`` reads (a view writes through to
        its base).
    eps : float
        Step size.

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as ``x``.

    Shape
    -----
    - x: any shape; output: the same shape

    Examples
    --------
    >>> w = np.array([1.0, -3.0])
    >>> np.round(numerical_gradient_in_place(lambda: float((w ** 2).sum()), w), 6)
    array([ 2., -6.])
    >>> w
    array([ 1., -3.])
    """
    _check_float_array("numerical_gradient_in_place", x)
    if not x.flags.writeable:
        fail("numerical_gradient_in_place", "a writeable array", "a read-only array")
    grad = np.zeros(x.shape, dtype=x.dtype)
    for index in np.ndindex(x.shape):
        original = x[index]
        try:
            x[index] = original + eps
            f_plus = float(f())
            x[index] = original - eps
            f_minus = float(f())
        finally:
            x[index] = original
        grad[index] = (f_plus - f_minus) / (2 * eps)
    return grad


def _check_float_array(owner: str, x: Any) -> None:
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        fail(owner, "a floating numpy array", type(x).__name__, TypeError)


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """``max |a - b| / max(|a|, |b|, tiny)``, a scale-free measure of disagreement."""
    scale = max(np.abs(a).max(initial=0.0), np.abs(b).max(initial=0.0), 1e-300)
    return float(np.abs(a - b).max(initial=0.0) / scale)


def _as_tuple(x: Any) -> tuple:
    return x if isinstance(x, tuple) else (x,)


def check_module(
    module: Any,
    *inputs: Any,
    rng: np.random.Generator | None = None,
    eps: float = 1e-6,
    atol: float = 1e-6,
    rtol: float = 1e-5,
    forward_kwargs: dict | None = None,
    fixed_inputs: tuple[int, ...] = (),
) -> dict[str, float]:
    """Compare a module's backward pass with central differences.

    Runs ``module(*inputs)``, draws a random upstream gradient ``G`` of the output's shape,
    runs ``module.backward(G)`` and compares the returned input gradients and the gradients
    accumulated in every parameter with the numerical gradient of
    ``sum(G * module(*inputs))``. Integer inputs (class indices, token ids) are held fixed.
    The module is left with zeroed gradients.

    Parameters
    ----------
    module : dlnotes.nn.Module
        Anything with ``forward``/``backward``/``parameters``. For modules with randomness
        (dropout) fix the randomness first, e.g. by evaluating in ``eval()`` mode.
    *inputs : numpy.ndarray
        Forward inputs; use float64.
    rng : numpy.random.Generator, optional
        Draws the upstream gradient.
    eps, atol, rtol : float
        Step size and tolerances: the check passes when
        ``|analytic - numeric| <= atol + rtol * |numeric|`` elementwise.
    forward_kwargs : dict, optional
        Keyword arguments passed to every forward call (e.g. an attention mask).
    fixed_inputs : tuple of int
        Positions of floating inputs that are held fixed rather than checked, such as the
        target of ``MSELoss`` (whose ``backward`` returns the gradient for the input only).

    Returns
    -------
    dict of str to float
        When every tensor passes: the :func:`relative_error` of each checked tensor, keyed
        ``"input[i]"`` or by parameter name, so a page can quote how close the check came.

    Raises
    ------
    AssertionError
        With one line per tensor: its name, the maximum absolute and relative error, and
        whether it passed.

    Notes
    -----
    If the forward returns a tuple (for example ``(output, h_n)``), the upstream gradient is
    drawn for the first element only, and ``backward`` receives an array of that shape.
    Losses (modules whose forward returns a 0-d array) receive a random 0-d upstream
    gradient, which their ``backward(grad_output)`` must scale by.

    Examples
    --------
    >>> from dlnotes.nn import Linear
    >>> layer = Linear(3, 2, rng=np.random.default_rng(0))
    >>> errors = check_module(layer, np.random.default_rng(1).normal(size=(4, 3)))
    >>> sorted(errors), max(errors.values()) < 1e-8
    (['bias', 'input[0]', 'weight'], True)
    """
    rng = as_generator("check_module", rng)
    kwargs = forward_kwargs or {}

    def primary(out: Any) -> np.ndarray:
        return np.asarray(out[0] if isinstance(out, tuple) else out)

    out = primary(module(*inputs, **kwargs))
    upstream = rng.normal(size=out.shape).astype(out.dtype)
    for p in module.parameters():
        p.zero_grad()
    # Pass a copy: backward must not mutate its argument, but we do not rely on it here.
    grads = _as_tuple(module.backward(upstream.copy()))

    def objective(*args: Any) -> float:
        return float(np.sum(upstream * primary(module(*args, **kwargs))))

    report: list[str] = []
    errors: dict[str, float] = {}
    ok = True
    float_inputs = [
        (i, x)
        for i, x in enumerate(inputs)
        if isinstance(x, np.ndarray) and x.dtype.kind == "f" and i not in fixed_inputs
    ]

    # Inputs are passed to ``objective`` as arguments (the caller's arrays are never
    # touched); parameters are read by the module itself, so they are perturbed in place.
    checks: list[tuple[str, np.ndarray | None, np.ndarray]] = []
    for i, x in float_inputs:

        def of_input(xi: np.ndarray, i: int = i) -> float:
            return objective(*inputs[:i], xi, *inputs[i + 1 :])

        analytic_i = grads[i] if i < len(grads) else None
        checks.append((f"input[{i}]", analytic_i, numerical_gradient(of_input, x, eps)))
    for name, p in module.named_parameters():
        numeric_p = numerical_gradient_in_place(lambda: objective(*inputs), p.data, eps)
        checks.append((name, p.grad.copy(), numeric_p))
    for name, analytic, numeric in checks:
        if analytic is None:
            ok = False
            report.append(f"  {name}: backward returned no gradient")
            continue
        analytic = np.asarray(analytic)
        if analytic.shape != numeric.shape:
            ok = False
            report.append(f"  {name}: gradient shape {analytic.shape}, expected {numeric.shape}")
            continue
        abs_err = float(np.abs(analytic - numeric).max(initial=0.0))
        passed = bool(np.all(np.abs(analytic - numeric) <= atol + rtol * np.abs(numeric)))
        ok = ok and passed
        errors[name] = relative_error(analytic, numeric)
        report.append(
            f"  {name:<24} max abs err {abs_err:.2e}  rel err "
            f"{relative_error(analytic, numeric):.2e}  {'ok' if passed else 'FAIL'}"
        )
    for p in module.parameters():
        p.zero_grad()
    if not ok:
        raise AssertionError(
            f"{type(module).__name__}: gradient check failed\n" + "\n".join(report)
        )
    return errors
