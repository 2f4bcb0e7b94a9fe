"""Every declared activation property is verified: over the catalog, over drawn family members,
and the verifiers themselves reject mis-declared (fake) activations."""

from __future__ import annotations

import math
import pickle

import numpy as np
import pytest
import sympy
import torch
from hypothesis import given, settings, strategies as st
from torch.func import grad, hessian, vmap

from landscape import _activation_checks as chk
from landscape import _activation_symbolic as sym
from landscape import activations as acts
from landscape.activations import CATALOG, Activation, Properties

D = torch.float64

# --- local strategies (strategies/ belongs to another module owner) -------------------------

# Magnitudes below 1e-6 are left out: floats enter the exact forms as their binary rationals,
# and 2^-700-sized denominators make sympy slow without exercising anything new.
def _floats(lo, hi):
    return st.floats(min_value=lo, max_value=hi, allow_nan=False)


def signed(lo, hi):
    """Floats with lo <= |x| <= hi of either sign (lo > 0), constructed, not filtered."""
    return st.one_of(_floats(lo, hi), _floats(lo, hi).map(lambda x: -x))


reals = st.one_of(st.just(0.0), signed(1e-6, 3.0))
nonzero = signed(0.1, 4.0)


@st.composite
def piecewise_linear_members(draw):
    k = draw(st.integers(1, 3))
    bps = sorted(draw(st.lists(st.integers(-6, 6), min_size=k, max_size=k, unique=True)))
    slopes = draw(st.lists(st.sampled_from([-2.0, -1.0, -0.5, 0.0, 0.25, 1.0, 3.0]), min_size=k + 1, max_size=k + 1)
                  .filter(lambda s: all(a != b for a, b in zip(s, s[1:]))))
    v0 = draw(st.sampled_from([0.0, 0.5, -1.25]))
    return acts.piecewise_linear([b / 2 for b in bps], slopes, v0)


polynomial_members = st.lists(st.integers(-3, 3).map(float) | st.sampled_from([0.5, -0.25]), min_size=1, max_size=5) \
    .filter(lambda c: any(c)).map(acts.polynomial)

cheap_inner = st.sampled_from(["relu", "leaky_relu", "tanh", "sine", "cubic_plus_linear", "elu", "softplus",
                               "monomial(p=1.5)"]).map(CATALOG.__getitem__)


def _assert_all_hold(act: Activation):
    bad = [c.summary() for c in chk.verify_properties(act) if not c.holds]
    assert not bad, "\n".join(bad)


# --- the catalog -----------------------------------------------------------------------------

NAMED_IN_PAPERS = ["sigmoid", "tanh", "softplus", "relu", "leaky_relu", "elu", "selu", "swish", "gelu", "sine",
                   "exponential", "linear", "quadratic", "quadratic_shifted", "quadratic_lifted", "sinh",
                   "t_plus_c_tanh", "cubic_plus_linear", "arctan"]


def test_catalog_contains_every_activation_the_papers_name():
    missing = [n for n in NAMED_IN_PAPERS if n not in CATALOG]
    assert not missing
    assert any(n.startswith("monomial(") for n in CATALOG)
    assert acts.get("relu") is CATALOG["relu"]
    with pytest.raises(ValueError, match="name: no activation 'nope'"):
        acts.get("nope")


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_catalog_declarations_verified(name):
    _assert_all_hold(CATALOG[name])


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_catalog_traceable_float64(name):
    act = CATALOG[name]
    t = torch.linspace(-2.3, 2.7, 7, dtype=D)
    assert act(t).dtype == D and act(t).shape == t.shape
    # inside vmap/grad/hessian, as Problem uses it
    w = torch.tensor([0.3, -0.7], dtype=D)
    x = torch.tensor([1.1, -0.4, 2.0], dtype=D)
    f = lambda w: act(torch.outer(w, x)).sum()  # noqa: E731
    H = hessian(f)(w)
    assert H.shape == (2, 2) and H.dtype == D
    d1 = act.derivative(t, 1)
    assert torch.allclose(d1, vmap(grad(act))(t), rtol=0, atol=0)


def test_exact_derivatives_of_named_activations():
    assert CATALOG["sigmoid"].exact_derivatives_at(0, 3) == [sympy.Rational(1, 2), sympy.Rational(1, 4), 0,
                                                             sympy.Rational(-1, 8)]
    assert CATALOG["tanh"].exact_derivatives_at(0, 3) == [0, 1, 0, -2]
    assert CATALOG["softplus"].exact_derivatives_at(0, 2) == [sympy.log(2), sympy.Rational(1, 2), sympy.Rational(1, 4)]
    # ReLU has no derivative at its kink; ELU(1) is C^1 but not C^2 at 0.
    r = CATALOG["relu"].exact_derivatives_at(0, 2)
    assert r[0] == 0 and r[1] is sympy.nan and r[2] is sympy.nan
    e = CATALOG["elu"].exact_derivatives_at(0, 2)
    assert e[:2] == [0, 1] and e[2] is sympy.nan
    assert np.isnan(CATALOG["relu"].derivatives_at(0.0, 1)[1])
    assert CATALOG["relu"].nonzero_derivative_orders_at(0.0, 3) == ()
    assert CATALOG["sigmoid"].nonzero_derivative_orders_at(0.0, 7) == (0, 1, 3, 5, 7)


@pytest.mark.parametrize("n", range(1, 11))
def test_assumption_2_covers_sigmoid_and_softplus_not_relu(n):
    """li2022benefit Asm 2 text: "includes ... sigmoid and softplus"; not ReLU."""
    l0, step = acts.assumption_2_orders(CATALOG["sigmoid"], n)
    assert all(CATALOG["sigmoid"].exact_derivatives_at(0, l0 + (n - 1) * step)[l0 + j * step] != 0 for j in range(n))
    assert acts.assumption_2_orders(CATALOG["softplus"], n) is not None
    assert acts.assumption_2_orders(CATALOG["relu"], n) is None


def test_arithmetic_progression_search():
    assert sym.arithmetic_progression([0, 1, 3, 5, 7], 3) == (1, 2)
    assert sym.arithmetic_progression([0, 2, 4, 5], 3) == (0, 2)
    assert sym.arithmetic_progression([0, 1, 3], 3) is None
    assert sym.arithmetic_progression([4], 1) == (4, 1)
    with pytest.raises(ValueError, match="length"):
        sym.arithmetic_progression([1], 0)


def test_exact_zero_decision():
    assert sym.is_exact_zero(sympy.sqrt(2) ** 2 - 2)
    assert not sym.is_exact_zero(sympy.log(2) - sympy.Rational(693147, 10**6))
    assert not sym.is_exact_zero(sympy.nan)


def test_float_arguments_are_exact_binary_values():
    # 0.1 is not 1/10 in binary; the exact form must see the float actually used.
    assert sym.exact(0.1) != sympy.Rational(1, 10)
    assert float(sym.exact(0.1)) == 0.1
    with pytest.raises(ValueError, match="finite"):
        sym.exact(float("nan"))


def test_activation_equality_hash_pickle():
    a = acts.softplus(2.0)
    assert a == acts.softplus(2.0) and hash(a) == hash(acts.softplus(2.0)) and a != acts.softplus(3.0)
    for act in (a, acts.piecewise_linear([0.0, 1.0], [0.0, 1.0, 0.0]), acts.shifted(CATALOG["tanh"], 0.5),
                acts.sin_cos_perturbed(CATALOG["sigmoid"], 2.0, 1), CATALOG["gelu"]):
        b = pickle.loads(pickle.dumps(act))
        t = torch.linspace(-2, 2, 9, dtype=D)
        assert b == act and torch.equal(b(t), act(t))


# --- families, drawn ---------------------------------------------------------------------------

@settings(max_examples=10)
@given(piecewise_linear_members())
def test_piecewise_linear_family(act):
    _assert_all_hold(act)
    assert act.properties.piecewise_linear and act.properties.smoothness == 0


@settings(max_examples=10)
@given(polynomial_members)
def test_polynomial_family(act):
    _assert_all_hold(act)


@settings(max_examples=5)
@given(beta=_floats(0.2, 20.0), alpha=st.one_of(st.just(0.0), signed(1e-6, 0.99), signed(1.01, 3.0)),
       elu_alpha=st.sampled_from([0.5, 1.0, 2.0]), c=reals)
def test_parametrized_families(beta, alpha, elu_alpha, c):
    for act in (acts.softplus(beta), acts.leaky_relu(alpha), acts.elu(elu_alpha), acts.t_plus_c_tanh(c)):
        _assert_all_hold(act)


@settings(max_examples=6)
@given(p=st.floats(0.2, 4.0).filter(lambda p: abs(p - round(p)) > 0.05) | st.integers(1, 5).map(float),
       parity=st.sampled_from(["odd", "even"]))
def test_monomial_family(p, parity):
    act = acts.monomial(p) if p == int(p) else acts.monomial(p, parity=parity)
    _assert_all_hold(act)


@settings(max_examples=15)
@given(p=_floats(0.2, 4.0), parity=st.sampled_from(["odd", "even"]), a=reals, t=reals)
def test_monomial_example_1_scaling(p, parity, a, t):
    """sigma(t a) = t^p sigma(a) for t > 0, and = s(t)|t|^p sigma(a) for all t (li2022benefit Ex. 1)."""
    act = acts.monomial(p) if p == int(p) else acts.monomial(p, parity=parity)
    s = (math.copysign(1.0, t) if t != 0 else 0.0) if (act.params.get("parity") == "odd" or
                                                         (p == int(p) and int(p) % 2 == 1)) else 1.0
    lhs = float(act(torch.tensor(t * a, dtype=D)))
    rhs = s * abs(t) ** p * float(act(torch.tensor(a, dtype=D)))
    # float64: t*a rounds (relative u, amplified p times by z^p), the powers round (few ulps).
    assert abs(lhs - rhs) <= 16 * (p + 1) * 2.0**-53 * (abs(lhs) + abs(rhs)) + 1e-300


@settings(max_examples=6)
@given(inner=cheap_inner, c=signed(1e-6, 3.0), a=nonzero, b=nonzero)
def test_shifted_and_scaled(inner, c, a, b):
    _assert_all_hold(acts.shifted(inner, c))
    _assert_all_hold(acts.scaled(inner, a, b))


@settings(max_examples=4)
@given(g=st.sampled_from(["sigmoid", "tanh", "linear", "softplus", "sine"]).map(CATALOG.__getitem__),
       s=st.floats(0.5, 10.0), k=st.integers(0, 5))
def test_sin_cos_perturbed_lemma_6(g, s, k):
    """li2022benefit Lemma 6: f_k^(n)(0) = g^(n)(0) + (-1)^floor(n/2)/(s(k+1)); |f_k - g| <= sqrt 2/(s(k+1))."""
    f = acts.sin_cos_perturbed(g, s, k)
    S = sym.exact(s) * (k + 1)
    got, base = f.exact_derivatives_at(0, 6), g.exact_derivatives_at(0, 6)
    assert all(sym.is_exact_zero(got[n] - base[n] - (-1) ** (n // 2) / S) for n in range(7))
    t = torch.linspace(-20, 20, 4001, dtype=D)
    gap = float((f(t) - g(t)).abs().max())
    assert gap <= math.sqrt(2) / (s * (k + 1)) * (1 + 1e-12) + 1e-15
    _assert_all_hold(f)


@settings(max_examples=10)
@given(data=st.data(), n=st.integers(1, 4))
def test_hermite_designed(data, n):
    """li2022benefit Thm 4 (43): prescribed sigma, sigma', sigma'' at distinct points."""
    pts = data.draw(st.lists(st.integers(-8, 8), min_size=n, max_size=n, unique=True))
    pts = [p / 4 for p in pts]
    vals, d1, d2 = (data.draw(st.lists(reals, min_size=n, max_size=n)) for _ in range(3))
    act = acts.hermite_designed(pts, vals, d1, d2)
    assert act.properties.polynomial_degree <= 3 * n - 1
    # Krogh on <= 4 well-separated nodes (spacing >= 1/4 within [-2, 2]): the Newton form's
    # rounding is bounded by its coefficients' growth, far below 1e-8 relative here.
    assert act.params["residual"] < 1e-8
    t = torch.tensor(pts, dtype=D)
    for k, want in enumerate((vals, d1, d2)):
        assert np.allclose(act.derivative(t, k).numpy(), want, rtol=0, atol=1e-8 * (1 + np.max(np.abs(want))))
    _assert_all_hold(act)


# --- the verifiers reject mis-declared activations ----------------------------------------------

def _fake(base: Activation, fn=None, pieces="same", **props) -> Activation:
    from dataclasses import replace
    return Activation(name="fake-" + base.name, properties=replace(base.properties, **props), params={},
                      fn=fn or base.fn, pieces=base.pieces if pieces == "same" else pieces)


@pytest.mark.parametrize("base, wrong", [
    ("swish", "increasing"), ("relu", "increasing"), ("gelu", "nondecreasing"), ("sine", "increasing"),
    ("sigmoid", "decreasing"), ("quadratic", "nondecreasing"), ("piecewise_linear(breakpoints=(0.0,), "
     "slopes=(-0.5, 2.0), value_at_0=0.0)", "increasing"), ("sigmoid", None), ("cubic_plus_linear", None),
])
def test_monotone_verifier_rejects_wrong_claims(base, wrong):
    assert not chk.check_monotone(CATALOG[base], wrong).holds


def test_monotone_verifier_rejects_sampled_fake():
    # No sympy form: the sampled path must still catch a bump.
    fake = _fake(CATALOG["swish"], pieces=None, monotone="increasing")
    assert not chk.check_monotone(fake).holds
    assert chk.check_monotone(_fake(CATALOG["sigmoid"], pieces=None)).holds


@pytest.mark.parametrize("check, base, claim", [
    (chk.check_bounded, "sigmoid", False), (chk.check_bounded, "softplus", True), (chk.check_bounded, "sine", False),
    (chk.check_surjective, "tanh", True), (chk.check_surjective, "sinh", False), (chk.check_surjective, "quadratic", True),
    (chk.check_analytic, "relu", True), (chk.check_analytic, "swish", False), (chk.check_analytic, "monomial(p=1.5)", True),
    (chk.check_smoothness, "elu", 2), (chk.check_smoothness, "elu", 0), (chk.check_smoothness, "selu", 1),
    (chk.check_smoothness, "monomial(p=2.5)", 3), (chk.check_smoothness, "relu", math.inf),
    (chk.check_breakpoints, "leaky_relu", (1.0,)), (chk.check_breakpoints, "relu", ()),
    (chk.check_piecewise_linear, "elu", True), (chk.check_piecewise_linear, "relu", False),
    (chk.check_polynomial_degree, "quadratic", 3), (chk.check_polynomial_degree, "sigmoid", 2),
    (chk.check_linear, "quadratic", True), (chk.check_linear, "linear", False),
])
def test_property_verifiers_reject_wrong_claims(check, base, claim):
    assert not check(CATALOG[base], claim).holds
    assert check(CATALOG[base]).holds  # and accept the true declaration


@pytest.mark.parametrize("base, degree", [("softplus", 1.0), ("shifted(relu, c=-1.0)", 1.0), ("quadratic", 1.0),
                                          ("monomial(p=1.5)", 2.0), ("elu", 1.0)])
def test_homogeneity_verifier_rejects_wrong_claims(base, degree):
    assert not chk.check_homogeneity(CATALOG[base], degree, claimed=True).holds


def test_homogeneity_verifier_accepts_and_rejects_negation():
    assert chk.check_homogeneity(CATALOG["relu"], 1.0).holds
    assert chk.check_homogeneity(CATALOG["monomial(p=1.5)[even]"], 1.5).holds
    assert not chk.check_homogeneity(CATALOG["leaky_relu"], 1.0, claimed=False).holds


def test_consistency_verifier_rejects_mismatched_implementation():
    # torch says sigmoid, sympy says tanh: caught; likewise a kink moved to 0.5.
    assert not chk.check_consistency(_fake(CATALOG["tanh"], fn=torch.sigmoid)).holds
    moved = _fake(CATALOG["relu"], fn=lambda t: torch.clamp(t - 0.5, min=0.0))
    assert not chk.check_consistency(moved).holds
    # the textbook GELU 0.5 t (1 + erf(t/sqrt 2)) cancels for t << 0; the tolerance notices.
    naive = _fake(CATALOG["gelu"], fn=lambda t: 0.5 * t * (1 + torch.special.erf(t / math.sqrt(2))))
    assert not chk.check_consistency(naive).holds


def test_derivative_order_verifier_rejects_wrong_exact_form():
    # implementation sigmoid + t^2/1000 but exact form sigmoid: sigma''(0) is 0 exactly, 2e-3 by autodiff.
    fake = _fake(CATALOG["sigmoid"], fn=lambda t: torch.sigmoid(t) + t * t / 1000)
    assert not chk.check_derivative_orders(fake, 0.0, 4).holds
    assert chk.check_derivative_orders(CATALOG["sigmoid"], 0.0, 4).holds


def test_properties_validation():
    with pytest.raises(ValueError, match="monotone"):
        Properties(analytic=False, smoothness=0, monotone="up")
    with pytest.raises(ValueError, match="analytic"):
        Properties(analytic=True, smoothness=2)
    with pytest.raises(ValueError, match="breakpoints"):
        Properties(analytic=False, smoothness=0, breakpoints=(1.0, 0.0))


@pytest.mark.parametrize("call, match", [
    (lambda: acts.softplus(0.0), "beta"), (lambda: acts.leaky_relu(1.0), "alpha"), (lambda: acts.elu(-1.0), "alpha"),
    (lambda: acts.monomial(-1.0), "p: Example 1 needs p > 0"), (lambda: acts.monomial(2, parity="odd"), "parity"),
    (lambda: acts.monomial(1.5, parity="weird"), "parity"), (lambda: acts.polynomial([]), "coeffs"),
    (lambda: acts.piecewise_linear([1.0, 0.0], [1, 2, 3]), "breakpoints"),
    (lambda: acts.piecewise_linear([0.0], [1.0]), "slopes"), (lambda: acts.piecewise_linear([0.0], [1.0, 1.0]), "slopes"),
    (lambda: acts.scaled(CATALOG["tanh"], 0.0, 1.0), "a: must be nonzero"),
    (lambda: acts.scaled(CATALOG["tanh"], 1.0, 0.0), "b: must be nonzero"),
    (lambda: acts.shifted("tanh", 1.0), "act"), (lambda: acts.sin_cos_perturbed(CATALOG["tanh"], 0.0, 1), "s:"),
    (lambda: acts.sin_cos_perturbed(CATALOG["tanh"], 1.0, -1), "k:"),
    (lambda: acts.hermite_designed([0.0, 0.0], [1, 1], [1, 1], [1, 1]), "points: must be distinct"),
    (lambda: acts.hermite_designed([0.0, 1.0], [1], [1, 1], [1, 1]), "values, first, second"),
    (lambda: acts.softplus(float("inf")), "beta"), (lambda: acts.assumption_2_orders(CATALOG["tanh"], 0), "n:"),
    (lambda: CATALOG["tanh"].derivative(torch.zeros(2, dtype=D), -1), "order"),
])
def test_bad_arguments_raise_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# --- root_product_exp (li2018overparameterized Proposition 1) --------------------------------

@settings(max_examples=6)
@given(roots=st.lists(st.integers(-8, 8).map(lambda k: k / 4), min_size=1, max_size=3).map(sorted),
       sign=st.sampled_from([1.0, -1.0]))
def test_root_product_exp_family(roots, sign):
    act = acts.root_product_exp(roots, sign)
    _assert_all_hold(act)
    assert float(act(torch.tensor(roots, dtype=D)).abs().max()) == 0.0  # exact zeros at the roots
    t0 = roots[0]
    if len(roots) == 1:  # Leibniz: d^k[(t - t0) e^t](0) = k - t0
        want = [sym.exact(sign) * (k - sym.exact(t0)) for k in range(5)]
        assert act.exact_derivatives_at(0, 4) == want


def test_root_product_exp_double_root_derivatives():
    """-(t - t0)^2 e^t: sigma^(k)(0) = -((k - t0)^2 - k), zero iff t0 = j^2 +- j (here t0 = 2, k = 1)."""
    for t0 in (1.0, 0.5, -1.5, 2.0):
        d = acts.root_product_exp((t0, t0)).exact_derivatives_at(0, 6)
        assert d == [-((k - sym.exact(t0)) ** 2 - k) for k in range(7)]
    assert acts.root_product_exp((2.0, 2.0)).exact_derivatives_at(0, 1)[1] == 0
    assert acts.root_product_exp((1.0, 1.0)).nonzero_derivative_orders_at(0, 10) == tuple(range(11))


@pytest.mark.parametrize("roots, sign, match", [((), -1.0, "roots"), ((1.0, 0.0), -1.0, "non-decreasing"),
                                                ((1.0,), 2.0, "sign"), ((float("nan"),), -1.0, "roots")])
def test_root_product_exp_rejects_bad_arguments(roots, sign, match):
    with pytest.raises(ValueError, match=match):
        acts.root_product_exp(roots, sign)
