"""Reproductions of li2018overparameterized: Figure 1.

Dawei Li, Tian Ding, Ruoyu Sun, "Over-Parameterized Deep Neural Networks Have No Strict Local
Minima For Any Continuous Activations" (Nov 22, 2018), Section 1.1, Figure 1.

===========================  ====================================  ==================================
paper                        code                                  meaning
===========================  ====================================  ==================================
left / right function        ``fig1_function("a")`` / ``("b")``    shared with li2022benefit Figure 1
plateau (-3, -1)             ``FIG1_PLATEAU``                      the non-strict bad local minima
set-wise strict (Def 1)      ``setwise_strict_minimum(wording="li2018")``  eps-ball around each x
weakly global (Def 2)        ``weakly_global_on_grid``             no sub-optimal basin on the grid
===========================  ====================================  ==================================

The figure prints no formulas; the two functions are the ones built for li2022benefit's
identical figure (:func:`landscape.notions.fig1_function`), re-checked here with this paper's
Definitions 1 and 2.
"""

from __future__ import annotations

import numpy as np

from landscape import notions as NT
from landscape.report.figures import new_figure
from landscape.reproduction import Reproduction, reproduction

STEP = 1 / 128  # grid step on S: dyadic, so the plateau ends -3, -1 are nodes
EPS = 0.25  # Definition 1's eps: a quarter of the distance from the plateau to the barriers of (b)
POINT_EPS = 0.5  # a ball around the plateau's midpoint -2 that stays inside the open plateau (-3, -1)


def _indicator(b: bool) -> float:
    return 1.0 if b else 0.0


def _grid() -> np.ndarray:
    lo, hi = NT.FIG1_DOMAIN
    return lo + STEP * np.arange(round((hi - lo) / STEP) + 1)


@reproduction("li2018overparameterized/fig-1",
              title="Figure 1: a weakly global function (left) and a non-weakly-global one (right)")
def fig_1(rep: Reproduction) -> None:
    """Figure 1 (li2018overparameterized): "Both functions have non strict bad local minima,
    consisting a plateau of (-3, -1). The plateau in the right figure is the bottom of a basin,
    entailing a strict bad local minimum in the sense of sets." Left: weakly global; right: not.

    Recomputed on a grid of step 1/128 on S = [-6, 3] (sampled evidence): the plateau's
    midpoint -2 is a (point-wise) local minimum that is not strict (Def 1 with X = {-2},
    non-strict holds and strict fails, eps = 1/2 inside the plateau); it is bad (f there above
    min f, the global minimum located by argmin on the grid); [-3, -1] is a set-wise strict
    local minimum in this paper's wording (Def 1, eps = 1/4) on the right and not on the left,
    where it is not even a set-wise (non-strict) local minimum (f drops right of -1); the weakly
    global detector (Def 2) finds no sub-optimal basin on the left and one on the right.
    Compared as indicators (1 = as printed). The figure shades each panel's eps-ring of
    [-3, -1], the nodes Def 1 compares with the plateau.
    """
    t = _grid()
    h = STEP
    plateau = NT.interval_mask(t, *NT.FIG1_PLATEAU)
    mid = t == sum(NT.FIG1_PLATEAU) / 2
    panels = {}
    for panel, side, right in (("a", "left", False), ("b", "right", True)):
        f = NT.fig1_function(panel)(t)
        point = {s: NT.setwise_strict_minimum(f, mid, h, eps=POINT_EPS, wording="li2018", strict=s, window_is_domain=True)
                 for s in (False, True)}
        i_min = int(np.argmin(f))
        bad = float(f[mid][0]) - float(f[i_min])
        strict = NT.setwise_strict_minimum(f, plateau, h, eps=EPS, wording="li2018", window_is_domain=True)
        weak = NT.setwise_strict_minimum(f, plateau, h, eps=EPS, wording="li2018", strict=False, window_is_domain=True)
        wg = NT.weakly_global_on_grid(f, h, infimum=float(f[i_min]), window_is_domain=True)
        rep.compare(f"({side}) the plateau's midpoint is a non-strict local minimum (Def 1, X = {{-2}}; 1 = yes)", 1.0,
                    _indicator(point[False].holds and not point[True].holds), tol=0.0,
                    note=f"non-strict: {point[False].explanation}; strict: {point[True].explanation}")
        rep.compare(f"({side}) this minimum is bad (1 = yes)", 1.0, _indicator(bad > 0), tol=0.0,
                    note=f"f(-2) - min f = {bad:.6g}, min at t = {t[i_min]:.6g}")
        rep.compare(f"({side}) [-3, -1] is a set-wise strict local minimum (Def 1; 1 = yes)", _indicator(right),
                    _indicator(strict.holds), tol=0.0, note=strict.explanation)
        rep.compare(f"({side}) weakly global (Def 2; 1 = yes)", _indicator(not right), _indicator(wg.holds), tol=0.0,
                    note=wg.explanation)
        rep.record(f"({side}) [-3, -1] is a set-wise (non-strict) local minimum (Def 1; 1 = yes)", _indicator(weak.holds),
                   note=weak.explanation)
        panels[panel] = {"f": f, "strict": strict.holds, "wg": wg.holds, "argmin": i_min}
    rep.record("grid step", h, note="S = [-6, 3]; between nodes not checked")
    rep.data("functions", {"t": t.tolist(), **{f"f_{k}": v["f"].tolist() for k, v in panels.items()}})
    ring = ~plateau & (np.abs(t - np.clip(t, *NT.FIG1_PLATEAU)) <= EPS)
    fig = new_figure(10.0, 3.6)
    axes = fig.subplots(1, 2, sharey=True)
    for ax, (panel, title) in zip(axes, (("a", "weakly global"), ("b", "not weakly global"))):
        p = panels[panel]
        ax.axvspan(NT.FIG1_PLATEAU[0] - EPS, NT.FIG1_PLATEAU[1] + EPS, color="0.92", zorder=0,
                   label=f"eps-neighbourhood (eps = {EPS})")
        ax.plot(t, p["f"], color="C0", lw=1.8)
        ax.plot(t[plateau], p["f"][plateau], color="C3", lw=3.0, label="plateau [-3, -1]")
        ax.plot(t[ring], p["f"][ring], ".", color="C1", ms=2, label="ring nodes compared (Def 1)")
        ax.plot(t[p["argmin"]], p["f"][p["argmin"]], "k*", ms=10, label="global minimum (grid argmin)")
        verdict = "yes" if p["strict"] else "no"
        ax.set_title(f"{title}\nDef 1 (set-wise strict): {verdict}; "
                     f"Def 2: {'weakly global' if p['wg'] else 'not weakly global'}", fontsize=9)
        ax.set_xlabel("t")
    axes[0].set_ylabel("f(t)")
    axes[0].legend(fontsize=7, loc="upper center")
    rep.figure(fig)
