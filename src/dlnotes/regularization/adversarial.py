r"""Adversarial examples by the fast gradient sign method, and adversarial training.

A classifier that is close to linear in its input can be fooled by a perturbation of
max-norm :math:`\epsilon` aligned with the sign of the loss gradient,

.. math:: x' = x + \epsilon\,\operatorname{sign}\big(\nabla_x J(\theta, x, y)\big),

because the change of a linear score is :math:`\epsilon\|w\|_1`, which grows with the input
dimension (Goodfellow et al., §7.13; Goodfellow, Shlens and Szegedy, 2015). Training on such
perturbed points as well as the clean ones — *adversarial training* — makes the network
locally flatter around the data. Input gradients come from the module's own ``backward``,
which returns the gradient with respect to its input.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_range, fail
from dlnotes.data.loader import DataLoader

__all__ = ["AdversarialLoader", "input_gradient", "fgsm", "accuracy_under_attack"]


def _check_model(owner: str, model: Any, loss_fn: Any) -> None:
    for name, obj, methods in (
        ("model", model, ("backward", "parameters", "train", "eval")),
        ("loss_fn", loss_fn, ("backward",)),
    ):
        if not all(callable(getattr(obj, m, None)) for m in methods):
            fail(owner, f"{name} with methods {', '.join(methods)}", type(obj).__name__, TypeError)


def input_gradient(model: Any, loss_fn: Any, x: Any, y: Any) -> np.ndarray:
    r"""Gradient :math:`\nabla_x J` of the loss with respect to the input batch.

    One forward pass, ``loss_fn.backward()`` and ``model.backward(...)``, whose return value
    is the input gradient. The parameter gradients that ``backward`` accumulates are restored
    afterwards, so calling this between ``zero_grad()`` and ``step()`` changes nothing. The
    model is used in the mode it is in (call ``model.eval()`` first to attack the
    deterministic network).

    Parameters
    ----------
    model : dlnotes.nn.Module
    loss_fn : loss module
        For instance ``CrossEntropyLoss()`` (mean over the batch: each row of the result is
        then :math:`1/N` times the per-example gradient, which leaves its sign unchanged).
    x : array_like, shape (N, *)
    y : array_like, shape (N,)

    Returns
    -------
    numpy.ndarray
        Same shape as ``x``.

    Notes
    -----
    Goodfellow et al., §6.5 (back-propagation to the input) and §7.13.

    Examples
    --------
    >>> from dlnotes.nn import Linear, CrossEntropyLoss
    >>> model = Linear(4, 3, rng=np.random.default_rng(0))
    >>> input_gradient(model, CrossEntropyLoss(), np.ones((2, 4)), np.array([0, 2])).shape
    (2, 4)
    """
    owner = "input_gradient"
    _check_model(owner, model, loss_fn)
    x = as_float_array(owner, x, "x")
    saved = [p.grad.copy() for p in model.parameters()]
    try:
        loss_fn(model(x), y)
        grad = np.asarray(model.backward(loss_fn.backward()))
    finally:
        for p, g in zip(model.parameters(), saved, strict=True):
            p.grad[...] = g
    if grad.shape != x.shape:
        fail(owner, f"model.backward to return the input gradient of shape {x.shape}", grad.shape)
    return grad


def fgsm(
    model: Any,
    loss_fn: Any,
    x: Any,
    y: Any,
    epsilon: float,
    *,
    clip: tuple[float, float] | None = (0.0, 1.0),
) -> np.ndarray:
    r"""Fast gradient sign perturbation :math:`x + \epsilon\,\mathrm{sign}(\nabla_x J)`.

    Parameters
    ----------
    model, loss_fn
        As in :func:`input_gradient`.
    x : array_like, shape (N, *)
    y : array_like, shape (N,)
    epsilon : float
        Max-norm of the perturbation, :math:`\epsilon \ge 0`.
    clip : (float, float) or None, default (0, 1)
        Clip the result to the valid pixel range (then the perturbation can be smaller
        than :math:`\epsilon` in some pixels); ``None`` leaves it unclipped.

    Returns
    -------
    numpy.ndarray
        Adversarial inputs, same shape as ``x``; ``x`` is not modified.

    Notes
    -----
    Goodfellow et al., §7.13.

    Examples
    --------
    >>> from dlnotes.nn import Linear, CrossEntropyLoss
    >>> model = Linear(4, 3, rng=np.random.default_rng(0))
    >>> x = np.full((2, 4), 0.5)
    >>> x_adv = fgsm(model, CrossEntropyLoss(), x, np.array([0, 2]), 0.1)
    >>> float(np.abs(x_adv - x).max())
    0.1
    """
    eps = check_range("fgsm", "epsilon", epsilon, 0.0)
    x = as_float_array("fgsm", x, "x")
    out = x + eps * np.sign(input_gradient(model, loss_fn, x, y))
    if clip is not None:
        lo, hi = clip
        out = np.clip(out, lo, hi)
    return out.astype(x.dtype, copy=False)


def accuracy_under_attack(
    model: Any,
    loss_fn: Any,
    x: Any,
    y: Any,
    epsilons: Any,
    *,
    clip: tuple[float, float] | None = (0.0, 1.0),
) -> np.ndarray:
    r"""Accuracy on FGSM examples for each :math:`\epsilon` (the model in evaluation mode).

    Parameters
    ----------
    model, loss_fn, x, y
        As in :func:`fgsm`; ``y`` are integer class labels.
    epsilons : array_like, shape (m,)
        Perturbation sizes (0 gives the clean accuracy).
    clip : (float, float) or None, default (0, 1)

    Returns
    -------
    numpy.ndarray, shape (m,)

    Notes
    -----
    Goodfellow et al., §7.13.

    Examples
    --------
    >>> from dlnotes.nn import Linear, CrossEntropyLoss
    >>> model = Linear(4, 3, rng=np.random.default_rng(0))
    >>> x, y = np.random.default_rng(1).random((20, 4)), np.zeros(20, dtype=int)
    >>> acc = accuracy_under_attack(model, CrossEntropyLoss(), x, y, [0.0, 0.5])
    >>> bool(acc[1] <= acc[0])
    True
    """
    eps = np.atleast_1d(np.asarray(epsilons, dtype=np.float64))
    y = np.asarray(y)
    was_training = bool(getattr(model, "training", True))
    model.eval()
    try:
        out = []
        for e in eps:
            x_adv = fgsm(model, loss_fn, x, y, float(e), clip=clip)
            out.append(np.mean(np.argmax(model(x_adv), axis=-1) == y))
    finally:
        model.train(was_training)
    return np.array(out)


class AdversarialLoader(DataLoader):
    r"""A :class:`~dlnotes.data.DataLoader` whose batches are half clean, half FGSM examples.

    Each batch ``(x, y)`` is extended to ``(concat(x, x'), concat(y, y))`` with
    :math:`x'` the output of :func:`fgsm` for the *current* model (in evaluation mode), so
    passing it to :func:`dlnotes.training.fit` trains on
    :math:`\tfrac12 J(x, y) + \tfrac12 J(x', y)`, the adversarial objective of Goodfellow et
    al. (2015), with the ordinary training loop. The attack's parameter gradients are discarded
    (``fit`` calls ``zero_grad`` after drawing the batch, and :func:`input_gradient` restores
    them anyway).

    Parameters
    ----------
    dataset : (X, y)
        Training arrays.
    model, loss_fn
        The network being trained and its loss.
    epsilon : float
        FGSM step :math:`\epsilon \ge 0`.
    batch_size, shuffle, rng, drop_last
        As in :class:`~dlnotes.data.DataLoader` (``batch_size`` clean samples per batch).
    clip : (float, float) or None, default (0, 1)

    Notes
    -----
    Goodfellow et al., §7.13.

    Examples
    --------
    >>> from dlnotes.nn import Linear, CrossEntropyLoss
    >>> model = Linear(4, 3, rng=np.random.default_rng(0))
    >>> X, y = np.random.default_rng(1).random((10, 4)), np.arange(10) % 3
    >>> loader = AdversarialLoader((X, y), model, CrossEntropyLoss(), 0.1, batch_size=4,
    ...                            rng=np.random.default_rng(2))
    >>> [len(yb) for _, yb in loader]
    [8, 8, 4]
    """

    def __init__(
        self,
        dataset: Any,
        model: Any,
        loss_fn: Any,
        epsilon: float,
        batch_size: int = 32,
        shuffle: bool = True,
        rng: np.random.Generator | None = None,
        drop_last: bool = False,
        clip: tuple[float, float] | None = (0.0, 1.0),
    ) -> None:
        super().__init__(dataset, batch_size, shuffle, rng, drop_last)
        if len(self.arrays) != 2:
            fail("AdversarialLoader", "a dataset (X, y)", f"{len(self.arrays)} arrays")
        _check_model("AdversarialLoader", model, loss_fn)
        self.model, self.loss_fn, self.clip = model, loss_fn, clip
        self.epsilon = check_range("AdversarialLoader", "epsilon", epsilon, 0.0)

    def __iter__(self) -> Any:
        # fit draws the batch before its own forward pass, so sharing loss_fn with fit is safe.
        for xb, yb in super().__iter__():
            was_training = bool(getattr(self.model, "training", True))
            self.model.eval()
            try:
                x_adv = fgsm(self.model, self.loss_fn, xb, yb, self.epsilon, clip=self.clip)
            finally:
                self.model.train(was_training)
            yield np.concatenate([xb, x_adv]), np.concatenate([yb, yb])
