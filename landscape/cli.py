"""``python -m landscape``: run the claims and reproductions, render and browse the report.

Subcommands::

    report     run claims/ and reproductions/ under pytest (the plugin writes
               reports/results.json and reports/index.html), print where the report is,
               exit with pytest's exit code
    render     re-render reports/index.html from reports/results.json (no recomputation)
    claims     list the collected claim and reproduction ids with paper and kind
    reproduce  run one reproduction into reports/ (figures, data, results.json entry)

pytest is always run in a subprocess, so this module stays free of pytest (the engine's
rule); extra pytest arguments go after ``--``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import importlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["main", "build_parser", "project_root", "pytest_command"]

DESCRIPTION = """\
landscape-claims: executable claims about neural-network loss landscapes.

Every formal statement of five papers is a pytest test ("claim") checked with
property-based testing and certificates; examples, figures and tables are
"reproductions". A run writes reports/results.json and a self-contained
reports/index.html."""

EPILOG = """\
examples:
  python -m landscape report                      # claims + reproductions, ci profile, -n 2
  python -m landscape report --profile thorough --workers 0 -- -k li2022benefit -x
  python -m landscape render                      # HTML again from results.json
  python -m landscape claims                      # what is checked
  python -m landscape reproduce li2022benefit/ex-2
"""


def project_root(start: Path | None = None) -> Path:
    """The nearest directory (from ``start``, default cwd, upwards) with pyproject.toml and claims/."""
    start = (start or Path.cwd()).resolve()
    for d in (start, *start.parents):
        if (d / "pyproject.toml").is_file() and (d / "claims").is_dir():
            return d
    return start


def _xdist_available() -> bool:
    try:
        importlib.import_module("xdist")
    except ImportError:
        return False
    return True


def default_workers() -> int:
    """2 when pytest-xdist is importable and there is more than one CPU, else 0 (no -n)."""
    return 2 if _xdist_available() and (os.cpu_count() or 1) > 1 else 0


def pytest_command(*, profile: str, workers: int, report_dir: Path | None, extra: list[str],
                   root: Path | None = None) -> list[str]:
    """The pytest command line of ``report`` (test dirs missing under ``root`` are left out)."""
    dirs = [d for d in ("claims", "reproductions") if root is None or (root / d).is_dir()]
    cmd = [sys.executable, "-m", "pytest", *dirs, f"--hypothesis-profile={profile}"]
    if workers and workers > 1:
        cmd += ["-n", str(workers)]
    if report_dir is not None:
        cmd += ["--report-dir", str(report_dir)]
    return cmd + list(extra)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m landscape", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    rep = sub.add_parser(
        "report", help="run claims and reproductions, write reports/results.json and index.html",
        description="Run claims/ and reproductions/ under pytest; the landscape pytest plugin writes "
        "results.json and index.html. Exits with pytest's exit code. Arguments after '--' go to pytest.",
    )
    rep.add_argument("--profile", default="ci", help="Hypothesis profile: dev, ci (default; derandomized, 25 examples) or thorough")
    rep.add_argument("--workers", type=int, default=None,
                     help="pytest-xdist workers (default: 2 when xdist is installed and there is more than one CPU; 0 or 1: no xdist)")
    rep.add_argument("--report-dir", type=Path, default=None, help="where the report goes (default: <project>/reports)")

    ren = sub.add_parser("render", help="re-render index.html from an existing results.json (no recomputation)")
    ren.add_argument("--report-dir", type=Path, default=None, help="directory holding results.json (default: <project>/reports)")

    cl = sub.add_parser("claims", help="list the collected claim and reproduction ids")
    cl.add_argument("--json", action="store_true", help="print JSON instead of a table")

    rp = sub.add_parser("reproduce", help="run one reproduction into reports/ and update results.json/index.html")
    rp.add_argument("id", help="reproduction id, e.g. li2022benefit/ex-2")
    rp.add_argument("--report-dir", type=Path, default=None, help="default: <project>/reports")
    return parser


def _report(args, extra: list[str], root: Path) -> int:
    report_dir = (args.report_dir or root / "reports").resolve()
    workers = default_workers() if args.workers is None else args.workers
    cmd = pytest_command(profile=args.profile, workers=workers, report_dir=report_dir, extra=extra, root=root)
    results = report_dir / "results.json"
    before = results.stat().st_mtime_ns if results.exists() else None
    print("running: python", " ".join(cmd[1:]), flush=True)
    code = subprocess.call(cmd, cwd=root)
    after = results.stat().st_mtime_ns if results.exists() else None
    if after is not None and after != before:
        print(f"report: {report_dir / 'index.html'}\nresults: {results}")
    else:
        print(f"no new report written (pytest exit code {code}); see the output above", file=sys.stderr)
    return code


def _render(args, root: Path) -> int:
    from landscape.report.html import render

    report_dir = (args.report_dir or root / "reports").resolve()
    try:
        out = render(report_dir)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"report: {out}")
    return 0


def _claims(args, root: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="landscape-claims-") as tmp:
        listing = Path(tmp) / "claims.json"
        dirs = [d for d in ("claims", "reproductions") if (root / d).is_dir()]
        cmd = [sys.executable, "-m", "pytest", *dirs, "--collect-only", "-q",
               "--no-report", f"--landscape-list={listing}"]
        proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
        if proc.returncode != 0 or not listing.exists():
            sys.stderr.write(proc.stdout[-6000:] + proc.stderr[-4000:])
            print(f"error: collection failed (pytest exit code {proc.returncode})", file=sys.stderr)
            return proc.returncode or 1
        rows = json.loads(listing.read_text(encoding="utf-8"))
    seen: dict[str, dict] = {}
    for r in rows:  # parametrized claims: one line per id
        seen.setdefault(r["id"], r)
    rows = list(seen.values())
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    from landscape.papers import parse_claim_id

    rows.sort(key=lambda r: parse_claim_id(r["id"]).sort_key)
    width = max([len(r["id"]) for r in rows] + [2])
    for r in rows:
        label = parse_claim_id(r["id"]).label
        what = r["evidence"] if r["type"] == "claim" else "reproduction"
        print(f"{r['id']:<{width}}  {label:<18} {what:<13} {r['nodeid']}")
    n_claims = sum(r["type"] == "claim" for r in rows)
    print(f"{n_claims} claims, {len(rows) - n_claims} reproductions")
    return 0


def _reproduce(args, root: Path) -> int:
    from landscape.papers import parse_claim_id
    from landscape.report.model import RESULTS_NAME, Erratum, ReproductionResult, Results, load_results
    from landscape.report.publish import publish
    from landscape.reproduction import run

    try:
        cid = parse_claim_id(args.id)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    module = root / "reproductions" / f"{cid.paper}.py"
    if module.is_file():
        importlib.import_module(f"reproductions.{cid.paper}")
    report_dir = (args.report_dir or root / "reports").resolve()
    now = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    with tempfile.TemporaryDirectory(prefix="landscape-staging-") as staging:
        try:
            rep = run(str(cid), staging)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        record = rep.to_dict()
        outcome = record.pop("outcome")
        errata = record.pop("errata")
        entry = ReproductionResult(outcome=outcome, test_outcome="", nodeid="python -m landscape reproduce", **record)
        if (report_dir / RESULTS_NAME).exists():
            results = load_results(report_dir)
        else:
            results = Results(run={"started": now, "commit": None, "versions": {}, "profile": None, "partial": True})
        results.reproductions = [r for r in results.reproductions if r.id != entry.id] + [entry]
        # This reproduction's errata replace the ones an earlier run recorded for it.
        results.errata = [e for e in results.errata if e.claim != entry.id] + [
            Erratum(claim=entry.id, printed=e["printed"], counterexample=e["counterexample"],
                    corrected_claim=e["corrected"], outcome=outcome, corrected_outcome=outcome) for e in errata]
        results.reproductions.sort(key=lambda r: parse_claim_id(r.id).sort_key)
        results.run.setdefault("reproduced_separately", {})[entry.id] = now
        out = publish(results, staging, report_dir)
    print(rep.summary())
    print(f"report: {out}")
    return 1 if outcome == "differs" else 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    parser = build_parser()
    args = parser.parse_args(argv)
    if extra and args.command != "report":
        parser.error("arguments after '--' are passed to pytest by 'report' only")
    root = project_root()
    if args.command == "report":
        return _report(args, extra, root)
    if args.command == "render":
        return _render(args, root)
    if args.command == "claims":
        return _claims(args, root)
    return _reproduce(args, root)
