"""The data model of ``reports/results.json`` and ``reports/benchmarks.json``, and their I/O.

Everything the HTML report shows comes from these two files (plus the figure files they
name); rendering never recomputes. Files are written atomically: to a temporary file in
the destination directory, then ``os.replace`` (so a reader, or a crash, never sees half
a file).

``results.json`` (``schema`` 1; fields marked * are required by the design contract)::

    {"schema": 1,
     "run": {"started"*, "finished", "commit"*, "dirty", "versions"*: {package: version},
             "profile"*: hypothesis profile, "workers": xdist workers (1 = not distributed),
             "argv": pytest arguments, "exitstatus", "partial": true when not every claim and
             reproduction under the test paths was run (selection, -x, file arguments),
             "platform", "reproduced_separately": {id: time} for `python -m landscape
             reproduce` updates},
     "claims": [{"id"*, "paper"*, "kind"*, "number", "outcome"*: passed|failed|skipped|xfailed|xpassed,
                 "evidence"*: declared level, "observed_evidence": sorted levels of the
                 certificates the test required, "certificates": a few certificate summaries,
                 "examples"*: examples tried = explicit + passing + failing (null for a
                               test without @given),
                 "hypothesis": {"explicit": @example count, "passing"/"failing": generated
                                (and database-replayed) cases that passed/failed,
                                "invalid": rejected by assume/filter or overrun,
                                "shrink_calls": calls spent shrinking/explaining,
                                "stopped_because": Hypothesis' reason} or null,
                 "duration_s"*, "falsifying_example"*: text or null, "statement": the test's
                 docstring, "nodeid", "nodeids" (several for a parametrized claim), "test",
                 "message": the failure/skip/xfail message, "erratum": bool,
                 "coverage": the docstring split by :func:`landscape.report.coverage.coverage_sections`
                             into "statement", "checked", "not_checked", "negative_controls",
                             "refuted" (those present)}],
     "reproductions": [{"id"*, "paper", "kind", "number", "title", "statement",
                        "outcome"*: reproduced|differs|recorded (no printed number to compare)
                                    |error (did not finish)|skipped,
                        "test_outcome", "quantities"*: [{"name", "paper", "ours", "tol", "rel",
                        "ok", "note"}], "figures"*: ["figures/<paper>-<kind>-<n>[-name].png"],
                        "data": ["data/....json"], "rests_on": [{"claim": id, "role": text}]
                        (claims the reproduction rests on or illustrates; the report shows
                        their outcomes), "duration_s", "nodeid", "message"}],
     "errata": [{"claim"*, "printed"*, "counterexample"*, "corrected_claim"*, "outcome": the
                 printed claim's outcome (xfailed = still refuted), "corrected_outcome",
                 "falsifying_example"}]}

Non-finite floats are written as the strings ``"NaN"``, ``"Infinity"``, ``"-Infinity"`` so
the file stays strict JSON.

``benchmarks.json`` (written by ``benchmarks/``, optional; the report shows it when
present) is either a bare list of entries or ``{"generated": ..., "machine": ..., "benchmarks":
[entries]}``; an entry is::

    {"name": str, "description": str, "baseline_s": float (straightforward per-point loop),
     "batched_s": float (the engine's batched path), "ratio": baseline_s / batched_s,
     "peak_mb": float | null, "figure": path relative to the reports dir | null}

``ratio`` is recomputed from the two times when missing. Name benchmark figures
``figures/bench-<name>.png``: files named ``<paperkey>-...`` in ``figures/`` belong to
reproductions and are pruned when no longer referenced.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

__all__ = [
    "SCHEMA", "CLAIM_OUTCOMES", "REPRODUCTION_OUTCOMES", "ClaimResult", "ReproductionResult",
    "Erratum", "Results", "Benchmark", "Benchmarks", "jsonable", "atomic_write_text",
    "atomic_write_bytes", "load_results", "dump_results", "load_benchmarks", "count_outcomes",
    "RESULTS_NAME", "INDEX_NAME", "BENCHMARKS_NAME",
]

SCHEMA = 1
RESULTS_NAME = "results.json"
INDEX_NAME = "index.html"
BENCHMARKS_NAME = "benchmarks.json"
CLAIM_OUTCOMES = ("passed", "failed", "skipped", "xfailed", "xpassed")
REPRODUCTION_OUTCOMES = ("reproduced", "differs", "recorded", "error", "skipped")


def jsonable(value: Any) -> Any:
    """``value`` as plain JSON data: numpy/torch scalars and arrays become numbers and lists,
    tuples lists, Paths and enums strings, non-finite floats the strings JSON tolerates."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if math.isfinite(value):
            return float(value)
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return [jsonable(v) for v in items]
    if isinstance(value, Path):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable(dataclasses.asdict(value))
    if hasattr(value, "tolist"):  # numpy arrays/scalars, torch tensors
        detached = value.detach().cpu() if hasattr(value, "detach") else value
        return jsonable(detached.tolist())
    if hasattr(value, "value") and isinstance(getattr(value, "value"), str):  # str enums
        return value.value
    return str(value)


def _from(cls, data: Mapping[str, Any]):
    names = {f.name for f in dataclasses.fields(cls)}
    known = {k: v for k, v in data.items() if k in names}
    extra = {k: v for k, v in data.items() if k not in names}
    obj = cls(**known)
    if "extra" in names and extra:
        obj.extra.update(extra)
    return obj


class _Record:
    """A results.json row: its fields, with ``extra`` merged in at the top level."""

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d.update(d.pop("extra"))
        return jsonable(d)


@dataclass
class ClaimResult(_Record):
    id: str
    paper: str
    kind: str
    outcome: str
    evidence: str | None
    number: str = ""
    observed_evidence: list[str] = field(default_factory=list)
    certificates: list[str] = field(default_factory=list)
    examples: int | None = None
    hypothesis: dict[str, Any] | None = None
    duration_s: float = 0.0
    falsifying_example: str | None = None
    statement: str = ""
    nodeid: str = ""
    nodeids: list[str] = field(default_factory=list)
    test: str = ""
    message: str = ""
    erratum: bool = False
    coverage: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class ReproductionResult(_Record):
    id: str
    outcome: str
    paper: str = ""
    kind: str = ""
    number: str = ""
    title: str = ""
    statement: str = ""
    test_outcome: str = ""
    quantities: list[dict[str, Any]] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    data: list[str] = field(default_factory=list)
    rests_on: list[dict[str, str]] = field(default_factory=list)
    duration_s: float = 0.0
    nodeid: str = ""
    message: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Erratum(_Record):
    claim: str
    printed: str
    counterexample: str
    corrected_claim: str
    outcome: str = ""
    corrected_outcome: str | None = None
    falsifying_example: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Results:
    run: dict[str, Any]
    claims: list[ClaimResult] = field(default_factory=list)
    reproductions: list[ReproductionResult] = field(default_factory=list)
    errata: list[Erratum] = field(default_factory=list)
    schema: int = SCHEMA

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "run": jsonable(self.run),
            "claims": [c.to_dict() for c in self.claims],
            "reproductions": [r.to_dict() for r in self.reproductions],
            "errata": [e.to_dict() for e in self.errata],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, allow_nan=False) + "\n"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Results":
        if not isinstance(data, Mapping):
            raise ValueError(f"results: expected a JSON object, got {type(data).__name__}")
        missing = [k for k in ("run", "claims", "reproductions", "errata") if k not in data]
        if missing:
            raise ValueError(f"results: missing top-level keys {missing}")
        return cls(
            run=dict(data["run"]),
            claims=[_from(ClaimResult, c) for c in data["claims"]],
            reproductions=[_from(ReproductionResult, r) for r in data["reproductions"]],
            errata=[_from(Erratum, e) for e in data["errata"]],
            schema=int(data.get("schema", SCHEMA)),
        )

    def referenced_files(self) -> list[str]:
        """Figure and data files (relative to the report dir) the results point to."""
        return sorted({p for r in self.reproductions for p in (*r.figures, *r.data)})

    def papers(self) -> list[str]:
        from landscape.papers import PAPERS

        seen = {c.paper for c in self.claims} | {r.paper for r in self.reproductions}
        return [k for k in PAPERS if k in seen] + sorted(seen - set(PAPERS))

    def counts(self) -> dict[str, dict[str, int]]:
        """``{paper: {outcome: n}}`` over claims and reproductions, plus a ``"total"`` row."""
        return count_outcomes([*self.claims, *self.reproductions])


@dataclass(frozen=True)
class Benchmark:
    name: str
    description: str = ""
    baseline_s: float | None = None
    batched_s: float | None = None
    ratio: float | None = None
    peak_mb: float | None = None
    figure: str | None = None


@dataclass(frozen=True)
class Benchmarks:
    entries: list[Benchmark]
    meta: dict[str, Any]


def load_benchmarks(report_dir: str | os.PathLike) -> Benchmarks | None:
    """``benchmarks.json`` of ``report_dir`` (see the module docstring), or ``None`` if absent."""
    path = Path(report_dir) / BENCHMARKS_NAME
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    meta: dict[str, Any] = {}
    if isinstance(data, Mapping):
        meta = {k: v for k, v in data.items() if k != "benchmarks"}
        data = data.get("benchmarks", [])
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of benchmarks or an object with a 'benchmarks' list")
    entries = []
    for raw in data:
        if not isinstance(raw, Mapping) or "name" not in raw:
            raise ValueError(f"{path}: every benchmark needs a 'name'; got {raw!r}")
        b = _from(Benchmark, raw)
        if b.ratio is None and b.baseline_s and b.batched_s:
            b = dataclasses.replace(b, ratio=b.baseline_s / b.batched_s)
        entries.append(b)
    return Benchmarks(entries, meta)


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same directory and ``os.replace``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        # KeyboardInterrupt included: never leave the temporary file behind.
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def load_results(path: str | os.PathLike) -> Results:
    """Read ``results.json`` (a file, or a report directory containing one)."""
    path = Path(path)
    if path.is_dir():
        path = path / RESULTS_NAME
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no results.json; run `python -m landscape report` first")
    return Results.from_dict(json.loads(path.read_text(encoding="utf-8")))


def dump_results(results: Results, path: str | os.PathLike) -> None:
    atomic_write_text(path, results.to_json())


def count_outcomes(items: Iterable[Any]) -> dict[str, dict[str, int]]:
    """``{paper: {outcome: n}}`` over results with ``paper`` and ``outcome``, plus a ``"total"`` row."""
    table: dict[str, dict[str, int]] = {}
    for item in items:
        for key in (item.paper, "total"):
            row = table.setdefault(key, {})
            row[item.outcome] = row.get(item.outcome, 0) + 1
    return table
