r"""Learning-rate schedules: ``StepLR``, ``ExponentialLR``, ``CosineAnnealingLR``, ``LambdaLR``.

A scheduler rewrites ``group["lr"]`` of every parameter group of an optimizer each time its
``step()`` is called (usually once per epoch, after the optimizer's steps of that epoch).
Construction performs the first step, so ``last_epoch`` is 0 and the learning rates are the
initial ones; the sequences, ``last_epoch``, ``base_lrs`` and ``get_last_lr()`` follow
``torch.optim.lr_scheduler``.

Goodfellow et al., §8.3.1: SGD needs a decreasing learning rate (its gradient noise does not
vanish at a minimum); a sufficient condition is :math:`\sum_k \epsilon_k = \infty`,
:math:`\sum_k \epsilon_k^2 < \infty`, and in practice a decay to a floor is used.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from dlnotes._validation import check_positive_int, check_range, fail
from dlnotes.optim.optimizer import Optimizer

__all__ = ["LRScheduler", "StepLR", "ExponentialLR", "CosineAnnealingLR", "LambdaLR"]


class LRScheduler:
    r"""Base class of learning-rate schedulers.

    Sub-classes define ``get_lr()``, the new learning rate of every group at
    ``last_epoch`` (just incremented), computed from ``base_lrs`` and/or the current
    ``group["lr"]``.

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer whose learning rates are scheduled.
    last_epoch : int, default -1
        Index of the last epoch when resuming; -1 starts a new schedule (and records each
        group's current ``lr`` as ``"initial_lr"``). Resuming needs ``"initial_lr"`` in every
        group, as saved by the optimizer's ``state_dict``.

    Attributes
    ----------
    optimizer : Optimizer
    base_lrs : list of float
        The groups' initial learning rates.
    last_epoch : int
        Number of ``step()`` calls since construction (0 right after it).

    Notes
    -----
    Goodfellow et al., §8.3.1.

    Examples
    --------
    A new schedule only needs ``get_lr``; here a linear decay to zero over 4 epochs:

    >>> import numpy as np
    >>> from dlnotes.nn import Parameter
    >>> from dlnotes.optim import SGD
    >>> class LinearDecay(LRScheduler):
    ...     def get_lr(self):
    ...         return [base * max(0.0, 1 - self.last_epoch / 4) for base in self.base_lrs]
    >>> optimizer = SGD([Parameter(np.zeros(2))], lr=0.2)
    >>> scheduler = LinearDecay(optimizer)
    >>> for _ in range(2):
    ...     optimizer.step()
    ...     scheduler.step()
    >>> scheduler.last_epoch, scheduler.get_last_lr()
    (2, [0.1])
    """

    def __init__(self, optimizer: Optimizer, last_epoch: int = -1) -> None:
        owner = type(self).__name__
        if not isinstance(optimizer, Optimizer):
            fail(owner, "a dlnotes.optim.Optimizer", type(optimizer).__name__, TypeError)
        if isinstance(last_epoch, bool) or not isinstance(last_epoch, int) or last_epoch < -1:
            fail(owner, "last_epoch to be an integer >= -1", repr(last_epoch))
        self.optimizer = optimizer
        if last_epoch == -1:
            for group in optimizer.param_groups:
                group.setdefault("initial_lr", group["lr"])
        else:
            for i, group in enumerate(optimizer.param_groups):
                if "initial_lr" not in group:
                    fail(
                        owner,
                        f"'initial_lr' in param_groups[{i}] when resuming with last_epoch >= 0",
                        sorted(k for k in group if k != "params"),
                    )
        self.base_lrs: list[float] = [group["initial_lr"] for group in optimizer.param_groups]
        self.last_epoch = last_epoch
        self._step_count = 0
        # The constructor's step only re-reads the current learning rates (it must not decay
        # them when resuming from a checkpoint); ``_is_initial`` tells ``get_lr`` so.
        self._is_initial = True
        try:
            self.step()
        finally:
            self._is_initial = False

    def get_lr(self) -> list[float]:
        """The learning rate of every group at ``last_epoch`` (defined by sub-classes)."""
        fail(
            type(self).__name__,
            "a subclass that defines get_lr",
            "the LRScheduler base class",
            TypeError,
        )

    def _current_lrs(self) -> list[float]:
        return [group["lr"] for group in self.optimizer.param_groups]

    def step(self) -> None:
        """Advance ``last_epoch`` by one and write the new learning rates into the groups."""
        self._step_count += 1
        self.last_epoch += 1
        values = self.get_lr()
        for group, lr in zip(self.optimizer.param_groups, values, strict=True):
            group["lr"] = lr
        self._last_lr = self._current_lrs()

    def get_last_lr(self) -> list[float]:
        """The learning rates set by the most recent ``step()`` (one per group)."""
        return list(self._last_lr)

    def state_dict(self) -> dict[str, Any]:
        """Everything but the optimizer (and callables), for checkpoints."""
        return {
            k: (list(v) if isinstance(v, list) else v)
            for k, v in self.__dict__.items()
            if k not in ("optimizer", "lr_lambdas")
        }

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore the scheduler's counters from ``state_dict``."""
        self.__dict__.update(
            {k: v for k, v in state_dict.items() if k not in ("optimizer", "lr_lambdas")}
        )


def _check_gamma(owner: str, gamma: Any) -> float:
    return check_range(owner, "gamma", gamma, 0, high_inclusive=False)


class StepLR(LRScheduler):
    r"""Multiply the learning rate by ``gamma`` every ``step_size`` epochs.

    .. math::

        \eta_t = \eta_0\, \gamma^{\lfloor t / s \rfloor}.

    Parameters
    ----------
    optimizer : Optimizer
    step_size : int
        Period :math:`s > 0` of the decay, in epochs.
    gamma : float, default 0.1
        Multiplicative factor :math:`\gamma \ge 0`.
    last_epoch : int, default -1

    Notes
    -----
    Implemented, as in PyTorch, recursively: at epochs that are multiples of :math:`s` the
    current ``lr`` is multiplied by :math:`\gamma`, otherwise left alone, so changes made to
    ``group["lr"]`` by other code persist. Goodfellow et al., §8.3.1.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.nn import Parameter
    >>> from dlnotes.optim import SGD
    >>> optimizer = SGD([Parameter(np.zeros(2))], lr=1.0)
    >>> scheduler = StepLR(optimizer, step_size=2, gamma=0.5)
    >>> lrs = []
    >>> for epoch in range(5):
    ...     lrs.append(scheduler.get_last_lr()[0])
    ...     optimizer.step()
    ...     scheduler.step()
    >>> lrs
    [1.0, 1.0, 0.5, 0.5, 0.25]
    """

    def __init__(
        self, optimizer: Optimizer, step_size: int, gamma: float = 0.1, last_epoch: int = -1
    ) -> None:
        self.step_size = check_positive_int("StepLR", "step_size", step_size)
        self.gamma = _check_gamma("StepLR", gamma)
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        if self.last_epoch == 0 or self.last_epoch % self.step_size != 0:
            return self._current_lrs()
        return [lr * self.gamma for lr in self._current_lrs()]


class ExponentialLR(LRScheduler):
    r"""Multiply the learning rate by ``gamma`` every epoch: :math:`\eta_t = \eta_0 \gamma^t`.

    Parameters
    ----------
    optimizer : Optimizer
    gamma : float
        Multiplicative factor :math:`\gamma \ge 0` per epoch.
    last_epoch : int, default -1

    Notes
    -----
    Recursive, as in PyTorch: each step multiplies the current ``lr`` by :math:`\gamma`.
    Goodfellow et al., §8.3.1.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.nn import Parameter
    >>> from dlnotes.optim import SGD
    >>> optimizer = SGD([Parameter(np.zeros(2))], lr=1.0)
    >>> scheduler = ExponentialLR(optimizer, gamma=0.5)
    >>> for _ in range(3):
    ...     optimizer.step()
    ...     scheduler.step()
    >>> scheduler.get_last_lr(), scheduler.last_epoch
    ([0.125], 3)
    """

    def __init__(self, optimizer: Optimizer, gamma: float, last_epoch: int = -1) -> None:
        self.gamma = _check_gamma("ExponentialLR", gamma)
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        if self._is_initial:
            return self._current_lrs()
        return [lr * self.gamma for lr in self._current_lrs()]


class CosineAnnealingLR(LRScheduler):
    r"""Cosine annealing from the initial learning rate to ``eta_min`` over ``T_max`` epochs.

    .. math::

        \eta_t = \eta_{\min} + \tfrac12 (\eta_0 - \eta_{\min})
        \left(1 + \cos\frac{\pi t}{T_{\max}}\right).

    Parameters
    ----------
    optimizer : Optimizer
    T_max : int
        Half-period :math:`T_{\max} > 0`: the rate reaches :math:`\eta_{\min}` at epoch
        :math:`T_{\max}` and, if stepping continues, climbs back to :math:`\eta_0` at
        :math:`2T_{\max}` (no restart).
    eta_min : float, default 0
        Minimum learning rate :math:`\eta_{\min} \ge 0`.
    last_epoch : int, default -1

    Notes
    -----
    As in PyTorch the schedule is applied recursively, so that other changes to
    ``group["lr"]`` are carried along. Dividing the closed form at :math:`t` by that at
    :math:`t - 1` gives

    .. math::

        \eta_t - \eta_{\min} = \frac{1 + \cos(\pi t / T_{\max})}
        {1 + \cos(\pi (t-1) / T_{\max})}\, (\eta_{t-1} - \eta_{\min}),

    which is 0/0 at the epoch after a minimum, :math:`t - 1 = T_{\max} (2k + 1)`; there the
    closed-form increment :math:`\eta_t = \eta_{t-1} + \tfrac12(\eta_0 - \eta_{\min})(1 -
    \cos(\pi / T_{\max}))` is used instead. Without outside changes both forms give the
    closed form up to rounding. Goodfellow et al., §8.3.1.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.nn import Parameter
    >>> from dlnotes.optim import SGD
    >>> optimizer = SGD([Parameter(np.zeros(2))], lr=1.0)
    >>> scheduler = CosineAnnealingLR(optimizer, T_max=2)
    >>> lrs = []
    >>> for _ in range(5):
    ...     lrs.append(round(scheduler.get_last_lr()[0], 10))
    ...     optimizer.step()
    ...     scheduler.step()
    >>> lrs
    [1.0, 0.5, 0.0, 0.5, 1.0]
    """

    def __init__(
        self, optimizer: Optimizer, T_max: int, eta_min: float = 0.0, last_epoch: int = -1
    ) -> None:
        self.T_max = check_positive_int("CosineAnnealingLR", "T_max", T_max)
        self.eta_min = check_range("CosineAnnealingLR", "eta_min", eta_min, 0, high_inclusive=False)
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        t, t_max, eta_min = self.last_epoch, self.T_max, self.eta_min
        if self._is_initial:
            return self._current_lrs()
        if self._step_count == 1 and t > 0:
            # First step after resuming: no previous rate to recurse from, use the closed form.
            return [
                eta_min + (base - eta_min) * (1 + math.cos(t * math.pi / t_max)) / 2
                for base in self.base_lrs
            ]
        if (t - 1 - t_max) % (2 * t_max) == 0:
            return [
                lr + (base - eta_min) * (1 - math.cos(math.pi / t_max)) / 2
                for base, lr in zip(self.base_lrs, self._current_lrs(), strict=True)
            ]
        ratio = (1 + math.cos(math.pi * t / t_max)) / (1 + math.cos(math.pi * (t - 1) / t_max))
        return [ratio * (lr - eta_min) + eta_min for lr in self._current_lrs()]


class LambdaLR(LRScheduler):
    r"""Set the learning rate to the initial one times a function of the epoch.

    .. math::

        \eta_t = \eta_0\, f(t).

    Parameters
    ----------
    optimizer : Optimizer
    lr_lambda : callable or list of callables
        :math:`f`, taking the integer epoch and returning a factor; or one function per
        parameter group.
    last_epoch : int, default -1

    Notes
    -----
    Goodfellow et al., §8.3.1 (e.g. the linear decay
    :math:`\epsilon_k = (1 - k/\tau)\epsilon_0 + (k/\tau)\epsilon_\tau` up to epoch
    :math:`\tau`).

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.nn import Parameter
    >>> from dlnotes.optim import SGD
    >>> optimizer = SGD([Parameter(np.zeros(2))], lr=0.1)
    >>> scheduler = LambdaLR(optimizer, lambda epoch: 1 / (1 + epoch))
    >>> optimizer.step()
    >>> scheduler.step()
    >>> scheduler.get_last_lr()
    [0.05]
    """

    def __init__(
        self,
        optimizer: Optimizer,
        lr_lambda: Callable[[int], float] | Sequence[Callable[[int], float]],
        last_epoch: int = -1,
    ) -> None:
        if not isinstance(optimizer, Optimizer):
            fail("LambdaLR", "a dlnotes.optim.Optimizer", type(optimizer).__name__, TypeError)
        n_groups = len(optimizer.param_groups)
        if isinstance(lr_lambda, (list, tuple)):
            if len(lr_lambda) != n_groups:
                fail("LambdaLR", f"{n_groups} lr_lambdas (one per parameter group)", len(lr_lambda))
            lambdas = list(lr_lambda)
        else:
            lambdas = [lr_lambda] * n_groups
        for f in lambdas:
            if not callable(f):
                fail("LambdaLR", "lr_lambda to be callable", type(f).__name__, TypeError)
        self.lr_lambdas = lambdas
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        return [
            base * f(self.last_epoch)
            for base, f in zip(self.base_lrs, self.lr_lambdas, strict=True)
        ]
