"""Constructions and certificates for li2018overparameterized (Assumptions 1-2, Proposition 1,
Lemmas 4-6, Proposition 3, the examples of Section 3.2).

Citation: Dawei Li, Tian Ding, Ruoyu Sun, "Over-Parameterized Deep Neural Networks Have No
Strict Local Minima For Any Continuous Activations" (Nov 22, 2018), paper key
``li2018overparameterized``.

==================================  ==========================  =============================================
paper                               code                        meaning
==================================  ==========================  =============================================
X (d_0 x N), X_ki                   ``X``                       samples are columns (as in ``landscape.nets``)
A1: exists k, X_ki != X_kj          ``assumption_a1_certificate``  a row with pairwise distinct entries
A3: d_H >= N                        ``assumption_a3_certificate``
A4: sigma continuous                ``assumption_a4_certificate``  exact one-sided limits at the breakpoints
Asm 2: sigma^(k)(0) != 0, k < n     ``consecutive_orders_certificate``, ``largest_consecutive_n``
t, delta (Prop 1)                   ``t``, ``delta``            sigma(t) = 0, sigma <= 0 on (t - delta, t + delta)
w_1*, w_2* (Prop 1)                 ``prop1_point``             (t/x, ..., t/x), (sign y, ..., sign y)
w_2 . sigma(w_1 x)                  ``output_sign_certificate`` the proof's sign step at sampled ball points
f (Lemma 5)                         ``exp_sum``                 sum_k c_k exp(a_k^T w), a real analytic family
==================================  ==========================  =============================================

Conventions: the paper's network (4) has no biases and one sigma for all hidden layers;
Proposition 1's loss is (y - w_2 . sigma(w_1 x))^2 (no 1/2), ``landscape.nets``' default
squared loss on a (1, d, 1) network with theta = (w_1, w_2).
Deviation: A1 is printed "X_ki != X_kj, for all i, j", which i = j makes unsatisfiable; it is
read as i != j (the abstract: samples "distinct in at least one dimension").
"""

from __future__ import annotations

import functools
import math
from typing import Sequence

import sympy
import torch
from torch.func import vmap

from landscape import _activation_symbolic as sym
from landscape import activations as A
from landscape._activation_checks import _expression_is_analytic
from landscape._tensors import DTYPE, as_tensor
from landscape.certificates._rounding import C_SIGMA, U, gamma
from landscape.evidence import Certificate, Evidence
from landscape.nets import Problem, one_hidden_layer

from .li2022benefit_lemmas import zero_decision

__all__ = [
    "assumption_a1_certificate",
    "assumption_a3_certificate",
    "assumption_a4_certificate",
    "consecutive_orders_certificate",
    "largest_consecutive_n",
    "prop1_hypotheses_certificate",
    "prop1_problem",
    "prop1_point",
    "prop1_lower_point",
    "prop1_radius",
    "prop1_nonstrict_certificate",
    "prop1_pairs_sign",
    "unit_sign_certificate",
    "ball_points",
    "output_sign_certificate",
    "exp_sum",
    "nonvanishing_certificate",
]


# --------------------------------------------------------------------------- Assumption 1
def assumption_a1_certificate(X) -> Certificate:
    """A1 as printed (i != j): some row k of X has pairwise distinct entries. Exact (float
    comparisons are exact); the rows that qualify are listed. N = 1 holds vacuously."""
    X = as_tensor(X, name="X")
    if X.ndim != 2 or X.shape[1] < 1:
        raise ValueError(f"X: expected a (d_0, N) data matrix with N >= 1 samples as columns, got shape {tuple(X.shape)}")
    if not bool(torch.isfinite(X).all()):
        raise ValueError("X: data must be finite")
    N = X.shape[1]
    srt = torch.sort(X, dim=1).values
    distinct = (srt[:, 1:] != srt[:, :-1]).all(dim=1) if N > 1 else torch.ones(X.shape[0], dtype=torch.bool)
    rows = tuple(int(k) for k in torch.nonzero(distinct).flatten())
    return Certificate(
        question="A1: exists k with X_ki != X_kj for all i != j",
        holds=bool(rows), evidence=Evidence.EXACT,
        explanation=(f"rows {rows} have pairwise distinct entries" if rows else
                     "every row of X repeats an entry"),
        numbers={"d0": int(X.shape[0]), "N": int(N), "rows": str(rows)},
    )


def assumption_a3_certificate(widths: Sequence[int], n_samples: int) -> Certificate:
    """A3: the last hidden layer is at least as wide as the number of samples, d_H >= N.

    ``widths`` = (d_0, d_1, ..., d_H, d_{H+1}) as in ``landscape.nets.Network.widths``."""
    w = tuple(int(v) for v in widths)
    if len(w) < 3 or any(v < 1 for v in w):
        raise ValueError(f"widths: expected (d_0, d_1, ..., d_H, d_out) with H >= 1 and positive widths, got {widths}")
    n = int(n_samples)
    if n < 1:
        raise ValueError(f"n_samples: expected N >= 1, got {n_samples}")
    return Certificate("A3: d_H >= N", w[-2] >= n, Evidence.EXACT, f"d_H = {w[-2]}, N = {n}",
                       {"d_H": w[-2], "N": n})


def assumption_a4_certificate(act: A.Activation) -> Certificate:
    """A4: sigma continuous. Exact on the sympy pieces: every piece is continuous on its open
    interval (built from analytic blocks, else sympy's ``continuous_domain``) and at every
    boundary between pieces the value exists, i.e. the one-sided limits agree
    (``_activation_symbolic.derivatives_at`` order 0). Undecided (not holds) without a sympy form."""
    q = "A4: sigma continuous"
    if act.pieces is None:
        return Certificate(q, False, Evidence.EXACT, f"{act.name}: no sympy form (undecided)")
    problems = []
    for lo, hi, e in act.pieces:
        if _expression_is_analytic(e)[0]:
            continue
        interval = sympy.Interval.open(lo, hi)
        try:
            dom = sympy.calculus.util.continuous_domain(e, sym.T, interval)
        except NotImplementedError:
            dom = None
        if dom != interval:
            problems.append(f"piece {e} on ({lo}, {hi}): continuity {'undecided' if dom is None else f'only on {dom}'}")
    for b in sym.boundaries(act.pieces):
        if sym.derivatives_at(act.pieces, b, 0)[0] is sympy.nan:
            problems.append(f"jump at t = {b}: one-sided limits differ")
    return Certificate(q, not problems, Evidence.EXACT,
                       "; ".join(problems) or f"{act.name}: {len(act.pieces)} continuous piece(s), matching one-sided limits",
                       {"pieces": len(act.pieces)})


# --------------------------------------------------------------------------- Assumption 2
def _check_order_count(n) -> int:
    """n as an int >= 1 (Assumption 2's number of derivative orders), else ValueError naming n."""
    if isinstance(n, bool) or not isinstance(n, (int, float)) or not math.isfinite(n) or int(n) != n or n < 1:
        raise ValueError(f"n: Assumption 2 needs an integer n >= 1 of derivative orders, got {n!r}")
    return int(n)


def _derivatives_at_0(act: A.Activation, top: int):
    """Exact sigma^(k)(0), k <= top. For sigma = p(t) e^t (``root_product_exp``): Leibniz,
    sigma^(k)(0) = sum_j C(k, j) p^(j)(0) (every derivative of e^t is 1 at 0), polynomial
    arithmetic only. For top <= 1 and one analytic piece: sympy ``diff`` and substitution (the
    series expansion behind ``exact_derivatives_at`` costs ~0.1 s per call on products with
    e^t even at order 0); otherwise ``exact_derivatives_at`` (cached there)."""
    poly = _polynomial_factor(act, strict=False)
    if poly is not None:
        at0 = [poly.diff((sym.T, j)).eval(0) if j <= poly.degree() else sympy.Integer(0) for j in range(int(top) + 1)]
        return [sum(sympy.binomial(k, j) * at0[j] for j in range(k + 1)) for k in range(int(top) + 1)]
    if top <= 1 and act.pieces is not None and len(act.pieces) == 1 and act.properties.analytic:
        e, out = act.pieces[0][2], []
        for _ in range(int(top) + 1):
            out.append(e.subs(sym.T, 0))
            e = sympy.diff(e, sym.T)
        return out
    return act.exact_derivatives_at(0, top)


def consecutive_orders_certificate(act: A.Activation, n: int) -> Certificate:
    """li2018's Assumption 2: sigma analytic and sigma(0), sigma'(0), ..., sigma^(n-1)(0) all nonzero.

    Exact (sympy derivatives at 0, each decided by ``zero_decision``); evidence drops to
    ``sampled`` where sympy leaves a value undecided and 60 digits decide it. Not analytic, or
    no sympy form: does not hold. (li2022benefit's Assumption 2 relaxes the orders to any
    arithmetic progression; see ``li2022benefit_lemmas.assumption_2_certificate``.)
    """
    n = _check_order_count(n)
    q = f"li2018 Assumption 2 with n = {n}: sigma^(k)(0) != 0 for k < n"
    if not act.properties.analytic:
        return Certificate(q, False, Evidence.EXACT, f"{act.name} is not analytic (declared)", {"n": n})
    exact = _derivatives_at_0(act, n - 1)
    if exact is None:
        return Certificate(q, False, Evidence.EXACT, f"{act.name}: no exact derivatives at 0 (undecided)", {"n": n})
    decisions = [zero_decision(d) for d in exact]
    zeros = [k for k, (z, _) in enumerate(decisions) if z]
    ev = Evidence.EXACT if all(ex for _, ex in decisions) else Evidence.SAMPLED
    return Certificate(q, not zeros, ev,
                       f"{act.name}: sigma^(k)(0) = {exact}" + (f"; zero at orders {zeros}" if zeros else ", all nonzero"),
                       {"n": n, "zero_orders": str(zeros)})


def largest_consecutive_n(act: A.Activation, max_n: int = 12) -> int:
    """The largest n <= max_n with li2018's Assumption 2 (0 if sigma(0) = 0 or sigma is not
    analytic or has no exact form); max_n means "at least max_n"."""
    if not act.properties.analytic:
        return 0
    exact = _derivatives_at_0(act, int(max_n) - 1)
    if exact is None:
        return 0
    for k, d in enumerate(exact):
        if zero_decision(d)[0]:
            return k
    return int(max_n)


# --------------------------------------------------------------------------- Proposition 1
def _polynomial_factor(act: A.Activation, *, strict: bool = True) -> sympy.Poly | None:
    """sigma(t) e^{-t} as a polynomial in t, for sigma = polynomial * e^t (``root_product_exp``).

    Not of that form: ValueError naming ``act`` (``strict``), else None."""
    if act.name.startswith("root_product_exp"):
        return _root_poly(tuple(act.params["roots"]), float(act.params["sign"]))
    if strict:
        raise ValueError(f"act: the exact tests need sigma = polynomial * e^t (root_product_exp), got {act.name}")
    return None


@functools.lru_cache(maxsize=256)
def _root_poly(roots: tuple[float, ...], sign: float) -> sympy.Poly:
    return sympy.Poly(sym.exact(sign) * sympy.Mul(*[sym.T - sym.exact(r) for r in roots]), sym.T)


def prop1_hypotheses_certificate(act: A.Activation, t: float, delta: float, n: int, *,
                                 extremum: str = "max") -> Certificate:
    """Exact: Proposition 1's hypotheses on sigma = p(t) e^t: li2018 Assumption 2 with n, t != 0,
    sigma(t) = 0, and sigma(t') <= 0 for t - delta < t' < t + delta (``extremum="max"``, as
    printed in Proposition 1; ``"min"``: sigma >= 0 there, the other kind the extension after
    the proof allows: "a local maximum or minimum").

    The sign condition is decided on the polynomial p (e^t > 0): p has no root of odd
    multiplicity in the open interval (sympy's exact real-root counting on the square-free
    factors) and p has the required sign at one rational point of it that is not a root.
    """
    if extremum not in ("max", "min"):
        raise ValueError(f"extremum: expected 'max' (sigma <= 0 near t) or 'min' (sigma >= 0), got {extremum!r}")
    n = _check_order_count(n)
    t_ex, d_ex = sym.exact(t), sym.exact(delta)
    if not d_ex > 0:
        raise ValueError(f"delta: expected delta > 0, got {delta}")
    poly = _polynomial_factor(act)
    asm2 = consecutive_orders_certificate(act, n)
    zero_at_t = poly.eval(t_ex) == 0
    lo, hi = t_ex - d_ex, t_ex + d_ex
    _, factors = poly.sqf_list()
    # count_roots counts roots in the closed interval [lo, hi]; subtract roots at the endpoints.
    odd_inside = sum(f.count_roots(lo, hi) - int(f.eval(lo) == 0) - int(f.eval(hi) == 0)
                     for f, m in factors if m % 2 == 1)
    probe = next(p for p in (t_ex + d_ex / k for k in range(3, 1000)) if poly.eval(p) != 0)
    want = -1 if extremum == "max" else 1
    signed = odd_inside == 0 and sympy.sign(poly.eval(probe)) == want
    holds = asm2.holds and t_ex != 0 and zero_at_t and signed
    rel = "<=" if extremum == "max" else ">="
    return Certificate(
        f"Proposition 1 hypotheses: Asm 2 (n), sigma(t) = 0 with t != 0, sigma {rel} 0 on (t - delta, t + delta)",
        holds, asm2.evidence,
        f"{asm2.explanation}; sigma(t) = 0: {zero_at_t}; t != 0: {t_ex != 0}; odd-multiplicity roots of "
        f"sigma e^-t inside: {odd_inside}; sign at t + delta/k: {sympy.sign(poly.eval(probe))}",
        {"t": float(t), "delta": float(delta), "n": n, "odd_roots_inside": int(odd_inside), "extremum": extremum},
    )


def _as_samples(v, name: str) -> tuple[float, ...]:
    vals = tuple(float(u) for u in (v if isinstance(v, (tuple, list)) else (v,)))
    if not vals or not all(math.isfinite(u) and u != 0 for u in vals):
        raise ValueError(f"{name}: the construction needs finite nonzero samples, got {v!r}")
    return vals


def _check_width(d) -> int:
    if isinstance(d, bool) or not isinstance(d, int) or d < 1:
        raise ValueError(f"d: the hidden width must be an integer >= 1, got {d!r}")
    return d


def prop1_problem(act: A.Activation, x, y, d: int) -> Problem:
    """The proof's network: 1 input, d hidden units, 1 output; loss sum_i (y_i - w_2 . sigma(w_1 x_i))^2.

    ``x``, ``y``: one sample (the proof) or N samples (the extension after the proof); every
    x_i != 0 (w_1* = t/x) and y_i != 0 (a bad minimum at loss sum y_i^2 > 0)."""
    xs, ys = _as_samples(x, "x"), _as_samples(y, "y")
    if len(xs) != len(ys):
        raise ValueError(f"x, y: need one target per input, got {len(xs)} and {len(ys)}")
    d = _check_width(d)
    return Problem(one_hidden_layer(act, d), torch.tensor([xs], dtype=DTYPE), torch.tensor([ys], dtype=DTYPE))


def prop1_point(w1: float, w2: float, d: int) -> torch.Tensor:
    """theta = (w_1 1_d, w_2 1_d); the proof's point is w_1 = t/x, w_2 = sign(y)."""
    d = _check_width(d)
    if not (math.isfinite(float(w1)) and math.isfinite(float(w2))):
        raise ValueError(f"w1, w2: expected finite weights, got {w1!r}, {w2!r}")
    return torch.cat([torch.full((d,), float(w1), dtype=DTYPE), torch.full((d,), float(w2), dtype=DTYPE)])


def prop1_radius(x: float, delta: float) -> float:
    """Radius of the proof's neighbourhood: |w_1i - t/x| < delta/|x| keeps w_1i x in (t - delta, t + delta),
    |w_2i - sign(y)| < 1 keeps the sign of w_2i; any ball of radius below min(1, delta/|x|) is inside."""
    return min(1.0, float(delta) / abs(float(x)))


def prop1_lower_point(problem: Problem, w1: torch.Tensor) -> torch.Tensor:
    """A lower point: hidden weights w1 (d,), output weights by least squares on sigma(w1 x^T) (d, N).

    For one sample and w1 = 0 this is w_2 = y / (d sigma(0)) 1_d with loss 0 (sigma(0) != 0)."""
    w1 = as_tensor(w1, name="w1")
    Z = problem.network.activations[0](w1[:, None] * problem.X)           # (d, N)
    w2 = torch.linalg.lstsq(Z.T, problem.Y[0][:, None]).solution[:, 0]
    return torch.cat([w1, w2])


def prop1_pairs_sign(act: A.Activation, w1: float, x: Sequence[float], y: Sequence[float]) -> sympy.Expr:
    """Exact S = -sum_i y_i sigma''(w_1 x_i) x_i^2 for the N-pair extension, sigma = p(t) e^t.

    Requires (ValueError otherwise, decided exactly on p) sigma(w_1 x_i) = 0 and
    sigma'(w_1 x_i) = 0 for every i, i.e. p(z_i) = p'(z_i) = 0 at z_i = w_1 x_i: each z_i is a
    zero of sigma that is a local extremum (maximum or minimum); then sigma''(z_i) = p''(z_i) e^{z_i}.
    g(w) = sum_i y_i sigma(w x_i) has g(w_1) = g'(w_1) = 0 and g''(w_1) = -S, so
    g(w) = -S (w - w_1)^2 / 2 + O(|w - w_1|^3): with every output weight of sign sign(S),
    sum_j w_2j g(w_1j) <= 0 near the point and the loss stays >= sum y_i^2 (S = 0 is undecided
    at second order). One sample at a maximum (sigma'' < 0): sign(S) = sign(y).
    """
    poly = _polynomial_factor(act)
    xs, ys = _as_samples(tuple(x) if isinstance(x, (tuple, list)) else x, "x"), _as_samples(
        tuple(y) if isinstance(y, (tuple, list)) else y, "y")
    if len(xs) != len(ys):
        raise ValueError(f"x, y: need one target per input, got {len(xs)} and {len(ys)}")
    w = sym.exact(w1)
    zs = [w * sym.exact(xi) for xi in xs]
    d1, d2 = poly.diff(sym.T), poly.diff((sym.T, 2))
    for z in zs:
        if poly.eval(z) != 0 or d1.eval(z) != 0:
            raise ValueError(f"w1, x: sigma or sigma' is nonzero at w_1 x_i = {z}; the extension needs every "
                             f"w_1 x_i to be a zero of sigma that is a local extremum")
    return sympy.Add(*[-sym.exact(yi) * sym.exact(xi) ** 2 * d2.eval(z) * sympy.exp(z) for z, xi, yi in zip(zs, xs, ys)])


def prop1_nonstrict_certificate(act: A.Activation, w1, x, y, d: int) -> Certificate:
    """Exact: l(w_1 1_d, w_2) = sum_i y_i^2 for every w_2 in R^d (so (w_1*, w_2*) is not strict).

    ``w1`` exact (a float's binary value, or a sympy rational such as t/x): if every
    sigma(w_1 x_i) = 0 the output w_2 . sigma(w_1 x_i) vanishes for symbolic w_2. Computed in sympy."""
    xs, ys = _as_samples(x, "x"), _as_samples(y, "y")
    d = _check_width(d)
    w2 = sympy.symbols(f"w2_0:{d}", real=True)
    if act.pieces is None or len(act.pieces) != 1:
        raise ValueError(f"act: expected one analytic sympy piece, got {act.name}")
    sig = act.pieces[0][2]
    w = sym.exact(w1)
    loss = sum((sym.exact(yi) - sum(wj * sig.subs(sym.T, w * sym.exact(xi)) for wj in w2)) ** 2 for xi, yi in zip(xs, ys))
    diff = sympy.simplify(sympy.expand(loss) - sum(sym.exact(yi) ** 2 for yi in ys))
    return Certificate("l(w_1*, w_2) = sum y_i^2 for all w_2 (non-strict)", diff == 0, Evidence.EXACT,
                       f"sympy: l(w_1*, w_2) - sum y_i^2 = {diff} with w_2 symbolic in R^{d}", {"d": int(d), "N": len(xs)})


def ball_points(theta: torch.Tensor, radius: float, n: int, gen: torch.Generator) -> torch.Tensor:
    """n points uniform in the closed ball B(theta, radius) plus n on its sphere (seeded)."""
    theta = as_tensor(theta, name="theta")
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n: expected an integer number of points >= 1, got {n!r}")
    if not (math.isfinite(float(radius)) and float(radius) > 0):
        raise ValueError(f"radius: expected a finite radius > 0, got {radius!r}")
    P = theta.numel()
    D = torch.randn(2 * n, P, generator=gen, dtype=DTYPE)
    D = D / torch.linalg.vector_norm(D, dim=1, keepdim=True)
    r = torch.ones(2 * n, dtype=DTYPE)
    r[:n] = torch.rand(n, generator=gen, dtype=DTYPE) ** (1.0 / P)
    return theta[None, :] + radius * r[:, None] * D


def _sigma_rounding_ulps(act: A.Activation) -> int:
    """Relative rounding of fl(sigma(z)) for a computed z, in units of u, for root_product_exp.

    sign * e^z * prod_j (z - r_j): e^z within C_SIGMA u (``_rounding.C_SIGMA``, libm exp), each
    of the k subtractions z - r_j and k products one rounding (1 + delta_i), the sign exact: a
    product of 2k + C_SIGMA factors (1 + delta), |delta| <= u, within gamma_(2k + C_SIGMA) of
    |sigma| (Higham Lemma 3.1). Other activations have no derived count here: rejected."""
    roots = act.params.get("roots") if act.name.startswith("root_product_exp") else None
    if roots is None:
        raise ValueError(f"act: the rounding bound is derived for root_product_exp only, got {act.name}")
    return 2 * len(roots) + C_SIGMA


def output_sign_certificate(problem: Problem, points: torch.Tensor, sign: float, *, claim: str) -> Certificate:
    """Sampled: sign * yhat(theta) <= 0 at every given point of a (1, d, 1) network, beyond rounding.

    yhat = sum_i w_2i sigma(w_1i x). Rounding per point: w_1i x (one product, u |w_1i x|)
    moves sigma by |sigma'| u |w_1i x|; sigma itself rounds within gamma_m |sigma| with
    m = 2k + C_SIGMA for k roots (``_sigma_rounding_ulps``; root_product_exp only); the d
    products and the sum within gamma_(d+1) sum_i |w_2i sigma_i|. A sample refutes only beyond
    that bound.
    """
    net = problem.network
    if net.widths[0] != 1 or net.widths[-1] != 1 or net.depth != 1:
        raise ValueError(f"problem: expected a (1, d, 1) network, got widths {net.widths}")
    d = net.widths[1]
    pts = as_tensor(points, name="points")
    x = float(problem.X[0, 0])
    act = net.activations[0]
    g_sigma = gamma(_sigma_rounding_ulps(act))
    w1, w2 = pts[:, :d], pts[:, d:]
    z = w1 * x
    s = act(z)
    yhat = vmap(lambda th: net.forward(th, problem.X)[0, 0])(pts)
    bound = (gamma(d + 1) * (w2.abs() * s.abs()).sum(1)
             + (w2.abs() * (g_sigma * s.abs() + act.derivative(z).abs() * U * z.abs())).sum(1))
    excess = float(sign) * yhat - bound
    i = int(torch.argmax(excess))
    holds = bool((excess <= 0).all())
    return Certificate(
        f"{claim}: sign * w_2 . sigma(w_1 x) <= 0 at sampled points (sign = {sign:+g})", holds, Evidence.SAMPLED,
        (f"all {pts.shape[0]} points satisfy it beyond rounding" if holds else
         f"point {i} has sign * yhat = {float(sign * yhat[i]):.3g} > rounding bound {float(bound[i]):.3g}"),
        {"n_points": int(pts.shape[0]), "max_signed_output": float((sign * yhat).max()),
         "bound_at_worst": float(bound[i])},
        float(bound[i]), "gamma_(d+1) sum |w_2i sigma_i| + sum |w_2i| (gamma_(2k+C_SIGMA) |sigma_i| + |sigma'_i| u |w_1i x|)",
    )


def unit_sign_certificate(problem: Problem, points: torch.Tensor, sign: float) -> Certificate:
    """Sampled (N-pair step): sign * g(w_1j) <= 0 for every hidden unit j at every point, g(w) = sum_i y_i sigma(w x_i).

    Then sum_j w_2j g(w_1j) <= 0 when every w_2j has that sign, and the loss
    ||y||^2 - 2 sum_j w_2j g(w_1j) + ||yhat||^2 is at least ||y||^2. Rounding per unit: sigma(w x_i)
    within gamma_(2k+C_SIGMA) |sigma| + |sigma'| u |w x_i| (``_sigma_rounding_ulps``, k roots),
    the N products y_i sigma_i and their sum within gamma_N sum_i |y_i sigma_i|.
    """
    net = problem.network
    d = net.widths[1]
    pts = as_tensor(points, name="points")
    act = net.activations[0]
    g_sigma = gamma(_sigma_rounding_ulps(act))
    x, y = problem.X[0], problem.Y[0]
    z = pts[:, :d, None] * x                                   # (S, d, N)
    sz = act(z)
    g = (sz * y).sum(-1)                                       # (S, d)
    bound = (gamma(x.numel()) * (sz.abs() * y.abs()).sum(-1)
             + (y.abs() * (g_sigma * sz.abs() + act.derivative(z).abs() * U * z.abs())).sum(-1))
    excess = float(sign) * g - bound
    holds = bool((excess <= 0).all())
    return Certificate(
        f"N-pair step: sign * sum_i y_i sigma(w_1j x_i) <= 0 per unit at sampled points (sign = {sign:+g})", holds,
        Evidence.SAMPLED,
        f"{pts.shape[0]} points x {d} units" + ("" if holds else f"; max excess {float(excess.max()):.3g}"),
        {"n_points": int(pts.shape[0]), "max_signed_g": float((float(sign) * g).max())},
        float(bound.max()), "gamma_N sum |y_i sigma_i| + sum |y_i| (gamma_(2k+C_SIGMA) |sigma_i| + |sigma'_i| u |w x_i|)",
    )


# --------------------------------------------------------------------------- Lemma 5
def exp_sum(C: torch.Tensor, Aexp: torch.Tensor, W: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """f(w) = sum_k c_k exp(a_k^T w) at the rows of W (S, n), and its float64 error bound.

    Rounding: a_k^T w within gamma_n sum_i |a_ki w_i| (moves exp by that relative amount),
    exp within 2u relative, c_k exp(.) and the K-term sum within gamma_(K+1) of sum |terms|.
    """
    C, Aexp, W = (as_tensor(v, name=nm) for v, nm in ((C, "C"), (Aexp, "A"), (W, "W")))
    if Aexp.ndim != 2 or C.shape != (Aexp.shape[0],) or W.ndim != 2 or W.shape[1] != Aexp.shape[1]:
        raise ValueError(f"C, A, W: expected shapes (K,), (K, n), (S, n); got {tuple(C.shape)}, {tuple(Aexp.shape)}, "
                         f"{tuple(W.shape)}")
    K, n = Aexp.shape
    E = torch.exp(W @ Aexp.T)                       # (S, K)
    terms = C[None, :] * E
    rel = gamma(n) * (W.abs() @ Aexp.abs().T) + 2 * U  # relative error of each exp
    err = (terms.abs() * rel).sum(1) * (1 + gamma(K + 1)) + gamma(K + 1) * terms.abs().sum(1)
    return terms.sum(1), err


def nonvanishing_certificate(values: torch.Tensor, errors: torch.Tensor, *, question: str) -> Certificate:
    """Sampled: every |value| exceeds its error bound (no sample lies in the zero set, beyond rounding)."""
    values, errors = as_tensor(values, name="values"), as_tensor(errors, name="errors")
    if values.shape != errors.shape or values.ndim != 1 or values.numel() == 0:
        raise ValueError(f"values, errors: expected two equal nonempty 1-D tensors, got {tuple(values.shape)}, "
                         f"{tuple(errors.shape)}")
    margin = values.abs() - errors
    i = int(torch.argmin(margin))
    holds = bool((margin > 0).all())
    return Certificate(question, holds, Evidence.SAMPLED,
                       (f"all {values.numel()} samples nonzero beyond rounding" if holds else
                        f"sample {i}: |f| = {float(values[i].abs()):.3g} <= bound {float(errors[i]):.3g}"),
                       {"samples": int(values.numel()), "min_abs": float(values.abs().min()),
                        "min_margin": float(margin[i]), "zero_fraction": float((margin <= 0).double().mean())},
                       float(errors[i]), "caller's float64 error bound per sample")

