r"""Polyak averaging of parameters, in the spirit of ``torch.optim.swa_utils.AveragedModel``.

An optimizer's iterates wander around a minimum when the gradient is noisy or the step is
large; their **average** can be much closer to it than any single iterate. Polyak averaging
keeps the running mean

.. math:: \hat\theta^{(t)} = \frac1t\sum_{i=1}^{t}\theta^{(i)},

and, for non-convex problems where early iterates are far from where the optimizer ends up,
an **exponential moving average**
:math:`\hat\theta^{(t)} = \alpha\hat\theta^{(t-1)} + (1-\alpha)\theta^{(t)}` that forgets the
distant past.

Goodfellow et al., §8.7.3.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from dlnotes._validation import check_range, fail
from dlnotes.nn.module import Parameter

__all__ = ["AveragedParameters"]


class AveragedParameters:
    r"""Running (Polyak) or exponential moving average of a list of parameters.

    Call :meth:`update` after every optimizer step (or every few); :attr:`averages` then holds
    one array per parameter, and :meth:`copy_to` writes them into the parameters (for
    evaluation). As in ``torch.optim.swa_utils.AveragedModel``, the first update copies the
    parameters; later updates apply

    .. math::

        \hat\theta \leftarrow \hat\theta + \frac{\theta - \hat\theta}{n + 1}
        \quad\text{(equal weights, } n \text{ updates so far)},\qquad
        \hat\theta \leftarrow \alpha\hat\theta + (1 - \alpha)\theta
        \quad\text{(decay } \alpha\text{)},

    the second being PyTorch's ``get_ema_multi_avg_fn(decay)``.

    Parameters
    ----------
    params : iterable of Parameter
        E.g. ``model.parameters()``; the parameters are referenced, not copied.
    decay : float, optional
        :math:`\alpha \in [0, 1)` for an exponential moving average; ``None`` (default) gives
        the equal-weight Polyak average.

    Attributes
    ----------
    averages : list of numpy.ndarray
        The averaged values, one per parameter, in its dtype (empty arrays of the right shape
        until the first update: check :attr:`n_averaged`).
    n_averaged : int
        Number of updates so far.

    Notes
    -----
    Goodfellow et al., §8.7.3; Polyak & Juditsky (1992).

    Examples
    --------
    >>> p = Parameter(np.array([0.0]))
    >>> avg = AveragedParameters([p])
    >>> for value in [1.0, 2.0, 6.0]:
    ...     p.data[...] = value
    ...     avg.update()
    >>> avg.averages[0], avg.n_averaged
    (array([3.]), 3)
    >>> ema = AveragedParameters([p], decay=0.5)
    >>> for value in [2.0, 4.0]:
    ...     p.data[...] = value
    ...     ema.update()
    >>> ema.averages[0]
    array([3.])
    """

    def __init__(self, params: Iterable[Parameter], *, decay: float | None = None) -> None:
        owner = "AveragedParameters"
        if isinstance(params, Parameter):
            params = [params]
        if isinstance(params, (np.ndarray, str)) or not isinstance(params, Iterable):
            fail(owner, "params to be an iterable of Parameters", type(params).__name__, TypeError)
        self.params: list[Parameter] = list(params)
        if not self.params:
            fail(owner, "a non-empty parameter list", "an empty list")
        for p in self.params:
            if not isinstance(p, Parameter):
                fail(
                    owner, "params to be dlnotes.nn.Parameter objects", type(p).__name__, TypeError
                )
        self.decay = (
            None
            if decay is None
            else check_range(owner, "decay", decay, 0.0, 1.0, high_inclusive=False)
        )
        self.averages: list[np.ndarray] = [np.zeros_like(p.data) for p in self.params]
        self.n_averaged = 0

    def update(self) -> None:
        """Fold the parameters' current values into the averages."""
        for avg, p in zip(self.averages, self.params, strict=True):
            if self.n_averaged == 0:
                avg[...] = p.data
            elif self.decay is None:
                avg += (p.data - avg) / avg.dtype.type(self.n_averaged + 1)
            else:
                avg *= avg.dtype.type(self.decay)
                avg += avg.dtype.type(1.0 - self.decay) * p.data
        self.n_averaged += 1

    def copy_to(self, params: Iterable[Parameter] | None = None) -> None:
        """Write the averages into ``params`` (default: the averaged parameters themselves).

        Raises ``RuntimeError`` before the first :meth:`update`.
        """
        if self.n_averaged == 0:
            fail("AveragedParameters", "update() before copy_to()", "no update", RuntimeError)
        targets = self.params if params is None else list(params)
        if len(targets) != len(self.averages) or any(
            t.data.shape != a.shape for t, a in zip(targets, self.averages, strict=False)
        ):
            fail(
                "AveragedParameters",
                f"{len(self.averages)} parameters of shapes {[a.shape for a in self.averages]}",
                [t.data.shape for t in targets],
            )
        for t, a in zip(targets, self.averages, strict=True):
            t.data[...] = a
