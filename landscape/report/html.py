"""Render ``index.html`` from ``results.json`` (and the figure files it names).

Reads data files only and never recomputes. The page is self-contained: CSS inline,
figures embedded as base64 ``data:`` URIs, no scripts, no external links but citations.
Every value from the results passes through Jinja2 autoescaping.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from landscape.papers import KIND_NAMES, PAPERS, parse_claim_id
from landscape.report.figures import data_uri
from landscape.report.model import (
    CLAIM_OUTCOMES, INDEX_NAME, REPRODUCTION_OUTCOMES, Results, atomic_write_text, count_outcomes, load_benchmarks,
    load_results,
)

__all__ = ["render_html", "render", "TEMPLATES"]

TEMPLATES = Path(__file__).parent / "templates"


def _num(value: Any) -> str:
    """Numbers for tables: up to 10 significant digits; None as an em dash."""
    if value is None:
        return "\u2014"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.10g}" if math.isfinite(value) else str(value)
    return str(value)


def _seconds(value: Any) -> str:
    if not isinstance(value, (int, float)):
        return "\u2014"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _label(claim_id: str) -> str:
    try:
        return parse_claim_id(claim_id).label
    except ValueError:
        return claim_id


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every template, whatever its extension
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = _num
    env.filters["seconds"] = _seconds
    env.filters["label"] = _label
    return env


def _columns(table: dict[str, dict[str, int]], order: tuple[str, ...]) -> list[str]:
    present = {o for row in table.values() for o in row}
    return [o for o in order if o in present] + sorted(present - set(order))


def _counts(items, papers: list[str]) -> tuple[dict[str, dict[str, int]], list[tuple[str, dict[str, int], int]]]:
    table = count_outcomes(items)
    keys = [p for p in papers if p in table] + (["total"] if "total" in table else [])
    return table, [(k, table[k], sum(table[k].values())) for k in keys]


# Docstring sections (landscape.report.coverage) shown under each claim's statement, in order.
COVERAGE_LABELS = (
    ("checked", "what the check covers"),
    ("not_checked", "not checked"),
    ("negative_controls", "negative controls"),
    ("refuted", "refuted"),
)


def render_html(results: Results, report_dir: str | os.PathLike) -> str:
    """The report page for ``results``; figures are read from ``report_dir``."""
    report_dir = Path(report_dir)
    papers = results.papers()
    claim_table, claim_rows = _counts(results.claims, papers)
    rep_table, rep_rows = _counts(results.reproductions, papers)
    figures = {}
    for r in results.reproductions:
        for f in r.figures:
            figures[f] = data_uri(report_dir / f)
    benchmarks = load_benchmarks(report_dir)
    if benchmarks is not None:
        for b in benchmarks.entries:
            if b.figure:
                figures[b.figure] = data_uri(report_dir / b.figure)
    sections = []
    for key in papers:
        sections.append({
            "key": key,
            "paper": PAPERS.get(key),
            "claims": [c for c in results.claims if c.paper == key],
            "reproductions": [r for r in results.reproductions if r.paper == key],
        })
    template = _environment().get_template("index.html.j2")
    return template.render(
        results=results,
        run=results.run,
        sections=sections,
        claim_columns=_columns(claim_table, CLAIM_OUTCOMES),
        claim_rows=claim_rows,
        rep_columns=_columns(rep_table, REPRODUCTION_OUTCOMES),
        rep_rows=rep_rows,
        figures=figures,
        benchmarks=benchmarks,
        papers=PAPERS,
        kind_names=KIND_NAMES,
        coverage_labels=COVERAGE_LABELS,
        claims_by_id={c.id: c for c in results.claims},
    )


def render(report_dir: str | os.PathLike) -> Path:
    """Re-render ``report_dir/index.html`` from ``report_dir/results.json``; returns its path."""
    report_dir = Path(report_dir)
    results = load_results(report_dir)
    out = report_dir / INDEX_NAME
    atomic_write_text(out, render_html(results, report_dir))
    return out
