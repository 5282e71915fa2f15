r"""Numerical computation (Goodfellow et al., chapter 4).

Condition numbers, gradient descent and Newton's method with recorded paths, the
second-derivative test, and least squares — unconstrained and with a norm constraint through
the generalised Lagrangian and the KKT conditions.

The closed-form least-squares and ridge (weight-decay) solutions have one home,
:func:`dlnotes.ml.fit_least_squares` and :func:`dlnotes.ml.fit_ridge`; the Lagrangian minimiser
here is the ridge solution with penalty :math:`2\lambda` and calls it. Gradient descent with a
recorded path lives here (:func:`gradient_descent`); ``least_squares_gradient_descent`` runs it.
"""

from dlnotes.numerics.conditioning import condition_number
from dlnotes.numerics.constrained import (
    ConstrainedSolution,
    constrained_least_squares,
    kkt_residuals,
    lagrangian_minimizer,
    satisfies_kkt,
)
from dlnotes.numerics.critical_points import classify_critical_point, numerical_hessian
from dlnotes.numerics.gradient_descent import (
    gradient_descent,
    optimal_step_size,
    steps_to_tolerance,
)
from dlnotes.numerics.least_squares import (
    least_squares_gradient_descent,
    least_squares_loss,
    least_squares_newton,
    least_squares_pinv,
)
from dlnotes.numerics.newton import newton_method
from dlnotes.numerics.quadratic import Quadratic

__all__ = [
    "ConstrainedSolution",
    "Quadratic",
    "classify_critical_point",
    "condition_number",
    "constrained_least_squares",
    "gradient_descent",
    "kkt_residuals",
    "lagrangian_minimizer",
    "least_squares_gradient_descent",
    "least_squares_loss",
    "least_squares_newton",
    "least_squares_pinv",
    "newton_method",
    "numerical_hessian",
    "optimal_step_size",
    "satisfies_kkt",
    "steps_to_tolerance",
]
