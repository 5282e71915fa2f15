r"""AdaGrad: per-coordinate learning rates scaled by the root of the summed squared gradients.

Goodfellow et al., §8.5.1 (Algorithm 8.4).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import check_range
from dlnotes.nn.module import Parameter
from dlnotes.optim.optimizer import Optimizer, ParamsLike

__all__ = ["Adagrad"]


class Adagrad(Optimizer):
    r"""AdaGrad: :math:`\theta \leftarrow \theta - \eta_t\, g / (\sqrt{r} + \epsilon)`.

    The same update rule as ``torch.optim.Adagrad``.

    Parameters
    ----------
    params : iterable of Parameter, or iterable of dict
        Parameters to optimise, or parameter groups (dicts with ``"params"`` and overrides).
    lr : float, default 1e-2
        Learning rate :math:`\eta \ge 0`.
    lr_decay : float, default 0
        Learning-rate decay :math:`\kappa \ge 0`: step :math:`t` uses
        :math:`\eta_t = \eta / (1 + (t - 1)\kappa)`.
    weight_decay : float, default 0
        L2 penalty :math:`\lambda \ge 0`, added to the gradient as :math:`\lambda\theta`.
    eps : float, default 1e-10
        :math:`\epsilon \ge 0`, added to :math:`\sqrt{r}` (outside the square root).
    initial_accumulator_value : float, default 0
        Initial value :math:`r_0 \ge 0` of every accumulator entry.

    Notes
    -----
    With :math:`g_t = \nabla_\theta L(\theta_{t-1}) + \lambda\theta_{t-1}`, every coordinate
    accumulates its squared gradients and is scaled by their root:

    .. math::

        r_t = r_{t-1} + g_t \odot g_t, \qquad
        \theta_t = \theta_{t-1} - \frac{\eta}{1 + (t-1)\kappa}\,
        \frac{g_t}{\sqrt{r_t} + \epsilon}.

    Coordinates with large past gradients take small steps and flat coordinates large ones.
    Because :math:`r_t` only grows, the effective learning rate decays over training, which
    can stop progress too early on non-convex problems (§8.5.1). Algorithm 8.4 writes
    :math:`\delta + \sqrt{r}` with :math:`\delta = 10^{-7}`; the placement outside the root is
    the same as PyTorch's, only the default differs.

    Goodfellow et al., §8.5.1.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.nn import Parameter
    >>> w = Parameter(np.array([1.0, -2.0]))
    >>> optimizer = Adagrad([w], lr=0.5)
    >>> for _ in range(3):
    ...     optimizer.zero_grad()
    ...     w.grad += w.data            # gradient of 0.5 * ||w||^2
    ...     optimizer.step()
    >>> w.data
    array([ 0.1564, -0.9836])
    """

    def __init__(
        self,
        params: ParamsLike,
        lr: float = 1e-2,
        lr_decay: float = 0.0,
        weight_decay: float = 0.0,
        eps: float = 1e-10,
        initial_accumulator_value: float = 0.0,
    ) -> None:
        defaults = {
            "lr": lr,
            "lr_decay": lr_decay,
            "weight_decay": weight_decay,
            "eps": eps,
            "initial_accumulator_value": initial_accumulator_value,
        }
        super().__init__(params, defaults)

    def _check_group(self, group: dict[str, Any]) -> None:
        super()._check_group(group)
        for name in ("lr_decay", "weight_decay", "eps", "initial_accumulator_value"):
            group[name] = check_range("Adagrad", name, group[name], 0, high_inclusive=False)

    def _init_state(self, param: Parameter, group: dict[str, Any]) -> dict[str, Any]:
        return {"step": 0, "sum": np.full_like(param.data, group["initial_accumulator_value"])}

    def _update(
        self, data: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> None:
        if group["weight_decay"] != 0:
            grad = grad + group["weight_decay"] * data
        lr_t = group["lr"] / (1 + (state["step"] - 1) * group["lr_decay"])
        accumulator = state["sum"]
        accumulator += grad * grad
        data -= lr_t * (grad / (np.sqrt(accumulator) + group["eps"]))
