"""Losses l(Y, Yhat) of the papers, with declared convexity in Yhat (tested), and a midpoint-convexity check.

Sources: li2022benefit (5) E = ||y - yhat||_2^2, no 1/2, and A2 "l(Y, Yhat) convex w.r.t.
Yhat (quadratic loss, hinge loss, etc.)"; li2018overparameterized A2 (quadratic, cross
entropy); nguyen2017loss (1) Phi = sum_i sum_j l(f_Lj(x_i) - y_ij) with l(a) = a^2, the
Pseudo-Huber loss and the non-convex robust losses of Example 3.2 (Blake-Zisserman,
Corrupted-Gaussian, Cauchy), and (4) with l_1, l_2, i.e. sum max{0, 1 - y f}^2 for +-1
labels; petzka2021nonattracting sums squared errors (its Thm 4 proof writes 1/2).

Notation:

=========================  ============================  ======================================
paper                      code                          meaning
=========================  ============================  ======================================
Y, Yhat (d_out x N)        ``Y``, ``Yhat``               targets and outputs, samples as columns
l(Y, Yhat)                 ``loss(Y, Yhat)``             0-dim float64 tensor
a = f_Lj(x_i) - y_ij       ``a = Yhat - Y``              residual of an elementwise loss
l(a) (nguyen2017loss)      ``loss.elementwise(a)``       Phi = sum over entries of l(a)
delta, alpha, w            ``params["delta"]`` etc.      robust-loss parameters (nguyen2017loss §3)
=========================  ============================  ======================================

Classification losses take labels in ``Y``: +-1 for :func:`hinge`, :func:`squared_hinge`,
:func:`logistic`; probability columns (e.g. one-hot) for :func:`cross_entropy`.
"""

from __future__ import annotations

import math
import types
from dataclasses import dataclass, field
from typing import Callable, Mapping

import numpy as np
import sympy
import torch

from ._tensors import as_tensor
from .activations import Params
from .evidence import Certificate, Evidence

__all__ = [
    "Loss",
    "squared",
    "half_squared",
    "mean_squared",
    "hinge",
    "squared_hinge",
    "logistic",
    "cross_entropy",
    "pseudo_huber",
    "blake_zisserman",
    "corrupted_gaussian",
    "cauchy",
    "LOSSES",
    "get",
    "A",
    "check_midpoint_convexity",
]

#: The residual symbol of elementwise losses' exact forms.
A = sympy.Symbol("a", real=True)
U = 2.0**-53


@dataclass(frozen=True, eq=False)
class Loss:
    """A loss ``(Y, Yhat) -> scalar`` with declared properties.

    ``convex``: convex in Yhat. ``smoothness``: k of C^k in Yhat. ``elementwise``: l with
    loss = sum l(Yhat - Y) when the loss has that form (else ``None``); ``symbolic`` its exact
    sympy form in :data:`A`. ``nonnegative_terms``: every summand is >= 0 (used by the
    rounding bound of :func:`check_midpoint_convexity`).
    """

    name: str
    convex: bool
    fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor] = field(repr=False)
    params: Mapping[str, float] = field(default_factory=dict)
    smoothness: float = math.inf
    elementwise: Callable[[torch.Tensor], torch.Tensor] | None = field(default=None, repr=False)
    symbolic: sympy.Expr | None = field(default=None, repr=False)
    nonnegative_terms: bool = True
    source: str = field(default="", repr=False)

    def __post_init__(self):
        if not isinstance(self.params, Params):
            object.__setattr__(self, "params", Params(self.params))

    def __eq__(self, other) -> bool:
        return isinstance(other, Loss) and (self.name, self.params) == (other.name, other.params)

    def __hash__(self) -> int:
        return hash((self.name, self.params))

    @property
    def __name__(self) -> str:
        return self.name

    def __call__(self, Y: torch.Tensor, Yhat: torch.Tensor) -> torch.Tensor:
        if not isinstance(Y, torch.Tensor):
            Y = as_tensor(Y, name="Y")
        if not isinstance(Yhat, torch.Tensor):
            Yhat = as_tensor(Yhat, name="Yhat")
        return self.fn(Y, Yhat)


# ---------------------------------------------------------------------------------------
# implementations (module-level: losses pickle)


def _sum_elementwise(Y, Yhat, l):
    return l(Yhat - Y).sum()


def _sq(a):
    return a * a


def _half_sq(a):
    return 0.5 * a * a


def _mean_sq(Y, Yhat):
    return ((Yhat - Y) ** 2).mean()


def _hinge(Y, Yhat):
    return torch.clamp(1.0 - Y * Yhat, min=0.0).sum()


def _sq_hinge(Y, Yhat):
    return (torch.clamp(1.0 - Y * Yhat, min=0.0) ** 2).sum()


def _log1pexp(x):
    # log(1 + e^x), accurate in both tails; clamps keep the discarded branch finite.
    xp, xn = torch.clamp(x, min=0.0), torch.clamp(x, max=0.0)
    return torch.where(x > 0, xp + torch.log1p(torch.exp(-xp)), torch.log1p(torch.exp(xn)))


def _logistic(Y, Yhat):
    return _log1pexp(-Y * Yhat).sum()


def _cross_entropy(Y, Yhat):
    return -(Y * torch.log_softmax(Yhat, dim=0)).sum()


def _pseudo_huber(a, delta):
    # 2 delta^2 (sqrt(1 + a^2/delta^2) - 1) = 2 a^2 / (sqrt(1 + (a/delta)^2) + 1): no cancellation at small a.
    return 2.0 * a * a / (torch.hypot(torch.ones_like(a), a / delta) + 1.0)


def _blake_zisserman(a, delta):
    # -log(exp(-a^2) + delta) = -logaddexp(-a^2, log delta)
    return -torch.logaddexp(-a * a, torch.full_like(a, math.log(delta)))


def _corrupted_gaussian(a, alpha, w):
    terms = []
    if alpha > 0:
        terms.append(math.log(alpha) - a * a)
    if alpha < 1:
        terms.append(math.log1p(-alpha) - math.log(w) - a * a / (w * w))
    return -torch.logsumexp(torch.stack(terms), dim=0)


def _cauchy(a, delta):
    return delta * delta * torch.log1p((a / delta) ** 2)


class _Elementwise:
    """Picklable ``a -> l(a; params)``."""

    def __init__(self, f, **kw):
        self.f, self.kw = f, kw

    def __call__(self, a):
        return self.f(a, **self.kw)


class _SumOf:
    def __init__(self, l):
        self.l = l

    def __call__(self, Y, Yhat):
        return _sum_elementwise(Y, Yhat, self.l)


def _exact(x: float) -> sympy.Rational:
    n, d = float(x).as_integer_ratio()
    return sympy.Rational(n, d)


def _positive(x, name: str) -> float:
    x = float(x)
    if not math.isfinite(x) or x <= 0:
        raise ValueError(f"{name}: must be a finite number > 0, got {x!r}")
    return x


def _elementwise_loss(name, convex, l, sym, params, source, *, nonnegative=True) -> Loss:
    return Loss(name=name, convex=convex, fn=_SumOf(l), params=params, elementwise=l, symbolic=sym,
                nonnegative_terms=nonnegative, source=source)


def squared() -> Loss:
    """||Y - Yhat||_F^2, no 1/2 (li2022benefit (5); nguyen2017loss l(a) = a^2)."""
    return _elementwise_loss("squared", True, _sq, A**2, {}, "li2022benefit (5); nguyen2017loss (1)")


def half_squared() -> Loss:
    """(1/2) ||Y - Yhat||_F^2 (petzka2021nonattracting's Thm 4 proof)."""
    return _elementwise_loss("half_squared", True, _half_sq, A**2 / 2, {}, "petzka2021nonattracting App. A.2")


def mean_squared() -> Loss:
    """||Y - Yhat||_F^2 / (d_out N)."""
    return Loss(name="mean_squared", convex=True, fn=_mean_sq, source="common practice")


def hinge() -> Loss:
    """sum max(0, 1 - y yhat), labels +-1 (li2022benefit A2 "hinge loss"). Convex, not differentiable."""
    return Loss(name="hinge", convex=True, fn=_hinge, smoothness=0, source="li2022benefit A2")


def squared_hinge() -> Loss:
    """sum max(0, 1 - y yhat)^2, labels +-1 (nguyen2017loss (4) with its l_1, l_2). Convex, C^1."""
    return Loss(name="squared_hinge", convex=True, fn=_sq_hinge, smoothness=1, source="nguyen2017loss (4)")


def logistic() -> Loss:
    """sum log(1 + exp(-y yhat)), labels +-1 (binary cross-entropy on logits). Convex."""
    return Loss(name="logistic", convex=True, fn=_logistic, source="li2018overparameterized A2 (cross entropy)")


def cross_entropy() -> Loss:
    """-sum_n sum_c Y_cn log softmax(Yhat[:, n])_c, Y columns probability vectors. Convex in Yhat."""
    return Loss(name="cross_entropy", convex=True, fn=_cross_entropy, source="li2018overparameterized A2")


def pseudo_huber(delta: float = 1.0) -> Loss:
    """nguyen2017loss: l(a) = 2 delta^2 (sqrt(1 + a^2/delta^2) - 1), ~ a^2 near 0, slope 2 delta at infinity. Convex."""
    delta = _positive(delta, "delta")
    d = _exact(delta)
    return _elementwise_loss(
        "pseudo_huber" if delta == 1.0 else f"pseudo_huber(delta={delta!r})", True,
        _Elementwise(_pseudo_huber, delta=delta), 2 * d**2 * (sympy.sqrt(1 + A**2 / d**2) - 1),
        {"delta": delta}, "nguyen2017loss Example 3.2",
    )


def blake_zisserman(delta: float = 0.1) -> Loss:
    """nguyen2017loss: l(a) = -log(exp(-a^2) + delta), delta > 0; bounded, hence not convex."""
    delta = _positive(delta, "delta")
    d = _exact(delta)
    return _elementwise_loss(
        "blake_zisserman" if delta == 0.1 else f"blake_zisserman(delta={delta!r})", False,
        _Elementwise(_blake_zisserman, delta=delta), -sympy.log(sympy.exp(-A**2) + d),
        {"delta": delta}, "nguyen2017loss Example 3.2", nonnegative=False,
    )


def _corrupted_gaussian_convex(alpha: float, w: float) -> bool:
    """Convexity of l(a) = -log(alpha e^{-a^2} + (1-alpha) e^{-a^2/w^2}/w).

    Convex for alpha in {0, 1} or w = 1 (a shifted multiple of a^2). Otherwise l is even
    and l'' = 2 m - 4 a^2 v, with m, v the mean and variance of the precision (1 or
    1/w^2) under the posterior mixture weights; scanned on a grid of a in
    [0, 12 max(1, w)] (beyond that the heavier component has weight 1 - O(e^-100) and
    l'' -> 2/max(1, w)^2 > 0). Declared non-convex only when the scan finds l'' < 0.
    """
    if alpha in (0.0, 1.0) or w == 1.0:
        return True
    a = np.linspace(0.0, 12.0 * max(1.0, w), 200001)
    p1 = 1.0 / (w * w)
    l1 = math.log(alpha) - a * a
    l2 = math.log1p(-alpha) - math.log(w) - a * a * p1
    m = np.maximum(l1, l2)
    r1, r2 = np.exp(l1 - m), np.exp(l2 - m)
    q1, q2 = r1 / (r1 + r2), r2 / (r1 + r2)
    mean = q1 * 1.0 + q2 * p1
    var = q1 * q2 * (1.0 - p1) ** 2
    second = 2 * mean - 4 * a * a * var
    return bool(second.min() >= 0)


def corrupted_gaussian(alpha: float = 0.5, w: float = 6.0) -> Loss:
    """nguyen2017loss: l(a) = -log(alpha exp(-a^2) + (1 - alpha) exp(-a^2/w^2)/w), alpha in [0, 1], w > 0.

    The negative log-likelihood of a Gaussian mixture; non-convex for the printed
    (alpha, w) = (0.5, 6), convex for alpha in {0, 1} or w = 1 (see ``_corrupted_gaussian_convex``).
    """
    alpha = float(alpha)
    if not (0.0 <= alpha <= 1.0):
        raise ValueError(f"alpha: must lie in [0, 1], got {alpha!r}")
    w = _positive(w, "w")
    al, ww = _exact(alpha), _exact(w)
    sym = -sympy.log(al * sympy.exp(-A**2) + (1 - al) * sympy.exp(-A**2 / ww**2) / ww)
    return _elementwise_loss(
        "corrupted_gaussian" if (alpha, w) == (0.5, 6.0) else f"corrupted_gaussian(alpha={alpha!r}, w={w!r})",
        _corrupted_gaussian_convex(alpha, w), _Elementwise(_corrupted_gaussian, alpha=alpha, w=w), sym,
        {"alpha": alpha, "w": w}, "nguyen2017loss Example 3.2", nonnegative=False,
    )


def cauchy(delta: float = 1.0) -> Loss:
    """nguyen2017loss: l(a) = delta^2 log(1 + a^2/delta^2), delta != 0; concave for |a| > |delta|."""
    delta = float(delta)
    if not math.isfinite(delta) or delta == 0:
        raise ValueError(f"delta: Cauchy needs a finite delta != 0, got {delta!r}")
    d = _exact(delta)
    return _elementwise_loss(
        "cauchy" if delta == 1.0 else f"cauchy(delta={delta!r})", False,
        _Elementwise(_cauchy, delta=delta), d**2 * sympy.log(1 + A**2 / d**2), {"delta": delta},
        "nguyen2017loss Example 3.2",
    )


LOSSES: Mapping[str, Loss] = types.MappingProxyType({  # read-only
    loss.name: loss
    for loss in (squared(), half_squared(), mean_squared(), hinge(), squared_hinge(), logistic(), cross_entropy(),
                 pseudo_huber(), blake_zisserman(), corrupted_gaussian(), cauchy())
})


def get(name: str) -> Loss:
    try:
        return LOSSES[name]
    except KeyError:
        raise ValueError(f"name: no loss {name!r}; known: {sorted(LOSSES)}") from None


def _abs_sum(loss: Loss, Y, Yhat) -> torch.Tensor:
    """sum of |summands|: the scale a float64 evaluation of the loss rounds on."""
    if loss.elementwise is not None:
        return loss.elementwise(Yhat - Y).abs().sum()
    if loss.name == "cross_entropy":
        return (Y * torch.log_softmax(Yhat, dim=0)).abs().sum() + Yhat.abs().sum()
    return loss(Y, Yhat).abs()  # every summand >= 0 for the other built-in losses


def check_midpoint_convexity(loss: Loss, Y, Ya, Yb) -> Certificate:
    """Midpoint convexity along the segment [Ya, Yb] in Yhat: l(Y, M) <= (l(Y, Ya) + l(Y, Yb))/2, M = (Ya + Yb)/2.

    Tolerance: gamma_{n+8} (S(Ya) + S(Yb) + 2 S(M)) + 2 u sum |grad l(Y, M)| |M|, with n the
    number of entries, S the sum of absolute summands (each summand rounds relatively within
    ~8 u, their sum within gamma_n), and the second term the effect of rounding M's entries
    (relative u each) through the loss's gradient. Holds iff the violation is within it.
    """
    Y, Ya, Yb = (as_tensor(v, name=n) for v, n in ((Y, "Y"), (Ya, "Ya"), (Yb, "Yb")))
    if not (Y.shape == Ya.shape == Yb.shape):
        raise ValueError(f"Ya, Yb: must have Y's shape {tuple(Y.shape)}, got {tuple(Ya.shape)}, {tuple(Yb.shape)}")
    M = (Ya + Yb) / 2
    la, lb = loss(Y, Ya), loss(Y, Yb)
    Mg = M.clone().requires_grad_(True)
    lm = loss(Y, Mg)
    (g,) = torch.autograd.grad(lm, Mg)
    lm = lm.detach()
    n = Y.numel() + 8
    gamma = n * U / (1 - n * U)
    with torch.no_grad():
        tol = float(gamma * (_abs_sum(loss, Y, Ya) + _abs_sum(loss, Y, Yb) + 2 * _abs_sum(loss, Y, M))
                    + 2 * U * (g.abs() * M.abs()).sum())
    violation = float(lm - (la + lb) / 2)
    return Certificate(
        question=f"{loss.name}: midpoint convex on the segment",
        holds=violation <= tol,
        evidence=Evidence.SAMPLED,
        explanation=f"l(M) - (l(A) + l(B))/2 = {violation:.3g}",
        numbers={"violation": violation, "l_a": float(la), "l_b": float(lb), "l_mid": float(lm)},
        tolerance=tol,
        tolerance_derivation="gamma_{n+8} (S_A + S_B + 2 S_M) + 2u sum|grad||M|",
    )
