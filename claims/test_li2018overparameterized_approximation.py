"""Claims of li2018overparameterized: Theorem 1 (any continuous sigma: weakly global) and its
approximation route, Lemma 1 (Appendix A), Proposition 2 (Appendix B), Lemma 2 (Appendix C).

Li, Ding & Sun, "Over-Parameterized Deep Neural Networks Have No Strict Local Minima For Any
Continuous Activations" (2018). The same three steps as li2022benefit's Figure 2, with
li2018's own assumptions: Assumption 1 A1 "there exists some k such that X_ki != X_kj for all
i, j" (zero samples allowed), A3 d_H >= N, one activation sigma for every layer; Assumption 2
"sigma analytic, sigma(0), sigma'(0), ..., sigma^(n-1)(0) all non-zero". The shared checks
live in ``claims/test_li2022benefit_approximation.py`` (helpers only; each claim id has its
own test here).

====================================  ===================================  =============================
paper                                 code                                 meaning
====================================  ===================================  =============================
f_k = g + (sin x + cos x)/(s(k+1)) (16)  ``A.sin_cos_perturbed(g, s, k)``    Lemma 1's approximants
(17) f_k^(n)(0)                       ``AP.sin_cos_derivative_certificate``  printed vs exact derivatives
delta_min (19), s = 2/delta_min       ``_li2018_s``                        over orders 0..N
g_k (Carleman, (24)-(25))             ``A.softplus(beta)`` surrogates      analytic g_j -> relu
====================================  ===================================  =============================

Finding (proof erratum): (17) prints f_k^(n)(0) = g^(n)(0) + (-1)^n/(s(k+1)); the derivatives
of sin x + cos x at 0 are 1, 1, -1, -1, ... = (-1)^floor(n/2) (as li2022benefit's Lemma 6
prints). The printed sign is wrong at n = 1, 2 (mod 4); (18)-(22) only use |(-1)^n| = 1, so
Lemma 1's statement stands. Appendix B repeats li2022benefit's Z = {z : f(z) = f(z')} (f_k meant).
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction

import numpy as np
import pytest
import sympy
import torch
from hypothesis import event, example, given, note
from hypothesis import strategies as st

import strategies as sts
from strategies.approximation import TinyNet, TwoWells, composition_cases, tiny_nets, two_wells
from claims.test_li2022benefit_approximation import (
    check_composition,
    check_tiny_net,
    printed_z_counterexample,
    require_prop3_contrapositive,
)
from landscape import activations as A
from landscape import approximation as AP
from landscape.constructions import li2022benefit_lemmas as LL
from landscape.evidence import Certificate, Evidence, require, require_not

ZERO = A.polynomial([0.0], name="zero")  # g = 0: Case 1 of Appendix A for every N


def _has_exact_derivatives(act) -> bool:
    return act.exact_derivatives_at(0, 1) is not None


def _li2018_s(g, N: int, s_case1: float) -> tuple[float, str]:
    """(19)-(20): s = 2/delta_min, delta_min over 0 <= n <= N; Case 1 (all vanish): the drawn s."""
    vals = [abs(float(d.evalf(30))) for d in g.exact_derivatives_at(0, N) if not LL.is_exact_zero(d)]
    return (float(2 / min(vals)), "case 2") if vals else (s_case1, "case 1")


# --------------------------------------------------------------------------- Lemma 1
@pytest.mark.claim("li2018overparameterized/lem-1", evidence="sampled")
@given(
    g=st.one_of(st.just(ZERO), sts.activations(requires=("analytic", _has_exact_derivatives))),
    n=st.integers(1, 6),
    k=st.integers(0, 50),
    s_case1=st.sampled_from([1 / 16, 1 / 4, 1.0, 4.0, 16.0]),
)
@example(g=ZERO, n=3, k=0, s_case1=1.0).via("Case 1: g = 0")
@example(g=A.get("tanh"), n=4, k=2, s_case1=1.0).via("Case 2: tanh, orders 0 and 2 vanish")
def test_lem_1_assumption_2_dense_in_continuous_functions(g, n, k, s_case1):
    """Lemma 1 (li2018overparameterized), Appendix A.

    H: f: R -> R continuous.
    Conclusion: there is (f_k) with every f_k satisfying Assumption 2 (sigma(0), ...,
    sigma^(N-1)(0) non-zero, analytic) and f_k -> f uniformly.
    First part (analytic g): f_k = g + (sin x + cos x)/(s(k+1)) (16); Case 1 (g^(n)(0) = 0 for
    0 <= n <= N): any s; Case 2: s = 2/delta_min (19) over 0 <= n <= N; |f_k - g| <= sqrt(2)/(s(k+1)) (23).
    Checked (exact, sympy): f_k^(n)(0) = g^(n)(0) + (-1)^floor(n/2)/(s(k+1)) for n = 0..N+1 (the
    correct form of (17); to n = 10 in the erratum test) and f_k^(n)(0) != 0 for n = 0..N ((18), (21)-(22)); g = 0 and every
    analytic catalog or family member with a closed form, N <= 6, k <= 50. Sampled: (23) on a
    grid of [-8, 8]. Second part ((24)-(25), the diagonal over analytic g_j -> f) for f = relu:
    g_j = softplus_{2^j} (|g_j - f| <= log 2 / 2^j), f_j = g_j + (sin + cos)/(s_j (k_j + 1))
    with k_j the least k making (24)'s sqrt(2)/(s_j (k_j + 1)) <= 1/(j+1) (s_j over orders 0..6);
    f_j meets Assumption 2 for N = 6, hence every N <= 6 (exact, at j = 1 and j = 10 only), and
    sup |f_j - f| <= log 2/2^j + 1/(j+1) -> 0 on [-64, 64] (sampled, j <= 10).
    Not checked: s < 0; the Carleman theorem for other non-analytic f (only the softplus surrogate).
    Negative controls: an s > 0 cancelling one derivative, s = -sign(m)/(g^(m)(0)(k+1)) at the
    lowest m <= N with sign(m) g^(m)(0) < 0 where that s is a float exactly, makes f_k^(m)(0) = 0
    (why (19)'s s matters); the
    unperturbed g fails Assumption 2 when some g^(n)(0), n < N, vanishes (g = 0 always); a g
    with neither (counted as an event) has no control in that example; the printed (17) is
    refuted separately (proof erratum test).
    """
    s, case = _li2018_s(g, n, s_case1)
    event(case)
    note(f"s = {s!r} ({case})")
    # orders 0..N + 1 here (those (18)-(22) use); 0..10 in the erratum test below (sympy is the slow part)
    require(AP.sin_cos_derivative_certificate(g, s, k, n + 1, formula="li2022"), f"(17) corrected, n = 0..{n + 1}")
    require(LL.lemma6_derivative_certificate(g, LL.exact_rational(s), k, n + 1), "(18)/(21)-(22): orders 0..N nonzero")
    t = torch.linspace(-8.0, 8.0, 2001, dtype=torch.float64)
    sup = LL.lemma6_sup_bound_certificate(g, s, k, t)
    if not sup.tolerance < sup.numbers["bound"]:  # bound below float64 resolution of g (tiny delta_min)
        note(f"undecidable in float64: {sup.summary()}")
        event("sup bound below float64 resolution (skipped)")
    else:
        require(sup, "(23)")
    # Negative controls, why (19) matters: an s that cancels a derivative, f_k^(m)(0) = g^(m)(0) + sign(m)/(s(k+1))
    # = 0 at the lowest m <= N with sign(m) g^(m)(0) < 0 (s > 0); and the unperturbed g when some g^(n)(0) vanishes.
    derivs = g.exact_derivatives_at(0, n)
    bad = [m for m, d in enumerate(derivs) if not LL.is_exact_zero(d) and (-1) ** (m // 2) * float(d.evalf(30)) < 0]
    # sin_cos_perturbed takes s as a float: the cancelling s must be a float exactly (dyadic).
    exact_bad = [(m, s_m) for m in bad for s_m in [-sympy.Integer((-1) ** (m // 2)) / (derivs[m] * (k + 1))]
                 if sympy.Rational(float(s_m)) == s_m]
    if exact_bad:
        m, s_bad = exact_bad[0]
        require_not(LL.lemma6_derivative_certificate(g, s_bad, k, m + 1), f"s = {s_bad} cancels f_k^({m})(0)")
        event("control: cancelling s")
    if any(LL.is_exact_zero(d) for d in derivs[:n]):
        require_not(LL.assumption_2_certificate(g, n, max_order=n - 1), "unperturbed g, orders 0..N-1")
        event("control: unperturbed g")
    elif not exact_bad:
        event("no control for this g (no float s cancels a derivative, none vanishing)")
    # Second part: the diagonal sequence for a non-analytic f, with the softplus surrogate of relu.
    # Assumption 2 for N = 6 (orders 0..5 non-zero) covers every drawn N <= 6: one computation, cached.
    for cert, context in diagonal_certificates(6):
        require(cert, context)


@functools.lru_cache(maxsize=8)
def diagonal_certificates(N: int) -> tuple[tuple[Certificate, str], ...]:
    """(24)-(25) for f = relu: g_j = softplus_{2^j}, f_j of (16) with (24); uniform convergence.
    Independent of the drawn g, so computed once per N (sympy is the slow part)."""
    f = A.get("relu")
    out = []
    grid = np.linspace(-64.0, 64.0, 4097)
    t = torch.as_tensor(grid, dtype=torch.float64)
    ks, sups = [], []
    for j in range(1, 11):
        g_j = A.softplus(2.0**j)
        s_j, _ = _li2018_s(g_j, N, 1.0)
        k_j = max(0, math.ceil(math.sqrt(2) * (j + 1) / s_j) - 1)  # (24): sqrt(2)/(s_j (k_j+1)) <= 1/(j+1)
        f_j = A.sin_cos_perturbed(g_j, s_j, k_j)
        if j in (1, 10):  # exact Assumption 2 at the ends only (sympy is the slow part; the docstring says so)
            out.append((LL.lemma6_derivative_certificate(g_j, LL.exact_rational(s_j), k_j, N), f"f_{j}: Assumption 2"))
        dev = float((f_j(t) - f(t)).abs().max())
        bound = math.log(2) / 2.0**j + 1.0 / (j + 1)
        # f_j(t): softplus (exp, log1p, a division: <= 4 roundings), sin, cos, their sum, a division and the sum
        # with g_j: <= 10 roundings on magnitudes <= |f| + log 2/2^j + 2 <= |f| + 3; relu itself is exact.
        rounding = AP.gamma(10) * float(f(t).abs().max() + 3)
        out.append((Certificate("(25): |f_j - f| <= |f_j - g_j| + |g_j - f| <= 1/(j+1) + log 2/2^j",
                                dev <= bound + rounding, Evidence.SAMPLED,
                                f"{f.name}, j = {j}: sup {dev:.4g} on [-64, 64], bound {bound:.4g}",
                                {"j": j, "sup": dev, "bound": bound}), f"j = {j}"))
        ks.append(j)
        sups.append(dev)
    table = AP.SupTable(tuple(ks), (((-64.0,), (64.0,)),), np.array([sups]), np.zeros((1, len(ks))))
    out.append((AP.converges(table, (0.25, 0.125), notion="uniform"), f"f_j -> {f.name} uniformly (sampled)"))
    return tuple(out)


LEM1_17_PRINTED = "(17): f_k^(n)(0) = g^(n)(0) + (-1)^n/(s(k+1)) for f_k = g + (sin x + cos x)/(s(k+1)) (16)."
LEM1_17_COUNTEREXAMPLE = ("g = 0, s = 1, k = 0: f_0 = sin x + cos x has f_0'(0) = cos 0 - sin 0 = 1 and f_0''(0) = -1, "
                          "but (17) gives -1 and +1; the printed sign is wrong at every n = 1, 2 (mod 4) (sympy, n <= 10).")
LEM1_17_CORRECTED = ("f_k^(n)(0) = g^(n)(0) + (-1)^floor(n/2)/(s(k+1)) (as li2022benefit's Lemma 6 prints); (18)-(22) "
                     "use only |(-1)^n| = 1 and hold with the corrected sign, so Lemma 1 stands "
                     "(li2018overparameterized/lem-1).")


@pytest.mark.proof_erratum(claim="li2018overparameterized/lem-1", printed=LEM1_17_PRINTED,
                           counterexample=LEM1_17_COUNTEREXAMPLE, corrected=LEM1_17_CORRECTED)
def test_lem_1_printed_derivative_formula_17_is_wrong():
    """Proof erratum (li2018overparameterized Appendix A (17)): the sign pattern of (sin + cos)^(n)(0).

    Exact (sympy) for g = 0, s = 1, k = 0 and for tanh, s = 2, k = 3, orders n = 0..10: the
    printed (-1)^n fails at n = 1, 2, 5, 6, 9, 10; (-1)^floor(n/2) holds at every order.
    """
    for g, s, k in ((ZERO, 1.0, 0), (A.get("tanh"), 2.0, 3)):
        printed = AP.sin_cos_derivative_certificate(g, s, k, 10, formula="li2018")
        require_not(printed, f"(17) as printed, {g.name}")
        require(AP.sin_cos_derivative_certificate(g, s, k, 10, formula="li2022"), f"(17) corrected, {g.name}")
        require(Certificate("(17) fails exactly at n = 1, 2 (mod 4)", printed.numbers["wrong_orders"] == str(
            [n for n in range(11) if n % 4 in (1, 2)]), Evidence.EXACT, printed.explanation, printed.numbers))


# --------------------------------------------------------------------------- Proposition 2
@pytest.mark.claim("li2018overparameterized/prop-2", evidence="sampled")
@given(case=two_wells())
@example(case=TwoWells(2, (-2.0, -2.0), (2.0, 2.0), 1.0, 1.0, 1.0, 3.0, 0.0)).via("2-D")
def test_prop_2_weak_globality_closed_under_compact_convergence(case):
    """Proposition 2 (li2018overparameterized), Appendix B.

    H: f_k, f: S -> R (S subset of R^n), f_k -> f compactly (6); every f_k weakly global.
    Conclusion: f is weakly global on S.
    Checked (sampled): Appendix B's contrapositive chain (26)-(29) (li2022benefit's (28)-(29),
    same argument): for f with a sub-optimal basin X (two wells in 1-D/2-D, the higher one at
    d1 > 0 = inf f), every f_k with sup_K |f_k - f| <= gamma/3 has Z = argmin_V f_k inside
    int V and not global: a sub-optimal basin of f_k, so f_k is not weakly global.
    Not checked: between grid nodes; the direct statement on families (done for the identical
    li2022benefit/prop-3 with radial families).
    Negative controls: at sup |f_k - f| = 3 gamma the chain's hypothesis fails; f itself is
    flagged (not weakly global) by the grid detector.
    """
    require_prop3_contrapositive(case, "(26)-(29)")


PROP2_Z_PRINTED = ("Appendix B: 'Consider the compact set defined by Z := {z in V | f(z) = f(z')}' (z' a minimizer of "
                   "f_k on V), then 'Z is a strict local minimum of f_k'.")
PROP2_Z_COUNTEREXAMPLE = ("f = x^2 near X = {0}, f_k = x^2 + x/16 on V = [-1/4, 1/4]: z' = -1/32, {z : f(z) = f(z')} = "
                          "{-1/32, 1/32}, and f_k(1/64) < f_k(1/32) with 1/64 outside that set: not a strict local minimum "
                          "of f_k.")
PROP2_Z_CORRECTED = "Z := {z in V | f_k(z) = f_k(z')}; the chain (26)-(29) then holds (li2018overparameterized/prop-2)."


@pytest.mark.proof_erratum(claim="li2018overparameterized/prop-2", printed=PROP2_Z_PRINTED,
                           counterexample=PROP2_Z_COUNTEREXAMPLE, corrected=PROP2_Z_CORRECTED)
def test_prop_2_proof_Z_must_be_defined_by_f_k():
    """Proof erratum (li2018overparameterized Appendix B): Z must be f_k's argmin set on V.

    Exact (rationals), the instance of the counterexample (t = 1/16): the printed Z contains 1/32,
    where f_k has a lower neighbour 1/64 outside it; the argmin set {-1/32} is strict.
    """
    require(printed_z_counterexample(Fraction(1, 16)))


# --------------------------------------------------------------------------- Lemma 2
@pytest.mark.claim("li2018overparameterized/lem-2", evidence="sampled")
@given(case=composition_cases(monotone=False))
def test_lem_2_composition_converges_uniformly(case):
    """Lemma 2 (li2018overparameterized), Appendix C.

    H1: f: S -> R^n, g: R^n -> R continuous, "S in R^m" (subset) compact.
    H2: f_k -> f uniformly on S.  H3: g_k -> g uniformly on R^n.
    Conclusion: g_k o f_k -> g o f uniformly on S.
    Instances: as li2022benefit/lem-7 (S = [-L, L]^m, m, n <= 2, f = sigma(B x + c), f_k = f +
    cos(k x_1 + phi)/(k+1)), with g(z) = sum a_i g_i(z_i), g_i any activation (monotone or not),
    and the uniform g_k = g + sum_i a_i sin(z_i)/(k+1) (|g_k - g| <= sum|a_i|/(k+1) on all of R^n).
    Checked (sampled): H2, H3 on the bounding box of D', the conclusion (Hoelder-1/2 rate levels,
    as lem-7), and the proof's (32)-(33) at every sampled k: f_k(S) within distance 1 of f(S),
    the first term bounded by sup_D' |g_k - g|, both terms tending to 0.
    Not checked: S other than boxes; g not of separable form; between nodes; the limit k -> oo.
    Negative control: g_k plus a fixed tent at a value of f (H3 broken): the same criterion
    rejects the conclusion and the proof's first term.
    """
    def uniform(i, k):
        return lambda z: _g_values(case.g[i], z) + np.sin(np.asarray(z)) / (k + 1)

    check_composition(case, uniform, hypothesis="uniformly")


def _g_values(g, z):
    return g(torch.as_tensor(np.asarray(z), dtype=torch.float64)).numpy()


# --------------------------------------------------------------------------- Theorem 1
@pytest.mark.claim("li2018overparameterized/thm-1", evidence="sampled")
@given(net=tiny_nets(data="li2018", single_activation=True), seed=sts.seeds())
@example(net=TinyNet((1, 2, 1), (A.get("relu"),), torch.tensor([[0.0, 1.0]], dtype=torch.float64),
                     torch.tensor([[1.0, -1.0]], dtype=torch.float64)), seed=0).via("relu, a zero sample")
@example(net=TinyNet((2, 1, 1), (A.get("sigmoid"),), torch.tensor([[0.0], [0.0]], dtype=torch.float64),
                     torch.tensor([[2.0]], dtype=torch.float64)), seed=0).via("N = 1, x = 0")
def test_thm_1_weakly_global_for_any_continuous_activation(net, seed):
    """Theorem 1 (li2018overparameterized).

    H1: H hidden layers, one activation sigma for every layer, E(W) = l(Y, W_{H+1} T_H).
    H2 (A1): some coordinate k with X_ki != X_kj for all i != j (zero samples allowed).
    H3 (A2): l convex and continuous in Yhat (here ||Y - Yhat||^2 only).
    H4 (A3): d_H >= N.  H5 (A4): sigma continuous.
    Conclusion: E(W) is weakly global (every set-wise strict local minimum is a set-wise global minimum).
    Checked (sampled): as li2022benefit/thm-2 (same two-stage detector, window rule and grids,
    same planted-well power control, same approximation pipeline and controls) with li2018's
    hypotheses: tiny networks (N <= 2, 2-4 parameters, depth 1-2, N = 2 only as 1-2-1, output
    dimension 1, one sigma, any catalog or family activation), A1 data on quarter steps in
    [-4, 4] with one all-distinct coordinate row, zero samples and repeated entries off that row
    allowed, targets on quarter steps in [-10, 10].
    Not checked: other convex losses, larger nets, points between nodes, basins narrower than
    the planted one (no network with a known basin resolved by these grids), the Carleman step
    for non-analytic sigma (Lemma 1's diagonal is checked for relu in lem-1), the limit k -> oo.
    Negative controls: the planted two-well function on the same grids is flagged; sigma + sin +
    cos (no 1/(s(k+1))) fails the convergence check; 4 (sin + cos) breaks the bound written for
    s = 1, k = 0.
    """
    check_tiny_net(net, mechanism_seed=seed)
