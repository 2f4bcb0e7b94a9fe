"""What a single point is: critical, a strict local minimum, a saddle, sub-optimal.

Second-order sufficient condition (Nocedal-Wright, Theorem 2.4): grad E(theta) = 0 and
Hess E(theta) positive definite imply a strict local minimum. In float64 both are
decided against derived rounding bounds (see ``_rounding`` and ``_local``); a Hessian
whose smallest eigenvalue is within the bound of zero is *inconclusive*, never a pass.

=================  ======================  =========================================
symbol             code                    meaning
=================  ======================  =========================================
E(theta)           ``obj.loss``            the objective
g, H               ``obj.gradient/hessian``  its exact-autodiff derivatives
lambda_min/max     ``lambda_min/max``      extreme eigenvalues of the computed H
eta_H              ``hessian_error``       Weyl + eigensolver bound on eigenvalue error
margin             ``margin``              lambda_min - eta_H (> 0 certifies H > 0)
=================  ======================  =========================================
"""

from __future__ import annotations

import math

import torch

from ..evidence import Certificate, Evidence
from ._local import gradient_verdict, spectrum
from ._rounding import rounding_model, theta_scale
from ._validate import check_obj, clean, point_of

__all__ = ["critical_point", "strict_local_minimum", "saddle", "suboptimal"]


def _gradient_evidence(gv) -> Evidence:
    # The Newton-Kantorovich route rests on a Lipschitz constant of the Hessian estimated by
    # finite differences along a few directions (an estimate, not a bound): sampled evidence.
    # A user-supplied tolerance is the caller's claim; the rounding route is fully derived.
    return Evidence.SAMPLED if gv.route == "kantorovich" else Evidence.SECOND_ORDER


def critical_point(obj, theta, *, tol: float | None = None) -> Certificate:
    """Is grad E(theta) = 0 within float64 rounding?

    Holds iff every gradient component is within its derived rounding bound, or, when the
    Hessian is certified nonsingular, Newton-Kantorovich puts a true critical point within
    sqrt(u) max(1, ||theta||) of theta. ``tol``: a user bound on ||grad||_2 instead.
    """
    check_obj(obj)
    theta = point_of(obj, theta)
    if tol is not None and not (tol >= 0 and math.isfinite(tol)):
        raise ValueError(f"tol: a gradient tolerance must be finite and >= 0, got {tol!r}")
    model = rounding_model(obj)
    gv = gradient_verdict(obj, theta, model, None, tol=tol)
    if not gv.ok and gv.route == "none":
        spec = spectrum(obj, theta, model)
        gv2 = gradient_verdict(obj, theta, model, spec, tol=None)
        if gv2.ok or "newton_step" in gv2.numbers:
            gv = gv2
    return Certificate(
        question="theta is a critical point (grad E = 0)",
        holds=gv.ok,
        evidence=_gradient_evidence(gv),
        explanation=gv.explanation,
        numbers=clean(gv.numbers),
        tolerance=gv.tolerance,
        tolerance_derivation=f"{gv.derivation}; model: {model.description}",
    )


def strict_local_minimum(obj, theta, *, grad_tol: float | None = None) -> Certificate:
    """Second-order sufficient condition: grad within tolerance AND lambda_min(H) > eta_H.

    Verdicts, in this order: "negative curvature" (lambda_min < -eta_H: not a local
    minimum); "not a critical point"; "inconclusive: degenerate Hessian" (|lambda_min| <=
    eta_H: the second-order test cannot decide, use ``local_minimum_probe``); holds. When the gradient is above rounding but the
    Newton-Kantorovich test puts a true critical point theta* within r* <= sqrt(u)
    max(1,||theta||), the Hessian must stay positive there: lambda_min - eta_H - L r* > 0.
    """
    check_obj(obj)
    theta = point_of(obj, theta)
    if grad_tol is not None and not (grad_tol >= 0 and math.isfinite(grad_tol)):
        raise ValueError(f"grad_tol: a gradient tolerance must be finite and >= 0, got {grad_tol!r}")
    model = rounding_model(obj)
    spec = spectrum(obj, theta, model)
    gv = gradient_verdict(obj, theta, model, spec, tol=grad_tol)
    lmin, lmax, eta = spec.lambda_min, spec.lambda_max, spec.error
    margin = lmin - eta
    numbers = dict(gv.numbers)
    numbers.update(lambda_min=lmin, lambda_max=lmax, condition=(lmax / lmin if lmin > eta else None),
                   hessian_error=eta, margin=margin)
    if gv.route == "kantorovich":
        # The Hessian at the true critical point differs from H(theta) by at most L r*.
        margin = margin - gv.lipschitz * gv.newton_radius
        numbers["margin_at_critical_point"] = margin
    # Order: definite refutations (negative curvature, gradient beyond rounding) before "inconclusive".
    if lmin < -eta:
        holds, expl = False, f"not a local minimum: certified negative curvature lambda_min = {lmin:.3g} < -{eta:.3g}"
    elif not gv.ok:
        holds, expl = False, f"not a critical point: {gv.explanation}"
    elif abs(lmin) <= eta:
        holds, expl = False, (f"inconclusive: degenerate Hessian (|lambda_min| = {abs(lmin):.3g} <= error bound "
                              f"{eta:.3g}); the second-order test cannot decide; {gv.explanation}")
    elif margin <= 0:
        holds, expl = False, ("inconclusive: the Hessian may lose positivity between theta and the nearby critical "
                              f"point (lambda_min - eta_H - L r* = {margin:.3g})")
    else:
        holds, expl = True, (f"gradient test passed ({gv.explanation}); lambda_min = {lmin:.3g} exceeds the Hessian "
                             f"error bound {eta:.3g}")
    return Certificate(
        question="theta is a strict local minimum (second-order sufficient condition)",
        holds=holds,
        evidence=_gradient_evidence(gv),
        explanation=expl,
        numbers=clean(numbers),
        tolerance=eta,
        tolerance_derivation=f"{spec.derivation}; gradient: {gv.derivation}; model: {model.description}",
    )


def _step_grid(theta: torch.Tensor) -> torch.Tensor:
    # Steps s 2^-j, j = 0, 2, ..., 52, both signs: from the scale of theta down to rounding level.
    mags = theta_scale(theta) * torch.pow(torch.tensor(2.0, dtype=torch.float64), -torch.arange(0, 53, 2, dtype=torch.float64))
    return torch.cat([mags, -mags])


def saddle(obj, theta, *, require_critical: bool = True) -> Certificate:
    """Witness that theta is a saddle: certified negative curvature lambda_min < -eta_H and a
    step t along its eigenvector v with E(theta) - E(theta + t v) > rounding margin; with
    ``require_critical`` also the gradient test of ``critical_point`` (else theta is only
    shown not to be a local minimum). Steps: a batch of 54 sizes in one ``loss_batch``;
    among certified steps whose drop matches the quadratic model -t g.v - t^2 lambda_min / 2
    to 50%, the largest drop with |t| <= 2^-10 max(1, ||theta||) (a local witness), else the
    best drop/margin; else the smallest certified step."""
    check_obj(obj)
    theta = point_of(obj, theta)
    model = rounding_model(obj)
    spec = spectrum(obj, theta, model)
    lmin, eta = spec.lambda_min, spec.error
    numbers = {"lambda_min": lmin, "hessian_error": eta}
    question = "theta is a saddle (critical, lower points along negative curvature)" if require_critical \
        else "theta is not a local minimum (descent along negative curvature)"
    derivation = (f"{spec.derivation}; loss drop margin gamma_kE (E_abs(theta) + E_abs(theta + t v)), "
                  f"{model.derivation('loss')}")
    if lmin >= -eta:
        return Certificate(question, False, Evidence.WITNESS,
                           f"no certified negative curvature: lambda_min = {lmin:.3g} >= -{eta:.3g}",
                           clean(numbers), eta, derivation)
    gv = None
    if require_critical:
        gv = gradient_verdict(obj, theta, model, spec, tol=None)
        numbers.update(gv.numbers)
        derivation += f"; gradient: {gv.derivation}"
    derivation += f"; model: {model.description}"
    v = spec.vectors[:, 0]
    steps = _step_grid(theta)
    pts = theta[None, :] + steps[:, None] * v[None, :]
    E0 = obj.loss(theta)
    drops = E0 - obj.loss_batch(pts)
    margins = model.loss_error(theta) + model.loss_error_batch(pts)
    gv_dot = float(obj.gradient(theta) @ v)
    predicted = -steps * gv_dot - steps**2 * lmin / 2
    certified = drops > margins
    agree = certified & ((drops - predicted).abs() <= 0.5 * predicted.abs())
    local = agree & (steps.abs() <= 2.0**-10 * theta_scale(theta))
    neg_inf = torch.tensor(-math.inf, dtype=drops.dtype)
    if bool(local.any()):
        # A local witness (|t| <= 2^-10 max(1, ||theta||), in the quadratic regime) with the largest drop.
        idx = int(torch.where(local, drops, neg_inf).argmax())
    elif bool(agree.any()):
        idx = int(torch.where(agree, drops / margins.clamp_min(1e-300), neg_inf).argmax())
    elif bool(certified.any()):
        idx = int(torch.where(certified, steps.abs(), torch.tensor(math.inf, dtype=steps.dtype)).argmin())
    else:
        idx = int((drops - margins).argmax())
    t, drop, margin = float(steps[idx]), float(drops[idx]), float(margins[idx])
    numbers.update(step=t, drop=drop, margin=margin, predicted_drop=float(predicted[idx]))
    if not bool(certified.any()):
        holds, expl = False, ("no step along the negative-curvature direction lowers E beyond rounding "
                              f"(best drop {drop:.3g} <= margin {margin:.3g})")
    elif gv is not None and gv.route == "kantorovich" and lmin + eta + gv.lipschitz * gv.newton_radius >= 0:
        holds, expl = False, "inconclusive: negative curvature may not persist at the nearby critical point"
    elif gv is not None and not gv.ok:
        holds, expl = False, f"lower point found (drop {drop:.3g} > margin {margin:.3g}) but theta is not critical: {gv.explanation}"
    else:
        holds, expl = True, (f"E(theta + t v) = E(theta) - {drop:.3g} at t = {t:.3g} along the eigenvector of lambda_min = "
                             f"{lmin:.3g}; drop exceeds the rounding margin {margin:.3g}"
                             + (f"; {gv.explanation}" if gv is not None else ""))
    return Certificate(question, holds, Evidence.WITNESS, expl, clean(numbers), margin, derivation)


def suboptimal(obj, theta, lower) -> Certificate:
    """Witness that theta is not a global minimum: E(lower) < E(theta) - margin, with
    margin = gamma_kE (E_abs(theta) + E_abs(lower)) bounding both evaluations' rounding."""
    check_obj(obj)
    theta = point_of(obj, theta)
    lower = point_of(obj, lower, name="lower")
    model = rounding_model(obj)
    pair = torch.stack([theta, lower])
    E = obj.loss_batch(pair)
    margin = float(model.loss_error_batch(pair).sum())
    drop = float(E[0] - E[1])
    holds = drop > margin
    expl = (f"E(lower) = {float(E[1]):.6g} is below E(theta) = {float(E[0]):.6g} by {drop:.3g} > margin {margin:.3g}"
            if holds else f"E(theta) - E(lower) = {drop:.3g} does not exceed the rounding margin {margin:.3g}")
    return Certificate(
        question="theta is sub-optimal (a point with lower loss exists)",
        holds=holds,
        evidence=Evidence.WITNESS,
        explanation=expl,
        numbers=clean({"loss": float(E[0]), "lower_loss": float(E[1]), "drop": drop, "margin": margin,
                       "distance": float(torch.linalg.vector_norm(lower - theta))}),
        tolerance=margin,
        tolerance_derivation=f"|fl(E) - E| <= {model.derivation('loss')}, at both points; model: {model.description}",
    )
