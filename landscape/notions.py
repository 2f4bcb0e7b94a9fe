"""Landscape notions of li2022benefit (Section 3.1) and li2018overparameterized (Section 2) as
checks returning certificates.

Li, Ding & Sun, "On the Benefit of Width for Neural Networks: Disappearance of Basins"
(2022), Definitions 1-4; Li, Ding & Sun, "Over-Parameterized Deep Neural Networks Have No
Strict Local Minima For Any Continuous Activations" (2018), Definitions 1-2 (the set-wise
minimum with its own quantifier: ``setwise_strict_minimum(..., wording="li2018")``, and its
non-strict version, ``strict=False``); the spurious valley of li2022benefit's remark after
Proposition 3 (Example C). Each function answers one question with a
:class:`landscape.evidence.Certificate`. A computer sees a function on finitely many
points only, so every notion here is ``sampled`` evidence: what the grid (or the
t-grid of a path) does not contain is not checked, and each docstring says what is.

=====================================  ========================  =====================================
paper                                  code                      meaning
=====================================  ========================  =====================================
f: R^m -> R (or S -> R)                ``obj`` / ``values``      an objective, or its values on a grid
g: [0, 1) -> R^m, g(0) = p0 (Def 1)    ``path``, ``p0``          a path, evaluated at ``ts``
t_k = 1 - 2^-k                         ``dyadic_grid(k)``        the t-grid accumulating at 1
inf_p f(p)                             ``infimum``               the global infimum (given by the caller)
p, delta, p_hat (Def 2)                ``p``, ``delta``, ``p_hat``  start, radius, perturbed start
X compact, eps (Def 3)                 ``member``, ``eps``       grid nodes of X, the ring radius
dist(y, X) <= eps vs ||x - y|| <= eps  ``wording``               li2022 Def 3 vs li2018 Def 1 quantifier
f(x) < f(y) vs f(x) <= f(y)            ``strict``                strict vs non-strict set-wise minimum
{f <= c}, its components (Def 4)       ``levels``, labels        sub-level sets on the grid
=====================================  ========================  =====================================

Rounding: a grid value carries an absolute error bound ``value_error`` (default
16 u |f| for a closed form of at most 16 roundings, as ``Objective``'s default ``ops``);
two values are ordered only when they differ by more than the sum of their bounds.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

import numpy as np
import torch
from scipy import ndimage

from ._tensors import as_tensor
from .certificates import dyadic_grid, path_certificate
from .certificates._rounding import U, gamma
from .certificates._validate import check_obj, clean, point_of
from .evidence import Certificate, Evidence

__all__ = [
    "decreasing_path",
    "property_pt_at",
    "grid_values",
    "setwise_strict_minimum",
    "interval_mask",
    "suboptimal_basins",
    "weakly_global_on_grid",
    "decreasing_paths_trapped",
    "FIG1_KNOTS",
    "FIG1_DOMAIN",
    "FIG1_PLATEAU",
    "fig1_function",
    "ex_a",
    "ex_a_magnitude",
    "ex_b",
]

# Default error bound of one grid value: a closed form of at most 16 roundings (Higham's gamma_16).
_DEFAULT_OPS = 16


def _value_errors(values: np.ndarray, value_error) -> tuple[np.ndarray, str]:
    if value_error is None:
        return gamma(_DEFAULT_OPS) * np.abs(values), "gamma_16 |f| per value (a closed form of <= 16 roundings)"
    err = np.broadcast_to(np.asarray(value_error, dtype=np.float64), values.shape)
    if not (np.all(np.isfinite(err)) and np.all(err >= 0)):
        raise ValueError("value_error: expected finite error bounds >= 0 of the grid values")
    return err, "caller-supplied value_error"


def _check_grid(values, spacing) -> tuple[np.ndarray, tuple[float, ...]]:
    v = np.asarray(values, dtype=np.float64)
    if v.ndim not in (1, 2) or min(v.shape) < 3:
        raise ValueError(f"values: expected a 1-D or 2-D grid with >= 3 nodes per axis, got shape {v.shape}")
    if not np.all(np.isfinite(v)):
        raise ValueError("values: grid values must be finite (f continuous on the window)")
    sp = tuple(float(s) for s in np.atleast_1d(np.asarray(spacing, dtype=np.float64)))
    if len(sp) == 1 and v.ndim == 2:
        sp = sp * 2
    if len(sp) != v.ndim or not all(s > 0 and math.isfinite(s) for s in sp):
        raise ValueError(f"spacing: expected {v.ndim} positive grid steps, got {spacing!r}")
    return v, sp


# --------------------------------------------------------------------------- Definition 1
def decreasing_path(obj, path: Callable[[torch.Tensor], torch.Tensor], *, infimum: float, p0=None,
                    k: int = 20, n_uniform: int = 16, strict: bool = True,
                    target_tol: float | None = None) -> Certificate:
    """Definition 1: is ``path`` a (strictly) decreasing path from p0 to the global infimum?

    Evaluates f(g(t)) on ``dyadic_grid(k, n_uniform)`` (uniform points plus t_j = 1 - 2^-j,
    j <= k) with ``path_certificate`` (one batched evaluation, derived rounding margins):
    (strictly) decreasing at every grid step, and g(0) = p0 when ``p0`` is given. The limit
    lim_{t->1} f(g(t)) = inf f cannot be computed; its sampled consequence is that the gap
    f(g(t_k)) - inf f has closed to ``target_tol``, by default 2^(-k/2) (f(g(0)) - inf f) plus
    the rounding of f(g(t_k)): a path whose values tend to a level above inf f keeps a fixed
    fraction of its gap and is rejected once k is large. Between grid points: not checked.
    """
    check_obj(obj)
    infimum = float(infimum)
    if not math.isfinite(infimum):
        raise ValueError(f"infimum: expected a finite global infimum, got {infimum}")
    ts = dyadic_grid(k, n_uniform)
    pts = as_tensor(path(ts), name="path")
    if pts.ndim != 2 or pts.shape != (ts.numel(), obj.n_params):
        raise ValueError(f"path: expected ({ts.numel()}, {obj.n_params}) points at the t-grid, got {tuple(pts.shape)}")
    problems, numbers = [], {}
    if p0 is not None:
        p0 = point_of(obj, p0, name="p0")
        start_gap = float(torch.linalg.vector_norm(pts[0] - p0))
        numbers["start_gap"] = start_gap
        # g(0) = p0 up to the rounding of the computed path point: u |p0| per coordinate.
        if start_gap > 2 * U * float(torch.linalg.vector_norm(p0)):
            problems.append(f"g(0) differs from p0 by {start_gap:.3g}")
    f0 = float(obj.loss(pts[0]))
    if target_tol is None:
        target_tol = 2.0 ** (-k / 2) * max(f0 - infimum, 0.0) + gamma(_DEFAULT_OPS) * (abs(infimum) + abs(f0))
        how = "2^(-k/2) (f(g(0)) - inf) + gamma_16 (|inf| + |f(g(0))|)"
    else:
        how = "caller-supplied target_tol"
    base = path_certificate(obj, pts, strict=strict, target=infimum, target_tol=float(target_tol))
    numbers.update(base.numbers)
    numbers.update(k=int(k), t_last=float(ts[-1]))
    if not base.holds:
        problems.append(base.explanation)
    holds = not problems
    word = "strictly decreasing" if strict else "decreasing"
    expl = (f"f(g(t)) {word} on {ts.numel()} t-grid points up to t_k = 1 - 2^-{k}, closing to within "
            f"{float(target_tol):.3g} of inf f = {infimum:.6g} (between grid points and the limit itself: not checked)"
            if holds else "; ".join(problems))
    return Certificate(
        question=f"{word} path to the global infimum (li2022benefit Def 1)",
        holds=holds, evidence=Evidence.SAMPLED, explanation=expl, numbers=clean(numbers),
        tolerance=float(target_tol),
        tolerance_derivation=f"limit gap: {how}; steps: {base.tolerance_derivation}",
    )


# --------------------------------------------------------------------------- Definition 2
def property_pt_at(obj, p, delta: float, p_hat, path: Callable[[torch.Tensor], torch.Tensor], *,
                   infimum: float, k: int = 20) -> Certificate:
    """Definition 2 at one point: p_hat lies in the open ball B(p, delta) and ``path`` is a
    strictly decreasing path from p_hat to inf f (checked by :func:`decreasing_path`).

    If f(p) equals inf f within rounding, p is a global minimum and Property PT asks
    nothing there (vacuous; said so). Sampled: one delta, one p_hat, one path on a grid.
    """
    check_obj(obj)
    p = point_of(obj, p, name="p")
    p_hat = point_of(obj, p_hat, name="p_hat")
    delta = float(delta)
    if not (delta > 0 and math.isfinite(delta)):
        raise ValueError(f"delta: the perturbation radius must be positive and finite, got {delta}")
    fp = float(obj.loss(p))
    dist = float(torch.linalg.vector_norm(p_hat - p))
    numbers = {"f_p": fp, "delta": delta, "distance": dist}
    if abs(fp - float(infimum)) <= gamma(_DEFAULT_OPS) * (abs(fp) + abs(float(infimum))):
        return Certificate("Property PT at p (li2022benefit Def 2)", True, Evidence.SAMPLED,
                           "p is a global minimum within rounding: Property PT asks nothing there (vacuous)",
                           clean(numbers), None, "f(p) = inf f within gamma_16 (|f(p)| + |inf f|)")
    if not dist < delta:
        return Certificate("Property PT at p (li2022benefit Def 2)", False, Evidence.SAMPLED,
                           f"p_hat is not in B(p, delta): |p_hat - p| = {dist:.3g} >= delta = {delta:.3g}",
                           clean(numbers), delta, "open ball, compared in float64")
    cert = decreasing_path(obj, path, infimum=infimum, p0=p_hat, k=k, strict=True)
    numbers.update(cert.numbers)
    expl = (f"|p_hat - p| = {dist:.3g} < delta = {delta:.3g}; " + cert.explanation)
    return Certificate("Property PT at p (li2022benefit Def 2)", cert.holds, Evidence.SAMPLED, expl,
                       clean(numbers), cert.tolerance, cert.tolerance_derivation)


# --------------------------------------------------------------------------- grids
def grid_values(f: Callable[..., np.ndarray], axes: Sequence[np.ndarray]) -> np.ndarray:
    """f on the tensor grid of ``axes`` (1 or 2 sorted, equally spaced arrays), one vectorized
    call ``f(*mesh)`` with ``indexing="ij"`` (values[i, j] = f(axes[0][i], axes[1][j]))."""
    axes = [np.asarray(a, dtype=np.float64) for a in axes]
    if len(axes) not in (1, 2):
        raise ValueError(f"axes: expected 1 or 2 grid axes (functions on R^1 or R^2), got {len(axes)}")
    mesh = np.meshgrid(*axes, indexing="ij")
    out = np.asarray(f(*mesh), dtype=np.float64)
    if out.shape != mesh[0].shape:
        raise ValueError(f"f: expected values of shape {mesh[0].shape} on the grid, got {out.shape}")
    return out


def interval_mask(axis: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Grid nodes of the compact interval [lo, hi]."""
    if not lo <= hi:
        raise ValueError(f"lo, hi: expected lo <= hi for the interval [lo, hi], got [{lo}, {hi}]")
    axis = np.asarray(axis, dtype=np.float64)
    return (axis >= lo) & (axis <= hi)


# --------------------------------------------------------------------------- Definition 3
WORDINGS = ("li2022", "li2018")


def _ball_footprint(eps: float, sp: tuple[float, ...]) -> np.ndarray:
    """Grid offsets within Euclidean distance eps (times 1 + 4u, as the ring) of the centre."""
    half = [int(math.floor(eps / s * (1 + 4 * U))) for s in sp]
    axes = [s * np.arange(-k, k + 1) for s, k in zip(sp, half)]
    mesh = np.meshgrid(*axes, indexing="ij")
    return np.sqrt(sum(m * m for m in mesh)) <= eps * (1 + 4 * U)


def _deciding_node(upper_x: np.ndarray, iy: int, eps: float, sp: tuple[float, ...], wording: str) -> int:
    """Flat index of the node x of X that the ring node iy is compared with: the largest
    rounding-adjusted f(x) over all of X (li2022) or over X within eps of y (li2018, the same
    (1 + 4u)-widened distance as ``_ball_footprint``)."""
    if wording == "li2022":
        return int(np.argmax(upper_x))
    cy = np.array(np.unravel_index(iy, upper_x.shape), dtype=np.float64)
    idx = np.flatnonzero(np.isfinite(upper_x))
    cx = np.array(np.unravel_index(idx, upper_x.shape), dtype=np.float64).T
    dist = np.sqrt((((cx - cy) * np.array(sp)) ** 2).sum(1))
    near = idx[dist <= eps * (1 + 4 * U)]
    return int(near[np.argmax(upper_x.flat[near])])


def setwise_strict_minimum(values, member, spacing, *, eps: float, value_error=None,
                           window_is_domain: bool = False, wording: str = "li2022",
                           strict: bool = True) -> Certificate:
    """Set-wise (strict) local minimum on a grid, in either paper's wording.

    ``wording="li2022"`` (li2022benefit Def 3): f(x) < f(y) for every node x in X and every
    node y outside X within Euclidean distance ``eps`` of X (every x against every such y).
    ``wording="li2018"`` (li2018overparameterized Def 1): f(x) < f(y) only for the pairs with
    ||x - y|| <= eps (an eps-ball around each x). li2022's condition implies li2018's; they
    differ when X is not a level set: a y next to the low end of X may lie below a far node
    of X. ``strict=False``: "<=" instead of "<" (li2018's "local minimum in the sense of sets").

    Checked: over the ring (nodes outside X within eps of X, ``scipy.ndimage``'s exact
    Euclidean distance transform), min over admissible pairs of f(y) - f(x) against both
    values' error bounds: strict needs f(y) - f(x) > e(x) + e(y) for every pair; non-strict
    is refuted only by a pair with f(x) - f(y) > e(x) + e(y). li2018's pairs come from one
    ``maximum_filter`` with a Euclidean ball footprint. Not checked: points between nodes,
    and whether the grid's X is the trace of a compact set. eps must be at least the largest
    grid step, else the ring may be empty. If X or the ring reaches the window's edge the
    answer is "undecided on this window" (not holds), unless ``window_is_domain``.
    """
    if wording not in WORDINGS:
        raise ValueError(f"wording: expected one of {WORDINGS} (whose definition of a set-wise minimum), got {wording!r}")
    v, sp = _check_grid(values, spacing)
    X = np.asarray(member, dtype=bool)
    if X.shape != v.shape:
        raise ValueError(f"member: expected a boolean mask of shape {v.shape}, got {X.shape}")
    if not X.any():
        raise ValueError("member: X is empty; the definition needs a nonempty compact set")
    eps = float(eps)
    if not (eps >= max(sp) and math.isfinite(eps)):
        raise ValueError(f"eps: must be finite and >= the largest grid step {max(sp):.3g}, got {eps}")
    err, how = _value_errors(v, value_error)
    dist = ndimage.distance_transform_edt(~X, sampling=sp)
    ring = (~X) & (dist <= eps * (1 + 4 * U))
    numbers: dict = {"n_set": int(X.sum()), "n_ring": int(ring.sum()), "eps": eps, "wording": wording,
                     "strict": bool(strict)}
    paper = "li2022benefit Def 3" if wording == "li2022" else "li2018overparameterized Def 1"
    q = f"X is a set-wise {'strict ' if strict else ''}local minimum ({paper}, grid)"
    if not window_is_domain:
        # Nodes of the window's edge see only part of their eps-neighbourhood.
        if bool(((X | ring) & window_edge(v.shape)).any()):
            return Certificate(q, False, Evidence.SAMPLED,
                               "undecided on this window: X or its eps-ring reaches the window's edge",
                               clean(numbers), None, how)
    if not ring.any():
        return Certificate(q, False, Evidence.SAMPLED, "X has no grid node outside it within eps (X fills the domain)",
                           clean(numbers), None, how)
    # Pessimistic side of each value: strict needs f(y) - e(y) > f(x) + e(x); non-strict fails only
    # when f(x) - e(x) > f(y) + e(y).
    s = 1.0 if strict else -1.0
    upper_x = np.where(X, v + s * err, -np.inf)
    if wording == "li2022":
        top = np.full(v.shape, upper_x.max())
    else:
        top = ndimage.maximum_filter(upper_x, footprint=_ball_footprint(eps, sp), mode="constant", cval=-np.inf)
    gaps = np.where(ring, (v - s * err) - top, np.inf)
    iy = int(np.argmin(gaps))
    gap = float(gaps.flat[iy])
    ix = _deciding_node(upper_x, iy, eps, sp, wording)
    # The deciding pair (x*, y*): the worst ring node and the node of X it is compared with.
    margin = float(err.flat[ix] + err.flat[iy])
    holds = gap > 0 if strict else gap >= 0
    bottom = float(v.flat[iy])
    numbers.update(min_on_ring=bottom, max_on_set=float(np.where(X, v, -np.inf).max()), gap=gap,
                   worst_ring_node=iy, compared_node=ix, compared_value=float(v.flat[ix]), margin=margin)
    rel = "<" if strict else "<="
    pairs = "every x in X" if wording == "li2022" else "every x in X within eps of y"
    expl = (f"f(x) {rel} f(y) beyond rounding for {pairs} and every one of the {int(ring.sum())} ring nodes y "
            f"(worst ring node f = {bottom:.6g}, rounding-adjusted gap {gap:.3g}; between nodes not checked)" if holds else
            f"not set-wise {'strict ' if strict else ''}({wording}): a ring node y with f(y) = {bottom:.6g} has a node x "
            f"of X ({pairs}) with f(x) {'>=' if strict else '>'} f(y) beyond rounding (rounding-adjusted gap {gap:.3g})")
    return Certificate(q, holds, Evidence.SAMPLED, expl, clean(numbers), margin,
                       f"{'f(y) - e(y) > f(x) + e(x)' if strict else 'f(y) + e(y) >= f(x) - e(x)'} for every "
                       f"admissible pair, e = {how}")


# --------------------------------------------------------------------------- knot profiles (exact truth)
def knot_profile(y: Sequence[int], per_unit: int = 32) -> tuple[np.ndarray, np.ndarray, float]:
    """PCHIP interpolant through (i, y_i), i = 0..K, on S = [0, K] at step h = 1/per_unit (knots
    are grid nodes): (t, f(t), h). PCHIP is monotone between knots and exactly flat between
    equal knots, so its set-wise minima are known exactly from y (``level_runs``)."""
    from scipy.interpolate import PchipInterpolator

    yk = np.asarray(y, dtype=np.float64)
    if yk.ndim != 1 or yk.size < 2 or not np.all(np.isfinite(yk)):
        raise ValueError(f"y: expected >= 2 finite knot values, got {y!r}")
    if isinstance(per_unit, bool) or not isinstance(per_unit, int) or per_unit < 1:
        raise ValueError(f"per_unit: expected an integer number of grid steps per knot >= 1, got {per_unit!r}")
    h = 1.0 / per_unit
    t = h * np.arange(per_unit * (yk.size - 1) + 1)
    return t, PchipInterpolator(np.arange(yk.size, dtype=np.float64), yk)(t), h


def level_runs(y: Sequence) -> list[tuple[int, int]]:
    """Maximal runs [i, j] of equal consecutive knot values (where PCHIP is flat)."""
    y = list(y)
    runs, i = [], 0
    while i < len(y):
        j = i
        while j + 1 < len(y) and y[j + 1] == y[i]:
            j += 1
        runs.append((i, j))
        i = j + 1
    return runs


def knot_profile_has_suboptimal_basin(y: Sequence) -> bool:
    """Exact: does ``knot_profile(y)`` on S = [0, K] have a sub-optimal basin? The set-wise strict
    local minima are the runs of equal knots whose neighbours inside S are strictly higher (not
    all of S); such a basin is sub-optimal iff its value exceeds min y."""
    y = list(y)
    for i, j in level_runs(y):
        left = i == 0 or y[i - 1] > y[i]
        right = j == len(y) - 1 or y[j + 1] > y[j]
        if left and right and not (i == 0 and j == len(y) - 1) and y[i] > min(y):
            return True
    return False


__all__ += ["knot_profile", "level_runs", "knot_profile_has_suboptimal_basin"]


# --------------------------------------------------------------------------- Definition 4
def _oscillation(v: np.ndarray) -> np.ndarray:
    """Largest |f(n) - f(n')| over the grid neighbours n' of each node n (diagonals included).

    Used as the amount f may dip between nodes: a Lipschitz estimate L h read off the grid,
    not a bound (f could oscillate faster than the grid resolves), hence sampled evidence."""
    size = (3,) * v.ndim
    return np.maximum(ndimage.maximum_filter(v, size=size, mode="nearest") - v,
                      v - ndimage.minimum_filter(v, size=size, mode="nearest"))


def _separated_levels(v: np.ndarray, err: np.ndarray, n_levels: int) -> np.ndarray:
    """Levels c halfway between consecutive distinct grid values whose gap exceeds twice the
    largest value error: then every node is on a decided side of c, beyond rounding."""
    u = np.unique(v)
    gaps = np.diff(u)
    ok = np.nonzero(gaps > 2 * float(err.max()))[0]
    if ok.size == 0:
        return np.empty(0)
    pick = ok[np.unique(np.linspace(0, ok.size - 1, min(n_levels, ok.size)).round().astype(int))]
    return (u[pick] + u[pick + 1]) / 2


def window_edge(shape: tuple[int, ...]) -> np.ndarray:
    """Boolean mask of the grid nodes on the window's boundary (first or last index on some axis)."""
    inner = np.zeros(shape, dtype=bool)
    inner[tuple(slice(1, -1) for _ in shape)] = True
    return ~inner


def level_components(v: np.ndarray, levels: np.ndarray) -> tuple[np.ndarray, int, np.ndarray, np.ndarray]:
    """Connected components of {f <= c} for every level c at once, with each one's minimum of f
    and largest neighbour difference (:func:`_oscillation`).

    One ``scipy.ndimage.label`` call on the (levels x grid) stack with a structure that links
    nodes within a level only (all 3^d - 1 neighbours); per-label reductions by unbuffered
    ``ufunc.at`` in one pass each (``ndimage.minimum``/``maximum`` sort the whole stack).
    Returns ``(labels, n, mins, slack)``: labels of shape (levels,) + v.shape, labels 1..n;
    ``mins``/``slack`` indexed by label (entry 0 unused).
    """
    stack = v[None, ...] <= levels.reshape((-1,) + (1,) * v.ndim)
    structure = np.zeros((3,) * (v.ndim + 1), dtype=bool)
    structure[1] = ndimage.generate_binary_structure(v.ndim, v.ndim)  # no links across levels
    labels, n = ndimage.label(stack, structure=structure)
    lab = labels.reshape(-1)
    inside = lab > 0
    mins = np.full(n + 1, np.inf)
    slack = np.full(n + 1, -np.inf)
    np.minimum.at(mins, lab[inside], np.broadcast_to(v, stack.shape).reshape(-1)[inside])
    np.maximum.at(slack, lab[inside], np.broadcast_to(_oscillation(v), stack.shape).reshape(-1)[inside])
    return labels, int(n), mins, slack


def suboptimal_basins(values, spacing, *, infimum: float | None = None, levels=None, n_levels: int = 256,
                      value_error=None, window_is_domain: bool = False) -> list[dict]:
    """Bounded connected components of {f <= c} on the grid whose minimum exceeds inf f.

    One ``scipy.ndimage.label`` call over all levels at once (a structure that connects
    nodes within a level only, diagonals included). A component is bounded when it does not
    touch the window's edge (``window_is_domain``: the window is all of S, every component
    counts). Such a component K is a set-wise strict local minimum on the grid: its
    neighbours are above c >= max_K f (levels are separated from every grid value beyond
    rounding). Returns one dict per witness: level, min, argmin, bounding box (index slices).
    """
    v, sp = _check_grid(values, spacing)
    err, _ = _value_errors(v, value_error)
    inf = float(v.min()) if infimum is None else float(infimum)
    cs = _separated_levels(v, err, n_levels) if levels is None else np.asarray(levels, dtype=np.float64).reshape(-1)
    if cs.size == 0:
        return []
    labels, n, mins, slack = level_components(v, cs)
    if n == 0:
        return []
    boxes = ndimage.find_objects(labels)
    out = []
    for i in range(n):  # one cheap test per component; witnesses are a handful
        box = boxes[i]
        touches = any(s.start == 0 or s.stop == v.shape[ax] for ax, s in enumerate(box[1:]))
        if touches and not window_is_domain:
            continue
        # Above inf f beyond rounding and beyond what f may dip between K's nodes (a valley
        # passing between nodes leaves isolated low nodes that are no basin).
        if mins[i + 1] - inf <= float(err.max()) + abs(inf) * gamma(_DEFAULT_OPS) + slack[i + 1]:
            continue
        mask = labels[box[0].start] == i + 1
        argmin = np.unravel_index(int(np.argmin(np.where(mask, v, np.inf))), v.shape)
        out.append({"level": float(cs[box[0].start]), "min": float(mins[i + 1]), "slack": float(slack[i + 1]),
                    "argmin": tuple(int(a) for a in argmin),
                    "box": tuple((s.start, s.stop) for s in box[1:]), "mask": mask})
    return out


def weakly_global_on_grid(values, spacing, *, infimum: float | None = None, levels=None, n_levels: int = 256,
                          value_error=None, window_is_domain: bool = False) -> Certificate:
    """Definition 4 detector: holds iff no bounded component of {f <= c} (c over the levels)
    has its minimum above inf f beyond rounding. A found component is a sub-optimal basin
    witness, re-checked with :func:`setwise_strict_minimum` (eps = largest grid step).

    ``infimum``: inf f over S if known, else the grid's minimum (then "global" means on the
    grid). Sampled: levels, nodes and the window are finite; components running off the
    window (possibly unbounded, like ex-B's tail) are not counted.
    """
    v, sp = _check_grid(values, spacing)
    found = suboptimal_basins(v, sp, infimum=infimum, levels=levels, n_levels=n_levels, value_error=value_error,
                              window_is_domain=window_is_domain)
    inf = float(v.min()) if infimum is None else float(infimum)
    n_lv = (_separated_levels(v, _value_errors(v, value_error)[0], n_levels).size if levels is None
            else int(np.asarray(levels).size))
    numbers: dict = {"infimum": inf, "n_levels": n_lv, "n_nodes": int(v.size), "n_witnesses": len(found)}
    q = "f is weakly global on the grid (li2022benefit Def 4)"
    deriv = ("component minimum above inf f iff min - inf > max value error + gamma_16 |inf| + the largest "
             "neighbour difference on the component (grid Lipschitz estimate of the dip between nodes)")
    if not found:
        return Certificate(q, True, Evidence.SAMPLED,
                           f"no bounded component of {{f <= c}} over {n_lv} levels has its minimum above inf f = "
                           f"{inf:.6g} (grid nodes and levels only; components leaving the window not counted)",
                           clean(numbers), None, deriv)
    w = found[0]
    basin = setwise_strict_minimum(v, w["mask"], sp, eps=max(sp), value_error=value_error,
                                   window_is_domain=window_is_domain)
    numbers.update(witness_level=w["level"], witness_min=w["min"], witness_box=str(w["box"]),
                   witness_setwise_strict=basin.holds)
    return Certificate(q, False, Evidence.SAMPLED,
                       f"sub-optimal basin: a bounded component of {{f <= {w['level']:.6g}}} with grid box {w['box']} "
                       f"has min f = {w['min']:.6g} > inf f = {inf:.6g}; Def 3 re-check: {basin.explanation}",
                       clean(numbers), None, deriv)


def decreasing_paths_trapped(values, spacing, start: tuple[int, ...], *, infimum: float,
                             value_error=None) -> Certificate:
    """Is every decreasing path from the grid node ``start`` trapped above inf f?

    A (non-strictly) decreasing path from p stays in {f <= f(p)}, inside the connected
    component of p; if that component is bounded (off the window's edge) and its minimum
    exceeds inf f beyond rounding, no decreasing path from p reaches the infimum, so
    Definition 1 fails from p. Sampled: the component is computed on the grid.
    """
    v, sp = _check_grid(values, spacing)
    start = tuple(int(i) for i in start)
    if len(start) != v.ndim or not all(0 <= i < n for i, n in zip(start, v.shape)):
        raise ValueError(f"start: expected a grid index in {v.shape}, got {start}")
    err, how = _value_errors(v, value_error)
    c = v[start] + err[start]  # a path may wander within rounding of f(p)
    labels, _ = ndimage.label(v <= c, structure=ndimage.generate_binary_structure(v.ndim, v.ndim))
    comp = labels == labels[start]
    sl = ndimage.find_objects(comp.astype(int))[0]
    touches = any(s.start == 0 or s.stop == v.shape[ax] for ax, s in enumerate(sl))
    cmin = float(v[comp].min())
    # Rounding plus how far f may dip between the component's nodes (grid Lipschitz estimate).
    margin = float(err.max()) + gamma(_DEFAULT_OPS) * abs(float(infimum)) + float(_oscillation(v)[comp].max())
    numbers = {"f_start": float(v[start]), "component_min": cmin, "infimum": float(infimum),
               "component_size": int(comp.sum()), "touches_edge": touches}
    holds = (not touches) and cmin - float(infimum) > margin
    expl = (f"the component of {{f <= f(p)}} containing p is bounded with min {cmin:.6g} > inf f = {float(infimum):.6g}: "
            "no decreasing path from p reaches the infimum (grid)" if holds else
            ("the component reaches the window's edge: undecided" if touches else
             f"the component reaches f = {cmin:.6g}, within {margin:.3g} of inf f"))
    return Certificate("every decreasing path from p is trapped above inf f (grid)", holds, Evidence.SAMPLED, expl,
                       clean(numbers), margin, f"component min above inf iff gap > max value error + gamma_16 |inf| + largest neighbour difference; {how}")


# --------------------------------------------------------------------------- the paper's toy functions
# Figure 1 prints no formulas: two 1-D functions built to its caption on S = [-6, 3], shape-preserving
# cubic Hermite (scipy PchipInterpolator) through knots, so the plateau is exactly flat and no
# interpolation overshoot creates extra extrema. (a): plateau f = 1 on [-3, -1], then down to the
# global minimum f(1.5) = 0 (no barrier). (b): the same plateau between barriers f(-4) = f(0) = 2.
FIG1_KNOTS = {
    "a": ((-6.0, -3.0, -1.0, 1.5, 3.0), (3.0, 1.0, 1.0, 0.0, 2.0)),
    "b": ((-6.0, -4.0, -3.0, -1.0, 0.0, 1.5, 3.0), (1.5, 2.0, 1.0, 1.0, 2.0, 0.0, 2.0)),
}
FIG1_DOMAIN = (-6.0, 3.0)
FIG1_PLATEAU = (-3.0, -1.0)


def fig1_function(panel: str) -> Callable[[np.ndarray], np.ndarray]:
    """The Figure 1 function of ``panel`` ("a": weakly global, "b": a sub-optimal basin)."""
    from scipy.interpolate import PchipInterpolator

    if panel not in FIG1_KNOTS:
        raise ValueError(f"panel: expected 'a' or 'b' (Figure 1's panels), got {panel!r}")
    t, f = FIG1_KNOTS[panel]
    return PchipInterpolator(np.array(t), np.array(f), extrapolate=False)


def ex_b(t: np.ndarray) -> np.ndarray:
    """li2022benefit's weakly global example f(t) = min(1 + e^t, (1 - t)^2) (Section 3.1)."""
    t = np.asarray(t, dtype=np.float64)
    return np.minimum(1.0 + np.exp(t), (1.0 - t) ** 2)


def ex_a(theta: torch.Tensor) -> torch.Tensor:
    """li2022benefit's f(u, v) = (1 - u v^2)^2 (Section 3.1), theta = (u, v)."""
    return (1.0 - theta[0] * theta[1] ** 2) ** 2


def ex_a_magnitude(theta: torch.Tensor) -> torch.Tensor:
    """|terms| twin of ex_a for rounding bounds: (1 + |u| v^2)^2."""
    return (1.0 + theta[0].abs() * theta[1] ** 2) ** 2


# --------------------------------------------------------------------------- spurious valleys (Section 3.1)
def spurious_valley(values, spacing, start: tuple[int, ...], *, infimum: float, value_error=None) -> Certificate:
    """Is the grid node ``start`` in a spurious valley: a connected component of a sub-level set
    {f <= f(p)} (within rounding of f(p)) on which f stays above the global infimum?

    Unlike a basin (Definition 3, compact) the component may be unbounded (li2022benefit
    Section 3.1, the Remark after Proposition 3): it may reach the window's edge, which is
    reported per axis (``edges``: axes whose both ends it reaches, candidates for unbounded
    directions), not treated as undecided. Sampled: the component and its minimum are computed
    on the window only; beyond the window it is not checked (callers grow the window, or
    know f there).
    """
    v, sp = _check_grid(values, spacing)
    start = tuple(int(i) for i in start)
    if len(start) != v.ndim or not all(0 <= i < n for i, n in zip(start, v.shape)):
        raise ValueError(f"start: expected a grid index in {v.shape}, got {start}")
    err, how = _value_errors(v, value_error)
    if not (math.isfinite(float(infimum)) and float(infimum) <= float(v.min()) + float(err.max())):
        raise ValueError(f"infimum: must be finite and <= the window's minimum {float(v.min()):.6g} (inf over S is at "
                         f"most the minimum over a window in S), got {infimum!r}")
    labels, _ = ndimage.label(v <= v[start] + err[start], structure=ndimage.generate_binary_structure(v.ndim, v.ndim))
    comp = labels == labels[start]
    sl = ndimage.find_objects(comp.astype(int))[0]
    both = [ax for ax, s in enumerate(sl) if s.start == 0 and s.stop == v.shape[ax]]
    cmin = float(v[comp].min())
    margin = float(err.max()) + gamma(_DEFAULT_OPS) * abs(float(infimum)) + float(_oscillation(v)[comp].max())
    holds = cmin - float(infimum) > margin
    numbers = {"f_start": float(v[start]), "component_min": cmin, "infimum": float(infimum),
               "component_size": int(comp.sum()), "edges": str(both),
               "touches_edge": any(s.start == 0 or s.stop == v.shape[ax] for ax, s in enumerate(sl))}
    expl = (f"the component of {{f <= f(p)}} containing p has min {cmin:.6g} > inf f = {float(infimum):.6g} beyond "
            f"{margin:.3g}" + (f"; it spans the window along axes {both}" if both else "")
            if holds else f"the component reaches f = {cmin:.6g}, within {margin:.3g} of inf f = {float(infimum):.6g}")
    return Certificate("p lies in a spurious valley (grid)", holds, Evidence.SAMPLED, expl, clean(numbers), margin,
                       f"component min above inf iff gap > max value error + gamma_16 |inf| + largest neighbour "
                       f"difference on the component; {how}")


__all__ += ["spurious_valley"]
