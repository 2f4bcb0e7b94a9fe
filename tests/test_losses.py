"""Losses: definitions as printed, declared convexity in Yhat verified both ways by one midpoint checker,
nguyen2017loss's robust losses against their exact forms."""

from __future__ import annotations

import math
import pickle

import mpmath
import numpy as np
import pytest
import sympy
import torch
from hypothesis import find, given, settings, strategies as st
from hypothesis.extra.numpy import arrays
from torch.func import grad, vmap

from landscape import losses as L
from landscape.activations import get as get_activation
from landscape.losses import LOSSES, Loss, check_midpoint_convexity
from landscape.nets import Problem, one_hidden_layer

D = torch.float64
U = 2.0**-53

CONVEX = sorted(n for n, l in LOSSES.items() if l.convex)
NONCONVEX = sorted(n for n, l in LOSSES.items() if not l.convex)
ELEMENTWISE = sorted(n for n, l in LOSSES.items() if l.elementwise is not None)

# --- local strategies ---------------------------------------------------------------------------

entries = st.floats(min_value=-20.0, max_value=20.0, allow_nan=False, allow_subnormal=False)


@st.composite
def segments(draw, loss_name: str):
    """(Y, Ya, Yb) of one shape; labels +-1 or probability columns where the loss needs them."""
    d = draw(st.integers(1, 3))
    n = draw(st.integers(1, 5))
    Ya = draw(arrays(np.float64, (d, n), elements=entries))
    Yb = draw(arrays(np.float64, (d, n), elements=entries))
    if loss_name in ("hinge", "squared_hinge", "logistic"):
        Y = draw(arrays(np.float64, (d, n), elements=st.sampled_from([-1.0, 1.0])))
    elif loss_name == "cross_entropy":
        w = draw(arrays(np.float64, (d, n), elements=st.floats(0.0, 1.0)))
        w = w + 1e-3
        Y = w / w.sum(axis=0, keepdims=True)
    else:
        Y = draw(arrays(np.float64, (d, n), elements=entries))
    return tuple(torch.tensor(v, dtype=D) for v in (Y, Ya, Yb))


def t(*v):
    return torch.tensor(v, dtype=D).reshape(1, -1)


# --- definitions ---------------------------------------------------------------------------------

def test_squared_family_definitions():
    Y, Yh = t(1.0, -2.0, 0.5), t(0.0, 1.0, 0.5)
    assert float(L.squared()(Y, Yh)) == 10.0  # sum, no 1/2 (li2022benefit (5))
    assert float(L.half_squared()(Y, Yh)) == 5.0
    assert float(L.mean_squared()(Y, Yh)) == pytest.approx(10.0 / 3, rel=4 * U)
    assert float(L.hinge()(t(1.0, -1.0), t(0.5, 2.0))) == 0.5 + 3.0
    assert float(L.squared_hinge()(t(1.0, -1.0), t(0.5, 2.0))) == 0.25 + 9.0
    assert float(L.logistic()(t(1.0), t(0.0))) == pytest.approx(math.log(2), rel=4 * U)
    onehot = torch.tensor([[1.0], [0.0]], dtype=D)
    assert float(L.cross_entropy()(onehot, torch.zeros(2, 1, dtype=D))) == pytest.approx(math.log(2), rel=4 * U)


def test_squared_matches_network_default():
    net = one_hidden_layer(get_activation("sigmoid"), 2)
    x, y = [0.5, -1.0, 2.0], [1.0, 0.0, -1.0]
    theta = torch.tensor([0.3, -0.2, 1.0, 0.5], dtype=D)
    assert float(Problem(net, x, y).loss(theta)) == float(Problem(net, x, y, loss_fn=L.squared()).loss(theta))


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_losses_are_traceable_in_problems(name):
    loss = LOSSES[name]
    y = [1.0, -1.0, 1.0] if name != "cross_entropy" else [1.0, 1.0, 1.0]
    p = Problem(one_hidden_layer(get_activation("tanh"), 2), [0.5, -1.0, 2.0], y, loss_fn=loss)
    theta = torch.tensor([0.3, -0.2, 1.0, 0.5], dtype=D)
    H = p.hessian(theta)
    assert H.shape == (4, 4) and H.dtype == D and bool(torch.isfinite(H).all())
    batch = torch.stack([theta, 2 * theta])
    assert torch.allclose(p.loss_batch(batch), torch.stack([p.loss(theta), p.loss(2 * theta)]), rtol=1e-15, atol=0)
    assert pickle.loads(pickle.dumps(loss)) == loss


# --- declared convexity, both ways ------------------------------------------------------------------

@pytest.mark.parametrize("name", CONVEX)
@settings(max_examples=25)
@given(data=st.data())
def test_declared_convex_losses_pass_midpoint_checks(name, data):
    Y, Ya, Yb = data.draw(segments(name))
    cert = check_midpoint_convexity(LOSSES[name], Y, Ya, Yb)
    assert cert.holds, cert.summary()


@pytest.mark.parametrize("name", NONCONVEX)
def test_declared_nonconvex_losses_are_rejected_by_the_same_checker(name):
    loss = LOSSES[name]
    Y, Ya, Yb = find(segments(name), lambda s: not check_midpoint_convexity(loss, *s).holds,
                     settings=settings(max_examples=2000, database=None, derandomize=True))
    cert = check_midpoint_convexity(loss, Y, Ya, Yb)
    assert not cert.holds and cert.numbers["violation"] > 1e6 * cert.tolerance


@pytest.mark.parametrize("name, a, b", [("cauchy", 2.0, 4.0), ("blake_zisserman", 1.0, 3.0),
                                        ("corrupted_gaussian", 1.0, 3.0)])
def test_nonconvex_printed_parameters_known_segment(name, a, b):
    cert = check_midpoint_convexity(LOSSES[name], t(0.0), t(a), t(b))
    assert not cert.holds


def test_checker_rejects_a_fake_convex_declaration():
    fake = Loss(name="fake", convex=True, fn=lambda Y, Yh: -((Yh - Y) ** 2).sum())
    assert not check_midpoint_convexity(fake, t(0.0), t(-1.0), t(1.0)).holds
    # and a subtle one: a^2 + exp(-8 a^2)/2 has l''(0) = 2 - 8 < 0, non-convex only near 0
    bump = Loss(name="bump", convex=True, fn=lambda Y, Yh: ((Yh - Y) ** 2 + 0.5 * torch.exp(-8 * (Yh - Y) ** 2)).sum())
    assert not check_midpoint_convexity(bump, t(0.0), t(-0.2), t(0.2)).holds


@settings(max_examples=15)
@given(alpha=st.floats(0.0, 1.0), w=st.floats(0.2, 8.0))
def test_corrupted_gaussian_declared_convexity(alpha, w):
    """The declaration (a numpy scan of l'') agrees with the torch loss and the midpoint checker:
    convex -> autodiff l'' >= 0 on the scan window; non-convex -> a segment around the most
    negative autodiff l'' that the checker rejects."""
    loss = L.corrupted_gaussian(alpha, w)
    a = torch.linspace(0.0, 12.0 * max(1.0, w), 4001, dtype=D)
    l2 = vmap(grad(grad(loss.elementwise)))(a)
    if loss.convex:
        # autodiff of a few exp/log operations: |error| <= 64 u (|l''| + 2 + 4 a^2 / min(1, w)^2)
        assert bool((l2 >= -64 * U * (l2.abs() + 2 + 4 * a * a / min(1.0, w) ** 2)).all())
        return
    c = float(a[int(torch.argmin(l2))])
    rejected = [not check_midpoint_convexity(loss, t(0.0), t(c - h), t(c + h)).holds
                for h in np.array([0.5, 0.2, 0.1, 0.05, 0.02]) * max(1.0, w)]
    assert any(rejected), (c, float(l2.min()))


# --- nguyen2017loss robust losses against their printed formulas -----------------------------------

@pytest.mark.parametrize("name", ELEMENTWISE)
def test_elementwise_losses_match_exact_forms(name):
    loss = LOSSES[name]
    a = np.concatenate([np.linspace(-8, 8, 33), [-1e-4, 3e-7, 25.0]])
    f = sympy.lambdify(L.A, loss.symbolic, "mpmath")
    fp = sympy.lambdify(L.A, sympy.diff(loss.symbolic, L.A), "mpmath")
    with mpmath.workdps(60):
        ref = np.array([float(f(mpmath.mpf(x))) for x in a])
        dref = np.array([float(fp(mpmath.mpf(x))) for x in a])
    got = loss.elementwise(torch.tensor(a, dtype=D)).numpy()
    # few-operation formulas: 32 u relative to |l| + |a l'(a)| (the input's own conditioning)
    assert np.all(np.abs(got - ref) <= 32 * U * (np.abs(ref) + np.abs(a * dref)) + 1e-300)


@pytest.mark.parametrize("name", ["pseudo_huber", "blake_zisserman", "corrupted_gaussian", "cauchy", "squared"])
def test_stationary_points_are_global_minima(name):
    """nguyen2017loss Asm 3.2(3): l'(a) = 0 only at the global minimizer a = 0 (l' has the sign of a)."""
    loss = LOSSES[name]
    # contains 0 exactly; |a| <= 20 keeps e^{-a^2} (Blake-Zisserman, Corrupted-Gaussian) above underflow
    a = torch.arange(-2000, 2001, dtype=D) / 100
    d = vmap(grad(loss.elementwise))(a)
    nz = a != 0
    assert bool((torch.sign(d[nz]) == torch.sign(a[nz])).all())
    assert float(vmap(grad(loss.elementwise))(torch.zeros(1, dtype=D))[0]) == 0.0
    assert bool((loss.elementwise(a) >= loss.elementwise(torch.zeros((), dtype=D))).all())


def test_printed_asymptotics():
    ph = LOSSES["pseudo_huber"].symbolic  # delta = 1: slope 2 delta at infinity
    assert sympy.limit(sympy.diff(ph, L.A), L.A, sympy.oo) == 2
    bz = L.blake_zisserman(0.1).symbolic  # asymptote -log(delta)
    assert sympy.simplify(sympy.limit(bz, L.A, sympy.oo) + sympy.log(L._exact(0.1))) == 0
    for name in ("pseudo_huber", "cauchy"):  # approximate a^2 near 0
        s = sympy.series(LOSSES[name].symbolic, L.A, 0, 4).removeO()
        assert sympy.simplify(s - L.A**2) == 0


@pytest.mark.parametrize("call, match", [
    (lambda: L.pseudo_huber(0.0), "delta"), (lambda: L.blake_zisserman(-1.0), "delta"),
    (lambda: L.corrupted_gaussian(1.5, 1.0), "alpha"), (lambda: L.corrupted_gaussian(0.5, 0.0), "w"),
    (lambda: L.cauchy(0.0), "delta"), (lambda: L.get("nope"), "name"),
    (lambda: check_midpoint_convexity(L.squared(), t(0.0), t(1.0, 2.0), t(1.0)), "Ya, Yb"),
])
def test_bad_arguments_raise_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()
