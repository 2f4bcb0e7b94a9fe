"""Numerics behind the li2022benefit reproductions ex-2, fig-3 (Section 6.2) and tab-1.

li2022benefit, Example 2: a single Swish neuron ``yhat = v sigma(w x)`` on
``x = (0.1, 2, 3)``, ``w = v = 1``. Proposition 4's proof, eqs. (31)-(42), is the recipe:
find ``a`` orthogonal to ``z`` and ``z'`` with ``a^T z'' > 0`` (71), set
``y = v sigma(w x) - M a`` (32), and show that ``(w, v)`` is a strict local minimum
that a point ``(w0, r M)`` (41)-(42) undercuts.

Table 1 (Section 3.2): ``table1_cell_*`` run, per activation class, the construction
that backs each printed bound on m* (Theorems 4-7 via
:mod:`landscape.constructions.li2022benefit`) at one (N, m) and certify the outcome.

This module computes; :mod:`reproductions.li2022benefit` compares with the printed numbers.

==========================  ======================  ==========================================
paper                       code                    meaning
==========================  ======================  ==========================================
x = (x^(1), ..., x^(N))     ``x``                   scalar inputs (Example 2: ``EX2_X``, N = 3)
w, v                        ``w``, ``v``            hidden and output weight (m = 1)
sigma(t) = t/(1+e^{-t})     ``swish_expr(t)``       Swish (sympy; torch via the catalog)
z = sigma(w x)              ``z``                   (31a)
z' = x o sigma'(w x)        ``zp``                  (31b)
z'' = x o x o sigma''(w x)  ``zpp``                 (31c)
a                           ``a``                   a^T z = a^T z' = 0, a_1 = 1 (71a), (71b)
a^T z''                     ``"71c_definition"``    (71c) by the definition (31c)
(71c) as printed            ``"71c_printed"``       sum_n a_n sigma''(w x^(n)): no (x^(n))^2
M                           ``M``                   y = v z - M a (32); M = 100 in Example 2
w0, z0 = sigma(w0 x)        ``w0``, ``z0``          condition (3); witness w~ = w0
r, v~ = r M                 ``r``                   (42): r(||z0||^2 r + 2 a^T z0) < 0
theta = (w, v)              ``theta``               flat layout of landscape.nets (w first)
N, m (Table 1)              ``N``, ``m``            samples, hidden width of one cell
==========================  ======================  ==========================================
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import mpmath
import numpy as np
import scipy.linalg
import sympy
import torch

from .._tensors import DTYPE, as_tensor
from ..nets import Problem, one_hidden_layer

__all__ = [
    "EX2_X",
    "Ex2Solution",
    "swish_expr",
    "printed_71_integrands",
    "feature_vectors",
    "solve_71ab",
    "residuals_71",
    "targets",
    "prop4_margins",
    "prop4_witness",
    "newton_critical_point",
    "loss_grid",
    "TABLE1_OUTCOMES",
    "Table1Cell",
    "table1_inputs",
    "table1_cell_smooth",
    "table1_cell_designed",
    "table1_cell_pl",
    "table1_cell_homogeneous",
]

EX2_X = (0.1, 2.0, 3.0)
_U = 2.0**-53  # unit roundoff of float64


def _t():
    return sympy.Symbol("t", real=True)


def swish_expr(t: sympy.Expr) -> sympy.Expr:
    """Swish as Example 2 prints it: sigma(t) = t / (1 + e^{-t})."""
    return t / (1 + sympy.exp(-t))


@functools.lru_cache(maxsize=None)
def _swish_derivatives():
    t = _t()
    s = swish_expr(t)
    return t, (s, sympy.diff(s, t), sympy.diff(s, t, 2))


@functools.lru_cache(maxsize=None)
def _lambdified(module: str):
    t, derivs = _swish_derivatives()
    return tuple(sympy.lambdify(t, d, module) for d in derivs)


def printed_71_integrands() -> dict[str, sympy.Expr]:
    """The summands of (71a)-(71c) as printed, with ``a_n`` dropped, in terms of ``u = w x^(n)`` and ``x = x^(n)``.

    Returned with the definitions (31) for an exact symbolic comparison: the key
    ``"<eq>_minus_definition"`` is printed summand minus the summand of a^T z, a^T z',
    a^T z'' respectively (zero iff the printed formula is the definition).
    """
    t, (s0, s1, s2) = _swish_derivatives()
    x = sympy.Symbol("x", real=True, nonzero=True)
    e = sympy.exp(-t)
    printed = {
        "71a": t / (1 + e),
        "71b": x * (1 + (1 + t) * e) / (1 + e) ** 2,
        "71c": (2 - t + 2 * e + t * e) * e / (1 + e) ** 3,
    }
    definition = {"71a": s0, "71b": x * s1, "71c": x**2 * s2}
    out: dict[str, sympy.Expr] = {}
    for key in printed:
        out[key] = printed[key]
        out[f"{key}_minus_definition"] = sympy.simplify(printed[key] - definition[key])
    # (71c) against sigma'' alone: zero would mean the printed sum is a^T sigma''(w x).
    out["71c_minus_sigma2"] = sympy.simplify(printed["71c"] - s2)
    return out


def _check_x(x) -> None:
    arr = np.asarray(x, dtype=float)
    if arr.ndim != 1 or arr.size < 2 or not np.all(np.isfinite(arr)):
        raise ValueError(f"x: expected a finite 1-D vector with N >= 2 entries, got {x!r}")


def feature_vectors(x, w, *, dps: int | None = None):
    """(z, z', z'') of (31) for Swish at scalar w.

    ``dps=None``: float64 numpy arrays (closed-form sympy derivatives lambdified to
    numpy). ``dps=k``: mpmath vectors at k significant digits, inputs taken as
    exact decimal strings (0.1 is the decimal one tenth, not its float64 neighbour).
    """
    _check_x(x)
    if dps is None:
        f = _lambdified("numpy")
        xs = np.asarray(x, dtype=np.float64)
        u = float(w) * xs
        return f[0](u), xs * f[1](u), xs * xs * f[2](u)
    with mpmath.workdps(dps):
        f = _lambdified("mpmath")
        xs = [mpmath.mpf(repr(float(xi))) if not isinstance(xi, str) else mpmath.mpf(xi) for xi in x]
        wm = mpmath.mpf(repr(float(w))) if not isinstance(w, str) else mpmath.mpf(w)
        z = mpmath.matrix([f[0](wm * xi) for xi in xs])
        zp = mpmath.matrix([xi * f[1](wm * xi) for xi in xs])
        zpp = mpmath.matrix([xi * xi * f[2](wm * xi) for xi in xs])
        return z, zp, zpp


@dataclass(frozen=True)
class Ex2Solution:
    """Solutions of (71a), (71b) with a_1 fixed.

    ``a`` is float64 (scipy.linalg.solve); ``a_hp`` the same system solved with mpmath at
    ``dps`` digits, as decimal strings; ``float64_vs_hp`` is the float64 solution's
    max-norm distance from the high-precision one, ``cond`` the 2x2 system's condition number.
    """

    a: np.ndarray
    a_hp: tuple[str, ...]
    dps: int
    cond: float
    float64_vs_hp: float

    def a_hp_float(self) -> np.ndarray:
        return np.array([float(s) for s in self.a_hp])


def solve_71ab(x=EX2_X, w=1.0, *, a1=1.0, dps: int = 60) -> Ex2Solution:
    """Solve a^T z = 0 (71a) and a^T z' = 0 (71b) for a_2..a_N given a_1 (N = 3).

    With a_1 fixed the two equations are the 2x2 system
    ``[z_2 z_3; z'_2 z'_3] (a_2, a_3)^T = -a_1 (z_1, z'_1)^T``.
    """
    _check_x(x)
    if len(x) != 3:
        raise ValueError(f"x: Example 2's system (71a,b) with a_1 fixed needs N = 3, got N = {len(x)}")
    if a1 == 0:
        raise ValueError("a1: must be nonzero (a = 0 solves (71a,b) trivially and violates (71c))")
    z, zp, _ = feature_vectors(x, w)
    A = np.array([[z[1], z[2]], [zp[1], zp[2]]])
    b = -float(a1) * np.array([z[0], zp[0]])
    a = np.concatenate([[float(a1)], scipy.linalg.solve(A, b)])
    with mpmath.workdps(dps):
        zh, zph, _ = feature_vectors(x, w, dps=dps)
        a1h = mpmath.mpf(repr(float(a1)))
        Ah = mpmath.matrix([[zh[1], zh[2]], [zph[1], zph[2]]])
        bh = mpmath.matrix([-a1h * zh[0], -a1h * zph[0]])
        sol = mpmath.lu_solve(Ah, bh)
        a_hp = (mpmath.nstr(a1h, dps), mpmath.nstr(sol[0], dps), mpmath.nstr(sol[1], dps))
    a_hp_f = np.array([float(s) for s in a_hp])
    return Ex2Solution(
        a=a,
        a_hp=a_hp,
        dps=dps,
        cond=float(np.linalg.cond(A)),
        float64_vs_hp=float(np.max(np.abs(a - a_hp_f))),
    )


def residuals_71(x, w, a) -> dict[str, float]:
    """(71a), (71b) residuals, the (71c) sum as printed and by the definition (31c), and the
    float64 rounding bounds ``tol_*`` below which a value cannot be told from zero.

    Tolerance: the float64 entries of z, z', z'' (closed forms of a dozen elementary
    operations, no cancellation at Example 2's arguments; the unit tests check them against
    60-digit values to 12u relative) times a_n (u) summed over 3 terms (gamma_2 ~ 2u) give
    |computed - exact| <= 16 u * sum_n |a_n z_n|, and likewise for z', z'' and sigma''.
    A value above its bound has the computed sign.
    """
    _check_x(x)
    a = np.asarray(a, dtype=np.float64)
    if a.shape != (len(x),):
        raise ValueError(f"a: expected shape ({len(x)},), got {a.shape}")
    z, zp, zpp = feature_vectors(x, w)
    xs = np.asarray(x, dtype=np.float64)
    sigma2 = zpp / (xs * xs)
    return {
        "71a": float(a @ z),
        "71b": float(a @ zp),
        "tol_71a": 16 * _U * float(np.abs(a) @ np.abs(z)),
        "tol_71b": 16 * _U * float(np.abs(a) @ np.abs(zp)),
        "71c_printed": float(a @ sigma2),
        "71c_definition": float(a @ zpp),
        "tol_71c_printed": 16 * _U * float(np.abs(a) @ np.abs(sigma2)),
        "tol_71c_definition": 16 * _U * float(np.abs(a) @ np.abs(zpp)),
    }


def targets(x, w, v, a, M) -> np.ndarray:
    """y = v sigma(w x) - M a, eq. (32) with m = 1."""
    z, _, _ = feature_vectors(x, w)
    return float(v) * z - float(M) * np.asarray(a, dtype=np.float64)


def prop4_margins(x, w, w0, a) -> dict[str, float]:
    """How far Example 2's (x, w) is from violating Proposition 4's conditions (1)-(3).

    For N = 3 and m = 1, span{z, z'} has dimension 2 and ``a`` spans its orthogonal
    complement, so the distance of a vector q from the span is |a^T q| / ||a||. Margins
    are relative: (1) ||z|| / ||x||_inf scale-free enough for one vector; (2)
    dist(z'', span) / ||z''||; (3) dist(z0, span) / ||z0||; plus sigma_min of the
    normalised [z, z'] (the span really is 2-dimensional).
    """
    z, zp, zpp = feature_vectors(x, w)
    z0, _, _ = feature_vectors(x, w0)
    a = np.asarray(a, dtype=np.float64)
    na = np.linalg.norm(a)
    B = np.stack([z / np.linalg.norm(z), zp / np.linalg.norm(zp)], axis=1)
    return {
        "cond1_norm_z": float(np.linalg.norm(z)),
        "span_sigma_min": float(np.linalg.svd(B, compute_uv=False)[-1]),
        "cond2_rel_dist_zpp": float(abs(a @ zpp) / na / np.linalg.norm(zpp)),
        "cond3_rel_dist_z0": float(abs(a @ z0) / na / np.linalg.norm(z0)),
        "a_dot_z0": float(a @ z0),
        "a_dot_zpp": float(a @ zpp),
    }


def prop4_witness(x, w, v, a, M, w0) -> dict[str, float]:
    """The lower point (w~, v~) = (w0, r M) of (40)-(42), r = -a^T z0 / ||z0||^2.

    That r is the vertex of r(||z0||^2 r + 2 a^T z0), the most negative M^2 coefficient
    in (41); it lies inside the interval (42) whenever a^T z0 != 0. Also returns the
    largest root of the quadratic (41) in M: for M above it the witness is lower.
    """
    z, _, _ = feature_vectors(x, w)
    z0, _, _ = feature_vectors(x, w0)
    a = np.asarray(a, dtype=np.float64)
    yhat = float(v) * z
    az0, n2 = float(a @ z0), float(z0 @ z0)
    if az0 == 0.0:
        raise ValueError(f"w0: a^T z0 = 0 at w0 = {w0}, condition (3) of Proposition 4 fails")
    r = -az0 / n2
    coeff = (r * (n2 * r + 2 * az0), -2 * r * float(yhat @ z0), float(yhat @ yhat))
    roots = np.roots(coeff)
    return {
        "w0": float(w0),
        "r": r,
        "v_tilde": r * float(M),
        "coef_M2": coeff[0],
        "coef_M1": coeff[1],
        "coef_M0": coeff[2],
        "M_threshold": float(np.max(roots.real)),
        "E_difference_41": float(np.polyval(coeff, float(M))),
    }


def newton_critical_point(problem, theta, *, max_iter: int = 20):
    """Newton iterates theta <- theta - H^{-1} g from ``theta`` until the step stops shrinking.

    Used to locate the exact critical point next to Example 2's (1, 1) when y is the
    rounded printed vector (then (1, 1) is only critical to ~1e-4). Stops when a step
    no longer reduces ||g|| (the float64 floor). Returns (theta*, iterations, grad norms).
    """
    theta = as_tensor(theta, name="theta").clone()
    norms = [float(problem.gradient(theta).norm())]
    for it in range(max_iter):
        g = problem.gradient(theta)
        H = problem.hessian(theta)
        step = torch.linalg.solve(H, g)
        cand = theta - step
        n = float(problem.gradient(cand).norm())
        if n >= norms[-1]:
            return theta, it, norms
        theta, norms = cand, norms + [n]
    return theta, max_iter, norms


def loss_grid(problem, w_range, v_range, n_w: int, n_v: int):
    """E on an n_w x n_v grid of (w, v) (m = 1), one ``Problem.loss_batch`` call.

    Returns (W, V, E) numpy arrays of shape (n_w, n_v), ``indexing="ij"``.
    """
    if problem.n_params != 2:
        raise ValueError(f"problem: loss_grid draws (w, v) planes of m = 1 networks, got {problem.n_params} parameters")
    ws = torch.linspace(float(w_range[0]), float(w_range[1]), n_w, dtype=DTYPE)
    vs = torch.linspace(float(v_range[0]), float(v_range[1]), n_v, dtype=DTYPE)
    W, V = torch.meshgrid(ws, vs, indexing="ij")
    E = problem.loss_batch(torch.stack([W.reshape(-1), V.reshape(-1)], dim=1)).reshape(n_w, n_v)
    return W.numpy(), V.numpy(), E.numpy()


# =========================================================================== Table 1
# Table 1 (li2022benefit, Section 3.2): transition widths m* per activation class. Each
# cell (activation, N, m) runs the paper's construction for that class and certifies the
# result, or says which hypothesis/condition stops it. Outcomes, strongest first:
#
#   "basin"          certified sub-optimal strict local minimum (hence a sub-optimal basin)
#   "no-basin-path"  Theorem 5's unbounded constant-loss curves certified (no basin at all)
#   "not-certified"  the construction applies but float64 certificates do not settle it
#   "inapplicable"   a hypothesis of the construction fails (reason recorded)
#   "no-basin-thm2"  m >= N: Theorem 2 (cited) excludes basins; the construction fails too

#
# The Theorem constructions and certificates are imported inside the functions, so that
# Example 2's numerics above do not depend on them.

TABLE1_OUTCOMES = ("basin", "no-basin-path", "not-certified", "inapplicable", "no-basin-thm2")


@dataclass(frozen=True)
class Table1Cell:
    """One (activation, N, m) cell of the recomputed Table 1."""

    row: int
    activation: str
    N: int
    m: int
    outcome: str
    construction: str
    reason: str = ""
    evidence: tuple[str, ...] = ()
    numbers: tuple[tuple[str, float], ...] = ()

    def to_dict(self) -> dict:
        return {"row": self.row, "activation": self.activation, "N": self.N, "m": self.m,
                "outcome": self.outcome, "construction": self.construction, "reason": self.reason,
                "evidence": list(self.evidence), "numbers": dict(self.numbers)}


def table1_inputs(N: int, *, kind: str, seed: int = 0) -> np.ndarray:
    """Fixed-seed generic data for Table 1's cells.

    ``kind="generic"``: nonzero, pairwise distinct entries of both signs, |x| in [0.3, 2]
    (Theorems 4, 5, 6). ``kind="thm7"``: Theorem 7's Step-1 data, x_1 > ... > x_N > 0
    with x_1/x_N < 1.4 (inside every (t_0 + delta)/t_0 used here).
    """
    if N < 2:
        raise ValueError(f"N: Table 1's cells need N >= 2 samples, got {N}")
    gen = np.random.default_rng([seed, N])
    if kind == "generic":
        mags = np.sort(gen.uniform(0.3, 2.0, N))
        mags = mags + 0.05 * np.arange(N)  # strictly increasing magnitudes: distinct, nonzero
        return mags * gen.choice([-1.0, 1.0], N)
    if kind == "thm7":
        # sorted then shrunk by 1e-3 per index: strictly decreasing even if two draws tie
        return np.sort(gen.uniform(1.0, 1.4, N))[::-1] * (1 - 1e-3 * np.arange(N))
    raise ValueError(f"kind: expected 'generic' or 'thm7', got {kind!r}")


def _certify_smooth(inst):
    from ..certificates import strict_local_minimum, suboptimal

    slm = strict_local_minimum(inst.problem, inst.point)
    sub = suboptimal(inst.problem, inst.point, inst.witnesses["lower"])
    return slm, sub


def _cell(row, act_name, N, m, outcome, construction, reason="", certs=(), **numbers):
    return Table1Cell(row, act_name, N, m, outcome, construction, reason,
                      tuple(str(c.evidence) for c in certs),
                      tuple((k, float(v)) for k, v in numbers.items()))


def _from_certs(row, act_name, N, m, construction, inst, certs):
    holds = all(c.holds for c in certs)
    reason = "" if holds else "; ".join(c.summary()[:200] for c in certs if not c.holds)
    return _cell(row, act_name, N, m, "basin" if holds else "not-certified", construction, reason, certs,
                 M=inst.numbers["M"], E_point=float(inst.loss),
                 E_lower=float(inst.problem.loss(inst.witnesses["lower"])))


def _span_reason(activation, x, m, seed) -> str:
    """Why Proposition 4 cannot run at (x, m): its first violated condition at a generic w."""
    from .li2022benefit import prop4_conditions

    gen = np.random.default_rng([seed, m, 7])
    w = gen.uniform(0.5, 1.5, m) * gen.choice([-1.0, 1.0], m)
    try:
        cond = prop4_conditions(activation, x, w, float(gen.uniform(-2.0, -0.5)))
    except ValueError as e:
        return f"Proposition 4: {e}"
    bad = cond.violated()
    return "Proposition 4 " + bad[0] if bad else "Proposition 4's conditions hold (construction failed elsewhere)"


_W0_CANDIDATES = np.concatenate([-np.geomspace(0.25, 4.0, 24), np.geomspace(0.25, 4.0, 24)])


def _best_w0(activation, x, w) -> float:
    """The w0 among fixed candidates whose z0 = sigma(w0 x) is farthest (relatively) from span{z_j, z'_j}.

    Condition (3) only needs z0 outside the span; the witness's relative drop scales with
    the square of that distance, so the farthest candidate gives the best-conditioned
    sub-optimality certificate. One batched evaluation over the candidates.
    """
    from .li2022benefit import prop4_vectors

    vec = prop4_vectors(activation, x, w)
    B = np.concatenate([vec["Z"], vec["Zp"]], axis=1)
    B = B / np.maximum(np.linalg.norm(B, axis=0), np.finfo(float).tiny)
    U_, s_, _ = np.linalg.svd(B, full_matrices=False)
    Q = U_[:, s_ > 1e-10 * s_[0]]
    cands = _W0_CANDIDATES[~np.isin(_W0_CANDIDATES, w)]
    T = torch.as_tensor(cands[:, None] * x[None, :], dtype=DTYPE)
    Z0 = activation(T).numpy()
    Z0 = Z0 / np.maximum(np.linalg.norm(Z0, axis=1, keepdims=True), np.finfo(float).tiny)
    resid = np.linalg.norm(Z0 - (Z0 @ Q) @ Q.T, axis=1)
    return float(cands[int(np.argmax(resid))])


def table1_cell_smooth(activation, act_name: str, N: int, m: int, *, seed: int = 0, tries: int = 6) -> Table1Cell:
    """Row 1 (C^2, sigma(0), sigma'(0), sigma''(0) != 0), a fixed sigma.

    m = 1: Theorem 6's construction (w = 0). 1 < m < N: Proposition 4 at fixed-seed generic
    w (``tries`` draws), w0 from :func:`_best_w0`; of the draws meeting (1)-(3), the one whose
    witness drops E by the largest fraction (the best conditioned) is certified.
    m >= N: Theorem 2 (cited); Proposition 4's failing condition
    is recorded (for a fixed sigma, {z_j, z'_j} generically spans min(2m, N) dimensions).
    """
    from .li2022benefit import prop4_instance, thm6_instance

    x = table1_inputs(N, kind="generic", seed=seed)
    if m >= N:
        return _cell(1, act_name, N, m, "no-basin-thm2", "prop-4", _span_reason(activation, x, m, seed))
    if m == 1:
        try:
            inst = thm6_instance(activation, x)
        except ValueError as e:
            return _cell(1, act_name, N, m, "inapplicable", "thm-6", f"Theorem 6: {e}")
        return _from_certs(1, act_name, N, m, "thm-6", inst, _certify_smooth(inst))
    gen = np.random.default_rng([seed, N, m])
    best, best_drop, last_err = None, -math.inf, ""
    for _ in range(tries):
        w = gen.uniform(0.5, 1.5, m) * gen.choice([-1.0, 1.0], m)
        try:
            inst = prop4_instance(activation, x, w, w0=_best_w0(activation, x, w))
        except ValueError as e:
            last_err = str(e)
            continue
        # Relative drop of the witness, -(E(lower) - E(point)) / E(point): the suboptimal
        # certificate needs it far above float64 rounding of E (~1e-15 relative).
        drop = -inst.numbers["predicted_gap"] / inst.numbers["E_point"]
        if drop > best_drop:
            best, best_drop = inst, drop
    if best is None:
        return _cell(1, act_name, N, m, "inapplicable", "prop-4", f"Proposition 4 (all {tries} draws): {last_err}")
    return _from_certs(1, act_name, N, m, "prop-4", best, _certify_smooth(best))


def table1_cell_designed(N: int, m: int, *, seed: int = 0) -> Table1Cell:
    """Theorem 4: sigma designed per (x, m) (C^2 piecewise quintic), any m < N.

    Records whether the designed sigma lies in Table 1's row-1 class (sigma(0), sigma'(0),
    sigma''(0) all nonzero), which decides whether the cell speaks to row 1's m* <= N.
    """
    from .li2022benefit import thm4_instance

    x = table1_inputs(N, kind="generic", seed=seed)
    if m >= N:
        return _cell(1, "designed (Thm 4)", N, m, "no-basin-thm2", "thm-4",
                     f"Theorem 4 / Proposition 4 need m < N: m >= N independent z_j (condition (1)) span R^N, "
                     f"so no a != 0 is orthogonal to them; m = {m}, N = {N}")
    try:
        inst = thm4_instance(x, m, seed=seed * 1000 + 10 * N + m)
    except ValueError as e:
        return _cell(1, "designed (Thm 4)", N, m, "inapplicable", "thm-4", f"Theorem 4: {e}")
    act = inst.problem.network.activations[0]
    d = act.derivative(torch.zeros(1, dtype=DTYPE), 1).item(), act.derivative(torch.zeros(1, dtype=DTYPE), 2).item()
    s0 = act(torch.zeros(1, dtype=DTYPE)).item()
    cell = _from_certs(1, "designed (Thm 4)", N, m, "thm-4", inst, _certify_smooth(inst))
    # Nonzero beyond ~1e-12 (far above the float64 evaluation error of a quintic piece).
    in_row1 = min(abs(s0), abs(d[0]), abs(d[1])) > 1e-12
    return Table1Cell(cell.row, cell.activation, N, m, cell.outcome, cell.construction, cell.reason, cell.evidence,
                      cell.numbers + (("in_row1_class", float(in_row1)), ("sigma_0", s0),
                                      ("sigma1_0", d[0]), ("sigma2_0", d[1])))


def table1_cell_pl(activation, act_name: str, N: int, m: int, *, seed: int = 0, n_per_case: int = 32) -> Table1Cell:
    """Row 2 (piecewise linear, sigma(0) = sigma'(0) = 0): Theorem 7's construction for 2m + 1 <= N.

    The point sits on breakpoints (w_i x_{2i+1} = t_0), so no Hessian test applies: Step 2's
    case analysis on fixed-seed perturbations (sampled) plus the witness (66)-(70).
    """
    from ..certificates import suboptimal
    from .li2022benefit import thm7_case_certificate, thm7_instance, thm7_perturbations

    x = table1_inputs(N, kind="thm7", seed=seed)
    if m >= N:
        return _cell(2, act_name, N, m, "no-basin-thm2", "thm-7",
                     f"Theorem 7 needs 2m + 1 <= N; m = {m} >= N = {N}: Theorem 2 (cited) excludes basins")
    try:
        inst = thm7_instance(activation, x, m)
    except ValueError as e:
        return _cell(2, act_name, N, m, "inapplicable", "thm-7", f"Theorem 7: {e}")
    pts, _ = thm7_perturbations(inst, n_per_case, seed=seed * 1000 + 10 * N + m)
    certs = (thm7_case_certificate(inst, pts), suboptimal(inst.problem, inst.point, inst.witnesses["lower"]))
    return _from_certs(2, act_name, N, m, "thm-7", inst, certs)


def table1_cell_homogeneous(activation, act_name: str, N: int, m: int, *, seed: int = 0,
                            require_homogeneous: bool = True) -> Table1Cell:
    """Row 3 (positively homogeneous): Theorem 5's constant-loss curves at two points.

    A fixed-seed generic point (case 2, (45): (w/s, s v), s in [1, 1e3]) and the same
    point with v = 0 (case 1, (44): w moves freely). Both curves are unbounded, so
    neither point lies in a compact set-wise strict local minimum. Also records
    Proposition 4's failing condition (sigma'' = 0 off the breakpoint: z''_i = 0).
    ``require_homogeneous=False`` runs the curves for any sigma (negative controls).
    """
    from ..certificates import constant_along_path
    from .li2022benefit import thm5_constant_loss_path

    x = table1_inputs(N, kind="generic", seed=seed)
    gen = np.random.default_rng([seed, N, m, 5])
    y = gen.standard_normal(N)
    prob = Problem(one_hidden_layer(activation, m), x[None, :], y[None, :])
    theta = torch.as_tensor(gen.standard_normal(2 * m), dtype=DTYPE)
    theta_v0 = theta.clone()
    theta_v0[m:] = 0.0
    scales = np.geomspace(1.0, 1e3, 17)
    try:
        paths = tuple(thm5_constant_loss_path(prob, t, scales=scales, require_homogeneous=require_homogeneous)
                      for t in (theta, theta_v0))
    except ValueError as e:
        return _cell(3, act_name, N, m, "inapplicable", "thm-5", f"Theorem 5: {e}")
    certs = tuple(constant_along_path(prob, p) for p in paths)
    growth = min(float(p[-1].norm() / p[0].norm()) for p in paths)
    holds = all(c.holds for c in certs) and growth > 100.0
    reason = _span_reason(activation, x, m, seed) if m < N else "m >= N: Theorem 2 (cited) as well"
    return _cell(3, act_name, N, m, "no-basin-path" if holds else "not-certified", "thm-5", reason, certs,
                 norm_growth=growth, E_point=float(prob.loss(theta)))
