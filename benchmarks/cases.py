"""Benchmark cases: the engine's batched evaluation against a plain per-point loop.

Each case builds one workload and times two ways of computing the same numbers:

- ``baseline``: what a straightforward implementation does (a Python loop over points,
  Hessian rows or (direction, step) pairs, each a separate autograd call);
- ``batched``: the engine (``Problem.loss_batch``, ``torch.func.hessian``,
  ``Problem.loss_along``), one vectorized call.

Both results are compared (``max_abs_diff``) so a fast wrong answer cannot pass as a
speed-up. Timings are the best of ``repeats`` runs (``time.perf_counter``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

import torch

from landscape.nets import Network, Problem

__all__ = ["CASES", "Case"]


@dataclass(frozen=True)
class Case:
    name: str
    description: str
    build: Callable[[], tuple[Callable[[], torch.Tensor], Callable[[], torch.Tensor]]]


def _problem(widths, n_samples, seed=0) -> tuple[Problem, torch.Generator]:
    g = torch.Generator().manual_seed(seed)
    net = Network(widths, torch.tanh)
    X = torch.randn(widths[0], n_samples, generator=g, dtype=torch.float64)
    Y = torch.randn(widths[-1], n_samples, generator=g, dtype=torch.float64)
    return Problem(net, X, Y), g


def _loss_surface():
    # The shape of li2022benefit's Figure 3: a one-neuron net (N = 3) on a 200 x 200 grid.
    prob, g = _problem((1, 1, 1), 3)
    thetas = torch.randn(40_000, prob.n_params, generator=g, dtype=torch.float64)

    def baseline():
        return torch.stack([prob.loss(t) for t in thetas])

    def batched():
        return prob.loss_batch(thetas)

    return baseline, batched


def _hessian():
    prob, g = _problem((4, 16, 8, 1), 128)
    theta = torch.randn(prob.n_params, generator=g, dtype=torch.float64)

    def baseline():
        # One reverse pass per Hessian row: the textbook double-backward loop.
        t = theta.clone().requires_grad_(True)
        (gr,) = torch.autograd.grad(prob.loss(t), t, create_graph=True)
        rows = [torch.autograd.grad(gr[i], t, retain_graph=True)[0] for i in range(prob.n_params)]
        return torch.stack(rows)

    def batched():
        return prob.hessian(theta)

    return baseline, batched


def _directional_scan():
    # The shape of petzka2021nonattracting's Figure 3: losses along many random directions
    # at many step sizes from one point.
    prob, g = _problem((2, 21, 21, 1), 100)
    theta = torch.randn(prob.n_params, generator=g, dtype=torch.float64)
    directions = torch.randn(500, prob.n_params, generator=g, dtype=torch.float64)
    steps = torch.linspace(-1.0, 1.0, 51, dtype=torch.float64)

    def baseline():
        return torch.stack([torch.stack([prob.loss(theta + s * d) for s in steps]) for d in directions])

    def batched():
        return prob.loss_along(theta, directions, steps, chunk_size=64)

    return baseline, batched


CASES = {
    c.name: c
    for c in (
        Case("loss-surface", "E on a 200 x 200 grid of a 1-1-1 tanh net, N = 3 (Figure 3 of li2022benefit)", _loss_surface),
        Case("hessian", "exact Hessian of a 4-16-8-1 tanh net (P = 225), N = 128", _hessian),
        Case("directional-scan", "E along 500 directions x 51 steps (64 directions in flight), 2-21-21-1 tanh net, N = 100", _directional_scan),
    )
}


def best_time(fn, repeats: int) -> tuple[float, torch.Tensor]:
    out = fn()  # warm-up: torch.func traces on first call
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out
