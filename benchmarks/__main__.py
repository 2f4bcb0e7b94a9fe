"""``python -m benchmarks``: run every case (each in a fresh subprocess) and write JSON + a figure.

Output shape (``reports/benchmarks.json``; read by ``landscape.report.model.load_benchmarks``):
``{"generated", "machine": {...}, "benchmarks": [{"name", "description", "baseline_s",
"batched_s", "ratio", "peak_mb", "max_abs_diff", "figure"}]}``; ``figure`` paths are
relative to the JSON file's directory. ``--suite`` adds one entry timing
``pytest claims reproductions`` serially (baseline) and with ``-n 2`` (batched column).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _run_case_in_subprocess(name: str, repeats: int) -> dict:
    code = (
        "import json, resource, sys, torch;"
        "torch.set_num_threads(1);"
        "from benchmarks.cases import CASES, best_time;"
        f"b, f = CASES[{name!r}].build();"
        f"tb, rb = best_time(b, {repeats}); tf, rf = best_time(f, {repeats});"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024;"
        "print(json.dumps({'baseline_s': tb, 'batched_s': tf, 'peak_mb': peak,"
        " 'max_abs_diff': float((rb - rf).abs().max())}))"
    )
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _suite_entry() -> dict:
    seconds = []
    for extra in ([], ["-n", "2"]):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pytest", "claims", "reproductions", "-q", "--no-report", *extra],
                       check=False, capture_output=True)
        seconds.append(time.perf_counter() - t0)
    return {"name": "suite", "description": "pytest claims reproductions: serial (baseline) vs -n 2 (batched column)",
            "baseline_s": seconds[0], "batched_s": seconds[1], "ratio": seconds[0] / seconds[1],
            "peak_mb": None, "figure": None}


def _figure(cases: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 2.8), layout="constrained")
    names = [c["name"] for c in cases]
    ax.barh(names, [c["ratio"] for c in cases], color="#3b6ea8")
    ax.set_xscale("log")
    ax.set_xlabel("speed-up of the batched engine over a per-point loop (x, log scale)")
    for i, c in enumerate(cases):
        ax.text(c["ratio"], i, f" {c['ratio']:.0f}x, {c['peak_mb']:.0f} MB peak", va="center", fontsize=8)
    ax.set_xlim(1, max(c["ratio"] for c in cases) * 20)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv=None) -> int:
    from benchmarks.cases import CASES

    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="reports/benchmarks.json", help="JSON output path")
    ap.add_argument("--repeats", type=int, default=3, help="timing repeats; the best is kept")
    ap.add_argument("--suite", action="store_true", help="also time the claim suite serially and with -n 2")
    args = ap.parse_args(argv)

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    cases = []
    for name, case in CASES.items():
        r = _run_case_in_subprocess(name, args.repeats)
        r.update(name=name, description=case.description, ratio=r["baseline_s"] / r["batched_s"])
        cases.append(r)
        print(f"{name:18s} loop {r['baseline_s']:8.3f} s  batched {r['batched_s']:8.4f} s  "
              f"x{r['ratio']:7.1f}  peak {r['peak_mb']:6.0f} MB  max|diff| {r['max_abs_diff']:.1e}")
    fig_rel = "figures/bench-speedups.png"
    (out.parent / "figures").mkdir(exist_ok=True)
    _figure(cases, out.parent / fig_rel)
    for c in cases:
        c["figure"] = fig_rel
    if args.suite:
        cases.append(_suite_entry())
    data = {
        "generated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpus": os.cpu_count(), "threads_per_case": 1},
        "benchmarks": cases,
    }
    # Atomic: a reader never sees a half-written file.
    with tempfile.NamedTemporaryFile("w", dir=out.parent, delete=False, suffix=".tmp") as fh:
        json.dump(data, fh, indent=1)
    os.replace(fh.name, out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
