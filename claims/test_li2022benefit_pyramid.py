"""Claims of li2022benefit about pyramid networks: Assumptions 3 and 4, Lemma 8, Theorems 8 and 3.

Li, Ding & Sun, "On the Benefit of Width for Neural Networks: Disappearance of Basins"
(2022), Section 3.1 (Assumption 3, Theorem 3) and Appendix B (Assumption 4, Theorem 8,
Lemma 8, Theorem 3's Step 3). The constructions and checks live in
:mod:`landscape.constructions.pyramid`.

Evidence: the predicates and the paths are sampled (grids of inputs, of lambda); rank
conditions are witnesses; Lemma 8's sup bounds are exact (rational arithmetic).

Finding: (87)'s printed threshold k > max{K, eps/2 - 1} does not give 2/(k+1) < eps
(K = 0, eps = 1/2, k = 1: 2/(k+1) = 1 and sup_[-1,1] |f_k - f| = 3/4 > eps); the corrected
threshold is k > max{K, 2/eps - 1} (lem-8a). The lemma itself stands.

Proof erratum (tests/test_constructions_pyramid.py): Theorem 3's Step 3 invokes Theorem 8,
whose printed hypotheses include Assumption 1 and hence A3 (d_H >= N), which Theorem 3 does
not assume; Theorem 8's proof never uses A3, and its construction is certified on a pyramid
without A3. Data with antipodal inputs (x^(n) = -x^(n')) are left out of Theorem 8's draws:
Proposition 2's rank step, which (72) relies on, fails there (li2022benefit def-5).
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction

import numpy as np
import pytest
import torch
from hypothesis import assume, event, example, given, note
from hypothesis import strategies as st
from torch.func import vmap

import strategies as sts
from landscape import activations as A
from landscape.approximation import loss_grid, weakly_global_nd
from landscape.certificates import dyadic_grid, path_certificate
from landscape.certificates._rounding import C_SIGMA, U, gamma
from landscape.constructions import li2022benefit as L
from landscape.constructions import pyramid as PY
from landscape.evidence import Certificate, require, require_not
from landscape.nets import Network, Problem
from strategies.pyramids import pyramid_cases

# Activations that violate Assumption 4, each for a named reason.
NOT_ASM4 = {"sigmoid": "range (0, 1)", "tanh": "range (-1, 1)", "relu": "not strictly monotone",
            "exponential": "range (0, inf)", "elu": "range (-1, inf)", "sine": "not monotone"}


# --------------------------------------------------------------------------- Assumption 3
@pytest.mark.claim("li2022benefit/asm-3", evidence="sampled")
@given(n=st.integers(1, 4), data=st.data())
def test_asm_3_pyramid_predicate(n, data):
    """Assumption 3 (li2022benefit): the pyramid structure after a wide layer.

    H1: there is 1 <= h0 <= H with B1: d_{h0} >= N and d_{h0} >= d_{h0+1} >= ... >= d_{H+1};
    H2 (B2): sigma_h is non-increasing or non-decreasing on R for h0 < h <= H.
    Conclusion (a definition): the predicate ``assumption_3_certificate`` holds exactly then.
    Checked: pyramid architectures of ``sts.architectures(regime="pyramid")`` (depth 1-3,
    N <= 4, biases drawn) with monotone activations after their h0 (catalog and families,
    both directions) are accepted; B1 exactly (integers), B2 from the declared property and
    a grid check of every step (sampled).
    Not checked: monotonicity between grid points. Footnote 3 (ImageNet 1.2 million samples
    against 1.3 million neurons in the widest layer of Inception, 3 million in VGG) is a
    sentence about practice, not checkable here.
    Negative controls (N >= 2 for the last two): an output layer wider than every hidden layer
    and every width < N (B1 fails for every h0), and an appended hidden layer of width 1 < N
    with sine (B1 only at the old h0's, where sine breaks B2).
    """
    arch = data.draw(sts.architectures(regime="pyramid", n_samples=n, max_depth=3))
    h0 = arch.pyramid_index(n)
    acts = [data.draw(sts.activations(requires=("continuous",))) for _ in range(h0)]
    acts += [data.draw(sts.activations(requires=("monotone",))) for _ in range(arch.depth - h0)]
    note(f"widths {arch.widths}, h0 = {h0}, activations {[a.name for a in acts]}")
    require(PY.assumption_3_certificate(arch.widths, n, acts), "drawn pyramid")
    w = arch.widths
    widened = (*w[:-1], max(w) + 1)  # d_{H+1} above every hidden width: d_{h0} >= d_{H+1} fails for every h0
    require_not(PY.assumption_3_certificate(widened, n, acts), "output wider than every hidden layer")
    if n >= 2:
        narrow = tuple(min(x, n - 1) for x in w)
        require_not(PY.assumption_3_certificate(narrow, n, acts), "every width < N")
        # A last hidden layer of width 1 < N (d_out = 1): B1 only at the old h0's, where sine breaks B2.
        sine_tail = (*w[:-1], 1, 1)
        require_not(PY.assumption_3_certificate(sine_tail, n, [*acts, A.get("sine")]), "sine after every h0")


# --------------------------------------------------------------------------- Assumption 4
@pytest.mark.claim("li2022benefit/asm-4", evidence="sampled")
@given(act=sts.activations(requires=("strictly_monotone", "surjective")),
       ys=st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=8), bad=st.sampled_from(sorted(NOT_ASM4)))
@example(act=A.get("leaky_relu"), ys=[-5.0, 0.0, 7.5], bad="relu").via("leaky ReLU vs ReLU")
@example(act=A.get("sinh"), ys=[-1e3, 1e3], bad="tanh").via("sinh vs tanh")
@example(act=A.get("t_plus_c_tanh"), ys=[0.25], bad="sigmoid").via("t + c tanh t vs sigmoid")
@example(act=A.get("cubic_plus_linear"), ys=[-2.0], bad="exponential").via("t^3 + t vs exp")
def test_asm_4_strictly_monotone_onto_activations(act, ys, bad):
    """Assumption 4 (li2022benefit, Appendix B): sigma continuous, strictly monotone, sigma(R) = R.

    Text: "the activation functions satisfying Assumption 4 also satisfies Assumption B2".
    The paper names no member; the catalog's are leaky ReLU, sinh, t + c tanh t (c >= -1),
    t^3 + t, t^3, the identity, plus drawn families (strictly monotone cubics, odd monomials,
    strictly monotone onto piecewise-linear functions, scaled copies, both directions).
    Checked (sampled): the predicate holds for every drawn member (declared properties; a grid
    check of strict monotonicity; sigma^{-1}(+-1e6) found in [-2^64, 2^64]); B2 holds too; the
    bisection inverse gives sigma(sigma^{-1}(y)) = y within its own error bound for drawn y.
    Not checked: between grid points, and values beyond the bracket [-2^64, 2^64].
    Negative controls: sigmoid, tanh, exponential and ELU (range not R), ReLU (not strictly
    monotone) and sine (not monotone) are rejected.
    """
    cert = PY.assumption_4_certificate(act)
    note(cert.summary())
    require(cert, "Assumption 4 member")
    require(PY.monotone_certificate(act, strict=False), "Assumption 4 implies B2")
    y = torch.tensor(ys, dtype=torch.float64)
    t, err = PY.inverse(act, y)
    dev = (act(t) - y).abs()
    note(f"sigma^-1: max |sigma(t) - y| = {float(dev.max()):.3g}, bound {float(err.max()):.3g}")
    require(Certificate("sigma(sigma^-1(y)) = y", bool(torch.isfinite(t).all() and (dev <= err).all()), "sampled",
                        "bisection to adjacent floats; bound = their sigma gap + rounding",
                        {"max_dev": float(dev.max()), "max_err": float(err.max())}), "numeric inverse")
    require_not(PY.assumption_4_certificate(A.get(bad)), f"{bad}: {NOT_ASM4[bad]}")


# --------------------------------------------------------------------------- Lemma 8
def _monotone_f():
    return sts.activations(requires=("monotone",))


@st.composite
def lemma8_cases(draw, *, printed: bool):
    """(f, K, eps, k) with k > (87)'s threshold (printed or corrected); shrinks to K = 0, eps = 1, k minimal."""
    f = draw(_monotone_f())
    K = draw(st.integers(0, 20))
    eps = Fraction(draw(st.integers(1, 64)), 2 ** draw(st.integers(0, 8)))  # dyadic eps in (0, 64]
    k = math.floor(PY.lemma8_threshold(K, eps, printed=printed)) + 1 + draw(st.integers(0, 100))
    return f, K, eps, k


LEM8_PRINTED = ("(87): 'For any k > max{K, eps/2 - 1} and x in S, we have x in [-k-1, k+1], and |f_k(x) - f(x)| = "
                "|x+k+1|/(k+1)^2 <= 2/(k+1) < eps'")
LEM8_COUNTEREXAMPLE = ("K = 0 (S = [-1, 1]), eps = 1/2, k = 1 > max{0, -3/4}: 2/(k+1) = 1 > eps and at x = 1, "
                       "|f_k(1) - f(1)| = 3/4 > eps, for every f; with K = 1 (S = [-2, 2], admissible if N starts at "
                       "1), k = 2 > max{1, -3/4}: 2/(k+1) = 2/3 > eps and |f_k(2) - f(2)| = 5/9 > eps")


@pytest.mark.claim("li2022benefit/lem-8", evidence="sampled")
@pytest.mark.xfail(strict=True, raises=AssertionError, reason="(87)'s printed threshold eps/2 - 1 is too small; corrected in li2022benefit/lem-8a")
@pytest.mark.erratum(printed=LEM8_PRINTED, counterexample=LEM8_COUNTEREXAMPLE, corrected="li2022benefit/lem-8a")
@given(case=lemma8_cases(printed=True))
@example(case=(A.get("relu"), 0, Fraction(1, 2), 1)).via("the shrunk counterexample")
@example(case=(A.get("sigmoid"), 1, Fraction(1, 2), 2)).via("the counterexample with K >= 1 (N without 0)")
def test_lem_8_as_printed(case):
    """Lemma 8 (li2022benefit) with the proof's (84)-(87) as printed.

    H: f: R -> R continuous and non-increasing (or non-decreasing).
    Conclusion: there are continuous f_k satisfying Assumption 4 with f_k -> f compactly.
    As printed: (84) for non-increasing f (mirrored for non-decreasing f, "the same idea");
    (87): for k > max{K, eps/2 - 1}, sup over S = [-K-1, K+1] of |f_k - f| <= 2/(k+1) < eps.
    Checked: the f_k properties (see lem-8a) and (87) exactly (rational arithmetic).
    Refuted (exact): K = 0, eps = 1/2, k = 1 > max{0, -3/4}: 2/(k+1) = 1 > eps and
    sup_[-1,1] |f_k - f| = 3/4 > eps for every f; also with K = 1 (in case the paper's N starts
    at 1): k = 2, sup_[-2,2] |f_k - f| = 5/9 > eps = 1/2. The lemma's statement stands (lem-8a).
    """
    f, K, eps, k = case
    note(f"f = {f.name}, K = {K}, eps = {eps}, k = {k}")
    require(PY.lemma8_certificate(f, k), "f_k continuous, Assumption 4")
    require(PY.lemma8_sup_certificate(K, k, eps), "(87) with the printed threshold")


@pytest.mark.claim("li2022benefit/lem-8a", evidence="sampled")
@given(case=lemma8_cases(printed=False))
@example(case=(A.get("relu"), 0, Fraction(1, 2), 4)).via("corrected threshold at the counterexample's K, eps")
@example(case=(A.get("sigmoid"), 3, Fraction(1, 8), 100)).via("bounded f")
@example(case=(A.scaled(A.get("tanh"), -1.0, 1.0), 0, Fraction(1), 2)).via("non-increasing f, (84) verbatim")
def test_lem_8a_monotone_functions_are_compact_limits_of_assumption_4_functions(case):
    """Lemma 8 (li2022benefit), corrected threshold in (87): k > max{K, 2/eps - 1}.

    H: f: R -> R continuous and monotone (catalog and families: ReLU, sigmoid, tanh, shifted
    ReLU, non-strict piecewise-linear, cubics, scaled copies in both directions).
    Conclusion: f_k of (84) (non-increasing f; for non-decreasing f, (84) applied to -f and
    negated) is continuous, satisfies Assumption 4, and f_k -> f compactly.
    Checked: continuity at +-(k+1) (adjacent-float jumps within slope x ulp + rounding),
    strict monotonicity on a grid straddling the junctions with tails resolvable in float64,
    range R (sigma^{-1}(+-1e6) found), f_k - f = -+(x+k+1)/(k+1)^2 inside (sampled); for
    k > max{K, 2/eps - 1}: sup_{[-K-1, K+1]} |f_k - f| = (K+k+2)/(k+1)^2 <= 2/(k+1) < eps
    (exact), k up to 100 past the threshold.
    Not checked: between grid points; k beyond threshold + 100.
    Negative controls: (84) verbatim on a non-decreasing f (sigmoid) is not monotone, so it
    fails Assumption 4; the printed threshold's counterexample (K = 0, eps = 1/2, k = 1).
    """
    f, K, eps, k = case
    note(f"f = {f.name}, K = {K}, eps = {eps}, k = {k}")
    cert = PY.lemma8_certificate(f, k)
    note(cert.summary())
    require(cert, "f_k continuous, Assumption 4, closed form inside")
    require(PY.lemma8_sup_certificate(K, k, eps), "(87) with k > max{K, 2/eps - 1}")
    require_not(PY.lemma8_certificate(A.get("sigmoid"), k, printed=True), "(84) verbatim on increasing sigmoid")
    require_not(PY.lemma8_sup_certificate(0, 1, Fraction(1, 2)), "printed threshold's counterexample")


# --------------------------------------------------------------------------- Theorem 8
def _lambdas(k: int = 10) -> torch.Tensor:
    return torch.cat([dyadic_grid(k), torch.ones(1, dtype=torch.float64)])


def _negative_pyramids():
    """Fixed instances outside Theorem 8 where the pullback must fail (N = 3, x = (1, 2, -1/2))."""
    X = torch.tensor([[1.0, 2.0, -0.5]], dtype=torch.float64)
    Y = torch.tensor([[0.3, -1.0, 2.0]], dtype=torch.float64)
    sig, sinh = A.get("sigmoid"), A.get("sinh")
    return {
        "widening layer after h0 (B1)": Problem(Network((1, 3, 2, 3, 1), [sig, sinh, sinh]), X, Y),
        "d_h0 = 2 < N (B1)": Problem(Network((1, 2, 2, 1), [sig, sinh]), X, Y),
        "relu after h0 (Assumption 4)": Problem(Network((1, 4, 3, 1), [sig, A.get("relu")]), X, Y),
    }


@functools.lru_cache(maxsize=1)
def _negative_tracking() -> dict:
    """The tracking certificates of the fixed negative instances (deterministic: computed once)."""
    out = {}
    for what, bad in _negative_pyramids().items():
        neg = PY.thm8_instance(bad, torch.zeros(bad.n_params, dtype=torch.float64), 1, delta=1.0, seed=1,
                               lambdas=_lambdas(), check=False)
        out[what] = PY.tracking_certificate(neg.witnesses["path"])
    return out


def _certify_thm8(case, problem=None, *, omega: bool = False):
    """require() (with ``omega``) W^p in Omega, then tracking and the decreasing path, on the dyadic grid to
    1 - 2^-10, or to 1 - 2^-6 when the last steps of the finer grid drop by less than float64 can resolve
    (rejected as undecidable if both do)."""
    problem = case.problem if problem is None else problem
    seed = case.seed
    if omega:
        # (72) asks for some W^p in the delta-ball inside Omega: up to 4 perturbations (seeds) are tried.
        for j in range(4):
            seed = case.seed + 7919 * j
            point = PY.perturbed_start(problem, case.start, delta=case.delta,
                                       generator=torch.Generator().manual_seed(seed))
            cert = PY.omega_certificate(problem, point, case.h0)
            if cert.holds:
                break
            event("W^p not certified in Omega: another perturbation tried")
        if not cert.holds and _collapsed(problem, point, case.h0):
            _undecidable(f"hidden columns distinct in exact arithmetic coincide in float64: {cert.explanation}")
        require(cert, "(72) W^p in Omega")
    for k in (10, 6):
        inst = PY.thm8_instance(problem, case.start, case.h0, delta=case.delta, seed=seed, lambdas=_lambdas(k))
        if not math.isfinite(inst.numbers["E_p"]):
            _undecidable(f"E(W^p) = {inst.numbers['E_p']} overflows float64")
        radius = PY.preactivation_radius(problem.network, inst.point[None, :], problem.X, case.h0)
        if radius > PY.BRACKET / 16:  # sigma^{-1} is searched in [-2^64, 2^64] (sinh of sinh reaches 1e33)
            _undecidable(f"pre-activations above h0 reach {radius:.3g}, beyond sigma^-1's bracket")
        path = inst.witnesses["path"]
        track = PY.tracking_certificate(path)
        note(track.summary())
        if not track.holds and track.numbers["ill_conditioned"] and math.isfinite(max(path["kappas"].values())):
            _undecidable("a full-rank matrix of the pullback has u kappa too large for the first-order bound")
        require(track, "(80): output tracks Yhat(lambda)")
        # E(W(1)) = ||Yhat^1 - Y||^2 <= ||bound at lambda = 1||_F^2 in exact arithmetic; its float64 sum of
        # d_out N squares adds a relative gamma_(d_out N + 2).
        end_tol = (1 + gamma(problem.Y.numel() + 2)) * float((path["bound"][-1] ** 2).sum())
        try:
            cert = path_certificate(problem, path["points"], target=0.0, target_tol=end_tol)
        except ValueError as exc:  # the running-error model multiplies by |sigma'|: inf at 0 for |t|^(1/2)
            if not str(exc).startswith("margins:"):
                raise
            _undecidable(f"no finite rounding margin along the path ({str(exc)[:80]})")
        note(f"k = {k}: {cert.summary()}")
        if cert.holds or "cannot be certified" not in cert.explanation:
            require(cert, "E(W(lambda)) strictly decreasing to inf E = 0")
            return inst
        event(f"dyadic depth {k}: last drops below float64 resolution")
    _undecidable("drops below rounding even on the coarse grid")


def _collapsed(problem, theta, h0: int) -> bool:
    """Some layer h <= h0 maps two samples with different inputs T_{h-1} to hidden columns equal within the
    activation's rounding C_SIGMA u, overflows, or underflows to 0: float64 lost what tells them apart
    (sigmoid at 0.5 + 1e-19, softplus(10 t) of 1e-39 absorbed by a bias), so rank T_{h0} = N is not
    decidable there. (An exact collision of distinct inputs has probability 0 under the random W^p.)"""
    layers = problem.network.unflatten(theta)
    t = problem.X
    for layer, act in list(zip(layers, problem.network.activations))[:h0]:
        t_in = t
        z = layer.weight @ t + (layer.bias[:, None] if layer.bias is not None else 0.0)
        t = act(z)
        if not bool(torch.isfinite(t).all()) or bool(((t == 0) & (z != 0)).any()):
            return True  # overflow, or underflow to 0 (an analytic sigma's zeros are isolated: hit with probability 0)
        # Distinct inputs to the layer (the bias can absorb a 1e-39 difference before sigma sees it).
        dz = (t_in[:, :, None] - t_in[:, None, :]).abs().amax(dim=0)
        dt = (t[:, :, None] - t[:, None, :]).abs() - C_SIGMA * U * (t[:, :, None].abs() + t[:, None, :].abs())
        if bool(((dz > 0) & (dt.amax(dim=0) <= 0)).any()):
            return True
    return False


def _undecidable(reason: str) -> None:
    """Reject a draw float64 cannot decide (not a refutation), counted as an event."""
    note(f"undecidable in float64: {reason}")
    event("undecidable in float64 (rejected)")
    assume(False)


@pytest.mark.claim("li2022benefit/thm-8", evidence="sampled")
@given(case=pyramid_cases(a3=True, theorem="thm-8"))
def test_thm_8_pyramid_has_decreasing_path_after_perturbation(case):
    """Theorem 8 (li2022benefit, Appendix B): pyramids with Assumption 2 below h0 and 4 above are weakly global.

    H1: Assumption 1 (A1 data, A2 convex loss: here squared, A3 d_H >= N, A4 continuity);
    H2: Assumption 3 (B1 at h0); H3: sigma_h meets Assumption 2 for h <= h0; H4: sigma_h
    meets Assumption 4 for h0 < h <= H.
    Conclusion: E(W) is weakly global. Proof (checked on drawn inputs): perturb W^o to W^p in
    Omega (72), then W(lambda) of (75)-(76), whose output is Yhat(lambda) (80), so E(W(lambda))
    = (1 - lambda)^2 E(W^p) strictly decreases to inf E = 0 (81)-(83).
    Checked: W^p in Omega (witness: sigma_N(T_{h0}) and sigma_min(W_h) above Weyl bounds);
    the realized output equals Yhat(lambda) within a first-order float64 bound at 23 lambdas
    (dyadic up to 1 - 2^-10, and 1); E strictly decreasing on that grid beyond rounding and
    E(W(1)) = 0 within the squared tracking bound (sampled); where the last dyadic drops are
    below float64 resolution the grid stops at 1 - 2^-6 (counted as an event). Draws where
    E(W^p) overflows, pre-activations above h0 leave sigma^{-1}'s bracket [-2^60, 2^60], or a
    pulled-back matrix has 10 max(m, n) u kappa >= 1e-3 (targets of 1e15 after cubic-of-cubic
    layers), or Omega fails (for 4 perturbations) where some layer <= h0 maps distinct
    pre-activations to float64-equal columns (sigmoid at 0.5 + 1e-19) are rejected as
    undecidable in float64 (events). Depth 2-3, N <= 3, d_0, d_out <= 2,
    W^o zero / rank one / general, biases drawn, activations from the Assumption 2 and 4
    strategies.
    Not checked: Case 2 (unattained infimum) and losses other than the squared loss; the
    contraposition from "decreasing path after any small perturbation" to weak globality;
    small delta (>= 1/4 relative to the layer scale); antipodal data (rejected: Proposition
    2's rank step fails there, see def-5), between lambda grid points.
    Negative controls (fixed instances, ``check=False``): a widening layer after h0 and
    d_{h0} < N leave no right/left inverse, and ReLU after h0 has no inverse of negative values:
    the tracking certificate fails.
    """
    inst = _certify_thm8(case, omega=True)
    note(inst.describe())
    for what, cert in _negative_tracking().items():
        require_not(cert, what)


# --------------------------------------------------------------------------- Theorem 3
GRID_N = 21  # nodes per axis of the 3-parameter detector grid (21^3 = 9261 losses, one batch)


def _axes(center, radius: float, n: int) -> list[np.ndarray]:
    return [np.linspace(c - radius, c + radius, n) for c in center]


def _detector(problem, center, radius: float, n: int) -> Certificate:
    """weakly_global_nd on E over the n^P grid of the window, with per-node rounding bounds and the
    detector's second stage (re-gridded boxes around the lowest grid local minima)."""
    axes = _axes(center, radius, n)
    values, err = loss_grid(problem, axes)
    if not np.isfinite(values).all():
        return None
    return weakly_global_nd(values, [2 * radius / (n - 1)] * len(axes), infimum=0.0, value_error=err, axes=axes,
                            refine=lambda sub: loss_grid(problem, sub))


@functools.lru_cache(maxsize=1)
def _thm6_detector():
    """The detector on Theorem 6's narrow instance (softplus, x = (1, 2, 3)): 21^2 grid of radius 0.05."""
    inst = L.thm6_instance(A.get("softplus"), np.array([1.0, 2.0, 3.0]))
    lower = float(inst.problem.loss(inst.witnesses["lower"]))
    axes = _axes(inst.point.tolist(), 0.05, 21)
    values, err = loss_grid(inst.problem, axes)
    return weakly_global_nd(values, [0.1 / 20] * 2, infimum=lower, value_error=err, axes=axes,
                            refine=lambda sub: loss_grid(inst.problem, sub))


@functools.lru_cache(maxsize=4)
def _planted_basin_detector(radius: float):
    """The detector (both stages) on a planted basin sampled on the claim's own window [-r, r]^3 and
    GRID_N^3 grid: f(t) = r^2 g(t/r), g(u) = min((u1 - 1/2)^2, (u1 + 1/2)^2 + 1/5) + (u2^2 + u3^2)/4: inf f = 0
    at (r/2, 0, 0), a sub-optimal strict minimum r^2/5 at (-r/2, 0, 0) behind a barrier 0.3025 r^2 (grid step
    r/10). f scales with the window, so the control has the same shape on every window the claim uses."""
    def planted(axes):
        u1, u2, u3 = (t / radius for t in np.meshgrid(*axes, indexing="ij"))
        g = np.minimum((u1 - 0.5) ** 2, (u1 + 0.5) ** 2 + 0.2) + (u2**2 + u3**2) / 4
        return radius**2 * g, np.zeros_like(g)  # exact function: no rounding bound needed beyond the detector's

    axes = _axes((0.0, 0.0, 0.0), radius, GRID_N)
    values, _ = planted(axes)
    return weakly_global_nd(values, [2 * radius / (GRID_N - 1)] * 3, infimum=0.0, axes=axes, refine=planted)


def _outputs(problem, points):
    return vmap(lambda th: problem.network.forward(th, problem.X))(points)


def _uniform_convergence(problem, ks, outputs, approximant_outputs, *, limit_targets=None) -> Certificate:
    """sup over the points of |E_k - E| shrinks along ``ks`` at a rate at least (k+1)^-1/2: end to end,
    last <= sqrt((k_1+1)/(k_last+1)) first, and on each of the last two steps, s_(j+1) <= sqrt((k_j+1)/(k_(j+1)+1))
    s_j. The tail steps matter: a sequence with a wrong limit c > 0 can shrink end to end from a large first sup,
    but its last steps tend to ratio 1 (s_j -> c). Earlier steps are exempt: before Lemma 8's f_k reach their
    inner regime (piecewise-linear sigma with breakpoints) a step can shrink by less.

    ``outputs``/``approximant_outputs``: the outputs of N and of each N_k at the points (computed once, shared
    with the negative control). ``limit_targets``: E is the loss against these instead of Y (a wrong limit)."""
    loss_fn, Y = problem.loss_fn, problem.Y
    Y_lim = Y if limit_targets is None else limit_targets
    E = vmap(lambda o: loss_fn(Y_lim, o))(outputs)
    sups = [float((vmap(lambda o: loss_fn(Y, o))(out) - E).abs().max()) for out in approximant_outputs]
    rate = math.sqrt((ks[0] + 1) / (ks[-1] + 1))
    steps = [math.sqrt((a + 1) / (b + 1)) for a, b in zip(ks, ks[1:])]
    ok = (all(b <= r * a for a, b, r in list(zip(sups, sups[1:], steps))[-2:])
          and all(a > b for a, b in zip(sups, sups[1:])) and sups[-1] <= rate * sups[0])
    return Certificate("E_k -> E uniformly on the box (88)-(94)", ok, "sampled",
                       f"sup over {outputs.shape[0]} points along k = {ks}: {[f'{s:.3g}' for s in sups]}",
                       {"first": sups[0], "last": sups[-1], "rate": rate,
                        "tail_step_ratios": str([b / a if a > 0 else math.inf for a, b in zip(sups[-3:], sups[-2:])])})


@pytest.mark.claim("li2022benefit/thm-3", evidence="sampled")
@given(s1=sts.activations(requires=("continuous",)), s2=sts.activations(requires=("monotone",)),
       x=st.floats(0.25, 4.0) | st.floats(-4.0, -0.25), y=st.floats(-4.0, 4.0),
       case=pyramid_cases(a3=False, theorem="thm-3", max_samples=2, antipodal=True))
@example(s1=A.get("relu"), s2=A.get("relu"), x=1.5, y=2.0, case=None).via("ReLU everywhere (B2 allows it)")
def test_thm_3_pyramids_with_continuous_and_monotone_activations_are_weakly_global(s1, s2, x, y, case):
    """Theorem 3 (li2022benefit): A1, A2, A4 and Assumption 3 imply E(W) is weakly global.

    H1: A1 data; H2: l convex in Yhat (squared here); H3: every sigma_h continuous; H4:
    Assumption 3 (B1 at h0, sigma_h monotone after h0; no A3).
    Conclusion: no sub-optimal set-wise strict local minimum (basin).
    Checked (sampled; three parts):
    (a) the detector on the tiny pyramid 1-1-1-1 (N = 1, h0 = 1, three weights), sigma_1 any
    continuous and sigma_2 any monotone activation (catalog and families: ReLU, sigmoid,
    tanh, sine below h0 ...): on a 21^3 grid of [-r, r]^3 (r = 3, halved while E overflows)
    no bounded component of {E <= c} has its minimum above inf E = 0 (64 levels, per-node
    rounding bounds), nor does a re-gridded box around any of the 8 lowest grid local minima
    hold a barrier (the detector's second stage);
    (b) Step 3's approximation (88)-(94) on drawn pyramids (depth 2-3, N <= 2, h0 drawn,
    biases drawn): E_k with Lemma 6's g + (sin + cos)/(k+1) below h0 and Lemma 8's f_k above
    converges to E on a box [-r, r]^P (r = 2, halved until E is finite there and the
    pre-activations above h0 stay below 64): sup over 128 seeded points of |E_k - E| decreases
    strictly along k = k_1 4^j, j = 0..4, its last value is at most sqrt((k_1+1)/(256 k_1+1)) of
    the first, and each of the last two steps shrinks it by sqrt((k_j+1)/(k_(j+1)+1)) (a rate at
    least (k+1)^-1/2, weaker than the 1/(k+1) of every approximant);
    k_1 = 4 (R + 1), R the largest pre-activation above h0 on the points, so that Lemma 8's f_k
    is in its inner regime.
    (c) Theorem 8's mechanism for E_{k_1} (Step 1 applied to N_k): where W^p lands in Omega
    (rank T_{h0} = N witnessed), the path (76) tracks Yhat(lambda) and E_{k_1} decreases
    strictly to 0 as in thm-8 (no A3 here: see the proof erratum on Theorem 8's Assumption 1).
    Not checked: basins the grid cannot resolve: the detector's guards ask the basin's floor
    and depth to exceed the largest neighbour difference on it, and planted basins of the same
    family with steeper wells (the u1 terms 4 or 16 times steeper) go unflagged even with the
    second stage (without it, most proportions tried were missed). Omega for every draw
    (Theorem 8 needs Assumption 2 below h0, which Lemma 6's approximants of non-analytic sigma
    only have after the Carleman step: such draws are counted as events), the closure step
    (Proposition 3), parameters outside the grids.
    Negative controls: a planted basin (r^2 g(t/r), g = min((u1 - 1/2)^2, (u1 + 1/2)^2 + 1/5)
    + (u2^2 + u3^2)/4, sub-optimal minimum r^2/5 > inf = 0) sampled on the same 21^3 grid of the
    same window [-r, r]^3 IS flagged by the same detector, so grid and window can see a basin
    of that size; Theorem 6's
    narrow instance (softplus, x = (1, 2, 3)) IS flagged by the same detector (2-D grid around
    its strict local minimum); the same approximant outputs against a wrong limit (the loss
    with targets Y + c, c = 1 + sqrt(first sup)) fail the convergence check.
    """
    X = torch.tensor([[x]], dtype=torch.float64)
    net = Network((1, 1, 1, 1), [s1, s2])
    problem = Problem(net, X, torch.tensor([[y]], dtype=torch.float64))
    for radius in (3.0, 1.5, 0.75):  # E overflows on the big window for exp of exp and the like
        cert = _detector(problem, (0.0, 0.0, 0.0), radius, GRID_N)
        if cert is not None:
            break
    else:
        _undecidable("E overflows float64 on every window [-r, r]^3, r >= 3/4")
    note(f"window [-{radius}, {radius}]^3")
    note(cert.summary())
    require(cert, "no sub-optimal basin on the 3-D grid")
    require_not(_planted_basin_detector(radius), f"planted basin on the same {GRID_N}^3 grid of [-{radius}, {radius}]^3")
    require_not(_thm6_detector(), "Theorem 6 basin")
    if case is None:
        return
    gen = torch.Generator().manual_seed(case.seed)
    unit = 2 * torch.rand(128, case.problem.n_params, generator=gen, dtype=torch.float64) - 1
    # Any compact box will do: halve [-2, 2]^P until E is finite on it and the pre-activations above h0 stay
    # below 64 (exp of exp overflows float64 on the big box; k_1 below then stays moderate).
    r = 2.0
    while r > 2**-6:
        pts = r * unit
        R = PY.preactivation_radius(case.network, pts, case.problem.X, case.h0)
        if bool(torch.isfinite(case.problem.loss_batch(pts)).all()) and R <= 64:
            break
        r /= 2
    else:
        event("no box [-r, r]^P with r >= 2^-6 keeps E finite and the pre-activations below 64 (rejected)")
        assume(False)
    # Start where every pre-activation above h0 lies inside [-k-1, k+1] with room to spare (the approximants
    # below h0 move them by O(1/k)), so each approximant error is in its 1/(k+1) regime.
    k1 = 4 * (math.ceil(R) + 1)
    note(f"box [-{r}, {r}]^P, k_1 = {k1}")
    ks = [k1 * 4**j for j in range(5)]
    outputs = _outputs(case.problem, pts)
    approx = [_outputs(Problem(PY.approximant_network(case.network, case.h0, k), case.problem.X, case.problem.Y), pts)
              for k in ks]
    cert = _uniform_convergence(case.problem, ks, outputs, approx)
    note(cert.summary())
    require(cert, "E_k -> E")
    # (c) Theorem 8's mechanism for E_{k_1}: Lemma 8's f_k meet Assumption 4 (checked by thm8_instance);
    # below h0 the rank step needs Assumption 2, which Lemma 6's f_k have only for analytic sigma.
    problem_k = Problem(PY.approximant_network(case.network, case.h0, k1), case.problem.X, case.problem.Y)
    gen = torch.Generator().manual_seed(case.seed)
    omega = PY.omega_certificate(problem_k, PY.perturbed_start(problem_k, case.start, delta=case.delta,
                                                               generator=gen), case.h0)
    if omega.holds:
        _certify_thm8(case, problem_k)
    else:
        event("E_k: W^p not in Omega (rank step needs Assumption 2 below h0): path not built")
    # The wrong limit's offset n c^2 + 2c sum(Y - Yhat) is made comparable to the first sup (c^2 >= it), so it
    # is not swamped by E_k - E at any k.
    c = 1.0 + math.sqrt(cert.numbers["first"])
    require_not(_uniform_convergence(case.problem, ks, outputs, approx, limit_targets=case.problem.Y + c),
                f"E_k against a wrong limit (targets Y + {c:.3g})")
