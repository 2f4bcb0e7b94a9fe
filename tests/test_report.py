"""The report: results.json model, atomic publishing, HTML rendering, reproductions, CLI."""

import base64
import json
import math
import os

import numpy as np
import pytest
import torch

import landscape.report.publish as publish_module
import landscape.reproduction as reproduction_module
from landscape import cli
from landscape.report.figures import data_uri, new_figure
from landscape.report.html import render, render_html
from landscape.report.model import (
    ClaimResult, Erratum, ReproductionResult, Results, atomic_write_text, jsonable, load_benchmarks, load_results,
)
from landscape.report.publish import publish
from landscape.reproduction import Reproduction, reproduction, run

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def sample_results(**run_extra) -> Results:
    return Results(
        run={"started": "2026-01-01T00:00:00+00:00", "commit": "abc123", "versions": {"torch": "2"},
             "profile": "ci", "workers": 2, "partial": False, **run_extra},
        claims=[
            ClaimResult(id="li2022benefit/thm-6", paper="li2022benefit", kind="thm", number="6", outcome="passed",
                        evidence="second-order", observed_evidence=["second-order"], examples=26,
                        hypothesis={"explicit": 1, "passing": 25, "failing": 0, "invalid": 0, "shrink_calls": 0,
                                    "stopped_because": "settings.max_examples=25"},
                        duration_s=1.9, statement="Theorem 6.\n\nH1: <script>alert(1)</script> & m = 1",
                        nodeid="claims/test_li2022benefit.py::test_thm_6"),
            ClaimResult(id="li2022benefit/thm-7", paper="li2022benefit", kind="thm", number="7", outcome="xfailed",
                        evidence="witness", falsifying_example="Failing test case: f(\n    x=5,\n)", erratum=True),
            ClaimResult(id="nguyen2017loss/thm-3.8", paper="nguyen2017loss", kind="thm", number="3.8",
                        outcome="failed", evidence="sampled", message="AssertionError: <b>no</b>"),
        ],
        reproductions=[
            ReproductionResult(id="li2022benefit/fig-3", outcome="reproduced", paper="li2022benefit", kind="fig",
                               number="3", title="Figure 3",
                               quantities=[{"name": "y[1]", "paper": -1.1766, "ours": -1.17661, "tol": 1e-4,
                                            "rel": False, "ok": True, "note": ""}],
                               figures=["figures/li2022benefit-fig-3.png"]),
        ],
        errata=[Erratum(claim="li2022benefit/thm-7", printed="for all x < 5", counterexample="x = 5",
                        corrected_claim="li2022benefit/thm-7.1", outcome="xfailed")],
    )


# ---------------------------------------------------------------------------------------
# model


def test_results_round_trip_through_json(tmp_path):
    results = sample_results()
    results.claims[0].extra["custom"] = {"k": 1}
    path = tmp_path / "results.json"
    atomic_write_text(path, results.to_json())
    back = load_results(tmp_path)
    assert back.to_dict() == results.to_dict()
    assert back.claims[0].extra == {"custom": {"k": 1}}
    assert json.loads(path.read_text())["claims"][0]["custom"] == {"k": 1}


def test_jsonable_handles_arrays_tensors_and_non_finite_floats():
    value = {"a": np.float64(1.5), "b": np.arange(3), "c": torch.tensor([1.0, math.nan], dtype=torch.float64),
             "d": (math.inf, -math.inf), "e": {2, 1}}
    assert jsonable(value) == {"a": 1.5, "b": [0, 1, 2], "c": [1.0, "NaN"], "d": ["Infinity", "-Infinity"],
                               "e": [1, 2]}
    json.dumps(jsonable(value), allow_nan=False)


def test_bad_results_files_are_rejected(tmp_path):
    with pytest.raises(FileNotFoundError, match="python -m landscape report"):
        load_results(tmp_path)
    (tmp_path / "results.json").write_text('{"run": {}, "claims": []}')
    with pytest.raises(ValueError, match=r"missing top-level keys \['reproductions', 'errata'\]"):
        load_results(tmp_path)


def test_counts_per_paper_and_outcome():
    counts = sample_results().counts()
    assert counts["li2022benefit"] == {"passed": 1, "xfailed": 1, "reproduced": 1}
    assert counts["nguyen2017loss"] == {"failed": 1}
    assert sum(counts["total"].values()) == 4


# ---------------------------------------------------------------------------------------
# benchmarks.json


@pytest.mark.parametrize("wrap", [False, True])
def test_benchmarks_file_in_either_shape(tmp_path, wrap):
    entries = [{"name": "loss_batch", "description": "1024 points", "baseline_s": 2.0, "batched_s": 0.1,
                "peak_mb": 12.5, "figure": "figures/bench-loss.png"}]
    payload = {"generated": "2026-01-01", "machine": "2 cores", "benchmarks": entries} if wrap else entries
    (tmp_path / "benchmarks.json").write_text(json.dumps(payload))
    bench = load_benchmarks(tmp_path)
    assert bench.entries[0].ratio == pytest.approx(20.0)
    assert bench.meta == ({"generated": "2026-01-01", "machine": "2 cores"} if wrap else {})


def test_bad_benchmarks_file_is_rejected(tmp_path):
    assert load_benchmarks(tmp_path) is None
    (tmp_path / "benchmarks.json").write_text(json.dumps([{"description": "no name"}]))
    with pytest.raises(ValueError, match="needs a 'name'"):
        load_benchmarks(tmp_path)


# ---------------------------------------------------------------------------------------
# HTML


def test_html_is_self_contained_escaped_and_complete(tmp_path):
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "li2022benefit-fig-3.png").write_bytes(PNG)
    (tmp_path / "figures" / "bench-loss.png").write_bytes(PNG)
    (tmp_path / "benchmarks.json").write_text(json.dumps([
        {"name": "hessian <exact>", "description": "vmap", "baseline_s": 1.0, "batched_s": 0.25,
         "peak_mb": None, "figure": "figures/bench-loss.png"}]))
    html = render_html(sample_results(), tmp_path)
    # Escaped: nothing from the data becomes markup.
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; m = 1" in html
    assert "AssertionError: &lt;b&gt;no&lt;/b&gt;" in html and "hessian &lt;exact&gt;" in html
    # Self-contained: inline style, embedded images, no external resources.
    assert "<style>" in html and "<link" not in html and 'src="http' not in html
    assert html.count('src="data:image/png;base64,' + base64.b64encode(PNG).decode()) == 2
    # Content: per-paper sections with citations, claim details, reproduction table, errata.
    assert 'id="paper-li2022benefit"' in html and 'id="paper-nguyen2017loss"' in html
    assert "On the Benefit of Width for Neural Networks: Disappearance of Basins" in html
    assert "Failing test case: f(\n    x=5,\n)" in html
    assert "settings.max_examples=25" in html and "1.90 s" in html
    assert "-1.1766" in html and "-1.17661" in html and "0.0001" in html
    assert 'id="errata"' in html and "for all x &lt; 5" in html
    assert 'id="benchmarks"' in html and "4.0&times;" in html


def test_missing_figures_are_flagged_not_fatal(tmp_path):
    html = render_html(sample_results(), tmp_path)
    assert "figure file missing: figures/li2022benefit-fig-3.png" in html
    assert 'id="benchmarks"' not in html


def test_partial_runs_are_flagged(tmp_path):
    assert "Partial run" in render_html(sample_results(partial=True), tmp_path)
    assert "Partial run" not in render_html(sample_results(), tmp_path)


def test_render_reads_results_json_only(tmp_path):
    atomic_write_text(tmp_path / "results.json", sample_results().to_json())
    out = render(tmp_path)
    assert out == tmp_path / "index.html" and "li2022benefit/thm-6" in out.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html", "results.json"]


def test_data_uri():
    assert data_uri("/nonexistent.png") is None


# ---------------------------------------------------------------------------------------
# publishing


def _staged(tmp_path):
    staging = tmp_path / "staging"
    (staging / "figures").mkdir(parents=True)
    (staging / "figures" / "li2022benefit-fig-3.png").write_bytes(PNG)
    return staging


def test_publish_installs_files_and_prunes_stale_reproduction_files(tmp_path):
    report = tmp_path / "reports"
    (report / "figures").mkdir(parents=True)
    (report / "figures" / "li2022benefit-ex-9.png").write_bytes(b"stale")
    (report / "figures" / "bench-loss.png").write_bytes(b"benchmark, not ours")
    out = publish(sample_results(), _staged(tmp_path), report)
    assert out == report / "index.html"
    assert sorted(p.name for p in (report / "figures").iterdir()) == ["bench-loss.png", "li2022benefit-fig-3.png"]
    assert load_results(report).to_dict() == sample_results().to_dict()
    assert sorted(p.name for p in report.iterdir()) == ["figures", "index.html", "results.json"]


@pytest.mark.parametrize("fail_on_call", [1, 2])
def test_interrupted_publish_leaves_the_previous_report_and_no_temp_files(tmp_path, monkeypatch, fail_on_call):
    report = tmp_path / "reports"
    report.mkdir()
    (report / "results.json").write_text("previous results")
    (report / "index.html").write_text("previous html")
    calls = []
    real_replace = os.replace

    def replace(src, dst):
        calls.append(dst)
        if str(dst).endswith(("results.json", "index.html")) and len([c for c in calls if str(c).endswith(
                ("results.json", "index.html"))]) == fail_on_call:
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(publish_module.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        publish(sample_results(), _staged(tmp_path), report)
    if fail_on_call == 1:
        assert (report / "results.json").read_text() == "previous results"
    assert (report / "index.html").read_text() == "previous html"
    assert [p.name for p in report.rglob("*") if p.name.startswith(".") or p.suffix == ".tmp"] == []


# ---------------------------------------------------------------------------------------
# reproductions (engine side)


def test_compare_record_and_outcome(tmp_path):
    rep = Reproduction("li2022benefit/ex-2", "Example 2", tmp_path)
    assert rep.outcome == "recorded"
    rep.record("steps", 7)
    assert rep.outcome == "recorded"  # nothing printed to compare with
    q = rep.compare("y[1]", -1.1766, -1.17661, tol=1e-4)
    assert q.ok and rep.outcome == "reproduced"
    assert rep.compare("rel", 100.0, 100.9, tol=0.01, rel=True).ok
    assert not rep.compare("off", 1.0, 1.0 + 2e-4, tol=1e-4).ok
    assert rep.outcome == "differs" and [d.name for d in rep.differing] == ["off"]
    assert not rep.compare("nan", 1.0, math.nan, tol=1.0).ok


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(paper=1.0, ours=1.0, tol=-1.0), "tol: tolerance of 'x' must be finite and >= 0"),
        (dict(paper=math.inf, ours=1.0, tol=1.0), "paper: printed value of 'x' must be finite"),
        (dict(paper="one", ours=1.0, tol=1.0), "paper: expected a real number"),
    ],
)
def test_bad_comparisons_raise(kwargs, match):
    rep = Reproduction("li2022benefit/ex-2", "Example 2")
    with pytest.raises(ValueError, match=match):
        rep.compare("x", **kwargs)


def test_bad_reproduction_arguments_raise(tmp_path):
    with pytest.raises(ValueError, match="unknown paper"):
        Reproduction("nobody2020/ex-1", "t")
    with pytest.raises(ValueError, match="title"):
        Reproduction("li2022benefit/ex-2", " ")
    rep = Reproduction("li2022benefit/ex-2", "t")
    rep.record("a", 1.0)
    with pytest.raises(ValueError, match="recorded twice"):
        rep.record("a", 2.0)
    with pytest.raises(ValueError, match="out_dir"):
        rep.data("d", {})
    with pytest.raises(ValueError, match="must be lower-case"):
        Reproduction("li2022benefit/ex-2", "t", tmp_path).data("Bad Name", {})
    with pytest.raises(ValueError, match="counterexample: an erratum of li2022benefit/ex-2 needs"):
        rep.erratum(printed="(71c)", counterexample=" ", corrected="fixed")
    assert rep.errata == []
    rep.erratum(printed="(71c)", counterexample="sympy", corrected="fixed")
    assert rep.to_dict()["errata"] == [{"printed": "(71c)", "counterexample": "sympy", "corrected": "fixed"}]


def test_figures_and_data_files(tmp_path):
    rep = Reproduction("nguyen2017loss/fig-3.1", "Figure", tmp_path)
    fig = new_figure(2, 2)
    fig.add_subplot().plot([0, 1])
    assert rep.figure(fig) == "figures/nguyen2017loss-fig-3.1.png"
    assert rep.figure(fig, "zoom") == "figures/nguyen2017loss-fig-3.1-zoom.png"
    assert (tmp_path / "figures" / "nguyen2017loss-fig-3.1-zoom.png").read_bytes()[:4] == b"\x89PNG"
    with pytest.raises(ValueError, match="saved twice"):
        rep.figure(fig)
    path = rep.data("grid", {"t": np.linspace(0, 1, 3), "loss": torch.zeros(2, dtype=torch.float64)})
    payload = json.loads((tmp_path / path).read_text())
    assert payload["reproduction"] == "nguyen2017loss/fig-3.1" and payload["data"]["t"] == [0.0, 0.5, 1.0]
    assert set(payload) == {"reproduction", "title", "name", "created", "versions", "data"}
    assert rep.to_dict()["figures"] == ["figures/nguyen2017loss-fig-3.1.png", "figures/nguyen2017loss-fig-3.1-zoom.png"]


def test_registry(monkeypatch, tmp_path):
    monkeypatch.setattr(reproduction_module, "REGISTRY", {})

    @reproduction("petzka2021nonattracting/ex-1", title="Example 1")
    def ex_1(rep):
        """Docstring becomes the statement."""
        rep.compare("v", 2.0, 2.0, tol=0.0)

    rep = run("petzka2021nonattracting/ex-1", tmp_path)
    assert rep.outcome == "reproduced" and rep.statement == "Docstring becomes the statement."
    with pytest.raises(ValueError, match="registered twice"):
        reproduction("petzka2021nonattracting/ex-1", title="again")(lambda rep: None)
    with pytest.raises(ValueError, match="no reproduction 'petzka2021nonattracting/ex-2'"):
        run("petzka2021nonattracting/ex-2", tmp_path)
    with pytest.raises(ValueError, match="bad kind"):
        reproduction("petzka2021nonattracting/example-1", title="t")


# ---------------------------------------------------------------------------------------
# command line


def test_help(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for command in ("report", "render", "claims", "reproduce"):
        assert command in out


def test_report_command_line():
    cmd = cli.pytest_command(profile="ci", workers=2, report_dir=None, extra=["-k", "thm"])
    assert cmd[1:] == ["-m", "pytest", "claims", "reproductions", "--hypothesis-profile=ci", "-n", "2", "-k", "thm"]
    assert "-n" not in cli.pytest_command(profile="dev", workers=1, report_dir=None, extra=[])


def test_pass_through_only_for_report(capsys):
    with pytest.raises(SystemExit):
        cli.main(["render", "--", "-x"])
    assert "passed to pytest by 'report' only" in capsys.readouterr().err


def test_render_command(tmp_path, capsys):
    assert cli.main(["render", "--report-dir", str(tmp_path)]) == 2
    assert "no results.json" in capsys.readouterr().err
    atomic_write_text(tmp_path / "results.json", sample_results().to_json())
    assert cli.main(["render", "--report-dir", str(tmp_path)]) == 0
    assert (tmp_path / "index.html").exists()


def test_reproduce_command_merges_into_the_report(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(reproduction_module, "REGISTRY", {})
    monkeypatch.chdir(tmp_path)

    @reproduction("li2022benefit/fig-3", title="Figure 3 again")
    def fig_3(rep):
        fig = new_figure(2, 2)
        fig.add_subplot().plot([1, 0])
        rep.figure(fig)
        rep.compare("y[1]", -1.1766, -1.2, tol=1e-4)

    report = tmp_path / "reports"
    atomic_write_text(report / "results.json", sample_results().to_json())
    assert cli.main(["reproduce", "li2022benefit/fig-3", "--report-dir", str(report)]) == 1  # differs
    results = load_results(report)
    (entry,) = results.reproductions
    assert entry.title == "Figure 3 again" and entry.outcome == "differs"
    assert len(results.claims) == 3 and "li2022benefit/fig-3" in results.run["reproduced_separately"]
    assert (report / "figures" / "li2022benefit-fig-3.png").is_file()
    assert "DIFFERS" in capsys.readouterr().out
    assert cli.main(["reproduce", "li2022benefit/nope-3"]) == 2
