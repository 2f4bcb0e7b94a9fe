"""Loss values along paths: decreasing paths (li2022benefit Definition 1) and
constant-loss curves (li2022benefit Theorem 5).

Definition 1 (li2022benefit): a (strictly) decreasing path from p0 to the global
infimum is a continuous g: [0, 1) -> R^m with g(0) = p0, f(g(t)) -> inf f as t -> 1,
and f(g(t)) (strictly) decreasing. A computer sees f(g(t)) on a grid only, so the
evidence is ``sampled``: monotone on the grid, certified step by step against rounding.

=================  ====================  ==============================================
symbol             code                  meaning
=================  ====================  ==============================================
t in [0, 1)        ``ts``                path parameter; ``dyadic_grid(k)`` adds 1 - 2^-j
g(t)               ``path``              callable (T,) -> (T, P), or (T, P) points
f(g(t_i))          ``values``            losses on the grid
m_i                ``margins``           rounding bound of value i
inf f              ``target``            the value the path should approach
=================  ====================  ==============================================
"""

from __future__ import annotations

import math
from typing import Callable

import torch
from torch.func import grad, vmap

from .._tensors import DTYPE, as_tensor
from ..evidence import Certificate, Evidence
from ._rounding import U, rounding_model
from ._validate import check_obj, clean

__all__ = ["dyadic_grid", "path_decreasing", "path_certificate", "constant_along_path"]


def dyadic_grid(k: int, n_uniform: int = 16) -> torch.Tensor:
    """Sorted union of {i / n_uniform : 0 <= i < n_uniform} and {1 - 2^-j : 0 <= j <= k}, in [0, 1).

    The dyadic points accumulate at 1, where Definition 1's paths reach the infimum only
    in the limit."""
    if int(k) != k or k < 0:
        raise ValueError(f"k: expected an integer >= 0 (t_k = 1 - 2^-k), got {k!r}")
    if int(n_uniform) != n_uniform or n_uniform < 1:
        raise ValueError(f"n_uniform: expected a positive integer, got {n_uniform!r}")
    if k > 52:
        raise ValueError(f"k: 1 - 2^-k rounds to 1 in float64 for k > 52, got {k}")
    uniform = torch.arange(int(n_uniform), dtype=DTYPE) / int(n_uniform)
    dyadic = 1.0 - torch.pow(torch.tensor(2.0, dtype=DTYPE), -torch.arange(int(k) + 1, dtype=DTYPE))
    return torch.unique(torch.cat([uniform, dyadic]))  # sorted


def _margins_for(values: torch.Tensor, margins) -> tuple[torch.Tensor, str]:
    if margins is None:
        # Values given bare: the least they carry is their own rounding to float64.
        return U * values.abs(), "values given without error bounds: only their final rounding u|v_i| is assumed"
    m = as_tensor(margins, name="margins")
    if m.ndim == 0:
        m = m.expand_as(values)
    if m.shape != values.shape or bool((m < 0).any()):
        raise ValueError(f"margins: expected nonnegative bounds, one per value ({tuple(values.shape)}), got {tuple(m.shape)}")
    return m, "margins supplied per value"


def path_decreasing(values, *, strict: bool = True, target: float | None = None, target_tol: float | None = None,
                    margins=None, margin_derivation: str | None = None) -> Certificate:
    """Are ``values`` (losses along a path, in order) decreasing beyond rounding?

    strict: every step drops by more than m_i + m_{i+1}; a step whose drop is positive but
    within that margin cannot be certified strict, and the verdict says so (sample the
    path more coarsely or accept non-strict). Non-strict: no step rises by more than
    m_i + m_{i+1}. ``target``: additionally |v_last - target| <= target_tol (default
    m_last + u|target|, i.e. equal within rounding). ``margins``: error bounds of the
    values (default u|v_i|), described by ``margin_derivation``."""
    v = as_tensor(values, name="values").reshape(-1)
    if v.numel() < 2:
        raise ValueError(f"values: a path needs at least 2 values, got {v.numel()}")
    m, mdesc = _margins_for(v, margins)
    if margin_derivation is not None:
        mdesc = margin_derivation
    steps = v[:-1] - v[1:]                      # drops
    allow = m[:-1] + m[1:]
    numbers: dict = {"n_values": int(v.numel()), "first": float(v[0]), "last": float(v[-1]),
                     "min_drop": float(steps.min()), "max_rise": float((-steps).max())}
    problems = []
    if strict:
        bad = steps <= allow
        if bool(bad.any()):
            i = int(bad.nonzero()[0])
            kind = ("rises (a bump)" if steps[i] < -allow[i] else
                    "drop not above rounding: strict decrease cannot be certified at this resolution")
            problems.append(f"step {i}->{i + 1}: {kind} (drop {float(steps[i]):.3g}, margin {float(allow[i]):.3g})")
            numbers["first_bad_step"] = i
    else:
        bad = -steps > allow
        if bool(bad.any()):
            i = int(bad.nonzero()[0])
            problems.append(f"step {i}->{i + 1}: rises by {float(-steps[i]):.3g} > margin {float(allow[i]):.3g} (a bump)")
            numbers["first_bad_step"] = i
    tol = None
    if target is not None:
        target = float(target)
        if not math.isfinite(target):
            raise ValueError(f"target: expected a finite value, got {target}")
        tol = float(m[-1]) + U * abs(target) if target_tol is None else float(target_tol)
        if not (tol >= 0 and math.isfinite(tol)):
            raise ValueError(f"target_tol: expected a finite tolerance >= 0, got {target_tol!r}")
        gap = abs(float(v[-1]) - target)
        numbers.update(target=target, target_gap=gap, target_tol=tol)
        if gap > tol:
            problems.append(f"last value {float(v[-1]):.6g} misses target {target:.6g} by {gap:.3g} > {tol:.3g}")
    word = "strictly decreasing" if strict else "non-increasing"
    holds = not problems
    expl = (f"values {word} at every one of {v.numel()} grid points beyond rounding"
            + (f", ending within {tol:.3g} of the target" if target is not None else "")
            + " (between grid points not checked)") if holds else "; ".join(problems)
    tderiv = (f"step i certified iff drop > m_i + m_(i+1) ({mdesc})" if strict
              else f"step i accepted iff rise <= m_i + m_(i+1) ({mdesc})")
    if target is not None:
        tderiv += "; target: " + ("user-supplied target_tol" if target_tol is not None
                                  else "m_last + u|target| (equal within rounding)")
    return Certificate(
        question=f"loss {word} along the path" + (" to the target" if target is not None else ""),
        holds=holds,
        evidence=Evidence.SAMPLED,
        explanation=expl,
        numbers=clean(numbers),
        tolerance=float(allow.max()),
        tolerance_derivation=tderiv,
    )


def _points(obj, path, ts, default_ts=None) -> torch.Tensor:
    if callable(path):
        if ts is None:
            if default_ts is None:
                raise ValueError("ts: a callable path needs the times ts at which to evaluate it")
            ts = default_ts
        ts = as_tensor(ts, name="ts").reshape(-1)
        pts = path(ts)
    else:
        pts = path
    pts = as_tensor(pts, name="path")
    if pts.ndim != 2 or pts.shape[1] != obj.n_params or pts.shape[0] < 2:
        raise ValueError(f"path: expected (T, {obj.n_params}) points with T >= 2, got {tuple(pts.shape)}")
    return pts


def _batched_gradient(obj, pts: torch.Tensor) -> torch.Tensor:
    raw = getattr(obj, "_loss", None)
    if callable(raw):
        return vmap(grad(raw))(pts)
    # A foreign objective without a traceable loss: one gradient per point (not a hot path there).
    return torch.stack([obj.gradient(p) for p in pts])


def _point_margins(obj, pts: torch.Tensor, rel_point_error: float) -> tuple[torch.Tensor, str]:
    """m_i = gamma_kE E_abs(p_i) + rel |p_i| . |grad E(p_i)|.

    The first term bounds the evaluation of E at the stored point; the second, to first
    order, the change of E between the path's true point and the stored one, whose
    coordinates carry relative error ``rel`` (u for correctly rounded points)."""
    model = rounding_model(obj)
    m = model.loss_error_batch(pts) + rel_point_error * (pts.abs() * _batched_gradient(obj, pts).abs()).sum(dim=1)
    desc = (f"m_i = {model.derivation('loss')} at p_i, plus {rel_point_error:.3g} |p_i|.|grad E(p_i)| for the rounding "
            f"of the path's points; model: {model.description}")
    return m, desc


def _check_rel(rel_point_error) -> float:
    rel = float(rel_point_error)
    if not (rel >= 0 and math.isfinite(rel)):
        raise ValueError(f"point_error: expected a finite relative error >= 0 of the path's points, got {rel_point_error!r}")
    return rel


def path_certificate(obj, path: Callable[[torch.Tensor], torch.Tensor] | torch.Tensor, ts=None, *,
                     strict: bool = True, target: float | None = None, target_tol: float | None = None,
                     point_error: float = U) -> Certificate:
    """Evaluate E along ``path`` (a callable (T,) -> (T, P) evaluated at ``ts``, default
    ``dyadic_grid(20)`` on [0, 1) as in Definition 1, or (T, P) points) with one
    ``loss_batch`` call and apply ``path_decreasing`` with margins
    m_i = gamma_kE E_abs(p_i) + point_error |p_i|.|grad E(p_i)| (``point_error``: relative
    error of the computed path points, u when they are correctly rounded)."""
    check_obj(obj)
    rel = _check_rel(point_error)
    pts = _points(obj, path, ts, default_ts=dyadic_grid(20))
    values = obj.loss_batch(pts)
    margins, desc = _point_margins(obj, pts, rel)
    return path_decreasing(values, strict=strict, target=target, target_tol=target_tol, margins=margins,
                           margin_derivation=desc)


def constant_along_path(obj, path_points, ts=None, *, point_error: float = U) -> Certificate:
    """Is E constant along the path within rounding? Holds iff |E_i - E_0| <= m_i + m_0 for
    every point, m_i as in ``path_certificate`` (li2022benefit Theorem 5's curves of
    constant loss). ``path_points``: (T, P) points, or a callable evaluated at ``ts``.
    Sampled evidence."""
    check_obj(obj)
    rel = _check_rel(point_error)
    pts = _points(obj, path_points, ts)
    values = obj.loss_batch(pts)
    m, desc = _point_margins(obj, pts, rel)
    dev = (values - values[0]).abs()
    allow = m + m[0]
    i = int((dev - allow).argmax())
    holds = bool((dev <= allow).all())
    expl = (f"E stays within rounding of E_0 = {float(values[0]):.6g} at all {pts.shape[0]} points (between points not checked)"
            if holds else f"E changes by {float(dev[i]):.3g} > margin {float(allow[i]):.3g} at point {i}: not constant")
    return Certificate(
        question="loss constant along the path",
        holds=holds,
        evidence=Evidence.SAMPLED,
        explanation=expl,
        numbers=clean({"n_points": int(pts.shape[0]), "loss": float(values[0]), "max_deviation": float(dev.max()),
                       "margin_at_worst": float(allow[i]), "worst_index": i}),
        tolerance=float(allow.max()),
        tolerance_derivation=f"|E_i - E_0| <= m_i + m_0, {desc}",
    )
