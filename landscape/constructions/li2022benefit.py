"""The constructions in the proofs of li2022benefit's negative results (Section 6.1) and Example 1.

Citation: Li, Ding & Sun, "On the Benefit of Width for Neural Networks: Disappearance of
Basins" (2022), paper key ``li2022benefit``: Proposition 4 and its proof (31)-(42), the
proofs of Theorems 4 (43), 5 (44)-(45), 6 (46) and 7 (47)-(70), and Example 1 (Section 4.1).

Network (Section 3.2): one hidden layer, scalar input and output, ``yhat^T = v^T sigma(w x^T)``,
squared loss without 1/2, E(v, w) = ||y - yhat||_2^2 (5). Flat parameters are
``theta = (w_1, ..., w_m, v_1, ..., v_m)`` (:mod:`landscape.nets` layout).

==========================  ===========================  ============================================
paper                       code                         meaning
==========================  ===========================  ============================================
x = (x^(1..N))              ``x``                        scalar inputs (numpy float64, 1-D)
y                           ``problem.Y[0]``             targets built by the construction
m, N                        ``m``, ``N``                 hidden width, number of samples
w, v                        ``w``, ``v``                 hidden / output weights
z_i = sigma(w_i x)  (31a)   ``Z[:, i]``                  hidden output of neuron i
z'_i = x o sigma'(w_i x)    ``Zp[:, i]``                 (31b)
z''_i = x o x o sigma''     ``Zpp[:, i]``                (31c)
w_0, z_0 = sigma(w_0 x)     ``w0``, ``z0``               condition (3)
a                           ``a`` (unit norm)            a _|_ {z_j, z'_j}, a^T z''_i != 0, a^T z_0 != 0
M                           ``M``                        y = yhat - M a (32)
r                           ``r``                        witness v~_1 = r M (42)
(41) c2 M^2 + c1 M + c0     ``quad = (c2, c1, c0)``      E(witness) - E(point) as a quadratic in M
p^(i), q^(i), r^(i)  (43)   ``P, Q, R`` columns          designed z_i, z'_i, z''_i (Theorem 4)
t_0, a, delta (47)          ``t0``, ``slope``, ``delta`` Theorem 7, in the WLOG frame t_0, a > 0
u_i (49)                    ``u[i-1]``                   u_i = t_0/x_i, u_{N+1} = (t_0+delta)/x_1
alpha (69), w*_m            ``alpha``, ``w_star``        Theorem 7's witness
==========================  ===========================  ============================================

Numerical decisions (linear independence in conditions (1)-(3)) are float64 decisions
with tolerances derived beside each check; the construction raises ``ValueError`` naming
the argument and the violated condition when a hypothesis fails.

Deviations from the paper (each also commented where it happens):

- ``a`` is normalised to ||a|| = 1 (the proof fixes no scale; E(v, w) = M^2 then).
- r in (42) is taken at the midpoint of the printed interval, r = -a^T z_0/||z_0||^2,
  which makes the coefficient of M^2 in (41) most negative.
- Theorem 4: the designed activation is a C^2 piecewise quintic Hermite interpolant
  (plus quadratic Taylor tails), not "a high-order polynomial": the paper only needs C^2,
  and a global polynomial through 3(m+1)N Hermite conditions is numerically useless in
  float64 (Krogh's divided differences lose all accuracy beyond about ten nodes).
- Theorem 4: the proof says z_0 = sigma(w_0 x) "can be designed arbitrarily as long as w_0
  is different from any entry of w". That is false when w_0 x_j = w_i x_j' for some
  j, j' (then sigma(w_0 x_j) = p^(i)_j' is already fixed by (43)). The construction
  designs around it: colliding entries of z_0 are the forced values, and p, q, r are
  redrawn until condition (3) holds (see :func:`thm4_instance`).
- Theorem 6: w_0 is the admissible +-2^-k / max|x| with the largest witness margin (the
  proof only says "sufficiently close to zero"; any w_0 meeting (3) proves Proposition 4).
- Theorem 7: alpha is the midpoint of (69) and w*_m sits 9/10 of the way up (u_{2m+1}, u_{2m+2})
  (the proof allows any value in each interval); M defaults to max(2 M*, 1) as in Prop. 4.
- Theorem 7: besides the printed Step-1 condition (x_1 > ... > x_N, x_1/x_N < (t_0+delta)/t_0)
  the construction needs x_N > 0, which (49)-(50) use implicitly; the printed condition
  alone also admits x with non-positive entries (see :func:`thm7_printed_construction`).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import sympy
import torch

from .._activation_symbolic import is_exact_zero
from .._tensors import DTYPE, as_tensor
from ..activations import Activation, Properties
from ..evidence import Certificate, Evidence
from ..instance import Instance
from ..nets import Network, Problem, one_hidden_layer

__all__ = [
    "Prop4Conditions",
    "prop4_vectors",
    "prop4_conditions",
    "prop4_instance",
    "witness_margin",
    "choose_w0",
    "thm4_weights",
    "thm4_activation",
    "thm4_instance",
    "thm5_constant_loss_path",
    "thm6_instance",
    "Thm7Geometry",
    "thm7_geometry",
    "thm7_instance",
    "thm7_printed_construction",
    "thm7_perturbations",
    "Thm7Cases",
    "thm7_case_analysis",
    "thm7_case_certificate",
    "thm7_nonconstant_certificate",
    "c2_hermite_activation",
    "Ex1Factorization",
    "ex1_factorization",
    "ex1_exact_certificate",
]

U = float(np.finfo(np.float64).eps) / 2  # unit roundoff 2^-53
# Per-entry relative error assumed for sigma, sigma', sigma'' evaluated in float64 by
# torch (elementary functions are within a few ulps; nested autodiff chains at most ~16
# such operations, each adding <= 4u): 64 u.
ETA = 64 * U


# --------------------------------------------------------------------------- helpers
def _vector(x, name: str) -> np.ndarray:
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: expected a 1-D array of reals, got {x!r}") from None
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name}: expected a non-empty 1-D array, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name}: expected finite values, got {arr}")
    return arr


def _data(x, name: str = "x") -> np.ndarray:
    """x with the paper's data hypothesis: no zero and no identical entries (Theorem 4, 6; A1)."""
    x = _vector(x, name)
    if np.any(x == 0):
        raise ValueError(f"{name}: the data hypothesis needs x^(i) != 0, got a zero entry in {x}")
    if np.unique(x).size != x.size:
        raise ValueError(f"{name}: the data hypothesis needs x^(i) != x^(i') (no identical entries), got {x}")
    return x


def _width(m, N: int, *, bound: str) -> int:
    if isinstance(m, bool) or int(m) != m or m < 1:
        raise ValueError(f"m: expected an integer width >= 1, got {m!r}")
    m = int(m)
    if bound == "m<N" and m >= N:
        raise ValueError(f"m: the narrow-network hypothesis needs m < N, got m = {m}, N = {N}")
    if bound == "2m+1<=N" and 2 * m + 1 > N:
        raise ValueError(f"m: Theorem 7 needs 2m + 1 <= N, got m = {m}, N = {N}")
    return m


def _check_activation(activation, name: str = "activation") -> Activation:
    if not callable(activation) or not hasattr(activation, "derivative"):
        raise ValueError(f"{name}: expected a landscape.activations.Activation, got {type(activation).__name__}")
    return activation


def _eval(activation, t: np.ndarray, order: int) -> np.ndarray:
    tt = torch.as_tensor(t, dtype=DTYPE)
    out = activation(tt) if order == 0 else activation.derivative(tt, order)
    return out.detach().numpy().astype(np.float64)


def _theta(w: np.ndarray, v: np.ndarray) -> torch.Tensor:
    return torch.as_tensor(np.concatenate([w, v]), dtype=DTYPE)


def _problem(activation, x: np.ndarray, y: np.ndarray, m: int) -> Problem:
    return Problem(one_hidden_layer(activation, m), x[None, :], y[None, :])


def _unit_columns(A: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    norms = np.linalg.norm(A, axis=0)
    safe = np.where(norms > 0, norms, 1.0)
    return A / safe, norms


def _rank_tol(n_rows: int, n_cols: int) -> float:
    # Unit-norm columns each carry a relative error <= ETA + 2u (evaluation, normalisation),
    # so ||Delta||_2 <= ||Delta||_F <= sqrt(k) (ETA + 2u); the SVD is backward stable with
    # error <= 4 max(n, k) u ||A||_2 <= 4 max(n, k) sqrt(k) u. Weyl: singular values move by
    # at most the sum.
    k = max(n_cols, 1)
    return math.sqrt(k) * (ETA + 2 * U) + 4 * max(n_rows, k) * math.sqrt(k) * U


# --------------------------------------------------------------------------- Proposition 4
def prop4_vectors(activation, x, w, w0=None) -> dict[str, np.ndarray]:
    """z_i, z'_i, z''_i of (31) as columns of (N, m) arrays, and z_0 = sigma(w_0 x)."""
    activation = _check_activation(activation)
    x = _vector(x, "x")
    w = _vector(w, "w")
    T = w[None, :] * x[:, None]  # T[j, i] = w_i x_j
    out = {
        "Z": _eval(activation, T, 0),
        "Zp": x[:, None] * _eval(activation, T, 1),
        "Zpp": (x * x)[:, None] * _eval(activation, T, 2),
    }
    if w0 is not None:
        out["z0"] = _eval(activation, float(w0) * x, 0)
    return out


@dataclass(frozen=True, eq=False)
class Prop4Conditions:
    """The numbers that decide Proposition 4's conditions (1)-(3) in float64.

    All quantities are scale-free: columns are normalised to unit length first.

    - (1) ``sv_min_z``: smallest singular value of the unit-column matrix of {z_j};
      holds iff > ``tol_rank``.
    - span: ``span_rank`` = numerical rank of the unit columns of {z_j} U {z'_j} (singular
      values > ``tol_rank_span``); ``span_gap`` the smallest kept singular value.
    - (2) ``resid_zpp[i]``: distance of z''_i/||z''_i|| from that span; holds iff every
      residual > ``tol_resid``.
    - (3) ``resid_z0``: the same for z_0; holds iff > ``tol_resid``.
    """

    N: int
    m: int
    sv_min_z: float
    tol_rank: float
    span_rank: int
    span_gap: float
    tol_rank_span: float
    resid_zpp: tuple[float, ...]
    resid_z0: float
    tol_resid: float
    vectors: dict
    basis: np.ndarray  # orthonormal basis (N, span_rank) of span{z_j, z'_j}

    @property
    def condition_1(self) -> bool:
        return self.sv_min_z > self.tol_rank

    @property
    def condition_2(self) -> bool:
        return self.span_rank < self.N and min(self.resid_zpp) > self.tol_resid

    @property
    def condition_3(self) -> bool:
        return self.span_rank < self.N and self.resid_z0 > self.tol_resid

    @property
    def holds(self) -> bool:
        return self.condition_1 and self.condition_2 and self.condition_3

    def violated(self) -> list[str]:
        out = []
        if not self.condition_1:
            out.append(
                f"(1) {{z_j}} linearly independent: smallest singular value of the unit columns "
                f"{self.sv_min_z:.3g} <= tol {self.tol_rank:.3g}"
            )
        if not self.condition_2:
            out.append(
                f"(2) z''_i independent of {{z_j}} U {{z'_j}}: span rank {self.span_rank} of N = {self.N}, "
                f"smallest relative residual {min(self.resid_zpp):.3g} <= tol {self.tol_resid:.3g}"
            )
        if not self.condition_3:
            out.append(
                f"(3) z_0 = sigma(w_0 x) independent of {{z_j}} U {{z'_j}}: span rank {self.span_rank} of "
                f"N = {self.N}, relative residual {self.resid_z0:.3g} <= tol {self.tol_resid:.3g}"
            )
        return out

    def numbers(self) -> dict:
        return {
            "sv_min_z": self.sv_min_z,
            "tol_rank": self.tol_rank,
            "span_rank": self.span_rank,
            "span_gap": self.span_gap,
            "min_resid_zpp": min(self.resid_zpp),
            "resid_z0": self.resid_z0,
            "tol_resid": self.tol_resid,
        }


def prop4_conditions(activation, x, w, w0) -> Prop4Conditions:
    """Evaluate Proposition 4's conditions (1)-(3) at (x, w, w_0) with derived float64 thresholds."""
    x = _vector(x, "x")
    w = _vector(w, "w")
    N, m = x.size, w.size
    vec = prop4_vectors(activation, x, w, float(w0))
    Zu, _ = _unit_columns(vec["Z"])
    tol_rank = _rank_tol(N, m)
    sv_z = np.linalg.svd(Zu, compute_uv=False)
    sv_min_z = float(sv_z[-1]) if m <= N else 0.0

    # Span of {z_j} U {z'_j}: zero columns (e.g. z'_j when sigma'(w_j x) = 0) span nothing.
    B = np.concatenate([vec["Z"], vec["Zp"]], axis=1)
    Bu, bnorm = _unit_columns(B)
    Bu = Bu[:, bnorm > 0]
    tol_span = _rank_tol(N, Bu.shape[1])
    if Bu.shape[1]:
        Ub, sb, _ = np.linalg.svd(Bu, full_matrices=False)
        rank = int(np.sum(sb > tol_span))
        basis = Ub[:, :rank]
        gap = float(sb[rank - 1]) if rank else math.inf
    else:
        rank, basis, gap = 0, np.zeros((N, 0)), math.inf
    # Residual of a unit vector off the computed span: its own error (ETA + 2u) plus the
    # rotation of the computed subspace, sin(theta) <= ||Delta B||_2 / gap (Wedin), with
    # ||Delta B||_2 <= tol_span, plus the projection's rounding (4 N u).
    tol_resid = (ETA + 2 * U) + (tol_span / gap if rank else 0.0) + 4 * N * U

    def resid(v: np.ndarray) -> np.ndarray:
        vu, n = _unit_columns(v)
        r = np.linalg.norm(vu - basis @ (basis.T @ vu), axis=0)
        return np.where(n > 0, r, 0.0)

    return Prop4Conditions(
        N=N, m=m, sv_min_z=sv_min_z, tol_rank=tol_rank, span_rank=rank, span_gap=gap,
        tol_rank_span=tol_span, resid_zpp=tuple(float(r) for r in resid(vec["Zpp"])),
        resid_z0=float(resid(vec["z0"][:, None])[0]), tol_resid=tol_resid, vectors=vec, basis=basis,
    )


def _choose_a(cond: Prop4Conditions, *, seed: int = 0, n_candidates: int = 64) -> tuple[np.ndarray, float]:
    """A unit a _|_ span{z_j, z'_j} maximising min(|a^T z''_i|, |a^T z_0|) over unit z's among candidates.

    Candidates: projections onto the orthogonal complement of fixed-seed Gaussian vectors
    and of the signed sum of the projected z''_i, z_0 (deterministic). Returns (a, margin).
    """
    N = cond.N
    Q = cond.basis
    targets, _ = _unit_columns(np.concatenate([cond.vectors["Zpp"], cond.vectors["z0"][:, None]], axis=1))
    proj = targets - Q @ (Q.T @ targets)
    gen = np.random.default_rng(seed)
    G = gen.standard_normal((N, n_candidates))
    signs = gen.choice([-1.0, 1.0], size=(proj.shape[1], 8))
    G = np.concatenate([G, proj @ signs, proj], axis=1)
    A = G - Q @ (Q.T @ G)
    An, norms = _unit_columns(A)
    An = An[:, norms > 1e-8 * max(1.0, norms.max())]
    # One more projection removes what rounding left in the span.
    An = An - Q @ (Q.T @ An)
    An, _ = _unit_columns(An)
    margins = np.min(np.abs(targets.T @ An), axis=0)
    k = int(np.argmax(margins))
    return An[:, k], float(margins[k])


def _largest_root(c2: float, c1: float, c0: float) -> float:
    # c2 < 0 <= c0: one root >= 0, (c1 + sqrt(c1^2 - 4 c2 c0)) / (2 |c2|).
    disc = c1 * c1 - 4.0 * c2 * c0
    return (c1 + math.sqrt(max(disc, 0.0))) / (2.0 * abs(c2))


def prop4_instance(activation, x, w, *, w0, M=None, expected: str | None = None, source: str = "") -> Instance:
    """The proof of Proposition 4: y with a sub-optimal strict local minimum at (v, w).

    a _|_ {z_j, z'_j}, a^T z''_i != 0, a^T z_0 != 0 (unit norm); v_i = sign(a^T z''_i);
    y = sum v_i z_i - M a (32); witness w~_1 = w_0, v~_1 = r M, v~_i = 0 (i >= 2) with
    r = -a^T z_0/||z_0||^2 (midpoint of (42)); M above the largest root M* of (41).
    ``M=None`` takes M = max(2 M*, 1) (then E(witness) - E(point) <= 2 c2 M*^2 < 0).

    Raises ``ValueError`` when m >= N, the activation is not C^2, or conditions (1)-(3) fail.
    """
    activation = _check_activation(activation)
    x = _vector(x, "x")
    w = _vector(w, "w")
    N = x.size
    m = _width(w.size, N, bound="m<N")
    props = getattr(activation, "properties", None)
    if props is not None and props.smoothness < 2:
        raise ValueError(
            f"activation: Proposition 4 needs sigma twice continuously differentiable, "
            f"{getattr(activation, 'name', activation)} is only C^{props.smoothness:g}"
        )
    if w0 is None or not math.isfinite(float(w0)):
        raise ValueError(f"w0: condition (3) needs a real w_0, got {w0!r}")
    cond = prop4_conditions(activation, x, w, w0)
    if not cond.holds:
        raise ValueError("x, w, w0: Proposition 4's conditions fail: " + "; ".join(cond.violated()))
    a, margin = _choose_a(cond)
    # a^T z''_i and a^T z_0 are sums of N products: error <= gamma_N ||a|| ||z|| ~ N u for unit z.
    tol_a = 4 * N * U + ETA
    if margin <= tol_a:
        raise ValueError(
            f"x, w, w0: no a _|_ {{z_j, z'_j}} with a^T z''_i, a^T z_0 clearly nonzero (margin {margin:.3g} <= {tol_a:.3g})"
        )
    vec = cond.vectors
    Z, Zp, Zpp, z0 = vec["Z"], vec["Zp"], vec["Zpp"], vec["z0"]
    az2 = a @ Zpp
    v = np.sign(az2)
    yhat = Z @ v
    az0 = float(a @ z0)
    nz0 = float(z0 @ z0)
    r = -az0 / nz0  # midpoint of (42)'s interval; sign opposite to a^T z_0
    c2 = r * (nz0 * r + 2.0 * az0)  # = -(a^T z_0)^2/||z_0||^2 < 0
    c1 = -2.0 * r * float(yhat @ z0)
    c0 = float(yhat @ yhat)
    M_root = _largest_root(c2, c1, c0)
    if M is None:
        M = max(2.0 * M_root, 1.0)
    M = float(M)
    if not (M > M_root):
        raise ValueError(
            f"M: the witness (42) lies below only for M above the largest root M* = {M_root:.6g} of (41), got M = {M:g}"
        )
    y = yhat - M * a
    point = _theta(w, v)
    w_low = w.copy()
    w_low[0] = float(w0)
    v_low = np.zeros(m)
    v_low[0] = r * M
    lower = _theta(w_low, v_low)
    gap = c2 * M * M + c1 * M + c0
    # Hessian at the point (proof of Prop 4): 2 J^T J + diag(2 M |a^T z''_i|) on the w block.
    J = np.concatenate([Zp * v[None, :], Z], axis=1)
    H = 2 * J.T @ J
    H[np.arange(m), np.arange(m)] += 2 * M * np.abs(az2)
    numbers = {
        **cond.numbers(),
        "a_margin": margin,
        "min_abs_a_zpp": float(np.min(np.abs(az2))),
        "a_z0": az0,
        "r": r,
        "c2": c2,
        "c1": c1,
        "c0": c0,
        "M_root": M_root,
        "M": M,
        "E_point": M * M,
        "predicted_gap": gap,
        "witness_rel_margin": abs(gap) / (M * M),
        "predicted_hessian_lambda_min": float(np.linalg.eigvalsh(H)[0]),
        "w0": float(w0),
    }
    return Instance(
        problem=_problem(activation, x, y, m),
        point=point,
        expected=expected or "sub-optimal strict local minimum",
        witnesses={"lower": lower, "a": torch.as_tensor(a, dtype=DTYPE), "hessian": torch.as_tensor(H, dtype=DTYPE)},
        numbers=numbers,
        source=source or "li2022benefit/prop-4 (31)-(42)",
    )


# --------------------------------------------------------------------------- Theorem 6
def prop4_obstruction_certificate(activation, x, w, w0) -> Certificate:
    """Once m >= N, Proposition 4's construction cannot be carried out: (1)-(3) never hold together.

    The reason is a dimension count: m > N vectors z_j in R^N are dependent, so (1) fails
    (exact); for m = N, (1) makes span{z_j} = R^N, so no z''_i and no z_0 lies off
    span{z_j} U {z'_j} ((2) and (3) fail) and the proof's direction a _|_ that span is 0.
    Holds iff the float64 verdict agrees: (1) is not met, or it is met with span rank N.
    ``condition_2``/``condition_3`` (:class:`Prop4Conditions`) require span rank < N, so the
    certificate checks the rank itself, independently of them.
    """
    cond = prop4_conditions(activation, x, w, w0)
    N, m = cond.N, cond.m
    if m < N:
        raise ValueError(f"w: the obstruction is about width m >= N, got m = {m} < N = {N}")
    structural = (not cond.condition_1) if m > N else (cond.condition_1 and cond.span_rank == N)
    return Certificate(
        question=f"Proposition 4's conditions (1)-(3) cannot all hold at width m = {m} >= N = {N}",
        holds=bool(structural and not cond.holds),
        evidence=Evidence.EXACT if m > N else Evidence.WITNESS,
        explanation=(f"m > N: {m} vectors in R^{N} are linearly dependent, (1) fails" if m > N else
                     f"(1) holds (sigma_min {cond.sv_min_z:.3g} > {cond.tol_rank:.3g}), span rank {cond.span_rank} = N: "
                     "no direction a off the span, (2) and (3) fail" if structural else
                     f"m = N but (1) is not certified (sigma_min {cond.sv_min_z:.3g} <= {cond.tol_rank:.3g}): "
                     "no structural obstruction shown"),
        numbers=cond.numbers() | {"m": m, "N": N},
        tolerance=cond.tol_rank,
        tolerance_derivation="unit-column Weyl bound of _rank_tol",
    )


def witness_margin(activation, x, w, w0) -> float:
    """Relative sub-optimality margin of Proposition 4's witness, |c2| = (a^T z_0)^2 / ||z_0||^2.

    (41)/M^2 -> c2 as M grows, with ||a|| = 1 and E(v, w) = M^2: float64 evaluations of E
    (relative rounding ~ gamma_13 ~ 1.4e-15) can show the witness lower only when |c2| is
    well above that. 0.0 when conditions (1)-(3) fail.
    """
    cond = prop4_conditions(activation, x, w, w0)
    if not cond.holds:
        return 0.0
    a, _ = _choose_a(cond)
    z0 = cond.vectors["z0"]
    return float((a @ z0) ** 2 / (z0 @ z0))


def choose_w0(activation, x, w, candidates=None) -> float:
    """Among ``candidates`` meeting (1)-(3), the w_0 with the largest :func:`witness_margin`.

    Condition (3) is existential in w_0, so any admissible w_0 proves Proposition 4; this
    picks the one whose witness float64 decides best. Default candidates: +-2^-k / max|x|,
    k = -2, ..., 30. Raises ``ValueError`` (naming the violated condition) if none is admissible.
    """
    x = _vector(x, "x")
    if candidates is None:
        base = 2.0 ** -np.arange(-2, 31) / float(np.max(np.abs(x)))
        candidates = np.concatenate([base, -base])
    best, best_margin = None, 0.0
    for c in candidates:  # a few dozen candidate scalars (not samples/parameters); each evaluation is batched
        mgn = witness_margin(activation, x, w, float(c))
        if mgn > best_margin:
            best, best_margin = float(c), mgn
    if best is None:
        cond = prop4_conditions(activation, x, w, float(candidates[-1]))
        raise ValueError("w0: no candidate w_0 meets Proposition 4's conditions: " + "; ".join(cond.violated()))
    return best


def thm6_instance(activation, x, *, w0=None, M=None) -> Instance:
    """The proof of Theorem 6: m = 1, w = 0, Proposition 4 with Z of (46) of rank 3.

    w_0 rule: the proof shows (3) for every w_0 != 0 "sufficiently close to zero" (the
    residual of z_0 off span{z, z'} is (w_0^2/2) sigma''(0) P(x o x) + o(w_0^2)). We scan
    w_0 = +-2^-k / max|x_j|, k = -2, ..., 30 (:func:`choose_w0`), keep those meeting (3) with
    its derived threshold, and take the one with the largest witness margin |c2|, so that
    float64 decides the witness as well as possible. ``numbers["taylor_ratio"]`` records
    residual / second-order prediction at the chosen w_0 (near 1: the proof's regime).
    An explicit ``w0`` is only checked.

    Raises ``ValueError`` when N < 3 or sigma(0), sigma'(0), sigma''(0) is zero (then
    condition (1), (2) or (3) fails; the message says which).
    """
    activation = _check_activation(activation)
    x = _data(x)
    N = x.size
    if N < 3:
        raise ValueError(f"x: Theorem 6 needs N >= 3 samples, got N = {N}")
    d = tuple(float(_eval(activation, np.zeros(1), k)[0]) for k in range(3))
    w = np.zeros(1)
    if w0 is None:
        try:
            w0 = choose_w0(activation, x, w)
        except ValueError as err:
            raise ValueError(
                f"activation: Theorem 6 needs sigma(0), sigma'(0), sigma''(0) != 0 "
                f"(got {d[0]:.3g}, {d[1]:.3g}, {d[2]:.3g}); {err}"
            ) from None
    inst = prop4_instance(activation, x, w, w0=w0, M=M, source="li2022benefit/thm-6 (46) via prop-4 (31)-(42)")
    cond = prop4_conditions(activation, x, w, w0)
    zpp_u = (x * x) / np.linalg.norm(x * x)
    proj = float(np.linalg.norm(zpp_u - cond.basis @ (cond.basis.T @ zpp_u)))
    pred = 0.5 * w0**2 * abs(d[2]) * proj * np.linalg.norm(x * x) / np.linalg.norm(cond.vectors["z0"])
    numbers = dict(inst.numbers)
    numbers.update({"sigma_0": d[0], "sigma1_0": d[1], "sigma2_0": d[2],
                    "taylor_ratio": float(cond.resid_z0 / pred) if pred > 0 else math.inf})
    return Instance(inst.problem, inst.point, "sub-optimal strict local minimum (hence a sub-optimal basin)",
                    inst.witnesses, numbers, inst.source)


# --------------------------------------------------------------------------- Theorem 4
def _quintic_pieces(t, anchors, scales, coeffs):
    # Piece k is sum_j coeffs[k, j] s^j with s = (t - anchors[k]) / scales[k]; the piece is
    # picked by counting the knots <= t and gathered by a one-hot product (vmap/grad safe).
    knots = anchors[1:]
    idx = (t[..., None] >= knots).sum(-1)
    onehot = (idx[..., None] == torch.arange(anchors.numel())).to(t.dtype)
    s = (t - onehot @ anchors) / (onehot @ scales)
    c = onehot @ coeffs
    out = c[..., 5]
    for j in range(4, -1, -1):  # Horner over the 6 coefficients, not over samples
        out = out * s + c[..., j]
    return out


# Monomial coefficients (in s) of the quintic Hermite basis on [0, 1]: rows are the data
# (f0, h f0', h^2 f0'', f1, h f1', h^2 f1''), columns s^0..s^5.
_QUINTIC = np.array(
    [
        [1, 0, 0, -10, 15, -6],
        [0, 1, 0, -6, 8, -3],
        [0, 0, 0.5, -1.5, 1.5, -0.5],
        [0, 0, 0, 10, -15, 6],
        [0, 0, 0, -4, 7, -3],
        [0, 0, 0, 0.5, -1, 0.5],
    ],
    dtype=np.float64,
)


def c2_hermite_activation(points, values, first, second, *, name: str = "c2_hermite") -> Activation:
    """A C^2 sigma with prescribed sigma, sigma', sigma'' at distinct points (Theorem 4's (43)).

    Quintic Hermite on each interval between consecutive points (values, first and second
    derivatives match from both sides, so sigma is C^2), quadratic Taylor tails outside.
    Deviation from the paper: it suggests "a high-order polynomial"; any C^2 function will
    do, and a global polynomial through this many Hermite conditions is useless in float64.
    """
    pts = _vector(points, "points")
    vals, d1, d2 = (_vector(a, n) for a, n in ((values, "values"), (first, "first"), (second, "second")))
    if not (vals.size == d1.size == d2.size == pts.size):
        raise ValueError("values, first, second: need one entry per point")
    order = np.argsort(pts)
    pts, vals, d1, d2 = pts[order], vals[order], d1[order], d2[order]
    if np.any(np.diff(pts) <= 0):
        raise ValueError(f"points: must be distinct, got {pts}")
    n = pts.size
    h = np.diff(pts)
    data = np.stack([vals[:-1], h * d1[:-1], h * h * d2[:-1], vals[1:], h * d1[1:], h * h * d2[1:]], axis=1)
    inner = data @ _QUINTIC
    tail = lambda k: np.array([vals[k], d1[k], d2[k] / 2, 0, 0, 0])  # noqa: E731
    coeffs = np.concatenate([tail(0)[None], inner, tail(n - 1)[None]], axis=0)
    anchors = np.concatenate([[pts[0]], pts])  # left tail anchored at pts[0], then piece k at pts[k-1]
    scales = np.concatenate([[1.0], h, [1.0]])
    fn = functools.partial(
        _quintic_pieces,
        anchors=torch.as_tensor(anchors, dtype=DTYPE),
        scales=torch.as_tensor(scales, dtype=DTYPE),
        coeffs=torch.as_tensor(coeffs, dtype=DTYPE),
    )
    return Activation(
        name=f"{name}[{n} nodes]",
        properties=Properties(analytic=False, smoothness=2, breakpoints=tuple(float(p) for p in pts)),
        params={"points": tuple(map(float, pts)), "values": tuple(map(float, vals)),
                "first": tuple(map(float, d1)), "second": tuple(map(float, d2))},
        fn=fn,
        pieces=None,
        source="li2022benefit Thm 4 proof (43) (C^2 piecewise quintic)",
    )


def _min_rel_separation(t: np.ndarray) -> np.ndarray:
    """Smallest gap between the entries of each row of ``t`` relative to max(1, max|t|) (batched)."""
    s = np.sort(np.atleast_2d(t), axis=-1)
    if s.shape[-1] < 2:
        return np.full(s.shape[0], math.inf)
    return np.min(np.diff(s, axis=-1), axis=-1) / np.maximum(1.0, np.max(np.abs(s), axis=-1))


def thm4_weights(x, m: int, *, seed: int, n_candidates: int = 64) -> np.ndarray:
    """A w in R^m with no zero or identical entries and all w_i x_j pairwise distinct.

    The proof: "we can always find" such a w. Among fixed-seed candidates (|w_i| in [1/2, 2],
    random signs) the one with the largest relative separation of {w_i x_j} is returned.
    """
    x = _data(x)
    m = _width(m, x.size, bound="m<N")
    gen = np.random.default_rng(seed)
    W = gen.uniform(0.5, 2.0, size=(n_candidates, m)) * gen.choice([-1.0, 1.0], size=(n_candidates, m))
    seps = _min_rel_separation((W[:, :, None] * x[None, None, :]).reshape(n_candidates, -1))
    return W[int(np.argmax(seps))]


def thm4_activation(x, w, w0, *, seed: int, span_extra: int | None = None, max_tries: int = 32):
    """Design sigma per (43): sigma(w_i x_j) = p^(i)_j, sigma' = q^(i)_j / x_j, sigma'' = r^(i)_j / x_j^2.

    {p^(i)} U {q^(i)} spans a random subspace S of dimension m + k < N (k = ``span_extra``,
    default drawn from 0..min(m, N-1-m)); r^(i) and the free entries of z_0 are generic
    Gaussian vectors. Entries of z_0 whose point w_0 x_j coincides with some w_i x_j' are
    *forced* to p^(i)_j' (the collision the proof overlooks); the draw is repeated with
    the next sub-seed until Proposition 4's conditions hold. Returns (activation, design dict).
    """
    x = _data(x)
    w = _vector(w, "w")
    N, m = x.size, w.size
    T = (w[None, :] * x[:, None])  # T[j, i] = w_i x_j
    t0 = float(w0) * x
    flat = T.ravel()
    # Collision test by exact float equality: the designed sigma is evaluated at exactly
    # these floats, so only exact coincidences force a value.
    coll = {j: int(np.nonzero(flat == t0[j])[0][0]) for j in range(N) if np.any(flat == t0[j])}
    free = [j for j in range(N) if j not in coll]
    gen = np.random.default_rng(seed)
    last = None
    for attempt in range(max_tries):
        k = int(gen.integers(0, min(m, N - 1 - m) + 1)) if span_extra is None else int(span_extra)
        if not (0 <= k <= min(m, N - 1 - m)):
            raise ValueError(f"span_extra: need 0 <= k <= min(m, N - 1 - m) = {min(m, N - 1 - m)}, got {k}")
        G = gen.standard_normal((N, m + k))
        P = G[:, :m]
        Qc = G @ gen.standard_normal((m + k, m))
        if k:  # make sure the extra directions are used: q^(i) for i < k carries G[:, m + i]
            Qc[:, :k] += G[:, m:]
        R = gen.standard_normal((N, m))
        # Free points of z_0: w_0 x_j not among the w_i x_j'. They are distinct unless w_0 = 0
        # (then all are 0 and z_0 = sigma(0) 1 has one free value).
        upts, inv = np.unique(t0[free], return_inverse=True)
        uvals = gen.standard_normal(upts.size)
        z0 = np.empty(N)
        z0[free] = uvals[inv]
        for j, idx in coll.items():
            z0[j] = P.ravel()[idx]  # forced: sigma(w_0 x_j) = sigma(w_i x_j') = p^(i)_j'
        pts = np.concatenate([flat, upts])
        vals = np.concatenate([P.ravel(), uvals])
        xs = np.repeat(x, m)
        d1 = np.concatenate([Qc.ravel() / xs, np.zeros(upts.size)])  # sigma' at z_0's points: free, 0
        d2 = np.concatenate([R.ravel() / xs**2, np.zeros(upts.size)])
        act = c2_hermite_activation(pts, vals, d1, d2, name="thm4_designed")
        cond = prop4_conditions(act, x, w, w0)
        last = cond
        if cond.holds:
            return act, {"P": P, "Q": Qc, "R": R, "z0_design": z0, "span_dim": m + k, "collisions": len(coll),
                         "attempts": attempt + 1}
    raise ValueError(
        "w0: no design meets Proposition 4's conditions with the forced entries of z_0 "
        f"({len(coll)} collisions w_0 x_j = w_i x_j'): " + "; ".join(last.violated())
    )


def thm4_instance(x, m, *, seed: int, w=None, w0=None, M=None) -> Instance:
    """The proof of Theorem 4: for any admissible x and m < N, a C^2 sigma and y with a sub-optimal basin.

    ``w``: default :func:`thm4_weights`; a given w must have nonzero entries with all
    w_i x_j pairwise distinct. ``w0``: any real not an entry of w (the printed condition,
    0 included); default a fixed-seed value away from every w_i x_j / x_j'.
    """
    x = _data(x)
    N = x.size
    if N < 2:
        raise ValueError(f"x: Theorem 4 needs N > 1, got N = {N}")
    m = _width(m, N, bound="m<N")
    if w is None:
        w = thm4_weights(x, m, seed=seed)
    w = _vector(w, "w")
    if w.size != m:
        raise ValueError(f"w: expected m = {m} entries, got {w.size}")
    if np.any(w == 0) or np.unique(w).size != m:
        raise ValueError(f"w: the proof of Theorem 4 needs w without zero and identical entries, got {w}")
    prods = (w[None, :] * x[:, None]).ravel()
    if np.unique(prods).size != prods.size:
        raise ValueError(f"w: the proof of Theorem 4 needs all w_i x_j pairwise distinct, got w = {w}, x = {x}")
    if w0 is None:
        gen = np.random.default_rng([seed, 1])
        cands = gen.uniform(0.25, 3.0, size=64) * gen.choice([-1.0, 1.0], size=64)
        pts = np.concatenate([np.broadcast_to(prods, (cands.size, prods.size)), cands[:, None] * x[None, :]], axis=1)
        w0 = float(cands[int(np.argmax(_min_rel_separation(pts)))])
    w0 = float(w0)
    if not math.isfinite(w0) or np.any(w == w0):
        raise ValueError(f"w0: the proof needs w_0 different from every entry of w = {w}, got {w0!r}")
    act, design = thm4_activation(x, w, w0, seed=seed)
    inst = prop4_instance(act, x, w, w0=w0, M=M, source="li2022benefit/thm-4 (43) via prop-4 (31)-(42)")
    numbers = dict(inst.numbers)
    numbers.update({"span_dim": design["span_dim"], "collisions": design["collisions"],
                    "design_attempts": design["attempts"], "seed": int(seed)})
    witnesses = dict(inst.witnesses)
    witnesses["design"] = design
    return Instance(inst.problem, inst.point, "sub-optimal strict local minimum (hence a sub-optimal basin)",
                    witnesses, numbers, inst.source)


# --------------------------------------------------------------------------- Theorem 5
def thm5_constant_loss_path(problem: Problem, theta, *, scales, require_homogeneous: bool = True) -> torch.Tensor:
    """The proof of Theorem 5: points of an unbounded curve of constant loss through ``theta``.

    Let W_H (and b_H) be the last hidden layer and W_{H+1} the output weights (for the
    paper's 1-hidden-layer net, w and v). If W_{H+1} = 0 (case 1, (44)) the output does not
    depend on W_H: the points are W_H + s D for s in ``scales`` (D the all-ones direction of
    unit norm). Otherwise (case 2, (45) and the deep remark) the points are
    (W_H / s, b_H / s, s W_{H+1}) for s > 0 in ``scales``: with sigma(alpha t) = alpha sigma(t)
    the output is unchanged while the norm grows without bound in s.

    Returns a (len(scales), P) tensor. Raises ``ValueError`` if the last hidden activation
    does not declare positive homogeneity (unless ``require_homogeneous=False``, for
    negative controls), or a scale is not a positive finite number.
    """
    if not isinstance(problem, Problem):
        raise ValueError(f"problem: expected a landscape.nets.Problem, got {type(problem).__name__}")
    net: Network = problem.network
    if net.depth < 1:
        raise ValueError("problem: Theorem 5 needs at least one hidden layer")
    act = net.activations[-1]
    props = getattr(act, "properties", None)
    if require_homogeneous and not (props is not None and props.positively_homogeneous):
        raise ValueError(
            f"problem: Theorem 5 needs a positively homogeneous activation sigma(alpha t) = alpha sigma(t), "
            f"{getattr(act, 'name', act)} does not declare it"
        )
    theta = problem.point(theta)
    s = as_tensor(scales, name="scales").reshape(-1)
    if s.numel() == 0 or not bool((s > 0).all()):
        raise ValueError(f"scales: expected positive numbers, got {s}")
    sizes = net.layer_sizes
    start_H = sum(sizes[:-2])
    end_H = start_H + sizes[-2]
    rows, cols = net.widths[-2], net.widths[-3]
    out_w = net.widths[-1] * net.widths[-2]  # output weights come first in the last layer
    last = theta[end_H : end_H + out_w]
    if bool((last == 0).all()):
        D = torch.zeros_like(theta)
        D[start_H : start_H + rows * cols] = 1.0
        D = D / D.norm()
        return theta[None, :] + s[:, None] * D[None, :]
    factor_H = torch.zeros_like(theta)
    factor_H[start_H:end_H] = 1.0  # W_H and b_H scaled by 1/s
    factor_out = torch.zeros_like(theta)
    factor_out[end_H : end_H + out_w] = 1.0  # W_{H+1} scaled by s (its bias unchanged)
    rest = 1.0 - factor_H - factor_out
    mult = rest[None, :] + factor_H[None, :] / s[:, None] + factor_out[None, :] * s[:, None]
    return theta[None, :] * mult


# --------------------------------------------------------------------------- Theorem 7
@dataclass(frozen=True)
class Thm7Geometry:
    """Theorem 7's activation data in the WLOG frame (t_0 > 0, a > 0) and the sign flips back.

    ``sign_w`` = sign(t_0), ``sign_v`` = sign(a): the constructed point in the paper's
    frame is (sign_v v, sign_w w) (the proof's last paragraph); sigma~(t) = sign_v sigma(sign_w t).
    ``delta`` is math.inf when no breakpoint lies beyond t_0.
    """

    t0: float
    slope: float
    delta: float
    sign_w: float
    sign_v: float
    breakpoints: tuple[float, ...]
    max_slope: float  # largest |slope| over all pieces (rounding bounds)


def thm7_geometry(activation, *, side: int | None = None) -> Thm7Geometry:
    """Nearest breakpoint t_0 != 0 (on ``side`` if given), the slope a beyond it and delta (47)-(48)."""
    activation = _check_activation(activation)
    props = getattr(activation, "properties", None)
    if props is None or not props.piecewise_linear:
        raise ValueError(f"activation: Theorem 7 needs a piecewise linear sigma, got {getattr(activation, 'name', activation)}")
    bps = tuple(float(b) for b in props.breakpoints)
    if 0.0 in bps:
        raise ValueError("activation: Theorem 7 needs sigma'(0) = 0, but 0 is a breakpoint (sigma'(0) does not exist)")
    s0 = _eval(activation, np.zeros(1), 0)[0]
    d0 = _eval(activation, np.zeros(1), 1)[0]
    if s0 != 0.0 or d0 != 0.0:
        raise ValueError(f"activation: Theorem 7 needs sigma(0) = sigma'(0) = 0, got {s0:g}, {d0:g}")
    cands = [b for b in bps if (side is None or np.sign(b) == side)]
    if not cands:
        raise ValueError(
            "activation: Theorem 7's proof needs a breakpoint t_0 != 0"
            + (f" on side {side}" if side is not None else " (a piecewise linear sigma with sigma(0) = sigma'(0) = 0 and none is 0)")
        )
    # Nearest to the origin; ties go to the positive side.
    t0 = min(cands, key=lambda b: (abs(b), -b))
    sw = 1.0 if t0 > 0 else -1.0
    beyond = sorted(abs(b) for b in bps if np.sign(b) == sw and abs(b) > abs(t0))
    delta = (beyond[0] - abs(t0)) if beyond else math.inf
    probe = abs(t0) + (delta / 2 if math.isfinite(delta) else 1.0)
    slope = sw * _eval(activation, np.array([sw * probe]), 1)[0]  # d/ds sigma(sign_w s) beyond |t_0|
    if slope == 0:
        raise ValueError(f"activation: no slope change at t_0 = {t0:g}")
    # One point inside every piece: the derivative there is the piece's slope (exact for PL).
    reps = np.concatenate([[bps[0] - 1.0], (np.array(bps[:-1]) + np.array(bps[1:])) / 2, [bps[-1] + 1.0]])
    max_slope = float(np.max(np.abs(_eval(activation, reps, 1))))
    return Thm7Geometry(t0=abs(t0), slope=abs(slope), delta=delta, sign_w=sw, sign_v=float(np.sign(slope)),
                        breakpoints=bps, max_slope=max_slope)


def thm7_nonconstant_certificate(activation) -> Certificate:
    """Exact: sigma is not identically zero, so E(v, w) is not constant in the parameters.

    A set-wise strict local minimum (Definition 3) needs E(x) < E(y) for the points y
    just outside the set, which a constant E never gives. Theorem 7's printed hypothesis
    ("piecewise linear with sigma(0) = sigma'(0) = 0") admits sigma = 0, whose network
    output is 0 for every (v, w): then E = ||y||^2 for every x and y and no basin exists.
    Decided on the exact sympy pieces of sigma (every piece's expression is the zero
    polynomial, or not).
    """
    activation = _check_activation(activation)
    pieces = getattr(activation, "pieces", None)
    if not pieces:
        raise ValueError(f"activation: {activation.name} has no exact piecewise form to decide sigma = 0")
    zero = all(is_exact_zero(sympy.sympify(expr)) for _, _, expr in pieces)
    return Certificate(
        question="sigma is not identically zero (E is not constant in (v, w))",
        holds=not zero,
        evidence="exact",
        explanation=("every exact piece of sigma is 0: the output is 0 for all (v, w), so E = ||y||^2 is constant "
                     "and has no set-wise strict local minimum" if zero else
                     "some exact piece of sigma is a nonzero polynomial"),
        numbers={"n_pieces": len(pieces)},
    )


def _thm7_step1(activation, x, m, *, side, positive: bool):
    """Validate Theorem 7's Step 1 data: N >= 3, 2m + 1 <= N, x_1 > ... > x_N and
    x_1/x_N < (t_0 + delta)/t_0 as printed; with ``positive`` also x_N > 0, which (50) needs."""
    g = thm7_geometry(activation, side=side)
    x = _vector(x, "x")
    N = x.size
    if N < 3:
        raise ValueError(f"x: Theorem 7 needs N >= 3, got N = {N}")
    m = _width(m, N, bound="2m+1<=N")
    if np.any(np.diff(x) >= 0):
        raise ValueError(f"x: Theorem 7's Step 1 needs x_1 > x_2 > ... > x_N, got {x}")
    if positive and not x[-1] > 0:
        raise ValueError(
            f"x: Theorem 7's construction needs x_N > 0 (used by (50), not printed in Step 1), got x_N = {x[-1]:g}"
        )
    ratio_max = (g.t0 + g.delta) / g.t0
    if not (x[0] / x[-1] < ratio_max):
        raise ValueError(f"x: Theorem 7's Step 1 needs x_1/x_N < (t_0 + delta)/t_0 = {ratio_max:g}, got {x[0] / x[-1]:g}")
    return g, x, N, m


def _thm7_u(x: np.ndarray, g: Thm7Geometry) -> np.ndarray:
    # (49): u_i = t_0/x_i (i <= N), u_{N+1} = (t_0 + delta)/x_1 (inf when delta = inf).
    return np.concatenate([g.t0 / x, [(g.t0 + g.delta) / x[0]]])


def thm7_printed_construction(activation, x, m, *, M: float = 1.0, side: int | None = None) -> Instance:
    """(49), (51), (52) applied exactly as printed, checking only the printed Step-1 condition.

    For x meeting x_1 > ... > x_N and x_1/x_N < (t_0+delta)/t_0 *as printed*, including
    x with non-positive entries, which the proof's (50) silently excludes. Used to exhibit
    that gap; :func:`thm7_instance` is the construction with the condition the proof needs.
    """
    g, x, N, m = _thm7_step1(activation, x, m, side=side, positive=False)
    u = _thm7_u(x, g)
    w = g.sign_w * u[2 * np.arange(1, m + 1)]  # w_i = u_{2i+1} (1-based) -> u[2i] (0-based)
    v = g.sign_v * np.ones(m)
    net_out = _eval(activation, w[None, :] * x[:, None], 0) @ v
    y = net_out.copy()
    y[2 * m] -= M  # y = yhat - M e_{2m+1}
    return Instance(_problem(activation, x, y, m), _theta(w, v), "sub-optimal strict local minimum (as printed)",
                    {}, {"M": float(M), "t0": g.t0, "delta": g.delta}, "li2022benefit/thm-7 (49), (51), (52) as printed")


def _thm7_witness(x, g: Thm7Geometry, u: np.ndarray, m: int, yhat: np.ndarray, act_wlog):
    # w*_m in (u_{2m+1}, u_{2m+2}): 9/10 of the way up (16 u_{2m+1} when u_{2m+2} = inf). The
    # best M^2 coefficient of (67), -sigma*_{2m+1}^2 / sum_{n<=2m+1} sigma*_n^2, grows with w*_m
    # (sigma*_n = w*_m x_n - t_0), so a high w*_m keeps M, hence E = M^2, small.
    lo, hi = u[2 * m], u[2 * m + 1]
    w_star = lo + 0.9 * (hi - lo) if math.isfinite(hi) else 16.0 * lo
    s = act_wlog(w_star * x)
    S = float(np.sum(s[: 2 * m + 1] ** 2))
    alpha_max = 2.0 * s[2 * m] / S  # (69)
    alpha = 0.5 * alpha_max  # midpoint: minimises the M^2 coefficient (68)
    c2 = S * alpha**2 - 2.0 * s[2 * m] * alpha
    c1 = 2.0 * alpha * float(yhat[: 2 * m] @ s[: 2 * m])
    c0 = float(yhat[: 2 * m] @ yhat[: 2 * m])
    return w_star, alpha, alpha_max, (c2, c1, c0), s


def thm7_instance(activation, x, m, *, M=None, side: int | None = None) -> Instance:
    """The proof of Theorem 7 (47)-(70): a sub-optimal strict local minimum for a PL sigma.

    In the WLOG frame (t_0, a > 0): u_i (49), w_i = u_{2i+1}, v_i = 1 (51),
    y = yhat - M e_{2m+1} (52), E = M^2 (53); witness w*_m in (u_{2m+1}, u_{2m+2}),
    v*_m = -alpha M, other entries 0, alpha at the midpoint of (69), M above the largest
    root of the quadratic (67) (default max(2 M*, 1)). Other signs of t_0, a: the point is
    (sign(a) v, sign(t_0) w) (the proof's last paragraph), and so is the witness.

    ``x`` must meet Step 1: x_1 > ... > x_N, x_1/x_N < (t_0+delta)/t_0, and x_N > 0
    (needed by (50), not printed); ``ValueError`` otherwise, and for N < 3, 2m+1 > N, or
    an activation that is not piecewise linear with sigma(0) = sigma'(0) = 0 and a breakpoint.
    """
    activation = _check_activation(activation)
    g, x, N, m = _thm7_step1(activation, x, m, side=side, positive=True)
    ratio_max = (g.t0 + g.delta) / g.t0
    u = _thm7_u(x, g)

    def act_wlog(t):
        return g.sign_v * _eval(activation, g.sign_w * np.asarray(t, dtype=np.float64), 0)

    w_wl = u[2 * np.arange(1, m + 1)]  # w_i = u_{2i+1}
    v_wl = np.ones(m)
    Zw = act_wlog(w_wl[None, :] * x[:, None])
    yhat = Zw @ v_wl
    w_star, alpha, alpha_max, (c2, c1, c0), s_star = _thm7_witness(x, g, u, m, yhat, act_wlog)
    M_root = _largest_root(c2, c1, c0)
    if M is None:
        M = max(2.0 * M_root, 1.0)
    M = float(M)
    if not (M > M_root):
        raise ValueError(f"M: the witness (66)-(69) lies below only for M above the largest root {M_root:.6g} of (67), got M = {M:g}")
    y = yhat.copy()
    y[2 * m] -= M
    point = _theta(g.sign_w * w_wl, g.sign_v * v_wl)
    w_low = np.zeros(m)
    v_low = np.zeros(m)
    w_low[-1] = g.sign_w * w_star
    v_low[-1] = g.sign_v * (-alpha * M)
    # Admissible neighbourhood of Step 2: u_{2i} < w'_i < u_{2i+2} and v'_i > 0 (WLOG frame).
    lo = u[2 * np.arange(1, m + 1) - 1]
    hi = u[2 * np.arange(1, m + 1) + 1]
    rho_w = np.minimum(w_wl - lo, hi - w_wl)
    numbers = {
        "t0": g.t0, "slope": g.slope, "delta": g.delta, "sign_w": g.sign_w, "sign_v": g.sign_v,
        "x1_over_xN": float(x[0] / x[-1]), "ratio_bound": ratio_max,
        "M": M, "M_root": M_root, "alpha": alpha, "alpha_max": alpha_max, "w_star": w_star,
        "c2": c2, "c1": c1, "c0": c0, "predicted_gap": c2 * M * M + c1 * M + c0,
        "E_point": M * M, "rho_w": float(np.min(rho_w)), "rho_v": 1.0,
    }
    return Instance(
        problem=_problem(activation, x, y, m),
        point=point,
        expected="sub-optimal strict local minimum (non-smooth point: w_i x_{2i+1} = t_0 is a breakpoint)",
        witnesses={"lower": _theta(w_low, v_low), "u": u, "geometry": g, "rho_w": rho_w,
                   "w_wlog": w_wl, "v_wlog": v_wl, "yhat": yhat},
        numbers=numbers,
        source="li2022benefit/thm-7 (47)-(70)",
    )


def thm7_perturbations(inst: Instance, n_per_case: int, *, seed: int, max_fraction: float = 0.9,
                       min_fraction: float = 1e-3) -> tuple[torch.Tensor, np.ndarray]:
    """Perturbed points in Step 2's neighbourhood, ``n_per_case`` for each of the cases (i)-(vi).

    Case (i)-(iii): the last neuron changes (w'_m > w_m, < w_m, = w_m with v'_m != v_m) and
    everything else is perturbed freely; cases (iv)-(vi): for a drawn i < m the neurons
    j > i are kept exactly and neuron i changes as in (i)-(iii). Radii are log-uniform
    fractions in [min_fraction, max_fraction] of the admissible half-widths (rho_w per
    neuron, and 1 for v, which keeps v' > 0); the default min_fraction 1e-3 keeps E' - E
    (quadratic in the step for cases (ii)-(vi)) far above float64 rounding of E ~ M^2. Returns (points (K, P), intended case 1..6).
    """
    if n_per_case < 1:
        raise ValueError(f"n_per_case: need >= 1, got {n_per_case}")
    if not (0 < min_fraction <= max_fraction < 1):
        raise ValueError(f"min_fraction, max_fraction: need 0 < min <= max < 1, got {min_fraction}, {max_fraction}")
    g: Thm7Geometry = inst.witnesses["geometry"]
    w, v = inst.witnesses["w_wlog"], inst.witnesses["v_wlog"]
    rho = inst.witnesses["rho_w"]
    m = w.size
    gen = np.random.default_rng(seed)
    cases = np.repeat(np.arange(1, 7), n_per_case)
    if m == 1:
        cases = np.where(cases > 3, cases - 3, cases)  # no i < m exists
    K = cases.size
    frac = lambda size: np.exp(gen.uniform(np.log(min_fraction), np.log(max_fraction), size=size))  # noqa: E731
    sgn = lambda size: gen.choice([-1.0, 1.0], size=size)  # noqa: E731
    dW = frac((K, m)) * sgn((K, m)) * rho[None, :]
    dV = frac((K, m)) * sgn((K, m))
    top = np.where(cases <= 3, m - 1, gen.integers(0, max(m - 1, 1), size=K))  # neuron i (0-based)
    kind = (cases - 1) % 3  # 0: w'_i > w_i, 1: w'_i < w_i, 2: w'_i = w_i, v'_i != v_i
    rows = np.arange(K)
    dW[rows, top] = np.abs(dW[rows, top]) * np.where(kind == 0, 1.0, np.where(kind == 1, -1.0, 0.0))
    keep = np.arange(m)[None, :] > top[:, None]  # neurons j > i unchanged exactly
    dW[keep] = 0.0
    dV[keep] = 0.0
    Wp = w[None, :] + dW
    Vp = v[None, :] + dV
    pts = np.concatenate([g.sign_w * Wp, g.sign_v * Vp], axis=1)
    return torch.as_tensor(pts, dtype=DTYPE), cases


@dataclass(frozen=True, eq=False)
class Thm7Cases:
    """Step 2's case analysis on perturbed points (WLOG frame), one entry per point.

    ``case``: 1..6 for (i)..(vi); ``in_neighbourhood``: u_{2i} < w'_i < u_{2i+2}, v'_i > 0;
    ``patterns_ok``: z'_i in P_{2i} U P_{2i+1}; ``printed_ok``: the case's printed key
    inequality ((54), (55)-(56), (58), (60), (62), (64)) holds beyond its rounding bound;
    ``delta_E``: E(v', w') - E(v, w) = ||Delta yhat||^2 + 2 M Delta yhat_{2m+1} (the stable
    form of (34) with yhat - y = M e_{2m+1}); ``tol_E`` its rounding bound.
    """

    case: np.ndarray
    in_neighbourhood: np.ndarray
    patterns_ok: np.ndarray
    printed_ok: np.ndarray
    printed_violated: np.ndarray
    delta_E: np.ndarray
    tol_E: np.ndarray


def thm7_case_analysis(inst: Instance, points) -> Thm7Cases:
    """Classify perturbed points into the proof's cases (i)-(vi) and check each case's inequality."""
    g: Thm7Geometry = inst.witnesses["geometry"]
    u = inst.witnesses["u"]
    w, v = inst.witnesses["w_wlog"], inst.witnesses["v_wlog"]
    yhat = inst.witnesses["yhat"]
    M = inst.numbers["M"]
    m = w.size
    x = inst.problem.X[0].numpy()
    P = np.asarray(torch.as_tensor(points, dtype=DTYPE).numpy())
    if P.ndim != 2 or P.shape[1] != 2 * m:
        raise ValueError(f"points: expected shape (K, {2 * m}), got {P.shape}")
    Wp = g.sign_w * P[:, :m]
    Vp = g.sign_v * P[:, m:]
    act = inst.problem.network.activations[0]
    Zp = g.sign_v * _eval(act, g.sign_w * (Wp[:, :, None] * x[None, None, :]), 0)  # (K, m, N)
    Yp = np.einsum("ki,kin->kn", Vp, Zp)
    dY = Yp - yhat[None, :]
    idx = 2 * np.arange(1, m + 1)
    lo, hi = u[idx - 1], u[idx + 1]
    in_nb = np.all((Wp > lo) & (Wp < hi) & (Vp > 0), axis=1)
    # Patterns: z'_i has entries > 0 exactly on its first 2i or 2i+1 positions. Decided on
    # the arguments (w'_i x_n > t_0, where sigma~ > 0 on (t_0, t_0 + delta]) because the float
    # value of sigma on its flat piece may be a rounding residue instead of an exact 0.
    pos = (Wp[:, :, None] * x[None, None, :]) > g.t0
    first_zero = np.where(pos.all(-1), x.size, np.argmin(pos, axis=-1))
    prefix = np.all(pos == (np.arange(x.size)[None, None, :] < first_zero[..., None]), axis=-1)
    pat_ok = np.all(prefix & ((first_zero == idx[None, :]) | (first_zero == idx[None, :] + 1)), axis=1)
    changed = (Wp != w[None, :]) | (Vp != v[None, :])
    top = np.where(changed.any(1), m - 1 - np.argmax(changed[:, ::-1], axis=1), -1)
    rows = np.arange(P.shape[0])
    dw = np.where(top >= 0, Wp[rows, top] - w[np.maximum(top, 0)], 0.0)
    kind = np.where(dw > 0, 0, np.where(dw < 0, 1, 2))
    case = np.where(top < 0, 0, np.where(top == m - 1, 1 + kind, 4 + kind))
    # Rounding of yhat entries, per entry n. A continuous PL sigma with n_b breakpoints b_k and
    # slopes bounded by L is evaluated as c_0 + s_0 t + sum_k d_k max(t - b_k, 0) (or an
    # equivalent shift/scale), |d_k| <= 2L, |c_0| <= sum_k |d_k||b_k|, so the sum of the
    # magnitudes of its terms is S(t) <= (2 n_b + 1) L (|t| + B) + 2 n_b L B, B = max|b_k|.
    # Each sigma value then errs by <= gamma_{n_b + 3} S(t) (plus L u |t| from rounding w x),
    # and yhat_n = sum_i v_i sigma(w_i x_n) and the difference dyhat_n add gamma_{m+1}:
    # err_n <= gamma_{m + n_b + 6} sum_i (|v'_i| S(w'_i x_n) + |v_i| S(w_i x_n)), doubled for safety.
    nb = len(g.breakpoints)
    L, B = g.max_slope, max((abs(b) for b in g.breakpoints), default=0.0)
    S = lambda t: (2 * nb + 1) * L * (np.abs(t) + B) + 2 * nb * L * B  # noqa: E731
    k = m + nb + 6
    gam = k * U / (1 - k * U)
    err_y = 2 * gam * (
        np.einsum("ki,kin->kn", np.abs(Vp), S(Wp[:, :, None] * x[None, None, :]))
        + (np.abs(v)[None, :, None] * S(w[None, :, None] * x[None, None, :])).sum(1)
    )  # (K, N)
    tol_E = 2 * M * err_y[:, 2 * m] + 2 * np.sum(np.abs(dY) * err_y, axis=1) + np.sum(err_y**2, axis=1)
    dE = np.sum(dY**2, axis=1) + 2 * M * dY[:, 2 * m]
    ok = np.zeros(P.shape[0], dtype=bool)
    i0 = np.maximum(top, 0)  # 0-based neuron index of the case; paper's i = i0 + 1
    # (i) yhat'_{2m+1} > 0  (0-based entry 2m)
    bad = np.zeros(P.shape[0], dtype=bool)
    ok = np.where(case == 1, Yp[:, 2 * m] > err_y[:, 2 * m], ok)
    bad = np.where(case == 1, Yp[:, 2 * m] < -err_y[:, 2 * m], bad)
    # (ii)/(v): ratio (yhat'_{2i} - c)/(yhat'_{2i-1} - c') < (yhat_{2i} - c)/(yhat_{2i-1} - c'), c the
    # unchanged neurons j > i; entries 2i-1, 2i (1-based) -> 2 i0, 2 i0 + 1 (0-based).
    Zfix = g.sign_v * _eval(act, g.sign_w * (w[None, :] * x[:, None]), 0)  # (N, m)
    later = np.arange(m)[None, :] > i0[:, None]  # (K, m)
    cfix = np.einsum("km,nm->kn", later * v[None, :], Zfix)  # contribution of unchanged neurons
    a_hi, a_lo = 2 * i0 + 1, 2 * i0
    num_p = Yp[rows, a_hi] - cfix[rows, a_hi]
    den_p = Yp[rows, a_lo] - cfix[rows, a_lo]
    num = yhat[a_hi] - cfix[rows, a_hi]
    den = yhat[a_lo] - cfix[rows, a_lo]
    e_hi, e_lo = err_y[rows, a_hi], err_y[rows, a_lo]
    # cross-multiplied (62): num' den < num den', each side's rounding <= |a| e_b + |b| e_a + e_a e_b
    r_err = 2 * (e_hi * (np.abs(den) + np.abs(den_p)) + e_lo * (np.abs(num) + np.abs(num_p)) + 2 * e_hi * e_lo)
    gap = num * den_p - num_p * den
    ok = np.where((case == 2) | (case == 5), gap > r_err, ok)
    bad = np.where((case == 2) | (case == 5), gap < -r_err, bad)
    # (iii)/(vi): yhat'_{2i} != yhat_{2i}
    ok = np.where((case == 3) | (case == 6), np.abs(dY[rows, a_hi]) > err_y[rows, a_hi], ok)
    # (iv): yhat'_{2i+1} > yhat_{2i+1}
    nxt = np.minimum(2 * i0 + 2, x.size - 1)
    ok = np.where(case == 4, dY[rows, nxt] > err_y[rows, nxt], ok)
    bad = np.where(case == 4, dY[rows, nxt] < -err_y[rows, nxt], bad)
    # (iii)/(vi) "!=" cannot be violated beyond rounding: there the point is supported or undecided.
    return Thm7Cases(case=case, in_neighbourhood=in_nb, patterns_ok=pat_ok, printed_ok=ok, printed_violated=bad,
                     delta_E=dE, tol_E=tol_E)


def thm7_case_certificate(inst: Instance, points) -> Certificate:
    """Sampled evidence for Step 2 on the admissible perturbed points (three-valued per point).

    A point *refutes* if E' - E < -tol_E or its case's printed inequality fails beyond
    rounding; it *supports* if E' - E > tol_E and the inequality holds beyond rounding; else
    float64 cannot decide it (counted, not evidence). Holds iff no point refutes and at least
    half of the admissible points support.
    """
    res = thm7_case_analysis(inst, points)
    sel = res.in_neighbourhood
    refute = sel & (~res.patterns_ok | res.printed_violated | (res.delta_E < -res.tol_E))
    support = sel & res.patterns_ok & res.printed_ok & (res.delta_E > res.tol_E)
    undecided = sel & ~refute & ~support
    n_sel = int(sel.sum())
    holds = bool(n_sel and not refute.any() and 2 * int(support.sum()) >= n_sel)
    counts = {f"case_{k}": int(np.sum(sel & (res.case == k))) for k in range(1, 7)}
    margin = (res.delta_E - res.tol_E)[sel]
    return Certificate(
        question="Theorem 7 Step 2: E(v', w') > E(v, w) on the admissible neighbourhood, case by case (i)-(vi)",
        holds=holds,
        evidence=Evidence.SAMPLED,
        explanation=(
            f"{n_sel} admissible perturbed points: {int(support.sum())} support (E' - E and the case's printed "
            f"inequality beyond rounding), {int(refute.sum())} refute, {int(undecided.sum())} undecided in float64"
        ),
        numbers={**counts, "support": int(support.sum()), "refute": int(refute.sum()), "undecided": int(undecided.sum()),
                 "min_delta_E": float(res.delta_E[sel].min()) if n_sel else math.nan,
                 "min_margin": float(margin.min()) if n_sel else math.nan},
        tolerance=float(res.tol_E[sel].max()) if n_sel else None,
        tolerance_derivation="E' - E = ||dyhat||^2 + 2 M dyhat_{2m+1}; per-entry rounding of dyhat <= gamma_k sum|terms| (see thm7_case_analysis)",
    )


# --------------------------------------------------------------------------- Example 1
@dataclass(frozen=True, eq=False)
class Ex1Factorization:
    """Example 1: Z = sigma(W X) for W (2, 1), X (1, 2), sigma(z) = z^p.

    ``a``: the first row of WX (a_1, a_2), ``t`` = w_2/w_1 (``None`` when w_1 = 0; then
    the rows swap roles, a deviation the paper's display does not cover), ``Z`` computed
    by the activation, ``displayed`` = [[a1^p, a2^p], [t^p a1^p, t^p a2^p]] evaluated with
    the same convention for z^p, ``singular_values`` of Z, ``sv_ratio`` = s_2/s_1, and
    ``tol`` its derived float64 bound for a rank-one matrix.
    """

    p: float
    a: tuple[float, float]
    t: float | None
    Z: np.ndarray
    displayed: np.ndarray
    singular_values: np.ndarray
    sv_ratio: float
    display_residual: float
    tol: float


def _ex1_shapes(W, X) -> tuple[np.ndarray, np.ndarray]:
    W = np.asarray(W, dtype=np.float64)
    X = np.asarray(X, dtype=np.float64)
    if W.shape != (2, 1):
        raise ValueError(f"W: Example 1 has W in R^(2x1), got shape {W.shape}")
    if X.shape != (1, 2):
        raise ValueError(f"X: Example 1 has X in R^(1x2), got shape {X.shape}")
    if not (np.all(np.isfinite(W)) and np.all(np.isfinite(X))):
        raise ValueError("W, X: expected finite entries")
    return W, X


def ex1_factorization(activation, W, X) -> Ex1Factorization:
    """Evaluate Example 1's display for the monomial ``activation`` (from ``activations.monomial(p)``)."""
    activation = _check_activation(activation)
    p = getattr(activation, "properties", None) and activation.properties.homogeneity_degree
    if p is None or not p > 0:
        raise ValueError(f"activation: Example 1 is about sigma(z) = z^p, p > 0; {getattr(activation, 'name', activation)} is not one")
    W, X = _ex1_shapes(W, X)
    WX = W @ X
    Z = _eval(activation, WX, 0)
    if W[0, 0] != 0:
        a = WX[0]
        t = W[1, 0] / W[0, 0]
        phi_t = _eval(activation, np.array([t]), 0)[0]
        phi_a = _eval(activation, a, 0)
        displayed = np.stack([phi_a, phi_t * phi_a])
    else:  # w_1 = 0: first row is 0 = sigma(0 * x); display with the roles of the rows swapped
        a = WX[1]
        t = None
        displayed = np.stack([_eval(activation, np.zeros(2), 0), _eval(activation, a, 0)])
    sv = np.linalg.svd(Z, compute_uv=False)
    ratio = float(sv[1] / sv[0]) if sv[0] > 0 else 0.0
    # Each entry sigma(w_i x_j) = |w_i x_j|^p (sign) carries relative error <= ETA (product
    # w_i x_j rounded once, amplified by p, plus pow's few ulps): ||Delta Z||_F <= (p + 1) ETA ||Z||_F,
    # so for an exactly rank-one Z, s_2 <= ||Delta Z||_2 + SVD error 8u||Z||_2 and
    # s_2/s_1 <= (p + 1) ETA sqrt(2) + 8u, with s_1 ~ ||Z||_F/ sqrt(2) at worst.
    tol = (p + 1) * ETA * 2 + 8 * U
    scale = max(float(np.max(np.abs(Z))), np.finfo(np.float64).tiny)
    return Ex1Factorization(
        p=float(p), a=(float(a[0]), float(a[1])), t=None if t is None else float(t), Z=Z, displayed=displayed,
        singular_values=sv, sv_ratio=ratio, display_residual=float(np.max(np.abs(Z - displayed)) / scale), tol=tol,
    )


def _canonical_power(z, P):
    """sigma-free helper: |z|^P for rational z != 0, P > 0, as a canonical {prime: exponent} dict.

    Every positive real of the form prod p^(q_p) with rational q_p has exactly one such
    representation (raise to a common denominator and use unique factorisation), so two
    products are equal iff their dicts are equal: an exact equality test with no
    simplification heuristics.
    """
    import sympy

    z = abs(Fraction(z))
    out: dict[int, Fraction] = {}
    for prime, e in sympy.factorint(z.numerator).items():
        out[int(prime)] = out.get(int(prime), Fraction(0)) + e * P
    for prime, e in sympy.factorint(z.denominator).items():
        out[int(prime)] = out.get(int(prime), Fraction(0)) - e * P
    return {k: v for k, v in out.items() if v != 0}


def _canonical_product(a, b):
    """(sign, dict) product of two canonical monomials; sign 0 means the value 0."""
    if a[0] == 0 or b[0] == 0:
        return (0, {})
    out = dict(a[1])
    for k, v in b[1].items():
        out[k] = out.get(k, Fraction(0)) + v
    return (a[0] * b[0], {k: v for k, v in out.items() if v != 0})


def ex1_exact_certificate(p, W, X, *, parity: str = "odd", sigma=None) -> Certificate:
    """Exact check of Example 1 at rational p > 0 and rational W, X: det sigma(WX) = 0.

    sigma(z) = z^p on z >= 0; for z < 0 the catalog's convention (``activations.monomial``):
    integer p the polynomial, else sign(z)|z|^p (``parity="odd"``) or |z|^p (``"even"``).
    Each entry is a sign times prod_prime prime^(q) with rational q, a canonical form (see
    :func:`_canonical_power`), so det Z = sigma(w1 x1) sigma(w2 x2) - sigma(w1 x2) sigma(w2 x1)
    is 0 iff the two canonical products are identical: exact, no numerical zero test.
    ``sigma``: any other exact map (callable on sympy Rationals) for negative controls,
    decided by sympy (``holds`` only if the determinant cancels structurally; numbers carry
    its 50-digit value). Evidence ``exact``.
    """
    import sympy

    def rat(v, name):
        try:
            return Fraction(*float(v).as_integer_ratio()) if isinstance(v, float) else Fraction(v)
        except (TypeError, ValueError):
            raise ValueError(f"{name}: expected a rational number, got {v!r}") from None

    P = rat(p, "p")
    if not P > 0:
        raise ValueError(f"p: Example 1 needs p > 0, got {p}")
    if parity not in ("odd", "even"):
        raise ValueError(f"parity: expected 'odd' or 'even', got {parity!r}")
    Wr = [rat(v, "W") for v in np.asarray(W, dtype=object).reshape(-1)]
    Xr = [rat(v, "X") for v in np.asarray(X, dtype=object).reshape(-1)]
    if len(Wr) != 2 or len(Xr) != 2:
        raise ValueError("W, X: Example 1 has W in R^(2x1), X in R^(1x2)")
    desc = f"p = {P}, W = {[str(v) for v in Wr]}, X = {[str(v) for v in Xr]} ({parity} convention for z < 0)"
    if sigma is None:
        def mono(z):
            if z == 0:
                return (0, {})
            if z > 0:
                sign = 1
            elif P.denominator == 1:
                sign = -1 if P.numerator % 2 else 1
            else:
                sign = -1 if parity == "odd" else 1
            return (sign, _canonical_power(z, P))

        Z = [[mono(Wr[i] * Xr[j]) for j in range(2)] for i in range(2)]
        lhs = _canonical_product(Z[0][0], Z[1][1])
        rhs = _canonical_product(Z[0][1], Z[1][0])
        zero = lhs == rhs

        def val(c):
            return c[0] * math.prod(float(k) ** float(v) for k, v in c[1].items()) if c[0] else 0.0

        det_float = val(lhs) - val(rhs)
        expl = f"exact: sigma(w1 x1) sigma(w2 x2) and sigma(w1 x2) sigma(w2 x1) are {'identical' if zero else 'different'} canonical prime-power products; {desc}"
        what = "z^p"
    else:
        Zs = [[sympy.sympify(sigma(sympy.Rational(Wr[i] * Xr[j]))) for j in range(2)] for i in range(2)]
        det = sympy.expand(Zs[0][0] * Zs[1][1] - Zs[0][1] * Zs[1][0])
        zero = det == 0
        det_float = float(sympy.N(det, 50))
        expl = f"sympy: det Z = {det}; {desc}"
        what = "the given sigma"
    return Certificate(
        question=f"Example 1: Z = sigma(WX) with sigma = {what} is rank-deficient (det Z = 0)",
        holds=bool(zero),
        evidence=Evidence.EXACT,
        explanation=expl,
        numbers={"p": float(P), "det_float": det_float},
    )
