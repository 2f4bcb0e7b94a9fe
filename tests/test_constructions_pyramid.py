"""Unit tests of landscape.constructions.pyramid and strategies.pyramids: each check accepts a
known-good case and rejects a known-bad one; bad arguments raise ValueError / InvalidArgument."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
import torch
from hypothesis import given, settings
from hypothesis.errors import InvalidArgument

from landscape import activations as A
from landscape.constructions import pyramid as PY
from landscape.nets import Network, Problem
from strategies.pyramids import pyramid_cases

X3 = torch.tensor([[1.0, 2.0, -0.5]], dtype=torch.float64)
Y3 = torch.tensor([[0.3, -1.0, 2.0]], dtype=torch.float64)
LAM = torch.tensor([0.0, 0.25, 0.5, 0.75, 0.875, 1.0], dtype=torch.float64)


# ------------------------------------------------------------------ Assumption 3
def test_b1_indices_exact():
    assert PY.b1_indices((1, 4, 3, 3, 1), 3) == (1, 2, 3)
    assert PY.b1_indices((1, 2, 5, 3, 1), 3) == (2, 3)
    assert PY.b1_indices((1, 4, 2, 3, 1), 3) == (3,)   # widening after layer 1
    assert PY.b1_indices((1, 4, 2, 1, 5), 3) == ()     # output wider than everything
    assert PY.b1_indices((1, 2, 2, 1), 3) == ()        # d_h0 < N everywhere
    with pytest.raises(ValueError, match="widths"):
        PY.b1_indices((1, 1), 1)
    with pytest.raises(ValueError, match="n_samples"):
        PY.b1_indices((1, 2, 1), 0)


def test_assumption_3_accepts_monotone_tail_and_rejects_non_monotone_tail():
    sig, relu, sine = A.get("sigmoid"), A.get("relu"), A.get("sine")
    assert PY.assumption_3_certificate((1, 3, 2, 1), 3, [sine, relu]).holds           # h0 = 1, relu monotone
    assert PY.assumption_3_certificate((1, 3, 2, 1), 2, [sig, sine]).holds            # h0 = 2: nothing after
    assert not PY.assumption_3_certificate((1, 3, 2, 1), 3, [sig, sine]).holds        # h0 = 1 only, sine after
    decreasing = A.scaled(relu, -1.0, 1.0)
    assert PY.assumption_3_certificate((1, 3, 2, 1), 3, [sig, decreasing]).holds      # non-increasing is B2 too
    with pytest.raises(ValueError, match="activations"):
        PY.assumption_3_certificate((1, 3, 2, 1), 3, [sig])


def test_monotone_certificate_strict_and_not():
    assert PY.monotone_certificate(A.get("relu"), strict=False).holds
    assert not PY.monotone_certificate(A.get("relu"), strict=True).holds
    assert PY.monotone_certificate(A.get("leaky_relu"), strict=True).holds
    bad = PY.monotone_certificate(A.get("sine"), strict=False)
    assert not bad.holds and "no declared direction" in bad.explanation
    # A wrongly declared direction is refuted by the grid.
    liar = A.Activation("liar", A.Properties(analytic=True, smoothness=math.inf, monotone="increasing"), {},
                        fn=lambda t: -t)
    cert = PY.monotone_certificate(liar, strict=False)
    assert not cert.holds and cert.numbers["refuted"]


# ------------------------------------------------------------------ Assumption 4 and the inverse
@pytest.mark.parametrize("name", ["leaky_relu", "sinh", "t_plus_c_tanh", "cubic_plus_linear", "linear", "monomial(p=3.0)"])
def test_assumption_4_members(name):
    assert PY.assumption_4_certificate(A.get(name)).holds


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "exponential", "elu", "sine", "softplus", "arctan"])
def test_assumption_4_violators(name):
    assert not PY.assumption_4_certificate(A.get(name)).holds


def test_inverse_is_accurate_and_undefined_off_the_range():
    y = torch.tensor([-1e6, -3.0, 0.0, 1e-300, 2.5, 1e10], dtype=torch.float64)
    for name in ("sinh", "leaky_relu", "cubic_plus_linear", "monomial(p=3.0)"):
        act = A.get(name)
        t, err = PY.inverse(act, y)
        assert torch.isfinite(t).all()
        assert ((act(t) - y).abs() <= err).all()
    dec = A.scaled(A.get("sinh"), -2.0, 0.5)   # strictly decreasing
    t, err = PY.inverse(dec, y)
    assert ((dec(t) - y).abs() <= err).all()
    t, _ = PY.inverse(A.get("tanh"), torch.tensor([0.5, 2.0], dtype=torch.float64))
    assert math.isfinite(float(t[0])) and math.isnan(float(t[1]))
    t, _ = PY.inverse(A.get("relu"), torch.tensor([-1.0], dtype=torch.float64))
    assert math.isnan(float(t[0]))


# ------------------------------------------------------------------ Lemma 8
@pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh", "sinh", "shifted(relu, c=-1.0)"])
@pytest.mark.parametrize("k", [0, 3, 100])
def test_lemma8_approximants_satisfy_assumption_4(name, k):
    cert = PY.lemma8_certificate(A.get(name), k)
    assert cert.holds, cert.summary()


def test_lemma8_non_increasing_uses_84_verbatim():
    f = A.scaled(A.get("relu"), -1.0, 1.0)
    fk = PY.lemma8_approximant(f, 2)
    x = torch.tensor([-5.0, 0.5, 4.0], dtype=torch.float64)
    a = 3.0
    expected = torch.tensor([-(-5.0) - a + float(f(torch.tensor(-a))),
                             float(f(torch.tensor(0.5))) - (0.5 + a) / a**2,
                             -4.0 + a + float(f(torch.tensor(a))) - 2 / a], dtype=torch.float64)
    torch.testing.assert_close(fk(x), expected)
    assert PY.lemma8_approximant(f, 2, printed=True).name.endswith("printed)")


def test_lemma8_printed_on_increasing_f_is_not_monotone():
    # (84) is printed for non-increasing f: verbatim on relu (k = 0) it has slope -1 outside [-1, 1]
    # while relu - (x+1) is non-decreasing on [0, 1]: not monotone.
    cert = PY.lemma8_certificate(A.get("relu"), 0, printed=True)
    assert not cert.holds


def test_junction_jumps_reject_a_discontinuous_approximant():
    f = A.get("sigmoid")
    good = PY.lemma8_approximant(f, 2)
    jump, tol = PY.junction_jumps(good, f, (-3.0, 3.0))
    assert (jump <= tol).all()

    def broken(t):  # drops the -2/(k+1) of (84)'s right branch (mirrored): a jump of 2/3 at x = 3
        return torch.where(t > 3.0, t - 3.0 + f(torch.full_like(t, 3.0)), good(t))

    jump, tol = PY.junction_jumps(broken, f, (-3.0, 3.0))
    assert jump[1] > tol[1]


def test_lemma8_threshold_and_sup():
    assert PY.lemma8_threshold(0, Fraction(1, 2), printed=True) == 0
    assert PY.lemma8_threshold(0, Fraction(1, 2), printed=False) == 3
    assert not PY.lemma8_sup_certificate(0, 1, Fraction(1, 2)).holds    # the printed threshold's counterexample
    assert PY.lemma8_sup_certificate(0, 4, Fraction(1, 2)).holds
    assert PY.lemma8_sup_certificate(5, 5, Fraction(1, 2)).holds         # sup = 12/36 <= 2/6 < 1/2
    # sup formula against a dense evaluation: f_k - f on [-K-1, K+1] for k >= K.
    f, K, k = A.get("tanh"), 2, 4
    x = torch.linspace(-K - 1, K + 1, 4001, dtype=torch.float64)
    dense = float((PY.lemma8_approximant(f, k)(x) - f(x)).abs().max())
    assert dense == pytest.approx(PY.lemma8_sup_certificate(K, k, 1).numbers["sup"], rel=1e-12)
    with pytest.raises(ValueError, match="eps"):
        PY.lemma8_threshold(0, 0, printed=False)
    with pytest.raises(ValueError, match="K"):
        PY.lemma8_threshold(-1, 1, printed=False)
    with pytest.raises(ValueError, match="k"):
        PY.lemma8_sup_certificate(3, 1, 1)
    with pytest.raises(ValueError, match="f: Lemma 8 needs a monotone f"):
        PY.lemma8_approximant(A.get("sine"), 1)


# ------------------------------------------------------------------ Theorem 8
def _instance(widths, acts, h0, *, check=True, bias=False):
    prob = Problem(Network(widths, acts, bias=bias), X3, Y3)
    return prob, PY.thm8_instance(prob, torch.zeros(prob.n_params, dtype=torch.float64), h0, delta=1.0, seed=1,
                                  lambdas=LAM, check=check)


@pytest.mark.parametrize("widths,acts,h0,bias", [
    ((1, 4, 3, 1), ("sigmoid", "sinh"), 1, False),
    ((1, 3, 3, 2, 1), ("softplus", "leaky_relu", "cubic_plus_linear"), 1, True),
    ((1, 2, 3, 2, 1), ("sigmoid", "softplus", "t_plus_c_tanh"), 2, False),
    ((1, 3, 1), ("softplus",), 1, False),                # h0 = H: the output layer moves
    ((1, 4, 3, 1), ("sigmoid", "monomial(p=0.5)"), 1, False),  # sigma' unbounded at 0: the monotone swing bound
])
def test_thm8_path_tracks_and_decreases(widths, acts, h0, bias):
    prob, inst = _instance(widths, [A.get(a) for a in acts], h0, bias=bias)
    assert PY.omega_certificate(prob, inst.point, h0).holds
    path = inst.witnesses["path"]
    assert PY.tracking_certificate(path).holds
    E = prob.loss_batch(path["points"])
    assert (E[1:] < E[:-1]).all()
    torch.testing.assert_close(E[:-1], (1 - LAM[:-1]) ** 2 * E[0], rtol=1e-9, atol=1e-12)
    assert float(E[-1]) < 1e-20


@pytest.mark.parametrize("widths,acts", [
    ((1, 3, 2, 3, 1), ("sigmoid", "sinh", "sinh")),    # widening after h0: W_3 has no right inverse
    ((1, 2, 2, 1), ("sigmoid", "sinh")),               # d_h0 = 2 < N = 3: T_1 has no left inverse
    ((1, 4, 3, 1), ("sigmoid", "relu")),               # relu: no inverse of negative values
    ((1, 4, 3, 1), ("sigmoid", "tanh")),               # tanh: no inverse beyond (-1, 1)
])
def test_thm8_path_fails_outside_the_hypotheses(widths, acts):
    with pytest.raises(ValueError, match="h0|activations"):
        _instance(widths, [A.get(a) for a in acts], 1)
    _, inst = _instance(widths, [A.get(a) for a in acts], 1, check=False)
    assert not PY.tracking_certificate(inst.witnesses["path"]).holds


def test_omega_certificate_rejects_rank_deficiency():
    prob = Problem(Network((1, 3, 2, 1), [A.get("sigmoid"), A.get("sinh")]), X3, Y3)
    assert not PY.omega_certificate(prob, torch.zeros(prob.n_params, dtype=torch.float64), 1).holds  # T_1 rank 1
    with pytest.raises(ValueError, match="h0"):
        PY.omega_certificate(prob, torch.zeros(prob.n_params, dtype=torch.float64), 3)


def test_tracking_certificate_rejects_a_wrong_target():
    _, inst = _instance((1, 4, 3, 1), [A.get("sigmoid"), A.get("sinh")], 1)
    path = dict(inst.witnesses["path"])
    path["targets"] = path["targets"] + 1e-6
    assert not PY.tracking_certificate(path).holds


def test_thm8_path_validates_lambdas():
    prob = Problem(Network((1, 4, 3, 1), [A.get("sigmoid"), A.get("sinh")]), X3, Y3)
    theta = torch.zeros(prob.n_params, dtype=torch.float64)
    with pytest.raises(ValueError, match="lambdas"):
        PY.thm8_path(prob, theta, 1, [0.0, 1.5])


def test_perturbed_start_validates_delta():
    prob = Problem(Network((1, 3, 1), [A.get("sigmoid")]), X3, Y3)
    with pytest.raises(ValueError, match="delta"):
        PY.perturbed_start(prob, torch.zeros(prob.n_params, dtype=torch.float64), delta=0.0,
                           generator=torch.Generator().manual_seed(0))


# ------------------------------------------------------------------ Theorem 3 helpers
def test_approximant_network_converges():
    net = Network((1, 2, 2, 1), [A.get("relu"), A.get("sigmoid")])
    pts = torch.linspace(-1, 1, 8, dtype=torch.float64)[:, None] * torch.ones(net.n_params, dtype=torch.float64)
    prob = Problem(net, X3, Y3)
    gaps = [float((Problem(PY.approximant_network(net, 1, k), X3, Y3).loss_batch(pts) - prob.loss_batch(pts))
                  .abs().max()) for k in (1, 10, 100, 1000)]
    assert gaps == sorted(gaps, reverse=True) and gaps[-1] < 1e-2 * gaps[0]
    with pytest.raises(ValueError, match="h0"):
        PY.approximant_network(net, 3, 1)


# ------------------------------------------------------------------ strategies
@settings(max_examples=8, deadline=None)
@given(pyramid_cases(a3=True, theorem="thm-8"))
def test_pyramid_cases_meet_theorem_8_hypotheses(case):
    N = case.problem.n_samples
    widths = case.network.widths
    assert case.h0 in PY.b1_indices(widths, N)
    assert widths[-2] >= N  # A3
    for act in case.network.activations[case.h0:]:
        assert PY.assumption_4_certificate(act).holds


def test_pyramid_cases_validate_arguments():
    with pytest.raises(InvalidArgument):
        pyramid_cases(a3=True, theorem="thm-9")
    with pytest.raises(InvalidArgument):
        pyramid_cases(a3=True, max_depth=1)


@pytest.mark.proof_erratum(
    claim="li2022benefit/thm-3",
    printed="Proof of Theorem 3, Step 3: 'From Theorem 8, E_k is a weakly global function' - Theorem 8 assumes "
            "Assumption 1, which includes A3 (d_H >= N), while Theorem 3 assumes only A1, A2, A4 and Assumption 3",
    counterexample="widths (1, 4, 2, 1), N = 3, h0 = 1, sigma = (sigmoid, sinh): Assumption 3 holds, A3 fails "
                   "(d_H = 2 < N), so Theorem 8 as printed does not apply to N_k",
    corrected="Theorem 8 holds without A3: its proof (72)-(83) only uses d_{h0} >= N and the pyramid after h0; "
              "the path of (76) is built and certified here on that network",
)
def test_thm8_construction_needs_no_a3():
    """Erratum of the proof of Theorem 3 (not the theorem): Theorem 8 is cited outside its printed hypotheses.

    Theorem 8's proof never uses A3 (d_H >= N); on widths (1, 4, 2, 1) with N = 3 (A3 fails,
    Assumption 3 holds at h0 = 1) the construction (72)-(81) works: W^p in Omega, output tracks
    Yhat(lambda), E strictly decreasing to 0.
    """
    widths = (1, 4, 2, 1)
    assert PY.b1_indices(widths, 3) == (1,) and widths[-2] < 3
    prob, inst = _instance(widths, [A.get("sigmoid"), A.get("sinh")], 1)
    assert PY.omega_certificate(prob, inst.point, 1).holds
    assert PY.tracking_certificate(inst.witnesses["path"]).holds
    E = prob.loss_batch(inst.witnesses["path"]["points"])
    assert (E[1:] < E[:-1]).all() and float(E[-1]) < 1e-20


def test_unconfirmable_tails_are_not_refutations():
    # Lemma 8's f_k of exp at k = 60: the tail x - 61 + e^61 + 2/61 steps below float64 resolution on the
    # default grid, so strictness is not confirmed there; it is not refuted either.
    fk = PY.lemma8_approximant(A.get("exponential"), 60)
    assert not PY.assumption_4_certificate(fk).holds
    assert PY.assumption_4_certificate(fk, confirm=False).holds
    assert PY.lemma8_certificate(A.get("exponential"), 60).holds        # on its adapted grid it is confirmed
    assert not PY.assumption_4_certificate(A.get("relu"), confirm=False).holds  # declaration still decides
