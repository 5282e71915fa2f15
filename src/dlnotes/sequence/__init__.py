"""Sequence modelling (Goodfellow et al., chapter 10), one concept per module.

- ``power_dynamics``: the linear recurrence :math:`\\boldsymbol h^{(t)} = \\boldsymbol W^t
  \\boldsymbol h^{(0)}` and how its norm grows or decays with the spectral radius of
  :math:`\\boldsymbol W` (§10.7).
"""

from dlnotes.sequence.power_dynamics import power_norms, spectral_radius, with_spectral_radius

__all__ = ["power_norms", "spectral_radius", "with_spectral_radius"]
