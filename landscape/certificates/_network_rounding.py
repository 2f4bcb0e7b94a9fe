"""|terms| magnitudes of a network's squared loss and of its derivatives (for ``_rounding``).

For E = c sum_i ||y_i - yhat_i||^2 (li2022benefit (5): c = 1, no 1/2; c = 1/2 also
handled), the computed quantities carry errors bounded by gamma_k times:

    E_abs = c sum_i (|r_i| + a_i)^2,                    a_i = |y_i| + yhat_abs_i
    G_abs = 2c sum_i (|r_i| + a_i) J_abs_i
    H_abs = 2c sum_i (J_abs_i^T J_abs_i + (|r_i| + a_i) K_abs_i)

=============  ==================  ==========================================================
symbol         code                meaning
=============  ==================  ==========================================================
z_h, z_abs_h   ``z``, ``z_abs``    pre-activations and |W_h| t_abs_(h-1) + |b_h|
t_abs_h        ``t_abs``           |sigma(z)| + |sigma'(z)| z_abs (running error, Higham 3.1)
D1, D2         ``d1``, ``d2``      magnitudes of sigma'(z), sigma''(z) as computed
J_abs, K_abs   twin derivatives    |terms| Jacobian / Hessian of yhat_i
=============  ==================  ==========================================================

J_abs and K_abs are the exact Jacobian and Hessian (torch.func) of a *twin* network at
|theta|: weights |W|, inputs |x|, and each activation replaced by the quadratic
t_abs + D1 (zeta - z_abs) + D2 (zeta - z_abs)^2 / 2 around the twin's own
pre-activation. Every factor of every chain-rule product is then its magnitude (|W|,
|x|, t_abs, D1, D2), so the twin's derivatives are the |terms| versions of the true ones.

Activation derivatives from autodiff formulas such as tanh' = 1 - y^2 lose relative
accuracy where the unit saturates (absolute error ~u while sigma' ~ 1e-7), so
D1 = 3|sigma'| + 2 + |sigma''| z_abs and D2 = 3|sigma''| + 2 + |sigma'''| z_abs: a
relative part, an absolute floor for such cancellations (activations with O(1)
coefficients), and the first-order effect of the error in z itself.
"""

from __future__ import annotations

import torch
from torch.func import hessian, jacrev, jvp, vmap

from ._rounding import C_SIGMA, RoundingModel

__all__ = ["squared_scale", "forward_ops", "problem_model"]


# Losses c ||Y - Yhat||_F^2 with c a power of two (scaling by c rounds nothing).
_SQUARED_SCALES = {"squared": 1.0, "half_squared": 0.5}


def squared_scale(loss_fn) -> float | None:
    """c when ``loss_fn`` is c ||Y - Yhat||_F^2 (the default of ``Problem``, or a loss named
    "squared" / "half_squared"), else None."""
    from .. import nets

    if loss_fn is nets._squared:
        return 1.0
    return _SQUARED_SCALES.get(getattr(loss_fn, "name", None))


def forward_ops(network) -> int:
    # Longest rounding chain to one output: a dot product of length d_(h-1) plus a bias
    # per layer (d_(h-1) + 1 roundings, Higham 3.1) and C_SIGMA per activation.
    return sum(d + 1 for d in network.widths[:-1]) + C_SIGMA * network.depth


def _derivatives(act, z):
    """sigma, sigma', sigma'', sigma''' of an elementwise activation (nested jvp, exact autodiff)."""
    ones = torch.ones_like(z)

    def d1(x):
        return jvp(act, (x,), (ones,))[1]

    def d2(x):
        return jvp(d1, (x,), (ones,))[1]

    s, s1 = jvp(act, (z,), (ones,))
    s2, s3 = jvp(d2, (z,), (ones,))
    return s, s1, s2, s3


def _scaled(derivative: torch.Tensor, z_abs: torch.Tensor) -> torch.Tensor:
    """|sigma^(k)(z)| z_abs, taken as 0 where z_abs = 0: then z is computed exactly (no rounding
    reaches sigma), even where sigma^(k) is infinite (|t|^p, p < 1, at 0), which would give nan.
    Elsewhere an infinite derivative gives an infinite (undecidable) bound, as it should."""
    return torch.where(z_abs == 0, torch.zeros_like(z_abs), derivative.abs() * z_abs)


def _magnitudes(net, X, theta, *, with_twin: bool):
    """Forward pass with running-error magnitudes; the twin's constants when asked."""
    layers = net.unflatten(theta)
    t, t_abs, consts = X, X.abs(), []
    for layer, act in zip(layers[:-1], net.activations):
        z = layer.weight @ t
        z_abs = layer.weight.abs() @ t_abs
        if layer.bias is not None:
            z = z + layer.bias[:, None]
            z_abs = z_abs + layer.bias.abs()[:, None]
        if with_twin:
            s, s1, s2, s3 = _derivatives(act, z)
            d1 = 3 * s1.abs() + 2 + _scaled(s2, z_abs)
            d2 = 3 * s2.abs() + 2 + _scaled(s3, z_abs)
        else:
            s, s1 = jvp(act, (z,), (torch.ones_like(z),))
        # |fl(sigma(z)) - sigma(z)| <= |sigma'(z)| |dz| + C_SIGMA u |sigma(z)|, |dz| <= gamma z_abs.
        t, t_abs = s, s.abs() + _scaled(s1, z_abs)
        if with_twin:
            consts.append((z_abs, t_abs, d1, d2))
    out = net.forward(theta, X)
    yhat_abs = layers[-1].weight.abs() @ t_abs
    if layers[-1].bias is not None:
        yhat_abs = yhat_abs + layers[-1].bias.abs()[:, None]
    return out, yhat_abs, consts


def problem_model(problem) -> RoundingModel:
    net, X, Y = problem.network, problem.X, problem.Y
    c = squared_scale(problem.loss_fn)
    n_out = Y.numel()
    k_fwd = forward_ops(net)
    # E: forward chain, residual (1), square (1), summation of N d_out terms.
    k_loss = k_fwd + n_out + 2
    # grad = 2 sum_i r_i J_i: the residual chain, a Jacobian chain (as long as a forward one), one product.
    k_grad = k_loss + k_fwd + 1
    # Hess = 2 sum_i (J_i^T J_i + r_i Hess yhat_i): two Jacobian chains, two products.
    k_hess = k_loss + 2 * k_fwd + 2

    def parts(theta, with_twin=False):
        out, yhat_abs, consts = _magnitudes(net, X, theta, with_twin=with_twin)
        r = Y - out
        w = r.abs() + Y.abs() + yhat_abs   # |r_i| + a_i, (d_out, N)
        return w, consts

    def loss_abs(theta):
        return c * (parts(theta)[0] ** 2).sum()

    def twin(theta_abs, x_abs, consts):
        layers = net.unflatten(theta_abs)
        t = x_abs
        for layer, (zeta0, t0, d1, d2) in zip(layers[:-1], consts):
            zeta = layer.weight @ t
            if layer.bias is not None:
                zeta = zeta + layer.bias
            dz = zeta - zeta0
            t = t0 + d1 * dz + d2 * dz**2 / 2
        out = layers[-1].weight @ t
        if layers[-1].bias is not None:
            out = out + layers[-1].bias
        return out

    def twin_derivatives(theta, order):
        w, consts = parts(theta, with_twin=True)
        per_sample = [tuple(c for c in layer) for layer in consts]
        dims = (None, 1, [tuple(1 for _ in layer) for layer in per_sample])
        J = vmap(jacrev(twin), in_dims=dims)(theta.abs(), X.abs(), per_sample)          # (N, d_out, P)
        K = vmap(hessian(twin), in_dims=dims)(theta.abs(), X.abs(), per_sample) if order == 2 else None
        return w.T, J.abs(), (K.abs() if K is not None else None)

    def grad_abs(theta):
        w, J, _ = twin_derivatives(theta, 1)
        return 2 * c * torch.einsum("no,nop->p", w, J)

    def hess_abs(theta):
        w, J, K = twin_derivatives(theta, 2)
        return 2 * c * (torch.einsum("nop,noq->pq", J, J) + torch.einsum("no,nopq->pq", w, K))

    desc = (
        f"running-error |terms| magnitudes of the squared loss (x{c:g}) for {net.describe()}, N={problem.n_samples}: "
        f"k_forward = sum(d_(h-1)+1) + {C_SIGMA} per activation = {k_fwd}, N d_out = {n_out} summands, "
        f"k_E = {k_loss}, k_g = k_E + k_forward + 1 = {k_grad}, k_H = k_E + 2 k_forward + 2 = {k_hess}; "
        "|terms| Jacobians/Hessians from an absolute-value twin network at |theta|; activations accurate to "
        f"{C_SIGMA} ulps, derivatives to 3|sigma^(k)| + 2 (absolute floor for 1 - tanh^2-type cancellation)"
    )
    return RoundingModel(f"running-error |terms| ({net.describe()})", desc, k_loss, k_grad, k_hess,
                         loss_abs, grad_abs, hess_abs)
