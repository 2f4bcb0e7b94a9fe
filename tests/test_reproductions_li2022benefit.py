"""Unit tests of the li2022benefit reproduction helpers (Example 2, Figure 3, Table 1).

Each check used by the reproductions must reject a known-bad input: a perturbed ``a``
fails (71a)/(71b), a ``y`` built from a wrong ``a`` is reported as differing, a ``w0``
inside span{z, z'} has no condition-(3) margin, a witness below the (41) threshold is
not lower.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from landscape.constructions import _li2022benefit_examples as ex
from landscape.reproduction import Reproduction
from reproductions import li2022benefit as rep_mod

X = ex.EX2_X


@pytest.fixture(scope="module")
def sol():
    return ex.solve_71ab(X, 1.0, a1=1.0, dps=60)


def test_float64_solution_agrees_with_high_precision(sol):
    # 2x2 system with condition number ~55: float64 error <= cond * few u ~ 1e-14.
    assert sol.cond < 1e3
    assert sol.float64_vs_hp <= sol.cond * 16 * 2.0**-53
    assert sol.a[0] == 1.0 and sol.a_hp[0].startswith("1")


def test_solved_a_meets_71ab_within_rounding(sol):
    r = ex.residuals_71(X, 1.0, sol.a_hp_float())
    assert abs(r["71a"]) <= r["tol_71a"]
    assert abs(r["71b"]) <= r["tol_71b"]


@pytest.mark.parametrize("k, delta", [(1, 1e-6), (2, -1e-6), (1, 1e-9)])
def test_perturbed_a_fails_71ab(sol, k, delta):
    a = sol.a_hp_float().copy()
    a[k] += delta
    r = ex.residuals_71(X, 1.0, a)
    assert abs(r["71a"]) > r["tol_71a"] or abs(r["71b"]) > r["tol_71b"]
    # A change of a_k by delta moves a^T z by delta z_k, far above the 16u bound.
    assert abs(r["71a"]) > 1e3 * r["tol_71a"]


def test_printed_rounded_a_is_not_an_exact_solution():
    r = ex.residuals_71(X, 1.0, rep_mod.PRINTED_A)
    assert abs(r["71a"]) > 1e6 * r["tol_71a"]


def test_printed_71c_is_sigma2_not_definition():
    forms = ex.printed_71_integrands()
    assert forms["71a_minus_definition"] == 0
    assert forms["71b_minus_definition"] == 0
    assert forms["71c_minus_sigma2"] == 0  # the printed (71c) summand is sigma''(w x) alone
    assert forms["71c_minus_definition"] != 0  # ... not x^2 sigma''(w x) of (31c)


def test_71c_values_differ_by_the_missing_x_squared(sol):
    r = ex.residuals_71(X, 1.0, sol.a_hp_float())
    assert r["71c_printed"] > 0 and r["71c_definition"] > 0
    assert abs(r["71c_printed"] - r["71c_definition"]) > 0.1


@pytest.mark.parametrize("kwargs, match", [
    (dict(x=(0.1, 2.0), w=1.0), "N = 3"),
    (dict(x=(0.1, 2.0, 3.0, 4.0), w=1.0), "N = 3"),
    (dict(x=(0.1, 2.0, 3.0), w=1.0, a1=0.0), "a1"),
    (dict(x=(0.1, float("nan"), 3.0), w=1.0), "x"),
])
def test_solver_rejects_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        ex.solve_71ab(**kwargs)


def test_residuals_reject_wrong_shape():
    with pytest.raises(ValueError, match="a:"):
        ex.residuals_71(X, 1.0, (1.0, 0.0))


def test_y_from_wrong_a_is_reported_as_differing(sol):
    rep = Reproduction("li2022benefit/ex-2", "test")
    good = ex.targets(X, 1.0, 1.0, sol.a_hp_float(), 100.0)
    wrong_a = sol.a_hp_float() + np.array([0.0, 1e-3, 0.0])
    bad = ex.targets(X, 1.0, 1.0, wrong_a, 100.0)
    assert rep.compare("good", rep_mod.PRINTED_Y[1], good[1], tol=rep_mod.HALF_ULP).ok
    assert not rep.compare("bad", rep_mod.PRINTED_Y[1], bad[1], tol=rep_mod.HALF_ULP).ok
    assert rep.outcome == "differs"


def test_ex2_reproduction_differs_for_a_wrong_solution(monkeypatch, sol, tmp_path):
    """The whole ex-2 reproduction reports 'differs' when fed a wrong a (and its y)."""
    wrong = sol.a_hp_float() + np.array([0.0, 2e-3, -1e-3])
    monkeypatch.setattr(rep_mod, "_ex2", lambda: (
        ex.Ex2Solution(a=wrong, a_hp=tuple(repr(float(v)) for v in wrong), dps=60, cond=sol.cond, float64_vs_hp=0.0),
        wrong, ex.targets(X, 1.0, 1.0, wrong, 100.0)))
    rep = Reproduction("li2022benefit/ex-2", "test", tmp_path)
    rep_mod.ex_2(rep)
    bad = {q.name for q in rep.differing}
    assert rep.outcome == "differs"
    assert {"a_2", "a_3", "y_2 (from the solved a)"} <= bad
    # (1, 1) is no longer critical for the y of a wrong a: the certificate must say so.
    assert "(w, v) = (1, 1) strict local minimum at the solved y (1 = certified)" in bad


def test_prop4_margins_reject_w0_in_the_span(sol):
    a = sol.a_hp_float()
    good = ex.prop4_margins(X, 1.0, rep_mod.EX2_W0, a)
    assert good["cond3_rel_dist_z0"] > 0.9
    # w0 = w gives z0 = z, inside span{z, z'}: condition (3) has no margin.
    bad = ex.prop4_margins(X, 1.0, 1.0, a)
    assert bad["cond3_rel_dist_z0"] < 1e-12
    with pytest.raises(ValueError, match="w0"):
        ex.prop4_witness(X, 1.0, 1.0, np.array([0.0, 0.0, 0.0]), 100.0, -5.0)


def test_witness_formula_41_matches_direct_loss_and_threshold(sol):
    a = sol.a_hp_float()
    for M in (100.0, 10.0, 1.0):
        y = ex.targets(X, 1.0, 1.0, a, M)
        prob = rep_mod.ex2_problem(y)
        wit = ex.prop4_witness(X, 1.0, 1.0, a, M, rep_mod.EX2_W0)
        direct = float(prob.loss(torch.tensor([wit["w0"], wit["v_tilde"]], dtype=torch.float64))
                       - prob.loss(torch.tensor([1.0, 1.0], dtype=torch.float64)))
        # (41) is exact algebra; float error ~ u * E magnitudes (<= 1e4 here).
        assert direct == pytest.approx(wit["E_difference_41"], abs=1e-9 * max(1.0, M * M))
        # Below the threshold root of (41) the witness is not lower (M = 1 < 3.41).
        assert (direct < 0) == (M > wit["M_threshold"])


def test_newton_finds_the_critical_point_next_to_11():
    prob = rep_mod.ex2_problem(np.array(rep_mod.PRINTED_Y))
    theta0 = torch.tensor([1.0, 1.0], dtype=torch.float64)
    theta, iters, norms = ex.newton_critical_point(prob, theta0)
    assert norms[0] > 1e-5  # the rounded y leaves (1, 1) visibly non-critical
    assert norms[-1] < 1e-12
    assert float((theta - theta0).norm()) < 1e-4


def test_loss_grid_matches_pointwise_losses_and_rejects_m2():
    prob = rep_mod.ex2_problem(np.array(rep_mod.PRINTED_Y))
    W, V, E = ex.loss_grid(prob, (-1.0, 2.0), (0.0, 3.0), 4, 5)
    assert E.shape == (4, 5)
    for i, j in [(0, 0), (3, 4), (1, 2)]:
        th = torch.tensor([W[i, j], V[i, j]], dtype=torch.float64)
        assert E[i, j] == pytest.approx(float(prob.loss(th)), rel=1e-14)
    from landscape.activations import get
    from landscape.nets import Problem, one_hidden_layer
    prob2 = Problem(one_hidden_layer(get("swish"), 2), torch.tensor(X, dtype=torch.float64), np.zeros(3))
    with pytest.raises(ValueError, match="problem"):
        ex.loss_grid(prob2, (0, 1), (0, 1), 3, 3)


# ----------------------------------------------------------------------------- Table 1
from landscape import activations as A  # noqa: E402


def test_table1_inputs_meet_the_theorems_data_hypotheses():
    for N in (3, 8):
        x = ex.table1_inputs(N, kind="generic")
        assert np.all(x != 0) and np.unique(x).size == N
        x7 = ex.table1_inputs(N, kind="thm7")
        assert np.all(np.diff(x7) < 0) and x7[-1] > 0 and x7[0] / x7[-1] < 1.4
    with pytest.raises(ValueError, match="kind"):
        ex.table1_inputs(4, kind="other")
    with pytest.raises(ValueError, match="N"):
        ex.table1_inputs(1, kind="generic")


def test_row1_cell_certifies_m1_and_rejects_sigma2_zero():
    assert ex.table1_cell_smooth(A.get("softplus"), "softplus", 4, 1).outcome == "basin"
    # sigmoid has sigma''(0) = 0: outside row 1, Theorem 6's construction must refuse.
    bad = ex.table1_cell_smooth(A.get("sigmoid"), "sigmoid", 4, 1)
    assert bad.outcome == "inapplicable" and "Theorem 6" in bad.reason


def test_row1_fixed_sigma_needs_2m_below_N_and_m_ge_N_is_theorem_2():
    assert ex.table1_cell_smooth(A.get("softplus"), "softplus", 5, 2).outcome == "basin"
    mid = ex.table1_cell_smooth(A.get("softplus"), "softplus", 4, 2)  # 2m = N: span is R^N
    assert mid.outcome == "inapplicable" and "(2)" in mid.reason
    wide = ex.table1_cell_smooth(A.get("softplus"), "softplus", 3, 3)
    assert wide.outcome == "no-basin-thm2" and "Proposition 4" in wide.reason


def test_row2_cells_follow_theorem_7_and_reject_sigma0_nonzero():
    act = A.get("shifted(relu, c=-1.0)")
    assert ex.table1_cell_pl(act, "relu(t-1)", 3, 1).outcome == "basin"
    too_wide = ex.table1_cell_pl(act, "relu(t-1)", 4, 2)
    assert too_wide.outcome == "inapplicable" and "2m + 1" in too_wide.reason
    lifted = A.piecewise_linear((0.5,), (0.0, 1.0), value_at_0=0.3)  # sigma(0) != 0: not row 2
    assert ex.table1_cell_pl(lifted, "lifted", 3, 1).outcome == "inapplicable"


def test_row3_paths_certified_only_for_homogeneous_sigma():
    assert ex.table1_cell_homogeneous(A.get("relu"), "relu", 3, 2).outcome == "no-basin-path"
    assert ex.table1_cell_homogeneous(A.get("softplus"), "softplus", 3, 2).outcome == "inapplicable"
    # Forcing the curve through a non-homogeneous sigma: the loss is not constant along it.
    forced = ex.table1_cell_homogeneous(A.get("softplus"), "softplus", 3, 2, require_homogeneous=False)
    assert forced.outcome == "not-certified"


def _expected_cells(flip=None):
    cells = []
    acts = {row: list(names) for row, names in rep_mod._tab1_activations().items()}
    for N in rep_mod.TAB1_NS:
        for m in range(1, N + 2):
            rows = [(1, a) for a in acts[1]] + [(1, "designed (Thm 4)")] + [(2, a) for a in acts[2]] + \
                   [(3, a) for a in acts[3]]
            for row, a in rows:
                if row == 3:
                    out = "no-basin-path"
                elif m >= N:
                    out = "no-basin-thm2"
                elif (a == "designed (Thm 4)") or (row == 1 and m == 1) or (row == 2 and 2 * m + 1 <= N):
                    out = "basin"
                else:
                    out = "inapplicable"
                if flip and flip[:3] == (a, N, m):
                    out = flip[3]
                cells.append(ex.Table1Cell(row, a, N, m, out, "synthetic"))
    return cells


@pytest.mark.parametrize("flip, differing", [
    (None, None),
    (("softplus", 5, 1, "inapplicable"), "row 1, N=5: certified basin at m = 1 for every row-1 sigma (printed 1 < m*)"),
    (("relu(t-1)", 6, 2, "inapplicable"),
     "row 2, N=6: certified basin at m = floor((N-1)/2) = 2 for every row-2 sigma (printed (N-1)/2 < m*)"),
    (("relu", 4, 5, "not-certified"),
     "row 3, N=4: constant-loss curves certified at every m = 1..5 (printed: no phase transition)"),
])
def test_tab1_comparisons_report_contradictions(monkeypatch, tmp_path, flip, differing):
    monkeypatch.setattr(rep_mod, "table1_cells", lambda: _expected_cells(flip))
    if flip is not None:  # the figure is drawn once (flip=None); the comparisons are what is tested
        from landscape.report.figures import new_figure
        monkeypatch.setattr(rep_mod, "_tab1_figure", lambda cells, acts: new_figure(1.0, 1.0))
    rep = Reproduction("li2022benefit/tab-1", "test", tmp_path)
    rep_mod.tab_1(rep)
    # m >= N is Theorem 2's, cited and not recomputed: recorded without a verdict, never compared.
    wide = [q for q in rep.quantities if "no certified basin at m >= N" in q.name]
    assert wide and all(q.ok is None and q.paper is None for q in wide)
    if differing is None:
        assert rep.outcome == "reproduced"
    else:
        assert [q.name for q in rep.differing] == [differing]


def test_float64_features_within_12u_of_60_digit_values():
    """Grounds residuals_71's 16u tolerance: the float64 z, z', z'' entries are within 12u."""
    import mpmath

    f64 = ex.feature_vectors(X, 1.0)
    hp = ex.feature_vectors(X, 1.0, dps=60)
    for v64, vhp in zip(f64, hp):
        ref = np.array([float(v) for v in vhp])
        assert np.all(np.abs(v64 - ref) <= 12 * 2.0**-53 * np.abs(ref))
    assert isinstance(hp[0][0], mpmath.mpf)
