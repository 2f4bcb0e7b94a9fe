"""Approximation and closure: compact convergence, composition, Proposition 3's chains, Example C.

Citations: Li, Ding & Sun, "On the Benefit of Width for Neural Networks: Disappearance of
Basins" (2022), Section 5.2 (Definition 6, Lemma 7, Proposition 3 and its Remark, the proof
of Theorem 2) and Appendix Lemma 8; Li, Ding & Sun, "Over-Parameterized Deep Neural
Networks Have No Strict Local Minima For Any Continuous Activations" (2018), Appendices A-C
(Lemma 1, Proposition 2, Lemma 2), which print the same arguments.

======================================  ==========================  =========================================
paper                                   code                        meaning
======================================  ==========================  =========================================
f_k, f (Def 6)                          ``family(k, pts)``, ``limit``  a sequence and its limit, on points
compact K subset of S                   ``boxes``                   sampled compact boxes [lo, hi] in R^d
sup_K |f_k - f|                         ``SupTable.sups[b, j]``     sampled sup on box b at k = ks[j]
K(eps) (Def 6 / uniform convergence)    ``converges``               first sampled k after which sup <= eps
f_k of Lemma 8 (84)                     ``lemma8_approximant``      monotone g_k -> g compactly, not uniformly
D, D' (Lemma 7 proof)                   ``composition_terms``       range of f, its closed 1-neighbourhood
(27a)                                   ``composition_terms``       |g_k(f_k) - g(f_k)| + |g(f_k) - g(f)|
S_M, V, dV (Prop 3 proof)               ``basin``, ``V``, ``ring``  basin of f, its eps-neighbourhood, boundary
alpha, beta, gamma (Prop 3 proof)       ``prop3_chain`` numbers     depth, barrier, min(alpha/2, beta)
z', Z (Prop 3 proof)                    ``prop3_chain``             argmin of f_k on V, its argmin set
f_k, f of Example C (Remark)            ``ex_c_fk``, ``ex_c_f``     the reviewer's compactly convergent family
E_k, E (Thm 2 proof (30))               ``loss_grid``               losses with sigma_{h,k}, sigma_h, on a grid
a compact window of parameter space     ``parameter_window``        grid axes scaled to the data (Thm 2 checks)
a barrier around a grid local minimum   ``box_barrier``             second stage of ``weakly_global_nd``
rate C (k+1)^(-1/2) (Hoelder-1/2)       ``rate_levels``             absolute eps levels for ``converges``
(17) of li2018, f_k^(n)(0)              ``sin_cos_derivative_certificate``  printed vs correct sign pattern
======================================  ==========================  =========================================

Evidence: everything evaluated on grids is ``sampled`` (a sup over finitely many nodes is
a lower estimate of the sup over the box; what lies between nodes is not checked).
Example C's sup over a box and its trap are closed forms in exact rationals (``exact``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Sequence

import numpy as np
import torch
from scipy import ndimage

from ._tensors import DTYPE
from .certificates._rounding import U, gamma
from .certificates._validate import clean
from .evidence import Certificate, Evidence
from .notions import _oscillation, _separated_levels, _value_errors, level_components, setwise_strict_minimum, window_edge

__all__ = [
    "SupTable",
    "box_points",
    "sup_table",
    "converges",
    "rate_levels",
    "box_barrier",
    "lemma8_approximant",
    "lemma8_sup_bound",
    "composition_terms",
    "basins_nd",
    "weakly_global_nd",
    "prop3_chain",
    "EX_C_VALLEY",
    "ex_c_f",
    "ex_c_fk",
    "ex_c_torch",
    "ex_c_sup_exact",
    "ex_c_sup_closed_form",
    "ex_c_escape_path",
    "ex_c_trap_certificate",
    "loss_grid",
    "parameter_window",
    "sin_cos_derivative_certificate",
]

# A closed form of at most 16 roundings per value (as notions' default): the rounding of one
# sampled |f_k - f| is gamma_16 (|f_k| + |f|) plus u |f_k - f| for the subtraction.
_OPS = 16


# --------------------------------------------------------------------------- sampled sups (Definition 6)
def box_points(lo: Sequence[float], hi: Sequence[float], n: int) -> np.ndarray:
    """The (n^d, d) nodes of the tensor grid with n equally spaced nodes per axis on [lo, hi]."""
    lo = np.atleast_1d(np.asarray(lo, dtype=np.float64))
    hi = np.atleast_1d(np.asarray(hi, dtype=np.float64))
    if lo.shape != hi.shape or lo.ndim != 1:
        raise ValueError(f"lo, hi: expected two corners of the same dimension, got {lo.shape} and {hi.shape}")
    if not (np.all(np.isfinite(lo)) and np.all(np.isfinite(hi)) and np.all(lo < hi)):
        raise ValueError(f"lo, hi: a compact box needs finite lo < hi on every axis, got {lo} and {hi}")
    if int(n) != n or n < 2:
        raise ValueError(f"n: need at least 2 nodes per axis (both ends of the box), got {n!r}")
    axes = [np.linspace(a, b, int(n)) for a, b in zip(lo, hi)]
    return np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, lo.size)


@dataclass(frozen=True)
class SupTable:
    """Sampled sup_K |f_k - f| for each box K (rows) and each k (columns), with rounding bounds."""

    ks: tuple[int, ...]
    boxes: tuple[tuple[tuple[float, ...], tuple[float, ...]], ...]
    sups: np.ndarray  # (B, K)
    errors: np.ndarray  # (B, K): rounding bound of the value attaining each sup


def sup_table(family: Callable[[int, np.ndarray], np.ndarray], limit: Callable[[np.ndarray], np.ndarray],
              ks: Sequence[int], boxes: Sequence[tuple[Sequence[float], Sequence[float]]], *, n: int = 65,
              extra_points: np.ndarray | None = None) -> SupTable:
    """sup over the grid nodes of each box (plus ``extra_points`` that lie in it) of |f_k - f|.

    ``family(k, pts)`` and ``limit(pts)`` take (P, d) points and return (P,) values or (P, n) rows
    (vector-valued maps: the deviation is ||f_k(x) - f(x)||_2); one vectorized call per box and k.
    Rounding of each sample: gamma_(16+n) || |f_k| + |f| ||_2 + u ||f_k - f||_2.
    """
    ks = tuple(int(k) for k in ks)
    if not ks or any(b <= a for a, b in zip(ks, ks[1:])):
        raise ValueError(f"ks: expected a non-empty strictly increasing sequence of indices, got {ks}")
    if not boxes:
        raise ValueError("boxes: need at least one compact box")
    sups = np.empty((len(boxes), len(ks)))
    errs = np.empty_like(sups)
    described = []
    for b, (lo, hi) in enumerate(boxes):
        pts = box_points(lo, hi, n)
        if extra_points is not None:
            extra = np.asarray(extra_points, dtype=np.float64).reshape(-1, pts.shape[1])
            inside = np.all((extra >= np.asarray(lo)) & (extra <= np.asarray(hi)), axis=1)
            pts = np.concatenate([pts, extra[inside]])
        f = np.asarray(limit(pts), dtype=np.float64)
        if f.ndim == 1:
            f = f[:, None]
        if f.ndim != 2 or f.shape[0] != pts.shape[0] or not np.all(np.isfinite(f)):
            raise ValueError(f"limit: expected {pts.shape[0]} finite values (or rows) on box {b}, got shape {f.shape}")
        for j, k in enumerate(ks):
            fk = np.asarray(family(k, pts), dtype=np.float64).reshape(f.shape[0], -1)
            if fk.shape != f.shape or not np.all(np.isfinite(fk)):
                raise ValueError(f"family: expected finite values of shape {f.shape} at k = {k} on box {b}")
            dev = np.linalg.norm(fk - f, axis=1)  # ||f_k(x) - f(x)||_2 for vector-valued maps (Lemma 7's f)
            i = int(np.argmax(dev))
            sups[b, j] = dev[i]
            # per coordinate gamma_16 (|f_k| + |f|) + u |diff|; the 2-norm adds gamma_n of its own
            errs[b, j] = (gamma(_OPS + f.shape[1]) * float(np.linalg.norm(np.abs(fk[i]) + np.abs(f[i])))
                          + U * dev[i])
        described.append((tuple(float(v) for v in np.atleast_1d(lo)), tuple(float(v) for v in np.atleast_1d(hi))))
    return SupTable(ks, tuple(described), sups, errs)


def converges(table: SupTable, eps_levels: Sequence[float], *, notion: str = "compact") -> Certificate:
    """Definition 6 on samples: for every box and every eps in ``eps_levels`` there is a sampled
    K(eps), not the last sampled k, with sup_box |f_k - f| + rounding <= eps for every sampled k >= K.

    ``notion``: "compact" (the boxes are compact subsets of S) or "uniform" (each box stands for
    the whole of S: pass one box reaching as far as the caller wants to probe, e.g. |x| <= 1e6).
    Sampled: finitely many k (the limit itself is not computed) and nodes. Fails when some
    sup stays above an eps up to the last sampled k (f_k = f + 1), or drops only at it.
    """
    if notion not in ("compact", "uniform"):
        raise ValueError(f"notion: expected 'compact' or 'uniform', got {notion!r}")
    eps = np.asarray(eps_levels, dtype=np.float64).reshape(-1)
    if eps.size == 0 or not np.all((eps > 0) & np.isfinite(eps)):
        raise ValueError(f"eps_levels: expected finite positive levels, got {eps_levels!r}")
    if len(table.ks) < 2:
        raise ValueError("table: need at least two sampled k to see a tail")
    upper = table.sups + table.errors  # certified-above value of each sampled sup
    K_of: dict[str, int] = {}
    failures = []
    for b in range(upper.shape[0]):
        # below[j, e]: sup_j <= eps_e for every j' >= j (suffix minimum of the indicator)
        ok = upper[b][:, None] <= eps[None, :]
        tail_ok = np.flip(np.logical_and.accumulate(np.flip(ok, axis=0), axis=0), axis=0)
        for e, level in enumerate(eps):
            idx = np.nonzero(tail_ok[:, e])[0]
            if idx.size == 0 or idx[0] == len(table.ks) - 1:
                failures.append((b, float(level), float(table.sups[b, -1])))
            else:
                K_of[f"K(eps={level:.3g}, box {b})"] = table.ks[int(idx[0])]
    holds = not failures
    q = ("f_k -> f compactly (li2022benefit Def 6, sampled boxes)" if notion == "compact"
         else "f_k -> f uniformly on the sampled set")
    numbers = {"n_boxes": int(upper.shape[0]), "ks": str(table.ks), "sup_first": float(table.sups[:, 0].max()),
               "sup_last": float(table.sups[:, -1].max())}
    numbers.update(K_of if len(K_of) <= 12 else {})
    if holds:
        expl = (f"for each of {upper.shape[0]} boxes and each eps in {eps.tolist()}, sup |f_k - f| <= eps from a sampled "
                f"K on (k up to {table.ks[-1]}; grid nodes only; the limit k -> oo is not computed)")
    else:
        b, level, last = failures[0]
        expl = (f"no K(eps = {level:.3g}) on box {table.boxes[b]}: sup |f_k - f| at the last k = {table.ks[-1]} is "
                f"{last:.6g} ({len(failures)} (box, eps) pairs fail)")
    return Certificate(q, holds, Evidence.SAMPLED, expl, clean(numbers), float(table.errors.max()),
                       "sup + gamma_16 (|f_k| + |f|) + u |f_k - f| at the attaining node must be <= eps")


def rate_levels(sup_first: float, k_first: int, ks_at: Sequence[int], *, exponent: float = 0.5,
                floor: float = 0.0) -> tuple[float, ...]:
    """Absolute eps levels from a convergence rate: eps(k) = 2 sup_first ((k_first + 1)/(k + 1))^exponent at
    each k of ``ks_at`` (at least ``floor``, e.g. twice the rounding). With exponent 1/2 this is the rate of a
    Hoelder-1/2 map of a 1/(k+1) perturbation (monomial |t|^(1/2) is the roughest catalog member); the
    factor 2 leaves room for the constant. A sup tending to c > 0 passes only if c <= the smallest level."""
    if not (math.isfinite(sup_first) and sup_first >= 0 and exponent > 0 and floor >= 0):
        raise ValueError(f"sup_first, exponent, floor: expected sup >= 0, exponent > 0, floor >= 0, got "
                         f"{sup_first}, {exponent}, {floor}")
    if int(k_first) != k_first or k_first < 0 or any(int(k) != k or k <= k_first for k in ks_at):
        raise ValueError(f"k_first, ks_at: expected integers k_first >= 0 < every k of ks_at, got {k_first}, {ks_at}")
    out = tuple(max(2 * sup_first * ((k_first + 1) / (k + 1)) ** exponent, floor) for k in ks_at)
    if not all(e > 0 for e in out):
        raise ValueError("sup_first, floor: both zero gives no positive level (pass the rounding as floor)")
    return out


# --------------------------------------------------------------------------- Lemma 8
def lemma8_approximant(f: Callable[[np.ndarray], np.ndarray], k: int, *,
                       monotone: str = "nonincreasing") -> Callable[[np.ndarray], np.ndarray]:
    """li2022benefit Lemma 8 (84): a strictly monotone, onto-R f_k with f_k -> f compactly.

    For non-increasing f (84) as printed: f_k = -x - k - 1 + f(-k-1) left of -k-1,
    f(x) - (x + k + 1)/(k+1)^2 on [-k-1, k+1], -x + k + 1 + f(k+1) - 2/(k+1) right of k+1.
    For non-decreasing f ("the same idea"): f_k = -(Lemma 8 of -f). Not uniform on R when f is
    bounded (the tails are linear): the example of compact-but-not-uniform convergence.
    """
    if monotone not in ("nonincreasing", "nondecreasing"):
        raise ValueError(f"monotone: Lemma 8 needs 'nonincreasing' or 'nondecreasing' f, got {monotone!r}")
    if int(k) != k or k < 0:
        raise ValueError(f"k: expected an integer >= 0, got {k!r}")
    k = int(k)
    if monotone == "nondecreasing":
        neg = lemma8_approximant(lambda x: -np.asarray(f(x), dtype=np.float64), k)
        return lambda x: -neg(x)
    a = float(k + 1)

    def fk(x):
        x = np.asarray(x, dtype=np.float64)
        left = -x - a + float(np.asarray(f(np.array([-a])))[0])
        right = -x + a + float(np.asarray(f(np.array([a])))[0]) - 2.0 / a
        xc = np.clip(x, -a, a)  # f evaluated inside [-k-1, k+1] only
        mid = np.asarray(f(xc), dtype=np.float64) - (x + a) / a**2
        return np.where(x < -a, left, np.where(x > a, right, mid))

    return fk


def lemma8_sup_bound(k: int, R: float) -> float:
    """(87): on [-R, R] with R <= k + 1, |f_k - f| = |x + k + 1|/(k+1)^2 <= (R + k + 1)/(k+1)^2 <= 2/(k+1);
    math.inf when R > k + 1 (the linear tails are then inside the box and depend on f)."""
    if int(k) != k or k < 0:
        raise ValueError(f"k: expected an integer >= 0 (Lemma 8's index), got {k!r}")
    R = float(R)
    if not (R >= 0 and math.isfinite(R)):
        raise ValueError(f"R: expected a finite half-width >= 0, got {R}")
    return (R + k + 1) / (k + 1) ** 2 if R <= k + 1 else math.inf


# --------------------------------------------------------------------------- Lemma 7
def composition_terms(g_k: Callable, g: Callable, f_k: Callable, f: Callable, pts: np.ndarray) -> dict:
    """The two terms of (27a) at every point x of ``pts`` (P, m), and ||f_k(x) - f(x)||_2.

    f, f_k map (P, m) -> (P, n); g, g_k map (P, n) -> (P,). Returns sups of
    |g_k(f_k) - g(f)|, |g_k(f_k) - g(f_k)| (the compact-convergence term, on D'),
    |g(f_k) - g(f)| (the uniform-continuity term) and of the distance (<= 1 puts f_k(x) in D'),
    with the largest violation of the triangle inequality (27a) over its rounding allowance.
    """
    pts = np.asarray(pts, dtype=np.float64)
    a, b = np.asarray(f_k(pts), dtype=np.float64), np.asarray(f(pts), dtype=np.float64)
    if a.ndim == 1:
        a, b = a[:, None], b[:, None]
    gka, ga, gb = (np.asarray(h, dtype=np.float64) for h in (g_k(a), g(a), g(b)))
    total, t1, t2 = np.abs(gka - gb), np.abs(gka - ga), np.abs(ga - gb)
    # each |.| carries gamma_16 of its two operands: the allowance of total <= t1 + t2
    allow = gamma(_OPS) * (2 * np.abs(gka) + 2 * np.abs(ga) + 2 * np.abs(gb))
    return {"sup_total": float(total.max()), "sup_term_gk": float(t1.max()), "sup_term_g": float(t2.max()),
            "sup_dist": float(np.linalg.norm(a - b, axis=1).max()),
            "triangle_excess": float((total - t1 - t2 - allow).max())}


# --------------------------------------------------------------------------- basins on n-D grids
def _check_nd(values, spacing) -> tuple[np.ndarray, tuple[float, ...]]:
    v = np.asarray(values, dtype=np.float64)
    if v.ndim < 1 or min(v.shape) < 3:
        raise ValueError(f"values: expected a grid with >= 3 nodes per axis, got shape {v.shape}")
    if not np.all(np.isfinite(v)):
        raise ValueError("values: grid values must be finite (f continuous on the window)")
    sp = tuple(float(s) for s in np.atleast_1d(np.asarray(spacing, dtype=np.float64)))
    if len(sp) == 1:
        sp = sp * v.ndim
    if len(sp) != v.ndim or not all(s > 0 and math.isfinite(s) for s in sp):
        raise ValueError(f"spacing: expected {v.ndim} positive grid steps, got {spacing!r}")
    return v, sp


def _local_minimum_levels(v: np.ndarray, err: np.ndarray, count: int) -> np.ndarray:
    """Levels above each of the ``count`` lowest grid local minima m (f(m) <= all 3^d - 1 neighbours):
    halfway from f(m) to the next grid value beyond twice the largest value error, and the ladder
    f(m) + 2^j o(m), j = 0..5, o(m) the neighbour difference at m. Quantile levels alone skip
    shallow basins in 3-D and 4-D grids, where most nodes sit high on the walls."""
    u = np.unique(v)
    mask = ndimage.minimum_filter(v, size=3, mode="nearest") == v
    lows, first = np.unique(v[mask], return_index=True)
    lows = lows[:count]
    osc = np.maximum(_oscillation(v)[mask][first[:count]], 2 * float(err.max()))
    nxt = np.searchsorted(u, lows + 2 * float(err.max()), side="right")
    keep = nxt < u.size
    ladder = (lows[:, None] + osc[:, None] * 2.0 ** np.arange(6)[None, :]).reshape(-1)
    return np.concatenate([(lows[keep] + u[nxt[keep]]) / 2, ladder])


def basins_nd(values, spacing, *, infimum: float | None = None, n_levels: int = 64, value_error=None) -> list[dict]:
    """:func:`landscape.notions.suboptimal_basins` on a grid of any dimension (parameter spaces of
    tiny networks have 2-4 axes): bounded components of {f <= c} whose minimum exceeds inf f
    beyond rounding plus the largest neighbour difference on the component. Same separated
    quantile levels plus one level just above each of the lowest grid local minima, same
    connectivity (all 3^d - 1 neighbours); a basin (the nested bounded components sharing one
    minimum node) is a witness when at some level its minimum exceeds inf f by more than
    rounding plus the largest neighbour difference on it (as notions), and at some level it
    is bounded above its minimum by more than that difference (depth guard against grid local
    minima on valley floors). Returns level, min, slack, argmin, box per basin.
    """
    v, _ = _check_nd(values, spacing)
    if int(n_levels) != n_levels or n_levels < 1:
        raise ValueError(f"n_levels: expected an integer >= 1 number of sub-level sets, got {n_levels!r}")
    err, _ = _value_errors(v, value_error)
    inf = float(v.min()) if infimum is None else float(infimum)
    if not math.isfinite(inf) or inf > float(v.min()) + float(err.max()):
        raise ValueError(f"infimum: must be finite and <= the window's minimum {float(v.min()):.6g} "
                         f"(inf over S is at most the minimum over a window in S), got {infimum!r}")
    cs = np.union1d(_separated_levels(v, err, n_levels), _local_minimum_levels(v, err, n_levels))
    if cs.size == 0:
        return []
    labels, n, mins, slack = level_components(v, cs)
    if n == 0:
        return []
    flat = labels.reshape(-1)
    vals = np.broadcast_to(v, labels.shape)
    mins, slack = mins[1:], slack[1:]
    boxes = ndimage.find_objects(labels)
    floor = float(err.max()) + abs(inf) * gamma(_OPS)
    out = []
    # Level of each label (labels never span levels) and whether it touches the window's edge, by scatter
    # over the nodes rather than a Python loop over labels.
    lev_idx = np.zeros(n + 1, dtype=np.int64)
    np.maximum.at(lev_idx, flat, np.repeat(np.arange(cs.size), v.size))
    level = cs[lev_idx[1:]]
    edge = window_edge(v.shape)
    touches = np.zeros(n + 1, dtype=bool)
    touches[np.unique(labels[:, edge])] = True
    bounded = ~touches[1:]
    cand = np.nonzero(bounded & (mins - inf > floor))[0]
    if cand.size == 0:
        return []
    # The node attaining each candidate's minimum identifies its basin across levels (nested components).
    where = np.zeros(n + 1, dtype=bool)
    where[cand + 1] = True
    hit = where[flat] & (vals.reshape(-1) == np.concatenate([[np.inf], mins])[flat])
    pos = np.full(n + 1, np.iinfo(np.int64).max)
    np.minimum.at(pos, flat[hit], np.nonzero(hit)[0] % v.size)
    pos = pos[1:]
    # Two guards per basin, each at some level where it is bounded: its minimum is above inf f by more
    # than f varies between neighbouring nodes on it (no dip to inf between nodes), and it stays bounded
    # up to a level above its minimum by more than that variation (a grid local minimum on the floor of
    # a valley passing between nodes is bounded only within that variation: no witness).
    dip_ok = mins - inf > floor + slack
    depth_ok = level - mins > slack + 2 * float(err.max())
    for p in np.unique(pos[cand]):
        members = cand[pos[cand] == p]
        if not (dip_ok[members].any() and depth_ok[members].any()):
            continue
        i = int(members[np.argmax(level[members])])  # the largest bounded component of this basin
        box = boxes[i]
        out.append({"level": float(level[i]), "min": float(mins[i]), "slack": float(slack[i]),
                    "argmin": tuple(int(a) for a in np.unravel_index(int(p), v.shape)),
                    "box": tuple((sl.start, sl.stop) for sl in box[1:])})
    return out


def box_barrier(values, value_error, *, infimum: float) -> dict | None:
    """A sub-optimal basin inside one box, read off a grid of the box (nodes on its faces included).

    With osc = the largest neighbour difference at each node (the grid's Lipschitz estimate of how
    far f may dip between nodes) and e the value errors: the lowest f may get on the box's
    boundary is b = min_boundary (f - osc - e); let m = min of f on the interior nodes and c =
    (m + b)/2. If b > m + e(argmin), the component of {f <= c} through the interior argmin
    cannot cross the boundary: bounded. It is a witness when, besides, f - osc - e on that
    component stays above inf f by more than gamma_16 |inf| (no dip to the infimum between
    nodes). Returns the witness (min, barrier, level, margin) or None. Sampled.
    """
    v = np.asarray(values, dtype=np.float64)
    err, _ = _value_errors(v, value_error)
    osc = _oscillation(v)
    boundary = np.ones(v.shape, dtype=bool)
    boundary[(slice(1, -1),) * v.ndim] = False
    low = v - osc - err
    b = float(low[boundary].min())
    inner = np.where(boundary, np.inf, v)
    i = int(np.argmin(inner))
    m = float(inner.flat[i])
    if not b > m + float(err.flat[i]):
        return None
    c = (m + b) / 2
    labels, _ = ndimage.label(v <= c, structure=ndimage.generate_binary_structure(v.ndim, v.ndim))
    comp = labels == labels.flat[i]
    dip = float(low[comp].min()) - float(infimum)
    if not dip > abs(float(infimum)) * gamma(_OPS):
        return None
    return {"min": m, "barrier": b, "level": c, "dip_margin": dip}


def _refine_local_minima(v, err, axes, refine, inf, floor, *, max_candidates, radii, fine_nodes) -> list[dict]:
    """Second stage of :func:`weakly_global_nd`: every grid local minimum above inf f (rounding only),
    the ``max_candidates`` lowest plateau components of them, re-gridded on boxes of +-r coarse
    steps (r in ``radii``) with ``fine_nodes`` per axis and tested by :func:`box_barrier`."""
    mask = (ndimage.minimum_filter(v, size=3, mode="nearest") == v) & (v - inf > floor)
    labels, n = ndimage.label(mask, structure=ndimage.generate_binary_structure(v.ndim, v.ndim))
    if n == 0:
        return []
    idx = np.arange(1, n + 1)
    lows = np.asarray(ndimage.minimum(v, labels, idx))
    order = idx[np.argsort(lows, kind="stable")][:max_candidates]
    out = []
    for node in ndimage.minimum_position(v, labels, order):
        node = tuple(int(a) for a in node)
        for r in radii:
            lo = [i - r for i in node]
            hi = [i + r for i in node]
            if min(lo) < 0 or any(h > n_ax - 1 for h, n_ax in zip(hi, v.shape)):
                break  # the box would leave the window: beyond it f is not sampled
            sub = [np.linspace(ax[a], ax[b], fine_nodes) for ax, a, b in zip(axes, lo, hi)]
            fv, fe = refine(sub)
            w = box_barrier(fv, fe, infimum=inf)
            if w is not None:
                w.update(argmin=tuple(int(a) for a in node), box=tuple((a, b + 1) for a, b in zip(lo, hi)),
                         slack=float(w["barrier"] - w["min"]), refined=f"+-{r} steps, {fine_nodes} nodes per axis")
                out.append(w)
                break
    return out


def weakly_global_nd(values, spacing, *, infimum: float | None = None, n_levels: int = 64,
                     value_error=None, axes: Sequence[np.ndarray] | None = None,
                     refine: Callable[[list[np.ndarray]], tuple[np.ndarray, np.ndarray]] | None = None,
                     max_candidates: int = 8, radii: Sequence[int] = (1, 2, 4), fine_nodes: int = 9) -> Certificate:
    """Definition 4 detector on a grid of any dimension (see :func:`basins_nd`): holds iff no bounded
    component of a sub-level set has its minimum above inf f (default: the window's minimum,
    which is >= inf over all of S, so a witness found is sub-optimal for the whole function).
    Sampled: nodes, levels and the window are finite; components leaving the window are not counted.
    """
    v, sp = _check_nd(values, spacing)
    if (axes is None) != (refine is None):
        raise ValueError("axes, refine: the second stage needs both the grid's axes and a refine callable")
    if axes is not None:
        if len(axes) != v.ndim or any(np.asarray(a).shape != (n,) for a, n in zip(axes, v.shape)):
            raise ValueError(f"axes: expected {v.ndim} axes of lengths {v.shape}")
        if not (int(fine_nodes) == fine_nodes and fine_nodes >= 3 and max_candidates >= 1 and radii
                and all(int(r) == r and r >= 1 for r in radii)):
            raise ValueError(f"fine_nodes, max_candidates, radii: need >= 3 nodes, >= 1 candidate, radii >= 1 step, "
                             f"got {fine_nodes}, {max_candidates}, {radii}")
    found = basins_nd(v, sp, infimum=infimum, n_levels=n_levels, value_error=value_error)
    inf = float(v.min()) if infimum is None else float(infimum)
    if not found and refine is not None:
        err, _ = _value_errors(v, value_error)
        found = _refine_local_minima(v, err, [np.asarray(a, dtype=np.float64) for a in axes], refine, inf,
                                     float(err.max()) + abs(inf) * gamma(_OPS), max_candidates=int(max_candidates),
                                     radii=tuple(int(r) for r in radii), fine_nodes=int(fine_nodes))
    numbers = {"infimum": inf, "n_nodes": int(v.size), "dims": int(v.ndim), "n_levels": int(n_levels),
               "n_witnesses": len(found), "refined": refine is not None}
    q = f"f is weakly global on the {v.ndim}-D grid (li2022benefit Def 4)"
    deriv = ("component minimum above inf f iff min - inf > max value error + gamma_16 |inf| + the largest "
             "neighbour difference on the component (grid Lipschitz estimate)")
    if not found:
        return Certificate(q, True, Evidence.SAMPLED,
                           f"no bounded component of {{f <= c}} over {n_levels} levels on {v.size} nodes has its minimum "
                           f"above inf f = {inf:.6g} (nodes and levels only; components leaving the window not counted)"
                           + (f"; no grid local minimum above inf f has a barrier on a re-gridded box (+-{tuple(radii)} "
                              f"steps, {fine_nodes} nodes per axis, the {max_candidates} lowest)" if refine else ""),
                           clean(numbers), None, deriv)
    w = found[0]
    numbers.update(witness_level=w["level"], witness_min=w["min"], witness_box=str(w["box"]),
                   witness_argmin=str(w["argmin"]))
    return Certificate(q, False, Evidence.SAMPLED,
                       f"sub-optimal basin: a bounded component of {{f <= {w['level']:.6g}}} (grid box {w['box']}) has "
                       f"min f = {w['min']:.6g} > inf f = {inf:.6g} beyond slack {w['slack']:.3g}"
                       + (f" (re-gridded box {w['refined']}: barrier {w['barrier']:.6g})" if "refined" in w else ""),
                       clean(numbers), None, deriv)


# --------------------------------------------------------------------------- Proposition 3's chains
def prop3_chain(f_values, fk_values, spacing, basin, *, eps: float, value_error=None) -> Certificate:
    """The proof of Proposition 3 (li2022benefit (28)-(29); li2018 Appendix B (26)-(29)) on a grid.

    ``basin``: mask of S_M, a sub-optimal set-wise strict local minimum of f (checked first:
    f < on its eps-ring, min above the grid's inf f). With V = the eps-neighbourhood of S_M,
    dV its outer layer (nodes within one step of V's boundary), alpha = min_{S_M} f - inf f,
    beta = min_{dV} f - min_{S_M} f,
    gamma = min(alpha/2, beta), K = the grid: if sup_K |f_k - f| <= gamma/3, then Z = argmin_V f_k
    lies in int V ((28): max_Z f_k < min_dV f_k) and is not global for f_k ((29): inf_K f_k <
    min_V f_k). Here Z is the argmin set of f_k (the printed "f(z) = f(z')" would be f's level
    set through z', see the proof erratum). Holds iff every hypothesis and link holds beyond
    rounding; the numbers carry each side of (28)-(29). Sampled (grid nodes).
    """
    f, sp = _check_nd(f_values, spacing)
    fk, _ = _check_nd(fk_values, spacing)
    S = np.asarray(basin, dtype=bool)
    if fk.shape != f.shape or S.shape != f.shape:
        raise ValueError(f"fk_values, basin: expected the shape {f.shape} of f_values, got {fk.shape}, {S.shape}")
    if not S.any():
        raise ValueError("basin: S_M is empty")
    if not (eps >= max(sp) and math.isfinite(eps)):
        raise ValueError(f"eps: must be finite and >= the largest grid step {max(sp):.3g}, got {eps}")
    err_f, _ = _value_errors(f, value_error)
    err_k, _ = _value_errors(fk, value_error)
    e = float(err_f.max() + err_k.max())
    dist = ndimage.distance_transform_edt(~S, sampling=sp)
    V = dist <= eps * (1 + 4 * U)
    inner = dist <= eps * (1 + 4 * U) - max(sp)
    dV = V & ~inner  # the nodes of V within one grid step of its boundary
    edge = window_edge(f.shape)
    inf_f, min_S = float(f.min()), float(f[S].min())
    alpha, beta = min_S - inf_f, float(f[dV].min()) - min_S  # inf_dV f = beta + inf_{S_M} f, as printed
    gam = min(alpha / 2, beta)
    sup_gap = float(np.abs(fk - f).max())
    min_V_fk = float(fk[V].min())
    Z = V & (fk <= min_V_fk + float(err_k.max()))
    numbers = {"alpha": alpha, "beta": beta, "gamma": gam, "sup_K_gap": sup_gap, "gamma_over_3": gam / 3,
               "max_Z_fk": float(fk[Z].max()), "min_dV_fk": float(fk[dV].min()), "inf_K_fk": float(fk.min()),
               "min_V_fk": min_V_fk, "n_Z": int(Z.sum()), "rounding": e}
    problems = []
    if (V & edge).any():
        problems.append("V reaches the window's edge (K must contain V)")
    # S_M must be a set-wise strict local minimum of f (f < on its eps-ring, li2022benefit Def 3) ...
    strict = setwise_strict_minimum(f, S, sp, eps=eps, value_error=err_f)
    numbers["setwise_strict"] = bool(strict.holds)
    if not strict.holds:
        problems.append(f"S_M is not a set-wise strict local minimum of f: {strict.explanation}")
    # ... and sub-optimal, with a barrier on dV
    if not (alpha > 2 * e and beta > 2 * e):
        problems.append(f"S_M is not a sub-optimal basin of f beyond rounding (alpha = {alpha:.3g}, beta = {beta:.3g})")
    if not sup_gap <= gam / 3 - e:
        problems.append(f"hypothesis of the chain fails: sup_K |f_k - f| = {sup_gap:.3g} > gamma/3 = {gam / 3:.3g}")
    # The links are evaluated on their own (not only under the hypothesis, where the proof implies them),
    # so that a checker bug or an f_k far from f shows in them.
    if not numbers["max_Z_fk"] < numbers["min_dV_fk"] - e:
        problems.append("(28) fails: Z reaches dV")
    if not numbers["inf_K_fk"] < min_V_fk - e:
        problems.append("(29) fails: Z is global for f_k")
    holds = not problems
    expl = (f"alpha = {alpha:.4g}, beta = {beta:.4g}, gamma = {gam:.4g}; sup_K |f_k - f| = {sup_gap:.3g} <= gamma/3; "
            f"(28) max_Z f_k = {numbers['max_Z_fk']:.6g} < min_dV f_k = {numbers['min_dV_fk']:.6g}; (29) inf_K f_k = "
            f"{numbers['inf_K_fk']:.6g} < min_V f_k = {min_V_fk:.6g}: Z is a sub-optimal basin of f_k (grid)"
            if holds else "; ".join(problems))
    return Certificate("Proposition 3's chain (28)-(29): f_k near f inherits a sub-optimal basin", holds,
                       Evidence.SAMPLED, expl, clean(numbers), e,
                       "each strict inequality beyond the sum of the grids' largest value errors")


# --------------------------------------------------------------------------- Example C (Remark after Prop 3)
EX_C_VALLEY = Fraction(3, 2)  # the spurious valley {x1 = 1.5}


def _bump(x1):
    return np.maximum(0.0, 1.0 - 2.0 * np.abs(x1 - 1.0))


def ex_c_f(x1, x2):
    """f(x1, x2) = |x1| + max{0, 1 - 2|x1 - 1|} (independent of x2)."""
    x1 = np.asarray(x1, dtype=np.float64)
    return np.abs(x1) + _bump(x1) + 0.0 * np.asarray(x2, dtype=np.float64)


def ex_c_fk(x1, x2, k: int):
    """f_k(x1, x2) = |x1| + max{0, 1 - 2|x1 - 1|} max{0, min{1, k - |x2|}}."""
    x1, x2 = np.asarray(x1, dtype=np.float64), np.asarray(x2, dtype=np.float64)
    return np.abs(x1) + _bump(x1) * np.clip(k - np.abs(x2), 0.0, 1.0)


def ex_c_torch(k: int | None) -> Callable[[torch.Tensor], torch.Tensor]:
    """f_k (or f for k = None) on theta = (x1, x2), torch-traceable for certificates."""
    def fn(theta):
        x1, x2 = theta[0], theta[1]
        bump = torch.clamp(1.0 - 2.0 * (x1 - 1.0).abs(), min=0.0)
        mult = 1.0 if k is None else torch.clamp(k - x2.abs(), 0.0, 1.0)
        return x1.abs() + bump * mult
    return fn


def _bump_exact(x1: Fraction) -> Fraction:
    return max(Fraction(0), 1 - 2 * abs(x1 - 1))


def _pl_max(fn, lo: Fraction, hi: Fraction, breaks) -> Fraction:
    """Exact max of a continuous piecewise-linear fn over [lo, hi]: attained at an end or a breakpoint."""
    return max(fn(t) for t in [lo, hi, *(b for b in breaks if lo < b < hi)])


def ex_c_sup_exact(k: int, x1_lo, x1_hi, half_width) -> Fraction:
    """Exact sup of |f_k - f| over [x1_lo, x1_hi] x [-R, R] (R = half_width), in rationals.

    f - f_k = bump(x1) (1 - m(x2)) >= 0 with m(x2) = max{0, min{1, k - |x2|}}: a product of two
    non-negative continuous piecewise-linear functions of separate variables, so the sup is the
    product of their maxima, each attained at an end or a breakpoint (bump: 1/2, 1, 3/2; 1 - m
    in |x2| in [0, R]: k - 1, k). Compare :func:`ex_c_sup_closed_form`.
    """
    lo, hi, R = Fraction(x1_lo), Fraction(x1_hi), Fraction(half_width)
    if not (lo <= hi and R >= 0):
        raise ValueError(f"x1_lo, x1_hi, half_width: need x1_lo <= x1_hi and R >= 0, got {lo}, {hi}, {R}")
    if int(k) != k or k < 1:
        raise ValueError(f"k: expected an integer >= 1 (Example C's index), got {k!r}")
    k = int(k)
    bump = _pl_max(_bump_exact, lo, hi, (Fraction(1, 2), Fraction(1), Fraction(3, 2)))
    gap = _pl_max(lambda a: 1 - max(Fraction(0), min(Fraction(1), k - a)), Fraction(0), R, (Fraction(k - 1), Fraction(k)))
    return bump * gap


def ex_c_sup_closed_form(k: int, x1_lo, x1_hi, half_width) -> Fraction:
    """The closed form bump(clamp_[lo, hi](1)) (1 - m(R)): bump is unimodal with its peak at x1 = 1 and
    1 - m non-decreasing in |x2|; 0 iff k >= R + 1 or the bump vanishes on [lo, hi]."""
    lo, hi, R = Fraction(x1_lo), Fraction(x1_hi), Fraction(half_width)
    peak = min(max(Fraction(1), lo), hi)
    return _bump_exact(peak) * (1 - max(Fraction(0), min(Fraction(1), int(k) - R)))


def ex_c_escape_path(p_hat: Sequence[float], k: int) -> Callable[[torch.Tensor], torch.Tensor]:
    """A strictly decreasing path of f_k from p_hat = (x1, x2), x1 > 1.5, to inf f_k = 0.

    t in [0, 1/2]: x1 -> (x1 + 1.5)/2 (still > 1.5, where the bump is 0 and f_k = x1) while
    x2 -> s k, s = sign(x2) (or +1), where the multiplier max{0, min{1, k - |x2|}} is 0;
    t in [1/2, 1): x2 = s k, x1 -> 0 linearly, f_k = |x1|. Strictly decreasing in t on both pieces.
    """
    x1, x2 = float(p_hat[0]), float(p_hat[1])
    if not x1 > 1.5:
        raise ValueError(f"p_hat: this path starts right of the valley (x1 > 1.5), got x1 = {x1}")
    s = -1.0 if x2 < 0 else 1.0
    mid = (x1 + 1.5) / 2

    def path(ts: torch.Tensor) -> torch.Tensor:
        ts = ts.to(DTYPE)
        a = torch.clamp(2 * ts, max=1.0)  # progress on the first piece
        b = torch.clamp(2 * ts - 1, min=0.0)  # progress on the second piece
        p1 = torch.where(ts <= 0.5, x1 + (mid - x1) * a, mid * (1 - b))
        p2 = x2 + (s * k - x2) * a
        return torch.stack([p1, p2], dim=1)

    return path


def _ex_c_f_exact(x1: Fraction) -> Fraction:
    return abs(x1) + _bump_exact(x1)


def ex_c_trap_certificate(x1_hat) -> Certificate:
    """Exact (rationals): from p_hat = (x1_hat, .) no path of f along which f < f(p_hat) reaches inf f = 0.

    f depends on x1 only and f > 0 off x1 = 0, so inf f = 0 is approached only as x1 -> 0: every such
    path passes every x1 between x1_hat and 0 (intermediate value theorem). Trapped iff f exceeds
    f(p_hat) somewhere on that segment: the max of the piecewise-linear f over it (ends and the
    breakpoints 0, 1/2, 1, 3/2) is compared with f(p_hat). Not trapped at x1_hat = 1/4 (f increases
    with |x1| there), 1 (the barrier's top) or 5/2 (above the barrier f(1) = 2).
    """
    x = Fraction(x1_hat)
    f_hat = _ex_c_f_exact(x)
    lo, hi = min(x, Fraction(0)), max(x, Fraction(0))
    breaks = (Fraction(0), Fraction(1, 2), Fraction(1), Fraction(3, 2))
    candidates = [lo, hi, *(b for b in breaks if lo < b < hi)]
    barrier_at = max(candidates, key=_ex_c_f_exact)
    barrier = _ex_c_f_exact(barrier_at)
    holds = barrier > f_hat
    return Certificate(
        "no decreasing path of f from p_hat to inf f (Example C, exact)", holds, Evidence.EXACT,
        (f"f(p_hat) = {f_hat} < f({barrier_at}, .) = {barrier}: every path to x1 -> 0 crosses x1 = {barrier_at}"
         if holds else f"x1 = {x}: f(p_hat) = {f_hat} >= max f = {barrier} between x1_hat and 0 (no barrier)"),
        {"x1_hat": str(x), "f_hat": str(f_hat), "barrier": str(barrier), "barrier_at": str(barrier_at)},
    )


# --------------------------------------------------------------------------- losses on parameter grids
def loss_grid(problem, axes: Sequence[np.ndarray], *, chunk_size: int | None = 8192) -> tuple[np.ndarray, np.ndarray]:
    """E on the tensor grid of ``axes`` (one axis per parameter, in ``Network.flatten`` order)
    and a rounding bound per node.

    One batched ``loss_batch`` call. Bound: gamma_c (sum_n (|y_n| + |W_{H+1}| |T_H|_n)^2), the
    |terms| form of the squared loss at the last layer with c = 16 + 2 (sum of widths): the
    loss's own roundings plus one dot product per layer; the hidden outputs' own rounding
    is not propagated (sampled evidence: the detector's grid slack dwarfs it).
    """
    axes = [np.asarray(a, dtype=np.float64) for a in axes]
    net = problem.network
    if len(axes) != net.n_params:
        raise ValueError(f"axes: expected one axis per parameter ({net.n_params}), got {len(axes)}")
    if not all(a.ndim == 1 and a.size >= 1 and np.all(np.isfinite(a)) for a in axes):
        raise ValueError("axes: expected non-empty 1-D arrays of finite parameter values")
    mesh = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, len(axes))
    thetas = torch.as_tensor(mesh, dtype=DTYPE)
    values = problem.loss_batch(thetas, chunk_size=chunk_size).numpy().reshape([a.size for a in axes])

    def magnitude(theta):
        T = net.hidden(theta, problem.X)[-1]
        Wout = net.unflatten(theta)[-1].weight
        return ((problem.Y.abs() + Wout.abs() @ T.abs()) ** 2).sum()

    mag = torch.func.vmap(magnitude, chunk_size=chunk_size)(thetas).numpy().reshape(values.shape)
    c = _OPS + 2 * sum(net.widths)
    return values, gamma(c) * mag


def parameter_window(network, X: torch.Tensor, Y: torch.Tensor, nodes: int) -> list[np.ndarray]:
    """Grid axes for a tiny network's parameters, in ``Network.flatten`` order (no biases).

    First-layer weights |w| <= 3 / max|x| (pre-activations within [-3, 3] per input
    coordinate), hidden-to-hidden weights |w| <= 3, output weights |v| <= 2 (1 + max|y|); odd
    ``nodes`` puts 0 on every axis (the degenerate points W = 0, v = 0 are nodes). Any window
    is a valid sample: a bounded sub-optimal component found inside it is one of E on all of
    the parameter space, because the window's minimum is >= inf E.
    """
    if network.bias:
        raise ValueError("network: parameter_window covers bias-free networks (li2022benefit's (1))")
    if int(nodes) != nodes or nodes < 3 or nodes % 2 == 0:
        raise ValueError(f"nodes: expected an odd integer >= 3 (so that 0 is a node), got {nodes!r}")
    # All-zero inputs are admissible for N = 1 under li2018's A1 (then W_1 does not matter): scale 1.
    xs = float(torch.as_tensor(X).abs().max()) or 1.0
    ys = float(torch.as_tensor(Y).abs().max())
    shapes = [(int(network.widths[i + 1]), int(network.widths[i])) for i in range(len(network.widths) - 1)]
    axes = []
    for i, (rows, cols) in enumerate(shapes):
        R = 3.0 / xs if i == 0 else (2.0 * (1.0 + ys) if i == len(shapes) - 1 else 3.0)
        axes += [np.linspace(-R, R, int(nodes))] * (rows * cols)
    return axes


# --------------------------------------------------------------------------- li2018 Lemma 1 (17)
_SIGNS = {
    "li2022": ("(-1)^floor(n/2)", lambda n: (-1) ** (n // 2)),  # li2022benefit Lemma 6 (correct)
    "li2018": ("(-1)^n", lambda n: (-1) ** n),  # li2018overparameterized (17) as printed
}


def sin_cos_derivative_certificate(g, s, k: int, top: int, *, formula: str) -> Certificate:
    """Exact: f_k^(n)(0) = g^(n)(0) + sign(n)/(s (k+1)) for n = 0..top, f_k = g + (sin + cos)/(s (k+1)).

    ``formula``: "li2022" (sign (-1)^floor(n/2), li2022benefit Lemma 6) or "li2018" ((-1)^n, li2018
    (17) as printed). sin + cos has derivatives cos - sin, -sin - cos, -cos + sin, sin + cos, ...
    = 1, 1, -1, -1, 1, ... at 0. Compared in sympy on f_k's exact derivatives; the orders where
    the formula fails are listed.
    """
    import sympy

    from .activations import sin_cos_perturbed
    from .constructions.li2022benefit_lemmas import exact_rational, zero_decision

    if formula not in _SIGNS:
        raise ValueError(f"formula: expected one of {sorted(_SIGNS)}, got {formula!r}")
    if int(top) != top or top < 0:
        raise ValueError(f"top: expected the highest order n >= 0, got {top!r}")
    label, sign = _SIGNS[formula]
    f = sin_cos_perturbed(g, float(s), k)
    dg, df = g.exact_derivatives_at(0, int(top)), f.exact_derivatives_at(0, int(top))
    if dg is None or df is None:
        raise ValueError(f"g: {g.name} has no exact derivatives at 0, so (17) cannot be decided exactly")
    S = exact_rational(float(s)) * (int(k) + 1)
    decisions = [zero_decision(df[n] - dg[n] - sympy.Integer(sign(n)) / S) for n in range(int(top) + 1)]
    wrong = [n for n, (zero, _) in enumerate(decisions) if not zero]
    exact = all(d for _, d in decisions)
    return Certificate(
        f"f_k^(n)(0) = g^(n)(0) + {label}/(s(k+1)), n = 0..{top}", not wrong,
        Evidence.EXACT if exact else Evidence.SAMPLED,
        (f"{g.name}, s = {s}, k = {k}: sympy derivatives of f_k at 0 match for every n <= {top}" if not wrong else
         f"{g.name}, s = {s}, k = {k}: the formula fails at orders {wrong} (e.g. n = {wrong[0]}: f_k^(n)(0) - g^(n)(0) "
         f"= {sympy.nsimplify(df[wrong[0]] - dg[wrong[0]])}, formula gives {sympy.Integer(sign(wrong[0])) / S})"),
        {"top": int(top), "k": int(k), "s": float(s), "wrong_orders": str(wrong)},
    )

