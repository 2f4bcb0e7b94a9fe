"""Activation functions with declared, tested properties, and the catalog of those the papers name.

Sources (paper keys as in DESIGN.md): li2022benefit §2 (sigmoid, tanh, ReLU, leaky ReLU,
polynomials/quadratic, Swish, GeLU, sine), its Assumption 2 (analytic, nonzero derivatives
at 0 along an arithmetic progression of orders), Assumption 4 (continuous, strictly
monotone, sigma(R) = R), Example 1 (monomials z^p, p > 0), Lemma 6 (the sin/cos
perturbation), Theorem 4's proof (a designed C^2 polynomial), Theorems 5-7 (positively
homogeneous; C^2 with sigma(0), sigma'(0), sigma''(0) != 0; piecewise linear with
sigma(0) = sigma'(0) = 0); li2018overparameterized (sigmoid, softplus, ReLU, leaky ReLU);
ding2019suboptimal (ELU, SeLU "partially linear", Swish, exponential, t^2, (t - 0.01)^2,
t^2 + 0.01); petzka2021nonattracting class A (sigmoid, tanh); nguyen2017loss Lemma 3.3
(sigmoid, tanh, softplus (1/alpha) log(1 + e^{alpha t})).

Notation:

=======================  =================================  ====================================
paper                    code                               meaning
=======================  =================================  ====================================
sigma                    ``act(t)``                         elementwise, float64, torch.func-traceable
sigma^(k)(t)             ``act.derivative(t, k)``           nested ``torch.func.grad`` + ``vmap``
sigma^(k)(a), exact      ``act.exact_derivatives_at(a, K)`` sympy; ``nan`` where none exists
{k : sigma^(k)(0) != 0}  ``act.nonzero_derivative_orders_at(0, K)``
l_0, step (Asm 2)        ``assumption_2_orders(act, N)``    arithmetic progression of nonzero orders
alpha, beta (softplus)   ``softplus(beta)``                 nguyen2017loss calls it alpha
s, k (Lemma 6)           ``sin_cos_perturbed(g, s, k)``     g + (sin t + cos t)/(s (k+1))
z^p (Example 1)          ``monomial(p)``                    see the domain convention below
=======================  =================================  ====================================

Properties are *declarations*; :mod:`landscape._activation_checks` verifies each one
(exactly where sympy decides it, by sampling otherwise) and ``tests/test_activations.py``
runs those verifiers over the whole catalog and over drawn family members. Boolean
properties are exact both ways for the catalog and for the families that compute them
(``False`` means "does not hold"); ``monotone=None`` means "not monotone" for catalog
members and "not claimed" for ``sin_cos_perturbed`` and high-degree ``hermite_designed``.

Domain convention for ``monomial(p)`` (li2022benefit Example 1 applies z^p to any real
W X): integer p is the polynomial z^p itself. Non-integer p uses the odd extension
``sign(z) |z|^p`` (strictly increasing, onto R, C^{floor(p)}), or ``|z|^p`` with
``parity="even"``. In every case sigma(t a) = t^p sigma(a) for t > 0 and, for all real t,
sigma(t a) = s(t) |t|^p sigma(a) with s(t) = sign(t) (odd) or 1 (even): the rank-one
factorisation of the Example holds for any sign of t.
"""

from __future__ import annotations

import functools
import math
import types
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterator, Mapping, Sequence

import numpy as np
import sympy
import torch
from torch.func import grad, vmap

from . import _activation_symbolic as sym
from ._tensors import DTYPE, as_tensor

__all__ = [
    "Properties",
    "Params",
    "Activation",
    "CATALOG",
    "get",
    "sigmoid",
    "softplus",
    "leaky_relu",
    "elu",
    "t_plus_c_tanh",
    "shifted",
    "scaled",
    "monomial",
    "polynomial",
    "piecewise_linear",
    "sin_cos_perturbed",
    "hermite_designed",
    "root_product_exp",
    "assumption_2_orders",
]

_T = sym.T
_oo = sympy.oo
MONOTONE_KINDS = ("increasing", "decreasing", "nondecreasing", "nonincreasing")


@dataclass(frozen=True)
class Properties:
    """Declared properties of an activation sigma: R -> R (each verified by a test)."""

    analytic: bool  # real analytic on R
    smoothness: float  # k of C^k (0 = continuous only, math.inf = C^inf)
    piecewise_linear: bool = False
    breakpoints: tuple[float, ...] = ()  # where the formula switches (kinks, non-smooth points)
    positively_homogeneous: bool = False  # sigma(a t) = a sigma(t) for all t, a > 0
    monotone: str | None = None  # "increasing" | "decreasing" (strict) | "nondecreasing" | "nonincreasing" | None
    bounded: bool = False
    surjective: bool = False  # sigma(R) = R
    polynomial_degree: int | None = None
    linear: bool = False  # affine
    homogeneity_degree: float | None = None  # p with sigma(a t) = a^p sigma(t), all t, a > 0

    def __post_init__(self):
        if self.monotone is not None and self.monotone not in MONOTONE_KINDS:
            raise ValueError(f"monotone: expected one of {MONOTONE_KINDS} or None, got {self.monotone!r}")
        if not (self.smoothness >= 0):
            raise ValueError(f"smoothness: expected k >= 0 or math.inf, got {self.smoothness!r}")
        if list(self.breakpoints) != sorted(set(self.breakpoints)):
            raise ValueError(f"breakpoints: expected strictly increasing values, got {self.breakpoints}")
        if self.analytic and (self.breakpoints or self.smoothness != math.inf):
            raise ValueError("analytic: an analytic activation is C^inf and has no breakpoints")


class Params(Mapping):
    """An immutable, hashable, picklable ``name -> value`` mapping (floats or tuples of floats)."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, Any] | Sequence[tuple[str, Any]] = ()):
        items = dict(items)
        object.__setattr__(self, "_items", tuple(sorted(items.items())))

    def __getitem__(self, key):
        for k, v in self._items:
            if k == key:
                return v
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (k for k, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(self._items)

    def __eq__(self, other) -> bool:
        return isinstance(other, Mapping) and dict(self) == dict(other)

    def __repr__(self) -> str:
        return repr(dict(self._items))

    def __reduce__(self):
        return (Params, (self._items,))


def _nested_grad(fn: Callable, order: int) -> Callable:
    for _ in range(order):
        fn = grad(fn)
    return fn


@dataclass(frozen=True, eq=False, repr=False)
class Activation:
    """An elementwise activation with declared properties.

    ``fn`` is the float64 torch implementation (``torch.where``/``clamp`` only, no
    data-dependent Python branching, so it runs inside ``vmap``/``grad``/``hessian``).
    ``pieces`` is the exact sympy form (see :mod:`landscape._activation_symbolic`) when one
    is known. Equality and hashing go by ``name`` and ``params``.
    """

    name: str
    properties: Properties
    params: Mapping[str, Any]
    fn: Callable[[torch.Tensor], torch.Tensor] = field(repr=False)
    pieces: tuple | None = field(default=None, repr=False)
    source: str = field(default="", repr=False)
    #: ``(t, k) -> size of the terms the float64 evaluation of sigma^(k)(t) rounds``, for
    #: formulas with cancellation beyond |sigma| + |t sigma'| (polynomials: the absolute-value
    #: polynomial of Horner's error bound); used by the consistency verifier.
    rounding_scale: Callable[[torch.Tensor, int], torch.Tensor] | None = field(default=None, repr=False)

    def __post_init__(self):
        if not isinstance(self.params, Params):
            object.__setattr__(self, "params", Params(self.params))

    def __eq__(self, other) -> bool:
        return isinstance(other, Activation) and (self.name, self.params) == (other.name, other.params)

    def __hash__(self) -> int:
        return hash((self.name, self.params))

    def __repr__(self) -> str:
        # The name is the constructor call (e.g. "shifted(relu, c=-1.0)"): enough to rebuild
        # the activation, and short enough for a falsifying example to be read.
        return f"Activation({self.name!r})"

    def _repr_pretty_(self, printer, cycle) -> None:  # Hypothesis' and IPython's pretty printer
        printer.text(repr(self))

    @property
    def __name__(self) -> str:  # lets code that labels plain functions label activations too
        return self.name

    def __call__(self, t: torch.Tensor) -> torch.Tensor:
        if not isinstance(t, torch.Tensor):
            t = as_tensor(t, name="t")
        return self.fn(t)

    def derivative(self, t, order: int = 1) -> torch.Tensor:
        """sigma^(order) elementwise by exact autodiff (nested ``grad``, ``vmap`` over entries).

        At a breakpoint of a non-smooth activation the value is the one of the branch the
        implementation selects there (a one-sided derivative); use :meth:`derivatives_at`
        to learn whether the derivative exists.
        """
        if int(order) != order or order < 0:
            raise ValueError(f"order: expected an integer >= 0, got {order!r}")
        if not isinstance(t, torch.Tensor):
            t = as_tensor(t, name="t")
        if order == 0:
            return self.fn(t)
        flat = t.reshape(-1)
        return vmap(_nested_grad(self.fn, int(order)))(flat).reshape(t.shape)

    def exact_derivatives_at(self, a, max_order: int) -> list[sympy.Expr] | None:
        """Exact ``[sigma(a), ..., sigma^(max_order)(a)]`` (``nan`` where none exists); ``None`` without a sympy form.

        A float ``a`` means its exact binary value.
        """
        if self.pieces is None:
            return None
        return sym.derivatives_at(self.pieces, a, int(max_order))

    def derivatives_at(self, a, max_order: int) -> np.ndarray:
        """``sigma^(k)(a)`` for k = 0..max_order as floats, NaN where the derivative does not exist.

        Rounded from the exact values when a sympy form exists, else autodiff (orders above
        the declared smoothness at a declared breakpoint are NaN).
        """
        exact = self.exact_derivatives_at(a, max_order)
        if exact is not None:
            return np.array([float("nan") if v is sympy.nan else float(sympy.N(v, 20)) for v in exact])
        t = torch.tensor(float(a), dtype=DTYPE)
        out = np.array([float(self.derivative(t, k)) for k in range(int(max_order) + 1)])
        if float(a) in self.properties.breakpoints:
            out[int(min(self.properties.smoothness, max_order)) + 1 :] = np.nan
        return out

    def nonzero_derivative_orders_at(self, a, max_order: int) -> tuple[int, ...]:
        """Orders k <= max_order with sigma^(k)(a) existing and != 0; exact when a sympy form exists.

        Without one, a value counts as nonzero when it exceeds 2^k * 64 u times the largest
        magnitude among the computed orders (autodiff rounding grows with the order).
        """
        exact = self.exact_derivatives_at(a, max_order)
        if exact is not None:
            return sym.nonzero_orders(exact)
        vals = self.derivatives_at(a, max_order)
        scale = float(np.nanmax(np.abs(vals))) if np.isfinite(vals).any() else 0.0
        u = np.finfo(np.float64).eps / 2
        return tuple(k for k, v in enumerate(vals) if np.isfinite(v) and abs(v) > 2.0**k * 64 * u * scale)


def assumption_2_orders(act: Activation, n: int, *, max_order: int | None = None) -> tuple[int, int] | None:
    """``(l_0, step)`` with sigma^(l_0 + j step)(0) != 0 for j < n (li2022benefit Assumption 2), or ``None``.

    Searches orders up to ``max_order`` (default 2n + 2, enough for step <= 2, the steps
    the catalog needs; pass more to search wider steps). Requires an analytic activation.
    """
    if n < 1:
        raise ValueError(f"n: need n >= 1 (number of samples N), got {n}")
    if not act.properties.analytic:
        return None
    max_order = 2 * n + 2 if max_order is None else int(max_order)
    return sym.arithmetic_progression(act.nonzero_derivative_orders_at(0, max_order), n)


# ---------------------------------------------------------------------------------------
# torch implementations (module-level, so activations pickle)


def _sigmoid(t):
    return torch.sigmoid(t)


def _tanh(t):
    return torch.tanh(t)


def _softplus(t, beta):
    # log(1 + e^x)/beta, x = beta t, as x + log1p(e^-x) for x > 0 and log1p(e^x) otherwise:
    # accurate in both tails (log(1 + e^x) rounds e^-150 away); the clamps keep the branch
    # that where() discards finite, so gradients stay NaN-free.
    x = beta * t
    xp, xn = torch.clamp(x, min=0.0), torch.clamp(x, max=0.0)
    return torch.where(x > 0, xp + torch.log1p(torch.exp(-xp)), torch.log1p(torch.exp(xn))) / beta


def _relu(t):
    return torch.where(t > 0, t, torch.zeros_like(t))


def _leaky(t, alpha):
    return torch.where(t >= 0, t, alpha * t)


def _elu(t, alpha, lam):
    # clamp keeps exp finite on the unselected branch (an inf there turns gradients to NaN).
    return lam * torch.where(t > 0, t, alpha * torch.expm1(torch.clamp(t, max=0.0)))


def _swish(t):
    return t * torch.sigmoid(t)


def _gelu(t):
    # t Phi(t) with Phi(t) = erfc(-t/sqrt 2)/2: 1 + erf(t/sqrt 2) cancels for t << 0.
    return 0.5 * t * torch.special.erfc(-t / math.sqrt(2.0))


def _sin(t):
    return torch.sin(t)


def _exp(t):
    return torch.exp(t)


def _sinh(t):
    return torch.sinh(t)


def _arctan(t):
    return torch.atan(t)


def _identity(t):
    return t * 1.0


def _t_plus_c_tanh(t, c):
    return t + c * torch.tanh(t)


def _horner(t, coeffs):
    out = torch.zeros_like(t) + coeffs[-1]
    for c in reversed(coeffs[:-1]):  # loop over the polynomial's terms, not over samples
        out = out * t + c
    return out


def _newton_abs(t, k, nodes, coeffs):
    """k-th derivative at tau = 0 of sum_i |c_i| prod_{j<i} (tau + |t - x_j|): the classical
    bound on the terms that Horner/Newton evaluation of the k-th derivative rounds
    (power basis = all nodes 0)."""
    def q(tau, tt):
        out = torch.zeros_like(tau) + abs(coeffs[-1])
        for x, c in zip(reversed(nodes[: len(coeffs) - 1]), reversed(coeffs[:-1])):
            out = out * (tau + (tt - x).abs()) + abs(c)
        return out

    def at(tt):
        return _nested_grad(lambda tau: q(tau, tt), k)(torch.zeros((), dtype=tt.dtype))

    return vmap(at)(t.reshape(-1)).reshape(t.shape)


def _signed_power(t, p):
    return torch.sign(t) * torch.abs(t) ** p


def _abs_power(t, p):
    return torch.abs(t) ** p


def _pl(t, knots, anchors, values, slopes):
    # piece k: values[k] + slopes[k] (t - anchors[k]), anchored at 0 for the piece containing 0
    # and at the breakpoint nearest 0 otherwise: no cancellation beyond |sigma(t)| + |t sigma'(t)|.
    out = values[0] + slopes[0] * (t - anchors[0])
    for k, b in enumerate(knots, start=1):  # one where() per breakpoint
        out = torch.where(t > b, values[k] + slopes[k] * (t - anchors[k]), out)
    return out


def _shifted(t, inner, c):
    return inner(t + c)


def _scaled(t, inner, a, b):
    return a * inner(b * t)


def _sin_cos(t, inner, scale):
    return inner(t) + (torch.sin(t) + torch.cos(t)) / scale


def _root_product_exp(t, roots, sign):
    out = sign * torch.exp(t)
    for r in roots:  # one factor per root (a handful), not a loop over samples
        out = out * (t - r)
    return out


def _newton(t, nodes, coeffs):
    # Newton form sum_k c_k prod_{j<k} (t - x_j), evaluated Horner-style from the top.
    out = torch.zeros_like(t) + coeffs[-1]
    for x, c in zip(reversed(nodes[: len(coeffs) - 1]), reversed(coeffs[:-1])):
        out = out * (t - x) + c
    return out


# ---------------------------------------------------------------------------------------
# constructors


def _finite(value, name: str) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: expected a real number, got {value!r}") from None
    if not math.isfinite(v):
        raise ValueError(f"{name}: expected a finite real number, got {value!r}")
    return v


def _make(name, params, fn, pieces, source, **props) -> Activation:
    return Activation(name=name, properties=Properties(**props), params=params, fn=fn, pieces=pieces, source=source)


def _fmt(v) -> str:
    return repr(float(v)) if not isinstance(v, tuple) else repr(tuple(float(x) for x in v))


def _name(family: str, **params) -> str:
    return f"{family}(" + ", ".join(f"{k}={_fmt(v)}" for k, v in params.items()) + ")"


def sigmoid() -> Activation:
    return _make(
        "sigmoid", {}, _sigmoid, sym.single(1 / (1 + sympy.exp(-_T))),
        "li2022benefit §2(a), Asm 2; nguyen2017loss Lem 3.3; petzka2021nonattracting class A",
        analytic=True, smoothness=math.inf, monotone="increasing", bounded=True,
    )


def softplus(beta: float = 1.0) -> Activation:
    """(1/beta) log(1 + e^{beta t}), beta > 0 (nguyen2017loss's alpha); -> ReLU as beta -> inf."""
    beta = _finite(beta, "beta")
    if beta <= 0:
        raise ValueError(f"beta: softplus needs beta > 0, got {beta}")
    b = sym.exact(beta)
    return _make(
        "softplus" if beta == 1.0 else _name("softplus", beta=beta), {"beta": beta},
        functools.partial(_softplus, beta=beta), sym.single(sympy.log(1 + sympy.exp(b * _T)) / b),
        "li2022benefit Asm 2 text; nguyen2017loss Lem 3.3, rmk 2",
        analytic=True, smoothness=math.inf, monotone="increasing",
    )


def leaky_relu(alpha: float = 0.01) -> Activation:
    """t for t >= 0, alpha t for t < 0 (alpha != 1; alpha = 0 is ReLU's shape)."""
    alpha = _finite(alpha, "alpha")
    if alpha == 1.0:
        raise ValueError("alpha: 1 gives the identity (no breakpoint); use CATALOG['linear']")
    a = sym.exact(alpha)
    mono = "increasing" if alpha > 0 else ("nondecreasing" if alpha == 0 else None)
    return _make(
        "leaky_relu" if alpha == 0.01 else _name("leaky_relu", alpha=alpha), {"alpha": alpha},
        functools.partial(_leaky, alpha=alpha), ((-_oo, 0, a * _T), (0, _oo, _T)),
        "li2022benefit §2(c), Asm 4; ding2019suboptimal Asm 3(a)",
        analytic=False, smoothness=0, piecewise_linear=True, breakpoints=(0.0,), positively_homogeneous=True,
        homogeneity_degree=1.0, monotone=mono, surjective=alpha > 0,
    )


def elu(alpha: float = 1.0, *, scale: float = 1.0, name: str | None = None) -> Activation:
    """scale * (t for t > 0, alpha (e^t - 1) for t <= 0), alpha > 0, scale > 0. C^1 iff alpha*scale = scale, i.e. alpha = 1."""
    alpha, scale = _finite(alpha, "alpha"), _finite(scale, "scale")
    if alpha <= 0:
        raise ValueError(f"alpha: ELU needs alpha > 0, got {alpha}")
    if scale <= 0:
        raise ValueError(f"scale: ELU needs scale > 0, got {scale}")
    a, lam = sym.exact(alpha), sym.exact(scale)
    return _make(
        name or ("elu" if (alpha, scale) == (1.0, 1.0) else _name("elu", alpha=alpha, scale=scale)),
        {"alpha": alpha, "scale": scale},
        functools.partial(_elu, alpha=alpha, lam=scale),
        ((-_oo, 0, lam * a * (sympy.exp(_T) - 1)), (0, _oo, lam * _T)),
        "ding2019suboptimal Asm 2, Asm 3(a)",
        analytic=False, smoothness=1 if alpha == 1.0 else 0, breakpoints=(0.0,), monotone="increasing",
    )


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def t_plus_c_tanh(c: float = 0.5) -> Activation:
    """t + c tanh(t): onto R; strictly increasing iff c >= -1 (sigma' = 1 + c sech^2 t)."""
    c = _finite(c, "c")
    return _make(
        "t_plus_c_tanh" if c == 0.5 else _name("t_plus_c_tanh", c=c), {"c": c},
        functools.partial(_t_plus_c_tanh, c=c), sym.single(_T + sym.exact(c) * sympy.tanh(_T)),
        "li2022benefit Asm 4 (a member)",
        analytic=True, smoothness=math.inf, monotone="increasing" if c >= -1 else None, surjective=True,
        **({"polynomial_degree": 1, "linear": True, "piecewise_linear": True, "positively_homogeneous": True,
            "homogeneity_degree": 1.0} if c == 0 else {}),
    )


def _poly_props(poly: sympy.Poly, *, decide_monotone: bool = True) -> dict:
    """Exact properties of a polynomial activation (monotonicity by real-root counting of sigma')."""
    deg = poly.degree() if not poly.is_zero else 0
    coeffs = poly.all_coeffs()[::-1]  # low -> high
    nonzero = [k for k, c in enumerate(coeffs) if c != 0]
    props: dict = dict(analytic=True, smoothness=math.inf, polynomial_degree=int(deg), linear=deg <= 1)
    props["piecewise_linear"] = deg <= 1
    props["bounded"] = deg == 0
    props["surjective"] = deg % 2 == 1
    if not nonzero or (len(nonzero) == 1 and nonzero[0] >= 1):  # c t^p, p >= 1 (constants: sigma(0) != 0)
        p = nonzero[0] if nonzero else 1
        props["homogeneity_degree"] = float(p)
        props["positively_homogeneous"] = p == 1
    if decide_monotone:
        d = poly.diff(_T)
        if d.is_zero:
            props["monotone"] = "nondecreasing"
        else:
            # sigma' changes sign exactly at its real roots of odd multiplicity.
            _, factors = d.sqf_list()
            changes = sum(f.count_roots() for f, m in factors if m % 2 == 1)
            if changes == 0:
                props["monotone"] = "increasing" if d.LC() > 0 else "decreasing"
    return props


def polynomial(coeffs: Sequence[float], *, name: str | None = None, source: str = "li2022benefit §2(d)") -> Activation:
    """sum_k coeffs[k] t^k (coefficients from the constant term up)."""
    cs = tuple(_finite(c, f"coeffs[{i}]") for i, c in enumerate(coeffs))
    if not cs:
        raise ValueError("coeffs: need at least one coefficient")
    while len(cs) > 1 and cs[-1] == 0.0:
        cs = cs[:-1]
    poly = sympy.Poly(sum(sym.exact(c) * _T**k for k, c in enumerate(cs)), _T)
    return Activation(
        name=name or _name("polynomial", coeffs=cs), properties=Properties(**_poly_props(poly)),
        params={"coeffs": cs}, fn=functools.partial(_horner, coeffs=cs), pieces=sym.single(poly.as_expr()),
        source=source,
        rounding_scale=functools.partial(_newton_abs, nodes=(0.0,) * len(cs), coeffs=cs),
    )


def monomial(p: float, *, parity: str | None = None) -> Activation:
    """z^p, p > 0 (li2022benefit Example 1); see the module docstring for negative z.

    Integer p: the polynomial z^p (``parity`` must be ``None``). Non-integer p:
    ``parity="odd"`` (default) gives sign(z)|z|^p, ``parity="even"`` gives |z|^p.
    """
    p = _finite(p, "p")
    if p <= 0:
        raise ValueError(f"p: Example 1 needs p > 0, got {p}")
    src = "li2022benefit Example 1"
    if p == int(p):
        if parity is not None:
            raise ValueError(f"parity: integer p = {p:g} is the polynomial z^p; leave parity None")
        k = int(p)
        return polynomial((0.0,) * k + (1.0,), name=_name("monomial", p=p), source=src)
    parity = parity or "odd"
    if parity not in ("odd", "even"):
        raise ValueError(f"parity: expected 'odd' or 'even', got {parity!r}")
    e = sym.exact(p)
    odd = parity == "odd"
    left = -((-_T) ** e) if odd else (-_T) ** e
    return Activation(
        name=_name("monomial", p=p) if odd else _name("monomial", p=p) + "[even]",
        properties=Properties(
            analytic=False, smoothness=math.floor(p), breakpoints=(0.0,), homogeneity_degree=p,
            monotone="increasing" if odd else None, surjective=odd,
        ),
        params={"p": p, "parity": parity},
        fn=functools.partial(_signed_power if odd else _abs_power, p=p),
        pieces=((-_oo, 0, left), (0, _oo, _T**e)),
        source=src,
    )


def piecewise_linear(breakpoints: Sequence[float], slopes: Sequence[float], value_at_0: float = 0.0) -> Activation:
    """Continuous piecewise linear sigma: slope ``slopes[i]`` between breakpoints i-1 and i, sigma(0) = value_at_0.

    li2022benefit Thm 7 uses sigma(0) = sigma'(0) = 0 (slope 0 on the piece containing 0);
    Thm 5 the positively homogeneous c+ max(t, 0) - c- max(-t, 0).
    """
    bps = tuple(_finite(b, f"breakpoints[{i}]") for i, b in enumerate(breakpoints))
    ss = tuple(_finite(s, f"slopes[{i}]") for i, s in enumerate(slopes))
    v0 = _finite(value_at_0, "value_at_0")
    if list(bps) != sorted(set(bps)):
        raise ValueError(f"breakpoints: must be strictly increasing, got {bps}")
    if len(ss) != len(bps) + 1:
        raise ValueError(f"slopes: need len(breakpoints) + 1 = {len(bps) + 1} slopes, got {len(ss)}")
    if any(a == b for a, b in zip(ss, ss[1:])):
        raise ValueError(f"slopes: consecutive slopes must differ (else the breakpoint is not one), got {ss}")
    B = [sym.exact(b) for b in bps]
    S = [sym.exact(s) for s in ss]
    jumps = [S[i + 1] - S[i] for i in range(len(B))]
    # sigma(t) = c0 + s0 t + sum_k (s_k - s_{k-1}) max(t - b_k, 0), c0 fixed by sigma(0) = v0.
    c0 = sym.exact(v0) - sum((d * sympy.Max(-b, 0) for d, b in zip(jumps, B)), sympy.Integer(0))
    exact_expr = lambda t: c0 + S[0] * t + sum((d * sympy.Max(t - b, 0) for d, b in zip(jumps, B)), sympy.Integer(0))  # noqa: E731
    edges = [-_oo] + B + [_oo]
    pieces, anchors, values = [], [], []
    for i in range(len(S)):
        lo, hi = edges[i], edges[i + 1]
        anchor = sympy.Integer(0) if lo < 0 < hi or (hi == 0) or (lo == 0) else (lo if lo > 0 else hi)
        v = exact_expr(anchor)
        anchors.append(float(anchor))
        values.append(float(v))
        pieces.append((lo, hi, sympy.expand(v + S[i] * (_T - anchor))))
    if not bps:
        return polynomial((v0, ss[0]), name=_name("piecewise_linear", breakpoints=(), slopes=ss, value_at_0=v0))
    if all(s > 0 for s in ss):
        mono = "increasing"
    elif all(s < 0 for s in ss):
        mono = "decreasing"
    elif all(s >= 0 for s in ss):
        mono = "nondecreasing"
    elif all(s <= 0 for s in ss):
        mono = "nonincreasing"
    else:
        mono = None
    homog = bps == (0.0,) and v0 == 0.0
    return _make(
        _name("piecewise_linear", breakpoints=bps, slopes=ss, value_at_0=v0),
        {"breakpoints": bps, "slopes": ss, "value_at_0": v0},
        functools.partial(_pl, knots=bps, anchors=tuple(anchors), values=tuple(values), slopes=ss),
        tuple(pieces), "li2022benefit Thm 5, Thm 7; ding2019suboptimal Asm 3",
        analytic=False, smoothness=0, piecewise_linear=True, breakpoints=bps, positively_homogeneous=homog,
        homogeneity_degree=1.0 if homog else None, monotone=mono,
        bounded=ss[0] == 0 and ss[-1] == 0, surjective=ss[0] * ss[-1] > 0,
    )


def _check_activation(act, name: str) -> Activation:
    if not isinstance(act, Activation):
        raise ValueError(f"{name}: expected an Activation, got {type(act).__name__}")
    return act


def shifted(act: Activation, c: float) -> Activation:
    """t -> act(t + c)."""
    act = _check_activation(act, "act")
    c = _finite(c, "c")
    if c == 0.0:
        return act
    C = sym.exact(c)
    pieces = None
    if act.pieces is not None:
        pieces = tuple((lo - C, hi - C, e.subs(_T, _T + C)) for lo, hi, e in act.pieces)
    props = replace(
        act.properties,
        breakpoints=tuple(sorted(b - c for b in act.properties.breakpoints)),
        positively_homogeneous=False,
        homogeneity_degree=None,
    )
    return Activation(
        name=f"shifted({act.name}, c={c!r})", properties=props, params={"c": c, "inner": act.name},
        fn=functools.partial(_shifted, inner=act.fn, c=c), pieces=pieces, source=act.source,
    )


_FLIP = {"increasing": "decreasing", "decreasing": "increasing", "nondecreasing": "nonincreasing",
         "nonincreasing": "nondecreasing", None: None}


def scaled(act: Activation, a: float, b: float) -> Activation:
    """t -> a * act(b t), a != 0, b != 0."""
    act = _check_activation(act, "act")
    a, b = _finite(a, "a"), _finite(b, "b")
    if a == 0:
        raise ValueError("a: must be nonzero (a = 0 gives the zero function)")
    if b == 0:
        raise ValueError("b: must be nonzero (b = 0 gives a constant)")
    if (a, b) == (1.0, 1.0):
        return act
    A, Bx = sym.exact(a), sym.exact(b)
    pieces = None
    if act.pieces is not None:
        mapped = [(lo / Bx, hi / Bx, A * e.subs(_T, Bx * _T)) for lo, hi, e in act.pieces]
        pieces = tuple(mapped if b > 0 else [(hi, lo, e) for lo, hi, e in reversed(mapped)])
    p = act.properties
    props = replace(
        p,
        breakpoints=tuple(sorted(x / b for x in p.breakpoints)),
        monotone=p.monotone if a * b > 0 else _FLIP[p.monotone],
    )
    return Activation(
        name=f"scaled({act.name}, a={a!r}, b={b!r})", properties=props, params={"a": a, "b": b, "inner": act.name},
        fn=functools.partial(_scaled, inner=act.fn, a=a, b=b), pieces=pieces, source=act.source,
    )


def sin_cos_perturbed(g: Activation, s: float, k: int) -> Activation:
    """li2022benefit Lemma 6: f_k = g + (sin t + cos t)/(s (k+1)), s > 0, k >= 0.

    f_k^(n)(0) = g^(n)(0) + (-1)^floor(n/2) / (s (k+1)); |f_k - g| <= sqrt(2)/(s (k+1)).
    Monotonicity is not claimed (``None``).
    """
    g = _check_activation(g, "g")
    s = _finite(s, "s")
    if s <= 0:
        raise ValueError(f"s: Lemma 6 needs s > 0 (s = 2/delta_min), got {s}")
    if int(k) != k or k < 0:
        raise ValueError(f"k: expected an integer >= 0, got {k!r}")
    k = int(k)
    scale = s * (k + 1)
    S = sym.exact(s) * (k + 1)
    pieces = None
    if g.pieces is not None:
        pieces = tuple((lo, hi, e + (sympy.sin(_T) + sympy.cos(_T)) / S) for lo, hi, e in g.pieces)
    p = g.properties
    props = Properties(
        analytic=p.analytic, smoothness=p.smoothness, breakpoints=p.breakpoints,
        bounded=p.bounded, surjective=p.surjective,
    )
    return Activation(
        name=f"sin_cos_perturbed({g.name}, s={s!r}, k={k})", properties=props,
        params={"s": s, "k": float(k), "inner": g.name},
        fn=functools.partial(_sin_cos, inner=g.fn, scale=scale), pieces=pieces, source="li2022benefit Lemma 6",
    )


def hermite_designed(points: Sequence[float], values: Sequence[float], first: Sequence[float],
                     second: Sequence[float]) -> Activation:
    """The polynomial of degree <= 3n - 1 with prescribed sigma, sigma', sigma'' at n distinct points.

    li2022benefit Theorem 4's proof (43) asks for a C^2 sigma ("e.g., a high-order
    polynomial") with given values and first and second derivatives at the points
    w_i x_j. Built by ``scipy.interpolate.KroghInterpolator`` (Hermite data = repeated
    nodes) and kept in its Newton form, which is evaluated exactly as scipy's
    coefficients define it (no conversion to the ill-conditioned power basis). The exact
    polynomial is the one the float Newton coefficients define; ``params["residual"]`` is
    the largest mismatch of the float64 evaluation against the prescribed data relative to
    1 + max|data|: Krogh's divided differences lose accuracy for many or clustered
    points, so callers should check it against their own tolerance.
    """
    from scipy.interpolate import KroghInterpolator

    cols = []
    for nm, seq in (("points", points), ("values", values), ("first", first), ("second", second)):
        cols.append(tuple(_finite(v, f"{nm}[{i}]") for i, v in enumerate(seq)))
    pts, vals, d1, d2 = cols
    n = len(pts)
    if n == 0:
        raise ValueError("points: need at least one point")
    if any(len(c) != n for c in cols):
        raise ValueError(f"values, first, second: need one entry per point ({n}), got {[len(c) for c in cols]}")
    if len(set(pts)) != n:
        raise ValueError(f"points: must be distinct, got {pts}")
    order = np.argsort(pts)
    xi = np.repeat(np.asarray(pts)[order], 3)
    yi = np.column_stack([np.asarray(vals)[order], np.asarray(d1)[order], np.asarray(d2)[order]]).reshape(-1)
    krogh = KroghInterpolator(xi, yi)
    coeffs = tuple(float(c) for c in np.asarray(krogh.c).reshape(-1)[: len(xi)])
    nodes = tuple(float(x) for x in krogh.xi)
    while len(coeffs) > 1 and coeffs[-1] == 0.0:
        coeffs = coeffs[:-1]
    # The exact polynomial the float Newton coefficients define.
    poly = sympy.Poly(0, _T)
    for c, x in zip(reversed(coeffs), reversed(nodes[: len(coeffs)])):
        poly = poly * sympy.Poly(_T - sym.exact(x), _T) + sympy.Poly(sym.exact(c), _T)
    fn = functools.partial(_newton, nodes=nodes[: len(coeffs) - 1], coeffs=coeffs)
    t = torch.tensor(pts, dtype=DTYPE)
    got = torch.stack([fn(t), vmap(grad(fn))(t), vmap(grad(grad(fn)))(t)]).numpy()
    want = np.array([vals, d1, d2])
    residual = float(np.max(np.abs(got - want)) / (1.0 + np.max(np.abs(want))))
    props = _poly_props(poly, decide_monotone=poly.degree() <= 20)
    return Activation(
        name=_name("hermite_designed", points=pts, values=vals, first=d1, second=d2),
        properties=Properties(**props),
        params={"points": pts, "values": vals, "first": d1, "second": d2, "residual": residual},
        fn=fn, pieces=sym.single(poly.as_expr()), source="li2022benefit Thm 4 proof (43)",
        rounding_scale=functools.partial(_newton_abs, nodes=nodes[: len(coeffs) - 1], coeffs=coeffs),
    )


def root_product_exp(roots: Sequence[float], sign: float = -1.0) -> Activation:
    """sign * prod_j (t - r_j) * e^t: analytic, with zeros exactly at the given roots.

    li2018overparameterized Proposition 1 asks for an analytic sigma with Assumption 2
    (sigma^(k)(0) != 0 for k < n) and a zero t != 0 near which sigma <= 0; the paper names
    none. ``root_product_exp((t0, t0))`` = -(t - t0)^2 e^t is one: sigma <= 0 everywhere and
    sigma^(k)(0) = -((k - t0)^2 - k) (Leibniz), which vanishes only for t0 = j^2 +- j.
    A simple root (``(t0,)``) is a sign change: the negative control of the construction.
    Never monotone (it tends to 0 at -oo and vanishes at a root), never bounded or onto R
    (tends to 0 at -oo, to +-oo at +oo).
    """
    rs = tuple(_finite(r, f"roots[{i}]") for i, r in enumerate(roots))
    if not rs:
        raise ValueError("roots: need at least one root (sigma must vanish somewhere)")
    if list(rs) != sorted(rs):
        raise ValueError(f"roots: expected non-decreasing roots (repeat a root for multiplicity), got {rs}")
    sg = _finite(sign, "sign")
    if sg not in (1.0, -1.0):
        raise ValueError(f"sign: expected +1.0 or -1.0, got {sign!r}")
    expr = sym.exact(sg) * sympy.Mul(*[_T - sym.exact(r) for r in rs]) * sympy.exp(_T)
    return _make(
        _name("root_product_exp", roots=rs, sign=sg), {"roots": rs, "sign": sg},
        functools.partial(_root_product_exp, roots=rs, sign=sg), sym.single(expr),
        "li2018overparameterized Prop 1 (constructed: the paper names no such sigma)",
        analytic=True, smoothness=math.inf,
    )


# ---------------------------------------------------------------------------------------
# the catalog


def _catalog() -> dict[str, Activation]:
    def analytic(name, expr, fn, source, **props):
        return _make(name, {}, fn, sym.single(expr), source, analytic=True, smoothness=math.inf, **props)

    relu = _make(
        "relu", {}, _relu, ((-_oo, 0, sympy.Integer(0)), (0, _oo, _T)),
        "li2022benefit §2(b), Thm 5; li2018overparameterized; ding2019suboptimal Asm 3(a)",
        analytic=False, smoothness=0, piecewise_linear=True, breakpoints=(0.0,), positively_homogeneous=True,
        homogeneity_degree=1.0, monotone="nondecreasing",
    )
    entries = [
        sigmoid(),
        analytic("tanh", sympy.tanh(_T), _tanh,
                 "li2022benefit §2(a); nguyen2017loss Lem 3.3; petzka2021nonattracting class A",
                 monotone="increasing", bounded=True),
        softplus(),
        softplus(10.0),
        relu,
        leaky_relu(),
        elu(),
        elu(_SELU_ALPHA, scale=_SELU_SCALE, name="selu"),
        analytic("swish", _T / (1 + sympy.exp(-_T)), _swish, "li2022benefit §2(e), Example 2; ding2019suboptimal"),
        analytic("gelu", _T / 2 * (1 + sympy.erf(_T / sympy.sqrt(2))), _gelu, "li2022benefit §2(f)"),
        analytic("sine", sympy.sin(_T), _sin, "li2022benefit §2(g)", bounded=True),
        analytic("exponential", sympy.exp(_T), _exp, "ding2019suboptimal Asm 5", monotone="increasing"),
        analytic("sinh", sympy.sinh(_T), _sinh, "li2022benefit Asm 4 (a member)", monotone="increasing",
                 surjective=True),
        analytic("arctan", sympy.atan(_T), _arctan, "petzka2021nonattracting class A (lem 18)",
                 monotone="increasing", bounded=True),
        polynomial((0.0, 1.0), name="linear", source="li2022benefit; ding2019suboptimal; nguyen2017loss; petzka2021nonattracting"),
        polynomial((0.0, 0.0, 1.0), name="quadratic", source="li2022benefit §2(d); ding2019suboptimal §1.2 (t^2)"),
        polynomial((0.0001, -0.02, 1.0), name="quadratic_shifted", source="ding2019suboptimal §1.2 ((t - 0.01)^2)"),
        polynomial((0.01, 0.0, 1.0), name="quadratic_lifted", source="ding2019suboptimal §1.2 (t^2 + 0.01)"),
        polynomial((0.0, 1.0, 0.0, 1.0), name="cubic_plus_linear", source="li2022benefit Asm 4 (t^3 + t)"),
        t_plus_c_tanh(0.5),
        monomial(3),
        monomial(0.5),
        monomial(1.5),
        monomial(2.5),
        monomial(1.5, parity="even"),
        shifted(relu, -1.0),
        piecewise_linear((0.0,), (-0.5, 2.0)),
    ]
    out = {a.name: a for a in entries}
    if len(out) != len(entries):
        raise RuntimeError("catalog: duplicate activation names")
    return out


CATALOG: Mapping[str, Activation] = types.MappingProxyType(_catalog())  # read-only


def get(name: str) -> Activation:
    """The catalog activation called ``name``."""
    try:
        return CATALOG[name]
    except KeyError:
        raise ValueError(f"name: no activation {name!r} in the catalog; known: {sorted(CATALOG)}") from None
