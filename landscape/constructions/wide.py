"""Wide networks: the assumptions, the rank step and the decreasing path of li2022benefit
Theorem 1 (Section 5.1: Proposition 2, Lemma 5, eqs. (19)-(20)) and of its predecessor
li2018overparameterized Theorem 2 (Lemma 3, Proposition 4, eqs. (14)-(15), App. D (34)-(35)).

Citations: Li, Ding & Sun, "On the Benefit of Width for Neural Networks: Disappearance of
Basins" (2022), key ``li2022benefit``; Li, Ding & Sun, "Over-parameterized deep neural
networks have no strict local minima for any continuous activations" (2018), key
``li2018overparameterized``.

==================================  ==========================  ===========================================
paper                               code                        meaning
==================================  ==========================  ===========================================
x^(n), X in R^{d_0 x N}             ``X``                       samples are columns
A1 (li2022): x^(n) != 0, distinct   ``assumption_a1``           exact float comparisons of the columns
A2: l(Y, Yhat) convex in Yhat       ``loss_convexity``          midpoint convexity on drawn segments
A3: d_H >= N                        ``assumption_a3``           widths[-2] >= N
A4: sigma_h continuous              (by type)                   ``Activation`` refuses smoothness < 0
T_h = sigma_h(W_h T_{h-1})          ``hidden_with_errors``      each T_h with an entrywise error bound
Omega_h (10a), (34)                 ``rank_certificate``        rank T_h = min(d_h, N) beyond rounding
hat Omega_h (10b)                   ``columns_a1_certificate``  no zero column, no two equal columns
hat Omega_i (35) (li2018)           ``distinct_row_certificate`` some row of T_i with distinct entries
W^p in B(W^o, delta)                ``perturb_hidden``          W_{1:H} + delta G, W_{H+1} kept
p_i, p'_i, g_i, t*, t'  (15)-(18)   ``lemma5_path``             Lemma 5's path through a decreasing sequence
inf_Yhat l(Y, Yhat)  (20)           ``output_infimum``          value, minimiser or divergent direction
W_{H+1}(t) with W_{H+1}(t) T_H = Yhat(t)  ``output_layer_path`` the path of Theorem 1's proof
Theorem 1's proof end to end        ``theorem1_run``            perturb, rank, (20), Lemma 5, (19)
S = {yhat_i = -yhat_j} (pairs)      ``antipodal_subspace_projection``  outputs of odd nets on antipodal data
Definition 1 at float64 resolution  ``resolved_decreasing_path``  dyadic grid cut where drops < rounding
f(W) = det sigma(W X) (Lemma 2)     ``first_layer_determinants`` batched sigma_min vs rounding
strict local minimum (Cor 2)        ``no_suboptimal_strict_minimum``  second-order test at searched points
crit. + rank T_H = N => global      ``full_rank_critical_bound``  E <= (|grad_V E| / 2 sigma_N(T_H))^2
==================================  ==========================  ===========================================

Deviation from the papers: Lemma 5's minimising sequence {p_i} is infinite; a computer builds
finitely many points, so the path is defined up to t_K = 1 - 2^-K and checks (Definition 1)
stop at a grid t_k with k < K. ``theorem1_run`` also perturbs W_{H+1} (the proof's W^p lies in a
ball around all of W^o), and adds a route the proof lacks: odd networks on antipodal data, where
rank T_H = N is impossible but inf E is the minimum over the subspace S of odd outputs.
"""

from __future__ import annotations

import functools
import math
import warnings
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import sympy
import torch

from landscape import _activation_symbolic as SYM
from landscape import activations as A
from landscape import losses as LS
from landscape._tensors import DTYPE, as_tensor
from landscape.certificates._rounding import U, gamma
from landscape.evidence import Certificate
from landscape.nets import Network, Problem

__all__ = [
    "assumption_a1",
    "assumption_a3",
    "loss_convexity",
    "antipodal_pairs",
    "activation_rounding",
    "layer_with_errors",
    "hidden_with_errors",
    "rank_certificate",
    "columns_a1_certificate",
    "distinct_row_certificate",
    "layer_invariants",
    "perturb_hidden",
    "Lemma5Path",
    "lemma5_path",
    "segment_first_minimum",
    "OutputInfimum",
    "output_infimum",
    "output_sequence",
    "output_layer_path",
    "odd_activation",
    "odd_network",
    "output_objective",
    "antipodal_subspace_projection",
    "Theorem1Run",
    "theorem1_run",
    "piece_grid",
    "resolved_decreasing_path",
    "theorem1_path_certificate",
    "first_layer_determinants",
    "polish",
    "full_rank_critical_bound",
    "strict_minimum_search",
    "no_suboptimal_strict_minimum",
    "theorem6_control",
    "largest_hidden_magnitude",
]


def _matrix(X, name: str) -> torch.Tensor:
    X = as_tensor(X, name=name)
    if X.ndim != 2 or X.shape[1] < 1:
        raise ValueError(f"{name}: expected a (d, N) matrix with N >= 1 columns (samples), got shape {tuple(X.shape)}")
    if not bool(torch.isfinite(X).all()):
        raise ValueError(f"{name}: entries must be finite")
    return X


# --------------------------------------------------------------------------- Assumption 1
def assumption_a1(X) -> Certificate:
    """li2022benefit A1: every column nonzero and no two columns equal (exact float comparisons)."""
    X = _matrix(X, "X")
    N = X.shape[1]
    zero = [n for n in range(N) if bool((X[:, n] == 0).all())]
    eq = (X[:, :, None] == X[:, None, :]).all(dim=0) & ~torch.eye(N, dtype=torch.bool)
    equal = [tuple(p) for p in eq.nonzero().tolist() if p[0] < p[1]]
    return Certificate(
        "li2022benefit A1: samples nonzero and distinct", not zero and not equal, "exact",
        ("every column nonzero, no two equal" if not zero and not equal else
         f"zero columns {zero}, equal column pairs {equal}"),
        {"N": N, "d0": int(X.shape[0]), "zero_columns": str(zero), "equal_pairs": str(equal),
         "antipodal_pairs": str(antipodal_pairs(X))},
    )


def antipodal_pairs(X) -> list[tuple[int, int]]:
    """Pairs n < n' with x^(n) = -x^(n') != 0 (exact). A1 allows them; Proposition 2's proof does not."""
    X = _matrix(X, "X")
    anti = (X[:, :, None] == -X[:, None, :]).all(dim=0)
    nonzero = (X != 0).any(dim=0)
    return [(i, j) for i, j in anti.nonzero().tolist() if i < j and bool(nonzero[i])]


def assumption_a3(widths: Sequence[int], n_samples: int) -> Certificate:
    """A3: the last hidden layer is at least as wide as the number of samples, d_H >= N."""
    widths = tuple(int(w) for w in widths)
    if int(n_samples) < 1:
        raise ValueError(f"n_samples: N must be at least 1, got {n_samples!r}")
    if len(widths) < 3:
        raise ValueError(f"widths: A3 concerns a network with a hidden layer, got {widths}")
    dH = widths[-2]
    return Certificate("A3: d_H >= N", dH >= int(n_samples), "exact", f"d_H = {dH}, N = {int(n_samples)}",
                       {"d_H": dH, "N": int(n_samples)})


def loss_convexity(loss: LS.Loss, Y, *, seed: int, n_segments: int = 64, scale: float = 4.0) -> Certificate:
    """A2 (sampled): midpoint convexity of Yhat -> l(Y, Yhat) on ``n_segments`` Gaussian segments.

    Each segment [Ya, Yb] has endpoints Y + scale G; ``check_midpoint_convexity`` decides each
    midpoint inequality against its derived rounding bound. Holds iff no segment violates it.
    """
    Y = _matrix(Y, "Y")
    if int(n_segments) < 1:
        raise ValueError(f"n_segments: need at least one segment, got {n_segments!r}")
    if not (scale > 0 and math.isfinite(scale)):
        raise ValueError(f"scale: the segments' spread must be positive and finite, got {scale!r}")
    gen = torch.Generator().manual_seed(int(seed))
    worst, worst_cert = -math.inf, None
    for _ in range(int(n_segments)):  # a few dozen 0-dim checks; each carries its own rounding bound
        Ya = Y + scale * torch.randn(Y.shape, generator=gen, dtype=DTYPE)
        Yb = Y + scale * torch.randn(Y.shape, generator=gen, dtype=DTYPE)
        c = LS.check_midpoint_convexity(loss, Y, Ya, Yb)
        excess = c.numbers["violation"] - c.tolerance
        if excess > worst:
            worst, worst_cert = excess, c
    return Certificate(
        f"A2: {loss.name} convex in Yhat (midpoint, {int(n_segments)} segments)", worst <= 0, "sampled",
        worst_cert.explanation + (" at the worst segment" if worst <= 0 else ": convexity VIOLATED"),
        {"segments": int(n_segments), "worst_excess": worst, "declared_convex": loss.convex},
        worst_cert.tolerance, worst_cert.tolerance_derivation,
    )


# --------------------------------------------------------------------------- hidden layers with error bounds
def activation_rounding(act: A.Activation, S: torch.Tensor) -> torch.Tensor:
    """Entrywise bound of the float64 error of ``act(S)`` at exactly representable S (any shape).

    The model :func:`landscape._activation_checks.check_consistency` verifies for every catalog
    activation against 50-digit references: 64 u (|sigma| + |S sigma'| + S^2 |sigma''|) (a formula of at
    most ~30 roundings, each within 2 ulps; the |S sigma'| and S^2 |sigma''| terms cover arguments
    rounded inside the formula, e.g. shifted(exp, c) = exp(S + c)), plus Horner's bound
    2 n 64 u * (absolute-value polynomial) for polynomials (``rounding_scale``: cancellation among
    n terms).
    """
    d1, d2 = act.derivative(S, 1), act.derivative(S, 2)
    bound = 64 * U * (act(S).abs() + S.abs() * d1.abs() + S * S * d2.abs())
    if act.rounding_scale is not None:
        n_terms = len(act.pieces[0][2].as_poly(SYM.T).all_coeffs())
        bound = bound + 2 * n_terms * 64 * U * act.rounding_scale(S, 0).abs()
    return bound


def layer_with_errors(act: A.Activation, W: torch.Tensor, T: torch.Tensor, dT: torch.Tensor | None = None):
    """One layer ``(sigma(W T), bound)`` with the error carried in: batched over leading dimensions.

    S = W T is a d-term product: |dS| <= gamma_d |W||T| + |W| dT (own rounding plus the error carried
    in); sigma(S): :func:`activation_rounding` plus |sigma'(S)| |dS| (first order in the errors, whose
    relative size here is <= 1e-12, so second-order terms are below u of the first).
    """
    S = W @ T
    dS = gamma(W.shape[-1]) * (W.abs() @ T.abs())
    if dT is not None:
        dS = dS + W.abs() @ dT
    Z = act(S)
    return Z, activation_rounding(act, S) + act.derivative(S, 1).abs() * dS


def hidden_with_errors(network: Network, theta, X) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """``[(T_h, dT_h)]``: every hidden output and an entrywise bound of its float64 error
    (:func:`layer_with_errors` layer by layer, dT_0 = 0)."""
    X = _matrix(X, "X")
    if network.bias:
        raise ValueError("network: the papers' networks have no biases (footnote 4); got bias=True")
    layers = network.unflatten(as_tensor(theta, name="theta").reshape(-1))
    out, T, dT = [], X, None
    for layer, act in zip(layers[:-1], network.activations):
        T, dT = layer_with_errors(act, layer.weight, T, dT)
        out.append((T, dT))
    return out


def rank_certificate(T, dT, rank: int, *, question: str = "") -> Certificate:
    """Witness: rank T >= ``rank``: sigma_rank(T_float) above the Weyl bound of every rounding.

    sigma_r(T_exact) >= sigma_r(T_float) - ||dT||_2 - (SVD backward error); ||dT||_2 <= ||dT||_F, the
    SVD's backward error <= 4 max(m, N) u ||T||_2 (Householder bidiagonalisation, constant generous).
    """
    T, dT = as_tensor(T, name="T"), as_tensor(dT, name="dT")
    if T.shape != dT.shape or T.ndim != 2:
        raise ValueError(f"dT: expected an error bound of T's shape {tuple(T.shape)}, got {tuple(dT.shape)}")
    rank = int(rank)
    if not 1 <= rank <= min(T.shape):
        raise ValueError(f"rank: expected 1 <= rank <= min{tuple(T.shape)}, got {rank}")
    finite = bool(torch.isfinite(T).all() and torch.isfinite(dT).all())
    sv = torch.linalg.svdvals(T) if finite else torch.full((min(T.shape),), math.nan, dtype=DTYPE)
    tol = float(torch.linalg.norm(dT)) + 4 * max(T.shape) * U * float(sv[0])
    s_r = float(sv[rank - 1])
    return Certificate(
        question or f"rank T >= {rank}", finite and s_r > tol, "witness",
        f"sigma_{rank}(T) = {s_r:.3g} against the Weyl bound {tol:.3g} of every rounding ({T.shape[0]} x {T.shape[1]})",
        {"rows": int(T.shape[0]), "N": int(T.shape[1]), "rank": rank, "sigma_max": float(sv[0]), "sigma_r": s_r,
         "ratio": s_r / tol if tol > 0 else math.inf},
        tol, "||dT||_F (first-order layer-wise bound) + 4 max(m,N) u ||T||_2",
    )


def _matrix_with_bound(T, dT) -> tuple[torch.Tensor, torch.Tensor]:
    T, dT = as_tensor(T, name="T"), as_tensor(dT, name="dT")
    if T.ndim != 2 or T.shape != dT.shape:
        raise ValueError(f"dT: expected a (d, N) matrix T and an error bound of its shape, got {tuple(T.shape)}, "
                         f"{tuple(dT.shape)}")
    return T, dT


def _pair_margin(T: torch.Tensor, dT: torch.Tensor, sign: float) -> torch.Tensor:
    """(N, N): max_k (|T_ki - sign T_kj| - dT_ki - dT_kj); > 0 certifies column i != sign * column j."""
    diff = (T[:, :, None] - sign * T[:, None, :]).abs() - dT[:, :, None] - dT[:, None, :] - U * (T[:, :, None].abs() + T[:, None, :].abs())
    return diff.amax(dim=0)


def columns_a1_certificate(T, dT, *, antipodal: bool = False) -> Certificate:
    """Witness (hat Omega_h, (10b)): no column of T is zero and no two are equal, beyond rounding.

    A column is certified nonzero when some entry exceeds its error bound; two columns distinct
    when they differ in some row by more than both bounds (plus the subtraction's u). With
    ``antipodal`` also: no column is the negative of another (the extra invariant the corrected
    Proposition 2 needs).
    """
    T, dT = _matrix_with_bound(T, dT)
    N = T.shape[1]
    off = ~torch.eye(N, dtype=torch.bool)
    zero_margin = float((T.abs() - dT).amax(dim=0).min())
    eq_margin = float(_pair_margin(T, dT, 1.0)[off].min()) if N > 1 else math.inf
    anti_margin = float(_pair_margin(T, dT, -1.0)[off].min()) if N > 1 else math.inf
    ok = zero_margin > 0 and eq_margin > 0 and (anti_margin > 0 or not antipodal)
    return Certificate(
        "columns of T nonzero and distinct" + (", none antipodal" if antipodal else ""), ok, "witness",
        "smallest margins over the error bounds: nonzero, distinct" + (", not antipodal" if antipodal else ""),
        {"N": N, "zero_margin": zero_margin, "equal_margin": eq_margin, "antipodal_margin": anti_margin},
        None, "entrywise dT_ki + dT_kj + u(|T_ki| + |T_kj|)",
    )


def distinct_row_certificate(T, dT) -> Certificate:
    """Witness (li2018 (35)): some row of T has pairwise distinct entries beyond their error bounds."""
    T, dT = _matrix_with_bound(T, dT)
    N = T.shape[1]
    if N == 1:
        return Certificate("a row of T with distinct entries", True, "witness", "N = 1: trivially", {"N": 1})
    off = ~torch.eye(N, dtype=torch.bool)
    # the same entrywise gap as columns_a1_certificate's, kept per row instead of maximised over rows
    gap = (T[:, :, None] - T[:, None, :]).abs() - dT[:, :, None] - dT[:, None, :] - U * (T[:, :, None].abs() + T[:, None, :].abs())
    per_row = gap[:, off].amin(dim=1)
    best = int(per_row.argmax())
    return Certificate(
        "a row of T with pairwise distinct entries", float(per_row[best]) > 0, "witness",
        f"row {best}: smallest gap over its error bounds {float(per_row[best]):.3g}",
        {"N": N, "best_row": best, "margin": float(per_row[best])}, None, "dT_ki + dT_kj + u(|T_ki| + |T_kj|)",
    )


def layer_invariants(network: Network, theta, X, *, antipodal: bool = False) -> list[dict]:
    """Per hidden layer h: rank T_h = min(d_h, N) (10a)/(34), (10b) columns, and (35) distinct row."""
    X = _matrix(X, "X")
    N = X.shape[1]
    out = []
    for h, (T, dT) in enumerate(hidden_with_errors(network, theta, X), start=1):
        r = min(T.shape[0], N)
        out.append({
            "h": h,
            "rank": rank_certificate(T, dT, r, question=f"rank T_{h} = min(d_{h}, N) = {r}"),
            "columns": columns_a1_certificate(T, dT, antipodal=antipodal),
            "row": distinct_row_certificate(T, dT),
        })
    return out


def perturb_hidden(network: Network, theta, delta: float, generator: torch.Generator, X) -> torch.Tensor:
    """W^p: each hidden W_h plus delta G_h / s_{h-1} (G Gaussian), W_{H+1} unchanged.

    s_{h-1} = max(1, max |T_{h-1}|) at the perturbed earlier layers (T_0 = X), so that delta is a
    perturbation relative to the layer's input scale. The distance |W^p - W^o| is returned by the caller.
    """
    theta = as_tensor(theta, name="theta").reshape(-1).clone()
    delta = float(delta)
    if not (delta > 0 and math.isfinite(delta)):
        raise ValueError(f"delta: the perturbation size must be positive and finite, got {delta!r}")
    X = _matrix(X, "X")
    offset, T = 0, X
    for (rows, cols), act in zip(network._shapes[:-1], network.activations):
        # Relative to the layer's input scale, never blowing up small inputs (an all-zero input, li2018's x = 0
        # with N = 1, or a nearly vanishing layer): huge weights would saturate the next activation.
        scale = max(float(T.abs().max()), 1.0)
        G = torch.randn(rows * cols, generator=generator, dtype=DTYPE)
        theta[offset:offset + rows * cols] += delta * G / scale
        W = theta[offset:offset + rows * cols].reshape(rows, cols)
        T = act(W @ T)
        offset += rows * cols
    return theta


def odd_activation(act: A.Activation) -> bool:
    """sigma(-t) = -sigma(t) for every t, decided exactly on the sympy form: every piece (lo, hi, e) has a
    mirror piece (-hi, -lo, e') with e(t) + e'(-t) identically 0 (sympy proves it). False when there is
    no exact form or sympy cannot prove the identity (then nothing is claimed)."""
    if act.pieces is None:
        return False
    t = SYM.T
    for lo, hi, e in act.pieces:
        mirror = [e2 for lo2, hi2, e2 in act.pieces if lo2 == -hi and hi2 == -lo]
        if len(mirror) != 1 or sympy.simplify(e + mirror[0].subs(t, -t)) != 0:
            return False
    return True


def odd_network(network: Network) -> bool:
    """Every sigma_h odd (:func:`odd_activation`, exact). Then x -> W_{H+1} T_H(x) is odd, so antipodal
    samples give antipodal outputs for every W."""
    return all(odd_activation(act) for act in network.activations)


# --------------------------------------------------------------------------- Lemma 5
def segment_first_minimum(phi: Callable[[np.ndarray], np.ndarray], *, n_grid: int = 129, levels: int = 3) -> float:
    """t* of (16): the smallest minimiser of a convex phi on [0, 1], by nested batched grids.

    Each level evaluates phi on ``n_grid`` points of the current bracket (one vectorised call) and
    keeps one grid step either side of the first grid minimum; for a convex phi that bracket holds
    the leftmost minimiser, so ``levels`` levels locate it within (2 / (n_grid - 1))^levels.
    """
    if int(n_grid) < 3 or int(levels) < 1:
        raise ValueError(f"n_grid, levels: need n_grid >= 3 points and levels >= 1, got {n_grid}, {levels}")
    lo, hi = 0.0, 1.0
    for _ in range(int(levels)):
        ts = np.linspace(lo, hi, int(n_grid))
        vals = np.asarray(phi(ts), dtype=np.float64)
        j = int(np.argmin(vals))  # the first index of the grid minimum
        if j == ts.size - 1 and hi == 1.0:
            return 1.0
        lo, hi = ts[max(j - 1, 0)], ts[min(j + 1, ts.size - 1)]
    return float((lo + hi) / 2)


def _first_crossing(phi, lo: float, hi: float, target: float, *, n_grid: int = 129, levels: int = 4) -> float:
    """The first t in [lo, hi] with phi(t) <= target, for phi decreasing there with phi(hi) <= target
    (nested batched grids; returns a point where phi <= target, within (1/(n_grid-1))^levels of the crossing)."""
    for _ in range(int(levels)):
        ts = np.linspace(lo, hi, int(n_grid))
        below = np.nonzero(np.asarray(phi(ts), dtype=np.float64) <= target)[0]
        j = int(below[0]) if below.size else ts.size - 1
        if j == 0:
            return float(ts[0])
        lo, hi = ts[j - 1], ts[j]
    return float(hi)


@dataclass(frozen=True)
class Lemma5Path:
    """Lemma 5's path: the points p'_i (at t_i = 1 - 2^-i) and the straight pieces between them (18)."""

    points: torch.Tensor        # (K + 1, P): p'_0 = p_0, p'_1, ..., p'_K
    values: torch.Tensor        # f(p'_i) = f(p_i)
    t_star: tuple[float, ...]   # (16) per segment
    t_prime: tuple[float, ...]  # t' per segment (1.0 when the segment itself decreases strictly)

    @property
    def n_segments(self) -> int:
        return self.points.shape[0] - 1

    def __call__(self, ts) -> torch.Tensor:
        """g(t) of (18) at every t in ``ts`` (in [0, t_K]); vectorised."""
        ts = as_tensor(ts, name="ts").reshape(-1)
        K = self.n_segments
        if bool((ts < 0).any()) or bool((ts > 1 - 2.0 ** -K).any()):
            raise ValueError(f"ts: the finite path is defined on [0, 1 - 2^-{K}], got [{float(ts.min())}, {float(ts.max())}]")
        i = torch.clamp(torch.floor(-torch.log2(1 - ts)).to(torch.long), 0, K - 1)
        ti = 1 - torch.pow(2.0, -i.to(DTYPE))
        s = (ts - ti) / (2.0 ** -(i.to(DTYPE) + 1))
        return (1 - s)[:, None] * self.points[i] + s[:, None] * self.points[i + 1]


def lemma5_path(f: Callable[[torch.Tensor], torch.Tensor], p0, sequence) -> Lemma5Path:
    """The construction (15)-(18) of Lemma 5 through ``sequence`` = (p_1, ..., p_K).

    ``f`` maps (B, P) points to (B,) values (batched). The p_i must have strictly decreasing values
    starting below f(p_0) (ValueError otherwise: the lemma's hypothesis on the sequence). Per segment
    g_i(t) = (1-t) p'_i + t p_{i+1} (15): t* = the first minimiser on [0, 1] (16), t' in (0, t*] with
    f(g_i(t')) = f(p_{i+1}) (first crossing), p'_{i+1} = g_i(t'). The path's pieces join the p'_i at
    t_i = 1 - 2^-i (18). Convexity of f is what makes each piece decrease (17); the construction
    itself does not check it (see the negative controls).
    """
    p0 = as_tensor(p0, name="p0").reshape(-1)
    seq = as_tensor(sequence, name="sequence")
    if seq.ndim != 2 or seq.shape[1] != p0.numel() or seq.shape[0] < 1:
        raise ValueError(f"sequence: expected (K, {p0.numel()}) points p_1..p_K, got {tuple(seq.shape)}")
    fv = f(torch.cat([p0[None], seq])).detach()
    if not bool((fv[1:] < fv[:-1]).all()):
        raise ValueError("sequence: Lemma 5 needs f(p_{i+1}) < f(p_i) for every i (starting from p_0)")
    pts, t_star, t_prime = [p0], [], []
    for i in range(seq.shape[0]):  # K sequential segments: each starts where the previous one ended
        a, b, target = pts[-1], seq[i], float(fv[i + 1])

        def phi(t, a=a, b=b):
            t = torch.as_tensor(np.asarray(t, dtype=np.float64))
            return f((1 - t)[:, None] * a[None] + t[:, None] * b[None]).detach().numpy()

        ts = segment_first_minimum(phi)
        vmin = float(phi(np.array([ts]))[0])
        # t' in (0, t*] with f(g_i(t')) = f(p_{i+1}): the first crossing (f(g_i(t')) <= f(p_{i+1}) by at most
        # the crossing's resolution, still above f(p_{i+2})); t' = t* = 1 when p_{i+1} is the segment's minimum.
        tp = _first_crossing(phi, 0.0, ts, target) if vmin < target else 1.0
        t_star.append(ts)
        t_prime.append(tp)
        pts.append((1 - tp) * a + tp * b)
    P = torch.stack(pts)
    return Lemma5Path(P, f(P).detach(), tuple(t_star), tuple(t_prime))


# --------------------------------------------------------------------------- (20): the output-space infimum
@dataclass(frozen=True)
class OutputInfimum:
    """inf over Yhat of l(Y, Yhat): its value, and a minimiser (attained) or a direction along which
    the value tends to it (not attained)."""

    value: float
    minimizer: torch.Tensor | None
    direction: torch.Tensor | None
    how: str


_ATTAINED_AT_Y = ("squared", "half_squared", "mean_squared", "pseudo_huber")


def output_infimum(loss: LS.Loss, Y) -> OutputInfimum:
    """inf_Yhat l(Y, Yhat) for the convex losses of :mod:`landscape.losses` (ValueError otherwise).

    Squared variants and Pseudo-Huber: 0 at Yhat = Y. Hinge and squared hinge with labels +-1:
    0 at Yhat = Y. Logistic with labels +-1: 0, not attained, along Yhat = s Y, s -> inf. Cross
    entropy with one-hot columns: 0, not attained, along s (2Y - 1).
    """
    Y = _matrix(Y, "Y")
    base = loss.name.split("(")[0]
    labels = bool(((Y == 1) | (Y == -1)).all())
    if base in _ATTAINED_AT_Y:
        return OutputInfimum(0.0, Y.clone(), None, "l >= 0 with l(Y, Y) = 0")
    if base in ("hinge", "squared_hinge"):
        if not labels:
            raise ValueError(f"Y: {loss.name} needs labels +-1, got other values")
        return OutputInfimum(0.0, Y.clone(), None, "l >= 0 with l(Y, Y) = 0 for labels +-1")
    if base == "logistic":
        if not labels:
            raise ValueError("Y: logistic needs labels +-1, got other values")
        return OutputInfimum(0.0, None, Y.clone(), "l > 0, l(Y, s Y) = N log(1 + e^-s) -> 0")
    if base == "cross_entropy":
        onehot = bool((((Y == 0) | (Y == 1)).all()) and (Y.sum(dim=0) == 1).all()) and Y.shape[0] >= 2
        if not onehot:
            raise ValueError("Y: cross_entropy's infimum is implemented for one-hot columns (d_out >= 2) only")
        return OutputInfimum(0.0, None, 2 * Y - 1, "l > 0, -> 0 along s (2Y - 1)")
    raise ValueError(f"loss: no known output-space infimum for {loss.name!r} (convex: {loss.convex})")


def output_sequence(loss: LS.Loss, Y, Y0, inf: OutputInfimum, n_points: int, generator: torch.Generator,
                    *, noise: float = 0.25) -> torch.Tensor:
    """A minimising sequence p_1..p_K in Yhat-space with strictly decreasing values below l(Y, Y0).

    Attained (minimiser Y*): p_i on the segment from Y0 towards Y*, p_i = Y0 + t_i s* (Y* - Y0) with
    s* the first minimiser of the segment (16) and t_i = 1 - 2^-i, so l(p_i) > inf for every i.
    Not attained (direction D): candidates s_j D + noise G_j, s_j = 3 j / 4, kept when strictly below
    the last kept value (the lemma's hypothesis); G_j Gaussian from ``generator``.
    """
    Y, Y0 = _matrix(Y, "Y"), _matrix(Y0, "Y0")
    K = int(n_points)
    if K < 1:
        raise ValueError(f"n_points: need at least one sequence point, got {n_points!r}")
    if inf.minimizer is not None:
        D = inf.minimizer - Y0
        f = output_objective(loss, Y)

        def phi(t):  # one batched call per grid
            t = torch.as_tensor(np.asarray(t, dtype=np.float64))
            return f(Y0.reshape(-1)[None] + t[:, None] * D.reshape(-1)[None]).numpy()

        s_star = segment_first_minimum(phi)
        ti = 1 - torch.pow(2.0, -torch.arange(1, K + 1, dtype=DTYPE))
        seq = Y0.reshape(-1)[None] + (ti * s_star)[:, None] * D.reshape(-1)[None]
        # Keep the prefix whose values fall strictly, each step by more than the rounding of both values
        # (gamma_{2n+8} relative, as below): near Y* the float64 loss stops resolving the steps.
        vals = torch.cat([f(Y0.reshape(1, -1)), f(seq)])
        margin = gamma(2 * Y.numel() + 8) * (vals[:-1].abs() + vals[1:].abs())
        bad = (vals[1:] >= vals[:-1] - margin).nonzero()
        n_ok = int(bad[0]) if bad.numel() else K
        if n_ok < min(K, 8):
            raise ValueError(f"Y0: only {n_ok} resolvable decreasing points towards the minimiser "
                             "(l(Y, Y0) is already near it): undecidable at this resolution")
        return seq[:n_ok]
    kept, last, j = [], float(loss(Y, Y0)), 0
    while len(kept) < K and j < 60 + 4 * K:
        j += 1
        # s_j = 3j/4: values fall by about e^-(3/4) (logistic) or e^-(3/2) (cross entropy) per kept point.
        cand = 0.75 * j * inf.direction + noise * torch.randn(Y.shape, generator=generator, dtype=DTYPE)
        v = float(loss(Y, cand))
        # Strictly below the last value by more than its rounding (gamma_{2n} relative, n entries), and
        # still above the infimum (near it the float64 loss rounds to inf exactly: the sequence stops there).
        if v < last - gamma(2 * Y.numel() + 8) * (abs(last) + abs(v)) and v > inf.value:
            kept.append(cand.reshape(-1))
            last = v
    if len(kept) < min(K, 8):
        raise ValueError(f"Y0: only {len(kept)} decreasing points above the float64-resolved infimum "
                         "(l(Y, Y0) is already near it): undecidable at this resolution")
    return torch.stack(kept)


def output_layer_path(problem: Problem, theta, yhat_path: Lemma5Path) -> Callable[[torch.Tensor], torch.Tensor]:
    """Theorem 1's path: W_{1:H} fixed at theta's, W_{H+1}(t) = W_{H+1}^p + (Yhat(t) - Yhat^p) T_H^+.

    With rank T_H = N, T_H^+ T_H = I_N, so W_{H+1}(t) T_H = Yhat(t): the loss along the path is
    l(Y, Yhat(t)) (up to rounding, which the path certificate bounds), and W_{H+1}(0) = W_{H+1}^p.
    When rank T_H < N the same map follows Yhat(t) only inside T_H's row space (the caller
    certifies that Yhat(t) stays there).
    """
    net = problem.network
    theta = as_tensor(theta, name="theta").reshape(-1)
    T = net.hidden(theta, problem.X)[-1]
    pinv = torch.linalg.pinv(T)  # (N, d_H)
    n_out = net.widths[-1] * net.widths[-2]
    head, V0 = theta[:-n_out], theta[-n_out:].reshape(net.widths[-1], net.widths[-2])
    Y0 = yhat_path.points[0].reshape(net.widths[-1], -1)

    def path(ts):
        Yt = yhat_path(ts).reshape(-1, *Y0.shape)            # (T, d_out, N)
        V = V0[None] + (Yt - Y0[None]) @ pinv[None]           # (T, d_out, d_H)
        return torch.cat([head[None].expand(V.shape[0], -1), V.reshape(V.shape[0], -1)], dim=1)

    return path


def output_objective(loss: LS.Loss, Y) -> Callable[[torch.Tensor], torch.Tensor]:
    """Yhat -> l(Y, Yhat) on a batch of flattened outputs (B, d_out N), one ``vmap`` call."""
    Y = _matrix(Y, "Y")
    return torch.func.vmap(lambda yh: loss(Y, yh.reshape(Y.shape)))


# --------------------------------------------------------------------------- Theorem 1's proof, end to end
_SQUARED_TYPE = ("squared", "half_squared", "mean_squared")


def antipodal_subspace_projection(Y, pairs: Sequence[tuple[int, int]]) -> torch.Tensor:
    """Y P_S: each row of Y projected onto S = {yhat : yhat_i = -yhat_j for each pair (i, j)}.

    The pairs are disjoint (a column has at most one antipode among distinct columns), so the
    projection acts pair by pair: (y_i, y_j) -> ((y_i - y_j)/2, (y_j - y_i)/2)."""
    Y = _matrix(Y, "Y")
    flat = [k for p in pairs for k in p]
    if len(set(flat)) != len(flat) or any(not 0 <= k < Y.shape[1] for k in flat):
        raise ValueError(f"pairs: expected disjoint index pairs into the {Y.shape[1]} columns, got {list(pairs)}")
    out = Y.clone()
    for i, j in pairs:  # disjoint pairs, at most N/2
        half = (Y[:, i] - Y[:, j]) / 2
        out[:, i], out[:, j] = half, -half
    return out


def _as_loss(loss_fn) -> LS.Loss:
    """``Problem``'s loss as a :class:`landscape.losses.Loss` (its default is li2022benefit's squared loss)."""
    from landscape import nets

    if isinstance(loss_fn, LS.Loss):
        return loss_fn
    if loss_fn is nets._squared:
        return LS.squared()
    raise ValueError(f"problem: Theorem 1's construction needs a landscape.losses.Loss, got {loss_fn!r}")


@dataclass(frozen=True)
class Theorem1Run:
    """One run of Theorem 1's proof: perturbed point, rank step, route, infimum and the path."""

    theta: torch.Tensor          # W^p
    distance: float              # |W^p - W^o|
    rank: Certificate            # rank T_H = N (or N - #pairs on the odd route)
    route: str | None            # "rank N (20)", "odd network, antipodal pairs", or None (undecided)
    infimum: float | None
    path: Callable[[torch.Tensor], torch.Tensor] | None
    note: str
    k_max: int = 20              # the path is defined up to t = 1 - 2^-k_max
    undecidable: bool = False    # l(Y, Yhat^p) within float64 reach of its infimum: no path can be resolved
    point_error: float = U       # bound of the path points' relative error (T_H^+ amplifies it by kappa(T_H))


def theorem1_run(problem: Problem, start, delta: float, generator: torch.Generator, *, n_points: int = 24) -> Theorem1Run:
    """Perturb W_{1:H} (Proposition 2) and W_{H+1}, certify the rank of T_H, take (20)'s infimum, build
    Lemma 5's path in output space and map it to W_{H+1} (19).

    Routes: "rank N (20)": rank T_H = N certified, inf E = inf_Yhat l(Y, Yhat) (``output_infimum``).
    "odd network, antipodal pairs": every sigma_h odd (exact), X has p antipodal pairs and a
    squared-type loss: every output lies in S = {yhat_i = -yhat_j} for every W (oddness), so
    inf E >= c ||Y - Y P_S||^2; rank T_H = N - p certified makes T_H's row space S, and the path to
    Y P_S attains it. Otherwise the route is None (undecided: nothing is claimed).
    """
    net, X, Y = problem.network, problem.X, problem.Y
    loss = _as_loss(problem.loss_fn)
    start = as_tensor(start, name="start").reshape(-1)
    theta = perturb_hidden(net, start, delta, generator, X)
    T, dT = hidden_with_errors(net, theta, X)[-1]
    # W^p perturbs every layer (the proof's W^p in B(W^o, delta)); W_{H+1} too, so that a start at a global
    # minimum (e.g. W^o = 0 with Y = 0) generically leaves it and the path has something to show.
    n_out = net.widths[-1] * net.widths[-2]
    theta = theta.clone()
    theta[-n_out:] += float(delta) * torch.randn(n_out, generator=generator, dtype=DTYPE) / max(float(T.abs().max()), 1.0)
    dist = float(torch.linalg.vector_norm(theta - start))
    N = X.shape[1]
    rank = rank_certificate(T, dT, N, question=f"rank T_H = N = {N} after the perturbation")
    Y0 = problem.output(theta)
    if rank.holds:
        route, inf = "rank N (20)", output_infimum(loss, Y)
    else:
        pairs = antipodal_pairs(X)
        if not (pairs and odd_network(net) and loss.name in _SQUARED_TYPE):
            return Theorem1Run(theta, dist, rank, None, None, None, "rank deficient off the odd-network route: undecided")
        rank = rank_certificate(T, dT, N - len(pairs),
                                question=f"rank T_H = N - #antipodal pairs = {N - len(pairs)} (odd network)")
        if not rank.holds:
            return Theorem1Run(theta, dist, rank, None, None, None, "odd route: rank below N - #pairs: undecided")
        target = antipodal_subspace_projection(Y, pairs)
        route = "odd network, antipodal pairs"
        inf = OutputInfimum(float(loss(Y, target)), target, None,
                            "outputs of an odd network satisfy yhat_i = -yhat_j on antipodal pairs; "
                            "projection of Y onto that subspace")
    f = output_objective(loss, Y)
    f0 = float(f(Y0.reshape(1, -1))[0])
    # E(W^p) = inf E within rounding (gamma_16 (|E| + |inf|): the <= 16 roundings of a small loss sum, the same
    # test notions.property_pt_at uses): W^p is a global minimum and there is no path to check.
    if f0 - inf.value <= gamma(16) * (abs(f0) + abs(inf.value)):
        return Theorem1Run(theta, dist, rank, route, inf.value, None, "W^p is a global minimum: no path to check")
    try:
        seq = output_sequence(loss, Y, Y0, inf, n_points, generator)
    except ValueError as err:
        return Theorem1Run(theta, dist, rank, route, inf.value, None, str(err), undecidable=True)
    path5 = lemma5_path(f, Y0.reshape(-1), seq)
    # W_{H+1}(t) = W^p + (Yhat(t) - Yhat^p) T_H^+: the pseudo-inverse's forward error is <= c u kappa(T_H)
    # relative (perturbation bound of the SVD-based pseudo-inverse, kappa = sigma_1 / sigma_r over the certified
    # rank r); c = 8 covers the few products of dimension <= 6 here. The path points carry that relative error.
    kappa = float(rank.numbers["sigma_max"]) / float(rank.numbers["sigma_r"])
    return Theorem1Run(theta, dist, rank, route, inf.value, output_layer_path(problem, theta, path5), inf.how,
                       k_max=min(20, path5.n_segments), point_error=8 * U * max(kappa, 1.0))


def piece_grid(k: int, per_piece: int) -> torch.Tensor:
    """t-grid with ``per_piece`` steps inside every Lemma 5 piece [t_i, t_{i+1}], t_i = 1 - 2^-i, i < k:
    t_i + j 2^-(i+1) / per_piece, j = 0..per_piece (the joints t_i included)."""
    k, m = int(k), int(per_piece)
    if k < 1 or m < 1:
        raise ValueError(f"k, per_piece: expected k >= 1 pieces and per_piece >= 1 steps, got {k}, {m}")
    i = torch.arange(k, dtype=DTYPE)[:, None]
    j = torch.arange(m + 1, dtype=DTYPE)[None, :]
    return torch.unique((1 - torch.pow(2.0, -i) + j * torch.pow(2.0, -(i + 1)) / m).reshape(-1))


def resolved_decreasing_path(obj, path, *, infimum: float, p0, k_max: int = 20, k_min: int = 8,
                             per_piece: int = 8, point_error: float = U, rise_point_error: float | None = None
                             ) -> Certificate:
    """Definition 1 at the finest dyadic resolution float64 can decide, with ``per_piece`` interior points in
    every piece of Lemma 5's path (:func:`piece_grid`): the joints t_i alone are decreasing by construction,
    the pieces between them are what (17) asserts.

    At level k: ``notions.decreasing_path`` at k decides the start (g(0) = p0) and the target (the gap to
    inf closed within 2^(-k/2) of the initial gap); the steps are decided by ``path_certificate`` (strict)
    on the union of ``dyadic_grid(k)`` and ``piece_grid(k, per_piece)`` with the path points' relative
    error ``point_error`` (u for correctly rounded points). A failure is a refutation when a step rises
    beyond rounding (the non-strict check on the same grid fails, with the points' relative error
    ``rise_point_error``, default ``point_error``: larger for points computed through an ill-conditioned
    solve, whose error a rise must exceed to count), the start is off, or only the target is missed. Otherwise only drops
    below their rounding margins failed: near t = 1 the drops shrink like the gap while the margins stay at
    the rounding of E, so the grid is cut at the last joint t_k' before the first such step and the checks
    are redone at k' (never below ``k_min``). The level used is ``numbers["k"]``; ``numbers["unresolvable"]``
    says a failure is only drops below their margins that no admissible cut resolves (undecided, not refuted).
    """
    from landscape import notions as NT
    from landscape.certificates import dyadic_grid, path_certificate

    k_max, k_min, per_piece = int(k_max), int(k_min), int(per_piece)
    if not 1 <= k_min <= k_max:
        raise ValueError(f"k_min: expected 1 <= k_min <= k_max, got k_min = {k_min}, k_max = {k_max}")
    p0 = as_tensor(p0, name="p0").reshape(-1)
    k, cuts = k_max, []
    while True:  # at most a few cuts; each level is one batched evaluation of the steps
        ts = torch.unique(torch.cat([dyadic_grid(k), piece_grid(k, per_piece)]))
        steps = path_certificate(obj, path, ts, strict=True, point_error=point_error)
        bump = steps if steps.holds else path_certificate(
            obj, path, ts, strict=False, point_error=point_error if rise_point_error is None else rise_point_error)
        left = float(ts[int(steps.numbers["first_bad_step"])]) if not steps.holds else None
        k_new = int(math.floor(-math.log2(1 - left))) if left is not None else k
        if steps.holds or not bump.holds or k_new >= k or k_new < k_min:
            break
        cuts.append((k, left))
        k = k_new
    dyad = NT.decreasing_path(obj, path, infimum=infimum, p0=p0, k=k)
    # the same rule decreasing_path applies to the start: g(0) = p0 up to u |p0| per coordinate
    start_ok = dyad.numbers.get("start_gap", 0.0) <= 2 * U * float(torch.linalg.vector_norm(p0))
    target_ok = dyad.numbers["target_gap"] <= dyad.numbers["target_tol"]
    holds = start_ok and target_ok and steps.holds
    numbers = {**dyad.numbers, **{f"steps_{key}": v for key, v in steps.numbers.items()}}
    numbers.update(k=k, per_piece=per_piece, grid_points=int(ts.numel()), cuts=str(cuts), point_error=point_error,
                   start_ok=start_ok, target_ok=target_ok, steps_ok=steps.holds, rise=not bump.holds if not holds else False,
                   # only drops below their margins failed, and no cut to a level >= k_min resolves them: float64
                   # cannot decide this path (neither certified nor refuted)
                   unresolvable=bool(not holds and start_ok and bump.holds and not steps.holds))
    if holds:
        expl = (f"strictly decreasing at {ts.numel()} points (dyadic grid and {per_piece} steps inside every piece) up "
                f"to t_{k} = 1 - 2^-{k}, closing to within {dyad.numbers['target_tol']:.3g} of inf = {float(infimum):.6g}"
                + (f" (grid cut at unresolvable drops: {cuts})" if cuts else ""))
    else:
        expl = "; ".join(([] if start_ok else ["g(0) != p0"]) + ([] if steps.holds else [steps.explanation])
                         + ([] if target_ok else [f"target missed: gap {dyad.numbers['target_gap']:.3g} > "
                                                  f"{dyad.numbers['target_tol']:.3g}"]))
    return Certificate(dyad.question + " (pieces sampled inside)", holds, "sampled", expl, numbers,
                       dyad.tolerance, dyad.tolerance_derivation.split("; steps:")[0] + f"; steps: {steps.tolerance_derivation}")


def theorem1_path_certificate(problem: Problem, run: Theorem1Run) -> Certificate | None:
    """Definition 1 for a :class:`Theorem1Run`'s path (:func:`resolved_decreasing_path`), with the run's
    distance |W^p - W^o| in the numbers. ``None`` when nothing can be checked: the run is undecidable
    (l(Y, Yhat^p) within float64 reach of its infimum) or W^p is itself a global minimum (E(W^p) = inf E
    within rounding: a decreasing path from W^p asks nothing; this is not PT's vacuous case, which is
    W^o global)."""
    if run.undecidable or run.path is None:
        return None
    cert = resolved_decreasing_path(problem, run.path, infimum=run.infimum, p0=run.theta, k_max=run.k_max,
                                    rise_point_error=run.point_error)
    return Certificate(cert.question, cert.holds, cert.evidence, cert.explanation,
                       {**cert.numbers, "distance": run.distance}, cert.tolerance, cert.tolerance_derivation)


# --------------------------------------------------------------------------- Lemma 2 (sampled), Corollary 2 (search)
def first_layer_determinants(act: A.Activation, Ws, X) -> Certificate:
    """Sampled (Lemma 2 on f(W) = det sigma(W X), W (N x d_0)): f(W) != 0 at every sampled W.

    Batched over the samples Ws (B, N, d_0): f(W) != 0 iff sigma_min(sigma(W X)) > 0, certified per
    sample against the Weyl bound of its rounding (as :func:`rank_certificate`, batched:
    :func:`layer_with_errors`, SVD backward error 4 N u ||Z||_2), after scaling the rows and columns of
    sigma(W X) to unit norm (which leaves det != 0 unchanged and makes the test scale-free).
    """
    Ws, X = as_tensor(Ws, name="Ws"), _matrix(X, "X")
    N = X.shape[1]
    if Ws.ndim != 3 or Ws.shape[1:] != (N, X.shape[0]):
        raise ValueError(f"Ws: expected (B, N, d_0) = (B, {N}, {X.shape[0]}) square-layer weights, got {tuple(Ws.shape)}")
    Z, dZ = layer_with_errors(act, Ws, X)
    # det(D1 Z D2) != 0 iff det Z != 0 for positive diagonal D1, D2: scale rows, then columns, to unit norm,
    # so that entries that are tiny but exact to a few ulps (softplus_beta far left) are not mistaken for
    # zeros by an absolute bound. dZ scales with Z; each scaling adds <= 2u relative per entry.
    for dim in (-1, -2):
        norms = torch.linalg.norm(Z, dim=dim, keepdim=True)
        safe = torch.where(norms > 0, norms, torch.ones_like(norms))
        Z, dZ = Z / safe, dZ / safe + 2 * U * (Z / safe).abs()
    sv = torch.linalg.svdvals(Z)
    tol = torch.linalg.norm(dZ, dim=(1, 2)) + 4 * N * U * sv[:, 0]
    margin = sv[:, -1] - tol
    worst = int(torch.argmin(margin))
    return Certificate(
        "Lemma 2: det sigma(W X) != 0 at every sampled W", bool((margin > 0).all()), "sampled",
        f"{Ws.shape[0]} Gaussian W; smallest sigma_min(sigma(W X)) against its rounding bound",
        {"samples": int(Ws.shape[0]), "N": N, "min_sigma_min": float(sv[:, -1].min()),
         "tol_at_worst": float(tol[worst]), "worst_margin": float(margin[worst]),
         "zero_fraction": float((margin <= 0).to(DTYPE).mean())},
        float(tol[worst]), "rows and columns scaled to unit norm (+2u per scaling); ||dZ||_F + 4 N u ||Z||_2 "
                           "per sample (Weyl)",
    )


def polish(problem: Problem, start, *, max_iter: int = 300) -> tuple[torch.Tensor, bool]:
    """A local search from ``start``: scipy BFGS on E with the value and exact gradient from one
    ``torch.func.grad_and_value`` call per step (gtol 1e-12). Returns (point, converged)."""
    from scipy.optimize import minimize

    start = as_tensor(start, name="start").reshape(-1)
    if int(max_iter) < 1:
        raise ValueError(f"max_iter: expected at least one iteration, got {max_iter!r}")
    vg = torch.func.grad_and_value(problem.loss)

    def fun(p):
        g, v = vg(torch.as_tensor(p, dtype=DTYPE))
        return float(v), g.numpy()

    with warnings.catch_warnings():
        # An activation like exp overflows on long line-search steps; scipy then warns inside its line
        # search. Such a run is a failed search, reported as not converged below, not an error.
        warnings.simplefilter("ignore", RuntimeWarning)
        res = minimize(fun, start.numpy(), jac=True, method="BFGS", options={"gtol": 1e-12, "maxiter": int(max_iter)})
    x = torch.as_tensor(res.x, dtype=DTYPE)
    finite = bool(np.all(np.isfinite(res.x))) and math.isfinite(float(problem.loss(x)))
    return x, bool(res.success) and finite


def full_rank_critical_bound(problem: Problem, theta) -> Certificate:
    """Witness (the mechanism of li2022benefit Cor 2 / Thm 1 with d_H >= N, squared loss E = ||W_{H+1} T_H - Y||_F^2):
    grad_{W_{H+1}} E = 2 R T_H^T with R = W_{H+1} T_H - Y, and rank T_H = N gives
    ||R||_F <= ||R T_H^T||_F / sigma_N(T_H), so E <= B := (||grad_{W_{H+1}} E||_F / (2 sigma_N(T_H)))^2.
    At a critical point with rank T_H = N, E = 0 = inf E.

    Holds iff rank T_H = N is certified (:func:`rank_certificate`) and E <= B computed with sigma_N lowered
    by its Weyl tolerance and the gradient raised by its rounding (|dG| <= gamma_{d_H+2} 2 (|V||T| + |Y|) |T|^T
    entrywise, plus the T_H error carried through: 2 (|V| dT + ... ) |T|^T + 2 |R| dT^T, first order), and E
    raised by nothing (B bounds the exact E; the float E is compared with B (1 + gamma_{2N+2}) + its own rounding).
    ``numbers["bound"]`` is B: B ~ 0 at a critical point certifies it global.
    """
    if _as_loss(problem.loss_fn).name != "squared":
        raise ValueError("problem: the bound is for li2022benefit's squared loss ||Y - Yhat||^2")
    net = problem.network
    theta = as_tensor(theta, name="theta").reshape(-1)
    N = problem.X.shape[1]
    T, dT = hidden_with_errors(net, theta, problem.X)[-1]
    if not (bool(torch.isfinite(T).all()) and bool(torch.isfinite(dT).all())):
        return Certificate("critical point with rank T_H = N is global (E <= bound)", False, "witness",
                           "T_H overflows float64 at this point: the bound does not apply",
                           {"E": float(problem.loss(theta))})
    rank = rank_certificate(T, dT, N, question=f"rank T_H = N = {N}") if T.shape[0] >= N else None
    V = net.unflatten(theta)[-1].weight
    R = V @ T - problem.Y
    G = 2 * R @ T.T
    dR = gamma(T.shape[0] + 1) * (V.abs() @ T.abs() + problem.Y.abs()) + V.abs() @ dT
    dG = gamma(N) * 2 * (R.abs() @ T.abs().T) + 2 * (dR @ T.abs().T + R.abs() @ dT.T)
    g = float(torch.linalg.norm(G)) + float(torch.linalg.norm(dG))
    E = float(problem.loss(theta))
    if rank is None or not rank.holds:
        return Certificate("critical point with rank T_H = N is global (E <= bound)", False, "witness",
                           "rank T_H = N not certified: the bound does not apply" + (f" ({rank.summary()})" if rank is not None else
                                                                                    f" (d_H = {T.shape[0]} < N)"),
                           {"E": E, "grad_V": g})
    s_lo = float(rank.numbers["sigma_r"]) - float(rank.tolerance)
    B = (g / (2 * s_lo)) ** 2
    ok = E <= B * (1 + gamma(2 * N + 2)) + gamma(2 * N + 2) * E
    return Certificate(
        "E <= (|grad_V E| / (2 sigma_N(T_H)))^2 with rank T_H = N", ok, "witness",
        f"E = {E:.3g} <= bound {B:.3g} (|grad_V E| = {g:.3g}, sigma_N(T_H) >= {s_lo:.3g})" if ok else
        f"E = {E:.3g} exceeds the bound {B:.3g}: the loss is not li2022benefit's squared loss or the bound is wrong",
        {"E": E, "bound": B, "grad_V": g, "sigma_N_lower": s_lo}, B, "||R||_F <= ||R T^T||_F / sigma_N(T); Weyl for sigma_N",
    )


def strict_minimum_search(problem: Problem, starts, *, infimum: float, max_iter: int = 150) -> tuple[Certificate, dict]:
    """li2022benefit Cor 2 / li2018 Cor 1 falsification search: polish every start (:func:`polish`), certify
    which polished points are critical (``critical_point``) and, only for those, which are strict local minima
    (``strict_local_minimum``, Hessian spectrum); :func:`no_suboptimal_strict_minimum` on the critical ones.

    Returns (that certificate, counts): ``starts``, ``converged``, ``critical``, ``strict``, ``global`` (critical
    points certified global by :func:`full_rank_critical_bound` with bound <= gamma_16 max(1, E), squared loss
    only), and ``points`` (the polished points).
    """
    from landscape.certificates import critical_point

    starts = as_tensor(starts, name="starts")
    if starts.ndim != 2 or starts.shape[1] != problem.n_params or starts.shape[0] < 1:
        raise ValueError(f"starts: expected (K >= 1, {problem.n_params}) parameter vectors, got {tuple(starts.shape)}")
    polished = [polish(problem, s, max_iter=max_iter) for s in starts]  # a handful of sequential local searches
    pts = torch.stack([p for p, _ in polished])
    finite = [i for i in range(pts.shape[0])
              if bool(torch.isfinite(pts[i]).all()) and math.isfinite(float(problem.loss(pts[i])))
              and bool(torch.isfinite(problem.gradient(pts[i])).all())]
    crit = [i for i in finite if critical_point(problem, pts[i]).holds]  # a diverged search examines nothing
    counts = {"starts": int(pts.shape[0]), "converged": sum(ok for _, ok in polished), "critical": len(crit),
              "diverged": int(pts.shape[0]) - len(finite), "global": 0, "points": pts}
    squared = _as_loss(problem.loss_fn).name == "squared"
    for i in crit:
        if squared:
            b = full_rank_critical_bound(problem, pts[i])
            if b.holds and b.numbers["bound"] <= gamma(16) * max(1.0, b.numbers["E"]):
                counts["global"] += 1
    if crit:
        cert = no_suboptimal_strict_minimum(problem, pts[crit], infimum=infimum)
    else:
        cert = Certificate("no sub-optimal strict local minimum among the examined points", True, "sampled",
                           f"none of {pts.shape[0]} polished points is a certified critical point: nothing examined",
                           {"points": 0, "strict": 0, "suboptimal": 0, "infimum": float(infimum)})
    counts["strict"] = int(cert.numbers["strict"])
    return cert, counts


def no_suboptimal_strict_minimum(problem: Problem, points, *, infimum: float) -> Certificate:
    """Search certificate (li2022benefit Cor 2, li2018overparameterized Cor 1): none of ``points`` is a
    certified strict local minimum (``strict_local_minimum``, second order) with E above ``infimum``
    beyond rounding (gamma_16 (|E| + |inf|) plus the loss's own error bound at the point).

    Holds iff no point is both. Sampled: only the given (polished) points are examined.
    """
    from landscape.certificates import strict_local_minimum
    from landscape.certificates._rounding import rounding_model

    pts = as_tensor(points, name="points")
    if pts.ndim != 2 or pts.shape[1] != problem.n_params:
        raise ValueError(f"points: expected (K, {problem.n_params}) parameter vectors, got {tuple(pts.shape)}")
    model = rounding_model(problem)
    values = problem.loss_batch(pts)
    errs = model.loss_error_batch(pts)
    strict, bad = 0, []
    for i in range(pts.shape[0]):  # one Hessian spectrum per polished point (a handful)
        c = strict_local_minimum(problem, pts[i])
        if c.holds:
            strict += 1
            gap = float(values[i]) - float(infimum)
            if gap > float(errs[i]) + gamma(16) * (abs(float(values[i])) + abs(float(infimum))):
                bad.append((i, float(values[i]), c.numbers.get("lambda_min")))
    return Certificate(
        "no sub-optimal strict local minimum among the examined points", not bad, "sampled",
        (f"{pts.shape[0]} points examined, {strict} certified strict local minima, none above inf E = {infimum:.6g}"
         if not bad else f"sub-optimal strict local minima (index, E, lambda_min): {bad}"),
        {"points": int(pts.shape[0]), "strict": strict, "suboptimal": len(bad), "infimum": float(infimum),
         "min_E": float(values.min()), "max_E": float(values.max())},
        None, "E above inf iff E - inf > model loss error + gamma_16 (|E| + |inf|)",
    )


@functools.lru_cache(maxsize=1)
def theorem6_control():
    """li2022benefit Theorem 6's narrow instance (softplus, x = (0.5, 1, 2), d_1 = 1: a sub-optimal strict local
    minimum), E at its witness point (an upper bound of inf E below the instance's value) and the census
    :func:`no_suboptimal_strict_minimum` there (fails). The shared negative control of the Cor 2 / li2018 Cor 1
    searches and of Cor 1's grid detector; fixed and deterministic, so built once per process."""
    from landscape.constructions import li2022benefit as L

    inst = L.thm6_instance(A.get("softplus"), np.array([0.5, 1.0, 2.0]))
    lower = float(inst.problem.loss(inst.witnesses["lower"]))
    return inst, lower, no_suboptimal_strict_minimum(inst.problem, inst.point[None], infimum=lower)


def largest_hidden_magnitude(network: Network, theta, X) -> float:
    """max over layers of max |T_h| (inf if any entry overflows): the scale at which float64 resolves T_h.

    Beyond ~1e6 (exponential-type sigma composed over layers) the entrywise error bounds grow with it and
    rank margins of order one are no longer resolvable; claims reject such draws as undecidable."""
    m = 0.0
    for T in network.hidden(as_tensor(theta, name="theta").reshape(-1), _matrix(X, "X")):
        if not bool(torch.isfinite(T).all()):
            return math.inf
        m = max(m, float(T.abs().max()))
    return m
