"""Certificates: each accepts what it should and REJECTS known-bad cases.

Toys (``Objective``): x^2 - y^2 (saddle), x^2 + 3 y^2 (strict minimum), x^4 + y^4
(degenerate minimum), li2022benefit's (1 - u v^2)^2 at (-1, 0) (non-strict minimum),
diagonal quadratics drawn by hypothesis. Networks (``Problem``): minima found by
scipy least squares. Rounding bounds are checked against 50-digit mpmath references.
"""

import math

import mpmath
import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st
from scipy.optimize import least_squares
from torch.func import jacrev

from landscape.certificates import (
    U,
    Objective,
    constant_along_path,
    critical_point,
    dyadic_grid,
    gamma,
    local_minimum_probe,
    path_certificate,
    path_decreasing,
    rounding_model,
    saddle,
    strict_local_minimum,
    suboptimal,
)
from landscape.certificates._local import spectrum
from landscape.evidence import Certificate, Evidence, require, require_not
from landscape.nets import Network, Problem, one_hidden_layer

F64 = dict(dtype=torch.float64)
ORIGIN = torch.zeros(2, **F64)

SADDLE = Objective(lambda t: t[0] ** 2 - t[1] ** 2, 2, "x^2 - y^2", magnitude=lambda t: t[0] ** 2 + t[1] ** 2)
BOWL = Objective(lambda t: t[0] ** 2 + 3 * t[1] ** 2, 2, "x^2 + 3y^2", magnitude=lambda t: t[0] ** 2 + 3 * t[1] ** 2)
QUARTIC = Objective(lambda t: t[0] ** 4 + t[1] ** 4, 2, "x^4 + y^4", magnitude=lambda t: t[0] ** 4 + t[1] ** 4)
# li2022benefit: (1 - u v^2)^2 has a non-strict minimum at (-1, 0); the whole line v = 0 has E = 1.
UV = Objective(lambda t: (1 - t[0] * t[1] ** 2) ** 2, 2, "(1 - u v^2)^2",
               magnitude=lambda t: (1 + t[0] * t[1] ** 2) ** 2)
CUBIC = Objective(lambda t: t[0] ** 2 + 3 * t[1] ** 2 + t[0] ** 3, 2, "x^2 + 3y^2 + x^3",
                  magnitude=lambda t: t[0] ** 2 + 3 * t[1] ** 2 + t[0] ** 3)


def _verdict(cert: Certificate, holds: bool, evidence: str):
    assert isinstance(cert, Certificate)
    assert cert.evidence == Evidence(evidence)
    assert cert.holds is holds, cert.summary()
    assert cert.tolerance_derivation, "every certificate documents its tolerance"
    return cert


# ----------------------------------------------------------------------------- Objective

def test_objective_matches_closed_forms():
    theta = torch.tensor([0.3, -1.2], **F64)
    assert float(UV.loss(theta)) == pytest.approx((1 - 0.3 * 1.44) ** 2, rel=1e-15)
    g = UV.gradient(theta)
    r = 1 - 0.3 * 1.44
    assert torch.allclose(g, torch.tensor([2 * r * -1.44, 2 * r * (-2 * 0.3 * -1.2)], **F64), rtol=1e-14)
    H = SADDLE.hessian(theta)
    assert torch.equal(H, torch.tensor([[2.0, 0.0], [0.0, -2.0]], **F64))
    pts = torch.tensor([[1.0, 2.0], [3.0, -1.0], [0.0, 0.0]], **F64)
    assert torch.equal(SADDLE.loss_batch(pts), torch.tensor([-3.0, 8.0, 0.0], **F64))
    along = SADDLE.loss_along(ORIGIN, torch.eye(2, **F64), torch.tensor([1.0, 2.0], **F64))
    assert torch.equal(along, torch.tensor([[1.0, 4.0], [-1.0, -4.0]], **F64))
    v = torch.tensor([1.0, 1.0], **F64)
    assert torch.equal(SADDLE.hvp(theta, v), H @ v)
    assert torch.equal(SADDLE.hvp_batch(theta, torch.eye(2, **F64)), H)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(f=None, n_params=2), "f:"),
        (dict(f=lambda t: t.sum(), n_params=0), "n_params"),
        (dict(f=lambda t: t.sum(), n_params=2, magnitude=3), "magnitude"),
        (dict(f=lambda t: t.sum(), n_params=2, ops=0), "ops"),
    ],
)
def test_objective_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Objective(**kwargs)


def test_objective_rejects_bad_points_and_non_scalar_f():
    with pytest.raises(ValueError, match="theta"):
        BOWL.loss(torch.zeros(3, **F64))
    with pytest.raises(ValueError, match="thetas"):
        BOWL.loss_batch(torch.zeros(4, **F64))
    with pytest.raises(ValueError, match="f:"):
        Objective(lambda t: t * 2, 2, "vector-valued").loss(ORIGIN)
    with pytest.raises(ValueError, match="theta"):
        BOWL.loss(torch.tensor([math.nan, 0.0], **F64))


def test_gamma_definition_and_limits():
    assert gamma(0) == 0.0
    assert gamma(10) == pytest.approx(10 * U / (1 - 10 * U), rel=1e-15)
    with pytest.raises(ValueError, match="k"):
        gamma(2**53)
    with pytest.raises(ValueError, match="k"):
        gamma(-1)


# ----------------------------------------------------------------------------- saddle x^2 - y^2

def test_saddle_at_origin_is_critical_but_rejected_as_minimum():
    _verdict(critical_point(SADDLE, ORIGIN), True, "second-order")
    slm = _verdict(strict_local_minimum(SADDLE, ORIGIN), False, "second-order")
    assert "negative curvature" in slm.explanation
    assert slm.numbers["lambda_min"] == -2.0
    probe = _verdict(local_minimum_probe(SADDLE, ORIGIN), False, "sampled")
    assert probe.numbers["best_drop_r=1e-06"] > 0
    assert "lower" in probe.explanation
    sad = _verdict(saddle(SADDLE, ORIGIN), True, "witness")
    assert sad.numbers["drop"] > sad.numbers["margin"]
    assert sad.numbers["lambda_min"] == -2.0
    require(sad)
    require_not(slm)


def test_saddle_requires_a_critical_point_unless_told_otherwise():
    off = torch.tensor([1.0, 0.5], **F64)
    not_critical = _verdict(saddle(SADDLE, off), False, "witness")
    assert "not critical" in not_critical.explanation
    descent = _verdict(saddle(SADDLE, off, require_critical=False), True, "witness")
    assert descent.question.startswith("theta is not a local minimum")
    _verdict(saddle(BOWL, [1.0, 1.0], require_critical=False), False, "witness")


# ----------------------------------------------------------------------------- strict minimum x^2 + 3y^2

def test_bowl_minimum_is_certified_strict():
    cert = require(_verdict(strict_local_minimum(BOWL, ORIGIN), True, "second-order"))
    assert cert.numbers["lambda_min"] == 2.0 and cert.numbers["lambda_max"] == 6.0
    assert cert.numbers["condition"] == pytest.approx(3.0)
    assert 0 < cert.numbers["hessian_error"] < 1e-12
    assert cert.numbers["margin"] == pytest.approx(2.0)
    _verdict(local_minimum_probe(BOWL, ORIGIN), True, "sampled")
    no = _verdict(saddle(BOWL, ORIGIN), False, "witness")
    assert "no certified negative curvature" in no.explanation


@pytest.mark.parametrize("point", [[1e-3, 0.0], [1.0, 1.0], [0.0, -1e-7]])
def test_non_critical_points_are_rejected(point):
    cp = _verdict(critical_point(BOWL, point), False, "second-order")
    assert cp.numbers["grad_norm"] > cp.numbers["grad_bound"]
    slm = _verdict(strict_local_minimum(BOWL, point), False, "second-order")
    assert "not a critical point" in slm.explanation
    # At (0, -1e-7) the minimizer lies inside every sphere probed; the ball minimization finds it.
    _verdict(local_minimum_probe(BOWL, point), False, "sampled")
    # A user tolerance is honoured and recorded as such.
    loose = critical_point(BOWL, point, tol=10.0)
    assert loose.holds and loose.tolerance == 10.0 and "user" in loose.tolerance_derivation


def test_newton_kantorovich_certifies_a_point_near_a_strict_minimum():
    near = torch.tensor([1e-11, -1e-11], **F64)   # the minimizer of CUBIC is the origin
    cp = critical_point(CUBIC, near)
    assert cp.holds, cp.summary()
    assert cp.numbers["newton_radius"] <= cp.numbers["newton_radius_max"]
    # The Kantorovich route uses an estimated (not bounded) Hessian Lipschitz constant: sampled.
    assert cp.evidence.value == "sampled"
    slm = _verdict(strict_local_minimum(CUBIC, near), True, "sampled")
    assert "Newton-Kantorovich" in slm.explanation
    assert slm.numbers["margin_at_critical_point"] > 0
    # 1e-5 away the Newton radius is far above sqrt(u): theta itself is not critical.
    far = _verdict(strict_local_minimum(CUBIC, [1e-5, 0.0]), False, "second-order")
    assert "not a critical point" in far.explanation
    assert far.numbers["newton_radius"] > far.numbers["newton_radius_max"]


# ----------------------------------------------------------------------------- degenerate minima

def test_quartic_minimum_is_inconclusive_at_second_order_but_passes_the_probe():
    slm = _verdict(strict_local_minimum(QUARTIC, ORIGIN), False, "second-order")
    assert "inconclusive: degenerate Hessian" in slm.explanation
    probe = _verdict(local_minimum_probe(QUARTIC, ORIGIN), True, "sampled")
    assert all(probe.numbers[f"best_drop_r={r:g}"] <= 0 for r in (1e-6, 1e-4, 1e-2))
    _verdict(saddle(QUARTIC, ORIGIN), False, "witness")


def test_quartic_without_twin_uses_the_mixed_model_and_still_refuses():
    bare = Objective(lambda t: t[0] ** 4 + t[1] ** 4, 2, "x^4 + y^4 (no twin)")
    slm = strict_local_minimum(bare, ORIGIN)
    assert not slm.holds and "degenerate" in slm.explanation
    assert "mixed forward/backward" in slm.tolerance_derivation


def test_li2022benefit_non_strict_minimum_of_one_minus_uv2_squared():
    p = torch.tensor([-1.0, 0.0], **F64)
    _verdict(critical_point(UV, p), True, "second-order")
    slm = _verdict(strict_local_minimum(UV, p), False, "second-order")
    assert "inconclusive: degenerate Hessian" in slm.explanation
    assert slm.numbers["lambda_min"] == 0.0 and slm.numbers["lambda_max"] == 4.0
    _verdict(local_minimum_probe(UV, p), True, "sampled")
    # The flat direction: E = 1 along v = 0 (not strict).
    line = torch.stack([torch.linspace(-1.5, -0.5, 11, **F64), torch.zeros(11, **F64)], dim=1)
    _verdict(constant_along_path(UV, line), True, "sampled")
    # At (1, 0) the same function has a saddle: the v-direction curvature is -4.
    q = torch.tensor([1.0, 0.0], **F64)
    _verdict(strict_local_minimum(UV, q), False, "second-order")
    sad = _verdict(saddle(UV, q), True, "witness")
    assert sad.numbers["lambda_min"] == -4.0
    _verdict(local_minimum_probe(UV, q), False, "sampled")


# ----------------------------------------------------------------------------- property: quadratics

@given(
    coeffs=st.lists(
        st.floats(1e-3, 1e3).flatmap(lambda a: st.sampled_from([a, -a])), min_size=1, max_size=5
    ),
    seed=st.integers(0, 2**16),
)
def test_diagonal_quadratic_classified_by_the_signs(coeffs, seed):
    """E = sum a_i x_i^2 at 0: strict minimum iff every a_i > 0; saddle iff some a_i < 0."""
    a = torch.tensor(coeffs, **F64)
    obj = Objective(lambda t: (a * t**2).sum(), len(coeffs), "quadratic", magnitude=lambda t: (a.abs() * t**2).sum())
    zero = torch.zeros(len(coeffs), **F64)
    positive = bool((a > 0).all())
    assert strict_local_minimum(obj, zero).holds is positive
    assert saddle(obj, zero).holds is (not positive)
    assert local_minimum_probe(obj, zero, n_directions=32, seed=seed, minimize=False).holds is positive


# ----------------------------------------------------------------------------- networks

def _fit(m, x, y, x0, newton_polish=0):
    net = one_hidden_layer(torch.tanh, m)
    prob = Problem(net, x, y)

    def residual(th):
        return (net.forward(th, prob.X) - prob.Y).reshape(-1)

    sol = least_squares(lambda th: residual(torch.from_numpy(th)).numpy(), np.asarray(x0, dtype=np.float64),
                        jac=lambda th: jacrev(residual)(torch.from_numpy(th)).numpy(),
                        xtol=1e-15, ftol=1e-15, gtol=1e-15, method="lm")
    theta = torch.from_numpy(sol.x)
    for _ in range(newton_polish):  # what a user does after an ill-conditioned fit
        theta = theta - torch.linalg.solve(prob.hessian(theta), prob.gradient(theta))
    return prob, theta


X7 = torch.tensor([-2.0, -1.3, -0.6, 0.4, 0.9, 1.7, 2.4], **F64)
NOISE = torch.tensor([0.05, -0.03, 0.02, 0.04, -0.05, 0.01, -0.02], **F64)


def test_network_minimum_from_least_squares_is_certified():
    prob, theta = _fit(1, X7, 1.5 * torch.tanh(1.2 * X7) + NOISE, [1.0, 1.0])
    cp = _verdict(critical_point(prob, theta), True, "second-order")
    assert cp.numbers["grad_norm"] <= cp.numbers["grad_bound"] < 1e-12  # tight: rounding level
    slm = _verdict(strict_local_minimum(prob, theta), True, "second-order")
    assert slm.numbers["lambda_min"] > 0.5 and slm.numbers["hessian_error"] < 1e-10
    _verdict(local_minimum_probe(prob, theta), True, "sampled")
    _verdict(saddle(prob, theta), False, "witness")
    _verdict(suboptimal(prob, theta, torch.zeros(2, **F64)), False, "witness")
    # The fitted point is strictly better than the origin: the converse witness holds.
    _verdict(suboptimal(prob, torch.zeros(2, **F64), theta), True, "witness")


def test_ill_conditioned_fit_needs_polishing_before_certification():
    y = 2 * torch.tanh(0.5 * X7) + torch.tanh(-3 * X7) + NOISE
    prob, rough = _fit(2, X7, y, [0.4, -2.5, 1.5, 1.2])
    rough_cert = strict_local_minimum(prob, rough)
    _, polished = _fit(2, X7, y, [0.4, -2.5, 1.5, 1.2], newton_polish=2)
    cert = _verdict(strict_local_minimum(prob, polished), True, "second-order")
    assert cert.numbers["condition"] > 1e3
    # The rough point may or may not pass; if it fails, it must be for the gradient.
    if not rough_cert.holds:
        assert "not a critical point" in rough_cert.explanation


def test_interpolating_symmetric_fit_is_degenerate_not_strict():
    """Odd data, odd net, 4 parameters for 3 independent equations: a manifold of global minima."""
    x = torch.linspace(-2, 2, 6, **F64)
    prob, theta = _fit(2, x, torch.sin(2 * x) + 0.3 * x, [0.5, -1.0, 1.0, 0.7])
    assert float(prob.loss(theta)) < 1e-25
    slm = _verdict(strict_local_minimum(prob, theta), False, "second-order")
    assert "degenerate" in slm.explanation
    _verdict(local_minimum_probe(prob, theta), True, "sampled")


# ----------------------------------------------------------------------------- rounding bounds are sound

def _exact_loss_grad_hess(prob, theta):
    """50-digit loss, gradient and Hessian of a scalar 1-hidden-layer tanh net (li2022benefit (5))."""
    mpmath.mp.dps = 50
    m = prob.n_params // 2
    w = [mpmath.mpf(float(v)) for v in theta[:m]]
    v = [mpmath.mpf(float(c)) for c in theta[m:]]
    xs = [mpmath.mpf(float(c)) for c in prob.X[0]]
    ys = [mpmath.mpf(float(c)) for c in prob.Y[0]]
    r = [y - sum(v[j] * mpmath.tanh(w[j] * x) for j in range(m)) for x, y in zip(xs, ys)]
    E = sum(ri**2 for ri in r)
    gw = [sum(-2 * ri * v[j] * (1 - mpmath.tanh(w[j] * x) ** 2) * x for ri, x in zip(r, xs)) for j in range(m)]
    gv = [sum(-2 * ri * mpmath.tanh(w[j] * x) for ri, x in zip(r, xs)) for j in range(m)]
    H = mpmath.zeros(2 * m, 2 * m)
    for ri, x in zip(r, xs):
        s = [mpmath.tanh(w[j] * x) for j in range(m)]
        ds = [1 - sj**2 for sj in s]
        dr = [-v[j] * ds[j] * x for j in range(m)] + [-s[j] for j in range(m)]   # grad of r_i
        for p in range(2 * m):
            for q in range(2 * m):
                H[p, q] += 2 * dr[p] * dr[q]
        for j in range(m):  # r_i * Hess r_i: d2/dw_j^2 = -v_j s_j'' x^2, d2/dw_j dv_j = -s_j' x
            H[j, j] += 2 * ri * (-v[j] * (-2 * s[j] * ds[j]) * x**2)
            H[j, m + j] += 2 * ri * (-ds[j] * x)
            H[m + j, j] += 2 * ri * (-ds[j] * x)
    return E, gw + gv, H


@given(seed=st.integers(0, 2**32 - 1), interpolate=st.booleans(), m=st.integers(1, 3))
def test_rounding_bounds_hold_against_50_digit_reference(seed, interpolate, m):
    g = torch.Generator().manual_seed(seed)
    net = one_hidden_layer(torch.tanh, m)
    x = torch.randn(6, generator=g, **F64) * 2
    theta = torch.randn(2 * m, generator=g, **F64) * 2
    # interpolate: Y = the network's own float64 output, so residuals cancel to rounding level.
    y = net.forward(theta, x[None, :])[0] if interpolate else torch.randn(6, generator=g, **F64)
    prob = Problem(net, x, y)
    model = rounding_model(prob)
    E_exact, g_exact, H_exact = _exact_loss_grad_hess(prob, theta)
    assert abs(mpmath.mpf(float(prob.loss(theta))) - E_exact) <= model.loss_error(theta)
    err = [abs(mpmath.mpf(float(c)) - e) for c, e in zip(prob.gradient(theta), g_exact)]
    bound = model.grad_error(theta)
    assert all(e <= float(b) for e, b in zip(err, bound)), (err, bound)
    # Hessian: the eigenvalue error bound (Weyl + eigensolver) covers every computed eigenvalue.
    spec = spectrum(prob, theta, model)
    exact_eigs = sorted(mpmath.eigsy(H_exact)[0])
    assert all(abs(mpmath.mpf(float(lam)) - ex) <= spec.error for lam, ex in zip(spec.values, exact_eigs))
    H = spec.hessian  # symmetrized fl(H)
    diff = mpmath.matrix([[mpmath.mpf(float(H[p, q])) - H_exact[p, q] for q in range(2 * m)] for p in range(2 * m)])
    assert max(abs(e) for e in mpmath.eigsy(diff)[0]) <= model.hess_error(theta)  # ||fl H - H||_2


def _mp_loss(net, X, Y, params):
    """E in mpmath arithmetic, for any depth (``params`` flat, the network's layout)."""
    offset, t = 0, [[mpmath.mpf(float(c)) for c in row] for row in X]
    for i, (rows, cols) in enumerate(zip(net.widths[1:], net.widths[:-1])):
        W = [params[offset + r * cols: offset + (r + 1) * cols] for r in range(rows)]
        offset += rows * cols
        b = params[offset: offset + rows] if net.bias else [0] * rows
        offset += rows if net.bias else 0
        z = [[sum(W[r][k] * t[k][n] for k in range(cols)) + b[r] for n in range(len(t[0]))] for r in range(rows)]
        t = z if i == net.depth else [[mpmath.tanh(c) for c in row] for row in z]
    return sum((mpmath.mpf(float(Y[o, n])) - t[o][n]) ** 2 for o in range(len(t)) for n in range(len(t[0])))


@given(seed=st.integers(0, 2**32 - 1), bias=st.booleans(), interpolate=st.booleans())
@settings(max_examples=10)
def test_deeper_network_rounding_bounds_hold_against_reference(seed, bias, interpolate):
    g = torch.Generator().manual_seed(seed)
    net = Network((2, 3, 2, 1), torch.tanh, bias=bias)
    X = torch.randn(2, 4, generator=g, **F64)
    theta = torch.randn(net.n_params, generator=g, **F64) * 1.5
    Y = net.forward(theta, X) if interpolate else torch.randn(1, 4, generator=g, **F64)
    prob = Problem(net, X, Y)
    model = rounding_model(prob)
    mpmath.mp.dps = 40
    params = [mpmath.mpf(float(c)) for c in theta]
    E_exact = _mp_loss(net, X, Y, params)
    assert abs(mpmath.mpf(float(prob.loss(theta))) - E_exact) <= model.loss_error(theta)
    f = lambda *ps: _mp_loss(net, X, Y, list(ps))  # noqa: E731
    P = net.n_params
    g_exact = [mpmath.diff(f, params, tuple(int(q == p) for q in range(P))) for p in range(P)]
    err = [abs(mpmath.mpf(float(c)) - e) for c, e in zip(prob.gradient(theta), g_exact)]
    bound = model.grad_error(theta)
    assert all(e <= float(b) for e, b in zip(err, bound)), (err, bound)


class _HalfSquared:
    name = "half_squared"

    def __call__(self, Y, Yhat):
        return 0.5 * ((Y - Yhat) ** 2).sum()


def test_loss_choice_selects_the_rounding_model():
    g = torch.Generator().manual_seed(3)
    net = one_hidden_layer(torch.tanh, 2)
    x, y, theta = (torch.randn(5, generator=g, **F64) for _ in range(3))
    theta = theta[:4]
    full = rounding_model(Problem(net, x, y))
    half = rounding_model(Problem(net, x, y, loss_fn=_HalfSquared()))
    assert half.name == full.name and "running-error" in half.name
    assert half.loss_error(theta) == pytest.approx(full.loss_error(theta) / 2, rel=1e-15)
    assert torch.allclose(half.grad_error(theta), full.grad_error(theta) / 2, rtol=1e-15)
    other = rounding_model(Problem(net, x, y, loss_fn=lambda Y, Yh: ((Y - Yh) ** 2).mean()))
    assert other.name == "mixed forward/backward" and "exact cancellations are not seen" in other.description


# ----------------------------------------------------------------------------- suboptimal

def test_suboptimal_witness_and_rejections():
    cert = _verdict(suboptimal(BOWL, [1.0, 1.0], [0.0, 0.0]), True, "witness")
    assert cert.numbers["drop"] == 4.0 and cert.numbers["margin"] < 1e-13
    equal = _verdict(suboptimal(BOWL, [1.0, 1.0], [-1.0, 1.0]), False, "witness")   # same value
    assert equal.numbers["drop"] == 0.0
    _verdict(suboptimal(BOWL, [0.0, 0.0], [1.0, 1.0]), False, "witness")              # higher
    shifted = Objective(lambda t: 1 + t[0] ** 2, 1, "1 + x^2", magnitude=lambda t: 1 + t[0] ** 2)
    tiny = _verdict(suboptimal(shifted, [1e-9], [0.0]), False, "witness")             # below rounding
    assert 0 <= tiny.numbers["drop"] <= tiny.numbers["margin"]
    with pytest.raises(ValueError, match="lower"):
        suboptimal(BOWL, [1.0, 1.0], [0.0])


# ----------------------------------------------------------------------------- paths

def test_dyadic_grid():
    t = dyadic_grid(10)
    assert t.dtype == torch.float64
    assert bool((t[1:] > t[:-1]).all()) and float(t[0]) == 0.0 and float(t[-1]) == 1 - 2**-10
    assert all(1 - 2.0**-j in t.tolist() for j in range(11))
    assert bool((t < 1).all())
    assert torch.equal(dyadic_grid(3, n_uniform=4), torch.tensor([0.0, 0.25, 0.5, 0.75, 0.875], **F64))
    for bad in (-1, 1.5, 60):
        with pytest.raises(ValueError, match="k"):
            dyadic_grid(bad)


def test_path_decreasing_on_value_sequences():
    require(_verdict(path_decreasing([3.0, 2.0, 1.0, 0.5]), True, "sampled"))
    bump = _verdict(path_decreasing([3.0, 2.0, 2.5, 1.0]), False, "sampled")
    assert "bump" in bump.explanation and bump.numbers["first_bad_step"] == 1
    assert not path_decreasing([3.0, 2.0, 2.5, 1.0], strict=False).holds
    plateau = _verdict(path_decreasing([3.0, 2.0, 2.0, 1.0]), False, "sampled")
    assert "cannot be certified" in plateau.explanation
    _verdict(path_decreasing([3.0, 2.0, 2.0, 1.0], strict=False), True, "sampled")
    # Drops of one ulp are real in float64 but not above the values' rounding: not certifiable.
    ulp = _verdict(path_decreasing([1.0, 1.0 - 2**-53, 1.0 - 2**-52]), False, "sampled")
    assert "cannot be certified" in ulp.explanation
    # Same drops with exact values (margins 0) are certified.
    _verdict(path_decreasing([1.0, 1.0 - 2**-53, 1.0 - 2**-52], margins=0.0), True, "sampled")
    # Target: reached within tolerance, or missed.
    _verdict(path_decreasing([3.0, 2.0, 1e-9], target=0.0, target_tol=1e-8), True, "sampled")
    above = _verdict(path_decreasing([3.0, 2.0, 1.0], target=0.0, target_tol=1e-3), False, "sampled")
    assert "misses target" in above.explanation
    _verdict(path_decreasing([3.0, 2.0, 0.0], target=0.0), True, "sampled")


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(values=[1.0]), "values"),
        (dict(values=[1.0, math.inf]), "values"),
        (dict(values=[2.0, 1.0], margins=[0.1]), "margins"),
        (dict(values=[2.0, 1.0], margins=-1.0), "margins"),
        (dict(values=[2.0, 1.0], target=0.0, target_tol=-1.0), "target_tol"),
    ],
)
def test_path_decreasing_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        path_decreasing(**kwargs)


def test_path_certificate_straight_line_to_minimum_and_a_bumpy_path():
    start = torch.tensor([1.0, 1.0], **F64)
    line = lambda ts: (1 - ts)[:, None] * start[None, :]  # noqa: E731
    ts = dyadic_grid(20)
    ok = _verdict(path_certificate(BOWL, line, ts, target=0.0, target_tol=1e-10), True, "sampled")
    assert ok.numbers["last"] == pytest.approx(4 * 2.0**-40)
    _verdict(path_certificate(BOWL, line(ts), target=0.0, target_tol=1e-10), True, "sampled")  # (T, P) points
    short = _verdict(path_certificate(BOWL, line, ts, target=0.0, target_tol=1e-13), False, "sampled")
    assert "misses target" in short.explanation
    bumpy = lambda ts: line(ts) + torch.sin(math.pi * ts)[:, None] * torch.tensor([0.0, 1.0], **F64)  # noqa: E731
    bad = _verdict(path_certificate(BOWL, bumpy, ts), False, "sampled")
    assert "bump" in bad.explanation
    default = path_certificate(BOWL, line, target=0.0, target_tol=1e-10)   # ts = dyadic_grid(20)
    assert default.holds and default.numbers["n_values"] == len(ts)
    with pytest.raises(ValueError, match="ts"):
        constant_along_path(BOWL, line)
    with pytest.raises(ValueError, match="path"):
        path_certificate(BOWL, torch.zeros(5, 3, **F64))


def test_constant_along_path_accepts_level_sets_and_rejects_others():
    ts = torch.linspace(0, 2 * math.pi, 64, **F64)
    circle = torch.stack([torch.cos(ts), torch.sin(ts)], dim=1)
    ring = Objective(lambda t: t[0] ** 2 + t[1] ** 2, 2, "x^2 + y^2", magnitude=lambda t: t[0] ** 2 + t[1] ** 2)
    ok = _verdict(constant_along_path(ring, circle), True, "sampled")
    assert ok.numbers["max_deviation"] <= ok.numbers["margin_at_worst"]
    no = _verdict(constant_along_path(BOWL, circle), False, "sampled")
    assert "not constant" in no.explanation and no.numbers["max_deviation"] == pytest.approx(2.0, rel=1e-2)
    # A level set off by 1e-12 is detected (far above rounding at E ~ 1).
    nudged = circle.clone()
    nudged[10] *= 1 + 1e-12
    _verdict(constant_along_path(ring, nudged), False, "sampled")
    # Callable form with ts.
    _verdict(constant_along_path(ring, lambda s: torch.stack([torch.cos(s), torch.sin(s)], dim=1), ts), True, "sampled")


def test_rescaling_curve_of_a_relu_network_is_constant_and_of_tanh_is_not():
    """ReLU is positively homogeneous: (w, v) -> (a w, v / a), a > 0, keeps every output."""
    g = torch.Generator().manual_seed(5)
    x, y = torch.randn(6, generator=g, **F64), torch.randn(6, generator=g, **F64)
    w, v = torch.randn(3, generator=g, **F64), torch.randn(3, generator=g, **F64)
    curve = lambda a: torch.cat([a[:, None] * w[None, :], v[None, :] / a[:, None]], dim=1)  # noqa: E731
    scales = torch.linspace(0.25, 4.0, 33, **F64)
    relu = Problem(one_hidden_layer(torch.relu, 3), x, y)
    ok = _verdict(constant_along_path(relu, curve, scales), True, "sampled")
    assert ok.numbers["max_deviation"] <= ok.numbers["margin_at_worst"]
    _verdict(constant_along_path(Problem(one_hidden_layer(torch.tanh, 3), x, y), curve, scales), False, "sampled")
    with pytest.raises(ValueError, match="point_error"):
        constant_along_path(relu, curve, scales, point_error=-1.0)


# ----------------------------------------------------------------------------- probe mechanics

class _Counting:
    """Delegates to an Objective and counts loss/loss_batch calls (batched sampling check)."""

    def __init__(self, obj):
        self.obj, self.n_params, self.calls = obj, obj.n_params, {"loss": 0, "loss_batch": 0}

    def loss(self, theta):
        self.calls["loss"] += 1
        return self.obj.loss(theta)

    def loss_batch(self, thetas):
        self.calls["loss_batch"] += 1
        return self.obj.loss_batch(thetas)

    def gradient(self, theta):
        return self.obj.gradient(theta)

    def hessian(self, theta):
        return self.obj.hessian(theta)

    def rounding_model(self):
        return self.obj.rounding_model()


def test_probe_is_batched_and_deterministic():
    counting = _Counting(QUARTIC)
    cert = local_minimum_probe(counting, ORIGIN, n_directions=512, minimize=False)
    # 512 random + 2 x 2 Hessian eigenvectors (the zero gradient gives no descent direction), 3 radii.
    assert cert.numbers["n_samples"] == 3 * (512 + 2 * 2)
    assert counting.calls == {"loss": 1, "loss_batch": 1}
    a = local_minimum_probe(SADDLE, ORIGIN, seed=3)
    b = local_minimum_probe(SADDLE, ORIGIN, seed=3)
    assert a.to_dict() == b.to_dict()


def test_probe_minimization_finds_what_sampling_misses():
    """A narrow dip at distance 0.005 in a 10-d bowl: 8 random directions miss it, SLSQP finds it."""
    c = torch.zeros(10, **F64)
    c[3] = 0.005
    f = lambda t: (t**2).sum() - 2e-4 * torch.exp(-((t - c) ** 2).sum() / 1e-5)  # noqa: E731
    dip = Objective(f, 10, "bowl with a dip")
    e0 = float(dip.loss(torch.zeros(10, **F64)))
    assert float(dip.loss(c)) < e0  # the dip is real and lower than the center
    sampled = local_minimum_probe(dip, torch.zeros(10, **F64), radii=(1e-2,), n_directions=8, minimize=False)
    searched = local_minimum_probe(dip, torch.zeros(10, **F64), radii=(1e-2,), n_directions=8, minimize=True)
    assert searched.numbers["best_drop_r=0.01"] > sampled.numbers["best_drop_r=0.01"]
    assert not searched.holds


@pytest.mark.parametrize(
    "kwargs, match",
    [(dict(radii=(-1.0,)), "radii"), (dict(radii=()), "radii"), (dict(n_directions=0), "n_directions"),
     (dict(seed=0.5), "seed")],
)
def test_probe_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        local_minimum_probe(BOWL, ORIGIN, **kwargs)


def test_certificates_reject_bad_objects_and_points():
    with pytest.raises(ValueError, match="obj"):
        critical_point(object(), ORIGIN)
    with pytest.raises(ValueError, match="theta"):
        strict_local_minimum(BOWL, torch.zeros(3, **F64))
    with pytest.raises(ValueError, match="grad_tol"):
        strict_local_minimum(BOWL, ORIGIN, grad_tol=-1.0)
    with pytest.raises(ValueError, match="tol"):
        critical_point(BOWL, ORIGIN, tol=math.nan)


def test_certificate_numbers_are_strict_json():
    import json

    for cert in (strict_local_minimum(SADDLE, ORIGIN), local_minimum_probe(BOWL, ORIGIN, minimize=False),
                 saddle(SADDLE, ORIGIN), critical_point(BOWL, [1.0, 1.0])):
        json.dumps(cert.to_dict(), allow_nan=False)


def test_probe_survives_huge_losses_without_overflow():
    # Regression: li2022benefit Thm 7 instances reach E ~ 5e18; SLSQP then ended far outside the
    # unit ball and ||z|| overflowed (a RuntimeWarning, an error under this suite's config).
    from landscape.activations import get, shifted
    from landscape.constructions.li2022benefit import thm7_instance

    inst = thm7_instance(shifted(get("relu"), -1.0),
                         x=[281.359375, 40.296875, 3.046875, 3.0, 0.046875, 0.03125, 0.015625], m=3)
    rho = min(inst.numbers["rho_w"], inst.numbers["rho_v"])
    cert = local_minimum_probe(inst.problem, inst.point, radii=(1e-1 * rho, 0.9 * rho), n_directions=32)
    assert cert.holds and cert.numbers["loss"] > 1e18, cert.summary()


def test_rounding_model_is_finite_where_an_exact_zero_meets_an_infinite_derivative():
    # sqrt-type sigma = sign(t)|t|^(1/2) has sigma'(0) = inf; at a sample x = 0 the pre-activation
    # is computed exactly (z_abs = 0), so no rounding reaches sigma and the bound stays finite.
    from landscape.activations import get

    act = get("monomial(p=0.5)")
    prob = Problem(Network((1, 2, 1), act), torch.tensor([[0.0, 1.0, 2.0]], dtype=torch.float64),
                   torch.tensor([[0.0, 1.0, 3.0]], dtype=torch.float64))
    err = rounding_model(prob).loss_error(torch.tensor([0.0, 0.5, 1.0, -1.0], dtype=torch.float64))
    assert math.isfinite(err) and err > 0
