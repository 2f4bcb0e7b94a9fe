"""Exact (sympy) piecewise forms of activations: derivatives at a point, one-sided at breakpoints.

An activation's symbolic form is a tuple of *pieces* ``(lo, hi, expr)``: ``expr`` is a sympy
expression in the real symbol :data:`T` valid on the open interval ``(lo, hi)``; the
intervals partition the real line up to their shared endpoints (the breakpoints), and
``lo``/``hi`` are exact sympy numbers or ``-oo``/``oo``. Analytic activations have a single
piece ``(-oo, oo, expr)``.

Floats given by a caller (parameters, the point ``a``) are converted with
:func:`exact` to the *exact* rational value of the binary float, so "sigma^(k)(a) != 0" is
decided for the function the float parameters actually define, not for a decimal nearby.

Notation (li2022benefit, Assumption 2 and Lemma 6):

===================  ==========================  ==========================================
paper                code                        meaning
===================  ==========================  ==========================================
sigma^(k)(a)         ``derivatives_at(pieces, a, k)[k]``  exact k-th derivative at a
l_0, ..., l_{N-1}    ``arithmetic_progression(orders, N)``  orders with nonzero derivative
===================  ==========================  ==========================================

A derivative that does not exist at ``a`` (one-sided derivatives differ or are infinite,
as at a kink of ReLU or at 0 for ``|t|^p``, p not an integer) is reported as ``sympy.nan``;
once one order fails to exist, every higher order is ``nan`` too.
"""

from __future__ import annotations

import functools
from fractions import Fraction
from typing import Iterable, Sequence

import sympy

__all__ = [
    "T",
    "Piece",
    "exact",
    "single",
    "piece_at",
    "derivatives_at",
    "is_exact_zero",
    "zero_decision",
    "nonzero_orders",
    "arithmetic_progression",
    "boundaries",
]

#: The activation's argument.
T = sympy.Symbol("t", real=True)

Piece = tuple  # (lo, hi, expr)


def exact(value) -> sympy.Expr:
    """``value`` as an exact sympy number: floats by their exact binary value, sympy unchanged."""
    if isinstance(value, sympy.Basic):
        return value
    if isinstance(value, bool):
        raise ValueError(f"value: expected a real number, got bool {value!r}")
    if isinstance(value, int):
        return sympy.Integer(value)
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    f = float(value)
    if f != f or f in (float("inf"), float("-inf")):
        raise ValueError(f"value: expected a finite real number, got {value!r}")
    num, den = f.as_integer_ratio()
    return sympy.Rational(num, den)


def single(expr: sympy.Expr) -> tuple[Piece, ...]:
    """One piece on the whole line (analytic activations)."""
    return ((-sympy.oo, sympy.oo, expr),)


def boundaries(pieces: Sequence[Piece]) -> tuple[sympy.Expr, ...]:
    """The interior endpoints of the pieces (where the formula switches)."""
    return tuple(p[1] for p in pieces[:-1])


def piece_at(pieces: Sequence[Piece], a: sympy.Expr) -> tuple[Piece | None, Piece | None]:
    """``(left, right)`` pieces at ``a``: the same piece twice when ``a`` is interior to it."""
    for i, (lo, hi, _) in enumerate(pieces):
        if lo < a < hi:
            return pieces[i], pieces[i]
        if a == hi and i + 1 < len(pieces):
            return pieces[i], pieces[i + 1]
    raise ValueError(f"a: {a} is not covered by the pieces {[(p[0], p[1]) for p in pieces]}")


def _finite(v: sympy.Expr) -> bool:
    return not v.has(sympy.zoo, sympy.oo, -sympy.oo, sympy.nan) and v.is_finite is not False


def _one_sided(expr: sympy.Expr, a: sympy.Expr, direction: str) -> sympy.Expr:
    """Value of ``expr`` at ``a`` as a one-sided limit; ``nan`` when infinite or undefined."""
    v = expr.subs(T, a)
    if _finite(v):
        return v
    v = sympy.limit(expr, T, a, dir=direction)
    return v if _finite(v) else sympy.nan


def derivatives_at(pieces: Sequence[Piece], a, max_order: int) -> list[sympy.Expr]:
    """Exact ``[sigma(a), sigma'(a), ..., sigma^(max_order)(a)]``; ``nan`` where none exists."""
    if max_order < 0:
        raise ValueError(f"max_order: must be >= 0, got {max_order}")
    return list(_derivatives_at(tuple(pieces), exact(a), int(max_order)))


_H = sympy.Symbol("h")


def _taylor(expr: sympy.Expr, a: sympy.Expr, max_order: int) -> list[sympy.Expr] | None:
    """k! times the Taylor coefficients of ``expr`` at ``a`` (much faster than repeated ``diff``
    for tanh-like expressions); ``None`` if the expansion is not a plain power series."""
    try:
        s = sympy.series(expr.subs(T, a + _H), _H, 0, max_order + 1).removeO()
    except Exception:  # noqa: BLE001 - sympy raises many types on expansions it cannot do
        return None
    poly = sympy.expand(s)
    if poly.has(sympy.log(_H)) or not poly.is_polynomial(_H):
        return None
    return [sympy.factorial(k) * poly.coeff(_H, k) for k in range(max_order + 1)]


@functools.lru_cache(maxsize=4096)
def _derivatives_at(pieces: tuple, a: sympy.Expr, max_order: int) -> tuple:
    left, right = piece_at(pieces, a)
    if left is right:
        vals = _taylor(left[2], a, max_order)
        if vals is not None and all(_finite(v) for v in vals):
            return tuple(vals)
    out: list[sympy.Expr] = []
    dl, dr = left[2], right[2]
    alive = True
    for _ in range(max_order + 1):
        if not alive:
            out.append(sympy.nan)
            continue
        if left is right:
            v = _one_sided(dl, a, "+")
        else:
            vl, vr = _one_sided(dl, a, "-"), _one_sided(dr, a, "+")
            # sigma^(k)(a) exists iff both one-sided k-th derivatives are finite and equal
            # (the lower orders already agree, so the mean value theorem gives the rest).
            v = vl if (vl is not sympy.nan and vr is not sympy.nan and is_exact_zero(vl - vr)) else sympy.nan
        if v is sympy.nan:
            alive = False
        out.append(v)
        dl = sympy.diff(dl, T)
        dr = dl if left is right else sympy.diff(dr, T)
    return tuple(out)


# |value| below which a 60-digit evaluation calls a closed-form constant zero: 45 orders above
# the evaluation's error for the moderate magnitudes the catalog's derivatives have.
NUMERIC_ZERO = 1e-40


def zero_decision(e, *, simplify: bool = True) -> tuple[bool, bool]:
    """``(is zero, decided exactly)`` for a closed-form constant.

    Decided by sympy's assumptions on ``e``, then on its expansion, then (``simplify=True``)
    on ``sympy.simplify(e)``, which can take minutes on nested closed forms; where all leave
    it open, by a 60-digit evaluation (mpmath, adaptive precision), zero iff |e| <= 1e-40.
    That last verdict is not a proof: ``decided exactly`` is then False, and certificates built
    on it must not claim ``exact`` evidence. Never calls a number that evaluates as nonzero zero.
    """
    e = sympy.sympify(e)
    if e is sympy.nan:
        return False, True
    if e.free_symbols:
        raise ValueError(f"e: expected a constant, got an expression in {sorted(map(str, e.free_symbols))}")
    candidates = [lambda: e, lambda: sympy.expand(e)] + ([lambda: sympy.simplify(e)] if simplify else [])
    for candidate in candidates:
        z = candidate().is_zero
        if z is not None:
            return bool(z), True
    return abs(complex(sympy.N(e, 60))) <= NUMERIC_ZERO, False


def is_exact_zero(e: sympy.Expr) -> bool:
    """Whether ``e`` is 0: for an expression in t, whether sympy proves it identically 0; for a
    constant, :func:`zero_decision`'s verdict (a 60-digit evaluation where sympy cannot decide)."""
    if e is sympy.nan:
        return False
    if e.free_symbols:  # an identity in t: zero only if sympy proves it
        return sympy.simplify(e) == 0
    return zero_decision(e)[0]


def nonzero_orders(values: Iterable[sympy.Expr]) -> tuple[int, ...]:
    """Orders k whose value exists (is not ``nan``) and is exactly nonzero."""
    return tuple(k for k, v in enumerate(values) if v is not sympy.nan and not is_exact_zero(v))


def arithmetic_progression(orders: Iterable[int], length: int) -> tuple[int, int] | None:
    """``(l_0, step)`` of an arithmetic progression of ``length`` terms, step >= 1, inside ``orders``.

    li2022benefit Assumption 2 asks for N distinct non-negative orders l_0 < ... < l_{N-1}
    forming an arithmetic sequence with sigma^(l_k)(0) != 0. Returns the one with the
    smallest last term (ties: smallest step), or ``None``.
    """
    if length < 1:
        raise ValueError(f"length: must be >= 1, got {length}")
    s = sorted(set(int(o) for o in orders))
    present = set(s)
    best = None
    for l0 in s:
        if length == 1:
            cand = (l0, 1)
        else:
            cand = None
            for step in range(1, (s[-1] - l0) // (length - 1) + 1):
                if all(l0 + j * step in present for j in range(length)):
                    cand = (l0, step)
                    break
        if cand is not None:
            last = cand[0] + (length - 1) * cand[1]
            if best is None or last < best[0] + (length - 1) * best[1]:
                best = cand
    return best
