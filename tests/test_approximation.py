"""Unit tests of :mod:`landscape.approximation` and :func:`landscape.notions.spurious_valley`:
each checker accepts a known-good case and REJECTS a known-bad one; bad arguments raise."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import torch

from landscape import activations as A
from landscape import approximation as AP
from landscape import notions as NT
from landscape.nets import Network, Problem, one_hidden_layer


def _relu(p):
    return np.maximum(np.asarray(p)[:, 0], 0.0)


# --------------------------------------------------------------------------- box_points, sup_table, converges
def test_box_points_shape_and_corners():
    pts = AP.box_points((0.0, -1.0), (1.0, 1.0), 3)
    assert pts.shape == (9, 2)
    assert {tuple(p) for p in pts} >= {(0.0, -1.0), (1.0, 1.0), (0.5, 0.0)}


@pytest.mark.parametrize("lo, hi", [((1.0,), (0.0,)), ((0.0,), (np.inf,)), ((0.0, 0.0), (1.0,))])
def test_box_points_rejects_non_boxes(lo, hi):
    with pytest.raises(ValueError, match="lo, hi"):
        AP.box_points(lo, hi, 3)


def test_box_points_rejects_one_node():
    with pytest.raises(ValueError, match="n:"):
        AP.box_points((0.0,), (1.0,), 1)


def test_sup_table_values_and_vector_norm():
    t = AP.sup_table(lambda k, p: _relu(p) + 1.0 / k, _relu, (1, 2, 4), [((-1.0,), (1.0,))], n=5)
    assert np.allclose(t.sups[0], [1.0, 0.5, 0.25])
    vec = AP.sup_table(lambda k, p: np.stack([p[:, 0] + 3.0 / k, p[:, 0] + 4.0 / k], 1),
                       lambda p: np.stack([p[:, 0], p[:, 0]], 1), (1,), [((0.0,), (1.0,))], n=3)
    assert vec.sups[0, 0] == pytest.approx(5.0)  # ||(3, 4)||_2


def test_sup_table_rejects_bad_arguments():
    with pytest.raises(ValueError, match="ks"):
        AP.sup_table(lambda k, p: _relu(p), _relu, (2, 1), [((0.0,), (1.0,))])
    with pytest.raises(ValueError, match="boxes"):
        AP.sup_table(lambda k, p: _relu(p), _relu, (1, 2), [])
    with pytest.raises(ValueError, match="family"):
        AP.sup_table(lambda k, p: _relu(p) + np.inf, _relu, (1, 2), [((0.0,), (1.0,))])


def test_converges_accepts_and_rejects():
    ks = tuple(2**j for j in range(12))
    box = [((-2.0,), (2.0,))]
    good = AP.converges(AP.sup_table(lambda k, p: _relu(p) + 1.0 / k, _relu, ks, box), (0.1, 0.01))
    assert good.holds and good.evidence == "sampled"
    off = AP.converges(AP.sup_table(lambda k, p: _relu(p) + 1.0, _relu, ks, box), (0.1,))
    assert not off.holds and "no K" in off.explanation
    # a drop at the last sampled k only is not a tail
    late = AP.converges(AP.sup_table(lambda k, p: _relu(p) + (k < ks[-1]), _relu, ks, box), (0.1,))
    assert not late.holds
    # compact but not uniform: f + x/k on a far box
    far = AP.sup_table(lambda k, p: _relu(p) + p[:, 0] / k, _relu, ks, [((-1e6,), (1e6,))])
    assert not AP.converges(far, (0.01,), notion="uniform").holds


def test_converges_rejects_bad_arguments():
    t = AP.sup_table(lambda k, p: _relu(p), _relu, (1, 2), [((0.0,), (1.0,))])
    with pytest.raises(ValueError, match="eps_levels"):
        AP.converges(t, (0.0,))
    with pytest.raises(ValueError, match="notion"):
        AP.converges(t, (0.1,), notion="pointwise")
    with pytest.raises(ValueError, match="two sampled k"):
        AP.converges(AP.sup_table(lambda k, p: _relu(p), _relu, (1,), [((0.0,), (1.0,))]), (0.1,))


# --------------------------------------------------------------------------- Lemma 8
@pytest.mark.parametrize("k", [0, 1, 5])
def test_lemma8_approximant_continuous_strictly_decreasing_and_close(k):
    f = lambda x: -np.tanh(np.asarray(x))  # noqa: E731  non-increasing
    fk = AP.lemma8_approximant(f, k)
    a = k + 1.0
    for x0 in (-a, a):  # (85a), (85b): continuity at the joints
        assert abs(fk(np.array([x0 - 1e-9]))[0] - fk(np.array([x0 + 1e-9]))[0]) < 1e-8
    x = np.linspace(-3 * a, 3 * a, 2001)
    assert np.all(np.diff(fk(x)) < 0)  # (86): strictly decreasing
    inside = np.abs(x) <= a
    dev = np.abs(fk(x) - f(x))[inside]
    assert dev.max() <= AP.lemma8_sup_bound(k, a) + 1e-15 <= 2 / (k + 1) + 1e-15  # (87)
    assert np.allclose(fk(x)[inside], f(x)[inside] - (x[inside] + a) / a**2)


def test_lemma8_not_uniform_and_nondecreasing_variant():
    f = lambda x: np.tanh(np.asarray(x))  # noqa: E731  bounded: linear tails drift away
    fk = AP.lemma8_approximant(f, 3, monotone="nondecreasing")
    x = np.linspace(-50, 50, 1001)
    assert np.all(np.diff(fk(x)) > 0)
    assert np.abs(fk(x) - f(x)).max() > 10  # not uniform on R
    assert AP.lemma8_sup_bound(3, 5.0) == math.inf


def test_lemma8_rejects_bad_arguments():
    with pytest.raises(ValueError, match="monotone"):
        AP.lemma8_approximant(np.tanh, 1, monotone="increasing-ish")
    with pytest.raises(ValueError, match="k:"):
        AP.lemma8_approximant(np.tanh, -1)
    with pytest.raises(ValueError, match="R:"):
        AP.lemma8_sup_bound(1, -1.0)
    with pytest.raises(ValueError, match="k:"):
        AP.lemma8_sup_bound(-1, 1.0)


# --------------------------------------------------------------------------- Lemma 7
def test_composition_terms_triangle_and_distance():
    pts = np.linspace(-1, 1, 11)[:, None]
    terms = AP.composition_terms(lambda z: np.sin(z[:, 0]) + 0.1, lambda z: np.sin(z[:, 0]),
                                 lambda p: p + 0.5, lambda p: p, pts)
    assert terms["sup_dist"] == pytest.approx(0.5)
    assert terms["sup_term_gk"] == pytest.approx(0.1)
    assert terms["triangle_excess"] <= 0


# --------------------------------------------------------------------------- n-D basins
def _wells(dim: int, n: int):
    ax = np.linspace(-3, 3, n)  # the sub-optimal well's components stay inside the window
    mesh = np.meshgrid(*([ax] * dim), indexing="ij")
    q1 = sum((x + 1) ** 2 for x in mesh) + 0.5  # sub-optimal well at (-1, ..., -1)
    q2 = sum((x - 1) ** 2 for x in mesh)
    return np.minimum(q1, q2), ax[1] - ax[0], mesh


@pytest.mark.parametrize("dim, n", [(1, 31), (2, 31), (3, 31), (4, 25)])
def test_weakly_global_nd_flags_a_basin_and_passes_a_bowl(dim, n):
    f, h, mesh = _wells(dim, n)
    bad = AP.weakly_global_nd(f, h, n_levels=48)
    assert not bad.holds and "sub-optimal basin" in bad.explanation
    assert bad.numbers["witness_argmin"] == str(((n - 1) // 3,) * dim)  # the node (-1, ..., -1)
    bowl = sum((x - 1) ** 2 for x in mesh)
    assert AP.weakly_global_nd(bowl, h, n_levels=48).holds


def _wells_refine(axes):
    mesh = np.meshgrid(*axes, indexing="ij")
    v = np.minimum(sum((x + 1) ** 2 for x in mesh) + 0.5, sum((x - 1) ** 2 for x in mesh))
    return v, 1e-15 * np.abs(v)


def test_weakly_global_nd_second_stage_resolves_coarse_4d_wells():
    # The 4-D wells on 13 nodes per axis (step 1/2): the barrier is within the grid's neighbour variation,
    # so stage 1 alone stays silent; re-gridding the grid local minima finds the basin.
    f, h, _ = _wells(4, 13)
    assert AP.weakly_global_nd(f, h, n_levels=48).holds
    ax = [np.linspace(-3, 3, 13)] * 4
    found = AP.weakly_global_nd(f, h, n_levels=48, axes=ax, refine=_wells_refine)
    assert not found.holds and "re-gridded" in found.explanation
    assert found.numbers["witness_argmin"] == str((4,) * 4)  # the node (-1, ..., -1)
    bowl = sum((x - 1) ** 2 for x in np.meshgrid(*ax, indexing="ij"))
    assert AP.weakly_global_nd(bowl, h, axes=ax, refine=lambda a: (sum((x - 1) ** 2 for x in np.meshgrid(
        *a, indexing="ij")), None)).holds


def test_box_barrier_accepts_a_walled_well_rejects_a_slope_and_a_global_well():
    ax = np.linspace(-1, 1, 9)
    x, y = np.meshgrid(ax, ax, indexing="ij")
    well = x**2 + y**2 + 1.0  # min 1 inside, walls at 2 on the faces' midpoints
    w = AP.box_barrier(well, None, infimum=0.0)
    assert w is not None and w["min"] == 1.0 and w["barrier"] > 1.0
    assert AP.box_barrier(x + 2.0, None, infimum=0.0) is None  # the minimum is on the boundary
    assert AP.box_barrier(well - 1.0, None, infimum=0.0) is None  # its minimum is the infimum


def test_weakly_global_nd_rejects_bad_arguments():
    f, h, _ = _wells(2, 31)
    with pytest.raises(ValueError, match="n_levels"):
        AP.weakly_global_nd(f, h, n_levels=0)
    with pytest.raises(ValueError, match="n_levels"):
        AP.weakly_global_nd(f, h, n_levels=-3)
    with pytest.raises(ValueError, match="infimum"):
        AP.weakly_global_nd(f, h, infimum=1.0)
    with pytest.raises(ValueError, match="infimum"):
        AP.weakly_global_nd(f, h, infimum=float("nan"))
    with pytest.raises(ValueError, match="axes, refine"):
        AP.weakly_global_nd(f, h, refine=_wells_refine)
    with pytest.raises(ValueError, match="axes"):
        AP.weakly_global_nd(f, h, axes=[np.linspace(-3, 3, 30)] * 2, refine=_wells_refine)
    with pytest.raises(ValueError, match="fine_nodes"):
        AP.weakly_global_nd(f, h, axes=[np.linspace(-3, 3, 31)] * 2, refine=_wells_refine, fine_nodes=2)


def test_rate_levels_values_and_bad_arguments():
    assert AP.rate_levels(1.0, 0, (3,)) == pytest.approx((1.0,))  # 2 (1/4)^(1/2)
    assert AP.rate_levels(0.0, 1, (7,), floor=1e-12) == (1e-12,)
    with pytest.raises(ValueError, match="k_first, ks_at"):
        AP.rate_levels(1.0, 4, (4,))
    with pytest.raises(ValueError, match="sup_first"):
        AP.rate_levels(float("nan"), 0, (1,))
    with pytest.raises(ValueError, match="floor"):
        AP.rate_levels(0.0, 0, (1,))


def test_basins_nd_agrees_with_notions_in_1d():
    t = np.linspace(*NT.FIG1_DOMAIN, 9 * 32 + 1)
    for panel, has_basin in (("a", False), ("b", True)):
        v = NT.fig1_function(panel)(t)
        ours = AP.weakly_global_nd(v, t[1] - t[0], infimum=0.0).holds
        theirs = NT.weakly_global_on_grid(v, t[1] - t[0], infimum=0.0, window_is_domain=True).holds
        assert ours == theirs == (not has_basin)


def test_basins_nd_rejects_bad_grids():
    with pytest.raises(ValueError, match="values"):
        AP.weakly_global_nd(np.zeros((2, 5)), 1.0)
    with pytest.raises(ValueError, match="finite"):
        AP.weakly_global_nd(np.full((4, 4), np.nan), 1.0)
    with pytest.raises(ValueError, match="spacing"):
        AP.weakly_global_nd(np.zeros((4, 4, 4)), (1.0, 1.0))


# --------------------------------------------------------------------------- Proposition 3's chain
def _chain_setup():
    x = np.linspace(-4, 4, 801)
    f = np.minimum((x + 2) ** 2 + 1.0, 0.5 * (x - 2) ** 2)
    basin = np.abs(x + 2) <= 0.25 + 1e-12
    return x, f, basin, x[1] - x[0]


def test_prop3_chain_holds_for_small_perturbations_and_fails_beyond():
    x, f, basin, h = _chain_setup()
    probe = AP.prop3_chain(f, f, h, basin, eps=0.25)
    gam = probe.numbers["gamma"]
    assert probe.holds and gam > 0
    ok = AP.prop3_chain(f, f + 0.9 * gam / 3 * np.sin(5 * x), h, basin, eps=0.25)
    assert ok.holds and ok.numbers["max_Z_fk"] < ok.numbers["min_dV_fk"]
    # lowering the basin below the global minimum: hypothesis sup <= gamma/3 fails, and so would (29)
    lowered = f - 2.0 * np.exp(-((x + 2) ** 2))
    assert not AP.prop3_chain(f, lowered, h, basin, eps=0.25).holds


def test_prop3_chain_rejects_off_centre_sets_and_reaches_each_link():
    x, f, basin, h = _chain_setup()
    off = np.abs(x + 1.8) <= 0.25 + 1e-12  # not set-wise strict: a ring node left of it is lower
    bad = AP.prop3_chain(f, f, h, off, eps=0.25)
    assert not bad.holds and "not a set-wise strict local minimum" in bad.explanation
    tilted = AP.prop3_chain(f, f + 3 * (x + 2), h, basin, eps=0.25)  # Z slides onto dV
    assert not tilted.holds and "(28) fails" in tilted.explanation
    lowered = AP.prop3_chain(f, f - 2.0 * np.exp(-((x + 2) ** 2)), h, basin, eps=0.25)  # Z becomes global
    assert not lowered.holds and "(29) fails" in lowered.explanation


def test_prop3_chain_rejects_non_basins_and_bad_arguments():
    x, f, basin, h = _chain_setup()
    global_well = np.abs(x - 2) <= 0.25 + 1e-12  # alpha = 0: not sub-optimal
    assert "not a sub-optimal basin" in AP.prop3_chain(f, f, h, global_well, eps=0.25).explanation
    edge = np.abs(x + 4) <= 0.1  # V leaves the window
    assert not AP.prop3_chain(f, f, h, edge, eps=0.25).holds
    with pytest.raises(ValueError, match="empty"):
        AP.prop3_chain(f, f, h, np.zeros_like(basin), eps=0.25)
    with pytest.raises(ValueError, match="eps"):
        AP.prop3_chain(f, f, h, basin, eps=h / 2)


# --------------------------------------------------------------------------- Example C
def test_ex_c_sup_exact_values():
    assert AP.ex_c_sup_exact(1, 0, 2, 0) == 0  # k >= R + 1
    assert AP.ex_c_sup_exact(1, 0, 2, Fraction(1, 2)) == Fraction(1, 2)
    assert AP.ex_c_sup_exact(3, 2, 3, 10) == 0  # the bump vanishes on [2, 3]
    assert AP.ex_c_sup_exact(3, Fraction(5, 4), 3, 10) == Fraction(1, 2)  # bump(5/4) = 1/2
    with pytest.raises(ValueError, match="half_width"):
        AP.ex_c_sup_exact(1, 2, 1, 0)


def test_ex_c_functions_agree_between_numpy_and_torch():
    pts = np.array([[1.5, 0.0], [1.0, 2.5], [0.7, -7.0], [-0.3, 0.2]])
    for k in (None, 1, 3):
        fn = AP.ex_c_torch(k)
        ours = np.array([float(fn(torch.tensor(p))) for p in pts])
        ref = AP.ex_c_f(pts[:, 0], pts[:, 1]) if k is None else AP.ex_c_fk(pts[:, 0], pts[:, 1], k)
        assert np.allclose(ours, ref)


def test_ex_c_escape_path_is_decreasing_and_a_strip_path_is_not():
    from landscape.certificates import Objective

    obj = Objective(AP.ex_c_torch(3), 2, "f_3")
    good = NT.decreasing_path(obj, AP.ex_c_escape_path((1.6, 0.5), 3), infimum=0.0, k=30)
    assert good.holds

    def strip(ts):  # stays in |x2| < k - 1 where f_3 = f: must climb the barrier at x1 = 1
        return torch.stack([1.6 * (1 - ts), torch.full_like(ts, 0.5)], dim=1)

    assert not NT.decreasing_path(obj, strip, infimum=0.0, k=30).holds
    with pytest.raises(ValueError, match="p_hat"):
        AP.ex_c_escape_path((1.5, 0.0), 3)


def test_ex_c_trap_certificate_accepts_valley_rejects_elsewhere():
    assert AP.ex_c_trap_certificate(Fraction(3, 2)).holds
    assert AP.ex_c_trap_certificate(Fraction(7, 4)).holds
    assert AP.ex_c_trap_certificate(Fraction(11, 10)).holds
    for free in (Fraction(1, 4), Fraction(1), Fraction(5, 2), Fraction(-3, 2)):  # the barrier test decides
        cert = AP.ex_c_trap_certificate(free)
        assert not cert.holds and "no barrier" in cert.explanation


def test_ex_c_sup_enumeration_agrees_with_closed_form():
    for k in (1, 2, 5):
        for lo, hi in ((-1, 3), (Fraction(5, 4), 3), (2, 3), (0, Fraction(3, 4))):
            for R in (0, Fraction(1, 2), Fraction(9, 2), 10):
                assert AP.ex_c_sup_exact(k, lo, hi, R) == AP.ex_c_sup_closed_form(k, lo, hi, R)
    with pytest.raises(ValueError, match="k:"):
        AP.ex_c_sup_exact(0, 0, 1, 1)


# --------------------------------------------------------------------------- notions.spurious_valley
def test_spurious_valley_on_ex_c():
    x1 = np.linspace(-1, 3, 161)
    x2 = np.linspace(-8, 8, 17)
    F = AP.ex_c_f(*np.meshgrid(x1, x2, indexing="ij"))
    i = int(np.argmin(np.abs(x1 - 1.5)))
    valley = NT.spurious_valley(F, (x1[1] - x1[0], 1.0), (i, 8), infimum=0.0)
    assert valley.holds and valley.numbers["edges"] == "[1]"
    j = int(np.argmin(np.abs(x1 - 0.25)))
    assert not NT.spurious_valley(F, (x1[1] - x1[0], 1.0), (j, 8), infimum=0.0).holds
    with pytest.raises(ValueError, match="start"):
        NT.spurious_valley(F, 1.0, (500, 0), infimum=0.0)
    for bad in (float("nan"), 1.0):
        with pytest.raises(ValueError, match="infimum"):
            NT.spurious_valley(F, (x1[1] - x1[0], 1.0), (i, 8), infimum=bad)


# --------------------------------------------------------------------------- loss grids and windows
def test_loss_grid_matches_problem_loss():
    prob = Problem(one_hidden_layer(A.get("tanh"), 1), torch.tensor([[1.0, -2.0]]), torch.tensor([[0.5, 1.0]]))
    axes = AP.parameter_window(prob.network, prob.X, prob.Y, 5)
    E, err = AP.loss_grid(prob, axes)
    theta = torch.tensor([axes[0][1], axes[1][3]], dtype=torch.float64)
    assert E[1, 3] == pytest.approx(float(prob.loss(theta)), rel=1e-14)
    assert np.all(err >= 0) and err.max() < 1e-10 * (1 + E.max())
    with pytest.raises(ValueError, match="axes"):
        AP.loss_grid(prob, axes[:1])
    with pytest.raises(ValueError, match="axes"):
        AP.loss_grid(prob, [axes[0], np.array([np.nan])])


def test_parameter_window_rules():
    net = Network((1, 2, 1), A.get("relu"))
    axes = AP.parameter_window(net, torch.tensor([[2.0, -4.0]]), torch.tensor([[1.0, 3.0]]), 5)
    assert len(axes) == 4 and axes[0][-1] == pytest.approx(0.75) and axes[-1][-1] == pytest.approx(8.0)
    assert 0.0 in axes[0]
    zero = AP.parameter_window(Network((1, 1, 1), A.get("relu")), torch.zeros(1, 1), torch.ones(1, 1), 3)
    assert zero[0][-1] == pytest.approx(3.0)
    with pytest.raises(ValueError, match="nodes"):
        AP.parameter_window(net, torch.ones(1, 2), torch.ones(1, 2), 4)
    with pytest.raises(ValueError, match="bias"):
        AP.parameter_window(Network((1, 2, 1), A.get("relu"), bias=True), torch.ones(1, 2), torch.ones(1, 2), 5)


# --------------------------------------------------------------------------- li2018 (17)
def test_sin_cos_derivative_certificate_refuses_undecidable(monkeypatch):
    # no catalog member lacks exact derivatives at 0: simulate one (the class method, restored after the test)
    relu = A.get("relu")
    monkeypatch.setattr(type(relu), "exact_derivatives_at", lambda self, *a, **kw: None)
    with pytest.raises(ValueError, match="no exact derivatives"):
        AP.sin_cos_derivative_certificate(relu, 1.0, 0, 3, formula="li2022")


def test_sin_cos_derivative_certificate_printed_vs_correct():
    zero = A.polynomial([0.0])
    assert AP.sin_cos_derivative_certificate(zero, 1.0, 0, 10, formula="li2022").holds
    printed = AP.sin_cos_derivative_certificate(zero, 1.0, 0, 10, formula="li2018")
    assert not printed.holds and printed.numbers["wrong_orders"] == "[1, 2, 5, 6, 9, 10]"
    assert printed.evidence == "exact"
    with pytest.raises(ValueError, match="formula"):
        AP.sin_cos_derivative_certificate(zero, 1.0, 0, 3, formula="li2020")
    with pytest.raises(ValueError, match="top"):
        AP.sin_cos_derivative_certificate(zero, 1.0, 0, -1, formula="li2022")


def test_barrier_guard_ignores_grid_local_minima_on_a_valley_floor():
    # A narrow valley y = x/2 + 0.013 running between the nodes, sloping down to the window's edge: no basin,
    # but the grid has local minima along it (neighbour differences across the valley dwarf the slope).
    from scipy import ndimage

    ax = np.linspace(-2, 2, 21)
    x, y = np.meshgrid(ax, ax, indexing="ij")
    f = 200 * (y - 0.5 * x - 0.013) ** 2 + 0.5 * x + 2
    interior = ndimage.minimum_filter(f, size=3, mode="nearest") == f
    interior[[0, -1], :] = interior[:, [0, -1]] = False
    assert interior.sum() >= 2  # spurious grid local minima exist
    assert AP.weakly_global_nd(f, ax[1] - ax[0]).holds


# --------------------------------------------------------------------------- strategies.approximation
def test_approximation_strategies_reject_bad_arguments():
    from hypothesis.errors import InvalidArgument

    from strategies import approximation as SA

    bad = [lambda: SA.compact_boxes(max_boxes=0), lambda: SA.composition_cases(monotone=1),
           lambda: SA.two_wells(max_dim=3), lambda: SA.ex_c_cases(max_k=0),
           lambda: SA.tiny_nets(data="li2020", single_activation=True),
           lambda: SA.tiny_nets(data="li2022", single_activation="yes"), lambda: SA.li2018_a1_data(2, 3)]
    for make in bad:
        with pytest.raises(InvalidArgument):
            make()
