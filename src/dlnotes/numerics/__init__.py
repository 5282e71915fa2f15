r"""Numerical computation and second-order optimisation (Goodfellow et al., chapters 4 and 8).

Condition numbers, gradient descent and Newton's method with recorded paths, the
second-derivative test, and least squares — unconstrained and with a norm constraint through
the generalised Lagrangian and the KKT conditions (chapter 4); a strong Wolfe line search,
linear and nonlinear conjugate gradients, BFGS and L-BFGS (§8.6); a saddle between two minima
and a cliff, the landscapes of §8.2.3–8.2.4; exact coordinate descent on a quadratic (§8.7.2).

The closed-form least-squares and ridge (weight-decay) solutions have one home,
:func:`dlnotes.ml.fit_least_squares` and :func:`dlnotes.ml.fit_ridge`; the Lagrangian minimiser
here is the ridge solution with penalty :math:`2\lambda` and calls it. Gradient descent with a
recorded path lives here (:func:`gradient_descent`); ``least_squares_gradient_descent`` runs it.
"""

from dlnotes.numerics.conditioning import condition_number
from dlnotes.numerics.conjugate_gradient import (
    LinearCGResult,
    MinimizeResult,
    linear_conjugate_gradient,
    nonlinear_conjugate_gradient,
)
from dlnotes.numerics.coordinate_descent import coordinate_descent, coupled_quadratic
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
from dlnotes.numerics.landscapes import Cliff, SaddleWithMinima, clipped_gradient_descent
from dlnotes.numerics.line_search import LineSearchResult, satisfies_wolfe, wolfe_line_search
from dlnotes.numerics.newton import newton_method
from dlnotes.numerics.quadratic import Quadratic
from dlnotes.numerics.quasi_newton import bfgs, bfgs_inverse_update, lbfgs, lbfgs_direction

__all__ = [
    "Cliff",
    "SaddleWithMinima",
    "clipped_gradient_descent",
    "ConstrainedSolution",
    "LineSearchResult",
    "LinearCGResult",
    "MinimizeResult",
    "Quadratic",
    "bfgs",
    "bfgs_inverse_update",
    "classify_critical_point",
    "condition_number",
    "constrained_least_squares",
    "coordinate_descent",
    "coupled_quadratic",
    "gradient_descent",
    "kkt_residuals",
    "lagrangian_minimizer",
    "lbfgs",
    "lbfgs_direction",
    "least_squares_gradient_descent",
    "least_squares_loss",
    "least_squares_newton",
    "least_squares_pinv",
    "linear_conjugate_gradient",
    "newton_method",
    "nonlinear_conjugate_gradient",
    "numerical_hessian",
    "optimal_step_size",
    "satisfies_kkt",
    "satisfies_wolfe",
    "steps_to_tolerance",
    "wolfe_line_search",
]
