"""Pyramid networks for li2022benefit Assumption 3 / Theorems 3 and 8, drawn with their activations.

Citation: Li, Ding & Sun, "On the Benefit of Width for Neural Networks: Disappearance of
Basins" (2022), paper key ``li2022benefit``. Notation (Section 3.1 and Appendix B):

==================  ==========================  ==============================================
paper               code                        meaning
==================  ==========================  ==============================================
h_0                 ``PyramidCase.h0``          the wide layer: d_{h0} >= N, widths non-increasing after
sigma_h, h <= h0    ``activations[:h0]``        Assumption 2 for N (Theorem 8) / continuous (Theorem 3)
sigma_h, h > h0     ``activations[h0:]``        Assumption 4 (Theorem 8) / monotone, B2 (Theorem 3)
A3: d_H >= N        ``a3=True``                 Theorem 8 assumes Assumption 1, which includes A3
W^o                 ``start``                   "zero", "rank_one" or "general" start point
delta               ``delta``                   size of the perturbation W^o -> W^p
==================  ==========================  ==============================================
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from hypothesis import assume, event, note
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from landscape.nets import Network, Problem

from ._validation import check_integer
from .activations import activations
from .data import datasets
from .randomness import seeds

__all__ = ["PyramidCase", "pyramid_cases"]


@dataclass(frozen=True)
class PyramidCase:
    """A pyramid network on A1 data with a start point W^o and a perturbation (delta, seed)."""

    problem: Problem
    h0: int
    start: torch.Tensor
    start_kind: str
    delta: float
    seed: int

    @property
    def network(self) -> Network:
        return self.problem.network


def _antipodal(X: torch.Tensor) -> bool:
    return bool(((X[:, :, None] + X[:, None, :]).abs().amax(dim=0) == 0).any())


def _start(net: Network, kind: str, gen: torch.Generator) -> torch.Tensor:
    if kind == "zero":
        return torch.zeros(net.n_params, dtype=torch.float64)
    parts = []
    for rows, cols in zip(net.widths[1:], net.widths[:-1]):
        if kind == "rank_one":
            W = torch.outer(torch.randn(rows, generator=gen, dtype=torch.float64),
                            torch.randn(cols, generator=gen, dtype=torch.float64))
        else:
            W = torch.randn(rows, cols, generator=gen, dtype=torch.float64)
        parts.append(W.reshape(-1) / cols**0.5)
        if net.bias:
            parts.append(torch.zeros(rows, dtype=torch.float64))
    return torch.cat(parts)


def pyramid_cases(*, a3: bool, max_samples: int = 3, max_depth: int = 3, theorem: str = "thm-8",
                  antipodal: bool = False) -> st.SearchStrategy:
    """A :class:`PyramidCase` meeting Assumption 3 (B1 at ``h0``) on A1 data without antipodal pairs.

    ``theorem="thm-8"``: sigma_h meets Assumption 2 for N when h <= h0 and Assumption 4 after
    (strictly monotone and onto, catalog and families). ``theorem="thm-3"``: sigma_h any
    continuous activation for h <= h0 and any monotone one after (B2: relu, sigmoid, tanh ...).
    ``a3``: also d_H >= N (Assumption 1's A3, printed in Theorem 8's hypotheses). Depth 2..
    ``max_depth``, N in 1..``max_samples``, d_0 in 1..2, d_out in 1..2, widths <= N + 2,
    biases drawn. Unless ``antipodal``, inputs with x^(n) = -x^(n') are rejected (counted with
    ``event``): there Proposition 2's rank step fails (see li2022benefit def-5's finding). Shrinks to H = 2,
    h0 = 2, N = 1, widths (1, 1, 1, 1), the first catalog activations, W^o = 0.
    """
    max_samples = check_integer("max_samples", max_samples, min_value=1)
    max_depth = check_integer("max_depth", max_depth, min_value=2)
    if theorem not in ("thm-8", "thm-3"):
        raise InvalidArgument(f"theorem: expected 'thm-8' or 'thm-3', got {theorem!r}")

    @st.composite
    def build(draw):
        n = draw(st.integers(1, max_samples))
        data = draw(datasets(min_samples=n, max_samples=n, max_dim=2, min_magnitude=0.25, max_magnitude=4.0,
                             min_separation=0.25, max_abs_target=10.0, d_out=draw(st.integers(1, 2))))
        if not antipodal and _antipodal(data.X):
            event("antipodal inputs (rejected: Proposition 2's rank step fails there)")
            assume(False)
        d0, d_out = data.X.shape[0], data.Y.shape[0]
        depth = draw(st.integers(2, max_depth))
        h0 = depth - draw(st.integers(0, depth - 1))  # shrinks to h0 = H
        top = draw(st.integers(max(n, d_out), n + 2))
        floor = max(d_out, n if a3 else 1)
        before = [draw(st.integers(1, n + 2)) for _ in range(h0 - 1)]
        after, prev = [], top
        for _ in range(depth - h0):
            prev = draw(st.integers(floor, prev))
            after.append(prev)
        widths = (d0, *before, top, *after, d_out)
        if theorem == "thm-8":
            lower, upper = activations(requires=(f"asm2:{n}",)), activations(requires=("strictly_monotone", "surjective"))
        else:
            lower, upper = activations(requires=("continuous",)), activations(requires=("monotone",))
        acts = [draw(lower) for _ in range(h0)] + [draw(upper) for _ in range(depth - h0)]
        net = Network(widths, acts, bias=draw(st.booleans()))
        kind = draw(st.sampled_from(["zero", "rank_one", "general"]))
        seed = draw(seeds())
        gen = torch.Generator().manual_seed(seed)
        delta = draw(st.floats(0.25, 1.0).map(lambda t: round(t, 3)))
        note(f"pyramid: {net.describe()}, h0 = {h0}, N = {n}, W^o {kind}, delta = {delta}")
        return PyramidCase(Problem(net, data.X, data.Y), h0, _start(net, kind, gen), kind, delta, seed)

    return build()
