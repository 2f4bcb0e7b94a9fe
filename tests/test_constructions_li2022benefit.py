"""Unit tests of landscape.constructions.li2022benefit: bad input, and the proofs' identities.

Bad input raises ValueError naming the argument and the violated hypothesis; each
construction reproduces the identities its proof states (E = M^2 at the constructed
point, a _|_ {z_j, z'_j}, the gradient vanishes, the Hessian is 2 J^T J + diag(2 M |a^T z''_i|),
E(witness) - E(point) equals the quadratic (41) / (67), ...).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from landscape import activations as A
from landscape.certificates import constant_along_path, critical_point, local_minimum_probe, strict_local_minimum, suboptimal
from landscape.constructions import li2022benefit as L
from landscape.evidence import require, require_not
from landscape.instance import Instance
from landscape.nets import Network, Problem, one_hidden_layer

U = np.finfo(np.float64).eps / 2
X3 = np.array([0.1, 2.0, 3.0])  # li2022benefit Example 2's data
PL = A.piecewise_linear((-1.0, 0.5, 2.0), (3.0, 0.0, 1.5, -1.0))  # sigma(0) = sigma'(0) = 0, t_0 = 0.5


# --------------------------------------------------------------------------- Instance
def test_instance_is_frozen_and_validates_the_point():
    inst = L.thm6_instance(A.get("softplus"), X3)
    with pytest.raises(AttributeError):
        inst.point = inst.point  # frozen
    with pytest.raises(TypeError):
        inst.numbers["M"] = 1.0  # read-only view
    with pytest.raises(ValueError, match="theta"):
        Instance(inst.problem, torch.zeros(5, dtype=torch.float64), "x")
    with pytest.raises(ValueError, match="expected"):
        Instance(inst.problem, inst.point, "")


# --------------------------------------------------------------------------- Proposition 4 / Theorem 6
def test_prop4_identities_at_the_constructed_point():
    act = A.get("softplus")
    inst = L.thm6_instance(act, X3)
    a = inst.witnesses["a"].numpy()
    vec = L.prop4_vectors(act, X3, np.zeros(1), inst.numbers["w0"])
    # a is a unit vector orthogonal to z and z' (to rounding: N products of unit-size terms).
    assert abs(np.linalg.norm(a) - 1) < 8 * U
    assert np.max(np.abs(a @ np.concatenate([vec["Z"], vec["Zp"]], 1))) < 8 * 3 * U * np.abs(vec["Zp"]).max()
    M = inst.numbers["M"]
    E = float(inst.problem.loss(inst.point))
    # E(v, w) = M^2 ||a||^2 = M^2; relative rounding of a 3-term sum of squares.
    assert abs(E - M**2) <= 16 * U * M**2
    # Hessian of the proof: 2 J^T J + diag(2 M |a^T z''|) on the w block.
    H = inst.problem.hessian(inst.point).numpy()
    Hp = inst.witnesses["hessian"].numpy()
    assert np.max(np.abs(H - Hp)) <= 1e3 * U * M * np.abs(Hp).max()
    # E(witness) - E(point) is the quadratic (41) at M.
    gap = float(inst.problem.loss(inst.witnesses["lower"]) - inst.problem.loss(inst.point))
    assert abs(gap - inst.numbers["predicted_gap"]) <= 64 * U * M**2
    assert inst.numbers["predicted_gap"] < 0
    require(critical_point(inst.problem, inst.point))
    require(strict_local_minimum(inst.problem, inst.point))
    require(suboptimal(inst.problem, inst.point, inst.witnesses["lower"]))


def test_prop4_m_below_the_root_is_rejected_and_the_witness_fails_there():
    act = A.softplus(2.0)
    inst = L.thm6_instance(act, X3)
    root = inst.numbers["M_root"]
    with pytest.raises(ValueError, match=r"M: .*largest root"):
        L.thm6_instance(act, X3, M=0.5 * root)
    # Just below the root the printed witness is not lower: the quadratic (41) decides.
    with pytest.raises(ValueError, match="M: "):
        L.prop4_instance(act, X3, np.zeros(1), w0=inst.numbers["w0"], M=root * (1 - 1e-6))


def test_prop4_bad_input():
    act = A.get("softplus")
    with pytest.raises(ValueError, match=r"m: .*m < N"):
        L.prop4_instance(act, X3, np.array([0.1, 0.2, 0.3]), w0=0.5)
    with pytest.raises(ValueError, match=r"activation: .*twice continuously differentiable"):
        L.prop4_instance(A.get("relu"), X3, np.array([1.0]), w0=0.5)
    with pytest.raises(ValueError, match=r"\(1\)"):  # z = sigma(0) 1 = 0 for tanh
        L.prop4_instance(A.get("tanh"), X3, np.zeros(1), w0=0.1)
    with pytest.raises(ValueError, match=r"\(2\)"):  # sigma''(0) = 0: z'' = 0
        L.prop4_instance(A.polynomial((1.0, 1.0, 0.0, 1.0)), X3, np.zeros(1), w0=0.1)
    with pytest.raises(ValueError, match=r"\(3\) z_0"):  # affine sigma: z_0 in span{1, x} (and z'' = 0)
        L.prop4_instance(A.polynomial((1.0, 1.0)), X3, np.zeros(1), w0=0.1)
    with pytest.raises(ValueError, match="w0"):
        L.prop4_instance(act, X3, np.zeros(1), w0=float("nan"))


def test_prop4_conditions_report_scale_free_numbers():
    act = A.get("softplus")
    c1 = L.prop4_conditions(act, X3, np.zeros(1), 0.1)
    c2 = L.prop4_conditions(act, 1000 * X3, np.zeros(1), 0.1 / 1000)
    assert c1.holds and c2.holds
    assert c1.span_rank == 2 and c1.N == 3
    # Scaling x and w_0 inversely leaves z_0 unchanged and scales z', z'' columns: same residuals.
    assert abs(c1.resid_z0 - c2.resid_z0) < 1e-9
    linear = L.prop4_conditions(A.get("linear"), X3, np.zeros(1), 0.1)
    assert not linear.condition_1  # sigma(0) = 0
    assert linear.violated() and "(1)" in linear.violated()[0]


def test_thm6_bad_input():
    with pytest.raises(ValueError, match=r"x: .*N >= 3"):
        L.thm6_instance(A.get("softplus"), np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match=r"x: .*x\^\(i\) != 0"):
        L.thm6_instance(A.get("softplus"), np.array([1.0, 0.0, 2.0]))
    with pytest.raises(ValueError, match=r"x: .*identical"):
        L.thm6_instance(A.get("softplus"), np.array([1.0, 2.0, 1.0]))
    with pytest.raises(ValueError, match=r"activation: Theorem 6 needs sigma\(0\), sigma'\(0\), sigma''\(0\) != 0"):
        L.thm6_instance(A.get("swish"), X3)  # swish(0) = 0
    with pytest.raises(ValueError, match=r"activation: .*\(2\) z''"):
        L.thm6_instance(A.get("sigmoid"), X3)  # sigmoid''(0) = 0
    with pytest.raises(ValueError, match=r"activation: .*sigma''\(0\)"):
        L.thm6_instance(A.polynomial((1.0, 1.0, 0.0, 1.0)), X3)  # sigma''(0) = 0


def test_thm6_w0_rule_maximises_the_witness_margin():
    x = np.array([-3.0, 1.0, 2.0, 5.0])
    act = A.get("softplus")
    inst = L.thm6_instance(act, x)
    w0 = inst.numbers["w0"]
    k = -math.log2(abs(w0) * 5.0)
    assert k == int(k) and -2 <= k <= 30  # w_0 = +-2^-k / max|x|
    assert inst.numbers["resid_z0"] > inst.numbers["tol_resid"]
    best = L.witness_margin(act, x, np.zeros(1), w0)
    assert best >= L.witness_margin(act, x, np.zeros(1), w0 / 2) and best >= L.witness_margin(act, x, np.zeros(1), -w0)
    # Far below the chosen w_0 the proof's second-order regime holds: residual ~ (w_0^2/2) sigma''(0) P(x o x).
    small = L.thm6_instance(act, x, w0=2.0**-12 / 5.0)
    assert abs(small.numbers["taylor_ratio"] - 1) < 0.01
    assert L.witness_margin(A.get("linear"), x, np.zeros(1), 0.1) == 0.0


# --------------------------------------------------------------------------- Theorem 4
def test_c2_hermite_activation_meets_its_data_and_is_c2():
    pts = np.array([-1.0, 0.3, 2.0])
    vals, d1, d2 = np.array([1.0, -2.0, 0.5]), np.array([0.0, 3.0, -1.0]), np.array([2.0, -4.0, 1.0])
    act = L.c2_hermite_activation(pts, vals, d1, d2)
    t = torch.tensor(pts, dtype=torch.float64)
    np.testing.assert_allclose(act(t).numpy(), vals, rtol=0, atol=1e-13)
    np.testing.assert_allclose(act.derivative(t, 1).numpy(), d1, rtol=0, atol=1e-12)
    np.testing.assert_allclose(act.derivative(t, 2).numpy(), d2, rtol=0, atol=1e-11)
    # C^2 across a node: one-sided second derivatives agree.
    eps = 1e-7
    s = torch.tensor([0.3 - eps, 0.3 + eps], dtype=torch.float64)
    d2s = act.derivative(s, 2).numpy()
    assert abs(d2s[0] - d2s[1]) < 1e-4
    with pytest.raises(ValueError, match="points"):
        L.c2_hermite_activation([1.0, 1.0], [0, 0], [0, 0], [0, 0])


def test_thm4_bad_input():
    x = np.array([1.0, -2.0, 3.0])
    with pytest.raises(ValueError, match=r"m: .*m < N"):
        L.thm4_instance(x, 3, seed=0)
    with pytest.raises(ValueError, match=r"x: .*N > 1"):
        L.thm4_instance(np.array([1.0]), 1, seed=0)
    with pytest.raises(ValueError, match=r"x: .*!= 0"):
        L.thm4_instance(np.array([1.0, 0.0, 2.0]), 1, seed=0)
    with pytest.raises(ValueError, match=r"w: .*pairwise distinct"):
        L.thm4_instance(np.array([1.0, 2.0, 3.0]), 2, seed=0, w=np.array([1.0, 1.5]))
    with pytest.raises(ValueError, match=r"w: .*zero"):
        L.thm4_instance(x, 2, seed=0, w=np.array([0.0, 1.5]))
    with pytest.raises(ValueError, match=r"w0: .*different from every entry of w"):
        L.thm4_instance(x, 2, seed=0, w=np.array([1.0, 1.7]), w0=1.7)


def test_thm4_designed_vectors_are_the_prescribed_ones():
    x = np.array([1.0, -2.0, 3.0, 0.5])
    inst = L.thm4_instance(x, 2, seed=3)
    d = inst.witnesses["design"]
    vec = L.prop4_vectors(inst.problem.network.activations[0], x, inst.point[:2].numpy())
    # (43): z_i = p^(i), z'_i = q^(i), z''_i = r^(i) up to float evaluation of the interpolant.
    np.testing.assert_allclose(vec["Z"], d["P"], atol=1e-12)
    np.testing.assert_allclose(vec["Zp"], d["Q"], atol=1e-10)
    np.testing.assert_allclose(vec["Zpp"], d["R"], atol=1e-8)
    assert inst.numbers["span_dim"] < x.size


@pytest.mark.proof_erratum(
    claim="li2022benefit/thm-4",
    printed="Proof of Theorem 4: 'we can arbitrarily design z_0 = sigma(w_0 x) as long as w_0 is different from any "
            "entry of w'",
    counterexample="x = (1, -1), w = (1), w_0 = -1: w_0 x = (-1, 1) are the points w_1 x, so z_0 = (z_1^(2), z_1^(1)) is "
                   "fixed by (43); with the design p = (1, 1), z_0 = z_1 and condition (3) fails whatever else is designed",
    corrected="z_0 can be designed freely when w_0 x_j differs from every w_i x_j' (true for all but finitely many w_0); "
              "otherwise the collisions must be designed around (thm4_instance does); Theorem 4 itself holds",
)
def test_thm4_w0_collision_forces_z0_and_the_printed_free_design_is_impossible():
    """Erratum of the proof (not the theorem): w_0 not an entry of w does not make z_0 free.

    x = (1, -1), w = (1), w_0 = -1: w_0 x = (-1, 1) = the points w_1 x, so
    z_0 = sigma(w_0 x) = (z_1^(2), z_1^(1)) is fixed by (43). The design p = (1, 1) forces
    z_0 = z_1, violating condition (3) whatever else is designed; a "free" z_0 cannot even be
    prescribed (the interpolation points coincide). The construction designs around it.
    """
    x = np.array([1.0, -1.0])
    w = np.array([1.0])
    with pytest.raises(ValueError, match="points"):  # prescribing z_0 separately: duplicate points
        L.c2_hermite_activation([1.0, -1.0, -1.0, 1.0], [1, 1, 0, 1], [1, -1, 0, 0], [1, 1, 0, 0])
    act = L.c2_hermite_activation([1.0, -1.0], [1.0, 1.0], [1.0, -1.0], [1.0, -1.0])  # p = q = (1,1), r = (1,-1)
    cond = L.prop4_conditions(act, x, w, -1.0)
    assert cond.condition_1 and cond.condition_2 and not cond.condition_3
    inst = L.thm4_instance(x, 1, seed=0, w=w, w0=-1.0)
    assert inst.numbers["collisions"] == 2
    require(strict_local_minimum(inst.problem, inst.point))
    require(suboptimal(inst.problem, inst.point, inst.witnesses["lower"]))


# --------------------------------------------------------------------------- Theorem 5
def test_thm5_paths_case_1_and_case_2_and_deep():
    relu = A.get("relu")
    pb = Problem(one_hidden_layer(relu, 2), np.array([[1.0, -2.0, 3.0]]), np.array([[0.5, 1.0, -1.0]]))
    scales = torch.tensor([0.5, 1.0, 4.0, 64.0], dtype=torch.float64)
    th = torch.tensor([0.3, -1.0, 2.0, -0.5], dtype=torch.float64)
    P = L.thm5_constant_loss_path(pb, th, scales=scales)
    assert torch.equal(P[1], th)  # s = 1 is the point itself
    torch.testing.assert_close(P[3, 2:], 64 * th[2:])  # (M v, w / M)
    require(constant_along_path(pb, P))
    th0 = torch.tensor([0.3, -1.0, 0.0, 0.0], dtype=torch.float64)  # v = 0: case (44)
    P0 = L.thm5_constant_loss_path(pb, th0, scales=scales)
    assert torch.all(P0[:, 2:] == 0) and P0[-1].norm() > 60
    require(constant_along_path(pb, P0))
    deep = Problem(Network((1, 3, 2, 1), A.leaky_relu(0.1), bias=True), np.array([[1.0, -2.0, 3.0]]), np.array([[0.5, 1.0, -1.0]]))
    thd = torch.linspace(-1, 1, deep.n_params, dtype=torch.float64)
    require(constant_along_path(deep, L.thm5_constant_loss_path(deep, thd, scales=scales)))


def test_thm5_bad_input_and_negative_control():
    sp = A.get("softplus")
    pb = Problem(one_hidden_layer(sp, 2), np.array([[1.0, -2.0, 3.0]]), np.array([[0.5, 1.0, -1.0]]))
    th = torch.tensor([0.3, -1.0, 2.0, -0.5], dtype=torch.float64)
    with pytest.raises(ValueError, match=r"problem: .*positively homogeneous"):
        L.thm5_constant_loss_path(pb, th, scales=[2.0])
    with pytest.raises(ValueError, match="scales"):
        L.thm5_constant_loss_path(Problem(one_hidden_layer(A.get("relu"), 2), pb.X, pb.Y), th, scales=[0.0, 1.0])
    P = L.thm5_constant_loss_path(pb, th, scales=[1.0, 8.0], require_homogeneous=False)
    require_not(constant_along_path(pb, P))


# --------------------------------------------------------------------------- Theorem 7
def test_thm7_identities_and_cases():
    x = np.array([1.2, 1.15, 1.1, 1.05, 1.0])
    inst = L.thm7_instance(PL, x, 2)
    M = inst.numbers["M"]
    assert abs(float(inst.problem.loss(inst.point)) - M**2) <= 16 * U * M**2  # (53)
    u = inst.witnesses["u"]
    assert np.all(np.diff(u) > 0)  # u_1 < ... < u_{N+1}
    gap = float(inst.problem.loss(inst.witnesses["lower"]) - inst.problem.loss(inst.point))
    assert abs(gap - inst.numbers["predicted_gap"]) < 1e-9 * M**2 and gap < 0  # (67)
    pts, cases = L.thm7_perturbations(inst, 10, seed=0)
    res = L.thm7_case_analysis(inst, pts)
    assert np.array_equal(res.case, cases) and res.in_neighbourhood.all()
    require(L.thm7_case_certificate(inst, pts))


@pytest.mark.parametrize("side", [1, -1])
@pytest.mark.parametrize("flip", [1.0, -1.0])
def test_thm7_all_four_sign_cases(side, flip):
    act = A.scaled(PL, flip, 1.0)  # a < 0 when flip = -1; side = -1 uses t_0 = -1
    x = np.array([1.3, 1.2, 1.1, 1.0])
    inst = L.thm7_instance(act, x, 1, side=side)
    assert inst.numbers["sign_w"] == side and inst.numbers["sign_v"] == (1.0 if side == 1 else -1.0) * flip
    pts, _ = L.thm7_perturbations(inst, 8, seed=1)
    require(L.thm7_case_certificate(inst, pts))
    require(suboptimal(inst.problem, inst.point, inst.witnesses["lower"]))


def test_thm7_bad_input():
    x = np.array([1.2, 1.1, 1.0])
    with pytest.raises(ValueError, match=r"activation: .*piecewise linear"):
        L.thm7_instance(A.get("softplus"), x, 1)
    with pytest.raises(ValueError, match=r"activation: .*sigma\(0\) = sigma'\(0\) = 0"):
        L.thm7_instance(A.piecewise_linear((1.0,), (1.0, 2.0)), x, 1)
    with pytest.raises(ValueError, match=r"activation: .*0 is a breakpoint"):
        L.thm7_instance(A.get("relu"), x, 1)
    with pytest.raises(ValueError, match=r"m: .*2m \+ 1 <= N"):
        L.thm7_instance(PL, x, 2)
    with pytest.raises(ValueError, match=r"x: .*N >= 3"):
        L.thm7_instance(PL, np.array([1.1, 1.0]), 1)
    with pytest.raises(ValueError, match=r"x: .*x_1 > x_2"):
        L.thm7_instance(PL, np.array([1.0, 1.1, 1.2]), 1)
    with pytest.raises(ValueError, match=r"x: .*x_1/x_N"):
        L.thm7_instance(PL, np.array([10.0, 2.0, 1.0]), 1)  # (t0 + delta)/t0 = 4
    with pytest.raises(ValueError, match=r"x: .*x_N > 0"):
        L.thm7_instance(PL, np.array([1.0, 0.5, -0.5]), 1)


@pytest.mark.proof_erratum(
    claim="li2022benefit/thm-7",
    printed="Proof of Theorem 7, Step 1: 'Consider input data x in R^N satisfying x_1 > x_2 > ... > x_N with "
            "x_1/x_N < (t_0 + delta)/t_0'",
    counterexample="sigma(t) = max(t - 1, 0) (t_0 = 1, delta = inf), x = (2, 1, -1, -2, -3), m = 2, M = 1: the printed "
                   "condition holds (x_1/x_N = -2/3), but (49)-(52) give w = (-1, -1/3), v = (1, 1), z_1 = (0, 0, 0, 1, 2) "
                   "and dE/dv_1 = 4: the constructed point is not even critical",
    corrected="Step 1 must also require x_N > 0 (then (50) holds); the set of such x still has positive measure",
)
def test_thm7_printed_step_1_admits_x_where_the_construction_is_no_local_minimum():
    """Erratum of the proof of Theorem 7 (not the theorem): Step 1 must also require x_N > 0.

    sigma(t) = max(t - 1, 0) (t_0 = 1, a = 1, delta = inf), x = (2, 1, -1, -2, -3), m = 2: the
    printed condition (x decreasing, x_1/x_N = -2/3 < (t_0 + delta)/t_0) holds, but (49)-(52)
    give w = (-1, -1/3), v = (1, 1), z_1 = (0, 0, 0, 1, 2), and the gradient in v_1 is
    2 (yhat - y)^T z_1 = 2 M z_1[5] = 4 != 0: not even a critical point.
    """
    act = A.piecewise_linear((1.0,), (0.0, 1.0))
    x = np.array([2.0, 1.0, -1.0, -2.0, -3.0])
    bad = L.thm7_printed_construction(act, x, 2, M=1.0)
    assert float(bad.problem.gradient(bad.point)[2]) == pytest.approx(4.0)
    require_not(local_minimum_probe(bad.problem, bad.point))
    with pytest.raises(ValueError, match=r"x: .*x_N > 0"):
        L.thm7_instance(act, x, 2)
    good = L.thm7_printed_construction(act, np.array([2.0, 1.9, 1.8, 1.7, 1.6]), 2, M=1.0)
    require(local_minimum_probe(good.problem, good.point, radii=(1e-6, 1e-4, 1e-3)))


# --------------------------------------------------------------------------- Example 1
def test_ex1_factorization_and_exact_rank():
    f = L.ex1_factorization(A.monomial(1.5), [[2.0], [-0.5]], [[1.0, -3.0]])
    assert f.display_residual <= f.tol and f.sv_ratio <= f.tol
    f0 = L.ex1_factorization(A.monomial(2.5), [[0.0], [1.5]], [[1.0, 2.0]])  # w_1 = 0
    assert f0.t is None and f0.sv_ratio == 0.0
    require(L.ex1_exact_certificate(1.5, [[2], [-0.5]], [[1, -3]]))
    require(L.ex1_exact_certificate(0.75, [[3], [5]], [[2, 7]], parity="even"))


def test_ex1_negative_control_and_bad_input():
    # Not a monomial: softplus(WX) has full rank 2 for generic W, X.
    sp = A.get("softplus")
    with pytest.raises(ValueError, match=r"activation: Example 1 is about sigma\(z\) = z\^p"):
        L.ex1_factorization(sp, [[1.0], [2.0]], [[1.0, 3.0]])
    Z = sp(torch.tensor([[1.0], [2.0]], dtype=torch.float64) @ torch.tensor([[1.0, 3.0]], dtype=torch.float64))
    s = torch.linalg.svdvals(Z)
    assert float(s[1] / s[0]) > 1e-3  # a non-monomial sigma does reach rank 2 here
    with pytest.raises(ValueError, match="p: "):
        L.ex1_exact_certificate(-1, [[1], [2]], [[1, 2]])
    with pytest.raises(ValueError, match="W: "):
        L.ex1_factorization(A.monomial(2.5), [[1.0, 2.0]], [[1.0, 2.0]])


def test_ex1_canonical_prime_power_form_decides_equality():
    from fractions import Fraction

    third = Fraction(1, 3)
    assert L._canonical_power(12, third) == {2: Fraction(2, 3), 3: third}
    six = (1, L._canonical_power(6, third))
    two_three = L._canonical_product((1, L._canonical_power(2, third)), (1, L._canonical_power(3, third)))
    assert two_three == six  # 2^(1/3) 3^(1/3) = 6^(1/3)
    assert two_three != (1, L._canonical_power(5, third))
    assert L._canonical_product((0, {}), six) == (0, {})
    assert L._canonical_power(Fraction(8, 27), third) == {2: 1, 3: -1}


@pytest.mark.proof_erratum(
    claim="li2022benefit/thm-6",
    printed="Proof of Theorem 6: z_0 'is not aligned with z' and 'is also linearly independent of z'' for w_0 "
            "close to 0, 'therefore, condition (3) of Proposition 4 holds'",
    counterexample="the affine sigma(t) = 1 + t at x = (0.1, 2, 3), w = 0, w_0 = 0.1: both pairwise statements hold for every "
                   "w_0 != 0, yet z_0 = 1 + w_0 x lies in span{z, z'} = span{1, x}, so (3) fails",
    corrected="(3) follows from z_0 = sigma(0) 1 + w_0 sigma'(0) x + (w_0^2/2) sigma''(0) x o x + o(w_0^2) with "
              "sigma''(0) != 0 and 1, x, x o x independent (N >= 3, distinct x): Theorem 6 holds",
)
def test_thm6_printed_argument_for_condition_3_is_incomplete():
    """The proof of Theorem 6 argues (3) from "z_0 is not aligned with z" and "z_0 is linearly
    independent of z'" (pairwise). That does not put z_0 outside span{z, z'}: for the affine
    sigma(t) = 1 + t both pairwise statements hold at every w_0 != 0, yet z_0 = 1 + w_0 x lies
    in span{z, z'} = span{1, x}. Theorem 6's conclusion survives because sigma''(0) != 0 adds
    the component (w_0^2/2) sigma''(0) x o x outside the span (checked by thm6_instance).
    """
    affine = A.polynomial((1.0, 1.0))
    vec = L.prop4_vectors(affine, X3, np.zeros(1), 0.1)
    z, zp, z0 = vec["Z"][:, 0], vec["Zp"][:, 0], vec["z0"]
    for other in (z, zp):  # pairwise independent: rank 2
        assert np.linalg.svd(np.stack([z0, other]), compute_uv=False)[-1] > 1e-3
    cond = L.prop4_conditions(affine, X3, np.zeros(1), 0.1)
    assert not cond.condition_3 and cond.resid_z0 <= cond.tol_resid


def test_thm7_case_certificate_rejects_a_point_that_is_not_a_minimum():
    import dataclasses

    x = np.array([1.2, 1.15, 1.1, 1.05, 1.0])
    inst = L.thm7_instance(PL, x, 2)
    # The same perturbations judged for y = yhat + M e_{2m+1} (M -> -M in (52)): case (i)
    # now lowers the loss, and the certificate must say so.
    flipped = dataclasses.replace(inst, numbers={**inst.numbers, "M": -inst.numbers["M"]})
    pts, _ = L.thm7_perturbations(inst, 10, seed=0)
    require_not(L.thm7_case_certificate(flipped, pts))
    # Points outside Step 2's neighbourhood are not counted as evidence.
    far = L.thm7_case_analysis(inst, inst.point[None, :] + 10.0)
    assert not far.in_neighbourhood.any()


def test_thm7_large_ratio_data_is_decided():
    """Regression: x_1/x_N = 1262, M ~ 2e7 (found by the thorough profile): E' - E ~ 2.5e-3 must
    be decided against a per-entry rounding bound, not one scaled by the largest |w x|."""
    act = A.shifted(A.get("relu"), -1.0)
    x = np.array([631.0, 3.0, 2.5, 2.0, 1.5, 1.0, 0.5])
    inst = L.thm7_instance(act, x, 3)
    pts, _ = L.thm7_perturbations(inst, 16, seed=0)
    require(L.thm7_case_certificate(inst, pts))


def test_thm7_nonconstant_certificate_rejects_the_zero_activation():
    # sigma = 0 meets Theorem 7's printed H2 (piecewise linear, sigma(0) = sigma'(0) = 0) yet makes
    # E constant; the exact check must tell it apart from a genuine flat-at-0 activation.
    zero = A.piecewise_linear((), (0.0,), 0.0)
    cert = L.thm7_nonconstant_certificate(zero)
    assert not cert.holds and cert.evidence.value == "exact", cert.summary()
    assert L.thm7_nonconstant_certificate(A.shifted(A.get("relu"), -1.0)).holds
    with pytest.raises(ValueError, match="breakpoint"):
        L.thm7_instance(zero, np.array([1.4, 1.3, 1.2]), 1)


# --------------------------------------------------------------------------- width >= N obstruction
@pytest.mark.parametrize("name", ["swish", "softplus", "sigmoid", "tanh"])
def test_prop4_obstruction_at_width_n(name):
    act = A.get(name)
    x = np.array([0.5, -1.0, 2.0])
    w = np.array([0.3, -0.7, 0.9])  # m = N = 3, sigma(w_i x) independent
    cert = L.prop4_obstruction_certificate(act, x, w, 0.4)
    require(cert, "m = N")
    assert cert.evidence == "witness" and cert.numbers["span_rank"] == 3
    # Narrow width: the same x with m = 1 meets (1)-(3) for some w_0, so nothing to show; refused.
    with pytest.raises(ValueError, match="w: .*m >= N"):
        L.prop4_obstruction_certificate(act, x, w[:1], 0.4)


def test_prop4_obstruction_beyond_n_is_a_dimension_count():
    cert = L.prop4_obstruction_certificate(A.get("tanh"), np.array([1.0, 2.0]), np.array([0.1, 0.2, 0.3]), 0.5)
    require(cert, "m > N")
    assert cert.evidence == "exact"


def test_prop4_obstruction_rejects_a_width_n_point_without_full_rank():
    # m = N but w_1 = w_2: z_1 = z_2, (1) fails, so the dimension argument shows nothing.
    cert = L.prop4_obstruction_certificate(A.get("swish"), np.array([0.5, -1.0]), np.array([0.3, 0.3]), 0.4)
    require_not(cert, "repeated w at m = N")
