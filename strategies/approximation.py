"""Strategies for the approximation and closure claims (li2022benefit Def 6, Lemma 7, Proposition 3,
Example C, Theorem 2; li2018overparameterized Lemma 2, Proposition 2, Theorem 1).

Citations: Li, Ding & Sun (2022) Section 5.2 and Appendix; Li, Ding & Sun (2018) Appendices A-C.

=========================  ============================  ==========================================
paper                      code                          meaning
=========================  ============================  ==========================================
compact K subset of S      ``compact_boxes``             1-D intervals where f_k - f is sampled
f, f_k, g, g_k (Lemma 7)   ``CompositionCase``           f = sigma_f(B x + c), g = sum_i a_i g_i(z_i)
f with a basin (Prop 3)    ``TwoWells``                  a sub-optimal well next to a global one
Example C's k, K, p        ``ExCCase``                   index, box, valley point, perturbation size
tiny networks (Thm 2/1)    ``TinyNet``                   2-4 parameters, d_H >= N, with A1 data
A1 (li2022 / li2018)       ``tiny_nets(data=...)``       "li2022" (non-zero, distinct) or "li2018"
=========================  ============================  ==========================================

Everything is built, not filtered; each strategy's docstring says what it shrinks to.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

import torch
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from landscape import activations as A
from landscape.nets import Network, Problem

from ._validation import check_integer
from .activations import activations
from .data import datasets

__all__ = [
    "compact_boxes",
    "CompositionCase",
    "composition_cases",
    "TwoWells",
    "two_wells",
    "ExCCase",
    "ex_c_cases",
    "TINY_TEMPLATES",
    "TinyNet",
    "tiny_nets",
    "Li2018Data",
    "li2018_a1_data",
]


def _check_bool(name: str, value) -> bool:
    if not isinstance(value, bool):
        raise InvalidArgument(f"{name}: expected a bool, got {value!r}")
    return value


@st.composite
def _compact_boxes(draw, max_boxes: int):
    n = draw(st.integers(1, max_boxes))
    out = []
    for _ in range(n):
        c = draw(st.integers(-64, 64)) / 8
        r = 2.0 ** draw(st.integers(-3, 3))
        out.append((c - r, c + r))
    return tuple(out)


def compact_boxes(*, max_boxes: int = 3):
    """1..max_boxes intervals [c - r, c + r], c in [-8, 8] (step 1/8), r = 2^j, j in -3..3 (so |x| <= 16).
    Shrinks to one box [-1/8, 1/8]."""
    return _compact_boxes(check_integer("max_boxes", max_boxes, min_value=1))


@dataclass(frozen=True)
class CompositionCase:
    """f: S -> R^n, f(x) = sigma_f(B x + c) (S = [-L, L]^m), f_k = f + cos(k x_1 + phi)/(k+1) (uniform);
    g(z) = sum_i a_i g_i(z_i); its approximants are chosen by the test."""

    m: int
    n: int
    L: float
    B: tuple[tuple[float, ...], ...]
    c: tuple[float, ...]
    sigma_f: A.Activation
    a: tuple[float, ...]
    g: tuple[A.Activation, ...]
    phi: float


@st.composite
def _composition_cases(draw, monotone: bool):
    m, n = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    q = st.integers(-8, 8).map(lambda i: i / 4)
    B = tuple(tuple(draw(q) for _ in range(m)) for _ in range(n))
    c = tuple(draw(q) for _ in range(n))
    a = tuple(draw(st.integers(1, 8).map(lambda i: i / 4)) * draw(st.sampled_from([1, -1])) for _ in range(n))
    g = tuple(draw(activations(requires=("monotone",)) if monotone else activations()) for _ in range(n))
    return CompositionCase(m, n, draw(st.sampled_from([0.5, 1.0, 2.0])), B, c, draw(activations()), a, g,
                           draw(st.integers(0, 7)) * math.pi / 4)


def composition_cases(*, monotone: bool = True):
    """m, n in {1, 2}; entries of B, c, a dyadic (step 1/4) in [-2, 2] (a_i != 0); L in {1/2, 1, 2};
    sigma_f any activation; g_i any activation, or monotone ones (``monotone``, which Lemma 8's g_k
    needs). Shrinks to m = n = 1, B = c = 0."""
    return _composition_cases(_check_bool("monotone", monotone))


@dataclass(frozen=True)
class TwoWells:
    """f(x) = min(||x - c1||^2 + d1, s ||x - c2||^2) on [-4, 4]^dim: a sub-optimal well at c1
    (value d1 > 0 = inf f) next to the global one at c2; f_k = f + theta (gamma/3 - rounding) phi_k."""

    dim: int
    c1: tuple[float, ...]
    c2: tuple[float, ...]
    d1: float
    s: float
    theta: float
    omega: float
    phase: float


@st.composite
def _two_wells(draw, max_dim: int):
    dim = draw(st.integers(1, max_dim))
    c1 = tuple(draw(st.integers(-12, -4)) / 4 for _ in range(dim))
    c2 = tuple(draw(st.integers(4, 12)) / 4 for _ in range(dim))
    d1 = draw(st.integers(1, 8)) / 4
    # By construction the global well stays above the first on V = {|x - c1| <= 1/2} (so the ball of radius
    # 1/4 is a set-wise strict minimum): s (|c2 - c1| - 1/2)^2 >= 2 (d1 + 1/2) > max_V q1 = d1 + 1/4.
    dist = math.dist(c1, c2)
    s = 2 * (d1 + 0.5) / (dist - 0.5) ** 2 * draw(st.sampled_from([1, 2, 4]))
    return TwoWells(dim, c1, c2, d1, s, draw(st.integers(1, 16)) / 16, draw(st.integers(1, 12)) / 2,
                    draw(st.integers(0, 7)) * math.pi / 4)


def two_wells(*, max_dim: int = 2):
    """dim in 1..max_dim (<= 2: the chain's grids are 1-D/2-D); c1 in [-3, -1]^dim, c2 in [1, 3]^dim (step
    1/4), d1 in [1/4, 2], s from the separation condition times 1, 2 or 4, theta in (0, 1]. Shrinks to
    dim = 1, c1 = -3, c2 = 1, d1 = 1/4."""
    max_dim = check_integer("max_dim", max_dim, min_value=1)
    if max_dim > 2:
        raise InvalidArgument(f"max_dim: Proposition 3's grid checks are 1-D or 2-D, got {max_dim}")
    return _two_wells(max_dim)


class ExCCase(NamedTuple):
    """Example C: index k, box [lo, hi] x [-R, R], valley point (1.5, x2), perturbation size delta."""

    k: int
    box: tuple[float, float]
    R: float
    x2: float
    delta: Fraction


@st.composite
def _ex_c_cases(draw, max_k: int):
    k = draw(st.integers(1, max_k))
    lo = draw(st.integers(-4, 11)) / 4
    hi = lo + draw(st.integers(1, 12 - int(lo * 4))) / 4
    R = draw(st.integers(1, 80)) / 2
    x2 = draw(st.integers(-200, 200)) / 4
    delta = Fraction(1, 2 ** draw(st.integers(1, 20)))
    return ExCCase(k, (lo, hi), R, x2, delta)


def ex_c_cases(*, max_k: int = 24):
    """k in 1..max_k; box x1 in [lo, hi] (quarter steps in [-1, 3]), half-width R in 1/2..40 (halves);
    x2 of the valley point in [-50, 50]; delta in (0, 1/2] (dyadic). Shrinks to k = 1, R = 1/2."""
    return _ex_c_cases(check_integer("max_k", max_k, min_value=1))


# A3 (d_H >= N), 2-4 parameters, depth 1 or 2; for N = 2 only 1-2-1 has <= 4 parameters.
TINY_TEMPLATES = {1: ((1, 1, 1), (2, 1, 1), (1, 1, 1, 1), (1, 2, 1)), 2: ((1, 2, 1),)}


@dataclass(frozen=True)
class TinyNet:
    """A tiny network (2-4 parameters, d_H >= N) with its data."""

    widths: tuple[int, ...]
    activations: tuple[A.Activation, ...]
    X: torch.Tensor
    Y: torch.Tensor

    @property
    def problem(self) -> Problem:
        return Problem(Network(self.widths, self.activations), self.X, self.Y)


@dataclass(frozen=True)
class Li2018Data:
    X: torch.Tensor
    Y: torch.Tensor


@st.composite
def _li2018_a1_data(draw, N: int, d0: int):
    pool = st.integers(-16, 16)
    distinct = draw(st.lists(pool, min_size=N, max_size=N, unique=True))
    rows = [[v / 4 for v in distinct]]
    if d0 == 2:
        rows.append([draw(pool) / 4 for _ in range(N)])
        if draw(st.booleans()):
            rows.reverse()
    Y = [[draw(st.integers(-40, 40)) / 4 for _ in range(N)]]
    return Li2018Data(torch.tensor(rows, dtype=torch.float64), torch.tensor(Y, dtype=torch.float64))


def li2018_a1_data(N: int, d0: int):
    """li2018 A1: one coordinate row with pairwise distinct entries (multiples of 1/4 in [-4, 4], 0 allowed);
    for d0 = 2 the other row any multiples of 1/4 in [-4, 4] (repeats and zeros allowed); targets multiples
    of 1/4 in [-10, 10]. Shrinks to x = 0 (N = 1), the all-zero input, which A1 admits for N = 1."""
    N = check_integer("N", N, min_value=1)
    d0 = check_integer("d0", d0, min_value=1)
    if d0 > 2 or N > 33:
        raise InvalidArgument(f"d0, N: expected d0 in {{1, 2}} and N <= 33 distinct quarter steps, got {d0}, {N}")
    return _li2018_a1_data(N, d0)


def _li2022_a1_data(N: int, d0: int):
    return datasets(min_samples=N, max_samples=N, min_dim=d0, max_dim=d0, min_magnitude=0.25, max_magnitude=4.0,
                    min_separation=0.25, max_abs_target=10.0)


@st.composite
def _tiny_nets(draw, data: str, single_activation: bool):
    N = draw(st.integers(1, 2))
    widths = draw(st.sampled_from(TINY_TEMPLATES[N]))
    H = len(widths) - 2
    acts = (draw(activations()),) * H if single_activation else tuple(draw(activations()) for _ in range(H))
    ds = draw((_li2022_a1_data if data == "li2022" else li2018_a1_data)(N, widths[0]))
    return TinyNet(widths, acts, ds.X, ds.Y)


def tiny_nets(*, data: str, single_activation: bool):
    """N in {1, 2}; widths from TINY_TEMPLATES[N]; one activation per hidden layer (or one shared,
    ``single_activation``), any catalog or family member; data under li2022's A1 ("li2022": non-zero,
    pairwise distinct, |x| in [1/4, 4], separation >= 1/4, |y| <= 10) or li2018's ("li2018", see
    :func:`li2018_a1_data`). Shrinks to N = 1, widths (1, 1, 1)."""
    if data not in ("li2022", "li2018"):
        raise InvalidArgument(f"data: expected 'li2022' or 'li2018' (whose Assumption 1), got {data!r}")
    return _tiny_nets(data, _check_bool("single_activation", single_activation))
