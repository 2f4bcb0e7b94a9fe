"""Verifiers for the properties an :class:`~landscape.activations.Activation` declares.

Each ``check_*`` takes an activation and the claimed value (default: the declared one) and
returns a :class:`~landscape.evidence.Certificate` whose ``holds`` says whether the claim
is confirmed. ``exact`` evidence comes from the sympy pieces (limits, polynomial root
counts, one-sided derivatives at breakpoints, symbolic identities); ``sampled`` evidence
from the float64 torch implementation on grids. A claim that a check cannot confirm does
not hold ("inconclusive" is a failure, never a pass). ``verify_properties`` runs every
check that applies.

Notation: u = 2^-53 (unit roundoff); S_k(t) (see :func:`check_consistency`) the size of
the terms a float64 evaluation of sigma^(k) near t rounds.
"""

from __future__ import annotations

import math
from typing import Sequence

import mpmath
import numpy as np
import sympy
import torch
from torch.func import grad, vmap

from . import _activation_symbolic as sym
from ._tensors import DTYPE
from .evidence import Certificate, Evidence

__all__ = [
    "check_consistency",
    "check_analytic",
    "check_smoothness",
    "check_breakpoints",
    "check_piecewise_linear",
    "check_homogeneity",
    "check_monotone",
    "check_bounded",
    "check_surjective",
    "check_polynomial_degree",
    "check_linear",
    "check_derivative_orders",
    "verify_properties",
]

U = 2.0**-53
_T = sym.T


def _cert(question, holds, evidence, explanation, numbers=None, tol=None, derivation=""):
    return Certificate(question=question, holds=bool(holds), evidence=evidence, explanation=explanation,
                       numbers=numbers or {}, tolerance=tol, tolerance_derivation=derivation)


def _no_form(question, act):
    return _cert(question, False, Evidence.SAMPLED, f"{act.name} has no sympy form: inconclusive")


def _piece_index(pieces, t: float) -> int | None:
    for i, (lo, hi, _) in enumerate(pieces):
        if float(lo) < t < float(hi):
            return i
    return None


def _interior_points(act, lo=-6.0, hi=6.0, n=41, extra=(-15.0, 15.0)) -> np.ndarray:
    pts = np.concatenate([np.linspace(lo, hi, n), np.asarray(extra, dtype=float)])
    bps = np.asarray(act.properties.breakpoints, dtype=float)
    if act.pieces is not None:
        bps = np.concatenate([bps, [float(b) for b in sym.boundaries(act.pieces)]])
    if bps.size:
        keep = np.min(np.abs(pts[:, None] - bps[None, :]), axis=1) > 1e-6 * np.maximum(1.0, np.abs(pts))
        pts = pts[keep]
    return pts


def _mp_values(pieces, pts: np.ndarray, orders: int) -> np.ndarray:
    """sigma^(k)(t), k < orders, at points interior to the pieces, in 160-digit arithmetic, as floats.

    160 digits: the sympy formulas cancel (1 + e^-150 in softplus_10 at t = -15, 1 + erf(-10.6)
    ~ 1e-50 in GELU's textbook form) and need ~70 guard digits beyond the 17 kept.
    """
    out = np.empty((orders, pts.size))
    with mpmath.workdps(160):
        funcs = []
        for _, _, e in pieces:
            ds, d = [], e
            for _ in range(orders):
                ds.append(sympy.lambdify(_T, d, "mpmath"))
                d = sympy.diff(d, _T)
            funcs.append(ds)
        for j, t in enumerate(pts):
            i = _piece_index(pieces, float(t))
            for k in range(orders):
                out[k, j] = float(mpmath.re(funcs[i][k](mpmath.mpf(float(t)))))
    return out


def _nested(fn, k):
    for _ in range(k):
        fn = grad(fn)
    return fn


def check_consistency(act, *, points: Sequence[float] | None = None) -> Certificate:
    """The torch implementation and its autodiff sigma', sigma'' agree with the sympy form.

    Tolerance for order k (k = 0, 1, 2): c_k u S_k(t) with c_0 = 64 (a formula of at most
    ~30 elementary operations, each within 2 ulps for libm) and c_1 = c_2 = 256 (reverse
    mode multiplies the number of rounded terms by at most 4 per order here), where
    S_k(t) = sum_{j <= k+2} |t|^max(0, j-k) |sigma^(j)(t)|: reverse-mode formulas for
    sigma^(k) are built from the lower-order values (e.g. tanh' = 1 - tanh^2 rounds on the
    scale of tanh, not of tanh'), and the input's own rounding enters through t sigma^(k+1).
    Activations with a ``rounding_scale`` (polynomials) add Horner's bound: 2n * 64 u times
    the absolute-value polynomial of sigma^(k) (n terms; 64 u covers the autodiff factor).
    """
    q = f"{act.name}: torch implementation matches its exact form"
    if act.pieces is None:
        return _no_form(q, act)
    pts = _interior_points(act) if points is None else np.asarray(points, dtype=float)
    ref = _mp_values(act.pieces, pts, 5)
    t = torch.tensor(pts, dtype=DTYPE)
    got = np.stack([vmap(_nested(act.fn, k))(t).numpy() for k in range(3)])
    worst, where = 0.0, None
    for k, c in zip(range(3), (64, 256, 256)):
        scale = sum(np.abs(pts) ** max(0, j - k) * np.abs(ref[j]) for j in range(k + 3))
        if act.rounding_scale is not None:
            # Horner/Newton: error <= gamma_{2n} (absolute-value polynomial), n terms
            n_terms = len(act.pieces[0][2].as_poly(_T).all_coeffs())
            scale = scale + 2 * n_terms / c * 64 * act.rounding_scale(t, k).numpy()
        err = np.abs(got[k] - ref[k]) / (c * U * scale + 1e-300)
        j = int(np.nanargmax(np.where(np.isfinite(err), err, np.inf)))
        if not np.isfinite(err[j]) or err[j] > worst:
            worst, where = (float(err[j]) if np.isfinite(err[j]) else math.inf), (k, float(pts[j]))
    return _cert(q, worst <= 1.0, Evidence.SAMPLED,
                 f"sigma, sigma', sigma'' at {pts.size} points vs 160-digit mpmath; worst error/tol at (order, t) = {where}",
                 {"worst_error_over_tol": worst, "points": int(pts.size)}, 1.0,
                 "c_k u S_k(t), c = (64, 256, 256), S_k from the exact derivatives")


_ANALYTIC_FUNCS = (sympy.exp, sympy.sin, sympy.cos, sympy.tanh, sympy.sinh, sympy.cosh, sympy.atan, sympy.erf,
                   sympy.erfc)


def _expression_is_analytic(e: sympy.Expr) -> tuple[bool, str]:
    """Entire/analytic building blocks only, logs of positive and powers of nonvanishing bases."""
    for node in sympy.preorder_traversal(e):
        if not isinstance(node, sympy.Basic) or _T not in node.free_symbols:
            continue
        if node.is_Symbol or node.is_Add or node.is_Mul:
            continue
        if isinstance(node, _ANALYTIC_FUNCS):
            continue
        if isinstance(node, sympy.log):
            if node.args[0].is_positive:
                continue
            return False, f"log of a possibly non-positive argument {node.args[0]}"
        if node.is_Pow:
            base, ex = node.args
            if ex.is_Integer and (ex >= 0 or base.is_positive or base.is_negative):
                continue
            if _T not in ex.free_symbols and base.is_positive:
                continue
            return False, f"power {node} may fail to be analytic"
        return False, f"non-analytic building block {type(node).__name__}: {node}"
    return True, "built from analytic functions"


def _genuine_kinks(act, max_order: int = 8) -> list[tuple[float, int | None]]:
    """For each piece boundary b: the lowest order whose derivative does not exist there (None: all exist)."""
    out = []
    for b in sym.boundaries(act.pieces):
        vals = sym.derivatives_at(act.pieces, b, max_order)
        bad = [k for k, v in enumerate(vals) if v is sympy.nan]
        out.append((float(b), bad[0] if bad else None))
    return out


def check_analytic(act, claimed: bool | None = None) -> Certificate:
    """Analytic: one piece built from analytic blocks. Not analytic: a boundary where a derivative fails to exist."""
    claimed = act.properties.analytic if claimed is None else claimed
    q = f"{act.name}: {'is' if claimed else 'is not'} real analytic"
    if act.pieces is None:
        return _no_form(q, act)
    if len(act.pieces) == 1:
        ok, why = _expression_is_analytic(act.pieces[0][2])
        finite = bool(np.isfinite(act.derivatives_at(0.0, 4)).all())
        is_analytic = ok and finite
        return _cert(q, is_analytic == claimed, Evidence.EXACT, f"{why}; derivatives at 0 finite: {finite}")
    kinks = _genuine_kinks(act)
    broken = [(b, k) for b, k in kinks if k is not None]
    return _cert(q, (not broken) == claimed if broken else False, Evidence.EXACT,
                 f"(breakpoint, first non-existent derivative order): {kinks}"
                 + ("" if broken else "; no order <= 8 breaks: inconclusive"))


def check_smoothness(act, claimed: float | None = None) -> Certificate:
    """C^k exactly: derivatives of orders <= k exist at every breakpoint, order k + 1 fails at one."""
    k = act.properties.smoothness if claimed is None else claimed
    q = f"{act.name}: is C^{k} and no smoother"
    if act.pieces is None:
        return _no_form(q, act)
    if k == math.inf:
        c = check_analytic(act, True)
        return _cert(q, c.holds, c.evidence, c.explanation)
    kinks = _genuine_kinks(act, int(k) + 2)
    exists_k = all(first is None or first > k for _, first in kinks)
    fails_k1 = any(first == k + 1 for _, first in kinks)
    return _cert(q, exists_k and fails_k1, Evidence.EXACT, f"(breakpoint, first non-existent derivative order): {kinks}")


def check_breakpoints(act, claimed: Sequence[float] | None = None) -> Certificate:
    """Declared breakpoints = the sympy form's boundaries, each a genuine kink; for piecewise linear
    ones also the torch implementation's one-sided slopes differ there (sampled)."""
    bps = tuple(act.properties.breakpoints if claimed is None else claimed)
    q = f"{act.name}: breakpoints are exactly {bps}"
    if act.pieces is None:
        return _no_form(q, act)
    bounds = tuple(float(b) for b in sym.boundaries(act.pieces))
    kinks = _genuine_kinks(act)
    genuine = tuple(b for b, first in kinks if first is not None)
    ok = bounds == tuple(float(b) for b in bps) and genuine == bounds
    nums: dict = {}
    if ok and bps and all(_is_poly_piece(e, 1) for _, _, e in act.pieces):
        # One-sided difference quotients at h = 2^-10 (1 + |b|): exact for linear pieces up to
        # rounding of sigma(b +- h) - sigma(b), <= 4 u (|sigma(b)| + |sigma(b +- h)|) / h each.
        b = torch.tensor(bps, dtype=DTYPE)
        h = 2.0**-10 * (1 + b.abs())
        f0, fl, fr = act.fn(b), act.fn(b - h), act.fn(b + h)
        left, right = (f0 - fl) / h, (fr - f0) / h
        tol = 8 * U * (f0.abs() + fl.abs() + fr.abs()) / h
        jump = (right - left).abs()
        ok = bool((jump > tol).all())
        nums = {"min_slope_jump": float(jump.min()), "tol": float(tol.max())}
    return _cert(q, ok, Evidence.EXACT, f"piece boundaries {bounds}; genuine kinks {genuine}", nums)


def _is_poly_piece(e, max_degree: int | None = None) -> bool:
    if not e.is_polynomial(_T):
        return False
    return max_degree is None or sympy.Poly(e, _T).degree() <= max_degree


def check_piecewise_linear(act, claimed: bool | None = None) -> Certificate:
    """Exact: every piece is affine and sigma is continuous. Sampled: torch's second differences vanish inside pieces."""
    claimed = act.properties.piecewise_linear if claimed is None else claimed
    q = f"{act.name}: {'is' if claimed else 'is not'} piecewise linear"
    if act.pieces is None:
        return _no_form(q, act)
    affine = all(_is_poly_piece(e, 1) for _, _, e in act.pieces)
    continuous = all(sym.derivatives_at(act.pieces, b, 0)[0] is not sympy.nan for b in sym.boundaries(act.pieces))
    is_pl = affine and continuous
    nums: dict = {}
    if is_pl:
        # Second differences of an affine piece vanish up to the rounding of three values.
        # A float64 formula for a PL function (slopes s_k, breakpoints b_k) combines terms up to
        # E(t) = |f(t)| + (|t| + max|b_k|) max|s_k| in size (e.g. s_0 t + sum d_k max(t - b_k, 0)),
        # each value within 16 u E(t) for <= 8 operations at 2 ulps:
        # |f(t-h) - 2 f(t) + f(t+h)| <= 16 u (E(t-h) + 2 E(t) + E(t+h)).
        pts = torch.tensor(_interior_points(act), dtype=DTYPE)
        h = torch.full_like(pts, 1e-3)
        bnds = [float(b) for b in sym.boundaries(act.pieces)]
        for b in bnds:  # keep t +- h inside the piece
            h = torch.minimum(h, (pts - b).abs() / 2)
        smax = max(abs(float(sympy.diff(e, _T))) for _, _, e in act.pieces)
        bmax = max((abs(b) for b in bnds), default=0.0)
        a, m, c = act.fn(pts - h), act.fn(pts), act.fn(pts + h)
        d2 = (a - 2 * m + c).abs()
        E = lambda v, t: v.abs() + (t.abs() + bmax) * smax  # noqa: E731
        tol = 16 * U * (E(a, pts - h) + 2 * E(m, pts) + E(c, pts + h))
        nums = {"max_second_difference_over_tol": float((d2 / (tol + 1e-300)).max())}
        is_pl = bool((d2 <= tol).all())
    return _cert(q, is_pl == claimed, Evidence.EXACT, f"pieces affine: {affine}; continuous: {continuous}", nums)


def check_homogeneity(act, degree: float | None = None, *, claimed: bool = True) -> Certificate:
    """sigma(a t) = a^p sigma(t) for all t and a > 0 (p = ``degree``; p = 1: positively homogeneous).

    Exact when it holds: sigma(0) = 0 and every piece equals sigma(+-1) |t|^p on its side of 0
    (a piece straddling 0 must be c t^p). Refuted by a witness: rational (t, a) with
    sigma(a t) - a^p sigma(t) exactly nonzero (:func:`~landscape._activation_symbolic.is_exact_zero`).
    """
    p = act.properties.homogeneity_degree if degree is None else degree
    if p is None:
        p = 1.0
    q = f"{act.name}: {'is' if claimed else 'is not'} homogeneous of degree {p} (sigma(a t) = a^{p} sigma(t), a > 0)"
    if act.pieces is None:
        return _no_form(q, act)
    P = sym.exact(p)
    pieces = act.pieces
    witness = None
    for t in (-1.7, -0.6, 0.0, 0.45, 1.3, 3.1):
        for a in (0.5, 2.5):
            T0, A0 = sym.exact(t), sym.exact(a)
            # exact defect sigma(a t) - a^p sigma(t) at rational (t, a), decided by is_exact_zero
            d = sym.derivatives_at(pieces, A0 * T0, 0)[0] - A0**P * sym.derivatives_at(pieces, T0, 0)[0]
            if not sym.is_exact_zero(d):
                witness = (t, a, float(sympy.N(d, 20)))
                break
        if witness:
            break
    if witness is not None:
        return _cert(q, not claimed, Evidence.EXACT, f"witness (t, a, difference) = {witness}")
    sig0 = sym.derivatives_at(pieces, 0, 0)[0]
    ok = sig0 is not sympy.nan and sym.is_exact_zero(sig0)
    for side in (1, -1):
        s1 = sym.derivatives_at(pieces, side, 0)[0]
        for lo, hi, e in pieces:
            on_side = (lo >= 0) if side == 1 else (hi <= 0)
            straddles = lo < 0 < hi
            if straddles:
                # a piece with 0 inside: homogeneous of degree p iff it is c t^p (or 0)
                poly = sympy.Poly(e, _T) if _is_poly_piece(e) else None
                ok = ok and poly is not None and (poly.is_zero or (
                    len([c for c in poly.all_coeffs() if c != 0]) == 1 and poly.degree() == P))
            elif on_side:
                ok = ok and sym.is_exact_zero(sympy.simplify(e - s1 * (side * _T) ** P))
    return _cert(q, ok == claimed, Evidence.EXACT,
                 "sigma(0) = 0 and each piece is sigma(+-1)|t|^p" if ok else "no witness found but the identity is not proved: inconclusive")


def _poly_monotone(pieces) -> str | None | bool:
    """Exact monotonicity of a piecewise polynomial with pieces sharing the same kind; False: not decidable here."""
    kinds = []
    for lo, hi, e in pieces:
        if not _is_poly_piece(e):
            return False
        d = sympy.Poly(sympy.diff(e, _T), _T)
        if d.is_zero:
            kinds.append("flat")
            continue
        # sign changes of sigma' inside (lo, hi): real roots of odd multiplicity there.
        _, factors = d.sqf_list()
        inf = lambda x: None if x in (sympy.oo, -sympy.oo) else x  # noqa: E731
        changes = sum(f.count_roots(inf(lo), inf(hi)) for f, m in factors if m % 2 == 1)
        # roots exactly at the endpoints are not inside; count_roots counts closed intervals
        for f, m in factors:
            if m % 2 == 1:
                for x in (lo, hi):
                    if x not in (sympy.oo, -sympy.oo) and f.eval(x) == 0:
                        changes -= 1
        if changes:
            return None
        # sigma' has one sign inside (lo, hi) up to finitely many even-order zeros: read it
        # at a few interior points.
        s = 0
        for x in _inside(lo, hi):
            s = d.eval(x)
            if s != 0:
                break
        kinds.append("up" if s > 0 else "down")
    kinds_set = set(kinds)
    if kinds_set <= {"up"}:
        return "increasing"
    if kinds_set <= {"down"}:
        return "decreasing"
    if kinds_set <= {"up", "flat"}:
        return "nondecreasing"
    if kinds_set <= {"down", "flat"}:
        return "nonincreasing"
    return None


def _inside(lo, hi):
    r = (sympy.Rational(1, 2), sympy.Rational(1, 3), sympy.Rational(2, 7), sympy.Rational(5, 7))
    if lo == -sympy.oo and hi == sympy.oo:
        return (sympy.Integer(0),) + r + tuple(-x for x in r)
    if lo == -sympy.oo:
        return tuple(hi - x for x in r)
    if hi == sympy.oo:
        return tuple(lo + x for x in r)
    return tuple(lo + x * (hi - lo) for x in r)


_IMPLIES = {"increasing": {"increasing", "nondecreasing"}, "decreasing": {"decreasing", "nonincreasing"},
            "nondecreasing": {"nondecreasing"}, "nonincreasing": {"nonincreasing"}}


def check_monotone(act, claimed: str | None = "declared") -> Certificate:
    """Monotone of the claimed kind (``None``: not monotone at all).

    Exact for piecewise polynomials (root counting of sigma' on each piece). Otherwise, with
    an exact form: the sign of sigma' on a grid in 160-digit arithmetic (sampled). Without
    one: consecutive float values on a 0.01-grid of [-10, 10] must increase by more than
    16 u (|v_i| + |v_{i+1}|) (strict) or not decrease by more than it (non-strict); "not
    monotone" needs one step up and one step down, both beyond that rounding bound.
    """
    kind = act.properties.monotone if claimed == "declared" else claimed
    q = f"{act.name}: monotone = {kind}"
    if act.pieces is not None:
        exact_kind = _poly_monotone(act.pieces)
        if exact_kind is not False:
            ok = (exact_kind is None and kind is None) or (kind is not None and exact_kind is not None
                                                            and kind in _IMPLIES[exact_kind])
            return _cert(q, ok, Evidence.EXACT, f"exact kind from sigma' on each polynomial piece: {exact_kind}")
    if act.pieces is not None:
        return _monotone_from_exact_slopes(act, kind, q)
    grid = np.union1d(np.linspace(-10.0, 10.0, 2001), np.asarray(act.properties.breakpoints, dtype=float))
    v = act.fn(torch.tensor(grid, dtype=DTYPE))
    dv = v[1:] - v[:-1]
    tol = 16 * U * (v[1:].abs() + v[:-1].abs())
    up, down = bool((dv > tol).any()), bool((dv < -tol).any())
    flat = bool((dv.abs() <= tol).any())
    nums = {"steps_up": int((dv > tol).sum()), "steps_down": int((dv < -tol).sum()), "flat_steps": int((dv.abs() <= tol).sum())}
    if kind is None:
        return _cert(q, up and down, Evidence.SAMPLED, "a step up and a step down beyond rounding" if up and down
                     else "no violation of monotonicity found", nums)
    sign = 1 if kind in ("increasing", "nondecreasing") else -1
    wrong_steps = down if sign == 1 else up
    # without an exact form a flat float step may be saturation (tanh(20) = 1.0), so a strict
    # claim is only confirmed when every step on [-10, 10] is resolved
    strict_fail = flat if kind in ("increasing", "decreasing") else False
    ok = not (wrong_steps or strict_fail)
    return _cert(q, ok, Evidence.SAMPLED, f"wrong-direction steps: {wrong_steps}, unresolved/flat steps: {flat}",
                 nums, 16 * U, "16 u (|v_i| + |v_{i+1}|) per step")


def _monotone_from_exact_slopes(act, kind, q) -> Certificate:
    """sigma' from the exact form in 160-digit arithmetic on a 0.05-grid of [-20, 20] (no float
    saturation: sech^2(40) ~ 1e-35 resolves, and textbook formulas that cancel in the tails,
    1 + erf(-14) ~ 1e-87, keep 70 digits), plus the exact one-sided slopes at breakpoints.
    Strict: sigma' > 0 except at isolated grid points; non-strict: sigma' >= 0; none: both signs."""
    grid = _interior_points(act, -20.0, 20.0, 801, extra=())
    d1 = _mp_values(act.pieces, grid, 2)[1]
    grid_zero = d1 == 0
    for b in sym.boundaries(act.pieces):  # one-sided slopes, exactly
        left, right = sym.piece_at(act.pieces, b)
        for e, side in ((left[2], "-"), (right[2], "+")):
            v = sym._one_sided(sympy.diff(e, _T), b, side)
            if v is not sympy.nan:
                d1 = np.append(d1, float(sympy.N(v, 30)))
    pos, neg, zero = d1 > 0, d1 < 0, d1 == 0
    nums = {"positive_slopes": int(pos.sum()), "negative_slopes": int(neg.sum()), "zero_slopes": int(zero.sum())}
    if kind is None:
        return _cert(q, bool(pos.any() and neg.any()), Evidence.SAMPLED, "slopes of both signs" if pos.any() and neg.any()
                     else "no slope of the other sign found", nums)
    good, bad = (pos, neg) if kind in ("increasing", "nondecreasing") else (neg, pos)
    strict = kind in ("increasing", "decreasing")
    # a flat stretch shows as two consecutive zero slopes on the grid
    flat_run = bool((grid_zero[:-1] & grid_zero[1:]).any()) if strict else False
    ok = not bad.any() and not flat_run
    return _cert(q, ok, Evidence.SAMPLED, f"wrong-sign slopes: {int(bad.sum())}; flat stretch: {flat_run}", nums)


def _limits(act) -> tuple:
    lo = sympy.limit(act.pieces[0][2], _T, -sympy.oo)
    hi = sympy.limit(act.pieces[-1][2], _T, sympy.oo)
    return lo, hi


def _kind(lim) -> str:
    if lim == sympy.oo:
        return "+oo"
    if lim == -sympy.oo:
        return "-oo"
    if isinstance(lim, sympy.AccumBounds):
        lo, hi = lim.min, lim.max
        if lo.is_finite and hi.is_finite:
            return "finite"
        return "unbounded-oscillating"
    if lim.is_finite:
        return "finite"
    return "unknown"


def check_bounded(act, claimed: bool | None = None) -> Certificate:
    """Exact: sigma continuous, so bounded iff its limits (or limit ranges) at +-oo are finite."""
    claimed = act.properties.bounded if claimed is None else claimed
    q = f"{act.name}: {'is' if claimed else 'is not'} bounded"
    if act.pieces is None:
        return _no_form(q, act)
    lo, hi = _limits(act)
    kinds = (_kind(lo), _kind(hi))
    if "unknown" in kinds or "unbounded-oscillating" in kinds:
        return _cert(q, False, Evidence.EXACT, f"limits at -oo, +oo = {lo}, {hi}: inconclusive")
    bounded = kinds == ("finite", "finite")
    return _cert(q, bounded == claimed, Evidence.EXACT, f"limits at -oo, +oo = {lo}, {hi}")


def check_surjective(act, claimed: bool | None = None) -> Certificate:
    """Exact: onto R iff the limits at -oo and +oo are -oo and +oo (in some order); not onto if both
    limits avoid -oo (bounded below, by continuity) or both avoid +oo."""
    claimed = act.properties.surjective if claimed is None else claimed
    q = f"{act.name}: {'is' if claimed else 'is not'} onto R"
    if act.pieces is None:
        return _no_form(q, act)
    lo, hi = _limits(act)
    kinds = {_kind(lo), _kind(hi)}
    if "unknown" in kinds or "unbounded-oscillating" in kinds:
        return _cert(q, False, Evidence.EXACT, f"limits at -oo, +oo = {lo}, {hi}: inconclusive")
    onto = kinds == {"-oo", "+oo"}
    return _cert(q, onto == claimed, Evidence.EXACT, f"limits at -oo, +oo = {lo}, {hi}")


def check_polynomial_degree(act, claimed: int | None | str = "declared") -> Certificate:
    deg = act.properties.polynomial_degree if claimed == "declared" else claimed
    q = f"{act.name}: polynomial degree {deg}"
    if act.pieces is None:
        return _no_form(q, act)
    e = act.pieces[0][2]
    actual = sympy.Poly(e, _T).degree() if len(act.pieces) == 1 and e.is_polynomial(_T) else None
    if actual is not None and sympy.Poly(e, _T).is_zero:
        actual = 0
    return _cert(q, actual == deg, Evidence.EXACT, f"sympy degree: {actual}")


def check_linear(act, claimed: bool | None = None) -> Certificate:
    claimed = act.properties.linear if claimed is None else claimed
    q = f"{act.name}: {'is' if claimed else 'is not'} affine"
    if act.pieces is None:
        return _no_form(q, act)
    affine = len(act.pieces) == 1 and _is_poly_piece(act.pieces[0][2], 1)
    return _cert(q, affine == claimed, Evidence.EXACT, f"single affine piece: {affine}")


def check_derivative_orders(act, a: float = 0.0, max_order: int = 4) -> Certificate:
    """Autodiff sigma^(k)(a) agrees with the exact values: within tol_k + 64 u |sigma^(k)(a)|,
    tol_k = 2^k 64 u max_j<=k+1 |sigma^(j)(a)| (each reverse-mode order at most doubles the
    number of rounded terms); so an exact zero must come out below tol_k and an exact nonzero
    above it once |sigma^(k)(a)| > 2 tol_k."""
    q = f"{act.name}: nonzero derivative orders at {a} agree with autodiff"
    exact = act.exact_derivatives_at(a, max_order + 1)
    if exact is None:
        return _no_form(q, act)
    vals = [float("nan") if v is sympy.nan else float(sympy.N(v, 20)) for v in exact]
    nonzero = set(sym.nonzero_orders(exact[: max_order + 1]))
    t = torch.tensor(float(a), dtype=DTYPE)
    bad = []
    for k in range(max_order + 1):
        if math.isnan(vals[k]):
            continue
        got = float(act.derivative(t, k))
        scale = max(abs(x) for x in vals[: k + 2] if not math.isnan(x)) or 1.0
        tol = 2.0**k * 64 * U * scale
        if act.rounding_scale is not None:  # Horner/Newton bound, as in check_consistency
            n_terms = len(act.pieces[0][2].as_poly(_T).all_coeffs())
            tol += 2 * n_terms * 64 * U * float(act.rounding_scale(t, k))
        # exact zeros must come out below tol, resolvable nonzeros within tol of the exact value
        if abs(got - vals[k]) > tol + 64 * U * abs(vals[k]):
            bad.append((k, got, vals[k], tol))
    return _cert(q, not bad, Evidence.SAMPLED, f"exact nonzero orders {sorted(nonzero)}; mismatches {bad}",
                 {"mismatches": len(bad)})


def verify_properties(act) -> list[Certificate]:
    """Every check that applies to ``act``'s declarations (each must hold)."""
    p = act.properties
    certs = [
        check_consistency(act),
        check_analytic(act),
        check_smoothness(act),
        check_breakpoints(act),
        check_piecewise_linear(act),
        check_linear(act),
        check_polynomial_degree(act),
        check_homogeneity(act, 1.0, claimed=p.positively_homogeneous),
        check_bounded(act),
        check_surjective(act),
    ]
    if p.homogeneity_degree is not None:
        certs.append(check_homogeneity(act, p.homogeneity_degree))
    if p.monotone is not None or not _monotone_unclaimed(act):
        certs.append(check_monotone(act))
    if 0.0 not in p.breakpoints:
        certs.append(check_derivative_orders(act, 0.0, 4))
    return certs


def _monotone_unclaimed(act) -> bool:
    """``monotone=None`` is a claim ("not monotone") except for families that do not decide it."""
    return act.name.startswith("sin_cos_perturbed(") or (act.name.startswith("hermite_designed(")
                                                        and (act.properties.polynomial_degree or 0) > 20)
