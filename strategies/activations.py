"""Activations drawn from the catalog and from parametrised families, by required property.

The catalog and the family constructors live in :mod:`landscape.activations`; this module
chooses members that satisfy a list of requirements, building family parameters so that
the requirement holds (no rejection sampling, except for caller-supplied predicates).

Requirements (li2022benefit unless stated):

==========================  ===============================================================
name                        meaning
==========================  ===============================================================
``"continuous"``            A4 (every catalog member and family member is continuous)
``"C1"``, ``"C2"``          sigma in C^1 / C^2 (Theorem 6 needs C^2)
``"analytic"``              real analytic on R (Assumption 2)
``"piecewise_linear"``      continuous piecewise linear
``"positively_homogeneous"``  sigma(a t) = a sigma(t), a > 0 (Theorem 5)
``"monotone"``              monotone (Assumption 3 B2); ``"strictly_monotone"``: strictly
``"surjective"``            sigma(R) = R
``"bounded"``               bounded
``"sigma0_nonzero"``        sigma(0) != 0 (Theorem 6)
``"sigma1_0_nonzero"``      sigma'(0) exists and != 0 (Theorem 6)
``"sigma2_0_nonzero"``      sigma''(0) exists and != 0 (Theorem 6)
``"pl_flat_at_0"``          piecewise linear, sigma(0) = sigma'(0) = 0, not identically 0 (Theorem 7)
``"asm2:N"``                Assumption 2 for N samples: N nonzero derivative orders at 0 in an
                            arithmetic progression (searched up to order 2N + 1)
callable                    ``predicate(Activation) -> bool`` (applied with ``.filter``)
==========================  ===============================================================
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Callable, Iterable

from hypothesis import reject
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from landscape import activations as A

__all__ = ["FAMILIES", "REQUIREMENTS", "activations", "requirement_holds"]

REQUIREMENTS = (
    "continuous",
    "C1",
    "C2",
    "analytic",
    "piecewise_linear",
    "positively_homogeneous",
    "monotone",
    "strictly_monotone",
    "surjective",
    "bounded",
    "sigma0_nonzero",
    "sigma1_0_nonzero",
    "sigma2_0_nonzero",
    "pl_flat_at_0",
)
FAMILIES = (
    "scaled",
    "shifted",
    "polynomial",
    "piecewise_linear",
    "monomial",
    "sin_cos_perturbed",
    "hermite_designed",
)
_SIGMA_ORDER = {"sigma0_nonzero": 0, "sigma1_0_nonzero": 1, "sigma2_0_nonzero": 2}
_STRICT = ("increasing", "decreasing")


# ---------------------------------------------------------------------------------------
# requirements


@dataclass(frozen=True)
class _Requirements:
    names: frozenset[str]
    asm2: int | None
    predicates: tuple[Callable, ...]

    @property
    def sigma_orders(self) -> tuple[int, ...]:
        return tuple(sorted(_SIGMA_ORDER[n] for n in self.names if n in _SIGMA_ORDER))


def _parse_requirements(requires) -> _Requirements:
    if isinstance(requires, str) or callable(requires):
        requires = (requires,)
    try:
        items = tuple(requires)
    except TypeError:
        raise InvalidArgument(f"requires: expected an iterable of requirement names or predicates, got {requires!r}") from None
    names, asm2, preds = set(), None, []
    for item in items:
        if callable(item):
            preds.append(item)
        elif isinstance(item, str) and item.startswith("asm2:"):
            tail = item[len("asm2:"):]
            if not tail.isdigit() or int(tail) < 1:
                raise InvalidArgument(f"requires: 'asm2:N' needs an integer N >= 1 (number of samples), got {item!r}")
            asm2 = max(asm2 or 0, int(tail))
        elif isinstance(item, str) and item in REQUIREMENTS:
            names.add(item)
        else:
            raise InvalidArgument(
                f"requires: unknown requirement {item!r}; expected one of {REQUIREMENTS}, 'asm2:N' or a callable"
            )
    return _Requirements(frozenset(names), asm2, tuple(preds))


@functools.lru_cache(maxsize=4096)
def _nonzero_orders(act: A.Activation, a: float, max_order: int) -> tuple[int, ...]:
    return act.nonzero_derivative_orders_at(a, max_order)


@functools.lru_cache(maxsize=1024)
def _asm2(act: A.Activation, n: int) -> bool:
    return A.assumption_2_orders(act, n, max_order=2 * n + 1) is not None


def _named_holds(act: A.Activation, name: str) -> bool:
    p = act.properties
    if name == "continuous":
        return p.smoothness >= 0
    if name == "C1":
        return p.smoothness >= 1
    if name == "C2":
        return p.smoothness >= 2
    if name in ("analytic", "piecewise_linear", "positively_homogeneous", "bounded", "surjective"):
        return bool(getattr(p, name))
    if name == "monotone":
        return p.monotone is not None
    if name == "strictly_monotone":
        return p.monotone in _STRICT
    if name in _SIGMA_ORDER:
        k = _SIGMA_ORDER[name]
        return k in _nonzero_orders(act, 0.0, k)
    if name == "pl_flat_at_0":
        return (
            p.piecewise_linear
            and bool(p.breakpoints)
            and 0.0 not in p.breakpoints
            and not _nonzero_orders(act, 0.0, 1)
        )
    raise AssertionError(name)


def requirement_holds(act: A.Activation, requirement) -> bool:
    """Whether ``act`` meets one requirement: a name of :data:`REQUIREMENTS`, ``"asm2:N"`` or a predicate.

    Read from the activation's declared :class:`~landscape.activations.Properties` and its
    exact (sympy) derivatives at 0; this is the definition :func:`activations` guarantees.
    """
    reqs = _parse_requirements((requirement,))
    if reqs.predicates:
        return bool(reqs.predicates[0](act))
    if reqs.asm2 is not None:
        return _asm2(act, reqs.asm2)
    return _named_holds(act, next(iter(reqs.names)))


def _cheap_holds(act, names: Iterable[str]) -> bool:
    return all(_named_holds(act, n) for n in names)


@functools.lru_cache(maxsize=256)
def _catalog_matching(names: frozenset[str], asm2: int | None) -> tuple[A.Activation, ...]:
    # Flags first: the derivative checks are exact sympy evaluations, so skip them where a flag already fails.
    flags = sorted(names, key=lambda n: n in _SIGMA_ORDER or n == "pl_flat_at_0")
    out = [a for a in A.CATALOG.values() if _cheap_holds(a, flags)]
    if asm2 is not None:
        out = [a for a in out if _asm2(a, asm2)]
    return tuple(out)


# ---------------------------------------------------------------------------------------
# parameter draws (all exact dyadic or shrinking to 1 / 0)


def _record(draw, constructor, *args, **kwargs):
    """``constructor(*args, **kwargs)`` drawn through ``st.builds``, so Hypothesis prints the call
    (``scaled(get('tanh'), -1.5, 2.0)``) instead of the activation's long repr."""
    return draw(st.builds(constructor, *map(st.just, args), **{k: st.just(v) for k, v in kwargs.items()}))


def _catalog_member(draw, act: A.Activation) -> A.Activation:
    return _record(draw, A.get, act.name)


def _magnitudes():
    return st.floats(0.25, 4.0)  # shrinks to 1.0


def _nonzero(draw) -> float:
    m = draw(_magnitudes())
    return -m if draw(st.booleans()) else m


def _free(draw) -> float:
    return draw(st.floats(-2.0, 2.0, allow_subnormal=False))  # shrinks to 0.0


# ---------------------------------------------------------------------------------------
# families: each returns a strategy that satisfies the named requirements, or None


def _scaled_family(bases) -> st.SearchStrategy | None:
    # a sigma(b t) with a, b != 0 keeps every named requirement: smoothness, analyticity,
    # (piecewise) linearity, homogeneity, monotonicity (direction may flip), surjectivity,
    # boundedness, breakpoints off 0, and nonzero derivative orders at 0 (sigma^(k)(0) a b^k).
    @st.composite
    def build(draw):
        base = _catalog_member(draw, draw(st.sampled_from(bases())))
        return _record(draw, A.scaled, base, _nonzero(draw), _nonzero(draw))

    return build()


_SHIFT_BREAKS = frozenset({"positively_homogeneous", "pl_flat_at_0"})
_SHIFT_PROBES = (0.5, -0.5, 1.0, -1.0, 0.75, -0.75, 1.5, -1.5)


def _shifted_family(reqs: _Requirements) -> st.SearchStrategy | None:
    if reqs.names & _SHIFT_BREAKS or reqs.asm2 is not None:
        return None
    invariant = reqs.names - set(_SIGMA_ORDER)
    orders = reqs.sigma_orders

    def bases():
        out = _catalog_matching(frozenset(invariant), None)
        if orders:
            # sigma^(k)(c) != 0 for some c needs sigma^(k) not identically 0 where it exists.
            k = max(orders)
            out = tuple(
                a for a in out
                if a.properties.analytic and not (a.properties.polynomial_degree is not None
                                                   and a.properties.polynomial_degree < k)
            )
        return out

    if not bases():
        return None

    @st.composite
    def build(draw):
        base = _catalog_member(draw, draw(st.sampled_from(bases())))
        c0 = draw(st.integers(-16, 16)) / 8  # dyadic shifts in [-2, 2], shrinking to 0
        if not orders:
            return _record(draw, A.shifted, base, c0)
        # Derivative zeros of an analytic non-constant sigma^(k) are isolated (a polynomial
        # of degree d has at most d - k), so one of the distinct probes works.
        for c in (c0, *_SHIFT_PROBES):
            act = A.shifted(base, c)
            if all(k in _nonzero_orders(act, 0.0, max(orders)) for k in orders):
                return _record(draw, A.shifted, base, c)
        reject()  # unreachable for the catalog (exercised by tests/test_strategies.py)

    return build()


_POLY_OK = frozenset({"continuous", "C1", "C2", "analytic", "monotone", "strictly_monotone", "surjective"}) | set(
    _SIGMA_ORDER
)


def _polynomial_family(reqs: _Requirements) -> st.SearchStrategy | None:
    if reqs.names - _POLY_OK:
        return None
    orders = set(reqs.sigma_orders)
    n = reqs.asm2
    monotone = bool(reqs.names & {"monotone", "strictly_monotone", "surjective"})
    if monotone and n is not None and n > 4 and 2 in orders:
        return None

    @st.composite
    def build(draw):
        if monotone:
            direction = -1.0 if draw(st.booleans()) else 1.0
            if n is not None and n > 4:
                # c0 + sum of odd powers with coefficients of one sign: sigma' is a sum of even
                # powers with positive coefficients (times the sign), so strictly monotone and
                # onto R; nonzero orders 1, 3, ..., 2n - 1 (Assumption 2 with step 2).
                coeffs = [_nonzero(draw) if 0 in orders else _free(draw)]
                for j in range(1, 2 * n):
                    coeffs.append(direction * draw(_magnitudes()) if j % 2 else 0.0)
                return _record(draw, A.polynomial, coeffs)
            # Cubic c0 + a1 t + c2 t^2 + a3 t^3, a1 a3 > 0, c2^2 <= (1/4) 3 a1 a3 < 3 a1 a3: the
            # discriminant of sigma' is negative, so sigma is strictly monotone and onto R.
            a1, a3 = direction * draw(_magnitudes()), direction * draw(_magnitudes())
            all_orders = n is not None  # orders 0, 1, 2, 3 cover any progression of length <= 4
            c0 = _nonzero(draw) if (0 in orders or all_orders) else _free(draw)
            if 2 in orders or all_orders:
                r = draw(st.floats(0.125, 0.5)) * (-1.0 if draw(st.booleans()) else 1.0)
            else:
                r = draw(st.floats(-0.5, 0.5))
            return _record(draw, A.polynomial, [c0, a1, r * math.sqrt(3.0 * a1 * a3), a3])
        required = set(orders)
        if n is not None:
            start = draw(st.integers(0, 1))
            step = draw(st.integers(1, 2))
            required |= {start + j * step for j in range(n)}
        low = max([1, *required])
        degree = draw(st.integers(low, max(low, 4)))
        required.add(degree)  # leading coefficient nonzero
        return _record(draw, A.polynomial, [_nonzero(draw) if k in required else _free(draw) for k in range(degree + 1)])

    return build()


_PL_OK = frozenset(
    {"continuous", "piecewise_linear", "monotone", "strictly_monotone", "surjective", "bounded",
     "positively_homogeneous", "sigma0_nonzero", "sigma1_0_nonzero", "pl_flat_at_0"}
)


@dataclass(frozen=True)
class _PLShape:
    """Breakpoints: ``neg`` negative ones, 0 if ``at_zero``, ``pos`` positive ones; allowed slope signs per piece."""

    neg: int
    pos: int
    at_zero: bool
    signs: tuple[tuple[int, ...], ...]  # per piece, in order of preference (shrink target first)


def _pl_shapes(names: frozenset[str]) -> list[_PLShape]:
    shapes = []
    for at_zero in (True, False):
        for neg in range(3):
            for pos in range(3):
                k = neg + pos + at_zero
                if not 1 <= k <= 3:
                    continue
                if "positively_homogeneous" in names and (neg or pos or not at_zero):
                    continue
                if names & {"pl_flat_at_0", "sigma1_0_nonzero"} and at_zero:
                    continue
                # Signs are relative to a drawn direction: +1 means "the direction's sign".
                allowed = [{1, 0, -1} for _ in range(k + 1)]
                if "monotone" in names:
                    allowed = [s & {1, 0} for s in allowed]
                if "strictly_monotone" in names:
                    allowed = [s & {1} for s in allowed]
                if "surjective" in names:
                    allowed[0] &= {1}
                    allowed[-1] &= {1}
                if "bounded" in names:
                    allowed[0] &= {0}
                    allowed[-1] &= {0}
                zero_piece = neg  # the piece containing 0 when 0 is not a breakpoint
                if "pl_flat_at_0" in names:
                    allowed[zero_piece] &= {0}
                if "sigma1_0_nonzero" in names:
                    allowed[zero_piece] -= {0}
                forced = [s == {0} for s in allowed]
                for i in range(k + 1):  # a breakpoint must change the slope
                    if (i > 0 and forced[i - 1]) or (i < k and forced[i + 1]):
                        allowed[i] = allowed[i] - {0}
                if any(not s for s in allowed) or any(f and g for f, g in zip(forced, forced[1:])):
                    continue
                if any(not (s - {0}) for s, f in zip(allowed, forced) if not f):
                    continue
                pref = tuple(tuple(x for x in (1, 0, -1) if x in s) for s in allowed)
                shapes.append(_PLShape(neg, pos, at_zero, pref))
    # Simplest first: fewest breakpoints, then 0 a breakpoint (ReLU-like), then fewer negative ones.
    return sorted(shapes, key=lambda s: (s.neg + s.pos + s.at_zero, not s.at_zero, s.neg))


def _piecewise_linear_family(reqs: _Requirements) -> st.SearchStrategy | None:
    if reqs.names - _PL_OK or reqs.asm2 is not None:
        return None
    zero_value = bool(reqs.names & {"positively_homogeneous", "pl_flat_at_0"})
    if zero_value and "sigma0_nonzero" in reqs.names:
        return None
    shapes = _pl_shapes(reqs.names)
    if not shapes:
        return None

    @st.composite
    def build(draw):
        shape = draw(st.sampled_from(shapes))
        direction = -1.0 if draw(st.booleans()) else 1.0
        neg = [-x for x in _cumulative(draw, shape.neg)][::-1]
        pos = _cumulative(draw, shape.pos)
        breakpoints = neg + ([0.0] if shape.at_zero else []) + pos
        slopes: list[float] = []
        for i, options in enumerate(shape.signs):
            sign = draw(st.sampled_from(options))
            slope = 0.0 if sign == 0 else direction * sign * draw(_magnitudes())
            if slopes and slope == slopes[-1]:
                # Repair, keeping the allowed sign: a zero becomes the preferred nonzero sign
                # (always allowed: see _pl_shapes), a repeated nonzero slope doubles.
                slope = direction * next(s for s in options if s != 0) if slope == 0 else 2 * slope
            slopes.append(slope)
        if zero_value:
            value = 0.0
        elif "sigma0_nonzero" in reqs.names:
            value = _nonzero(draw)
        else:
            value = _free(draw)
        return _record(draw, A.piecewise_linear, breakpoints, slopes, value)

    return build()


def _cumulative(draw, count: int) -> list[float]:
    out, total = [], 0.0
    for _ in range(count):
        total += draw(_magnitudes())
        out.append(total)
    return out


_MONOMIAL_GRID = ((1.0, None), (2.0, None), (3.0, None), (0.5, "odd"), (1.5, "odd"), (2.5, "odd"),
                  (0.5, "even"), (1.5, "even"), (2.5, "even"), (4.0, None), (5.0, None))


def _monomial_family(reqs: _Requirements) -> st.SearchStrategy | None:
    if reqs.asm2 is not None and reqs.asm2 > 1:
        return None  # a monomial has a single nonzero derivative order at 0

    members = _monomials_matching(reqs.names, reqs.asm2)
    if not members:
        return None

    @st.composite
    def build(draw):
        p, parity = draw(st.sampled_from(members))
        return _record(draw, A.monomial, p, **({"parity": parity} if parity else {}))

    return build()


@functools.lru_cache(maxsize=256)
def _monomials_matching(names: frozenset[str], asm2: int | None) -> tuple[tuple[float, str | None], ...]:
    out = []
    for p, parity in _MONOMIAL_GRID:
        act = A.monomial(p, parity=parity)
        if _cheap_holds(act, names) and (asm2 is None or _asm2(act, asm2)):
            out.append((p, parity))
    return tuple(out)


_SC_OK = frozenset({"continuous", "C1", "C2", "analytic", "bounded", "surjective"}) | set(_SIGMA_ORDER)


@functools.lru_cache(maxsize=256)
def _derivatives_at_0(act: A.Activation, max_order: int) -> tuple[float, ...]:
    return tuple(float(v) for v in act.derivatives_at(0.0, max_order))


def _sin_cos_family(reqs: _Requirements) -> st.SearchStrategy | None:
    if reqs.names - _SC_OK:
        return None
    top = max([*reqs.sigma_orders, (reqs.asm2 or 0) - 1, -1])
    flags = frozenset(reqs.names & {"bounded", "surjective"}) | {"analytic"}
    if not _catalog_matching(flags, None):
        return None

    @st.composite
    def build(draw):
        g = _catalog_member(draw, draw(st.sampled_from(_catalog_matching(flags, None))))
        s = draw(st.floats(0.5, 4.0))
        k = draw(st.integers(0, 4))
        if top >= 0:
            # f^(n)(0) = g^(n)(0) + (-1)^floor(n/2) / (s (k+1)) (Lemma 6): step k past every
            # n <= top where the two terms (nearly) cancel; each n blocks at most one k, and the
            # kept margin 1e-6 (1 + |g^(n)(0)|) dwarfs the rounding of g^(n)(0), so orders
            # 0..top are exactly nonzero (Assumption 2 with l_0 = 0, step 1, when asm2 asks).
            g_n = _derivatives_at_0(g, top)
            while any(abs(v + (-1) ** (i // 2) / (s * (k + 1))) <= 1e-6 * (1 + abs(v)) for i, v in enumerate(g_n)):
                k += 1
        return _record(draw, A.sin_cos_perturbed, g, s, k)

    return build()


_HD_OK = frozenset({"continuous", "C1", "C2", "analytic"}) | set(_SIGMA_ORDER)


def _hermite_family(reqs: _Requirements) -> st.SearchStrategy | None:
    if reqs.names - _HD_OK or reqs.asm2 is not None:
        return None
    orders = reqs.sigma_orders

    @st.composite
    def build(draw):
        # Points: 0 and up to one point on each side; data at 0 nonzero where required
        # (|value| >= 1/4 against Krogh's ~1e-15 residual, so the exact derivative is nonzero).
        points = [-x for x in _cumulative(draw, draw(st.integers(0, 1)))] + [0.0] + _cumulative(
            draw, draw(st.integers(0, 1))
        )
        points.sort()
        data = [[], [], []]
        for x in points:
            for k in range(3):
                data[k].append(_nonzero(draw) if (x == 0.0 and k in orders) else _free(draw))
        return _record(draw, A.hermite_designed, points, *data)

    return build()


# ---------------------------------------------------------------------------------------
# the strategy


def _parse_families(families) -> tuple[str, ...]:
    if families is True:
        return FAMILIES
    if families is False or families is None:
        return ()
    if isinstance(families, str):
        families = (families,)
    try:
        chosen = tuple(families)
    except TypeError:
        raise InvalidArgument(f"families: expected True, False or an iterable of {FAMILIES}, got {families!r}") from None
    for f in chosen:
        if f not in FAMILIES:
            raise InvalidArgument(f"families: unknown family {f!r}; expected names from {FAMILIES}")
    return tuple(f for f in FAMILIES if f in chosen)


def activations(*, requires=(), families=True) -> st.SearchStrategy[A.Activation]:
    """Activations satisfying every requirement in ``requires`` (see the module table).

    Draws from the catalog members that satisfy them and, with ``families`` (True, False or
    names from :data:`FAMILIES`), from family members whose parameters are built to satisfy
    them: ``scaled(catalog member, a, b)``, ``shifted(catalog member, c)``, polynomials
    (monotone cubics, odd-power series for Assumption 2, coefficients nonzero at the
    required orders), continuous piecewise linear functions (breakpoints and slope signs
    solved from the requirements, e.g. the flat piece around 0 for ``"pl_flat_at_0"``),
    monomials, Lemma 6's ``sin_cos_perturbed`` (k stepped past cancellations) and
    ``hermite_designed`` polynomials (data at 0 nonzero where required). Predicates are the
    only filter.

    Raises ``InvalidArgument`` for unknown requirement or family names, and when no catalog
    member or family member can satisfy the requirements (e.g. ``("bounded", "surjective")``).

    Shrinks to the first catalog activation (in ``CATALOG`` order: sigmoid first) that
    satisfies the requirements, or, with none in the catalog, to the simplest member of the
    first family that can (e.g. ``scaled(base, 1, 1) = base``; ``t``; ``max(t - 1, 0)``).
    """
    reqs = _parse_requirements(requires)
    chosen = _parse_families(families)
    names, n = reqs.names, reqs.asm2

    def catalog():
        return _catalog_matching(names, n)

    builders = {
        "shifted": lambda: _shifted_family(reqs),
        "polynomial": lambda: _polynomial_family(reqs),
        "piecewise_linear": lambda: _piecewise_linear_family(reqs),
        "monomial": lambda: _monomial_family(reqs),
        "sin_cos_perturbed": lambda: _sin_cos_family(reqs),
        "hermite_designed": lambda: _hermite_family(reqs),
    }
    constructive = [s for s in (builders[f]() for f in chosen if f in builders) if s is not None]
    if not constructive or reqs.predicates:
        # Only the catalog (and its scaled copies) could serve: check it now, eagerly.
        members = catalog()
        if reqs.predicates:
            members = tuple(a for a in members if all(p(a) for p in reqs.predicates))
        if not members and not constructive:
            raise InvalidArgument(
                f"requires: no catalog activation or buildable family member satisfies {tuple(requires)!r}"
                + ("" if chosen else " (families=False)")
            )

    scaled = _scaled_family(catalog) if "scaled" in chosen else None

    @st.composite
    def build(draw):
        # One index over catalog members and family slots: a catalog member costs a single
        # choice, so Hypothesis' shortlex shrinking lands on catalog()[0] before any family.
        members = catalog()
        slots = ((scaled,) if scaled is not None and members else ()) + tuple(constructive)
        pick = draw(st.sampled_from(members + slots))
        return draw(pick) if isinstance(pick, st.SearchStrategy) else _catalog_member(draw, pick)

    strategy = build()
    for predicate in reqs.predicates:
        strategy = strategy.filter(predicate)
    return strategy
