"""What a claim's check covers: docstring sections (landscape.report.coverage), their place in
the HTML report, and the layout every claim docstring in ``claims/`` must follow."""

import importlib
import inspect
from pathlib import Path

import pytest

from landscape.report.coverage import SECTIONS, coverage_sections
from landscape.report.html import render_html
from landscape.report.model import ClaimResult, Results

DOC = """Theorem 9 (somepaper).

H1: x != 0.
Conclusion: y.

Checked (sampled): a grid
of 10 points.
Not checked: the rest.
Negative controls: x = 0 fails.
Checked: also the ends.
"""


def test_sections_split_at_labels_and_keep_the_qualifier():
    sec = coverage_sections(DOC)
    assert sec["statement"] == "Theorem 9 (somepaper).\n\nH1: x != 0. Conclusion: y."
    assert sec["checked"] == "(sampled) a grid of 10 points.\n\nalso the ends."
    assert sec["not_checked"] == "the rest."
    assert sec["negative_controls"] == "x = 0 fails."
    assert "refuted" not in sec
    assert set(sec) <= set(SECTIONS)


def test_labels_count_only_at_the_start_of_a_line():
    doc = "Lemma 1.\n\nThe proof is Checked: not a label here.\nRefuted (strict expected failure): by z = 0."
    sec = coverage_sections(doc)
    assert "checked" not in sec
    assert sec["statement"] == "Lemma 1.\n\nThe proof is Checked: not a label here."
    assert sec["refuted"] == "(strict expected failure) by z = 0."


def test_a_docstring_without_labels_is_all_statement():
    assert coverage_sections("Definition 2.\n\nf has Property PT.") == {"statement": "Definition 2.\n\nf has Property PT."}
    assert coverage_sections("") == {"statement": ""}


def test_non_text_is_rejected():
    with pytest.raises(TypeError, match="doc"):
        coverage_sections(None)


def test_report_shows_what_each_check_covers(tmp_path):
    sec = coverage_sections(DOC)
    res = Results(run={"started": "2026-01-01T00:00:00+00:00", "commit": "abc", "versions": {}, "profile": "ci"},
                  claims=[ClaimResult(id="li2022benefit/thm-6", paper="li2022benefit", kind="thm", number="6",
                                      outcome="passed", evidence="sampled", statement=DOC, coverage=sec)])
    html = render_html(res, tmp_path)
    assert "what the check covers" in html and "(sampled) a grid of 10 points." in html
    assert "not checked" in html and "the rest." in html
    assert "x = 0 fails." in html


def _claim_functions():
    root = Path(__file__).resolve().parents[1] / "claims"
    for path in sorted(root.glob("test_*.py")):
        module = importlib.import_module(f"claims.{path.stem}")
        for name, fn in vars(module).items():
            if not name.startswith("test_") or not callable(fn) or getattr(fn, "__module__", None) != module.__name__:
                continue
            for mark in getattr(fn, "pytestmark", []):
                if mark.name == "claim":
                    yield mark.args[0], fn


@pytest.mark.parametrize("cid,fn", [pytest.param(c, f, id=c) for c, f in _claim_functions()])
def test_every_claim_docstring_says_what_it_checks(cid, fn):
    """The report's "what the check covers" column is only as good as the docstrings: every
    claim states what its check covers (a "Checked" paragraph) or, for a printed statement the
    suite refutes, how ("Refuted"), after a statement that names the paper's item."""
    sec = coverage_sections(inspect.getdoc(fn) or "")
    assert sec["statement"].strip(), f"{cid}: no statement before the first label"
    assert "checked" in sec or "refuted" in sec, f"{cid}: docstring has neither a 'Checked:' nor a 'Refuted:' paragraph"


def test_reproductions_name_the_claims_they_rest_on(tmp_path):
    from landscape.report.model import ReproductionResult
    from landscape.reproduction import Reproduction

    rep = Reproduction("li2022benefit/fig-2", title="Figure 2")
    rep.rest_on("li2022benefit/thm-2", "arrow 'Theorem 2'")
    with pytest.raises(ValueError, match="role"):
        rep.rest_on("li2022benefit/thm-1", " ")
    with pytest.raises(ValueError, match="already recorded"):
        rep.rest_on("li2022benefit/thm-2", "arrow 'Theorem 2'")
    with pytest.raises(ValueError):
        rep.rest_on("not-an-id", "x")
    d = rep.to_dict()
    assert d["rests_on"] == [{"claim": "li2022benefit/thm-2", "role": "arrow 'Theorem 2'"}]
    res = Results(run={"started": "2026-01-01T00:00:00+00:00", "commit": "abc", "versions": {}, "profile": "ci"},
                  claims=[ClaimResult(id="li2022benefit/thm-2", paper="li2022benefit", kind="thm", number="2",
                                      outcome="passed", evidence="sampled", observed_evidence=["sampled"])],
                  reproductions=[ReproductionResult(id="li2022benefit/fig-2", outcome="recorded", paper="li2022benefit",
                                                    kind="fig", number="2", title="Figure 2",
                                                    rests_on=d["rests_on"])])
    html = render_html(res, tmp_path)
    assert "rests on claim" in html and "arrow &#39;Theorem 2&#39;" in html
