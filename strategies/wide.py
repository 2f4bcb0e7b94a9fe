"""Strategies for the wide-network claims (li2022benefit Theorem 1 family, li2018overparameterized Theorem 2).

Citations: li2022benefit Assumption 1 (A1: x^(n) != 0, x^(n) != x^(n')) and Assumption 2 (N nonzero
derivative orders at 0 in arithmetic progression); for li2018overparameterized's A1 data and
consecutive-order activations use :mod:`strategies.li2018` with ``wide_cases(data=...,
activation_for=...)``.

=========================  ===========================  =========================================
paper                      code                         meaning
=========================  ===========================  =========================================
X in R^{d_0 x N}           ``WideCase.X``               samples as columns
W^o = (W_1, ..., W_{H+1})  ``WideCase.start``           the start point (zero, rank one, general)
delta                      ``WideCase.delta``           perturbation size, relative to layer scales
sigma_h                    ``WideCase.activations``     one per hidden layer
l                          ``WideCase.loss``            a convex loss with matching labels Y
=========================  ===========================  =========================================

Everything is built, not filtered, except where an ``event`` says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from hypothesis import note
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from landscape import losses as LS
from landscape.nets import Network

from .activations import activations
from .architectures import architectures
from .data import Dataset, datasets
from .randomness import seeds

__all__ = [
    "CONVEX_LOSSES",
    "WideCase",
    "SearchCase",
    "search_cases",
    "antipodal_free",
    "antipodal_free_datasets",
    "antipodal_datasets",
    "antipodal_activations",
    "labels_for",
    "wide_cases",
]

#: The convex losses of :mod:`landscape.losses` whose output-space infimum ``wide.output_infimum`` knows.
CONVEX_LOSSES = ("squared", "half_squared", "mean_squared", "pseudo_huber", "hinge", "squared_hinge", "logistic",
                 "cross_entropy")


def antipodal_free(X: torch.Tensor) -> torch.Tensor:
    """The columns of X, each turned so its first nonzero entry is positive, duplicates dropped.

    No two of the result are equal or antipodal; signs are re-drawn by the caller."""
    cols = []
    for x in X.T:  # N <= a handful of columns
        nz = x[x != 0]
        c = x if float(nz[0]) > 0 else -x
        if not any(bool((c == d).all()) for d in cols):
            cols.append(c)
    return torch.stack(cols, dim=1)


def _canonical_vectors(d0: int, max_abs: float):
    """Nonzero vectors of R^d0 whose first nonzero entry is positive (one per antipodal pair {x, -x}),
    built: the index k of the first nonzero entry, zeros before it, a positive entry at k, any entries
    after (integers or 2-decimal floats in [-max_abs, max_abs]). Shrinks to (1, 0, ..., 0)."""
    anything = st.one_of(st.integers(-int(max_abs), int(max_abs)).map(float),
                         st.floats(-max_abs, max_abs).map(lambda t: round(t, 2)))
    positive = st.one_of(st.integers(1, int(max_abs)).map(float), st.floats(0.01, max_abs).map(lambda t: round(t, 2)))

    @st.composite
    def vec(draw):
        k = draw(st.integers(0, d0 - 1))
        return (0.0,) * k + (draw(positive),) + tuple(draw(anything) for _ in range(d0 - k - 1))

    return vec()


def _check_sizes(min_samples, max_samples, max_dim, max_abs):
    if not 1 <= min_samples <= max_samples:
        raise InvalidArgument(f"min_samples: need 1 <= min_samples <= max_samples, got {min_samples}, {max_samples}")
    if max_dim < 1:
        raise InvalidArgument(f"max_dim: need at least one input coordinate, got {max_dim}")
    if not max_abs >= 1:
        raise InvalidArgument(f"max_abs: need max_abs >= 1 (integer entries), got {max_abs}")


def _targets(draw, n: int, max_abs_target: float) -> torch.Tensor:
    v = draw(st.lists(st.floats(-max_abs_target, max_abs_target).map(lambda t: round(t, 3)), min_size=n, max_size=n))
    return torch.tensor(v, dtype=torch.float64).reshape(1, n)


def antipodal_free_datasets(*, min_samples: int = 1, max_samples: int = 4, max_dim: int = 3, max_abs: float = 4.0,
                            max_abs_target: float = 4.0) -> st.SearchStrategy[Dataset]:
    """A1 data with no antipodal pair x^(n) = -x^(n'), built: N in [min_samples, max_samples] distinct
    canonical vectors (``_canonical_vectors``: first nonzero entry positive, so no two are equal or
    antipodal), then a drawn sign per column; targets (1, N) in [-max_abs_target, max_abs_target].
    Every antipodal-free A1 set on the entry grid is reachable; N is exactly the drawn size. Shrinks
    to N = min_samples, d_0 = 1, entries 1, 2, ..., all signs +."""
    _check_sizes(min_samples, max_samples, max_dim, max_abs)

    @st.composite
    def build(draw):
        n = draw(st.integers(min_samples, max_samples))
        d0 = draw(st.integers(1, max_dim))
        cols = draw(st.lists(_canonical_vectors(d0, max_abs), min_size=n, max_size=n, unique=True))
        signs = draw(st.lists(st.sampled_from([1.0, -1.0]), min_size=n, max_size=n))
        X = torch.tensor(cols, dtype=torch.float64).T * torch.tensor(signs, dtype=torch.float64)[None, :]
        return Dataset(X, _targets(draw, n, max_abs_target))

    return build()


def antipodal_datasets(*, min_samples: int = 2, max_samples: int = 4, max_dim: int = 3, max_abs: float = 4.0,
                       max_abs_target: float = 4.0) -> st.SearchStrategy[Dataset]:
    """A1 data WITH antipodal pairs (allowed by A1, fatal to Proposition 2's proof), built: m distinct
    canonical vectors, p >= 1 of them joined by their negation, N = m + p in [min_samples, max_samples]
    (min_samples >= 2), columns in a drawn order. Shrinks to x = (1, -1)."""
    _check_sizes(min_samples, max_samples, max_dim, max_abs)
    if min_samples < 2:
        raise InvalidArgument(f"min_samples: an antipodal pair needs N >= 2, got {min_samples}")

    @st.composite
    def build(draw):
        n = draw(st.integers(min_samples, max_samples))
        p = draw(st.integers(1, n // 2))  # pairs
        d0 = draw(st.integers(1, max_dim))
        cols = draw(st.lists(_canonical_vectors(d0, max_abs), min_size=n - p, max_size=n - p, unique=True))
        X = torch.tensor(cols, dtype=torch.float64).T
        X = torch.cat([X, -X[:, :p]], dim=1)
        order = draw(st.permutations(range(n)))
        return Dataset(X[:, list(order)].contiguous(), _targets(draw, n, max_abs_target))

    return build()


_SPECIAL = ("tanh", "arctan", "sine", "sigmoid", "softplus")


def antipodal_activations(n: int) -> st.SearchStrategy:
    """sigma_h for antipodal data: the members whose symmetry interacts with x <-> -x (odd: tanh, arctan,
    sine; sigma(t) + sigma(-t) = 1: sigmoid; sigma(t) - sigma(-t) = t: softplus) when they meet Assumption 2
    for n, or any Assumption-2 member (mixed networks). Shrinks to tanh."""
    from landscape import activations as A

    special = [A.get(a) for a in _SPECIAL if A.assumption_2_orders(A.get(a), n, max_order=2 * n + 1) is not None]
    return st.one_of(st.sampled_from(special), activations(requires=(f"asm2:{n}",)))


def labels_for(loss_name: str, n: int, d_out: int):
    """Targets Y (d_out, N) in the loss's label domain: any values for regression losses,
    +-1 for hinge/squared hinge/logistic, one-hot columns for cross entropy (d_out >= 2).
    (hinge, squared hinge and logistic: ``wide.output_infimum`` knows inf l for labels +-1 only, so
    other label values are not drawn.)"""
    if loss_name not in CONVEX_LOSSES:
        raise InvalidArgument(f"loss_name: expected one of {CONVEX_LOSSES}, got {loss_name!r}")
    if loss_name in ("hinge", "squared_hinge", "logistic"):
        return st.lists(st.sampled_from([1.0, -1.0]), min_size=n * d_out, max_size=n * d_out).map(
            lambda v: torch.tensor(v, dtype=torch.float64).reshape(d_out, n))
    if loss_name == "cross_entropy":
        if d_out < 2:
            raise InvalidArgument("d_out: cross entropy needs d_out >= 2 classes")
        return st.lists(st.integers(0, d_out - 1), min_size=n, max_size=n).map(
            lambda c: torch.nn.functional.one_hot(torch.tensor(c), d_out).T.to(torch.float64))
    return st.lists(st.floats(-4, 4).map(lambda t: round(t, 3)), min_size=n * d_out, max_size=n * d_out).map(
        lambda v: torch.tensor(v, dtype=torch.float64).reshape(d_out, n))


@dataclass(frozen=True)
class WideCase:
    """A network with d_H >= N (A3), data, a loss with matching targets, a start point and a perturbation."""

    network: Network
    X: torch.Tensor
    Y: torch.Tensor
    loss: LS.Loss
    start: torch.Tensor
    kind: str
    delta: float
    seed: int


def _asm2_layer(n: int):
    return activations(requires=(f"asm2:{n}",))


@st.composite
def wide_cases(draw, *, data=None, activation_for=_asm2_layer, single_activation: bool = False,
               losses=CONVEX_LOSSES, min_samples: int = 1, max_samples: int = 4, max_depth: int = 3, wide: bool = True,
               min_log2_delta: float = -8.0):
    """:class:`WideCase`: N <= ``max_samples`` A1 samples (``data(n)``, default ``datasets``), depth 1..
    ``max_depth``, d_H >= N when ``wide`` (other layers 1..N+2), each sigma_h drawn independently from
    ``activation_for(N)`` (one shared sigma with ``single_activation``), a loss from ``losses`` with
    matching targets, a start point: zero, hidden layers of rank one, or general with
    |W_ij| <= 2 / max(1, max|T_{h-1}|) per layer, and a perturbation delta = 2^-e, e uniform in
    [0, -min_log2_delta] (log-uniform: small perturbations of zero and rank-one starts are drawn; where
    the rank margin then sinks below float64 resolution the claims say so).
    Shrinks to N = min_samples, a one-hidden-layer net of width 1, W = 0, the first loss, delta = 1."""
    if not 1 <= min_samples <= max_samples:
        raise InvalidArgument(f"min_samples: need 1 <= min_samples <= max_samples, got {min_samples}, {max_samples}")
    if max_depth < 1:
        raise InvalidArgument(f"max_depth: need at least one hidden layer, got {max_depth}")
    if not losses or any(name not in CONVEX_LOSSES for name in losses):
        raise InvalidArgument(f"losses: expected names from {CONVEX_LOSSES}, got {losses!r}")
    if not -52 < min_log2_delta <= 0:
        raise InvalidArgument(f"min_log2_delta: expected a value in (-52, 0], got {min_log2_delta!r}")
    n = draw(st.integers(min_samples, max_samples))
    if data is None:
        ds = draw(datasets(min_samples=n, max_samples=n, max_dim=3, min_magnitude=0.25, max_magnitude=4.0,
                           min_separation=0.25, max_abs_target=4.0))
    else:
        ds = draw(data(n))
    n = ds.X.shape[1]
    loss_name = draw(st.sampled_from(losses))
    d_out = 2 if loss_name == "cross_entropy" else draw(st.integers(1, 2))
    arch = draw(architectures(regime="wide" if wide else "any", n_samples=n, max_depth=max_depth,
                              d_in=ds.X.shape[0], d_out=d_out, bias=False, max_width=n + 2))
    if single_activation:
        acts = (draw(activation_for(n)),) * arch.depth
    else:
        acts = tuple(draw(activation_for(n)) for _ in range(arch.depth))
    net = arch.network(acts)
    Y = draw(labels_for(loss_name, n, d_out))
    seed = draw(seeds())
    gen = torch.Generator().manual_seed(seed)
    kind = draw(st.sampled_from(["zero", "rank_one", "general"]))
    parts, T = [], ds.X
    for i, (rows, cols) in enumerate(zip(net.widths[1:], net.widths[:-1])):
        # |W_ij| <= 2 / max(1, max|T_{h-1}|) at the start's own earlier layers: pre-activations stay O(d_{h-1}),
        # so no activation (exponentials, polynomials) overflows; tiny layer outputs are not blown up.
        scale = 1.0 / max(float(T.abs().max()), 1.0)
        if kind == "zero":
            W = torch.zeros(rows, cols, dtype=torch.float64)
        elif kind == "rank_one":
            W = torch.outer(torch.randn(rows, generator=gen, dtype=torch.float64),
                            torch.randn(cols, generator=gen, dtype=torch.float64))
            W = 2 * scale * W / float(W.abs().max())
        else:
            W = 2 * scale * (2 * torch.rand(rows, cols, generator=gen, dtype=torch.float64) - 1)
        parts.append(W)
        if i < len(acts):
            T = acts[i](W @ T)
    start = net.flatten(parts)
    delta = 2.0 ** -draw(st.floats(0.0, -min_log2_delta).map(lambda e: round(e, 2)))
    loss = LS.get(loss_name)
    note(f"wide case: {net.describe()}, N={n}, loss {loss_name}, start {kind}, delta {delta}")
    return WideCase(net, ds.X, Y, loss, start, kind, delta, seed)


@dataclass(frozen=True)
class SearchCase:
    """A net with d_H in {N, N + 1} (A3), data, squared-loss targets and seeded starts for a local search."""

    network: Network
    X: torch.Tensor
    Y: torch.Tensor
    start_scale: float
    seed: int


@st.composite
def search_cases(draw, *, data, activation_for, max_extra: int = 1):
    """:class:`SearchCase` for the strict-minimum searches (li2022benefit Cor 2, li2018 Cor 1): ``data``
    (a Dataset strategy), one hidden layer of width N + extra (extra <= ``max_extra``, shrinking to d_H = N,
    the case where a Hessian at a full-rank point could be definite), sigma from ``activation_for(N)``,
    Gaussian starts of scale 1 or 3 (large starts reach saturated regions where bad critical points live).
    Shrinks to the first data draw, extra = 0, scale 1."""
    if max_extra < 0:
        raise InvalidArgument(f"max_extra: expected >= 0, got {max_extra}")
    ds = draw(data)
    n = ds.X.shape[1]
    act = draw(activation_for(n))
    extra = draw(st.integers(0, max_extra))
    scale = draw(st.sampled_from([1.0, 3.0]))
    net = Network((ds.X.shape[0], n + extra, 1), act)
    note(f"search case: {net.describe()}, N={n}, start scale {scale}")
    return SearchCase(net, ds.X, ds.Y, scale, draw(seeds()))
