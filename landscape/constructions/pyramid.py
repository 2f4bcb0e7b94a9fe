"""Pyramid networks of li2022benefit: Assumptions 3 and 4, Lemma 8, and the path of Theorem 8.

Citation: Li, Ding & Sun, "On the Benefit of Width for Neural Networks: Disappearance of
Basins" (2022), paper key ``li2022benefit``: Assumption 3 (Section 3.1), Appendix B
(Assumption 4, Theorem 8 with (72)-(83), Lemma 8 with (84)-(87), Theorem 3's Step 3
(88)-(94)).

==================================  ===========================  =====================================
paper                               code                         meaning
==================================  ===========================  =====================================
h_0, B1, B2 (Assumption 3)          ``h0``, ``b1_indices``,       a wide layer d_{h0} >= N, widths
                                    ``assumption_3_certificate``  non-increasing after it, sigma_h
                                                                 monotone for h > h0
Assumption 4                        ``assumption_4_certificate``  continuous, strictly monotone, onto R
sigma_h^{-1}                        ``inverse``                   bisection on the float64 order
f, f_k, k (84)                      ``lemma8_approximant``        Lemma 8's strictly monotone f_k
S = [-K-1, K+1], eps (87)           ``lemma8_sup_certificate``    sup_S |f_k - f| < eps for k > threshold
N_k, sigma_{h,k} (88)               ``approximant_network``       Lemma 6 below h0, Lemma 8 above
W^o, W^p, Omega (72)                ``theta_o``, ``theta_p``,     start, perturbed start, rank T_{h0} = N
                                    ``omega_certificate``         and rank W_h = d_h (h > h0)
T^p_h, Z^p_h = W^p_h T^p_{h-1}      ``Tp[h]``, ``Zp[h]``          hidden outputs / pre-activations at W^p
Yhat(lambda) (74)                   ``targets``                   output path, here (1-l) Yhat^p + l Y*
W_{h0+1}(lambda), T_h(lambda) (76)  ``thm8_path``                 the pulled-back path of weights
(W^p_h)^dagger, (T^p_{h0})^dagger   ``torch.linalg.pinv``         right / left inverses
==================================  ===========================  =====================================

Deviation from the printed (76): the printed formulas subtract sigma^{-1}(T^p_h); by (78c)
that equals Z^p_h = W^p_h T^p_{h-1} (+ b_h), which the code uses directly so that float64
does not round an extra inversion. Biases (absent in the paper) are carried along: they
only shift Z^p_h, and (78)-(80) go through unchanged.

Evidence: rank conditions are witnesses (sigma_min above a Weyl bound of every rounding);
monotonicity, ranges and tracking are sampled on grids; Lemma 8's sup bounds are exact
(rational arithmetic on the closed form |x + k + 1|/(k + 1)^2).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Callable, Sequence

import torch
from torch.func import vmap

from landscape import activations as A
from landscape._tensors import DTYPE, as_tensor
from landscape.certificates._rounding import C_SIGMA, U, gamma
from landscape.constructions.wide import rank_certificate
from landscape.evidence import Certificate
from landscape.instance import Instance
from landscape.nets import Problem

__all__ = [
    "b1_indices",
    "monotone_certificate",
    "assumption_3_certificate",
    "inverse",
    "assumption_4_certificate",
    "lemma8_approximant",
    "lemma8_certificate",
    "junction_jumps",
    "lemma8_threshold",
    "lemma8_sup_certificate",
    "omega_certificate",
    "perturbed_start",
    "thm8_path",
    "tracking_certificate",
    "thm8_instance",
    "approximant_network",
    "preactivation_radius",
]

_INCREASING = ("increasing", "nondecreasing")
_DECREASING = ("decreasing", "nonincreasing")
# Default sampling grid for monotonicity: dense on [-8, 8], plus +-2^j out to 2^9 (the tails,
# where saturation of bounded activations shows), sorted.
_GRID = torch.unique(torch.cat([
    torch.linspace(-8.0, 8.0, 2049, dtype=DTYPE),
    torch.pow(torch.tensor(2.0, dtype=DTYPE), torch.arange(3, 10, dtype=DTYPE)),
    -torch.pow(torch.tensor(2.0, dtype=DTYPE), torch.arange(3, 10, dtype=DTYPE)),
]))
# Bisection bracket of ``inverse``: |t| <= 2^64 (slowly growing onto sigma, 0.25 sqrt(t/4), still pass 1e8
# there; the keys of [-2^64, 2^64] span < 2^64 floats, so 64 halvings reach adjacent floats).
BRACKET = 2.0**64
# "Range R" is sampled as: both +-RANGE_PROBE are values of sigma on [-BRACKET, BRACKET].
RANGE_PROBE = 1e6


# --------------------------------------------------------------------------- Assumption 3
def b1_indices(widths: Sequence[int], n_samples: int) -> tuple[int, ...]:
    """Every h0 in 1..H meeting B1: d_{h0} >= N and d_{h0} >= d_{h0+1} >= ... >= d_{H+1}.

    ``widths`` = (d_0, d_1, ..., d_H, d_{H+1}); exact integer comparisons."""
    w = tuple(int(x) for x in widths)
    if len(w) < 3 or any(x < 1 for x in w):
        raise ValueError(f"widths: expected (d_0, ..., d_H, d_out) with H >= 1 and positive widths, got {widths}")
    if int(n_samples) != n_samples or n_samples < 1:
        raise ValueError(f"n_samples: expected an integer N >= 1, got {n_samples!r}")
    H = len(w) - 2
    return tuple(h0 for h0 in range(1, H + 1)
                 if w[h0] >= n_samples and all(a >= b for a, b in zip(w[h0:], w[h0 + 1:])))


def _check_act(act, name: str = "act") -> A.Activation:
    if not isinstance(act, A.Activation):
        raise ValueError(f"{name}: expected a landscape.activations.Activation, got {type(act).__name__}")
    return act


def monotone_certificate(act: A.Activation, *, strict: bool, grid: torch.Tensor | None = None,
                         confirm: bool = True) -> Certificate:
    """Is ``act`` monotone (``strict``: strictly) on R? Declared property plus a grid check.

    Holds iff the declared ``monotone`` kind is (strictly) monotone and, on the grid (points where
    sigma overflows to +-inf left out), every
    step sigma(t_{i+1}) - sigma(t_i) has one sign: for the non-strict check no step goes the
    wrong way by more than the rounding C_SIGMA u (|sigma_i| + |sigma_{i+1}|) of the two values;
    for the strict one every step moves the declared way by more than that rounding. Sampled.
    ``confirm=False``: only refutation counts (no step the wrong way beyond rounding), for
    functions whose steps float64 cannot resolve on the grid (a line of slope 1 offset by
    e^61, Lemma 8's f_k of exp); the declaration then carries strictness.
    """
    act = _check_act(act)
    t = _GRID if grid is None else as_tensor(grid, name="grid").reshape(-1).sort().values
    kind = act.properties.monotone
    v = act(t)
    # Overflow to +-inf in the tails (sinh(512 b)) says nothing either way: the grid check runs on the
    # finite values; a nan is a failure.
    finite = not bool(torch.isnan(v).any()) and int(torch.isfinite(v).sum()) >= 3
    t, v = t[torch.isfinite(v)], v[torch.isfinite(v)]
    steps = v[1:] - v[:-1]
    margin = C_SIGMA * U * (v[1:].abs() + v[:-1].abs())
    sign = 1.0 if kind in _INCREASING else -1.0 if kind in _DECREASING else 0.0
    s = sign * steps
    declared = kind in (("increasing", "decreasing") if strict else A.MONOTONE_KINDS)
    grid_ok = finite and sign != 0 and bool((s > margin).all() if strict and confirm else (s >= -margin).all())
    # Only a step the wrong way beyond rounding refutes; a step within rounding of zero (even an
    # exactly flat one: tanh's float64 plateau at 1) fails to confirm strictness, the declaration decides.
    refuted = finite and sign != 0 and bool((s < -margin).any())
    worst = float((s - margin).min()) if strict else float((s + margin).min())
    word = "strictly monotone" if strict else "monotone"
    return Certificate(
        question=f"{act.name} is {word} on R",
        holds=declared and grid_ok,
        evidence="sampled",
        explanation=(f"declared monotone={kind!r}; {t.numel()} grid points in [{float(t[0]):.3g}, {float(t[-1]):.3g}]: "
                     + ("every step goes the declared way beyond rounding" if grid_ok else
                        "a step goes the wrong way beyond rounding" if refuted else
                        "a step is within rounding of zero (not confirmed)" if finite and sign else
                        "no declared direction" if finite else "non-finite values")),
        numbers={"declared": str(kind), "worst_step_minus_margin": worst, "n_grid": int(t.numel()),
                 "refuted": refuted},
        tolerance=float(margin.max()),
        tolerance_derivation="C_SIGMA u (|sigma(t_i)| + |sigma(t_(i+1))|): the rounding of the two evaluations",
    )


def assumption_3_certificate(widths: Sequence[int], n_samples: int, activations: Sequence[A.Activation]) -> Certificate:
    """Assumption 3: some h0 in 1..H has B1 (widths) and B2 (sigma_h monotone for h > h0).

    B1 is exact integer arithmetic; B2 is :func:`monotone_certificate` (non-strict) for each
    sigma_h, h > h0, so the verdict is sampled."""
    acts = [_check_act(a, f"activations[{i}]") for i, a in enumerate(activations)]
    H = len(tuple(widths)) - 2
    if len(acts) != H:
        raise ValueError(f"activations: need one per hidden layer (H = {H}), got {len(acts)}")
    b1 = b1_indices(widths, n_samples)
    mono = [monotone_certificate(a, strict=False).holds for a in acts]
    good = [h0 for h0 in b1 if all(mono[h0:])]  # sigma_h for h = h0+1..H is acts[h0:]
    return Certificate(
        question="Assumption 3 (B1 and B2 for one h0)",
        holds=bool(good),
        evidence="sampled",
        explanation=(f"widths {tuple(widths)}, N = {n_samples}: B1 holds for h0 in {list(b1)}; B2 (monotone after h0) "
                     f"holds for h0 in {[h for h in range(1, H + 1) if all(mono[h:])]}"),
        numbers={"h0": good[0] if good else -1, "b1": str(list(b1)), "monotone_layers": str(mono)},
    )


# --------------------------------------------------------------------------- Assumption 4
def _keys(t: torch.Tensor) -> torch.Tensor:
    # float64 -> int64 key that orders like the floats (-0 and +0 share key 0).
    b = t.view(torch.int64)
    return torch.where(b < 0, -(b & 0x7FFFFFFFFFFFFFFF), b)


def _floats(k: torch.Tensor) -> torch.Tensor:
    b = torch.where(k < 0, (-k) | torch.iinfo(torch.int64).min, k)
    return b.view(DTYPE)


def inverse(act: A.Activation, y, *, bracket: float = BRACKET) -> tuple[torch.Tensor, torch.Tensor]:
    """sigma^{-1}(y) for a monotone sigma, elementwise, and a bound on |sigma(t) - y|.

    Bisection over the float64 numbers of [-bracket, bracket] ordered by their integer keys:
    64 halvings end with adjacent floats t_lo < t_hi whose computed values enclose y, so t
    is correctly rounded up to the accuracy of sigma itself. Direction from sigma(+-bracket).
    Returns (t, err): err = |sigma(t_hi) - sigma(t_lo)| + C_SIGMA u (|sigma(t_lo)| + |sigma(t_hi)|)
    bounds |sigma_exact(t) - y| for a monotone sigma computed to C_SIGMA ulps. Where y is not
    enclosed by sigma(+-bracket) (sigma not onto, or not monotone), t and err are nan.
    """
    act = _check_act(act)
    if not 0 < bracket <= BRACKET:
        raise ValueError(f"bracket: 64 halvings of the float64 keys need 0 < bracket <= 2^64, got {bracket!r}")
    y = torch.as_tensor(y, dtype=DTYPE)
    ends = act(torch.tensor([-bracket, bracket], dtype=DTYPE))
    up = bool(ends[1] >= ends[0])
    lo_v, hi_v = (ends[0], ends[1]) if up else (ends[1], ends[0])
    inside = (y >= lo_v) & (y <= hi_v) & torch.isfinite(y)
    lo_k = _keys(torch.full_like(y, -bracket))
    hi_k = _keys(torch.full_like(y, bracket))
    for _ in range(64):  # the key range of [-2^64, 2^64] has < 2^64 floats: 64 halvings reach adjacent keys
        mid = (lo_k >> 1) + (hi_k >> 1) + (lo_k & hi_k & 1)
        below = act(_floats(mid)) < y if up else act(_floats(mid)) > y
        lo_k = torch.where(below, mid, lo_k)
        hi_k = torch.where(below, hi_k, mid)
    t_lo, t_hi = _floats(lo_k), _floats(hi_k)
    s_lo, s_hi = act(t_lo), act(t_hi)
    t = torch.where((s_hi - y).abs() <= (y - s_lo).abs(), t_hi, t_lo)
    err = (s_hi - s_lo).abs() + C_SIGMA * U * (s_lo.abs() + s_hi.abs())
    nan = torch.full_like(y, math.nan)
    return torch.where(inside, t, nan), torch.where(inside, err, nan)


def assumption_4_certificate(act: A.Activation, *, grid: torch.Tensor | None = None, confirm: bool = True) -> Certificate:
    """Assumption 4: sigma continuous, strictly increasing or strictly decreasing, sigma(R) = R.

    Continuity: declared (every catalog activation is continuous, smoothness >= 0). Strict
    monotonicity: :func:`monotone_certificate` (strict). Range R: declared ``surjective`` and,
    sampled, ``inverse`` finds t in [-2^64, 2^64] with sigma(t) = +-RANGE_PROBE within its own
    error bound (a bounded sigma such as tanh or sigmoid misses them). ``confirm``: see
    :func:`monotone_certificate`."""
    act = _check_act(act)
    mono = monotone_certificate(act, strict=True, grid=grid, confirm=confirm)
    probe = torch.tensor([-RANGE_PROBE, RANGE_PROBE], dtype=DTYPE)
    t, err = inverse(act, probe)
    onto = bool(torch.isfinite(t).all()) and bool(((act(t) - probe).abs() <= err).all())
    declared = act.properties.surjective and act.properties.smoothness >= 0
    return Certificate(
        question=f"Assumption 4 for {act.name}",
        holds=mono.holds and onto and declared,
        evidence="sampled",
        explanation=(f"continuous and onto R declared: {declared}; strictly monotone: {mono.holds} ({mono.explanation}); "
                     f"sigma^-1(+-{RANGE_PROBE:g}) found in [-2^64, 2^64]: {onto}"),
        numbers={"strictly_monotone": mono.holds, "onto_probe": onto, "declared": declared,
                 "t_minus": float(t[0]), "t_plus": float(t[1])},
        tolerance=mono.tolerance,
        tolerance_derivation=mono.tolerance_derivation,
    )


# --------------------------------------------------------------------------- Lemma 8
def _direction(f: A.Activation) -> int:
    kind = f.properties.monotone
    if kind in _INCREASING:
        return 1
    if kind in _DECREASING:
        return -1
    raise ValueError(f"f: Lemma 8 needs a monotone f (declared non-increasing or non-decreasing), got monotone={kind!r}")


def _lemma8(t, f, k: int, sign: float):
    # (84) for g = sign * f, non-increasing when sign orients it so; returns sign * g_k.
    a = float(k + 1)
    g = sign * f(t)
    # f(-+(k+1)) once, as two scalars broadcast below (not two extra full-size evaluations of f per call).
    ends = sign * f(torch.tensor([-a, a], dtype=DTYPE))
    left = -t - a + ends[0]
    right = -t + a + ends[1] - 2.0 / a
    mid = g - (t + a) / a**2
    out = torch.where(t < -a, left, torch.where(t > a, right, mid))
    return sign * out


def lemma8_approximant(f: A.Activation, k: int, *, printed: bool = False) -> A.Activation:
    """Lemma 8's f_k (84): continuous, strictly monotone, onto R, f_k = f - (x + k + 1)/(k + 1)^2 on [-k-1, k+1].

    (84) is printed for non-increasing f (slope -1 outside [-k-1, k+1]); for non-decreasing f
    the proof says "following the same idea", which is (84) applied to -f and negated
    (slope +1 outside, f + (x + k + 1)/(k + 1)^2 inside). ``printed=True`` applies (84)
    verbatim to any f (the negative control: for increasing f it is not monotone)."""
    f = _check_act(f, "f")
    if int(k) != k or k < 0:
        raise ValueError(f"k: Lemma 8's index is an integer k >= 0, got {k!r}")
    k = int(k)
    d = _direction(f)
    sign = 1.0 if printed else float(-d)
    tag = "printed" if printed else ("nonincreasing" if d < 0 else "nondecreasing")
    props = A.Properties(analytic=False, smoothness=0,
                         breakpoints=(-float(k + 1), float(k + 1)),
                         monotone=None if printed and d > 0 else ("decreasing" if sign > 0 else "increasing"),
                         surjective=True)  # linear tails of slope -+1 on both sides, in every variant
    return A.Activation(
        name=f"lemma8({f.name}, k={k}, {tag})", properties=props, params={"k": float(k), "f": f.name, "form": tag},
        fn=lambda t: _lemma8(t, f, k, sign), source="li2022benefit Lemma 8 (84)",
    )


def lemma8_certificate(f: A.Activation, k: int, *, printed: bool = False) -> Certificate:
    """Lemma 8's f_k: continuous at +-(k+1), satisfies Assumption 4, and equals the closed form inside.

    Continuity: the outer and inner branches of (84) agree at the junctions within the
    rounding of both (8 u (|value| + k + 1)). Assumption 4: :func:`assumption_4_certificate`
    on a grid that straddles the junctions. Inside: |f_k - f| = |x + k + 1|/(k + 1)^2 on a
    grid of [-k-1, k+1] within the rounding of the subtraction. Sampled."""
    fk = lemma8_approximant(f, k, printed=printed)
    a = float(k + 1)
    jump, jump_tol = junction_jumps(fk, f, (-a, a))
    continuous = bool((jump <= jump_tol).all())
    # Inside: a dense grid of [-k-1, k+1]. Outside: f_k is a line of slope -+1 offset by f(+-(k+1)),
    # so steps of s 2^j with s >= 64 u (|f(+-(k+1))| + k + 1) are resolvable in float64 even when
    # f(+-(k+1)) is huge (sinh at k = 100 is ~1e43).
    ends = f(torch.tensor([-a, a], dtype=DTYPE)).abs()
    powers = torch.pow(torch.tensor(2.0, dtype=DTYPE), torch.arange(0, 13, dtype=DTYPE))
    s_lo, s_hi = (max(1.0, 64 * U * (float(e) + a)) for e in ends)
    grid = torch.unique(torch.cat([torch.linspace(-a, a, 1025, dtype=DTYPE), -a - s_lo * powers, a + s_hi * powers]))
    asm4 = assumption_4_certificate(fk, grid=grid)
    x = torch.linspace(-a, a, 257, dtype=DTYPE)
    dev = (fk(x) - f(x)).abs()
    form = (x + a).abs() / a**2
    form_tol = 8 * U * (fk(x).abs() + f(x).abs() + form + 1)
    inside = bool(((dev - form).abs() <= form_tol).all())
    return Certificate(
        question=f"Lemma 8: f_k for {f.name}, k = {k} is continuous and satisfies Assumption 4",
        holds=continuous and asm4.holds and inside,
        evidence="sampled",
        explanation=(f"junction jumps {jump.tolist()} (tol {jump_tol.tolist()}): continuous={continuous}; "
                     f"Assumption 4: {asm4.holds} ({asm4.explanation}); |f_k - f| = |x+k+1|/(k+1)^2 inside: {inside}"),
        numbers={"k": k, "continuous": continuous, "assumption_4": asm4.holds, "closed_form_inside": inside,
                 "max_dev_inside": float(dev.max())},
        tolerance=float(jump_tol.max()),
        tolerance_derivation="8u (|inner| + |outer| + k + 1) at the junctions; 8u (|f_k| + |f| + form + 1) inside",
    )


def junction_jumps(fk: Callable, f: A.Activation, junctions: Sequence[float]) -> tuple[torch.Tensor, torch.Tensor]:
    """|f_k(x_out) - f_k(x)| at each junction x, x_out the adjacent float outward, and its tolerance.

    A continuous f_k moves by at most (1 + |f'|) ulp(x) between adjacent floats (slope 1
    outside, f plus a line of slope 1/(k+1)^2 <= 1 inside; |f'| from autodiff at both
    floats), plus the rounding 8u (|f_k(x_out)| + |f_k(x)| + |x|) of the two evaluations. A
    jump beyond that (e.g. a dropped -2/(k+1)) is a discontinuity."""
    x = torch.tensor(list(junctions), dtype=DTYPE)
    out = torch.nextafter(x, torch.sign(x) * math.inf)
    v_in, v_out = fk(x), fk(out)
    slope = 1 + torch.maximum(f.derivative(x).abs(), f.derivative(out).abs())
    tol = slope * (out - x).abs() * 2 + 8 * U * (v_in.abs() + v_out.abs() + x.abs())
    return (v_out - v_in).abs(), tol


def lemma8_threshold(K: int, eps: Fraction, *, printed: bool) -> Fraction:
    """(87)'s bound on k: max{K, eps/2 - 1} as printed; max{K, 2/eps - 1} corrected (2/(k+1) < eps iff k > 2/eps - 1)."""
    if int(K) != K or K < 0:
        raise ValueError(f"K: S = [-K-1, K+1] needs an integer K >= 0, got {K!r}")
    eps = Fraction(eps)
    if eps <= 0:
        raise ValueError(f"eps: (87) needs eps > 0, got {eps}")
    return max(Fraction(K), eps / 2 - 1 if printed else 2 / eps - 1)


def lemma8_sup_certificate(K: int, k: int, eps) -> Certificate:
    """(87) on S = [-K-1, K+1]: is sup_S |f_k - f| <= 2/(k+1) < eps? Exact rational arithmetic.

    For k >= K, S lies in [-k-1, k+1] where |f_k - f| = |x + k + 1|/(k + 1)^2 for every f;
    its sup over S is (K + k + 2)/(k + 1)^2, attained at x = K + 1."""
    if int(K) != K or K < 0 or int(k) != k or k < 0:
        raise ValueError(f"K, k: expected integers >= 0, got K={K!r}, k={k!r}")
    eps = Fraction(eps)
    if k < K:
        raise ValueError(f"k: (87) concerns k > K (S inside [-k-1, k+1]), got k={k} < K={K}")
    sup = Fraction(K + k + 2, (k + 1) ** 2)
    bound = Fraction(2, k + 1)
    return Certificate(
        question=f"(87): sup over [-K-1, K+1] of |f_k - f| <= 2/(k+1) < eps (K={K}, k={k}, eps={eps})",
        holds=sup <= bound < eps,
        evidence="exact",
        explanation=f"sup = (K+k+2)/(k+1)^2 = {sup}, 2/(k+1) = {bound}, eps = {eps}",
        numbers={"sup": float(sup), "two_over_k1": float(bound), "eps": float(eps)},
    )


# --------------------------------------------------------------------------- Theorem 8
def _forward(net, theta: torch.Tensor, X: torch.Tensor):
    """(Z_h, T_h) for h = 1..H, with T_0 = X (pre-activations include biases)."""
    layers = net.unflatten(theta)
    Zs, Ts, t = [], [X], X
    for layer, act in zip(layers[:-1], net.activations):
        z = layer.weight @ t + (layer.bias[:, None] if layer.bias is not None else 0.0)
        t = act(z)
        Zs.append(z)
        Ts.append(t)
    return layers, Zs, Ts


def _hidden_errors(net, layers, Ts) -> list[torch.Tensor]:
    """Running-error bounds e_h >= |fl(T_h) - T_h| (Higham 3.1, as _network_rounding's model)."""
    errs, t_abs = [torch.zeros_like(Ts[0])], Ts[0].abs()
    ops = 0
    for layer, act, T in zip(layers[:-1], net.activations, Ts[1:]):
        z_abs = layer.weight.abs() @ t_abs + (layer.bias.abs()[:, None] if layer.bias is not None else 0.0)
        z = layer.weight @ Ts[len(errs) - 1] + (layer.bias[:, None] if layer.bias is not None else 0.0)
        t_abs = T.abs() + act.derivative(z).abs() * z_abs
        ops += layer.weight.shape[1] + 1 + C_SIGMA
        errs.append(gamma(ops) * t_abs)
    return errs


def omega_certificate(problem: Problem, theta, h0: int) -> Certificate:
    """(72): W in Omega, i.e. rank T_{h0} = N and rank W_h = d_h for h0 < h <= H+1 (witness).

    sigma_min against a Weyl bound: T_{h0}'s running float64 error (Frobenius) plus the SVD's
    backward error, after scaling T_{h0}'s rows and columns by powers of two (rank-preserving,
    exact); the weights are exact floats, so only the SVD error counts for W_h."""
    net, X = problem.network, problem.X
    theta = problem.point(theta)
    H, N = net.depth, problem.n_samples
    if not 1 <= h0 <= H:
        raise ValueError(f"h0: expected 1 <= h0 <= H = {H}, got {h0}")
    layers, _, Ts = _forward(net, theta, X)
    e = _hidden_errors(net, layers, Ts)[h0]
    problems, numbers = [], {}
    if Ts[h0].shape[0] < N:
        problems.append(f"rank T_{h0} < N: d_{h0} = {Ts[h0].shape[0]} < N = {N}")
    elif not bool(torch.isfinite(Ts[h0]).all() and torch.isfinite(e).all()):
        problems.append(f"T_{h0} overflows float64: rank undecided")
    else:
        # Rank is invariant under row and column scaling: equilibrate by powers of two (exact in float64, and
        # the error bound scales with the entries), so an exp-of-exp dynamic range of 1e89 does not hide it.
        T, E = Ts[h0], e
        for dim in (1, 0):
            top = T.abs().amax(dim=dim, keepdim=True)
            scale = torch.where(top > 0, torch.exp2(-torch.round(torch.log2(top))), torch.ones_like(top))
            T, E = T * scale, E * scale
        c = rank_certificate(T, E, N, question=f"rank T_{h0} = N (rows and columns scaled by powers of 2)")
        numbers.update(T_h0_sigma_N=c.numbers["sigma_r"], T_h0_tol=c.tolerance)
        if not c.holds:
            problems.append(f"rank T_{h0} < N: {c.explanation}")
    worst = math.inf
    for h in range(h0 + 1, H + 2):
        W = layers[h - 1].weight
        if W.shape[0] > W.shape[1]:
            problems.append(f"W_{h} ({W.shape[0]} x {W.shape[1]}) cannot have full row rank")
            continue
        c = rank_certificate(W, torch.zeros_like(W), W.shape[0], question=f"rank W_{h} = d_{h}")  # exact floats
        worst = min(worst, c.numbers["ratio"])
        if not c.holds:
            problems.append(f"W_{h} not of full row rank: {c.explanation}")
    numbers["min_weight_ratio"] = worst
    return Certificate(
        question=f"(72): theta in Omega (rank T_{h0} = N, rank W_h = d_h for h > {h0})",
        holds=not problems,
        evidence="witness",
        explanation="all ranks full beyond the Weyl bounds" if not problems else "; ".join(problems),
        numbers=numbers,
        tolerance_derivation="||running error of T_h0||_F + 4 max(m, n) u sigma_max (SVD backward error)",
    )


def perturbed_start(problem: Problem, theta_o, *, delta: float, generator: torch.Generator) -> torch.Tensor:
    """W^p = W^o + delta G_h / (sqrt(d_(h-1)) max(1, max |T_(h-1)|)) layer by layer (G Gaussian, T_(h-1)
    at the already perturbed layers below): in Omega with probability one (72). The scale keeps the
    perturbation relative to each layer's input, so amplifying activations (sinh, cubics) do not
    push the next layer into float64 saturation."""
    net = problem.network
    theta = problem.point(theta_o).clone()
    if not (delta > 0 and math.isfinite(delta)):
        raise ValueError(f"delta: the perturbation size must be positive and finite, got {delta!r}")
    offset = 0
    for h, (size, cols) in enumerate(zip(net.layer_sizes, net.widths[:-1])):
        T_in = problem.X if h == 0 else _forward(net, theta, problem.X)[2][h]
        top = float(T_in.abs().max()) if bool(torch.isfinite(T_in).all()) else 1.0
        scale = 1.0 / (math.sqrt(cols) * max(1.0, top))
        theta[offset:offset + size] += delta * scale * torch.randn(size, generator=generator, dtype=DTYPE)
        offset += size
    return theta


def _kappa(M: torch.Tensor, r: int) -> float:
    """sigma_1 / sigma_r: the condition number of M as a rank-r map (inf when M has fewer than r singular values)."""
    if not bool(torch.isfinite(M).all()):
        return math.inf  # overflowed hidden outputs (sinh of sinh): no meaningful inverse
    sv = torch.linalg.svdvals(M)
    return float(sv[0] / sv[r - 1]) if sv.numel() >= r and float(sv[r - 1]) > 0 else math.inf


def thm8_path(problem: Problem, theta_p, h0: int, lambdas, *, targets: Callable | None = None,
              check: bool = True) -> dict:
    """The path W(lambda) of (75)-(76) at the given lambdas, and a first-order bound on its tracking error.

    targets: lambda (T,) -> Yhat(lambda) (T, d_out, N); default the straight line
    (1 - lambda) Yhat^p + lambda Y (squared loss: l(Y, Yhat(lambda)) = (1-lambda)^2 E(W^p),
    strictly decreasing to 0 = inf E, (74)). ``check``: refuse inputs outside Theorem 8
    (B1 at h0, sigma_h onto and strictly monotone after h0: ValueError); ``check=False``
    runs the printed formulas anyway (negative controls), with minimum-norm least squares
    where no inverse exists.

    Returns points (T, P), targets, realized outputs, the entrywise bound ``bound`` on
    |realized - target| (first order in u, see the comments), and the condition numbers of
    the inverted matrices. Every step is batched over lambda.
    """
    net, X, Y = problem.network, problem.X, problem.Y
    theta_p = problem.point(theta_p)
    H, N = net.depth, problem.n_samples
    if not 1 <= h0 <= H:
        raise ValueError(f"h0: expected 1 <= h0 <= H = {H}, got {h0}")
    if net.output_activation is not None:
        raise ValueError("problem: Theorem 8's output layer is linear (E = l(Y, W_{H+1} T_H)); got an output activation")
    if check:
        if h0 not in b1_indices(net.widths, N):
            raise ValueError(f"h0: Assumption 3 B1 fails at h0 = {h0} for widths {net.widths} and N = {N}")
        for h in range(h0 + 1, H + 1):
            # confirm=False: Lemma 8's f_k of fast-growing f have tails float64 cannot step on the default grid.
            c = assumption_4_certificate(_check_act(net.activations[h - 1], f"activations[{h - 1}]"), confirm=False)
            if not c.holds:
                raise ValueError(f"activations[{h - 1}]: Theorem 8 needs Assumption 4 after h0: {c.explanation}")
    lam = as_tensor(lambdas, name="lambdas").reshape(-1)
    if lam.numel() == 0 or not bool(((lam >= 0) & (lam <= 1)).all()):
        raise ValueError(f"lambdas: the path (74)-(76) is parametrized by lambda in [0, 1], got {lam.tolist()}")
    layers, Zp, Tp = _forward(net, theta_p, X)          # Zp[h-1] = Z_h, Tp[h] = T_h (Tp[0] = X)
    Wout = layers[-1].weight
    bout = layers[-1].bias[:, None] if layers[-1].bias is not None else 0.0
    Yp = Wout @ Tp[H] + bout
    tgt = ((1 - lam)[:, None, None] * Yp + lam[:, None, None] * Y) if targets is None else targets(lam)
    tgt = torch.as_tensor(tgt, dtype=DTYPE)
    kappas = {}

    def g(d: int) -> float:
        return gamma(d + 1)  # a length-d dot product plus a bias

    def absb(layer):
        return layer.bias.abs()[:, None] if layer.bias is not None else 0.0

    D = tgt - Yp
    start = sum(net.layer_sizes[:h0])
    rows, cols = net.widths[h0 + 1], net.widths[h0]
    if h0 == H:
        # No layer after h0: (75) moves the output layer itself, W_{H+1}(lambda) = W^p_{H+1} + D (T^p_H)^dagger
        # (the left inverse of (76a) with sigma = identity), and the output is exactly linear in it.
        kappas[H + 1] = _kappa(Tp[H], N)
        coef = 10 * max(Tp[H].shape) * U * kappas[H + 1]
        W_new = Wout + D @ torch.linalg.pinv(Tp[H])
        pts = theta_p.expand(lam.numel(), -1).clone()
        pts[:, start:start + rows * cols] = W_new.reshape(lam.numel(), -1)
        realized = vmap(lambda th: net.forward(th, X))(pts)
        dH = Wout.shape[1]
        bound = (g(dH) * (W_new.abs() @ Tp[H].abs() + absb(layers[-1]))      # the realized product
                 + g(dH) * (Wout.abs() @ Tp[H].abs() + absb(layers[-1]))     # Yhat^p as computed
                 + U * D.abs() + coef * torch.linalg.vector_norm(D, dim=2, keepdim=True).expand_as(D)
                 + U * W_new.abs() @ Tp[H].abs()                               # rounding W^p + X
                 + 2 * W_new.abs() @ _hidden_errors(net, layers, Tp)[H])        # T_H as realized vs reference
        return {"points": pts, "lambdas": lam, "targets": tgt, "realized": realized, "bound": bound,
                "kappas": kappas, "residual_coefficients": {H + 1: coef}, "h0": h0}
    # Output layer: W_{H+1} S = Yhat(lambda) - Yhat^p (76c); right inverse of a full-row-rank W_{H+1}.
    kappas[H + 1] = _kappa(Wout, Wout.shape[0])  # right inverse: rank d_out
    S = torch.linalg.pinv(Wout) @ D
    # Residual |W S - D| of the pseudo-inverse solve: <= 10 max(m, n) u kappa ||D_col|| per column
    # (backward-stable solve; the constant as in li2022benefit_lemmas.straight_path_certificate).
    res_coef = {H + 1: 10 * max(Wout.shape) * U * kappas[H + 1]}
    rho = {H + 1: res_coef[H + 1] * torch.linalg.vector_norm(D, dim=1, keepdim=True).expand_as(D)}
    Dabs = {H + 1: D.abs()}
    T_lam = {H: Tp[H] + S}
    Z_lam, inv_err = {}, {}
    W_new = None
    for h in range(H, h0, -1):
        act = net.activations[h - 1]
        Z_lam[h], inv_err[h] = inverse(act, T_lam[h])      # sigma_h^{-1}(T_h(lambda))
        Dh = Z_lam[h] - Zp[h - 1]                           # (78c): sigma^{-1}(T^p_h) = Z^p_h
        Dabs[h] = Dh.abs()
        if h > h0 + 1:
            W = layers[h - 1].weight
            kappas[h] = _kappa(W, W.shape[0])
            res_coef[h] = 10 * max(W.shape) * U * kappas[h]
            rho[h] = res_coef[h] * torch.linalg.vector_norm(Dh, dim=1, keepdim=True).expand_as(Dh)
            T_lam[h - 1] = Tp[h - 1] + torch.linalg.pinv(W) @ Dh       # (76b)
        else:
            kappas[h] = _kappa(Tp[h0], N)  # left inverse: rank N
            res_coef[h] = 10 * max(Tp[h0].shape) * U * kappas[h]
            # Left inverse of T^p_{h0} (full column rank N): rows of the residual, norm per row.
            rho[h] = res_coef[h] * torch.linalg.vector_norm(Dh, dim=2, keepdim=True).expand_as(Dh)
            W_new = layers[h - 1].weight + Dh @ torch.linalg.pinv(Tp[h0])  # (76a)
    # Flat points: only W_{h0+1} changes (75).
    pts = theta_p.expand(lam.numel(), -1).clone()
    pts[:, start:start + rows * cols] = W_new.reshape(lam.numel(), -1)
    realized = vmap(lambda th: net.forward(th, X))(pts)
    hidden = vmap(lambda th: net.hidden(th, X))(pts)

    # Propagation of every rounding, entrywise, per lambda (first order in the solve residuals and the
    # products; through sigma by its monotone swing):
    # m_h bounds |fl(realized Z_h) - Z_h(lambda)|, e_h bounds |fl(realized T_h) - T_h(lambda)|.
    # The first h0 layers are the same weights, but the realized pass (vmap, batched kernels) need not round
    # like the reference one: each is within the running-error bound e_{h0} of the exact T_{h0}.
    e_prev = 2 * _hidden_errors(net, layers, Tp)[h0].expand(lam.numel(), -1, -1)
    for h in range(h0 + 1, H + 1):
        layer, act = layers[h - 1], net.activations[h - 1]
        d = layer.weight.shape[1]
        T_in = Tp[h0] if h == h0 + 1 else hidden[h - 2]
        W_real = W_new if h == h0 + 1 else layer.weight
        m = (g(d) * (W_real.abs() @ T_in.abs() + absb(layer))        # the realized product
             + g(d) * (layer.weight.abs() @ Tp[h - 1].abs() + absb(layer))  # Z^p_h as computed
             + U * Dabs[h] + rho[h])                                   # D_h's subtraction, the solve residual
        if h == h0 + 1:
            m = m + U * W_new.abs() @ Tp[h0].abs() + W_new.abs() @ e_prev  # rounding W^p + X; T_{h0}'s two roundings
        else:
            m = m + layer.weight.abs() @ (U * T_lam[h - 1].abs() + e_prev)  # T^p + S rounded, error below
        # sigma is monotone (Assumption 4): over |z - Z| <= m it moves by at most the larger one-sided change,
        # exact even where sigma' is unbounded (|t|^(1/2) at 0) or jumps (leaky ReLU at 0). m is widened by the
        # rounding of Z +- m; each sigma value carries C_SIGMA u of its own.
        mw = m + U * (Z_lam[h].abs() + m)
        s0, s_hi, s_lo = act(Z_lam[h]), act(Z_lam[h] + mw), act(Z_lam[h] - mw)
        swing = torch.maximum((s_hi - s0).abs(), (s0 - s_lo).abs())
        e_prev = (swing + C_SIGMA * U * (s_hi.abs() + s_lo.abs() + 2 * s0.abs())
                  + inv_err[h] + C_SIGMA * U * hidden[h - 1].abs())
    dH = Wout.shape[1]
    bound = (g(dH) * (Wout.abs() @ hidden[H - 1].abs() + absb(layers[-1]))
             + g(dH) * (Wout.abs() @ Tp[H].abs() + absb(layers[-1]))
             + U * Dabs[H + 1] + rho[H + 1]
             + Wout.abs() @ (U * T_lam[H].abs() + e_prev))
    return {"points": pts, "lambdas": lam, "targets": tgt, "realized": realized, "bound": bound,
            "kappas": kappas, "residual_coefficients": res_coef, "h0": h0}


def tracking_certificate(path: dict) -> Certificate:
    """(80): the realized output W_{H+1} T^lambda_H equals Yhat(lambda) at every lambda, within ``path['bound']``.

    Holds iff every inverted matrix is numerically invertible (10 max(m, n) u kappa < 1e-3, so
    the first-order solve-residual bound is meaningful; ``numbers["ill_conditioned"]`` says when
    not), every value is finite (sigma^{-1} defined), and
    |realized - target| <= bound entrywise. Sampled (a lambda grid); the bound is first order."""
    dev = (path["realized"] - path["targets"]).abs()
    bound = path["bound"]
    singular = {h: c for h, c in path["residual_coefficients"].items() if not c < 1e-3}
    # The points too: relu(nan) = 0 (torch.where) would hide an undefined sigma^{-1} in the output.
    finite = bool(torch.isfinite(dev).all() and torch.isfinite(path["points"]).all())
    within = finite and bool(torch.isfinite(bound).all()) and bool((dev <= bound).all())
    ratio = float((dev / bound).max()) if finite else math.nan
    problems = []
    if singular:
        problems.append(f"no (numerically) right/left inverse at layers {sorted(singular)} "
                        f"(10 max(m,n) u kappa = {[f'{c:.3g}' for c in singular.values()]})")
    if not finite:
        problems.append("sigma^{-1} undefined for some pulled-back value (not onto / not invertible): non-finite path")
    elif not within:
        problems.append(f"realized output misses Yhat(lambda) by up to {float(dev.max()):.3g} (bound ratio {ratio:.3g})")
    return Certificate(
        question="(80): network output along W(lambda) equals Yhat(lambda)",
        holds=not problems,
        evidence="sampled",
        explanation=(f"|realized - Yhat(lambda)| <= first-order rounding bound at all {dev.shape[0]} lambdas"
                     if not problems else "; ".join(problems)),
        numbers={"max_deviation": float(dev.max()) if finite else math.nan, "max_bound": float(bound.max()),
                 "ill_conditioned": bool(singular),
                 "worst_ratio": ratio, "kappas": str({h: f"{k:.3g}" for h, k in path["kappas"].items()})},
        tolerance=float(bound.max()),
        tolerance_derivation=("first order in u: matmul rounding gamma_(d+1) |W||T| of realized and reference "
                              "products, subtraction u|D|, pinv residual 10 max(m,n) u kappa ||D||, sigma^{-1} "
                              "bracket error, sigma rounding C_SIGMA u|sigma|, propagated through |W| and the "
                              "monotone swing max |sigma(Z +- m) - sigma(Z)|"),
    )


def thm8_instance(problem: Problem, theta_o, h0: int, *, delta: float, seed: int, lambdas,
                  check: bool = True) -> Instance:
    """Theorem 8's proof on one start: W^o -> W^p in Omega (72) -> the path (75)-(76) at ``lambdas``."""
    gen = torch.Generator().manual_seed(int(seed))
    theta_p = perturbed_start(problem, theta_o, delta=delta, generator=gen)
    path = thm8_path(problem, theta_p, h0, lambdas, check=check)
    return Instance(
        problem=problem, point=theta_p,
        expected="start of a strictly decreasing path to inf E (Theorem 8, Case 1)",
        witnesses={"path": path, "start": problem.point(theta_o)},
        numbers={"h0": h0, "delta": float(delta), "E_start": float(problem.loss(theta_o)),
                 "E_p": float(problem.loss(theta_p))},
        source="li2022benefit/thm-8 (72)-(81)",
    )



# --------------------------------------------------------------------------- Theorem 3 (Step 3)
def approximant_network(net, h0: int, k: int, *, s: float = 1.0):
    """N_k of (88): sigma_h replaced by Lemma 6's g + (sin t + cos t)/(s (k+1)) for h <= h0 and by
    Lemma 8's f_k for h > h0 (sigma_h monotone, B2). Same widths and biases."""
    from landscape.nets import Network

    H = net.depth
    if not 1 <= h0 <= H:
        raise ValueError(f"h0: expected 1 <= h0 <= H = {H}, got {h0}")
    acts = [A.sin_cos_perturbed(_check_act(a, f"activations[{i}]"), s, k) if i < h0 else lemma8_approximant(a, k)
            for i, a in enumerate(net.activations)]
    return Network(net.widths, acts, bias=net.bias)


def preactivation_radius(net, points: torch.Tensor, X: torch.Tensor, h0: int) -> float:
    """max |Z_h| over the layers h0 < h <= H at every row of ``points``: Lemma 8's f_k equals
    f - -+(x+k+1)/(k+1)^2 there once k + 1 exceeds it (0 when h0 = H)."""
    if h0 >= net.depth:
        return 0.0
    Zs = vmap(lambda th: _forward(net, th, X)[1][h0:])(points)
    return max(float(z.abs().max()) for z in Zs)
