"""Training data satisfying li2022benefit's data assumption A1, built by construction.

li2022benefit Assumption 1, A1: x^(n) != 0 and x^(n) != x^(n') for n != n'. Theorems 4 and 6
restate it for scalar inputs (x in R^N "has no zero entries and no identical entries");
Theorem 7's Step 1 asks for x_1 > x_2 > ... > x_N > 0 with x_1 / x_N < (t_0 + delta) / t_0.

Notation:

===================  =====================================  ====================================
paper                code                                   meaning
===================  =====================================  ====================================
N                    ``Dataset.n_samples``, ``len(x)``      number of samples
d_0                  ``Dataset.d_in``                       input dimension
d_out (d_{H+1})      ``Dataset.d_out``                      output dimension
X in R^{d_0 x N}     ``Dataset.X``                          samples are the columns
Y in R^{d_out x N}   ``Dataset.Y``                          targets
x in R^N             ``scalar_inputs()`` draw               the scalar inputs of Section 3.2
(t_0 + delta)/t_0    ``max_ratio``                          Theorem 7's bound on x_1 / x_N
===================  =====================================  ====================================

Construction (no filtering): every input is ``h * n`` with ``h = 2^e >= min_separation`` a
drawn dyadic grid step and ``n`` distinct nonzero integers (integer vectors for d_0 > 1) drawn
without replacement. Distinct integers are at least 1 apart, so distinct inputs are at least
``h >= min_separation`` apart (in the max-norm for vectors), nonzero inputs are at least
``h * ceil(min_magnitude / h) >= min_magnitude`` from 0, and every value is an exact float64
(``|n| < 2^50``). ``h = 1`` gives integer-valued data, ``h`` near ``min_separation`` gives
near-coincident pairs next to entries of size up to ``max_magnitude``, so one construction
covers integers, mixed signs, tiny and large magnitudes and near-coincidences.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import torch
from hypothesis import note
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.extra import numpy as hnp

from ._validation import check_bool_or_none, check_choice, check_integer, check_interval, check_positive
from .randomness import float64_tensor

__all__ = [
    "Dataset",
    "SIGNS",
    "datasets",
    "decreasing_positive_inputs",
    "scalar_inputs",
]

SIGNS = ("any", "positive", "negative", "mixed")
_ORDERS = (None, "increasing", "decreasing")
_MAX_INT_BITS = 50  # |n| < 2^50 keeps h * n exact and the differences of inputs exact


# ---------------------------------------------------------------------------------------
# the grid


@dataclass(frozen=True)
class _Grid:
    """Inputs ``h * n``, ``h = 2^e``, integers ``L <= |n| <= U`` (max-norm for vectors)."""

    e: int
    low: int
    high: int

    @property
    def step(self) -> float:
        return math.ldexp(1.0, self.e)


def _grid(e: int, min_magnitude: float, max_magnitude: float) -> _Grid:
    h = math.ldexp(1.0, e)
    # Division by a power of two is exact, so ceil/floor see the true quotients.
    return _Grid(e, max(1, math.ceil(min_magnitude / h)), math.floor(max_magnitude / h))


def _exponent_range(min_separation: float, max_magnitude: float, integer_valued: bool | None) -> range:
    """Grid exponents e with min_separation <= 2^e <= max_magnitude and max_magnitude / 2^e < 2^50."""
    m, ex = math.frexp(min_separation)  # min_separation = m 2^ex, m in [0.5, 1)
    e_lo = ex - 1 if m == 0.5 else ex  # smallest e with 2^e >= min_separation
    e_hi = math.frexp(max_magnitude)[1] - 1  # largest e with 2^e <= max_magnitude
    e_lo = max(e_lo, e_hi - _MAX_INT_BITS + 1)
    if integer_valued is True:
        e_lo = max(e_lo, 0)
    elif integer_valued is False:
        e_hi = min(e_hi, -1)
    return range(e_lo, e_hi + 1)


def _simplest_first(exponents) -> list[int]:
    # Hypothesis shrinks sampled_from toward the first element: h = 1 (integer data) first,
    # then coarser-or-finer grids by distance from it, integer-valued ones before fractional.
    return sorted(exponents, key=lambda e: (abs(e), e < 0))


def _distinct_from_pool(draw, count: int, low: int, high: int) -> list[int]:
    if high - low + 1 <= 4 * count:
        # Small pool: draw without replacement from it (no rejected duplicates).
        elements = st.sampled_from(range(low, high + 1))
    else:
        # Large pool: duplicates are rare; integers() also favours the ends of the pool.
        elements = st.integers(low, high)
    return sorted(draw(st.lists(elements, min_size=count, max_size=count, unique=True)))


def _distinct_integers(draw, count: int, low: int, high: int) -> list[int]:
    """``count`` distinct integers in [low, high], sorted; shrinks to low, low+1, ..., low+count-1.

    The pool's upper end is drawn log-uniformly from low + count - 1 + (2^j - 1), so typical
    draws mix small and large values across examples; the "cluster" layout puts the integers
    within 2 * count of a drawn base anywhere in the pool, which makes pairs that are
    near-coincident relative to their size.
    """
    if count == 0:
        return []
    if high - low + 1 < count:  # guarded by the feasibility checks of the callers
        raise AssertionError(f"cannot draw {count} distinct integers from [{low}, {high}]")
    tight = low + count - 1
    caps = sorted({min(high, tight + 2**j - 1) for j in range((high - tight).bit_length() + 1)})
    # The layout flag and the cap index are drawn even when the pool leaves no choice, so
    # every grid costs the same number of choices and Hypothesis' shortlex shrinking
    # prefers the simplest grid (h = 1) over a coarse one that happens to need fewer draws.
    cluster = draw(st.booleans())
    cap = caps[draw(st.integers(0, _MAX_INT_BITS + 1)) % len(caps)]
    if cluster:
        width = min(high - low, 2 * count)
        base = draw(st.integers(low, high - width))
        return _distinct_from_pool(draw, count, base, base + width)
    return _distinct_from_pool(draw, count, low, cap)


# ---------------------------------------------------------------------------------------
# scalar inputs


def _largest_group(n: int, signs: str) -> int:
    return n - 1 if signs == "mixed" else n


def _scalar_exponents(n: int, *, signs, min_magnitude, max_magnitude, min_separation, integer_valued) -> list[int]:
    group = _largest_group(n, signs)
    out = []
    for e in _exponent_range(min_separation, max_magnitude, integer_valued):
        g = _grid(e, min_magnitude, max_magnitude)
        if g.high - g.low + 1 >= group:
            out.append(e)
    return _simplest_first(out)


def _validate_scalar_args(min_size, max_size, min_magnitude, max_magnitude, min_separation, *, size="size"):
    lo, hi = f"min_{size}", f"max_{size}"
    min_size = check_integer(lo, min_size, min_value=1)
    max_size = check_integer(hi, max_size, min_value=1)
    check_interval(lo, min_size, hi, max_size)
    min_magnitude = check_positive("min_magnitude", min_magnitude)
    max_magnitude = check_positive("max_magnitude", max_magnitude)
    check_interval("min_magnitude", min_magnitude, "max_magnitude", max_magnitude)
    min_separation = check_positive("min_separation", min_separation)
    if min_separation > max_magnitude:
        raise InvalidArgument(
            f"min_separation: must be <= max_magnitude={max_magnitude!r}, got {min_separation!r}"
        )
    return min_size, max_size, min_magnitude, max_magnitude, min_separation


def _separation(values) -> float:
    v = sorted(values)
    return min((b - a for a, b in zip(v, v[1:])), default=math.inf)


def _draw_scalars(draw, n: int, *, signs, min_magnitude, max_magnitude, min_separation, integer_valued, ordered):
    exponents = _scalar_exponents(
        n, signs=signs, min_magnitude=min_magnitude, max_magnitude=max_magnitude,
        min_separation=min_separation, integer_valued=integer_valued,
    )
    if signs == "any":
        negatives = draw(st.integers(0, n))  # shrinks to 0: all positive
    elif signs == "mixed":
        negatives = draw(st.integers(1, n - 1))
    else:
        negatives = n if signs == "negative" else 0
    grid = _grid(draw(st.sampled_from(exponents)), min_magnitude, max_magnitude)
    h = grid.step
    pos = _distinct_integers(draw, n - negatives, grid.low, grid.high)
    neg = _distinct_integers(draw, negatives, grid.low, grid.high)
    values = [h * k for k in pos] + [-h * k for k in neg]
    if ordered == "increasing":
        values.sort()
    elif ordered == "decreasing":
        values.sort(reverse=True)
    else:
        values = list(draw(st.permutations(values)))  # shrinks to the unpermuted order
    return values, h


def scalar_inputs(
    *,
    min_size: int = 1,
    max_size: int = 8,
    min_magnitude: float = 1e-3,
    max_magnitude: float = 1e3,
    min_separation: float = 1e-3,
    signs: str = "any",
    ordered: str | None = None,
    integer_valued: bool | None = None,
) -> st.SearchStrategy[torch.Tensor]:
    """Scalar inputs x in R^N (1-D float64 tensor) with nonzero, pairwise distinct entries (A1).

    Guarantees, exactly in float64: ``min_size <= N <= max_size``;
    ``min_magnitude <= |x_n| <= max_magnitude``; ``|x_n - x_n'| >= min_separation`` for
    n != n'. The entries are ``h * k`` for a drawn grid step ``h = 2^e >= min_separation``
    and distinct nonzero integers k; the achieved minimum separation is recorded with
    ``note()``.

    ``signs``: ``"any"`` (each sign pattern reachable), ``"positive"``, ``"negative"``,
    ``"mixed"`` (both signs present; needs ``min_size >= 2``). ``ordered``: ``None``
    (any order), ``"increasing"`` or ``"decreasing"``. ``integer_valued``: ``True`` (h >= 1,
    every entry an integer), ``False`` (h < 1) or ``None`` (either).

    Shrinks to x = (1, 2, ..., min_size) (``h = 1``, all positive, unpermuted) whenever the
    bounds allow it; otherwise to the same pattern on the grid nearest to h = 1 (negated for
    ``signs="negative"``, with the last entries negative for ``"mixed"``).
    """
    min_size, max_size, min_magnitude, max_magnitude, min_separation = _validate_scalar_args(
        min_size, max_size, min_magnitude, max_magnitude, min_separation
    )
    check_choice("signs", signs, SIGNS)
    check_choice("ordered", ordered, _ORDERS)
    integer_valued = check_bool_or_none("integer_valued", integer_valued)
    if signs == "mixed" and min_size < 2:
        raise InvalidArgument(f"min_size: signs='mixed' needs N >= 2 (one entry of each sign), got {min_size}")
    kwargs = dict(
        signs=signs, min_magnitude=min_magnitude, max_magnitude=max_magnitude,
        min_separation=min_separation, integer_valued=integer_valued,
    )
    if not _scalar_exponents(max_size, **kwargs):
        raise InvalidArgument(
            f"max_size: {max_size} distinct nonzero values with |x| in [min_magnitude={min_magnitude!r}, "
            f"max_magnitude={max_magnitude!r}], min_separation={min_separation!r}, signs={signs!r}, "
            f"integer_valued={integer_valued!r} do not exist; lower max_size or widen the bounds"
        )

    @st.composite
    def build(draw):
        n = draw(st.integers(min_size, max_size))
        values, h = _draw_scalars(draw, n, ordered=ordered, **kwargs)
        note(f"scalar_inputs: N={n}, grid step h={h!r}, min separation {_separation(values)!r} "
             f"(guaranteed >= {min_separation!r})")
        return draw(st.builds(float64_tensor, st.just(values)))

    return build()


# ---------------------------------------------------------------------------------------
# Theorem 7's ordered positive inputs


def _largest_below_ratio(a: int, ratio: float) -> int | float:
    """Largest integer b with b / a < ratio, exactly and as float64 division."""
    if math.isinf(ratio):
        return math.inf
    r = Fraction(ratio)
    b = math.ceil(r * a) - 1
    while b >= a and not (Fraction(b, a) < r and b / a < ratio):
        b -= 1
    return b


def _smallest_base(grid: _Grid, n: int, ratio: float) -> int | None:
    """Smallest a >= grid.low leaving room for n distinct integers in [a, b], b/a < ratio, b <= grid.high."""
    a = grid.low if math.isinf(ratio) else max(grid.low, math.floor((n - 1) / (ratio - 1)) - 2)
    while a + n - 1 <= grid.high:
        if _largest_below_ratio(a, ratio) - a >= n - 1:
            return a
        a += 1
    return None


def _decreasing_exponents(n, *, min_magnitude, max_magnitude, min_separation, max_ratio) -> list[int]:
    out = []
    for e in _exponent_range(min_separation, max_magnitude, None):
        grid = _grid(e, min_magnitude, max_magnitude)
        if _smallest_base(grid, n, max_ratio) is not None:
            out.append(e)
    return _simplest_first(out)


def decreasing_positive_inputs(
    *,
    min_size: int = 1,
    max_size: int = 8,
    max_ratio: float | None = None,
    min_magnitude: float = 1e-3,
    max_magnitude: float = 1e3,
    min_separation: float = 1e-3,
) -> st.SearchStrategy[torch.Tensor]:
    """x_1 > x_2 > ... > x_N > 0 with x_1 / x_N < max_ratio (li2022benefit Theorem 7, Step 1).

    Built, not filtered: x = h * (b, ..., a) for a grid step ``h = 2^e >= min_separation``,
    a base ``a``, a top ``b`` with ``b / a < max_ratio`` (checked exactly with fractions and
    as a float64 division) and distinct integers between. Same magnitude and separation
    guarantees as :func:`scalar_inputs`; ``max_ratio=None`` means no ratio bound.

    Shrinks to x = h * (a + N - 1, ..., a + 1, a) with N = min_size, h = 1 when allowed and
    the smallest admissible a: x = (N, ..., 2, 1) without a ratio bound, (5, 4, 3) for N = 3
    and max_ratio = 2.
    """
    min_size, max_size, min_magnitude, max_magnitude, min_separation = _validate_scalar_args(
        min_size, max_size, min_magnitude, max_magnitude, min_separation
    )
    if max_ratio is None:
        max_ratio = math.inf
    else:
        if isinstance(max_ratio, bool) or not isinstance(max_ratio, numbers.Real) or math.isnan(max_ratio):
            raise InvalidArgument(f"max_ratio: expected a real number > 1 or None, got {max_ratio!r}")
        max_ratio = float(max_ratio)
        if not max_ratio > 1:
            raise InvalidArgument(
                f"max_ratio: x_1 / x_N < max_ratio with x_1 > x_N > 0 needs max_ratio > 1, got {max_ratio!r}"
            )
    kwargs = dict(min_magnitude=min_magnitude, max_magnitude=max_magnitude, min_separation=min_separation,
                  max_ratio=max_ratio)
    if not _decreasing_exponents(max_size, **kwargs):
        raise InvalidArgument(
            f"max_size: {max_size} decreasing positive values in [min_magnitude={min_magnitude!r}, "
            f"max_magnitude={max_magnitude!r}] with min_separation={min_separation!r} and "
            f"x_1/x_N < max_ratio={max_ratio!r} do not exist; lower max_size or widen the bounds"
        )

    @st.composite
    def build(draw):
        n = draw(st.integers(min_size, max_size))
        grid = _grid(draw(st.sampled_from(_decreasing_exponents(n, **kwargs))), min_magnitude, max_magnitude)
        a_min = _smallest_base(grid, n, max_ratio)
        a = draw(st.integers(a_min, grid.high - (n - 1)))
        # Room above a grows with a (b_max(a+1) >= b_max(a) + 1), so every a >= a_min fits.
        top = min(grid.high, _largest_below_ratio(a, max_ratio))
        if top < a + n - 1:  # float64 rounding of b / a can break monotonicity; a_min always fits
            a, top = a_min, min(grid.high, _largest_below_ratio(a_min, max_ratio))
        b = a if n == 1 else draw(st.integers(a + n - 1, top))
        inner = _distinct_integers(draw, max(n - 2, 0), a + 1, b - 1)
        ints = [b] + inner[::-1] + [a] if n > 1 else [a]
        h = grid.step
        values = [h * k for k in ints]
        note(f"decreasing_positive_inputs: N={n}, h={h!r}, x_1/x_N={values[0] / values[-1]!r} "
             f"< max_ratio={max_ratio!r}, min separation {_separation(values)!r}")
        return draw(st.builds(float64_tensor, st.just(values)))

    return build()


# ---------------------------------------------------------------------------------------
# datasets


@dataclass(frozen=True, eq=False)
class Dataset:
    """Training data: samples are the columns of ``X`` (d_0, N); targets ``Y`` (d_out, N).

    Compared by identity (tensors have no single truth value).
    """

    X: torch.Tensor
    Y: torch.Tensor

    @property
    def n_samples(self) -> int:
        return int(self.X.shape[1])

    @property
    def d_in(self) -> int:
        return int(self.X.shape[0])

    @property
    def d_out(self) -> int:
        return int(self.Y.shape[0])

    @property
    def min_separation(self) -> float:
        """min over n != n' of ||x^(n) - x^(n')||_inf (inf when N = 1)."""
        if self.n_samples < 2:
            return math.inf
        cols = self.X.T
        dist = torch.cdist(cols, cols, p=math.inf)
        dist.fill_diagonal_(math.inf)
        return float(dist.min())

    @property
    def min_magnitude(self) -> float:
        """min over n of ||x^(n)||_inf."""
        return float(self.X.abs().amax(dim=0).min())

    def problem(self, network, loss_fn=None):
        """:class:`landscape.nets.Problem` of ``network`` on this data."""
        from landscape.nets import Problem

        return Problem(network, self.X, self.Y, loss_fn=loss_fn)


def _shell_size(r: int, d: int) -> int:
    return (2 * r + 1) ** d - (2 * r - 1) ** d


def _zigzag(digit: int) -> int:
    return (digit + 1) // 2 if digit % 2 else -(digit // 2)


def _iroot(m: int, d: int) -> int:
    """floor(m ** (1/d)) for integers."""
    s = int(round(math.exp(math.log(m) / d))) if m > 0 else 0  # math.log takes big ints
    while s**d > m:
        s -= 1
    while (s + 1) ** d <= m:
        s += 1
    return s


def _lattice_point(k: int, d: int, low: int) -> list[int]:
    """The k-th integer vector m with ||m||_inf >= low, ordered by ||m||_inf, then the first
    coordinate where it is attained, then its sign (+ first), then the other coordinates
    (0, 1, -1, 2, -2, ... little-endian)."""
    inner = (2 * low - 1) ** d
    s = _iroot(k + inner, d)
    r = max(low, -(-s // 2))  # smallest r with (2r+1)^d > k + (2 low - 1)^d
    j = k - ((2 * r - 1) ** d - inner)
    for i in range(d):
        block = 2 * (2 * r - 1) ** i * (2 * r + 1) ** (d - 1 - i)
        if j < block:
            break
        j -= block
    half = block // 2
    sign, rem = (1, j) if j < half else (-1, j - half)
    m = [0] * d
    m[i] = sign * r
    for c in range(d):
        if c == i:
            continue
        base = 2 * r - 1 if c < i else 2 * r + 1
        rem, digit = divmod(rem, base)
        m[c] = _zigzag(digit)
    return m


def _lattice_count(grid: _Grid, d: int) -> int:
    return (2 * grid.high + 1) ** d - (2 * grid.low - 1) ** d if grid.high >= grid.low else 0


def _vector_exponents(n, d, *, min_magnitude, max_magnitude, min_separation) -> list[int]:
    out = [e for e in _exponent_range(min_separation, max_magnitude, None)
           if _lattice_count(_grid(e, min_magnitude, max_magnitude), d) >= n]
    return _simplest_first(out)


def datasets(
    *,
    min_samples: int = 1,
    max_samples: int = 6,
    min_dim: int = 1,
    max_dim: int = 3,
    d_out: int = 1,
    min_magnitude: float = 1e-3,
    max_magnitude: float = 1e3,
    min_separation: float = 1e-3,
    max_abs_target: float = 1e3,
) -> st.SearchStrategy[Dataset]:
    """:class:`Dataset` (X, Y) whose input columns satisfy A1: nonzero and pairwise distinct.

    Guarantees: ``min_samples <= N <= max_samples``, ``min_dim <= d_0 <= max_dim``,
    ``Y.shape == (d_out, N)``; every column has ``||x^(n)||_inf >= min_magnitude``, every
    entry ``|X_ij| <= max_magnitude``, distinct columns are ``>= min_separation`` apart in the
    max-norm, every target ``|Y_ij| <= max_abs_target`` (any finite values, from
    ``hypothesis.extra.numpy.arrays``). The columns are ``h * m`` for distinct nonzero integer
    vectors m drawn without replacement (by index into an enumeration of the lattice shells
    ||m||_inf = r), so any geometry on the grid occurs, shared coordinates included; use
    :func:`scalar_inputs` for scalar data with sign or order options.

    Shrinks to N = min_samples, d_0 = min_dim, h = 1, Y = 0 and the first lattice vectors as
    columns: X = (1, -1, 2, -2, ...) for d_0 = 1; (1, 0), (1, 1), (1, -1), ... for d_0 = 2.
    """
    min_samples, max_samples, min_magnitude, max_magnitude, min_separation = (
        _validate_scalar_args(min_samples, max_samples, min_magnitude, max_magnitude, min_separation, size="samples")
    )
    min_dim = check_integer("min_dim", min_dim, min_value=1)
    max_dim = check_integer("max_dim", max_dim, min_value=1)
    check_interval("min_dim", min_dim, "max_dim", max_dim)
    d_out = check_integer("d_out", d_out, min_value=1)
    max_abs_target = check_positive("max_abs_target", max_abs_target)
    grid_kwargs = dict(min_magnitude=min_magnitude, max_magnitude=max_magnitude, min_separation=min_separation)
    # The fewest distinct inputs fit in the lowest dimension.
    if not _vector_exponents(max_samples, min_dim, **grid_kwargs):
        raise InvalidArgument(
            f"max_samples: {max_samples} distinct nonzero inputs in dimension min_dim={min_dim} with "
            f"min_magnitude={min_magnitude!r}, max_magnitude={max_magnitude!r}, min_separation={min_separation!r} "
            f"do not exist; lower max_samples or widen the bounds"
        )
    target_elements = st.floats(-max_abs_target, max_abs_target, allow_subnormal=False)

    @st.composite
    def build(draw):
        n = draw(st.integers(min_samples, max_samples))
        choices = [d for d in range(min_dim, max_dim + 1) if _vector_exponents(n, d, **grid_kwargs)]
        d = draw(st.sampled_from(choices))
        grid = _grid(draw(st.sampled_from(_vector_exponents(n, d, **grid_kwargs))), min_magnitude, max_magnitude)
        h = grid.step
        ks = _distinct_integers(draw, n, 0, _lattice_count(grid, d) - 1)
        cols = [_lattice_point(k, d, grid.low) for k in ks]
        cols = list(draw(st.permutations(cols)))
        X = [[h * col[i] for col in cols] for i in range(d)]
        Y = draw(hnp.arrays(np.float64, (d_out, n), elements=target_elements))
        note(f"datasets: N={n}, d_0={d}, grid step h={h!r}")
        return draw(st.builds(
            Dataset,
            st.builds(float64_tensor, st.just(X)),
            st.builds(float64_tensor, st.just(Y.tolist())),
        ))

    return build()
