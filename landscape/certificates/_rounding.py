"""Float64 rounding-error bounds for losses, gradients and Hessians of an objective.

Every certificate compares a computed quantity with a threshold; the threshold is a
bound on the rounding error of that computation, never a hand-picked constant. The
model is Higham's (Accuracy and Stability of Numerical Algorithms, 2nd ed., section
3.1): a quantity q computed by a chain of at most k roundings satisfies

    |fl(q) - q| <= gamma_k * q_abs,      gamma_k = k u / (1 - k u),  u = 2^-53,

where q_abs is q evaluated with every term replaced by its absolute value. The bound is
first order (O(u^2) terms dropped), which is what ``second-order`` evidence promises.

=================  ==================  =====================================================
symbol             code                meaning
=================  ==================  =====================================================
u                  ``U``               unit roundoff of float64, 2^-53
gamma_k            ``gamma(k)``        k u / (1 - k u)
k_E, k_g, k_H      ``RoundingModel.k_*``  roundings in the chain for E, grad E, Hess E
E_abs              ``loss_abs``        |terms| version of the loss
G_abs              ``grad_abs``        |terms| version of the gradient, (P,)
H_abs              ``hess_abs``        |terms| version of the Hessian, (P, P), entrywise >= 0
=================  ==================  =====================================================

Where the magnitudes come from:

- ``Problem`` with the squared loss (or half of it) and a linear output (li2022benefit eq. (5)): a
  running-error forward pass and an absolute-value twin of the network give |terms|
  Jacobians and output Hessians of every sample (``_network_rounding``).
- ``Objective`` with ``magnitude=A``: A is the |terms| twin of f (for a polynomial, the
  same polynomial with |coefficients|), evaluated at |theta|; its value, gradient and
  Hessian majorize the |terms| versions of E, grad E, Hess E.
- anything else (``Objective`` without a twin, ``Problem`` with another loss): a mixed
  forward/backward model, relative error plus a backward error gamma |theta| in the
  argument: E_abs = |E| + |theta|.|grad E|, G_abs = |grad E| + |Hess E| |theta|,
  H_abs = |Hess E|. It is weaker (terms that cancel exactly are not seen) and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import torch
from torch.func import grad, hessian, vmap

__all__ = ["U", "C_SIGMA", "gamma", "RoundingModel", "rounding_model", "spectral_norm_abs"]

U = 2.0**-53
# Accuracy assumed for one activation evaluation (libm tanh/exp/erf are within a few
# ulps; composite activations such as t + c tanh t add a rounding per operation).
C_SIGMA = 4


def gamma(k: int) -> float:
    """gamma_k = k u / (1 - k u) (Higham, Lemma 3.1); ValueError when k u >= 1."""
    if k < 0:
        raise ValueError(f"k: an operation count must be >= 0, got {k}")
    if k * U >= 1.0:
        raise ValueError(f"k: k u must be < 1 for gamma_k to bound rounding, got k = {k}")
    return k * U / (1.0 - k * U)


def spectral_norm_abs(A: torch.Tensor) -> float:
    """||A||_2 of a symmetric entrywise-nonnegative A (its Perron root).

    Perron-Frobenius monotonicity: |D| <= A entrywise implies ||D||_2 <= ||A||_2, so
    gamma * ||H_abs||_2 bounds ||fl(H) - H||_2 and Weyl's inequality moves every
    eigenvalue by at most that much.
    """
    if A.numel() == 0:
        return 0.0
    return float(torch.linalg.eigvalsh((A + A.T) / 2).abs().max())


@dataclass(frozen=True)
class RoundingModel:
    """Magnitudes and operation counts giving float64 error bounds for one objective."""

    name: str          # short, e.g. "running-error (squared loss, 1-3-1)"
    description: str   # the model and its assumptions, written once per certificate
    k_loss: int
    k_grad: int
    k_hess: int
    loss_abs: Callable[[torch.Tensor], torch.Tensor]   # theta (P,) -> scalar, vmap-able
    grad_abs: Callable[[torch.Tensor], torch.Tensor]   # theta -> (P,)
    hess_abs: Callable[[torch.Tensor], torch.Tensor]   # theta -> (P, P)

    def loss_error(self, theta: torch.Tensor) -> float:
        return float(self.loss_error_batch(theta[None, :])[0])

    def loss_error_batch(self, thetas: torch.Tensor) -> torch.Tensor:
        """|fl(E) - E| <= gamma_{k_E} E_abs at every row of ``thetas``."""
        return gamma(self.k_loss) * vmap(self.loss_abs)(thetas)

    def grad_error(self, theta: torch.Tensor) -> torch.Tensor:
        """Componentwise |fl(g) - g| <= gamma_{k_g} G_abs."""
        return gamma(self.k_grad) * self.grad_abs(theta).abs()

    def hess_error(self, theta: torch.Tensor) -> float:
        """||fl(H) - H||_2 <= gamma_{k_H} ||H_abs||_2 (Perron-Frobenius on |fl(H) - H| <= gamma H_abs)."""
        return gamma(self.k_hess) * spectral_norm_abs(self.hess_abs(theta).abs())

    def derivation(self, which: str) -> str:
        k = {"loss": self.k_loss, "grad": self.k_grad, "hess": self.k_hess}[which]
        mag = {"loss": "E_abs", "grad": "G_abs", "hess": "||H_abs||_2"}[which]
        return f"gamma_{k} = {k}u/(1-{k}u) (u = 2^-53, k = {which} rounding chain) times {mag} of the {self.name} model"


# ----------------------------------------------------------------------------- models

def _mixed_model(f: Callable[[torch.Tensor], torch.Tensor], ops: int, what: str) -> RoundingModel:
    g = grad(f)
    h = hessian(f)

    def loss_abs(theta):
        return f(theta).abs() + (theta.abs() * g(theta).abs()).sum()

    def grad_abs(theta):
        return g(theta).abs() + h(theta).abs() @ theta.abs()

    def hess_abs(theta):
        return h(theta).abs()

    desc = (
        f"mixed forward/backward model for {what} (no |terms| twin): relative error plus backward error "
        f"gamma|theta| in the argument, {ops} roundings per evaluation; exact cancellations are not seen"
    )
    return RoundingModel("mixed forward/backward", desc, ops, 2 * ops, 3 * ops, loss_abs, grad_abs, hess_abs)


def _twin_model(twin: Callable[[torch.Tensor], torch.Tensor], ops: int, what: str) -> RoundingModel:
    g = grad(twin)
    h = hessian(twin)
    desc = (
        f"|terms| twin of {what} evaluated at |theta| (value, gradient, Hessian majorize the |terms| "
        f"versions of E, grad E, Hess E); {ops} roundings per evaluation, x2 for the gradient "
        "and x3 for the Hessian chains of reverse/forward-over-reverse differentiation"
    )
    return RoundingModel(
        "|terms| twin", desc, ops, 2 * ops, 3 * ops,
        lambda th: twin(th.abs()), lambda th: g(th.abs()).abs(), lambda th: h(th.abs()).abs(),
    )


def rounding_model(obj) -> RoundingModel:
    """The rounding model of ``obj`` (``Problem``, ``Objective``, or any object with
    ``rounding_model()`` or a vmap-able ``_loss``)."""
    from ..nets import Problem

    custom = getattr(obj, "rounding_model", None)
    if callable(custom):
        return custom()
    if isinstance(obj, Problem):
        from ._network_rounding import forward_ops, problem_model, squared_scale

        if squared_scale(obj.loss_fn) is not None and obj.network.output_activation is None:
            return problem_model(obj)
        k = forward_ops(obj.network) + obj.Y.numel() + 2
        loss_name = getattr(obj.loss_fn, "name", getattr(obj.loss_fn, "__name__", type(obj.loss_fn).__name__))
        return _mixed_model(obj._loss, k, f"loss {loss_name} on {obj.network.describe()}")
    raw = getattr(obj, "_loss", None)
    if callable(raw):
        return _mixed_model(raw, 16, type(obj).__name__)
    raise ValueError(
        "obj: needs a rounding_model() method or a torch.func-traceable _loss(theta) to derive float64 error bounds"
    )


def theta_scale(theta: torch.Tensor) -> float:
    """max(1, ||theta||_2): the scale for radii that must be small 'relative to theta'."""
    return max(1.0, float(torch.linalg.vector_norm(theta)))
