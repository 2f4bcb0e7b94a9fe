"""Hypothesis strategies for the landscape claims (``import strategies as sts``).

Every strategy validates its arguments eagerly (``hypothesis.errors.InvalidArgument`` naming
the argument and the violated requirement), builds what it promises rather than filtering
for it, and states in its docstring what it shrinks to.
"""

from .activations import FAMILIES, REQUIREMENTS, activations, requirement_holds
from .architectures import REGIMES, Architecture, architectures, widths
from .data import SIGNS, Dataset, datasets, decreasing_positive_inputs, scalar_inputs
from .perturbations import Perturbation, directions, perturbations, points, radii
from .randomness import float64_tensor, generators, seeded_generator, seeds

__all__ = [
    "FAMILIES",
    "REGIMES",
    "REQUIREMENTS",
    "SIGNS",
    "Architecture",
    "Dataset",
    "Perturbation",
    "activations",
    "architectures",
    "datasets",
    "decreasing_positive_inputs",
    "directions",
    "float64_tensor",
    "generators",
    "perturbations",
    "points",
    "radii",
    "requirement_holds",
    "scalar_inputs",
    "seeded_generator",
    "seeds",
    "widths",
]
