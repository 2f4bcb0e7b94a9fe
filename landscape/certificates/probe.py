"""Sampled evidence that theta is a local minimum: probe balls around it for lower points.

Used where the second-order test is inconclusive (degenerate Hessians, e.g. x^4 + y^4
at 0, or li2022benefit's (1 - u v^2)^2 at (-1, 0), a non-strict minimum). Evidence is
``sampled``: finding nothing lower is not a proof.

=================  ====================  ==============================================
symbol             code                  meaning
=================  ====================  ==============================================
B(theta, r)        ``radii``             balls probed
d_j                directions            unit directions: seeded Gaussian, +-eigenvectors
                                         of the 16 smallest Hessian eigenvalues, -gradient
drop               ``best_drop_r=...``   max over the ball of E(theta) - E(p) found
margin             ``margin``            gamma_kE (E_abs(theta) + E_abs(p))
=================  ====================  ==============================================
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import torch
from scipy.optimize import minimize as scipy_minimize

from .._tensors import DTYPE
from ..evidence import Certificate, Evidence
from ._rounding import rounding_model
from ._validate import check_obj, clean, point_of

__all__ = ["local_minimum_probe"]


def _directions(obj, theta: torch.Tensor, n: int, gen: torch.Generator) -> torch.Tensor:
    P = theta.numel()
    rnd = torch.randn((n, P), generator=gen, dtype=DTYPE)
    # Low curvature and steepest descent are where lower points hide first: the eigenvectors
    # of the (at most 16) smallest Hessian eigenvalues, both signs, and -grad.
    H = obj.hessian(theta)
    vecs = torch.linalg.eigh((H + H.T) / 2).eigenvectors.T[: min(P, 16)]
    g = obj.gradient(theta)
    special = torch.cat([vecs, -vecs, -g[None, :]])
    D = torch.cat([rnd, special])
    norms = torch.linalg.vector_norm(D, dim=1, keepdim=True)
    return D[norms[:, 0] > 0] / norms[norms[:, 0] > 0]


def _ball_minimize(obj, theta, r, starts, E0: float, scale: float):
    """SLSQP on z in the unit ball, p = theta + r z; objective (E(p) - E0)/scale keeps values O(1)."""
    th = theta.numpy()

    def fun(z):
        return (float(obj.loss(torch.from_numpy(th + r * z))) - E0) / scale

    def jac(z):
        return obj.gradient(torch.from_numpy(th + r * z)).numpy() * (r / scale)

    cons = {"type": "ineq", "fun": lambda z: 1.0 - z @ z, "jac": lambda z: -2.0 * z}
    ends = []
    for z0 in starts:
        with warnings.catch_warnings():
            # SLSQP reports iteration limits through its result, not warnings we act on.
            warnings.simplefilter("ignore", RuntimeWarning)
            res = scipy_minimize(fun, z0, jac=jac, constraints=[cons], method="SLSQP",
                                 options={"maxiter": 100, "ftol": 1e-12})
        z = np.asarray(res.x, dtype=np.float64)
        if not np.all(np.isfinite(z)):
            continue
        # SLSQP may end far outside the ball when E is huge (E ~ 1e18 in li2022benefit Thm 7
        # instances); normalise through the largest entry so ||z|| cannot overflow.
        big = max(1.0, float(np.abs(z).max()))
        u = z / big
        nu = float(np.linalg.norm(u))
        ends.append(u / nu if nu * big > 1.0 else z)  # project back into the ball
    return np.array(ends).reshape(-1, th.size)


def local_minimum_probe(obj, theta, *, radii=(1e-6, 1e-4, 1e-2), n_directions: int = 256, seed: int = 0,
                        minimize: bool = True) -> Certificate:
    """Sample E on spheres of each radius (one ``loss_batch`` call over directions x radii),
    then (``minimize``) run ball-constrained SLSQP from the best sample and two seeded
    random starts per radius. Holds iff no point has E(p) < E(theta) - margin(p), with
    margin(p) = gamma_kE (E_abs(theta) + E_abs(p)) (rounding of both evaluations)."""
    check_obj(obj)
    theta = point_of(obj, theta)
    radii = tuple(float(r) for r in np.atleast_1d(np.asarray(radii, dtype=np.float64)))
    if not radii or not all(r > 0 and math.isfinite(r) for r in radii):
        raise ValueError(f"radii: expected positive finite ball radii, got {radii}")
    if int(n_directions) != n_directions or n_directions < 1:
        raise ValueError(f"n_directions: expected a positive integer, got {n_directions!r}")
    if int(seed) != seed:
        raise ValueError(f"seed: expected an integer, got {seed!r}")
    do_minimize = minimize
    gen = torch.Generator().manual_seed(int(seed))
    model = rounding_model(obj)
    D = _directions(obj, theta, int(n_directions), gen)
    R = torch.tensor(radii, dtype=DTYPE)
    pts = (theta[None, None, :] + R[:, None, None] * D[None, :, :]).reshape(-1, theta.numel())
    E0 = float(obj.loss(theta))
    m0 = model.loss_error(theta)
    vals = obj.loss_batch(pts).reshape(len(radii), -1)
    drops = E0 - vals
    excess = drops - (m0 + model.loss_error_batch(pts).reshape(len(radii), -1))
    numbers: dict = {"loss": E0, "n_samples": int(pts.shape[0])}
    found = []
    n_min = 0
    for i, r in enumerate(radii):  # a few radii; each batched
        best_drop = float(drops[i].max())
        best_excess = float(excess[i].max())
        if do_minimize:
            z_best = (D[int(drops[i].argmax())]).numpy()
            z_rand = torch.randn((2, theta.numel()), generator=gen, dtype=DTYPE)
            z_rand = (0.5 * z_rand / torch.linalg.vector_norm(z_rand, dim=1, keepdim=True)).numpy()
            scale = max(float((vals[i] - E0).abs().max()), 1e-300)
            ends = _ball_minimize(obj, theta, r, [z_best, *z_rand], E0, scale)
            n_min += len(ends)
            if len(ends):
                q = theta[None, :] + r * torch.from_numpy(ends)
                d_q = E0 - obj.loss_batch(q)
                e_q = d_q - (m0 + model.loss_error_batch(q))
                best_drop = max(best_drop, float(d_q.max()))
                best_excess = max(best_excess, float(e_q.max()))
        numbers[f"best_drop_r={r:g}"] = best_drop
        if best_excess > 0:
            found.append((r, best_drop))
    numbers["margin_at_theta"] = m0
    numbers["n_minimizations"] = n_min
    holds = not found
    if holds:
        expl = (f"no point lower than E(theta) - margin among {pts.shape[0]} samples"
                f"{f' and {n_min} ball-constrained minimizations' if do_minimize else ''} in balls of radii {radii}")
    else:
        r, d = found[0]
        expl = f"found a point within radius {r:g} with E lower by {d:.3g} (beyond the rounding margin): not a local minimum"
    return Certificate(
        question="theta is a local minimum (probed)",
        holds=holds,
        evidence=Evidence.SAMPLED,
        explanation=expl,
        numbers=clean(numbers),
        tolerance=m0,
        tolerance_derivation=("a point counts as lower iff E(theta) - E(p) > gamma_kE (E_abs(theta) + E_abs(p)); "
                              f"{model.derivation('loss')}; model: {model.description}"),
    )
