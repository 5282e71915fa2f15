"""Regularisation for deep learning (Goodfellow et al., chapter 7).

One concept per module:

* :mod:`~dlnotes.regularization.l2` — weight decay as shrinkage along the Hessian's
  eigenvectors, the ridge solution (§7.1.1);
* :mod:`~dlnotes.regularization.l1` — soft thresholding and the lasso path (§7.1.2);
* :mod:`~dlnotes.regularization.constraints` — norm constraints, projection, max-norm (§7.2);
* :mod:`~dlnotes.regularization.noise` — input, weight and label noise (§7.4, §7.5);
* :mod:`~dlnotes.regularization.early_stopping` — early stopping as L² on a quadratic (§7.8);
  the training-loop form is :func:`dlnotes.training.fit` with ``patience``;
* :mod:`~dlnotes.regularization.bagging` — the ensemble error :math:`v/k + (k-1)c/k` (§7.11);
* :mod:`~dlnotes.regularization.dropout_ensemble` — every dropout mask against the
  weight-scaling rule (§7.12);
* :mod:`~dlnotes.regularization.adversarial` — FGSM and adversarial training (§7.13);
* :mod:`~dlnotes.regularization.tangent_prop` — tangent vectors and the tangent prop
  penalty (§7.14).
"""

from dlnotes.regularization.adversarial import (
    AdversarialLoader,
    accuracy_under_attack,
    fgsm,
    input_gradient,
)
from dlnotes.regularization.bagging import (
    ensemble_squared_error,
    simulate_ensemble_squared_error,
)
from dlnotes.regularization.constraints import (
    ConstrainedOptimum,
    MaxNorm,
    l2_ball_constrained_optimum,
    max_norm_rows,
    project_l2_ball,
    projected_gradient_descent,
)
from dlnotes.regularization.dropout_ensemble import DropoutEnsemble, all_masks, dropout_ensemble
from dlnotes.regularization.early_stopping import (
    early_stopping_alpha,
    equivalent_alphas,
    gradient_descent_factors,
    gradient_descent_iterates,
)
from dlnotes.regularization.l1 import (
    LassoPath,
    l1_regularized_optimum,
    lasso_coordinate_descent,
    lasso_path,
    soft_threshold,
)
from dlnotes.regularization.l2 import (
    L2Shrinkage,
    l2_regularized_optimum,
    l2_shrinkage,
    l2_shrinkage_factors,
    ridge_path,
)
from dlnotes.regularization.noise import (
    GaussianNoise,
    label_smoothing_logit_gap,
    noisy_input_least_squares,
    smooth_labels,
    weight_noise_penalty,
)
from dlnotes.regularization.tangent_prop import (
    jacobian_vector_product,
    tangent_prop_penalty,
    translation_tangent,
)

__all__ = [
    "AdversarialLoader",
    "ConstrainedOptimum",
    "DropoutEnsemble",
    "GaussianNoise",
    "L2Shrinkage",
    "LassoPath",
    "MaxNorm",
    "accuracy_under_attack",
    "all_masks",
    "dropout_ensemble",
    "early_stopping_alpha",
    "ensemble_squared_error",
    "equivalent_alphas",
    "fgsm",
    "gradient_descent_factors",
    "gradient_descent_iterates",
    "input_gradient",
    "jacobian_vector_product",
    "l1_regularized_optimum",
    "l2_ball_constrained_optimum",
    "l2_regularized_optimum",
    "l2_shrinkage",
    "l2_shrinkage_factors",
    "label_smoothing_logit_gap",
    "lasso_coordinate_descent",
    "lasso_path",
    "max_norm_rows",
    "noisy_input_least_squares",
    "project_l2_ball",
    "projected_gradient_descent",
    "ridge_path",
    "simulate_ensemble_squared_error",
    "smooth_labels",
    "soft_threshold",
    "tangent_prop_penalty",
    "translation_tangent",
    "weight_noise_penalty",
]
