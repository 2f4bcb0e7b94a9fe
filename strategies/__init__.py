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
from .vectors import UnequalPair, unequal_pairs
from .li2018 import consecutive_asm2_activations, distinct_scalars, li2018_datasets
from .wide import (
    CONVEX_LOSSES, SearchCase, WideCase, antipodal_datasets, antipodal_free_datasets, labels_for, search_cases, wide_cases,
)
from .pyramids import PyramidCase, pyramid_cases
from .approximation import (
    CompositionCase, ExCCase, TinyNet, TwoWells, compact_boxes, composition_cases, ex_c_cases, li2018_a1_data,
    tiny_nets, two_wells,
)

__all__ = [
    "CONVEX_LOSSES",
    "FAMILIES",
    "REGIMES",
    "REQUIREMENTS",
    "SIGNS",
    "Architecture",
    "CompositionCase",
    "Dataset",
    "ExCCase",
    "Perturbation",
    "PyramidCase",
    "SearchCase",
    "TinyNet",
    "TwoWells",
    "UnequalPair",
    "WideCase",
    "activations",
    "antipodal_datasets",
    "antipodal_free_datasets",
    "architectures",
    "compact_boxes",
    "composition_cases",
    "consecutive_asm2_activations",
    "datasets",
    "decreasing_positive_inputs",
    "directions",
    "distinct_scalars",
    "ex_c_cases",
    "float64_tensor",
    "generators",
    "labels_for",
    "li2018_a1_data",
    "li2018_datasets",
    "perturbations",
    "points",
    "pyramid_cases",
    "radii",
    "requirement_holds",
    "scalar_inputs",
    "search_cases",
    "seeded_generator",
    "seeds",
    "tiny_nets",
    "two_wells",
    "unequal_pairs",
    "wide_cases",
    "widths",
]
