"""Tests of landscape.notions (li2022benefit Definitions 1-4): each notion accepts its toy
case and rejects a known-bad one."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from landscape import notions as N
from landscape.certificates import Objective
from landscape.evidence import Evidence

EX_A = Objective(N.ex_a, 2, "(1 - u v^2)^2", magnitude=N.ex_a_magnitude)
SQUARE = Objective(lambda th: th[0] ** 2, 1, "x^2", magnitude=lambda th: th[0] ** 2)
EXP = Objective(lambda th: torch.exp(th[0]), 1, "e^x", magnitude=lambda th: torch.exp(th[0]))
FIG1_T = np.linspace(*N.FIG1_DOMAIN, 901)
H = float(FIG1_T[1] - FIG1_T[0])


def ex_a_segment(u, v):
    """li2022benefit's PT path from (u, v), v != 0: ((1 - t) u + t / v^2, v)."""
    return lambda ts: torch.stack([(1 - ts) * u + ts / v**2, torch.full_like(ts, v)], dim=1)


def fig1(panel):
    return N.fig1_function(panel)(FIG1_T)


# --------------------------------------------------------------------------- Definition 1
def test_decreasing_path_accepts_ex_a_segment():
    cert = N.decreasing_path(EX_A, ex_a_segment(-0.9, 0.05), infimum=0.0, p0=[-0.9, 0.05])
    assert cert.holds and cert.evidence is Evidence.SAMPLED
    assert cert.numbers["t_last"] == 1 - 2.0**-20


def test_decreasing_path_accepts_a_diverging_path_to_an_unattained_infimum():
    # f = e^x has inf 0, approached along g(t) = log(1 - t) -> -inf (Def 1 allows g to diverge).
    cert = N.decreasing_path(EXP, lambda ts: torch.log1p(-ts)[:, None], infimum=0.0)
    assert cert.holds


def test_decreasing_path_rejects_a_bump():
    seg = ex_a_segment(-0.9, 0.05)
    # v -> v + 0.5 sin(pi t): f first rises, then the segment's descent resumes.
    bumped = lambda ts: seg(ts) + torch.stack([0 * ts, 0.5 * torch.sin(np.pi * ts)], dim=1)
    cert = N.decreasing_path(EX_A, bumped, infimum=0.0)
    assert not cert.holds and "bump" in cert.explanation


def test_decreasing_path_rejects_an_end_above_the_infimum():
    # g(t) = 1 - t/2: f = x^2 decreases strictly but tends to 1/4 > inf f = 0.
    cert = N.decreasing_path(SQUARE, lambda ts: (1 - ts / 2)[:, None], infimum=0.0)
    assert not cert.holds and "misses target" in cert.explanation


def test_decreasing_path_rejects_a_flat_path_and_a_wrong_start():
    flat = lambda ts: torch.stack([-1 + 0 * ts, 0 * ts], dim=1)  # f = 1 all along
    assert not N.decreasing_path(EX_A, flat, infimum=0.0).holds
    assert not N.decreasing_path(EX_A, flat, infimum=1.0, strict=True).holds
    wrong = N.decreasing_path(EX_A, ex_a_segment(-0.9, 0.05), infimum=0.0, p0=[-0.8, 0.05])
    assert not wrong.holds and "g(0)" in wrong.explanation


def test_decreasing_path_bad_arguments():
    with pytest.raises(ValueError, match="infimum"):
        N.decreasing_path(EX_A, ex_a_segment(-0.9, 0.05), infimum=float("nan"))
    with pytest.raises(ValueError, match="path"):
        N.decreasing_path(EX_A, lambda ts: ts[:, None], infimum=0.0)


# --------------------------------------------------------------------------- Definition 2
def test_property_pt_at_accepts_the_papers_perturbation():
    cert = N.property_pt_at(EX_A, [-1.0, 0.0], 0.1, [-0.99, 0.05], ex_a_segment(-0.99, 0.05), infimum=0.0)
    assert cert.holds, cert.summary()


def test_property_pt_at_rejects_a_far_start_and_a_bad_path():
    far = N.property_pt_at(EX_A, [-1.0, 0.0], 0.1, [-0.9, 0.05], ex_a_segment(-0.9, 0.05), infimum=0.0)
    assert not far.holds and "not in B(p, delta)" in far.explanation
    # Straight to (1, 1) from (-0.99, 0.05): u v^2 first grows more negative, f rises.
    straight = lambda ts: torch.tensor([-0.99, 0.05], dtype=torch.float64) + ts[:, None] * torch.tensor(
        [1.99, 0.95], dtype=torch.float64)
    bad = N.property_pt_at(EX_A, [-1.0, 0.0], 0.1, [-0.99, 0.05], straight, infimum=0.0)
    assert not bad.holds


def test_property_pt_at_is_vacuous_at_a_global_minimum():
    cert = N.property_pt_at(EX_A, [1.0, 1.0], 0.1, [1.0, 1.0], ex_a_segment(1.0, 1.0), infimum=0.0)
    assert cert.holds and "vacuous" in cert.explanation
    with pytest.raises(ValueError, match="delta"):
        N.property_pt_at(EX_A, [1.0, 1.0], 0.0, [1.0, 1.0], ex_a_segment(1.0, 1.0), infimum=0.0)


# --------------------------------------------------------------------------- Definition 3
def test_setwise_strict_accepts_the_barrier_plateau_and_rejects_the_open_one():
    X = N.interval_mask(FIG1_T, *N.FIG1_PLATEAU)
    assert N.setwise_strict_minimum(fig1("b"), X, H, eps=0.2, window_is_domain=True).holds
    open_plateau = N.setwise_strict_minimum(fig1("a"), X, H, eps=0.2, window_is_domain=True)
    assert not open_plateau.holds and "not set-wise strict" in open_plateau.explanation


def test_setwise_strict_rejects_part_of_a_plateau():
    # [-2.5, -1.5] inside the plateau: its ring has f = 1 = max_X f, so not strict.
    X = N.interval_mask(FIG1_T, -2.5, -1.5)
    assert not N.setwise_strict_minimum(fig1("b"), X, H, eps=0.2, window_is_domain=True).holds


def test_setwise_strict_point_minimum_and_window_edge():
    t = np.linspace(-1, 1, 201)
    v = t**2
    assert N.setwise_strict_minimum(v, np.abs(t) < 1e-12, t[1] - t[0], eps=0.05).holds
    edge = N.setwise_strict_minimum(v, t < -0.99, t[1] - t[0], eps=0.05)
    assert not edge.holds and "undecided" in edge.explanation


def test_setwise_strict_bad_arguments():
    X = N.interval_mask(FIG1_T, *N.FIG1_PLATEAU)
    with pytest.raises(ValueError, match="eps"):
        N.setwise_strict_minimum(fig1("b"), X, H, eps=H / 2)
    with pytest.raises(ValueError, match="member"):
        N.setwise_strict_minimum(fig1("b"), np.zeros_like(X), H, eps=0.2)
    with pytest.raises(ValueError, match="lo, hi"):
        N.interval_mask(FIG1_T, 1.0, 0.0)


def test_setwise_li2018_non_strict_rejects_a_lower_ring_node_and_reports_the_deciding_pair():
    """li2018 Def 1 with "<=": refuted only by a ring node below an x of X within eps by more than rounding."""
    h = 1 / 64
    t = h * np.arange(-128, 129)
    v = (t - 0.25) ** 2  # decreasing towards 1/4: the ring node left of X = [1/2, 1] lies below x = 1/2
    X = N.interval_mask(t, 0.5, 1.0)
    cert = N.setwise_strict_minimum(v, X, h, eps=h, wording="li2018", strict=False)
    assert not cert.holds and "not set-wise (li2018)" in cert.explanation
    iy, ix = cert.numbers["worst_ring_node"], cert.numbers["compared_node"]
    assert (t[iy], t[ix]) == (0.5 - h, 0.5)  # the deciding pair: neighbours, x the low end of X
    assert cert.tolerance == cert.numbers["margin"]
    # a caller-supplied error larger than the drop |f(x) - f(y)| = (2 (1/4) - h) h makes it undecided: not refuted
    drop = float(v[ix] - v[iy])
    assert N.setwise_strict_minimum(v, X, h, eps=h, wording="li2018", strict=False, value_error=drop).holds
    assert not N.setwise_strict_minimum(v, X, h, eps=h, wording="li2018", strict=False, value_error=drop / 4).holds


def test_setwise_margin_is_the_deciding_pairs_error():
    """The reported tolerance is e(x*) + e(y*) of the pair that decides, in each wording."""
    h = 1 / 64
    t = h * np.arange(-128, 129)
    v = np.abs(t) + 1.0  # X = [-1/2, 1/4]: ring nodes -1/2 - h (f = 3/2 + h) and 1/4 + h (f = 5/4 + h)
    X = N.interval_mask(t, -0.5, 0.25)
    err = h / 8 + (h / 4) * (t > 0)  # larger errors right of 0
    right = int(np.flatnonzero(X)[-1])
    # li2022: the ring node 1/4 + h is compared with max_X f at -1/2 (and lies below it): refuted there.
    c22 = N.setwise_strict_minimum(v, X, h, eps=h, wording="li2022", value_error=err)
    ix, iy = c22.numbers["compared_node"], c22.numbers["worst_ring_node"]
    assert not c22.holds and (t[ix], iy) == (-0.5, right + 1) and c22.tolerance == err[ix] + err[iy]
    # li2018: the same ring node is compared with its neighbour 1/4: gap h - 2 (h/8 + h/4) = h/4 > 0.
    c18 = N.setwise_strict_minimum(v, X, h, eps=h, wording="li2018", value_error=err)
    ix, iy = c18.numbers["compared_node"], c18.numbers["worst_ring_node"]
    assert c18.holds and (ix, iy) == (right, right + 1) and c18.tolerance == err[ix] + err[iy]
    assert c18.numbers["gap"] == pytest.approx(h / 4)


def test_knot_profiles_exact_truth():
    t, f, h = N.knot_profile([2, 1, 1, 2, 0])
    assert h == 1 / 32 and t[-1] == 4.0 and f[32] == f[64] == 1.0 and np.all(f[32:65] == 1.0)  # flat between equal knots
    assert N.level_runs([2, 1, 1, 2, 0]) == [(0, 0), (1, 2), (3, 3), (4, 4)]
    assert N.knot_profile_has_suboptimal_basin([2, 1, 1, 2, 0])  # the run 1..2 at 1 > 0, higher neighbours
    assert not N.knot_profile_has_suboptimal_basin([3, 1, 1, 0, 2])  # right neighbour lower: no basin
    assert not N.knot_profile_has_suboptimal_basin([1, 1, 1])  # all of S
    assert not N.knot_profile_has_suboptimal_basin([0, 1, 0])  # both minima are global
    with pytest.raises(ValueError, match="y"):
        N.knot_profile([1])
    with pytest.raises(ValueError, match="per_unit"):
        N.knot_profile([1, 2], per_unit=0)


# --------------------------------------------------------------------------- Definition 4
def test_weakly_global_detector_on_figure_1():
    assert N.weakly_global_on_grid(fig1("a"), H, infimum=0.0, window_is_domain=True).holds
    b = N.weakly_global_on_grid(fig1("b"), H, infimum=0.0, window_is_domain=True)
    assert not b.holds and b.numbers["witness_min"] == pytest.approx(1.0)
    assert b.numbers["witness_setwise_strict"] is True


def test_weakly_global_detector_on_ex_b_and_two_dimensions():
    t = np.linspace(-40.0, 5.0, 4501)
    assert N.weakly_global_on_grid(N.ex_b(t), t[1] - t[0], infimum=0.0).holds
    u, v = np.linspace(-3, 3, 121), np.linspace(-2, 2, 81)
    sp = (u[1] - u[0], v[1] - v[0])
    # (1 - u v^2)^2: the global valley u v^2 = 1 passes between nodes; isolated low nodes are no basin.
    assert N.weakly_global_on_grid(N.grid_values(lambda a, b: (1 - a * b**2) ** 2, [u, v]), sp, infimum=0.0).holds
    two_wells = N.grid_values(lambda a, b: np.minimum((a - 2) ** 2 + b**2, (a + 2) ** 2 + b**2 + 1), [u, v])
    bad = N.weakly_global_on_grid(two_wells, sp, infimum=0.0)
    assert not bad.holds and bad.numbers["witness_min"] == pytest.approx(1.0)


def test_decreasing_paths_trapped():
    i = int(np.argmin(np.abs(FIG1_T + 2)))
    assert N.decreasing_paths_trapped(fig1("b"), H, (i,), infimum=0.0).holds
    assert not N.decreasing_paths_trapped(fig1("a"), H, (i,), infimum=0.0).holds
    with pytest.raises(ValueError, match="start"):
        N.decreasing_paths_trapped(fig1("b"), H, (10**6,), infimum=0.0)


def test_grid_and_panel_arguments():
    with pytest.raises(ValueError, match="panel"):
        N.fig1_function("c")
    with pytest.raises(ValueError, match="values"):
        N.weakly_global_on_grid(np.zeros((2,)), 1.0)
    with pytest.raises(ValueError, match="spacing"):
        N.weakly_global_on_grid(np.zeros((5,)), -1.0)
