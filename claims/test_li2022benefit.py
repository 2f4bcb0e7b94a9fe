"""Claims of li2022benefit: the negative results (Section 3.2, proofs in Section 6.1) and
Example 1; the Section 3.1 notions (Definitions 1-4, Examples A and B, Proposition 1); the
Section 5 lemmas (Assumption 2, Lemmas 1, 3, 4, 6, Definition 5, Claim 1).

Li, Ding & Sun, "On the Benefit of Width for Neural Networks: Disappearance of Basins"
(2022). Existence theorems are checked by running the proof's construction
(:mod:`landscape.constructions.li2022benefit`) on drawn inputs that meet the printed
hypotheses, then certifying the constructed point (:mod:`landscape.certificates`).

Evidence levels: a smooth strict local minimum is certified at second order (gradient
zero and Hessian positive definite beyond derived float64 bounds) and its
sub-optimality by a witness point, so those claims declare the weaker ``witness``; the
non-smooth minimum of Theorem 7 and the constant-loss curves of Theorem 5 are sampled;
Example 1 is exact (sympy). Each section below says its own levels and findings.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pytest
import sympy
import torch
from hypothesis import assume, event, example, given, note
from hypothesis import strategies as st
from scipy.interpolate import PchipInterpolator
from scipy.optimize import brentq

import strategies as sts
from landscape import activations as A
from landscape import notions as NT
from landscape.certificates import (
    Objective,
    constant_along_path,
    dyadic_grid,
    gamma,
    local_minimum_probe,
    strict_local_minimum,
    suboptimal,
)
from landscape.constructions import li2022benefit as L
from landscape.constructions import li2022benefit_lemmas as LL
from landscape.evidence import Certificate, Evidence, require, require_not
from landscape.instance import Instance
from landscape.nets import Network, Problem
from strategies.vectors import UnequalPair, unequal_pairs

EX2_X = (0.1, 2.0, 3.0)  # li2022benefit Example 2's data (Swish, w = v = 1)
# Relative witness margin |c2| = (a^T z_0)^2/||z_0||^2 below which float64 evaluations of E
# (relative rounding ~ 2 gamma_13 ~ 3e-15, times E_abs/E) cannot decide E(witness) < E(point);
# 1e-12 leaves a factor ~300. Instances below it are undecidable in float64, not refuted.
DECIDABLE = 1e-12


def _flipped_sign_problem(inst):
    """The proof's point with v -> -v, y = sum(-v_i) z_i - M' a: breaks v_i a^T z''_i > 0.

    Then the Hessian's (w_1, w_1) entry is 2 ||z'_1||^2 - 2 M' |a^T z''_1|; M' = M + 2 ||z'_1||^2 / |a^T z''_1|
    makes it negative, so the point is not a local minimum.
    """
    net = inst.problem.network
    m = net.widths[1]
    w, v = inst.point[:m], inst.point[m:]
    a = inst.witnesses["a"]
    x = inst.problem.X[0].numpy()
    vec = L.prop4_vectors(net.activations[0], x, w.numpy())
    zp = float(np.sum(vec["Zp"][:, 0] ** 2))
    az = abs(float(a.numpy() @ vec["Zpp"][:, 0]))
    M = inst.numbers["M"] + 2 * zp / az
    theta = torch.cat([w, -v])
    yhat = net.forward(theta, inst.problem.X)[0]
    return Problem(net, inst.problem.X, (yhat - M * a)[None, :]), theta


def _undecidable(reason: str) -> None:
    """Reject a draw on which float64 cannot decide (not a refutation): recorded as an event."""
    note(f"undecidable in float64: {reason}")
    event("undecidable in float64 (rejected)")
    assume(False)


def _output_jacobian(inst) -> torch.Tensor:
    """J = d yhat / d theta at the instance's point (exact, torch.func.jacrev), one row per output entry."""
    prob = inst.problem
    return torch.func.jacrev(lambda th: prob.network.forward(th, prob.X).reshape(-1))(inst.point)


def _y_rounding_gradient_bound(inst) -> float:
    """How far rounding the constructed y can move the gradient at the constructed point.

    y = yhat - M a is stored in float64: each entry is one product and one subtraction away
    from exact, |dy_n| <= 2u (|yhat_n| + M |a_n|) with M |a_n| = |yhat_n - y_n| to first order.
    The gradient 2 J^T (yhat - y) then moves by at most 2 ||J||_2 ||dy||_2 <= 2 ||J||_F ||dy||_2,
    with J = d yhat / d theta (exact, torch.func.jacrev).
    """
    prob = inst.problem
    J = _output_jacobian(inst)
    yhat, y = prob.output(inst.point).reshape(-1), prob.Y.reshape(-1)
    dy = 2 * L.U * (yhat.abs() + (yhat - y).abs())
    return 2.0 * float(torch.linalg.norm(J)) * float(torch.linalg.norm(dy))


def _certify_minimum_and_witness(inst) -> None:
    """require() the strict-local-minimum and sub-optimality certificates, or reject the draw as
    float64-undecidable when a certificate is inconclusive rather than contradicted.

    Contradicted (the test fails): lambda_min(H) < -(Hessian error bound) (not a minimum); a
    gradient beyond its rounding bound *plus* what rounding the constructed y can cause
    (``_y_rounding_gradient_bound``); a witness higher beyond rounding.
    Inconclusive (rejected, ``event``): |lambda_min| within the Hessian error bound; a gradient
    above the certificate's own bound but within the y-rounding allowance (the construction is
    exact-arithmetic critical; float64 cannot place y closer); a witness drop below the rounding
    margin; a strict minimum reached only through Newton-Kantorovich (sampled evidence). These
    are conditioning limits (e.g. nearly coincident large inputs), reported as
    Hypothesis events, never passed.
    """
    slm = strict_local_minimum(inst.problem, inst.point)
    if not slm.holds:
        n = slm.numbers
        lam, err = n.get("lambda_min"), n.get("hessian_error")
        if lam is not None and err is not None and lam < -err:
            require(slm, "(v, w) strict local minimum for y of (32)")  # negative curvature: refuted
        if slm.explanation.startswith("not a critical point"):
            allowance = n.get("grad_bound", 0.0) + _y_rounding_gradient_bound(inst)
            note(f"||grad|| = {n.get('grad_norm'):.3g}, allowance for rounding y = {allowance:.3g}")
            if n.get("grad_norm", math.inf) > allowance:
                require(slm, "(v, w) critical beyond the rounding of y")  # refuted
        _undecidable(f"strict_local_minimum inconclusive: {slm.explanation}")
    if slm.evidence is Evidence.SAMPLED:
        # Gradient above its rounding bound, criticality only through Newton-Kantorovich (whose
        # Lipschitz constant is estimated): second order cannot decide this draw in float64.
        _undecidable(f"criticality only via Newton-Kantorovich (sampled): {slm.explanation}")
    require(slm, "(v, w) strict local minimum for y of (32)")
    sub = suboptimal(inst.problem, inst.point, inst.witnesses["lower"])
    if not sub.holds and sub.numbers.get("drop", -math.inf) > -sub.numbers.get("margin", 0.0):
        _undecidable(f"suboptimal inconclusive: {sub.explanation}")
    require(sub, "witness (42) lower")


def _thm6_predicted_residual(act, x: np.ndarray) -> tuple[float, float]:
    """Theorem 6's condition (2) margin predicted from x alone, and the threshold it is tested at."""
    q, _ = np.linalg.qr(np.stack([np.ones_like(x), x], axis=1))
    xx = x * x / np.linalg.norm(x * x)
    predicted = float(np.linalg.norm(xx - q @ (q.T @ xx)))
    tol = L.prop4_conditions(act, x, np.zeros(1), 1.0 / float(np.max(np.abs(x)))).tol_resid
    return predicted, tol


def _shifted_y(inst, shift: float):
    """The same point with one y_j moved by ``shift``: no longer critical (a negative control).

    Moving y_j moves the gradient by -2 shift J_j (J = d yhat / d theta), so j is the sample whose
    Jacobian row is largest: a sample the network cannot reach (x_j = 0 with sigma(0) = 0) would
    leave the gradient unchanged.
    """
    prob = inst.problem
    j = int(torch.linalg.norm(_output_jacobian(inst), dim=1).argmax())
    Y = prob.Y.clone()
    Y[0, j] += shift
    return Instance(Problem(inst.problem.network, inst.problem.X, Y), inst.point, "not critical",
                    inst.witnesses, inst.numbers, inst.source)


def _note_prop4(inst):
    n = inst.numbers
    note(
        f"{inst.source}: sv_min(z)={n['sv_min_z']:.3g}, span_rank={n['span_rank']}, "
        f"min resid z''={n['min_resid_zpp']:.3g}, resid z0={n['resid_z0']:.3g} (tol {n['tol_resid']:.2g}), "
        f"a margin={n['a_margin']:.3g}, M*={n['M_root']:.4g}, M={n['M']:.4g}, "
        f"predicted gap={n['predicted_gap']:.4g}, lambda_min(H) predicted={n['predicted_hessian_lambda_min']:.3g}"
    )


# --------------------------------------------------------------------------- local strategies
@st.composite
def scaled_weights(draw, x: np.ndarray, m: int):
    """w in R^m with w_i x_j of order one: w_i = c_i / max|x|, |c_i| in [1/8, 2], entries distinct.

    Proposition 4 quantifies over *some* w meeting (1)-(3); scaling by max|x| keeps sigma's
    arguments where every catalog activation is finite in float64. Shrinks toward c_i = 1/8.
    """
    c = draw(
        st.lists(
            st.floats(1 / 8, 2.0, allow_nan=False).map(lambda t: round(t, 6)),
            min_size=m, max_size=m, unique=True,
        )
    )
    signs = draw(st.lists(st.sampled_from([1.0, -1.0]), min_size=m, max_size=m))
    return np.array(c) * np.array(signs) / float(np.max(np.abs(x)))


@st.composite
def degenerate_entries(draw, x: np.ndarray) -> tuple[np.ndarray, str]:
    """x as drawn, or with one entry set to 0, or with one entry repeated: Proposition 4, unlike
    Theorems 4 and 6, puts no hypothesis on x beyond (1)-(3). Shrinks toward x unchanged."""
    kind = draw(st.sampled_from(["as drawn", "zero entry", "repeated entry"]))
    x = x.copy()
    if kind != "as drawn":
        j = draw(st.integers(0, x.size - 1))
        k = draw(st.integers(0, x.size - 2))
        k += k >= j  # k != j
        # Keep max|x| attained at a nonzero entry (scaled_weights divides by it).
        x[j] = 0.0 if kind == "zero entry" else x[k]
    return x, kind


# --------------------------------------------------------------------------- Proposition 4
@pytest.mark.claim("li2022benefit/prop-4", evidence="witness")
@given(
    act=sts.activations(requires=("C2",)),
    x=sts.scalar_inputs(min_size=3, max_size=8),
    data=st.data(),
)
@example(act=A.get("swish"), x=EX2_X, data=None).via("li2022benefit Example 2 (w = 1, w_0 = 2)")
def test_prop_4_conditions_give_suboptimal_strict_local_minimum(act, x, data):
    """Proposition 4 (li2022benefit).

    H1: one hidden layer, m < N.  H2: sigma twice continuously differentiable.
    H3: with z_i = sigma(w_i x), z'_i = x o sigma'(w_i x), z''_i = x o x o sigma''(w_i x) (31),
    some w meets (1) {z_j} linearly independent, (2) each z''_i linearly independent of
    {z_j} U {z'_j}, (3) some w_0 has z_0 = sigma(w_0 x) linearly independent of {z_j} U {z'_j}.
    Conclusion: there is y in R^N such that the loss has a sub-optimal strict local minimum.

    Checked: for drawn C^2 sigma, x and (w, w_0), whenever (1)-(3) hold beyond their derived
    float64 thresholds, the proof's y (32) makes (v, w) a strict local minimum (gradient zero
    and Hessian positive definite, second order) and the proof's witness (42) lies lower
    (witness). Draws whose (w, w_0) miss (1)-(3) are outside the hypothesis and rejected;
    m <= (N-1)/2 here because a catalog sigma has dim span{z_j, z'_j} = min(2m, N), so (2)-(3)
    need 2m < N. Coverage elsewhere, through the same prop4_instance and certificates: every
    m < N and N = 2 with Theorem 4's designed sigma (li2022benefit/thm-4), w = 0 with
    Theorem 6 (li2022benefit/thm-6). x is drawn as A1 data, or with one entry set to 0, or
    with one entry repeated, and w may have one zero entry (Proposition 4 excludes none of
    these; a repeated entry lowers the effective N, so more of those draws miss (1)-(3)).
    Not checked: (1)-(3) decided in exact arithmetic; draws on which float64 certificates are
    inconclusive (not contradicted) are rejected as undecidable and counted as a Hypothesis
    event. Negative controls: m >= N raises; the proof's point with v -> -v is not certified a
    strict local minimum; y moved beyond rounding fails the check.
    """
    x = np.asarray(x, dtype=np.float64)
    N = x.size
    if data is None:  # the paper's Example 2: w = 1 (m = 1); w_0 is not printed, we take 2
        w, w0 = np.array([1.0]), 2.0
    else:
        x, x_kind = data.draw(degenerate_entries(x), label="x (degenerate entries)")
        m = data.draw(st.integers(1, (N - 1) // 2), label="m")
        w = data.draw(scaled_weights(x, m), label="w")
        if data.draw(st.booleans(), label="w has a zero entry"):
            w[data.draw(st.integers(0, m - 1), label="zero entry of w")] = 0.0
        event(f"x {x_kind}{', w with a zero entry' if np.any(w == 0) else ''}")
        w0 = data.draw(st.floats(-2.0, 2.0).map(lambda c: c / float(np.max(np.abs(x)))), label="w0")
    cond = L.prop4_conditions(act, x, w, w0)
    note(f"sigma={act.name}, x={x.tolist()}, w={w.tolist()}, drawn w0={w0}, violated={cond.violated()}")
    if L.witness_margin(act, x, w, w0) < DECIDABLE:
        # (3) is existential in w_0: when the drawn one is (nearly) inadmissible, use the best admissible one.
        try:
            w0 = L.choose_w0(act, x, w)
        except ValueError as err:
            event(f"outside H3: {str(err).split(': ', 2)[-1][:3]} fails")  # which of (1)-(3)
            assume(False)  # no w_0 meets (1)-(3) for this (sigma, x, w): outside the hypothesis
        note(f"w0 re-chosen: {w0}")
    margin = L.witness_margin(act, x, w, w0)
    assume(margin >= DECIDABLE)  # below it float64 cannot tell E(witness) < E(point)
    inst = L.prop4_instance(act, x, w, w0=w0)
    _note_prop4(inst)
    _certify_minimum_and_witness(inst)
    # Negative controls: narrow-width hypothesis, and the sign of v chosen in the proof.
    with pytest.raises(ValueError, match="m: "):
        L.prop4_instance(act, x, np.linspace(0.1, 0.9, N) / float(np.max(np.abs(x))), w0=w0)
    bad_problem, bad_theta = _flipped_sign_problem(inst)
    require_not(strict_local_minimum(bad_problem, bad_theta), "v -> -v")
    # y moved by 1e-3 relative: the gradient leaves every rounding allowance (or the curvature turns
    # negative), so the check must fail rather than reject the draw as undecidable.
    shift = 1e-3 * (1.0 + float(inst.problem.Y.abs().max()))
    with pytest.raises(AssertionError, match="critical beyond the rounding of y|certified negative curvature"):
        _certify_minimum_and_witness(_shifted_y(inst, shift))


# --------------------------------------------------------------------------- Theorem 4
@st.composite
def thm4_w0(draw, x: np.ndarray, w: np.ndarray):
    """w_0 over everything the printed proof allows: any real not an entry of w.

    Mixes (a) collisions w_0 = w_i x_j' / x_j (j != j'), where sigma(w_0 x_j) is already fixed
    by (43); (b) w_0 = 0; (c) any other real. Shrinks toward a collision.
    """
    N = x.size
    kind = draw(st.sampled_from(["collision", "zero", "free"]))
    if kind == "collision" and N > 1:
        i = draw(st.integers(0, w.size - 1))
        j = draw(st.integers(0, N - 1))
        jp = draw(st.integers(0, N - 2))
        jp = jp + (jp >= j)
        w0 = float(w[i] * x[jp] / x[j])
    elif kind == "zero":
        w0 = 0.0
    else:
        w0 = draw(st.floats(-4.0, 4.0, allow_nan=False))
    assume(not np.any(w == w0))
    return w0


@pytest.mark.claim("li2022benefit/thm-4", evidence="witness")
@given(x=sts.scalar_inputs(min_size=2, max_size=6), seed=sts.seeds(), data=st.data())
@example(x=(1.0, -1.0), seed=0, data=None).via("erratum instance: w = (1), w_0 = -1, z_0 forced")
def test_thm_4_narrow_networks_have_suboptimal_basins(x, seed, data):
    """Theorem 4 (li2022benefit).

    H1: x in R^N, N > 1, x^(i) != 0 and x^(i) != x^(i') for i != i'.  H2: m < N.
    Conclusion: there exist y in R^N and a 1-hidden-layer network with m neurons (an
    activation sigma) whose empirical loss has a sub-optimal basin.

    Checked: the proof's construction for every m < N: w with all w_i x_j distinct, a C^2
    sigma designed per (43) (piecewise quintic Hermite, see the construction's docstring)
    with span{z_j, z'_j} of dimension < N, then Proposition 4's y; the point is certified
    a strict local minimum (second order; a strict local minimum is a basin) and a witness
    lies lower (witness). w_0 is drawn over everything the printed proof allows (any real
    not an entry of w), collisions w_0 x_j = w_i x_j' included: there z_0 is forced and the
    construction designs around it (erratum of the proof's wording, not of the theorem).
    Not checked: other activations (the theorem is existential in sigma). Float64-undecidable
    draws (inconclusive, not contradicted, certificates) are rejected and counted as an event.
    Negative controls: m >= N and identical entries of x raise; the point with v -> -v (and
    a larger M) is not certified a strict local minimum; y moved beyond rounding fails.
    """
    x = np.asarray(x, dtype=np.float64)
    N = x.size
    if data is None:
        m, w, w0 = 1, np.array([1.0]), -1.0
    else:
        m = data.draw(st.integers(1, N - 1), label="m")
        w = L.thm4_weights(x, m, seed=seed)
        w0 = data.draw(thm4_w0(x, w), label="w0")
    inst = L.thm4_instance(x, m, seed=seed, w=w, w0=w0)
    _note_prop4(inst)
    note(f"m={m}, w={w.tolist()}, w0={w0}, collisions={inst.numbers['collisions']}, span_dim={inst.numbers['span_dim']}")
    _certify_minimum_and_witness(inst)
    with pytest.raises(ValueError, match=r"m: .*m < N"):
        L.thm4_instance(x, N, seed=seed)
    with pytest.raises(ValueError, match=r"x: .*identical"):
        L.thm4_instance(np.concatenate([x, x[:1]]), m, seed=seed)
    bad_problem, bad_theta = _flipped_sign_problem(inst)
    require_not(strict_local_minimum(bad_problem, bad_theta), "v -> -v")
    shift = 1e-3 * (1.0 + float(inst.problem.Y.abs().max()))
    with pytest.raises(AssertionError, match="critical beyond the rounding of y|certified negative curvature"):
        _certify_minimum_and_witness(_shifted_y(inst, shift))


# --------------------------------------------------------------------------- Theorem 5
@pytest.mark.claim("li2022benefit/thm-5", evidence="sampled")
@given(
    act=sts.activations(requires=("positively_homogeneous",)),
    # "any data (x, y)": zeros and repeated inputs included (no A1 here); moderate magnitudes so
    # the loss stays finite after the powers-of-two rescalings below.
    x=st.lists(st.floats(-1e3, 1e3, allow_nan=False, allow_subnormal=False), min_size=1, max_size=6)
      .map(lambda v: np.asarray(v, dtype=np.float64)),
    data=st.data(),
)
@example(act=A.get("relu"), x=EX2_X, data=None).via("ReLU, the paper's example of a homogeneous activation")
@example(act=A.get("relu"), x=np.array([0.0, 0.0, 2.0]), data=None).via("a zero and a repeated input")
def test_thm_5_homogeneous_activation_has_no_setwise_strict_minimum(act, x, data):
    """Theorem 5 (li2022benefit), and the remark after its proof (deep networks).

    H1: one hidden layer (remark: any depth), activation with sigma(alpha t) = alpha sigma(t)
    for all t and alpha > 0.  H2: any width m and any data (x, y).
    Conclusion: the empirical loss has no set-wise strict local minima.

    Checked (the proof's mechanism, which implies the conclusion): through a drawn point
    (any weights; v = 0 drawn too) runs the proof's curve, (0, w') for v = 0 (44) and
    (M v, w / M) otherwise (45) -- for depth 2 (W_H / M, M W_{H+1}) -- along which the loss is
    constant (sampled at M = 2^-20..2^20 and, for v = 0, displacements up to 2^20) while
    the norm grows without bound; a compact set containing the point cannot be a strict
    local minimum in the sense of sets. Not checked: constancy between the sampled scales
    (exact by homogeneity). Negative control: for softplus (not homogeneous) the curve
    (45) changes the loss.
    """
    x = np.asarray(x, dtype=np.float64)
    N = x.size
    if data is None:
        widths, y, zero_out = (1, 2, 1), np.array([1.0, -1.0, 0.5]), False
    else:
        depth = data.draw(st.integers(1, 2), label="depth")
        hidden = data.draw(st.lists(st.integers(1, 4), min_size=depth, max_size=depth), label="hidden widths")
        widths = (1, *hidden, 1)
        y = np.array(data.draw(st.lists(st.floats(-10, 10), min_size=N, max_size=N), label="y"))
        zero_out = data.draw(st.booleans(), label="output weights zero (case (44))")
    net = Network(widths, act)
    problem = Problem(net, x[None, :], y[None, :])
    if data is None:
        theta = torch.tensor([1.0, -0.5, 2.0, 1.0], dtype=torch.float64)
    else:
        vals = data.draw(st.lists(st.floats(-3, 3), min_size=net.n_params, max_size=net.n_params), label="theta")
        theta = torch.tensor(vals, dtype=torch.float64)
        if zero_out:
            theta[-widths[-2]:] = 0.0
    scales = torch.tensor([2.0**k for k in range(-20, 21, 4)], dtype=torch.float64)
    path = L.thm5_constant_loss_path(problem, theta, scales=scales)
    norms = torch.linalg.vector_norm(path, dim=1)
    note(f"sigma={act.name}, widths={widths}, theta={theta.tolist()}, E={float(problem.loss(theta)):.6g}, norms={norms.tolist()}")
    require(constant_along_path(problem, path), "loss constant along the proof's curve")
    # Unbounded: the scaled block (output weights, case (45); the displacement of W_H, case
    # (44)) has norm exactly proportional to the scale (one rounding per entry), so the
    # curve leaves every bounded set as the scale grows.
    # Max-norms (no squaring, so tiny drawn weights cannot underflow); scales are powers of 2,
    # so s v is exact for s >= 1.
    k = widths[-2] * widths[-1]
    out = theta[-k:]
    if bool((out != 0).any()):
        block = path[:, -k:].abs().amax(dim=1) / out.abs().max()
    else:
        block = torch.linalg.vector_norm(path - theta[None, :], dim=1)
    big = scales >= 1  # s v for s >= 1 cannot underflow, so the proportionality is exact to rounding
    assert torch.allclose(block[big], scales[big], rtol=1e-12, atol=0), f"block norms {block.tolist()} vs scales {scales.tolist()}"
    # Negative control: a non-homogeneous activation breaks (45).
    sp = Problem(Network(widths, A.get("softplus")), problem.X, problem.Y)
    th = torch.linspace(0.5, 1.5, net.n_params, dtype=torch.float64)
    require_not(constant_along_path(sp, L.thm5_constant_loss_path(sp, th, scales=scales, require_homogeneous=False)))
    with pytest.raises(ValueError, match=r"problem: .*positively homogeneous"):
        L.thm5_constant_loss_path(sp, th, scales=scales)


# --------------------------------------------------------------------------- Theorem 6
@pytest.mark.claim("li2022benefit/thm-6", evidence="witness")
@given(
    act=sts.activations(requires=("C2", "sigma0_nonzero", "sigma1_0_nonzero", "sigma2_0_nonzero")),
    x=sts.scalar_inputs(min_size=3, max_size=8),
)
@example(act=A.get("softplus"), x=EX2_X)
@example(act=A.get("softplus"), x=(-2.0, -1.0, 1.0, 2.0))  # x o x has repeated entries
def test_thm_6_single_neuron_has_suboptimal_basin(act, x):
    """Theorem 6 (li2022benefit).

    H1: one hidden layer, N >= 3, m = 1.  H2: sigma twice continuously differentiable with
    sigma(0), sigma'(0), sigma''(0) != 0.  H3: x has no zero and no identical entries.
    Conclusion: there exists y in R^N such that the empirical loss has a sub-optimal basin.

    Checked: the proof's construction: w = 0, Z of (46) of rank 3, w_0 among
    +-2^-k / max|x|, k = -2..30, meeting (3) with its derived threshold and giving the
    largest witness margin (choose_w0; any admissible w_0 serves Proposition 4), Proposition 4's y = v sigma(0) 1 - M a with M above
    the largest root of (41): (v, 0) is certified a strict local minimum (gradient zero,
    Hessian positive definite beyond derived bounds; second order) and the witness (42) is
    lower (witness). A sub-optimal strict local minimum entails a basin. Not checked: other
    y. Note: the proof's argument for (3) ("z_0 not aligned with z ... independent of z'")
    shows pairwise independence only; (3) needs z_0 outside span{z, z'}, which holds by the
    second-order term (w_0^2/2) sigma''(0) x o x; we verify it numerically. Draws on which
    float64 cannot decide (e.g. x = (610.125, 610.25, 610.375): relative spread 2e-4, so the
    residuals of (2)-(3) sit at the rounding level and M ~ 4e7) are rejected as undecidable
    and counted as a Hypothesis event: only when the residual of (2) predicted from x alone
    is within 16x of its rounding threshold, or a gradient is within the derived effect of
    rounding y; every other failed condition or certificate fails the test.
    Negative controls: sigma''(0) = 0 (sigmoid) and N = 2 raise; v -> -v is not a minimum.
    """
    x = np.asarray(x, dtype=np.float64)
    try:
        inst = L.thm6_instance(act, x)
    except ValueError as err:
        # Under H2-H3, (2) holds with relative residual dist(x o x / ||x o x||, span{1, x}) > 0
        # (Vandermonde (46)), a number of the data alone; (3) follows from the same term at small
        # w_0. Only when that predicted residual is itself within 16x of the derived rounding
        # threshold can float64 not decide; otherwise a failed condition is a genuine failure.
        predicted, tol = _thm6_predicted_residual(act, x)
        note(f"thm6_instance raised: {err}; predicted residual of (2) {predicted:.3g}, tol {tol:.3g}")
        if predicted > 16 * tol:
            raise
        _undecidable(str(err))
    _note_prop4(inst)
    note(f"sigma={act.name}, x={x.tolist()}, w0={inst.numbers['w0']:.4g}")
    _certify_minimum_and_witness(inst)
    with pytest.raises(ValueError, match=r"activation: .*\(2\) z''"):
        L.thm6_instance(A.get("sigmoid"), x)
    with pytest.raises(ValueError, match=r"x: .*N >= 3"):
        L.thm6_instance(act, x[:2])
    bad_problem, bad_theta = _flipped_sign_problem(inst)
    require_not(strict_local_minimum(bad_problem, bad_theta), "v -> -v")
    # y moved by 1e-3 relative: the gradient leaves every rounding allowance (or the curvature turns
    # negative), so the check must fail rather than reject the draw as undecidable.
    shift = 1e-3 * (1.0 + float(inst.problem.Y.abs().max()))
    with pytest.raises(AssertionError, match="critical beyond the rounding of y|certified negative curvature"):
        _certify_minimum_and_witness(_shifted_y(inst, shift))


# --------------------------------------------------------------------------- Theorem 7
# sigma == 0 is piecewise linear (one piece) with sigma(0) = sigma'(0) = 0: Theorem 7's H2
# as printed admits it, and then E(v, w) = ||y||^2 for every (v, w): no basin for any y.
ZERO_ACTIVATION = A.piecewise_linear((), (0.0,), 0.0)


def printed_thm7_activations():
    """Everything Theorem 7's H2 admits: sigma == 0 and every non-zero piecewise-linear sigma
    with sigma(0) = sigma'(0) = 0 (all four sign cases of t_0 and a). Shrinks to sigma == 0."""
    return st.one_of(st.just(ZERO_ACTIVATION), sts.activations(requires=("pl_flat_at_0",)))


def _check_thm7(act, seed, data):
    """Theorem 7's conclusion for one drawn sigma (shared by the printed and corrected claims)."""
    require(L.thm7_nonconstant_certificate(act), "a basin needs E to be non-constant")
    if data is None:
        m, x = 1, np.array([1.4, 1.3, 1.2, 1.1, 1.0])
    else:
        g = L.thm7_geometry(act)
        N = data.draw(st.integers(3, 8), label="N")
        m = data.draw(st.integers(1, (N - 1) // 2), label="m")
        bound = (g.t0 + g.delta) / g.t0
        x = data.draw(sts.decreasing_positive_inputs(min_size=N, max_size=N, max_ratio=bound if math.isfinite(bound) else None), label="x")
        x = np.asarray(x, dtype=np.float64)
    inst = L.thm7_instance(act, x, m)
    n = inst.numbers
    note(
        f"sigma={act.name}, x={x.tolist()}, m={m}, t0={n['t0']}, a={n['slope']}, delta={n['delta']}, "
        f"signs (w, v)=({n['sign_w']}, {n['sign_v']}), M={n['M']:.4g} (root {n['M_root']:.4g}), "
        f"alpha={n['alpha']:.4g}, rho_w={n['rho_w']:.3g}, predicted gap={n['predicted_gap']:.4g}"
    )
    pts, _ = L.thm7_perturbations(inst, 16, seed=seed)
    require(L.thm7_case_certificate(inst, pts), "Step 2 cases (i)-(vi)")
    rho = min(n["rho_w"], n["rho_v"])
    require(local_minimum_probe(inst.problem, inst.point, radii=(1e-3 * rho, 1e-1 * rho, 0.9 * rho),
                                n_directions=128, seed=seed), "probe inside Step 2's neighbourhood")
    require(suboptimal(inst.problem, inst.point, inst.witnesses["lower"]), "witness (66)-(69) lower")
    # Negative controls.
    with pytest.raises(ValueError, match=r"x: .*x_1 > x_2"):
        L.thm7_instance(act, x[::-1].copy(), m)
    Y_bad = inst.problem.Y.clone()
    Y_bad[0, 2 * m] += 2 * n["M"]  # y = yhat + M e_{2m+1}
    bad = Problem(inst.problem.network, inst.problem.X, Y_bad)
    require_not(local_minimum_probe(bad, inst.point, radii=(1e-3 * rho, 1e-1 * rho), n_directions=128, seed=seed))


THM7_PRINTED = (
    "Theorem 7: one hidden layer, N >= 3; sigma piecewise linear with sigma(0) = sigma'(0) = 0; "
    "2m + 1 <= N => for a positive measure of input data x in R^N there exists y in R^N such that "
    "the empirical loss has a sub-optimal basin."
)
THM7_COUNTEREXAMPLE = (
    "sigma = 0 (piecewise linear with a single piece, sigma(0) = sigma'(0) = 0), any N >= 3 and m with "
    "2m + 1 <= N: the network output v^T sigma(w x^T) is 0 for every (v, w), so E(v, w) = ||y||^2 is "
    "constant for every x and y, and a constant function has no set-wise strict local minimum "
    "(Definition 3), sub-optimal or not. The proof's first step ('let t_0 != 0 be a nearest "
    "breakpoint') silently assumes a breakpoint exists."
)


@pytest.mark.claim("li2022benefit/thm-7", evidence="exact")
@pytest.mark.xfail(strict=True, raises=AssertionError, reason="refuted as printed by sigma = 0; corrected in li2022benefit/thm-7a")
@pytest.mark.erratum(printed=THM7_PRINTED, counterexample=THM7_COUNTEREXAMPLE, corrected="li2022benefit/thm-7a")
@given(act=printed_thm7_activations(), seed=sts.seeds(), data=st.data())
@example(act=ZERO_ACTIVATION, seed=0, data=None).via("the shrunk counterexample: sigma = 0")
def test_thm_7_as_printed(act, seed, data):
    """Theorem 7 (li2022benefit), as printed.

    H1: one hidden layer, N >= 3.  H2: sigma piecewise linear with sigma(0) = sigma'(0) = 0.
    H3: 2m + 1 <= N.
    Conclusion: for a positive measure of input data x in R^N there exists y in R^N such
    that the empirical loss has a sub-optimal basin.

    Strategy: every sigma H2 admits, sigma = 0 included (Hypothesis shrinks to it).
    Refuted (strict expected failure): for sigma = 0 the loss is constant in (v, w) for every x and
    y (exact: every exact piece of sigma is 0), so no basin exists. The corrected claim
    li2022benefit/thm-7a adds "sigma is not identically zero" and is checked by the proof's
    construction.
    """
    _check_thm7(act, seed, data)


@pytest.mark.claim("li2022benefit/thm-7a", evidence="sampled")
@given(act=sts.activations(requires=("pl_flat_at_0",)), seed=sts.seeds(), data=st.data())
@example(act=A.piecewise_linear((1.0,), (0.0, 1.0)), seed=0, data=None).via("sigma = max(t - 1, 0), x = (1.4, ..., 1.0)")
def test_thm_7a_piecewise_linear_narrow_networks_have_suboptimal_basins(act, seed, data):
    """Theorem 7 (li2022benefit), corrected: sigma additionally not identically zero.

    H1: one hidden layer, N >= 3.  H2: sigma piecewise linear with sigma(0) = sigma'(0) = 0
    and sigma != 0 (equivalently, sigma has a breakpoint).  H3: 2m + 1 <= N.
    Conclusion: for a positive measure of input data x in R^N there exists y in R^N such
    that the empirical loss has a sub-optimal basin.

    Checked: sigma != 0 exactly (its exact pieces); the proof's construction (47)-(70) for
    drawn sigma (all four sign cases of t_0 and a), m with 2m + 1 <= N, and x from Step 1's
    open set (x_1 > ... > x_N, x_1/x_N < (t_0 + delta)/t_0, plus x_N > 0, which (50) needs
    but Step 1 does not print: erratum of the proof, see
    tests/test_constructions_li2022benefit.py). The point is non-smooth (w_i x_{2i+1} = t_0),
    so local minimality is checked by the proof's case analysis (i)-(vi) ((54)-(65)) on drawn
    perturbations in Step 2's neighbourhood and by a ball probe inside it (sampled), and
    sub-optimality by the witness (66)-(70) with M above the root of (67) (witness).
    Positive measure: the Step-1 set is open (drawn over). Not checked: minimality at every
    point of the neighbourhood (sampled only).
    Negative controls: unsorted x raises; with the sign of M e_{2m+1} in (52) flipped, the
    probe finds a lower point.
    """
    _check_thm7(act, seed, data)


# --------------------------------------------------------------------------- Example 1
def _rationals(max_num: int, max_den: int, *, allow_zero: bool = True):
    return st.builds(Fraction, st.integers(-max_num, max_num), st.integers(1, max_den)).filter(
        lambda f: allow_zero or f != 0
    )


@pytest.mark.claim("li2022benefit/ex-1", evidence="exact")
@given(
    p=st.builds(Fraction, st.integers(1, 40), st.integers(1, 8)),
    W=st.lists(_rationals(50, 9), min_size=2, max_size=2),
    X=st.lists(_rationals(50, 9), min_size=2, max_size=2),
    parity=st.sampled_from(["odd", "even"]),
)
@example(p=Fraction(1, 2), W=[Fraction(1), Fraction(2)], X=[Fraction(1), Fraction(3)], parity="odd")
def test_ex_1_monomial_is_not_full_rank_reachable(p, W, X, parity):
    """Example 1 (li2022benefit): z^p is not full-rank-reachable.

    Setting: 1 hidden layer, N = 2 samples, d = 1, m = 2 neurons, sigma(z) = z^p, p > 0.
    Printed: WX = [[a1, a2], [t a1, t a2]], Z = sigma(WX) = [[a1^p, a2^p], [t^p a1^p, t^p a2^p]]
    "is always rank-deficient"; no W gives Z full column rank.

    Checked: for rational p > 0 and rational W, X (any signs, zeros included), det Z = 0
    exactly (entries as canonical prime-power products; exact). For z < 0 the paper does
    not define z^p for non-integer p; both catalog conventions (sign(z)|z|^p, |z|^p) are
    multiplicative, which is the display's step (t a)^p = t^p a^p. In float64 the catalog's
    monomial reproduces the display and has s_2/s_1 within the derived bound (a consistency
    check of the implementation, not evidence). Not checked: irrational p (the identity is
    the same). Negative control: sigma(z) = z^2 + z is not multiplicative and det Z != 0.
    """
    cert = L.ex1_exact_certificate(p, [[W[0]], [W[1]]], [[X[0], X[1]]], parity=parity)
    note(cert.explanation)
    require(cert, "det sigma(WX) = 0")
    pf = float(p)
    act = A.monomial(pf) if pf == int(pf) else A.monomial(pf, parity=parity)
    Wf = np.array([[float(W[0])], [float(W[1])]])
    Xf = np.array([[float(X[0]), float(X[1])]])
    fac = L.ex1_factorization(act, Wf, Xf)
    note(f"float: Z={fac.Z.tolist()}, s2/s1={fac.sv_ratio:.3g} (tol {fac.tol:.3g}), display residual {fac.display_residual:.3g}")
    assert fac.display_residual <= fac.tol and fac.sv_ratio <= fac.tol
    # Negative control: a non-multiplicative sigma at generic integer data has det != 0.
    ctrl = L.ex1_exact_certificate(p, [[2], [3]], [[1, 5]], sigma=lambda z: z**2 + z)
    require_not(ctrl)
    assert abs(ctrl.numbers["det_float"]) > 1.0


# =========================================================================== Section 3.1 notions
# Definitions 1-4, Example A ((1 - u v^2)^2), Example B (min(1 + e^t, (1 - t)^2)) and
# Proposition 1, through landscape.notions. Grid and t-grid checks are sampled evidence.


EX_A = Objective(NT.ex_a, 2, "(1 - u v^2)^2", magnitude=NT.ex_a_magnitude)
EX_A_POINT = (-1.0, 0.0)  # the paper's non-strict local minimum
EX_A_GLOBAL = (1.0, 1.0)  # f(1, 1) = 0


def _ex_a_segment(u: float, v: float):
    """The paper's PT path from (u, v), v != 0, to the global minimum (1/v^2, v):
    t -> ((1 - t) u + t / v^2, v); along it 1 - u v^2 becomes (1 - t)(1 - u v^2), so
    f = (1 - t)^2 f(u, v): strictly decreasing to 0 whenever f(u, v) > 0."""
    return lambda ts: torch.stack([(1 - ts) * u + ts / v**2, torch.full_like(ts, v)], dim=1)


def _segment_depth(u: float, v: float) -> int:
    """How deep a dyadic t-grid (t_j = 1 - 2^-j) can certify the PT segment from (u, v).

    Along the segment f(g(t_j)) = 4^-j f(u, v) while each value carries rounding up to
    gamma_16 (1 + max(|u| v^2, 1))^2 (the |terms| twin, largest at an end): drops stay a
    factor 2^10 above twice that for j <= k. Draws that leave k < 4 are undecidable in
    float64 and rejected (an event), not passed."""
    f0 = (1 - u * v * v) ** 2
    rounding = 2 * gamma(16) * (1 + max(abs(u) * v * v, 1.0)) ** 2
    k = int(math.floor(math.log(f0 / (2**10 * rounding), 4))) if f0 > 0 else 0
    if k < 4:
        _undecidable(f"segment from ({u}, {v}): f = {f0:.3g} too close to rounding for a dyadic t-grid")
    return min(k, 20)


def _exact(question: str, holds: bool, explanation: str, **numbers) -> Certificate:
    return Certificate(question, holds, Evidence.EXACT, explanation, numbers)


def _ex_a_exact(u: float, v: float) -> Fraction:
    """f(u, v) = (1 - u v^2)^2 in rational arithmetic at the float64 point (u, v)."""
    return (1 - Fraction(u) * Fraction(v) ** 2) ** 2


@st.composite
def ex_a_offsets(draw):
    """(c, v) with c = 1 - u v^2 != 0 (f(u, v) = c^2 > 0: not a global minimum) and v != 0;
    u = (1 - c) / v^2. Constructed, not filtered; shrinks toward c = 1/16, v = 1/16."""
    c = draw(st.floats(1 / 16, 4.0)) * draw(st.sampled_from([1.0, -1.0]))
    v = draw(st.floats(1 / 16, 2.0)) * draw(st.sampled_from([1.0, -1.0]))
    return c, v


# --------------------------------------------------------------------------- Definition 1
@pytest.mark.claim("li2022benefit/def-1", evidence="sampled")
@given(cv=ex_a_offsets(), shift=st.floats(0.0, 4.0))
@example(cv=(2.0, 1.0), shift=0.0).via("(u, v) = (-1, 1): f = 4, the segment to (1, 1)")
def test_def_1_decreasing_path_to_the_global_infimum(cv, shift):
    """Definition 1 (li2022benefit).

    H: f: R^m -> R continuous. Definition: a (strictly) decreasing path from p0 to a global
    infimum is any continuous g: [0, 1) -> R^m with g(0) = p0, lim_{t->1} f(g(t)) =
    inf_p f(p), and f(g(t)) (strictly) decreasing on [0, 1).

    Checked (landscape.notions.decreasing_path, sampled): on the t-grid of 16 uniform points
    plus t_j = 1 - 2^-j (j <= 20), f(g(t)) strictly decreasing beyond derived rounding margins,
    g(0) = p0, and the gap to inf f closed to 2^(-k/2) of its initial size (k = 20, or less
    where float64 cannot resolve the values' decrease: see _segment_depth). Positive cases: the
    paper's PT segments of (1 - u v^2)^2 from drawn (u, v) (inf f = 0), and a diverging path
    g(t) = s + t/(1 - t), s >= 0, of f = 1/(1 + x^2) (an unattained infimum; Def 1 lets g
    diverge).
    Negative controls: the same segment run backwards (increasing), and stopped halfway
    (decreasing, but tending to f(g(1/2)) > 0).
    """
    c, v = cv
    u = (1 - c) / v**2
    note(f"(u, v) = ({u:.6g}, {v:.6g}), f = {c * c:.6g}")
    seg = _ex_a_segment(u, v)
    k = _segment_depth(u, v)
    require(NT.decreasing_path(EX_A, seg, infimum=0.0, p0=[u, v], k=k), "paper's segment")
    # 1/(1 + x^2) has no cancellation: it is its own |terms| twin.
    bell = Objective(lambda th: 1 / (1 + th[0] ** 2), 1, "1/(1+x^2)", magnitude=lambda th: 1 / (1 + th[0] ** 2))
    require(NT.decreasing_path(bell, lambda ts: (shift + ts / (1 - ts))[:, None], infimum=0.0, p0=[shift]),
            "diverging path to an unattained infimum")
    ts0 = dyadic_grid(k)
    require_not(NT.decreasing_path(EX_A, lambda ts: seg(ts0.max() - ts), infimum=0.0, k=k), "reversed")
    require_not(NT.decreasing_path(EX_A, lambda ts: seg(ts / 2), infimum=0.0, k=k), "stopped halfway")


# --------------------------------------------------------------------------- Definition 2
@pytest.mark.claim("li2022benefit/def-2", evidence="sampled")
@given(u=st.floats(-4.0, 4.0), v=st.floats(-2.0, 2.0) | st.just(0.0), delta=st.floats(1e-3, 0.5))
@example(u=-1.0, v=0.0, delta=1e-2).via("the paper's non-strict minimum (-1, 0)")
def test_def_2_property_pt_of_ex_a(u, v, delta):
    """Definition 2 (li2022benefit), on the paper's f(u, v) = (1 - u v^2)^2.

    Definition: f: R^m -> R has Property PT if, starting from any p that is not a global
    minimum, there is an arbitrarily small perturbation p_hat from which there is a strictly
    decreasing path to the global infimum of f.

    Checked (landscape.notions.property_pt_at, sampled): for drawn p (v = 0 included) that is
    not a global minimum and drawn delta, the paper's recipe p_hat = (u, v + s delta/2) (s = +-1,
    the side farther from the valley u v^2 = 1, so p_hat is no global minimum and v' != 0)
    lies in B(p, delta) and the segment ((1 - t) u + t/v'^2, v') is a strictly decreasing path
    to inf f = 0 (Def 1 check). Not checked: "any p" beyond the draws, and the quantifier
    "arbitrarily small" beyond the drawn delta >= 1e-3. Negative controls: p_hat outside the
    ball; from (-1, 0) unperturbed, the path along v = 0 (f = 1 constant).
    """
    fp = _ex_a_exact(u, v)
    assume(fp > Fraction(1, 64))  # p is not a global minimum, with room for a perturbation
    cands = [v + delta / 2, v - delta / 2]
    vp = max(cands, key=lambda w: (abs(1 - u * w * w) if w != 0 else -1.0))
    assume(vp != 0)
    note(f"p = ({u:.6g}, {v:.6g}), delta = {delta:.3g}, p_hat = ({u:.6g}, {vp:.6g})")
    require(NT.property_pt_at(EX_A, [u, v], delta, [u, vp], _ex_a_segment(u, vp), infimum=0.0,
                              k=_segment_depth(u, vp)))
    require_not(NT.property_pt_at(EX_A, [u, v], delta, [u, v + 2 * delta], _ex_a_segment(u, v + 2 * delta),
                                  infimum=0.0), "p_hat outside B(p, delta)")
    along_v0 = lambda ts: torch.stack([-1.0 + 2.0 * ts, 0 * ts], dim=1)
    require_not(NT.property_pt_at(EX_A, list(EX_A_POINT), delta, list(EX_A_POINT), along_v0, infimum=0.0),
                "no perturbation, path along v = 0")


# --------------------------------------------------------------------------- Example A
EX_A_PRINTED = ("Example after Definition 2: (-1, 0) is a non-strict local minimum of f(u, v) = (1 - u v^2)^2, "
                "since any (u', v') in a sufficiently small neighbourhood of (-1, 0) satisfies u v^2 <= 0, "
                "'leading to f(u', v') > f(-1, 0) = 1'")
EX_A_COUNTEREXAMPLE = ("every (u', 0) near (-1, 0), e.g. (-0.75, 0): u' v'^2 = 0 and f(u', 0) = 1 = f(-1, 0) exactly, "
                       "so the printed strict inequality fails on the whole line v' = 0 -- which is precisely why "
                       "the minimum is non-strict")


@pytest.mark.claim("li2022benefit/ex-A", evidence="exact")
@pytest.mark.xfail(strict=True, raises=AssertionError, reason="the printed '>' fails on v' = 0; corrected in li2022benefit/ex-A.1")
@pytest.mark.erratum(printed=EX_A_PRINTED, counterexample=EX_A_COUNTEREXAMPLE, corrected="li2022benefit/ex-A.1")
@given(r=st.floats(0.0, 0.5), angle=st.floats(0.0, 2 * math.pi))
@example(r=0.25, angle=0.0).via("the shrunk counterexample (-0.75, 0)")
def test_ex_a_as_printed(r, angle):
    """Example after Definition 2 (li2022benefit), the printed inequality.

    Printed: any (u', v') in a sufficiently small neighbourhood of (-1, 0) satisfies
    u v^2 <= 0, "leading to f(u', v') > f(-1, 0) = 1" (f(u, v) = (1 - u v^2)^2).
    Checked (exact): rational arithmetic at the drawn float64 point, over the ball of radius
    1/2 minus the centre.
    Refuted (strict expected failure): on v' = 0, where f = 1 exactly;
    the corrected statement li2022benefit/ex-A.1 reads ">=", with equality iff v' = 0.
    """
    up, vq = -1.0 + r * math.cos(angle), r * math.sin(angle)
    assume((up, vq) != EX_A_POINT)  # the printed inequality is about the other points
    fq = _ex_a_exact(up, vq)
    note(f"(u', v') = ({up:.6g}, {vq:.6g}), f = {float(fq):.17g}")
    require(_exact("f(u', v') > f(-1, 0) = 1 at (u', v') != (-1, 0) in the ball of radius 1/2", fq > 1,
                   "rational arithmetic at the drawn point", f=float(fq)))


@pytest.mark.claim("li2022benefit/ex-A.1", evidence="sampled")
@given(r=st.floats(0.0, 0.5), angle=st.floats(0.0, 2 * math.pi), vp=st.floats(1e-3, 0.5))
@example(r=0.0, angle=0.0, vp=0.1).via("the centre (-1, 0)")
@example(r=0.25, angle=0.0, vp=0.1).via("(-0.75, 0) on v = 0: equal value, the non-strictness")
def test_ex_a1_nonstrict_suboptimal_minimum_with_property_pt(r, angle, vp):
    """Example after Definition 2 (li2022benefit), corrected: ">=" for the printed ">".

    Printed: (-1, 0) is a non-strict local minimum, since any (u', v') in a sufficiently small
    neighbourhood of (-1, 0) satisfies u v^2 <= 0, "leading to f(u', v') > f(-1, 0) = 1";
    it is sub-optimal as f(1, 1) = 0 < f(-1, 0); f has Property PT: perturb to v' != 0, then
    connect (u', v') and the global minimum (1/(v')^2, v') by a strictly decreasing path.

    Checked: over the whole ball of radius 1/2 (drawn polar points), exactly (rational
    arithmetic at the float64 point): u' v'^2 <= 0 and f(u', v') >= 1, with equality iff
    v' = 0 -- so the printed ">" holds for v' != 0 only; equality on v' = 0 is what makes the
    minimum non-strict (the printed ">" reads as ">="). Local minimum: the ball probe
    (sampled) finds nothing lower; the second-order test is inconclusive (degenerate Hessian,
    require_not). Sub-optimal: f(1, 1) = 0 exactly and the witness certificate. PT: from
    (-1, vp) the segment is strictly decreasing to 0 (Def 1 check, sampled). Negative
    control: the same probe rejects (1/4, 1), a point on the slope toward the valley
    (f = 9/16, lower points nearby).
    """
    up, vq = -1.0 + r * math.cos(angle), r * math.sin(angle)
    fq = _ex_a_exact(up, vq)
    note(f"(u', v') = ({up:.6g}, {vq:.6g}), f = {float(fq):.17g}")
    require(_exact("u' v'^2 <= 0 and f(u', v') >= 1 = f(-1, 0) in the ball of radius 1/2",
                   Fraction(up) * Fraction(vq) ** 2 <= 0 and fq >= 1 and (fq > 1) == (vq != 0),
                   "rational arithmetic at the drawn point; equality exactly on v' = 0", f=float(fq)))
    if r == 0.0:  # the point-wise certificates once per example, not per draw
        require(local_minimum_probe(EX_A, list(EX_A_POINT)), "(-1, 0) probed")
        require_not(strict_local_minimum(EX_A, list(EX_A_POINT)), "second order cannot certify a non-strict minimum")
        require(_exact("f(1, 1) = 0 < f(-1, 0) = 1", _ex_a_exact(*EX_A_GLOBAL) == 0 and _ex_a_exact(*EX_A_POINT) == 1,
                       "rational arithmetic"))
        require(suboptimal(EX_A, list(EX_A_POINT), list(EX_A_GLOBAL)))
        require_not(local_minimum_probe(EX_A, [0.25, 1.0]), "a sloped point is no local minimum")
    require(NT.decreasing_path(EX_A, _ex_a_segment(-1.0, vp), infimum=0.0, p0=[-1.0, vp], k=_segment_depth(-1.0, vp)),
            "PT segment from (-1, v')")


# --------------------------------------------------------------------------- plateau functions
@dataclass(frozen=True)
class Plateau:
    """A 1-D function to Figure 1(b)'s caption on an exact grid: f = level on [a, b] (grid
    nodes), barriers of height level + barrier at distance w on both sides, then a drop to
    level - drop (the global minimum, on the right). PCHIP through the knots: flat plateau,
    no overshoot. Positions are multiples of 1/32 and the grid step is h = 1/256, so a, b are
    exact nodes; PCHIP slopes are at most 3x the largest secant (<= 3 * 4 / (8/32) = 48), so
    neighbouring nodes differ by <= 48 h = 0.19 < the smallest drop 1/4: the basin is deeper
    than the grid's resolution (what notions' detectors require)."""

    a: float
    b: float
    w: float
    level: float
    barrier: float
    drop: float
    h: float = 1 / 256

    @property
    def knots(self):
        a, b, w, lv = self.a, self.b, self.w, self.level
        return ((a - 3 * w, a - w, a, b, b + w, b + 3 * w),
                (lv + self.barrier / 2, lv + self.barrier, lv, lv, lv + self.barrier, lv - self.drop))

    def grid(self) -> np.ndarray:
        lo, hi = self.knots[0][0], self.knots[0][-1]
        return lo + self.h * np.arange(round((hi - lo) / self.h) + 1)

    def values(self, t: np.ndarray) -> np.ndarray:
        return PchipInterpolator(*map(np.array, self.knots), extrapolate=False)(t)


@st.composite
def plateaus(draw):
    """Plateau functions; sizes in grid steps (plateau >= 2 nodes, barriers >= 8 steps away).
    Shrinks toward the smallest plateau, barrier and drop."""
    h = 1 / 32
    a = h * draw(st.integers(-96, 96))
    b = a + h * draw(st.integers(1, 64))
    w = h * draw(st.integers(8, 48))
    return Plateau(a, b, w, draw(st.floats(-2.0, 2.0)), draw(st.floats(0.25, 4.0)), draw(st.floats(0.25, 4.0)))


FIG1B = Plateau(-3.0, -1.0, 1.0, 1.0, 1.0, 1.0)  # Figure 1(b)'s plateau [-3, -1] at level 1


# --------------------------------------------------------------------------- Definition 3
@pytest.mark.claim("li2022benefit/def-3", evidence="sampled")
@given(p=plateaus(), x0=st.floats(-3.0, 3.0), curv=st.floats(0.1, 10.0))
@example(p=FIG1B, x0=0.0, curv=1.0).via("Figure 1(b)'s plateau [-3, -1]")
def test_def_3_setwise_strict_local_minimum(p, x0, curv):
    """Definition 3 (li2022benefit).

    Definition: a compact X subset of S is a strict local minimum of f: S -> R in the sense of
    sets ("basin") if there is eps > 0 such that f(x) < f(y) for all x in X and all y in S \\ X
    with min_{x' in X} ||y - x'||_2 <= eps. Text: point-wise strict => set-wise strict, not
    vice versa; the plateau [-3, -1] of Figure 1(b) is set-wise strict.

    Checked (landscape.notions.setwise_strict_minimum on a grid, sampled): for drawn plateau
    functions (Fig. 1(b)'s shape) the plateau X = [a, b] (grid nodes) is set-wise strict with
    eps = w/2; the plateau is not point-wise strict (a plateau node has an equal neighbour,
    exact); a point-wise strict minimum {x0} of curv (t - x0)^2 is set-wise strict. Between
    nodes: not checked. Negative control: the middle half of the plateau (its ring contains
    plateau points of equal value) is not set-wise strict.
    """
    t = p.grid()
    f = p.values(t)
    X = NT.interval_mask(t, p.a, p.b)
    note(f"{p}, nodes on the plateau: {int(X.sum())}")
    require(NT.setwise_strict_minimum(f, X, p.h, eps=p.w / 2), "plateau [a, b]")
    i = int(np.flatnonzero(X)[0])
    require(_exact("the plateau is not point-wise strict (equal neighbour)", f[i] == p.level and
                   f[i + 1 if X.sum() > 1 else i] == p.level, "values equal in float64 on the plateau"))
    s = np.linspace(x0 - 1, x0 + 1, 257)
    q = curv * (s - x0) ** 2
    require(NT.setwise_strict_minimum(q, s == s[128], s[1] - s[0], eps=0.1), "point-wise strict => set-wise")
    if X.sum() >= 4:
        k = np.flatnonzero(X)
        mid = np.zeros_like(X)
        mid[k[len(k) // 4]: k[-1 - len(k) // 4] + 1] = True
        require_not(NT.setwise_strict_minimum(f, mid, p.h, eps=p.w / 2), "middle of the plateau")


# --------------------------------------------------------------------------- Definition 4
@pytest.mark.claim("li2022benefit/def-4", evidence="sampled")
@given(y=st.lists(st.integers(0, 4), min_size=3, max_size=8))
@example(y=[3, 1, 1, 0, 2]).via("a Figure 1(a)-like weakly global profile")
@example(y=[2, 1, 1, 2, 0]).via("a Figure 1(b)-like profile: a bad basin")
def test_def_4_weakly_global_detector(y):
    """Definition 4 (li2022benefit).

    Definition: f: S -> R is weakly global if it is continuous and every set-wise strict local
    minimum contains a (point-wise) global minimum of f.

    Checked (landscape.notions.weakly_global_on_grid, sampled): the detector's verdict (no
    bounded component of {f <= c} with minimum above inf f) agrees with the exact answer for
    PCHIP interpolants through drawn integer knot values on S = [0, K] (grid step 1/32, knots
    on the grid): sub-optimal basins exist iff some run of equal knots with strictly higher
    neighbours lies above the minimum. Both directions are exercised: the detector must find
    every bad basin (negative controls come from the draws) and flag no good profile.
    """
    _, f, h = NT.knot_profile(y)
    truth = NT.knot_profile_has_suboptimal_basin(y)
    event(f"sub-optimal basin: {truth}")
    cert = NT.weakly_global_on_grid(f, h, infimum=float(min(y)), window_is_domain=True)
    note(cert.summary())
    if truth:
        require_not(cert, "a sub-optimal basin must be detected")
        assert cert.numbers["witness_setwise_strict"] is True
    else:
        require(cert, "weakly global")


# --------------------------------------------------------------------------- Example B
@pytest.mark.claim("li2022benefit/ex-B", evidence="sampled")
def test_ex_b_weakly_global_with_suboptimal_infimum_at_infinity():
    """Example after Definition 4 (li2022benefit): f(t) = min(1 + e^t, (1 - t)^2).

    Printed: f is weakly global, but "the function value decreasingly converges to 1 as
    t -> -inf, which is greater than the global minimal value f(1) = 0".

    Checked: f(1) = 0 exactly (rational: (1 - 1)^2 = 0 < 1 + e); the branches cross once in
    [-1, 0] (brentq; sign change exact at the endpoints in float64 far above rounding), so
    f = 1 + e^t on t <= t_c; there f - 1 = e^t (evaluated directly, not as a difference) is
    positive and strictly decreasing as t -> -inf on t = -2^j, down to e^-1024 (exact sign
    facts of exp on the float grid; the limit itself is not computable, hence sampled);
    the weakly global detector (sampled) finds no bounded sub-optimal component on the
    window [-40, 5] (the tail running off the window is not a basin). Negative control: adding
    0.1 (t + 5)^2 to the first branch creates a bounded sub-optimal basin near t = -5, which
    the detector must flag.
    """
    require(_exact("f(1) = 0", min(1 + Fraction(math.e), Fraction(0)) == 0, "(1 - 1)^2 = 0 < 1 + e"))
    gap = lambda s: 1.0 + math.exp(s) - (1.0 - s) ** 2
    assert gap(-1.0) < -1 and gap(0.0) > 0.5  # one sign change, far above rounding
    tc = brentq(gap, -1.0, 0.0, xtol=1e-15)
    ts = -(2.0 ** np.arange(0, 11))  # -1, -2, ..., -1024
    excess = np.exp(ts)  # f(t) - 1 on the first branch
    branch = 1.0 + np.exp(ts) <= (1.0 - ts) ** 2
    pos = excess[excess > 0]  # e^t underflows to 0 below t ~ -745
    require(_exact("f = 1 + e^t for t <= t_c, and f - 1 = e^t > 0 strictly decreasing as t -> -inf (t = -2^j)",
                   tc > ts[0] and bool(branch.all()) and pos.size >= 9 and bool(np.all(np.diff(pos) < 0)),
                   "float64 exp is monotone and comparisons are exact; checked while e^t > 0 in float64",
                   t_c=tc, last_positive_excess=float(pos[-1])))
    t = np.linspace(-40.0, 5.0, 4501)
    require(NT.weakly_global_on_grid(NT.ex_b(t), t[1] - t[0], infimum=0.0), "detector on [-40, 5]")
    bad = np.minimum(1.0 + np.exp(t) + 0.1 * (t + 5.0) ** 2, (1.0 - t) ** 2)
    require_not(NT.weakly_global_on_grid(bad, t[1] - t[0], infimum=0.0), "a basin near t = -5")


# --------------------------------------------------------------------------- Proposition 1
@functools.lru_cache(maxsize=1)
def _ex_a_pt_and_detector():
    u, v = np.linspace(-3, 3, 121), np.linspace(-2, 2, 81)
    V = NT.grid_values(lambda a, b: (1 - a * b**2) ** 2, [u, v])
    pt = NT.property_pt_at(EX_A, list(EX_A_POINT), 0.05, [-1.0, 0.025], _ex_a_segment(-1.0, 0.025), infimum=0.0,
                           k=_segment_depth(-1.0, 0.025))
    return pt, NT.weakly_global_on_grid(V, (u[1] - u[0], v[1] - v[0]), infimum=0.0)


@pytest.mark.claim("li2022benefit/prop-1", evidence="sampled")
@given(p=plateaus(), offset=st.integers(-4, 4))
@example(p=FIG1B, offset=0).via("Figure 1(b)")
def test_prop_1_property_pt_implies_weakly_global(p, offset):
    """Proposition 1 (li2022benefit).

    H: f: R^m -> R has Property PT. Conclusion: f is weakly global.

    Checked (sampled): by contraposition on 1-D/2-D functions: (i) with PT -- the paper's
    (1 - u v^2)^2, whose PT is checked at a sampled point by Def 2 -- the weakly global
    detector finds no sub-optimal basin on a 2-D grid window [-3, 3] x [-2, 2]; (ii) with a
    basin -- drawn Figure 1(b)-like plateau functions -- the detector flags it, and PT fails
    at the plateau: from every grid node within 4 steps of the plateau's start (any
    perturbation smaller than the barrier distance), every decreasing path is trapped in a
    bounded component of {f <= f(p_hat)} whose minimum is above inf f.
    Not checked: PT and the detector off the grids.
    """
    pt, wg = _ex_a_pt_and_detector()  # independent of the draw: computed once
    require(pt, "(1 - u v^2)^2 has PT at (-1, 0)")
    require(wg, "(1 - u v^2)^2 has no sub-optimal basin on the grid")
    t = p.grid()
    f = p.values(t)
    inf = p.level - p.drop
    require_not(NT.weakly_global_on_grid(f, p.h, infimum=inf), "the plateau is a sub-optimal basin")
    start = int(np.flatnonzero(NT.interval_mask(t, p.a, p.b))[0]) + offset
    note(f"{p}, p_hat = {t[start]}")
    require(NT.decreasing_paths_trapped(f, p.h, (start,), infimum=inf), "PT fails at the plateau")


# =========================================================================== Section 5 lemmas
# Assumption 2, Lemmas 1, 3, 4, 6, Definition 5 and Claim 1, through
# landscape.constructions.li2022benefit_lemmas. Assumption 2, Lemma 1 and Lemma 6's derivative
# formula are exact; the measure-zero statements (Lemmas 3, 4) and Lemma 6's sup bound sampled.
# Findings (errata): Lemma 1 as printed is false for an even step (z_n = -z_n' makes two columns
# of A proportional; sigmoid, the paper's own example, has only even steps for N >= 3),
# corrected in lem-1a; Lemma 3 as printed is false for an even sigma with b = -a (the proof's
# "WLOG q < 1" misses q = -1), corrected in lem-3a. Consequence for Proposition 2 (shown in
# def-5's negative controls): with antipodal A1 data, Assumption 2 activations are not
# full-rank-reachable (tanh at x = (1, -1); sigmoid and softplus at x = (1, -1, 2, -2)), so
# def-5 and claim-1 add "no x^(n) = -x^(n')" to their hypotheses.

# --------------------------------------------------------------------------- Assumption 2
ASM2_NAMED = ("sigmoid", "softplus", "softplus(beta=10.0)")  # "such as sigmoid and softplus"


@pytest.mark.claim("li2022benefit/asm-2", evidence="exact")
@given(name=st.sampled_from(ASM2_NAMED), n=st.integers(1, 10))
@example(name="sigmoid", n=10).via("the text: sigmoid, N = 10")
@example(name="softplus", n=10).via("the text: softplus, N = 10")
def test_asm_2_sigmoid_and_softplus_satisfy_assumption_2(name, n):
    """Assumption 2 (li2022benefit) and the sentence after it.

    H: sigma analytic; N distinct non-negative integers l_0, ..., l_{N-1} in arithmetic
    sequence with sigma^(l_k)(0) != 0 (4).
    Printed: "This includes many commonly-used activation functions such as sigmoid and
    softplus, but it does not cover ReLU".
    Checked (exact): for sigmoid and softplus (beta = 1 and 10) and N = 1..10, a progression
    of N orders <= 2N + 2 exists and each of its exact (sympy) derivatives at 0 is nonzero;
    sigmoid needs step 2 for N >= 3 (sigma''(0) = 0), so footnote 5's first-version condition
    (orders 0..N-1) fails for it while (4) holds. Negative controls: ReLU (not analytic) and a
    polynomial of degree N - 2 (at most N - 1 nonzero orders) are rejected.
    Not checked: "many commonly-used" beyond the named ones.
    """
    act = A.get(name)
    cert = require(LL.assumption_2_certificate(act, n))
    note(cert.summary())
    first_version = all(not LL.is_exact_zero(d) for d in act.exact_derivatives_at(0, n - 1))
    note(f"footnote 5 condition sigma^(0..N-1)(0) != 0: {first_version}")
    require_not(LL.assumption_2_certificate(A.get("relu"), n))
    if n >= 2:
        require_not(LL.assumption_2_certificate(A.polynomial([1.0] * (n - 1)), n, max_order=4 * n))


# --------------------------------------------------------------------------- Lemma 1
@dataclass(frozen=True)
class Lemma1Case:
    """z (exact dyadic floats), Assumption 2's progression (l0, step) and sigma^(l_k)(0) (nonzero Fractions).

    Any nonzero values are realised by the analytic sigma = sum_k c_k t^{l_k}/l_k!, which
    satisfies Assumption 2 with exactly these orders, so drawing the values covers every sigma.
    """

    z: tuple[float, ...]
    l0: int
    step: int
    derivs: tuple[Fraction, ...]


_NONZERO_FRACTIONS = st.builds(
    Fraction, st.integers(1, 50).flatmap(lambda p: st.sampled_from([p, -p])), st.integers(1, 16)
)


@st.composite
def lemma1_cases(draw, *, corrected: bool):
    """Lemma 1's inputs; ``corrected`` makes z_n^step pairwise distinct (|z_n| distinct for an even step).

    Shrinks to N = 1, l0 = 0, step = 1, z = (1,), c = (1,).
    """
    n = draw(st.integers(1, 6))
    l0, step = draw(st.integers(0, 4)), draw(st.integers(1, 4))
    derivs = tuple(draw(st.lists(_NONZERO_FRACTIONS, min_size=n, max_size=n)))
    if corrected and step % 2 == 0:
        mags = draw(sts.scalar_inputs(min_size=n, max_size=n, signs="positive", max_magnitude=1e2))
        signs = draw(st.lists(st.sampled_from([1.0, -1.0]), min_size=n, max_size=n))
        z = tuple(float(m) * s for m, s in zip(mags.tolist(), signs))
    else:
        z = tuple(draw(sts.scalar_inputs(min_size=n, max_size=n, max_magnitude=1e2)).tolist())
    return Lemma1Case(z, l0, step, derivs)


def _sigmoid_case(z):
    """Sigmoid's exact derivatives at its only length-3 progressions' first one, orders (1, 3, 5)."""
    d = A.get("sigmoid").exact_derivatives_at(0, 5)
    return Lemma1Case(z, 1, 2, tuple(Fraction(int(sympy.fraction(d[l])[0]), int(sympy.fraction(d[l])[1]))
                                     for l in (1, 3, 5)))


def _check_lemma1(case: Lemma1Case):
    cert = LL.lemma1_certificate(case.z, case.l0, case.step, case.derivs)
    note(cert.summary())
    n = len(case.z)
    Af = torch.tensor([[float(sympy.sympify(c) * LL.exact_rational(zn) ** (case.l0 + k * case.step)) for zn in case.z]
                       for k, c in enumerate(case.derivs)], dtype=torch.float64)
    sv = torch.linalg.svdvals(Af)
    note(f"float64 singular values of A: max {float(sv[0]):.3g}, min {float(sv[-1]):.3g} (information only: "
         f"entries span up to {n * case.step + case.l0} powers of z, so float64 rank is not decisive)")
    require(cert, "A of (7) non-singular")
    # Negative controls: a repeated z and a zero z make two columns equal / a column zero.
    if n >= 2:
        require_not(LL.lemma1_certificate((case.z[0],) + case.z[:-1], case.l0, case.step, case.derivs))
    if case.l0 > 0:
        require_not(LL.lemma1_certificate((0.0,) + case.z[1:], case.l0, case.step, case.derivs))


LEM1_PRINTED = (
    "Lemma 1: sigma analytic with Assumption 2 (orders l_0, ..., l_{N-1} in arithmetic sequence); for any "
    "z_1, ..., z_N in R with z_n != 0 and z_n != z_n', the matrix A (7) with rows "
    "(z_1^{l_k} sigma^(l_k)(0), ..., z_N^{l_k} sigma^(l_k)(0)) is non-singular."
)
LEM1_COUNTEREXAMPLE = (
    "sigma = sigmoid (orders 1, 3, 5: every length-3 progression of its nonzero orders has an even step), "
    "z = (1, -1, 2): the first two columns of A are (1/4, -1/8, 1/4) and its negative, so det A = 0 exactly. "
    "In general A* (8) is the Vandermonde matrix of z_n^step, not of z_n; det A = prod sigma^(l_k)(0) "
    "prod z_n^l0 prod_(i<j)(z_j^step - z_i^step), which vanishes whenever the step is even and z_n = -z_n'."
)


@pytest.mark.claim("li2022benefit/lem-1", evidence="exact")
@pytest.mark.xfail(strict=True, raises=AssertionError, reason="refuted as printed for even steps; corrected in li2022benefit/lem-1a")
@pytest.mark.erratum(printed=LEM1_PRINTED, counterexample=LEM1_COUNTEREXAMPLE, corrected="li2022benefit/lem-1a")
@given(case=lemma1_cases(corrected=False))
@example(case=_sigmoid_case((1.0, -1.0, 2.0))).via("counterexample: sigmoid, orders (1, 3, 5), z = (1, -1, 2)")
def test_lem_1_as_printed(case):
    """Lemma 1 (li2022benefit), as printed.

    H1: sigma analytic with Assumption 2 (orders l_k = l_0 + k step).
    H2: z_1, ..., z_N in R, z_n != 0, z_n != z_n' (n != n').
    Conclusion: A of (7) is non-singular.
    Strategy: every z H2 admits; sigma^(l_k)(0) any nonzero rationals (each realised by an
    analytic sigma, see Lemma1Case).
    Refuted (strict expected failure, exact): det A = 0 for an even step and z_n = -z_n'
    (the counterexample with the paper's sigmoid is pinned).
    """
    _check_lemma1(case)


@pytest.mark.claim("li2022benefit/lem-1a", evidence="exact")
@given(case=lemma1_cases(corrected=True))
@example(case=_sigmoid_case((1.0, -3.0, 2.0))).via("sigmoid, orders (1, 3, 5), |z| distinct")
@example(case=Lemma1Case((1.0, -1.0, 2.0), 0, 1, (Fraction(1), Fraction(1), Fraction(1)))).via("odd step, z = -z'")
def test_lem_1a_generalized_vandermonde_nonsingular(case):
    """Lemma 1 (li2022benefit), corrected: the z_n^step must be pairwise distinct.

    H1: sigma analytic with Assumption 2 (orders l_k = l_0 + k step).
    H2: z_n != 0, and z_n^step != z_n'^step for n != n' (for an odd step this is the printed
    z_n != z_n'; for an even step it is |z_n| != |z_n'|).
    Conclusion: A of (7) is non-singular; det A = prod_k sigma^(l_k)(0) prod_n z_n^{l_0}
    prod_(i<j) (z_j^step - z_i^step) (the proof's reduction to the Vandermonde A* of z^step).
    Checked (exact, rationals): det A != 0 and equals that product, for N <= 6, l_0 <= 4,
    step <= 4, z dyadic rationals of magnitude in [1e-3, 1e2] with any signs, sigma^(l_k)(0)
    any nonzero rationals. The float64 smallest singular value is reported, not used.
    Negative controls: a repeated z and (for l_0 > 0) a zero z give det A = 0.
    Not checked: irrational z.
    """
    _check_lemma1(case)


# --------------------------------------------------------------------------- Lemma 3
def _nonconstant(act) -> bool:
    return act.properties.polynomial_degree != 0


def _is_even(act) -> bool | None:
    """Exact for polynomials and closed forms: sigma even iff every odd derivative at 0 vanishes (analytic);
    decided on orders <= 11 (True means no odd order <= 11 is nonzero)."""
    d = act.exact_derivatives_at(0, 11)
    if d is None:
        return None
    return all(LL.is_exact_zero(d[l]) for l in range(1, 12, 2))


def _check_lemma3(act, case: UnequalPair):
    cert, control = LL.sampled_unequal_activations(act, case.a, case.b, case.seed)
    note(cert.summary())
    require(cert, "no sampled z in Omega")
    require_not(control, "a = b: Omega = R^N")


LEM3_PRINTED = (
    "Lemma 3: sigma non-constant analytic; a, b in R^N; Omega = {z : sigma(a^T z) = sigma(b^T z)}. "
    "If a != b, Omega has measure zero."
)
LEM3_COUNTEREXAMPLE = (
    "sigma(t) = t^2 (catalog 'quadratic'; any even non-constant analytic sigma, e.g. t^2 + c or cosh), "
    "N = 1, a = (1), b = (-1): sigma(a^T z) = sigma(b^T z) for every z, so Omega = R. The proof's "
    "'WLOG q < 1 (otherwise swap a and b)' needs |q| < 1; q = b^T z_0 = -1 survives the swap."
)


@pytest.mark.claim("li2022benefit/lem-3", evidence="sampled")
@pytest.mark.xfail(strict=True, raises=AssertionError, reason="refuted as printed for even sigma and b = -a; corrected in li2022benefit/lem-3a")
@pytest.mark.erratum(printed=LEM3_PRINTED, counterexample=LEM3_COUNTEREXAMPLE, corrected="li2022benefit/lem-3a")
@given(act=sts.activations(requires=("analytic", _nonconstant)), case=unequal_pairs())
@example(act=A.get("quadratic"), case=UnequalPair((1.0,), (-1.0,), 0)).via("counterexample: t^2, a = 1, b = -1")
def test_lem_3_as_printed(act, case):
    """Lemma 3 (li2022benefit), as printed.

    H1: sigma non-constant analytic.  H2: a, b in R^N, a != b.
    Conclusion: Omega = {z in R^N : sigma(a^T z) = sigma(b^T z)} has measure zero.
    Strategy: every analytic non-constant catalog/family sigma, a != b including b = -a.
    Refuted (strict expected failure): for even sigma and b = -a, Omega = R^N; the sampled
    check sees every Gaussian z in Omega (the pinned counterexample t^2, a = 1, b = -1).
    """
    _check_lemma3(act, case)


@pytest.mark.claim("li2022benefit/lem-3a", evidence="sampled")
@given(act=sts.activations(requires=("analytic", _nonconstant)), case=unequal_pairs())
@example(act=A.get("sigmoid"), case=UnequalPair((1.0,), (-1.0,), 0)).via("odd-plus-constant sigma, b = -a")
@example(act=A.get("quadratic"), case=UnequalPair((1.0, 0.0), (0.5, 1.0), 0)).via("even sigma, b != -a")
def test_lem_3a_unequal_activations_measure_zero(act, case):
    """Lemma 3 (li2022benefit), corrected: b = -a is excluded when sigma is even.

    H1: sigma non-constant analytic.  H2: a, b in R^N, a != b, and not (b = -a and sigma even).
    Conclusion: Omega = {z in R^N : sigma(a^T z) = sigma(b^T z)} has measure zero.
    Checked (sampled): 2000 Gaussian z (seeded torch.Generator, scaled so |a^T z| is of order
    one) all have |sigma(a^T z) - sigma(b^T z)| above the derived float64 rounding bound.
    Evenness is decided exactly on derivatives at 0 up to order 11 (draws with b = -a and an
    undecided or even sigma are outside H2 and rejected; with an odd part below 1e-6 of sigma's
    Taylor coefficients, float64 cannot decide and the draw is rejected as an event). Not checked: measure zero itself
    (a sampled consequence: a null set is almost surely missed).
    Negative control: a = b makes every sample equal (rejected).
    """
    if case.b == tuple(-t for t in case.a):
        assume(_is_even(act) is False)
        # sigma(s) - sigma(-s) is twice sigma's odd part; with |s| of order one it is float64-visible when
        # an odd Taylor coefficient is >= 1e-6 of the largest (rounding ~1e-14 relative): else undecidable.
        d = [abs(float(sympy.N(c))) / math.factorial(l) for l, c in enumerate(act.exact_derivatives_at(0, 11))]
        if max(d[1::2]) < 1e-6 * max(d):
            note(f"undecidable in float64: odd part {max(d[1::2]):.3g} of {max(d):.3g}")
            event("odd part below float64 resolution (rejected)")
            assume(False)
    _check_lemma3(act, case)


# --------------------------------------------------------------------------- Lemma 4
@pytest.mark.claim("li2022benefit/lem-4", evidence="sampled")
@given(data=sts.datasets(min_samples=1, max_samples=6, max_dim=3), seed=sts.seeds())
def test_lem_4_generic_projections_distinct_and_nonzero(data, seed):
    """Lemma 4 (li2022benefit).

    H: x^(1), ..., x^(N) in R^{d_0} satisfy A1 (nonzero, pairwise distinct).
    Conclusion: {w : exists n != n', w^T x^(n) = w^T x^(n')} and {w : exists n, w^T x^(n) = 0}
    have measure zero.
    Checked (sampled): 1000 Gaussian w (seeded torch.Generator) have every projection w^T x^(n)
    nonzero and every pair distinct by more than the derived float64 dot-product bound.
    Negative controls: a repeated column and a zero column put every w in the sets.
    """
    X = data.X
    gen = torch.Generator().manual_seed(seed)
    W = torch.randn(1000, X.shape[0], generator=gen, dtype=torch.float64)
    cert = LL.generic_projections_certificate(X, W)
    note(cert.summary())
    require(cert, "generic w: projections distinct and nonzero")
    require_not(LL.generic_projections_certificate(torch.cat([X, X[:, :1]], dim=1), W), "repeated column")
    require_not(LL.generic_projections_certificate(torch.cat([X, torch.zeros_like(X[:, :1])], dim=1), W),
                "zero column")


# --------------------------------------------------------------------------- Lemma 6
def _has_exact_derivatives(act) -> bool:
    return act.exact_derivatives_at(0, 1) is not None


def _delta_min(g, n: int):
    """(21): the smallest nonzero |g^(k)(0)|, k < N, or None (Case 1: all vanish)."""
    vals = [abs(sympy.N(d, 30)) for d in g.exact_derivatives_at(0, n - 1) if not LL.is_exact_zero(d)]
    return min(vals) if vals else None


@pytest.mark.claim("li2022benefit/lem-6", evidence="sampled")
@given(
    g=sts.activations(requires=("analytic", _has_exact_derivatives)),
    n=st.integers(1, 6),
    k=st.integers(0, 50),
    s_case1=st.floats(1 / 16, 16).map(lambda t: round(t, 3)),
)
@example(g=A.get("monomial(p=3.0)"), n=3, k=0, s_case1=1.0).via("Case 1: g = t^3, N = 3")
@example(g=A.get("tanh"), n=4, k=0, s_case1=1.0).via("Case 2: tanh, orders 0 and 2 vanish")
def test_lem_6_sin_cos_perturbation_satisfies_assumption_2(g, n, k, s_case1):
    """Lemma 6 (li2022benefit), first part of the proof (analytic g; the Carleman step is not checked).

    H: f: R -> R continuous (here: g analytic with a closed form; the second part approximates
    a continuous f by analytic g).
    Conclusion: there is (f_k) satisfying Assumption 2 with f_k -> f uniformly.
    Proof's construction: f_k = g + (sin t + cos t)/(s(k+1)); f_k^(n)(0) = g^(n)(0) +
    (-1)^floor(n/2)/(s(k+1)); s arbitrary in Case 1 (g^(n)(0) = 0 for n < N), s = 2/delta_min
    (21) in Case 2; |f_k - g| <= sqrt(2)/(s(k+1)) (22).
    Checked: exact (sympy) derivative formula and f_k^(n)(0) != 0 for n = 0..N-1 (so {0..N-1}
    is Assumption 2's progression), N <= 6, k <= 50, s = float nearest 2/delta_min (its
    perturbation delta_min/2/(k+1) stays below delta_min); sampled: the sup bound (22) on a
    grid of [-8, 8]. g: every analytic catalog and family member with a closed form. Zero tests
    are sympy's exact decisions, with a 60-digit evaluation where sympy leaves one undecided.
    Not checked: s < 0 (the library requires s > 0), the uniform limit and
    the Carleman approximation of continuous f; (22) when sqrt(2)/(s(k+1)) is below the float64
    rounding of g on the grid (tiny delta_min: rejected as undecidable, counted as an event).
    Negative control: g itself (the unperturbed limit) is rejected when some g^(n)(0), n < N,
    vanishes; tanh with N = 3 always.
    """
    dmin = _delta_min(g, n)
    s = s_case1 if dmin is None else float(2 / dmin)
    note(f"delta_min = {dmin}, s = {s!r}")
    cert = LL.lemma6_derivative_certificate(g, LL.exact_rational(s), k, n)
    note(cert.summary())
    require(cert, "f_k^(n)(0) formula, nonzero for n < N")
    t = torch.linspace(-8.0, 8.0, 2001, dtype=torch.float64)
    sup = LL.lemma6_sup_bound_certificate(g, s, k, t)
    if sup.explanation.endswith("(undecidable)"):  # bound below float64 resolution of g (tiny delta_min)
        note(f"undecidable in float64: {sup.summary()}")
        event("sup bound below float64 resolution (rejected)")
        assume(False)
    require(sup, "(22)")
    require_not(LL.assumption_2_certificate(A.get("tanh"), 3, max_order=2), "tanh, orders 0..2")
    if any(LL.is_exact_zero(d) for d in g.exact_derivatives_at(0, n - 1)):
        require_not(LL.assumption_2_certificate(g, n, max_order=n - 1), "unperturbed g, orders 0..N-1")


# --------------------------------------------------------------------------- Definition 5 and the claim of Section 4.1
@dataclass(frozen=True)
class WideCase:
    """A one-hidden-layer instance: data (X, y), width m >= N, a start W of the drawn kind, its perturbation W_hat."""

    X: torch.Tensor
    y: torch.Tensor
    W: torch.Tensor
    W_hat: torch.Tensor
    v0: torch.Tensor
    kind: str


def _antipodal(X: torch.Tensor) -> bool:
    return bool(((X[:, :, None] + X[:, None, :]).abs().amax(dim=0) == 0).any())


@st.composite
def wide_cases(draw, act_for_n):
    """N <= 4 samples (A1; |entries| in [1/4, 4], separation >= 1/4), m = N..N+3, W zero, rank one or general
    with |W_ij| max|x| <= 2, W_hat = W + delta G / max|x| with delta in [1/4, 1] and G Gaussian (seeded).
    Returns (activation, case). Shrinks to N = 1, m = 1, W = 0."""
    n = draw(st.integers(1, 4))
    data = draw(sts.datasets(min_samples=n, max_samples=n, max_dim=3, min_magnitude=0.25, max_magnitude=4.0,
                             min_separation=0.25, max_abs_target=10.0))
    # Outside H3: antipodal columns x^(n) = -x^(n') make sigma(W X) rank deficient for every W when
    # sigma is even or odd, or sigma - sigma(0) odd (sigmoid) with two pairs, or its odd part linear
    # (softplus, swish) with more pairs than d: exact identities, see the negative controls.
    assume(not _antipodal(data.X))
    act = draw(act_for_n(n))
    m = n + draw(st.integers(0, 3))
    d = data.X.shape[0]
    gen = torch.Generator().manual_seed(draw(sts.seeds()))
    scale = 1.0 / float(data.X.abs().max())
    kind = draw(st.sampled_from(["zero", "rank_one", "general"]))
    if kind == "zero":
        W = torch.zeros(m, d, dtype=torch.float64)
    elif kind == "rank_one":
        u, w = (torch.randn(k, generator=gen, dtype=torch.float64) for k in (m, d))
        W = torch.outer(u, w)
        W = 2 * scale * W / float(W.abs().max())
    else:
        W = 2 * scale * (2 * torch.rand(m, d, generator=gen, dtype=torch.float64) - 1)
    delta = draw(st.floats(0.25, 1.0).map(lambda t: round(t, 3)))
    W_hat = W + delta * scale * torch.randn(m, d, generator=gen, dtype=torch.float64)
    v0 = torch.randn(m, generator=gen, dtype=torch.float64)
    note(f"N={n}, d={d}, m={m}, W {kind}, delta={delta}")
    return act, WideCase(data.X, data.Y[0], W, W_hat, v0, kind)


def _asm2_activations(n: int):
    return sts.activations(requires=(f"asm2:{n}",))


@pytest.mark.claim("li2022benefit/def-5", evidence="witness")
@given(drawn=wide_cases(_asm2_activations))
def test_def_5_assumption_2_activations_are_full_rank_reachable(drawn):
    """Definition 5 (li2022benefit), with Section 4.1's use of it (Assumption 2 activations are full-rank-reachable).

    Definition: for data X in R^{d x N}, sigma is full-rank-reachable if for any W one can
    slightly perturb W to W_hat with rank sigma(W_hat X) = N.
    Instance: H1 one hidden layer of width m >= N; H2 sigma meets Assumption 2 for N; H3 X
    meets A1 and has no antipodal pair x^(n) = -x^(n') (added, see below).
    Checked (witness): for W = 0, rank-one W and general W, a Gaussian perturbation W_hat
    gives rank sigma(W_hat X) = N: sigma_min(Z) above the Weyl bound of every float64 rounding.
    Not checked: arbitrarily small perturbations (delta >= 1/4 relative to 1/max|x|, so that
    sigma_min ~ delta^{l_{N-1}} stays above float64 resolution), N > 4, saturating W
    (|W_ij| max|x| > 2), where float64 cannot resolve the rank.
    Negative controls: W = 0 itself has rank <= 1 < N (N >= 2). Finding (Proposition 2, whose
    proof uses Lemmas 1 and 3 at the refuted cases): with A1 data that has antipodal pairs,
    Assumption 2 activations are NOT full-rank-reachable: tanh at x = (1, -1) (columns
    sigma(w) and -sigma(w)), sigmoid at x = (1, -1, 2, -2) (sigma(t) + sigma(-t) = 1),
    softplus at x = (1, -1, 2, -2) (softplus(t) - softplus(-t) = t): rank < N after every
    perturbation; checked here at the drawn W_hat's first column.
    """
    act, case = drawn
    event(f"W {case.kind}, N = {case.X.shape[1]}")
    cert = LL.full_rank_certificate(act, case.W_hat, case.X)
    note(cert.summary())
    require(cert, "rank sigma(W_hat X) = N")
    N = case.X.shape[1]
    if N >= 2:
        require_not(LL.full_rank_certificate(act, torch.zeros_like(case.W_hat), case.X), "W = 0")
    w = torch.cat([case.W_hat[:, :1], torch.linspace(-1.3, 0.9, 5, dtype=torch.float64)[:, None]])  # >= 4 rows
    x2 = torch.tensor([[1.0, -1.0]], dtype=torch.float64)
    x4 = torch.tensor([[1.0, -1.0, 2.0, -2.0]], dtype=torch.float64)
    for name, Xa in (("tanh", x2), ("quadratic_lifted", x2), ("sigmoid", x4), ("softplus", x4)):
        require_not(LL.full_rank_certificate(A.get(name), w, Xa), f"{name}, antipodal data {Xa.tolist()}")


@pytest.mark.claim("li2022benefit/claim-1", evidence="witness")
@given(drawn=wide_cases(_asm2_activations))
def test_claim_1_full_rank_reachable_gives_property_pt(drawn):
    """Section 4.1 (li2022benefit): full-rank-reachable sigma gives Property PT for (6).

    H: sigma full-rank-reachable for X (here: Assumption 2 sigma, width m >= N, see def-5).
    Conclusion: f(v, W) = ||y^T - v^T sigma(W X)||_2^2 (6) has Property PT. Text: "if W is a
    zero matrix, the corresponding Z has at most rank-1".
    Checked: rank sigma(0 X) <= 1 exactly (sympy, sigma(0) exact); from (v0, W) the perturbed
    point (v0, W_hat) of def-5 (rank N, witness), then the straight path v(t) = (1-t) v0 + t v*
    with v*^T Z_hat = y^T: f(t) = (1-t)^2 f(0) at 47 points t in [0, 1] (down to 1 - 2^-30 and
    t = 1) within derived rounding, f(0) far above it, f(1) = 0 = inf f up to the computed
    least-squares residual (witness). Strict decrease follows from the closed form.
    Not checked: between grid points; the perturbation sizes of def-5's "not checked".
    Negative control: the same path for Z = sigma(0 X) (rank 1, N >= 2, y off its range) does
    not reach 0.
    """
    act, case = drawn
    m, N = case.W_hat.shape[0], case.X.shape[1]
    event(f"W {case.kind}, N = {N}")
    require(LL.zero_weight_rank_certificate(act, m, N), "rank sigma(0 X) <= 1")
    require(LL.full_rank_certificate(act, case.W_hat, case.X), "perturbed W: rank N")
    Z_hat, _ = LL.hidden_matrix(act, case.W_hat, case.X)
    ts = torch.cat([torch.linspace(0.0, 0.5, 16, dtype=torch.float64),
                    1 - 2.0 ** -torch.arange(2, 32, dtype=torch.float64), torch.ones(1, dtype=torch.float64)])
    y = case.y + 1.0  # any y; shifted off 0 so that f(0) is not at rounding level for y = 0 draws
    cert = LL.straight_path_certificate(Z_hat, y, case.v0, ts)
    note(cert.summary())
    require(cert, "f(t) = (1-t)^2 f(0) -> 0")
    if N >= 2:
        Z0, _ = LL.hidden_matrix(act, torch.zeros_like(case.W_hat), case.X)
        y_off = torch.arange(1, N + 1, dtype=torch.float64)  # not constant, so off the range of sigma(0) 1 1^T
        require_not(LL.straight_path_certificate(Z0, y_off, case.v0, ts), "rank-one Z")
