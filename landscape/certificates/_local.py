"""Shared first- and second-order facts at a point: the Hessian spectrum with its
error bound, and the gradient test (rounding or Newton-Kantorovich).

=================  ==========================  ========================================
symbol             code                        meaning
=================  ==========================  ========================================
H, lambda_i        ``Spectrum.values``         computed Hessian (symmetrized), eigenvalues
eta_H              ``Spectrum.error``          |lambda_i(fl(H)) - lambda_i(H)| bound
beta               ``beta``                    bound on ||H^{-1}||_2 of the exact Hessian
eta                ``eta``                     bound on ||H^{-1} g|| (Newton step)
L                  ``lipschitz``               Lipschitz constant of H near theta (estimate)
h = beta L eta     ``kantorovich_h``           Kantorovich's number, <= 1/2 required
r*                 ``newton_radius``           a true critical point lies within r*
=================  ==========================  ========================================
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import torch

from ._rounding import U, RoundingModel, gamma, theta_scale

__all__ = ["Spectrum", "GradientVerdict", "spectrum", "gradient_verdict"]


@dataclass(frozen=True)
class Spectrum:
    hessian: torch.Tensor
    values: torch.Tensor      # ascending
    vectors: torch.Tensor     # columns
    error: float              # eta_H = model part + eigensolver part
    model_error: float
    solver_error: float
    derivation: str

    @property
    def lambda_min(self) -> float:
        return float(self.values[0])

    @property
    def lambda_max(self) -> float:
        return float(self.values[-1])

    @property
    def sigma_min(self) -> float:
        return float(self.values.abs().min())


def spectrum(obj, theta: torch.Tensor, model: RoundingModel) -> Spectrum:
    H = obj.hessian(theta)
    # The exact Hessian is symmetric, so symmetrizing never moves fl(H) farther from it.
    H = (H + H.T) / 2
    values, vectors = torch.linalg.eigh(H)
    P = H.shape[0]
    model_error = model.hess_error(theta)
    # LAPACK syevd is backward stable: the computed eigenvalues are exact for H + E with
    # ||E||_2 <= p(P) u ||H||_2 (Demmel, Applied Numerical Linear Algebra, 5.5); p(P) = P.
    solver_error = gamma(P) * float(values.abs().max())
    derivation = (
        f"Weyl: |lambda_i(fl H) - lambda_i(H)| <= ||fl H - H||_2 <= {model.derivation('hess')}"
        f" = {model_error:.3g}; plus eigh backward error gamma_P ||H||_2 = {solver_error:.3g}"
    )
    return Spectrum(H, values, vectors, model_error + solver_error, model_error, solver_error, derivation)


@dataclass(frozen=True)
class GradientVerdict:
    ok: bool
    route: str                # "user" | "rounding" | "kantorovich" | "none"
    explanation: str
    tolerance: float
    derivation: str
    numbers: dict = field(default_factory=dict)
    newton_radius: float = 0.0
    lipschitz: float = 0.0


def _lipschitz_estimate(obj, theta, spec: Spectrum, directions: torch.Tensor) -> tuple[float, float]:
    """Estimate of sup ||D^3 E[d]||_2 over the unit directions given (rows), by central
    differences of the Hessian with step rho = u^(1/3) max(1, ||theta||) (balances the
    O(rho^2) truncation against the eta_H / rho rounding, which is added to the estimate)."""
    rho = U ** (1.0 / 3.0) * theta_scale(theta)
    plus = theta[None, :] + rho * directions
    minus = theta[None, :] - rho * directions
    # A handful of Hessians (<= 3 directions, not a hot path): the interface has no batched Hessian.
    diffs = [obj.hessian(p) - obj.hessian(m) for p, m in zip(plus, minus)]
    norms = [float(torch.linalg.matrix_norm((D + D.T) / 2, ord=2)) for D in diffs]
    return max(norms) / (2 * rho) + spec.error / rho, rho


def gradient_verdict(obj, theta, model: RoundingModel, spec: Spectrum | None, *, tol: float | None) -> GradientVerdict:
    g = obj.gradient(theta)
    gnorm = float(torch.linalg.vector_norm(g))
    dg = model.grad_error(theta)
    dg_norm = float(torch.linalg.vector_norm(dg))
    ratio = float((g.abs() / dg).nan_to_num(nan=0.0, posinf=math.inf).max()) if g.numel() else 0.0
    numbers = {"grad_norm": gnorm, "grad_bound": dg_norm}
    if tol is not None:
        ok = gnorm <= tol
        return GradientVerdict(ok, "user", f"||grad|| = {gnorm:.3g} {'<=' if ok else '>'} grad_tol {tol:.3g}",
                               float(tol), "user-supplied gradient tolerance", numbers)
    rounding_derivation = f"componentwise |grad_p| <= gamma G_abs_p, {model.derivation('grad')}"
    if bool((g.abs() <= dg).all()):
        return GradientVerdict(True, "rounding", "gradient is zero within its float64 rounding bound in every component",
                               dg_norm, rounding_derivation, numbers)
    numbers["grad_excess_ratio"] = ratio
    if spec is None or spec.sigma_min <= spec.error:
        why = "the Hessian may be singular, so no Newton-Kantorovich certificate" if spec is not None else ""
        expl = f"gradient exceeds its rounding bound (max |g_p| / bound_p = {ratio:.3g})" + (f"; {why}" if why else "")
        return GradientVerdict(False, "none", expl, dg_norm, rounding_derivation, numbers)
    # Kantorovich's theorem (Ortega & Rheinboldt 1970, section 12.6) for F = grad E, F' = H:
    # ||H(theta)^-1|| <= beta, ||H^-1 F(theta)|| <= eta, H L-Lipschitz near theta,
    # h = beta L eta <= 1/2  =>  a zero theta* of F with ||theta* - theta|| <= r* = 2 eta / (1 + sqrt(1 - 2h)).
    beta = 1.0 / (spec.sigma_min - spec.error)          # Weyl: sigma_min(H) >= sigma_min(fl H) - eta_H
    newton = spec.vectors @ ((spec.vectors.T @ g) / spec.values)
    s_norm = float(torch.linalg.vector_norm(newton))
    # H^-1 g - fl(H)^-1 fl(g) = H^-1 (g - fl g) + H^-1 (fl H - H) fl(H)^-1 fl(g), so with
    # ||fl H - H|| <= eta_H (which also covers the eigensolver's backward error):
    eta = s_norm * (1.0 + beta * spec.error) + beta * dg_norm
    dirs = [newton / max(s_norm, 1e-300), spec.vectors[:, 0]]
    i_small = int(spec.values.abs().argmin())
    if i_small != 0:
        dirs.append(spec.vectors[:, i_small])
    L, rho = _lipschitz_estimate(obj, theta, spec, torch.stack(dirs))
    h = beta * L * eta
    r_max = math.sqrt(U) * theta_scale(theta)
    numbers.update(newton_step=s_norm, kantorovich_h=h, lipschitz_estimate=L,
                   newton_radius_max=r_max)
    derivation = (
        "Newton-Kantorovich: beta = 1/(sigma_min - eta_H), "
        "eta = ||fl(H)^-1 fl(g)|| (1 + beta eta_H) + beta ||grad bound||, h = beta L eta <= 1/2, "
        f"r* = 2 eta/(1 + sqrt(1-2h)) <= sqrt(u) max(1,||theta||) = {r_max:.3g}; L estimated by central differences "
        f"of the Hessian (step {rho:.2g}) along the Newton and extreme-curvature directions (an estimate, not a bound); "
        f"{rounding_derivation}"
    )
    if h > 0.5:
        return GradientVerdict(False, "none", f"gradient exceeds its rounding bound and Kantorovich's h = {h:.3g} > 1/2",
                               dg_norm, derivation, numbers, lipschitz=L)
    r_star = 2 * eta / (1 + math.sqrt(1 - 2 * h))
    numbers["newton_radius"] = r_star
    if r_star > r_max:
        return GradientVerdict(False, "none", f"gradient exceeds its rounding bound; Newton-Kantorovich places a critical "
                               f"point only within {r_star:.3g} (> {r_max:.3g}), so theta itself is not certified critical",
                               dg_norm, derivation, numbers,
                               newton_radius=r_star, lipschitz=L)
    return GradientVerdict(True, "kantorovich", f"a true critical point lies within r* = {r_star:.3g} of theta "
                           f"(Newton-Kantorovich, h = {h:.3g}, L estimated)", dg_norm, derivation, numbers,
                           newton_radius=r_star, lipschitz=L)
