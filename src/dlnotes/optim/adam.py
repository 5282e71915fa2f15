r"""Adam (with the AMSGrad option) and AdamW, its variant with decoupled weight decay.

Goodfellow et al., §8.5.3 (Algorithm 8.7).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from dlnotes._validation import check_bool, check_range, fail
from dlnotes.nn.module import Parameter
from dlnotes.optim.optimizer import Optimizer, ParamsLike

__all__ = ["Adam", "AdamW"]


class Adam(Optimizer):
    r"""Adam: :math:`\theta \leftarrow \theta - \eta\, \hat m / (\sqrt{\hat v} + \epsilon)`.

    The same update rule as ``torch.optim.Adam``.

    Parameters
    ----------
    params : iterable of Parameter, or iterable of dict
        Parameters to optimise, or parameter groups (dicts with ``"params"`` and overrides).
    lr : float, default 1e-3
        Learning rate :math:`\eta \ge 0`.
    betas : tuple of float, default (0.9, 0.999)
        Decay rates :math:`(\beta_1, \beta_2)`, each in :math:`[0, 1)`, of the first and
        second moment estimates.
    eps : float, default 1e-8
        :math:`\epsilon \ge 0`, added to :math:`\sqrt{\hat v}` (after bias correction and the
        square root).
    weight_decay : float, default 0
        L2 penalty :math:`\lambda \ge 0`, added to the gradient as :math:`\lambda\theta`
        (``AdamW`` decouples it instead).
    amsgrad : bool, default False
        Use the running maximum of :math:`v` in the denominator (AMSGrad).

    Notes
    -----
    With :math:`g_t = \nabla_\theta L(\theta_{t-1}) + \lambda\theta_{t-1}` and
    :math:`m_0 = v_0 = 0`, Adam keeps biased first and second moment estimates and corrects
    their bias towards zero:

    .. math::

        m_t = \beta_1 m_{t-1} + (1-\beta_1)\, g_t, \qquad
        v_t = \beta_2 v_{t-1} + (1-\beta_2)\, g_t \odot g_t,

        \hat m_t = \frac{m_t}{1 - \beta_1^t}, \qquad
        \hat v_t = \frac{v_t}{1 - \beta_2^t}, \qquad
        \theta_t = \theta_{t-1} - \eta\, \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}.

    Since :math:`m_t` is a weighted average of :math:`g_1, \dots, g_t` with weights summing to
    :math:`1 - \beta_1^t`, dividing by that sum makes :math:`\hat m_t` an unbiased average
    (likewise for :math:`\hat v_t`). In particular the first step is
    :math:`\theta_1 = \theta_0 - \eta\, g_1 / (|g_1| + \epsilon)`, about :math:`\eta` in size
    per coordinate whatever the gradient's scale. The :math:`\epsilon` sits outside the root
    and after the bias correction, as in Algorithm 8.7 and PyTorch; putting it elsewhere
    changes the trajectory when gradients are small.

    With ``amsgrad=True`` the denominator uses :math:`v^{\max}_t = \max(v^{\max}_{t-1}, v_t)`
    (element-wise), bias-corrected by the same :math:`1 - \beta_2^t`, so the effective
    per-coordinate step size never increases.

    Goodfellow et al., §8.5.3.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.nn import Parameter
    >>> w = Parameter(np.array([1.0, -2.0]))
    >>> optimizer = Adam([w], lr=0.1)
    >>> optimizer.zero_grad()
    >>> w.grad += w.data                # gradient of 0.5 * ||w||^2
    >>> optimizer.step()
    >>> w.data                          # the first step is lr * sign(grad)
    array([ 0.9, -1.9])
    """

    _decoupled_weight_decay = False

    def __init__(
        self,
        params: ParamsLike,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        amsgrad: bool = False,
    ) -> None:
        defaults = {
            "lr": lr,
            "betas": betas,
            "eps": eps,
            "weight_decay": weight_decay,
            "amsgrad": amsgrad,
        }
        super().__init__(params, defaults)

    def _check_group(self, group: dict[str, Any]) -> None:
        super()._check_group(group)
        owner = type(self).__name__
        betas = group["betas"]
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            fail(owner, "betas to be a pair of floats", repr(betas), TypeError)
        group["betas"] = (
            check_range(owner, "betas[0]", betas[0], 0, 1, high_inclusive=False),
            check_range(owner, "betas[1]", betas[1], 0, 1, high_inclusive=False),
        )
        for name in ("eps", "weight_decay"):
            group[name] = check_range(owner, name, group[name], 0, high_inclusive=False)
        group["amsgrad"] = check_bool(owner, "amsgrad", group["amsgrad"])

    def _init_state(self, param: Parameter, group: dict[str, Any]) -> dict[str, Any]:
        state: dict[str, Any] = {
            "step": 0,
            "exp_avg": np.zeros_like(param.data),
            "exp_avg_sq": np.zeros_like(param.data),
        }
        if group["amsgrad"]:
            state["max_exp_avg_sq"] = np.zeros_like(param.data)
        return state

    def _update(
        self, data: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> None:
        lr, (beta1, beta2), eps = group["lr"], group["betas"], group["eps"]
        step = state["step"]
        weight_decay = group["weight_decay"]
        if weight_decay != 0:
            if self._decoupled_weight_decay:
                data *= 1 - lr * weight_decay
            else:
                grad = grad + weight_decay * data
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        exp_avg *= beta1
        exp_avg += (1 - beta1) * grad
        exp_avg_sq *= beta2
        exp_avg_sq += (1 - beta2) * (grad * grad)
        # Python floats, not NumPy scalars: they cannot upcast a float32 parameter.
        bias_correction1 = 1 - beta1**step
        bias_correction2_sqrt = math.sqrt(1 - beta2**step)
        if group["amsgrad"]:
            max_exp_avg_sq = state.setdefault("max_exp_avg_sq", np.zeros_like(data))
            np.maximum(max_exp_avg_sq, exp_avg_sq, out=max_exp_avg_sq)
            second_moment = max_exp_avg_sq
        else:
            second_moment = exp_avg_sq
        denom = np.sqrt(second_moment) / bias_correction2_sqrt + eps
        data -= (lr / bias_correction1) * (exp_avg / denom)


class AdamW(Adam):
    r"""AdamW: Adam after a decoupled decay :math:`\theta \leftarrow (1 - \eta\lambda)\theta`.

    The same update rule as ``torch.optim.AdamW``.

    Parameters
    ----------
    params : iterable of Parameter, or iterable of dict
        Parameters to optimise, or parameter groups (dicts with ``"params"`` and overrides).
    lr : float, default 1e-3
        Learning rate :math:`\eta \ge 0`.
    betas : tuple of float, default (0.9, 0.999)
        Decay rates :math:`(\beta_1, \beta_2)`, each in :math:`[0, 1)`.
    eps : float, default 1e-8
        :math:`\epsilon \ge 0`, added to :math:`\sqrt{\hat v}`.
    weight_decay : float, default 1e-2
        Decoupled decay :math:`\lambda \ge 0`.
    amsgrad : bool, default False
        Use the running maximum of :math:`v` in the denominator (AMSGrad).

    Notes
    -----
    Adam with an L2 penalty adds :math:`\lambda\theta` to the gradient, where it is then
    divided by :math:`\sqrt{\hat v}`: heavily-updated coordinates are barely regularised.
    AdamW (Loshchilov and Hutter) shrinks the parameters directly, before the Adam step on the
    *unpenalised* gradient :math:`g_t`:

    .. math::

        \theta' = (1 - \eta\lambda)\, \theta_{t-1}, \qquad
        \theta_t = \theta' - \eta\, \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon},

    with :math:`\hat m_t, \hat v_t` as in ``Adam``. For plain SGD the two forms of weight
    decay coincide (§7.1.1); for adaptive methods they do not.

    Goodfellow et al., §8.5.3 and §7.1.1.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.nn import Parameter
    >>> w = Parameter(np.array([1.0, -2.0]))
    >>> optimizer = AdamW([w], lr=0.1, weight_decay=0.5)
    >>> optimizer.zero_grad()
    >>> w.grad += w.data                # gradient of 0.5 * ||w||^2
    >>> optimizer.step()
    >>> w.data                          # (1 - 0.05) * w, then lr * sign(grad)
    array([ 0.85, -1.8 ])
    """

    _decoupled_weight_decay = True

    def __init__(
        self,
        params: ParamsLike,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
        amsgrad: bool = False,
    ) -> None:
        super().__init__(
            params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad
        )
