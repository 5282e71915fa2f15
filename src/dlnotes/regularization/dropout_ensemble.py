r"""Dropout as an ensemble: the exact average over every mask against the weight-scaling rule.

A network with :math:`n` droppable units defines :math:`2^n` sub-networks, one per binary mask
:math:`\mu`, each kept unit present with probability :math:`q = 1 - p`. Dropout trains them
all with shared weights; at test time the book proposes the normalised *geometric* mean

.. math:: \tilde p_{\text{ens}}(y \mid x) \propto \prod_\mu p(y \mid x, \mu)^{p(\mu)}

(with :math:`p = 1/2` every mask has weight :math:`2^{-n}`, the book's form) and approximates it
by the **weight-scaling rule**: one pass through the full network with each unit's outgoing
weights multiplied by :math:`q`. For softmax regression with dropout on the inputs the rule is
*exact*, because the logits are linear in :math:`\mu` and the geometric mean of softmaxes is the
softmax of the mean logit; with a non-linear hidden layer it is only an approximation
(Goodfellow et al., §7.12). Here both are computed by enumerating every mask, so the gap can be
measured.

PyTorch's (and :class:`dlnotes.nn.Dropout`'s) *inverted* dropout scales kept units by
:math:`1/q` during training instead, so its evaluation-mode network — no scaling at all — is
the weight-scaling rule of that ensemble.
"""

from __future__ import annotations

import itertools
from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import as_float_array, check_range, fail
from dlnotes.nn.functional import log_softmax, logsumexp

__all__ = ["DropoutEnsemble", "all_masks", "dropout_ensemble"]

_MAX_UNITS = 20


class DropoutEnsemble(NamedTuple):
    """Predictions of :func:`dropout_ensemble`, each of shape ``(N, C)``, with the fields

    * ``geometric``: renormalised weighted geometric mean of the sub-networks' class
      probabilities;
    * ``arithmetic``: weighted arithmetic mean (the bagging-style average);
    * ``weight_scaled``: class probabilities of the one weight-scaled network;
    * ``num_masks``: :math:`2^n`, the number of sub-networks enumerated.
    """

    geometric: np.ndarray
    arithmetic: np.ndarray
    weight_scaled: np.ndarray
    num_masks: int


def all_masks(num_units: int) -> np.ndarray:
    r"""Every binary mask over ``num_units`` units, one per row (:math:`2^n` rows).

    Examples
    --------
    >>> all_masks(2)
    array([[0., 0.],
           [0., 1.],
           [1., 0.],
           [1., 1.]])
    """
    if isinstance(num_units, bool) or not isinstance(num_units, (int, np.integer)):
        fail("all_masks", "num_units to be an int", repr(num_units), TypeError)
    if not 0 <= num_units <= _MAX_UNITS:
        fail("all_masks", f"num_units in [0, {_MAX_UNITS}] (2^n masks are enumerated)", num_units)
    return np.array(list(itertools.product([0.0, 1.0], repeat=int(num_units)))).reshape(
        2**num_units, num_units
    )


def _forward_masked(modules: list[Any], x: np.ndarray, masks: list[np.ndarray]) -> np.ndarray:
    """Run ``modules`` on ``x``, multiplying the input of the i-th Linear by ``masks[i]``."""
    from dlnotes.nn import Linear

    i = 0
    for m in modules:
        if isinstance(m, Linear):
            x = x * masks[i]
            i += 1
        x = m(x)
    return x


def dropout_ensemble(model: Any, x: Any, p: float = 0.5) -> DropoutEnsemble:
    r"""Exact dropout ensemble of a tiny network, and its weight-scaling approximation.

    The droppable units are the inputs of every ``Linear`` layer of ``model`` (the input
    features and each hidden layer's units); every one of the :math:`2^n` masks is enumerated
    and weighted by :math:`p(\mu) = \prod_j q^{\mu_j} p^{1-\mu_j}`. Sub-network :math:`\mu`
    multiplies each unit by :math:`\mu_j` (no rescaling); the weight-scaled network multiplies
    each unit by :math:`q`, which is the same as multiplying its outgoing weights by :math:`q`.

    Parameters
    ----------
    model : dlnotes.nn.Linear or dlnotes.nn.Sequential
        A ``Linear`` (softmax regression), or a ``Sequential`` of ``Linear`` layers and
        element-wise activations, ending in class logits. At most 20 droppable units in total.
    x : array_like, shape (N, in_features)
        Inputs.
    p : float, default 0.5
        Drop probability in [0, 1).

    Returns
    -------
    DropoutEnsemble
        Geometric-mean, arithmetic-mean and weight-scaled class probabilities.

    Shape
    -----
    Input ``(N, in_features)``; each output ``(N, C)``.

    Notes
    -----
    Goodfellow et al., §7.12, equations (7.54)-(7.66).

    Examples
    --------
    >>> from dlnotes.nn import Linear
    >>> layer = Linear(3, 2, rng=np.random.default_rng(0))
    >>> ens = dropout_ensemble(layer, np.ones((1, 3)))
    >>> ens.num_masks, bool(np.allclose(ens.geometric, ens.weight_scaled))
    (8, True)
    """
    from dlnotes.nn import Linear, Sequential

    owner = "dropout_ensemble"
    if isinstance(model, Linear):
        modules: list[Any] = [model]
    elif isinstance(model, Sequential):
        modules = list(model)
    else:
        fail(owner, "a Linear or a Sequential model", type(model).__name__, TypeError)
    # Only top-level layers are masked, so a nested container would be silently left out.
    nested = [type(m).__name__ for m in modules if any(True for _ in m.children())]
    if nested:
        fail(owner, "a flat Sequential (no nested containers)", ", ".join(nested))
    linears = [m for m in modules if isinstance(m, Linear)]
    if not linears:
        fail(owner, "a model with at least one Linear layer", type(model).__name__)
    sizes = [m.in_features for m in linears]
    if sum(sizes) > _MAX_UNITS:
        fail(owner, f"at most {_MAX_UNITS} droppable units", sum(sizes))
    x = as_float_array(owner, x, "x")
    if x.ndim != 2 or x.shape[1] != sizes[0]:
        fail(owner, f"x of shape (N, {sizes[0]})", tuple(x.shape))
    drop = check_range(owner, "p", p, 0.0, 1.0, high_inclusive=False)
    keep = 1.0 - drop

    masks = all_masks(sum(sizes))  # (M, n)
    with np.errstate(divide="ignore"):  # p = 0 gives weight 0 to masks that drop a unit
        log_weights = np.sum(np.where(masks == 1.0, np.log(keep), np.log(drop)), axis=1)
    weights = np.exp(log_weights)  # sums to 1
    bounds = np.cumsum([0, *sizes])
    per_layer = [masks[:, None, bounds[i] : bounds[i + 1]] for i in range(len(sizes))]
    was_training = bool(getattr(model, "training", True))
    model.eval()
    try:
        logits = _forward_masked(modules, x[None], per_layer)  # (M, N, C)
        scaled = _forward_masked(modules, x, [np.full(s, keep) for s in sizes])  # (N, C)
    finally:
        model.train(was_training)
    log_p = log_softmax(logits, dim=-1)
    present = weights > 0
    mean_log_p = np.tensordot(weights[present], log_p[present], axes=1)  # (N, C)
    geometric = np.exp(mean_log_p - logsumexp(mean_log_p, dim=-1, keepdim=True))
    arithmetic = np.tensordot(weights[present], np.exp(log_p[present]), axes=1)
    weight_scaled = np.exp(log_softmax(scaled, dim=-1))
    return DropoutEnsemble(geometric, arithmetic, weight_scaled, len(masks))
