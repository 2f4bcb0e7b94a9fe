"""Unit tests for landscape.constructions.li2018overparameterized, strategies.li2018 and the li2018
wording of landscape.notions.setwise_strict_minimum: each checker accepts a known-good case and
rejects a known-bad one; plus the proof erratum of Proposition 1 (li2018overparameterized).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from landscape import activations as A
from landscape import notions as NT
from landscape.certificates import local_minimum_probe
from landscape.constructions import li2018overparameterized as L
from landscape.constructions import li2022benefit_lemmas as LL
from strategies.li2018 import consecutive_asm2_activations, distinct_scalars, li2018_datasets
from strategies.vectors import unequal_pairs

D = torch.float64


# --------------------------------------------------------------------------- Assumption 1
def test_a1_accepts_one_distinct_row_and_rejects_repeats():
    X = torch.tensor([[0.0, 1.0, 2.0], [5.0, 5.0, 5.0]], dtype=D)  # zero entry, equal second coordinates
    cert = L.assumption_a1_certificate(X)
    assert cert.holds and cert.numbers["rows"] == "(0,)"
    assert not L.assumption_a1_certificate(torch.tensor([[0.0, 1.0, 0.0], [1.0, 2.0, 2.0]], dtype=D)).holds
    assert L.assumption_a1_certificate(torch.zeros(2, 1, dtype=D)).holds  # N = 1: vacuous
    with pytest.raises(ValueError, match="X"):
        L.assumption_a1_certificate(torch.zeros(3, dtype=D))
    with pytest.raises(ValueError, match="finite"):
        L.assumption_a1_certificate(torch.tensor([[math.nan, 1.0]], dtype=D))


def test_a3_and_a4():
    assert L.assumption_a3_certificate((1, 4, 1), 4).holds
    assert not L.assumption_a3_certificate((1, 9, 3, 1), 4).holds
    with pytest.raises(ValueError, match="widths"):
        L.assumption_a3_certificate((1, 1), 1)
    assert L.assumption_a4_certificate(A.get("relu")).holds
    assert L.assumption_a4_certificate(A.get("monomial(p=1.5)[even]")).holds
    T = sympy.Symbol("t", real=True)
    jump = A.Activation("jump", A.Properties(analytic=False, smoothness=0, breakpoints=(0.0,)), {},
                        lambda t: t + (t > 0).to(D), ((-sympy.oo, 0, T), (0, sympy.oo, T + 1)))
    assert not L.assumption_a4_certificate(jump).holds


# --------------------------------------------------------------------------- Assumption 2
def test_consecutive_orders():
    assert L.consecutive_orders_certificate(A.get("sigmoid"), 2).holds
    bad = L.consecutive_orders_certificate(A.get("sigmoid"), 3)
    assert not bad.holds and bad.numbers["zero_orders"] == "[2]"
    assert not L.consecutive_orders_certificate(A.get("tanh"), 1).holds  # tanh(0) = 0
    assert not L.consecutive_orders_certificate(A.get("relu"), 1).holds
    assert L.largest_consecutive_n(A.get("softplus")) == 3
    assert L.largest_consecutive_n(A.get("exponential"), 6) == 6
    assert L.largest_consecutive_n(A.root_product_exp((2.0, 2.0))) == 1  # t0 = 2 = 1 + 1: sigma'(0) = 0
    with pytest.raises(ValueError, match="n"):
        L.consecutive_orders_certificate(A.get("sigmoid"), 0)


# --------------------------------------------------------------------------- Proposition 1
def test_prop1_hypotheses_accept_extremum_and_reject_sign_change_and_zero_sigma0():
    assert L.prop1_hypotheses_certificate(A.root_product_exp((1.0, 1.0)), 1.0, 4.0, 6).holds
    assert L.prop1_hypotheses_certificate(A.root_product_exp((1.0, 1.0, 2.5), 1.0), 1.0, 1.5, 1).holds
    assert not L.prop1_hypotheses_certificate(A.root_product_exp((1.0, 1.0, 2.5), 1.0), 1.0, 1.6, 1).holds  # t1 inside
    assert not L.prop1_hypotheses_certificate(A.root_product_exp((1.0, 1.0), 1.0), 1.0, 1.0, 1).holds  # sigma >= 0
    assert not L.prop1_hypotheses_certificate(A.root_product_exp((0.5,)), 0.5, 0.25, 1).holds  # sign change
    assert not L.prop1_hypotheses_certificate(A.root_product_exp((0.0, 0.0)), 0.0, 1.0, 1).holds  # t = 0, sigma(0) = 0
    with pytest.raises(ValueError, match="root_product_exp"):
        L.prop1_hypotheses_certificate(A.get("sigmoid"), 1.0, 1.0, 1)
    with pytest.raises(ValueError, match="delta"):
        L.prop1_hypotheses_certificate(A.root_product_exp((1.0, 1.0)), 1.0, 0.0, 1)


def test_prop1_nonstrict_and_bad_arguments():
    act = A.root_product_exp((1.0, 1.0))
    w1 = sympy.Rational(1, 3)  # t/x = 1/3 exactly
    assert L.prop1_nonstrict_certificate(act, w1, 3.0, -2.0, 4).holds
    assert not L.prop1_nonstrict_certificate(act, sympy.Rational(1, 6), 3.0, -2.0, 2).holds  # sigma(0.5) != 0
    pairs = A.root_product_exp((-1.0, -1.0, 1.0, 1.0))
    assert L.prop1_nonstrict_certificate(pairs, 0.5, (2.0, -2.0), (1.0, -3.0), 2).holds
    assert not L.prop1_nonstrict_certificate(pairs, 0.5, (2.0, 3.0), (1.0, -3.0), 2).holds
    with pytest.raises(ValueError, match="x"):
        L.prop1_problem(act, 0.0, 1.0, 2)
    with pytest.raises(ValueError, match="y"):
        L.prop1_problem(act, 1.0, 0.0, 2)
    with pytest.raises(ValueError, match="d"):
        L.prop1_problem(act, 1.0, 1.0, 0)
    with pytest.raises(ValueError, match="x, y"):
        L.prop1_problem(act, (1.0, 2.0), 1.0, 2)


def test_prop1_lower_point_and_pairs_sign():
    act = A.root_product_exp((1.0, 1.0))
    prob = L.prop1_problem(act, 2.0, 3.0, 2)
    low = L.prop1_lower_point(prob, torch.zeros(2, dtype=D))
    assert float(prob.loss(low)) < 1e-20  # w_2 = y / (d sigma(0)) fits exactly
    pairs = A.root_product_exp((-1.0, -1.0, 1.0, 1.0))
    # sigma''(+-1) = -2 (2)^2 e^{+-1}: S = sum_i y_i |sigma''(t_i)| x_i^2 with x = t / w
    S = L.prop1_pairs_sign(pairs, 1.0, (-1.0, 1.0), (1.0, -1.0))
    assert sympy.simplify(S - (8 * sympy.exp(-1) - 8 * sympy.E)) == 0 and S < 0
    assert L.prop1_pairs_sign(act, 0.5, (2.0,), (-1.5,)) < 0  # one sample: sign(S) = sign(y)


def test_prop1_pairs_sign_at_minima_and_its_validation():
    """Zeros that are local MINIMA (sigma = +(t - 1)^2 (t + 1)^2 e^t): S = -sum y_i sigma'' x_i^2 < 0 for
    y = (1, 1), and the point with output weights -1 is a local minimum, the one with +1 is not."""
    act = A.root_product_exp((-1.0, -1.0, 1.0, 1.0), 1.0)
    x, y = (1.0, -1.0), (1.0, 1.0)
    S = L.prop1_pairs_sign(act, 1.0, x, y)
    assert sympy.simplify(S + 8 * sympy.E + 8 * sympy.exp(-1)) == 0 and S < 0  # sigma''(+-1) = +8 e^{+-1}
    prob = L.prop1_problem(act, x, y, 2)
    good = local_minimum_probe(prob, L.prop1_point(1.0, -1.0, 2), radii=(1e-3,), n_directions=64, minimize=False)
    bad = local_minimum_probe(prob, L.prop1_point(1.0, 1.0, 2), radii=(1e-3,), n_directions=64, minimize=False)
    assert good.holds and not bad.holds
    with pytest.raises(ValueError, match="w1, x"):
        L.prop1_pairs_sign(act, 0.3, x, y)  # sigma(0.3) != 0: not at a zero
    with pytest.raises(ValueError, match="w1, x"):
        L.prop1_pairs_sign(A.root_product_exp((1.0,), -1.0), 1.0, (1.0,), (1.0,))  # a simple zero: sigma' != 0
    with pytest.raises(ValueError, match="x, y"):
        L.prop1_pairs_sign(act, 1.0, x, (1.0,))
    with pytest.raises(ValueError, match="act"):
        L.prop1_pairs_sign(A.get("sigmoid"), 1.0, x, y)


def test_prop1_hypotheses_minimum_kind():
    act = A.root_product_exp((-1.0, -1.0, 0.5, 1.0, 1.0), 1.0)  # sign of sigma near t_i: sign(t_i - 0.5)
    assert L.prop1_hypotheses_certificate(act, 1.0, 0.5, 1, extremum="min").holds
    assert not L.prop1_hypotheses_certificate(act, 1.0, 0.5, 1, extremum="max").holds
    assert L.prop1_hypotheses_certificate(act, -1.0, 1.5, 1, extremum="max").holds
    assert not L.prop1_hypotheses_certificate(act, -1.0, 1.5, 1, extremum="min").holds
    with pytest.raises(ValueError, match="extremum"):
        L.prop1_hypotheses_certificate(act, 1.0, 0.5, 1, extremum="saddle")


@pytest.mark.parametrize("call, match", [
    (lambda: L.prop1_nonstrict_certificate(A.root_product_exp((1.0, 1.0)), 1.0, 1.0, 1.0, 0), "d"),
    (lambda: L.prop1_point(1.0, 1.0, 0), "d"),
    (lambda: L.prop1_point(math.nan, 1.0, 2), "w1, w2"),
    (lambda: L.ball_points(torch.zeros(2, dtype=D), 1.0, 0, torch.Generator()), "n"),
    (lambda: L.ball_points(torch.zeros(2, dtype=D), -1.0, 4, torch.Generator()), "radius"),
    (lambda: L.ball_points(torch.zeros(2, dtype=D), math.inf, 4, torch.Generator()), "radius"),
    (lambda: L.prop1_hypotheses_certificate(A.root_product_exp((1.0, 1.0)), 1.0, 1.0, 0), "n"),
    (lambda: L.prop1_hypotheses_certificate(A.root_product_exp((1.0, 1.0)), 1.0, 1.0, 1.5), "n"),
    (lambda: L.consecutive_orders_certificate(A.get("sigmoid"), "three"), "n"),
    (lambda: L.consecutive_orders_certificate(A.get("sigmoid"), None), "n"),
])
def test_bad_arguments_raise_value_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_sign_certificates_reject_activations_without_a_derived_rounding_count():
    prob = L.prop1_problem(A.get("sigmoid"), 1.0, 1.0, 2)
    pts = L.ball_points(L.prop1_point(0.0, 1.0, 2), 0.1, 4, torch.Generator().manual_seed(0))
    with pytest.raises(ValueError, match="root_product_exp"):
        L.output_sign_certificate(prob, pts, 1.0, claim="t")
    with pytest.raises(ValueError, match="root_product_exp"):
        L.unit_sign_certificate(prob, pts, 1.0)


def test_sign_certificate_bound_grows_with_the_root_count():
    """gamma_(2k + C_SIGMA): more roots, a larger per-point rounding bound at the same point."""
    x, y, d = 2.0, 1.0, 2
    theta = L.prop1_point(0.5, 1.0, d)
    pts = L.ball_points(theta, 0.1, 8, torch.Generator().manual_seed(0))
    few = L.output_sign_certificate(L.prop1_problem(A.root_product_exp((1.0, 1.0)), x, y, d), pts, 1.0, claim="t")
    many = L.output_sign_certificate(L.prop1_problem(A.root_product_exp((-3.0,) * 2 + (1.0, 1.0) + (5.0,) * 2),
                                                     x, y, d), pts, 1.0, claim="t")
    assert 0 < few.tolerance and few.numbers["n_points"] == many.numbers["n_points"] == 16
    assert L._sigma_rounding_ulps(A.root_product_exp((-3.0,) * 2 + (1.0, 1.0) + (5.0,) * 2)) == 16


def test_unit_sign_certificate_accepts_sign_s_and_rejects_the_other():
    act = A.root_product_exp((-1.0, -1.0, 1.0, 1.0))
    prob = L.prop1_problem(act, (-1.0, 1.0), (1.0, -1.0), 2)  # S < 0 (test above)
    theta = L.prop1_point(1.0, -1.0, 2)
    pts = L.ball_points(theta, 1e-3, 64, torch.Generator().manual_seed(2))
    assert L.unit_sign_certificate(prob, pts, -1.0).holds
    assert not L.unit_sign_certificate(prob, pts, 1.0).holds


def test_output_sign_certificate_rejects_the_wrong_sign():
    act = A.root_product_exp((1.0, 1.0))
    prob = L.prop1_problem(act, 2.0, 1.0, 3)
    theta = L.prop1_point(0.5, 1.0, 3)
    pts = L.ball_points(theta, 0.4, 64, torch.Generator().manual_seed(0))
    assert L.output_sign_certificate(prob, pts, 1.0, claim="t").holds
    assert not L.output_sign_certificate(prob, pts, -1.0, claim="t").holds
    assert float(torch.linalg.vector_norm(pts - theta, dim=1).max()) <= 0.4 * (1 + 1e-12)


# --------------------------------------------------------------------------- Lemma 5 helpers
def test_exp_sum_and_nonvanishing():
    W = torch.randn(200, 2, generator=torch.Generator().manual_seed(1), dtype=D)
    C = torch.tensor([1.0, -2.0], dtype=D)
    Aexp = torch.tensor([[1.0, 0.0], [0.0, 1.0]], dtype=D)
    vals, errs = L.exp_sum(C, Aexp, W)
    torch.testing.assert_close(vals, torch.exp(W[:, 0]) - 2 * torch.exp(W[:, 1]))
    assert L.nonvanishing_certificate(vals, errs, question="q").holds
    z, e = L.exp_sum(torch.tensor([1.0, -1.0], dtype=D), torch.tensor([[1.0, 0.0], [1.0, 0.0]], dtype=D), W)
    assert not L.nonvanishing_certificate(z, e, question="q").holds
    with pytest.raises(ValueError, match="C, A, W"):
        L.exp_sum(C, Aexp, W[:, :1])
    with pytest.raises(ValueError, match="values"):
        L.nonvanishing_certificate(vals, errs[:3], question="q")


# --------------------------------------------------------------------------- notions: li2018 wording
def test_setwise_wordings_differ_on_a_tilted_set_and_validate_arguments():
    h = 1 / 64
    t = np.arange(-2, 5 + h / 2, h)
    f = np.where(t < 0, -t / 8, np.where(t <= 1, 0.0, np.where(t <= 3, (t - 1) / 2, 1 + (t - 3))))
    X = NT.interval_mask(t, 0.0, 3.0)
    assert NT.setwise_strict_minimum(f, X, h, eps=0.5, wording="li2018").holds
    assert not NT.setwise_strict_minimum(f, X, h, eps=0.5, wording="li2022").holds
    # eps beyond the flat bottom: the ring node -h now sees x = 1.5 with f = 0.25 > f(-h)
    assert not NT.setwise_strict_minimum(f, X, h, eps=2.0, wording="li2018").holds
    flat = np.zeros_like(t)
    plateau = NT.interval_mask(t, 0.0, 1.0)
    assert NT.setwise_strict_minimum(flat, plateau, h, eps=0.5, wording="li2018", strict=False).holds
    assert not NT.setwise_strict_minimum(flat, plateau, h, eps=0.5, wording="li2018", strict=True).holds
    with pytest.raises(ValueError, match="wording"):
        NT.setwise_strict_minimum(f, X, h, eps=0.5, wording="li2019")


def test_setwise_li2018_in_two_dimensions():
    """A bowl's bottom disc is set-wise strict in both wordings; a half-plane cut of it is not."""
    s = np.linspace(-2, 2, 81)
    U, V = np.meshgrid(s, s, indexing="ij")
    f = np.maximum(U**2 + V**2 - 0.25, 0.0)
    disc = U**2 + V**2 <= 0.25
    for w in ("li2018", "li2022"):
        assert NT.setwise_strict_minimum(f, disc, s[1] - s[0], eps=0.2, wording=w, strict=False).holds
        assert not NT.setwise_strict_minimum(f, disc & (U > 0), s[1] - s[0], eps=0.2, wording=w).holds


# --------------------------------------------------------------------------- Lemma 6 / li2022benefit Lemma 3
def test_sampled_unequal_activations_accepts_odd_part_and_rejects_even_sigma():
    cert, control = LL.sampled_unequal_activations(A.get("sigmoid"), (1.0,), (-1.0,), 0, 500)
    assert cert.holds and not control.holds
    even, _ = LL.sampled_unequal_activations(A.get("quadratic_lifted"), (1.0,), (-1.0,), 0, 500)
    assert not even.holds  # t^2 + 0.01 is even: Omega = R
    with pytest.raises(ValueError, match="a, b"):
        LL.sampled_unequal_activations(A.get("sigmoid"), (1.0, 2.0), (1.0,), 0)
    with pytest.raises(ValueError, match="n_samples"):
        LL.sampled_unequal_activations(A.get("sigmoid"), (1.0,), (2.0,), 0, 0)


@settings(max_examples=20)
@given(pair=unequal_pairs(max_dim=3))
def test_unequal_pairs_are_unequal(pair):
    assert pair.a != pair.b and len(pair.a) == len(pair.b) <= 3


# --------------------------------------------------------------------------- strategies
@settings(max_examples=20)
@given(data=li2018_datasets(max_samples=6, max_dim=3))
def test_li2018_datasets_meet_a1(data):
    assert L.assumption_a1_certificate(data.X).holds
    assert data.Y.shape == (1, data.n_samples)


@settings(max_examples=20)
@given(x=distinct_scalars(max_size=7))
def test_distinct_scalars_are_distinct(x):
    assert len(set(x)) == len(x)


@settings(max_examples=15, deadline=None)
@given(n=st.integers(1, 5), data=st.data())
def test_consecutive_asm2_activations_meet_assumption_2(n, data):
    act = data.draw(consecutive_asm2_activations(n))
    assert L.consecutive_orders_certificate(act, n).holds


@pytest.mark.parametrize("make", [lambda: li2018_datasets(min_samples=3, max_samples=2),
                                  lambda: li2018_datasets(max_samples=30, max_integer=2),
                                  lambda: li2018_datasets(max_abs_target=0.0),
                                  lambda: distinct_scalars(max_size=9, max_integer=1),
                                  lambda: consecutive_asm2_activations(0),
                                  lambda: unequal_pairs(max_dim=0),
                                  lambda: unequal_pairs(allow_negation=1)])
def test_strategies_reject_bad_arguments(make):
    with pytest.raises(InvalidArgument):
        make().example()


# --------------------------------------------------------------------------- Proposition 1: proof erratum
@pytest.mark.proof_erratum(
    claim="li2018overparameterized/prop-1",
    printed="Proof of Proposition 1: 'since w_2 . sigma(w_1 x) is always non-positive in the neighborhood of "
            "(w_1*, w_2*), l(w_1, w_2) is always at least y^2'",
    counterexample="y = -1 (w_2* = (-1, ..., -1)), sigma = -(t - 1)^2 e^t, x = 2, d = 3: near (w_1*, w_2*) the output "
                   "w_2 . sigma(w_1 x) is >= 0 and > 0 off the w_2 directions (a product of two non-positive factors)",
    corrected="sign(y) w_2 . sigma(w_1 x) <= 0 near (w_1*, w_2*), hence (y - w_2 . sigma(w_1 x))^2 >= y^2; "
              "Proposition 1 itself holds for both signs of y",
)
def test_prop1_printed_sign_step_fails_for_negative_y_but_the_minimum_stands():
    """For y < 0 the output near the point is non-NEGATIVE; the printed step is false, the conclusion true."""
    act = A.root_product_exp((1.0, 1.0))
    prob = L.prop1_problem(act, 2.0, -1.0, 3)
    theta = L.prop1_point(0.5, -1.0, 3)
    pts = L.ball_points(theta, 0.4, 256, torch.Generator().manual_seed(0))
    assert not L.output_sign_certificate(prob, pts, 1.0, claim="printed: output <= 0").holds
    assert L.output_sign_certificate(prob, pts, -1.0, claim="corrected: sign(y) output <= 0").holds
    assert local_minimum_probe(prob, theta, radii=(1e-3, 0.4), n_directions=32).holds
