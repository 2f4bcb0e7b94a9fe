"""Reproductions: recompute a paper's example, figure, table or experiment and compare.

A reproduction is a function ``fn(rep: Reproduction) -> None`` registered with
``@reproduction("li2022benefit/ex-2", title=...)``. It computes, then records every number
it can compare with the paper (:meth:`Reproduction.compare`), numbers with no printed
counterpart (:meth:`Reproduction.record`), figures (:meth:`Reproduction.figure`) and data
(:meth:`Reproduction.data`). Its outcome is ``"reproduced"`` iff it compared at least one
number and every comparison is within tolerance, ``"differs"`` if any is not, and
``"recorded"`` when there was nothing printed to compare with (figures or data only).

Output layout under ``out_dir`` (the pytest plugin passes its staging directory; the
report then lives in ``reports/``)::

    figures/<paper>-<kind>-<n>[-name].png     # matplotlib, Agg, 120 dpi
    data/<paper>-<kind>-<n>[-name].json       # {"reproduction", "title", "name", "created",
                                              #  "versions", "data"}

==================  =============================================================
notion              code
==================  =============================================================
printed value       ``Quantity.paper``
recomputed value    ``Quantity.ours``
agreement           ``|ours - paper| <= tol`` (``tol * |paper|`` when ``rel=True``)
==================  =============================================================

No pytest here: ``reproductions/test_reproductions.py`` runs the registry under pytest.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from landscape.papers import ClaimId, parse_claim_id
from landscape.report.model import atomic_write_bytes, atomic_write_text, jsonable

__all__ = ["Quantity", "Reproduction", "reproduction", "REGISTRY", "Registered", "run"]

_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True)
class Quantity:
    """One number: the paper's (``None`` if not printed), ours, the tolerance, the verdict."""

    name: str
    paper: float | None
    ours: float
    tol: float | None
    ok: bool | None
    note: str = ""
    rel: bool = False

    def to_dict(self) -> dict[str, Any]:
        return jsonable(
            {"name": self.name, "paper": self.paper, "ours": self.ours, "tol": self.tol,
             "rel": self.rel, "ok": self.ok, "note": self.note}
        )


def _real(value: Any, name: str) -> float:
    try:
        out = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: expected a real number, got {value!r}") from None
    return out


class Reproduction:
    """The record of one reproduction run; see the module docstring."""

    def __init__(self, id: str, title: str, out_dir: str | Path | None = None):
        self.cid: ClaimId = parse_claim_id(id)
        self.id = str(self.cid)
        if not isinstance(title, str) or not title.strip():
            raise ValueError(f"title: reproduction {id!r} needs a non-empty title")
        self.title = title
        self.out_dir = Path(out_dir) if out_dir is not None else None
        self.quantities: list[Quantity] = []
        self.figures: list[str] = []
        self.data_files: list[str] = []
        self.errata: list[dict[str, str]] = []
        self.rests_on: list[dict[str, str]] = []
        self.statement = ""

    # -- numbers ---------------------------------------------------------------------------
    def compare(self, name: str, paper: float, ours: float, *, tol: float, rel: bool = False,
                note: str = "") -> Quantity:
        """Record ``ours`` against the printed ``paper`` value; ok iff within ``tol``.

        ``tol`` is absolute, or relative to ``|paper|`` with ``rel=True``; choose it from the
        number of digits the paper prints (e.g. 4 decimals -> 5e-5) and say so in ``note``.
        A non-finite ``ours`` never agrees.
        """
        paper_v, ours_v, tol_v = _real(paper, "paper"), _real(ours, "ours"), _real(tol, "tol")
        if not math.isfinite(paper_v):
            raise ValueError(f"paper: printed value of {name!r} must be finite, got {paper_v}")
        if not (math.isfinite(tol_v) and tol_v >= 0):
            raise ValueError(f"tol: tolerance of {name!r} must be finite and >= 0, got {tol_v}")
        bound = tol_v * abs(paper_v) if rel else tol_v
        ok = math.isfinite(ours_v) and abs(ours_v - paper_v) <= bound
        q = Quantity(self._unique(name), paper_v, ours_v, tol_v, bool(ok), note, bool(rel))
        self.quantities.append(q)
        return q

    def record(self, name: str, value: float, note: str = "") -> Quantity:
        """Record a number of ours that the paper does not print (no verdict)."""
        q = Quantity(self._unique(name), None, _real(value, "value"), None, None, note)
        self.quantities.append(q)
        return q

    def erratum(self, printed: str, counterexample: str, corrected: str) -> None:
        """Record that a printed formula or number of this item is wrong.

        ``printed`` quotes what the paper prints, ``counterexample`` the computation that
        refutes it, ``corrected`` the corrected statement (and whether it holds). The entry
        goes into the report's errata; it does not change the outcome, which is decided by
        the comparisons alone.
        """
        for arg, value in (("printed", printed), ("counterexample", counterexample), ("corrected", corrected)):
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"{arg}: an erratum of {self.id} needs a non-empty {arg} text")
        self.errata.append({"printed": printed, "counterexample": counterexample, "corrected": corrected})

    def rest_on(self, claim_id: str, role: str) -> None:
        """Name a claim this reproduction rests on or illustrates, and its ``role`` (e.g. which
        arrow of a proof sketch, which bound of a table). The reproduction never reads the
        claim's outcome; the report shows it beside the reproduction from the test results."""
        cid = str(parse_claim_id(claim_id))
        if not isinstance(role, str) or not role.strip():
            raise ValueError(f"role: say what {cid} does for {self.id}")
        if any(r["claim"] == cid and r["role"] == role for r in self.rests_on):
            raise ValueError(f"claim_id: {cid} already recorded for {self.id} with role {role!r}")
        self.rests_on.append({"claim": cid, "role": role})

    def _unique(self, name: str) -> str:
        if not isinstance(name, str) or not name:
            raise ValueError("name: a quantity needs a non-empty name")
        if any(q.name == name for q in self.quantities):
            raise ValueError(f"name: quantity {name!r} recorded twice in {self.id}")
        return name

    @property
    def comparisons(self) -> list[Quantity]:
        return [q for q in self.quantities if q.ok is not None]

    @property
    def differing(self) -> list[Quantity]:
        return [q for q in self.comparisons if not q.ok]

    @property
    def outcome(self) -> str:
        if not self.comparisons:
            return "recorded"
        return "differs" if self.differing else "reproduced"

    # -- files -----------------------------------------------------------------------------
    def _stem(self, name: str) -> str:
        if name and not _NAME.fullmatch(name):
            raise ValueError(f"name: {name!r} must be lower-case letters, digits and '-'")
        stem = f"{self.cid.paper}-{self.cid.kind}-{self.cid.number}"
        return f"{stem}-{name}" if name else stem

    def _require_out_dir(self) -> Path:
        if self.out_dir is None:
            raise ValueError(f"out_dir: reproduction {self.id} was created without an output directory")
        return self.out_dir

    def figure(self, fig: Any, name: str = "") -> str:
        """Save a matplotlib figure as PNG; returns its path relative to the report dir."""
        import io
        import sys

        rel = f"figures/{self._stem(name)}.png"
        if rel in self.figures:
            raise ValueError(f"name: figure {rel!r} saved twice in {self.id}")
        buf = io.BytesIO()
        # savefig picks the Agg canvas for PNG whatever backend made the figure (use
        # landscape.report.figures.new_figure() to avoid pyplot entirely).
        fig.savefig(buf, format="png", dpi=120, metadata={"Software": None})
        atomic_write_bytes(self._require_out_dir() / rel, buf.getvalue())
        if "matplotlib.pyplot" in sys.modules:  # free pyplot-managed figures
            sys.modules["matplotlib.pyplot"].close(fig)
        self.figures.append(rel)
        return rel

    def data(self, name: str, mapping: Mapping[str, Any]) -> str:
        """Save ``mapping`` as JSON with metadata; returns its path relative to the report dir."""
        if not isinstance(mapping, Mapping):
            raise ValueError(f"mapping: expected a mapping for data {name!r}, got {type(mapping).__name__}")
        rel = f"data/{self._stem(name)}.json"
        if rel in self.data_files:
            raise ValueError(f"name: data {rel!r} saved twice in {self.id}")
        payload = {
            "reproduction": self.id,
            "title": self.title,
            "name": name,
            "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "versions": _versions(),
            "data": jsonable(mapping),
        }
        atomic_write_text(self._require_out_dir() / rel, json.dumps(payload, indent=1, allow_nan=False) + "\n")
        self.data_files.append(rel)
        return rel

    def to_dict(self) -> dict[str, Any]:
        return jsonable({
            "id": self.id, "paper": self.cid.paper, "kind": self.cid.kind, "number": self.cid.number,
            "title": self.title, "statement": self.statement, "outcome": self.outcome,
            "quantities": [q.to_dict() for q in self.quantities],
            "figures": list(self.figures), "data": list(self.data_files),
            "errata": list(self.errata), "rests_on": list(self.rests_on),
        })

    def summary(self) -> str:
        lines = [f"{self.id} ({self.title}): {self.outcome}"]
        for q in self.quantities:
            verdict = "" if q.ok is None else ("ok" if q.ok else "DIFFERS")
            paper = "-" if q.paper is None else f"{q.paper:.10g}"
            tol = "" if q.tol is None else f" tol={q.tol:g}{' rel' if q.rel else ''}"
            lines.append(f"  {q.name}: paper={paper} ours={q.ours:.10g}{tol} {verdict}".rstrip())
        return "\n".join(lines)


def _versions() -> dict[str, str]:
    import importlib.metadata as md

    out = {}
    for pkg in ("landscape-claims", "torch", "numpy", "scipy", "matplotlib"):
        try:
            out[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            pass
    return out


@dataclass(frozen=True)
class Registered:
    id: str
    title: str
    fn: Callable[[Reproduction], None]

    @property
    def module(self) -> str:
        return getattr(self.fn, "__module__", "")


REGISTRY: dict[str, Registered] = {}


def reproduction(id: str, *, title: str) -> Callable[[Callable[[Reproduction], None]], Callable[[Reproduction], None]]:
    """Register ``fn(rep)`` as the reproduction ``id`` (validated; ids are unique)."""
    cid = str(parse_claim_id(id))
    if not isinstance(title, str) or not title.strip():
        raise ValueError(f"title: reproduction {id!r} needs a non-empty title")

    def register(fn: Callable[[Reproduction], None]) -> Callable[[Reproduction], None]:
        if not callable(fn):
            raise ValueError(f"fn: reproduction {cid} must decorate a function")
        existing = REGISTRY.get(cid)
        if existing is not None and (existing.module, existing.fn.__qualname__) != (fn.__module__, fn.__qualname__):
            raise ValueError(f"id: reproduction {cid} registered twice ({existing.module}.{existing.fn.__qualname__})")
        REGISTRY[cid] = Registered(cid, title, fn)
        return fn

    return register


def run(id: str, out_dir: str | Path) -> Reproduction:
    """Run the registered reproduction ``id`` writing figures/data under ``out_dir``."""
    cid = str(parse_claim_id(id))
    if cid not in REGISTRY:
        known = ", ".join(sorted(REGISTRY)) or "none registered (import the reproductions modules first)"
        raise ValueError(f"id: no reproduction {cid!r}; known: {known}")
    entry = REGISTRY[cid]
    rep = Reproduction(cid, entry.title, out_dir)
    import inspect

    rep.statement = inspect.getdoc(entry.fn) or ""
    entry.fn(rep)
    return rep
