"""The landscape pytest plugin, exercised on small throw-away projects with ``pytester``.

Inner projects load the plugin through their own conftest. Their Hypothesis settings are
set per test with ``@settings`` (loading a profile would leak into this session). Runs
that must be separate processes (xdist, ``os._exit``) use ``runpytest_subprocess``; the
rest run in-process for speed.
"""

import json
import os
from textwrap import dedent
from pathlib import Path

import pytest

import landscape.reproduction as reproduction_module

pytest_plugins = ["pytester"]

CONFTEST = 'pytest_plugins = ["landscape.pytest_plugin"]\n'
INI = "[pytest]\nxfail_strict = true\naddopts = -p no:cacheprovider\n"

HEADER = """
import pytest
from hypothesis import example, given, note, settings, strategies as st
from landscape.evidence import Certificate, require

SET = settings(max_examples=8, derandomize=True, database=None, deadline=None)

def cert(ok=True, evidence="second-order"):
    return Certificate("is it?", ok, evidence, "because", {"margin": 1.0})
"""

CLAIMS = HEADER + '''
@pytest.mark.claim("li2022benefit/thm-6", evidence="second-order")
@SET
@given(x=st.integers(-1000, 1000))
@example(x=0)
def test_thm_6(x):
    """Theorem 6 (li2022benefit).

    H1: <one> hidden layer & m = 1.
    Conclusion: a sub-optimal basin."""
    require(cert(True, "exact"))
    require(cert(True, "second-order"))

@pytest.mark.claim("nguyen2017loss/thm-3.8", evidence="witness")
@SET
@given(x=st.integers(0, 1000))
def test_fails_from_3(x):
    """Fails for x >= 3."""
    note(f"x squared is {x * x}")
    require(cert(x < 3, "witness"))

@pytest.mark.claim("ding2019suboptimal/lem-1", evidence="exact")
def test_plain():
    """A plain test, no Hypothesis."""
    require(cert(True, "exact"))

def test_not_a_claim():
    pass
'''

REPRO_PKG = "inner_reproductions"
REPRO_MODULE = '''
from landscape.reproduction import reproduction
from landscape.report.figures import new_figure

@reproduction("li2022benefit/ex-2", title="Example 2")
def ex_2(rep):
    """Example 2: the printed numbers."""
    rep.compare("y[1]", -1.1766, -1.17661, tol=1e-4, note="4 decimals printed")
    rep.record("loss", 0.25)
    fig = new_figure(3, 2)
    fig.add_subplot().plot([0, 1], [1, 0])
    rep.figure(fig)
    rep.data("points", {"x": [1.0, 2.0]})
    rep.erratum(printed="(71c) printed", counterexample="sympy says otherwise", corrected="(71c) with x^2 holds")

@reproduction("li2022benefit/tab-1", title="Table 1")
def tab_1(rep):
    rep.compare("entry", 1.0, 1.5, tol=0.1)
'''


def _test_reproductions_source() -> str:
    return (Path(__file__).parents[1] / "reproductions" / "test_reproductions.py").read_text()


@pytest.fixture
def project(pytester):
    pytester.makeconftest(CONFTEST)
    pytester.makefile(".ini", pytest=INI)
    return pytester


@pytest.fixture
def fresh_registry(monkeypatch):
    """Inner reproductions register into a private registry, not this session's."""
    monkeypatch.setattr(reproduction_module, "REGISTRY", {})


def _results(pytester) -> dict:
    return json.loads((pytester.path / "reports" / "results.json").read_text())


def _claims(pytester) -> dict:
    return {c["id"]: c for c in _results(pytester)["claims"]}


def _add_reproductions(pytester) -> None:
    pkg = pytester.mkpydir(REPRO_PKG)
    (pkg / "li2022benefit.py").write_text(REPRO_MODULE)
    (pkg / "test_reproductions.py").write_text(_test_reproductions_source())


# ---------------------------------------------------------------------------------------
# results.json


def test_results_json_has_the_design_shape_and_claim_details(project):
    project.makepyfile(test_claims=CLAIMS)
    result = project.runpytest()
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(["*landscape report: *index.html*"])
    data = _results(project)
    assert set(data) >= {"run", "claims", "reproductions", "errata"}
    run = data["run"]
    assert set(run) >= {"started", "finished", "commit", "versions", "profile", "workers", "argv", "partial"}
    assert run["workers"] == 1 and run["partial"] is False and run["versions"]["hypothesis"]
    claims = {c["id"]: c for c in data["claims"]}
    assert set(claims) == {"li2022benefit/thm-6", "nguyen2017loss/thm-3.8", "ding2019suboptimal/lem-1"}
    for c in claims.values():
        assert set(c) >= {"id", "paper", "kind", "outcome", "evidence", "examples", "duration_s",
                          "falsifying_example", "statement", "observed_evidence", "nodeid", "certificates"}
    thm6 = claims["li2022benefit/thm-6"]
    assert (thm6["paper"], thm6["kind"], thm6["number"], thm6["outcome"]) == ("li2022benefit", "thm", "6", "passed")
    assert thm6["evidence"] == "second-order"
    assert thm6["observed_evidence"] == ["exact", "second-order"]  # strongest first
    assert thm6["statement"].startswith("Theorem 6 (li2022benefit).\n\nH1: <one> hidden layer")
    assert thm6["nodeid"] == "test_claims.py::test_thm_6"
    assert any("is it?: holds" in s for s in thm6["certificates"])
    assert thm6["falsifying_example"] is None and thm6["duration_s"] >= 0
    plain = claims["ding2019suboptimal/lem-1"]
    assert plain["examples"] is None and plain["hypothesis"] is None
    # Claims are ordered by paper (registry order), then kind, then number.
    assert [c["id"] for c in data["claims"]] == [
        "li2022benefit/thm-6", "ding2019suboptimal/lem-1", "nguyen2017loss/thm-3.8"]
    html = (project.path / "reports" / "index.html").read_text()
    assert "&lt;one&gt; hidden layer &amp; m = 1" in html


def test_hypothesis_statistics_and_falsifying_example_are_recorded(project):
    project.makepyfile(test_claims=CLAIMS)
    project.runpytest().assert_outcomes(passed=3, failed=1)
    claims = _claims(project)
    thm6 = claims["li2022benefit/thm-6"]
    hyp = thm6["hypothesis"]
    assert hyp["explicit"] == 1 and hyp["failing"] == 0 and hyp["passing"] == 8
    assert thm6["examples"] == hyp["explicit"] + hyp["passing"] + hyp["failing"] == 9
    bad = claims["nguyen2017loss/thm-3.8"]
    assert bad["outcome"] == "failed"
    assert bad["hypothesis"]["failing"] >= 1 and bad["hypothesis"]["shrink_calls"] >= 0
    # Shrunk to the boundary, with the note() text that came with it.
    assert "x=3" in bad["falsifying_example"]
    assert "x squared is 9" in bad["falsifying_example"]
    assert "FAILS" in bad["message"]


# ---------------------------------------------------------------------------------------
# collection errors


@pytest.mark.parametrize(
    "marker, expected",
    [
        ('claim("nopaper/thm-1", evidence="exact")', "unknown paper 'nopaper'"),
        ('claim("li2022benefit/theorem-1", evidence="exact")', "bad kind 'theorem'"),
        ('claim("li2022benefit/thm-x", evidence="exact")', "bad number 'x'"),
        ('claim("li2022benefit/thm6", evidence="exact")', "expected '<kind>-<number>'"),
        ('claim("li2022benefit/thm-6")', "missing evidence"),
        ('claim("li2022benefit/thm-6", evidence="proof")', "evidence: 'proof' is not one of"),
        ('claim(evidence="exact")', "needs an id"),
        ('claim("li2022benefit/thm-6", evidence="exact", strength=1)', "unexpected argument 'strength'"),
    ],
)
def test_invalid_claim_markers_are_collection_errors(project, marker, expected):
    project.makepyfile(test_bad=f"""
        import pytest
        @pytest.mark.{marker}
        def test_x():
            pass
    """)
    result = project.runpytest()
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["*ERROR collecting test_bad.py*", "*landscape: invalid claim markers*"])
    assert expected in result.stdout.str()
    assert not (project.path / "reports").exists()


def test_two_claim_markers_on_one_test_are_rejected(project):
    project.makepyfile(test_bad="""
        import pytest
        @pytest.mark.claim("li2022benefit/thm-6", evidence="exact")
        @pytest.mark.claim("li2022benefit/thm-7", evidence="exact")
        def test_x():
            pass
    """)
    result = project.runpytest()
    assert result.ret == pytest.ExitCode.INTERRUPTED
    assert "2 claim/reproduction markers; one test checks one id" in result.stdout.str()


def test_duplicate_ids_across_modules_are_rejected(project):
    body = """
        import pytest
        @pytest.mark.claim("li2022benefit/thm-6", evidence="exact")
        def test_{name}():
            pass
    """
    project.makepyfile(test_a=body.format(name="a"), test_b=body.format(name="b"))
    result = project.runpytest()
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["*duplicate claim id li2022benefit/thm-6: already used by test_a.py::test_a*"])


def test_a_parametrized_claim_is_one_claim(project):
    project.makepyfile(test_par=HEADER + dedent("""
        @pytest.mark.claim("li2022benefit/prop-4", evidence="witness")
        @pytest.mark.parametrize("n", [1, 2, 3])
        def test_p(n):
            require(cert(n != 3, "witness"))
    """))
    project.runpytest().assert_outcomes(passed=2, failed=1)
    (claim,) = _results(project)["claims"]
    assert claim["outcome"] == "failed" and len(claim["nodeids"]) == 3
    assert claim["nodeid"] == "test_par.py::test_p"
    assert "test_par.py::test_p[3]" in claim["message"]


# ---------------------------------------------------------------------------------------
# evidence


@pytest.mark.parametrize(
    "declared, logged, passes",
    [
        ("second-order", ["sampled"], False),
        ("exact", ["exact", "witness"], False),  # only as strong as the weakest step
        ("witness", [], False),  # declared evidence, no certificate required
        ("sampled", ["second-order"], True),  # under-claiming is honest
        ("witness", ["witness", "exact"], True),
    ],
)
def test_over_claimed_evidence_fails_the_claim(project, declared, logged, passes):
    project.makepyfile(test_ev=HEADER + dedent(f"""
        @pytest.mark.claim("petzka2021nonattracting/thm-1", evidence="{declared}")
        def test_e():
            for level in {logged!r}:
                require(cert(True, level))
    """))
    result = project.runpytest()
    result.assert_outcomes(passed=int(passes), failed=int(not passes))
    (claim,) = _results(project)["claims"]
    assert claim["observed_evidence"] == sorted(set(logged), key=["exact", "certified", "second-order", "witness", "sampled"].index)
    if not passes:
        assert "over-claimed evidence" in claim["message"]


def test_negative_controls_are_not_evidence(project):
    project.makepyfile(test_nc=HEADER + dedent("""
        from landscape.evidence import require_not
        @pytest.mark.claim("li2022benefit/thm-4", evidence="second-order")
        def test_n():
            require_not(cert(False, "exact"))
    """))
    project.runpytest().assert_outcomes(failed=1)
    (claim,) = _results(project)["claims"]
    assert claim["observed_evidence"] == [] and "required no certificate" in claim["message"]


# ---------------------------------------------------------------------------------------
# xfail and errata

ERRATA = HEADER + '''
@pytest.mark.xfail(strict=True, raises=AssertionError, reason="printed Theorem 2 is refuted")
@pytest.mark.erratum(printed="every x < 5", counterexample="x = 5", corrected="li2018overparameterized/thm-2.1")
@pytest.mark.claim("li2018overparameterized/thm-2", evidence="witness")
@SET
@given(x=st.integers(0, 100))
def test_printed(x):
    """Theorem 2 as printed."""
    require(cert(x < 5, "witness"))

@pytest.mark.claim("li2018overparameterized/thm-2.1", evidence="witness")
def test_corrected():
    require(cert(True, "witness"))

@pytest.mark.xfail(strict=False, reason="flaky expectation")
@pytest.mark.claim("li2018overparameterized/lem-1", evidence="witness")
def test_xpass_lenient():
    require(cert(True, "witness"))

@pytest.mark.xfail(strict=True, raises=AssertionError, reason="expected to fail")
@pytest.mark.claim("li2018overparameterized/lem-2", evidence="witness")
def test_xpass_strict():
    require(cert(True, "witness"))

@pytest.mark.claim("li2018overparameterized/lem-3", evidence="witness")
def test_skipped():
    pytest.skip("needs python-flint")
'''


def test_xfail_outcomes_and_errata(project):
    project.makepyfile(test_errata=ERRATA)
    result = project.runpytest()
    result.assert_outcomes(passed=1, xfailed=1, xpassed=1, failed=1, skipped=1)
    data = _results(project)
    claims = {c["id"]: c for c in data["claims"]}
    assert claims["li2018overparameterized/thm-2"]["outcome"] == "xfailed"
    assert claims["li2018overparameterized/thm-2"]["erratum"] is True
    assert claims["li2018overparameterized/lem-1"]["outcome"] == "xpassed"
    assert claims["li2018overparameterized/lem-2"]["outcome"] == "xpassed"  # strict: also a failure
    assert claims["li2018overparameterized/lem-3"]["outcome"] == "skipped"
    assert claims["li2018overparameterized/lem-3"]["message"] == "needs python-flint"
    (erratum,) = data["errata"]
    assert erratum == {
        "claim": "li2018overparameterized/thm-2",
        "printed": "every x < 5",
        "counterexample": "x = 5",
        "corrected_claim": "li2018overparameterized/thm-2.1",
        "outcome": "xfailed",
        "corrected_outcome": "passed",
        "falsifying_example": erratum["falsifying_example"],
    }
    assert "x=5" in erratum["falsifying_example"]
    html = (project.path / "reports" / "index.html").read_text()
    assert 'id="errata"' in html and "every x &lt; 5" in html


def test_a_crashing_printed_claim_is_not_a_refutation(project):
    project.makepyfile(test_crash=HEADER + '''
@pytest.mark.xfail(strict=True, raises=AssertionError, reason="refuted")
@pytest.mark.erratum(printed="p", counterexample="c", corrected="li2018overparameterized/thm-2.1")
@pytest.mark.claim("li2018overparameterized/thm-2", evidence="witness")
def test_printed():
    require(cert(True, "witness"))
    1 / 0

@pytest.mark.xfail(strict=True, raises=AssertionError, reason="refuted")
@pytest.mark.erratum(printed="p", counterexample="c", corrected="li2018overparameterized/thm-2.1")
@pytest.mark.claim("li2018overparameterized/lem-2", evidence="witness")
@SET
@given(x=st.integers(0, 10))
def test_two_distinct_refutations(x):
    require(cert(x < 3, "witness"))
    require(cert(x < 7, "witness"))

@pytest.mark.claim("li2018overparameterized/thm-2.1", evidence="witness")
def test_corrected():
    require(cert(True, "witness"))
''')
    result = project.runpytest()
    result.assert_outcomes(passed=1, failed=1, xfailed=1)
    claims = {c["id"]: c for c in _results(project)["claims"]}
    assert claims["li2018overparameterized/thm-2"]["outcome"] == "failed"  # ZeroDivisionError: a crash
    assert claims["li2018overparameterized/lem-2"]["outcome"] == "xfailed"


@pytest.mark.parametrize(
    "decorators, expected",
    [
        ('@pytest.mark.erratum(printed="p", counterexample="c", corrected="li2022benefit/thm-7")',
         "must be marked @pytest.mark.xfail(strict=True, raises=AssertionError)"),
        ('@pytest.mark.xfail(strict=True)\n@pytest.mark.erratum(printed="p", counterexample="c", corrected="li2022benefit/thm-7")',
         "only a failed check (not a crash) may count as the refutation"),
        ('@pytest.mark.xfail(strict=True)\n@pytest.mark.erratum(printed="p", counterexample="c", corrected="li2022benefit/nope-7")',
         "corrected: claim id 'li2022benefit/nope-7': bad kind 'nope'"),
        ('@pytest.mark.xfail(strict=True)\n@pytest.mark.erratum(printed="", counterexample="c", corrected="li2022benefit/thm-7")',
         "printed= must be a non-empty string"),
        ('@pytest.mark.xfail(strict=True)\n@pytest.mark.erratum(printed="p", counterexample="c", corrected="li2022benefit/thm-6")',
         "corrected claim must differ"),
    ],
)
def test_invalid_errata_are_collection_errors(project, decorators, expected):
    project.makepyfile(test_bad=f"""
import pytest
{decorators}
@pytest.mark.claim("li2022benefit/thm-6", evidence="exact")
def test_x():
    pass
""")
    result = project.runpytest()
    assert result.ret == pytest.ExitCode.INTERRUPTED
    assert expected in result.stdout.str()


PROOF_ERRATA = HEADER + """
def cert(holds, level):
    return Certificate("q", holds, level, "e")

@pytest.mark.claim("li2022benefit/thm-6", evidence="witness")
def test_statement():
    require(cert(True, "witness"))

@pytest.mark.proof_erratum(claim="li2022benefit/thm-6", printed="step 3 as printed",
                           counterexample="sigma = 1 + t", corrected="use sigma''(0) != 0")
def test_gap_demonstrated():
    assert 1 + 1 == 2

@pytest.mark.proof_erratum(claim="li2022benefit/thm-7", printed="step 1", counterexample="x < 0",
                           corrected="x_N > 0")
def test_gap_not_demonstrated():
    assert False, "the counterexample no longer fails"
"""


def test_proof_errata_are_listed_with_whether_they_were_demonstrated(project):
    project.makepyfile(test_proof=PROOF_ERRATA)
    result = project.runpytest()
    result.assert_outcomes(passed=2, failed=1)
    errata = {e["claim"]: e for e in _results(project)["errata"]}
    assert errata["li2022benefit/thm-6"] == {
        "claim": "li2022benefit/thm-6", "printed": "step 3 as printed", "counterexample": "sigma = 1 + t",
        "corrected_claim": "use sigma''(0) != 0", "outcome": "demonstrated", "corrected_outcome": "passed",
        "falsifying_example": None, "kind": "proof", "nodeid": "test_proof.py::test_gap_demonstrated"}
    assert errata["li2022benefit/thm-7"]["outcome"] == "not demonstrated"
    assert errata["li2022benefit/thm-7"]["corrected_outcome"] is None
    html = (project.path / "reports" / "index.html").read_text()
    assert "gap in the printed proof" in html and "use sigma&#39;&#39;(0) != 0" in html


@pytest.mark.parametrize("marker, expected", [
    ('proof_erratum(claim="li2022benefit/thm-6", printed="p", counterexample="c")', "corrected= must be a non-empty"),
    ('proof_erratum(claim="nobody/thm-1", printed="p", counterexample="c", corrected="k")', "claim: "),
    ('proof_erratum(claim="li2022benefit/thm-6", printed="p", counterexample="c", corrected="k", extra=1)',
     "unexpected argument 'extra'"),
])
def test_invalid_proof_errata_are_collection_errors(project, marker, expected):
    project.makepyfile(test_bad=f"""
        import pytest
        @pytest.mark.{marker}
        def test_x():
            pass
    """)
    result = project.runpytest()
    result.stdout.fnmatch_lines([f"*{expected}*"])
    assert result.ret != 0


def test_proof_erratum_on_a_claim_is_rejected(project):
    project.makepyfile(test_bad="""
        import pytest
        @pytest.mark.claim("li2022benefit/thm-6", evidence="witness")
        @pytest.mark.proof_erratum(claim="li2022benefit/thm-6", printed="p", counterexample="c", corrected="k")
        def test_x():
            pass
    """)
    result = project.runpytest()
    result.stdout.fnmatch_lines(["*@proof_erratum goes on the plain test*"])


def test_erratum_without_claim_is_rejected(project):
    project.makepyfile(test_bad="""
        import pytest
        @pytest.mark.erratum(printed="p", counterexample="c", corrected="li2022benefit/thm-7")
        def test_x():
            pass
    """)
    result = project.runpytest()
    assert result.ret == pytest.ExitCode.INTERRUPTED
    assert "@erratum without @claim" in result.stdout.str()


# ---------------------------------------------------------------------------------------
# reproductions


def test_reproductions_report_quantities_figures_and_data(project, fresh_registry):
    _add_reproductions(project)
    result = project.runpytest(REPRO_PKG)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*numbers differ from the paper:*", "*entry: paper=1.0 ours=1.5 tol=0.1*"])
    data = _results(project)
    assert data["claims"] == []
    assert data["errata"] == [{
        "claim": "li2022benefit/ex-2", "printed": "(71c) printed", "counterexample": "sympy says otherwise",
        "corrected_claim": "(71c) with x^2 holds", "outcome": "reproduced", "corrected_outcome": "reproduced",
        "falsifying_example": None}]
    reps = {r["id"]: r for r in data["reproductions"]}
    ex2, tab1 = reps["li2022benefit/ex-2"], reps["li2022benefit/tab-1"]
    assert ex2["outcome"] == "reproduced" and ex2["title"] == "Example 2"
    assert ex2["statement"] == "Example 2: the printed numbers."
    assert ex2["quantities"] == [
        {"name": "y[1]", "paper": -1.1766, "ours": -1.17661, "tol": 1e-4, "rel": False, "ok": True,
         "note": "4 decimals printed"},
        {"name": "loss", "paper": None, "ours": 0.25, "tol": None, "rel": False, "ok": None, "note": ""},
    ]
    assert ex2["figures"] == ["figures/li2022benefit-ex-2.png"]
    assert ex2["data"] == ["data/li2022benefit-ex-2-points.json"]
    reports = project.path / "reports"
    assert (reports / ex2["figures"][0]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    meta = json.loads((reports / ex2["data"][0]).read_text())
    assert meta["reproduction"] == "li2022benefit/ex-2" and meta["data"] == {"x": [1.0, 2.0]}
    assert tab1["outcome"] == "differs" and tab1["test_outcome"] == "failed"
    html = (reports / "index.html").read_text()
    assert "data:image/png;base64," in html and "y[1]" in html
    assert "(71c) with x^2 holds" in html and "corrected statement checked by the same reproduction" in html
    assert data["run"]["partial"] is False


def test_collected_ids_can_be_listed(project, fresh_registry):
    project.makepyfile(test_claims=CLAIMS)
    _add_reproductions(project)
    listing = project.path / "list.json"
    result = project.runpytest("--collect-only", "-q", f"--landscape-list={listing}")
    assert result.ret == 0
    rows = json.loads(listing.read_text())
    assert {(r["type"], r["id"]) for r in rows} == {
        ("claim", "li2022benefit/thm-6"), ("claim", "nguyen2017loss/thm-3.8"),
        ("claim", "ding2019suboptimal/lem-1"),
        ("reproduction", "li2022benefit/ex-2"), ("reproduction", "li2022benefit/tab-1")}
    assert not (project.path / "reports").exists()


# ---------------------------------------------------------------------------------------
# when the report is (not) written


def test_no_report_without_claims_or_with_no_report_option(project):
    project.makepyfile(test_plain="def test_x():\n    pass\n")
    project.runpytest().assert_outcomes(passed=1)
    assert not (project.path / "reports").exists()
    project.makepyfile(test_claims=CLAIMS)
    project.runpytest("--no-report").assert_outcomes(passed=4, failed=1)
    assert not (project.path / "reports").exists()


def test_report_dir_option_and_partial_runs(project):
    project.makepyfile(test_claims=CLAIMS)
    out = project.path / "elsewhere"
    project.runpytest(f"--report-dir={out}", "-k", "thm_6").assert_outcomes(passed=1)
    data = json.loads((out / "results.json").read_text())
    assert [c["id"] for c in data["claims"]] == ["li2022benefit/thm-6"]
    assert data["run"]["partial"] is True  # -k selected a subset
    assert not (project.path / "reports").exists()


def _existing_report(pytester) -> dict[str, bytes]:
    reports = pytester.path / "reports"
    reports.mkdir()
    files = {"results.json": b'{"previous": true}\n', "index.html": b"<html>previous</html>\n"}
    for name, content in files.items():
        (reports / name).write_bytes(content)
    return files


def _assert_report_untouched(pytester, files) -> None:
    reports = pytester.path / "reports"
    assert sorted(p.name for p in reports.iterdir()) == sorted(files)
    for name, content in files.items():
        assert (reports / name).read_bytes() == content


def test_keyboard_interrupt_keeps_the_previous_report(project):
    files = _existing_report(project)
    project.makepyfile(test_int=HEADER + dedent("""
        @pytest.mark.claim("li2022benefit/thm-6", evidence="witness")
        def test_a():
            require(cert(True, "witness"))

        @pytest.mark.claim("li2022benefit/thm-7", evidence="witness")
        def test_b():
            raise KeyboardInterrupt
    """))
    result = project.runpytest(no_reraise_ctrlc=True)
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["*landscape report not written: run ended with INTERRUPTED; previous report kept*"])
    _assert_report_untouched(project, files)


def test_a_crashing_run_keeps_the_previous_report(project):
    files = _existing_report(project)
    project.makepyfile(test_crash=HEADER + dedent("""
        import os
        @pytest.mark.claim("li2022benefit/thm-6", evidence="witness")
        def test_a():
            require(cert(True, "witness"))

        @pytest.mark.claim("li2022benefit/thm-7", evidence="witness")
        def test_b():
            os._exit(3)
    """))
    result = project.runpytest_subprocess()
    assert result.ret == 3
    _assert_report_untouched(project, files)


# ---------------------------------------------------------------------------------------
# xdist


def _comparable(data: dict) -> dict:
    def claim(c):
        return {k: c[k] for k in ("id", "outcome", "evidence", "observed_evidence", "examples",
                                  "hypothesis", "falsifying_example", "statement", "nodeid")}

    def rep(r):
        return {k: r[k] for k in ("id", "outcome", "quantities", "figures", "data")}

    return {"claims": [claim(c) for c in data["claims"]],
            "reproductions": [rep(r) for r in data["reproductions"]],
            "errata": data["errata"]}


CRASH_UNDER_XDIST = HEADER + '''
import os

@pytest.mark.claim("petzka2021nonattracting/thm-2", evidence="witness")
def test_worker_dies(request):
    # Only this run's own xdist workers have workerinput; the environment variable
    # PYTEST_XDIST_WORKER would also be set when the outer suite itself runs under -n 2.
    if hasattr(request.config, "workerinput"):
        os._exit(1)
    require(cert(True, "witness"))
'''


def test_the_same_results_under_xdist(project, fresh_registry):
    # A plain run and a `-n 2` run (a subprocess: workers are separate processes) must
    # agree on everything but timing and run metadata; a worker that dies takes only its
    # claim down (reported failed), not the report.
    project.makepyfile(test_claims=CLAIMS, test_errata=ERRATA, test_crash=CRASH_UNDER_XDIST)
    _add_reproductions(project)
    plain = project.runpytest()
    plain.assert_outcomes(passed=6, failed=3, xfailed=1, xpassed=1, skipped=1)
    expected = _results(project)
    assert expected["run"]["workers"] == 1
    (project.path / "reports" / "results.json").unlink()
    dist = project.runpytest_subprocess("-n", "2")
    dist.assert_outcomes(passed=5, failed=4, xfailed=1, xpassed=1, skipped=1)
    got = _results(project)
    assert got["run"]["workers"] == 2
    crashed = next(c for c in got["claims"] if c["id"] == "petzka2021nonattracting/thm-2")
    assert crashed["outcome"] == "failed" and "crashed while running" in crashed["message"]
    for data in (got, expected):
        data["claims"] = [c for c in data["claims"] if c["id"] != "petzka2021nonattracting/thm-2"]
    assert _comparable(got) == _comparable(expected)
    reports = project.path / "reports"
    assert (reports / "figures" / "li2022benefit-ex-2.png").is_file()
    assert "data:image/png;base64," in (reports / "index.html").read_text()
    leftovers = [p for p in reports.rglob("*") if p.name.startswith(".") or p.suffix == ".tmp"]
    assert leftovers == []


def test_staging_dir_is_removed_after_the_run(project):
    project.makepyfile(test_where="""
        def test_where(landscape_staging_dir):
            open("staging.txt", "w").write(str(landscape_staging_dir))
    """)
    project.runpytest()
    staging = Path((project.path / "staging.txt").read_text())
    assert staging.name.startswith("landscape-staging-") and not staging.exists()
    assert os.path.commonpath([staging, project.path]) != str(project.path)


def test_a_claim_and_a_reproduction_cannot_share_an_id(project, fresh_registry):
    _add_reproductions(project)
    project.makepyfile(test_claim=HEADER + dedent("""
        @pytest.mark.claim("li2022benefit/ex-2", evidence="witness")
        def test_c():
            require(cert(True, "witness"))
    """))
    result = project.runpytest()
    assert result.ret == pytest.ExitCode.INTERRUPTED
    assert "duplicate" in result.stdout.str() and "li2022benefit/ex-2" in result.stdout.str()


def test_failing_explicit_example_is_the_falsifying_example(project):
    project.makepyfile(test_ex=HEADER + dedent('''
        @pytest.mark.claim("li2022benefit/thm-6", evidence="witness")
        @SET
        @given(x=st.integers(0, 10))
        @example(x=-1)
        def test_e(x):
            require(cert(x >= 0, "witness"))
    '''))
    project.runpytest().assert_outcomes(failed=1)
    (claim,) = _results(project)["claims"]
    assert "x=-1" in claim["falsifying_example"]
    assert claim["hypothesis"]["explicit"] == 1 and claim["examples"] >= 1


def test_report_command_runs_pytest_and_passes_its_exit_code(project, monkeypatch, capfd):
    from landscape import cli

    project.makefile(".toml", pyproject="[project]\nname = 'inner'\n")
    project.mkdir("claims")
    (project.path / "claims" / "test_c.py").write_text(CLAIMS)
    monkeypatch.chdir(project.path)
    code = cli.main(["report", "--workers", "0", "--profile", "default", "--", "-k", "thm_6 or fails"])
    out = capfd.readouterr().out
    assert code == 1  # pytest's: a claim failed
    assert f"report: {project.path / 'reports' / 'index.html'}" in out
    data = _results(project)
    assert {c["id"] for c in data["claims"]} == {"li2022benefit/thm-6", "nguyen2017loss/thm-3.8"}
    assert data["run"]["partial"] is True and "--hypothesis-profile=default" in data["run"]["argv"]
