"""Pairs of unequal vectors a != b, for the "sigma(a^T z) = sigma(b^T z) has measure zero" lemmas:
li2022benefit Lemma 3 and li2018overparameterized Lemma 6 (the same statement, different
hypotheses on sigma).

===========================  ====================  =====================================
paper                        strategy              what it draws
===========================  ====================  =====================================
a, b in R^N, a != b          ``unequal_pairs``     ``UnequalPair(a, b, seed)``, b = -a allowed
===========================  ====================  =====================================
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ._validation import check_integer
from .randomness import seeds

__all__ = ["UnequalPair", "unequal_pairs"]


@dataclass(frozen=True)
class UnequalPair:
    """a != b in R^N and a seed for the sample points z."""

    a: tuple[float, ...]
    b: tuple[float, ...]
    seed: int


@st.composite
def _pairs(draw, max_dim: int, allow_negation: bool):
    n = draw(st.integers(1, max_dim))
    entry = st.floats(-2, 2, allow_nan=False).map(lambda t: round(t, 4))
    a = draw(st.lists(entry, min_size=n, max_size=n))
    if allow_negation and any(a) and draw(st.booleans()):
        b = [-t for t in a]
    else:
        delta = draw(st.lists(entry, min_size=n, max_size=n))
        j = draw(st.integers(0, n - 1))
        mag = draw(st.floats(1 / 64, 2).map(lambda t: round(t, 4)))
        delta[j] = mag * draw(st.sampled_from([1.0, -1.0]))
        b = [x + d for x, d in zip(a, delta)]
        assume(a != b)  # rounding a_j + delta_j cannot undo |delta_j| >= 1/64 with |a_j| <= 2: never fires
    return UnequalPair(tuple(a), tuple(b), draw(seeds()))


def unequal_pairs(*, max_dim: int = 5, allow_negation: bool = True) -> st.SearchStrategy[UnequalPair]:
    """a, b in R^N (1 <= N <= max_dim) with a != b by construction: b = a + delta with
    |delta_j| >= 1/64 at a drawn j, or (``allow_negation``) b = -a with a != 0. Entries are in
    [-2, 2] rounded to 4 decimals. Shrinks to N = 1, a = 0, b = 1/64."""
    max_dim = check_integer("max_dim", max_dim, min_value=1)
    if not isinstance(allow_negation, bool):
        raise InvalidArgument(f"allow_negation: expected a bool, got {allow_negation!r}")
    return _pairs(max_dim, allow_negation)
