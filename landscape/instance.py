"""What a proof's construction returns: a problem, a point, and what the paper says it is.

An :class:`Instance` bundles the training problem a construction builds (network,
data, targets, loss), the distinguished parameter point, the paper's statement about
that point (``expected``, e.g. "sub-optimal strict local minimum"), the witnesses the
proof exhibits (a lower point, a path, a direction, ...), the construction's own
quantities (margins, roots, chosen constants) and where in the paper it comes from.

Certificates (:mod:`landscape.certificates`) then decide whether the point is what the
paper says; the instance itself asserts nothing.

Notation: ``point`` is the flat parameter vector theta of :class:`landscape.nets.Network`
(for li2022benefit's scalar one-hidden-layer nets theta = (w_1..w_m, v_1..v_m)).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

import torch

from .nets import Problem

__all__ = ["Instance"]


@dataclass(frozen=True, eq=False)
class Instance:
    """A constructed landscape instance.

    ``problem``: the :class:`~landscape.nets.Problem` (network, X, Y, loss).
    ``point``: the flat float64 parameter vector the paper talks about.
    ``expected``: what the paper says the point is, in words.
    ``witnesses``: the proof's witnesses, e.g. ``"lower"`` (a point with smaller loss),
    ``"path"`` (a (T, P) tensor of path points), ``"direction"``.
    ``numbers``: the construction's quantities (margins, roots of quadratics, chosen M).
    ``source``: claim id and equation numbers the construction follows.

    ``eq=False``: instances hold tensors, which have no truth value, so they compare
    by identity. ``witnesses`` and ``numbers`` are read-only views.
    """

    problem: Problem
    point: torch.Tensor
    expected: str
    witnesses: Mapping[str, Any] = field(default_factory=dict)
    numbers: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""

    def __post_init__(self):
        if not isinstance(self.problem, Problem):
            raise ValueError(f"problem: expected a landscape.nets.Problem, got {type(self.problem).__name__}")
        object.__setattr__(self, "point", self.problem.point(self.point))
        object.__setattr__(self, "witnesses", MappingProxyType(dict(self.witnesses)))
        object.__setattr__(self, "numbers", MappingProxyType(dict(self.numbers)))
        if not isinstance(self.expected, str) or not self.expected:
            raise ValueError("expected: a non-empty description of what the paper says the point is")

    @property
    def loss(self) -> float:
        """E at the distinguished point."""
        return float(self.problem.loss(self.point))

    def describe(self) -> str:
        nums = ", ".join(
            f"{k}={v:.6g}" if isinstance(v, float) else f"{k}={v}" for k, v in self.numbers.items()
        )
        return f"{self.source}: {self.expected} on {self.problem.network.describe()}, N={self.problem.n_samples} ({nums})"
