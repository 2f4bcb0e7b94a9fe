"""The landscape pytest plugin: claim markers, evidence accounting, the report.

Loaded by the root ``conftest.py`` (``pytest_plugins = ["landscape.pytest_plugin"]``), or
with ``-p landscape.pytest_plugin``.

Markers
-------
``@pytest.mark.claim("li2022benefit/thm-6", evidence="second-order")``
    The test checks that claim (id: :func:`landscape.papers.parse_claim_id`; evidence: a
    :class:`landscape.evidence.Evidence` level). Collection fails for a malformed id, an id
    used by two tests, two claim markers on one test, or missing/invalid evidence.
``@pytest.mark.erratum(printed=..., counterexample=..., corrected="<claim id>")``
    On a claim marked ``xfail(strict=True)`` whose printed statement the suite refutes;
    becomes an entry of the report's errata.
``@pytest.mark.reproduction("li2022benefit/ex-2")``
    Set by ``reproductions/test_reproductions.py``; the test ships its record with the
    ``record_reproduction`` fixture and writes files under ``landscape_staging_dir``.

Evidence
--------
Before a claim's call phase the plugin clears :data:`landscape.evidence.evidence_log`;
after it, the logged certificate levels are the claim's ``observed_evidence``. A claim
that passes while requiring no certificate, or whose weakest certificate is weaker than
the declared level, FAILS (over-claimed evidence). Strict-xfail claims are exempt (their
failure is the finding).

Results and the report
----------------------
Each test's data travels in ``report.user_properties`` (plain JSON data), so under
pytest-xdist it reaches the controller with the reports; only the controller (or the
sole process) assembles ``results.json`` and ``index.html`` (see
:mod:`landscape.report.model`). Reproductions write figures and data into a staging
directory the controller creates in the system temp dir and hands to xdist workers via
``workerinput``. At the end of a run that was not interrupted and ran at least one claim
or reproduction, :func:`landscape.report.publish.publish` moves everything into
``--report-dir`` (default ``<rootdir>/reports``) atomically; ``--no-report`` disables it.
An interrupted (Ctrl-C) or crashed run leaves the previous report as it was.
"""

from __future__ import annotations

import datetime as _dt
import inspect
import json
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from landscape.evidence import Evidence, evidence_log, weakest
from landscape.papers import parse_claim_id

ITEM_KEY = "landscape.item"  # static facts of a claim/reproduction test (from collection)
RUN_KEY = "landscape.run"  # what a claim's call phase observed
REPRO_KEY = "landscape.reproduction"  # a reproduction's record
PROOF_KEY = "landscape.proof_erratum"  # a proof erratum demonstrated by a plain test
STAGING_KEY = "landscape_staging"  # workerinput key of the staging directory
MAX_CERTIFICATES = 8  # distinct certificate summaries kept per claim
MAX_TEXT = 4000  # characters kept of messages and falsifying examples

MARKERS = (
    "claim(id, evidence): an executable claim of the catalog; id is <paperkey>/<kind>-<number>, "
    "evidence the level its checks reach",
    "reproduction(id): a reproduction of a printed example, figure, table or experiment",
    "erratum(printed, counterexample, corrected): on a strict-xfail claim whose printed statement "
    "the suite refutes; corrected is the id of the corrected claim",
    "proof_erratum(claim, printed, counterexample, corrected): on a plain test that demonstrates a "
    "gap in the printed proof of claim (the statement itself stands); listed in the errata when the test passes",
    "slow: long-running; deselect with -m 'not slow'",
)

_run_stash = pytest.StashKey[dict]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("landscape", "landscape claims report")
    group.addoption(
        "--report-dir", default=None, metavar="DIR",
        help="where results.json, index.html and figures/ go (default: <rootdir>/reports)",
    )
    group.addoption(
        "--no-report", action="store_true", default=False,
        help="do not write results.json/index.html even if claims or reproductions ran",
    )
    group.addoption(
        "--landscape-list", default=None, metavar="FILE",
        help="write the collected claims and reproductions as JSON to FILE (used by `python -m landscape claims`)",
    )


def pytest_configure(config: pytest.Config) -> None:
    for line in MARKERS:
        config.addinivalue_line("markers", line)
    config.pluginmanager.register(LandscapePlugin(config), "landscape-session")


@pytest.fixture(scope="session")
def landscape_staging_dir(pytestconfig: pytest.Config) -> Path:
    """Where reproductions write figures/ and data/ during this run (shared by xdist workers)."""
    plugin = pytestconfig.pluginmanager.get_plugin("landscape-session")
    return plugin.staging_dir


@pytest.fixture
def record_reproduction(request: pytest.FixtureRequest):
    """``record_reproduction(rep)`` ships a :class:`landscape.reproduction.Reproduction` to the report."""

    def record(rep) -> None:
        request.node.user_properties.append((REPRO_KEY, rep.to_dict()))

    return record


# --------------------------------------------------------------------------------------
# helpers


def _props(report: Any) -> dict[str, Any]:
    """``user_properties`` as a dict (xdist turns the pairs into lists)."""
    out: dict[str, Any] = {}
    for entry in getattr(report, "user_properties", ()) or ():
        try:
            name, value = entry
        except (TypeError, ValueError):
            continue
        out[name] = value
    return out


def _clip(text: str | None, limit: int = MAX_TEXT) -> str | None:
    if text is None:
        return None
    text = str(text)
    return text if len(text) <= limit else text[: limit - 20] + "\n... [truncated]"


def _marker_args(marker: pytest.Mark, names: tuple[str, ...]) -> dict[str, Any]:
    """Positional and keyword marker arguments by name; TypeError on surplus/duplicates."""
    if len(marker.args) > len(names):
        raise TypeError(f"at most {len(names)} positional arguments ({', '.join(names)}), got {len(marker.args)}")
    values = dict(zip(names, marker.args))
    for key, value in marker.kwargs.items():
        if key not in names:
            raise TypeError(f"unexpected argument {key!r}; expected {', '.join(names)}")
        if key in values:
            raise TypeError(f"argument {key!r} given twice")
        values[key] = value
    return values


_FAILING_PREFIXES = ("Failing test case", "Failing explicit example", "Falsifying example", "Falsifying explicit example")
_NOT_EXAMPLE_PREFIXES = ("Explanation:", "You can reproduce", "@reproduce_failure", "Highest target", "Trying example",
                         "Test case:", "Unreliable test", "Hypothesis found")


def _falsifying(fragments: list[str]) -> str | None:
    """The failing-example blocks Hypothesis attached (each with the ``note()`` lines after it)."""
    blocks: list[list[str]] = []
    current: list[str] | None = None
    for text in fragments:
        if text.startswith(_FAILING_PREFIXES):
            current = [text]
            blocks.append(current)
        elif current is not None and not text.startswith(_NOT_EXAMPLE_PREFIXES):
            current.append(text)
        else:
            current = None
    return "\n\n".join("\n".join(b) for b in blocks) if blocks else None


def _notes(exc: BaseException | None, depth: int = 0) -> list[str]:
    """``__notes__`` of ``exc`` and, for exception groups, of the exceptions inside."""
    if exc is None or depth > 5:
        return []
    out = [str(n) for n in getattr(exc, "__notes__", ()) or ()]
    if isinstance(exc, BaseExceptionGroup):
        for sub in exc.exceptions:
            out.extend(_notes(sub, depth + 1))
    return out


def _hypothesis_summary(stats: dict[str, Any] | None, explicit: int) -> dict[str, Any]:
    """Counts from Hypothesis' per-test statistics dict (as given to its ``collector``)."""
    summary = {"explicit": explicit, "passing": 0, "failing": 0, "invalid": 0, "shrink_calls": 0,
               "stopped_because": None}
    if not stats:
        return summary
    for key, phase in stats.items():
        if not (isinstance(key, str) and key.endswith("-phase") and isinstance(phase, dict)):
            continue
        cases = phase.get("test-cases", [])
        if key == "shrink-phase" or key == "explain-phase":
            summary["shrink_calls"] += len(cases)
            continue
        for case in cases:
            status = case.get("status")
            if status == "valid":
                summary["passing"] += 1
            elif status == "interesting":
                summary["failing"] += 1
            else:  # "invalid" (rejected by assume/filter) or "overrun"
                summary["invalid"] += 1
    summary["stopped_because"] = stats.get("stopped-because")
    return summary


def _phase_message(report: Any) -> str:
    if report.outcome == "skipped" and isinstance(report.longrepr, tuple) and len(report.longrepr) == 3:
        reason = str(report.longrepr[2])
        return reason.removeprefix("Skipped: ")
    crash = getattr(getattr(report, "longrepr", None), "reprcrash", None)
    if crash is not None and getattr(crash, "message", None):
        return crash.message
    return str(report.longrepr or "")


def _git(root: Path, *args: str) -> str | None:
    try:
        out = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip()


def _versions() -> dict[str, str]:
    import importlib.metadata as md

    out = {"python": platform.python_version()}
    for pkg in ("landscape-claims", "torch", "numpy", "scipy", "sympy", "hypothesis", "pytest",
                "pytest-xdist", "matplotlib", "Jinja2", "python-flint"):
        try:
            out[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            pass
    return out


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


# Outcome precedence when several items (parametrized) make up one claim.
_PRECEDENCE = ("failed", "xpassed", "xfailed", "passed", "skipped")


def _as_refutation(exc: Exception) -> None:
    """For a printed claim under ``xfail(raises=AssertionError)``: Hypothesis reports several
    distinct falsifying examples as an ExceptionGroup; when every one is a failed check
    (AssertionError), raise one AssertionError that carries them, so the refutation counts.
    Anything else (a crash, a group with a crash) propagates unchanged and fails the test."""
    if isinstance(exc, BaseExceptionGroup):
        checks, other = exc.split(AssertionError)  # split() looks through nested groups
        if other is None:
            raise AssertionError(f"{len(checks.exceptions)} distinct refutations:\n"
                                 + "\n".join(str(e) for e in checks.exceptions)) from exc


# --------------------------------------------------------------------------------------
class LandscapePlugin:
    """Per-session state; one instance per ``pytest.Config`` (pytester runs nest sessions)."""

    def __init__(self, config: pytest.Config):
        self.config = config
        self.is_worker = hasattr(config, "workerinput")
        opt = config.getoption("--report-dir")
        self.report_dir = Path(opt).resolve() if opt else config.rootpath / "reports"
        self.enabled = not config.getoption("--no-report")
        self.started = _now()
        if self.is_worker:
            self.staging_dir = Path(config.workerinput[STAGING_KEY])
            self._owns_staging = False
        else:
            # System temp, not the report dir: a crash must leave nothing next to the report.
            self.staging_dir = Path(tempfile.mkdtemp(prefix="landscape-staging-"))
            self._owns_staging = True
        self._ids: dict[str, str] = {}  # claim/reproduction id -> the test that owns it
        self._items: dict[str, dict[str, Any]] = {}  # nodeid -> static, phases, run, repro
        self._order: list[str] = []
        self._proof_errata: dict[str, dict[str, Any]] = {}  # nodeid -> erratum, demonstrated?
        self._deselected = 0
        self.written: Path | None = None
        self.skipped_reason: str | None = None

    # ---- xdist -----------------------------------------------------------------------
    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: Any) -> None:
        node.workerinput[STAGING_KEY] = str(self.staging_dir)

    # ---- collection ------------------------------------------------------------------
    @pytest.hookimpl(wrapper=True)
    def pytest_make_collect_report(self, collector: pytest.Collector):
        rep = yield
        if rep.outcome == "passed" and rep.result:
            problems: list[str] = []
            for node in rep.result:
                if isinstance(node, pytest.Item):
                    problems.extend(self._check_item(node))
            if problems:
                rep.outcome = "failed"
                rep.longrepr = "landscape: invalid claim markers\n" + "\n".join(f"  {p}" for p in problems)
                rep.result = []
        return rep

    def _check_item(self, item: pytest.Item) -> list[str]:
        claims = list(item.iter_markers("claim"))
        repros = list(item.iter_markers("reproduction"))
        errata = list(item.iter_markers("erratum"))
        proof_errata = list(item.iter_markers("proof_erratum"))
        where = item.nodeid
        if proof_errata:
            if claims or repros:
                return [f"{where}: @proof_erratum goes on the plain test that demonstrates the gap, not on a claim"]
            return self._check_proof_erratum(item, proof_errata)
        if not claims and not repros:
            return [f"{where}: @erratum without @claim"] if errata else []
        if claims and repros:
            return [f"{where}: both @claim and @reproduction; a test is one or the other"]
        if len(claims) > 1 or len(repros) > 1:
            return [f"{where}: {len(claims) or len(repros)} claim/reproduction markers; one test checks one id"]
        kind = "claim" if claims else "reproduction"
        marker = (claims or repros)[0]
        try:
            args = _marker_args(marker, ("id", "evidence") if claims else ("id",))
        except TypeError as exc:
            return [f"{where}: @{kind}: {exc}"]
        if "id" not in args:
            return [f"{where}: @{kind} needs an id '<paperkey>/<kind>-<number>'"]
        try:
            cid = parse_claim_id(args["id"])
        except ValueError as exc:
            return [f"{where}: {exc}"]
        problems: list[str] = []
        evidence = None
        if claims:
            if args.get("evidence") is None:
                problems.append(f"{where}: claim {cid}: missing evidence=...; one of {[e.value for e in Evidence]}")
            else:
                try:
                    evidence = Evidence.parse(args["evidence"]).value
                except ValueError as exc:
                    problems.append(f"{where}: claim {cid}: {exc}")
        # Parametrized items of one claim test share its id; each reproduction item is its own.
        owner = item.nodeid.split("[", 1)[0] if kind == "claim" else item.nodeid
        other = self._ids.setdefault(str(cid), owner)
        if other != owner:
            problems.append(f"{where}: duplicate {kind} id {cid}: already used by {other}")
        erratum = None
        if errata:
            if not claims:
                problems.append(f"{where}: @erratum is for claims only")
            elif len(errata) > 1:
                problems.append(f"{where}: {len(errata)} @erratum markers; one per claim")
            else:
                erratum, more = self._check_erratum(item, errata[0], cid)
                problems.extend(more)
        if problems:
            return problems
        func = getattr(item, "function", None)
        static = {
            "type": kind,
            "id": str(cid),
            "paper": cid.paper,
            "kind": cid.kind,
            "number": cid.number,
            "evidence": evidence,
            "statement": (inspect.getdoc(func) or "") if (func is not None and kind == "claim") else "",
            "test": getattr(item, "originalname", item.name),
            "erratum": erratum,
            "xfail": item.get_closest_marker("xfail") is not None,
        }
        item.user_properties.append((ITEM_KEY, static))
        return []

    def _check_proof_erratum(self, item: pytest.Item, markers: list[pytest.Mark]) -> list[str]:
        where = f"{item.nodeid}: @proof_erratum"
        if len(markers) > 1:
            return [f"{where}: {len(markers)} markers; one gap per test"]
        names = ("claim", "printed", "counterexample", "corrected")
        try:
            args = _marker_args(markers[0], names)
        except TypeError as exc:
            return [f"{where}: {exc}"]
        problems = [f"{where}: {name}= must be a non-empty string" for name in names
                    if not (isinstance(args.get(name), str) and args[name].strip())]
        if problems:
            return problems
        try:
            cid = parse_claim_id(args["claim"])
        except ValueError as exc:
            return [f"{where}: claim: {exc}"]
        item.user_properties.append((PROOF_KEY, {
            "claim": str(cid), "printed": args["printed"], "counterexample": args["counterexample"],
            "corrected": args["corrected"]}))
        return []

    def _check_erratum(self, item: pytest.Item, marker: pytest.Mark, cid) -> tuple[dict | None, list[str]]:
        where = f"{item.nodeid}: @erratum"
        try:
            args = _marker_args(marker, ("printed", "counterexample", "corrected"))
        except TypeError as exc:
            return None, [f"{where}: {exc}"]
        problems = [
            f"{where}: {name}= must be a non-empty string"
            for name in ("printed", "counterexample", "corrected")
            if not (isinstance(args.get(name), str) and args[name].strip())
        ]
        if problems:
            return None, problems
        try:
            corrected = parse_claim_id(args["corrected"])
        except ValueError as exc:
            return None, [f"{where}: corrected: {exc}"]
        if corrected == cid:
            problems.append(f"{where}: corrected claim must differ from the printed claim {cid}")
        xfail = item.get_closest_marker("xfail")
        strict_default = bool(item.config.getini("xfail_strict"))
        raises = xfail.kwargs.get("raises") if xfail is not None else None
        if xfail is None or not xfail.kwargs.get("strict", strict_default) or raises is not AssertionError:
            problems.append(f"{where}: the printed claim must be marked "
                            "@pytest.mark.xfail(strict=True, raises=AssertionError): only a failed check "
                            "(not a crash) may count as the refutation")
        return ({"printed": args["printed"], "counterexample": args["counterexample"],
                 "corrected_claim": str(corrected)}, problems)

    @pytest.hookimpl(trylast=True)
    def pytest_deselected(self, items) -> None:
        self._deselected += len(items)

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        path = self.config.getoption("--landscape-list")
        if not path or self.is_worker:
            return
        rows = []
        for item in session.items:
            static = _props(item).get(ITEM_KEY)
            if static:
                rows.append({k: static[k] for k in ("type", "id", "paper", "kind", "number", "evidence")}
                            | {"nodeid": item.nodeid})
        Path(path).write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")

    # ---- running ---------------------------------------------------------------------
    @pytest.hookimpl(wrapper=True, trylast=True)
    def pytest_runtest_call(self, item: pytest.Item):
        # trylast: innermost wrapper, so Hypothesis' own statistics collector and reporter
        # are already installed and we chain to them rather than replace them.
        static = _props(item).get(ITEM_KEY)
        if not static or static["type"] != "claim":
            return (yield)
        data: dict[str, Any] = {"stats": None, "messages": []}
        item.stash[_run_stash] = data
        evidence_log.clear()
        with _hypothesis_taps(data):
            try:
                result = yield
            except Exception as exc:
                if static.get("erratum") is not None:
                    _as_refutation(exc)
                raise
            finally:
                records = evidence_log.records()
                evidence_log.clear()
                data["observed"] = sorted({c.evidence.value for c in records},
                                          key=lambda v: -Evidence(v).strength)
                summaries: list[str] = []
                for cert in records:
                    s = cert.summary()
                    if s not in summaries:
                        summaries.append(s)
                data["certificates"] = [_clip(s, 600) for s in summaries[:MAX_CERTIFICATES]]
                data["n_certificates"] = len(records)
        if not static["xfail"]:
            declared = Evidence(static["evidence"])
            low = weakest(data["observed"])
            if low is None:
                pytest.fail(
                    f"over-claimed evidence: claim {static['id']} declares evidence={declared.value!r} "
                    "but required no certificate; check through landscape.evidence.require(...)",
                    pytrace=False,
                )
            if low.strength < declared.strength:
                pytest.fail(
                    f"over-claimed evidence: claim {static['id']} declares evidence={declared.value!r} "
                    f"but its weakest certificate is {low.value!r} (observed {data['observed']})",
                    pytrace=False,
                )
        return result

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        rep = yield
        data = item.stash.get(_run_stash, None)
        if call.when == "call" and data is not None:
            # Hypothesis attaches the failing example to the exception as notes (6.1xx);
            # older versions sent it through the reporter.
            exc = call.excinfo.value if call.excinfo is not None else None
            falsifying = _falsifying(_notes(exc)) or _falsifying(list(data["messages"]))
            explicit = len(getattr(getattr(item, "obj", None), "hypothesis_explicit_examples", ()) or ())
            is_hyp = data["stats"] is not None or bool(getattr(getattr(item, "obj", None), "is_hypothesis_test", False))
            hyp = _hypothesis_summary(data["stats"], explicit) if is_hyp else None
            run = {
                "observed_evidence": data.get("observed", []),
                "certificates": data.get("certificates", []),
                "n_certificates": data.get("n_certificates", 0),
                "hypothesis": hyp,
                "examples": (hyp["explicit"] + hyp["passing"] + hyp["failing"]) if hyp else None,
                "falsifying_example": _clip(falsifying),
            }
            rep.user_properties.append((RUN_KEY, run))
        return rep

    # ---- controller: collect ---------------------------------------------------------
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if self.is_worker:
            return
        props = _props(report)
        if PROOF_KEY in props:
            # Demonstrated iff every phase passed (a failing demonstration is a plain test failure).
            entry = self._proof_errata.setdefault(report.nodeid, {"erratum": props[PROOF_KEY], "passed": True})
            entry["passed"] = entry["passed"] and report.outcome == "passed"
            return
        static = props.get(ITEM_KEY)
        state = self._items.get(report.nodeid)
        if state is None:
            if not static:
                return
            state = self._items[report.nodeid] = {"static": static, "phases": {}, "run": None, "repro": None}
            self._order.append(report.nodeid)
        # xdist reports a test whose worker died with when="???" and no user_properties;
        # the setup report already told us which claim it was.
        when = report.when if report.when in ("setup", "call", "teardown") else "call"
        state["phases"][when] = {
            "outcome": report.outcome,
            "duration": float(report.duration or 0.0),
            "wasxfail": getattr(report, "wasxfail", None),
            "message": _clip(_phase_message(report)),
        }
        if RUN_KEY in props:
            state["run"] = props[RUN_KEY]
        if REPRO_KEY in props:
            state["repro"] = props[REPRO_KEY]

    @staticmethod
    def _outcome(phases: dict[str, dict]) -> tuple[str, str]:
        setup, call, teardown = (phases.get(w) for w in ("setup", "call", "teardown"))
        outcome, message = "skipped", ""
        for ph in (setup, call):
            if ph is None:
                continue
            if ph["outcome"] == "failed":
                xpass = ph["message"].startswith("[XPASS(strict)]")
                outcome, message = ("xpassed" if xpass else "failed"), ph["message"]
                break
            if ph["outcome"] == "skipped":
                outcome = "xfailed" if ph["wasxfail"] is not None else "skipped"
                message = ph["wasxfail"] if ph["wasxfail"] is not None else ph["message"]
                break
            if ph is call:
                outcome = "xpassed" if ph["wasxfail"] is not None else "passed"
                message = ph["wasxfail"] or ""
        if teardown is not None and teardown["outcome"] == "failed":
            outcome, message = "failed", f"error in teardown: {teardown['message']}"
        return outcome, message

    # ---- controller: assemble and publish --------------------------------------------
    def _partial(self, session: pytest.Session) -> bool:
        opt = self.config.option
        if getattr(opt, "keyword", "") or getattr(opt, "markexpr", "") or self._deselected:
            return True
        if session.shouldstop or session.shouldfail:
            return True
        if self.config.args_source != pytest.Config.ArgsSource.ARGS:
            return False
        targets = []
        for arg in self.config.args:
            p = Path(str(arg).split("::", 1)[0])
            p = p if p.is_absolute() else self.config.invocation_params.dir / p
            targets.append((p.resolve(), "::" in str(arg)))
        for name in ("claims", "reproductions"):
            d = (self.config.rootpath / name).resolve()
            if not any(d.glob("test_*.py")):
                continue
            if not any(not node and (t == d or t in d.parents) for t, node in targets):
                return True
        return False

    def _assemble(self, session: pytest.Session, exitstatus: int):
        from landscape.papers import ClaimId
        from landscape.report.coverage import coverage_sections
        from landscape.report.model import ClaimResult, Erratum, ReproductionResult, Results

        grouped: dict[str, list[dict]] = {}
        repros: list[ReproductionResult] = []
        repro_errata: list[tuple[str, dict]] = []
        for nodeid in self._order:
            st = self._items[nodeid]
            outcome, message = self._outcome(st["phases"])
            duration = sum(ph["duration"] for ph in st["phases"].values())
            static = st["static"]
            if static["type"] == "claim":
                grouped.setdefault(static["id"], []).append(
                    {"nodeid": nodeid, "outcome": outcome, "message": message, "duration": duration,
                     "static": static, "run": st["run"] or {}}
                )
                continue
            rec = dict(st["repro"] or {})
            for e in rec.pop("errata", None) or []:
                repro_errata.append((static["id"], e))
            if rec:
                r_outcome = rec.pop("outcome", "error")
                if outcome == "failed" and r_outcome != "differs":
                    r_outcome = "error"  # it recorded, then something raised
            else:
                r_outcome = "skipped" if outcome in ("skipped", "xfailed") else "error"
            cid = parse_claim_id(static["id"])
            rec.update(id=static["id"], paper=cid.paper, kind=cid.kind, number=cid.number)
            files = [f for f in (*rec.get("figures", []), *rec.get("data", []))]
            missing = [f for f in files if not (self.staging_dir / f).is_file()]
            if missing:
                message = (message + "\n" if message else "") + f"files not found in staging: {missing}"
                rec["figures"] = [f for f in rec.get("figures", []) if f not in missing]
                rec["data"] = [f for f in rec.get("data", []) if f not in missing]
            repros.append(ReproductionResult(outcome=r_outcome, test_outcome=outcome, duration_s=round(duration, 4),
                                             nodeid=nodeid, message=message or "", **{
                                                 k: v for k, v in rec.items()
                                                 if k not in ("outcome", "test_outcome", "duration_s", "nodeid", "message")}))

        claims: list[ClaimResult] = []
        for cid_str, parts in grouped.items():
            outcomes = [p["outcome"] for p in parts]
            outcome = next(o for o in _PRECEDENCE if o in outcomes)
            static = parts[0]["static"]
            runs = [p["run"] for p in parts]
            observed = sorted({e for r in runs for e in r.get("observed_evidence", [])},
                              key=lambda v: -Evidence(v).strength)
            certs: list[str] = []
            for r in runs:
                for c in r.get("certificates", []):
                    if c not in certs and len(certs) < MAX_CERTIFICATES:
                        certs.append(c)
            hyps = [r.get("hypothesis") for r in runs if r.get("hypothesis")]
            hyp = None
            if hyps:
                hyp = {k: sum(h.get(k) or 0 for h in hyps) for k in ("explicit", "passing", "failing", "invalid", "shrink_calls")}
                hyp["stopped_because"] = "; ".join(sorted({h["stopped_because"] for h in hyps if h.get("stopped_because")})) or None
            examples = [r.get("examples") for r in runs if r.get("examples") is not None]
            falsifying = [r["falsifying_example"] for r in runs if r.get("falsifying_example")]
            messages = [f"{p['nodeid']}: {p['message']}" if len(parts) > 1 else p["message"]
                        for p in parts if p["message"]]
            cid = parse_claim_id(cid_str)
            claims.append(ClaimResult(
                id=cid_str, paper=cid.paper, kind=cid.kind, number=cid.number, outcome=outcome,
                evidence=static["evidence"], observed_evidence=observed, certificates=certs,
                examples=sum(examples) if examples else None, hypothesis=hyp,
                duration_s=round(sum(p["duration"] for p in parts), 4),
                falsifying_example=_clip("\n\n".join(falsifying)) if falsifying else None,
                statement=static["statement"], nodeid=parts[0]["nodeid"].split("[", 1)[0] if len(parts) > 1 else parts[0]["nodeid"],
                nodeids=[p["nodeid"] for p in parts], test=static["test"],
                message=_clip("\n".join(messages)) or "", erratum=static["erratum"] is not None,
                coverage=coverage_sections(static["statement"]),
            ))
        claims.sort(key=lambda c: ClaimId(c.paper, c.kind, c.number).sort_key)
        repros.sort(key=lambda r: ClaimId(r.paper, r.kind, r.number).sort_key)
        by_id = {c.id: c for c in claims}
        errata = []
        for c in claims:
            e = grouped[c.id][0]["static"]["erratum"]
            if e:
                corrected = by_id.get(e["corrected_claim"])
                errata.append(Erratum(claim=c.id, printed=e["printed"], counterexample=e["counterexample"],
                                      corrected_claim=e["corrected_claim"], outcome=c.outcome,
                                      corrected_outcome=corrected.outcome if corrected else None,
                                      falsifying_example=c.falsifying_example))
        by_claim = {c.id: c.outcome for c in claims}
        for nodeid, entry in self._proof_errata.items():
            e = entry["erratum"]
            errata.append(Erratum(claim=e["claim"], printed=e["printed"], counterexample=e["counterexample"],
                                  corrected_claim=e["corrected"],
                                  outcome="demonstrated" if entry["passed"] else "not demonstrated",
                                  corrected_outcome=by_claim.get(e["claim"]),
                                  extra={"kind": "proof", "nodeid": nodeid}))
        outcome_of = {r.id: r.outcome for r in repros}
        for rid, e in repro_errata:
            # A reproduction's erratum corrects a printed formula or number; its corrected
            # statement is text checked by the same reproduction, not another claim id.
            errata.append(Erratum(claim=rid, printed=e["printed"], counterexample=e["counterexample"],
                                  corrected_claim=e["corrected"], outcome=outcome_of.get(rid, ""),
                                  corrected_outcome=outcome_of.get(rid)))

        from hypothesis import settings as _hsettings  # the controller loaded the chosen profile

        try:
            profile = _hsettings.get_current_profile_name()
        except Exception:  # pragma: no cover - very old Hypothesis
            profile = None
        numprocesses = getattr(self.config.option, "numprocesses", None)
        dist = getattr(self.config.option, "dist", "no")
        workers = int(numprocesses) if isinstance(numprocesses, int) and numprocesses and dist != "no" else 1
        root = self.config.rootpath
        status = _git(root, "status", "--porcelain", "--untracked-files=no")
        run = {
            "started": self.started,
            "finished": _now(),
            "commit": _git(root, "rev-parse", "HEAD"),
            "dirty": None if status is None else bool(status),
            "versions": _versions(),
            "profile": profile,
            "workers": workers,
            "argv": [str(a) for a in self.config.invocation_params.args],
            "exitstatus": int(exitstatus),
            "partial": self._partial(session),
            "platform": platform.platform(),
        }
        return Results(run=run, claims=claims, reproductions=repros, errata=errata)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if self.is_worker or not self.enabled or not self._items:
            return
        if exitstatus in (pytest.ExitCode.INTERRUPTED, pytest.ExitCode.INTERNAL_ERROR):
            self.skipped_reason = f"run ended with {pytest.ExitCode(exitstatus).name}; previous report kept"
            return
        from landscape.report.publish import publish

        results = self._assemble(session, exitstatus)
        self.written = publish(results, self.staging_dir, self.report_dir)

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if self.written is not None:
            terminalreporter.write_sep("-", f"landscape report: {self.written}")
        elif self.skipped_reason:
            terminalreporter.write_sep("-", f"landscape report not written: {self.skipped_reason}")

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        if self._owns_staging:
            shutil.rmtree(self.staging_dir, ignore_errors=True)


# --------------------------------------------------------------------------------------
class _hypothesis_taps:
    """Chain into Hypothesis' statistics collector and reporter for one test call."""

    def __init__(self, data: dict[str, Any]):
        self.data = data
        self._stack = None

    def __enter__(self):
        from contextlib import ExitStack

        self._stack = ExitStack()
        if "hypothesis" not in sys.modules:
            return self
        try:
            from hypothesis.reporting import current_reporter, with_reporter
            from hypothesis.statistics import collector
        except ImportError:  # pragma: no cover - layout changed; fall back to report text
            return self
        outer_collector = collector.value
        outer_reporter = current_reporter()

        def note_statistics(stats: dict) -> None:
            self.data["stats"] = dict(stats)
            if outer_collector is not None:
                outer_collector(stats)

        def report(value: Any) -> None:
            self.data["messages"].append(value if isinstance(value, str) else str(value))
            outer_reporter(value)

        self._stack.enter_context(collector.with_value(note_statistics))
        self._stack.enter_context(with_reporter(report))
        return self

    def __exit__(self, *exc):
        return self._stack.__exit__(*exc)
