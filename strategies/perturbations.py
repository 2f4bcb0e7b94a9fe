"""Points, unit directions, radii and perturbations in parameter space R^P.

Notation:

===============  ===========================  =============================================
paper            code                         meaning
===============  ===========================  =============================================
P                ``n_params``                 dimension of the flat parameter vector theta
theta            ``points(P)`` draw           a point of R^P (1-D float64 tensor)
d, ||d|| = 1     ``directions(P)`` draw       a unit direction
epsilon          ``radii()`` draw             a radius, log-uniform in [min_radius, max_radius]
theta + eps d    ``Perturbation.apply(theta)``
===============  ===========================  =============================================
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from ._validation import check_integer, check_interval, check_positive
from .randomness import float64_tensor

__all__ = ["Perturbation", "directions", "perturbations", "points", "radii"]


def _check_n_params(n_params) -> int:
    return check_integer("n_params", n_params, min_value=1)


def points(n_params: int, *, max_magnitude: float = 10.0) -> st.SearchStrategy[torch.Tensor]:
    """theta in R^P (1-D float64 tensor) with every |theta_i| <= max_magnitude.

    Drawn with ``hypothesis.extra.numpy.arrays`` (no subnormals). Shrinks to theta = 0.
    """
    n_params = _check_n_params(n_params)
    max_magnitude = check_positive("max_magnitude", max_magnitude)
    elements = st.floats(-max_magnitude, max_magnitude, allow_subnormal=False)
    return hnp.arrays(np.float64, (n_params,), elements=elements).flatmap(
        lambda a: st.builds(float64_tensor, st.just(a.tolist()))
    )


def _unit(values: list[float]) -> list[float]:
    norm = math.sqrt(math.fsum(v * v for v in values))
    return [v / norm for v in values]


def directions(n_params: int) -> st.SearchStrategy[torch.Tensor]:
    """Unit vectors d in R^P (1-D float64 tensor), ||d||_2 = 1 up to rounding (<= (P + 2) u).

    Built, not filtered: a drawn coordinate i gets |v_i| in [1/2, 1] (so v != 0), the
    others are in [-1, 1] (zeros, hence sparse and axis directions, are common), and
    d = v / ||v||_2 (``math.fsum`` for the norm). Shrinks to the first axis e_1.
    """
    n_params = _check_n_params(n_params)

    @st.composite
    def build(draw):
        v = draw(hnp.arrays(np.float64, (n_params,), elements=st.floats(-1.0, 1.0, allow_subnormal=False))).tolist()
        i = draw(st.integers(0, n_params - 1))
        lead = draw(st.floats(0.5, 1.0))
        v[i] = -lead if draw(st.booleans()) else lead
        return draw(st.builds(float64_tensor, st.just(_unit(v))))

    return build()


def radii(*, min_radius: float = 1e-6, max_radius: float = 1e-1) -> st.SearchStrategy[float]:
    """Radii log-uniform in [min_radius, max_radius] (both included).

    r = min_radius * (max_radius / min_radius)^f for f drawn in [0, 1], clamped into the
    interval against rounding. Shrinks to ``min_radius``.
    """
    min_radius = check_positive("min_radius", min_radius)
    max_radius = check_positive("max_radius", max_radius)
    check_interval("min_radius", min_radius, "max_radius", max_radius)
    log_ratio = math.log(max_radius / min_radius)

    def radius(f: float) -> float:
        return min(max_radius, max(min_radius, min_radius * math.exp(f * log_ratio)))

    return st.floats(0.0, 1.0).map(radius)


@dataclass(frozen=True, eq=False)
class Perturbation:
    """A step of length ``radius`` along the unit ``direction``."""

    direction: torch.Tensor
    radius: float

    @property
    def vector(self) -> torch.Tensor:
        return self.radius * self.direction

    def apply(self, theta: torch.Tensor) -> torch.Tensor:
        """theta + radius * direction."""
        return theta + self.vector


def perturbations(
    n_params: int, *, min_radius: float = 1e-6, max_radius: float = 1e-1
) -> st.SearchStrategy[Perturbation]:
    """:class:`Perturbation` = (``directions(n_params)``, ``radii(min_radius=..., max_radius=...)``).

    Shrinks to (e_1, min_radius).
    """
    return st.builds(
        Perturbation, directions(n_params), radii(min_radius=min_radius, max_radius=max_radius)
    )
