"""Claims of li2018overparameterized on the rank step and the decreasing path (Section 4.1, App. D):
Lemma 3, Proposition 4, Theorem 2 and Corollary 1.

Dawei Li, Tian Ding, Ruoyu Sun, "Over-Parameterized Deep Neural Networks Have No Strict Local
Minima For Any Continuous Activations" (2018). The constructions are shared with li2022benefit's
Theorem 1 (:mod:`landscape.constructions.wide`); data and activations come from
:mod:`strategies.li2018` (A1: a coordinate with pairwise distinct entries, zero samples allowed;
Assumption 2: sigma(0), sigma'(0), ..., sigma^(N-1)(0) all nonzero, n = N as Lemma 4 uses it).

=============================  ==================================  ==============================================
paper                          code                                meaning
=============================  ==================================  ==============================================
T_i = Phi(W_i T_{i-1})         ``wide.hidden_with_errors``         hidden outputs with error bounds
Omega_i (34)                   ``wide.rank_certificate``           rank T_i = min(d_i, N)
hat Omega_i (35)               ``wide.distinct_row_certificate``   some row of T_i with distinct entries
Y = Phi(WX) (Prop 4)           H = 1                               X in R^{m x N}, W in R^{d x m}
(14), (15)                     ``wide.theorem1_run``               path in W_{H+1}, inf = inf_Yhat l
=============================  ==================================  ==============================================

Antipodal samples (x and -x, allowed by this A1) do not break Lemma 3 here: Assumption 2 asks for
consecutive orders, so Lemma 4's matrix is a true Vandermonde in x (step 1), and sigma(0) != 0 rules
out odd sigma; the draws include such pairs and zero samples, and the checks pass.
"""

from __future__ import annotations

import math

import pytest
import torch
from hypothesis import assume, event, example, given, note

from landscape import activations as A
from landscape import losses as LS
from landscape.constructions import wide as WD
from landscape.evidence import require, require_not
from landscape.nets import Network, Problem
from strategies.li2018 import consecutive_asm2_activations, li2018_datasets
from claims.test_li2022benefit_wide import (RESAMPLE_DELTA, check_theorem1_path, generic_hidden,
                                            strict_search_outcome)
from strategies.wide import WideCase, search_cases, wide_cases



def _data(n):
    return li2018_datasets(min_samples=n, max_samples=n, max_dim=3, max_integer=4)


def _cases(*, wide: bool, max_depth: int, losses=("squared",)):
    return wide_cases(data=_data, activation_for=consecutive_asm2_activations, single_activation=True,
                      losses=losses, max_samples=4, max_depth=max_depth, wide=wide)


def _resolvable(net, theta, X):
    """Reject (as an event) only draws whose hidden outputs overflow float64 (exponential-type sigma through
    layers); every finite draw is decided by the rank certificate's own derived tolerance."""
    big = WD.largest_hidden_magnitude(net, theta, X)
    if not math.isfinite(big):
        note("undecidable in float64: a hidden output overflows")
        event("hidden outputs overflow float64 (rejected as undecidable)")
        assume(False)
    event(f"max |T_h| ~ 2^{int(math.log2(max(big, 1.0)))}")


def _check_rank(case: WideCase):
    net, X = case.network, case.X
    theta = generic_hidden(case)
    _resolvable(net, theta, X)
    N = X.shape[1]
    event(f"depth {net.depth}, N = {N}, d_H {'>=' if net.widths[-2] >= N else '<'} N")
    for layer in WD.layer_invariants(net, theta, X):
        note(layer["rank"].summary())
        require(layer["rank"], f"Omega_{layer['h']} (34): rank T_i = min(d_i, N)")
        require(layer["row"], f"hat Omega_{layer['h']} (35): a row with distinct entries")
    if min(net.widths[-2], N) >= 2:  # negative control: W = 0 makes every T_i of rank <= 1
        T0, dT0 = WD.hidden_with_errors(net, torch.zeros_like(theta), X)[-1]
        require_not(WD.rank_certificate(T0, dT0, min(net.widths[-2], N)), "W_{1:H} = 0")


_ANTIPODAL = WideCase(Network((1, 2, 1), A.get("exponential")), torch.tensor([[1.0, -1.0]], dtype=torch.float64),
                      torch.zeros(1, 2, dtype=torch.float64), LS.get("squared"), torch.zeros(4, dtype=torch.float64),
                      "zero", 1.0, 0)
_ZERO_SAMPLE = WideCase(Network((2, 3, 1), A.get("softplus")),
                        torch.tensor([[0.0, 1.0, -1.0], [0.0, 2.0, 2.0]], dtype=torch.float64),
                        torch.zeros(1, 3, dtype=torch.float64), LS.get("squared"), torch.zeros(9, dtype=torch.float64),
                        "zero", 0.5, 1)


@pytest.mark.claim("li2018overparameterized/lem-3", evidence="sampled")
@given(case=_cases(wide=False, max_depth=3))
@example(case=_ANTIPODAL).via("antipodal samples x = (1, -1), exponential")
@example(case=_ZERO_SAMPLE).via("a zero sample, softplus (orders 0, 1, 2), N = 3")
def test_lem_3_hidden_output_generically_full_rank(case):
    """Lemma 3 (li2018overparameterized).

    H1: A1: some coordinate k has X_ki != X_kj for i != j (zero samples and antipodal pairs allowed).
    H2: Assumption 2: sigma analytic, sigma^(k)(0) != 0 for k = 0..N-1 (one sigma for all layers).
    Conclusion: Omega = {W_{1:H} : rank T_H < min(d_H, N)} has measure zero ("does not require any
    assumption on over-parameterization"); the proof's invariants (34) rank T_i = min(d_i, N) and
    (35) a row of T_i with distinct entries hold off null sets.
    Checked (sampled): depth 1-3, any widths 1..N+2 (narrow and wide), N <= 4, sigma from the
    consecutive-order catalog members, polynomials and shifted exponentials; Gaussian W (start
    zero, rank one or general plus delta G, delta = 2^-e, e uniform in [0, 8], relative to each
    layer's input scale; re-sampled once at delta = 4 where a rank margin is below float64
    resolution, counted as an event): every layer's rank and distinct row certified beyond float64
    rounding (witness per draw).
    Not checked: N > 4; draws whose hidden outputs overflow float64 (exponential-type sigma through
    layers: rejected as undecidable, counted as events); the measure-zero statement beyond sampling;
    small-delta draws float64 cannot resolve.
    Negative control: W = 0 gives rank <= 1 < min(d_H, N).
    """
    _check_rank(case)


@pytest.mark.claim("li2018overparameterized/prop-4", evidence="sampled")
@given(case=_cases(wide=False, max_depth=1))
@example(case=_ANTIPODAL).via("antipodal samples x = (1, -1), exponential")
def test_prop_4_two_layer_output_generically_full_rank(case):
    """Proposition 4 (li2018overparameterized): the general two-layer case.

    H: X in R^{m x N} with A1 (a row of distinct entries), W in R^{d x m}, Y = Phi(W X), A2, and
    Assumption 2 (orders 0..N-1 nonzero at 0).
    Conclusion: Omega_1 = {W : rank Phi(W X) < min(d, N)} has measure zero.
    Checked (sampled): one hidden layer of any width d in 1..N+2, the rest as Lemma 3 (shared
    checker): rank Phi(W X) = min(d, N) and a row of distinct entries, beyond rounding.
    Not checked: as Lemma 3.
    Negative control: W = 0 gives rank Phi(0 X) <= 1 < min(d, N).
    """
    _check_rank(case)


@pytest.mark.claim("li2018overparameterized/thm-2", evidence="sampled")
@given(case=_cases(wide=True, max_depth=3, losses=("squared", "pseudo_huber", "hinge", "squared_hinge", "logistic",
                                                  "cross_entropy")))
@example(case=WideCase(Network((1, 2, 1), A.get("exponential")), torch.tensor([[1.0, -1.0]], dtype=torch.float64),
                       torch.tensor([[1.0, 1.0]], dtype=torch.float64), LS.get("squared"),
                       torch.zeros(4, dtype=torch.float64), "zero", 1.0, 0)).via("antipodal samples, exponential")
def test_thm_2_first_conclusion_decreasing_path_after_perturbation(case):
    """Theorem 2 (li2018overparameterized): Assumptions 1 and 2 => E(W) is weakly global.

    H1: Assumption 1 (A1 a distinct coordinate, zero samples allowed; A2 convex continuous loss;
    A3 d_H >= N; A4). H2: Assumption 2 (orders 0..N-1 nonzero at 0), one sigma for all layers.
    Conclusion: E is weakly global. Proof, "first conclusion": from any W^o, after an arbitrarily
    small perturbation (Lemma 3: rank T_H = N), a strictly decreasing path to inf_W E (14), (15);
    the second conclusion follows by contraposition (li2022benefit Prop 1, tested there).
    Checked (sampled): the first conclusion by running the proof: W^p = W^o + delta G on every
    layer, rank T_H = N certified (witness), inf E = inf_Yhat l (15), Lemma 5's path mapped to
    W_{H+1} (14), E along it strictly decreasing on the dyadic t-grid to the finest level float64
    decides (k >= 8) with 8 interior points per piece, closing to inf E; losses squared,
    Pseudo-Huber, hinge and squared hinge (+-1), logistic (+-1, not attained), cross entropy
    (one-hot, not attained); depth 1-3, N <= 4; delta = 2^-e, e in [0, 8] (re-run once at delta = 4
    where the rank margin is below float64 resolution, counted as an event).
    Not checked: arbitrarily small perturbations (delta >= 2^-8 relative); weak globality itself
    (a set-wise statement, only through the contraposition; the grid detector of li2022benefit/cor-1
    is not run here); between grid points.
    Negative control: rank step refused at W_{1:H} = 0 (rank <= 1 < N, N >= 2).
    """
    problem = Problem(case.network, case.X, case.Y, case.loss)
    gen = torch.Generator().manual_seed(case.seed + 1)
    run = WD.theorem1_run(problem, case.start, case.delta, gen)
    if not run.rank.holds:  # margin below float64 resolution (as generic_hidden): one fresh generic W^p
        event(f"delta = {case.delta:.3g}: rank margin below float64 resolution, re-run at delta = {RESAMPLE_DELTA}")
        run = WD.theorem1_run(problem, case.start, RESAMPLE_DELTA, torch.Generator().manual_seed(case.seed + 1))
    _resolvable(case.network, run.theta, case.X)
    note(f"route {run.route}; {run.note}; |W^p - W^o| = {run.distance:.3g}; {run.rank.summary()}")
    require(run.rank, "Lemma 3: rank T_H = N after the perturbation")
    N = case.X.shape[1]
    if N >= 2:
        T0, dT0 = WD.hidden_with_errors(case.network, torch.zeros_like(run.theta), case.X)[-1]
        require_not(WD.rank_certificate(T0, dT0, N), "W_{1:H} = 0")
    check_theorem1_path(problem, run)


@pytest.mark.claim("li2018overparameterized/cor-1", evidence="sampled")
@given(case=search_cases(data=li2018_datasets(min_samples=1, max_samples=3, max_dim=2, max_integer=3, max_abs_target=2.0),
                         activation_for=consecutive_asm2_activations))
def test_cor_1_no_strict_bad_local_minimum(case):
    """Corollary 1 (li2018overparameterized): for the network of Theorem 1 there is no strict bad
    local minimum.

    H1: Assumption 1 (A1 a distinct coordinate, zero samples and antipodal pairs allowed; convex
    loss, squared here; d_H >= N; continuous sigma).
    H2 (through Theorem 2's route): Assumption 2, orders 0..N-1 nonzero at 0 (analytic, so C^2).
    Conclusion: every strict local minimum of E is global.
    Checked (sampled search, weak): one hidden layer, d_1 = N or N + 1, N <= 3, li2018 A1 data, sigma
    from the consecutive-order members (catalog, polynomials, shifted exponentials); inf E = 0 is known
    (Lemma 3: rank T_H = N at generic W, W_2 interpolates); 3 Gaussian starts (scale 1 or 3)
    polished by BFGS; the polished points certified critical are examined, and any certified strict
    local minimum among them must have E = 0 (shared search, li2022benefit/cor-2). Outcome: no
    certified strict local minimum was reached in the CI draws (global minima here are non-isolated),
    so the falsification branch never fired; the test shows the mechanism instead: at every polished
    point with certified rank T_H = N, E <= (|grad_{W_2} E| / 2 sigma_N(T_H))^2.
    Not checked: points the search does not reach; strict minima at rank-deficient T_H; the logistic
    loss; non-smooth sigma (li2018's Theorem 1 allows any continuous sigma); depth > 1.
    Negative control: li2022benefit Theorem 6's narrow instance (softplus, N = 3, d_1 = 1), a
    certified strict local minimum above the value at its witness point, is flagged.
    """
    strict_search_outcome(case)
