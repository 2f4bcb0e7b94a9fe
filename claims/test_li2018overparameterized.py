"""Claims of li2018overparameterized: Definitions 1-2, the examples of Section 3.2, Proposition 1,
Assumptions 1-2 and the Appendix D lemmas (Lemmas 4-6, Proposition 3).

Dawei Li, Tian Ding, Ruoyu Sun, "Over-Parameterized Deep Neural Networks Have No Strict Local
Minima For Any Continuous Activations" (Nov 22, 2018). Constructions and certificates:
:mod:`landscape.constructions.li2018overparameterized`; Figure 1 is a reproduction
(``reproductions/li2018overparameterized.py``).

=====================================  ==========================================  =================================
paper                                  code                                        meaning
=====================================  ==========================================  =================================
X in R^{d_0 x N}, X_ki                 ``X`` (columns are samples)                 input data
W_i, T_i = Phi(W_i T_{i-1}) (4)        ``landscape.nets.Network``                  no biases, one sigma for all layers
E(W) = l(Y, W_{H+1} T_H) (5)           ``Problem.loss``                            squared loss unless stated
X compact, eps (Def 1)                 ``member``, ``eps``                         ``setwise_strict_minimum(wording="li2018")``
weakly global (Def 2)                  ``weakly_global_on_grid``                   sub-optimal basin detector
A1-A4 (Asm 1)                          ``assumption_a1/a3/a4_certificate``, A2 by  predicates
                                       ``losses.check_midpoint_convexity``
Asm 2, n                               ``consecutive_orders_certificate(act, n)``  sigma^(k)(0) != 0, k < n
w_1, w_2 (Prop 1)                      ``theta = (w_1, w_2)``                      (1, d, 1) network
(y - w_2 . sigma(w_1 x))^2             ``prop1_problem``                           Prop 1's loss, no 1/2
A (Lemma 4)                            ``lemma1_matrix(x, (0..n-1), derivs)``      li2022benefit's A with l_0 = 0, step 1
=====================================  ==========================================  =================================

Conventions: biases are ignored as in (4); one activation sigma for every hidden layer;
Proposition 1's loss is (y - w_2 . sigma(w_1 x))^2. A1 "X_ki != X_kj, for all i, j" is read with
i != j (i = j would make it unsatisfiable). Def 2's "setwise global minimum" is read as "contains a
global minimum" (li2022benefit's Definition 4 wording).

Findings: (1) the Assumption 2 sentence "covers ... sigmoid and softplus" holds only for
n <= 2 (sigmoid: sigma''(0) = 0) and n <= 3 (softplus: sigma'''(0) = 0), while Theorem 2 uses
n = N (Lemma 4): refuted as printed, corrected in asm-2a. (2) Lemma 6 as printed admits
Assumption 2 with n = 1 (only sigma(0) != 0); then an even sigma (t^2 + 0.01, cosh) with
b = -a, or a constant sigma, gives Omega = R^n: refuted, corrected in lem-6a (n >= 2, the proof
uses sigma'(0) != 0). (3) Proposition 1's proof says "w_2 . sigma(w_1 x) is always non-positive";
that is true only for y > 0 (for y < 0 it is non-negative): a proof erratum, the statement
stands (``tests/test_constructions_li2018.py``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pytest
import sympy
import torch
from hypothesis import assume, event, example, given, note
from hypothesis import strategies as st

from landscape import activations as A
from landscape._activation_symbolic import T as sym_t
from landscape import losses as LS
from landscape import notions as NT
from landscape.certificates import (
    Objective,
    constant_along_path,
    local_minimum_probe,
    saddle,
    strict_local_minimum,
    suboptimal,
)
from landscape.constructions import li2018overparameterized as L
from landscape.constructions import li2022benefit_lemmas as LL
from landscape.evidence import Certificate, Evidence, require, require_not
from landscape.nets import Network, Problem
from strategies.li2018 import consecutive_asm2_activations, distinct_scalars, li2018_datasets
from strategies.vectors import UnequalPair, unequal_pairs



def _exact(question: str, holds: bool, explanation: str, **numbers) -> Certificate:
    return Certificate(question, holds, Evidence.EXACT, explanation, numbers)


# =========================================================================== Definition 1
@dataclass(frozen=True)
class Tilted:
    """A non-constant compact X = [0, L] where li2018's and li2022's wordings differ.

    f = 0 on [0, a], rising with slope s to top = s (L - a) at L; left of 0 f = c |t| with
    c = top / (4 eps), right of L f = top + (t - L). With eps <= a a ring node y < 0 sees
    (li2018) only x in [0, eps], where f = 0 < f(y); but f(-h) = c h < top = f(L), so the
    li2022 wording (every x against every y) fails. Dyadic parameters: exact grid values.
    """

    a: float
    rise: float
    s: float
    eps: float
    h: float = 1 / 64

    @property
    def L(self) -> float:
        return self.a + self.rise

    @property
    def top(self) -> float:
        return self.s * self.rise

    def grid(self) -> np.ndarray:
        return self.h * np.arange(round(-2 / self.h), round((self.L + 2) / self.h) + 1)

    def values(self, t: np.ndarray) -> np.ndarray:
        c = self.top / (4 * self.eps)
        return np.where(t < 0, -c * t, np.where(t <= self.a, 0.0,
                        np.where(t <= self.L, self.s * (t - self.a), self.top + (t - self.L))))


@st.composite
def tilted_sets(draw):
    """Tilted examples on the grid h = 1/64; shrinks to a = rise = 1/4, s = 1/4, eps = a/2."""
    a = draw(st.integers(16, 128)) / 64
    rise = draw(st.integers(16, 128)) / 64
    s = draw(st.sampled_from([0.25, 0.5, 1.0, 2.0]))
    eps = a * draw(st.sampled_from([0.5, 0.25, 1.0]))
    return Tilted(a, rise, s, eps)


@pytest.mark.claim("li2018overparameterized/def-1", evidence="sampled")
@given(T=tilted_sets(), y=st.lists(st.integers(0, 4), min_size=3, max_size=8))
@example(T=Tilted(1.0, 2.0, 0.5, 0.5), y=[2, 1, 1, 2, 0]).via("the tilted X = [0, 3]; a Figure 1(b)-like plateau")
def test_def_1_setwise_local_minimum_li2018_wording(T, y):
    """Definition 1 (li2018overparameterized): set-wise (strict) local minimum.

    Definition: a compact X subset of S is a local minimum (resp. strict local minimum) of
    f: S -> R in the sense of sets if there is eps > 0 such that for all x in X and all
    y in S \\ X with ||x - y||_2 <= eps, f(x) <= f(y) (resp. <). Text: a strict local minimum is
    set-wise strict, not vice versa.
    Contrast: li2022benefit's Definition 3 compares every x in X with every y within eps of
    the SET X; li2018 only pairs within eps of each other (implemented as a wording switch).

    Checked (landscape.notions.setwise_strict_minimum, sampled on grids): (i) where the
    wordings differ -- drawn tilted X = [0, L] (flat bottom, rising to top at L, a low
    shoulder left of 0): li2018 strict and non-strict hold, li2022 strict and non-strict
    fail; (ii) where they agree -- X a level set (a run of equal knots of a PCHIP profile
    through drawn integer knots, interior runs): both wordings give the same verdict, strict
    and non-strict, at eps = one grid step only (sampled: derived from grid verdicts); (iii) the
    text: a point-wise strict minimum {x0} of (t - x0)^2 is set-wise strict (li2018), and the
    flat bottom [0, a] (f = 0 there by construction, so its nodes are not point-wise strict) is
    set-wise strict.
    Not checked: points between grid nodes; sets other than intervals in 1-D.
    Negative control: the tilted X with its first flat node removed has an equal-valued ring
    node: li2018 non-strict holds but strict fails.
    """
    t, f = T.grid(), T.values(T.grid())
    X = NT.interval_mask(t, 0.0, T.L)
    note(f"{T}: top = {T.top}, f(-h) = {float(f[np.flatnonzero(X)[0] - 1])}")
    for strict in (True, False):
        require(NT.setwise_strict_minimum(f, X, T.h, eps=T.eps, wording="li2018", strict=strict), "tilted X, li2018")
        require_not(NT.setwise_strict_minimum(f, X, T.h, eps=T.eps, wording="li2022", strict=strict), "tilted X, li2022")
    cut = X.copy()
    cut[np.flatnonzero(X)[0]] = False
    require(NT.setwise_strict_minimum(f, cut, T.h, eps=T.eps, wording="li2018", strict=False), "cut X: non-strict")
    require_not(NT.setwise_strict_minimum(f, cut, T.h, eps=T.eps, wording="li2018", strict=True), "cut X: equal ring node")

    tk, fk, h = NT.knot_profile(y)
    for i, j in NT.level_runs(y):
        if i == 0 or j == len(y) - 1:
            continue  # runs touching the window's edge are undecided there
        member = NT.interval_mask(tk, float(i), float(j))
        verdicts = {(w, s): NT.setwise_strict_minimum(fk, member, h, eps=h, wording=w, strict=s).holds
                    for w in ("li2018", "li2022") for s in (True, False)}
        note(f"level run {i}..{j} at {y[i]}: {verdicts}")
        for s in (True, False):
            # Derived from two grid verdicts at eps = h: sampled evidence, not exact.
            require(Certificate("li2018 and li2022 agree on a level set (grid, eps = h)",
                                verdicts[("li2018", s)] == verdicts[("li2022", s)], Evidence.SAMPLED,
                                "f is constant on X, so comparing y with the x near it or with all of X is the same",
                                {"strict": s, "run": f"{i}..{j}"}))

    q = np.linspace(-1.0, 1.0, 257)
    require(NT.setwise_strict_minimum(q**2, q == q[128], q[1] - q[0], eps=0.1, wording="li2018"), "point-wise => set-wise")
    # "not vice versa": the flat bottom [0, a] is set-wise strict (li2018) although its nodes have equal
    # neighbours (f = 0 on it by construction, so no node of it is a point-wise strict minimum).
    require(NT.setwise_strict_minimum(f, NT.interval_mask(t, 0.0, T.a), T.h, eps=T.eps, wording="li2018"),
            "the flat bottom is set-wise strict")


# =========================================================================== Definition 2
@pytest.mark.claim("li2018overparameterized/def-2", evidence="sampled")
@given(y=st.lists(st.integers(0, 4), min_size=3, max_size=8))
@example(y=[3, 1, 1, 0, 2]).via("a Figure 1(a)-like weakly global profile")
@example(y=[2, 1, 1, 2, 0]).via("a Figure 1(b)-like profile: a bad basin")
def test_def_2_weakly_global_li2018(y):
    """Definition 2 (li2018overparameterized): weakly global function.

    Definition: f: S -> R is weakly global if it is continuous and all setwise strict local
    minima (Definition 1) are setwise global minima. Reading: "setwise global minimum" = "X
    contains a global minimum of f" (as li2022benefit's Definition 4 words it).
    Why li2022benefit's detector serves: if X is li2018-strict, its lowest level
    K = {x in X : f(x) = min_X f} is strict in both wordings (every node near K is either in X
    and above min_X f, or outside X and above the x near it), so a bad li2018 basin exists iff
    a bad li2022 basin does.

    Checked (sampled): on PCHIP interpolants through drawn integer knots on S = [0, K] (grid
    step 1/32, exact truth from the knots), weakly_global_on_grid agrees with the exact answer; when a bad
    basin exists, the detector's witness component is li2018-strict (Def 1, eps = one step)
    and its minimum lies above min f; when none exists, every interior level run that is
    li2018-strict holds a global minimum.
    Not checked: continuity (PCHIP is C^1 by construction); points between grid nodes; other
    readings of "setwise global minimum".
    Negative controls: the draws with a bad basin (the detector must flag each).
    """
    t, f, h = NT.knot_profile(y)
    truth = NT.knot_profile_has_suboptimal_basin(y)
    cert = NT.weakly_global_on_grid(f, h, infimum=float(min(y)), window_is_domain=True)
    note(cert.summary())
    if truth:
        require_not(cert, "a sub-optimal basin must be detected")
        w = NT.suboptimal_basins(f, h, infimum=float(min(y)), window_is_domain=True)[0]
        require(NT.setwise_strict_minimum(f, w["mask"], h, eps=h, wording="li2018", window_is_domain=True),
                "the witness is li2018-strict")
        require(_exact("the witness holds no global minimum", float(f[w["mask"]].min()) > float(min(y)),
                       "grid values compared exactly", witness_min=float(f[w["mask"]].min())))
    else:
        require(cert, "weakly global")
        for i, j in NT.level_runs(y):
            member = NT.interval_mask(t, float(i), float(j))
            if NT.setwise_strict_minimum(f, member, h, eps=h, wording="li2018", window_is_domain=True).holds:
                require(_exact("every li2018-strict set holds a global minimum", y[i] == min(y),
                               "knot values are exact integers", run=f"{i}..{j}", level=y[i]))


# =========================================================================== Example A (footnote 2)
_U, _V, _ALPHA = sympy.symbols("u v alpha", real=True)
EXA = (_U * _V - 1) ** 2
EXA_OBJ = Objective(lambda th: (th[0] * th[1] - 1.0) ** 2, 2, "(uv - 1)^2",
                    magnitude=lambda th: (th[0].abs() * th[1].abs() + 1.0) ** 2)
CONTROL = (_U - 1) ** 2 + (_V - 1) ** 2

_nonzero_rationals = st.builds(Fraction, st.integers(1, 12).flatmap(lambda p: st.sampled_from([p, -p])),
                               st.integers(1, 12))


def _orbit_invariant(expr) -> bool:
    return sympy.simplify(expr.subs({_U: _ALPHA * _U, _V: _V / _ALPHA}, simultaneous=True) - expr) == 0


@pytest.mark.claim("li2018overparameterized/ex-A", evidence="witness")
@given(u=_nonzero_rationals, alpha=_nonzero_rationals, s=st.integers(1, 16))
@example(u=Fraction(1), alpha=Fraction(2), s=4).via("(u, v) = (1, 1), alpha = 2")
def test_ex_a_uv_minus_one_has_no_strict_local_minimum(u, alpha, s):
    """Example in Section 3.2 and footnote 2 (li2018overparameterized): min_{u,v} (uv - 1)^2.

    Printed: no strict local minimum exists; "Any nonzero local minimum (u, v) has the same
    objective value as (alpha u, v/alpha) for any nonzero alpha, thus not a strict local
    minimum. In addition, (u, v) = (0, 0) is not a local minimum".

    Checked (exact, sympy): grad f = 2(uv - 1)(v, u), so the critical set is {uv = 1} u {(0, 0)}
    (factorisation); f(alpha u, v/alpha) = f(u, v) identically; at a drawn nonzero critical
    point (u, 1/u), u rational: f = 0, the Hessian 2[[v^2, 1], [1, u^2]] is singular with
    kernel (u, -v), the orbit's tangent d/dalpha (alpha u, v/alpha) at alpha = 1, and the orbit
    point (alpha u, v/alpha) (drawn alpha != 1) has the same value at positive distance; at
    (0, 0) the Hessian has eigenvalues +-2 and (1/s, 1/s) has f = (1/s^2 - 1)^2 < 1 = f(0, 0)
    exactly; in float64 ``saddle`` finds the lower point along the negative curvature (witness).
    Not checked: irrational critical points (the algebra is the same for every u != 0).
    Negative control: (u - 1)^2 + (v - 1)^2 is not orbit-invariant and its Hessian at (1, 1) is
    positive definite (a strict minimum exists there).
    """
    g = [sympy.diff(EXA, z) for z in (_U, _V)]
    require(_exact("grad f = 2 (uv - 1) (v, u)", all(sympy.expand(gi - 2 * (_U * _V - 1) * c) == 0
                                                       for gi, c in zip(g, (_V, _U))), "sympy expansion"))
    require(_exact("f(alpha u, v/alpha) = f(u, v)", _orbit_invariant(EXA), "sympy simplify of the difference"))
    ur = sympy.Rational(u.numerator, u.denominator)
    ar = sympy.Rational(alpha.numerator, alpha.denominator)
    pt = {_U: ur, _V: 1 / ur}
    H = sympy.hessian(EXA, (_U, _V)).subs(pt)
    kernel = H * sympy.Matrix([ur, -1 / ur])
    note(f"(u, v) = ({ur}, {1 / ur}), H = {H.tolist()}")
    require(_exact("nonzero critical point: f = 0, det H = 0, H (u, -v) = 0", EXA.subs(pt) == 0 and H.det() == 0
                   and kernel == sympy.zeros(2, 1), "rational arithmetic", H=str(H.tolist())))
    moved = {_U: ar * ur, _V: 1 / (ar * ur)}
    require(_exact("an orbit point with the same value", EXA.subs(moved) == EXA.subs(pt) and (ar != 1) == (moved != pt),
                   "rational arithmetic", alpha=str(ar)))
    H0 = sympy.hessian(EXA, (_U, _V)).subs({_U: 0, _V: 0})
    low = EXA.subs({_U: sympy.Rational(1, s), _V: sympy.Rational(1, s)})  # (1/s^2 - 1)^2 < 1 for s >= 1
    require(_exact("(0, 0) is not a local minimum", sorted(H0.eigenvals()) == [-2, 2] and low < 1 == EXA.subs({_U: 0, _V: 0}),
                   "eigenvalues of the exact Hessian; a lower rational point", lower_value=str(low)))
    require(saddle(EXA_OBJ, [0.0, 0.0]), "float64 witness at (0, 0)")
    require_not(_exact("control is orbit-invariant", _orbit_invariant(CONTROL), "sympy"), "(u-1)^2 + (v-1)^2")
    Hc = sympy.hessian(CONTROL, (_U, _V)).subs({_U: 1, _V: 1})
    require_not(_exact("control's Hessian at (1, 1) singular", Hc.det() == 0, "rational"), "strict minimum at (1, 1)")


# =========================================================================== Example B (Section 3.2)
@dataclass(frozen=True)
class FactorCase:
    """Integer U (m, r), V (n, r) and an invertible A = Lower Upper (unit lower, nonzero diagonal upper)."""

    U: tuple
    V: tuple
    Lo: tuple
    Up: tuple
    seed: int


@st.composite
def factor_cases(draw):
    """m, n in 1..3, r in 1..2; integer entries in [-3, 3]; A invertible by construction. Shrinks to r = 1, A = 1."""
    m, n, r = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 2))
    ints = st.integers(-3, 3)
    mat = lambda a, b: tuple(tuple(draw(st.lists(ints, min_size=b, max_size=b))) for _ in range(a))  # noqa: E731
    Lo = tuple(tuple(1 if i == j else (draw(ints) if j < i else 0) for j in range(r)) for i in range(r))
    Up = tuple(tuple(draw(st.integers(1, 3).flatmap(lambda p: st.sampled_from([p, -p]))) if i == j
                     else (draw(ints) if j > i else 0) for j in range(r)) for i in range(r))
    return FactorCase(mat(m, r), mat(n, r), Lo, Up, draw(st.integers(0, 2**16)))


def _mf_objective(M: torch.Tensor, m: int, n: int, r: int) -> Objective:
    def f(th):
        U, V = th[: m * r].reshape(m, r), th[m * r:].reshape(n, r)
        return ((M - U @ V.T) ** 2).sum()

    def mag(th):
        U, V = th[: m * r].reshape(m, r), th[m * r:].reshape(n, r)
        return ((M.abs() + U.abs() @ V.abs().T) ** 2).sum()

    return Objective(f, (m + n) * r, "||M - U V^T||_F^2", magnitude=mag)


def _tanh_problem(seed: int, *, zero_unit: bool = False):
    """A tiny tanh net (2 -> 2 -> 1, P = 6) with targets it fits exactly at theta*: a global minimum."""
    gen = torch.Generator().manual_seed(seed)
    net = Network((2, 2, 1), A.get("tanh"))
    X = torch.randn(2, 8, generator=gen, dtype=torch.float64)
    theta = torch.randn(net.n_params, generator=gen, dtype=torch.float64)
    if zero_unit:
        theta[4] = 0.0  # v_1 = 0: unit 1's incoming weights no longer matter
    return Problem(net, X, net.forward(theta, X)), theta


def _swap_units(theta: torch.Tensor) -> torch.Tensor:
    """Permute hidden units 1 <-> 2 of the 2 -> 2 -> 1 net: rows of W_1 and entries of W_2."""
    W1, W2 = theta[:4].reshape(2, 2), theta[4:]
    return torch.cat([W1.flip(0).reshape(-1), W2.flip(0)])


@pytest.mark.claim("li2018overparameterized/ex-B", evidence="sampled")
@given(case=factor_cases())
@example(case=FactorCase(((1,),), ((1,),), ((1,),), ((2,),), 0)).via("M = u v^T, 1 x 1, A = 2")
def test_ex_b_matrix_factorization_symmetry_versus_nonlinear_nets(case):
    """Discussion after Corollary 1 (li2018overparameterized).

    Printed: min_{U,V} ||M - U V^T||_F^2 has no strict local minimum; "non-linear neural
    networks are different ... for most points there is no continuous symmetry"; swapping two
    neurons does not change the output, but "only creates discrete copies of a point and thus
    does not eliminate strict local minimum".

    Checked: (i) exact (rationals): (U A)(V A^{-T})^T = U V^T for drawn integer U, V and
    invertible A, so the loss is invariant for every M; (ii) sampled: along the continuous
    curve A(s) = I + s K (s in [0, 1/(2 ||K||)], K drawn) the loss at (U A(s), V A(s)^{-T}) is
    constant (``constant_along_path``) through a point with M = U V^T + noise, and at the
    global minimum M = U V^T second-order certification fails (the orbit's tangent is a zero
    Hessian direction); (iii) a tanh net 2 -> 2 -> 1 fitted exactly at a seeded generic
    theta* (8 samples > 6 parameters): theta* is a strict local minimum (gradient 0, Hessian
    positive definite beyond rounding), so no continuous symmetry passes through it; the unit
    swap gives the same loss and is again a strict local minimum (a discrete copy; its
    distance is noted).
    Not checked: "most points" beyond the drawn seeds; matrix factorisation with r > 2.
    Negative control: with v_1 = 0 the first unit's weights are free (a continuous symmetry):
    the strict-minimum certificate must fail.
    """
    U = sympy.Matrix(case.U)
    V = sympy.Matrix(case.V)
    Amat = sympy.Matrix(case.Lo) * sympy.Matrix(case.Up)
    m, r = U.shape
    n = V.shape[0]
    require(_exact("(U A)(V A^-T)^T = U V^T", (U * Amat) * (V * Amat.inv().T).T == U * V.T, "sympy rationals",
                   det_A=str(Amat.det())))
    gen = torch.Generator().manual_seed(case.seed)
    Uf, Vf = torch.tensor(case.U, dtype=torch.float64), torch.tensor(case.V, dtype=torch.float64)
    M = Uf @ Vf.T + torch.randn(m, n, generator=gen, dtype=torch.float64)
    obj = _mf_objective(M, m, n, r)
    K = torch.randn(r, r, generator=gen, dtype=torch.float64)
    smax = 0.5 / float(torch.linalg.matrix_norm(K, ord=2))  # ||s K|| <= 1/2: I + s K invertible
    ss = torch.linspace(0.0, smax, 33, dtype=torch.float64)
    As = torch.eye(r, dtype=torch.float64) + ss[:, None, None] * K
    pts = torch.cat([(Uf @ As).reshape(len(ss), -1), (Vf @ torch.linalg.inv(As).mT).reshape(len(ss), -1)], dim=1)
    require(constant_along_path(obj, pts), "orbit (U A(s), V A(s)^-T)")
    at_min = _mf_objective(Uf @ Vf.T, m, n, r)
    theta0 = torch.cat([Uf.reshape(-1), Vf.reshape(-1)])
    require_not(strict_local_minimum(at_min, theta0), "matrix factorisation: no strict minimum")

    prob, th = _tanh_problem(case.seed)
    require(strict_local_minimum(prob, th), "tanh net: strict minimum at a generic fitted point")
    sw = _swap_units(th)
    require(strict_local_minimum(prob, sw), "the swapped copy is strict too")
    note(f"distance between the copies: {float(torch.linalg.vector_norm(sw - th)):.3g}")
    dprob, dth = _tanh_problem(case.seed, zero_unit=True)
    require_not(strict_local_minimum(dprob, dth), "v_1 = 0: a continuous symmetry")


# =========================================================================== Proposition 1
@dataclass(frozen=True)
class Prop1Case:
    """Proposition 1's data: sigma = sign (t - t0)^m [(t - t1)] e^t (m = 2 or 4), the zero t = t0, delta, x, y, d."""

    roots: tuple[float, ...]
    sign: float
    t: float
    delta: float
    x: float
    y: float
    d: int

    @property
    def act(self) -> A.Activation:
        return A.root_product_exp(self.roots, self.sign)


_NZ_INT = st.integers(1, 12).flatmap(lambda k: st.sampled_from([k, -k]))


@st.composite
def prop1_cases(draw):
    """sigma meeting Prop 1's hypotheses by construction: a root t0 != 0 of even multiplicity m in {2, 4}
    (a local extremum), either alone (sigma <= 0 everywhere, delta = 8) or with a simple root t1 != 0, t0
    (delta = |t1 - t0|, sign chosen so sigma <= 0 near t0); sigma(0) != 0 (Asm 2, n = N = 1). x, y nonzero
    of any sign (dyadic), d in 1..10. Shrinks to -(t - 1/4)^2 e^t, x = 1, y = 1/4, d = 1."""
    t0 = draw(_NZ_INT) / 4
    m = draw(st.sampled_from([2, 4]))
    if not draw(st.booleans()):  # booleans shrink to False: the simplest sigma, a lone even root
        roots, sign, delta = (t0,) * m, -1.0, 8.0
    else:
        t1 = draw(st.sampled_from([k for k in range(-12, 13) if k != 0 and k != 4 * t0])) / 4
        roots, sign, delta = tuple(sorted((t0,) * m + (t1,))), (1.0 if t1 > t0 else -1.0), abs(t1 - t0)
    x = draw(_NZ_INT) / draw(st.sampled_from([1, 2, 4, 8]))
    y = draw(_NZ_INT) / 4
    return Prop1Case(roots, sign, t0, delta, x, y, draw(st.integers(1, 10)))


@dataclass(frozen=True)
class PairsCase:
    """The N-pair extension: double zeros t_1..t_N of sigma = s prod (t - t_i)^2 [(t - c)] e^t, w_1 = w,
    data x_i = t_i / w (so sigma(w x_i) = 0), targets y_i of any signs, width d >= N.

    With the simple root c the zeros t_i > c and t_i < c are extrema of opposite kinds (sigma near t_i has
    the sign s sign(t_i - c)): maxima and minima mixed; without it all have the kind of s."""

    ts: tuple[float, ...]
    c: float | None
    s: float
    w: float
    y: tuple[float, ...]
    d: int

    @property
    def act(self) -> A.Activation:
        return A.root_product_exp(tuple(sorted(self.ts + self.ts + (() if self.c is None else (self.c,)))), self.s)

    @property
    def x(self) -> tuple[float, ...]:
        return tuple(t / self.w for t in self.ts)  # exact: w is a signed power of 2

    def kind(self, t: float) -> tuple[str, float]:
        """(extremum kind at the zero t, a delta with no odd-multiplicity root inside (t - delta, t + delta))."""
        near = self.s if self.c is None else self.s * math.copysign(1.0, t - self.c)
        return ("max" if near < 0 else "min"), (8.0 if self.c is None else abs(t - self.c))


@st.composite
def pairs_cases(draw):
    """N in 2..3 distinct nonzero quarter-integer zeros, an optional simple root c (nonzero, not a zero t_i),
    s = +-1, w in {+-1/2, +-1, +-2}, nonzero quarter-integer y of any signs, d in N..6 (A3: d_H >= N).
    Shrinks to zeros (1/4, -1/4) with no c, s = 1 (minima), w = 1, y = (1/4, 1/4), d = N = 2."""
    n = draw(st.integers(2, 3))
    ts = draw(st.lists(st.integers(1, 8).flatmap(lambda k: st.sampled_from([k, -k])), min_size=n, max_size=n,
                       unique=True))
    c = None
    if draw(st.booleans()):
        c = draw(st.sampled_from([k for k in range(-8, 9) if k != 0 and k not in ts])) / 4
    ys = draw(st.lists(st.integers(1, 8).flatmap(lambda k: st.sampled_from([k, -k])), min_size=n, max_size=n))
    return PairsCase(tuple(t / 4 for t in ts), c, draw(st.sampled_from([1.0, -1.0])),
                     draw(st.sampled_from([1.0, -1.0, 0.5, -0.5, 2.0, -2.0])), tuple(v / 4 for v in ys),
                     draw(st.integers(n, 6)))


def _probe_radius(case: Prop1Case) -> float:
    return 0.9 * L.prop1_radius(case.x, case.delta)  # inside the proof's neighbourhood (open ball)


def _check_pairs(pairs: PairsCase, seed: int) -> None:
    """The extension after the proof: N pairs at zeros of sigma that are local maxima or minima."""
    act, N = pairs.act, len(pairs.ts)
    X = torch.tensor([pairs.x], dtype=torch.float64)
    require(L.assumption_a1_certificate(X), "N pairs: A1 (distinct x_i)")
    require(L.assumption_a3_certificate((1, pairs.d, 1), N), "N pairs: A3 (d_H >= N)")
    if not L.consecutive_orders_certificate(act, N).holds:
        # sigma^(k)(0), k < N, is a polynomial in the roots: some quarter-integer roots make one vanish
        # (e.g. zeros (-2, 1): sigma'(0) = sigma(0)(1 - 2 sum 1/t_i) = 0). Outside Asm 2: rejected, counted.
        event("N-pair extension: Assumption 2 (n = N) fails for the drawn sigma (rejected)")
        assume(False)
    for t in pairs.ts:
        kind, delta = pairs.kind(t)
        require(L.prop1_hypotheses_certificate(act, t, delta, N, extremum=kind), f"N pairs: zero {t} is a local {kind}")
    S = L.prop1_pairs_sign(act, pairs.w, pairs.x, pairs.y)
    # S = sum_i q_i e^{t_i} with rational q_i = -y_i x_i^2 sigma''(t_i) e^{-t_i} != 0 (double zeros) and distinct
    # t_i: nonzero by Lindemann-Weierstrass, and sympy decides it; an undecided S would be a bug, not a draw.
    if S.is_zero is not False:
        raise AssertionError(f"S = {S}: sympy could not decide S != 0")
    s = float(sympy.sign(S))
    note(f"N pairs: zeros {pairs.ts} ({[pairs.kind(t)[0] for t in pairs.ts]}), x = {pairs.x}, y = {pairs.y}, "
         f"w = {pairs.w}, d = {pairs.d}, S = {S}")
    prob = L.prop1_problem(act, pairs.x, pairs.y, pairs.d)
    theta = L.prop1_point(pairs.w, s, pairs.d)
    require(L.prop1_nonstrict_certificate(act, pairs.w, pairs.x, pairs.y, pairs.d), "N pairs: non-strict")
    # g(w) = -S (w - w_1)^2 / 2 + O(|w - w_1|^3): a small radius keeps sign(S) g <= 0 (checked, not assumed).
    r = 1e-3 / max(1.0, max(abs(v) for v in pairs.x))
    pts = L.ball_points(theta, r, 128, torch.Generator().manual_seed(seed))
    require(L.unit_sign_certificate(prob, pts, s), "N pairs: the step per hidden unit")
    require(local_minimum_probe(prob, theta, radii=(r,), n_directions=64, seed=seed, minimize=False),
            "N pairs: local minimum")
    w1 = torch.randn(pairs.d, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
    require(suboptimal(prob, theta, L.prop1_lower_point(prob, w1)), "N pairs: bad")
    require_not(local_minimum_probe(prob, L.prop1_point(pairs.w, -s, pairs.d), radii=(10 * r,), n_directions=64,
                                    seed=seed, minimize=False), "N pairs: output weights of sign -sign(S)")


@pytest.mark.claim("li2018overparameterized/prop-1", evidence="sampled")
@given(case=prop1_cases(), pairs=pairs_cases(), seed=st.integers(0, 2**16))
@example(case=Prop1Case((1.0, 1.0), -1.0, 1.0, 8.0, 1.0, 1.0, 3),
         pairs=PairsCase((1.0, 2.0), None, -1.0, 1.0, (1.0, -0.25), 2),
         seed=0).via("-(t - 1)^2 e^t, x = y = 1, d = 3; two maxima with mixed-sign targets")
@example(case=Prop1Case((0.5, 0.5, 2.0), 1.0, 0.5, 1.5, -2.0, -1.5, 10),
         pairs=PairsCase((-1.0, 1.0), None, 1.0, 1.0, (1.0, 1.0), 2), seed=1).via(
             "finite delta, y < 0, d = 10; two minima of (t - 1)^2 (t + 1)^2 e^t (the review's case)")
@example(case=Prop1Case((-0.75,) * 4, -1.0, -0.75, 8.0, 0.5, 2.0, 1),
         pairs=PairsCase((-0.5, 0.75), 0.25, 1.0, -2.0, (-1.0, 0.5), 5), seed=2).via(
             "a zero of multiplicity 4; a maximum and a minimum mixed")
def test_prop_1_nonstrict_bad_local_minimum_for_any_width(case, pairs, seed):
    """Proposition 1 (li2018overparameterized) and the extension after its proof.

    H1: Assumption 1 (here N = 1 sample, d_H = d >= N).
    H2: sigma analytic with Assumption 2 (n = N = 1: sigma(0) != 0).
    H3: there are t != 0 and delta > 0 with sigma(t) = 0 and sigma(t') <= 0 on (t - delta, t + delta).
    Conclusion: for networks of arbitrary width there is a non-strict bad local minimum.
    Proof construction: 1 input, 1 output, d hidden; data x != 0, y != 0;
    w_1* = (t/x, ..., t/x), w_2* = (sign y, ..., sign y); l(w_1*, w_2*) = y^2; near that point
    sign(y) w_2 . sigma(w_1 x) <= 0, hence l >= y^2 (local minimum); l(w_1*, w_2) = y^2 for every
    w_2 (non-strict). Extension (printed after the proof): "arbitrary N pairs of given data,
    given sigma [with] at least N points t_1, ..., t_N such that sigma(t_i) = 0 is a local
    maximum or minimum".

    Strategy: sigma = -+(t - t0)^m [(t - t1)] e^t, m in {2, 4} (``root_product_exp``; the paper
    names no sigma) built to meet H2-H3; x, y of both signs; d = 1..10.
    Checked: the hypotheses exactly (sympy: sigma(0) != 0, sigma(t0) = 0, no odd-multiplicity
    root of sigma e^-t in (t0 - delta, t0 + delta) and a negative value there); non-strictness
    exactly (sympy, w_2 symbolic: l(w_1*, w_2) - y^2 = 0); the proof's sign step at 128 uniform
    and 128 boundary points of the ball of radius 0.9 min(1, delta/|x|) (sampled, rounding
    bound per point); local minimum by ``local_minimum_probe`` (sampled: random and
    low-curvature directions on the spheres of radius 1e-3 and of the ball radius; no
    ball-constrained minimisation, ~0.8 s per draw, over the CI budget); sub-optimal
    by the witness w_1 = 0, w_2 = y/(d sigma(0)) (loss ~ 0 < y^2).
    Extension, read as: one input, so one hidden weight w must put every sample on a zero
    (w x_i = t_i); the data are therefore placed at the zeros, x_i = t_i / w ("given data" is
    read as "data for which such a w exists"). Encoded with N = 2..3 double zeros of
    sigma = s prod (t - t_i)^2 [(t - c)] e^t, maxima and minima mixed (a simple root c between
    them), d in N..6, y_i of any signs. The hypotheses per pair exactly: A1 (distinct x_i),
    A3 (d >= N), Assumption 2 with n = N (draws where a derivative sigma^(k)(0), k < N,
    vanishes are outside it: rejected and counted as an event), and for every t_i
    Proposition 1's zero/sign condition of its kind (``extremum="max"|"min"``). With mixed
    signs "sign(y)" is undefined: the output weights take the sign of
    S = -sum_i y_i sigma''(t_i) x_i^2 (exact, sympy; nonzero by Lindemann-Weierstrass, so no
    draw is rejected for S = 0). Checked at (w 1_d, sign(S) 1_d): non-strictness exactly, the
    per-unit step sign(S) sum_i y_i sigma(w_1j x_i) <= 0 at sampled points of a small ball
    (radius 1e-3 / max(1, |x|)), sphere samples at that radius, and a least-squares witness
    below sum y_i^2.
    Not checked: sigma other than polynomial times e^t (other analytic factors); zeros of
    multiplicity > 4 (single pair) or > 2 (pairs); data not placed at the zeros; points
    between samples; the neighbourhood size beyond the sampled radii.
    Negative controls: w_2* with the wrong sign (-sign y, or -sign S) is not a local minimum
    (a lower point on a sphere); a simple zero (sigma = -(t - t0) e^t changes sign at t0, H3
    fails, exactly) makes the construction's point not a local minimum (sphere samples).
    """
    act = case.act
    note(f"sigma = {act.name}, t = {case.t}, delta = {case.delta}, x = {case.x}, y = {case.y}, d = {case.d}")
    require(L.prop1_hypotheses_certificate(act, case.t, case.delta, 1), "H2, H3")
    prob = L.prop1_problem(act, case.x, case.y, case.d)
    sy = math.copysign(1.0, case.y)
    theta = L.prop1_point(case.t / case.x, sy, case.d)
    w1_exact = sympy.Rational(*Fraction(case.t).as_integer_ratio()) / sympy.Rational(*Fraction(case.x).as_integer_ratio())
    require(L.prop1_nonstrict_certificate(act, w1_exact, case.x, case.y, case.d), "non-strict")
    r = _probe_radius(case)
    pts = L.ball_points(theta, r, 128, torch.Generator().manual_seed(seed))
    require(L.output_sign_certificate(prob, pts, sy, claim="proof step"), "sign step")
    # Sphere samples only: SLSQP ball minimisation costs ~0.8 s per draw here (over the CI budget); the
    # sign step above already covers the whole ball, and the probe adds Hessian-eigenvector directions.
    require(local_minimum_probe(prob, theta, radii=(1e-3, r), n_directions=64, seed=seed, minimize=False),
            "local minimum: spheres of radius 1e-3 and the ball radius")
    require(suboptimal(prob, theta, L.prop1_lower_point(prob, torch.zeros(case.d, dtype=torch.float64))), "bad")
    wrong = L.prop1_point(case.t / case.x, -sy, case.d)
    require_not(local_minimum_probe(prob, wrong, radii=(1e-2,), n_directions=64, seed=seed, minimize=False),
                "w_2 of the wrong sign")
    simple = A.root_product_exp((case.t,), -1.0)
    require_not(L.prop1_hypotheses_certificate(simple, case.t, case.delta, 1), "a simple zero breaks H3")
    sprob = L.prop1_problem(simple, case.x, case.y, case.d)
    require_not(local_minimum_probe(sprob, theta, radii=(1e-2,), n_directions=16, seed=seed, minimize=False),
                "sign change at t: not a local minimum")
    _check_pairs(pairs, seed)


# =========================================================================== Assumption 1
@dataclass(frozen=True)
class Segment:
    Y: tuple
    Ya: tuple
    Yb: tuple


@st.composite
def loss_segments(draw, *, probabilities: bool):
    """Segments [Ya, Yb] in Yhat (2 x 3); Y real, or columns probability vectors for cross entropy."""
    vals = st.integers(-40, 40).map(lambda k: k / 8)
    mat = lambda: tuple(tuple(draw(st.lists(vals, min_size=3, max_size=3))) for _ in range(2))  # noqa: E731
    if probabilities:
        p = draw(st.lists(st.integers(0, 4), min_size=3, max_size=3))
        Y = (tuple(k / 4 for k in p), tuple(1 - k / 4 for k in p))
    else:
        Y = mat()
    return Segment(Y, mat(), mat())


def _step_activation() -> A.Activation:
    """A discontinuous sigma (a unit step), declared honestly as not continuous-analytic; A4 must reject it."""
    T = sympy.Symbol("t", real=True)
    return A.Activation("unit_step", A.Properties(analytic=False, smoothness=0, breakpoints=(0.0,)), {},
                        lambda t: (t > 0).to(torch.float64), ((-sympy.oo, 0, sympy.Integer(0) * T), (0, sympy.oo, sympy.Integer(1))))


@pytest.mark.claim("li2018overparameterized/asm-1", evidence="sampled")
@given(data=li2018_datasets(min_samples=2, max_samples=6, max_dim=3), seed=st.integers(0, 2**16),
       seg=loss_segments(probabilities=False), pseg=loss_segments(probabilities=True))
def test_asm_1_predicates_and_the_texts_claims(data, seed, seg, pseg):
    """Assumption 1 (li2018overparameterized) and the sentences after it.

    A1: "There exists some k such that X_ki != X_kj, for all i, j" (read: i != j).
    A2: l(Y, T_{H+1}) convex and continuous in T_{H+1}.  A3: d_H >= N.  A4: sigma continuous.
    Text: A1 "can be always achieved if we allow an arbitrarily small perturbation on data";
    A2 holds for "quadratic, cross entropy, etc.".

    Checked: A1 exactly on drawn li2018 data (one row of distinct integers times a dyadic
    scale; zero entries, zero samples and samples equal off that row allowed); the
    perturbation sentence: duplicating a sample breaks A1 (every row repeats), a seeded
    uniform perturbation (entries in [-2^-20, 2^-20]) restores it (exact); A2:
    midpoint convexity of the squared and cross-entropy losses along drawn segments within the
    derived rounding bound (sampled); A3 exactly on widths (d_H = N holds, N - 1 fails); A4
    exactly for every catalog activation (continuous pieces, equal one-sided limits).
    Not checked: convexity off the drawn segments; losses beyond the two named (the "etc.").
    Negative controls: the duplicated data fail A1; Cauchy's loss (not convex) fails midpoint
    convexity on [0, 10]; a unit step fails A4; d_H = N - 1 fails A3.
    """
    X = data.X
    N = X.shape[1]
    note(f"X = {X.tolist()}")
    require(L.assumption_a1_certificate(X), "drawn A1 data")
    dup = X.clone()
    dup[:, -1] = dup[:, 0]
    require_not(L.assumption_a1_certificate(dup), "a duplicated sample")
    gen = torch.Generator().manual_seed(seed)
    noise = 2.0**-20 * (2 * torch.rand(X.shape, generator=gen, dtype=torch.float64) - 1)  # |entries| <= 2^-20
    require(L.assumption_a1_certificate(dup + noise), "after a perturbation of size <= 2^-20")
    for name, s in (("squared", seg), ("cross_entropy", pseg)):
        loss = LS.get(name)
        require(LS.check_midpoint_convexity(loss, torch.tensor(s.Y), torch.tensor(s.Ya), torch.tensor(s.Yb)), name)
    z = torch.zeros(1, 1, dtype=torch.float64)
    require_not(LS.check_midpoint_convexity(LS.get("cauchy"), z, z, z + 10.0), "Cauchy's loss")
    require(L.assumption_a3_certificate((X.shape[0], 3, N, 1), N), "d_H = N")
    require_not(L.assumption_a3_certificate((X.shape[0], N + 5, N - 1, 1), N), "d_H = N - 1")
    for name in sorted(A.CATALOG):  # exact and cheap: every member, every example
        require(L.assumption_a4_certificate(A.get(name)), name)
    require_not(L.assumption_a4_certificate(_step_activation()), "unit step")


# =========================================================================== Assumption 2
ASM2_PRINTED = ("Assumption 2: sigma analytic and sigma(0), sigma'(0), ..., sigma^(n-1)(0) all non-zero. "
                "'Assumption 2 covers many commonly used activation functions such as sigmoid and softplus' "
                "(Theorem 2 / Lemma 4 use n = N, the number of samples).")
ASM2_COUNTEREXAMPLE = ("sigmoid: sigma''(0) = 0 (sigmoid - 1/2 is odd), so n >= 3 fails, i.e. N >= 3 samples; "
                       "softplus: sigma'''(0) = sigmoid''(0) = 0, so n >= 4 fails. Exact sympy derivatives at 0: "
                       "sigmoid (1/2, 1/4, 0, -1/8), softplus (log 2, 1/2, 1/4, 0).")


@pytest.mark.claim("li2018overparameterized/asm-2", evidence="exact")
@pytest.mark.xfail(strict=True, raises=AssertionError, reason="refuted as printed: sigmoid only for n <= 2, softplus n <= 3; see asm-2a")
@pytest.mark.erratum(printed=ASM2_PRINTED, counterexample=ASM2_COUNTEREXAMPLE, corrected="li2018overparameterized/asm-2a")
@given(name=st.sampled_from(["sigmoid", "softplus"]), n=st.integers(1, 10))
@example(name="sigmoid", n=3).via("counterexample: sigmoid, n = 3")
def test_asm_2_as_printed(name, n):
    """Assumption 2 (li2018overparameterized), the sentence after it, as printed.

    H: sigma analytic; sigma^(k)(0) != 0 for k = 0, ..., n - 1 (n = N in Theorem 2).
    Printed: sigmoid and softplus are covered.
    Refuted (strict expected failure, exact): sigmoid at n = 3 (pinned), softplus at n = 4.
    """
    require(L.consecutive_orders_certificate(A.get(name), n))


ASM2A_PINNED = {"sigmoid": 2, "softplus": 3}  # the printed members' exact range (the corrected sentence)


@pytest.mark.claim("li2018overparameterized/asm-2a", evidence="exact")
@given(n=st.integers(1, 12))
@example(n=2).via("sigmoid: largest n = 2")
@example(n=3).via("softplus: largest n = 3")
def test_asm_2a_consecutive_orders_per_activation(n):
    """Assumption 2 (li2018overparameterized), corrected sentence: which activations, for which n.

    Corrected: sigmoid satisfies Assumption 2 exactly for n <= 2, softplus (beta = 1 and 10)
    for n <= 3, the exponential for every n; tanh, Swish, GELU, sine, arctan, sinh and every
    odd sigma fail already at n = 1 (sigma(0) = 0); ReLU and other non-analytic ones never.
    (li2022benefit's Assumption 2 -- orders in arithmetic progression -- recovers sigmoid and
    softplus for every N: its own claim.)
    Checked (exact, sympy derivatives at 0, cached): for every catalog member (a loop inside
    each example), the largest n* <= 12 with Assumption 2: the certificate holds at
    min(n, n*) for the drawn n and fails at n* + 1 (if n* < 12); sigmoid n* = 2, softplus n* = 3
    pinned.
    Not checked: n > 12; activations outside the catalog ("many commonly used").
    Negative control: ReLU is rejected at n = 1 (not analytic).
    """
    tops = {}
    for name in sorted(A.CATALOG):
        act = A.get(name)
        top = tops[name] = L.largest_consecutive_n(act, 12)
        if top >= 1:
            require(L.consecutive_orders_certificate(act, min(n, top)), f"{name} at n = {min(n, top)}")
        if top < 12:
            require_not(L.consecutive_orders_certificate(act, top + 1), f"{name} fails at n = {top + 1}")
    note(f"largest n per member: {tops}")
    require(_exact("the printed members' exact range", all(tops[k] == v for k, v in ASM2A_PINNED.items()),
                   "sympy derivatives at 0", **{k: tops[k] for k in ASM2A_PINNED}))
    require_not(L.consecutive_orders_certificate(A.get("relu"), 1), "ReLU")


# =========================================================================== Lemma 4
@dataclass(frozen=True)
class Lemma4Case:
    """Distinct x (zero allowed) and the nonzero values sigma^(k)(0), k < n, of some analytic sigma
    (any nonzero values are realised by sigma = sum_k c_k t^k / k!)."""

    x: tuple[float, ...]
    derivs: tuple


_NONZERO = st.builds(Fraction, st.integers(1, 30).flatmap(lambda p: st.sampled_from([p, -p])), st.integers(1, 8))


@st.composite
def lemma4_cases(draw):
    """x from ``distinct_scalars`` (n <= 7); derivatives as nonzero rationals, or exact derivatives of a
    drawn activation with Assumption 2 for n. Shrinks to x = (0,), sigma(0) = 1."""
    x = draw(distinct_scalars(min_size=1, max_size=7))
    n = len(x)
    if draw(st.booleans()):
        derivs = tuple(draw(st.lists(_NONZERO, min_size=n, max_size=n)))
    else:
        derivs = tuple(draw(consecutive_asm2_activations(n)).exact_derivatives_at(0, n - 1))
    return Lemma4Case(x, derivs)


@pytest.mark.claim("li2018overparameterized/lem-4", evidence="exact")
@given(case=lemma4_cases())
@example(case=Lemma4Case((0.0, 1.0, -1.0), (Fraction(1, 2), Fraction(1, 4), Fraction(1)))).via("a zero and x = -x'")
def test_lem_4_scaled_vandermonde_nonsingular(case):
    """Lemma 4 (li2018overparameterized).

    H1: Assumption 2: sigma^(k)(0) != 0 for k = 0, ..., n - 1.  H2: x_1, ..., x_n pairwise distinct.
    Conclusion: A with rows (x_1^k sigma^(k)(0), ..., x_n^k sigma^(k)(0)), k = 0..n-1, is non-singular.
    Proof: A is a Vandermonde matrix with row k scaled by sigma^(k)(0).

    Checked (exact, rationals; li2022benefit's Lemma 1 machinery with l_0 = 0, step 1):
    det A = prod_k sigma^(k)(0) prod_(i<j) (x_j - x_i) != 0 (the factorisation is re-derived
    and compared), for n <= 7, x distinct dyadic rationals of any sign with zero allowed (unlike
    li2022benefit's Lemma 1, which excludes zero and fails for even steps: with step 1 x = -x'
    is harmless), derivative values any nonzero rationals or those of drawn Assumption 2
    activations (symbolic, e.g. log 2).
    Not checked: irrational x; n > 7.
    Negative controls: a repeated x, and a zero sigma^(k)(0) (H1 broken), give det A = 0.
    """
    n = len(case.x)
    cert = require(LL.lemma1_certificate(case.x, 0, 1, case.derivs), "A non-singular")
    note(cert.summary())
    if n >= 2:
        require_not(LL.lemma1_certificate((case.x[0],) + case.x[1:-1] + (case.x[0],), 0, 1, case.derivs), "repeated x")
    k = n - 1
    require_not(LL.lemma1_certificate(case.x, 0, 1, case.derivs[:k] + (0,)), f"sigma^({k})(0) = 0")


# =========================================================================== Lemma 5
@dataclass(frozen=True)
class ExpSum:
    C: tuple[int, ...]
    A: tuple[tuple[int, ...], ...]
    seed: int


@st.composite
def exp_sums(draw):
    """f(w) = sum_k c_k exp(a_k^T w): nonzero integer c_k, distinct integer a_k in [-2, 2]^n (n <= 4,
    K <= 4). Distinct exponents make the exponentials linearly independent: f is not identically 0.
    Shrinks to f = exp(0) = 1 in one variable."""
    n, K = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    vec = st.tuples(*[st.integers(-2, 2)] * n)
    As = tuple(draw(st.lists(vec, min_size=K, max_size=K, unique=True)))
    Cs = tuple(draw(st.lists(st.integers(1, 5).flatmap(lambda p: st.sampled_from([p, -p])), min_size=K, max_size=K)))
    return ExpSum(Cs, As, draw(st.integers(0, 2**16)))


@pytest.mark.claim("li2018overparameterized/lem-5", evidence="sampled")
@given(f=exp_sums())
@example(f=ExpSum((1, -1), ((1,), (-1,)), 0)).via("2 sinh(w): the zero set is {0}")
def test_lem_5_analytic_zero_sets_are_null(f):
    """Lemma 5 (li2018overparameterized; Mityagin [45], cited).

    H: f: R^n -> R real analytic, not identically zero.  Conclusion: {w : f(w) = 0} has measure zero.

    Checked (sampled, a consequence): for exponential sums f(w) = sum_k c_k exp(a_k^T w) with
    distinct integer exponents (not identically zero), 2000 seeded Gaussian w all give |f(w)|
    above its float64 error bound (``exp_sum``'s derivation): a null set is almost surely
    missed.
    Not checked: measure zero itself; other analytic families (li2022benefit's Lemma 2 test
    uses its own).
    Negative control: c = (1, -1) with a repeated exponent is identically zero: every sample is
    in the zero set (the certificate must fail).
    """
    gen = torch.Generator().manual_seed(f.seed)
    C = torch.tensor(f.C, dtype=torch.float64)
    Aexp = torch.tensor(f.A, dtype=torch.float64)
    W = torch.randn(2000, Aexp.shape[1], generator=gen, dtype=torch.float64)
    vals, errs = L.exp_sum(C, Aexp, W)
    cert = require(L.nonvanishing_certificate(vals, errs, question="f(w) != 0 at sampled w"), "not identically zero")
    note(cert.summary())
    zero = torch.tensor([1.0, -1.0], dtype=torch.float64)
    twice = torch.cat([Aexp[:1], Aexp[:1]])
    require_not(L.nonvanishing_certificate(*L.exp_sum(zero, twice, W), question="f = 0 identically"), "f = 0")


# =========================================================================== Lemma 6
LEM6_PRINTED = ("Lemma 6: sigma analytic satisfying Assumption 2; a, b in R^n, Omega = {w : sigma(a^T w) = "
                "sigma(b^T w)}. If a != b, Omega is of measure zero.")
LEM6_COUNTEREXAMPLE = ("Assumption 2 with n = 1 asks only sigma(0) != 0. sigma(t) = t^2 + 0.01 (catalog "
                       "'quadratic_lifted'; also cosh, or any constant), n = 1, a = (1), b = (-1): sigma(w) = "
                       "sigma(-w) for every w (sympy: sigma(t) - sigma(-t) = 0 identically), so Omega = R. The "
                       "proof's last step needs sigma'(0) != 0, i.e. n >= 2. Immaterial where the paper uses the "
                       "lemma: Lemma 3 applies it to distinct samples, N >= 2, under Assumption 2 with n = N >= 2, "
                       "so this is an imprecision of the lemma's statement, not a gap in Theorem 2.")


def _check_lemma6(act, case: UnequalPair):
    cert, control = LL.sampled_unequal_activations(act, case.a, case.b, case.seed)
    note(cert.summary())
    require(cert, "no sampled w in Omega")
    require_not(control, "a = b: Omega = R^n")


def _even_refutation(act: A.Activation) -> Certificate:
    """Exact: sigma(t) - sigma(-t) == 0 identically (sympy), i.e. Omega = R^n for b = -a."""
    e = act.pieces[0][2] if act.pieces is not None and len(act.pieces) == 1 else None
    even = e is not None and sympy.simplify(e - e.subs(sym_t, -sym_t)) == 0
    return _exact("sigma(t) - sigma(-t) = 0 identically", even, f"sympy: {act.name}")


@pytest.mark.claim("li2018overparameterized/lem-6", evidence="sampled")
@pytest.mark.xfail(strict=True, raises=AssertionError, reason="refuted as printed for n = 1 (even or constant sigma); corrected in lem-6a")
@pytest.mark.erratum(printed=LEM6_PRINTED, counterexample=LEM6_COUNTEREXAMPLE, corrected="li2018overparameterized/lem-6a")
@given(act=consecutive_asm2_activations(1), case=unequal_pairs(max_dim=4))
@example(act=A.get("quadratic_lifted"), case=UnequalPair((1.0,), (-1.0,), 0)).via("t^2 + 0.01, a = 1, b = -1")
def test_lem_6_as_printed(act, case):
    """Lemma 6 (li2018overparameterized), as printed.

    H1: sigma analytic with Assumption 2 (some n >= 1).  H2: a, b in R^n, a != b.
    Conclusion: {w : sigma(a^T w) = sigma(b^T w)} has measure zero.
    Strategy: analytic sigma with Assumption 2 for n = 1 (the weakest instance), a != b
    including b = -a.
    Refuted (strict expected failure): for the even t^2 + 0.01 and b = -a, sigma(t) - sigma(-t)
    is identically zero (exact, sympy), so Omega = R^n (the pinned counterexample); for other
    draws the sampled check of lem-6a. Immaterial for Theorem 2 (Lemma 3 uses n = N >= 2).
    """
    if case.b == tuple(-v for v in case.a):
        require_not(_even_refutation(act), "b = -a: sigma(a^T w) = sigma(b^T w) identically for even sigma")
    _check_lemma6(act, case)


@pytest.mark.claim("li2018overparameterized/lem-6a", evidence="sampled")
@given(act=consecutive_asm2_activations(2), case=unequal_pairs(max_dim=4))
@example(act=A.get("sigmoid"), case=UnequalPair((1.0,), (-1.0,), 0)).via("sigmoid, b = -a")
@example(act=A.get("exponential"), case=UnequalPair((0.0, 0.0), (0.0, 1.0), 0)).via("a = 0 (the proof's first case)")
def test_lem_6a_unequal_activations_measure_zero(act, case):
    """Lemma 6 (li2018overparameterized), corrected: Assumption 2 with n >= 2 (sigma'(0) != 0).

    H1: sigma analytic, sigma(0) != 0 and sigma'(0) != 0.  H2: a != b.
    Conclusion: {w : sigma(a^T w) = sigma(b^T w)} has measure zero (the proof's limit
    (sigma(l a_0) - sigma(l b_0)) / (l (a_0 - b_0)) -> sigma'(0) now yields the contradiction, and
    sigma'(0) != 0 makes sigma non-constant for the a = 0 case).
    Checked (sampled): 2000 seeded Gaussian w (scaled so |a^T w| is of order one) all have
    |sigma(a^T w) - sigma(b^T w)| above the derived float64 bound
    (``unequal_activations_certificate``), for every drawn Assumption 2 (n = 2) activation
    (catalog members, polynomials, shifted exponentials, Proposition 1's double-root family)
    and a != b including b = -a and a = 0.
    Not checked: measure zero itself (a sampled consequence: a null set is almost surely missed).
    Negative control: a = b puts every sample in Omega.
    """
    _check_lemma6(act, case)


# =========================================================================== Proposition 3
@pytest.mark.claim("li2018overparameterized/prop-3", evidence="witness")
@given(x=distinct_scalars(min_size=1, max_size=5, max_integer=4), data=st.data(), seed=st.integers(0, 2**16))
@example(x=(0.0, 1.0, -1.0, 2.0), data=None, seed=0).via("a zero sample and x = -x'")
def test_prop_3_rank_one_two_layer_full_rank(x, data, seed):
    """Proposition 3 (li2018overparameterized).

    H1: one input, N hidden neurons, x in R^N (the paper writes R^n; det needs n = N).
    H2: A1 (entries of x pairwise distinct; zero allowed), A2, and Assumption 2 (n = N).
    Conclusion: Omega = {w in R^N : det sigma(w x^T) = 0} has measure zero.

    Checked (witness, a consequence): for a seeded Gaussian w (scaled by 1/max|x| so that
    |w_i x_j| is of order one), sigma(w x^T) has rank N certified by its smallest singular
    value against the Weyl bound of all float64 rounding (``full_rank_certificate``), i.e.
    det != 0 and log|det| finite; the condition number is reported. sigma is drawn with
    Assumption 2 for n = N (``consecutive_asm2_activations``).
    Not checked: N > 5; w far from the origin (saturating products); measure zero itself.
    Negative controls: x with two equal entries (A1 broken) gives two equal columns; the
    quadratic t^2 for N >= 2 (Assumption 2 broken: sigma(0) = 0; (w_i x_j)^2 has rank 1) gives a
    singular matrix; for every N, tanh (sigma(0) = 0) at the single sample x = (0,) gives the
    1 x 1 zero matrix.
    """
    N = len(x)
    act = data.draw(consecutive_asm2_activations(N)) if data is not None else A.get("exponential")
    gen = torch.Generator().manual_seed(seed)
    xs = torch.tensor(x, dtype=torch.float64)
    w = torch.randn(N, 1, generator=gen, dtype=torch.float64) / max(1.0, float(xs.abs().max()))
    cert = require(LL.full_rank_certificate(act, w, xs[None, :]), "det sigma(w x^T) != 0")
    cond = cert.numbers["sigma_max"] / cert.numbers["sigma_min"]
    note(f"sigma = {act.name}, N = {N}, condition number {cond:.3g}")
    if N >= 2:
        rep = xs.clone()
        rep[-1] = rep[0]
        require_not(LL.full_rank_certificate(act, w, rep[None, :]), "two equal entries")
    if N >= 2:  # (w_i x_j)^2 = w_i^2 x_j^2: rank 1
        require_not(LL.full_rank_certificate(A.get("quadratic"), w, xs[None, :]), "t^2: rank 1")
    # Any N (N = 1 included): sigma = tanh, sigma(0) = 0 (Asm 2 broken), at the zero sample x = (0,).
    require_not(LL.full_rank_certificate(A.get("tanh"), w[:1], torch.zeros(1, 1, dtype=torch.float64)),
                "tanh at x = 0: sigma(0) = 0")
