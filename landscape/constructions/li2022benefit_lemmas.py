"""Certificates for li2022benefit's Assumption 2 and Lemmas 1, 3, 4 and 6 (Sections 3.1, 5.1, 5.2).

Citation: Li, Ding & Sun, "On the Benefit of Width for Neural Networks: Disappearance of
Basins" (2022), paper key ``li2022benefit``.

==============================  =====================  =============================================
paper                           code                   meaning
==============================  =====================  =============================================
l_0, ..., l_{N-1}   (4)         ``l0 + k * step``      Assumption 2's orders, an arithmetic sequence
sigma^(l)(0)                    ``derivs[k]``          exact derivative values at 0 (sympy / Fraction)
z_1, ..., z_N                   ``z``                  Lemma 1's nonzero distinct scalars
A  (7), A* (8)                  ``lemma1_matrix``      rows z_n^{l_k} sigma^(l_k)(0)
a, b, z  (Lemma 3)              ``a``, ``b``, ``Z``    Omega = {z : sigma(a^T z) = sigma(b^T z)}
x^(n), w  (Lemma 4)             ``X`` (d, N), ``W``    projections w^T x^(n)
g, s, k  (Lemma 6)              ``g``, ``s``, ``k``    f_k = g + (sin t + cos t)/(s (k+1))
delta_min  (21)                 ``delta_min``          min nonzero |g^(n)(0)|, n < N
==============================  =====================  =============================================

Exact certificates use sympy rationals; sampled ones evaluate in float64 with the rounding
bound written beside each comparison.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Sequence

import numpy as np
import sympy
import torch

from landscape import activations as A
from landscape._activation_symbolic import zero_decision as _symbolic_zero_decision
from landscape._tensors import DTYPE
from landscape.evidence import Certificate

__all__ = [
    "U",
    "exact_rational",
    "lemma1_orders",
    "lemma1_matrix",
    "lemma1_determinant_formula",
    "lemma1_certificate",
    "assumption_2_certificate",
    "unequal_activations_certificate",
    "sampled_unequal_activations",
    "generic_projections_certificate",
    "lemma6_derivative_certificate",
    "lemma6_sup_bound_certificate",
    "is_exact_zero",
    "zero_decision",
]

U = float(np.finfo(np.float64).eps) / 2  # unit roundoff 2^-53


def _gamma(n: int) -> float:
    """gamma_n = n u / (1 - n u): relative error bound of an n-term float64 sum/product (Higham)."""
    return n * U / (1 - n * U)


def exact_rational(value) -> sympy.Rational:
    """A float (exact binary value), int, Fraction or sympy number as a sympy Rational; ``ValueError`` otherwise."""
    if isinstance(value, sympy.Basic):
        if not value.is_Rational:
            raise ValueError(f"value: expected a rational number, got {value!r}")
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"value: expected a finite number, got {value!r}")
        value = Fraction(value)  # exact: every finite float is a dyadic rational
    f = Fraction(value)
    return sympy.Rational(f.numerator, f.denominator)


def lemma1_orders(l0: int, step: int, n: int) -> tuple[int, ...]:
    """Assumption 2's orders l_k = l0 + k step, k < n; ``ValueError`` unless l0 >= 0, step >= 1, n >= 1."""
    if int(l0) != l0 or l0 < 0:
        raise ValueError(f"l0: Assumption 2 needs a non-negative integer, got {l0!r}")
    if int(step) != step or step < 1:
        raise ValueError(f"step: N distinct orders in arithmetic sequence need an integer step >= 1, got {step!r}")
    if int(n) != n or n < 1:
        raise ValueError(f"n: need N >= 1, got {n!r}")
    return tuple(int(l0) + k * int(step) for k in range(int(n)))


def lemma1_matrix(z: Sequence, orders: Sequence[int], derivs: Sequence) -> sympy.Matrix:
    """A of (7): rows (z_1^{l_k} sigma^(l_k)(0), ..., z_N^{l_k} sigma^(l_k)(0)), exact.

    ``z`` are converted exactly (:func:`exact_rational`); ``derivs`` may be any sympy numbers.
    """
    z = [exact_rational(v) for v in z]
    if len(orders) != len(z) or len(derivs) != len(z):
        raise ValueError(f"orders, derivs: need N = len(z) = {len(z)} of each, got {len(orders)} and {len(derivs)}")
    return sympy.Matrix([[zn ** int(l) * sympy.sympify(c) for zn in z] for l, c in zip(orders, derivs)])


def lemma1_determinant_formula(z: Sequence, l0: int, step: int, derivs: Sequence) -> sympy.Expr:
    """det A = prod_k sigma^(l_k)(0) * prod_n z_n^{l0} * prod_{i<j} (z_j^step - z_i^step).

    The proof's reduction: A is A* (8) with row k scaled by sigma^(l_k)(0) and column n by
    z_n^{l0}, and A* is the Vandermonde matrix of u_n = z_n^step (not of z_n).
    """
    z = [exact_rational(v) for v in z]
    n = len(z)
    lemma1_orders(l0, step, n)
    u = [zn ** int(step) for zn in z]
    vander = sympy.Mul(*[u[j] - u[i] for i in range(n) for j in range(i + 1, n)])
    return sympy.Mul(*[sympy.sympify(c) for c in derivs]) * sympy.Mul(*[zn ** int(l0) for zn in z]) * vander


def lemma1_certificate(z: Sequence, l0: int, step: int, derivs: Sequence) -> Certificate:
    """Exact: is A of (7) non-singular? Also checks det A against the closed form (a failed identity raises)."""
    orders = lemma1_orders(l0, step, len(z))
    Amat = lemma1_matrix(z, orders, derivs)
    det = sympy.expand(Amat.det(method="bareiss"))
    formula = lemma1_determinant_formula(z, l0, step, derivs)
    if not is_exact_zero(det - formula):  # the proof's factorisation, exact
        raise AssertionError(f"det A = {det} differs from the Vandermonde factorisation {formula}")
    zr = [exact_rational(v) for v in z]
    u = [zn ** int(step) for zn in zr]
    coincide = [(i, j) for i in range(len(u)) for j in range(i + 1, len(u)) if u[i] == u[j]]
    nonzero = not is_exact_zero(det)
    return Certificate(
        question="Lemma 1: A (7) non-singular",
        holds=bool(nonzero),
        evidence="exact",
        explanation=(f"exact det A over the rationals, orders {orders}; equals prod sigma^(l_k)(0) "
                     f"prod z_n^l0 prod_(i<j)(z_j^{step} - z_i^{step})"
                     + (f"; z_i^{step} = z_j^{step} for (i, j) in {coincide}" if coincide else "")),
        numbers={"N": len(zr), "l0": int(l0), "step": int(step), "det": str(det),
                 "equal_powers": str(coincide)},
    )


def assumption_2_certificate(act: A.Activation, n: int, *, max_order: int | None = None) -> Certificate:
    """Exact: sigma analytic with n nonzero derivative orders at 0 in arithmetic sequence (4).

    The progression is searched among orders <= ``max_order`` (default 2n + 2, enough for
    steps <= 2); each of its orders is then re-checked nonzero on sigma's exact (sympy)
    derivative. Without an exact closed form the certificate does not hold (undecided).
    """
    if int(n) != n or n < 1:
        raise ValueError(f"n: need N >= 1, got {n!r}")
    n = int(n)
    max_order = 2 * n + 2 if max_order is None else int(max_order)
    if not act.properties.analytic:
        return Certificate("Assumption 2", False, "exact", f"{act.name} is not analytic (declared)",
                           {"N": n, "max_order": max_order})
    exact = act.exact_derivatives_at(0, max_order)
    if exact is None:
        return Certificate("Assumption 2", False, "exact", f"{act.name}: no exact derivatives at 0 (undecided)",
                           {"N": n, "max_order": max_order})
    decisions = [zero_decision(d) for d in exact]
    nonzero = tuple(l for l, (zero, _) in enumerate(decisions) if not zero)
    found = A.assumption_2_orders(act, n, max_order=max_order)
    orders = () if found is None else lemma1_orders(found[0], found[1], n)
    ok = found is not None and all(l in nonzero for l in orders)
    return Certificate(
        question="Assumption 2",
        holds=ok,
        evidence=_evidence(decisions[l] for l in orders) if ok else _evidence(decisions),
        explanation=(f"{act.name}: orders {orders} with sigma^(l)(0) = {[exact[l] for l in orders]} nonzero (sympy)"
                     if ok else f"{act.name}: no {n} nonzero orders <= {max_order} in arithmetic sequence"),
        numbers={"N": n, "max_order": max_order, "nonzero_orders": str(nonzero), "progression": str(found)},
    )


def unequal_activations_certificate(act: A.Activation, a: torch.Tensor, b: torch.Tensor, Z: torch.Tensor) -> Certificate:
    """Sampled (Lemma 3): sigma(a^T z) != sigma(b^T z) at every column z of Z (N, S), beyond rounding.

    Rounding bound per sample: s = a^T z carries |ds| <= gamma_N sum |a_i z_i| (same for t = b^T z);
    sigma(s) evaluated with relative error c u, c = 8 (a few library operations), plus
    |sigma'(s)| |ds| from the perturbed argument. |sigma(s) - sigma(t)| must exceed the sum of
    both sides' bounds (and the subtraction's u |difference|).
    """
    a, b, Z = (torch.as_tensor(v, dtype=DTYPE) for v in (a, b, Z))
    n = a.numel()
    s, t = a @ Z, b @ Z
    ds, dt = _gamma(n) * (a.abs() @ Z.abs()), _gamma(n) * (b.abs() @ Z.abs())
    fs, ft = act(s), act(t)
    bound = (8 * U * (fs.abs() + ft.abs()) + act.derivative(s).abs() * ds + act.derivative(t).abs() * dt)
    diff = (fs - ft).abs()
    bound = bound + U * diff
    margin = diff - bound
    worst = int(torch.argmin(margin))
    return Certificate(
        question="Lemma 3: sigma(a^T z) != sigma(b^T z) at sampled z",
        holds=bool(torch.all(margin > 0)),
        evidence="sampled",
        explanation=f"{Z.shape[1]} Gaussian z; smallest |sigma(a^T z) - sigma(b^T z)| against its rounding bound",
        numbers={"samples": int(Z.shape[1]), "min_diff": float(diff.min()), "bound_at_min": float(bound[worst]),
                 "min_margin": float(margin[worst])},
        tolerance=float(bound[worst]),
        tolerance_derivation="gamma_N sum|a_i z_i| |sigma'| + 8u |sigma| per side + u |diff|",
    )


def sampled_unequal_activations(act: A.Activation, a, b, seed: int,
                                n_samples: int = 2000) -> tuple[Certificate, Certificate]:
    """Lemma 3 (li2022benefit) / Lemma 6 (li2018overparameterized) on seeded Gaussian z:
    ``unequal_activations_certificate`` for (a, b) and, as the negative control, for (a, a)
    (Omega = R^N there: it must fail).

    Any absolutely continuous law of z probes a measure-zero set; z is scaled by
    1 / max(||a||, ||b||, 1) so that a^T z, b^T z are of order one and no activation saturates
    in float64 (saturation is undecidable, not a refutation)."""
    a, b = torch.as_tensor(a, dtype=DTYPE), torch.as_tensor(b, dtype=DTYPE)
    if a.ndim != 1 or a.shape != b.shape or a.numel() == 0:
        raise ValueError(f"a, b: expected two vectors of one length N >= 1, got shapes {tuple(a.shape)}, {tuple(b.shape)}")
    if int(n_samples) != n_samples or n_samples < 1:
        raise ValueError(f"n_samples: expected a positive integer, got {n_samples!r}")
    gen = torch.Generator().manual_seed(int(seed))
    scale = max(float(a.norm()), float(b.norm()), 1.0)
    Z = torch.randn(a.numel(), int(n_samples), generator=gen, dtype=DTYPE) / scale
    return unequal_activations_certificate(act, a, b, Z), unequal_activations_certificate(act, a, a, Z)


def generic_projections_certificate(X: torch.Tensor, W: torch.Tensor) -> Certificate:
    """Sampled (Lemma 4): for every row w of W (S, d), the w^T x^(n) are nonzero and pairwise distinct.

    p = W X is a d-term dot product: |dp_n| <= gamma_d sum_i |w_i x_in|. A projection is
    certified nonzero if |p_n| > that bound, two are certified distinct if |p_n - p_n'| exceeds
    the sum of their bounds (plus u |p_n - p_n'| for the subtraction).
    """
    X, W = torch.as_tensor(X, dtype=DTYPE), torch.as_tensor(W, dtype=DTYPE)
    d, N = X.shape
    P = W @ X
    err = _gamma(d) * (W.abs() @ X.abs())
    zero_margin = (P.abs() - err).min()
    gap = (P[:, :, None] - P[:, None, :]).abs()
    gap_err = err[:, :, None] + err[:, None, :] + U * gap
    off = ~torch.eye(N, dtype=torch.bool)
    dist_margin = (gap - gap_err)[:, off].min() if N > 1 else torch.tensor(math.inf, dtype=DTYPE)
    min_gap = gap[:, off].min() if N > 1 else torch.tensor(math.inf, dtype=DTYPE)
    return Certificate(
        question="Lemma 4: w^T x^(n) nonzero and pairwise distinct at sampled w",
        holds=bool(zero_margin > 0 and dist_margin > 0),
        evidence="sampled",
        explanation=f"{W.shape[0]} Gaussian w; margins over the float64 dot-product bound",
        numbers={"samples": int(W.shape[0]), "N": int(N), "d": int(d), "min_abs_projection": float(P.abs().min()),
                 "zero_margin": float(zero_margin), "min_gap": float(min_gap), "distinct_margin": float(dist_margin)},
        tolerance=float(err.max()),
        tolerance_derivation="gamma_d sum_i |w_i x_in| per projection (Higham dot-product bound)",
    )


def _exact_scalar(v) -> sympy.Expr:
    return exact_rational(v) if not isinstance(v, sympy.Basic) else v


def zero_decision(expr) -> tuple[bool, bool]:
    """(is zero, decided exactly) for a closed-form constant: the activations' shared test
    (:func:`landscape._activation_symbolic.zero_decision`) without ``simplify``, which can take
    minutes on the nested closed forms these lemmas build; a 60-digit verdict is flagged as not
    exact, and certificates built on it must not claim ``exact`` evidence."""
    return _symbolic_zero_decision(expr, simplify=False)


def is_exact_zero(expr) -> bool:
    """``zero_decision(expr)[0]``."""
    return zero_decision(expr)[0]


def _evidence(decisions) -> str:
    return "exact" if all(exact for _, exact in decisions) else "sampled"


def lemma6_derivative_certificate(g: A.Activation, s, k: int, n_orders: int) -> Certificate:
    """Exact (Lemma 6): f_k^(n)(0) = g^(n)(0) + (-1)^floor(n/2)/(s (k+1)) and != 0 for n < n_orders.

    f_k is :func:`landscape.activations.sin_cos_perturbed` (g, s, k); its exact derivatives at 0
    are compared with the printed formula in sympy, and each is decided nonzero exactly.
    """
    f = A.sin_cos_perturbed(g, float(s), k)
    top = int(n_orders) - 1
    dg, df = g.exact_derivatives_at(0, top), f.exact_derivatives_at(0, top)
    if dg is None or df is None:
        return Certificate("Lemma 6 derivatives", False, "exact", f"{g.name}: no exact derivatives at 0 (undecided)")
    S = _exact_scalar(s) * (int(k) + 1)
    printed = [dg[n] + sympy.Integer((-1) ** (n // 2)) / S for n in range(top + 1)]
    formula = [zero_decision(df[n] - printed[n]) for n in range(top + 1)]
    values = [zero_decision(df[n]) for n in range(top + 1)]
    formula_ok = all(zero for zero, _ in formula)
    zeros = [n for n, (zero, _) in enumerate(values) if zero]
    return Certificate(
        question="Lemma 6: f_k^(n)(0) formula and orders 0..N-1 nonzero",
        holds=formula_ok and not zeros,
        evidence=_evidence(formula + values),
        explanation=(f"f_k = {f.name}: sympy derivatives at 0 "
                     + ("match" if formula_ok else "DIFFER from") + " g^(n)(0) + (-1)^floor(n/2)/(s(k+1))"
                     + (f"; vanish at orders {zeros}" if zeros else "; all nonzero")),
        numbers={"N": int(n_orders), "s": str(s), "k": int(k), "f_k_derivs": str(df), "zero_orders": str(zeros)},
    )


def lemma6_sup_bound_certificate(g: A.Activation, s: float, k: int, t: torch.Tensor) -> Certificate:
    """Sampled (Lemma 6 (22)): |f_k(t) - g(t)| <= sqrt(2)/(s (k+1)) on the grid ``t``.

    Rounding: f_k and g each carry relative error <= 8u in their value (sin, cos, one division,
    one addition on top of g), and the subtraction adds u |f_k - g|.
    """
    t = torch.as_tensor(t, dtype=DTYPE)
    f = A.sin_cos_perturbed(g, float(s), k)
    fk, gt = f(t), g(t)
    dev = (fk - gt).abs()
    bound = math.sqrt(2) / (s * (k + 1))
    rounding = 8 * U * (fk.abs() + gt.abs()) + U * dev + 2 * U * bound
    excess = float((dev - bound - rounding).max())
    decidable = bool(rounding.max() < bound)  # else float64 could not see a violation of size ~bound
    return Certificate(
        question="Lemma 6 (22): sup |f_k - g| <= sqrt(2)/(s(k+1))",
        holds=excess <= 0 and decidable,
        evidence="sampled",
        explanation=(f"{t.numel()} grid points in [{float(t.min()):.3g}, {float(t.max()):.3g}]"
                     + ("" if decidable else "; rounding exceeds the bound (undecidable)")),
        numbers={"max_dev": float(dev.max()), "bound": bound, "excess": excess},
        tolerance=float(rounding.max()),
        tolerance_derivation="8u (|f_k| + |g|) + u |f_k - g| + 2u bound",
    )


# --------------------------------------------------------------------------- Definition 5, Section 4.1 claim
def hidden_matrix(act: A.Activation, W: torch.Tensor, X: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Z = sigma(W X) (m, N) and the entrywise float64 error bound of Z.

    S = W X is a d-term dot product, |dS| <= gamma_d |W||X|; sigma(S) carries <= 8u |sigma| of its own
    rounding plus |sigma'(S)| |dS| from the argument.
    """
    W, X = torch.as_tensor(W, dtype=DTYPE), torch.as_tensor(X, dtype=DTYPE)
    S = W @ X
    dS = _gamma(W.shape[1]) * (W.abs() @ X.abs())
    Z = act(S)
    return Z, 8 * U * Z.abs() + act.derivative(S).abs() * dS


def full_rank_certificate(act: A.Activation, W: torch.Tensor, X: torch.Tensor) -> Certificate:
    """Witness (Definition 5): rank sigma(W X) = N for this explicit W, with margin above rounding.

    Weyl: sigma_min(Z_exact) >= sigma_min(Z_float) - ||dZ||_2 - (svd backward error); ||dZ||_2 <= ||dZ||_F
    from :func:`hidden_matrix`, the SVD's backward error <= 4 max(m, N) u ||Z||_2 (LAPACK's Householder
    bidiagonalisation bound, constant taken generously). Rank N iff sigma_min(Z) exceeds their sum.
    """
    Z, dZ = hidden_matrix(act, W, X)
    m, N = Z.shape
    if m < N:
        raise ValueError(f"W: rank sigma(W X) = N needs m >= N rows, got m = {m} < N = {N}")
    sv = torch.linalg.svdvals(Z)
    tol = float(torch.linalg.norm(dZ)) + 4 * max(m, N) * U * float(sv[0])
    smin = float(sv[N - 1])
    finite = bool(torch.isfinite(Z).all())
    return Certificate(
        question="Definition 5: rank sigma(W X) = N",
        holds=finite and smin > tol,
        evidence="witness",
        explanation=f"sigma_min(Z) against the Weyl bound of every rounding, Z = {act.name}(W X) ({m} x {N})",
        numbers={"m": m, "N": N, "sigma_max": float(sv[0]), "sigma_min": smin, "ratio": smin / tol if tol else math.inf},
        tolerance=tol,
        tolerance_derivation="||dZ||_F (gamma_d |W||X| |sigma'| + 8u|sigma|) + 4 max(m,N) u ||Z||_2",
    )


def zero_weight_rank_certificate(act: A.Activation, m: int, N: int) -> Certificate:
    """Exact (Section 4.1): sigma(0 X) = sigma(0) 1_m 1_N^T has rank <= 1 (sympy rank of the exact matrix)."""
    s0 = act.exact_derivatives_at(0, 0)
    if s0 is None:
        return Certificate("rank sigma(0 X) <= 1", False, "exact", f"{act.name}: no exact sigma(0) (undecided)")
    rank = sympy.Matrix(m, N, lambda i, j: s0[0]).rank()
    return Certificate("rank sigma(0 X) <= 1", rank <= 1, "exact",
                       f"every entry of sigma(0 X) is sigma(0) = {s0[0]}", {"m": m, "N": N, "rank": rank})


def straight_path_certificate(Z: torch.Tensor, y: torch.Tensor, v0: torch.Tensor, ts: torch.Tensor) -> Certificate:
    """Witness (Section 4.1): along v(t) = (1-t) v0 + t v*, v*^T Z = y^T, f(t) = (1-t)^2 f(0) -> 0 = inf f.

    f(t) = ||y - Z^T v(t)||^2 for Z of rank N (m >= N); v* by least squares. The residual
    r(t) = (1-t) r0 + t r* with the computed r* = y - Z^T v*: exact arithmetic with an exact
    v* would give r* = 0. Per t the deviation |f(t) - (1-t)^2 f(0)| must stay within
    2 t (1-t) |r0^T r*| + t^2 ||r*||^2 (the computed r*'s share) plus the rounding of each
    loss value (2 sum |r_n| e_n + e_n^2 + gamma_N f, e_n = gamma_(m+1) (|y_n| + |Z|^T |v|)),
    and ||r*|| itself within 10 max(m, N) u kappa(Z) ||y|| (backward-stable least squares).
    """
    Z, y, v0, ts = (torch.as_tensor(a, dtype=DTYPE) for a in (Z, y, v0, ts))
    m, N = Z.shape
    vstar = torch.linalg.lstsq(Z.T, y[:, None]).solution[:, 0]
    V = (1 - ts)[:, None] * v0[None, :] + ts[:, None] * vstar[None, :]       # (T, m)
    R = y[None, :] - V @ Z                                                     # (T, N)
    f = (R * R).sum(dim=1)
    e = _gamma(m + 1) * (y.abs()[None, :] + V.abs() @ Z.abs())
    fround = 2 * (R.abs() * e).sum(dim=1) + (e * e).sum(dim=1) + _gamma(N) * f
    r0, rstar = R[0], y - vstar @ Z
    sv = torch.linalg.svdvals(Z)
    kappa = float(sv[0] / sv[N - 1])
    rstar_tol = 10 * max(m, N) * U * kappa * float(y.norm())
    share = 2 * ts * (1 - ts) * float((r0 * rstar).sum().abs()) + ts**2 * float(rstar.norm()) ** 2
    form = (1 - ts) ** 2 * f[0]
    tol = fround + (1 - ts) ** 2 * fround[0] + share
    dev = (f - form).abs()
    # kappa u max(m, N) >= 1/10 means Z is numerically rank deficient: the least-squares bound then allows a
    # residual as large as ||y||, so an exact v* with v*^T Z = y^T is not witnessed.
    full_rank = math.isfinite(kappa) and 10 * max(m, N) * U * kappa < 1e-3
    ok = (full_rank and bool(torch.all(dev <= tol)) and float(rstar.norm()) <= rstar_tol
          and float(f[0]) > float(tol.max()))
    return Certificate(
        question="straight path in v: f(t) = (1-t)^2 f(0), to inf f = 0",
        holds=ok,
        evidence="witness",
        explanation=f"{ts.numel()} points t in [{float(ts[0]):.3g}, {float(ts[-1]):.6g}]; f(0) far above rounding",
        numbers={"f0": float(f[0]), "f_last": float(f[-1]), "max_dev": float(dev.max()), "max_tol": float(tol.max()),
                 "r_star": float(rstar.norm()), "r_star_tol": rstar_tol, "kappa": kappa},
        tolerance=float(tol.max()),
        tolerance_derivation="loss rounding at t and 0 + the computed r*'s share; ||r*|| <= 10 max(m,N) u kappa ||y||",
    )
