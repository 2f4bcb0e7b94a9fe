"""Strategies for li2018overparameterized's hypotheses (Assumption 1's A1, Assumption 2).

Li, Ding & Sun, "Over-Parameterized Deep Neural Networks Have No Strict Local Minima For Any
Continuous Activations" (2018).

===========================================  ==============================  ============================
paper                                        strategy                        what it draws
===========================================  ==============================  ============================
A1: exists k, X_ki != X_kj (i != j)          ``li2018_datasets``             data meeting A1 (zeros,
                                                                             repeats off row k allowed)
x_1, ..., x_n distinct (Lemma 4, Prop 3)     ``distinct_scalars``            distinct dyadic reals, 0 allowed
Asm 2: sigma^(k)(0) != 0, k < n              ``consecutive_asm2_activations``  analytic sigma meeting it
===========================================  ==============================  ============================

li2018's A1 differs from li2022benefit's (``strategies.data.datasets``: columns nonzero and
pairwise distinct): it asks for ONE coordinate in which all samples differ, and allows a
zero sample and samples that agree in every other coordinate. Values are dyadic multiples
h m of integers m (exact in float64, exact rationals for sympy).
"""

from __future__ import annotations

import functools
import math

import torch
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from landscape import activations as A

from ._validation import check_integer, check_interval
from .data import Dataset

__all__ = ["li2018_datasets", "distinct_scalars", "consecutive_asm2_activations"]

_STEPS = (1.0, 0.5, 2.0, 0.25, 4.0, 0.125)  # dyadic scales h, simplest first


def _check_sizes(min_name, min_value, max_name, max_value, low=1):
    lo = check_integer(min_name, min_value, min_value=low)
    hi = check_integer(max_name, max_value, min_value=low)
    check_interval(min_name, lo, max_name, hi)
    return lo, hi


def distinct_scalars(*, min_size: int = 1, max_size: int = 6, max_integer: int = 8) -> st.SearchStrategy[tuple[float, ...]]:
    """Tuples of pairwise distinct reals h m (m distinct integers in [-max_integer, max_integer],
    zero allowed, h a dyadic scale), any order and signs. Shrinks to (0,), then (0, 1, ...)."""
    lo, hi = _check_sizes("min_size", min_size, "max_size", max_size)
    R = check_integer("max_integer", max_integer, min_value=1)
    if 2 * R + 1 < hi:
        raise InvalidArgument(f"max_size: {hi} distinct integers do not fit in [-{R}, {R}]; raise max_integer")

    @st.composite
    def build(draw):
        n = draw(st.integers(lo, hi))
        ms = draw(st.lists(st.integers(-R, R), min_size=n, max_size=n, unique=True))
        h = draw(st.sampled_from(_STEPS))
        return tuple(h * m for m in ms)

    return build()


@st.composite
def _li2018_data(draw, lo_n, hi_n, lo_d, hi_d, R, max_abs_target):
    n = draw(st.integers(lo_n, hi_n))
    d0 = draw(st.integers(lo_d, hi_d))
    k = draw(st.integers(0, d0 - 1))
    h = draw(st.sampled_from(_STEPS))
    rows = []
    for r in range(d0):  # one draw per coordinate row (a handful), not per sample
        if r == k:
            rows.append(draw(st.lists(st.integers(-R, R), min_size=n, max_size=n, unique=True)))
        else:
            rows.append(draw(st.lists(st.integers(-R, R), min_size=n, max_size=n)))
    X = torch.tensor(rows, dtype=torch.float64) * h
    T = int(max_abs_target)
    Y = torch.tensor([draw(st.lists(st.integers(-4 * T, 4 * T), min_size=n, max_size=n))],
                     dtype=torch.float64) / 4
    return Dataset(X, Y)


def li2018_datasets(*, min_samples: int = 1, max_samples: int = 6, min_dim: int = 1, max_dim: int = 3,
                    max_integer: int = 8, max_abs_target: float = 8.0) -> st.SearchStrategy[Dataset]:
    """:class:`strategies.data.Dataset` whose X (d_0, N) satisfies li2018's A1 by construction.

    One drawn row k holds N distinct integers in [-max_integer, max_integer] (zero allowed); the
    other rows are arbitrary integers there (repeats, zero columns and samples equal off row k
    allowed), all times one dyadic scale h. Y (1, N): quarter-integers in [-max_abs_target,
    max_abs_target]. Shrinks to N = min_samples, d_0 = min_dim, k = 0, X = 0-based small integers, Y = 0.
    """
    lo_n, hi_n = _check_sizes("min_samples", min_samples, "max_samples", max_samples)
    lo_d, hi_d = _check_sizes("min_dim", min_dim, "max_dim", max_dim)
    R = check_integer("max_integer", max_integer, min_value=1)
    if 2 * R + 1 < hi_n:
        raise InvalidArgument(f"max_samples: {hi_n} distinct integers do not fit in [-{R}, {R}]; raise max_integer")
    if not (isinstance(max_abs_target, (int, float)) and math.isfinite(max_abs_target) and max_abs_target >= 0.25):
        raise InvalidArgument(f"max_abs_target: expected a finite bound >= 1/4, got {max_abs_target!r}")
    return _li2018_data(lo_n, hi_n, lo_d, hi_d, R, max_abs_target)


@functools.lru_cache(maxsize=64)
def _catalog_consecutive(n: int) -> tuple[A.Activation, ...]:
    from landscape.constructions.li2018overparameterized import consecutive_orders_certificate

    return tuple(a for a in A.CATALOG.values() if a.properties.analytic and consecutive_orders_certificate(a, n).holds)


def consecutive_asm2_activations(n: int) -> st.SearchStrategy[A.Activation]:
    """Analytic activations with sigma^(k)(0) != 0 for every k < n (li2018's Assumption 2), built so:

    catalog members that meet it (e.g. exponential, softplus for n <= 3, sigmoid for n <= 2);
    polynomials sum_k c_k t^k / k! with nonzero integer c_k, k < n (sigma^(k)(0) = c_k), any
    degree >= n - 1; shifted exponentials e^(t + c) (all orders e^c); and Proposition 1's
    -+(t - t0)^2 e^t with t0 = m/4 not an integer (sigma^(k)(0) = -+((k - t0)^2 - k) vanishes only
    for integer t0 = j^2 +- j). Shrinks to the first qualifying catalog member.
    """
    n = check_integer("n", n, min_value=1)
    cat = _catalog_consecutive(n)

    @st.composite
    def poly(draw):
        extra = draw(st.integers(0, 2))
        cs = draw(st.lists(st.sampled_from([1, -1, 2, -2, 3, -3]), min_size=n + extra, max_size=n + extra))
        coeffs = [c / math.factorial(k) for k, c in enumerate(cs)]
        return A.polynomial(coeffs)

    shifted_exp = st.integers(-8, 8).map(lambda m: A.shifted(A.get("exponential"), m / 4))
    quarter = st.sampled_from([m / 4 for m in sorted(range(-12, 13), key=lambda k: (abs(k), k < 0)) if m % 4])
    double_root = st.tuples(quarter, st.sampled_from([-1.0, 1.0])).map(lambda p: A.root_product_exp((p[0], p[0]), p[1]))
    choices = ([st.sampled_from(cat)] if cat else []) + [poly(), shifted_exp, double_root]
    return st.one_of(*choices)
